"""sync version vectors

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26

Sync packages (issue 8) decide per record whether an incoming version is newer, older or made
concurrently with ours. ``sync_vv`` holds the record's version vector: for each station that
changed it, that station's change sequence number at its latest change. A row without one
(NULL: written before this revision, or by a bulk insert) counts as ``{origin: change_seq}``.
No backfill: adding a nullable column is instant even at a million incidents.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SYNCED = (
    "app_setting",
    "officer",
    "area",
    "catalog_entry",
    "shift_template",
    "roster_week",
    "shift",
    "assignment",
    "absence",
    "bike",
    "bike_checkout",
    "bike_service",
    "incident",
    "incident_officer",
    "incident_measure",
    "incident_person",
    "incident_note",
    "attachment",
    "investigation_case",
)


def upgrade() -> None:
    """Upgrade schema."""
    for table in SYNCED:
        op.add_column(table, sa.Column("sync_vv", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    for table in SYNCED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("sync_vv")
