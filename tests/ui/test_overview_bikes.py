"""The Übersicht's bike section: hand a bike out and take it back in a few keystrokes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kod_desk.domain.bikes import BikeDraft
from kod_desk.domain.enums import Unit
from kod_desk.domain.masterdata import OfficerDraft
from kod_desk.services.registry import Services
from kod_desk.ui.dialogs.bike_handover_dialogs import CheckInDialog, CheckOutDialog
from kod_desk.ui.pages.base import ChangeBus
from kod_desk.ui.pages.overview_page import OverviewPage


@pytest.fixture
def overview(qtbot: Any, services: Services, settings: Any) -> OverviewPage:
    services.bikes.save_bike(BikeDraft("R-01", is_pedelec=False, odometer_km=50))
    services.bikes.save_bike(
        BikeDraft(
            "R-02",
            range_km=80,
            odometer_km=1200,
            next_inspection_on=datetime.now(UTC).date() + timedelta(days=10),
        )
    )
    services.masterdata.save_officer(
        OfficerDraft("K-2", "Brandt", "Ben", Unit.KOD, qualifications=("Radstreife",))
    )
    bus = ChangeBus()
    page = OverviewPage(settings, bus)
    bus.changed.connect(page.on_changes)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.attach(services)
    page.show()
    page.activate()
    return page


def test_check_out_and_back_in_from_the_overview(
    overview: OverviewPage, qtbot: Any, qtmodeltester: Any
) -> None:
    assert overview.bikes_model.rowCount() == 0
    assert not overview.check_in_button.isEnabled()
    assert "R-02 am" in overview.inspections_label.text()
    out = overview.check_out_bike()
    assert isinstance(out, CheckOutDialog)
    assert overview.current_dialog is not None
    # Only free usable bikes to choose from; choosing one takes its odometer.
    assert [out.bike_combo.itemText(i) for i in range(out.bike_combo.count())] == [
        "R-01 (Fahrrad)",
        "R-02 (Pedelec)",
    ]
    out.bike_combo.setCurrentIndex(1)
    assert out.km_spin.value() == 1200 and out.battery_spin.value() == 100
    out.km_spin.setValue(1210)
    out.at_edit.setDateTime(out.at_edit.dateTime().addSecs(-3 * 3600))  # out for 3 hours
    qtbot.mouseClick(out.save_button, Qt.MouseButton.LeftButton)
    assert overview.current_dialog is None
    # The page refreshed from the published Changes.
    assert overview.bikes_model.rowCount() == 1
    assert overview.bikes_model.index(0, 0).data() == "R-02"
    assert overview.bikes_model.index(0, 1).data() == "Brandt, Ben"
    assert overview.tile_bikes_out.value.text() == "1"
    assert overview.check_in_button.isEnabled()
    qtmodeltester.check(overview.bikes_model)

    # Enter on the row opens the check-in for that bike.
    assert overview.bikes_table.select_where(lambda r: r.inventory_no == "R-02")
    qtbot.keyClick(overview.bikes_table, Qt.Key.Key_Return)
    back = overview.current_dialog
    assert isinstance(back, CheckInDialog)
    assert back.bike.inventory_no == "R-02" and back.km_spin.value() == 1210
    back.km_spin.setValue(1190)  # backwards: refused, the dialog stays open
    qtbot.mouseClick(back.save_button, Qt.MouseButton.LeftButton)
    assert overview.current_dialog is back and "liegt unter" in back.error_text()
    back.km_spin.setValue(1230)
    back.defect_edit.setPlainText("Licht defekt")
    qtbot.mouseClick(back.save_button, Qt.MouseButton.LeftButton)
    assert overview.current_dialog is None
    assert overview.bikes_model.rowCount() == 0
    assert overview.tile_bikes_broken.value.text() == "1"
    assert "R-02 (defekt)" in overview.bikes_broken.text()
    assert overview.last_message is not None
    assert "Fahrrad R-02 ist als defekt gesperrt." in overview.last_message.text()
    overview.last_message.accept()
    # Now only R-01 is free; nothing is out.
    again = overview.check_out_bike()
    assert isinstance(again, CheckOutDialog)
    assert again.bike_combo.count() == 1
    again.reject()
    assert overview.check_in_bike() is None
    qtmodeltester.check(overview.bikes_model)


def test_overdue_return_is_red(
    overview: OverviewPage, services: Services, qtmodeltester: Any
) -> None:
    bike = next(b for b in services.bikes.list_bikes() if b.inventory_no == "R-01")
    officer = services.masterdata.officers()[0]
    checkout = services.bikes.check_out(
        bike.id, officer.id, datetime.now(UTC) - timedelta(hours=14), 60, None
    ).value
    overview.reload()
    row = overview.bikes_model.row_at(0)
    assert row.checkout_id == checkout.id and overview.is_overdue(row)
    assert "(überfällig)" in overview.bikes_model.index(0, 3).data()
    assert overview.bikes_model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert "Fahrrad R-01 ist überfällig" in overview.warnings.text()
    qtmodeltester.check(overview.bikes_model)
