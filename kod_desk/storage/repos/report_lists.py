"""Reading the bike logbook and the printed incident list (issue 7): domain data out.

The logbook reuses the fleet's mapping of bikes and service records; the incident list
applies exactly the conditions of the Vorkommnisse page (storage/repos/incident_list.py), so
the printout holds the references the page shows, and reads its rows in one streamed query.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session, aliased

from kod_desk.domain import incident_list as dl
from kod_desk.domain import incidents as di
from kod_desk.domain import report_lists as drl
from kod_desk.domain.enums import CheckoutStatus, IncidentSource, IncidentStatus, ShiftKind
from kod_desk.domain.errors import NotFoundError
from kod_desk.domain.timeutil import to_local
from kod_desk.storage import models as m
from kod_desk.storage.repos import bikes as bikes_repo
from kod_desk.storage.repos import incident_list as list_repo

_Area = aliased(m.Area)
_Category = aliased(m.CatalogEntry)
_Measure = aliased(m.CatalogEntry)

# ---------------------------------------------------------------- bike logbook


def _duty(kind: str | None, area: str | None, starts: datetime | None, ends: Any) -> str:
    if kind is None or starts is None:
        return ""
    parts = [ShiftKind(kind).label]
    if area:
        parts.append(area)
    parts.append(f"{to_local(starts):%H:%M}–{to_local(ends):%H:%M}")
    return " ".join(parts)


def bike_logbook(
    session: Session, inventory_no: str, first: date, last: date
) -> drl.BikeLogbookData:
    """The bike's check-outs with ``out_at`` in the period, in time order, and its service
    records reported or done in the period; NotFoundError for an unknown inventory number."""
    start, end = drl.period_bounds(first, last)
    bike_id = bikes_repo.bike_id_by_inventory_no(session, inventory_no.strip())
    row = session.get(m.Bike, bike_id) if bike_id else None
    if row is None or row.deleted_at is not None:
        raise NotFoundError(
            f"Kein Fahrrad mit der Inventarnummer „{inventory_no.strip()}“ gefunden."
        )
    bike = bikes_repo.bike_row(row)
    checkout = m.BikeCheckout
    rides = session.execute(
        select(
            checkout,
            m.Officer.last_name,
            m.Officer.first_name,
            m.Officer.service_number,
            m.Shift.kind,
            _Area.name,
            m.Shift.starts_at,
            m.Shift.ends_at,
        )
        .join(m.Officer, m.Officer.id == checkout.officer_id)
        .outerjoin(m.Shift, m.Shift.id == checkout.shift_id)
        .outerjoin(_Area, _Area.id == m.Shift.area_id)
        .where(
            checkout.bike_id == bike.id,
            checkout.deleted_at.is_(None),
            checkout.out_at.is_not(None),
            checkout.out_at >= start,
            checkout.out_at < end,
        )
        .order_by(checkout.out_at, checkout.id)
    ).all()
    entries = tuple(
        drl.LogbookEntry(
            checkout_id=c.id,
            status=CheckoutStatus(c.status),
            out_at=c.out_at,
            in_at=c.in_at,
            officer_name=f"{last_name}, {first_name}",
            service_number=number,
            duty=_duty(kind, area, starts, ends),
            km_out=c.km_out,
            km_in=c.km_in,
            battery_out=c.battery_out,
            battery_in=c.battery_in,
            defect=c.defect or "",
        )
        for c, last_name, first_name, number, kind, area, starts, ends in rides
    )
    service = m.BikeMaintenance
    records = session.scalars(
        select(service)
        .where(
            service.bike_id == bike.id,
            service.deleted_at.is_(None),
            or_(
                and_(service.reported_at >= start, service.reported_at < end),
                service.done_on.between(first, last),
            ),
        )
        .order_by(service.reported_at, service.id)
    )
    return drl.BikeLogbookData(
        bike, first, last, entries, tuple(bikes_repo.service_row(r) for r in records)
    )


# ---------------------------------------------------------------- incident list


def count_incidents(session: Session, flt: di.IncidentFilter) -> int:
    """The filter's hits, counted as the Vorkommnisse page counts them."""
    return list_repo.plan(session, flt, dl.IncidentSort()).total


def filter_names(session: Session, flt: di.IncidentFilter) -> drl.FilterNames:
    """Names of the areas, categories, measure and officer the filter names (only those)."""
    entries = {*flt.category_ids, *([flt.measure_id] if flt.measure_id else [])}
    catalog: dict[str, str] = {}
    if entries:
        found = select(m.CatalogEntry.id, m.CatalogEntry.name).where(m.CatalogEntry.id.in_(entries))
        catalog = {i: n for i, n in session.execute(found)}
    areas: dict[str, str] = {}
    if flt.area_ids:
        found = select(m.Area.id, m.Area.name).where(m.Area.id.in_(flt.area_ids))
        areas = {i: n for i, n in session.execute(found)}
    officers: dict[str, str] = {}
    if flt.officer_id:
        officer = session.get(m.Officer, flt.officer_id)
        if officer is not None:
            officers[officer.id] = f"{officer.last_name}, {officer.first_name}"
    return drl.FilterNames(areas, catalog, catalog, officers)


def incident_rows(session: Session, flt: di.IncidentFilter) -> Iterator[drl.IncidentListRow]:
    """The filter's incidents newest first, with their measures, from one streamed query."""
    inc = m.Incident
    where = list_repo._where(session, flt, walk=False)
    order = [inc.occurred_at.desc(), inc.id.desc()]
    for row, _extra in folded_rows(session, where, order):
        yield row


def folded_rows(
    session: Session,
    where: Sequence[ColumnElement[bool]],
    order: Sequence[Any],
    extra: Sequence[Any] = (),
) -> Iterator[tuple[drl.IncidentListRow, tuple[Any, ...]]]:
    """Incidents as list rows with their measures, plus the ``extra`` columns' values, from
    one streamed query (a result row per incident and measure, folded here; tuples from the
    driver a few thousand at a time, no ORM objects). The printed list and the exports."""
    inc = m.Incident
    measure = m.IncidentMeasure
    base = (
        inc.id,
        inc.reference,
        inc.occurred_at,
        _Area.name,
        _Category.name,
        inc.place,
        inc.source,
        inc.status,
    )
    query = (
        select(*base, *extra, _Measure.name)
        .outerjoin(_Area, _Area.id == inc.area_id)
        .outerjoin(_Category, _Category.id == inc.category_id)
        .outerjoin(measure, and_(measure.incident_id == inc.id, measure.deleted_at.is_(None)))
        .outerjoin(_Measure, _Measure.id == measure.measure_id)
        .where(*where)
        .order_by(*order, _Measure.sort_order, _Measure.name)
        .execution_options(stream_results=True, yield_per=2000)
    )
    width, last = len(base), len(base) + len(extra)
    sources = {s.value: s for s in IncidentSource}
    statuses = {s.value: s for s in IncidentStatus}
    current: Any = None
    measures: list[str] = []
    for row in session.connection().execute(query):
        if current is None or row[0] != current[0]:
            if current is not None:
                yield _list_row(current, measures, sources, statuses), tuple(current[width:last])
            current, measures = row, []
        if row[last]:
            measures.append(row[last])
    if current is not None:
        yield _list_row(current, measures, sources, statuses), tuple(current[width:last])


def _list_row(
    values: Any,
    measures: list[str],
    sources: dict[str, IncidentSource],
    statuses: dict[str, IncidentStatus],
) -> drl.IncidentListRow:
    return drl.IncidentListRow(
        id=values[0],
        reference=values[1],
        occurred_at=values[2],
        area=values[3] or "",
        category=values[4] or "",
        place=values[5] or "",
        source=sources[values[6]],
        status=statuses[values[7]],
        measures=tuple(measures),
    )
