"""The Fahrräder page driven like the station would: new bike, hand out, take back, repair."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from kod_desk.domain.bikes import BikeDraft
from kod_desk.domain.enums import Unit
from kod_desk.domain.masterdata import OfficerDraft
from kod_desk.services.registry import Services
from kod_desk.ui.dialogs.bike_dialog import BikeDialog
from kod_desk.ui.dialogs.bike_handover_dialogs import CheckInDialog, CheckOutDialog
from kod_desk.ui.dialogs.bike_service_dialogs import CompleteServiceDialog
from kod_desk.ui.pages.base import ChangeBus
from kod_desk.ui.pages.fleet_page import FleetPage

AVAILABILITY, CONDITION, OFFICER = 5, 4, 7


@pytest.fixture
def page(qtbot: Any, services: Services, settings: Any) -> FleetPage:
    services.bikes.save_bike(BikeDraft("R-01", model="Stadtrad", is_pedelec=False, odometer_km=50))
    services.bikes.save_bike(BikeDraft("R-02", range_km=80, odometer_km=1200))
    services.masterdata.save_officer(OfficerDraft("K-1", "Albers", "Anna", Unit.KOD))
    services.masterdata.save_officer(
        OfficerDraft("K-2", "Brandt", "Ben", Unit.KOD, qualifications=("Radstreife",))
    )
    bus = ChangeBus()
    fleet = FleetPage(settings, bus)
    bus.changed.connect(fleet.on_changes)
    qtbot.addWidget(fleet)
    fleet.resize(1200, 700)
    fleet.attach(services)
    fleet.show()
    fleet.activate()
    return fleet


def cell(page: FleetPage, inventory_no: str, column: int) -> str:
    model = page.model
    for row in range(model.rowCount()):
        if model.row_at(row).bike.inventory_no == inventory_no:
            return str(model.index(row, column).data() or "")
    raise KeyError(inventory_no)


def is_current(page: FleetPage, dialog: object) -> bool:
    """The page still shows this dialog (a refused save keeps it open)."""
    current = page.current_dialog
    return current is not None and current is dialog and current.isVisible()


def save(qtbot: Any, dialog: Any) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_new_bike_through_the_dialog_appears_in_the_table(
    page: FleetPage, qtbot: Any, qtmodeltester: Any
) -> None:
    dialog = page.new_bike()
    assert isinstance(dialog, BikeDialog)
    assert is_current(page, dialog)
    dialog.inventory_edit.setText("r-07")
    dialog.model_edit.setText("Pedelec Trekking")
    dialog.range_spin.setValue(90)
    dialog.odometer_spin.setValue(300)
    dialog.season_edit.setText("01.04.–31.10.")
    save(qtbot, dialog)
    assert page.current_dialog is None
    assert cell(page, "R-07", 1) == "Pedelec"
    assert cell(page, "R-07", 2) == "90 km"
    assert cell(page, "R-07", AVAILABILITY) == "frei"
    selected = page.selected_row()
    assert selected is not None and selected.bike.inventory_no == "R-07"
    bike = next(b for b in page.rows() if b.bike.inventory_no == "R-07").bike
    assert bike.season is not None and bike.season.label == "01.04.–31.10."
    qtmodeltester.check(page.model)
    # A duplicate inventory number keeps the dialog open with the German message.
    dialog = page.new_bike()
    assert isinstance(dialog, BikeDialog)
    dialog.inventory_edit.setText("R-07")
    save(qtbot, dialog)
    assert is_current(page, dialog)
    assert "Inventarnummer R-07 ist schon vergeben." in dialog.error_text()


def test_check_out_check_in_with_defect_and_repair(
    page: FleetPage, services: Services, qtbot: Any, qtmodeltester: Any
) -> None:
    assert page.table.select_where(lambda r: r.bike.inventory_no == "R-02")
    assert not page.check_in_button.isEnabled()
    dialog = page.check_out_selected()
    assert isinstance(dialog, CheckOutDialog)
    # The bike-trained officer comes first.
    assert dialog.officer_combo.itemText(0).startswith("Brandt, Ben")
    assert dialog.km_spin.value() == 1200
    dialog.km_spin.setValue(1100)
    save(qtbot, dialog)
    assert is_current(page, dialog)
    assert "km-Stand 1.100 liegt unter dem letzten Stand 1.200." in dialog.error_text()
    dialog.km_spin.setValue(1210)
    dialog.battery_spin.setValue(90)
    save(qtbot, dialog)
    assert page.current_dialog is None
    assert cell(page, "R-02", AVAILABILITY) == "ausgegeben"
    assert cell(page, "R-02", OFFICER) == "Brandt, Ben"
    assert page.check_in_button.isEnabled() and not page.check_out_button.isEnabled()

    back = page.check_in_selected()
    assert isinstance(back, CheckInDialog)
    back.km_spin.setValue(1235)
    back.battery_spin.setValue(40)
    back.defect_edit.setPlainText("Bremse vorne schleift")
    # 25 km a minute after the check-out: asked, not refused; the same readings again save.
    save(qtbot, back)
    assert is_current(page, back)
    assert "25 km in 1 Minute wären im Schnitt 1.500 km/h" in back.error_text()
    assert back.save_button.text() == "&Trotzdem zurücknehmen"
    assert cell(page, "R-02", AVAILABILITY) == "ausgegeben"  # nothing saved yet
    save(qtbot, back)
    assert page.current_dialog is None
    assert cell(page, "R-02", CONDITION) == "defekt"
    assert cell(page, "R-02", AVAILABILITY) == "frei"
    assert cell(page, "R-02", OFFICER) == ""
    assert cell(page, "R-02", 3) == "1.235"
    assert page.last_message is not None
    assert "Fahrrad R-02 ist als defekt gesperrt." in page.last_message.text()
    page.last_message.accept()
    assert not page.check_out_button.isEnabled()
    assert page.service_button.isEnabled()

    repair = page.complete_service_selected()
    assert isinstance(repair, CompleteServiceDialog)
    repair.cost_spin.setValue(45.5)
    repair.workshop_edit.setText("Radwerk Nord")
    save(qtbot, repair)
    assert page.current_dialog is None
    assert cell(page, "R-02", CONDITION) == "einsatzbereit"
    assert not page.service_button.isEnabled()
    bike_id = next(r.bike.id for r in page.rows() if r.bike.inventory_no == "R-02")
    record = services.bikes.service_records(bike_id)[0]
    assert record.cost_cents == 4550 and record.workshop == "Radwerk Nord"
    qtmodeltester.check(page.model)


def test_retire_hides_the_bike_until_asked(
    page: FleetPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert page.table.select_where(lambda r: r.bike.inventory_no == "R-01")
    monkeypatch.setattr(page, "confirm_retire", lambda _bike: True)
    assert page.retire_selected()
    assert page.show_retired_check.isChecked()  # the retired bike stays in view, selected
    assert cell(page, "R-01", CONDITION) == "ausgemustert"
    assert not page.retire_button.isEnabled() and not page.check_out_button.isEnabled()
    page.show_retired_check.setChecked(False)
    assert page.proxy.rowCount() == 1


def test_logbook_and_maintenance_tabs_follow_the_selected_bike(
    page: FleetPage, qtbot: Any, qtmodeltester: Any
) -> None:
    assert page.details.tabText(0) == "Fahrtenbuch" and page.details.tabText(1) == "Wartung"
    assert page.details.from_edit.date().daysTo(page.details.to_edit.date()) == 90
    assert page.table.select_where(lambda r: r.bike.inventory_no == "R-02")
    assert page.details.logbook_model.rowCount() == 0 and page.details.service_model.rowCount() == 0
    out = page.check_out_selected()
    assert isinstance(out, CheckOutDialog)
    out.at_edit.setDateTime(out.at_edit.dateTime().addSecs(-2 * 3600))  # a 2-hour ride
    out.km_spin.setValue(1210)
    out.battery_spin.setValue(90)
    save(qtbot, out)
    # A ride still out shows as "unterwegs".
    assert page.details.logbook_model.rowCount() == 1
    assert page.details.logbook_model.index(0, 2).data() == "unterwegs"
    back = page.check_in_selected()
    assert isinstance(back, CheckInDialog)
    back.km_spin.setValue(1235)
    back.battery_spin.setValue(40)
    back.defect_edit.setPlainText("Bremse vorne schleift")
    save(qtbot, back)
    assert page.last_message is not None
    page.last_message.accept()
    logbook = page.details.logbook_model
    assert [logbook.index(0, c).data() for c in (0, 3, 4, 5, 6)] == [
        "Brandt, Ben (K-2)",
        "1.210 → 1.235",
        "25 km",
        "90 % → 40 %",
        "Bremse vorne schleift",
    ]
    assert page.details.logbook_count.text() == "1 Fahrten"
    # The officer filter hides other officers' rides; the period filter hides older ones.
    page.details.officer_filter_edit.setText("albers")
    assert page.details.logbook_table.proxy.rowCount() == 0
    page.details.officer_filter_edit.setText("k-2")
    assert page.details.logbook_table.proxy.rowCount() == 1
    page.details.to_edit.setDate(page.details.from_edit.date())
    assert logbook.rowCount() == 0
    page.details.to_edit.setDate(page.details.from_edit.date().addDays(90))

    # Maintenance: the open repair, listed before done records.
    service = page.details.service_model
    assert service.rowCount() == 1
    assert [service.index(0, c).data() for c in (0, 6, 4, 5, 2)] == [
        "Reparatur",
        "Bremse vorne schleift",
        "—",
        "1.235",
        "offen",
    ]
    repair = page.complete_service_selected()
    assert isinstance(repair, CompleteServiceDialog)
    repair.cost_spin.setValue(1234.5)
    repair.workshop_edit.setText("Radwerk Nord")
    save(qtbot, repair)
    assert service.index(0, 3).data() == "Radwerk Nord"
    assert service.index(0, 4).data() == "1.234,50 €"
    assert service.index(0, 2).data() != "offen"
    # Another bike has an empty logbook.
    assert page.table.select_where(lambda r: r.bike.inventory_no == "R-01")
    assert logbook.rowCount() == 0 and service.rowCount() == 0
    for model in (page.details.logbook_model, page.details.service_model):
        qtmodeltester.check(model)
    assert page.table.select_where(lambda r: r.bike.inventory_no == "R-02")
    for model in (page.details.logbook_model, page.details.service_model):
        qtmodeltester.check(model)


def test_inspection_recorded_and_done_resets_the_next_inspection(
    page: FleetPage, services: Services, qtbot: Any
) -> None:
    page.table.select_where(lambda row: row.bike.inventory_no == "R-02")
    dialog = page.open_service_selected()
    assert dialog is not None
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findText("Reparatur"))
    save(qtbot, dialog)
    # A repair needs a description; the dialog keeps what was chosen.
    assert "bitte den Defekt beschreiben" in dialog.error_text() and is_current(page, dialog)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findText("Inspektion"))
    dialog.description_edit.setText("Jahresinspektion")
    save(qtbot, dialog)
    assert not is_current(page, dialog)
    assert cell(page, "R-02", 4) == "einsatzbereit"  # an inspection does not lock the bike
    done = page.complete_service_selected()
    assert done is not None
    save(qtbot, done)
    bike = next(b for b in services.bikes.list_bikes() if b.inventory_no == "R-02")
    assert bike.next_inspection_on is not None and bike.next_inspection_on > date.today()
    assert [r.done_on is not None for r in services.bikes.service_records(bike.id)] == [True]


def running_bike_patrol(services: Services, *officer_ids: str) -> str:
    """A bike patrol that started an hour ago (local time), with these officers."""
    from datetime import datetime, time, timedelta

    from kod_desk.domain.enums import ShiftKind
    from kod_desk.domain.roster import ShiftDraft
    from kod_desk.domain.timeutil import BERLIN

    start = (datetime.now(BERLIN) - timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    end = start + timedelta(hours=8)
    area = next(a.id for a in services.masterdata.areas() if a.name == "Innenstadt")
    draft = ShiftDraft(start.date(), time(start.hour), time(end.hour), ShiftKind.BIKE_PATROL, area)
    shift = services.roster.create_shift(draft).value.id
    for officer_id in officer_ids:
        services.roster.assign(shift, officer_id)
    return shift


def test_an_officer_hands_out_the_bike_of_their_duty_and_keeps_no_books(
    page: FleetPage, qtbot: Any, services: Services, settings: Any
) -> None:
    from kod_desk.domain.enums import Role
    from kod_desk.ui.pages.base import ChangeBus

    ben = next(o for o in services.masterdata.officers() if o.service_number == "K-2")
    shift = running_bike_patrol(services, ben.id)
    r02 = next(b.id for b in services.bikes.list_bikes() if b.inventory_no == "R-02")
    services.bikes.book(r02, shift, ben.id)
    officer = Services.create(services.db, actor="K-2", role=Role.OFFICER)
    officer.context.officer_id = ben.id
    bus = ChangeBus()
    fleet = FleetPage(settings, bus)
    bus.changed.connect(fleet.on_changes)
    qtbot.addWidget(fleet)
    fleet.attach(officer)
    fleet.show()
    fleet.activate()
    keepers = "Nur Dienstgruppenleitung und Administration."
    assert fleet.table.select_where(lambda r: r.bike.inventory_no == "R-01")
    # What the officer may not do is disabled and says who may.
    for button in (fleet.new_button, fleet.edit_button, fleet.retire_button):
        assert not button.isEnabled() and button.toolTip() == keepers
    assert not fleet.check_out_button.isEnabled()
    assert fleet.check_out_button.toolTip().startswith("Dienstkräfte geben nur das Fahrrad aus")
    # A defect they may report (it locks the bike); an inspection they may not enter.
    assert fleet.open_service_button.isEnabled()
    assert fleet.open_service_button.text() == "Defekt melden…"
    report = fleet.open_service_selected()
    assert report is not None and report.kind_combo.count() == 1
    report.reject()
    # The bike booked to Ben's running patrol: he hands it out to himself, nobody else.
    assert fleet.table.select_where(lambda r: r.bike.inventory_no == "R-02")
    assert fleet.check_out_button.isEnabled()
    assert fleet.check_out_button.toolTip() == "Fahrrad an eine Dienstkraft ausgeben"
    dialog = fleet.check_out_selected()
    assert isinstance(dialog, CheckOutDialog)
    assert [dialog.officer_combo.itemText(i) for i in range(dialog.officer_combo.count())] == [
        "Brandt, Ben (K-2) – gebucht"
    ]
    dialog.battery_spin.setValue(90)
    save(qtbot, dialog)
    assert fleet.current_dialog is None
    assert cell(fleet, "R-02", AVAILABILITY) == "ausgegeben"
    assert fleet.check_in_button.isEnabled()


def test_the_defect_message_rebooks_the_broken_booking_in_one_click(
    page: FleetPage, qtbot: Any, services: Services
) -> None:
    from datetime import time, timedelta

    from kod_desk.domain.enums import ShiftKind
    from kod_desk.domain.roster import ShiftDraft

    ben = next(o for o in services.masterdata.officers() if o.service_number == "K-2")
    bikes = {b.inventory_no: b.id for b in services.bikes.list_bikes()}
    area = next(a.id for a in services.masterdata.areas() if a.name == "Innenstadt")
    tomorrow = date.today() + timedelta(days=1)
    later = services.roster.create_shift(
        ShiftDraft(tomorrow, time(11), time(19), ShiftKind.BIKE_PATROL, area)
    ).value.id
    services.roster.assign(later, ben.id)
    booking = services.bikes.book(bikes["R-02"], later, ben.id).value
    page.reload()
    assert page.table.select_where(lambda r: r.bike.inventory_no == "R-02")
    out = page.check_out_selected()
    assert isinstance(out, CheckOutDialog)
    out.at_edit.setDateTime(out.at_edit.dateTime().addSecs(-3 * 3600))
    save(qtbot, out)
    back = page.check_in_selected()
    assert isinstance(back, CheckInDialog)
    back.km_spin.setValue(1220)
    back.defect_edit.setPlainText("Speiche gebrochen")
    save(qtbot, back)
    message = page.last_message
    assert message is not None
    assert "Brandt, Ben, " in message.text() and "Vorschlag: Fahrrad R-01" in message.text()
    rebook = message.findChild(QPushButton, "rebookButton")
    assert rebook is not None and rebook.isEnabled() and rebook.text() == "&Umbuchen"
    qtbot.mouseClick(rebook, Qt.MouseButton.LeftButton)
    done = page.last_message
    assert done is not None and done is not message
    assert "Umgebucht:" in done.text() and "Fahrrad R-01 statt Fahrrad R-02" in done.text()
    assert services.bikes.checkout(booking.id).status.value == "cancelled"
    rides = services.bikes.bookings(tomorrow, tomorrow)
    assert [(c.inventory_no, c.status.value) for c in rides if c.id != booking.id] == [
        ("R-01", "booked")
    ]
    done.accept()
