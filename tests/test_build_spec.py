"""build.spec builds what it says: a console kod-desk and a windowed kod-desk-gui, both from
pyproject's entry points, with the package's version (no PyInstaller run; that takes minutes)."""

from __future__ import annotations

import ast
import importlib
import tomllib
from pathlib import Path
from typing import Any

import pytest

import kod_desk
from kod_desk import cli

ROOT = Path(__file__).resolve().parents[1]
_SPEC_NAMES = {"ROOT", "VERSION", "PROJECT", "BUNDLE", "PROGRAMS", "WINDOWS", "BUILD"}


def _spec(workpath: Path) -> dict[str, Any]:
    """The spec's settings and helpers, run without its Analysis/EXE/COLLECT calls."""
    tree = ast.parse((ROOT / "build.spec").read_text(encoding="utf-8"))
    kept = [
        node
        for node in tree.body
        if isinstance(node, ast.Import | ast.ImportFrom | ast.FunctionDef)
        or (
            isinstance(node, ast.Assign)
            and {getattr(t, "id", "") for t in node.targets} <= _SPEC_NAMES
        )
    ]
    namespace: dict[str, Any] = {"SPECPATH": str(ROOT), "workpath": str(workpath)}
    exec(compile(ast.Module(body=kept, type_ignores=[]), "build.spec", "exec"), namespace)
    return namespace


def _entry_point(target: str) -> Any:
    module, function = target.split(":")
    return getattr(importlib.import_module(module), function)


def test_spec_builds_a_console_and_a_windowed_program_from_the_entry_points(
    tmp_path: Path,
) -> None:
    spec = _spec(tmp_path)
    assert spec["PROGRAMS"] == {
        "kod-desk": ("scripts", True),
        "kod-desk-gui": ("gui-scripts", False),
    }
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"] == {"kod-desk": "kod_desk.cli:main"}
    assert project["gui-scripts"] == {"kod-desk-gui": "kod_desk.cli:gui_main"}
    assert _entry_point(project["gui-scripts"]["kod-desk-gui"]) is cli.gui_main
    for name, (table, _console) in spec["PROGRAMS"].items():
        launcher = spec["launcher"](name, table).read_text(encoding="utf-8")
        module, function = project[table][name].split(":")
        assert launcher.startswith(f"from {module} import {function}\n")
        assert callable(_entry_point(project[table][name]))
    # One folder for both: a COLLECT with every EXE.
    assert "COLLECT(*exes, a.binaries, a.datas, name=BUNDLE)" in (ROOT / "build.spec").read_text()


def test_spec_takes_the_version_from_the_package(tmp_path: Path) -> None:
    spec = _spec(tmp_path)
    assert spec["VERSION"] == kod_desk.__version__
    assert spec["version_numbers"]("0.1.0") == (0, 1, 0, 0)
    assert spec["version_numbers"]("2.3rc1") == (2, 3, 0, 0)
    assert spec["version_numbers"]("1.0.0.dev3") == (1, 0, 0, 0)

    # The Windows version file, read as PyInstaller reads it (eval of its structures).
    def record(kind: str) -> Any:
        return lambda *args, **kwargs: (kind, args, kwargs)

    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct")
    structures = {name: record(name) for name in (*names, "VarFileInfo", "VarStruct")}
    text = Path(spec["version_file"]("kod-desk-gui")).read_text(encoding="utf-8")
    info = eval(text, structures)  # the file's syntax is PyInstaller's
    fixed = info[2]["ffi"][2]
    numbers = spec["version_numbers"](kod_desk.__version__)
    assert fixed["filevers"] == fixed["prodvers"] == numbers
    string_table = info[2]["kids"][0][1][0][0]
    strings = dict(entry[1] for entry in string_table[1][1])
    assert strings["ProductVersion"] == strings["FileVersion"] == kod_desk.__version__
    assert strings["OriginalFilename"] == "kod-desk-gui.exe"


def test_gui_program_opens_only_the_window(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as version:
        cli.gui_main(["--version"])
    assert version.value.code == 0
    assert capsys.readouterr().out.strip() == f"KOD Desk {kod_desk.__version__}"
    with pytest.raises(SystemExit) as refused:
        cli.gui_main(["roster", "export"])
    assert refused.value.code == 2
    assert "kod-desk-gui" in capsys.readouterr().err
