"""Stammdaten: officers, areas, the three catalogues and the shift templates, one tab each.

Every write goes through MasterDataService; the page publishes the result's Changes on the bus
and refreshes from them (through ``on_changes``) like every other page. Dialogs open
non-modally to the event loop (``open()``, not ``exec()``) and stay reachable as
``current_dialog`` while they are shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import partial
from itertools import pairwise
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain.changes import Entity
from kod_desk.domain.enums import CatalogKind, Role, Unit
from kod_desk.domain.masterdata import (
    Area,
    AreaDraft,
    CatalogEntry,
    CatalogEntryDraft,
    Officer,
    OfficerDraft,
    ShiftTemplate,
    ShiftTemplateDraft,
    format_hours,
)
from kod_desk.domain.permissions import Permission
from kod_desk.domain.text import german_sort_key
from kod_desk.ui.dialog_host import DialogHost
from kod_desk.ui.dialogs.area_dialog import AreaDialog
from kod_desk.ui.dialogs.catalog_dialog import CatalogDialog
from kod_desk.ui.dialogs.form import FormDialog
from kod_desk.ui.dialogs.officer_dialog import OfficerDialog, PasswordDialog
from kod_desk.ui.dialogs.template_dialog import TemplateDialog
from kod_desk.ui.messages import show_error
from kod_desk.ui.models.row_table_model import Column, RowTableModel
from kod_desk.ui.pages.base import ChangeBus, Page
from kod_desk.ui.widgets.data_table import DataTable

if TYPE_CHECKING:
    from kod_desk.services.base import Result
    from kod_desk.ui.settings import Settings

DraftT = TypeVar("DraftT")
RowT = TypeVar("RowT")

OFFICERS = Entity.OFFICERS
AREAS = Entity.AREAS
CATALOG = Entity.CATALOG
TEMPLATES = Entity.TEMPLATES

MAX_INITIAL_COLUMN_WIDTH = 320


def natural_key(text: str) -> str:
    """Sort 'K-9' before 'K-10': digit runs are zero-padded (sort keys must be plain str)."""
    return re.sub(r"\d+", lambda match: match.group().zfill(12), german_sort_key(text))


def text_column(
    header: str,
    text: Callable[[RowT], str],
    *,
    sort_key: Callable[[RowT], Any] | None = None,
    align_right: bool = False,
    tooltip: Callable[[RowT], str] | None = None,
) -> Column[RowT]:
    """A column sorted the German way unless it brings a sort key of its own."""
    return Column(
        header,
        text,
        sort_key=sort_key if sort_key is not None else (lambda row: german_sort_key(text(row))),
        align_right=align_right,
        tooltip=tooltip,
    )


def one_line(text: str) -> str:
    return " ".join(text.split())


class MasterDataTab(QWidget):
    """One tab: buttons, search and "Inaktive anzeigen" above a DataTable of one kind of row."""

    new_requested = Signal()
    edit_requested = Signal(object)
    toggle_requested = Signal(object)

    def __init__(
        self,
        key: str,
        model: RowTableModel[Any],
        settings: Settings,
        sort_column: int,
        stretch_column: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"{_camel(key)}Tab")
        self._settings = settings
        self._settings_key = f"masterdata/{key.replace('_', '-')}"
        self._sized = bool(settings.column_widths(self._settings_key))
        self._choice_filter: QComboBox | None = None

        self.model = model
        self.table = DataTable(model, settings, self._settings_key, self)
        self.table.setObjectName(f"{_camel(key)}Table")
        self.table.sortByColumn(sort_column, Qt.SortOrder.AscendingOrder)
        # The longest text column takes the spare width (not the narrow "Aktiv" at the end).
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
        self.proxy = self.table.proxy
        self.editable = True  # False for roles that may only read master data
        self._create_controls()
        self._lay_out()
        self._connect()
        self.refresh_filter()

    def _create_controls(self) -> None:
        self.new_button = QPushButton(self.tr("Neu…"))
        self.new_button.setObjectName("newButton")
        self.new_button.setToolTip(self.tr("Neuen Eintrag anlegen (Einfg)"))
        self.edit_button = QPushButton(self.tr("Bearbeiten…"))
        self.edit_button.setObjectName("editButton")
        self.edit_button.setToolTip(self.tr("Ausgewählten Eintrag bearbeiten (Eingabetaste)"))
        self.toggle_button = QPushButton(self.tr("Deaktivieren"))
        self.toggle_button.setObjectName("toggleActiveButton")
        # Wide enough for both labels, so the toolbar does not jump with the selection.
        metrics = self.toggle_button.fontMetrics()
        self.toggle_button.setMinimumWidth(
            max(
                metrics.horizontalAdvance(t)
                for t in (self.tr("Deaktivieren"), self.tr("Reaktivieren"))
            )
            + 32
        )
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setPlaceholderText(self.tr("Suchen …"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(220)
        self.show_inactive_check = QCheckBox(self.tr("Inaktive anzeigen"))
        self.show_inactive_check.setObjectName("showInactiveCheck")
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")

    def _lay_out(self) -> None:
        self.toolbar = QHBoxLayout()
        self.toolbar.addWidget(self.new_button)
        self.toolbar.addWidget(self.edit_button)
        self.toolbar.addWidget(self.toggle_button)
        self.toolbar.addStretch(1)
        self.toolbar.addWidget(self.search_edit)
        self.toolbar.addWidget(self.show_inactive_check)
        layout = QVBoxLayout(self)
        layout.addLayout(self.toolbar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self._set_tab_order()

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [self.new_button, self.edit_button, self.toggle_button]
        if self._choice_filter is not None:
            chain.append(self._choice_filter)
        chain += [self.search_edit, self.show_inactive_check, self.table]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        self.new_button.clicked.connect(self.new_requested)
        self.edit_button.clicked.connect(self._request_edit)
        self.toggle_button.clicked.connect(self._request_toggle)
        self.table.activated_row.connect(
            lambda row: self.edit_requested.emit(row) if self.editable else None
        )
        self.search_edit.textChanged.connect(self._search)
        self.show_inactive_check.toggled.connect(self.refresh_filter)
        self.table.selectionModel().selectionChanged.connect(self.update_actions)
        for signal in (
            self.proxy.modelReset,
            self.proxy.layoutChanged,
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
        ):
            signal.connect(self.update_actions)

    # ------------------------------------------------------------ filters

    def add_choice_filter(
        self, object_name: str, choices: Sequence[tuple[str, Callable[[Any], bool] | None]]
    ) -> QComboBox:
        """A combo in the toolbar narrowing the rows (its first choice should show all)."""
        combo = QComboBox()
        combo.setObjectName(object_name)
        for label, predicate in choices:
            combo.addItem(label, predicate)
        combo.currentIndexChanged.connect(self.refresh_filter)
        self.toolbar.insertWidget(self.toolbar.indexOf(self.search_edit), combo)
        self._choice_filter = combo
        self._set_tab_order()
        self.refresh_filter()
        return combo

    def refresh_filter(self) -> None:
        show_inactive = self.show_inactive_check.isChecked()
        choice = self._choice_filter.currentData() if self._choice_filter is not None else None

        def accepts(row: Any) -> bool:
            return (show_inactive or row.active) and (choice is None or choice(row))

        self.proxy.set_row_filter(accepts)
        self.update_actions()

    def _search(self, text: str) -> None:
        self.proxy.set_search_text(text)
        self.update_actions()

    # ------------------------------------------------------------ rows

    def set_rows(self, rows: Sequence[Any], select: tuple[str, bool] | None = None) -> None:
        """Show ``rows``; keep the selected row (by id), or select ``(id, reveal)``.

        With ``reveal`` a row hidden by the search or filters is brought back into view
        (a record the user has just saved must not seem to vanish).
        """
        if select is None:
            current = self.table.selected_row()
            select = (current.id, False) if current is not None else None
        self.model.set_rows(rows)
        if not self._sized and rows:
            self._sized = True
            self.fit_columns()
        if select is not None:
            self.select_id(*select)
        self.update_actions()

    def fit_columns(self) -> None:
        """Size columns to their texts in every row, hidden ones included (a first start).

        Header signals are blocked, as in DataTable's own first fit: widths fitted by the
        program are not remembered, only those the user sets by dragging.
        """
        cells = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        headers = header.fontMetrics()
        header.blockSignals(True)
        for column in range(self.model.columnCount()):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            widest = headers.horizontalAdvance(title) + 32  # room for the sort arrow
            for row in range(self.model.rowCount()):
                text = str(self.model.index(row, column).data() or "")
                widest = max(widest, cells.horizontalAdvance(text) + 16)
            self.table.setColumnWidth(column, min(widest, MAX_INITIAL_COLUMN_WIDTH))
        header.blockSignals(False)
        self.table.updateGeometries()  # the view missed the (blocked) resize signals
        self.table.viewport().update()

    def select_id(self, row_id: str, reveal: bool = False) -> bool:
        if self.table.select_where(lambda row: row.id == row_id):
            return True
        if not reveal or not any(row.id == row_id for row in self.model.rows()):
            return False
        self.search_edit.clear()
        if self._choice_filter is not None:
            self._choice_filter.setCurrentIndex(0)
        if not self.show_inactive_check.isChecked() and not any(
            row.id == row_id and row.active for row in self.model.rows()
        ):
            self.show_inactive_check.setChecked(True)
        return self.table.select_where(lambda row: row.id == row_id)

    def selected_row(self) -> Any:
        return self.table.selected_row()

    # ------------------------------------------------------------ actions

    def set_editable(self, editable: bool) -> None:
        """Read-only for roles that may not change master data (the service refuses them)."""
        self.editable = editable
        self.new_button.setEnabled(editable)  # the page's gates say who may (issue 14)
        self.update_actions()

    def update_actions(self, *_: Any) -> None:
        row = self.selected_row()
        self.edit_button.setEnabled(row is not None and self.editable)
        self.toggle_button.setEnabled(row is not None and self.editable)
        if row is not None and not row.active:
            self.toggle_button.setText(self.tr("Reaktivieren"))
        else:
            self.toggle_button.setText(self.tr("Deaktivieren"))
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total == 1:
            self.count_label.setText(self.tr("1 Eintrag"))
        elif shown == total:
            self.count_label.setText(self.tr("{total} Einträge").format(total=total))
        else:
            self.count_label.setText(
                self.tr("{shown} von {total} Einträgen angezeigt").format(shown=shown, total=total)
            )

    def _request_edit(self) -> None:
        row = self.selected_row()
        if row is not None and self.editable:
            self.edit_requested.emit(row)

    def _request_toggle(self) -> None:
        row = self.selected_row()
        if row is not None and self.editable:
            self.toggle_requested.emit(row)


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(part.title() for part in rest)


class MasterDataPage(Page):
    """Stammdaten: Dienstkräfte, Einsatzgebiete, Kataloge and Dienstvorlagen."""

    key = "masterdata"

    def __init__(self, settings: Settings, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(settings, bus, parent)
        self.setObjectName("masterDataPage")
        self.setWindowTitle(self.tr("Stammdaten"))
        self.dialogs = DialogHost()
        # (id, reveal) to select in a tab after the next reload, keyed by tab key.
        self._pending: dict[str, tuple[str, bool]] = {}

        self.tabs = QTabWidget()
        self.tabs.setObjectName("masterDataTabs")
        self.tabs.setDocumentMode(True)

        self.officers_tab = MasterDataTab(OFFICERS, self._officer_model(), settings, 1, 5, self)
        self.officers_table = self.officers_tab.table
        all_units: Callable[[Any], bool] | None = None
        unit_choices: list[tuple[str, Callable[[Any], bool] | None]] = [
            (self.tr("Alle Einheiten"), all_units)
        ]
        for unit in Unit:
            unit_choices.append((unit.label, _unit_filter(unit)))
        self.unit_filter = self.officers_tab.add_choice_filter("unitFilter", unit_choices)
        self.unit_filter.setToolTip(self.tr("Nach Einheit filtern"))
        self.password_button = QPushButton(self.tr("Passwort setzen…"))
        self.password_button.setObjectName("setPasswordButton")
        self.password_button.setToolTip(
            self.tr("Passwort der ausgewählten Dienstkraft setzen (nur Administration)")
        )
        self.officers_tab.toolbar.insertWidget(3, self.password_button)
        self.password_button.clicked.connect(lambda _checked=False: self.set_password())
        self.officers_table.selectionModel().selectionChanged.connect(
            lambda *_: self.password_button.setEnabled(
                self.officers_tab.selected_row() is not None and self._is_admin()
            )
        )
        self.password_button.setEnabled(False)

        self.areas_tab = MasterDataTab(AREAS, self._area_model(), settings, 0, 6, self)
        self.areas_table = self.areas_tab.table

        self.catalog_tabs: dict[CatalogKind, MasterDataTab] = {}
        for kind in CatalogKind:
            # Catalogues open in their Reihenfolge: the order of the choice lists they feed.
            tab = MasterDataTab(kind.value, self._catalog_model(), settings, 1, 2, self)
            self.catalog_tabs[kind] = tab
        self.categories_table = self.catalog_tabs[CatalogKind.INCIDENT_CATEGORY].table
        self.measures_table = self.catalog_tabs[CatalogKind.MEASURE].table
        self.departments_table = self.catalog_tabs[CatalogKind.DEPARTMENT].table

        self.templates_tab = MasterDataTab(TEMPLATES, self._template_model(), settings, 0, 4, self)
        self.templates_table = self.templates_tab.table

        self.tabs.addTab(self.officers_tab, self.tr("Dienstkräfte"))
        self.tabs.addTab(self.areas_tab, self.tr("Einsatzgebiete"))
        catalog_titles = {
            CatalogKind.INCIDENT_CATEGORY: self.tr("Kategorien"),
            CatalogKind.MEASURE: self.tr("Maßnahmen"),
            CatalogKind.DEPARTMENT: self.tr("Anfordernde Stellen"),
        }
        for kind, tab in self.catalog_tabs.items():
            self.tabs.addTab(tab, catalog_titles[kind])
        self.tabs.addTab(self.templates_tab, self.tr("Dienstvorlagen"))

        self.heading = QLabel(self.tr("Stammdaten"))
        self.heading.setObjectName("pageHeading")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)

        self._connect_tab(
            self.officers_tab, self.new_officer, self.edit_officer, self.toggle_officer
        )
        self._connect_tab(self.areas_tab, self.new_area, self.edit_area, self.toggle_area)
        for kind, tab in self.catalog_tabs.items():
            self._connect_tab(
                tab,
                partial(self.new_catalog_entry, kind),
                self.edit_catalog_entry,
                self.toggle_catalog_entry,
            )
        self._connect_tab(
            self.templates_tab, self.new_template, self.edit_template, self.toggle_template
        )

        # Ctrl+N belongs to incidents app-wide; here Einfg creates a record in the open tab.
        self.new_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Insert), self)
        self.new_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_shortcut.activated.connect(self.new_in_current_tab)
        self._gate_controls()

    def _gate_controls(self) -> None:
        """Disabled with "Nur … ." for roles that may not change master data (issue 14)."""
        for tab in self.findChildren(MasterDataTab):
            for button in (tab.new_button, tab.edit_button, tab.toggle_button):
                self.gate(button, Permission.EDIT_MASTER_DATA)
        self.gate(self.password_button, Permission.SET_PASSWORDS)

    def search_field(self) -> QWidget | None:
        """Override of Page.search_field: the open tab's search."""
        return self.current_tab().search_edit

    # ------------------------------------------------------------ Page

    def shows(self) -> tuple[Any, ...]:
        """Override of Page.shows: officers, areas, catalogues and templates."""
        return (OFFICERS, AREAS, CATALOG, TEMPLATES)

    def reload(self) -> None:
        """Override of Page.reload: read all master data, keep each tab's selection."""
        if self.services is None:
            return
        data = self.services.masterdata.load()
        editable = self.services.context.role in (Role.SUPERVISOR, Role.ADMIN)
        for tab in self.all_tabs():
            tab.set_editable(editable)
        self.officers_tab.set_rows(data.officers, self._pending.pop(OFFICERS, None))
        self.areas_tab.set_rows(data.areas, self._pending.pop(AREAS, None))
        for kind, tab in self.catalog_tabs.items():
            entries = [entry for entry in data.catalog if entry.kind == kind]
            tab.set_rows(entries, self._pending.pop(kind.value, None))
        self.templates_tab.set_rows(data.templates, self._pending.pop(TEMPLATES, None))

    # ------------------------------------------------------------ tabs

    def _is_admin(self) -> bool:
        return self.services is not None and self.services.context.role is Role.ADMIN

    def all_tabs(self) -> list[MasterDataTab]:
        return [self.officers_tab, self.areas_tab, *self.catalog_tabs.values(), self.templates_tab]

    def tab_for(self, kind: str) -> MasterDataTab:
        """The tab of "officers", "areas", "templates" (Entity values) or a CatalogKind."""
        for tab in self.all_tabs():
            if tab.key == kind:
                return tab
        raise KeyError(kind)

    def show_tab(self, kind: str) -> MasterDataTab:
        tab = self.tab_for(kind)
        self.tabs.setCurrentWidget(tab)
        return tab

    def current_tab(self) -> MasterDataTab:
        tab = self.tabs.currentWidget()
        assert isinstance(tab, MasterDataTab)
        return tab

    def new_in_current_tab(self) -> FormDialog[Any] | None:
        tab = self.current_tab()
        if not tab.editable:
            return None
        if tab is self.officers_tab:
            return self.new_officer()
        if tab is self.areas_tab:
            return self.new_area()
        if tab is self.templates_tab:
            return self.new_template()
        return self.new_catalog_entry(CatalogKind(tab.key))

    def _connect_tab(
        self,
        tab: MasterDataTab,
        new: Callable[[], Any],
        edit: Callable[[Any], Any],
        toggle: Callable[[Any], Any],
    ) -> None:
        tab.new_requested.connect(new)
        tab.edit_requested.connect(edit)
        tab.toggle_requested.connect(toggle)

    # ------------------------------------------------------------ officers

    def new_officer(self) -> OfficerDialog | None:
        return self.edit_officer(None)

    def edit_selected_officer(self) -> OfficerDialog | None:
        officer = self.officers_tab.selected_row()
        return None if officer is None else self.edit_officer(officer)

    def edit_officer(self, officer: Officer | None) -> OfficerDialog | None:
        if self.services is None:
            return None
        masterdata = self.services.masterdata

        def write(draft: OfficerDraft) -> Result[Officer]:
            if officer is None:
                return masterdata.save_officer(draft)
            return masterdata.save_officer(draft, officer.id, officer.version)

        return self.dialogs.open(OfficerDialog(self._saver(OFFICERS, write), officer, self))

    def set_password(self) -> PasswordDialog | None:
        """An administrator sets the selected officer's password (the service checks the role)."""
        officer = self.officers_tab.selected_row()
        if self.services is None or officer is None:
            return None
        auth = self.services.auth

        def save(passwords: tuple[str, str]) -> None:
            changes = auth.set_password(officer.id, passwords[0], passwords[1])
            self.bus.changed.emit(changes)

        return self.dialogs.open(PasswordDialog(save, officer, self))

    def toggle_selected_officer(self) -> None:
        officer = self.officers_tab.selected_row()
        if officer is not None:
            self.toggle_officer(officer)

    def toggle_officer(self, officer: Officer) -> None:
        question = self.tr(
            "Dienstkraft „{name}“ (Dienstnummer {number}) deaktivieren?\n\n"
            "Sie bleibt mit ihrer Historie erhalten, wird aber bei neuen Diensten nicht mehr "
            "angeboten. „Reaktivieren“ macht das rückgängig."
        ).format(name=officer.display_name, number=officer.service_number)
        if self.services is None or not self._confirm(officer, question):
            return
        masterdata = self.services.masterdata
        self._write(
            OFFICERS,
            officer.id,
            lambda: masterdata.set_officer_active(officer.id, not officer.active),
        )

    # ------------------------------------------------------------ areas

    def new_area(self) -> AreaDialog | None:
        return self.edit_area(None)

    def edit_selected_area(self) -> AreaDialog | None:
        area = self.areas_tab.selected_row()
        return None if area is None else self.edit_area(area)

    def edit_area(self, area: Area | None) -> AreaDialog | None:
        if self.services is None:
            return None
        masterdata = self.services.masterdata

        def write(draft: AreaDraft) -> Result[Area]:
            if area is None:
                return masterdata.save_area(draft)
            return masterdata.save_area(draft, area.id, area.version)

        return self.dialogs.open(AreaDialog(self._saver(AREAS, write), area, self))

    def toggle_selected_area(self) -> None:
        area = self.areas_tab.selected_row()
        if area is not None:
            self.toggle_area(area)

    def toggle_area(self, area: Area) -> None:
        question = self.tr(
            "Einsatzgebiet „{name}“ deaktivieren?\n\n"
            "Es bleibt mit seiner Historie erhalten, wird aber für neue Dienste und "
            "Vorkommnisse nicht mehr angeboten. „Reaktivieren“ macht das rückgängig."
        ).format(name=area.name)
        if self.services is None or not self._confirm(area, question):
            return
        masterdata = self.services.masterdata
        self._write(AREAS, area.id, lambda: masterdata.set_area_active(area.id, not area.active))

    # ------------------------------------------------------------ catalogues

    def new_catalog_entry(self, kind: CatalogKind) -> CatalogDialog | None:
        return self.edit_catalog_entry(None, kind)

    def edit_selected_catalog_entry(self, kind: CatalogKind) -> CatalogDialog | None:
        entry = self.catalog_tabs[kind].selected_row()
        return None if entry is None else self.edit_catalog_entry(entry)

    def edit_catalog_entry(
        self, entry: CatalogEntry | None, kind: CatalogKind | None = None
    ) -> CatalogDialog | None:
        if self.services is None:
            return None
        kind = entry.kind if entry is not None else kind
        if kind is None:
            raise ValueError("kind is needed for a new catalogue entry")
        masterdata = self.services.masterdata

        def write(draft: CatalogEntryDraft) -> Result[CatalogEntry]:
            if entry is None:
                return masterdata.save_catalog_entry(draft)
            return masterdata.save_catalog_entry(draft, entry.id, entry.version)

        existing = self.catalog_tabs[kind].model.rows()
        next_order = max((e.sort_order for e in existing), default=0) + 10
        dialog = CatalogDialog(
            self._saver(kind.value, write), kind, entry, sort_order=next_order, parent=self
        )
        return self.dialogs.open(dialog)

    def toggle_selected_catalog_entry(self, kind: CatalogKind) -> None:
        entry = self.catalog_tabs[kind].selected_row()
        if entry is not None:
            self.toggle_catalog_entry(entry)

    def toggle_catalog_entry(self, entry: CatalogEntry) -> None:
        question = self.tr(
            "{kind} „{name}“ deaktivieren?\n\n"
            "Bestehende Einträge behalten sie; in Auswahllisten wird sie nicht mehr angeboten. "
            "„Reaktivieren“ macht das rückgängig."
        ).format(kind=entry.kind.label, name=entry.name)
        if self.services is None or not self._confirm(entry, question):
            return
        masterdata = self.services.masterdata
        self._write(
            entry.kind.value,
            entry.id,
            lambda: masterdata.set_catalog_entry_active(entry, not entry.active),
        )

    # ------------------------------------------------------------ shift templates

    def new_template(self) -> TemplateDialog | None:
        return self.edit_template(None)

    def edit_selected_template(self) -> TemplateDialog | None:
        template = self.templates_tab.selected_row()
        return None if template is None else self.edit_template(template)

    def edit_template(self, template: ShiftTemplate | None) -> TemplateDialog | None:
        if self.services is None:
            return None
        masterdata = self.services.masterdata

        def write(draft: ShiftTemplateDraft) -> Result[ShiftTemplate]:
            if template is None:
                return masterdata.save_template(draft)
            return masterdata.save_template(draft, template.id, template.version)

        return self.dialogs.open(TemplateDialog(self._saver(TEMPLATES, write), template, self))

    def toggle_selected_template(self) -> None:
        template = self.templates_tab.selected_row()
        if template is not None:
            self.toggle_template(template)

    def toggle_template(self, template: ShiftTemplate) -> None:
        question = self.tr(
            "Dienstvorlage „{name}“ deaktivieren?\n\n"
            "Bestehende Dienste bleiben, wie sie sind; für neue Dienste wird die Vorlage nicht "
            "mehr angeboten. „Reaktivieren“ macht das rückgängig."
        ).format(name=template.name)
        if self.services is None or not self._confirm(template, question):
            return
        masterdata = self.services.masterdata
        self._write(
            TEMPLATES,
            template.id,
            lambda: masterdata.set_template_active(template, not template.active),
        )

    # ------------------------------------------------------------ helpers

    @property
    def current_dialog(self) -> QDialog | None:
        """The form open on this page, if any (``dialogs`` hosts it)."""
        return self.dialogs.current

    def _saver(
        self, tab_key: str, write: Callable[[DraftT], Result[Any]]
    ) -> Callable[[DraftT], None]:
        """The dialog's save callable: write, then publish and select the saved row."""

        def save(draft: DraftT) -> None:
            result = write(draft)  # a UserError propagates to the dialog, which stays open
            self._pending[tab_key] = (result.value.id, True)
            self.publish(result)

        return save

    def _confirm(self, row: Any, question: str) -> bool:
        """Deactivating asks first; reactivating does not (it takes nothing away)."""
        if not row.active:
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Deaktivieren"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _write(self, tab_key: str, row_id: str, write: Callable[[], Result[Any]]) -> None:
        try:
            result = write()
        except Exception as error:  # user errors in German, bugs as bugs; never a traceback
            show_error(self, error)
            return
        self._pending[tab_key] = (row_id, False)
        self.publish(result)

    # ------------------------------------------------------------ models

    def _officer_model(self) -> RowTableModel[Officer]:
        yes, no = self.tr("ja"), self.tr("nein")
        columns: list[Column[Officer]] = [
            text_column(
                self.tr("Dienstnummer"),
                lambda o: o.service_number,
                sort_key=lambda o: natural_key(o.service_number),
            ),
            text_column(
                self.tr("Name"),
                lambda o: o.last_name,
                sort_key=lambda o: german_sort_key(f"{o.last_name}\t{o.first_name}"),
            ),
            text_column(self.tr("Vorname"), lambda o: o.first_name),
            text_column(self.tr("Einheit"), lambda o: o.unit.label),
            text_column(self.tr("Rolle"), lambda o: o.role.label),
            text_column(
                self.tr("Qualifikationen"),
                lambda o: ", ".join(o.qualifications),
                tooltip=lambda o: "\n".join(o.qualifications),
            ),
            text_column(
                self.tr("Wochenstunden"),
                lambda o: format_hours(o.weekly_hours),
                sort_key=lambda o: float(o.weekly_hours),
                align_right=True,
            ),
            text_column(self.tr("Aktiv"), lambda o: yes if o.active else no),
        ]
        return RowTableModel(columns, muted=_inactive, parent=self)

    def _area_model(self) -> RowTableModel[Area]:
        yes, no = self.tr("ja"), self.tr("nein")
        columns: list[Column[Area]] = [
            text_column(self.tr("Name"), lambda a: a.name),
            text_column(self.tr("Kürzel"), lambda a: a.short_code or ""),
            text_column(
                self.tr("Priorität"), lambda a: a.priority_label, sort_key=lambda a: a.priority
            ),
            text_column(self.tr("Angstraum"), lambda a: yes if a.is_fear_space else no),
            text_column(
                self.tr("Videoüberwachung"),
                lambda a: a.video_label,
                sort_key=lambda a: ";".join(p.to_json() for p in a.video_periods),
            ),
            text_column(
                self.tr("Speicherfrist"),
                lambda a: (
                    self.tr("{hours} h").format(hours=a.footage_retention_hours)
                    if a.video_periods
                    else ""
                ),
                sort_key=lambda a: a.footage_retention_hours if a.video_periods else -1,
                align_right=True,
            ),
            text_column(
                self.tr("Beschreibung"),
                lambda a: one_line(a.description),
                tooltip=lambda a: a.description,
            ),
            text_column(self.tr("Aktiv"), lambda a: yes if a.active else no),
        ]
        return RowTableModel(columns, muted=_inactive, parent=self)

    def _catalog_model(self) -> RowTableModel[CatalogEntry]:
        yes, no = self.tr("ja"), self.tr("nein")
        columns: list[Column[CatalogEntry]] = [
            text_column(self.tr("Bezeichnung"), lambda e: e.name),
            text_column(
                self.tr("Reihenfolge"),
                lambda e: str(e.sort_order),
                sort_key=lambda e: e.sort_order,
                align_right=True,
            ),
            text_column(
                self.tr("Beschreibung"),
                lambda e: one_line(e.description),
                tooltip=lambda e: e.description,
            ),
            text_column(self.tr("Aktiv"), lambda e: yes if e.active else no),
        ]
        return RowTableModel(columns, muted=_inactive, parent=self)

    def _template_model(self) -> RowTableModel[ShiftTemplate]:
        yes, no = self.tr("ja"), self.tr("nein")
        any_kind = self.tr("beliebig")
        columns: list[Column[ShiftTemplate]] = [
            text_column(self.tr("Name"), lambda t: t.name),
            text_column(self.tr("Kürzel"), lambda t: t.code),
            text_column(
                self.tr("Zeiten"),
                lambda t: t.times_label,
                sort_key=lambda t: t.start.hour * 60 + t.start.minute,
            ),
            text_column(
                self.tr("Pause"),
                lambda t: self.tr("{minutes} min").format(minutes=t.break_minutes),
                sort_key=lambda t: t.break_minutes,
                align_right=True,
            ),
            text_column(self.tr("Art"), lambda t: t.kind.label if t.kind is not None else any_kind),
            text_column(
                self.tr("Mindestbesetzung"),
                lambda t: str(t.min_staff),
                sort_key=lambda t: t.min_staff,
                align_right=True,
            ),
            text_column(self.tr("Aktiv"), lambda t: yes if t.active else no),
        ]
        return RowTableModel(columns, muted=_inactive, parent=self)


def _inactive(row: Any) -> bool:
    return not row.active


def _unit_filter(unit: Unit) -> Callable[[Any], bool]:
    return lambda officer: officer.unit == unit
