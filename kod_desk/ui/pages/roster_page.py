"""Dienstplan: the week grid of the merged unit, the day's duties, findings, undo/redo.

Officers (grouped by former unit) × days; each cell shows the duty and its area and is tinted
red or amber when a rule finding concerns it. Above them, the open duties: select one (Strg+O
jumps to the next) and press Enter to choose who takes it. Duties of the selected day and the
findings are in the side panel (F9 shows or hides it; hidden on narrow windows): drag a duty
onto an officer's cell (or select both and press Enter) to assign; Entf takes an officer off.
Every edit is one undo step (Strg+Z / Strg+Y).

The page builds the view widgets (header, toolbar, grid and day view, side panel), reads the
week (RosterLoader into a RosterWeek) and shows it; the flows are collaborators that get what
they need in their constructors: RosterActions (edits of duties, crews, absences, bikes),
RosterPlanning (Vorschlag, open duties, publish, copy) and RosterFiles (import, export).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QLabel,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain.changes import Entity
from kod_desk.domain.permissions import Permission
from kod_desk.domain.roster import Finding, WeekState
from kod_desk.domain.timeutil import local_today, to_local
from kod_desk.ui.dialog_host import DialogHost
from kod_desk.ui.models.week_model import WEEKDAY_SHORT
from kod_desk.ui.pages.base import ChangeBus, Page
from kod_desk.ui.pages.roster_actions import RosterActions
from kod_desk.ui.pages.roster_files import RosterFiles
from kod_desk.ui.pages.roster_loader import RosterLoader
from kod_desk.ui.pages.roster_planning import RosterPlanning
from kod_desk.ui.pages.roster_state import (
    RosterSelection,
    RosterWeek,
    RosterWriter,
    may_plan,
)
from kod_desk.ui.qt_dates import to_qdate
from kod_desk.ui.settings import RosterView
from kod_desk.ui.widgets.roster_header import RosterHeader
from kod_desk.ui.widgets.roster_side import RosterSidePanel
from kod_desk.ui.widgets.roster_toolbar import RosterToolbar
from kod_desk.ui.widgets.roster_views import RosterSplit, RosterViews
from kod_desk.ui.widgets.week_grid import (
    SHIFT_MIME,
    monday_of,
)

__all__ = ["SHIFT_MIME", "RosterPage", "monday_of"]

if TYPE_CHECKING:
    from kod_desk.domain.masterdata import Officer
    from kod_desk.services.registry import Services
    from kod_desk.ui.settings import Settings


class RosterPage(Page):
    key = "roster"

    def __init__(self, settings: Settings, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(settings, bus, parent)
        self.setWindowTitle(self.tr("Dienstplan"))
        today = local_today()
        self.week = RosterWeek(monday_of(today), today, WeekState(monday_of(today)))
        self.undo_stack = QUndoStack(self)
        self.dialogs = DialogHost()
        self.loader = RosterLoader()
        self._build()
        self.selection = RosterSelection(self.grid, self.week_model, self.day_table)
        services = self._current_services
        week, selection, dialogs = self.week, self.selection, self.dialogs
        writer = self.writer = RosterWriter(
            self, services, bus, self.undo_stack, week, self.publish
        )
        self.edits = RosterActions(self, services, week, selection, writer, dialogs, bus)
        controls = (self.toolbar.suggest_button, self.header.state_label)
        self.planning = RosterPlanning(
            self, self, services, week, selection, writer, dialogs, self.edits, controls
        )
        self.files = RosterFiles(self, services, week, selection, writer, dialogs, settings)
        self._connect()
        side, toolbar = self.side, self.toolbar
        for control in (
            *side.edit_buttons(),
            *toolbar.planning_controls(),
            *(self.header.undo_button, self.header.redo_button),
        ):
            self.gate(control, Permission.PLAN_ROSTER)  # issue 14: disabled, saying who may
        for button in side.bike_buttons():
            self.gate(button, Permission.BOOK_BIKES)

    def _current_services(self) -> Services | None:
        """The services once attached (the collaborators ask at the moment of use)."""
        return self.services

    # The week and day shown, and the open dialog (tests and the keyboard walk read them).
    @property
    def monday(self) -> date:
        return self.week.monday

    @property
    def selected_day(self) -> date:
        return self.week.selected_day

    @selected_day.setter
    def selected_day(self, day: date) -> None:
        self.week.selected_day = day

    @property
    def current_dialog(self) -> QDialog | None:
        return self.dialogs.current

    def search_field(self) -> QWidget | None:
        """Override of Page.search_field: Strg+F filters the week by area."""
        return self.toolbar.area_filter

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.header = RosterHeader()
        layout.addWidget(self.header)
        self.toolbar = RosterToolbar(self.settings.get(RosterView.COMPACT))
        layout.addWidget(self.toolbar)
        self.empty_note = QLabel(
            self.tr(
                "Noch keine aktiven Dienstkräfte: unter <b>Stammdaten</b> anlegen oder die "
                "Personalliste einlesen, dann hier Dienste anlegen oder einen Dienstplan "
                "importieren (Datei → Dienstplan importieren)."
            )
        )
        self.empty_note.setObjectName("infoBanner")
        self.empty_note.setWordWrap(True)
        self.empty_note.hide()
        layout.addWidget(self.empty_note)
        self._build_body(layout)

    def _build_body(self, layout: QVBoxLayout) -> None:
        main = RosterViews()
        self.main = main
        self.week_model, self.grid, self.timeline = main.week_model, main.grid, main.timeline
        self.views, self.legend, self.findings_note = main.tabs, main.legend, main.findings_note
        self.side = RosterSidePanel(self.settings, self.week.bikes_text)
        self.day_model, self.day_table = self.side.day_model, self.side.day_table
        splitter = RosterSplit(main, self.side, self.toolbar.side_button, self.settings)
        self.splitter = splitter
        layout.addWidget(splitter, 1)
        layout.setSpacing(4)
        self.grid.set_compact(self.toolbar.compact_check.isChecked())

    def _connect(self) -> None:
        header, toolbar, side = self.header, self.toolbar, self.side
        edits, planning, files = self.edits, self.planning, self.files
        header.previous_button.clicked.connect(lambda: self.show_week(self.monday - timedelta(7)))
        header.next_button.clicked.connect(lambda: self.show_week(self.monday + timedelta(7)))
        header.today_button.clicked.connect(lambda: self.show_week(monday_of(local_today())))
        header.undo_button.clicked.connect(self.undo_stack.undo)
        header.redo_button.clicked.connect(self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(header.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(header.redo_button.setEnabled)
        self.undo_stack.undoTextChanged.connect(
            lambda text: header.undo_button.setToolTip(self.tr("Rückgängig: {0}").format(text))
        )
        header.undo_button.setEnabled(False)
        header.redo_button.setEnabled(False)
        header.goto_edit.dateChanged.connect(
            lambda day: self.show_week(date(day.year(), day.month(), day.day()))
        )
        self.grid.selectionModel().currentChanged.connect(self._on_cell)
        self.grid.shift_dropped.connect(edits.assign)
        self.timeline.shift_clicked.connect(
            lambda shift_id: self.day_table.select_where(lambda s: s.id == shift_id)
        )
        clicks: list[tuple[QAbstractButton, Callable[[], object]]] = [
            (side.new_button, edits.new_shift),
            (side.assign_button, edits.assign_selected),
            (side.unassign_button, edits.unassign_selected),
            (side.lead_button, edits.make_lead_selected),
            (side.delete_button, edits.delete_selected_shift),
            (side.edit_button, edits.edit_selected_shift),
            (side.actual_button, edits.edit_actual_times),
            (side.book_bike_button, edits.book_bike),
            (side.cancel_bike_button, edits.cancel_bike_booking),
            (side.report_button, edits.open_shift_report),
            (toolbar.copy_button, planning.copy_week_forward),
            (toolbar.publish_button, planning.publish_week),
            (toolbar.rules_button, edits.edit_rules),
            (toolbar.suggest_button, planning.suggest_week),
        ]
        for button, on_click in clicks:
            button.clicked.connect(lambda _checked=False, slot=on_click: slot())
        self.day_table.activated_row.connect(lambda _shift: edits.edit_selected_shift())
        triggers: list[tuple[QAction, Callable[[], object]]] = [
            (toolbar.new_absence_action, edits.new_absence),
            (toolbar.delete_absence_action, edits.delete_selected_absence),
            (toolbar.import_action, files.choose_import),
            (toolbar.export_action, files.choose_export),
            (toolbar.ical_action, files.choose_ical),
            (toolbar.overtime_action, files.show_overtime),
        ]
        for action, on_trigger in triggers:
            action.triggered.connect(lambda _checked=False, slot=on_trigger: slot())
        side.actual_check.toggled.connect(lambda _on: self.reload())
        toolbar.published_check.toggled.connect(lambda _on: self.reload())
        for combo in (toolbar.unit_filter, toolbar.qualification_filter, toolbar.area_filter):
            combo.currentIndexChanged.connect(self._show)
        side.findings_list.itemActivated.connect(self._jump_to_finding)
        side.findings_list.itemClicked.connect(self._jump_to_finding)
        toolbar.compact_check.toggled.connect(self._compact_toggled)
        self._page_keys()
        keys: list[tuple[Qt.Key, Callable[[], object]]] = [
            (Qt.Key.Key_Return, self.enter_on_grid),
            (Qt.Key.Key_Enter, self.enter_on_grid),
            (Qt.Key.Key_Delete, edits.unassign_selected),
        ]
        for key, on_key in keys:
            grid_shortcut = QShortcut(QKeySequence(key), self.grid)
            grid_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            grid_shortcut.activated.connect(on_key)

    def _page_keys(self) -> None:
        """Keys that act on the page wherever the focus is while it shows (a hidden page's
        shortcuts do not fire, so they never reach another page)."""
        for sequence, slot in (
            (QKeySequence.StandardKey.Undo, self.undo_stack.undo),
            (QKeySequence("Ctrl+Y"), self.undo_stack.redo),
            (QKeySequence.StandardKey.Redo, self.undo_stack.redo),
            (QKeySequence(Qt.Key.Key_PageUp), lambda: self.show_week(self.monday - timedelta(7))),
            (QKeySequence("Ctrl+PgUp"), lambda: self.show_week(self.monday - timedelta(28))),
            (QKeySequence("Ctrl+PgDown"), lambda: self.show_week(self.monday + timedelta(28))),
            (QKeySequence(Qt.Key.Key_PageDown), lambda: self.show_week(self.monday + timedelta(7))),
            (QKeySequence(Qt.Key.Key_F9), self.toggle_side_panel),
            (QKeySequence("Ctrl+O"), self.next_open_duty),
        ):
            shortcut = QShortcut(sequence, self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Override of QWidget.resizeEvent: once the page has its real size, the splitter
        decides whether the side panel shows (RosterSplit.size_once)."""
        super().resizeEvent(event)
        if not self.splitter.sized:
            QTimer.singleShot(0, self._size_splitter)

    def _size_splitter(self) -> None:
        self.splitter.size_once(self.width())

    def toggle_side_panel(self) -> None:
        """F9: show or hide the day's duties and the findings; the choice is remembered."""
        self.toolbar.side_button.toggle()

    def _compact_toggled(self, compact: bool) -> None:
        self.settings.set(RosterView.COMPACT, compact)
        self.grid.set_compact(compact)

    # ------------------------------------------------------------ loading

    def shows(self) -> tuple[Entity, ...]:
        return (
            Entity.SHIFTS,
            Entity.ABSENCES,
            Entity.OFFICERS,
            Entity.AREAS,
            Entity.TEMPLATES,
            Entity.BIKES,
        )

    def show_week(self, monday: date) -> None:
        week = self.week
        week.monday = monday_of(monday)
        if not week.monday <= week.selected_day <= week.last:
            week.selected_day = week.monday
        self.reload()

    def reload(self) -> None:
        """Override of Page.reload: the week's duties, absences and findings."""
        if self.services is None:
            return
        areas = self.loader.load(
            self.services,
            self.week,
            published=self.toolbar.published_check.isChecked(),
            use_actual=self.side.actual_check.isChecked(),
        )
        self.legend.set_areas([(a.code, a.name) for a in areas if a.active])
        self._fill_area_filter()
        self._set_read_only(self.week.read_only)
        self._show()

    def may_plan(self) -> bool:
        """Whether the logged-in role may change the roster (the service refuses the others)."""
        return may_plan(self.services)

    def _set_read_only(self, read_only: bool) -> None:
        planner, toolbar = self.may_plan(), self.toolbar
        for button in (toolbar.publish_button, toolbar.rules_button):
            button.setEnabled(planner)  # the gates say who may (issue 14)
        toolbar.import_action.setEnabled(planner)
        for widget in (
            *self.side.edit_buttons(),
            *self.side.bike_buttons(),
            *(toolbar.absence_button, toolbar.copy_button, toolbar.suggest_button),
        ):
            widget.setEnabled(not read_only)
        self.grid.setAcceptDrops(not read_only)

    def _show(self) -> None:
        week = self.week
        officers = self.visible_officers()
        self.empty_note.setVisible(not week.officers)
        current = self.grid.currentIndex()
        self.week_model.set_week(
            week.monday,
            officers,
            week.shifts,
            week.absences,
            week.findings,
            week.changed,
            area_codes=week.area_codes,
        )
        self.grid.fit()
        self._show_state()
        if current.isValid():
            self.grid.setCurrentIndex(self.week_model.index(current.row(), current.column()))
        self.header.heading.setText(
            self.tr("Dienstplan – KW {week}, {first}–{last}").format(
                week=week.monday.isocalendar().week,
                first=f"{week.monday:%d.%m.}",
                last=f"{week.last:%d.%m.%Y}",
            )
        )
        self._show_day()
        self._show_findings()

    def visible_officers(self) -> list[Officer]:
        """Officers after the unit, qualification and area filters."""
        unit = self.toolbar.unit_filter.currentData()
        qualification = self.toolbar.qualification_filter.currentData()
        area = self.toolbar.area_filter.currentData()
        in_area = {c.officer_id for s in self.week.shifts if s.area_id == area for c in s.crew}
        return [
            o
            for o in self.week.officers
            if (unit is None or o.unit.value == unit)
            and (
                qualification is None
                or any(q.casefold() == str(qualification).casefold() for q in o.qualifications)
            )
            and (area is None or o.id in in_area)
        ]

    def _fill_area_filter(self) -> None:
        area_filter = self.toolbar.area_filter
        if self.services is None or area_filter.count() > 1:
            return
        for area in self.services.masterdata.areas(include_inactive=False):
            area_filter.addItem(area.name, area.id)

    def _show_state(self) -> None:
        state, label = self.week.state, self.header.state_label
        if self.toolbar.published_check.isChecked() and state.published_at is None:
            label.setText(
                self.tr("Diese Woche ist noch nicht veröffentlicht – gezeigt wird die Planung.")
            )
            return
        if state.published_at is None:
            label.setText(self.tr("Entwurf – noch nicht veröffentlicht"))
            return
        text = self.tr("Veröffentlicht am {when} von {who}").format(
            when=f"{to_local(state.published_at):%d.%m.%Y %H:%M}", who=state.publisher
        )
        if self.week.changed:
            text += self.tr(" · {n} Dienste seitdem geändert (*)").format(n=len(self.week.changed))
        label.setText(text)

    def _show_day(self) -> None:
        day, goto = self.week.selected_day, self.header.goto_edit
        goto.blockSignals(True)  # showing the day is no request to jump
        goto.setDate(to_qdate(day))
        goto.blockSignals(False)
        self.side.day_label.setText(
            self.tr("Dienste am {weekday} {date}").format(
                weekday=WEEKDAY_SHORT[day.weekday()], date=f"{day:%d.%m.%Y}"
            )
        )
        shifts = self.week.shifts
        self.timeline.set_day(
            day, self.visible_officers(), shifts, self.week_model.severities(), self.week.area_codes
        )
        selected = self.day_table.selected_row()
        self.day_model.set_rows(
            sorted((s for s in shifts if s.duty_date == day), key=lambda s: s.starts_at)
        )
        if selected is not None:
            self.day_table.select_where(lambda s: s.id == selected.id)

    def _show_findings(self) -> None:
        self.main.show_counts(*self.side.show_findings(self.week.findings))

    # ------------------------------------------------------------ selection

    def _on_cell(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.week.selected_day = self.week_model.day(current.column())
            self._show_day()
            duty = self.week_model.open_shift_at(current)
            if duty is not None:  # an open duty is the duty to staff next
                self.day_table.select_where(lambda s: s.id == duty.id)

    def next_open_duty(self) -> bool:
        """Strg+O: the grid's next open duty after the current cell (from the week's start)."""
        self.selection.focus_grid_by_key()
        cells = self.week_model.open_cells()
        if not cells:
            self.header.state_label.setText(self.tr("Keine offenen Dienste in dieser Woche."))
            return False
        current = self.grid.currentIndex()
        here = (current.column(), current.row()) if current.isValid() else (-1, -1)
        later = [c for c in cells if (c[1], c[0]) > here]
        row, column = (later or cells)[0]
        self.grid.setCurrentIndex(self.week_model.index(row, column))
        return True

    def enter_on_grid(self) -> object:
        """Enter on the grid: on an open duty choose who takes it; on an officer's cell assign
        the marked duty of that day."""
        if self.selection.open_shift() is not None:
            return self.planning.staff_open_duty()
        return self.edits.assign_selected()

    def select_cell(self, officer_id: str, day: date) -> bool:
        row = self.week_model.officer_row(officer_id)
        if row < 0 or not self.monday <= day <= self.week.last:
            return False
        self.grid.setCurrentIndex(self.week_model.index(row, (day - self.monday).days))
        return True

    def _jump_to_finding(self, item: QListWidgetItem) -> None:
        finding: Finding = item.data(Qt.ItemDataRole.UserRole)
        week = self.week
        officer = next((o for o in week.officers if o.service_number == finding.officer), None)
        shift = next((s for s in week.shifts if s.id in finding.shifts), None)
        if shift is not None and officer is not None:
            self.select_cell(officer.id, shift.duty_date)
        elif shift is not None:
            week.selected_day = shift.duty_date
            self._show_day()
        if shift is not None:
            self.day_table.select_where(lambda s: s.id == shift.id)
