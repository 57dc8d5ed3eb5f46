"""incident full-text index (SQLite FTS5)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

One FTS5 row per incident (rowid = incident.rowid) over description, place and the texts of its
notes, kept current by triggers. SQLite only: on PostgreSQL this revision does nothing for now.
The table and its shadow tables are left out of autogenerate by ``include_object`` in db/env.py.
"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies: a later revision must not change what this one did.
CREATE = [
    "CREATE VIRTUAL TABLE incident_fts USING fts5("
    "description, place, notes, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TRIGGER incident_fts_ai AFTER INSERT ON incident BEGIN "
    "INSERT INTO incident_fts(rowid, description, place, notes) "
    "VALUES (new.rowid, new.description, new.place, ''); END",
    "CREATE TRIGGER incident_fts_au AFTER UPDATE OF description, place ON incident BEGIN "
    "UPDATE incident_fts SET description = new.description, place = new.place "
    "WHERE rowid = new.rowid; END",
    "CREATE TRIGGER incident_fts_ad AFTER DELETE ON incident BEGIN "
    "DELETE FROM incident_fts WHERE rowid = old.rowid; END",
    "CREATE TRIGGER incident_fts_note_ai AFTER INSERT ON incident_note BEGIN "
    "UPDATE incident_fts SET notes = notes || ' ' || new.text "
    "WHERE rowid = (SELECT rowid FROM incident WHERE id = new.incident_id); END",
]
FILL = (
    "INSERT INTO incident_fts(rowid, description, place, notes) "
    "SELECT i.rowid, i.description, i.place, coalesce("
    "(SELECT group_concat(n.text, ' ') FROM incident_note n WHERE n.incident_id = i.id), '') "
    "FROM incident i"
)
DROP = [
    "DROP TRIGGER IF EXISTS incident_fts_note_ai",
    "DROP TRIGGER IF EXISTS incident_fts_ad",
    "DROP TRIGGER IF EXISTS incident_fts_au",
    "DROP TRIGGER IF EXISTS incident_fts_ai",
    "DROP TABLE IF EXISTS incident_fts",
]


def upgrade() -> None:
    """Upgrade schema."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in CREATE:
        op.execute(statement)
    op.execute(FILL)


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in DROP:
        op.execute(statement)
