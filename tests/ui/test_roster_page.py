"""The Dienstplan page driven like a supervisor would: grid, new duty, drop, keyboard, undo."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from kod_desk.domain.enums import ShiftKind, Unit
from kod_desk.domain.masterdata import OfficerDraft
from kod_desk.domain.roster import ShiftDraft
from kod_desk.services.registry import Services
from kod_desk.ui.models.week_model import SEVERITY_ROLE
from kod_desk.ui.pages.base import ChangeBus
from kod_desk.ui.pages.roster_page import SHIFT_MIME, RosterPage, monday_of

MONDAY = monday_of(date.today()) + timedelta(days=14)  # a week without demo duties


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


def add_officers(services: Services) -> dict[str, str]:
    ids = {}
    for number, last, unit in (
        ("K-1", "Albers", Unit.KOD),
        ("K-2", "Brandt", Unit.KOD),
        ("E-1", "Claasen", Unit.INVESTIGATION),
    ):
        officer = services.masterdata.save_officer(
            OfficerDraft(number, last, "Vor", unit, qualifications=("Radstreife",))
        ).value
        ids[last] = officer.id
    return ids


def area(services: Services, name: str = "Innenstadt") -> str:
    return next(a.id for a in services.masterdata.areas() if a.name == name)


def cell_text(page: RosterPage, officer_id: str, day: date) -> str:
    row = page.week_model.officer_row(officer_id)
    return str(page.week_model.index(row, (day - page.monday).days).data() or "")


def drop(page: RosterPage, shift_id: str, officer_id: str, day: date) -> None:
    """Drop a duty from the day list onto an officer's cell, as a mouse drag ends."""
    row = page.week_model.officer_row(officer_id)
    rect = page.grid.visualRect(page.week_model.index(row, (day - page.monday).days))
    mime = QMimeData()
    mime.setData(SHIFT_MIME, QByteArray(shift_id.encode()))
    event = QDropEvent(
        QPointF(rect.center()),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.grid.dropEvent(event)


def test_grid_groups_officers_by_former_unit(page: RosterPage, services: Services) -> None:
    ids = add_officers(services)
    page.reload()
    titles = [page.week_model.row(r).title for r in range(page.week_model.rowCount())]
    assert titles == [
        "Offen",  # the open duties of each day come first (none yet)
        "KOD",
        "Albers, Vor",
        "Brandt, Vor",
        "Ermittlungsdienst",
        "Claasen, Vor",
    ]
    assert page.week_model.headerData(0, Qt.Orientation.Horizontal) == f"Mo {MONDAY:%d.%m.}"
    assert "KW" in page.header.heading.text()
    assert cell_text(page, ids["Albers"], MONDAY) == ""


def test_new_duty_through_the_dialog_then_undo_and_redo(
    page: RosterPage, services: Services, qtbot: Any
) -> None:
    add_officers(services)
    page.selected_day = MONDAY + timedelta(days=2)
    dialog = page.edits.new_shift()
    assert dialog is not None
    dialog.template_combo.setCurrentIndex(
        dialog.template_combo.findText("Spätdienst", Qt.MatchFlag.MatchStartsWith)
    )
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(ShiftKind.PATROL.value))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # A patrol without an area is refused in the dialog, which keeps what was chosen.
    assert "bitte ein Einsatzgebiet wählen" in dialog.error_text()
    assert dialog.isVisible()
    dialog.area_combo.setCurrentIndex(dialog.area_combo.findText("Bahnhofsumfeld"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert page.day_model.rowCount() == 1
    assert page.day_model.index(0, 0).data() == "14:00–22:00"
    assert page.day_model.index(0, 2).data() == "Bahnhofsumfeld"
    assert page.day_model.index(0, 4).data() == "offen"
    page.undo_stack.undo()
    assert page.day_model.rowCount() == 0
    page.undo_stack.redo()
    assert page.day_model.rowCount() == 1


def test_drop_assigns_and_undo_takes_it_back(page: RosterPage, services: Services) -> None:
    ids = add_officers(services)
    day = MONDAY + timedelta(days=1)
    shift = services.roster.create_shift(
        ShiftDraft(day, time(6), time(14), ShiftKind.PATROL, area(services))
    ).value
    page.reload()
    drop(page, shift.id, ids["Albers"], day)
    assert cell_text(page, ids["Albers"], day) == "06–14 Str Innenstadt"
    assert page.undo_stack.undoText() == "Albers, Vor einteilen"
    page.undo_stack.undo()
    assert cell_text(page, ids["Albers"], day) == ""
    assert [c.name for c in services.roster.shift(shift.id).crew] == []


def test_keyboard_assign_lead_and_delete(page: RosterPage, services: Services, qtbot: Any) -> None:
    ids = add_officers(services)
    day = MONDAY + timedelta(days=3)
    shift = services.roster.create_shift(
        ShiftDraft(day, time(14), time(22), ShiftKind.PATROL, area(services))
    ).value
    page.reload()
    page.select_cell(ids["Brandt"], day)
    assert page.day_table.select_where(lambda s: s.id == shift.id)
    page.grid.setFocus()
    qtbot.keyClick(page.grid, Qt.Key.Key_Return)
    assert "Brandt, Vor" in page.day_model.index(0, 4).data()
    assert page.edits.make_lead_selected()
    assert page.day_model.index(0, 4).data() == "Brandt, Vor (SF)"
    assert cell_text(page, ids["Brandt"], day).startswith("14–22 SF")
    page.grid.setFocus()
    qtbot.keyClick(page.grid, Qt.Key.Key_Delete)
    assert page.day_model.index(0, 4).data() == "offen"
    page.undo_stack.undo()
    assert page.day_model.index(0, 4).data() == "Brandt, Vor (SF)"


def test_a_rest_rule_break_shows_a_marker_and_a_finding_and_undo_clears_both(
    page: RosterPage, services: Services
) -> None:
    ids = add_officers(services)
    late = services.roster.create_shift(
        ShiftDraft(MONDAY, time(14), time(22), ShiftKind.PATROL, area(services))
    ).value
    early = services.roster.create_shift(
        ShiftDraft(MONDAY + timedelta(days=1), time(6), time(14), ShiftKind.PATROL, area(services))
    ).value
    services.roster.assign(early.id, ids["Brandt"])
    services.roster.assign(late.id, ids["Albers"])
    services.roster.assign(late.id, ids["Claasen"])
    page.reload()
    assert not any(f.rule == "rest_11h" for f in page.week.findings)
    drop(page, early.id, ids["Claasen"], MONDAY + timedelta(days=1))
    rest = [f for f in page.week.findings if f.rule == "rest_11h" and f.officer == "E-1"]
    assert len(rest) == 1
    assert "§5 ArbZG" in rest[0].message
    row = page.week_model.officer_row(ids["Claasen"])
    assert page.week_model.index(row, 1).data(SEVERITY_ROLE) == "error"
    texts = [page.side.findings_list.item(i).text() for i in range(page.side.findings_list.count())]
    assert any("§5 ArbZG" in t and "Claasen" in t for t in texts)
    # Clicking the finding jumps to the cell.
    item = next(
        page.side.findings_list.item(i)
        for i in range(page.side.findings_list.count())
        if "Claasen" in page.side.findings_list.item(i).text()
        and "§5" in page.side.findings_list.item(i).text()
    )
    page.side.findings_list.itemClicked.emit(item)
    assert page.grid.currentIndex().row() == row
    page.undo_stack.undo()
    assert not any(f.rule == "rest_11h" and f.officer == "E-1" for f in page.week.findings)
    assert page.week_model.index(row, 1).data(SEVERITY_ROLE) == ""


def test_week_navigation_with_page_keys(page: RosterPage, qtbot: Any) -> None:
    page.grid.setFocus()
    qtbot.keyClick(page.grid, Qt.Key.Key_PageDown)
    assert page.monday == MONDAY + timedelta(days=7)
    qtbot.keyClick(page.grid, Qt.Key.Key_PageUp)
    qtbot.keyClick(page.grid, Qt.Key.Key_PageUp)
    assert page.monday == MONDAY - timedelta(days=7)


def test_models_pass_the_model_tester(
    page: RosterPage, services: Services, qtmodeltester: Any
) -> None:
    ids = add_officers(services)
    shift = services.roster.create_shift(
        ShiftDraft(MONDAY, time(6), time(14), ShiftKind.OFFICE, min_staff=1)
    ).value
    services.roster.assign(shift.id, ids["Claasen"])
    page.reload()
    qtmodeltester.check(page.week_model)
    qtmodeltester.check(page.day_model)


def test_absence_through_the_dialog_shows_in_the_grid_and_undo_removes_it(
    page: RosterPage, services: Services, qtbot: Any
) -> None:
    ids = add_officers(services)
    page.reload()
    page.select_cell(ids["Albers"], MONDAY + timedelta(days=1))
    dialog = page.edits.new_absence()
    assert dialog is not None
    assert dialog.officer_combo.currentData() == ids["Albers"]
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findText("Urlaub"))
    dialog.to_edit.setDate(dialog.from_edit.date().addDays(-1))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "liegt vor Beginn" in dialog.error_text()
    dialog.to_edit.setDate(dialog.from_edit.date().addDays(2))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert [cell_text(page, ids["Albers"], MONDAY + timedelta(days=d)) for d in range(5)] == [
        "",
        "Urlaub",
        "Urlaub",
        "Urlaub",
        "",
    ]
    page.undo_stack.undo()
    assert cell_text(page, ids["Albers"], MONDAY + timedelta(days=2)) == ""


def test_copy_week_asks_first_says_what_comes_and_undo(
    page: RosterPage, services: Services, qtbot: Any
) -> None:
    ids = add_officers(services)
    shift = services.roster.create_shift(
        ShiftDraft(MONDAY + timedelta(days=4), time(22), time(6), ShiftKind.PATROL, area(services))
    ).value
    services.roster.assign(shift.id, ids["Albers"], is_lead=True)
    services.roster.assign(shift.id, ids["Brandt"])
    # The target week already has the same duty: it stays, the copy would double it.
    services.roster.create_shift(
        ShiftDraft(MONDAY + timedelta(days=11), time(22), time(6), ShiftKind.PATROL, area(services))
    )
    page.reload()
    dialog = page.planning.copy_week_forward()
    assert dialog is not None and dialog.isVisible()
    week = (MONDAY + timedelta(days=7)).isocalendar().week
    assert dialog.windowTitle().startswith(f"Woche nach KW {week} (")
    text = "\n".join(dialog.lines)
    assert "1 Dienste mit 2 Einteilungen aus KW" in text
    assert f"In KW {week} stehen schon 1 Dienste mit 0 Einteilungen: sie bleiben" in text
    assert "Achtung: 1 Dienste gäbe es danach doppelt" in text
    # Nothing happens before the answer; Abbrechen keeps everything.
    assert page.monday == MONDAY
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and page.monday == MONDAY
    assert len(services.roster.period(MONDAY + timedelta(7), MONDAY + timedelta(13)).shifts) == 1
    dialog = page.planning.copy_week_forward()
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert QApplication.focusWidget() is dialog.confirm_button  # Eingabe copies
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    next_friday = MONDAY + timedelta(days=11)
    assert page.monday == MONDAY + timedelta(days=7)
    assert f"kopiert aus KW {MONDAY.isocalendar().week}" in page.header.state_label.text()
    assert cell_text(page, ids["Albers"], next_friday) == "22–06 SF Str Innenstadt"
    assert cell_text(page, ids["Brandt"], next_friday) == "22–06 Str Innenstadt"
    page.undo_stack.undo()
    assert cell_text(page, ids["Albers"], next_friday) == ""


def test_publish_shows_the_summary_asks_and_needs_a_reason_with_errors(
    page: RosterPage, services: Services, qtbot: Any
) -> None:
    ids = add_officers(services)
    solo = services.roster.create_shift(
        ShiftDraft(MONDAY, time(6), time(14), ShiftKind.PATROL, area(services))
    ).value
    services.roster.assign(solo.id, ids["Albers"])  # a patrol of one: an error finding
    page.reload()
    assert page.header.state_label.text() == "Entwurf – noch nicht veröffentlicht"
    # The open place shows in the grid's first row, with staffing.
    assert page.week_model.index(0, 0).data() == "06–14 Str Innenstadt 1/2"
    dialog = page.planning.publish_week()
    assert dialog is not None and dialog.isVisible()
    assert dialog.lines[0] == "1 Dienste mit 1 Einteilungen werden veröffentlicht."
    assert dialog.lines[1] == "Noch offen: 1 Dienste, es fehlen 1 Dienstkräfte."
    assert dialog.lines[2].startswith("Prüfung: ") and "0 Fehler" not in dialog.lines[2]
    assert dialog.lines[3] == "Die Woche war noch nicht veröffentlicht."
    # With rule errors only with a reason: the button waits for one.
    assert dialog.reason_edit is not None and dialog.focusWidget() is dialog.reason_edit
    assert not dialog.confirm_button.isEnabled()
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and not services.roster.week_state(MONDAY).is_published
    qtbot.keyClicks(dialog.reason_edit, "Zweite Kraft kommt von der Polizei")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert page.header.state_label.text().startswith("Veröffentlicht am ")
    assert services.roster.week_state(MONDAY).reason == "Zweite Kraft kommt von der Polizei"
    drop(page, solo.id, ids["Brandt"], MONDAY)
    assert "1 Dienste seitdem geändert" in page.header.state_label.text()
    assert cell_text(page, ids["Brandt"], MONDAY).startswith("06–14*")
    # Publishing again says what it replaces, and by whom it was published.
    again = page.planning.publish_week()
    assert again is not None
    assert again.lines[-1].startswith("Ersetzt die Fassung, veröffentlicht am ")
    assert again.lines[-1].endswith("; seitdem 1 Dienste geändert.")
    qtbot.keyClick(again, Qt.Key.Key_Escape)


def test_published_header_names_the_officer(
    page: RosterPage, services: Services, db_path: Any
) -> None:
    """The header says who published by name, not by service number (issue 14)."""
    from kod_desk.services.registry import Services as Bundle
    from kod_desk.storage.database import Database

    add_officers(services)
    as_albers = Bundle.create(Database.open(db_path), actor="K-1")
    try:
        as_albers.roster.publish_week(MONDAY)
    finally:
        as_albers.close()
    page.reload()
    assert " von Albers, Vor" in page.header.state_label.text()
    assert "K-1" not in page.header.state_label.text()


def test_rule_thresholds_are_settings_with_arbzg_defaults(
    page: RosterPage, services: Services, qtbot: Any
) -> None:
    ids = add_officers(services)
    late = services.roster.create_shift(
        ShiftDraft(MONDAY, time(14), time(22), ShiftKind.OFFICE, min_staff=1)
    ).value
    early = services.roster.create_shift(
        ShiftDraft(MONDAY + timedelta(days=1), time(7), time(15), ShiftKind.OFFICE, min_staff=1)
    ).value
    services.roster.assign(late.id, ids["Claasen"])
    services.roster.assign(early.id, ids["Claasen"])
    page.reload()
    assert any(f.rule == "rest_11h" for f in page.week.findings)  # 22:00 → 07:00 is 9 h
    dialog = page.edits.edit_rules()
    assert dialog is not None
    assert dialog.editors["min_rest_hours"].value() == 11.0
    dialog.editors["min_rest_hours"].setValue(8.0)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert services.roster.rule_settings().min_rest_hours == 8.0
    assert not any(f.rule == "rest_11h" for f in page.week.findings)
    dialog = page.edits.edit_rules()
    assert dialog is not None
    dialog.reset_to_defaults()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert services.roster.rule_settings().min_rest_hours == 11.0
    assert any(f.rule == "rest_11h" for f in page.week.findings)


def test_filters_by_qualification_and_area(page: RosterPage, services: Services) -> None:
    ids = add_officers(services)
    services.masterdata.save_officer(OfficerDraft("K-3", "Dorn", "Vor", Unit.KOD))
    shift = services.roster.create_shift(
        ShiftDraft(MONDAY, time(6), time(14), ShiftKind.PATROL, area(services, "Klosterinsel"))
    ).value
    services.roster.assign(shift.id, ids["Brandt"])
    page.reload()
    page.toolbar.qualification_filter.setCurrentIndex(
        page.toolbar.qualification_filter.findData("Radstreife")
    )
    assert [o.last_name for o in page.visible_officers()] == ["Albers", "Brandt", "Claasen"]
    page.toolbar.qualification_filter.setCurrentIndex(0)
    page.toolbar.area_filter.setCurrentIndex(page.toolbar.area_filter.findText("Klosterinsel"))
    assert [o.last_name for o in page.visible_officers()] == ["Brandt"]
    assert page.week_model.rowCount() == 3  # "Offen", heading "KOD" and Brandt


def test_day_view_draws_a_bar_per_officer_and_duty_and_clicks_select_it(
    page: RosterPage, services: Services, qtbot: Any
) -> None:
    ids = add_officers(services)
    night = services.roster.create_shift(
        ShiftDraft(MONDAY + timedelta(days=2), time(22), time(6), ShiftKind.PATROL, area(services))
    ).value
    for name in ("Albers", "Brandt"):
        services.roster.assign(night.id, ids[name])
    page.reload()
    page.select_cell(ids["Albers"], MONDAY + timedelta(days=2))
    page.views.setCurrentIndex(1)
    timeline = page.timeline
    assert [o.last_name for o in timeline.officers[:2]] == ["Albers", "Brandt"]
    bars = {(b.officer_id, b.shift.id) for b in timeline.bars}
    assert bars == {(ids["Albers"], night.id), (ids["Brandt"], night.id)}
    bar = timeline.bars[0]
    hour = timeline._hour_width()
    # 22:00 to 06:00 next morning: 8 hours wide, starting at hour 22 of the axis.
    assert abs(bar.rect.width() - 8 * hour) < 1
    page.day_table.clearSelection()
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=bar.rect.center().toPoint())
    assert page.day_table.selected_row().id == night.id


def test_actual_times_through_the_dialog_are_checked_and_undoable(
    page: RosterPage, services: Services, qtbot: Any
) -> None:
    from PySide6.QtCore import QTime

    ids = add_officers(services)
    day = MONDAY + timedelta(days=1)
    shift = services.roster.create_shift(
        ShiftDraft(day, time(8), time(16), ShiftKind.OFFICE, min_staff=1, break_minutes=30)
    ).value
    services.roster.assign(shift.id, ids["Claasen"])
    page.reload()
    page.select_cell(ids["Claasen"], day)
    page.day_table.select_where(lambda s: s.id == shift.id)
    dialog = page.edits.edit_actual_times()
    assert dialog is not None
    assert dialog.start_edit.time() == QTime(8, 0)
    dialog.end_edit.setTime(QTime(19, 30))  # 11:30 h present, 30 min break: 11 h of work
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert not any(
        f.rule == "max_daily_hours" and f.severity == "error" for f in page.week.findings
    )
    page.side.actual_check.setChecked(True)
    errors = [
        f for f in page.week.findings if f.rule == "max_daily_hours" and f.severity == "error"
    ]
    assert len(errors) == 1 and "Ist-Zeiten" in errors[0].message
    page.undo_stack.undo()
    assert not any(
        f.rule == "max_daily_hours" and f.severity == "error" for f in page.week.findings
    )
    assert services.roster.shift(shift.id).crew[0].actual_end is None


def test_suggest_a_week_on_demo_data_accept_and_undo(
    qtbot: Any, demo_db: Any, settings: Any
) -> None:
    import dataclasses

    from kod_desk.services.roster_suggest import RosterSuggestService
    from kod_desk.storage.database import Database

    base = Services.create(Database.open(demo_db), actor="test")
    services = dataclasses.replace(
        base, roster_suggest=RosterSuggestService(base.context, roster=base.roster, time_limit=3.0)
    )
    monday = monday_of(date.today()) + timedelta(days=7)
    week = services.roster.period(monday, monday + timedelta(days=6))
    for shift in week.shifts:
        for member in shift.crew:
            services.roster.unassign(shift.id, member.officer_id)
    bus = ChangeBus()
    page = RosterPage(settings, bus)
    bus.changed.connect(page.on_changes)
    qtbot.addWidget(page)
    page.attach(services)
    page.show()
    page.activate()
    page.show_week(monday)
    assert all(not s.crew for s in page.week.shifts)
    assert page.planning.suggest_week()  # off the GUI thread (ui/background.py)
    assert not page.toolbar.suggest_button.isEnabled()
    assert not page.planning.suggest_week()  # one at a time
    qtbot.waitUntil(lambda: page.current_dialog is not None, timeout=60_000)
    dialog = page.current_dialog
    assert dialog is not None and dialog.objectName() == "suggestDialog"
    proposals = dialog.chosen()
    assert len(proposals) > 0
    assert page.toolbar.suggest_button.isEnabled()  # usable again once the suggestion is there
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert sum(len(s.crew) for s in page.week.shifts) == len(proposals)
    assert not [f for f in page.week.findings if f.severity == "error"]
    assert page.undo_stack.undoText().startswith("Vorschlag übernehmen")
    page.undo_stack.undo()
    assert sum(len(s.crew) for s in page.week.shifts) == 0
    services.close()


def test_import_export_and_calendar_from_the_page(
    page: RosterPage, services: Services, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    ids = add_officers(services)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    day = MONDAY + timedelta(days=2)
    good = f"{day:%d.%m.%Y};14:00;22:00;K-1;Streife;Innenstadt"
    csv = tmp_path / "plan.csv"
    csv.write_bytes(
        (
            "\ufeffDatum;Beginn;Ende;Dienstnummer;Art;Gebiet\r\n"
            f"{good}\r\n{day:%d.%m.%Y};14:00;22:00;K-2;Streife;Innenstadt\r\n"
            f"{day:%d.%m.%Y};06:00;14:00;K-99;Streife;Hafen\r\n"
        ).encode()
    )
    reports: list[list[str]] = []
    monkeypatch.setattr(page.files, "ask_import_good_rows", lambda m: (reports.append(m), False)[1])
    assert not page.files.import_roster_file(csv)
    assert reports[0][0] == "1 von 3 Zeilen fehlerhaft – nichts importiert."
    assert any("Zeile 4" in line and "K-99" in line for line in reports[0])
    assert cell_text(page, ids["Albers"], day) == ""
    monkeypatch.setattr(page.files, "ask_import_good_rows", lambda m: True)
    assert page.files.import_roster_file(csv)
    assert cell_text(page, ids["Albers"], day) == "14–22 Str Innenstadt"
    assert cell_text(page, ids["Brandt"], day) == "14–22 Str Innenstadt"
    out = tmp_path / "woche.csv"
    assert page.files.export_roster_file(out)
    text = out.read_bytes().decode("utf-8-sig")
    assert good in text and "K-2" in text and "K-99" not in text
    page.select_cell(ids["Albers"], day)
    ics = tmp_path / "albers.ics"
    assert page.files.export_ical_file(ics)
    assert ics.read_text().count("BEGIN:VEVENT") == 1


def test_edit_a_duty_then_undo_and_jump_four_weeks(
    page: RosterPage, services: Services, qtbot: Any
) -> None:
    from PySide6.QtCore import QTime

    ids = add_officers(services)
    day = MONDAY + timedelta(days=3)
    shift = services.roster.create_shift(
        ShiftDraft(day, time(6), time(14), ShiftKind.PATROL, area(services), min_staff=2)
    ).value
    services.roster.assign(shift.id, ids["Albers"])
    page.reload()
    page.select_cell(ids["Albers"], day)
    page.day_table.select_where(lambda s: s.id == shift.id)
    dialog = page.edits.edit_selected_shift()
    assert dialog is not None and dialog.windowTitle() == "Dienst bearbeiten"
    assert dialog.start_edit.time() == QTime(6, 0)
    dialog.end_edit.setTime(QTime(12, 0))
    dialog.min_staff_spin.setValue(3)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert cell_text(page, ids["Albers"], day) == "06–12 Str Innenstadt"
    assert page.day_model.index(0, 3).data() == "1/3"
    page.undo_stack.undo()
    assert cell_text(page, ids["Albers"], day) == "06–14 Str Innenstadt"
    page.grid.setFocus()
    qtbot.keyClick(page.grid, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert page.monday == MONDAY + timedelta(days=28)


def test_overtime_record_lists_days_over_eight_hours(
    page: RosterPage, services: Services, qtmodeltester: Any
) -> None:
    from datetime import UTC, datetime

    ids = add_officers(services)
    shift = services.roster.create_shift(
        ShiftDraft(MONDAY, time(8), time(16), ShiftKind.OFFICE, min_staff=1, break_minutes=30)
    ).value
    services.roster.assign(shift.id, ids["Claasen"])
    start = datetime.combine(MONDAY, time(7), tzinfo=UTC)  # ten hours present, 30 min break
    services.roster.record_actual(shift.id, ids["Claasen"], start, start + timedelta(hours=10), 30)
    page.reload()
    dialog = page.files.show_overtime()
    assert dialog is not None
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 1
    row = [dialog.model.index(0, c).data() for c in range(6)]
    assert row[1:] == ["E-1", "Claasen, Vor", "9:30", "+1:30", "Ist-Zeiten"]


def test_live_findings_after_edits_equal_a_full_check(page: RosterPage, services: Services) -> None:
    """The page re-checks only what an edit touched; the result must be the full check's."""
    ids = add_officers(services)
    shifts = [
        services.roster.create_shift(
            ShiftDraft(MONDAY + timedelta(days=d), start, end, ShiftKind.PATROL, area(services))
        ).value
        for d, start, end in (
            (0, time(14), time(22)),
            (1, time(6), time(14)),
            (2, time(22), time(6)),
        )
    ]
    page.reload()
    checker = page.loader.checker
    for shift, name in zip(shifts, ("Albers", "Albers", "Brandt"), strict=True):
        drop(page, shift.id, ids[name], shift.duty_date)
        assert page.loader.checker is checker  # the same checker, updated, not rebuilt
        full = services.roster.findings(MONDAY, MONDAY + timedelta(days=6))
        assert page.week.findings == full
    page.undo_stack.undo()
    assert page.week.findings == services.roster.findings(MONDAY, MONDAY + timedelta(days=6))
    assert any(f.rule == "rest_11h" for f in page.week.findings)


def test_published_view_shows_the_week_as_published_and_is_read_only(
    page: RosterPage, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    ids = add_officers(services)
    shift = services.roster.create_shift(
        ShiftDraft(MONDAY, time(6), time(14), ShiftKind.OFFICE, min_staff=1)
    ).value
    services.roster.assign(shift.id, ids["Albers"])
    services.roster.publish_week(MONDAY)
    services.roster.unassign(shift.id, ids["Albers"])
    services.roster.assign(shift.id, ids["Brandt"])
    page.reload()
    assert cell_text(page, ids["Brandt"], MONDAY).startswith("06–14*")
    page.toolbar.published_check.setChecked(True)
    assert cell_text(page, ids["Albers"], MONDAY) == "06–14 ID"
    assert cell_text(page, ids["Brandt"], MONDAY) == ""
    assert not page.side.new_button.isEnabled()
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: warned.append(text))
    drop(page, shift.id, ids["Claasen"], MONDAY)
    assert "schreibgeschützt" in warned[0]
    assert [c.name for c in services.roster.shift(shift.id).crew] == ["Brandt, Vor"]
    page.toolbar.published_check.setChecked(False)
    assert cell_text(page, ids["Brandt"], MONDAY).startswith("06–14*")


def test_an_officer_sees_the_roster_but_its_planning_controls_are_off(
    qtbot: Any, services: Services, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from kod_desk.domain.enums import Role

    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: said.append(text))

    officer = Services.create(services.db, actor="K-1", role=Role.OFFICER)
    roster = RosterPage(settings, ChangeBus())
    qtbot.addWidget(roster)
    roster.attach(officer)
    roster.show()
    roster.activate()
    assert roster.week.read_only and not roster.grid.acceptDrops()
    for button in (
        roster.side.new_button,
        roster.side.assign_button,
        roster.toolbar.publish_button,
    ):
        assert not button.isEnabled()
    assert "Dienstgruppenleitung" in roster.toolbar.publish_button.toolTip()
    assert not roster.writer.run(object())  # a key press that would edit: told why, nothing done
    assert said == ["Den Dienstplan ändern nur Dienstgruppenleitung und Verwaltung."]

    leader = Services.create(services.db, actor="D-1", role=Role.SUPERVISOR)
    roster.attach(leader)
    roster.activate()
    assert not roster.week.read_only and roster.toolbar.publish_button.isEnabled()
    assert "Dienstgruppenleitung" not in roster.toolbar.publish_button.toolTip()


def test_a_refused_or_failed_suggestion_is_said_in_german_and_the_button_comes_back(
    page: RosterPage, services: Services, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Vorschlag runs on ui/background.py's worker; its errors come back to the page."""
    from PySide6.QtWidgets import QMessageBox

    from kod_desk.domain.errors import UserError

    said: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _p, title, text, *_a: said.append((title, text))
    )
    failures: list[Exception] = [
        UserError("Die Woche hat keine offenen Plätze."),
        RuntimeError("kaputt"),
    ]

    def fail(_monday: date) -> None:
        raise failures.pop(0)

    monkeypatch.setattr(services.roster_suggest, "suggest", fail)
    button = page.toolbar.suggest_button
    label = button.text()
    assert "&" in label  # its Alt key
    for expected in ("Die Woche hat keine offenen Plätze.", "RuntimeError: kaputt"):
        assert page.planning.suggest_week()
        assert button.text() == "Vorschlag wird berechnet …" and not button.isEnabled()
        qtbot.waitUntil(button.isEnabled)
        assert said.pop() == ("Vorschlag", expected)
        assert page.current_dialog is None
        assert button.text() == label  # the Alt key works again


def test_a_suggestion_that_arrives_after_the_user_moved_on_shows_its_own_week(
    page: RosterPage, services: Services, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Proposals are never shown against another week's duties."""
    import threading

    from kod_desk.ui.dialogs.suggest_dialog import SuggestDialog

    release = threading.Event()
    real = services.roster_suggest.suggest

    def slow(monday: date) -> Any:
        release.wait(10)
        return real(monday)

    monkeypatch.setattr(services.roster_suggest, "suggest", slow)
    asked = page.week.monday
    assert page.planning.suggest_week()
    page.show_week(asked + timedelta(days=7))  # Bild ↓ while it computes
    release.set()
    qtbot.waitUntil(lambda: isinstance(page.current_dialog, SuggestDialog), timeout=20_000)
    assert page.week.monday == asked
