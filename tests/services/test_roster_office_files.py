"""Rosters as the office keeps them (issue 14, item 9): a CSV saved again by Excel, an .xlsx
workbook in and out with the same line report, and hostile workbooks refused in German before
anything is written."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from kod_desk.domain.enums import ShiftKind
from kod_desk.domain.errors import ValidationError
from kod_desk.domain.masterdata import OfficerDraft
from kod_desk.domain.roster import ShiftDraft
from kod_desk.domain.roster_csv import RosterLine
from kod_desk.services.registry import Services
from kod_desk.services.roster_io import ImportRefusedError, RosterIOService
from kod_desk.services.roster_xlsx import MAX_ROWS, parse_roster_xlsx, write_roster_xlsx
from kod_desk.storage.database import Database
from tests.domain.test_roster_csv import roster_lines
from tests.services.test_roster_io import GOOD, duties, staff

# Parsing files is the same on every database; these tests read the SQLite file directly.
pytestmark = pytest.mark.sqlite_only

HEADER = ["Datum", "Beginn", "Ende", "Dienstnummer", "Art", "Gebiet"]


@pytest.fixture
def io_service(services: Services) -> RosterIOService:
    staff(services)
    services.masterdata.save_officer(OfficerDraft("1041", "Fuchs", "Frida"))
    return services.roster_io


def count(db_path: Path, table: str) -> int:
    connection = sqlite3.connect(db_path)
    try:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        connection.close()


def workbook_bytes(rows: list[list[object]], title: str = "Tabelle1") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_part(data: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    """The workbook with one part rewritten by ``change(bytes) -> bytes``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            target.writestr(item, change(content) if item.filename == name else content)
    return buffer.getvalue()


# ---------------------------------------------------------------- CSV saved again by Excel


def test_excel_cp1252_csv_imports_with_the_same_line_report(
    services: Services, io_service: RosterIOService, db_path: Path
) -> None:
    # Excel's "CSV (Trennzeichen-getrennt)" on a German Windows: no BOM, Windows-1252, ";",
    # times with seconds, two-digit years after LibreOffice touched it, trailing empty cells.
    lines = [
        "Datum;Beginn;Ende;Dienstnummer;Art;Gebiet;;",
        "13.11.26;14:00:00;22:00:00;K-1;Streife;Bahnhofsumfeld;;",
        "13.11.26;14:00:00;22:00:00;K-2;Streife;Bahnhofsumfeld;;",
        "14.11.2026;7:30;16:00;E-1;Innendienst;;;",
        "14.11.2026;7:30;16:00;K-99;Innendienst;;;",
        "31.11.26;7:30;16:00;K-3;Innendienst;;;",
        ";;;;;;;",
    ]
    data = "\r\n".join(lines).encode("cp1252")
    with pytest.raises(ImportRefusedError) as refused:
        io_service.import_csv(data)
    assert refused.value.messages == [
        "2 von 5 Zeilen fehlerhaft – nichts importiert.",
        "Zeile 5: Dienstnummer K-99 unbekannt.",
        "Zeile 6: Datum: „31.11.26“ ist kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT).",
    ]
    assert count(db_path, "shift") == 0

    report = io_service.import_csv(data, good_rows_only=True).value
    assert report.summary == (
        "2 Zeilen eingelesen: 1 Dienst angelegt, 0 ergänzt, 0 unverändert, 2 Einteilungen neu. "
        "3 Zeilen übersprungen."
    )
    [late] = services.roster.period(date(2026, 11, 13), date(2026, 11, 13)).shifts
    assert (late.starts_at, late.ends_at) == (
        datetime(2026, 11, 13, 13, tzinfo=UTC),
        datetime(2026, 11, 13, 21, tzinfo=UTC),
    )
    assert sorted(c.service_number for c in late.crew) == ["K-1", "K-2"]


# ---------------------------------------------------------------- .xlsx


def test_xlsx_export_reimports_to_the_same_duties_with_real_cells(
    services: Services, io_service: RosterIOService, db_path: Path, tmp_path: Path
) -> None:
    io_service.import_csv(GOOD)
    area = next(a.id for a in services.masterdata.areas() if a.name == "Klosterinsel")
    services.roster.create_shift(  # an open duty travels as a line without a service number
        ShiftDraft(date(2026, 11, 14), time(10), time(18), ShiftKind.CONTACT_POINT, area)
    )
    io_service.import_csv(  # a night across the autumn change
        b"Datum;Beginn;Ende;Dienstnummer;Art;Gebiet\r\n"
        b"24.10.2026;22:00;06:00;K-3;Streife;Innenstadt\r\n"
    )
    first, last = date(2026, 10, 24), date(2026, 11, 14)
    exported = io_service.export_xlsx(first, last)

    sheet = load_workbook(io.BytesIO(exported)).active
    assert sheet.title == "Dienstplan"
    assert [cell.value for cell in sheet[1]] == HEADER
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["E"].width >= len("Gemeinsame Streife Polizei")
    day, start, end = sheet["A2"], sheet["B2"], sheet["C2"]
    assert (day.value, day.number_format) == (datetime(2026, 10, 24), "DD.MM.YYYY")
    assert (start.value, start.number_format) == (time(22), "HH:MM")
    assert (end.value, end.number_format) == (time(6), "HH:MM")
    assert sheet.max_row == 1 + 8  # header, 7 officers on duties, one open duty

    # Into a second, empty database: the same duties, crews and UTC bounds.
    other_path = tmp_path / "other.sqlite"
    other = Services.create(Database.open(other_path), actor="test")
    try:
        other.setup.ensure_initialized("Zweitstation")
        staff(other)
        report = other.roster_io.import_xlsx(exported).value
        assert (report.line_count, report.duties_created) == (8, 6)
        assert duties(other, first, last) == duties(services, first, last)
    finally:
        other.close()


def test_xlsx_with_typed_and_text_cells_as_people_type_them(
    services: Services, io_service: RosterIOService
) -> None:
    data = workbook_bytes(
        [
            [],  # an empty first row: the header is the first row with something in it
            [*HEADER, None, "Bemerkung"],
            # Excel's own cells: a date, times, a service number typed as a number.
            [datetime(2026, 12, 7), time(6), time(14), 1041, "Streife", "Innenstadt"],
            # A date-time in Datum and Beginn, a duration cell ([h]:mm) as the end.
            [
                datetime(2026, 12, 7),
                datetime(2026, 12, 7, 6),
                timedelta(hours=14),
                "K-1",
                "Streife",
                "Innenstadt",
            ],
            # Text cells as a CSV pasted into the sheet.
            ["7.12.26", "22:00:00", "6:00", "K-2", "Radstreife", "Klosterinsel", None, "neu"],
            [None, None, None, None, None, None],
            # A time whose cell lost its format: Excel's fraction of a day.
            [date(2026, 12, 8), 0.3125, 0.6666666666666666, "E-1", "Innendienst", None],
        ]
    )
    report = io_service.import_xlsx(data).value
    assert (report.line_count, report.duties_created, report.assignments_added) == (4, 3, 4)
    shifts = services.roster.period(date(2026, 12, 7), date(2026, 12, 8)).shifts
    seen = {
        (s.kind, s.starts_at.astimezone(UTC).hour, s.ends_at.astimezone(UTC).hour): sorted(
            c.service_number for c in s.crew
        )
        for s in shifts
    }
    assert seen == {
        (ShiftKind.PATROL, 5, 13): ["1041", "K-1"],
        (ShiftKind.BIKE_PATROL, 21, 5): ["K-2"],
        (ShiftKind.OFFICE, 6, 15): ["E-1"],
    }


def test_xlsx_bad_rows_get_the_csv_report_with_excel_row_numbers(
    io_service: RosterIOService, db_path: Path
) -> None:
    data = workbook_bytes(
        [
            HEADER,
            [datetime(2026, 12, 7), time(6), time(14), "K-1", "Streife", "Innenstadt"],
            [datetime(2026, 12, 7), time(6, 0, 30), time(14), "K-99", "Streife", "Hafen"],
            [None] * 6,
            [12, "früh", time(14), "K-2", "Fußstreife", "Innenstadt"],
        ]
    )
    with pytest.raises(ImportRefusedError) as refused:
        io_service.import_xlsx(data)
    assert refused.value.messages == [
        "2 von 3 Zeilen fehlerhaft – nichts importiert.",
        "Zeile 3: Beginn: „06:00:30“ hat Sekunden; Dienste werden in ganzen Minuten geplant "
        "(HH:MM).",
        "Zeile 3: Dienstnummer K-99 unbekannt.",
        "Zeile 3: Gebiet „Hafen“ unbekannt (vorhanden: Bahnhofsumfeld, Innenstadt, Klosterinsel).",
        "Zeile 5: Datum: „12“ ist kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT).",
        "Zeile 5: Beginn: „früh“ ist keine gültige Uhrzeit (HH:MM).",
        "Zeile 5: Art „Fußstreife“ unbekannt (erlaubt: Streife, Radstreife, Gemeinsame Streife "
        "Polizei, Ansprechstelle, Ermittlungsdienst, Innendienst).",
    ]
    assert count(db_path, "shift") == 0


def test_a_formula_with_its_stored_value_is_read_as_that_value(
    services: Services, io_service: RosterIOService
) -> None:
    plain = workbook_bytes(
        [HEADER, [datetime(2026, 12, 7), time(6), time(14), "K-1", "Innendienst", None]]
    )
    # As Excel saves "=B2+8/24" in Ende: the formula and the value it showed.
    data = with_part(
        plain,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(
            b'<c r="C2" s="2" t="n"><v>0.5833333333333334</v></c>',
            b'<c r="C2" s="2"><f>B2+8/24</f><v>0.5833333333333334</v></c>',
        ),
    )
    assert b"<f>B2+8/24</f>" in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    io_service.import_xlsx(data)
    [duty] = services.roster.period(date(2026, 12, 7), date(2026, 12, 7)).shifts
    assert duty.ends_at == datetime(2026, 12, 7, 13, tzinfo=UTC)


def _zip_bomb() -> bytes:
    plain = workbook_bytes([HEADER])
    # 40 MB of spaces compress to about 40 KB: declared in the directory, refused unread.
    return _add_part(plain, "xl/media/padding.xml", b" " * (40 * 2**20))


def _add_part(data: bytes, name: str, content: bytes) -> bytes:
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def _huge_sheet() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append([datetime(2026, 12, 7), time(6), time(14), "K-1", "Innendienst", None])
    sheet.cell(row=MAX_ROWS + 5, column=1, value="07.12.2026")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _with_doctype() -> bytes:
    plain = workbook_bytes(
        [HEADER, [datetime(2026, 12, 7), time(6), time(14), "K-1", "Innendienst", None]]
    )
    lol = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    return with_part(plain, "xl/worksheets/sheet1.xml", lambda xml: lol + xml)


def _formula_without_value() -> bytes:
    # openpyxl (like any program) writes a formula without a value: nothing to import.
    return workbook_bytes(
        [HEADER, [datetime(2026, 12, 7), time(6), "=B2+8/24", "K-1", "Innendienst", None]]
    )


HOSTILE = {
    "not-a-zip": (b"Datum;Beginn;Ende\r\n", "keine Excel-Arbeitsmappe (.xlsx)"),
    "old-xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "alte Excel-Arbeitsmappe (.xls)"),
    "truncated": (b"PK\x03\x04" + bytes(100), "beschädigt"),
    "zip-bomb": (None, "wäre entpackt 40 MB groß (höchstens 32 MB)"),
    "huge-sheet": (None, f"Einträge in Zeile {MAX_ROWS + 5}"),
    "doctype": (None, "XML-Definitionen (DOCTYPE/ENTITY)"),
    "formula": (None, "Formeln ohne berechneten Wert (Zelle C2)"),
}
BUILDERS = {
    "zip-bomb": _zip_bomb,
    "huge-sheet": _huge_sheet,
    "doctype": _with_doctype,
    "formula": _formula_without_value,
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_workbook_is_refused_in_german_and_nothing_is_written(
    case: str, io_service: RosterIOService, db_path: Path
) -> None:
    raw, message = HOSTILE[case]
    data = raw if raw is not None else BUILDERS[case]()
    audit_before = count(db_path, "audit_entry")
    backups = sorted(db_path.parent.rglob("*.sqlite*"))
    with pytest.raises(ValidationError) as refused:
        io_service.import_xlsx(data)
    assert message in refused.value.message
    assert count(db_path, "shift") == 0
    assert count(db_path, "audit_entry") == audit_before
    assert sorted(db_path.parent.rglob("*.sqlite*")) == backups  # not even a backup


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        roster_lines(),
        min_size=1,
        max_size=6,
        unique_by=lambda line: (line.duty_key, line.service_number.casefold()),
    )
)
def test_written_workbooks_parse_back_to_the_same_values(lines: list[RosterLine]) -> None:
    parsed = parse_roster_xlsx(write_roster_xlsx(lines))
    assert parsed.problems == ()
    assert parsed.lines == tuple(replace(line, line=i + 2) for i, line in enumerate(lines))
