"""Login in the real application (issue 6 item 1): first administrator, login, idle lock."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kod_desk.domain.auth import LOGIN_FAILED
from kod_desk.ui.dialogs.login_dialog import Mode

DEMO_USER, DEMO_PASSWORD = "K-1000", "kod-demo-2026"


def login_dialog(qtbot, application):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: application.login_dialog is not None, timeout=30_000)
    dialog = application.login_dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_first_start_creates_the_administrator(qtbot, app_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    application = app_factory(tmp_path / "neu.sqlite", wait=False, login=True)
    dialog = login_dialog(qtbot, application)
    assert dialog.mode is Mode.FIRST_ADMIN
    assert dialog.windowTitle() == "Ersten Administrator anlegen"
    assert not application.window.nav.isEnabled() or application.window.services is None
    qtbot.keyClicks(dialog.service_number_edit, "A-1")
    qtbot.keyClicks(dialog.last_name_edit, "Koch")
    qtbot.keyClicks(dialog.first_name_edit, "Patrick")
    qtbot.keyClicks(dialog.password_edit, "kurz")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert "mindestens 10 Zeichen" in dialog.error_label.text()
    qtbot.keyClicks(dialog.password_edit, "Erster-Admin-2026")
    qtbot.keyClicks(dialog.repeat_edit, "Erster-Admin-2026")
    with qtbot.waitSignal(application.window.database_opened, timeout=10_000):
        qtbot.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)
    assert "Patrick Koch (A-1, Administration)" in application.window.user_label.text()


def test_login_with_the_keyboard_after_wrong_passwords(qtbot, app_factory, demo_db: Path) -> None:  # type: ignore[no-untyped-def]
    application = app_factory(demo_db, wait=False, login=True)
    dialog = login_dialog(qtbot, application)
    assert dialog.mode is Mode.LOGIN
    assert application.window.services is None  # nothing shown before the login
    for attempt in (1, 2):
        dialog.service_number_edit.clear()
        qtbot.keyClicks(dialog.service_number_edit, DEMO_USER if attempt == 1 else "K-9999")
        qtbot.keyClick(dialog.service_number_edit, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.password_edit, "falsches-passwort")
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        assert dialog.error_label.text() == LOGIN_FAILED
    # The second failure makes the button wait (counted per dialog, not per account).
    assert not dialog.ok_button.isEnabled()
    assert dialog.ok_button.text() == "Bitte 1 s warten …"
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=3_000)
    dialog.service_number_edit.clear()
    qtbot.keyClicks(dialog.service_number_edit, DEMO_USER.lower())
    qtbot.keyClick(dialog.service_number_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.password_edit, DEMO_PASSWORD)
    with qtbot.waitSignal(application.window.database_opened, timeout=10_000):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert "Patrick Koch (K-1000, Administration)" in application.window.user_label.text()
    assert application.window.services.context.actor == "K-1000"


def test_idle_lock_hides_the_data_and_unlocks_with_the_password(  # type: ignore[no-untyped-def]
    qtbot, app_factory, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KOD_DESK_IDLE_MSEC", "400")
    application = app_factory(demo_db, wait=False, login=True)
    dialog = login_dialog(qtbot, application)
    qtbot.keyClicks(dialog.service_number_edit, DEMO_USER)
    qtbot.keyClicks(dialog.password_edit, DEMO_PASSWORD)
    with qtbot.waitSignal(application.window.database_opened, timeout=10_000):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    central = application.window.centralWidget()
    assert central.isVisible()
    lock = login_dialog(qtbot, application)  # after 0.4 s without a key or a click
    assert lock.mode is Mode.UNLOCK
    assert not central.isVisible()
    assert lock.service_number_edit.text() == DEMO_USER
    qtbot.keyClicks(lock.password_edit, DEMO_PASSWORD)
    qtbot.keyClick(lock.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(central.isVisible, timeout=5_000)
    assert application.window.services.context.actor == "K-1000"
