"""The command line of DESIGN.md §12: German one-line errors, exit codes, same services."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kod_desk import __version__
from kod_desk.cli import main
from kod_desk.storage.backup import expanded

HEADER = "Dienstnummer;Nachname;Vorname;Einheit;Rolle;Qualifikationen;Wochenstunden"


def write_csv(path: Path, *lines: str) -> Path:
    path.write_bytes(("\ufeff" + "\r\n".join([HEADER, *lines]) + "\r\n").encode("utf-8"))
    return path


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"KOD Desk {__version__}"


def test_db_upgrade_creates_then_check_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "sub" / "kod.sqlite"
    assert main(["db", "upgrade", "--db", str(target)]) == 0
    assert "Neue Datenbank angelegt" in capsys.readouterr().out
    assert main(["db", "upgrade", "--db", str(target)]) == 0
    assert "aktuell" in capsys.readouterr().out
    assert main(["db", "check", "--db", str(target)]) == 0
    assert "in Ordnung" in capsys.readouterr().out


def test_db_check_of_a_missing_file_fails_in_german(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "check", "--db", str(tmp_path / "fehlt.sqlite")]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("kod-desk: Datenbank nicht gefunden")
    assert not (tmp_path / "fehlt.sqlite").exists()


def test_db_check_finds_a_tampered_audit_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    target = tmp_path / "kod.sqlite"
    main(["db", "upgrade", "--db", str(target)])
    connection = sqlite3.connect(target)
    connection.execute("DELETE FROM audit_entry")
    connection.execute(
        "INSERT INTO audit_entry (at, actor, action, table_name, prev_hash, hash) "
        "VALUES ('2026-01-01 00:00:00', 'x', 'update', 'officer', 'abc', 'def')"
    )
    connection.commit()
    connection.close()
    capsys.readouterr()
    assert main(["db", "check", "--db", str(target)]) == 1
    assert "Protokoll (Audit) ab Eintrag" in capsys.readouterr().err


def test_officers_import_and_list_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = str(tmp_path / "kod.sqlite")
    staff = write_csv(
        tmp_path / "personal.csv",
        "K-1041;Schäfer;Jörg;KOD;Einsatzkraft;Radstreife,Erste Hilfe;39,5",
        "E-2013;Öztürk;Ayşe;Ermittlungsdienst;Dienstgruppenleitung;;41",
    )
    assert main(["officers", "import", str(staff), "--db", target]) == 0
    assert "2 Dienstkräfte eingelesen" in capsys.readouterr().out
    assert main(["officers", "list", "--json", "--db", target]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(o["service_number"], o["unit"], o["weekly_hours"]) for o in listed] == [
        ("E-2013", "ermittlung", 41.0),
        ("K-1041", "kod", 39.5),
    ]
    assert listed[1]["qualifications"] == ["Radstreife", "Erste Hilfe"]


def test_bad_import_names_lines_and_imports_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = str(tmp_path / "kod.sqlite")
    staff = write_csv(
        tmp_path / "personal.csv",
        "K-1;Albers;Jana;KOD;Einsatzkraft;;39",
        "K-2;Brandt;Ole;Stadtwache;Einsatzkraft;;39",
    )
    assert main(["officers", "import", str(staff), "--db", target]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "Zeile 3: Einheit „Stadtwache“ unbekannt" in err
    main(["officers", "list", "--json", "--db", target])
    assert json.loads(capsys.readouterr().out) == []


def test_station_show_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = str(tmp_path / "kod.sqlite")
    main(["db", "upgrade", "--db", target])
    capsys.readouterr()
    assert main(["station", "show", "--json", "--db", target]) == 0
    station = json.loads(capsys.readouterr().out)
    assert len(station["id"]) == 36 and station["name"].startswith("Station")


def test_backup_writes_a_verified_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = str(tmp_path / "kod.sqlite")
    main(["db", "upgrade", "--db", target])
    assert main(["backup", "--db", target, "-o", str(tmp_path / "sich")]) == 0
    [copy] = (tmp_path / "sich").glob("*.sqlite.zst")  # compressed (issue 15)
    with expanded(copy) as plain:
        shutil.copy(plain, tmp_path / "entpackt.sqlite")
    assert main(["db", "check", "--db", str(tmp_path / "entpackt.sqlite")]) == 0


def test_env_var_names_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "from_env.sqlite"
    monkeypatch.setenv("KOD_DESK_DB", str(target))
    assert main(["db", "upgrade"]) == 0
    assert target.exists()


def test_errors_are_one_german_line_without_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "gibt-es-nicht.csv"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kod_desk",
            "officers",
            "import",
            str(missing),
            "--db",
            str(tmp_path / "kod.sqlite"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        f"kod-desk: {missing}: Datei lässt sich nicht lesen (No such file or directory)."
    ]
    unknown = subprocess.run(
        [sys.executable, "-m", "kod_desk", "zaubern"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert unknown.returncode == 2
    assert "unbekannter Befehl" in unknown.stderr and "Traceback" not in unknown.stderr
