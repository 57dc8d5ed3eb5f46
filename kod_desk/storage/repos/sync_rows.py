"""Applying a sync package's checked records (issue 8): our rows of the incoming ids, twins
by unique key, inserts, updates and merged version vectors, and what a new station's defaults
give way to.

The imported rows keep the sender's columns (version, times, author, origin, version vector):
they go in through Core and driver-level statements, which the stamping hook of
storage/database.py (an ORM ``before_flush`` hook) never sees, and :func:`keep_sender_columns`
turns that hook off for the import's whole transaction besides (see its docstring). Each row
gets a local ``change_seq`` from :func:`~kod_desk.storage.database.allocate_change_seq`, so it
travels on to other stations.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from itertools import groupby
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import and_, bindparam, delete, exists, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kod_desk.domain import sync as ds
from kod_desk.domain.sync_check import Store
from kod_desk.domain.sync_format import SyncRefused
from kod_desk.storage import models as m
from kod_desk.storage.database import allocate_change_seq, effective_vv
from kod_desk.storage.repos.incidents import FulltextByHand
from kod_desk.storage.repos.sync import (
    LOCAL_ONLY,
    has_dependents,
    natural_keys,
    stored_ids,
    synced_tables,
    table,
    table_specs,
    travelling,
)

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
    keys = natural_keys(name)
    if not keys or not records:
        return {}
    t = table(name)
    found: dict[str, Twin] = {}
    for key in keys:
        wanted: dict[tuple[Any, ...], str]
        if len(key) == 1:
            (column,) = key
            wanted = {(r.get(column),): r["id"] for r in records}
        else:
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
                found[record_id] = Twin(local, key, not has_dependents(name))
    return found


# The tables whose rows the full-text index reads (storage/repos/incidents.FTS_SOURCE).
FULLTEXT_TABLES = frozenset({"incident", "incident_note"})


def follow_fulltext(
    session: Session,
    fulltext: FulltextByHand,
    name: str,
    inserts: Sequence[dict[str, Any]],
    updates: Sequence[dict[str, Any]],
) -> None:
    """Name the incidents whose indexed text a batch changes, before it is written (the
    import keeps the index by hand: storage/repos/incidents.fulltext_by_hand)."""
    if name == "incident":
        fulltext.adding(r["id"] for r in inserts)
        fulltext.changing(r["id"] for r in updates)
    elif name == "incident_note":
        owners = [r.get("incident_id") for r in (*inserts, *updates)]
        if updates:  # a note may move to another incident: the one it leaves changes too
            t = table(name)
            ids = [r["id"] for r in updates]
            owners += session.execute(select(t.c.incident_id).where(t.c.id.in_(ids))).scalars()
        fulltext.changing(o for o in owners if isinstance(o, str))


def _row(name: str, record: dict[str, Any]) -> dict[str, Any]:
    return {n: record[n] for n in travelling(name) if n in record}


def insert_rows(
    session: Session,
    name: str,
    records: Sequence[dict[str, Any]],
    stored: Sequence[tuple[Any, ...] | None] = (),
) -> None:
    """Insert checked records as they are (their version vector kept, a local change_seq so
    they travel on to other stations). ``stored``: the records as stored on SQLite, in
    column order (domain/sync_check with :func:`stored_forms`), where the check made them."""
    if not records:
        return
    seq = allocate_change_seq(session, len(records))
    names = travelling(name)
    try:
        sqlite = session.get_bind().dialect.name == "sqlite"
        if sqlite and len(stored) == len(records) and None not in stored:
            ready = cast("Sequence[tuple[Any, ...]]", stored)
            _insert_stored(session, name, names, records, ready, seq)
            return
        if sqlite and all(len(r) > len(names) for r in records):
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
    here read back exactly like rows written through the models). The one place that says it:
    the import's check converts with it too (:func:`stored_forms`)."""
    if kind is ds.Kind.DATETIME:
        return _stored_moment
    if kind is ds.Kind.DATE:
        return lambda v: v.isoformat()
    if kind is ds.Kind.TIME:
        return lambda v: v.isoformat("microseconds")
    if kind is ds.Kind.BOOL:
        return int
    if kind is ds.Kind.JSON:
        return json.dumps
    return None


def _stored_moment(moment: datetime) -> int:
    """A datetime as SQLite stores UTC since db 0012: microseconds since 1970 (UTCDateTime)."""
    return m.utc_micros(moment)


def _stored_moment_of(text: str) -> int:
    """:func:`_stored_moment` of a package's canonical UTC text "YYYY-MM-DDTHH:MM:SS.ffffff+00:00"
    (domain/sync_check.UTC_TEXT; the mirror of repos/sync._sqlite_datetime)."""
    return m.utc_micros(datetime.fromisoformat(text))


_SQLITE_FORMS = Store(
    {kind: _sqlite_value(kind) for kind in ds.Kind},
    _stored_moment_of,
    id_form=m.uuid_bytes,
    id_columns={t.name: stored_ids(t.name) for t in synced_tables()},
)


def stored_forms(session: Session) -> Store | None:
    """How the import's check turns each record into its stored row as it checks it (kind →
    converter, :func:`_sqlite_value`); None where the rows go in through SQLAlchemy's types
    (PostgreSQL)."""
    return _SQLITE_FORMS if session.get_bind().dialect.name == "sqlite" else None


_PLAIN_KEY = re.compile(r"[0-9A-Za-z_-]+")  # nothing JSON escapes (a station id, ds._ID)


def _vv_text(vv: dict[str, int]) -> str:
    """A version vector as its JSON column stores it (``json.dumps``); the usual one-station
    vector of a checked record without the encoder (a third of a row's conversion)."""
    if len(vv) == 1:
        ((station, count),) = vv.items()
        if type(count) is int and _PLAIN_KEY.fullmatch(station):
            return f'{{"{station}": {count}}}'
    return json.dumps(vv)


def _insert_sqlite(
    session: Session, name: str, names: tuple[str, ...], records: Sequence[dict[str, Any]], seq: int
) -> None:
    """The import's hot path on SQLite: one driver-level executemany, values converted once
    (about half the time of a Core insert, which converts every value through its type)."""
    spec = table_specs()[name]
    ids = stored_ids(name)
    convert = [
        (i, f)
        for i, n in enumerate(names)
        if (f := m.uuid_bytes if n in ids else _sqlite_value(spec.columns[n].kind)) is not None
    ]
    extra = tuple(_local_defaults(name).values())
    pick = itemgetter(*names)
    dumps = json.dumps
    rows = []
    for record in records:
        seq += 1
        values = list(pick(record))
        for i, f in convert:
            if values[i] is not None:
                values[i] = f(values[i])
        values += (seq, dumps(record["_vv"]), *extra)
        rows.append(tuple(values))
    extra_names = tuple(_local_defaults(name))
    columns = ", ".join([*names, "change_seq", "sync_vv", *extra_names])
    marks = ", ".join("?" * (len(names) + 2 + len(extra)))
    session.connection().exec_driver_sql(f"INSERT INTO {name} ({columns}) VALUES ({marks})", rows)


def _insert_stored(
    session: Session,
    name: str,
    names: tuple[str, ...],
    records: Sequence[dict[str, Any]],
    stored: Sequence[tuple[Any, ...]],
    seq: int,
) -> None:
    """Rows the check already turned into their stored form: one driver-level executemany."""
    extra = tuple(_local_defaults(name).values())
    rows = []
    for record, row in zip(records, stored, strict=True):
        seq += 1
        rows.append((*row, seq, _vv_text(record["_vv"]), *extra))
    columns = ", ".join([*names, "change_seq", "sync_vv", *_local_defaults(name)])
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


def holds_rows(session: Session, name: str) -> bool:
    """Whether the table holds any row (tombstones included)."""
    t = table(name)
    return bool(session.execute(select(exists().where(t.c.id.is_not(None)))).scalar())


def is_pristine(session: Session) -> bool:
    """No operational record and no package applied yet: the defaults may give way."""
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
    return [(key, tuple(record.get(c) for c in key)) for key in natural_keys(name)]


def give_way(
    session: Session, incoming: dict[str, dict[tuple[str, ...], dict[tuple[Any, ...], str]]]
) -> int:
    """Remove this new station's own rows that the first package brings under another id
    (its default areas, catalogue entries, templates, settings, the first administrator).
    ``incoming`` maps table → unique key → key values → incoming id. Children go first."""
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


BULK_CACHE_KIB = 16 * 1024


@contextmanager
def bulk_cache(session: Session) -> Iterator[None]:
    """A larger page cache for the import's connection while it writes (SQLite's default is
    2 MB): the unique indexes on random UUIDs of a large table then stay in memory instead of
    being read back page by page (bench sync: about a tenth of the writing). Set back after;
    the cache is the connection's, not part of the transaction."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    connection = session.connection()
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(before or -2000)}")


def keep_sender_columns(session: Session) -> None:
    """The one exception to "every write is stamped here": an import keeps the sender's columns.

    storage/database.py stamps every new or changed synchronised ORM object at flush (version,
    updated_at/by, origin, a local version vector) unless the session's
    ``preserve_sync_columns`` flag is set. The import's rows go in through Core and driver
    statements the hook never sees, with the sender's values and a local ``change_seq`` per
    row; the flag keeps the hook off anything else flushed in the import's transaction too, so
    that no synchronised row is re-stamped as a local change (which would echo it back to its
    sender as ours). The import sets it once, at the start of its write operation
    (services/sync/importer.PackageImport.apply); the session ends with the operation.
    """
    session.info["preserve_sync_columns"] = True
