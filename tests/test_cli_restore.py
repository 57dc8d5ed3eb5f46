"""``kod-desk restore``: list the backups, restore the newest good one, fix a damaged file."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kod_desk.cli import main


def test_restore_lists_and_brings_back_a_damaged_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "kod.sqlite"
    assert main(["db", "upgrade", "--db", str(db)]) == 0
    assert main(["station", "show", "--db", str(db)]) == 0
    station = capsys.readouterr().out.strip().splitlines()[-1]
    assert main(["backup", "--db", str(db)]) == 0
    assert main(["restore", "--list", "--db", str(db)]) == 0
    listing = capsys.readouterr().out
    assert "von Hand" in listing and "1 Sicherungen." in listing
    assert re.search(r" \d+,\d MB ", listing)  # the size with a decimal comma

    with db.open("r+b") as handle:  # the header goes: no longer a database at all
        handle.write(os.urandom(100))
    assert main(["station", "show", "--db", str(db)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("kod-desk: Die Datenbank ")
    assert "ist beschädigt" in error and "kod-desk restore" in error

    assert main(["restore", "--db", str(db)]) == 0
    assert "wiederhergestellt" in capsys.readouterr().out
    assert main(["station", "show", "--db", str(db)]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == station
    assert main(["db", "check", "--db", str(db)]) == 0


def test_restore_without_backups_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    db = tmp_path / "kod.sqlite"
    assert main(["db", "upgrade", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["restore", "--db", str(db)]) == 2
    assert "keine brauchbare Sicherung" in capsys.readouterr().err
    assert main(["restore", "gibtesnicht.sqlite", "--db", str(db)]) == 2
    assert "Sicherung nicht gefunden" in capsys.readouterr().err
