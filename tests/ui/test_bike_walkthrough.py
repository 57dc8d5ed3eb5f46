"""Walkthrough (issue 14): an officer takes out the bike booked to their bike patrol and brings
it back, logged in and with the keyboard only, from the Übersicht."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from kod_desk.domain.bikes import Availability
from kod_desk.domain.enums import Role, ShiftKind
from kod_desk.domain.roster import ShiftDraft
from kod_desk.domain.timeutil import BERLIN
from kod_desk.services.registry import Services
from kod_desk.storage.database import Database
from kod_desk.ui.dialogs.bike_handover_dialogs import CheckInDialog, CheckOutDialog
from tests import raw_sql
from tests.ui.keyboard import Keyboard
from tests.ui.test_login import login_dialog

PASSWORD = "Radstreife-2026"
ALT = Qt.KeyboardModifier.AltModifier


def prepare(path: Path) -> tuple[str, str, str]:
    """A demo officer with a password on a bike patrol running now, a bike booked to them.

    Returns the officer's service number, the booking id and the bike id.
    """
    services = Services.create(Database.open(str(path)), actor="test")
    try:
        start = (datetime.now(BERLIN) - timedelta(hours=1)).replace(
            minute=0, second=0, microsecond=0
        )
        end = start + timedelta(hours=8)
        week = services.roster.period(start.date() - timedelta(days=1), end.date())
        span = (start, end)

        def busy(officer_id: str) -> bool:
            return any(
                shift.starts_at < span[1]
                and span[0] < shift.ends_at
                and any(m.officer_id == officer_id for m in shift.crew)
                for shift in week.shifts
            )

        officer = next(
            o
            for o in services.masterdata.officers(include_inactive=False)
            if o.role is Role.OFFICER and o.has_bike_training and not busy(o.id)
        )
        services.auth.set_password(officer.id, PASSWORD)
        area = services.masterdata.areas(include_inactive=False)[0].id
        shift = services.roster.create_shift(
            ShiftDraft(start.date(), time(start.hour), time(end.hour), ShiftKind.BIKE_PATROL, area)
        ).value
        services.roster.assign(shift.id, officer.id)
        for row in services.bikes.fleet():
            if not row.bike.is_usable or row.availability is not Availability.FREE:
                continue
            try:
                booking = services.bikes.book(row.bike.id, shift.id, officer.id).value
            except Exception:  # taken later in the duty: try the next bike
                continue
            return officer.service_number, booking.id, row.bike.id
        raise AssertionError("no free bike in the demo")
    finally:
        services.close()


def window_manager_activates(qtbot: Any, window: Any) -> None:
    """What the window manager does when a dialog closes: the main window is active again
    (the offscreen platform leaves no window active)."""
    with qtbot.waitActive(window):
        window.activateWindow()


def test_an_officer_takes_out_their_booked_bike_and_brings_it_back_with_the_keyboard(
    qtbot: Any, app_factory: Any, demo_db: Path
) -> None:
    number, booking_id, bike_id = prepare(demo_db)
    application = app_factory(demo_db, wait=False, login=True)
    login = login_dialog(qtbot, application)
    keys = Keyboard(qtbot)
    keys.type(number)
    keys.press(Qt.Key.Key_Tab)
    keys.type(PASSWORD)
    with qtbot.waitSignal(application.window.database_opened, timeout=10_000):
        keys.press(Qt.Key.Key_Return)
    assert not login.isVisible()
    window = application.window
    services = window.services
    assert services.context.role is Role.OFFICER
    overview = window.current_page()
    window_manager_activates(qtbot, window)

    # Alt+A on the Übersicht: the dialog starts on the bike booked to the officer's patrol.
    keys.press(Qt.Key.Key_A, ALT)
    qtbot.waitUntil(lambda: overview.current_dialog is not None)  # a mnemonic clicks animated
    out = overview.current_dialog
    assert isinstance(out, CheckOutDialog)
    assert out.bike.id == bike_id
    assert out.officer_combo.currentText().startswith(services.context.display_name.split()[-1])
    odometer = out.km_spin.value()
    # Bike and rider are the booking's: the reading comes first.
    qtbot.waitUntil(out.km_spin.hasFocus)
    keys.type(str(odometer + 2))  # the reading on the bike
    if out.bike.is_pedelec:
        keys.press(Qt.Key.Key_S, ALT)
        keys.type("95")
    keys.press(Qt.Key.Key_Return)
    assert overview.current_dialog is None, out.error_text()
    window_manager_activates(qtbot, window)

    # Back from the patrol: Alt+Z, the km, Alt+S and the battery, Enter.
    keys.press(Qt.Key.Key_Z, ALT)
    qtbot.waitUntil(lambda: overview.current_dialog is not None)
    back = overview.current_dialog
    assert isinstance(back, CheckInDialog)
    assert back.checkout.id == booking_id
    qtbot.waitUntil(back.km_spin.hasFocus)
    keys.type(str(odometer + 3))
    if back.bike.is_pedelec:
        keys.press(Qt.Key.Key_S, ALT)
        keys.type("71")
    keys.press(Qt.Key.Key_Return)
    assert overview.current_dialog is None, back.error_text()

    connection = raw_sql.connect(demo_db)
    try:
        row = connection.execute(
            "SELECT status, km_out, km_in, battery_out, battery_in FROM bike_checkout WHERE id = ?",
            (booking_id,),
        ).fetchone()
        (odometer_now,) = connection.execute(
            "SELECT odometer_km FROM bike WHERE id = ?", (bike_id,)
        ).fetchone()
    finally:
        connection.close()
    pedelec = back.bike.is_pedelec
    assert row == (
        "returned",
        odometer + 2,
        odometer + 3,
        95 if pedelec else None,
        71 if pedelec else None,
    )
    assert odometer_now == odometer + 3
    line = keys.report("Fahrrad aus- und zurückgeben (Dienstkraft)")
    assert keys.count <= 8, line
