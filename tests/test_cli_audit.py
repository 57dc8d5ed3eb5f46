"""`kod-desk audit verify` and `kod-desk audit list`: the log checked and shown from a shell."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kod_desk.cli import main
from tests import raw_sql

HEADER = "Dienstnummer;Nachname;Vorname;Einheit;Rolle;Qualifikationen;Wochenstunden"


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """A database whose log holds the initialisation and an officer import."""
    target = tmp_path / "kod.sqlite"
    csv = tmp_path / "officers.csv"
    rows = [
        HEADER,
        "K-1;Schneider;Anna;KOD;Einsatzkraft;;39",
        "K-2;Yilmaz;Deniz;KOD;Einsatzkraft;;39",
    ]
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["officers", "import", str(csv), "--db", str(target)]) == 0
    return target


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kod_desk", *args],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_verify_passes_then_names_the_edited_entry(database: Path) -> None:
    intact = _run("audit", "verify", "--db", str(database))
    assert intact.returncode == 0, intact.stderr
    count = raw_sql.connect(database).execute("SELECT count(*) FROM audit_entry").fetchone()[0]
    assert intact.stdout.strip() == f"Protokoll unversehrt: {count} Einträge geprüft."

    connection = raw_sql.connect(database)
    connection.execute("UPDATE audit_entry SET actor = 'mallory' WHERE seq = 2")
    connection.commit()
    connection.close()
    broken = _run("audit", "verify", "--db", str(database))
    assert broken.returncode == 1
    assert broken.stdout == ""
    line = broken.stderr.strip()
    assert line.startswith("kod-desk: Protokoll verändert: Eintrag 2 vom ")
    assert line.endswith("(Benutzer mallory): nachträglich geändert.")


def test_verify_finds_the_newest_entries_removed(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    connection = raw_sql.connect(database)
    (last,) = connection.execute("SELECT max(seq) FROM audit_entry").fetchone()
    connection.execute("DELETE FROM audit_entry WHERE seq = ?", (last,))
    connection.commit()
    connection.close()
    assert main(["audit", "verify", "--db", str(database)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"kod-desk: Protokoll verändert: Eintrag {last} am Ende des Protokolls nachträglich "
        f"entfernt; letzter vorhandener Eintrag: {last - 1}."
    )


def test_list_shows_the_newest_first_as_text_and_json(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "list", "--limit", "2", "--db", str(database)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert "import" in lines[0] or "create" in lines[0]
    assert main(["audit", "list", "--json", "--db", str(database)]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert [e["seq"] for e in entries] == sorted((e["seq"] for e in entries), reverse=True)
    assert entries[-1]["action"] == "initialize"
    assert {"seq", "at", "actor", "action", "table", "row_id", "reason"} <= set(entries[0])
    assert main(["audit", "list", "--limit", "0", "--db", str(database)]) == 2
    assert capsys.readouterr().err.strip() == "kod-desk: --limit: 1 bis 10.000."
