"""Composition root: settings, window, database, services.

The window is shown before anything slow happens: SQLAlchemy, the migrations and the database
are opened on a worker thread afterwards, and the pages fill in when it is done (DESIGN.md §14).
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTimer, QTranslator, Signal
from PySide6.QtWidgets import QApplication

from kod_desk import __version__
from kod_desk.paths import resources_dir, user_data_dir
from kod_desk.ui.main_window import MainWindow
from kod_desk.ui.settings import APPLICATION, ORGANIZATION, Preferences, Settings

if TYPE_CHECKING:
    from kod_desk.services.startup import Opened

LANGUAGE_ENV = "KOD_DESK_LANG"


class DatabaseOpener(QObject):
    """Opens the database on a worker thread and reports back through queued signals."""

    progress = Signal(str)
    opened = Signal(object)
    failed = Signal(str)

    def __init__(self, location: str | None, demo: bool, parent: Any = None) -> None:
        super().__init__(parent)
        self._location = location
        self._demo = demo
        self.worker: threading.Thread | None = None

    def start(self) -> None:
        self.worker = threading.Thread(target=self._run, name="kod-desk-open", daemon=True)
        self.worker.start()

    def _run(self) -> None:
        import logging

        try:
            from kod_desk.domain.errors import UserError
            from kod_desk.services.startup import open_database, resolve_location

            location = resolve_location(self._location, demo=self._demo)
            opened = open_database(location, demo=self._demo, progress=self.progress.emit)
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


class Application:
    """Owns the QApplication, the window and the opener; tests drive it directly."""

    def __init__(
        self, *, db: str | None = None, demo: bool = False, settings_path: str | None = None
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
        self.opener = DatabaseOpener(db, demo)
        self.opener.progress.connect(self.window.set_progress)
        self.opener.opened.connect(self._on_opened)
        self.opener.failed.connect(self.window.show_open_error)
        self.opened: Opened | None = None

    def _language(self) -> str:
        return os.environ.get(LANGUAGE_ENV) or self.settings.get(Preferences.LANGUAGE)

    def start(self) -> None:
        self.window.show()
        # Let the window paint first; only then import SQLAlchemy and open the database.
        QTimer.singleShot(0, self.opener.start)

    def _on_opened(self, opened: Opened) -> None:
        self.opened = opened
        self.window.attach(opened.services, opened.station_name, is_demo=opened.is_demo)
        for note in opened.notes:
            self.window.statusBar().showMessage(note, 15_000)

    def close(self) -> None:
        self.window.close()
        if self.opener.worker is not None:
            self.opener.worker.join(timeout=30)
        if self.opened is not None:
            self.opened.services.close()


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
