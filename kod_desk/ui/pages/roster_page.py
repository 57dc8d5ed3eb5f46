"""Dienstplan: the week grid of the merged unit, the day's duties, findings, undo/redo.

Officers (grouped by former unit) × days; each cell shows the duty and its area and is tinted
red or amber when a rule finding concerns it. Above them, the open duties: select one (Strg+O
jumps to the next) and press Enter to choose who takes it. Duties of the selected day and the
findings are in the side panel (F9 shows or hides it; hidden on narrow windows): drag a duty
onto an officer's cell (or select both and press Enter) to assign; Entf takes an officer off.
Every edit is one undo step (Strg+Z / Strg+Y).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain.changes import Changes, Entity
from kod_desk.domain.enums import Qualification, Role, Unit
from kod_desk.domain.errors import UserError
from kod_desk.domain.permissions import Permission
from kod_desk.domain.roster import Finding, RosterShift, WeekState
from kod_desk.domain.roster_rules import RosterChecker, RuleSettings, touched_shifts
from kod_desk.domain.timeutil import local_today, to_local
from kod_desk.services.roster import merge_findings
from kod_desk.ui.dialogs.absence_dialog import AbsenceDialog
from kod_desk.ui.dialogs.actual_times_dialog import ActualTimes, ActualTimesDialog
from kod_desk.ui.dialogs.booking_dialog import BookingDialog
from kod_desk.ui.dialogs.overtime_dialog import OvertimeDialog
from kod_desk.ui.dialogs.rule_settings_dialog import RuleSettingsDialog
from kod_desk.ui.dialogs.shift_dialog import ShiftDialog
from kod_desk.ui.dialogs.suggest_dialog import SuggestDialog
from kod_desk.ui.messages import show_error
from kod_desk.ui.models.week_model import (
    ABSENCE_ROLE,
    WEEKDAY_SHORT,
    WeekModel,
    duty_code,
)
from kod_desk.ui.pages.base import ChangeBus, Page
from kod_desk.ui.pages.roster_actions import RosterActionsMixin
from kod_desk.ui.pages.roster_files import RosterFilesMixin
from kod_desk.ui.qt_dates import to_qdate
from kod_desk.ui.roster_commands import (
    ActualTimesCommand,
    AddAbsenceCommand,
    AssignCommand,
    CreateShiftCommand,
    DeleteAbsenceCommand,
    DeleteShiftCommand,
    LeadCommand,
    ServiceCommand,
    UnassignCommand,
    UpdateShiftCommand,
)
from kod_desk.ui.settings import RosterView
from kod_desk.ui.widgets.day_timeline import DayTimeline
from kod_desk.ui.widgets.roster_side import RosterSidePanel
from kod_desk.ui.widgets.roster_toolbar import RosterToolbar
from kod_desk.ui.widgets.week_grid import (
    SHIFT_MIME,
    RosterLegend,
    WeekGrid,
    monday_of,
)

__all__ = ["SHIFT_MIME", "RosterPage", "monday_of"]

# Below this page width the side panel starts hidden (until the user chooses, F9).
SIDE_PANEL_MIN_WIDTH = 1500

if TYPE_CHECKING:
    from kod_desk.domain.bikes import Checkout
    from kod_desk.domain.masterdata import Officer
    from kod_desk.ui.settings import Settings


class RosterPage(RosterFilesMixin, RosterActionsMixin, Page):
    key = "roster"
    suggestion_ready = Signal(object)
    suggestion_failed = Signal(str)

    def __init__(self, settings: Settings, bus: ChangeBus, parent: Any = None) -> None:
        super().__init__(settings, bus, parent)
        self.setWindowTitle(self.tr("Dienstplan"))
        self.monday = monday_of(local_today())
        self.selected_day = local_today()
        self.officers: list[Officer] = []
        self.shifts: list[RosterShift] = []
        self.findings: list[Finding] = []
        self.bookings: list[Checkout] = []  # active bike bookings of the week's duties
        self.undo_stack = QUndoStack(self)
        self.current_dialog: (
            ShiftDialog
            | AbsenceDialog
            | RuleSettingsDialog
            | ActualTimesDialog
            | SuggestDialog
            | OvertimeDialog
            | BookingDialog
            | Any
            | None
        ) = None
        self.last_import_summary = ""
        self._checker: RosterChecker | None = None
        self.read_only = False
        self._suggesting = False
        self._suggest_thread: threading.Thread | None = None
        self._absences: list[Any] = []
        self._changed: frozenset[str] = frozenset()
        self._area_codes: dict[str, str] = {}
        self.week_state = WeekState(self.monday)
        self._build()
        self._connect()
        for control in (
            *(self.new_button, self.edit_button, self.assign_button, self.unassign_button),
            *(self.lead_button, self.actual_button, self.delete_button, self.absence_button),
            *(self.copy_button, self.suggest_button, self.publish_button, self.rules_button),
            *(self.undo_button, self.redo_button, self.import_action),
            *(self.new_absence_action, self.delete_absence_action),
        ):
            self.gate(control, Permission.PLAN_ROSTER)  # issue 14: disabled, saying who may
        self.gate(self.book_bike_button, Permission.BOOK_BIKES)
        self.gate(self.cancel_bike_button, Permission.BOOK_BIKES)

    def search_field(self) -> QWidget | None:
        """Override of Page.search_field: Strg+F filters the week by area."""
        return self.area_filter

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.heading = QLabel(self.tr("Dienstplan"))
        self.heading.setObjectName("pageHeading")
        self.previous_button = QPushButton("◀")
        self.previous_button.setFixedWidth(40)
        self.previous_button.setToolTip(self.tr("Vorige Woche (Bild ↑; vier Wochen: Strg+Bild ↑)"))
        self.today_button = QPushButton(self.tr("Heute"))
        self.next_button = QPushButton("▶")
        self.next_button.setFixedWidth(40)
        self.next_button.setToolTip(self.tr("Nächste Woche (Bild ↓; vier Wochen: Strg+Bild ↓)"))
        self.unit_filter = QComboBox()
        self.unit_filter.setObjectName("rosterUnitFilter")
        self.unit_filter.addItem(self.tr("Alle Einheiten"), None)
        for unit in Unit:
            self.unit_filter.addItem(unit.label, unit.value)
        self.undo_button = QPushButton("↶")
        self.undo_button.setFixedWidth(40)
        self.redo_button = QPushButton("↷")
        self.redo_button.setFixedWidth(40)
        self.redo_button.setToolTip(self.tr("Wiederholen (Strg+Y)"))
        self.state_label = QLabel()
        self.state_label.setObjectName("weekState")
        self.state_label.setWordWrap(True)  # gives way to the heading on a narrow window
        self.state_label.setMinimumWidth(120)
        bar.addWidget(self.heading)
        bar.addSpacing(12)
        bar.addWidget(self.state_label, 1)
        self._build_filters()
        for widget in (
            self.goto_edit,
            self.previous_button,
            self.today_button,
            self.next_button,
            self.undo_button,
            self.redo_button,
        ):
            bar.addWidget(widget)
        layout.addLayout(bar)
        layout.addWidget(self._build_actions())
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

    def _build_filters(self) -> None:
        self.goto_edit = QDateEdit()
        self.goto_edit.setObjectName("gotoDate")
        self.goto_edit.setDisplayFormat("dd.MM.yyyy")
        self.goto_edit.setCalendarPopup(True)
        self.goto_edit.setToolTip(self.tr("Zur Woche dieses Tages springen"))
        self.qualification_filter = QComboBox()
        self.qualification_filter.setObjectName("qualificationFilter")
        self.qualification_filter.addItem(self.tr("Alle Qualifikationen"), None)
        for qualification in Qualification:
            self.qualification_filter.addItem(qualification.value, qualification.value)
        self.area_filter = QComboBox()
        self.area_filter.setObjectName("areaFilter")
        self.area_filter.addItem(self.tr("Alle Gebiete"), None)

    def _build_actions(self) -> RosterToolbar:
        bar = RosterToolbar(
            (self.unit_filter, self.qualification_filter, self.area_filter),
            self.settings.get(RosterView.COMPACT),
        )
        # The page wires the toolbar's parts itself (its actions, mixins and tests use them).
        self.absence_button, self.copy_button = bar.absence_button, bar.copy_button
        self.new_absence_action = bar.new_absence_action
        self.delete_absence_action = bar.delete_absence_action
        self.publish_button, self.suggest_button = bar.publish_button, bar.suggest_button
        self.rules_button, self.file_button = bar.rules_button, bar.file_button
        self.import_action, self.export_action = bar.import_action, bar.export_action
        self.overtime_action, self.ical_action = bar.overtime_action, bar.ical_action
        self.view_button, self.published_check = bar.view_button, bar.published_check
        self.compact_check, self.side_button = bar.compact_check, bar.side_button
        return bar

    def _build_side(self) -> QWidget:
        side = RosterSidePanel(self.settings, self._bikes_text)
        # The page works with the panel's parts directly (its actions, tests and mixins).
        self.day_label, self.day_model, self.day_table = (
            side.day_label,
            side.day_model,
            side.day_table,
        )
        self.new_button, self.assign_button = side.new_button, side.assign_button
        self.unassign_button, self.lead_button = side.unassign_button, side.lead_button
        self.delete_button, self.edit_button = side.delete_button, side.edit_button
        self.actual_button, self.report_button = side.actual_button, side.report_button
        self.book_bike_button, self.cancel_bike_button = (
            side.book_bike_button,
            side.cancel_bike_button,
        )
        self.findings_label, self.actual_check = side.findings_label, side.actual_check
        self.findings_list = side.findings_list
        self.report_button.clicked.connect(lambda _checked=False: self.open_shift_report())
        return side

    def _build_body(self, layout: QVBoxLayout) -> None:
        self.week_model = WeekModel(self)
        self.grid = WeekGrid()
        self.grid.setObjectName("weekGrid")
        self.grid.setModel(self.week_model)

        side = self._build_side()
        self.timeline = DayTimeline()
        self.timeline.setObjectName("dayTimeline")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.timeline)
        self.views = QTabWidget()
        self.views.setObjectName("rosterViews")
        self.views.setDocumentMode(True)
        self.views.addTab(self.grid, self.tr("Woche"))
        self.views.addTab(scroll, self.tr("Tag"))
        self.legend = RosterLegend()
        self.findings_note = QLabel()
        self.findings_note.setObjectName("findingsNote")
        self.findings_note.setToolTip(self.tr("F9 zeigt die Dienste des Tages und die Prüfung"))
        self.views.setCornerWidget(self.findings_note, Qt.Corner.TopRightCorner)
        main = QWidget()
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        main_layout.setSpacing(2)
        main_layout.addWidget(self.views, 1)
        main_layout.addWidget(self.legend)
        self.side = side
        splitter = QSplitter()
        splitter.addWidget(main)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 2)
        self.splitter = splitter
        self._sized = False
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        layout.setSpacing(4)
        self.grid.set_compact(self.compact_check.isChecked())

    def _connect(self) -> None:
        self.previous_button.clicked.connect(lambda: self.show_week(self.monday - timedelta(7)))
        self.next_button.clicked.connect(lambda: self.show_week(self.monday + timedelta(7)))
        self.today_button.clicked.connect(lambda: self.show_week(monday_of(local_today())))
        self.unit_filter.currentIndexChanged.connect(self._show)
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_stack.undoTextChanged.connect(
            lambda text: self.undo_button.setToolTip(self.tr("Rückgängig: {0}").format(text))
        )
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        self.grid.selectionModel().currentChanged.connect(self._on_cell)
        self.grid.shift_dropped.connect(self.assign)
        self.timeline.shift_clicked.connect(
            lambda shift_id: self.day_table.select_where(lambda s: s.id == shift_id)
        )
        self.new_button.clicked.connect(self.new_shift)
        self.assign_button.clicked.connect(self.assign_selected)
        self.unassign_button.clicked.connect(self.unassign_selected)
        self.lead_button.clicked.connect(self.make_lead_selected)
        self.delete_button.clicked.connect(self.delete_selected_shift)
        self.edit_button.clicked.connect(self.edit_selected_shift)
        self.day_table.activated_row.connect(lambda _shift: self.edit_selected_shift())
        self.new_absence_action.triggered.connect(self.new_absence)
        self.delete_absence_action.triggered.connect(self.delete_selected_absence)
        self.copy_button.clicked.connect(self.copy_week_forward)
        self.publish_button.clicked.connect(lambda _checked=False: self.publish_week())
        self.rules_button.clicked.connect(self.edit_rules)
        self.suggest_button.clicked.connect(self.suggest_week)
        self.import_action.triggered.connect(self._choose_import)
        self.export_action.triggered.connect(self._choose_export)
        self.ical_action.triggered.connect(self._choose_ical)
        self.overtime_action.triggered.connect(self.show_overtime)
        self.suggestion_ready.connect(self._show_suggestion)
        self.suggestion_failed.connect(self._suggestion_failed)
        self.actual_button.clicked.connect(self.edit_actual_times)
        self.book_bike_button.clicked.connect(self.book_bike)
        self.cancel_bike_button.clicked.connect(self.cancel_bike_booking)
        self.actual_check.toggled.connect(lambda _on: self.reload())
        self.published_check.toggled.connect(lambda _on: self.reload())
        self.qualification_filter.currentIndexChanged.connect(self._show)
        self.area_filter.currentIndexChanged.connect(self._show)
        self.goto_edit.dateChanged.connect(
            lambda day: self.show_week(date(day.year(), day.month(), day.day()))
        )
        self.findings_list.itemActivated.connect(self._jump_to_finding)
        self.findings_list.itemClicked.connect(self._jump_to_finding)
        self.side_button.toggled.connect(self._side_toggled)
        self.compact_check.toggled.connect(self._compact_toggled)
        self._page_keys()
        keys: list[tuple[Qt.Key, Callable[[], object]]] = [
            (Qt.Key.Key_Return, self.enter_on_grid),
            (Qt.Key.Key_Enter, self.enter_on_grid),
            (Qt.Key.Key_Delete, self.unassign_selected),
        ]
        for key, action in keys:
            grid_shortcut = QShortcut(QKeySequence(key), self.grid)
            grid_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            grid_shortcut.activated.connect(action)

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

    def resizeEvent(self, event: Any) -> None:
        """Override of QWidget.resizeEvent: once the page has its real size, hide the side
        panel on a narrow window (unless the user chose) and give the grid three fifths of
        the width when it shows (the user's own splitter moves are kept after that)."""
        super().resizeEvent(event)
        if not self._sized:
            QTimer.singleShot(0, self._size_splitter)

    def _size_splitter(self) -> None:
        width = self.splitter.width()
        if self._sized or width <= 600:
            return
        self._sized = True
        chosen = self.settings.get(RosterView.SIDE_PANEL)
        shown = chosen == "shown" if chosen else self.width() >= SIDE_PANEL_MIN_WIDTH
        self.splitter.setSizes([width * 3 // 5, width * 2 // 5])
        self._show_side(shown)

    def _show_side(self, shown: bool) -> None:
        self.side.setVisible(shown)
        self.findings_note.setVisible(not shown)
        self.side_button.blockSignals(True)
        self.side_button.setChecked(shown)
        self.side_button.blockSignals(False)

    def toggle_side_panel(self) -> None:
        """F9: show or hide the day's duties and the findings; the choice is remembered."""
        self.side_button.toggle()

    def _side_toggled(self, shown: bool) -> None:
        self._sized = True
        self.side.setVisible(shown)
        self.findings_note.setVisible(not shown)
        self.settings.set(RosterView.SIDE_PANEL, "shown" if shown else "hidden")

    def _compact_toggled(self, compact: bool) -> None:
        self.settings.set(RosterView.COMPACT, compact)
        self.grid.set_compact(compact)

    # ------------------------------------------------------------ loading

    def shows(self) -> tuple[Any, ...]:
        return (
            Entity.SHIFTS,
            Entity.ABSENCES,
            Entity.OFFICERS,
            Entity.AREAS,
            Entity.TEMPLATES,
            Entity.BIKES,
        )

    def show_week(self, monday: date) -> None:
        self.monday = monday_of(monday)
        if not self.monday <= self.selected_day <= self.monday + timedelta(days=6):
            self.selected_day = self.monday
        self.reload()

    def reload(self) -> None:
        """Override of Page.reload: the week's duties, absences and findings."""
        if self.services is None:
            return
        last = self.monday + timedelta(days=6)
        period = self.services.roster.period(self.monday, last)
        self.officers = self.services.masterdata.officers(include_inactive=False)
        areas = self.services.masterdata.areas()
        self._area_codes = {a.id: a.code for a in areas}
        self.legend.set_areas([(a.code, a.name) for a in areas if a.active])
        self._fill_area_filter()
        self.shifts = list(period.shifts)
        self._absences = list(period.absences)
        self._changed = period.changed
        self.week_state = period.state
        self.bookings = [b for b in self.services.bikes.bookings(self.monday, last) if b.is_active]
        published = (
            self.services.roster.published_week(self.monday)
            if self.published_check.isChecked()
            else None
        )
        if published is not None:
            # Read-only: the published week, as officers see it; no findings, no markers.
            self.shifts = list(published)
            self._changed = frozenset()
            self.findings = []
        else:
            # Bike findings join the roster's; the checker stays the roster's own.
            self.findings = merge_findings(
                self._check(self.monday, last), self.services.bikes.findings(self.monday, last)
            )
        self._set_read_only(published is not None or not self.may_plan())
        self._show()

    def may_plan(self) -> bool:
        """Whether the logged-in role may change the roster (the service refuses the others)."""
        return self.services is not None and self.services.context.role in (
            Role.SUPERVISOR,
            Role.ADMIN,
        )

    def _set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        planner = self.may_plan()
        for button in (self.publish_button, self.rules_button):
            button.setEnabled(planner)  # the gates say who may (issue 14)
        self.import_action.setEnabled(planner)
        for widget in (
            self.new_button,
            self.edit_button,
            self.assign_button,
            self.unassign_button,
            self.lead_button,
            self.actual_button,
            self.delete_button,
            self.book_bike_button,
            self.cancel_bike_button,
            self.absence_button,
            self.copy_button,
            self.suggest_button,
        ):
            widget.setEnabled(not read_only)
        self.grid.setAcceptDrops(not read_only)

    def _check(self, first: date, last: date) -> list[Finding]:
        """Findings of the week; after an edit only what changed is checked again."""
        assert self.services is not None
        facts = self.services.roster.facts(first, last)
        settings = self.services.roster.rule_settings()
        use_actual = self.actual_check.isChecked()
        checker = self._checker
        if (
            checker is None
            or checker.period != (first, last)
            or checker.settings != settings
            or checker.use_actual != use_actual
        ):
            self._checker = RosterChecker(
                facts, settings, use_actual=use_actual, period=(first, last)
            )
            return self._checker.findings
        return checker.update(facts, touched_shifts(checker.facts, facts))

    def _show(self) -> None:
        officers = self.visible_officers()
        self.empty_note.setVisible(not self.officers)
        current = self.grid.currentIndex()
        self.week_model.set_week(
            self.monday,
            officers,
            self.shifts,
            self._absences,
            self.findings,
            self._changed,
            area_codes=self._area_codes,
        )
        self.grid.fit()
        self._show_state()
        if current.isValid():
            self.grid.setCurrentIndex(self.week_model.index(current.row(), current.column()))
        week = self.monday.isocalendar().week
        last = self.monday + timedelta(days=6)
        self.heading.setText(
            self.tr("Dienstplan – KW {week}, {first}–{last}").format(
                week=week, first=f"{self.monday:%d.%m.}", last=f"{last:%d.%m.%Y}"
            )
        )
        self._show_day()
        self._show_findings()

    def visible_officers(self) -> list[Officer]:
        """Officers after the unit, qualification and area filters."""
        unit = self.unit_filter.currentData()
        qualification = self.qualification_filter.currentData()
        area = self.area_filter.currentData()
        in_area = {c.officer_id for s in self.shifts if s.area_id == area for c in s.crew}
        return [
            o
            for o in self.officers
            if (unit is None or o.unit.value == unit)
            and (
                qualification is None
                or any(q.casefold() == str(qualification).casefold() for q in o.qualifications)
            )
            and (area is None or o.id in in_area)
        ]

    def _fill_area_filter(self) -> None:
        if self.services is None or self.area_filter.count() > 1:
            return
        for area in self.services.masterdata.areas(include_inactive=False):
            self.area_filter.addItem(area.name, area.id)

    def _is_on_crew(self, officer: Officer, shift: RosterShift) -> bool:
        """True when the officer is on the duty; otherwise says so to the user."""
        if any(c.officer_id == officer.id for c in shift.crew):
            return True
        show_error(
            self,
            UserError(
                self.tr("{name} ist für diesen Dienst nicht eingeteilt.").format(
                    name=officer.display_name
                )
            ),
            self.tr("Dienstplan"),
        )
        return False

    def edit_actual_times(self) -> ActualTimesDialog | None:
        officer = self.selected_officer()
        shift = self.day_table.selected_row()
        if officer is None or shift is None or self.services is None:
            return None
        if not self._is_on_crew(officer, shift):
            return None
        roster = self.services.roster

        def save(times: ActualTimes) -> None:
            command = ActualTimesCommand(
                roster,
                self._notify,
                shift,
                officer.id,
                (times.start, times.end, times.break_minutes),
            )
            command.perform()
            self.undo_stack.push(command)

        dialog = ActualTimesDialog(save, shift, officer.id, self)
        dialog.finished.connect(lambda _result: setattr(self, "current_dialog", None))
        self.current_dialog = dialog
        dialog.open()
        return dialog

    def edit_rules(self) -> RuleSettingsDialog | None:
        if self.services is None:
            return None
        roster = self.services.roster

        def save(settings: RuleSettings) -> None:
            self.publish(roster.save_rule_settings(settings))

        dialog = RuleSettingsDialog(save, roster.rule_settings(), self)
        dialog.finished.connect(lambda _result: setattr(self, "current_dialog", None))
        self.current_dialog = dialog
        dialog.open()
        return dialog

    def _show_state(self) -> None:
        state = self.week_state
        if self.published_check.isChecked() and state.published_at is None:
            self.state_label.setText(
                self.tr("Diese Woche ist noch nicht veröffentlicht – gezeigt wird die Planung.")
            )
            return
        if state.published_at is None:
            self.state_label.setText(self.tr("Entwurf – noch nicht veröffentlicht"))
            return
        text = self.tr("Veröffentlicht am {when} von {who}").format(
            when=f"{to_local(state.published_at):%d.%m.%Y %H:%M}", who=state.publisher
        )
        if self._changed:
            text += self.tr(" · {n} Dienste seitdem geändert (*)").format(n=len(self._changed))
        self.state_label.setText(text)

    def _show_day(self) -> None:
        day = self.selected_day
        self.goto_edit.blockSignals(True)  # showing the day is no request to jump
        self.goto_edit.setDate(to_qdate(day))
        self.goto_edit.blockSignals(False)
        self.day_label.setText(
            self.tr("Dienste am {weekday} {date}").format(
                weekday=WEEKDAY_SHORT[day.weekday()], date=f"{day:%d.%m.%Y}"
            )
        )
        self.timeline.set_day(
            day,
            self.visible_officers(),
            self.shifts,
            self.week_model.severities(),
            self._area_codes,
        )
        selected = self.day_table.selected_row()
        self.day_model.set_rows(
            sorted((s for s in self.shifts if s.duty_date == day), key=lambda s: s.starts_at)
        )
        if selected is not None:
            self.day_table.select_where(lambda s: s.id == selected.id)

    def _show_findings(self) -> None:
        self.findings_list.clear()
        errors = sum(1 for f in self.findings if f.severity == "error")
        warnings = len(self.findings) - errors
        self.findings_label.setText(
            self.tr("Prüfung: {errors} Fehler, {warnings} Hinweise").format(
                errors=errors, warnings=warnings
            )
        )
        self.findings_note.setText(
            self.tr("Prüfung: {errors} Fehler, {warnings} Hinweise (F9) ").format(
                errors=errors, warnings=warnings
            )
        )
        color = "#b00020" if errors else ("#8a5300" if warnings else "#1f3a5f")
        self.findings_note.setStyleSheet(f"QLabel#findingsNote {{ color: {color}; }}")
        for finding in self.findings:
            error = finding.severity == "error"
            # ✖/⚠ are in the fonts of every desktop we ship to (⛔ is not).
            item = QListWidgetItem(("✖ " if error else "⚠ ") + finding.message)
            item.setForeground(QBrush(QColor("#b00020" if error else "#8a5300")))
            item.setData(Qt.ItemDataRole.UserRole, finding)
            item.setToolTip(f"{finding.rule} · {finding.paragraph}")
            self.findings_list.addItem(item)

    # ------------------------------------------------------------ selection

    def _on_cell(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.selected_day = self.week_model.day(current.column())
            self._show_day()
            duty = self.week_model.open_shift_at(current)
            if duty is not None:  # an open duty is the duty to staff next
                self.day_table.select_where(lambda s: s.id == duty.id)

    def selected_officer(self) -> Officer | None:
        index = self.grid.currentIndex()
        if not index.isValid():
            return None
        return self.week_model.row(index.row()).officer

    def next_open_duty(self) -> bool:
        """Strg+O: the grid's next open duty after the current cell (from the week's start)."""
        self.grid.setFocus(Qt.FocusReason.ShortcutFocusReason)
        cells = self.week_model.open_cells()
        if not cells:
            self.state_label.setText(self.tr("Keine offenen Dienste in dieser Woche."))
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
        if self.week_model.open_shift_at(self.grid.currentIndex()) is not None:
            return self.staff_open_duty()
        return self.assign_selected()

    def select_cell(self, officer_id: str, day: date) -> bool:
        row = self.week_model.officer_row(officer_id)
        if row < 0 or not self.monday <= day <= self.monday + timedelta(days=6):
            return False
        self.grid.setCurrentIndex(self.week_model.index(row, (day - self.monday).days))
        return True

    def _jump_to_finding(self, item: QListWidgetItem) -> None:
        finding: Finding = item.data(Qt.ItemDataRole.UserRole)
        officer = next((o for o in self.officers if o.service_number == finding.officer), None)
        shift = next((s for s in self.shifts if s.id in finding.shifts), None)
        if shift is not None and officer is not None:
            self.select_cell(officer.id, shift.duty_date)
        elif shift is not None:
            self.selected_day = shift.duty_date
            self._show_day()
        if shift is not None:
            self.day_table.select_where(lambda s: s.id == shift.id)

    # ------------------------------------------------------------ edits

    def _notify(self, changes: Changes) -> None:
        self.bus.changed.emit(changes)

    def run(self, command: ServiceCommand) -> bool:
        """Do an edit; only an edit that succeeded becomes an undo step."""
        if self.read_only:
            text = (
                self.tr(
                    "Die veröffentlichte Fassung ist schreibgeschützt. Zum Ändern "
                    "„Veröffentlichte Fassung“ ausschalten."
                )
                if self.may_plan()
                else self.tr("Den Dienstplan ändern nur Dienstgruppenleitung und Verwaltung.")
            )
            show_error(self, UserError(text), self.tr("Dienstplan"))
            return False
        try:
            command.perform()
        except UserError as error:
            show_error(self, error, self.tr("Dienstplan"))
            return False
        self.undo_stack.push(command)
        return True

    def _shift(self, shift_id: str) -> RosterShift | None:
        return next((s for s in self.shifts if s.id == shift_id), None)

    def assign(self, shift_id: str, officer_id: str) -> bool:
        shift = self._shift(shift_id)
        officer = next((o for o in self.officers if o.id == officer_id), None)
        if shift is None or officer is None or self.services is None:
            return False
        if any(c.officer_id == officer_id for c in shift.crew):
            return False
        return self.run(
            AssignCommand(
                self.services.roster, self._notify, shift, officer_id, officer.display_name
            )
        )

    def assign_selected(self) -> bool:
        shift = self.day_table.selected_row()
        officer = self.selected_officer()
        if shift is None or officer is None:
            return False
        return self.assign(shift.id, officer.id)

    def unassign_selected(self) -> bool:
        officer = self.selected_officer()
        index = self.grid.currentIndex()
        if officer is None or self.services is None:
            return False
        on_cell = self.week_model.shifts_at(index)
        chosen = self.day_table.selected_row()
        targets = [s for s in on_cell if chosen is None or s.id == chosen.id] or on_cell
        if not targets:
            return False
        return self.run(
            UnassignCommand(
                self.services.roster, self._notify, targets[0], officer.id, officer.display_name
            )
        )

    def make_lead_selected(self) -> bool:
        officer = self.selected_officer()
        shift = self.day_table.selected_row()
        if officer is None or shift is None or self.services is None:
            return False
        if not self._is_on_crew(officer, shift):
            return False
        return self.run(
            LeadCommand(self.services.roster, self._notify, shift, officer.id, officer.display_name)
        )

    def delete_selected_shift(self) -> bool:
        shift = self.day_table.selected_row()
        if shift is None or self.services is None:
            return False
        return self.run(DeleteShiftCommand(self.services.roster, self._notify, shift))

    def new_absence(self) -> AbsenceDialog | None:
        if self.services is None:
            return None
        roster = self.services.roster
        officer = self.selected_officer()

        def save(draft: Any) -> None:
            command = AddAbsenceCommand(roster, self._notify, draft)
            command.perform()  # raises UserError: the dialog shows it and stays open
            self.undo_stack.push(command)

        dialog = AbsenceDialog(
            save, self.officers, officer.id if officer else None, self.selected_day, self
        )
        dialog.finished.connect(lambda _result: setattr(self, "current_dialog", None))
        self.current_dialog = dialog
        dialog.open()
        return dialog

    def delete_selected_absence(self) -> bool:
        absence = self.grid.currentIndex().data(ABSENCE_ROLE)
        if absence is None or self.services is None:
            return False
        return self.run(DeleteAbsenceCommand(self.services.roster, self._notify, absence))

    def open_shift_report(self) -> bool:
        """The marked duty's Schichtbericht on the Berichte page (preview, print, save)."""
        shift = self.day_table.selected_row()
        if shift is None:
            show_error(
                self,
                UserError(self.tr("Bitte zuerst einen Dienst markieren.")),
                self.tr("Schichtbericht"),
            )
            return False
        self.bus.navigate.emit("reports", f"shift:{shift.id}")
        return True

    def edit_selected_shift(self) -> ShiftDialog | None:
        shift = self.day_table.selected_row()
        if shift is None or self.services is None:
            return None
        roster = self.services.roster

        def save(draft: Any) -> None:
            command = UpdateShiftCommand(roster, self._notify, shift, draft)
            command.perform()  # raises UserError: the dialog shows it and stays open
            self.undo_stack.push(command)

        masterdata = self.services.masterdata.load()
        dialog = ShiftDialog(
            save, shift.duty_date, masterdata.templates, masterdata.areas, self, shift=shift
        )
        dialog.finished.connect(lambda _result: setattr(self, "current_dialog", None))
        self.current_dialog = dialog
        dialog.open()
        return dialog

    def new_shift(self) -> ShiftDialog | None:
        if self.services is None:
            return None
        roster = self.services.roster

        def save(draft: Any) -> None:
            command = CreateShiftCommand(roster, self._notify, draft)
            command.perform()  # raises UserError: the dialog shows it and stays open
            self.undo_stack.push(command)
            self.selected_day = draft.duty_date

        masterdata = self.services.masterdata.load()
        dialog = ShiftDialog(save, self.selected_day, masterdata.templates, masterdata.areas, self)
        dialog.finished.connect(lambda _result: setattr(self, "current_dialog", None))
        self.current_dialog = dialog
        dialog.open()
        return dialog


def shift_title(shift: RosterShift) -> str:
    start = to_local(shift.starts_at)
    return f"{start:%d.%m.} {duty_code(shift)} {shift.kind.label} {shift.area}".strip()
