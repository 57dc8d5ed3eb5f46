"""Run the Alembic migrations in ``db/`` from inside the app (DESIGN.md §3, STYLE.md)."""

from __future__ import annotations

import sqlite3
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from kod_desk import __version__
from kod_desk.domain.errors import DatabaseError
from kod_desk.paths import migrations_dir

VERSION_TABLE = "alembic_version"


def make_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


@cache
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(make_config())


def head_revision() -> str:
    head = _script().get_current_head()
    assert head is not None
    return head


def base_revision() -> str:
    bases = _script().get_bases()
    return bases[0]


def is_known(revision: str) -> bool:
    return any(rev.revision == revision for rev in _script().walk_revisions())


def too_new_message(revision: str) -> str:
    return (
        f"Diese Datenbank stammt aus einer neueren KOD-Desk-Version (Schema {revision}). "
        f"Diese Version ({__version__}) kann sie nicht öffnen; bitte KOD Desk aktualisieren. "
        "An der Datenbank wurde nichts verändert."
    )


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def has_foreign_tables(engine: Engine) -> bool:
    """True when the database holds tables but no Alembic version: not one of ours."""
    return bool(inspect(engine).get_table_names())


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not SQLite or is too new, reading it without writing a byte."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise DatabaseError(f"Datenbank {path} lässt sich nicht öffnen: {error}") from None
    try:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if VERSION_TABLE not in tables:
            return
        row = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
    except sqlite3.DatabaseError:
        raise DatabaseError(
            f"Die Datei {path} ist keine SQLite-Datenbank oder ist beschädigt."
        ) from None
    finally:
        connection.close()
    if row is not None and not is_known(row[0]):
        raise DatabaseError(too_new_message(row[0]))


def upgrade(engine: Engine, revision: str = "head") -> None:
    command.upgrade(make_config(engine), revision)
