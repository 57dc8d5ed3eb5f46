"""Integrity checks and backups of the open database."""

from __future__ import annotations

from pathlib import Path

from kod_desk.storage import migrations
from kod_desk.storage.backup import backup_sqlite
from kod_desk.storage.database import Database
from kod_desk.storage.repos import audit


def integrity_problems(db: Database) -> list[str]:
    """German descriptions of every problem found; empty when all is well."""
    problems: list[str] = []
    current = migrations.current_revision(db.engine)
    head = migrations.head_revision()
    if current != head:
        problems.append(f"Schema-Stand {current}, erwartet {head}.")
    if db.is_sqlite:
        with db.engine.connect() as connection:
            result = connection.exec_driver_sql("PRAGMA integrity_check").fetchall()
            if [row[0] for row in result] != ["ok"]:
                details = "; ".join(str(row[0]) for row in result[:5])
                problems.append(f"Integritätsprüfung fehlgeschlagen: {details}")
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                tables = sorted({str(row[0]) for row in broken})
                problems.append(
                    f"{len(broken)} Verweise ins Leere (Fremdschlüssel) in: {', '.join(tables)}"
                )
            connection.rollback()
    with db.read() as session:
        first_bad = audit.verify_chain(session)
    if first_bad is not None:
        problems.append(f"Protokoll (Audit) ab Eintrag {first_bad} verändert oder entfernt.")
    return problems


def backup(db: Database, target_dir: Path | None = None, reason: str = "manuell") -> Path:
    if not db.is_sqlite:
        from kod_desk.domain.errors import UserError

        raise UserError("Sicherungen einer PostgreSQL-Datenbank macht der Datenbankserver.")
    source = Path(str(db.engine.url.database))
    return backup_sqlite(source, target_dir or source.parent / "backups", reason=reason)
