"""`roster import|export|ical` on the command line (DESIGN.md §12): exit codes, German reports,
files that re-import."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from icalendar import Calendar

from kod_desk.cli import main

STAFF = (
    "Dienstnummer;Nachname;Vorname;Einheit;Rolle;Qualifikationen;Wochenstunden",
    "K-1;Albers;Anna;KOD;Einsatzkraft;Radstreife;39",
    "K-2;Brandt;Ben;KOD;Einsatzkraft;Radstreife;39",
    "E-1;Dorn;Dana;Ermittlungsdienst;Einsatzkraft;;39",
)
ROSTER = (
    "Datum;Beginn;Ende;Dienstnummer;Art;Gebiet",
    "13.11.2026;14:00;22:00;K-1;Streife;Bahnhofsumfeld",
    "13.11.2026;14:00;22:00;K-2;Streife;Bahnhofsumfeld",
    "24.10.2026;22:00;06:00;K-1;Radstreife;Klosterinsel",
    "24.10.2026;22:00;06:00;K-2;Radstreife;Klosterinsel",
    "14.11.2026;08:00;16:30;E-1;Ermittlungsdienst;",
)


def write_csv(path: Path, lines: tuple[str, ...] | list[str]) -> Path:
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def cli(words: str, *paths: str) -> int:
    """``cli("roster export --from D --to D -o", out, "--db", db)``: words split, paths kept."""
    return main([*words.split(), *paths])


def database(tmp_path: Path, name: str = "kod.sqlite") -> str:
    """A new database with the three staff members."""
    target = str(tmp_path / name)
    staff = write_csv(tmp_path / "staff.csv", STAFF)
    assert cli("officers import", str(staff), "--db", target) == 0
    return target


def shift_count(target: str) -> int:
    connection = sqlite3.connect(target)
    try:
        return int(connection.execute("SELECT count(*) FROM shift").fetchone()[0])
    finally:
        connection.close()


def test_import_then_again_adds_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = database(tmp_path)
    roster = write_csv(tmp_path / "plan.csv", ROSTER)
    capsys.readouterr()
    assert main(["roster", "import", str(roster), "--db", target]) == 0
    assert capsys.readouterr().out == (
        "5 Zeilen eingelesen: 3 Dienste angelegt, 0 ergänzt, 0 unverändert, 5 Einteilungen neu.\n"
    )
    assert main(["roster", "import", str(roster), "--db", target]) == 0
    assert "0 Dienste angelegt, 0 ergänzt, 3 unverändert" in capsys.readouterr().out
    assert shift_count(target) == 3


def test_bad_import_reports_every_line_and_imports_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = database(tmp_path)
    roster = write_csv(
        tmp_path / "plan.csv",
        [
            *ROSTER,
            "13.11.2026;14:00;22:00;K-99;Streife;Innenstadt",
            "13.11.2026;14:00;22:00;K-1;Streife;Hafen",
        ],
    )
    capsys.readouterr()
    assert main(["roster", "import", str(roster), "--db", target]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "kod-desk: 2 von 7 Zeilen fehlerhaft – nichts importiert.",
        "Zeile 7: Dienstnummer K-99 unbekannt.",
        "Zeile 8: Gebiet „Hafen“ unbekannt (vorhanden: Bahnhofsumfeld, Innenstadt, Klosterinsel).",
    ]
    assert shift_count(target) == 0

    assert main(["roster", "import", str(roster), "--good-rows-only", "--db", target]) == 0
    captured = capsys.readouterr()
    assert "3 Dienste angelegt" in captured.out and "2 Zeilen übersprungen" in captured.out
    assert captured.err.splitlines() == [
        "Zeile 7: Dienstnummer K-99 unbekannt.",
        "Zeile 8: Gebiet „Hafen“ unbekannt (vorhanden: Bahnhofsumfeld, Innenstadt, Klosterinsel).",
    ]
    assert shift_count(target) == 3


def test_export_reimports_into_a_fresh_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = database(tmp_path)
    main(["roster", "import", str(write_csv(tmp_path / "plan.csv", ROSTER)), "--db", target])
    out = tmp_path / "export.csv"
    capsys.readouterr()
    assert cli("roster export --from 2026-10-24 --to 14.11.2026 -o", str(out), "--db", target) == 0
    assert capsys.readouterr().out == (
        f"Dienstplan 24.10.2026–14.11.2026: 5 Zeilen geschrieben: {out}\n"
    )
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfDatum;Beginn;Ende;Dienstnummer;Art;Gebiet\r\n")
    assert b"24.10.2026;22:00;06:00;K-1;Radstreife;Klosterinsel\r\n" in data

    fresh = database(tmp_path, "fresh.sqlite")
    assert main(["roster", "import", str(out), "--db", fresh]) == 0
    again = tmp_path / "again.csv"
    cli("roster export --from 24.10.2026 --to 2026-11-14 -o", str(again), "--db", fresh)
    assert again.read_bytes() == data


def test_ical_of_one_officer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = database(tmp_path)
    main(["roster", "import", str(write_csv(tmp_path / "plan.csv", ROSTER)), "--db", target])
    out = tmp_path / "albers.ics"
    capsys.readouterr()
    command = "roster ical --officer K-1 --from 01.10.2026 --to 2026-11-13 -o"
    assert cli(command, str(out), "--db", target) == 0
    assert capsys.readouterr().out == (
        f"Kalender K-1 01.10.2026–13.11.2026: 2 Dienste geschrieben: {out}\n"
    )
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert sorted(str(e["SUMMARY"]) for e in events) == [
        "Nachtdienst – Radstreife Klosterinsel",
        "Spätdienst – Streife Bahnhofsumfeld",
    ]


def test_xlsx_export_and_import_by_extension(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = database(tmp_path)
    main(["roster", "import", str(write_csv(tmp_path / "plan.csv", ROSTER)), "--db", target])
    out = tmp_path / "Dienstplan.XLSX"
    capsys.readouterr()
    assert cli("roster export --from 2026-10-24 --to 14.11.2026 -o", str(out), "--db", target) == 0
    assert capsys.readouterr().out == (
        f"Dienstplan 24.10.2026–14.11.2026: 5 Zeilen geschrieben: {out}\n"
    )
    assert out.read_bytes().startswith(b"PK\x03\x04")  # a workbook, not a CSV named .xlsx

    fresh = database(tmp_path, "fresh.sqlite")
    capsys.readouterr()
    assert main(["roster", "import", str(out), "--db", fresh]) == 0
    assert capsys.readouterr().out == (
        "5 Zeilen eingelesen: 3 Dienste angelegt, 0 ergänzt, 0 unverändert, 5 Einteilungen neu.\n"
    )
    assert shift_count(fresh) == 3

    # A CSV renamed to .xlsx is refused in one German line, and nothing is imported.
    renamed = write_csv(tmp_path / "plan.xlsx", ROSTER)
    assert main(["roster", "import", str(renamed), "--db", fresh]) == 2
    assert capsys.readouterr().err == (
        "kod-desk: Die Datei ist keine Excel-Arbeitsmappe (.xlsx).\n"
    )
    assert shift_count(fresh) == 3


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["roster", "ical", "--officer", "K-77", "--from", "01.11.2026", "--to", "30.11.2026"],
            "kod-desk: Dienstnummer K-77 unbekannt.",
        ),
        (
            ["roster", "export", "--from", "30.11.2026", "--to", "01.11.2026"],
            "kod-desk: --to 01.11.2026 liegt vor --from 30.11.2026.",
        ),
        (
            ["roster", "export", "--from", "31.11.2026", "--to", "01.12.2026"],
            "kod-desk: --from: „31.11.2026“ ist kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT).",
        ),
        (["roster", "import", "fehlt.csv"], "kod-desk: fehlt.csv: Datei lässt sich nicht lesen"),
    ],
)
def test_refusals_are_one_german_line_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    # Only the unknown officer needs a database; the others are refused before opening one.
    needs_db = argv[1] == "ical"
    target = database(tmp_path) if needs_db else str(tmp_path / "nie.sqlite")
    capsys.readouterr()
    output = ["-o", str(tmp_path / "out")] if argv[1] != "import" else []
    assert main([*argv, *output, "--db", target]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(message)
    assert not (tmp_path / "out").exists()
    assert Path(target).exists() == needs_db


def test_missing_options_are_reported_in_german(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main(["roster", "ical", "--from", "01.11.2026", "--to", "30.11.2026", "-o", "x.ics"])
    assert done.value.code == 2
    assert "es fehlt: --officer" in capsys.readouterr().err


def test_roster_check_json_fields_and_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`roster check --json`: the fields of DESIGN.md §12; exit 1 when there is an error."""
    from datetime import UTC, date, datetime, time

    from kod_desk.domain.enums import ShiftKind
    from kod_desk.domain.masterdata import OfficerDraft
    from kod_desk.domain.roster import ShiftDraft
    from kod_desk.services.registry import Services
    from kod_desk.storage.database import Database

    target = tmp_path / "check.sqlite"
    services = Services.create(Database.open(target), actor="test")
    services.setup.ensure_initialized("Test")
    anna = services.masterdata.save_officer(OfficerDraft("K-1", "Albers", "Anna")).value.id
    late = services.roster.create_shift(
        ShiftDraft(date(2026, 11, 13), time(14), time(22), ShiftKind.OFFICE, min_staff=1)
    ).value
    early = services.roster.create_shift(
        ShiftDraft(date(2026, 11, 14), time(6, 30), time(15), ShiftKind.OFFICE, min_staff=1)
    ).value
    for shift in (late, early):
        services.roster.assign(shift.id, anna)
    start = datetime(2026, 11, 14, 5, 30, tzinfo=UTC)
    services.roster.record_actual(early.id, anna, start, start.replace(hour=15, minute=0), 45)
    services.close()
    capsys.readouterr()
    code = main(
        [
            "roster",
            "check",
            "--db",
            str(target),
            "--from",
            "09.11.2026",
            "--to",
            "2026-11-15",
            "--json",
        ]
    )
    findings = json.loads(capsys.readouterr().out)
    assert code == 1
    rest = [f for f in findings if f["rule"] == "rest_11h"]
    assert len(rest) == 1
    assert set(rest[0]) >= {"rule", "severity", "officer", "shifts", "message"}
    assert rest[0]["severity"] == "error" and rest[0]["officer"] == "K-1"
    assert sorted(rest[0]["shifts"]) == sorted([late.id, early.id])
    assert rest[0]["message"].startswith("§5 ArbZG: nur 8:30 h Ruhezeit")
    assert (
        main(
            [
                "roster",
                "overtime",
                "--db",
                str(target),
                "--from",
                "2026-11-14",
                "--to",
                "2026-11-14",
                "--json",
            ]
        )
        == 0
    )
    [entry] = json.loads(capsys.readouterr().out)
    assert (entry["officer"], entry["worked_minutes"], entry["beyond_minutes"]) == ("K-1", 525, 45)
