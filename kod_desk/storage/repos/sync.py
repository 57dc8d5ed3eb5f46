"""The database side of sync packages (issue 8): which tables and columns travel, reading the
records changed since a sequence number, and applying checked records in dependency order.

Every synchronised table (the ones with a ``sync_vv`` column) travels with all its columns
except the local bookkeeping (``change_seq``, ``sync_vv``, which travels as ``_vv``) and the
login lockout state of an officer, which belongs to the station where it happened.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from itertools import groupby
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
    and_,
    bindparam,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kod_desk.domain import sync as ds
from kod_desk.domain.sync_format import SyncRefused, encode_value
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
    if isinstance(kind, String | Text):
        return ds.Kind.TEXT
    raise TypeError(f"{column}: Typ {kind!r} ist für die Synchronisation nicht beschrieben")


@cache
def batch_size(name: str) -> int:
    """Records applied together: fewer where a record may carry a whole file."""
    kinds = {c.kind for c in table_specs()[name].columns.values()}
    return BATCH_WITH_FILES if ds.Kind.BYTES in kinds else BATCH


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
def _dependents(name: str) -> bool:
    """Whether another synchronised table refers to this one (its ids must never fork)."""
    return any(
        fk.column.table.name == name
        for t in synced_tables()
        for fk in t.foreign_keys
        if t.name != name
    )


@cache
def _natural_keys(name: str) -> tuple[tuple[str, ...], ...]:
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


def _sqlite_datetime(stored: str) -> str:
    """SQLAlchemy stores UTC as "YYYY-MM-DD HH:MM:SS.ffffff": ISO 8601 with its offset."""
    return stored.replace(" ", "T", 1) + "+00:00"


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
    spec = table_specs()[name]
    convert = [
        (i, f) for i, n in enumerate(names) if (f := _sqlite_json(spec.columns[n].kind)) is not None
    ]
    width = len(names)
    cursor = session.connection().exec_driver_sql(
        f"SELECT {', '.join(names)}, origin, change_seq, sync_vv FROM {name} "
        "WHERE change_seq > ? AND change_seq <= ? ORDER BY change_seq",
        (since, until),
    )
    while rows := cursor.fetchmany(batch_size(name)):
        for row in rows:
            values = list(row[:width])
            for i, f in convert:
                if values[i] is not None:
                    values[i] = f(values[i])
            record = dict(zip(names, values, strict=True))
            stored_vv = row[width + 2]
            vv = json.loads(stored_vv) if stored_vv is not None else None
            record["_vv"] = effective_vv(vv, row[width], row[width + 1], station_id)
            yield record


# Only these kinds need turning into JSON (the spec's encoding, as encode_value does it).
_ENCODERS = {
    ds.Kind.DATETIME: encode_value,
    ds.Kind.DATE: encode_value,
    ds.Kind.TIME: encode_value,
    ds.Kind.BYTES: encode_value,
}


# ---------------------------------------------------------------- import


def local_rows(
    session: Session, name: str, ids: Sequence[str], station_id: str
) -> dict[str, dict[str, Any]]:
    """Our rows of these ids, as decoded records (with ``_vv``), tombstones included."""
    t = table(name)
    names = travelling(name)
    found: dict[str, dict[str, Any]] = {}
    rows = session.execute(
        select(*(t.c[n] for n in names), t.c.change_seq, t.c.sync_vv).where(t.c.id.in_(ids))
    )
    for row in rows:
        record = dict(zip(names, row[: len(names)], strict=True))
        record["_vv"] = effective_vv(row[-1], record.get("origin"), row[-2], station_id)
        found[record["id"]] = record
    return found


@dataclass(frozen=True)
class Twin:
    """A record we do not have by id, but by one of its unique keys (made twice)."""

    local: dict[str, Any]
    key: tuple[str, ...]
    forkable: bool  # no other table refers to it: a conflict may settle it


def twins(
    session: Session, name: str, records: Sequence[dict[str, Any]], station_id: str
) -> dict[str, Twin]:
    """New records (by id) whose unique key another local row already has, by record id.

    One indexed ``IN`` on the key's first column per key (every unique key has its index),
    the rest compared here: cheap even when the table holds a million rows.
    """
    keys = _natural_keys(name)
    if not keys or not records:
        return {}
    t = table(name)
    found: dict[str, Twin] = {}
    for key in keys:
        wanted = {tuple(r.get(c) for c in key): r["id"] for r in records}
        wanted = {values: rid for values, rid in wanted.items() if None not in values}
        if not wanted:
            continue
        firsts = list({values[0] for values in wanted})
        query = select(t.c.id, *(t.c[c] for c in key)).where(t.c[key[0]].in_(firsts))
        clashes = {
            row[0]: wanted[tuple(row[1:])]
            for row in session.execute(query)
            if tuple(row[1:]) in wanted and wanted[tuple(row[1:])] != row[0]
        }
        if not clashes:
            continue
        for local in local_rows(session, name, list(clashes), station_id).values():
            record_id = clashes[local["id"]]
            if record_id not in found:
                found[record_id] = Twin(local, key, not _dependents(name))
    return found


def _row(name: str, record: dict[str, Any]) -> dict[str, Any]:
    return {n: record[n] for n in travelling(name) if n in record}


def insert_rows(session: Session, name: str, records: Sequence[dict[str, Any]]) -> None:
    """Insert checked records as they are (their version vector kept, a local change_seq so
    they travel on to other stations)."""
    if not records:
        return
    seq = allocate_change_seq(session, len(records))
    names = travelling(name)
    try:
        if session.get_bind().dialect.name == "sqlite" and all(
            len(r) > len(names) for r in records
        ):
            _insert_sqlite(session, name, names, records, seq)
            return
        rows = []
        for record in records:
            seq += 1
            rows.append({**_row(name, record), "change_seq": seq, "sync_vv": record["_vv"]})
        # A record may leave out a column that has a default; one executemany needs the same
        # columns in every row, so runs of rows with the same columns go in one by one, in
        # order (fuzz test, issue 8: two notes, one without "version", crashed the import
        # with "A value is required for bind parameter 'version'").
        for _columns, run in groupby(rows, key=tuple):
            session.execute(insert(table(name)), list(run))
    except IntegrityError:
        raise _integrity(name) from None


@cache
def _local_defaults(name: str) -> dict[str, Any]:
    """The station's own columns a new row starts with (an officer's login lockout state)."""
    found: dict[str, Any] = {}
    for column_name in LOCAL_ONLY.get(name, set()):
        default = table(name).c[column_name].default
        arg = getattr(default, "arg", None)
        if callable(arg):
            raise TypeError(f"{name}.{column_name}: kein fester Startwert")
        found[column_name] = arg
    return found


def _sqlite_value(kind: ds.Kind) -> Any:
    """How SQLAlchemy's SQLite dialect stores a decoded value of this kind (so rows written
    here read back exactly like rows written through the models)."""
    if kind is ds.Kind.DATETIME:
        return lambda v: v.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    if kind is ds.Kind.DATE:
        return lambda v: v.isoformat()
    if kind is ds.Kind.TIME:
        return lambda v: v.isoformat("microseconds")
    if kind is ds.Kind.BOOL:
        return int
    if kind is ds.Kind.JSON:
        return json.dumps
    return None


def _insert_sqlite(
    session: Session, name: str, names: tuple[str, ...], records: Sequence[dict[str, Any]], seq: int
) -> None:
    """The import's hot path on SQLite: one driver-level executemany, values converted once
    (about half the time of a Core insert, which converts every value through its type)."""
    spec = table_specs()[name]
    convert = [
        (i, f)
        for i, n in enumerate(names)
        if (f := _sqlite_value(spec.columns[n].kind)) is not None
    ]
    rows = []
    for record in records:
        seq += 1
        values = [record[n] for n in names]
        for i, f in convert:
            if values[i] is not None:
                values[i] = f(values[i])
        values += [seq, json.dumps(record["_vv"])]
        rows.append(tuple(values))
    extra = _local_defaults(name)
    if extra:
        rows = [(*row, *extra.values()) for row in rows]
    columns = ", ".join([*names, "change_seq", "sync_vv", *extra])
    marks = ", ".join("?" * (len(names) + 2 + len(extra)))
    session.connection().exec_driver_sql(f"INSERT INTO {name} ({columns}) VALUES ({marks})", rows)


def _integrity(name: str) -> SyncRefused:
    label = ds.LABELS.get(name, name)
    return SyncRefused(
        f"Das Paket ist nicht stimmig: ein Datensatz „{label}“ verweist auf einen Datensatz, "
        "den es weder hier noch im Paket gibt, oder doppelt einen vorhandenen."
    )


def update_rows(session: Session, name: str, records: Sequence[dict[str, Any]]) -> None:
    """Overwrite our rows with these newer versions (all travelling columns)."""
    if not records:
        return
    t = table(name)
    seq = allocate_change_seq(session, len(records))
    columns = [n for n in travelling(name) if n != "id"]
    statement = (
        update(t)
        .where(t.c.id == bindparam("_id"))
        .values(
            {n: bindparam(f"_v_{n}") for n in columns}
            | {"change_seq": bindparam("_seq"), "sync_vv": bindparam("_vv")}
        )
    )
    rows = []
    for record in records:
        seq += 1
        row = {f"_v_{n}": record.get(n) for n in columns}
        row.update({"_id": record["id"], "_seq": seq, "_vv": record["_vv"]})
        rows.append(row)
    try:
        session.connection().execute(statement, rows)
    except IntegrityError:
        raise _integrity(name) from None


def merge_vectors(session: Session, name: str, pairs: Iterable[tuple[str, dict[str, int]]]) -> None:
    """Join version vectors where both sides made the same change (no content change)."""
    t = table(name)
    rows = [{"_id": rid, "_vv": vv} for rid, vv in pairs]
    if rows:
        session.connection().execute(
            update(t).where(t.c.id == bindparam("_id")).values(sync_vv=bindparam("_vv")), rows
        )


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


# ---------------------------------------------------------------- a new station's first package

# What a station holds before anyone worked with it: the defaults of a new database (areas,
# catalogues, templates, settings) and the first administrator. Operational records make it
# a working station.
OPERATIONAL = (
    "shift",
    "absence",
    "bike_checkout",
    "bike_service",
    "incident",
    "investigation_case",
)
MASTER = (
    "app_setting",
    "officer",
    "area",
    "catalog_entry",
    "shift_template",
    "bike",
    "roster_week",
)


def is_pristine(session: Session) -> bool:
    """No operational record and no package applied yet: the defaults may give way."""
    from sqlalchemy import exists

    for name in OPERATIONAL:
        t = table(name)
        if session.execute(select(exists().where(t.c.id.is_not(None)))).scalar():
            return False
    applied = session.execute(
        select(m.SyncPackageLog.package_id).where(m.SyncPackageLog.direction == "import")
    ).first()
    return applied is None


def natural_key_values(
    name: str, record: dict[str, Any]
) -> list[tuple[tuple[str, ...], tuple[Any, ...]]]:
    return [(key, tuple(record.get(c) for c in key)) for key in _natural_keys(name)]


def give_way(
    session: Session, incoming: dict[str, dict[tuple[str, ...], dict[tuple[Any, ...], str]]]
) -> int:
    """Remove this new station's own rows that the first package brings under another id
    (its default areas, catalogue entries, templates, settings, the first administrator).
    ``incoming`` maps table → unique key → key values → incoming id. Children go first."""
    from sqlalchemy import delete

    removed = 0
    for t in reversed(synced_tables()):
        keys = incoming.get(t.name)
        if not keys:
            continue
        doomed: set[str] = set()
        for key, values in keys.items():
            match = or_(
                *(and_(*(t.c[c] == v for c, v in zip(key, vs, strict=True))) for vs in values)
            )
            for row_id, *found in session.execute(
                select(t.c.id, *(t.c[c] for c in key)).where(match)
            ):
                if values.get(tuple(found)) not in (None, row_id):
                    doomed.add(row_id)
        if doomed:
            try:
                session.execute(delete(t).where(t.c.id.in_(doomed)))
            except IntegrityError:
                raise SyncRefused(
                    f"Die Grunddaten dieser neuen Station („{ds.LABELS.get(t.name, t.name)}“) "
                    "werden hier schon verwendet und lassen sich nicht durch die des Pakets "
                    "ersetzen."
                ) from None
            removed += len(doomed)
    return removed
