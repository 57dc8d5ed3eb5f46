"""incident full-text search on PostgreSQL

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26

PostgreSQL's own full-text search over incidents (description and place) and their notes: GIN
indexes on ``to_tsvector('kod_german', …)``. ``kod_german`` is a copy of the ``german``
configuration (stemming: "Brücke" finds "Brücken"); where the ``unaccent`` extension can be
created without a superuser (it is a trusted extension since PostgreSQL 13), the configuration
also folds accents, so "Brucke" finds "Brücke" too. The query side lives in
``kod_desk/storage/repos/incidents.py`` and must use the same expressions to hit the indexes.
The indexes (prefix ``incident_fts``) are left out of autogenerate by ``include_object``.
SQLite has its FTS5 table of 0003: there this revision does nothing.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies: a later revision must not change what this one did.
CONFIG = "kod_german"
CREATE = [
    f"CREATE INDEX incident_fts_document ON incident USING gin "
    f"(to_tsvector('{CONFIG}', description || ' ' || place))",
    f"CREATE INDEX incident_fts_note ON incident_note USING gin "
    f"(to_tsvector('{CONFIG}', \"text\"))",
]
DROP = [
    "DROP INDEX IF EXISTS incident_fts_note",
    "DROP INDEX IF EXISTS incident_fts_document",
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}",
]


def _unaccent_available(bind: sa.Connection) -> bool:
    """Create the unaccent extension if this user may; False (and nothing changed) if not."""
    available = bind.execute(
        sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'")
    ).first()
    if available is None:
        return False
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS unaccent"))
    except sa.exc.DBAPIError:
        return False
    return True


def upgrade() -> None:
    """Upgrade schema."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.german)")
    if _unaccent_available(bind):
        op.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} "
            "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, german_stem"
        )
    for statement in CREATE:
        op.execute(statement)


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in DROP:
        op.execute(statement)
