"""times as integers on SQLite

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08

Issue 15 (storage weight). SQLAlchemy kept every UTC moment on SQLite as the 26 characters
"YYYY-MM-DD HH:MM:SS.ffffff"; an incident holds four of them and each of its five list indexes
one more, every link row two. They become whole microseconds since 1970 UTC, an 8-byte
integer (models.UTCDateTime converts on the way in and out; Python sees the same aware
datetimes, to the microsecond, so audit hashes over them do not change).

As in 0011 no table is rebuilt: a column declared DATETIME keeps an integer as it is. Only
text is converted (a value already an integer stays), so a half-done upgrade that SQLite
rolled back, or rows a newer purge wrote into an older backup, come out the same.

PostgreSQL keeps ``timestamptz``.
"""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from alembic import op
from sqlalchemy import text

# revision identifiers, used by Alembic.
revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy of the models' UTC columns at this revision.
TIME_COLUMNS: dict[str, tuple[str, ...]] = {
    "app_setting": ("created_at", "updated_at", "deleted_at"),
    "area": ("created_at", "updated_at", "deleted_at"),
    "audit_entry": ("at",),
    "bike": ("created_at", "updated_at", "deleted_at"),
    "catalog_entry": ("created_at", "updated_at", "deleted_at"),
    "officer": ("locked_until", "created_at", "updated_at", "deleted_at"),
    "peer_audit_head": ("seen_at",),
    "peer_station": ("last_sync_at",),
    "roster_week": ("published_at", "created_at", "updated_at", "deleted_at"),
    "shift_template": ("created_at", "updated_at", "deleted_at"),
    "station": ("created_at",),
    "sync_conflict": ("created_at", "resolved_at"),
    "sync_package_log": ("at",),
    "absence": ("created_at", "updated_at", "deleted_at"),
    "shift": ("starts_at", "ends_at", "created_at", "updated_at", "deleted_at"),
    "assignment": ("actual_start", "actual_end", "created_at", "updated_at", "deleted_at"),
    "bike_checkout": (
        "planned_from",
        "planned_to",
        "out_at",
        "in_at",
        "created_at",
        "updated_at",
        "deleted_at",
    ),
    "incident": (
        "occurred_at",
        "status_changed_at",
        "personal_data_purged_at",
        "created_at",
        "updated_at",
        "deleted_at",
    ),
    "attachment": ("created_at", "updated_at", "deleted_at"),
    "bike_service": ("reported_at", "created_at", "updated_at", "deleted_at"),
    "incident_measure": ("created_at", "updated_at", "deleted_at"),
    "incident_note": ("written_at", "created_at", "updated_at", "deleted_at"),
    "incident_officer": ("created_at", "updated_at", "deleted_at"),
    "incident_person": ("created_at", "updated_at", "deleted_at"),
    "investigation_case": ("closed_at", "created_at", "updated_at", "deleted_at"),
}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


def _to_micros(value: object) -> object:
    if not isinstance(value, str):
        return value
    moment = datetime.fromisoformat(value)
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return (moment - EPOCH) // MICROSECOND


def _to_text(value: object) -> object:
    if not isinstance(value, int):
        return value
    moment = EPOCH + timedelta(microseconds=value)
    return moment.replace(tzinfo=None).isoformat(" ", "microseconds")


def _convert(function: str, convert: object, kind: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    bind.connection.dbapi_connection.create_function(function, 1, convert, deterministic=True)
    for table, columns in TIME_COLUMNS.items():
        assignments = ", ".join(f"{c} = {function}({c})" for c in columns)
        which = " OR ".join(f"typeof({c}) = '{kind}'" for c in columns)
        bind.execute(text(f"UPDATE {table} SET {assignments} WHERE {which}"))


def upgrade() -> None:
    """Upgrade schema."""
    _convert("kod_utc_micros", _to_micros, "text")


def downgrade() -> None:
    """Downgrade schema."""
    _convert("kod_utc_text", _to_text, "integer")
