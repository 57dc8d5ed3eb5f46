"""GUI fixtures: a demo database made once per session and copied for each test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kod_desk.services.startup import open_database


@pytest.fixture(autouse=True)
def _no_window_outlives_its_test(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Hide what a test left on screen (a dialog still open, a Vorschlag window whose run
    ended after the test): a later test in the same process must find the focus where its
    own window puts it (test_keyboard_model failed now and then with the focus in the
    Vorschlag list of an earlier test). Hidden, not closed: closing may ask a question."""
    yield
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.hide()
    QApplication.processEvents()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    opened = open_database(str(path), demo=True, demo_incidents=300)
    opened.services.close()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "demo.sqlite"
    shutil.copy(demo_template, target)
    return target


@pytest.fixture
def app_factory(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator:  # type: ignore[no-untyped-def]
    """Start the real Application (window + worker-thread open) and wait until it is ready."""
    from kod_desk.app import Application

    monkeypatch.delenv("KOD_DESK_DB", raising=False)
    started: list[Application] = []

    def start(  # type: ignore[no-untyped-def]
        db: Path | str, *, settings_name: str = "settings.ini", wait: bool = True, login=False
    ):
        # Without login: the screens under test act as administrator (tests/ui/test_login.py
        # tests the login itself).
        application = Application(
            db=str(db), settings_path=str(tmp_path / settings_name), login=login
        )
        qtbot.addWidget(application.window)
        started.append(application)
        if wait:
            with qtbot.waitSignal(application.window.database_opened, timeout=30_000):
                application.start()
        else:
            application.start()
        return application

    yield start
    for application in started:
        application.close()


def now_utc() -> datetime:
    return datetime.now(UTC)
