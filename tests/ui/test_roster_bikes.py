"""Bike patrols in the Dienstplan: book a bike, a defect at check-in breaks a later booking
(finding and cell marker), the repair clears it; bookings are undoable."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kod_desk.domain.bikes import BikeDraft
from kod_desk.domain.enums import CheckoutStatus, ShiftKind
from kod_desk.domain.roster import RosterShift, ShiftDraft
from kod_desk.domain.timeutil import to_local
from kod_desk.services.registry import Services
from kod_desk.ui.dialogs.booking_dialog import BookingDialog
from kod_desk.ui.models.week_model import SEVERITY_ROLE
from kod_desk.ui.pages.base import ChangeBus
from kod_desk.ui.pages.roster_page import RosterPage
from tests.ui.test_roster_page import MONDAY, add_officers, area

DAY = MONDAY + timedelta(days=1)
LATER = MONDAY + timedelta(days=3)


@pytest.fixture
def page(qtbot: Any, services: Services, settings: Any) -> RosterPage:
    bus = ChangeBus()
    roster = RosterPage(settings, bus)
    bus.changed.connect(roster.on_changes)
    qtbot.addWidget(roster)
    roster.resize(1400, 800)
    roster.attach(services)
    roster.show()
    roster.activate()
    roster.show_week(MONDAY)
    return roster


def bike_patrol(services: Services, day: Any, officers: list[str]) -> RosterShift:
    shift = services.roster.create_shift(
        ShiftDraft(day, time(8), time(14), ShiftKind.BIKE_PATROL, area(services), min_staff=2)
    ).value
    for officer_id in officers:
        services.roster.assign(shift.id, officer_id)
    return services.roster.shift(shift.id)


def add_bikes(services: Services) -> dict[str, str]:
    return {
        number: services.bikes.save_bike(
            BikeDraft(number, model="Pedelec", range_km=100, odometer_km=1000)
        ).value.id
        for number in ("DF-01", "DF-02")
    }


def open_booking(page: RosterPage, officer_id: str, shift: RosterShift) -> BookingDialog:
    assert page.select_cell(officer_id, shift.duty_date)
    assert page.day_table.select_where(lambda s: s.id == shift.id)
    page.side.book_bike_button.click()
    dialog = page.current_dialog
    assert isinstance(dialog, BookingDialog)
    return dialog


def bikes_text(page: RosterPage, shift: RosterShift) -> str:
    for row in range(page.day_model.rowCount()):
        if page.day_model.row_at(row).id == shift.id:
            return str(page.day_model.index(row, 5).data())
    raise AssertionError("duty not in the day list")


def findings_texts(page: RosterPage) -> list[str]:
    return [page.side.findings_list.item(i).text() for i in range(page.side.findings_list.count())]


def severity(page: RosterPage, officer_id: str, day: Any) -> str:
    row = page.week_model.officer_row(officer_id)
    return str(page.week_model.index(row, (day - page.monday).days).data(SEVERITY_ROLE))


def test_book_check_out_and_in_with_a_defect_then_repair(
    page: RosterPage,
    services: Services,
    qtbot: Any,
) -> None:
    ids = add_officers(services)
    bikes = add_bikes(services)
    patrol = bike_patrol(services, DAY, [ids["Albers"], ids["Brandt"]])
    later = bike_patrol(services, LATER, [ids["Albers"]])
    # Albers has DF-01 for the later patrol already.
    services.bikes.book(bikes["DF-01"], later.id, ids["Albers"])
    page.reload()
    assert page.day_model.headerData(5, Qt.Orientation.Horizontal) == "Fahrräder"

    # Book through the dialog: DF-02 is free for the duty, DF-01 too (the later booking
    # does not overlap); free usable bikes come first.
    dialog = open_booking(page, ids["Brandt"], patrol)
    assert [c.bike.inventory_no for c in dialog.choices] == ["DF-01", "DF-02"]
    assert all(c.free for c in dialog.choices)
    range_item = dialog.table.item(0, 2)
    assert range_item is not None
    assert range_item.text() == "100 km"
    assert dialog.select_bike("DF-01")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert bikes_text(page, patrol) == "Brandt, Vor: DF-01"
    assert page.undo_stack.undoText() == "Fahrrad DF-01 für Brandt, Vor buchen"

    # A second booking of the same bike at the same time is refused in the dialog.
    dialog = open_booking(page, ids["Albers"], patrol)
    assert [c.bike.inventory_no for c in dialog.choices] == ["DF-02", "DF-01"]
    assert not dialog.choices[1].free
    assert "gebucht an Brandt, Vor" in dialog.choices[1].state
    assert dialog.select_bike("DF-01")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "schon gebucht an Brandt, Vor" in dialog.error_text()
    assert dialog.isVisible()
    dialog.reject()
    assert not any(f.rule.startswith("bike_") for f in page.week.findings)

    # Brandt rides DF-01 and brings it back with a defect: Albers' later booking breaks.
    start = patrol.starts_at
    out = services.bikes.check_out(bikes["DF-01"], ids["Brandt"], start, 1000, 100, patrol.id)
    page.publish(out)
    back = services.bikes.check_in(
        out.value.id, start + timedelta(hours=6), 1060, 30, "Bremse vorn schleift"
    )
    page.publish(back)
    assert back.value.repair is not None
    unusable = [f for f in page.week.findings if f.rule == "bike_unusable"]
    assert len(unusable) == 1
    assert unusable[0].officer == "K-1"
    assert unusable[0].shifts == (later.id,)
    assert any("Fahrrad DF-01" in t and "defekt" in t for t in findings_texts(page))
    assert page.week.findings[0].severity == "error"  # errors first
    assert severity(page, ids["Albers"], LATER) == "error"
    assert severity(page, ids["Albers"], DAY) == ""
    # The finding leads to the cell and the duty.
    item = next(
        page.side.findings_list.item(i)
        for i in range(page.side.findings_list.count())
        if "defekt" in page.side.findings_list.item(i).text()
    )
    page.side.findings_list.itemClicked.emit(item)
    officer = page.selection.officer()
    assert officer is not None
    assert officer.id == ids["Albers"]
    assert page.day_table.selected_row().id == later.id
    assert bikes_text(page, later) == "Albers, Vor: DF-01"

    # The repair is done: the bike is usable again and the finding clears.
    done = services.bikes.complete_service(
        back.value.repair.id, to_local(start).date(), 4500, "Radhaus", 1060
    )
    page.publish(done)
    assert not any(f.rule.startswith("bike_") for f in page.week.findings)
    assert not any("DF-01" in t for t in findings_texts(page))
    assert severity(page, ids["Albers"], LATER) == ""


def test_booking_and_cancelling_are_undoable(
    page: RosterPage,
    services: Services,
    qtbot: Any,
) -> None:
    ids = add_officers(services)
    bikes = add_bikes(services)
    patrol = bike_patrol(services, DAY, [ids["Albers"], ids["Brandt"]])
    page.reload()
    dialog = open_booking(page, ids["Albers"], patrol)
    assert dialog.select_bike("DF-02")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert bikes_text(page, patrol) == "Albers, Vor: DF-02"

    page.undo_stack.undo()
    assert bikes_text(page, patrol) == ""
    booked = services.bikes.bookings(DAY, DAY)
    assert [b.status for b in booked] == [CheckoutStatus.CANCELLED]
    page.undo_stack.redo()
    assert bikes_text(page, patrol) == "Albers, Vor: DF-02"

    # Cancel the selected officer's booking on the selected duty; undo books it again.
    assert page.select_cell(ids["Albers"], DAY)
    assert page.day_table.select_where(lambda s: s.id == patrol.id)
    page.side.cancel_bike_button.click()
    assert bikes_text(page, patrol) == ""
    assert page.undo_stack.undoText() == "Buchung DF-02 (Albers, Vor) stornieren"
    page.undo_stack.undo()
    assert bikes_text(page, patrol) == "Albers, Vor: DF-02"
    active = [b for b in services.bikes.bookings(DAY, DAY) if b.is_active]
    assert [(b.bike_id, b.officer_id) for b in active] == [(bikes["DF-02"], ids["Albers"])]


def test_a_bike_needs_a_bike_patrol_and_training(page: RosterPage, services: Services) -> None:
    ids = add_officers(services)
    add_bikes(services)
    patrol = services.roster.create_shift(
        ShiftDraft(DAY, time(8), time(14), ShiftKind.PATROL, area(services))
    ).value
    services.roster.assign(patrol.id, ids["Albers"])
    page.reload()
    dialog = open_booking(page, ids["Albers"], services.roster.shift(patrol.id))
    dialog.try_save()
    assert "nur für Radstreifen" in dialog.error_text()
    dialog.reject()
    assert page.undo_stack.count() == 0
