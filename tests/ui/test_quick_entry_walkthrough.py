"""Walkthrough (issue 14): an officer logs a common incident from the main window and finds it
again with the list's search — key presses only, counted; the data checked in the database."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kod_desk.domain.enums import ShiftKind
from kod_desk.domain.incidents import IncidentFilter
from kod_desk.domain.roster import ShiftDraft
from kod_desk.domain.timeutil import to_local, utcnow
from kod_desk.ui.dialogs.quick_entry_dialog import QuickEntryDialog
from kod_desk.ui.quick_entry import SavedNotice
from tests.ui.keyboard import Keyboard

KEY_BUDGET = 12  # issue 14: at most 12 keys beyond the typed text
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)
def test_quick_entry_from_the_main_window_and_found_again_by_search(
    app_factory: Any, demo_db: Path, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # drafts go here
    window = app_factory(demo_db).window
    services = window.services
    # The logged-in officer is on a patrol in the Innenstadt running now (setup, not keys).
    officers = services.masterdata.officers(include_inactive=False)
    me, partner = officers[0], officers[1]
    area_id = next(a.id for a in services.masterdata.areas() if a.name == "Innenstadt")
    start, end = to_local(utcnow() - timedelta(hours=1)), to_local(utcnow() + timedelta(hours=3))
    shift = services.roster.create_shift(
        ShiftDraft(
            start.date(),
            start.time().replace(second=0, microsecond=0),
            end.time().replace(second=0, microsecond=0),
            ShiftKind.PATROL,
            area_id=area_id,
        )
    ).value
    services.roster.assign(shift.id, me.id, is_lead=True)
    services.roster.assign(shift.id, partner.id)
    services.context.officer_id = me.id
    window.show_page("overview")
    window.activateWindow()
    window.current_page().setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)

    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_N, CTRL)
    [dialog] = window.findChildren(QuickEntryDialog)
    assert keys.focus is dialog.category_combo
    assert dialog.duty_text().endswith(f" · {me.last_name}, {partner.last_name}")
    keys.type("ruhe")
    keys.press(Qt.Key.Key_Tab)
    assert dialog.category_combo.currentText() == "Ruhestörung"
    assert keys.focus is dialog.place_edit
    keys.type("Marktplatz 7")
    keys.press(Qt.Key.Key_Tab)
    assert keys.focus is dialog.description_edit
    keys.type("Bassbox auf dem Brunnenrand, nach Ansprache leiser gestellt.")
    keys.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not window.findChildren(QuickEntryDialog))  # saved and closed

    [row] = services.incidents.list_page(IncidentFilter(text="Bassbox"))
    detail = services.incidents.get(row.id)
    assert (row.category_name, row.area_name, row.place) == (
        "Ruhestörung",
        "Innenstadt",
        "Marktplatz 7",
    )
    assert {officer_id for officer_id, _ in detail.officers} == {me.id, partner.id}
    assert detail.shift_id == shift.id
    assert abs((row.occurred_at - utcnow()).total_seconds()) < 120  # empty time is now
    notice = window.findChild(SavedNotice)
    assert notice is not None and notice.isVisible()
    assert notice.label.text() == f"{row.reference} gespeichert"

    keys.press(Qt.Key.Key_4, CTRL)  # Vorkommnisse
    page = window.current_page()
    assert page.key == "incidents"
    keys.press(Qt.Key.Key_U, ALT)  # S&uche
    assert keys.focus is page.search_edit
    keys.type("Bassbox")
    keys.press(Qt.Key.Key_Return)
    assert page.model.rowCount() == 1
    assert page.model.row_at(0).reference == row.reference

    keys.report("Schnellerfassung und Wiederfinden")
    assert keys.count <= KEY_BUDGET
