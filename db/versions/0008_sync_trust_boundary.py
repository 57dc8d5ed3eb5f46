"""sync trust boundary

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

Sync packages format v2 (issue 13, DESIGN.md §8) are encrypted to their recipients and carry
the sender's audit head:

- ``station.enc_private_key`` / ``enc_public_key``: this station's X25519 key pair, made on
  first start next to the Ed25519 signing key (packages are encrypted to the public half).
- ``peer_station.enc_public_key``: a trusted station's X25519 key (from its key file);
  ``peer_station.is_office``: the station is the office, the only one whose packages may carry
  roles, passwords and login state (and only when an administrator imports them).
- ``peer_audit_head``: every audit head (entry number and hash) a peer's packages carried, so a
  rewritten history at that station is found when its next package arrives; ``finding`` says
  (in German) which earlier head the package's chain no longer extends, NULL when it does.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("station") as batch:
        batch.add_column(sa.Column("enc_private_key", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("enc_public_key", sa.LargeBinary(), nullable=True))
    with op.batch_alter_table("peer_station") as batch:
        batch.add_column(sa.Column("enc_public_key", sa.LargeBinary(), nullable=True))
        batch.add_column(
            sa.Column("is_office", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "peer_audit_head",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("peer_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finding", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_peer_audit_head")),
    )
    op.create_index(op.f("ix_peer_audit_head_peer_id_seq"), "peer_audit_head", ["peer_id", "seq"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f("ix_peer_audit_head_peer_id_seq"), table_name="peer_audit_head")
    op.drop_table("peer_audit_head")
    with op.batch_alter_table("peer_station") as batch:
        batch.drop_column("is_office")
        batch.drop_column("enc_public_key")
    with op.batch_alter_table("station") as batch:
        batch.drop_column("enc_public_key")
        batch.drop_column("enc_private_key")
