"""Shared fixtures: real SQLite files in tmp_path (or a throwaway PostgreSQL), offscreen Qt."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

# Set once, before anything imports Qt (STYLE.md): GUI tests run without a display, on an
# offscreen screen of a field laptop's size (the default 800×800 would clamp the window).
_SCREEN = Path(__file__).resolve().parent / "offscreen_screen.json"
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={_SCREEN}")

from pg_server import PgServer, PgUnavailableError, start_server  # noqa: E402
from pg_server import required as pg_required  # noqa: E402

from kod_desk.services.registry import Services  # noqa: E402
from kod_desk.storage.database import Database  # noqa: E402


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kod.sqlite"


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The database the ``services`` fixture opens: "sqlite" unless parametrized.

    tests/services/conftest.py runs its tests on "sqlite" and "postgresql" both.
    """
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One throwaway PostgreSQL cluster for the session (tests/pg_server.py).

    Skips the PostgreSQL tests when no server can be started, or fails them with the reason
    when KOD_TEST_REQUIRE_PG=1 (CI).
    """
    try:
        server = start_server()
    except (PgUnavailableError, OSError, subprocess.SubprocessError) as error:
        message = f"Kein PostgreSQL-Server für die Tests: {error}"
        if pg_required():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """The URL of a fresh database at head (a copy of the migrated template)."""
    name = pg_server.new_database()
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture
def db_location(request: pytest.FixtureRequest, backend: str) -> str:
    """Where the test's database lives: the SQLite file ``db_path`` or a PostgreSQL URL."""
    if backend == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return str(request.getfixturevalue("db_path"))


@pytest.fixture
def services(db_location: str) -> Iterator[Services]:
    """An initialised database (station, default areas, catalogues, templates)."""
    db = Database.open(db_location)
    bundle = Services.create(db, actor="test")
    bundle.setup.ensure_initialized("Teststation")
    yield bundle
    bundle.close()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "sqlite_only: runs on SQLite only (files, backups, FTS5 or WAL internals), "
        "not on PostgreSQL",
    )


@pytest.fixture
def settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    from kod_desk.ui.settings import Settings

    return Settings(str(tmp_path / "settings.ini"))
