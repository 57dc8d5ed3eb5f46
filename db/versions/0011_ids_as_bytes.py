"""ids as 16 bytes on SQLite

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08

Issue 15 (storage weight). Every synchronised row carries its id and its origin station's id,
and most carry references to other rows — 36 characters of text each, repeated in every index
that contains them: about 700 of an incident's 2,600 bytes. On SQLite they become the UUID's
16 bytes (models.UUIDKey converts on the way in and out; Python sees the same text as before).

No table is rebuilt: a column declared VARCHAR(36) holds a blob as it is (SQLite's type
affinity never converts blobs), so the declared schema stays and only the values change. A
value that is not a canonical lower-case UUID (an empty origin, an id some test or older
import made up) stays the text it is, as UUIDKey does.

The full-text triggers are set aside while the ids change (the index is keyed by rowid and the
texts do not change, so it stays valid), and foreign keys are checked at the end, not while a
parent and its children are half converted.

PostgreSQL keeps the text: a native ``uuid`` column there would be a rewrite of every table
and index for a server that is not short of disk; its sizes were not part of the goal.
"""

import re
from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

# revision identifiers, used by Alembic.
revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy of the models' id columns at this revision.
ID_COLUMNS: dict[str, tuple[str, ...]] = {
    "app_setting": ("id", "origin"),
    "area": ("id", "origin"),
    "bike": ("id", "origin"),
    "catalog_entry": ("id", "origin"),
    "officer": ("id", "origin"),
    "roster_week": ("id", "origin"),
    "shift_template": ("id", "origin"),
    "absence": ("officer_id", "id", "origin"),
    "shift": ("area_id", "template_id", "id", "origin"),
    "assignment": ("shift_id", "officer_id", "id", "origin"),
    "bike_checkout": ("bike_id", "officer_id", "shift_id", "id", "origin"),
    "incident": ("area_id", "category_id", "shift_id", "id", "origin"),
    "attachment": ("incident_id", "id", "origin"),
    "bike_service": ("bike_id", "checkout_id", "id", "origin"),
    "incident_measure": ("incident_id", "measure_id", "id", "origin"),
    "incident_note": ("incident_id", "author_id", "corrects_id", "id", "origin"),
    "incident_officer": ("incident_id", "officer_id", "id", "origin"),
    "incident_person": ("incident_id", "id", "origin"),
    "investigation_case": (
        "department_id",
        "assigned_officer_id",
        "source_incident_id",
        "id",
        "origin",
    ),
}
_CANONICAL = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _to_bytes(value: object) -> object:
    if isinstance(value, str) and len(value) == 36 and _CANONICAL.fullmatch(value):
        return bytes.fromhex(value.replace("-", ""))
    return value


def _to_text(value: object) -> object:
    if isinstance(value, bytes) and len(value) == 16:
        h = value.hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    return value


def _convert(function: str, convert: object) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    raw = bind.connection.dbapi_connection
    raw.create_function(function, 1, convert, deterministic=True)
    bind.execute(text("PRAGMA defer_foreign_keys = ON"))
    triggers = bind.execute(
        text(
            "SELECT name, sql FROM sqlite_master "
            "WHERE type = 'trigger' AND name LIKE 'incident_fts_%'"
        )
    ).all()
    for name, _sql in triggers:
        bind.execute(text(f'DROP TRIGGER "{name}"'))
    for table, columns in ID_COLUMNS.items():
        assignments = ", ".join(f"{c} = {function}({c})" for c in columns)
        bind.execute(text(f"UPDATE {table} SET {assignments}"))
    for _name, sql in triggers:
        bind.execute(text(sql))


def upgrade() -> None:
    """Upgrade schema."""
    _convert("kod_uuid_bytes", _to_bytes)


def downgrade() -> None:
    """Downgrade schema."""
    _convert("kod_uuid_text", _to_text)
