"""incident list indexes over live rows

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26

The incident list at a million rows (issue 5): every list query says ``deleted_at IS NULL``, so
the composite indexes become partial indexes over live rows and carry ``id`` as the last
column. Counts by area and month, windows deep in the list (OFFSET walks) and segment sorts
then read the index alone, never the table. A small partial index over deleted rows lets the
unfiltered total be "all rows − deleted rows", both answered from indexes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies: a later revision must not change what this one did.
OLD = {
    "ix_incident_occurred_at_id": ("occurred_at", "id"),
    "ix_incident_area_id_occurred_at": ("area_id", "occurred_at"),
    "ix_incident_category_id_occurred_at": ("category_id", "occurred_at"),
    "ix_incident_status_occurred_at": ("status", "occurred_at"),
}
LIVE = {
    "ix_incident_live_time": ("occurred_at", "id"),
    "ix_incident_live_area": ("area_id", "occurred_at", "id"),
    "ix_incident_live_category": ("category_id", "occurred_at", "id"),
    "ix_incident_live_status": ("status", "occurred_at", "id"),
    "ix_incident_live_source": ("source", "occurred_at", "id"),
}


def _where(condition: str) -> dict[str, sa.TextClause]:
    return {"sqlite_where": sa.text(condition), "postgresql_where": sa.text(condition)}


def upgrade() -> None:
    with op.batch_alter_table("incident", schema=None) as batch_op:
        for name in OLD:
            batch_op.drop_index(name)
        for name, columns in LIVE.items():
            batch_op.create_index(name, list(columns), unique=False, **_where("deleted_at IS NULL"))
        batch_op.create_index(
            "ix_incident_deleted", ["deleted_at"], unique=False, **_where("deleted_at IS NOT NULL")
        )
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ANALYZE incident")


def downgrade() -> None:
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_index("ix_incident_deleted")
        for name in LIVE:
            batch_op.drop_index(name)
        for name, columns in OLD.items():
            batch_op.create_index(name, list(columns), unique=False)
