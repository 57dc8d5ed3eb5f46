"""SQLAlchemy 2 models of the whole data model (DESIGN.md §2, §4).

Every synchronised table carries the sync columns of §4 through :class:`SyncMixin`. Times are
aware UTC datetimes (:class:`UTCDateTime`); a duty's local date is kept beside its UTC bounds
because the roster is planned by local day. Rows are never hard-deleted while they can sync:
``deleted_at`` is the tombstone.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kod_desk.domain.ids import new_id

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def utc_micros(moment: datetime) -> int:
    """How a moment is stored on SQLite: whole microseconds since 1970 UTC (db 0012)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to a UTC column")
    return (moment - EPOCH) // _MICROSECOND


def from_micros(value: int | str) -> datetime:
    """The aware UTC moment a stored value stands for (text as before db 0012 is read too)."""
    if isinstance(value, int):
        return EPOCH + timedelta(microseconds=value)
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; naive values are refused on the way in.

    On SQLite the value is an integer of microseconds since 1970 UTC (8 bytes instead of the
    26 characters of "YYYY-MM-DD HH:MM:SS.ffffff", in the row and in every index holding it;
    issue 15, db 0012). The declared column type stays DATETIME; the conversion is this
    type's own, so integers order and compare as the moments do.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def bind_processor(self, dialect: Dialect) -> Any:
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)

        def process(value: datetime | None) -> int | None:
            return None if value is None else utc_micros(value)

        return process

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)

        def process(value: int | str | None) -> datetime | None:
            return None if value is None else from_micros(value)

        return process

    def literal_processor(self, dialect: Dialect) -> Any:
        if dialect.name != "sqlite":
            return super().literal_processor(dialect)
        return lambda value: str(utc_micros(value))


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def uuid_bytes(value: str) -> bytes | str:
    """How an id is stored on SQLite: a canonical (lower-case) UUID as its 16 bytes, anything
    else (an empty origin, an id an older version or a test made up) as the text it is."""
    if len(value) == 36 and _CANONICAL_UUID.fullmatch(value):
        return bytes.fromhex(value.replace("-", ""))
    return value


def uuid_text(value: bytes | str) -> str:
    """The id a stored value stands for (the mirror of :func:`uuid_bytes`)."""
    if isinstance(value, bytes):
        h = value.hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    return value


class UUIDKey(TypeDecorator[str]):
    """A row id (or a reference to one) as text in Python; 16 bytes on SQLite instead of 36
    characters (issue 15: ids were the largest part of an incident's weight, in the rows and
    in every index that ends in one). Blobs sort like their lower-case hex text, so keyset
    pagination over ``(…, id)`` keeps its order. PostgreSQL keeps the text (db 0011 says why).
    """

    impl = String(36)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> Any:
        if value is None or dialect.name != "sqlite":
            return value
        return uuid_bytes(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return uuid_text(value)


def _uuid() -> str:
    return new_id()


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[str]: JSON}


class SyncMixin:
    """The columns every synchronised table carries (DESIGN.md §4)."""

    id: Mapped[str] = mapped_column(UUIDKey(), primary_key=True, default=_uuid)
    created_at: Mapped[datetime] = mapped_column(default=_now)
    updated_at: Mapped[datetime] = mapped_column(default=_now)
    updated_by: Mapped[str] = mapped_column(String(80), default="system")
    version: Mapped[int] = mapped_column(Integer, default=1)
    origin: Mapped[str] = mapped_column(UUIDKey(), default="")
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)
    change_seq: Mapped[int] = mapped_column(Integer, default=0, index=True)
    # Version vector {station id: change_seq of its latest change} (db 0007; NULL before).
    sync_vv: Mapped[dict[str, int] | None] = mapped_column(JSON, default=None)


# ---------------------------------------------------------------- station and sync state


class Station(Base):
    """This database's own identity: one row, made on first start."""

    __tablename__ = "station"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=_now)
    last_change_seq: Mapped[int] = mapped_column(Integer, default=0)
    private_key: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    public_key: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    # X25519: packages to this station are encrypted to the public half (db 0008).
    enc_private_key: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    enc_public_key: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)


class PeerStation(Base):
    """Another station this one exchanges sync packages with."""

    __tablename__ = "peer_station"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    public_key: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    trusted: Mapped[bool] = mapped_column(Boolean, default=False)
    last_exported_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_imported_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_sync_at: Mapped[datetime | None] = mapped_column(default=None)
    enc_public_key: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    # The office: the only station whose packages may carry roles and passwords (db 0008).
    is_office: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class PeerAuditHead(Base):
    """An audit head (entry number and hash) a peer's package carried (db 0008): the peer's
    later packages must extend every head seen before, or its history was rewritten."""

    __tablename__ = "peer_audit_head"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_uuid)
    peer_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    package_id: Mapped[str] = mapped_column(String(36))
    seen_at: Mapped[datetime] = mapped_column(default=_now)
    # Which earlier head this package's chain no longer extends (German); None when it does.
    finding: Mapped[str | None] = mapped_column(Text, default=None)

    __table_args__ = (Index(None, "peer_id", "seq"),)


class SyncPackageLog(Base):
    """Packages exported or applied; applying one twice is recognised here."""

    __tablename__ = "sync_package_log"

    package_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    direction: Mapped[str] = mapped_column(String(10))  # export | import
    station_id: Mapped[str] = mapped_column(String(36))
    peer_id: Mapped[str | None] = mapped_column(String(36), default=None)
    seq_from: Mapped[int] = mapped_column(Integer, default=0)
    seq_to: Mapped[int] = mapped_column(Integer, default=0)
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    at: Mapped[datetime] = mapped_column(default=_now)


class SyncConflict(Base):
    """A record changed on both sides since the last sync, waiting for a supervisor."""

    __tablename__ = "sync_conflict"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_uuid)
    table_name: Mapped[str] = mapped_column(String(60))
    row_id: Mapped[str] = mapped_column(String(36))
    package_id: Mapped[str] = mapped_column(String(36))
    local: Mapped[dict[str, Any]] = mapped_column()
    remote: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=_now)
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)
    resolved_by: Mapped[str | None] = mapped_column(String(80), default=None)
    resolution: Mapped[str | None] = mapped_column(String(20), default=None)

    __table_args__ = (Index(None, "resolved_at", "created_at"),)


class AuditEntry(Base):
    """Append-only log of every change and every view of personal data, hash-chained."""

    __tablename__ = "audit_entry"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=_now, index=True)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))  # create, update, deactivate, view, …
    table_name: Mapped[str] = mapped_column(String(60))
    row_id: Mapped[str | None] = mapped_column(String(36), default=None)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    reason: Mapped[str | None] = mapped_column(Text, default=None)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index(None, "table_name", "row_id"),)


class AuditHead(Base):
    """The audit chain's newest entry (one row, this database only), written with each entry.

    Kept apart from the entries so that removing the newest entries breaks the chain too.
    """

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class AppSetting(SyncMixin, Base):
    """Database-wide settings shared by all workstations (rule thresholds, retention …)."""

    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(80), unique=True)
    value: Mapped[dict[str, Any]] = mapped_column()


# ---------------------------------------------------------------- master data


class Officer(SyncMixin, Base):
    __tablename__ = "officer"

    service_number: Mapped[str] = mapped_column(String(20), unique=True)
    last_name: Mapped[str] = mapped_column(String(80))
    first_name: Mapped[str] = mapped_column(String(80))
    unit: Mapped[str] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(20))
    qualifications: Mapped[list[str]] = mapped_column(default=list)
    weekly_hours: Mapped[float] = mapped_column(Float, default=39.0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str | None] = mapped_column(String(200), default=None)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(default=None)

    __table_args__ = (Index(None, "last_name", "first_name"),)


class Area(SyncMixin, Base):
    __tablename__ = "area"

    name: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    is_fear_space: Mapped[bool] = mapped_column(Boolean, default=False)
    priority: Mapped[int] = mapped_column(Integer, default=2)
    # Yearly recurring periods as "MM-DD/MM-DD" strings (domain VideoPeriod.to_json).
    video_periods: Mapped[list[str]] = mapped_column(default=list)
    footage_retention_hours: Mapped[int] = mapped_column(Integer, default=72)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # BHF, INN …: the roster's short form; unique where set (NULLs never clash). A unique
    # index rather than a constraint: revision 0009 adds it without copying the table.
    short_code: Mapped[str | None] = mapped_column(String(5), default=None)

    __table_args__ = (Index("uq_area_short_code", "short_code", unique=True),)


class CatalogEntry(SyncMixin, Base):
    """Incident categories, measures and requesting departments."""

    __tablename__ = "catalog_entry"

    kind: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (UniqueConstraint("kind", "name"),)


class ShiftTemplate(SyncMixin, Base):
    __tablename__ = "shift_template"

    name: Mapped[str] = mapped_column(String(60), unique=True)
    code: Mapped[str] = mapped_column(String(4))
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    break_minutes: Mapped[int] = mapped_column(Integer, default=30)
    kind: Mapped[str | None] = mapped_column(String(30), default=None)
    min_staff: Mapped[int] = mapped_column(Integer, default=2)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


# ---------------------------------------------------------------- roster


class RosterWeek(SyncMixin, Base):
    """Publication state of one roster week (Monday)."""

    __tablename__ = "roster_week"

    week_start: Mapped[date] = mapped_column(Date, unique=True)
    published_at: Mapped[datetime | None] = mapped_column(default=None)
    published_by: Mapped[str | None] = mapped_column(String(80), default=None)
    publish_reason: Mapped[str | None] = mapped_column(Text, default=None)
    # The week as published (duties with crews): what officers see and print, kept apart from
    # the plan that may change afterwards.
    published_snapshot: Mapped[list[Any] | None] = mapped_column(JSON, default=None)


class Shift(SyncMixin, Base):
    __tablename__ = "shift"

    duty_date: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[datetime] = mapped_column()
    ends_at: Mapped[datetime] = mapped_column()
    kind: Mapped[str] = mapped_column(String(30))
    area_id: Mapped[str | None] = mapped_column(ForeignKey("area.id"), default=None)
    template_id: Mapped[str | None] = mapped_column(ForeignKey("shift_template.id"), default=None)
    break_minutes: Mapped[int | None] = mapped_column(Integer, default=None)
    min_staff: Mapped[int] = mapped_column(Integer, default=2)
    note: Mapped[str] = mapped_column(Text, default="")
    changed_after_publish: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index(None, "duty_date"), Index(None, "starts_at", "ends_at"))


class Assignment(SyncMixin, Base):
    """An officer on a shift (Einteilung), with planned and actual times."""

    __tablename__ = "assignment"

    shift_id: Mapped[str] = mapped_column(ForeignKey("shift.id"))
    officer_id: Mapped[str] = mapped_column(ForeignKey("officer.id"))
    is_lead: Mapped[bool] = mapped_column(Boolean, default=False)
    actual_start: Mapped[datetime | None] = mapped_column(default=None)
    actual_end: Mapped[datetime | None] = mapped_column(default=None)
    actual_break_minutes: Mapped[int | None] = mapped_column(Integer, default=None)

    __table_args__ = (
        UniqueConstraint("shift_id", "officer_id"),
        Index(None, "officer_id"),
    )


class Absence(SyncMixin, Base):
    __tablename__ = "absence"

    officer_id: Mapped[str] = mapped_column(ForeignKey("officer.id"))
    kind: Mapped[str] = mapped_column(String(20))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)  # inclusive
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index(None, "officer_id", "starts_on"),)


# ---------------------------------------------------------------- bikes


class Bike(SyncMixin, Base):
    __tablename__ = "bike"

    inventory_no: Mapped[str] = mapped_column(String(30), unique=True)
    frame_no: Mapped[str] = mapped_column(String(40), default="")
    model: Mapped[str] = mapped_column(String(80), default="")
    is_pedelec: Mapped[bool] = mapped_column(Boolean, default=True)
    range_km: Mapped[int | None] = mapped_column(Integer, default=None)
    odometer_km: Mapped[int] = mapped_column(Integer, default=0)
    condition: Mapped[str] = mapped_column(String(20), default="usable")
    next_inspection_on: Mapped[date | None] = mapped_column(Date, default=None)
    next_inspection_km: Mapped[int | None] = mapped_column(Integer, default=None)
    inspection_interval_km: Mapped[int | None] = mapped_column(Integer, default=None)
    season_start: Mapped[str | None] = mapped_column(String(5), default=None)  # "MM-DD"
    season_end: Mapped[str | None] = mapped_column(String(5), default=None)
    note: Mapped[str] = mapped_column(Text, default="")


class BikeCheckout(SyncMixin, Base):
    """A bike booked to a duty and officer, then checked out and back in."""

    __tablename__ = "bike_checkout"

    bike_id: Mapped[str] = mapped_column(ForeignKey("bike.id"))
    officer_id: Mapped[str] = mapped_column(ForeignKey("officer.id"))
    shift_id: Mapped[str | None] = mapped_column(ForeignKey("shift.id"), default=None)
    status: Mapped[str] = mapped_column(String(20), default="booked")
    planned_from: Mapped[datetime | None] = mapped_column(default=None)
    planned_to: Mapped[datetime | None] = mapped_column(default=None)
    out_at: Mapped[datetime | None] = mapped_column(default=None)
    in_at: Mapped[datetime | None] = mapped_column(default=None)
    km_out: Mapped[int | None] = mapped_column(Integer, default=None)
    km_in: Mapped[int | None] = mapped_column(Integer, default=None)
    battery_out: Mapped[int | None] = mapped_column(Integer, default=None)
    battery_in: Mapped[int | None] = mapped_column(Integer, default=None)
    defect: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index(None, "bike_id", "planned_from"),
        Index(None, "status"),
        Index(None, "shift_id"),
    )


class BikeMaintenance(SyncMixin, Base):
    """An inspection or repair record (Wartung); the table keeps its first name, bike_service."""

    __tablename__ = "bike_service"

    bike_id: Mapped[str] = mapped_column(ForeignKey("bike.id"))
    kind: Mapped[str] = mapped_column(String(20))
    reported_at: Mapped[datetime] = mapped_column(default=_now)
    description: Mapped[str] = mapped_column(Text, default="")
    workshop: Mapped[str] = mapped_column(String(120), default="")
    cost_cents: Mapped[int | None] = mapped_column(Integer, default=None)
    odometer_km: Mapped[int | None] = mapped_column(Integer, default=None)
    done_on: Mapped[date | None] = mapped_column(Date, default=None)
    checkout_id: Mapped[str | None] = mapped_column(ForeignKey("bike_checkout.id"), default=None)

    __table_args__ = (Index(None, "bike_id", "reported_at"),)


# ---------------------------------------------------------------- incidents and cases


_LIVE: dict[str, Any] = {
    "sqlite_where": text("deleted_at IS NULL"),
    "postgresql_where": text("deleted_at IS NULL"),
}
_DELETED: dict[str, Any] = {
    "sqlite_where": text("deleted_at IS NOT NULL"),
    "postgresql_where": text("deleted_at IS NOT NULL"),
}


class Incident(SyncMixin, Base):
    """Something that happened (Vorkommnis)."""

    __tablename__ = "incident"

    reference: Mapped[str] = mapped_column(String(30), index=True)
    occurred_at: Mapped[datetime] = mapped_column()
    area_id: Mapped[str | None] = mapped_column(ForeignKey("area.id"), default=None)
    category_id: Mapped[str | None] = mapped_column(ForeignKey("catalog_entry.id"), default=None)
    shift_id: Mapped[str | None] = mapped_column(ForeignKey("shift.id"), default=None)
    source: Mapped[str] = mapped_column(String(20))
    place: Mapped[str] = mapped_column(String(200), default="")
    latitude: Mapped[float | None] = mapped_column(Float, default=None)
    longitude: Mapped[float | None] = mapped_column(Float, default=None)
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="open")
    status_changed_at: Mapped[datetime | None] = mapped_column(default=None)
    status_changed_by: Mapped[str | None] = mapped_column(String(80), default=None)
    outcome: Mapped[str] = mapped_column(Text, default="")
    footage_reminder: Mapped[bool] = mapped_column(Boolean, default=False)
    personal_data_purged_at: Mapped[datetime | None] = mapped_column(default=None)

    # Partial indexes over live rows (every list query says deleted_at IS NULL): the list's
    # counts and windows walk them without touching the table (migration 0005).
    __table_args__ = (
        Index("ix_incident_live_time", "occurred_at", "id", **_LIVE),
        Index("ix_incident_live_area", "area_id", "occurred_at", "id", **_LIVE),
        Index("ix_incident_live_category", "category_id", "occurred_at", "id", **_LIVE),
        Index("ix_incident_live_status", "status", "occurred_at", "id", **_LIVE),
        Index("ix_incident_live_source", "source", "occurred_at", "id", **_LIVE),
        Index("ix_incident_deleted", "deleted_at", **_DELETED),
    )


class IncidentOfficer(SyncMixin, Base):
    __tablename__ = "incident_officer"

    incident_id: Mapped[str] = mapped_column(ForeignKey("incident.id"))
    officer_id: Mapped[str] = mapped_column(ForeignKey("officer.id"))

    # No index on officer_id alone: no query looks incidents up by officer (migration 0010).
    __table_args__ = (UniqueConstraint("incident_id", "officer_id"),)


class IncidentMeasure(SyncMixin, Base):
    __tablename__ = "incident_measure"

    incident_id: Mapped[str] = mapped_column(ForeignKey("incident.id"))
    measure_id: Mapped[str] = mapped_column(ForeignKey("catalog_entry.id"))
    note: Mapped[str] = mapped_column(Text, default="")

    # No index on measure_id: it misled the planner of the measure filter (migration 0010).
    __table_args__ = (Index(None, "incident_id"),)


class IncidentPerson(SyncMixin, Base):
    """A person involved: personal data, restricted and retention-limited (DESIGN.md §10)."""

    __tablename__ = "incident_person"

    incident_id: Mapped[str] = mapped_column(ForeignKey("incident.id"))
    role: Mapped[str] = mapped_column(String(20))
    last_name: Mapped[str] = mapped_column(String(80), default="")
    first_name: Mapped[str] = mapped_column(String(80), default="")
    birth_date: Mapped[date | None] = mapped_column(Date, default=None)
    address: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index(None, "incident_id"),)


class IncidentNote(SyncMixin, Base):
    """Append-only follow-up note (Vermerk); a correction refers to the note it corrects."""

    __tablename__ = "incident_note"

    incident_id: Mapped[str] = mapped_column(ForeignKey("incident.id"))
    author_id: Mapped[str | None] = mapped_column(ForeignKey("officer.id"), default=None)
    written_at: Mapped[datetime] = mapped_column(default=_now)
    text: Mapped[str] = mapped_column(Text)
    corrects_id: Mapped[str | None] = mapped_column(ForeignKey("incident_note.id"), default=None)

    __table_args__ = (Index(None, "incident_id", "written_at"),)


class Attachment(SyncMixin, Base):
    """A photo or document of an incident; the bytes travel with sync packages."""

    __tablename__ = "attachment"

    incident_id: Mapped[str] = mapped_column(ForeignKey("incident.id"))
    filename: Mapped[str] = mapped_column(String(200))
    mime_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    thumbnail: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)

    __table_args__ = (Index(None, "incident_id"),)


class Case(SyncMixin, Base):
    """Investigation order (Ermittlungsauftrag) from another department."""

    __tablename__ = "investigation_case"

    reference: Mapped[str] = mapped_column(String(40), index=True)
    department_id: Mapped[str | None] = mapped_column(ForeignKey("catalog_entry.id"), default=None)
    subject: Mapped[str] = mapped_column(Text)
    address: Mapped[str] = mapped_column(Text, default="")
    received_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date, default=None)
    assigned_officer_id: Mapped[str | None] = mapped_column(ForeignKey("officer.id"), default=None)
    status: Mapped[str] = mapped_column(String(20), default="open")
    result: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    source_incident_id: Mapped[str | None] = mapped_column(ForeignKey("incident.id"), default=None)

    __table_args__ = (
        Index(None, "status", "due_on"),
        Index(None, "assigned_officer_id"),
        Index(None, "source_incident_id"),
    )


SYNCED_TABLES: tuple[type[SyncMixin], ...] = (
    AppSetting,
    Officer,
    Area,
    CatalogEntry,
    ShiftTemplate,
    RosterWeek,
    Shift,
    Assignment,
    Absence,
    Bike,
    BikeCheckout,
    BikeMaintenance,
    Incident,
    IncidentOfficer,
    IncidentMeasure,
    IncidentPerson,
    IncidentNote,
    Attachment,
    Case,
)
