"""Reading incidents for the CSV and GeoJSON exports (issue 8 item 6) in one streamed query.

The conditions are the Vorkommnisse page's own (storage/repos/incident_list.py), as for the
printed list (storage/repos/report_lists.py): an export holds exactly the incidents the page
counts for its filter. Rows come from the driver as tuples, a few thousand at a time; no ORM
objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from kod_desk.domain import incident_list as dl
from kod_desk.domain import incidents as di
from kod_desk.domain import report_lists as drl
from kod_desk.domain.exports import ExportRow
from kod_desk.storage import models as m
from kod_desk.storage.repos import incident_list as list_repo
from kod_desk.storage.repos import report_lists as lists_repo


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
    """One streamed query (report_lists.folded_rows) with the coordinates besides."""
    inc = m.Incident

    def way(column: Any) -> Any:
        return column.desc() if descending else column.asc()

    first = inc.reference if key is dl.SortKey.REFERENCE else inc.occurred_at
    where = [*list_repo._where(session, flt, walk=False), *extra]
    rows = lists_repo.folded_rows(
        session, where, [way(first), way(inc.id)], extra=(inc.latitude, inc.longitude)
    )
    for listed, (latitude, longitude) in rows:
        yield ExportRow(listed, latitude, longitude)
