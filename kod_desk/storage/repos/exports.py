"""Reading incidents for the CSV and GeoJSON exports (issue 8 item 6) in one streamed query.

The conditions are the Vorkommnisse page's own (storage/repos/incident_list.py), as for the
printed list (storage/repos/report_lists.py): an export holds exactly the incidents the page
counts for its filter. Rows come from the driver as tuples, a few thousand at a time; no ORM
objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session, aliased

from kod_desk.domain import incident_list as dl
from kod_desk.domain import incidents as di
from kod_desk.domain import report_lists as drl
from kod_desk.domain.enums import IncidentSource, IncidentStatus
from kod_desk.domain.exports import ExportRow
from kod_desk.storage import models as m
from kod_desk.storage.repos import incident_list as list_repo

_Area = aliased(m.Area)
_Category = aliased(m.CatalogEntry)
_Measure = aliased(m.CatalogEntry)
BATCH = 2000


def export_rows(
    session: Session, flt: di.IncidentFilter, sort: dl.IncidentSort | None = None
) -> Iterator[ExportRow]:
    """The filter's incidents in the Vorkommnisse page's order for ``sort`` (newest first by
    default). Time and reference stream in the database's order; the columns with few values
    (area, category, source, status) stream one group after the other, in the page's group
    order; only the place sort, which the page allows for small results alone, is sorted here.
    """
    chosen = sort or dl.IncidentSort()
    key = chosen.key
    if key is dl.SortKey.PLACE:
        rows = list(_stream(session, flt, [], dl.SortKey.TIME, True))
        by_id = {row.listed.id: row for row in rows}
        listed = drl.sort_rows([row.listed for row in rows], chosen)
        yield from (by_id[row.id] for row in listed)
        return
    if not key.segmented:
        yield from _stream(session, flt, [], key, chosen.descending)
        return
    plan = list_repo.plan(session, flt, chosen)
    column = list_repo._segment_column(key)
    for segment in plan.segments:
        match = column.is_(None) if segment.value is None else column == segment.value
        yield from _stream(session, flt, [match], dl.SortKey.TIME, True)


def _stream(
    session: Session,
    flt: di.IncidentFilter,
    extra: list[ColumnElement[bool]],
    key: dl.SortKey,
    descending: bool,
) -> Iterator[ExportRow]:
    """One streamed query: a result row per incident and measure, folded here."""
    inc = m.Incident
    measure = m.IncidentMeasure

    def way(column: Any) -> Any:
        return column.desc() if descending else column.asc()

    first = inc.reference if key is dl.SortKey.REFERENCE else inc.occurred_at
    query = (
        select(
            inc.id,
            inc.reference,
            inc.occurred_at,
            _Area.name,
            _Category.name,
            inc.place,
            inc.source,
            inc.status,
            inc.latitude,
            inc.longitude,
            _Measure.name,
        )
        .outerjoin(_Area, _Area.id == inc.area_id)
        .outerjoin(_Category, _Category.id == inc.category_id)
        .outerjoin(measure, and_(measure.incident_id == inc.id, measure.deleted_at.is_(None)))
        .outerjoin(_Measure, _Measure.id == measure.measure_id)
        .where(*list_repo._where(session, flt, walk=False), *extra)
        .order_by(way(first), way(inc.id), _Measure.sort_order, _Measure.name)
        .execution_options(stream_results=True, yield_per=BATCH)
    )
    sources = {s.value: s for s in IncidentSource}
    statuses = {s.value: s for s in IncidentStatus}
    current: Any = None
    measures: list[str] = []
    for row in session.connection().execute(query):
        if current is None or row[0] != current[0]:
            if current is not None:
                yield _export_row(current, measures, sources, statuses)
            current, measures = row, []
        if row[10]:
            measures.append(row[10])
    if current is not None:
        yield _export_row(current, measures, sources, statuses)


def _export_row(
    row: Any,
    measures: list[str],
    sources: dict[str, IncidentSource],
    statuses: dict[str, IncidentStatus],
) -> ExportRow:
    return ExportRow(
        drl.IncidentListRow(
            id=row[0],
            reference=row[1],
            occurred_at=row[2],
            area=row[3] or "",
            category=row[4] or "",
            place=row[5] or "",
            source=sources[row[6]],
            status=statuses[row[7]],
            measures=tuple(measures),
        ),
        row[8],
        row[9],
    )
