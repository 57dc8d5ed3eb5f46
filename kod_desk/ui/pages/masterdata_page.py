"""Stammdaten: officers, areas, the three catalogues and the shift templates, one tab each.

The page composes one MasterDataTab per kind (the specs in ``masterdata_kinds``) and runs
their writes: every write goes through MasterDataService; the page publishes the result's
Changes on the bus and refreshes from them (through ``on_changes``) like every other page.
Dialogs open non-modally to the event loop (``open()``, not ``exec()``) and stay reachable as
``current_dialog`` while they are shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QPushButton, QTabWidget, QVBoxLayout

from kod_desk.domain.changes import Entity
from kod_desk.domain.enums import CatalogKind, Role, Unit
from kod_desk.domain.permissions import Permission
from kod_desk.ui.dialog_host import DialogHost
from kod_desk.ui.dialogs.officer_dialog import PasswordDialog
from kod_desk.ui.messages import show_error
from kod_desk.ui.pages.base import ChangeBus, Page
from kod_desk.ui.pages.masterdata_kinds import all_kinds
from kod_desk.ui.widgets.masterdata_tab import MasterDataTab

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from kod_desk.services.base import Result
    from kod_desk.ui.dialogs.form import FormDialog
    from kod_desk.ui.settings import Settings


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
        # Each tab is complete (the officers' unit filter and password button included)
        # before the next is made, and all join the tab widget last: the Tab key then walks
        # each tab's controls in the order they always had.
        tabs: list[MasterDataTab] = []
        for kind in all_kinds():
            tab = MasterDataTab(kind, settings, self)
            tab.new_requested.connect(lambda tab=tab: self.edit_record(tab, None))
            tab.edit_requested.connect(lambda row, tab=tab: self.edit_record(tab, row))
            tab.toggle_requested.connect(lambda row, tab=tab: self.toggle_record(tab, row))
            if kind.key == Entity.OFFICERS:
                self._add_officer_controls(tab)
            tabs.append(tab)
        for tab in tabs:
            self.tabs.addTab(tab, tab.kind.title)
        self._tabs = {tab.key: tab for tab in tabs}

        # The tabs and tables by name, for the tests and the screens walk.
        self.officers_tab = self.tab_for(Entity.OFFICERS)
        self.areas_tab = self.tab_for(Entity.AREAS)
        self.templates_tab = self.tab_for(Entity.TEMPLATES)
        self.catalog_tabs = {kind: self.tab_for(kind) for kind in CatalogKind}
        self.officers_table = self.officers_tab.table
        self.areas_table = self.areas_tab.table
        self.templates_table = self.templates_tab.table
        self.categories_table = self.catalog_tabs[CatalogKind.INCIDENT_CATEGORY].table
        self.measures_table = self.catalog_tabs[CatalogKind.MEASURE].table
        self.departments_table = self.catalog_tabs[CatalogKind.DEPARTMENT].table

        self.heading = QLabel(self.tr("Stammdaten"))
        self.heading.setObjectName("pageHeading")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)

        # Ctrl+N belongs to incidents app-wide; here Einfg creates a record in the open tab.
        self.new_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Insert), self)
        self.new_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_shortcut.activated.connect(self.new_in_current_tab)
        self._gate_controls()

    def _add_officer_controls(self, tab: MasterDataTab) -> None:
        """The officers tab alone filters by unit and sets passwords."""
        unit_choices: list[tuple[str, Callable[[Any], bool] | None]] = [
            (self.tr("Alle Einheiten"), None)
        ]
        for unit in Unit:
            unit_choices.append((unit.label, _unit_filter(unit)))
        self.unit_filter = tab.add_choice_filter("unitFilter", unit_choices)
        self.unit_filter.setToolTip(self.tr("Nach Einheit filtern"))
        self.password_button = QPushButton(self.tr("Passwort setzen…"))
        self.password_button.setObjectName("setPasswordButton")
        self.password_button.setToolTip(
            self.tr("Passwort der ausgewählten Dienstkraft setzen (nur Administration)")
        )
        tab.toolbar.insertWidget(3, self.password_button)
        self.password_button.clicked.connect(lambda _checked=False: self.set_password())
        tab.table.selectionModel().selectionChanged.connect(
            lambda *_: self.password_button.setEnabled(
                tab.selected_row() is not None and self._is_admin()
            )
        )
        self.password_button.setEnabled(False)

    def _gate_controls(self) -> None:
        """Disabled with "Nur … ." for roles that may not change master data (issue 14)."""
        for tab in self.all_tabs():
            for button in (tab.new_button, tab.edit_button, tab.toggle_button):
                self.gate(button, tab.kind.permission)
        self.gate(self.password_button, Permission.SET_PASSWORDS)

    def search_field(self) -> QWidget | None:
        """Override of Page.search_field: the open tab's search."""
        return self.current_tab().search_edit

    # ------------------------------------------------------------ Page

    def shows(self) -> tuple[Any, ...]:
        """Override of Page.shows: officers, areas, catalogues and templates."""
        return (Entity.OFFICERS, Entity.AREAS, Entity.CATALOG, Entity.TEMPLATES)

    def reload(self) -> None:
        """Override of Page.reload: read all master data, keep each tab's selection."""
        if self.services is None:
            return
        data = self.services.masterdata.load()
        editable = self.services.context.role in (Role.SUPERVISOR, Role.ADMIN)
        for tab in self.all_tabs():
            tab.set_editable(editable)
            tab.set_rows(tab.kind.rows(data), self._pending.pop(tab.key, None))

    # ------------------------------------------------------------ tabs

    def _is_admin(self) -> bool:
        return self.services is not None and self.services.context.role is Role.ADMIN

    def all_tabs(self) -> list[MasterDataTab]:
        return list(self._tabs.values())

    def tab_for(self, kind: str) -> MasterDataTab:
        """The tab of "officers", "areas", "templates" (Entity values) or a CatalogKind."""
        return self._tabs[kind]

    def show_tab(self, kind: str) -> MasterDataTab:
        tab = self.tab_for(kind)
        self.tabs.setCurrentWidget(tab)
        return tab

    def current_tab(self) -> MasterDataTab:
        tab = self.tabs.currentWidget()
        assert isinstance(tab, MasterDataTab)
        return tab

    # ------------------------------------------------------------ records

    def new_in_current_tab(self) -> FormDialog[Any] | None:
        tab = self.current_tab()
        return self.edit_record(tab, None) if tab.editable else None

    def new_record(self, kind: str) -> FormDialog[Any] | None:
        """The form for a new record of ``kind`` (a tab key)."""
        return self.edit_record(self.tab_for(kind), None)

    def edit_selected(self, kind: str) -> FormDialog[Any] | None:
        """The form for the record selected in the tab of ``kind``; None without one."""
        tab = self.tab_for(kind)
        row = tab.selected_row()
        return None if row is None else self.edit_record(tab, row)

    def edit_record(self, tab: MasterDataTab, row: Any) -> FormDialog[Any] | None:
        """The form for ``row`` of ``tab`` (None: a new record); saving selects the record."""
        if self.services is None:
            return None
        masterdata = self.services.masterdata
        kind = tab.kind

        def save(draft: Any) -> None:
            result = kind.save(masterdata, draft, row)  # a UserError keeps the dialog open
            self._pending[tab.key] = (result.value.id, True)
            self.publish(result)

        return self.dialogs.open(kind.form(save, row, tab.model.rows(), self))

    def toggle_record(self, tab: MasterDataTab, row: Any) -> None:
        if self.services is None or not self._confirm(row, tab.kind.deactivate_question(row)):
            return
        masterdata = self.services.masterdata
        self._write(tab.key, row.id, lambda: tab.kind.set_active(masterdata, row, not row.active))

    def set_password(self) -> PasswordDialog | None:
        """An administrator sets the selected officer's password (the service checks the role)."""
        officer = self.officers_tab.selected_row()
        if self.services is None or officer is None:
            return None
        auth = self.services.auth

        def save(passwords: tuple[str, str]) -> None:
            self.publish(auth.set_password(officer.id, passwords[0], passwords[1]))

        return self.dialogs.open(PasswordDialog(save, officer, self))

    @property
    def current_dialog(self) -> QDialog | None:
        """The form open on this page, if any (``dialogs`` hosts it)."""
        return self.dialogs.current

    # ------------------------------------------------------------ helpers

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


def _unit_filter(unit: Unit) -> Callable[[Any], bool]:
    return lambda officer: officer.unit == unit
