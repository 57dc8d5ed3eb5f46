"""audit chain head

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26

The audit log's hash chain finds an entry that was edited, removed or reordered, but not the
removal of the newest entries: the chain simply ends earlier. ``audit_head`` keeps the number
and hash of the newest entry, written in the same transaction as each entry; verification
compares the end of the chain with it. The row is made here, from the log as it stands, so
every database at this revision has it and a missing row is itself a finding.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS = "0" * 64


def upgrade() -> None:
    """Upgrade schema."""
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    last = (
        op.get_bind()
        .execute(sa.text("SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1"))
        .first()
    )
    seq, hash_ = (int(last[0]), str(last[1])) if last is not None else (0, GENESIS)
    op.bulk_insert(head, [{"id": 1, "seq": seq, "hash": hash_}])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("audit_head")
