"""The roster CSV (DESIGN.md §12): what Excel writes is read, every bad line is named, and what
the export writes reads back to the same values."""

from __future__ import annotations

import re
from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kod_desk.domain.enums import ShiftKind
from kod_desk.domain.errors import ValidationError
from kod_desk.domain.roster_csv import (
    LineProblem,
    RosterLine,
    group_duties,
    parse_roster,
    write_roster,
)

HEADER = "Datum;Beginn;Ende;Dienstnummer;Art;Gebiet"


def csv(*lines: str, bom: bool = True, newline: str = "\r\n", header: str = HEADER) -> bytes:
    text = newline.join([header, *lines]) + newline
    return ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8")


@pytest.mark.parametrize(("bom", "newline"), [(True, "\r\n"), (False, "\n")])
def test_excel_file_is_read(bom: bool, newline: str) -> None:
    parsed = parse_roster(
        csv(
            "13.11.2026;14:00;22:00;K-1041;Streife;Bahnhofsumfeld",
            "2026-11-13;22:00;06:00;K-1042;radstreife;Klosterinsel",
            "14.11.2026;8:00;16:30;E-2013;Ermittlungsdienst;",
            "14.11.2026;07:30;16:00;E-2014;  gemeinsame   streife POLIZEI ;Bahnhofsumfeld",
            ";;;;;",
            bom=bom,
            newline=newline,
        )
    )
    assert parsed.problems == ()
    assert parsed.line_count == 4
    assert parsed.lines == (
        RosterLine(
            date(2026, 11, 13), time(14), time(22), "K-1041", ShiftKind.PATROL, "Bahnhofsumfeld", 2
        ),
        RosterLine(
            date(2026, 11, 13),
            time(22),
            time(6),
            "K-1042",
            ShiftKind.BIKE_PATROL,
            "Klosterinsel",
            3,
        ),
        RosterLine(
            date(2026, 11, 14), time(8), time(16, 30), "E-2013", ShiftKind.INVESTIGATION, "", 4
        ),
        RosterLine(
            date(2026, 11, 14),
            time(7, 30),
            time(16),
            "E-2014",
            ShiftKind.JOINT_PATROL_POLICE,
            "Bahnhofsumfeld",
            5,
        ),
    )


def test_columns_in_any_order_and_gebiet_may_be_left_out() -> None:
    parsed = parse_roster(
        csv("Innendienst;K-7;07:30;16:00;01.12.2026", header="Art;Dienstnummer;Beginn;Ende;Datum")
    )
    [line] = parsed.lines
    assert (line.kind, line.service_number, line.area, line.line) == (
        ShiftKind.OFFICE,
        "K-7",
        "",
        2,
    )


def test_every_bad_line_is_reported_with_its_number() -> None:
    parsed = parse_roster(
        csv(
            "13.11.2026;14:00;22:00;K-1;Streife;Innenstadt",
            "31.11.2026;14:00;22:00;K-2;Streife;Innenstadt",
            "13.11.2026;25:00;6;K-3;Fußstreife;Innenstadt",
            "13.11.2026;14:00;22:00;K-4;Radstreife;",
            "13.11.2026;08:00;08:00;K-5;Innendienst;",
            ";;;K-6;;",
            "13.11.2026;14:00;22:00;k-1;STREIFE;innenstadt",
        )
    )
    assert [str(p) for p in parsed.problems] == [
        "Zeile 3: Datum: „31.11.2026“ ist kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT).",
        "Zeile 4: Beginn: „25:00“ ist keine gültige Uhrzeit (HH:MM).",
        "Zeile 4: Ende: „6“ ist keine gültige Uhrzeit (HH:MM).",
        "Zeile 4: Art „Fußstreife“ unbekannt (erlaubt: Streife, Radstreife, Gemeinsame Streife "
        "Polizei, Ansprechstelle, Ermittlungsdienst, Innendienst).",
        "Zeile 5: Gebiet fehlt: Radstreife braucht ein Einsatzgebiet (leer nur bei "
        "Ermittlungsdienst und Innendienst).",
        "Zeile 6: Ende gleich Beginn: ein Dienst muss eine Dauer haben.",
        "Zeile 7: Datum fehlt.",
        "Zeile 7: Beginn fehlt.",
        "Zeile 7: Ende fehlt.",
        "Zeile 7: Art fehlt.",
        "Zeile 8: Dienstnummer k-1 steht für denselben Dienst schon in Zeile 2.",
    ]
    assert parsed.bad_lines == {3, 4, 5, 6, 7, 8}
    # Lines whose fields parsed stay available, so the importer can skip their whole duty.
    assert [line.line for line in parsed.lines] == [2, 5, 6, 8]
    # Names are kept for every line, so unknown officers are reported even beside a bad date.
    assert [(n.line, n.service_number) for n in parsed.names][:3] == [
        (2, "K-1"),
        (3, "K-2"),
        (4, "K-3"),
    ]


def test_a_quoted_line_break_keeps_the_line_numbers_right() -> None:
    parsed = parse_roster(
        csv(
            '13.11.2026;14:00;22:00;K-1;Streife;"Innen\nstadt"',
            "13.11.2026;14:00;22:00;K-2;Streife;Nirgendwo;",
            "xx;14:00;22:00;K-3;Streife;Innenstadt",
        )
    )
    assert [line.line for line in parsed.lines] == [2, 4]
    assert parsed.lines[0].area == "Innen\nstadt"
    assert [p.line for p in parsed.problems] == [5]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Die Datei ist leer"),
        (csv(), "keine Dienste (nur die Kopfzeile)"),
        (csv("x", header="Datum;Beginn;Ende;Art"), "Zeile 1: Spalte(n) Dienstnummer fehlen"),
        (
            csv("13.11.2026|14:00", header="Datum|Beginn|Ende|Dienstnummer|Art|Gebiet"),
            "Trennzeichen: Semikolon, Komma oder Tabulator",
        ),
        (csv("", "x", header=""), "Zeile 3: Spalte(n) Datum, Beginn, Ende, Dienstnummer, Art"),
        # 0x81 is no character in Windows-1252 and no UTF-8 sequence either.
        (b"Datum;Beginn\n\x81", "weder UTF-8 noch Windows-1252"),
    ],
)
def test_an_unusable_file_is_refused_as_a_whole(data: bytes, message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        parse_roster(data)


# What the office programs write when they save a roster again (issue 14, item 9).
EXCEL_CP1252 = (
    # Excel "CSV (Trennzeichen-getrennt)" on a German Windows: Windows-1252, no BOM, ";", the
    # cells as displayed (times with seconds once the column had that format), trailing ";;".
    "Datum;Beginn;Ende;Dienstnummer;Art;Gebiet;;\r\n"
    "07.12.2026;06:00:00;14:00:00;K-1;Streife;Straße am Bahnhof;;\r\n"
    "07.12.2026;6:00;14:00;K-2;Streife;Straße am Bahnhof;;\r\n"
    "8.12.2026;22:00:00;06:00:00;;Ermittlungsdienst;;;\r\n"
    ";;;;;;;\r\n"
    ";;;;;;;\r\n"
).encode("cp1252")
LIBREOFFICE_UTF8 = (
    # LibreOffice Calc "Text CSV" with its defaults: UTF-8 without BOM, ",", LF, the German
    # short date with a two-digit year, text quoted only where needed.
    "Datum,Beginn,Ende,Dienstnummer,Art,Gebiet\n"
    "07.12.26,06:00:00,14:00:00,K-1,Streife,Straße am Bahnhof\n"
    "07.12.26,06:00:00,14:00:00,K-2,Streife,Straße am Bahnhof\n"
    '08.12.26,22:00:00,06:00:00,,Ermittlungsdienst,""\n'
).encode()
EXCEL_UTF8 = (
    # Excel "CSV UTF-8": BOM, ";", CRLF, ISO dates where the column was formatted that way.
    "\ufeffDatum;Beginn;Ende;Dienstnummer;Art;Gebiet\r\n"
    "2026-12-07;06:00;14:00;K-1;Streife;Straße am Bahnhof\r\n"
    "07.12.2026 00:00;06:00;14:00;K-2;Streife;Straße am Bahnhof\r\n"
    "2026-12-08;22:00;06:00;;Ermittlungsdienst;\r\n"
).encode("utf-8")
EXCEL_UNICODE_TEXT = (
    # Excel "Unicode-Text": UTF-16 with BOM, tabs.
    "Datum\tBeginn\tEnde\tDienstnummer\tArt\tGebiet\r\n"
    "07.12.2026\t06:00\t14:00\tK-1\tStreife\tStraße am Bahnhof\r\n"
    "07.12.2026\t06:00\t14:00\tK-2\tStreife\tStraße am Bahnhof\r\n"
    "08.12.2026\t22:00\t06:00\t\tErmittlungsdienst\t\r\n"
).encode("utf-16")


@pytest.mark.parametrize(
    "data",
    [EXCEL_CP1252, LIBREOFFICE_UTF8, EXCEL_UTF8, EXCEL_UNICODE_TEXT],
    ids=["excel-cp1252", "libreoffice-comma-yy", "excel-utf8-iso", "excel-utf16-tab"],
)
def test_a_roster_saved_again_by_excel_or_libreoffice_reads_the_same(data: bytes) -> None:
    parsed = parse_roster(data)
    assert parsed.problems == ()
    assert parsed.line_count == 3
    day = date(2026, 12, 7)
    assert [(line.line, *line.duty_key, line.service_number) for line in parsed.lines] == [
        (2, day, time(6), time(14), ShiftKind.PATROL, "strasse am bahnhof", "K-1"),
        (3, day, time(6), time(14), ShiftKind.PATROL, "strasse am bahnhof", "K-2"),
        (4, date(2026, 12, 8), time(22), time(6), ShiftKind.INVESTIGATION, "", ""),
    ]
    assert parsed.lines[0].area == "Straße am Bahnhof"  # the encoding was read right


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7.12.26", date(2026, 12, 7)),
        ("07.12.2026", date(2026, 12, 7)),
        ("2026-12-07", date(2026, 12, 7)),
        ("1.1.00", date(2000, 1, 1)),
        ("31.12.69", date(2069, 12, 31)),  # the last year of the window that means 20xx
        ("1.1.70", date(1970, 1, 1)),
    ],
)
def test_dates_as_the_office_programs_write_them(text: str, expected: date) -> None:
    parsed = parse_roster(csv(f"{text};06:00:00;14:00;K-1;Innendienst;"))
    assert parsed.problems == ()
    assert parsed.lines[0].duty_date == expected


def test_times_with_seconds_or_odd_dates_are_named_on_their_line() -> None:
    parsed = parse_roster(
        csv(
            "07.12.2026;06:00:30;14:00;K-1;Innendienst;",
            "31.11.26;24:00:00;6:00;K-1;Innendienst;",
            "07.12.2026;24:30;14:00;K-1;Innendienst;",
            "7.12.2026 08:00;06:00;14:00;K-1;Innendienst;",
        )
    )
    assert [str(p) for p in parsed.problems] == [
        "Zeile 2: Beginn: „06:00:30“ hat Sekunden; Dienste werden in ganzen Minuten geplant "
        "(HH:MM).",
        "Zeile 3: Datum: „31.11.26“ ist kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT).",
        "Zeile 4: Beginn: „24:30“ ist keine gültige Uhrzeit (HH:MM).",
        "Zeile 5: Datum: „7.12.2026 08:00“ ist kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT).",
    ]


def test_lines_of_one_duty_are_grouped() -> None:
    parsed = parse_roster(
        csv(
            "13.11.2026;14:00;22:00;K-1;Streife;Innenstadt",
            "13.11.2026;14:00;22:00;K-2;streife;INNENSTADT",
            "13.11.2026;14:00;22:00;K-3;Streife;Bahnhofsumfeld",  # other area
            "13.11.2026;14:00;21:00;K-4;Streife;Innenstadt",  # other end
            "13.11.2026;14:00;22:00;K-5;Radstreife;Innenstadt",  # other kind
            "14.11.2026;14:00;22:00;K-6;Streife;Innenstadt",  # other day
            "13.11.2026;14:00;22:00;K-7;Streife;Innenstadt",
        )
    )
    duties = group_duties(parsed.lines)
    assert [[line.service_number for line in lines] for lines in duties.values()] == [
        ["K-1", "K-2", "K-7"],
        ["K-3"],
        ["K-4"],
        ["K-5"],
        ["K-6"],
    ]


def test_the_export_is_what_excel_opens() -> None:
    data = write_roster(
        [
            RosterLine(
                date(2026, 10, 24), time(22), time(6), "K-1", ShiftKind.PATROL, "Innenstadt"
            ),
            RosterLine(date(2026, 10, 25), time(8), time(16, 30), "", ShiftKind.INVESTIGATION),
            RosterLine(date(2026, 10, 25), time(8), time(16), "K;2", ShiftKind.OFFICE, 'A "B"'),
        ]
    )
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").split("\r\n") == [
        HEADER,
        "24.10.2026;22:00;06:00;K-1;Streife;Innenstadt",
        "25.10.2026;08:00;16:30;;Ermittlungsdienst;",
        '25.10.2026;08:00;16:00;"K;2";Innendienst;"A ""B"""',
        "",
    ]


def test_problems_print_with_their_line() -> None:
    assert str(LineProblem(4, "Dienstnummer K-99 unbekannt.")) == (
        "Zeile 4: Dienstnummer K-99 unbekannt."
    )


# ---------------------------------------------------------------- property

_NAME = st.text(
    alphabet=st.characters(
        codec="utf-8",
        exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp"),
        exclude_characters="\ufeff",
    ),
    min_size=1,
    max_size=12,
)


@st.composite
def roster_lines(draw: st.DrawFn) -> RosterLine:
    kind = draw(st.sampled_from(list(ShiftKind)))
    start = draw(st.times().map(lambda t: time(t.hour, t.minute)))
    end = draw(st.times().map(lambda t: time(t.hour, t.minute)).filter(lambda t: t != start))
    area = draw(_NAME if kind.needs_area else st.one_of(st.just(""), _NAME))
    return RosterLine(
        duty_date=draw(st.dates(date(1990, 1, 1), date(2099, 12, 31))),
        start=start,
        end=end,
        service_number=draw(st.one_of(_NAME, st.just(""))),
        kind=kind,
        area=area,
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        roster_lines(),
        min_size=1,
        max_size=8,
        unique_by=lambda line: (line.duty_key, line.service_number.casefold()),
    ),
    st.booleans(),
)
def test_written_lines_parse_back_to_the_same_values(lines: list[RosterLine], bom: bool) -> None:
    data = write_roster(lines)
    if not bom:
        data = data.removeprefix(b"\xef\xbb\xbf")
    parsed = parse_roster(data)
    assert parsed.problems == ()
    # No quoted line breaks in generated names, so line i of the data is file line i + 2.
    assert parsed.lines == tuple(
        RosterLine(
            line.duty_date, line.start, line.end, line.service_number, line.kind, line.area, i + 2
        )
        for i, line in enumerate(lines)
    )
