"""Windows of the incident list by position, for any sort, without reading the whole table.

A window is read in two steps: the ids of its rows (an index-only walk over the partial index
of live incidents where the sort allows it), then those rows with their area and category
names. Windows past the middle of the list read backwards from its end, so the last row is as
quick to reach as the first. See :mod:`kod_desk.domain.incident_list` for the plan.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, event, func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, aliased

from kod_desk.domain import incident_list as dl
from kod_desk.domain import incidents as di
from kod_desk.domain.enums import IncidentSource, IncidentStatus
from kod_desk.domain.errors import UserError
from kod_desk.domain.text import german_sort_key
from kod_desk.storage import models as m
from kod_desk.storage.database import Database
from kod_desk.storage.repos.incidents import FTS_TABLE, _conditions

_inc = m.Incident

_PG_QUERY_CANCELED = "57014"
# SQLite calls the progress handler every so many virtual machine steps: some microseconds
# apart, about 1 % of the work (a Python call per step would double a search).
_PROGRESS_STEPS = 1_000


@contextmanager
def time_limit(session: Session, seconds: float) -> Iterator[None]:
    """Stop every statement of the session's transaction after ``seconds`` in all.

    PostgreSQL: ``SET LOCAL statement_timeout`` (the server stops the query itself, also when
    the client has gone). SQLite: a progress handler interrupts the statement after the deadline.
    Either way the user gets :data:`~kod_desk.domain.incidents.SEARCH_TOO_SLOW` (UserError).
    """
    connection = session.connection()
    dialect = connection.dialect.name
    raw: Any = None
    if dialect == "postgresql":
        milliseconds = max(1, int(seconds * 1000))
        connection.exec_driver_sql(f"SET LOCAL statement_timeout = {milliseconds}")
    elif dialect == "sqlite":
        raw = connection.connection.dbapi_connection
        deadline = time.monotonic() + seconds
        raw.set_progress_handler(lambda: int(time.monotonic() > deadline), _PROGRESS_STEPS)
    try:
        yield
    except OperationalError as error:
        canceled = getattr(error.orig, "sqlstate", None) == _PG_QUERY_CANCELED
        if canceled or (dialect == "sqlite" and "interrupted" in str(error.orig)):
            raise UserError(di.SEARCH_TOO_SLOW) from None
        raise
    finally:
        if raw is not None:
            raw.set_progress_handler(None, 0)


def _run(session: Session, statement: Any, parameters: dict[str, Any] | None = None) -> Any:
    """Execute a Core statement on the session's connection: the ORM's statement handling
    would cost about as much again as SQLite counting a month of one area."""
    return session.connection().execute(statement, parameters)


def _segment_column(key: dl.SortKey) -> Any:
    return {
        dl.SortKey.AREA: _inc.area_id,
        dl.SortKey.CATEGORY: _inc.category_id,
        dl.SortKey.SOURCE: _inc.source,
        dl.SortKey.STATUS: _inc.status,
    }[key]


def _segment_names(
    session: Session, key: dl.SortKey, values: Sequence[str | None]
) -> dict[Any, str]:
    ids = [v for v in values if v is not None]
    if key is dl.SortKey.AREA:
        rows = _run(session, select(m.Area.id, m.Area.name).where(m.Area.id.in_(ids)))
        return {i: n for i, n in rows}
    if key is dl.SortKey.CATEGORY:
        entries = select(m.CatalogEntry.id, m.CatalogEntry.name).where(m.CatalogEntry.id.in_(ids))
        return {i: n for i, n in _run(session, entries)}
    enum: Any = IncidentSource if key is dl.SortKey.SOURCE else IncidentStatus
    return {v: enum(v).label for v in ids}


def _fts_query(session: Session, flt: di.IncidentFilter) -> str | None:
    """The FTS5 query of the filter's text on SQLite, None where another search applies."""
    if not flt.text.strip() or session.get_bind().dialect.name != "sqlite":
        return None
    return di.fulltext_query(flt.text) or None


def _where(session: Session, flt: di.IncidentFilter, walk: bool) -> list[ColumnElement[bool]]:
    """The filter's conditions; on SQLite the text as a test of each row against the hits.

    ``walk`` writes ``+incident.rowid``: the unary plus keeps SQLite from looking every hit up by
    rowid, so it walks the sort's index in order and stops after the window (common words).
    """
    query = _fts_query(session, flt)
    if query is None:
        return _conditions(session, flt)
    rowid = "+incident.rowid" if walk else "incident.rowid"
    hits = text(f"{rowid} IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts)")
    return [*_conditions(session, replace(flt, text="")), hits.bindparams(fts=query)]  # type: ignore[list-item]


def _text_hits(session: Session, flt: di.IncidentFilter) -> int | None:
    query = _fts_query(session, flt)
    if query is None:
        return None
    found = _run(
        session,
        text(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts"),
        {"fts": query},
    )
    return int(found.scalar_one())


def plan(session: Session, flt: di.IncidentFilter, sort: dl.IncidentSort) -> dl.ListPlan:
    """Total and, for the sort, the segments or the ordered ids; one or two queries."""
    hits = _text_hits(session, flt)
    if sort.key.segmented:
        where = _where(session, flt, walk=False)
        column = _segment_column(sort.key)
        counts: list[tuple[Any, int]] = [
            (value, int(n))
            for value, n in _run(
                session,
                select(column, func.count()).select_from(_inc).where(*where).group_by(column),
            )
        ]
        names = _segment_names(session, sort.key, [value for value, _n in counts])

        def order(item: tuple[Any, int]) -> tuple[bool, str]:
            value = item[0]
            return (value is None or value not in names, german_sort_key(names.get(value, "")))

        ordered = sorted(counts, key=order)
        if sort.descending:
            # Newest first inside each segment either way; only the segments turn round.
            ordered.reverse()
        segments = tuple(dl.Segment(value, int(n)) for value, n in ordered)
        total = sum(s.count for s in segments)
        return dl.ListPlan(flt, sort, total, segments, text_hits=hits)
    total = _total(session, flt, hits)
    if sort.key.needs_small_result:
        if total > dl.FREE_SORT_LIMIT:
            return dl.ListPlan(flt, dl.IncidentSort(), total, sort_refused=True)
        pairs: list[tuple[str, str]] = [
            (i, p)
            for i, p in _run(
                session,
                select(_inc.id, _inc.place)
                .where(*_where(session, flt, walk=False))
                .order_by(_inc.occurred_at.desc(), _inc.id.desc()),
            )
        ]
        pairs.sort(key=lambda pair: german_sort_key(pair[1]), reverse=sort.descending)
        return dl.ListPlan(flt, sort, len(pairs), ids=tuple(i for i, _p in pairs))
    return dl.ListPlan(flt, sort, total, text_hits=hits)


def _total(session: Session, flt: di.IncidentFilter, hits: int | None) -> int:
    if hits is not None and replace(flt, text="") == di.IncidentFilter():
        # Text alone: the index's hits minus the deleted incidents among them (few, found by
        # their partial index) instead of looking every hit up in the table.
        deleted = _run(
            session,
            select(func.count())
            .select_from(_inc)
            .where(_inc.deleted_at.is_not(None), *_where(session, flt, walk=True)[1:]),
        ).scalar_one()
        return hits - int(deleted)
    if replace(flt, text=flt.text.strip()) == di.IncidentFilter():
        # Unfiltered: all rows minus deleted ones. SQLite counts all rows from its smallest
        # index and the deleted ones from their partial index; "deleted_at IS NULL" would
        # make it visit every row of the table instead (~50 ms vs ~300 ms at 1M).
        everything = _run(session, select(func.count()).select_from(_inc)).scalar_one()
        deleted = _run(
            session, select(func.count()).select_from(_inc).where(_inc.deleted_at.is_not(None))
        ).scalar_one()
        return int(everything) - int(deleted)
    connection = session.connection()
    sent: list[tuple[str, Any]] = []

    def capture(*args: Any) -> None:
        sent.append((args[2], args[3]))  # (conn, cursor, statement, parameters, …)

    event.listen(connection, "before_cursor_execute", capture)
    try:
        total = int(connection.execute(_count_statement(session, flt)).scalar_one())
    finally:
        event.remove(connection, "before_cursor_execute", capture)
    if len(sent) == 1:
        _remember(_DRIVER_COUNTS, (connection.dialect.name, flt), sent[0])
    return total


_DRIVER_COUNTS: OrderedDict[tuple[str, di.IncidentFilter], tuple[str, Any]] = OrderedDict()


def _remember(cache: OrderedDict[Any, Any], key: Any, value: Any) -> None:
    cache[key] = value
    while len(cache) > 64:
        cache.popitem(last=False)


def cached_count(db: Database, flt: di.IncidentFilter) -> int | None:
    """The filter's total by the SQL its first count sent, without a session; None when this
    filter was not counted yet. A month of one area costs ~0.35 ms so instead of ~0.5 ms."""
    found = _DRIVER_COUNTS.get((db.engine.dialect.name, flt))
    if found is None:
        return None
    return int(db.read_one(*found)[0][0])


_COUNTS: OrderedDict[tuple[str, di.IncidentFilter], Any] = OrderedDict()


def _count_statement(session: Session, flt: di.IncidentFilter) -> Any:
    """The COUNT for a filter, built once: building it costs more than SQLite counting a month
    of one area (~0.2 ms vs ~0.3 ms), and the list asks again on every refresh."""
    key = (session.get_bind().dialect.name, flt)
    statement = _COUNTS.get(key)
    if statement is None:
        where = _where(session, flt, walk=False)
        statement = select(func.count()).select_from(_inc).where(*where)
        _remember(_COUNTS, key, statement)
    return statement


def _order(key: dl.SortKey, descending: bool) -> list[Any]:
    def way(column: Any) -> Any:
        return column.desc() if descending else column.asc()

    if key is dl.SortKey.REFERENCE:
        return [way(_inc.reference), way(_inc.id)]
    return [way(_inc.occurred_at), way(_inc.id)]


def _ids(
    session: Session, where: list[ColumnElement[bool]], order: list[Any], offset: int, limit: int
) -> list[str]:
    query = select(_inc.id).where(*where).order_by(*order).offset(offset).limit(limit)
    return list(_run(session, query).scalars())


def _piece_ids(
    session: Session, plan: dl.ListPlan, where: list[ColumnElement[bool]], piece: dl.Piece
) -> list[str]:
    key, descending = plan.sort.key, plan.sort.descending
    if key.segmented:
        segment = plan.segments[piece.segment]
        column = _segment_column(key)
        where = [*where, column.is_(None) if segment.value is None else column == segment.value]
        key, descending = dl.SortKey.TIME, True
    offset, limit = dl.backwards(piece)
    if limit:
        ids = _ids(session, where, _order(key, not descending), offset, limit)
        ids.reverse()
        return ids
    return _ids(session, where, _order(key, descending), piece.offset, piece.limit)


_Area = aliased(m.Area)
_Category = aliased(m.CatalogEntry)
_ROW_COLUMNS = (
    _inc.id,
    _inc.reference,
    _inc.occurred_at,
    _inc.area_id,
    _Area.name,
    _inc.category_id,
    _Category.name,
    _inc.source,
    _inc.place,
    _inc.description,
    _inc.status,
    _inc.footage_reminder,
)


def _rows(session: Session, ids: list[str]) -> list[di.IncidentRow]:
    """List rows by id as plain tuples: no ORM objects (a third of a window's time otherwise)."""
    query = (
        select(*_ROW_COLUMNS)
        .outerjoin(_Area, _Area.id == _inc.area_id)
        .outerjoin(_Category, _Category.id == _inc.category_id)
        .where(_inc.id.in_(ids))
    )
    return [
        di.IncidentRow(
            id=row[0],
            reference=row[1],
            occurred_at=row[2],
            area_id=row[3],
            area_name=row[4] or "",
            category_id=row[5],
            category_name=row[6] or "",
            source=IncidentSource(row[7]),
            place=row[8],
            summary=di.summary_of(row[9]),
            status=IncidentStatus(row[10]),
            footage_reminder=row[11],
        )
        for row in _run(session, query)
    ]


def window(session: Session, plan: dl.ListPlan, offset: int, limit: int) -> list[di.IncidentRow]:
    """Rows ``offset`` … ``offset + limit - 1`` of the plan (fewer at the end, none past it)."""
    if plan.ids:
        ids = list(plan.ids[offset : offset + limit])
    else:
        walk = plan.text_hits is not None and plan.text_hits >= dl.WALK_HITS
        where = _where(session, plan.filter, walk)
        ids = []
        for piece in dl.locate(plan, offset, limit):
            ids.extend(_piece_ids(session, plan, where, piece))
    if not ids:
        return []
    found = {row.id: row for row in _rows(session, ids)}
    # A row deleted since the plan was made is left out; the next plan corrects the total.
    return [found[i] for i in ids if i in found]
