"""Global options work anywhere (issue 13 hole 5): ``kod-desk --db X cmd`` and
``kod-desk cmd --db X`` reach the same database, for every subcommand the parser knows."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest

from kod_desk.cli import build_parser, main

# A value for each required argument, by its metavar; files are made in the test's folder.
_VALUES = {
    "DATUM": "2025-06-02",
    "JJJJ-MM": "2025-06",
    "csv|geojson": "csv",
    "DIENSTNUMMER": "K-1",
    "INVENTARNUMMER": "R-1",
    "ID_ODER_AKTENZEICHEN": "KOD-2025-1",
}


def _leaf_commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every runnable command of the parser (``("roster", "import")`` …), from the parser."""
    subcommands = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subcommands:
        yield path, parser
        return
    for name, child in subcommands[0].choices.items():
        yield from _leaf_commands(child, (*path, name))


COMMANDS = {path: parser for path, parser in _leaf_commands(build_parser())}


def _required_arguments(parser: argparse.ArgumentParser, folder: Path) -> list[str]:
    args: list[str] = []
    for action in parser._actions:
        positional = not action.option_strings
        if not (action.required or (positional and action.nargs not in ("?", "*"))):
            continue
        metavar = str(action.metavar)
        if metavar.startswith("DATEI"):
            value = folder / f"{action.dest}{Path(metavar).suffix}"
            if positional:
                value.write_bytes(b"")  # an input file that exists (and is empty)
            text = str(value)
        else:
            text = _VALUES.get(metavar, "x")  # a new metavar still gets a value
        args += [text] if positional else [action.option_strings[-1], text]
    return args


@pytest.fixture
def default_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The database the CLI takes without --db, in the test's folder (and absent)."""
    from kod_desk.services.startup import default_location

    monkeypatch.delenv("KOD_DESK_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))
    location = Path(default_location())
    assert location.is_relative_to(tmp_path)
    return location


def test_every_command_is_covered() -> None:
    # The parametrization below comes from the parser; this guards the walk itself.
    assert {("officers", "import"), ("db", "check"), ("sync", "import"), ("backup",)} <= set(
        COMMANDS
    )
    assert len(COMMANDS) >= 25


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("command", sorted(COMMANDS), ids=" ".join)
def test_db_before_or_after_the_command_reaches_that_database(
    command: tuple[str, ...],
    where: str,
    tmp_path: Path,
    default_db: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "chosen" / "kod.sqlite"
    rest = [*command, *_required_arguments(COMMANDS[command], tmp_path)]
    argv = ["--db", str(target), *rest] if where == "before" else [*rest, "--db", str(target)]

    code = main(argv)

    said = capsys.readouterr()
    # Either the command made the chosen file, or it says it cannot find that one.
    reached = target.exists() or f"Datenbank nicht gefunden: {target}" in said.err
    if command == ("restore",):  # restore names the database it has no backup for
        reached = f"Für {target} gibt es keine brauchbare Sicherung" in said.err
    assert reached, (code, said.out, said.err)
    assert not default_db.exists() and not default_db.parent.exists()
    assert str(default_db) not in said.out + said.err


def test_the_later_db_wins_when_both_are_given(
    tmp_path: Path, default_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "erste.sqlite", tmp_path / "zweite.sqlite"
    assert main(["--db", str(first), "db", "upgrade", "--db", str(second)]) == 0
    assert second.exists() and not first.exists() and not default_db.exists()
    assert str(second) in capsys.readouterr().out


@pytest.mark.parametrize("option", [["--demo"], ["--settings", "x.ini"]])
def test_window_only_options_are_refused_with_a_command(
    option: list[str], tmp_path: Path, default_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Ignored, "--demo officers import" would write into the real database.
    target = tmp_path / "kod.sqlite"
    with pytest.raises(SystemExit) as done:
        main([*option, "db", "upgrade", "--db", str(target)])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert f"{option[0]} gilt nur für das Fenster" in err and len(err.strip().splitlines()) == 1
    assert not target.exists() and not default_db.exists()
