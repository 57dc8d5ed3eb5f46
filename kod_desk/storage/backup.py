"""Backups through SQLite's online backup API, verified by reopening them (DESIGN.md §11)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from kod_desk.domain.errors import DatabaseError


def backup_sqlite(source: Path, target_dir: Path, *, reason: str = "manuell") -> Path:
    """Copy ``source`` consistently into ``target_dir`` and verify the copy; returns its path."""
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = target_dir / f"{source.stem}-{stamp}-{reason}.sqlite"
    partial = target.with_suffix(".partial")
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"Sicherung nach {target_dir} fehlgeschlagen: {error}") from None
    finally:
        src.close()
    verify_sqlite(partial)
    partial.replace(target)
    return target


def verify_sqlite(path: Path) -> None:
    """Raise DatabaseError unless ``path`` is a SQLite file that passes ``quick_check``."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        result = connection.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as error:
        raise DatabaseError(f"Sicherung {path.name} ist unbrauchbar: {error}") from None
    finally:
        connection.close()
    if result is None or result[0] != "ok":
        raise DatabaseError(f"Sicherung {path.name} ist beschädigt: {result}")
