"""Composition root: settings, window, database, services.

The window is shown before anything slow happens: SQLAlchemy, the migrations and the database
are opened on a worker thread afterwards, and the pages fill in when it is done (DESIGN.md §14).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QObject,
    QTimer,
    QTranslator,
    Signal,
)
from PySide6.QtWidgets import QApplication

from kod_desk import __version__
from kod_desk.paths import resources_dir, user_data_dir
from kod_desk.ui.background import Background
from kod_desk.ui.main_window import MainWindow
from kod_desk.ui.settings import APPLICATION, ORGANIZATION, Preferences, Settings

if TYPE_CHECKING:
    from kod_desk.services.startup import Opened

LANGUAGE_ENV = "KOD_DESK_LANG"
# The idle lock in milliseconds instead of the database's minutes (tests).
IDLE_MSEC_ENV = "KOD_DESK_IDLE_MSEC"
# Automatic backups while the window is open (DESIGN.md §11; rotation in domain/storage_rules).
BACKUP_INTERVAL_MS = 60 * 60 * 1000


class DatabaseOpener(QObject):
    """Opens the database on a worker thread and reports back through queued signals."""

    progress = Signal(str)
    opened = Signal(object)
    failed = Signal(str)
    # A damaged database was moved aside and a good backup exists: offer to restore it.
    damaged = Signal(str)
    # A backup on start (or hourly) failed: its German message for the status bar.
    backup_failed = Signal(str)

    def __init__(
        self, location: str | None, demo: bool, parent: Any = None, *, restore: str | None = None
    ) -> None:
        super().__init__(parent)
        self._location = location
        self._demo = demo
        # None: just open; "": restore the newest good backup first; else that backup file.
        self._restore = restore
        self.location: str | None = None
        self._worker = Background("kod-desk-open", self)

    def start(self) -> None:
        self._worker.start(lambda _progress: self._run())

    def join(self, timeout: float | None = None) -> None:
        """Wait for the opening (and the backup on start) to end."""
        self._worker.join(timeout)

    def _run(self) -> None:
        import logging

        try:
            from kod_desk.domain.errors import UserError
            from kod_desk.domain.storage_rules import DamagedDatabaseError
            from kod_desk.services.startup import open_database, resolve_location

            location = resolve_location(self._location, demo=self._demo)
            self.location = location
            if self._restore is not None:
                from kod_desk.services.backups import restore

                self.progress.emit(
                    QCoreApplication.translate("DatabaseOpener", "Sicherung wird zurückgeholt …")
                )
                restore(location, self._restore or None)
            opened = open_database(
                location, demo=self._demo, progress=self.progress.emit, exclusive=True
            )
        except DamagedDatabaseError as error:
            if error.newest_backup:
                self.damaged.emit(error.message)
            else:
                self.failed.emit(error.message)
            return
        except UserError as error:
            self.failed.emit(error.message)
            return
        except Exception as error:
            logging.getLogger(__name__).exception("Datenbank konnte nicht geöffnet werden")
            self.failed.emit(
                f"Die Datenbank konnte nicht geöffnet werden: {type(error).__name__}: {error}"
            )
            return
        self.opened.emit(opened)
        if not opened.is_demo:
            from kod_desk.services.backups import START_REASON

            run_backup(opened, START_REASON, self.backup_failed.emit)


def run_backup(opened: Opened, reason: str, report: Any) -> None:
    """One automatic backup (worker thread): the backup API copies while others write."""
    import logging

    from kod_desk.domain.errors import UserError

    try:
        opened.services.backups.make(reason)
    except UserError as error:
        logging.getLogger(__name__).warning("Sicherung fehlgeschlagen: %s", error.message)
        report(error.message)
    except Exception:
        logging.getLogger(__name__).exception("Sicherung fehlgeschlagen")
        report(
            QCoreApplication.translate(
                "DatabaseOpener", "Die automatische Sicherung ist fehlgeschlagen (siehe Protokoll)."
            )
        )


class Application:
    """Owns the QApplication, the window and the opener; tests drive it directly."""

    def __init__(
        self,
        *,
        db: str | None = None,
        demo: bool = False,
        settings_path: str | None = None,
        login: bool = True,
    ) -> None:
        existing = QApplication.instance()
        self.qt_app: QApplication = (
            existing if isinstance(existing, QApplication) else QApplication(sys.argv)
        )
        self.qt_app.setOrganizationName(ORGANIZATION)
        self.qt_app.setApplicationName(APPLICATION)
        self.qt_app.setApplicationVersion(__version__)
        self.settings = Settings(settings_path)
        self.translators = install_translators(self.qt_app, self._language())
        apply_stylesheet(self.qt_app)
        self.window = MainWindow(self.settings)
        self.opener = self._make_opener(db, demo)
        self.opened: Opened | None = None
        # Without login (tests of other screens) the services act as administrator, as the CLI.
        self.login = login
        self.login_dialog: Any = None
        self.idle: Any = None
        self._user: str | None = None
        self.backup_timer = QTimer(self.qt_app)
        self.backup_timer.setInterval(BACKUP_INTERVAL_MS)
        self.backup_timer.timeout.connect(self.backup_now)
        self.backups = Background("kod-desk-backup", self.qt_app)
        self.retention = Background("kod-desk-retention", self.qt_app)
        self.retention.finished.connect(self._on_retention_done)
        self.window.restore_requested.connect(self.restore_backup)

    def _make_opener(
        self, db: str | None, demo: bool, restore: str | None = None
    ) -> DatabaseOpener:
        opener = DatabaseOpener(db, demo, restore=restore)
        opener.progress.connect(self.window.set_progress)
        opener.opened.connect(self._on_opened)
        opener.failed.connect(self.window.show_open_error)
        opener.damaged.connect(self._on_damaged)
        opener.backup_failed.connect(self._on_backup_failed)
        return opener

    def _on_damaged(self, message: str) -> None:
        """The damaged file was moved aside: restore the newest good backup, or quit."""
        if self.window.show_open_error(message, offer_restore=True):
            self._reopen(restore="")
        else:
            self.window.close()

    def restore_backup(self, backup: str) -> None:
        """From the Sicherungen dialog: close the database, put the backup in place, reopen."""
        self._reopen(restore=backup)

    def _reopen(self, *, restore: str) -> None:
        location = self.opener.location
        self.backup_timer.stop()
        self.opener.join(timeout=30)
        if self.opened is not None:
            location = self.opened.location
            self.opened.close()
            self.opened = None
        self.window.services = None
        self.window.loading.show()
        self.opener = self._make_opener(location, False, restore)
        self.opener.start()

    def backup_now(self) -> bool:
        """The hourly backup, on a worker thread (the window keeps working meanwhile);
        False when there is nothing to back up (no database, the demo) or one still runs."""
        from kod_desk.services.backups import HOURLY_REASON

        opened = self.opened
        if opened is None or opened.is_demo or self.backups.running:
            return False
        report = self.opener.backup_failed.emit
        self.backups.start(lambda _progress: run_backup(opened, HOURLY_REASON, report))
        return True

    def _on_backup_failed(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 60_000)

    def _language(self) -> str:
        return os.environ.get(LANGUAGE_ENV) or self.settings.get(Preferences.LANGUAGE)

    def start(self) -> None:
        self.window.show()
        # Let the window paint first; only then import SQLAlchemy and open the database.
        QTimer.singleShot(0, self.opener.start)

    def _on_opened(self, opened: Opened) -> None:
        self.opened = opened
        self.backup_timer.start()
        self._run_retention()
        if not self.login:
            self._attach()
            return
        from kod_desk.ui.dialogs.login_dialog import LoginDialog, Mode

        first = opened.services.auth.needs_first_admin()
        self._ask_login(LoginDialog(opened.services, Mode.FIRST_ADMIN if first else Mode.LOGIN))

    def _run_retention(self) -> None:
        """Purge personal data past its retention period, once per start, off the GUI thread."""
        assert self.opened is not None
        services = self.opened.services
        self.retention.start(lambda _progress: services.retention.run_scheduled())

    def _on_retention_done(self, _request: int, outcome: Any) -> None:
        import logging

        from kod_desk.domain.errors import UserError

        if isinstance(outcome, BaseException):
            if not isinstance(outcome, UserError):
                logging.getLogger(__name__).error("Bereinigung beim Start", exc_info=outcome)
            text = QCoreApplication.translate(
                "Application", "Datenschutz: Die Bereinigung beim Start ist fehlgeschlagen: {error}"
            ).format(error=getattr(outcome, "message", str(outcome)))
            self.window.statusBar().showMessage(text, 30_000)
            return
        if outcome.value.persons:
            self.window.bus.changed.emit(outcome.changes)
            text = QCoreApplication.translate(
                "Application",
                "Datenschutz: {persons} Personen aus {incidents} Vorkommnissen gelöscht "
                "(Aufbewahrungsfrist abgelaufen).",
            ).format(persons=outcome.value.persons, incidents=outcome.value.incidents)
            self.window.statusBar().showMessage(text, 30_000)

    # ------------------------------------------------------------ login and idle lock

    def _ask_login(self, dialog: Any) -> None:
        """The login (or unlock) dialog, modal over the window; cancel quits."""
        self.login_dialog = dialog
        dialog.setParent(self.window, dialog.windowFlags())
        dialog.accepted.connect(self._on_login)
        dialog.rejected.connect(self.window.close)
        dialog.open()

    def _on_login(self) -> None:
        session = self.login_dialog.session
        self.login_dialog = None
        self.window.set_user(session.display_name, session.service_number, session.role.label)
        self._show_data(True)
        if self.window.services is None or self._user != session.officer_id:
            self._attach()  # the first login or another user: every page loads anew
        self._user = session.officer_id
        self._watch_idle()
        self.window.activateWindow()
        self.window.focus_page()  # the keyboard works right away, in the page shown

    def _show_data(self, visible: bool) -> None:
        central = self.window.centralWidget()
        if central is not None:
            central.setVisible(visible)

    def _attach(self) -> None:
        assert self.opened is not None
        opened = self.opened
        self.window.attach(opened.services, opened.station_name, is_demo=opened.is_demo)
        for note in opened.notes:
            self.window.statusBar().showMessage(note, 15_000)

    def _watch_idle(self) -> None:
        from kod_desk.ui.lock import IdleWatcher

        assert self.opened is not None
        if self.idle is None:
            minutes = self.opened.services.auth.policy().idle_minutes
            msec = int(os.environ.get(IDLE_MSEC_ENV) or minutes * 60_000)
            self.idle = IdleWatcher(msec, self.window)
            self.qt_app.installEventFilter(self.idle)
            self.idle.idle.connect(lambda: self.lock(manual=False))
            self.window.lock_action.triggered.connect(lambda _checked=False: self.lock(manual=True))
        self.idle.start()

    def lock(self, *, manual: bool = False) -> None:
        """Hide the data and ask for the password again (or another officer's login).

        ``manual``: Strg+L (the lock dialog says so) instead of the idle timeout.
        """
        from kod_desk.ui.dialogs.login_dialog import LoginDialog, Mode

        if self.opened is None or self.login_dialog is not None or self.idle is None:
            return
        self.idle.stop()
        for widget in self.qt_app.topLevelWidgets():
            if widget is not self.window and widget.isVisible() and widget.isModal():
                widget.close()  # an open form must not stay readable behind the lock
        self._show_data(False)
        services = self.opened.services
        user = services.context.actor
        services.auth.logout()
        self._ask_login(LoginDialog(services, Mode.UNLOCK, user, manual=manual))

    def close(self) -> None:
        self.window.close()
        self.opener.join(timeout=30)
        self.backup_timer.stop()
        self.retention.join(timeout=60)
        self.backups.join(timeout=60)
        if self.opened is not None:
            self.opened.close()


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """Qt's own German texts (Ja/Nein/Abbrechen) and, for English, our translation."""
    translators: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_translator = QTranslator(app)
    if qt_translator.load(QLocale(language), "qtbase", "_", qt_dir):
        app.installTranslator(qt_translator)
        translators.append(qt_translator)
    if language != "de":
        ours = QTranslator(app)
        folder = str(resources_dir() / "translations")
        if ours.load(f"kod_desk_{language}", folder):
            app.installTranslator(ours)
            translators.append(ours)
    QLocale.setDefault(
        QLocale(QLocale.Language.German, QLocale.Country.Germany)
        if language == "de"
        else QLocale(language)
    )
    return translators


def apply_stylesheet(app: QApplication) -> None:
    path = resources_dir() / "styles" / "app.qss"
    if path.exists():
        app.setStyleSheet(Path(path).read_text(encoding="utf-8"))


def setup_logging() -> Path | None:
    """Log to a rotating file in the user data folder (what IT asks for after a problem)."""
    import logging
    from logging.handlers import RotatingFileHandler

    handlers: list[logging.Handler] = [logging.StreamHandler()]
    log_file: Path | None = user_data_dir() / "logs" / "kod_desk.log"
    try:
        assert log_file is not None
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(
            RotatingFileHandler(log_file, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
        )
    except OSError:
        log_file = None
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=handlers,
    )
    return log_file


def install_excepthook(window: MainWindow) -> None:
    """A bug in a slot shows a German message instead of vanishing into stderr."""
    from kod_desk.ui.messages import show_error

    def hook(kind: type[BaseException], error: BaseException, trace: Any) -> None:
        import logging

        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        logging.getLogger(__name__).error("Unbehandelter Fehler", exc_info=(kind, error, trace))
        show_error(window, error)

    sys.excepthook = hook


def run_gui(*, db: str | None, demo: bool, settings_path: str | None = None) -> int:
    """Start the window; returns the process exit code."""
    application = Application(db=db, demo=demo, settings_path=settings_path)
    install_excepthook(application.window)
    application.start()
    # The window paints first; the log file is set up right after.
    QTimer.singleShot(0, setup_logging)
    code = application.qt_app.exec()
    application.close()
    return int(code)
