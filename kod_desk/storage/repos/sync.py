"""The database side of sync packages (issue 8): which tables and columns travel, the station
and its peers, reading the records changed since a sequence number, the package log and the
conflict queue. Applying a package's records: storage/repos/sync_rows.py.

Every synchronised table (the ones with a ``sync_vv`` column) travels with all its columns
except the local bookkeeping (``change_seq``, ``sync_vv``, which travels as ``_vv``) and the
login lockout state of an officer, which belongs to the station where it happened.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
    Text,
    Time,
    select,
    update,
)
from sqlalchemy.orm import Session

from kod_desk.domain import sync as ds
from kod_desk.domain.sync_format import encode_value, fingerprint
from kod_desk.storage import models as m
from kod_desk.storage.database import allocate_change_seq, effective_vv

LOCAL_COLUMNS = {"change_seq", "sync_vv"}
LOCAL_ONLY = {"officer": {"failed_logins", "locked_until"}}
BATCH = 2000
BATCH_WITH_FILES = 8  # rows that carry file contents (attachments: up to 10 MB each)


@cache
def synced_tables() -> tuple[Table, ...]:
    """The synchronised tables, parents before children (foreign keys)."""
    return tuple(t for t in m.Base.metadata.sorted_tables if "sync_vv" in t.c)


def table(name: str) -> Table:
    return {t.name: t for t in synced_tables()}[name]


@cache
def travelling(name: str) -> tuple[str, ...]:
    skip = LOCAL_COLUMNS | LOCAL_ONLY.get(name, set())
    return tuple(c.name for c in table(name).c if c.name not in skip)


def _kind(column: Any) -> ds.Kind:
    kind = column.type
    if isinstance(kind, Boolean):
        return ds.Kind.BOOL
    if isinstance(kind, DateTime) or type(kind).__name__ == "UTCDateTime":
        return ds.Kind.DATETIME
    if isinstance(kind, Date):
        return ds.Kind.DATE
    if isinstance(kind, Time):
        return ds.Kind.TIME
    if isinstance(kind, LargeBinary):
        return ds.Kind.BYTES
    if isinstance(kind, JSON):
        return ds.Kind.JSON
    if isinstance(kind, Float | Numeric):
        return ds.Kind.FLOAT
    if isinstance(kind, Integer):
        return ds.Kind.INT
    if isinstance(kind, String | Text | m.UUIDKey):
        return ds.Kind.TEXT
    raise TypeError(f"{column}: Typ {kind!r} ist für die Synchronisation nicht beschrieben")


@cache
def _carries_files(name: str) -> bool:
    return any(c.kind is ds.Kind.BYTES for c in table_specs()[name].columns.values())


def batch_size(name: str) -> int:
    """Records applied together: fewer where a record may carry a whole file (read each time,
    so a test that makes batches small gets them in every table, whichever ran first)."""
    return BATCH_WITH_FILES if _carries_files(name) else BATCH


@cache
def table_specs() -> dict[str, ds.TableSpec]:
    """What each table's records must look like, derived from the models."""
    specs: dict[str, ds.TableSpec] = {}
    for t in synced_tables():
        columns: dict[str, ds.ColumnSpec] = {}
        for name in travelling(t.name):
            column = t.c[name]
            choices = ds.CHOICES.get((t.name, name))
            has_default = column.default is not None or column.server_default is not None
            columns[name] = ds.ColumnSpec(
                name,
                _kind(column),
                nullable=bool(column.nullable),
                required=not column.nullable and not has_default,
                max_length=getattr(column.type, "length", None),
                choices=frozenset(e.value for e in choices) if choices else None,
                reference=bool(column.foreign_keys),
            )
        specs[t.name] = ds.TableSpec(t.name, ds.LABELS.get(t.name, t.name), columns)
    return specs


@cache
def stored_ids(name: str) -> frozenset[str]:
    """The columns of a table SQLite keeps as 16-byte ids (models.UUIDKey, db 0011): the
    driver-level hot paths of import and export convert them like the type does."""
    return frozenset(c.name for c in table(name).columns if isinstance(c.type, m.UUIDKey))


@cache
def has_dependents(name: str) -> bool:
    """Whether another synchronised table refers to this one (its ids must never fork)."""
    return any(
        fk.column.table.name == name
        for t in synced_tables()
        for fk in t.foreign_keys
        if t.name != name
    )


@cache
def natural_keys(name: str) -> tuple[tuple[str, ...], ...]:
    """The unique column sets of a table besides its id."""
    t = table(name)
    keys: list[tuple[str, ...]] = [(c.name,) for c in t.c if c.unique and c.name != "id"]
    for constraint in t.constraints:
        columns = tuple(c.name for c in getattr(constraint, "columns", ()))
        if type(constraint).__name__ == "UniqueConstraint" and columns:
            keys.append(columns)
    keys.extend(tuple(c.name for c in i.columns) for i in t.indexes if i.unique)  # area code
    return tuple(dict.fromkeys(keys))


# ---------------------------------------------------------------- station and peers


def station(session: Session) -> m.Station:
    found = session.execute(select(m.Station)).scalar_one_or_none()
    if found is None:
        raise LookupError("station")
    return found


def current_seq(session: Session) -> int:
    return int(session.execute(select(m.Station.last_change_seq)).scalar_one_or_none() or 0)


def peers(session: Session) -> list[m.PeerStation]:
    return list(session.execute(select(m.PeerStation).order_by(m.PeerStation.name)).scalars())


def peer(session: Session, peer_id: str) -> m.PeerStation | None:
    return session.get(m.PeerStation, peer_id)


def office(session: Session) -> m.PeerStation | None:
    """The trusted station marked as the office, if this station exchanges with one."""
    query = select(m.PeerStation).where(
        m.PeerStation.is_office.is_(True), m.PeerStation.trusted.is_(True)
    )
    return session.scalars(query.limit(1)).first()


def audit_heads(session: Session, peer_id: str) -> list[m.PeerAuditHead]:
    """Every audit head a package of ``peer_id`` carried, oldest first."""
    query = (
        select(m.PeerAuditHead)
        .where(m.PeerAuditHead.peer_id == peer_id)
        .order_by(m.PeerAuditHead.seen_at, m.PeerAuditHead.seq)
    )
    return list(session.scalars(query))


def fingerprint_of(row: m.Station | m.PeerStation) -> str:
    """The fingerprint over both public keys ("" until the keys are known)."""
    if not row.public_key:
        return ""
    return fingerprint(bytes(row.public_key), bytes(row.enc_public_key or b""))


def peer_info(peer: m.PeerStation) -> ds.PeerInfo:
    return ds.PeerInfo(
        peer.id,
        peer.name,
        fingerprint_of(peer),
        bool(peer.trusted),
        peer.last_exported_seq,
        peer.last_imported_seq,
        peer.last_sync_at,
        can_receive=bool(peer.trusted and peer.enc_public_key),
        is_office=bool(peer.is_office),
    )


def add_station_keys(
    session: Session, signing: tuple[bytes, bytes], encryption: tuple[bytes, bytes]
) -> tuple[str | None, str] | None:
    """Give the station the keys it lacks (signing: only where it has none; encryption: new
    where it has none). (Fingerprint before or None, after); None when it had both."""
    own = station(session)
    if own.public_key and own.enc_public_key:
        return None
    before = fingerprint_of(own) if own.public_key else None
    if not own.public_key:
        own.private_key, own.public_key = signing
    own.enc_private_key, own.enc_public_key = encryption
    return before, fingerprint_of(own)


def trust_peer(
    session: Session, station_id: str, name: str, public_key: bytes, enc_public_key: bytes
) -> tuple[ds.PeerInfo | None, ds.PeerInfo]:
    """Enter (or renew) a trusted station with its keys: (before or None, after)."""
    found = peer(session, station_id)
    before = None if found is None else peer_info(found)
    if found is None:
        found = m.PeerStation(id=station_id, name=name)
        session.add(found)
    found.name = name
    found.public_key = public_key
    found.enc_public_key = enc_public_key
    found.trusted = True
    session.flush()
    return before, peer_info(found)


def update_peer(session: Session, peer_id: str, **values: Any) -> ds.PeerInfo | None:
    """Set these columns of the peer (trusted, is_office, last_*_seq, last_sync_at)."""
    found = peer(session, peer_id)
    if found is None:
        return None
    for name, value in values.items():
        if name not in _PEER_COLUMNS:
            raise ValueError(f"peer_station.{name}")
        setattr(found, name, value)
    return peer_info(found)


_PEER_COLUMNS = frozenset(
    {"trusted", "is_office", "last_exported_seq", "last_imported_seq", "last_sync_at"}
)


def log_package(
    session: Session,
    *,
    package_id: str,
    direction: str,
    station_id: str,
    peer_id: str | None,
    seq_from: int,
    seq_to: int,
    counts: dict[str, Any],
    at: datetime,
) -> None:
    """One line of the package log (an applied package is recognised by it)."""
    session.add(
        m.SyncPackageLog(
            package_id=package_id,
            direction=direction,
            station_id=station_id,
            peer_id=peer_id,
            seq_from=seq_from,
            seq_to=seq_to,
            counts=counts,
            at=at,
        )
    )


def add_audit_head(
    session: Session,
    *,
    peer_id: str,
    seq: int,
    hash_: str,
    package_id: str,
    seen_at: datetime,
    finding: str | None,
) -> None:
    """Keep the audit head a package of ``peer_id`` carried."""
    session.add(
        m.PeerAuditHead(
            peer_id=peer_id,
            seq=seq,
            hash=hash_,
            package_id=package_id,
            seen_at=seen_at,
            finding=finding,
        )
    )


def package_logged(session: Session, package_id: str, direction: str) -> bool:
    found = session.execute(
        select(m.SyncPackageLog.package_id).where(
            m.SyncPackageLog.package_id == package_id, m.SyncPackageLog.direction == direction
        )
    ).first()
    return found is not None


# ---------------------------------------------------------------- export


def count_changed(session: Session, since: int, until: int) -> dict[str, int]:
    from sqlalchemy import func

    counts: dict[str, int] = {}
    for t in synced_tables():
        n = session.execute(
            select(func.count())
            .select_from(t)
            .where(t.c.change_seq > since, t.c.change_seq <= until)
        ).scalar_one()
        if n:
            counts[t.name] = int(n)
    return counts


def export_records(
    session: Session, name: str, since: int, until: int, station_id: str
) -> Iterator[dict[str, Any]]:
    """Records of ``name`` changed in (since, until], in the order they were changed,
    JSON-ready (the spec's encoding), streamed from the database."""
    t = table(name)
    names = travelling(name)
    columns = [t.c[n] for n in names]
    query = (
        select(*columns, t.c.origin.label("_origin"), t.c.change_seq, t.c.sync_vv)
        .where(t.c.change_seq > since, t.c.change_seq <= until)
        .order_by(t.c.change_seq)
        .execution_options(yield_per=batch_size(name))
    )
    width = len(names)
    spec = table_specs()[name]
    if session.get_bind().dialect.name == "sqlite":
        yield from _export_sqlite(session, name, names, since, until, station_id)
        return
    convert = [
        (i, _ENCODERS[spec.columns[n].kind])
        for i, n in enumerate(names)
        if spec.columns[n].kind in _ENCODERS
    ]
    for row in session.execute(query):
        values = list(row[:width])
        for i, encode in convert:
            if values[i] is not None:
                values[i] = encode(values[i])
        record = dict(zip(names, values, strict=True))
        record["_vv"] = effective_vv(row[width + 2], row[width], row[width + 1], station_id)
        yield record


def _sqlite_datetime(stored: int | str) -> str:
    """A stored UTC moment (microseconds since 1970, db 0012) as the spec's ISO 8601 text."""
    return m.from_micros(stored).isoformat(timespec="microseconds")


# References and origins repeat (the few areas and officers, the one station): the export
# remembers the texts it made for them (bench sync: 0.5 s of a 6.8 s export of 100k).
_shared_id_text = lru_cache(maxsize=1 << 14)(m.uuid_text)


def _sqlite_json(kind: ds.Kind) -> Any:
    """How a stored SQLite value becomes the spec's JSON (the mirror of _sqlite_value)."""
    if kind is ds.Kind.DATETIME:
        return _sqlite_datetime
    if kind is ds.Kind.BOOL:
        return bool
    if kind is ds.Kind.JSON:
        return json.loads
    if kind is ds.Kind.BYTES:
        return encode_value
    return None  # text, numbers, dates and times are stored as the spec writes them


def _export_sqlite(
    session: Session, name: str, names: tuple[str, ...], since: int, until: int, station_id: str
) -> Iterator[dict[str, Any]]:
    """The export's hot path on SQLite: stored values read by the driver and turned into the
    spec's JSON directly (no parsing into datetimes and formatting back)."""
    make = _record_maker(name, names)
    width = len(names)
    # The driver's own cursor: plain tuples, without a result row object around each.
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(
            f"SELECT {', '.join(names)}, origin, change_seq, sync_vv FROM {name} "
            "WHERE change_seq > ? AND change_seq <= ? ORDER BY change_seq",
            (since, until),
        )
        size = batch_size(name)
        while rows := cursor.fetchmany(size):
            for row in rows:
                record = make(row)
                origin, change_seq, stored_vv = row[width:]
                vv = _stored_vv(stored_vv) if stored_vv is not None else None
                record["_vv"] = effective_vv(vv, _shared_id_text(origin), change_seq, station_id)
                yield record
    finally:
        cursor.close()


# A one-station version vector as json.dumps stores it: read without the JSON decoder.
_ONE_STATION = re.compile(r'\{"([0-9A-Za-z_-]+)": ([0-9]{1,16})\}')


def _stored_vv(stored: str) -> dict[str, int]:
    found = _ONE_STATION.fullmatch(stored)
    if found is not None:
        return {found[1]: int(found[2])}
    vv: dict[str, int] = json.loads(stored)
    return vv


@cache
def _record_maker(name: str, names: tuple[str, ...]) -> Callable[[Sequence[Any]], dict[str, Any]]:
    """A stored row's record (without its version vector) as one dict display, written once
    per table: each column's value, through its kind's converter where it has one
    (:func:`_sqlite_json`) — a third less work per row than converting a list in a loop."""
    spec = table_specs()[name]
    ids = stored_ids(name)  # 16 bytes on SQLite (db 0011), text in a package
    namespace: dict[str, Any] = {}
    items = []
    for i, column in enumerate(names):
        if column == "id":
            convert = m.uuid_text  # one per row: nothing to remember
        elif column in ids:
            convert = _shared_id_text
        else:
            convert = _sqlite_json(spec.columns[column].kind)
        if convert is None:
            items.append(f"{column!r}: row[{i}]")
        else:
            namespace[f"F{i}"] = convert
            items.append(f"{column!r}: None if row[{i}] is None else F{i}(row[{i}])")
    source = "def record(row):\n    return {" + ", ".join(items) + "}\n"
    # Our own source, written from the table's column names (no stored value in it).
    exec(compile(source, f"<sync export {name}>", "exec"), namespace)
    maker: Callable[[Sequence[Any]], dict[str, Any]] = namespace["record"]
    return maker


# Only these kinds need turning into JSON (the spec's encoding, as encode_value does it).
_ENCODERS = {
    ds.Kind.DATETIME: encode_value,
    ds.Kind.DATE: encode_value,
    ds.Kind.TIME: encode_value,
    ds.Kind.BYTES: encode_value,
}


# ---------------------------------------------------------------- conflicts


def open_conflict(session: Session, name: str, row_id: str) -> m.SyncConflict | None:
    return session.execute(
        select(m.SyncConflict).where(
            m.SyncConflict.table_name == name,
            m.SyncConflict.row_id == row_id,
            m.SyncConflict.resolved_at.is_(None),
        )
    ).scalar_one_or_none()


def encoded(record: dict[str, Any]) -> dict[str, Any]:
    return {k: (v if k == "_vv" else encode_value(v)) for k, v in record.items()}


def record_conflict(
    session: Session,
    name: str,
    local: dict[str, Any],
    remote: dict[str, Any],
    package_id: str,
    now: datetime,
) -> bool:
    """Queue (or refresh) the conflict of this row; False when an open one already holds a
    version that contains the incoming one."""
    existing = open_conflict(session, name, local["id"])
    if existing is not None:
        held = existing.remote.get("_vv", {})
        if ds.compare(remote["_vv"], held) in (ds.Order.SAME, ds.Order.OLDER):
            return False
        existing.remote = encoded(remote)
        existing.package_id = package_id
        return True
    session.add(
        m.SyncConflict(
            table_name=name,
            row_id=local["id"],
            package_id=package_id,
            local=encoded(local),
            remote=encoded(remote),
            created_at=now,
        )
    )
    return True


def package_station(session: Session, package_id: str) -> str | None:
    """The id of the station an applied package came from."""
    query = select(m.SyncPackageLog.station_id).where(
        m.SyncPackageLog.package_id == package_id, m.SyncPackageLog.direction == "import"
    )
    return session.scalars(query.limit(1)).first()


def package_sources(session: Session, package_ids: Iterable[str]) -> dict[str, str]:
    """The name of the station each applied package came from."""
    ids = list(package_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(m.SyncPackageLog.package_id, m.PeerStation.name)
        .join(m.PeerStation, m.PeerStation.id == m.SyncPackageLog.station_id)
        .where(m.SyncPackageLog.package_id.in_(ids), m.SyncPackageLog.direction == "import")
    )
    return {package_id: name for package_id, name in rows}


def supersede_conflict(session: Session, name: str, row_id: str, now: datetime) -> None:
    """A newer version containing both sides arrived: the open conflict is settled by it."""
    existing = open_conflict(session, name, row_id)
    if existing is not None:
        existing.resolved_at = now
        existing.resolved_by = "Synchronisation"
        existing.resolution = "superseded"


def conflicts(session: Session, *, open_only: bool = True) -> list[m.SyncConflict]:
    query = select(m.SyncConflict).order_by(m.SyncConflict.created_at, m.SyncConflict.id)
    if open_only:
        query = query.where(m.SyncConflict.resolved_at.is_(None))
    return list(session.execute(query).scalars())


def write_resolution(
    session: Session,
    name: str,
    row_id: str,
    values: dict[str, Any],
    vv: dict[str, int],
    station_id: str,
    actor: str,
    now: datetime,
) -> None:
    """Write a supervisor's decision as a new local version that contains both sides."""
    t = table(name)
    seq = allocate_change_seq(session, 1) + 1
    content = {k: v for k, v in values.items() if k in travelling(name) and k not in ds.SYNC_META}
    content.pop("id", None)
    session.execute(
        update(t)
        .where(t.c.id == row_id)
        .values(
            **content,
            change_seq=seq,
            sync_vv={**vv, station_id: seq},
            version=t.c.version + 1,
            updated_at=now,
            updated_by=actor,
        )
    )


def close_conflict(session: Session, conflict_id: str, actor: str, how: str, now: datetime) -> None:
    found = session.get(m.SyncConflict, conflict_id)
    if found is not None:
        found.resolved_at = now
        found.resolved_by = actor
        found.resolution = how


def get_conflict(session: Session, conflict_id: str) -> m.SyncConflict | None:
    return session.get(m.SyncConflict, conflict_id)
