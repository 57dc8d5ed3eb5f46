"""The Dienstplan's file dialogs offer Excel workbooks (issue 14, item 9): a week exported as
.xlsx from the menu imports again, and a broken workbook is refused in German."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QMessageBox

from kod_desk.services.registry import Services
from kod_desk.ui.pages import roster_files
from kod_desk.ui.pages.base import ChangeBus
from kod_desk.ui.pages.roster_page import RosterPage
from tests.ui.test_roster_page import MONDAY, add_officers

DAY = MONDAY + timedelta(days=2)


@pytest.fixture
def page(qtbot: Any, services: Services, settings: Any) -> RosterPage:
    bus = ChangeBus()
    roster = RosterPage(settings, bus)
    bus.changed.connect(roster.on_changes)
    qtbot.addWidget(roster)
    roster.attach(services)
    roster.show()
    roster.activate()
    roster.show_week(MONDAY)
    return roster


def crews(services: Services) -> list[tuple[str, list[str]]]:
    shifts = services.roster.period(MONDAY, MONDAY + timedelta(days=6)).shifts
    return sorted(
        (f"{s.duty_date:%d.%m.} {s.kind.label} {s.area}", sorted(c.service_number for c in s.crew))
        for s in shifts
    )


def test_the_week_goes_out_as_xlsx_and_comes_back_in(
    page: RosterPage, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_officers(services)
    services.roster_io.import_csv(
        (
            "Datum;Beginn;Ende;Dienstnummer;Art;Gebiet\r\n"
            f"{DAY:%d.%m.%Y};14:00;22:00;K-1;Streife;Innenstadt\r\n"
            f"{DAY:%d.%m.%Y};14:00;22:00;K-2;Streife;Innenstadt\r\n"
            f"{DAY:%d.%m.%Y};08:00;16:00;E-1;Ermittlungsdienst;\r\n"
        ).encode()
    )
    before = crews(services)
    offered: list[str] = []

    def save_as(_parent: Any, _title: str, name: str, filters: str) -> tuple[str, str]:
        offered.extend([name, filters])
        # Typed without an extension, the first filter (Excel) chosen.
        return str(tmp_path / "woche"), filters.partition(";;")[0]

    monkeypatch.setattr(roster_files.QFileDialog, "getSaveFileName", save_as)
    page.toolbar.export_action.trigger()
    assert offered[0] == f"dienstplan_{MONDAY:%Y-%m-%d}.xlsx"
    assert offered[1] == "Excel-Arbeitsmappe (*.xlsx);;CSV-Dateien (*.csv)"
    workbook = tmp_path / "woche.xlsx"
    sheet = load_workbook(workbook).active
    assert [cell.value for cell in sheet[1]][:4] == ["Datum", "Beginn", "Ende", "Dienstnummer"]
    assert sheet.max_row == 4

    # Into an emptied week: the same duties and crews again.
    for shift in services.roster.period(MONDAY, MONDAY + timedelta(days=6)).shifts:
        services.roster.delete_shift(shift.id)
    assert crews(services) == []
    chosen: list[str] = []

    def open_file(_parent: Any, _title: str, _dir: str, filters: str) -> tuple[str, str]:
        chosen.append(filters)
        return str(workbook), ""

    monkeypatch.setattr(roster_files.QFileDialog, "getOpenFileName", open_file)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    page.toolbar.import_action.trigger()
    assert "*.xlsx" in chosen[0].partition(";;")[0]
    assert page.files.last_import_summary.startswith("3 Zeilen eingelesen: 2 Dienste angelegt")
    assert crews(services) == before


def test_a_broken_workbook_is_refused_in_german_and_nothing_is_imported(
    page: RosterPage, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_officers(services)
    fake = tmp_path / "plan.xlsx"  # a CSV that was only renamed
    fake.write_bytes(f"Datum;Beginn;Ende;Dienstnummer;Art\r\n{DAY:%d.%m.%Y};8:00".encode())
    shown: list[str] = []
    monkeypatch.setattr(
        roster_files, "show_error", lambda _w, error, *_a: shown.append(error.message)
    )
    assert not page.files.import_roster_file(fake)
    assert shown == ["Die Datei ist keine Excel-Arbeitsmappe (.xlsx)."]
    assert crews(services) == []
