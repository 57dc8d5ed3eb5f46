"""lighter incident storage: full-text index without a copy of the text, two unused indexes gone

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08

Issue 15 (storage weight). On SQLite the FTS5 index of 0003 kept a full copy of every
incident's description, place and notes (``incident_fts_content``, about 380 bytes an
incident). It becomes an *external content* index over the view ``incident_fts_source``
(description and place of ``incident``, the texts of its notes joined in the order they were
written): the index holds only the tokens, the text stays where it is. Without ``columnsize``
the index keeps no per-row sizes either (nothing ranks by bm25). The searches themselves are
unchanged: ``rowid IN (SELECT rowid FROM incident_fts WHERE incident_fts MATCH …)``.

An external content index must be told the old text of a row it forgets, so the triggers pass
the old values (incident) or read the view before the change (notes: BEFORE triggers forget
the row, AFTER triggers index it again). Notes changed or deleted are now followed too; 0003
only followed new notes.

On both dialects the indexes ``ix_incident_officer_officer_id`` and
``ix_incident_measure_measure_id`` go: no query looks incidents up by officer or measure alone
(the officer and measure filters test one incident at a time, through the unique index
``(incident_id, officer_id)`` and ``ix_incident_measure_incident_id``). The measure index even
misled SQLite's planner into reading every row of a measure for every incident of the list.
"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies: a later revision must not change what this one did.


def _notes(incident_id: str) -> str:
    """The texts of an incident's notes, in the order written (the index's ``notes``)."""
    return (
        "coalesce((SELECT group_concat(t, ' ') FROM (SELECT n.text AS t FROM incident_note n "
        f"WHERE n.incident_id = {incident_id} ORDER BY n.rowid)), '')"
    )


def _forget(where: str) -> str:
    """Take the incidents of ``where`` out of the index, with the text they were indexed by."""
    return (
        "INSERT INTO incident_fts(incident_fts, rowid, description, place, notes) "
        f"SELECT 'delete', i.rowid, i.description, i.place, {_notes('i.id')} "
        f"FROM incident i WHERE {where};"
    )


def _index(where: str) -> str:
    """Put the incidents of ``where`` into the index with their current text."""
    return (
        "INSERT INTO incident_fts(rowid, description, place, notes) "
        f"SELECT i.rowid, i.description, i.place, {_notes('i.id')} "
        f"FROM incident i WHERE {where};"
    )


OLD_TRIGGERS = ["incident_fts_note_ai", "incident_fts_ad", "incident_fts_au", "incident_fts_ai"]
VIEW = (
    "CREATE VIEW incident_fts_source AS SELECT i.rowid AS rid, i.description AS description, "
    f"i.place AS place, {_notes('i.id')} AS notes FROM incident i"
)
TABLE = (
    "CREATE VIRTUAL TABLE incident_fts USING fts5(description, place, notes, "
    "content = 'incident_fts_source', content_rowid = 'rid', columnsize = 0, "
    "tokenize = 'unicode61 remove_diacritics 2')"
)
REBUILD = "INSERT INTO incident_fts(incident_fts) VALUES ('rebuild')"
NOTE_CHANGE = "i.id IN (old.incident_id, new.incident_id)"
TRIGGERS = [
    "CREATE TRIGGER incident_fts_ai AFTER INSERT ON incident BEGIN "
    "INSERT INTO incident_fts(rowid, description, place, notes) "
    f"VALUES (new.rowid, new.description, new.place, {_notes('new.id')}); END",
    "CREATE TRIGGER incident_fts_au AFTER UPDATE OF description, place ON incident "
    "WHEN old.description IS NOT new.description OR old.place IS NOT new.place BEGIN "
    "INSERT INTO incident_fts(incident_fts, rowid, description, place, notes) "
    f"VALUES ('delete', old.rowid, old.description, old.place, {_notes('old.id')}); "
    "INSERT INTO incident_fts(rowid, description, place, notes) "
    f"VALUES (new.rowid, new.description, new.place, {_notes('new.id')}); END",
    "CREATE TRIGGER incident_fts_ad AFTER DELETE ON incident BEGIN "
    "INSERT INTO incident_fts(incident_fts, rowid, description, place, notes) "
    f"VALUES ('delete', old.rowid, old.description, old.place, {_notes('old.id')}); END",
    "CREATE TRIGGER incident_fts_note_bi BEFORE INSERT ON incident_note BEGIN "
    f"{_forget('i.id = new.incident_id')} END",
    "CREATE TRIGGER incident_fts_note_ai AFTER INSERT ON incident_note BEGIN "
    f"{_index('i.id = new.incident_id')} END",
    "CREATE TRIGGER incident_fts_note_bu BEFORE UPDATE OF text, incident_id ON incident_note "
    f"BEGIN {_forget(NOTE_CHANGE)} END",
    "CREATE TRIGGER incident_fts_note_au AFTER UPDATE OF text, incident_id ON incident_note "
    f"BEGIN {_index(NOTE_CHANGE)} END",
    "CREATE TRIGGER incident_fts_note_bd BEFORE DELETE ON incident_note BEGIN "
    f"{_forget('i.id = old.incident_id')} END",
    "CREATE TRIGGER incident_fts_note_ad AFTER DELETE ON incident_note BEGIN "
    f"{_index('i.id = old.incident_id')} END",
]
NEW_TRIGGERS = [statement.split()[2] for statement in TRIGGERS]

# 0003's index, for the downgrade.
OLD_TABLE = (
    "CREATE VIRTUAL TABLE incident_fts USING fts5("
    "description, place, notes, tokenize = 'unicode61 remove_diacritics 2')"
)
OLD_TRIGGER_SQL = [
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
OLD_FILL = (
    "INSERT INTO incident_fts(rowid, description, place, notes) "
    "SELECT i.rowid, i.description, i.place, coalesce("
    "(SELECT group_concat(n.text, ' ') FROM incident_note n WHERE n.incident_id = i.id), '') "
    "FROM incident i"
)
UNUSED_INDEXES = {
    "ix_incident_officer_officer_id": ("incident_officer", "officer_id"),
    "ix_incident_measure_measure_id": ("incident_measure", "measure_id"),
}


def upgrade() -> None:
    """Upgrade schema."""
    for name, (table, _column) in UNUSED_INDEXES.items():
        op.drop_index(name, table_name=table)
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in OLD_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS incident_fts")
    op.execute(VIEW)
    op.execute(TABLE)
    op.execute(REBUILD)
    for statement in TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    """Downgrade schema."""
    for name, (table, column) in UNUSED_INDEXES.items():
        op.create_index(name, table, [column], unique=False)
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in NEW_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS incident_fts")
    op.execute("DROP VIEW IF EXISTS incident_fts_source")
    op.execute(OLD_TABLE)
    for statement in OLD_TRIGGER_SQL:
        op.execute(statement)
    op.execute(OLD_FILL)
