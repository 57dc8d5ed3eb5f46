"""Quick entry (Ctrl+N) driven by keyboard on a real database: defaults, type-ahead, draft."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from kod_desk.domain.enums import IncidentSource, ShiftKind
from kod_desk.domain.incidents import IncidentDraft, IncidentFilter
from kod_desk.domain.masterdata import OfficerDraft
from kod_desk.domain.roster import ShiftDraft
from kod_desk.domain.timeutil import to_local, utcnow
from kod_desk.services.registry import Services
from kod_desk.ui.dialogs import quick_entry_dialog
from kod_desk.ui.dialogs.bike_dialogs import from_qdatetime
from kod_desk.ui.dialogs.incident_detail_dialog import IncidentDetailDialog
from kod_desk.ui.dialogs.quick_entry_dialog import QuickEntryDialog
from kod_desk.ui.quick_entry import open_quick_entry

# The completer's popup and raise() ask for what the offscreen platform cannot do.
OFFSCREEN_POPUPS = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)


@pytest.fixture
def crew(services: Services) -> dict[str, str]:
    """Three officers; K-1 and K-2 are on a patrol in the Innenstadt running right now."""
    ids = {
        number: services.masterdata.save_officer(OfficerDraft(number, last, first)).value.id
        for number, last, first in (
            ("K-1", "Albers", "Anna"),
            ("K-2", "Brandt", "Ben"),
            ("K-3", "Cordes", "Clara"),
        )
    }
    areas = {a.name: a.id for a in services.masterdata.areas()}
    start = to_local(utcnow() - timedelta(hours=2))
    end = to_local(utcnow() + timedelta(hours=2))
    shift = services.roster.create_shift(
        ShiftDraft(
            start.date(),
            start.time().replace(second=0, microsecond=0),
            end.time().replace(second=0, microsecond=0),
            ShiftKind.PATROL,
            area_id=areas["Innenstadt"],
        )
    ).value
    services.roster.assign(shift.id, ids["K-1"], is_lead=True)
    services.roster.assign(shift.id, ids["K-2"])
    return ids


class Saver:
    """The window's save callable: create through the service, remember the result."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.results: list[Any] = []

    def __call__(self, draft: IncidentDraft) -> None:
        self.results.append(self.services.incidents.create(draft))


def make_dialog(
    qtbot: Any, services: Services, draft_path: Path, now: datetime | None = None
) -> tuple[QuickEntryDialog, Saver]:
    saver = Saver(services)
    dialog = QuickEntryDialog(services, saver, draft_path=draft_path, now=now)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    dialog.time_edit.setFocus()
    return dialog, saver


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier | None = None) -> None:
    """A key on whatever has the keyboard focus, as a user would press it."""
    if modifier is None:
        qtbot.keyClick(focused(), key)
    else:
        qtbot.keyClick(focused(), key, modifier)


def titles(services: Services) -> list[tuple[str, str, str]]:
    rows = services.incidents.list_page(IncidentFilter())
    return [(r.category_name, r.place, r.summary) for r in rows]


def test_defaults_come_from_the_duty_running_now(
    qtbot: Any, services: Services, crew: dict[str, str], tmp_path: Path
) -> None:
    dialog, _ = make_dialog(qtbot, services, tmp_path / "draft.json")
    shown = from_qdatetime(dialog.time_edit.dateTime())
    assert abs((shown - utcnow()).total_seconds()) < 120
    assert dialog.area_combo.currentText() == "Innenstadt"
    checked = quick_entry_dialog.checked_ids(dialog.officer_list)
    assert set(checked) == {crew["K-1"], crew["K-2"]}
    assert dialog.source_combo.currentText() == "Streife"
    assert dialog.category_combo.currentText() == ""
    assert dialog.notice_label.isHidden() and dialog.footage_label.isHidden()
    assert not (tmp_path / "draft.json").exists()  # defaults alone are no draft


def test_acting_officer_picks_his_own_duty(
    qtbot: Any, services: Services, crew: dict[str, str], tmp_path: Path
) -> None:
    areas = {a.name: a.id for a in services.masterdata.areas()}
    start = to_local(utcnow() - timedelta(hours=1))
    end = to_local(utcnow() + timedelta(hours=3))
    shift = services.roster.create_shift(
        ShiftDraft(
            start.date(),
            start.time().replace(second=0, microsecond=0),
            end.time().replace(second=0, microsecond=0),
            ShiftKind.PATROL,
            area_id=areas["Bahnhofsumfeld"],
        )
    ).value
    services.roster.assign(shift.id, crew["K-3"])
    services.context.actor = "k-3"  # the login name is the service number
    dialog, _ = make_dialog(qtbot, services, tmp_path / "draft.json")
    assert dialog.area_combo.currentText() == "Bahnhofsumfeld"
    assert quick_entry_dialog.checked_ids(dialog.officer_list) == (crew["K-3"],)


@OFFSCREEN_POPUPS
def test_common_incident_with_the_keyboard_only(
    qtbot: Any, services: Services, crew: dict[str, str], tmp_path: Path
) -> None:
    draft_path = tmp_path / "draft.json"
    dialog, saver = make_dialog(qtbot, services, draft_path)
    assert focused() is dialog.time_edit
    press(qtbot, Qt.Key.Key_Return)  # Enter moves on: time → area → officers → category
    assert focused() is dialog.area_combo
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.officer_list
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() in (dialog.category_combo, dialog.category_edit)
    qtbot.keyClicks(dialog.category_edit, "ruhe")  # type-ahead on any part of the name
    qtbot.keyClick(dialog.category_edit, Qt.Key.Key_Return)
    assert dialog.category_combo.currentText() == "Ruhestörung"
    assert focused() is dialog.measure_list
    press(qtbot, Qt.Key.Key_Space)  # first measure checked
    first_measure = dialog.measure_list.item(0)
    assert first_measure.checkState() == Qt.CheckState.Checked
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.source_combo
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.place_edit
    qtbot.keyClicks(dialog.place_edit, "Marktplatz 3")
    qtbot.keyClick(dialog.place_edit, Qt.Key.Key_Return)
    assert focused() is dialog.coordinates_edit  # optional: pasted from the map app
    qtbot.keyClicks(dialog.coordinates_edit, "51,4556 7,0116")
    qtbot.keyClick(dialog.coordinates_edit, Qt.Key.Key_Return)
    assert focused() is dialog.description_edit
    qtbot.keyClicks(dialog.description_edit, "Laute Musik aus einer Wohnung, Belehrung.")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert len(saver.results) == 1
    assert not dialog.isVisible()
    assert titles(services) == [
        ("Ruhestörung", "Marktplatz 3", "Laute Musik aus einer Wohnung, Belehrung.")
    ]
    detail = saver.results[0].value
    assert {officer_id for officer_id, _ in detail.officers} == {crew["K-1"], crew["K-2"]}
    assert [name for _, name in detail.measures] == [first_measure.text()]
    assert detail.row.source is IncidentSource.PATROL
    assert detail.row.area_name == "Innenstadt"
    assert (detail.latitude, detail.longitude) == (51.4556, 7.0116)
    shown = IncidentDetailDialog(services.incidents, detail, lambda _result: None)
    qtbot.addWidget(shown)
    assert "Koordinaten:</b></td><td style='padding-right:24px'>51,45560; 7,01160" in (
        shown.header_label.text()
    )
    assert not draft_path.exists()
    # The place is suggested next time.
    again, _ = make_dialog(qtbot, services, draft_path)
    assert "Marktplatz 3" in again.place_model.stringList()


def test_missing_description_keeps_the_dialog_open(
    qtbot: Any, services: Services, crew: dict[str, str], tmp_path: Path
) -> None:
    dialog, saver = make_dialog(qtbot, services, tmp_path / "draft.json")
    dialog.category_combo.setEditText("Streitigkeit")
    dialog.place_edit.setText("Bahnhofsvorplatz")
    dialog.place_edit.setFocus()
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert saver.results == []
    assert dialog.isVisible()
    assert "Beschreibung: Bitte beschreiben, was geschah." in dialog.error_text()
    assert focused() is dialog.description_edit
    assert dialog.place_edit.text() == "Bahnhofsvorplatz"
    assert titles(services) == []


@OFFSCREEN_POPUPS
def test_enter_in_the_open_completer_popup_completes_and_moves_on(
    qtbot: Any, services: Services, crew: dict[str, str], tmp_path: Path
) -> None:
    dialog, _ = make_dialog(qtbot, services, tmp_path / "draft.json")
    dialog.category_edit.setFocus()
    qtbot.keyClicks(dialog.category_edit, "graff")
    completer = dialog.category_combo.completer()
    assert completer is not None
    popup = completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # the key goes to the popup, as on a real screen
    qtbot.waitUntil(lambda: focused() is dialog.measure_list)
    assert dialog.category_combo.currentText() == "Sachbeschädigung / Graffiti"


def test_unreadable_coordinates_are_named_and_nothing_is_saved(
    qtbot: Any, services: Services, crew: dict[str, str], tmp_path: Path
) -> None:
    dialog, saver = make_dialog(qtbot, services, tmp_path / "draft.json")
    dialog.category_combo.setEditText("Streitigkeit")
    dialog.place_edit.setText("Bahnhofsvorplatz")
    dialog.description_edit.setPlainText("Streit zweier Personen.")
    dialog.coordinates_edit.setText("beim Kiosk")
    assert not dialog.try_save()
    assert "Koordinaten: Bitte Breite und Länge als Dezimalzahlen angeben" in dialog.error_text()
    assert focused() is dialog.coordinates_edit
    assert saver.results == []
    dialog.coordinates_edit.clear()  # they are optional
    assert dialog.try_save()
    assert saver.results[0].value.latitude is None


def test_unknown_category_is_named(
    qtbot: Any, services: Services, crew: dict[str, str], tmp_path: Path
) -> None:
    dialog, saver = make_dialog(qtbot, services, tmp_path / "draft.json")
    dialog.category_combo.setEditText("xyz")
    assert not dialog.try_save()
    assert "Kategorie: „xyz“ steht nicht im Katalog." in dialog.error_text()
    assert "Ort: Bitte den Ort angeben." in dialog.error_text()
    assert saver.results == []


def test_draft_survives_a_crash_and_goes_after_saving(
    qtbot: Any, services: Services, crew: dict[str, str], tmp_path: Path
) -> None:
    draft_path = tmp_path / "drafts" / "vorkommnis.json"
    first, _ = make_dialog(qtbot, services, draft_path)
    first.category_combo.setEditText("Sachbeschädigung / Graffiti")
    first.place_edit.setText("Klosterstraße")
    first.description_edit.setPlainText("Frische Schmiererei an der Brücke.")
    first.source_combo.setCurrentIndex(first.source_combo.findData(IncidentSource.CITIZEN.value))
    set_to = first.officer_list
    quick_entry_dialog.set_checked_ids(set_to, [crew["K-3"]])
    qtbot.waitUntil(draft_path.exists, timeout=3000)
    state = json.loads(draft_path.read_text(encoding="utf-8"))
    assert state["place"] == "Klosterstraße"
    assert state["category"] == "Sachbeschädigung / Graffiti"
    assert state["officer_ids"] == [crew["K-3"]]
    assert not list(draft_path.parent.glob("*.tmp"))  # written via a temporary file
    first.hide()  # the app "crashes": nothing saved, the draft stays

    second, saver = make_dialog(qtbot, services, draft_path)
    assert second.restored
    assert second.notice_label.text() == "Entwurf wiederhergestellt"
    assert not second.notice_label.isHidden()
    assert second.place_edit.text() == "Klosterstraße"
    assert second.description_edit.toPlainText() == "Frische Schmiererei an der Brücke."
    assert second.category_combo.currentText() == "Sachbeschädigung / Graffiti"
    assert second.source_combo.currentText() == "Bürgerhinweis"
    assert quick_entry_dialog.checked_ids(second.officer_list) == (crew["K-3"],)
    assert from_qdatetime(second.time_edit.dateTime()) == from_qdatetime(first.time_edit.dateTime())
    assert second.try_save()
    assert len(saver.results) == 1
    assert not draft_path.exists()
    assert titles(services)[0][:2] == ("Sachbeschädigung / Graffiti", "Klosterstraße")


def test_discard_removes_the_draft_and_cancel_keeps_it(
    qtbot: Any, services: Services, crew: dict[str, str], tmp_path: Path
) -> None:
    draft_path = tmp_path / "draft.json"
    dialog, _ = make_dialog(qtbot, services, draft_path)
    dialog.place_edit.setText("Am Markt")
    dialog.reject()  # Abbrechen writes the pending draft at once
    assert json.loads(draft_path.read_text(encoding="utf-8"))["place"] == "Am Markt"
    again, saver = make_dialog(qtbot, services, draft_path)
    assert again.place_edit.text() == "Am Markt"
    qtbot.mouseClick(again.discard_button, Qt.MouseButton.LeftButton)
    assert not again.isVisible()
    assert not draft_path.exists()
    assert saver.results == []
    fresh, _ = make_dialog(qtbot, services, draft_path)
    assert not fresh.restored and fresh.place_edit.text() == ""


def test_broken_draft_file_is_ignored(
    qtbot: Any, services: Services, crew: dict[str, str], tmp_path: Path
) -> None:
    draft_path = tmp_path / "draft.json"
    draft_path.write_text("{kaputt", encoding="utf-8")
    dialog, _ = make_dialog(qtbot, services, draft_path)
    assert not dialog.restored
    assert dialog.notice_label.isHidden()
    assert dialog.area_combo.currentText() == "Innenstadt"


def test_footage_hint_on_the_klosterinsel_in_may(
    qtbot: Any, services: Services, tmp_path: Path
) -> None:
    may = datetime(2026, 5, 12, 10, 0, tzinfo=UTC)  # 12:00 in Berlin
    dialog, _ = make_dialog(qtbot, services, tmp_path / "draft.json", now=may)
    assert dialog.footage_label.isHidden()  # no area chosen: no duty runs then
    dialog.area_combo.setCurrentIndex(dialog.area_combo.findText("Klosterinsel"))
    assert not dialog.footage_label.isHidden()
    assert dialog.footage_label.text() == "Videoaufnahmen sichern bis 15.05.2026 12:00"
    dialog.area_combo.setCurrentIndex(dialog.area_combo.findText("Innenstadt"))
    assert dialog.footage_label.isHidden()
    dialog.area_combo.setCurrentIndex(dialog.area_combo.findText("Klosterinsel"))
    november = dialog.time_edit.dateTime().addMonths(6)
    dialog.time_edit.setDateTime(november)
    assert dialog.footage_label.isHidden()


@OFFSCREEN_POPUPS
def test_open_quick_entry_saves_publishes_and_closes(
    qtbot: Any, services: Services, crew: dict[str, str], tmp_path: Path
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    published: list[Any] = []
    draft_path = tmp_path / "draft.json"
    dialog = open_quick_entry(window, services, published.append, draft_path=draft_path)
    assert dialog.isVisible() and dialog.parent() is window
    assert open_quick_entry(window, services, published.append) is dialog  # Ctrl+N again
    dialog.category_combo.setEditText("Hilfeleistung")
    dialog.place_edit.setText("Rathausplatz")
    dialog.description_edit.setPlainText("Gestürzte Radfahrerin versorgt.")
    with qtbot.waitSignal(dialog.finished):
        assert dialog.try_save()
    [result] = published
    assert result.value.row.category_name == "Hilfeleistung"
    assert result.changes is not None
    assert titles(services)[0][1] == "Rathausplatz"
    assert not draft_path.exists()
