"""Shared fixtures: real SQLite files in tmp_path, offscreen Qt, settings in a temp file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Set once, before anything imports Qt (STYLE.md): GUI tests run without a display, on an
# offscreen screen of a field laptop's size (the default 800×800 would clamp the window).
_SCREEN = Path(__file__).resolve().parent / "offscreen_screen.json"
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={_SCREEN}")

from kod_desk.services.registry import Services  # noqa: E402
from kod_desk.storage.database import Database  # noqa: E402


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kod.sqlite"


@pytest.fixture
def services(db_path: Path) -> Iterator[Services]:
    """An initialised database (station, default areas, catalogues, templates)."""
    db = Database.open(db_path)
    bundle = Services.create(db, actor="test")
    bundle.setup.ensure_initialized("Teststation")
    yield bundle
    bundle.close()


@pytest.fixture
def settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    from kod_desk.ui.settings import Settings

    return Settings(str(tmp_path / "settings.ini"))
