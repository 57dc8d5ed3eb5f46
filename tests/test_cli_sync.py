"""`station …` and `sync …` on the command line (DESIGN.md §12, issue 8): keys and trust,
export and import with the exit codes scripts rely on (0 applied or already applied, 2 refused).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from kod_desk.cli import main


def _count(db: str, table: str) -> int:
    connection = sqlite3.connect(db)
    try:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        connection.close()


@pytest.fixture
def stations(tmp_path: Path) -> tuple[str, str]:
    office, laptop = str(tmp_path / "buero.sqlite"), str(tmp_path / "laptop.sqlite")
    assert main(["demo", "--db", office, "--incidents", "40"]) == 0
    assert main(["db", "upgrade", "--db", laptop]) == 0
    return office, laptop


def test_keys_trust_export_import(
    stations: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office, laptop = stations
    assert main(["station", "show", "--json", "--db", office]) == 0
    shown = json.loads(capsys.readouterr().out)
    fingerprint = shown["fingerprint"]
    assert len(fingerprint) == 24 and fingerprint.count("-") == 4

    key = tmp_path / "buero.pub"
    assert main(["station", "export-key", "-o", str(key), "--db", office]) == 0
    assert fingerprint in capsys.readouterr().out
    wrong = "AAAA-BBBB-CCCC-DDDD-EEEE"
    assert main(["station", "trust", str(key), "--fingerprint", wrong, "--db", laptop]) == 2
    assert "nicht vertraut" in capsys.readouterr().err
    args = ["station", "trust", str(key), "--fingerprint", fingerprint, "--db", laptop]
    assert main(args) == 0
    assert "wird vertraut" in capsys.readouterr().out

    package = tmp_path / "alles.kodsync"
    assert main(["sync", "export", "-o", str(package), "--db", office]) == 0
    assert "Paket geschrieben" in capsys.readouterr().out
    assert main(["sync", "import", str(package), "--dry-run", "--db", laptop]) == 0
    assert "Vorkommnis:" in capsys.readouterr().out
    assert _count(laptop, "incident") == 0  # a dry run writes nothing
    assert main(["sync", "import", str(package), "--db", laptop]) == 0
    assert "eingespielt" in capsys.readouterr().out
    assert _count(laptop, "incident") == _count(office, "incident")
    assert main(["sync", "import", str(package), "--db", laptop]) == 0
    assert "bereits eingespielt" in capsys.readouterr().out
    assert main(["sync", "conflicts", "--db", laptop]) == 0
    assert "Keine offenen Konflikte" in capsys.readouterr().out


def test_refusals_exit_2_with_one_german_line(
    stations: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office, laptop = stations
    package = tmp_path / "p.kodsync"
    assert main(["sync", "export", "-o", str(package), "--db", office]) == 0
    capsys.readouterr()
    # Not trusted yet.
    assert main(["sync", "import", str(package), "--db", laptop]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("kod-desk: ") and "\n" not in err and "vertrauenswürdig" in err
    assert err.endswith("Es wurde nichts eingespielt.")
    # Not a package at all.
    junk = tmp_path / "junk.kodsync"
    junk.write_bytes(b"%PDF-1.4 kein Paket")
    assert main(["sync", "import", str(junk), "--db", laptop]) == 2
    assert "ZIP" in capsys.readouterr().err
    assert _count(laptop, "incident") == 0
    # An unknown peer for an export.
    assert (
        main(
            ["sync", "export", "-o", str(tmp_path / "x.kodsync"), "--peer", "Mond", "--db", office]
        )
        == 2
    )
    assert "Mond" in capsys.readouterr().err
    assert not (tmp_path / "x.kodsync").exists()
