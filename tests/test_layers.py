"""The layers of DESIGN.md §3 hold: a forbidden import anywhere fails the build."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "kod_desk"

FORBIDDEN = {
    "domain": (
        "PySide6",
        "shiboken6",
        "sqlalchemy",
        "alembic",
        "kod_desk.storage",
        "kod_desk.services",
        "kod_desk.ui",
        "reportlab",
    ),
    "storage": ("PySide6", "shiboken6", "kod_desk.services", "kod_desk.ui"),
    "services": ("PySide6", "shiboken6", "sqlalchemy", "alembic", "kod_desk.ui"),
    "ui": ("sqlalchemy", "alembic", "kod_desk.storage"),
}


def imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def violations(layer: str, root: Path = PACKAGE) -> list[str]:
    problems = []
    for path in sorted((root / layer).rglob("*.py")):
        for line, module in imported_modules(path):
            for banned in FORBIDDEN[layer]:
                if module == banned or module.startswith(banned + "."):
                    problems.append(f"{path.relative_to(root.parent)}:{line} imports {module}")
    return problems


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_nothing_forbidden(layer: str) -> None:
    assert (PACKAGE / layer).is_dir()
    assert violations(layer) == []


def test_the_check_catches_a_forbidden_import(tmp_path: Path) -> None:
    fake = tmp_path / "kod_desk" / "ui" / "pages"
    fake.mkdir(parents=True)
    (fake / "bad.py").write_text("from sqlalchemy import select\nimport PySide6\n")
    assert violations("ui", tmp_path / "kod_desk") == [
        "kod_desk/ui/pages/bad.py:1 imports sqlalchemy"
    ]


SQL_IN_CODE = re.compile(r"\.execute\(|\bSELECT\s+[\w*]|\bsession\.\w+\(")


def test_ui_never_runs_sql() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / "ui").rglob("*.py")
        if SQL_IN_CODE.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    assert SQL_IN_CODE.search("rows = session.execute(select(Incident))")
    assert not SQL_IN_CODE.search("The model never holds a session. It asks a callable")


def test_the_window_shows_before_anything_heavy_is_imported() -> None:
    """DESIGN.md §14: SQLAlchemy, the solver and reportlab load after the window is shown."""
    import subprocess
    import sys

    heavy = ("sqlalchemy", "alembic", "reportlab", "ortools", "pandas", "numpy")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, kod_desk.app; "
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r})))",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.stdout.strip() == "[]"
