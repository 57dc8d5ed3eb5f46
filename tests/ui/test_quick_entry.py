"""Quick entry (Ctrl+N) driven by keyboard on a real database: defaults, type-ahead, draft."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from kod_desk.domain.changes import Entity
from kod_desk.domain.enums import IncidentSource, Role, ShiftKind
from kod_desk.domain.incidents import IncidentDetail, IncidentDraft, IncidentFilter, IncidentSaved
from kod_desk.domain.masterdata import OfficerDraft
from kod_desk.domain.quick_entry import format_moment
from kod_desk.domain.roster import ShiftDraft
from kod_desk.domain.timeutil import to_local, utcnow
from kod_desk.services.registry import Services
from kod_desk.ui.dialogs.incident_detail_dialog import IncidentDetailDialog
from kod_desk.ui.dialogs.quick_entry_dialog import QuickEntryDialog
from kod_desk.ui.quick_entry import open_quick_entry
from kod_desk.ui.widgets import check_list
from tests.ui.keyboard import Keyboard

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

    def __call__(self, draft: IncidentDraft) -> IncidentSaved:
        self.results.append(self.services.incidents.create(draft))
        return self.results[-1].value

    def detail(self, number: int) -> IncidentDetail:
        """What the database holds for the ``number``-th save."""
        return self.services.incidents.get(self.results[number].value.id)


def make_dialog(
    qtbot: Any, services: Services, draft_path: Path, now: datetime | None = None
) -> tuple[QuickEntryDialog, Saver]:
    saver = Saver(services)
    dialog = QuickEntryDialog(services, saver, draft_path=draft_path, now=now)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    dialog.category_combo.setFocus()
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
    assert dialog.time_edit.text() == ""  # empty is now
    assert abs((dialog.occurred_at() - utcnow()).total_seconds()) < 120
    assert dialog.time_echo.text().startswith("= jetzt (heute ")
    assert dialog.area_combo.currentText() == "Innenstadt"
    checked = check_list.checked_ids(dialog.officer_list)
    assert set(checked) == {crew["K-1"], crew["K-2"]}
    line = dialog.duty_text()
    assert line.startswith("Streife Innenstadt ") and line.endswith(" · Albers, Brandt")
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
    dialog, saver = make_dialog(qtbot, services, tmp_path / "draft.json")
    assert dialog.area_combo.currentText() == "Bahnhofsumfeld"
    assert check_list.checked_ids(dialog.officer_list) == (crew["K-3"],)
    assert dialog.duty_text().endswith(" · Cordes")
    dialog.category_combo.setEditText("Streitigkeit")
    dialog.place_edit.setText("Bahnhofsvorplatz")
    dialog.description_edit.setPlainText("Streit zweier Personen.")
    assert dialog.try_save()
    assert saver.detail(0).shift_id == shift.id  # the incident belongs to the duty


@OFFSCREEN_POPUPS
def test_common_incident_with_the_keyboard_only(
    qtbot: Any, services: Services, crew: dict[str, str], tmp_path: Path
) -> None:
    draft_path = tmp_path / "draft.json"
    dialog, saver = make_dialog(qtbot, services, draft_path)
    keys = Keyboard(qtbot)
    assert keys.focus is dialog.category_combo  # the officer's information starts here
    keys.type("ruhe")  # type-ahead on any part of the name
    keys.press(Qt.Key.Key_Tab)
    assert dialog.category_combo.currentText() == "Ruhestörung"  # resolved, visibly
    assert keys.focus is dialog.place_edit
    keys.type("Marktplatz 3")
    keys.press(Qt.Key.Key_Return)  # Enter in a single-line field moves on
    assert keys.focus is dialog.description_edit
    keys.type("Laute Musik aus einer Wohnung, Belehrung.")
    keys.press(Qt.Key.Key_Tab)
    assert keys.focus is dialog.measure_list
    keys.press(Qt.Key.Key_Space)  # first measure checked
    first_measure = dialog.measure_list.item(0)
    assert first_measure.checkState() == Qt.CheckState.Checked
    keys.press(Qt.Key.Key_Tab)
    assert keys.focus is dialog.time_edit
    # Two days back: the fixture's duty (now ± 2 h) cannot have run then, at any hour of the day.
    keys.type("vorgestern 22:10")
    keys.press(Qt.Key.Key_Tab)
    two_days_back = to_local(utcnow()).date() - timedelta(days=2)
    weekday = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")[two_days_back.weekday()]
    assert dialog.time_echo.text() == f"= {weekday} {two_days_back:%d.%m.%Y} 22:10"
    # No duty of the area ran then: the crew stays, and the line says so.
    assert dialog.duty_text() == "Innenstadt: kein laufender Dienst · Albers, Brandt"
    assert keys.focus is dialog.area_combo
    keys.press(Qt.Key.Key_Tab)
    assert keys.focus is dialog.officer_list
    keys.press(Qt.Key.Key_Tab)
    assert keys.focus is dialog.source_combo
    keys.press(Qt.Key.Key_Tab)
    assert keys.focus is dialog.coordinates_edit  # optional: pasted from the map app
    keys.type("54,0735 9,9845")
    keys.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    keys.report("Vorkommnis im Dialog")

    assert len(saver.results) == 1
    assert not dialog.isVisible()
    assert titles(services) == [
        ("Ruhestörung", "Marktplatz 3", "Laute Musik aus einer Wohnung, Belehrung.")
    ]
    detail = saver.detail(0)
    assert to_local(detail.row.occurred_at).date() == two_days_back
    assert f"{to_local(detail.row.occurred_at):%H:%M}" == "22:10"
    assert {officer_id for officer_id, _ in detail.officers} == {crew["K-1"], crew["K-2"]}
    assert [name for _, name in detail.measures] == [first_measure.text()]
    assert detail.row.source is IncidentSource.PATROL
    assert detail.row.area_name == "Innenstadt"
    assert (detail.latitude, detail.longitude) == (54.0735, 9.9845)
    shown = IncidentDetailDialog(services.incidents, detail, lambda _result: None)
    qtbot.addWidget(shown)
    assert "Koordinaten:</b></td><td style='padding-right:24px'>54,07350; 9,98450" in (
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
    qtbot.waitUntil(lambda: focused() is dialog.place_edit)
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
    assert saver.detail(0).latitude is None


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
    check_list.set_checked_ids(set_to, [crew["K-3"]])
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
    assert check_list.checked_ids(second.officer_list) == (crew["K-3"],)
    # "now" was stored absolute: restored later, the time does not move.
    assert second.time_edit.text() == state["time"] == format_moment(first.occurred_at())
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
    dialog.time_edit.setText("12.11.2025 12:00")  # outside the video period
    assert dialog.footage_label.isHidden()
    dialog.time_edit.setText("gestern 9:00")
    assert dialog.footage_label.text() == "Videoaufnahmen sichern bis 14.05.2026 09:00"


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
    assert services.incidents.get(result.value.id).row.category_name == "Hilfeleistung"
    assert result.changes.touches(Entity.INCIDENTS)  # the Vorkommnisse page refreshes
    assert titles(services)[0][1] == "Rathausplatz"
    assert not draft_path.exists()


@pytest.fixture
def two_areas(services: Services, crew: dict[str, str]) -> dict[str, str]:
    """Besides the Innenstadt patrol (K-1, K-2): K-3 on a patrol at the Bahnhofsumfeld now."""
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
    return {**crew, "station_shift": shift.id}


def go_to_area(keys: Keyboard, dialog: QuickEntryDialog, name: str) -> None:
    """Arrow keys to another area (typing again within Qt's key-search interval would
    continue the first search)."""
    target = dialog.area_combo.findText(name)
    assert target >= 0, name
    steps = target - dialog.area_combo.currentIndex()
    keys.press(Qt.Key.Key_Down if steps > 0 else Qt.Key.Key_Up, times=abs(steps))


def ticked_rows(dialog: QuickEntryDialog) -> list[int]:
    widget = dialog.officer_list
    return [
        row
        for row in range(widget.count())
        if widget.item(row).checkState() == Qt.CheckState.Checked
    ]


def test_another_area_brings_its_running_duty_and_crew(
    qtbot: Any, services: Services, two_areas: dict[str, str], tmp_path: Path
) -> None:
    dialog, saver = make_dialog(qtbot, services, tmp_path / "draft.json")
    assert dialog.area_combo.currentText() == "Innenstadt"
    keys = Keyboard(qtbot)
    dialog.area_combo.setFocus()
    keys.type("Bahn")  # a combo jumps to the typed name, as an officer would choose
    assert dialog.area_combo.currentText() == "Bahnhofsumfeld"
    assert check_list.checked_ids(dialog.officer_list) == (two_areas["K-3"],)
    assert dialog.duty_text().startswith("Streife Bahnhofsumfeld ")
    assert dialog.duty_text().endswith(" · Cordes")
    assert ticked_rows(dialog) == [0]  # the ticked officer is on top, never out of sight
    go_to_area(keys, dialog, "Klosterinsel")  # no duty there now
    assert dialog.area_combo.currentText() == "Klosterinsel"
    assert check_list.checked_ids(dialog.officer_list) == ()
    assert dialog.duty_text() == (
        "Klosterinsel: kein laufender Dienst · keine Dienstkraft angekreuzt"
    )
    go_to_area(keys, dialog, "Innenstadt")
    assert set(check_list.checked_ids(dialog.officer_list)) == {
        two_areas["K-1"],
        two_areas["K-2"],
    }
    assert ticked_rows(dialog) == [0, 1]
    # Ticking one more by hand: the line names every ticked officer.
    dialog.officer_list.setFocus()
    keys.press(Qt.Key.Key_Down, times=2)
    keys.press(Qt.Key.Key_Space)
    assert dialog.duty_text().endswith(" · Albers, Brandt, Cordes")
    dialog.category_combo.setEditText("Streitigkeit")
    dialog.place_edit.setText("Holstenstraße")
    dialog.description_edit.setPlainText("Streit vor dem Imbiss.")
    assert dialog.try_save()
    detail = saver.detail(0)
    assert detail.row.area_name == "Innenstadt"
    assert len(detail.officers) == 3
    assert detail.shift_id is not None and detail.shift_id != two_areas["station_shift"]


@OFFSCREEN_POPUPS
def test_speichern_und_neu_keeps_area_and_crew_and_shows_the_reference(
    qtbot: Any, services: Services, two_areas: dict[str, str], tmp_path: Path
) -> None:
    opened: list[str] = []
    dialog, saver = make_dialog(qtbot, services, tmp_path / "draft.json")
    dialog.set_open_incident(opened.append)
    keys = Keyboard(qtbot)
    dialog.area_combo.setFocus()
    keys.type("Bahn")
    dialog.category_combo.setFocus()
    for category, place in (("wild", "Bahnhofstraße 1"), ("ablag", "Kieler Straße 9")):
        assert keys.focus is dialog.category_combo
        keys.type(category)
        keys.press(Qt.Key.Key_Tab)
        keys.type(place)
        keys.press(Qt.Key.Key_Tab)
        keys.type("Angetroffen und belehrt.")
        keys.press(
            Qt.Key.Key_Return,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        assert dialog.isVisible()
        reference = saver.results[-1].value.reference
        assert dialog.saved_label.text() == f"{reference} gespeichert"
        assert not dialog.saved_bar.isHidden() and dialog.open_saved_button.isVisible()
        # The rest is cleared for the next one; area and crew stay.
        assert dialog.category_combo.currentText() == ""
        assert dialog.place_edit.text() == dialog.description_edit.toPlainText() == ""
        assert dialog.area_combo.currentText() == "Bahnhofsumfeld"
        assert check_list.checked_ids(dialog.officer_list) == (two_areas["K-3"],)
    keys.report("Zwei Vorkommnisse mit Speichern und neu")
    assert keys.count == 6
    saved = [saver.detail(n) for n in range(len(saver.results))]
    assert [d.row.category_name for d in saved] == ["Wildes Urinieren", "Illegale Müllablagerung"]
    assert {d.row.area_name for d in saved} == {"Bahnhofsumfeld"}
    assert [[i for i, _ in d.officers] for d in saved] == [[two_areas["K-3"]]] * 2
    assert saved[0].row.reference != saved[1].row.reference
    dialog.open_saved_button.click()
    assert opened == [saved[1].id]
    assert not (tmp_path / "draft.json").exists()


def test_a_time_that_is_no_time_is_named_at_the_field_and_kept(
    qtbot: Any, services: Services, crew: dict[str, str], tmp_path: Path
) -> None:
    dialog, saver = make_dialog(qtbot, services, tmp_path / "draft.json")
    dialog.category_combo.setEditText("Streitigkeit")
    dialog.place_edit.setText("Bahnhofsvorplatz")
    dialog.description_edit.setPlainText("Streit zweier Personen.")
    keys = Keyboard(qtbot)
    dialog.time_edit.setFocus()
    keys.type("Inn")  # meant for the area, typed into the time
    keys.press(Qt.Key.Key_Tab)
    assert dialog.time_echo.text().startswith("Zeit: „Inn“ ist keine Zeitangabe")
    keys.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert saver.results == [] and dialog.isVisible()
    assert "Zeit: „Inn“ ist keine Zeitangabe" in dialog.error_text()
    assert keys.focus is dialog.time_edit
    assert dialog.time_edit.text() == "Inn"  # nothing lost
    keys.press(Qt.Key.Key_Delete)  # the text is selected: Entf clears it, empty = now
    assert dialog.time_edit.text() == ""
    keys.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(saver.results) == 1


def test_crew_category_and_measures_corrected_in_the_detail_dialog(
    qtbot: Any, services: Services, crew: dict[str, str], tmp_path: Path
) -> None:
    dialog, saver = make_dialog(qtbot, services, tmp_path / "draft.json")
    dialog.category_combo.setEditText("Streitigkeit")
    dialog.place_edit.setText("Bahnhofsvorplatz")
    dialog.description_edit.setPlainText("Streit zweier Personen.")
    assert dialog.try_save()
    detail = saver.detail(0)
    published: list[Any] = []
    shown = IncidentDetailDialog(services.incidents, detail, published.append)
    qtbot.addWidget(shown)
    assert shown.history_text() == ""
    assert shown.amend_button.isEnabled()
    form = shown.amend()
    assert form is not None and form.category_combo.currentText() == "Streitigkeit"
    qtbot.keyClicks(form.category_combo, "Hilfe")  # the combo jumps to "Hilfeleistung"
    form.officer_list.setCurrentRow(1)  # the ticked ones are on top: Albers, Brandt
    qtbot.keyClick(form.officer_list, Qt.Key.Key_Space)  # Brandt off
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert published and shown.current_dialog is None
    corrected = services.incidents.get(detail.id)
    assert corrected.row.category_name == "Hilfeleistung"
    assert [i for i, _ in corrected.officers] == [crew["K-1"]]
    assert "Kategorie: Streitigkeit → Hilfeleistung" in shown.history_text()
    assert "Dienstkräfte: Albers, Anna; Brandt, Ben → Albers, Anna" in shown.history_text()
    assert "Kategorie:</b></td><td style='padding-right:24px'>Hilfeleistung" in (
        shown.header_label.text()
    )
    # An officer not on the incident sees the button disabled, with who may.
    services.context.role = Role.OFFICER
    services.context.actor = "K-3"
    other = IncidentDetailDialog(services.incidents, corrected, published.append)
    qtbot.addWidget(other)
    assert not other.amend_button.isEnabled()
    assert "Dienstgruppenleitung" in other.amend_button.toolTip()
