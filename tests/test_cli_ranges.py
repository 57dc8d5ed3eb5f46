"""Out-of-range values on the command line and in CSV files (issue 13 hole 7): one German line
(a line-numbered one for a CSV), exit 2, nothing written – never "unerwarteter Fehler"."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kod_desk.cli import main

STAFF = (
    "Dienstnummer;Nachname;Vorname;Einheit;Rolle;Qualifikationen;Wochenstunden",
    "K-1;Albers;Anna;KOD;Einsatzkraft;Radstreife;39",
)


def write_csv(path: Path, lines: tuple[str, ...] | list[str]) -> Path:
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ranges")
    target = folder / "kod.sqlite"
    assert (
        main(["officers", "import", str(write_csv(folder / "p.csv", STAFF)), "--db", str(target)])
        == 0
    )
    return target


def _one_german_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "unerwarteter Fehler" not in err and "Error" not in err
    return lines[0]


def _count(database: Path, table: str) -> int:
    with sqlite3.connect(database) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("31.12.9999;22:00;06:00;K-1;Innendienst;", "31.12.9999"),  # was: OverflowError, exit 1
        ("31.12.9999;08:00;16:00;K-1;Innendienst;", "31.12.9999"),  # was: imported
        ("01.01.0001;08:00;16:00;K-1;Innendienst;", "01.01.0001"),
        ("1899-12-31;08:00;16:00;K-1;Innendienst;", "31.12.1899"),
    ],
)
def test_roster_csv_date_out_of_range_is_refused_by_line(
    line: str, day: str, database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = write_csv(
        tmp_path / "plan.csv",
        [
            "Datum;Beginn;Ende;Dienstnummer;Art;Gebiet",
            "02.06.2025;08:00;16:00;K-1;Innendienst;",
            line,
        ],
    )
    shifts = _count(database, "shift")

    assert main(["roster", "import", str(roster), "--db", str(database)]) == 2

    err = capsys.readouterr().err
    assert err.startswith("kod-desk: 1 von 2 Zeilen fehlerhaft – nichts importiert.")
    assert f"Zeile 3: Datum: {day} liegt außerhalb von 01.01.1900 bis 31.12.2199." in err
    assert "unerwarteter Fehler" not in err
    assert _count(database, "shift") == shifts  # the good line was not imported either


@pytest.mark.parametrize(
    "hours", ["1e308", "-40", "nan", "inf", "0,001", "100000000000000000000000000000000000"]
)
def test_officers_csv_weekly_hours_out_of_range_is_one_readable_line(
    hours: str, database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    staff = write_csv(tmp_path / "p.csv", [STAFF[0], f"K-9;Zorn;Zoe;KOD;Einsatzkraft;;{hours}"])
    officers = _count(database, "officer")

    assert main(["officers", "import", str(staff), "--db", str(database)]) == 2

    line = _one_german_line(capsys.readouterr().err)
    assert line.startswith("kod-desk: Zeile 2: Wochenstunden ")
    assert line.endswith("erlaubt sind mehr als 0 und höchstens 60.")
    assert len(line) < 120  # 1e308 was printed with its 309 digits
    assert _count(database, "officer") == officers


@pytest.mark.parametrize("day", ["31.12.9999", "01.01.0001", "9999-12-31", "0001-01-01"])
@pytest.mark.parametrize(
    "command",
    [
        "roster check --from {d} --to 31.12.2025",
        "roster check --from 01.01.2025 --to {d}",
        "roster overtime --from {d} --to {d}",
        "roster export --from {d} --to {d} -o {out}",
        "roster ical --officer K-1 --from {d} --to {d} -o {out}",
        "report shift --date {d} -o {out}",
        "report day --date {d} -o {out}",
        "report week --date {d} -o {out}",
        "report bike --bike R-1 --from {d} --to {d} -o {out}",
        "export incidents --format csv --from {d} --to {d} -o {out}",
    ],
)
def test_command_line_dates_out_of_range_are_refused(
    command: str, day: str, database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ausgabe"
    argv = [*command.format(d=day, out=out).split(), "--db", str(database)]

    assert main(argv) == 2

    line = _one_german_line(capsys.readouterr().err)
    assert "liegt außerhalb von 01.01.1900 bis 31.12.2199" in line, line
    assert not out.exists()


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "12.9999", "1899-12"])
def test_report_month_out_of_range_is_refused(
    month: str, database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "monat.pdf"
    assert main(["report", "month", "--month", month, "-o", str(out), "--db", str(database)]) == 2
    line = _one_german_line(capsys.readouterr().err)
    assert f"--month: „{month}“ ist kein Monat zwischen 01.1900 und 12.2199" in line
    assert not out.exists()


def test_the_last_day_of_the_range_still_works(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "woche.pdf"
    assert (
        main(["report", "week", "--date", "31.12.2199", "-o", str(out), "--db", str(database)]) == 0
    )
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("limit", ["-5", "0", "10001", "99999999999999999999999999"])
def test_audit_list_limit_out_of_range(
    limit: str, database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "list", "--limit", limit, "--db", str(database)]) == 2
    assert _one_german_line(capsys.readouterr().err) == "kod-desk: --limit: 1 bis 10.000."


@pytest.mark.parametrize(
    "argv",
    [
        ["demo", "--incidents", "-1"],
        ["demo", "--incidents", "99999999999999999999999"],
    ],
)
def test_demo_numbers_out_of_range(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "demo.sqlite"
    assert main([*argv, "--db", str(target)]) == 2
    assert _one_german_line(capsys.readouterr().err) == "kod-desk: --incidents: 0 bis 5.000.000."
    assert not target.exists()
