"""Ermittlungen: the investigation orders (Ermittlungsaufträge) with filters and due dates.

Every write goes through CaseService; the page publishes each Result's Changes and refreshes
from them like every other page. Overdue rows get a calm rose background and say how late
they are in the Frist column ("3 Tage überfällig"), so colour is never the only sign.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain.cases import UNFINISHED, CaseFilter, CaseRow, CaseSaved
from kod_desk.domain.changes import Entity
from kod_desk.domain.enums import CaseStatus, CatalogKind, Role
from kod_desk.domain.permissions import Permission
from kod_desk.domain.text import german_sort_key
from kod_desk.domain.timeutil import BERLIN, format_date, utcnow
from kod_desk.ui.dialog_host import DialogHost
from kod_desk.ui.dialogs.case_dialog import CaseDialog, CaseStatusDialog, CaseStatusDraft
from kod_desk.ui.messages import show_error
from kod_desk.ui.models.row_table_model import AnyIndex, Column, RowTableModel
from kod_desk.ui.pages.base import ChangeBus, Page
from kod_desk.ui.settings import Option
from kod_desk.ui.widgets.choices import fill_choices
from kod_desk.ui.widgets.data_table import DataTable

if TYPE_CHECKING:
    from kod_desk.domain.cases import CaseDraft
    from kod_desk.services.base import Result
    from kod_desk.ui.settings import Settings


SEARCH_DELAY_MS = 250
DUE_COLUMN = 1
# Page state kept between sessions (window state, not preferences).
STATUS_FILTER = Option("cases/status_filter", "unfinished", str)
OVERDUE_ONLY = Option("cases/overdue_only", False, bool)
SORT_COLUMN = Option("cases/sort_column", DUE_COLUMN, int)
SORT_ORDER = Option("cases/sort_order", 0, int)  # 0 ascending, 1 descending

_OVERDUE_BACKGROUND = QBrush(QColor("#fbe9e7"))
_OVERDUE_TEXT = QBrush(QColor("#a4262c"))
_DONE_TEXT = QBrush(QColor("#6b7079"))
_BOLD = QFont()
_BOLD.setBold(True)


def berlin_today() -> date:
    return utcnow().astimezone(BERLIN).date()


def _natural(text: str) -> str:
    """Sort "EA-2026-9" before "EA-2026-10"."""
    return re.sub(r"\d+", lambda m: m.group().zfill(12), german_sort_key(text))


class CaseModel(RowTableModel[CaseRow]):
    """Case rows; overdue ones get a calm background and a red Frist, done ones are grey."""

    def __init__(self, columns: list[Column[CaseRow]], parent: Any = None) -> None:
        super().__init__(columns, parent=parent)
        self.today = berlin_today()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Override of RowTableModel.data: colour overdue and done cases."""
        if (
            role
            in (
                Qt.ItemDataRole.BackgroundRole,
                Qt.ItemDataRole.ForegroundRole,
                Qt.ItemDataRole.FontRole,
            )
            and index.isValid()
            and index.row() < self.rowCount()
        ):
            row = self.row_at(index.row())
            overdue = row.is_overdue(self.today)
            if role == Qt.ItemDataRole.BackgroundRole:
                return _OVERDUE_BACKGROUND if overdue else None
            if role == Qt.ItemDataRole.ForegroundRole:
                if row.status is CaseStatus.DONE:
                    return _DONE_TEXT
                return _OVERDUE_TEXT if overdue and index.column() == DUE_COLUMN else None
            return _BOLD if overdue and index.column() == DUE_COLUMN else None
        return super().data(index, role)


class CasesPage(Page):
    """Ermittlungen: filter bar, the cases, what is done with one; Enter edits."""

    key = "cases"

    def __init__(self, settings: Settings, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(settings, bus, parent)
        self.setObjectName("casesPage")
        self.setWindowTitle(self.tr("Ermittlungen"))
        self.dialogs = DialogHost()
        self._select_id: str | None = None

        self.heading = QLabel(self.tr("Ermittlungsaufträge"))
        self.heading.setObjectName("pageHeading")
        self.model = CaseModel(self._columns(), parent=self)
        self.table = DataTable(self.model, settings, "cases/list", self)
        self.table.setObjectName("caseTable")
        self.table.setToolTip(self.tr("Eingabetaste oder Doppelklick öffnet den Auftrag"))
        column = settings.get(SORT_COLUMN)
        order = (
            Qt.SortOrder.DescendingOrder
            if settings.get(SORT_ORDER)
            else Qt.SortOrder.AscendingOrder
        )
        if 0 <= column < self.model.columnCount():
            self.table.sortByColumn(column, order)
        self.notice_label = QLabel()
        self.notice_label.setObjectName("caseNotice")
        self.notice_label.setWordWrap(True)
        self.notice_label.setStyleSheet(
            "QLabel { background: #fff3cd; color: #664d03; padding: 6px; border-radius: 3px; }"
        )
        self.notice_label.hide()
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self._create_buttons()
        self._create_filters()
        self._build_layout()
        self._connect_signals()
        self.update_actions()
        for control in (self.new_button, self.new_action, self.edit_button):
            self.gate(control, Permission.MANAGE_CASES)

    def search_field(self) -> QWidget | None:
        """Override of Page.search_field."""
        return self.search_edit

    # ------------------------------------------------------------ building

    def _columns(self) -> list[Column[CaseRow]]:
        def due(row: CaseRow) -> str:
            if row.due_on is None:
                return self.tr("keine Frist")
            text = format_date(row.due_on)
            late = row.days_overdue(self.model.today)
            if late == 1:
                return self.tr("{date} · 1 Tag überfällig").format(date=text)
            if late > 1:
                return self.tr("{date} · {n} Tage überfällig").format(date=text, n=late)
            if row.status is not CaseStatus.DONE and row.due_on == self.model.today:
                return self.tr("{date} · heute fällig").format(date=text)
            return text

        def due_key(row: CaseRow) -> Any:
            done = row.status is CaseStatus.DONE
            return (done, (row.due_on or date.max).toordinal(), _natural(row.reference))

        def status_key(row: CaseRow) -> int:
            return list(CaseStatus).index(row.status)

        nobody = self.tr("– niemand –")
        return [
            Column(
                self.tr("Aktenzeichen"),
                lambda r: r.reference,
                sort_key=lambda r: _natural(r.reference),
                tooltip=lambda r: (
                    self.tr("aus Vorkommnis {reference}").format(
                        reference=r.source_incident_reference
                    )
                    if r.source_incident_reference
                    else r.reference
                ),
            ),
            Column(self.tr("Frist"), due, sort_key=due_key),
            Column(self.tr("Status"), lambda r: r.status.label, sort_key=status_key),
            Column(self.tr("Stelle"), lambda r: r.department_name or "—"),
            Column(self.tr("Zuständig"), lambda r: r.assigned_officer_name or nobody),
            Column(self.tr("Anschrift"), lambda r: r.address),
            Column(
                self.tr("Gegenstand"),
                lambda r: " ".join(r.subject.split()),
                tooltip=lambda r: r.subject if not r.result else f"{r.subject}\n\n{r.result}",
            ),
        ]

    def _create_buttons(self) -> None:
        def button(name: str, text: str, tip: str, slot: Callable[[], Any]) -> QPushButton:
            widget = QPushButton(text)
            widget.setObjectName(name)
            widget.setToolTip(tip)
            widget.clicked.connect(lambda _checked=False: slot())
            return widget

        self.new_button = button(
            "newCaseButton",
            self.tr("Neuer &Auftrag…"),
            self.tr("Ermittlungsauftrag anlegen (Strg+Umschalt+N)"),
            self.new_case,
        )
        self.edit_button = button(
            "editCaseButton",
            self.tr("&Bearbeiten…"),
            self.tr("Ausgewählten Auftrag bearbeiten (Eingabetaste)"),
            self.edit_selected,
        )
        self.status_button = button(
            "caseStatusButton",
            self.tr("Status ä&ndern…"),
            self.tr("In Bearbeitung nehmen, mit Ergebnis erledigen oder wieder aufnehmen"),
            self.change_status_selected,
        )
        self.incident_button = button(
            "openIncidentButton",
            self.tr("&Vorkommnis öffnen…"),
            self.tr("Das Vorkommnis öffnen, aus dem der Auftrag stammt"),
            self.open_source_incident,
        )
        self.new_action = QAction(self.tr("Neuer Ermittlungsauftrag"), self)
        self.new_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_action.triggered.connect(lambda _checked=False: self.new_case())
        self.addAction(self.new_action)

    def _create_filters(self) -> None:
        def combo(name: str, tip: str) -> QComboBox:
            widget = QComboBox()
            widget.setObjectName(name)
            widget.setToolTip(tip)
            widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            widget.setMinimumContentsLength(8)
            return widget

        self.status_combo = combo("caseStatusFilter", self.tr("Status"))
        self.status_combo.addItem(self.tr("unerledigt"), "unfinished")
        self.status_combo.addItem(self.tr("alle"), "all")
        for status in CaseStatus:
            self.status_combo.addItem(status.label, status.value)
        remembered = self.status_combo.findData(self.settings.get(STATUS_FILTER))
        self.status_combo.setCurrentIndex(max(0, remembered))
        self.department_combo = combo("caseDepartmentFilter", self.tr("Anfordernde Stelle"))
        self.officer_combo = combo("caseOfficerFilter", self.tr("Zuständige Dienstkraft"))
        self.overdue_check = QCheckBox(self.tr("nur über&fällige"))
        self.overdue_check.setObjectName("overdueOnlyCheck")
        self.overdue_check.setChecked(self.settings.get(OVERDUE_ONLY))
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("caseSearchEdit")
        self.search_edit.setPlaceholderText(self.tr("Aktenzeichen, Gegenstand, Anschrift"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(220)

    def _build_layout(self) -> None:
        toolbar = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.status_button, self.incident_button):
            toolbar.addWidget(button)
        toolbar.addStretch(1)
        filters = QHBoxLayout()
        for text, widget in (
            (self.tr("Sta&tus:"), self.status_combo),
            (self.tr("St&elle:"), self.department_combo),
            (self.tr("&Zuständig:"), self.officer_combo),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addWidget(self.overdue_check)
        search = QLabel(self.tr("S&uche:"))
        search.setBuddy(self.search_edit)
        filters.addWidget(search)
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(toolbar)
        layout.addLayout(filters)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.table, 1)

    def _connect_signals(self) -> None:
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_edit.returnPressed.connect(self.apply_filter)
        for widget in (self.status_combo, self.department_combo, self.officer_combo):
            widget.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.overdue_check.toggled.connect(lambda _on: self.apply_filter())
        self.table.activated_row.connect(lambda _row: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self.update_actions)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._remember_sort)

    def _remember_sort(self, column: int, order: Qt.SortOrder) -> None:
        self.settings.set(SORT_COLUMN, column)
        self.settings.set(SORT_ORDER, 1 if order == Qt.SortOrder.DescendingOrder else 0)

    def _fill_combo(self, widget: QComboBox, items: list[tuple[str, str]]) -> None:
        fill_choices(widget, self.tr("alle"), items)

    # ------------------------------------------------------------ Page protocol

    def shows(self) -> tuple[Any, ...]:
        """Override of Page.shows: cases and the names they show."""
        return (Entity.CASES, Entity.OFFICERS, Entity.CATALOG)

    def reload(self) -> None:
        """Override of Page.reload: fill the filter choices and read the cases again."""
        if self.services is None:
            return
        masterdata = self.services.masterdata
        departments = masterdata.catalog(CatalogKind.DEPARTMENT)
        self._fill_combo(self.department_combo, [(d.id, d.name) for d in departments])
        officers = [(o.id, o.display_name) for o in masterdata.officers()]
        self._fill_combo(self.officer_combo, [("", self.tr("– niemand –")), *officers])
        self.apply_filter()

    # ------------------------------------------------------------ filter and list

    def current_filter(self) -> CaseFilter:
        status = self.status_combo.currentData()
        if status == "unfinished":
            statuses = UNFINISHED
        elif status == "all" or status is None:
            statuses = frozenset()
        else:
            statuses = frozenset({CaseStatus(status)})
        officer = self.officer_combo.currentData()
        return CaseFilter(
            statuses=statuses,
            department_id=self.department_combo.currentData(),
            officer_id=officer or None,
            unassigned=officer == "",
            overdue_only=self.overdue_check.isChecked(),
            text=self.search_edit.text().strip(),
        )

    def apply_filter(self) -> None:
        """Read the cases the filter bar asks for; keep the selection where it can."""
        self._search_timer.stop()
        self.settings.set(STATUS_FILTER, str(self.status_combo.currentData() or "all"))
        self.settings.set(OVERDUE_ONLY, self.overdue_check.isChecked())
        if self.services is None:
            return
        current = self.selected_row()
        select = self._select_id or (current.id if current is not None else None)
        self._select_id = None
        today = berlin_today()
        self.model.today = today
        rows = self.services.cases.list(self.current_filter(), today)
        self.model.set_rows(rows)
        if select is not None:
            self.table.select_where(lambda r: r.id == select)
        late = sum(1 for r in rows if r.is_overdue(today))
        self.count_label.setText(self.count_text(len(rows), late))
        self.update_actions()

    def count_text(self, total: int, late: int) -> str:
        shown = self.tr("1 Auftrag") if total == 1 else self.tr("{n} Aufträge").format(n=total)
        if late == 0:
            return shown
        return self.tr("{shown}, davon {late} überfällig").format(shown=shown, late=late)

    def rows(self) -> list[CaseRow]:
        return self.model.rows()

    def selected_row(self) -> CaseRow | None:
        row = self.table.selected_row()
        return row if isinstance(row, CaseRow) else None

    def select_case(self, case_id: str) -> bool:
        return self.table.select_where(lambda r: r.id == case_id)

    def show_record(self, record_id: str) -> bool:
        """Override of Page.show_record: select the order, widening the filters if needed."""
        if self.select_case(record_id):
            self.table.setFocus()
            return True
        widgets = (self.status_combo, self.department_combo, self.officer_combo, self.overdue_check)
        for widget in widgets:
            widget.blockSignals(True)
        self.status_combo.setCurrentIndex(self.status_combo.findData("all"))
        self.department_combo.setCurrentIndex(0)
        self.officer_combo.setCurrentIndex(0)
        self.overdue_check.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self.apply_filter()
        found = self.select_case(record_id)
        if found:
            self.table.setFocus()
        return found

    def update_actions(self, *_: Any) -> None:
        row = self.selected_row()
        # New orders are given by supervisors and administrators (the service refuses others);
        # everyone opens an order to read it and sets its status.
        self.new_button.setEnabled(
            self.services is not None
            and self.services.context.role in (Role.SUPERVISOR, Role.ADMIN)
        )
        self.edit_button.setEnabled(row is not None)
        self.status_button.setEnabled(row is not None)
        self.incident_button.setEnabled(row is not None and row.source_incident_id is not None)

    # ------------------------------------------------------------ actions

    def new_case(self) -> CaseDialog | None:
        if not self.new_button.isEnabled():  # Strg+Umschalt+N for a role that may not
            return None
        return self._edit(None)

    def edit_selected(self) -> CaseDialog | None:
        row = self.selected_row()
        return None if row is None else self._edit(row)

    def _edit(self, case: CaseRow | None) -> CaseDialog | None:
        if self.services is None:
            return None
        service = self.services.cases
        masterdata = self.services.masterdata
        departments = masterdata.catalog(CatalogKind.DEPARTMENT)
        officers = masterdata.officers()

        def save(draft: CaseDraft) -> None:
            if case is None:
                result = service.create(draft)
            else:
                result = service.update(case.id, draft, case.version)
            self._after_save(result)

        dialog = CaseDialog(save, departments, officers, berlin_today(), case, self)
        return self.dialogs.open(dialog)

    def _after_save(self, result: Result[CaseSaved]) -> None:
        saved = result.value
        self._select_id = saved.case.id
        self.show_notice("\n".join(saved.warnings))
        self.publish(result)

    def show_notice(self, text: str) -> None:
        """A hint that did not stop the save (e.g. the officer's qualification); "" hides it."""
        self.notice_label.setText(text)
        self.notice_label.setVisible(bool(text))

    def change_status_selected(self) -> CaseStatusDialog | None:
        row = self.selected_row()
        if self.services is None or row is None:
            return None
        service = self.services.cases

        def save(draft: CaseStatusDraft) -> None:
            result = service.change_status(row.id, draft.status, draft.text, row.version)
            self._select_id = row.id
            self.show_notice("")
            self.publish(result)

        return self.dialogs.open(CaseStatusDialog(save, row, self))

    def open_source_incident(self) -> QDialog | None:
        """The incident the case came from, in the incident detail dialog."""
        row = self.selected_row()
        if self.services is None or row is None or row.source_incident_id is None:
            return None
        from kod_desk.ui.dialogs.incident_detail_dialog import IncidentDetailDialog

        try:
            detail = self.services.incidents.get(row.source_incident_id)
        except Exception as error:  # user errors in German, bugs as bugs
            show_error(self, error)
            return None
        departments = [
            d for d in self.services.masterdata.catalog(CatalogKind.DEPARTMENT) if d.active
        ]
        dialog = IncidentDetailDialog(
            self.services.incidents,
            detail,
            self.publish,
            departments,
            self,
            open_report=self.open_incident_report,
        )
        return self.dialogs.open(dialog)

    # ------------------------------------------------------------ helpers

    @property
    def current_dialog(self) -> QDialog | None:
        """The form open on this page, if any (``dialogs`` hosts it)."""
        return self.dialogs.current
