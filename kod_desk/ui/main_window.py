"""The main window: navigation, pages, status bar, and the one place where signals are wired."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from kod_desk.ui.pages.base import ChangeBus, DeferredPage, Page
from kod_desk.ui.pages.overview_page import OverviewPage
from kod_desk.ui.settings import Settings, WindowState
from kod_desk.ui.widgets.data_table import DataTable

if TYPE_CHECKING:
    from kod_desk.services.registry import Services
    from kod_desk.ui.pages.masterdata_page import MasterDataPage
    from kod_desk.ui.pages.roster_page import RosterPage


def _roster_page(settings: Settings, bus: ChangeBus) -> Page:
    # Imported when first shown: the window must not wait for pages it does not show yet.
    from kod_desk.ui.pages.roster_page import RosterPage

    return RosterPage(settings, bus)


def _fleet_page(settings: Settings, bus: ChangeBus) -> Page:
    from kod_desk.ui.pages.fleet_page import FleetPage

    return FleetPage(settings, bus)


def _incidents_page(settings: Settings, bus: ChangeBus) -> Page:
    from kod_desk.ui.pages.incidents_page import IncidentsPage

    return IncidentsPage(settings, bus)


def _cases_page(settings: Settings, bus: ChangeBus) -> Page:
    from kod_desk.ui.pages.cases_page import CasesPage

    return CasesPage(settings, bus)


def _masterdata_page(settings: Settings, bus: ChangeBus) -> Page:
    from kod_desk.ui.pages.masterdata_page import MasterDataPage

    return MasterDataPage(settings, bus)


def _reports_page(settings: Settings, bus: ChangeBus) -> Page:
    from kod_desk.ui.pages.reports_page import ReportsPage

    return ReportsPage(settings, bus)


def _statistics_page(settings: Settings, bus: ChangeBus) -> Page:
    from kod_desk.ui.pages.statistics_page import StatisticsPage

    return StatisticsPage(settings, bus)


def _sync_page(settings: Settings, bus: ChangeBus) -> Page:
    from kod_desk.ui.pages.sync_page import SyncPage

    return SyncPage(settings, bus)


def _admin_page(settings: Settings, bus: ChangeBus) -> Page:
    from kod_desk.ui.pages.admin_page import AdminPage

    return AdminPage(settings, bus)


# Keys that belong to the page even when the navigation list has the focus (issue 14: Bild↓
# right after Strg+2 switched to the last page instead of the next week).
PAGE_KEYS = frozenset({Qt.Key.Key_PageUp, Qt.Key.Key_PageDown})


class _PageKeysToPage(QObject):
    """On the navigation list: page keys go to the shown page, never to the list."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Override of QObject.eventFilter."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in PAGE_KEYS
        ):
            target = self.window.focus_page()
            if target is not None:
                again = QKeyEvent(
                    QEvent.Type.KeyPress, event.key(), event.modifiers(), event.text()
                )
                QApplication.sendEvent(target, again)  # shortcuts of the page match first
            return True
        return False


class MainWindow(QMainWindow):
    """Assembles pages, actions and wiring; holds no business logic."""

    database_opened = Signal()
    # The Sicherungen dialog asks to put this backup file in place (app.py reopens).
    restore_requested = Signal(str)

    def __init__(self, settings: Settings, parent: Any = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.services: Services | None = None
        self.bus = ChangeBus(self)
        self.setWindowTitle(self.tr("KOD Desk"))
        self.setMinimumSize(960, 600)

        self.overview = OverviewPage(settings, self.bus)
        # Built when first shown: the window must not wait for what it does not show yet.
        self._masterdata_page = DeferredPage(
            "masterdata",
            self.tr("Stammdaten"),
            lambda: _masterdata_page(settings, self.bus),
            settings,
            self.bus,
        )
        deferred: dict[str, Page] = {}
        deferred["bikes"] = DeferredPage(
            "bikes",
            self.tr("Fahrräder"),
            lambda: _fleet_page(settings, self.bus),
            settings,
            self.bus,
        )
        deferred["incidents"] = DeferredPage(
            "incidents",
            self.tr("Vorkommnisse"),
            lambda: _incidents_page(settings, self.bus),
            settings,
            self.bus,
        )
        deferred["cases"] = DeferredPage(
            "cases",
            self.tr("Ermittlungen"),
            lambda: _cases_page(settings, self.bus),
            settings,
            self.bus,
        )
        deferred["reports"] = DeferredPage(
            "reports",
            self.tr("Berichte"),
            lambda: _reports_page(settings, self.bus),
            settings,
            self.bus,
        )
        deferred["statistics"] = DeferredPage(
            "statistics",
            self.tr("Statistik"),
            lambda: _statistics_page(settings, self.bus),
            settings,
            self.bus,
        )
        deferred["sync"] = DeferredPage(
            "sync",
            self.tr("Synchronisation"),
            lambda: _sync_page(settings, self.bus),
            settings,
            self.bus,
        )
        deferred["admin"] = DeferredPage(
            "admin",
            self.tr("Verwaltung"),
            lambda: _admin_page(settings, self.bus),
            settings,
            self.bus,
        )
        deferred["roster"] = DeferredPage(
            "roster",
            self.tr("Dienstplan"),
            lambda: _roster_page(settings, self.bus),
            settings,
            self.bus,
        )
        order = [
            "overview",
            "roster",
            "bikes",
            "incidents",
            "cases",
            "reports",
            "statistics",
            "sync",
            "masterdata",
            "admin",
        ]
        known: dict[str, Page] = {"overview": self.overview, "masterdata": self._masterdata_page}
        known.update(deferred)
        self.pages: list[Page] = [known[key] for key in order]

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.installEventFilter(_PageKeysToPage(self))
        self.nav.setFixedWidth(190)
        self.stack = QStackedWidget()
        for number, page in enumerate(self.pages, start=1):
            item = QListWidgetItem(page.windowTitle())
            item.setData(Qt.ItemDataRole.UserRole, page.key)
            item.setToolTip(
                self.tr("{title} (Strg+{n})").format(title=page.windowTitle(), n=number % 10)
            )
            self.nav.addItem(item)
            self.stack.addWidget(page)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.loading = QLabel(self.tr("Datenbank wird geöffnet …"))
        self.loading.setObjectName("loadingLabel")
        self.db_label = QLabel()
        self.db_label.setObjectName("databaseLabel")
        self.statusBar().addWidget(self.loading)
        self.statusBar().addPermanentWidget(self.db_label)
        self._page_actions: list[QAction] = []
        self._build_actions()
        self._connect_signals()
        self._restore_state()

    # ------------------------------------------------------------ building

    def _build_actions(self) -> None:
        for number, page in enumerate(self.pages, start=1):
            action = QAction(page.windowTitle(), self)
            action.setShortcut(QKeySequence(f"Ctrl+{number % 10}"))  # the tenth: Strg+0
            action.triggered.connect(lambda _=False, key=page.key: self.go_to_page(key))
            self.addAction(action)
            self._page_actions.append(action)
        self.quick_entry_action = QAction(self.tr("Vorkommnis erfassen"), self)
        self.quick_entry_action.setShortcut(QKeySequence("Ctrl+N"))
        self.quick_entry_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.quick_entry_action.triggered.connect(self.open_quick_entry)
        self.addAction(self.quick_entry_action)
        self.backups_action = QAction(self.tr("Sicherungen …"), self)
        self.backups_action.triggered.connect(self.open_backups)
        self.menuBar().addMenu(self.tr("Datenbank")).addAction(self.backups_action)
        self.find_action = QAction(self.tr("Suchen"), self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)  # Strg+F
        self.find_action.triggered.connect(self.focus_search)
        self.addAction(self.find_action)
        self.lock_action = QAction(self.tr("Sperren / Abmelden"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.addAction(self.lock_action)  # app.py connects it after the login
        quit_action = QAction(self.tr("Beenden"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.addAction(quit_action)

    def _connect_signals(self) -> None:
        """Every signal of this window is connected here (qutebrowser's _connect_signals)."""
        self.nav.currentRowChanged.connect(self._on_nav_row)
        for page in self.pages:
            self.bus.changed.connect(page.on_changes)
        self.bus.navigate.connect(self.show_record)

    def _restore_state(self) -> None:
        geometry = self.settings.get(WindowState.GEOMETRY)
        if geometry and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            screen = self.screen().availableGeometry()
            self.resize(min(1280, int(screen.width() * 0.95)), min(800, int(screen.height() * 0.9)))
        last = self.settings.get(WindowState.LAST_PAGE)
        self.show_page(last if last in self.page_keys() else "overview")

    # ------------------------------------------------------------ pages

    @property
    def roster(self) -> RosterPage:
        page = self.page("roster")
        assert isinstance(page, DeferredPage)
        from kod_desk.ui.pages.roster_page import RosterPage

        real = page.real
        assert isinstance(real, RosterPage)
        return real

    @property
    def masterdata(self) -> MasterDataPage:
        from kod_desk.ui.pages.masterdata_page import MasterDataPage

        page = self._masterdata_page.real
        assert isinstance(page, MasterDataPage)
        return page

    def page_keys(self) -> list[str]:
        return [page.key for page in self.pages]

    def page(self, key: str) -> Page:
        return self.pages[self.page_keys().index(key)]

    def current_page(self) -> Page:
        page = self.pages[self.stack.currentIndex()]
        return page.real if isinstance(page, DeferredPage) else page

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(self.page_keys().index(key))

    def go_to_page(self, key: str) -> None:
        """Strg+1 … Strg+0: show the page and put the focus into it (not the navigation)."""
        self.show_page(key)
        self.focus_page()

    def focus_page(self) -> QWidget | None:
        """Move the focus into the shown page; returns the widget that has it."""
        target = self.current_page().focus_target() or self.stack.currentWidget()
        if target is not None:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return target

    def focus_search(self) -> None:
        """Strg+F: the shown page's search or filter field."""
        if not self.current_page().focus_search():
            self.statusBar().showMessage(self.tr("Diese Seite hat kein Suchfeld."), 3000)

    def show_record(self, key: str, record_id: str) -> bool:
        """Show page ``key`` with the record selected (the bus's ``navigate``)."""
        self.show_page(key)
        return self.current_page().show_record(record_id)

    def _on_nav_row(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        page = self.pages[row]
        self.settings.set(WindowState.LAST_PAGE, page.key)
        page.activate()

    # ------------------------------------------------------------ database

    def set_progress(self, text: str) -> None:
        self.loading.setText(text)

    def attach(self, services: Services, station_name: str, *, is_demo: bool = False) -> None:
        """Hand the open database to every page and show where we are."""
        self.services = services
        for page in self.pages:
            page.attach(services)
        demo = self.tr(" · Demodaten") if is_demo else ""
        self.db_label.setText(
            self.tr("Station: {station} · Datenbank: {location}{demo}").format(
                station=station_name, location=services.db.location, demo=demo
            )
        )
        self.db_label.setToolTip(services.db.location)
        self.loading.setText("")
        self.loading.hide()
        self.setWindowTitle(self.tr("KOD Desk – {station}").format(station=station_name))
        self.current_page().activate()
        self.database_opened.emit()

    def set_user(self, name: str, service_number: str, role: str) -> None:
        """Who is logged in, in the status bar (issue 6); pages follow the new role.

        Another user than before gets no undo history of the previous one (issue 14).
        """
        same_user = getattr(self, "_user_number", None) == service_number.casefold()
        self._user_number = service_number.casefold()
        for page in self.pages:
            page.session_changed(same_user)
        if not hasattr(self, "user_label"):
            self.user_label = QLabel()
            self.user_label.setObjectName("userLabel")
            self.statusBar().addPermanentWidget(self.user_label)
        self.user_label.setText(
            self.tr("Angemeldet: {name} ({number}, {role}) · Strg+L sperrt").format(
                name=name, number=service_number, role=role
            )
        )

    def open_quick_entry(self) -> Any:
        """Strg+N from anywhere: the incident quick entry (its draft survives a crash)."""
        if self.services is None:
            self.statusBar().showMessage(self.tr("Die Datenbank wird noch geöffnet …"), 5000)
            return None
        from kod_desk.ui.quick_entry import open_quick_entry

        return open_quick_entry(
            self, self.services, lambda result: self.bus.changed.emit(result.changes)
        )

    def show_open_error(self, message: str, *, offer_restore: bool = False) -> bool:
        """The open failed; with ``offer_restore`` True when the user chose to restore."""
        self.loading.setText(self.tr("Keine Datenbank geöffnet."))
        if not offer_restore:
            QMessageBox.critical(self, self.tr("Datenbank lässt sich nicht öffnen"), message)
            return False
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("Datenbank beschädigt"), message)
        box.setObjectName("damagedDatabaseBox")
        box.setParent(self, box.windowFlags())
        restore = box.addButton(
            self.tr("Neueste Sicherung wiederherstellen"), QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton(self.tr("Beenden"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore)
        box.exec()
        return box.clickedButton() is restore

    def open_backups(self) -> Any:
        """Datenbank → Sicherungen …: list, back up now, restore."""
        if self.services is None:
            self.statusBar().showMessage(self.tr("Die Datenbank wird noch geöffnet …"), 5000)
            return None
        from kod_desk.ui.dialogs.backup_dialog import BackupDialog

        dialog = BackupDialog(self.services, self.settings, self)
        dialog.restore_requested.connect(self.restore_requested)
        dialog.open()
        return dialog

    # ------------------------------------------------------------ Qt overrides

    def closeEvent(self, event: QCloseEvent) -> None:
        """Override of QMainWindow.closeEvent: remember geometry, page and column widths."""
        self.settings.set(WindowState.GEOMETRY, self.saveGeometry())
        for table in self.findChildren(DataTable):
            table.save_widths()
        self.settings.sync()
        super().closeEvent(event)
