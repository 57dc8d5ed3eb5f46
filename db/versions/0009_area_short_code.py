"""area short code

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

Issue 14: an area's short code (BHF, INN, KLO …, 2–5 capitals or digits) for the roster's
narrow cells: ``area.short_code``, unique where set. Existing areas get a code here: the
well-known names their usual one, every other a code derived from its name (the first three
letters of one word, the initials of several), numbered where two would clash.
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The defaults of a new station and the demo's areas (services/setup.py, demo_unit.py).
KNOWN = {
    "bahnhofsumfeld": "BHF",
    "innenstadt": "INN",
    "klosterinsel": "KLO",
    "unterführung bahnhofstraße": "UFB",
    "stadtpark nord": "SPN",
    "parkhaus am markt": "PHM",
    "zentraler omnibusbahnhof": "ZOB",
}
_WORD = re.compile(r"[^\W_]+")
_UMLAUTS = str.maketrans({"Ä": "AE", "Ö": "OE", "Ü": "UE", "ß": "SS"})


def derive(name: str, taken: set[str]) -> str:
    """The code of ``name`` (kept here, not imported: a revision must not change later)."""
    known = KNOWN.get(name.strip().casefold())
    if known is not None and known not in taken:
        return known
    words = [w.upper().translate(_UMLAUTS) for w in _WORD.findall(name)]
    words = [w for w in ("".join(c for c in w if c.isascii() and c.isalnum()) for w in words) if w]
    if not words:
        base = "GEB"
    elif len(words) == 1:
        base = words[0][:3]
    else:
        base = "".join(w[0] for w in words)[:4]
    base = base.ljust(2, "X")
    number = 1
    code = base
    while code in taken:
        number += 1
        code = f"{base[: 5 - len(str(number))]}{number}"
    return code


def upgrade() -> None:
    """Upgrade schema.

    Plain ALTER TABLE and a unique index, no batch copy of ``area``: on SQLite a copy would
    drop the table the duties and incidents refer to (foreign keys are on)."""
    op.add_column("area", sa.Column("short_code", sa.String(length=5), nullable=True))
    area = sa.table(
        "area",
        sa.column("id", sa.String),
        sa.column("name", sa.String),
        sa.column("short_code", sa.String),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(area.c.id, area.c.name).order_by(area.c.name)).all()
    taken: set[str] = set()
    # Known names first, so "Innenstadt" keeps INN even when another area sorts before it.
    for row_id, name in sorted(rows, key=lambda r: (r[1].strip().casefold() not in KNOWN, r[1])):
        code = derive(name, taken)
        taken.add(code)
        connection.execute(area.update().where(area.c.id == row_id).values(short_code=code))
    op.create_index("uq_area_short_code", "area", ["short_code"], unique=True)


def downgrade() -> None:
    """Downgrade schema (ALTER TABLE … DROP COLUMN: SQLite 3.35 and PostgreSQL have it)."""
    op.drop_index("uq_area_short_code", table_name="area")
    op.drop_column("area", "short_code")
