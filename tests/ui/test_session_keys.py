"""Page keys, Strg+F, the lock texts, undo across logins and the role walk (issue 14).

Keys go to the focused widget (tests/ui/keyboard.py); the data is checked in the database.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from kod_desk.domain.enums import Role, ShiftKind
from kod_desk.domain.permissions import may, who_may
from kod_desk.domain.roster import ShiftDraft
from kod_desk.services.demo.unit import DEMO_ADMIN, DEMO_OFFICER
from kod_desk.ui.dialogs.login_dialog import LoginDialog, Mode
from kod_desk.ui.roster_commands import CreateShiftCommand
from tests.ui.keyboard import Keyboard

CTRL = Qt.KeyboardModifier.ControlModifier


def test_page_down_after_ctrl_2_stays_on_the_roster_and_turns_the_week(  # type: ignore[no-untyped-def]
    qtbot, app_factory, demo_db: Path
) -> None:
    window = app_factory(demo_db).window
    window.activateWindow()
    window.nav.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.nav)
    keyboard = Keyboard(qtbot)
    keyboard.press(Qt.Key.Key_2, CTRL)
    assert window.current_page().key == "roster"
    roster = window.roster
    assert roster.isAncestorOf(keyboard.focus)  # the focus went into the page
    before = roster.monday
    keyboard.press(Qt.Key.Key_PageDown)
    assert window.current_page().key == "roster"
    assert roster.monday == before + timedelta(days=7)

    # Even with the focus back in the navigation, Bild↑ turns the week and keeps the page.
    window.nav.setFocus()
    keyboard.press(Qt.Key.Key_PageUp)
    assert window.current_page().key == "roster"
    assert roster.monday == before

    # Strg+F: the page's search field (Vorkommnisse: the full-text search).
    keyboard.press(Qt.Key.Key_4, CTRL)
    keyboard.press(Qt.Key.Key_F, CTRL)
    assert keyboard.focus is window.current_page().search_edit
    keyboard.report("Bild↓ nach Strg+2")


def login_dialog(qtbot, application) -> LoginDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: application.login_dialog is not None, timeout=30_000)
    dialog = application.login_dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog  # type: ignore[no-any-return]


def test_undo_belongs_to_the_user_and_the_lock_says_why(  # type: ignore[no-untyped-def]
    qtbot, app_factory, demo_db: Path
) -> None:
    application = app_factory(demo_db, wait=False, login=True)
    dialog = login_dialog(qtbot, application)
    keyboard = Keyboard(qtbot)
    dialog.service_number_edit.setFocus()
    keyboard.type(DEMO_ADMIN[0])
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.type(DEMO_ADMIN[1])
    with qtbot.waitSignal(application.window.database_opened, timeout=10_000):
        keyboard.press(Qt.Key.Key_Return)
    window = application.window
    window.activateWindow()
    keyboard.press(Qt.Key.Key_2, CTRL)
    roster = window.roster
    services = window.services
    # The administrator plans a duty: one undo step on the roster.
    day = date.today() + timedelta(days=120)
    area = services.masterdata.areas()[0].id
    draft = ShiftDraft(day, time(8), time(16), ShiftKind.PATROL, area, note="Undo-Probe")
    command = CreateShiftCommand(services.roster, roster.writer.notify, draft)
    command.perform()
    roster.undo_stack.push(command)
    assert roster.undo_stack.count() == 1

    # Strg+L: the lock says it was locked by hand.
    keyboard.press(Qt.Key.Key_L, CTRL)
    lock = login_dialog(qtbot, application)
    assert lock.mode is Mode.UNLOCK
    assert lock.intro.text().startswith("Gesperrt (manuell, Strg+L)")
    # Another officer logs in at the locked window …
    lock.service_number_edit.setFocus()
    lock.service_number_edit.selectAll()
    keyboard.type(DEMO_OFFICER[0])
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.type(DEMO_OFFICER[1])
    with qtbot.waitSignal(window.database_opened, timeout=10_000):
        keyboard.press(Qt.Key.Key_Return)
    assert services.context.role is Role.OFFICER
    # … and Strg+Z has nothing of the administrator's to undo (no "Unbehandelter Fehler").
    window.activateWindow()
    keyboard.press(Qt.Key.Key_2, CTRL)
    assert window.roster.undo_stack.count() == 0
    keyboard.press(Qt.Key.Key_Z, CTRL)
    week = services.roster.period(day, day)
    assert [s.note for s in week.shifts] == ["Undo-Probe"]  # the duty is still there


def test_the_idle_lock_says_it_came_from_inactivity(qtbot: Any) -> None:
    idle = LoginDialog(object(), Mode.UNLOCK, "K-1000")  # type: ignore[arg-type]
    manual = LoginDialog(object(), Mode.UNLOCK, "K-1000", manual=True)  # type: ignore[arg-type]
    qtbot.addWidget(idle)
    qtbot.addWidget(manual)
    assert idle.intro.text().startswith("Nach längerer Untätigkeit gesperrt.")
    assert manual.intro.text().startswith("Gesperrt (manuell, Strg+L).")


# Buttons an officer may press that change nothing another role keeps for itself: reading,
# searching, exporting what they may see, reports, and their own bikes and incidents.
OFFICER_MAY_OPEN = {  # read or export what the officer may see
    "Woche exportieren (CSV, Excel)…",
    "Nachweis über 8 h je Tag (§16 ArbZG)…",
    "Dienste der markierten Dienstkraft als Kalender (.ics)…",
    "Liste als CSV (Excel)…",
    "Orte als GeoJSON…",
    "Liste drucken (PDF)…",
    "&Ausgeben…",  # the bike booked to the officer's own duty (issue 14 item 5)
    "&Zurücknehmen…",
}
OFFICER_MAY_PRESS = {
    "Aktualisieren",
    "Heute",
    "◀",
    "▶",
    "Schichtbericht",
    "&Schichtbericht",
    "&Vorschau erstellen",
    "Paket &exportieren…",
    "Schlüsseldatei &speichern…",
}


def controls(page: QWidget) -> list[QAbstractButton | QAction]:
    found: list[Any] = [b for b in page.findChildren(QAbstractButton) if b.isVisibleTo(page)]
    found += [a for a in page.findChildren(QAction) if a.text()]
    return found


@pytest.mark.parametrize("role", [Role.OFFICER, Role.SUPERVISOR, Role.ADMIN])
def test_role_walk(qtbot, app_factory, demo_db: Path, role: Role) -> None:  # type: ignore[no-untyped-def]
    """Each role visits each page: what it may not do is disabled and says who may."""
    window = app_factory(demo_db).window
    services = window.services
    supervisor = next(o for o in services.masterdata.officers() if o.role is Role.SUPERVISOR)
    services.auth.set_password(supervisor.id, "Leitung-am-Markt-7", "Leitung-am-Markt-7")
    login = {
        Role.OFFICER: DEMO_OFFICER,
        Role.SUPERVISOR: (supervisor.service_number, "Leitung-am-Markt-7"),
        Role.ADMIN: DEMO_ADMIN,
    }[role]
    session = services.auth.login(*login)
    assert session.role is role
    window.set_user(session.display_name, session.service_number, role.label)
    gated_somewhere = 0
    for key in window.page_keys():
        window.show_page(key)
        page = window.current_page()
        gates = page.gates()
        gated = {id(target) for target, _ in gates}
        for target, permission in gates:
            gated_somewhere += 1
            if may(role, permission):
                assert target.toolTip() != who_may(permission), (key, target.text())
            else:
                assert not target.isEnabled(), (key, target.text())
                assert target.toolTip() == who_may(permission), (key, target.text())
                assert target.toolTip().startswith("Nur ")
        if role is Role.OFFICER:
            # Every other enabled button is one an officer may press.
            loose = [
                c.text()
                for c in controls(page)
                if id(c) not in gated and c.isEnabled() and c.text() not in OFFICER_MAY_PRESS
            ]
            forms = [text for text in loose if text.endswith("…") and text not in OFFICER_MAY_OPEN]
            assert forms == [], key
    assert gated_somewhere > 30
