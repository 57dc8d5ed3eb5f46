"""Aggregates for the monthly statistics and the Statistik page (issue 7): GROUP BY in the
database, only counts leave it.

Incident queries filter ``deleted_at IS NULL`` and a range on ``occurred_at`` (plus area and
category), which the partial indexes of migration 0005 answer. Local hours and weekdays need
the time zone: the database groups by UTC hour (a few hundred buckets a month) and the domain
turns each bucket into its Berlin hour, which is exact because Berlin is always a whole
number of hours off UTC. Works on SQLite and PostgreSQL.

The CSV export reads incident rows with ids only (area, category, source, status, time),
measure names and officer ids; never names, service numbers, references, texts or persons.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Integer, case, func, select, type_coerce
from sqlalchemy.orm import Session

from kod_desk.domain import statistics as ds
from kod_desk.domain.enums import CatalogKind, IncidentSource, ShiftKind
from kod_desk.domain.text import german_sort_key
from kod_desk.domain.timeutil import to_local
from kod_desk.storage import models as m

SECRET_KEY = "statistics_pseudonym"  # app_setting {"secret": hex}


# ---------------------------------------------------------------- choices


def areas(session: Session) -> tuple[ds.Choice, ...]:
    """Every area in the order of the master data (priority, then name)."""
    rows = session.execute(
        select(m.Area.id, m.Area.name, m.Area.priority, m.Area.active).where(
            m.Area.deleted_at.is_(None)
        )
    ).all()
    rows = sorted(rows, key=lambda r: (r.priority, german_sort_key(r.name)))
    return tuple(ds.Choice(r.id, r.name, bool(r.active)) for r in rows)


def catalog(session: Session, kind: CatalogKind) -> tuple[ds.Choice, ...]:
    rows = session.execute(
        select(m.CatalogEntry.id, m.CatalogEntry.name, m.CatalogEntry.active)
        .where(m.CatalogEntry.kind == kind.value, m.CatalogEntry.deleted_at.is_(None))
        .order_by(m.CatalogEntry.sort_order, m.CatalogEntry.name)
    ).all()
    return tuple(ds.Choice(r.id, r.name, bool(r.active)) for r in rows)


def choices(session: Session) -> ds.StatisticsChoices:
    return ds.StatisticsChoices(areas(session), catalog(session, CatalogKind.INCIDENT_CATEGORY))


# ---------------------------------------------------------------- incidents


def _where(flt: ds.StatisticsFilter, since: datetime, until: datetime) -> list[ColumnElement[bool]]:
    inc = m.Incident
    where: list[ColumnElement[bool]] = [
        inc.deleted_at.is_(None),
        inc.occurred_at >= since,
        inc.occurred_at < until,
    ]
    if flt.area_ids:
        where.append(inc.area_id.in_(flt.area_ids))
    if flt.category_ids:
        where.append(inc.category_id.in_(flt.category_ids))
    return where


_MICROS_PER_HOUR = 3_600_000_000


def _utc_hour(session: Session) -> Any:
    """The incident's UTC hour (the bucket of the heat map): text "YYYY-MM-DD HH" on
    PostgreSQL, hours since 1970 on SQLite (times are stored as microseconds, db 0012)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", m.Incident.occurred_at), "YYYY-MM-DD HH24")
    return type_coerce(m.Incident.occurred_at, Integer) // _MICROS_PER_HOUR


def _hour_start(key: int | str) -> datetime:
    if isinstance(key, int):
        return m.EPOCH + timedelta(hours=key)
    return datetime.strptime(key, "%Y-%m-%d %H").replace(tzinfo=UTC)


def _ordered(
    known: tuple[ds.Choice, ...], counted: set[str | None], chosen: tuple[str, ...], none: str
) -> tuple[ds.Choice, ...]:
    """The rows/columns of the cross table: the chosen entries (or every active one, and
    inactive ones with incidents), then "ohne …" when incidents lack the field."""
    if chosen:
        shown = [c for c in known if c.id in chosen]
    else:
        shown = [c for c in known if c.active or c.id in counted]
    if None in counted and not chosen:
        shown.append(ds.Choice(None, none))
    return tuple(shown)


def _cross_table(
    session: Session, flt: ds.StatisticsFilter, since: datetime, until: datetime
) -> tuple[ds.CrossTable, tuple[ds.Choice, ...]]:
    inc = m.Incident
    rows = session.execute(
        select(inc.category_id, inc.area_id, func.count())
        .where(*_where(flt, since, until))
        .group_by(inc.category_id, inc.area_id)
    ).all()
    counts = {(r[0], r[1]): int(r[2]) for r in rows}
    all_areas = areas(session)
    categories = _ordered(
        catalog(session, CatalogKind.INCIDENT_CATEGORY),
        {c for c, _ in counts},
        flt.category_ids,
        ds.NO_CATEGORY,
    )
    columns = _ordered(all_areas, {a for _, a in counts}, flt.area_ids, ds.NO_AREA)
    table = ds.CrossTable(
        categories,
        columns,
        tuple(tuple(counts.get((c.id, a.id), 0) for a in columns) for c in categories),
    )
    return table, columns


def _weekday_hour(
    session: Session, flt: ds.StatisticsFilter, since: datetime, until: datetime
) -> tuple[tuple[int, ...], ...]:
    bucket = _utc_hour(session).label("bucket")
    rows = session.execute(
        select(bucket, func.count()).where(*_where(flt, since, until)).group_by(bucket)
    ).all()
    hours = [(_hour_start(key), int(count)) for key, count in rows]
    return ds.weekday_hour_matrix(hours)


def _trend(session: Session, flt: ds.StatisticsFilter) -> tuple[ds.MonthCount, ...]:
    months = ds.trend_months(flt.last)
    bounds = [ds.local_bounds(month, ds.month_end(month)) for month in months]
    inc = m.Incident
    index = case(
        *((inc.occurred_at < end, number) for number, (_, end) in enumerate(bounds)),
        else_=len(bounds),
    ).label("month")
    rows = session.execute(
        select(index, func.count()).where(*_where(flt, bounds[0][0], bounds[-1][1])).group_by(index)
    ).all()
    counts = {int(r[0]): int(r[1]) for r in rows}
    return tuple(ds.MonthCount(month, counts.get(n, 0)) for n, month in enumerate(months))


def _measures(
    session: Session, flt: ds.StatisticsFilter, since: datetime, until: datetime
) -> tuple[ds.NamedCount, ...]:
    measure = m.IncidentMeasure
    rows = session.execute(
        select(measure.measure_id, func.count())
        .join(m.Incident, m.Incident.id == measure.incident_id)
        .where(measure.deleted_at.is_(None), *_where(flt, since, until))
        .group_by(measure.measure_id)
    ).all()
    counts = {r[0]: int(r[1]) for r in rows}
    return tuple(
        ds.NamedCount(str(entry.id), entry.name, counts.get(entry.id, 0))
        for entry in catalog(session, CatalogKind.MEASURE)
        if entry.active or entry.id in counts
    )


def _sources(
    session: Session, flt: ds.StatisticsFilter, since: datetime, until: datetime
) -> tuple[ds.SourceCount, ...]:
    inc = m.Incident
    rows = session.execute(
        select(inc.source, func.count()).where(*_where(flt, since, until)).group_by(inc.source)
    ).all()
    counts = {r[0]: int(r[1]) for r in rows}
    return tuple(ds.SourceCount(source, counts.get(source.value, 0)) for source in IncidentSource)


# ---------------------------------------------------------------- duties and bikes


def _duty_work(session: Session, flt: ds.StatisticsFilter, now: datetime) -> list[ds.DutyWork]:
    shift, crew = m.Shift, m.Assignment
    query = (
        select(
            shift.id,
            shift.kind,
            shift.area_id,
            shift.starts_at,
            shift.ends_at,
            shift.break_minutes,
            crew.actual_start,
            crew.actual_end,
            crew.actual_break_minutes,
        )
        .join(crew, crew.shift_id == shift.id)
        .where(
            shift.deleted_at.is_(None),
            crew.deleted_at.is_(None),
            shift.duty_date >= flt.first,
            shift.duty_date <= flt.last,
            shift.starts_at <= now,  # planned duties still to come are no hours yet
            shift.area_id.is_not(None),
            shift.kind.in_([kind.value for kind in ds.AREA_KINDS]),
        )
    )
    if flt.area_ids:
        query = query.where(shift.area_id.in_(flt.area_ids))
    return [
        ds.DutyWork(
            r.id,
            ShiftKind(r.kind),
            r.area_id,
            r.starts_at,
            r.ends_at,
            r.break_minutes,
            r.actual_start,
            r.actual_end,
            r.actual_break_minutes,
        )
        for r in session.execute(query)
    ]


def _bike_km(
    session: Session, flt: ds.StatisticsFilter, since: datetime, until: datetime
) -> tuple[ds.BikeKm, ...]:
    out = m.BikeCheckout
    query = (
        select(m.Bike.id, m.Bike.inventory_no, func.count(), func.sum(out.km_in - out.km_out))
        .join(m.Bike, m.Bike.id == out.bike_id)
        .where(
            out.deleted_at.is_(None),
            out.status == "returned",
            out.km_in.is_not(None),
            out.km_out.is_not(None),
            out.out_at >= since,
            out.out_at < until,
        )
        .group_by(m.Bike.id, m.Bike.inventory_no)
    )
    if flt.area_ids:
        query = query.join(m.Shift, m.Shift.id == out.shift_id).where(
            m.Shift.area_id.in_(flt.area_ids)
        )
    rows = sorted(session.execute(query).all(), key=lambda r: german_sort_key(r[1]))
    return tuple(ds.BikeKm(r[0], r[1], int(r[2]), int(r[3] or 0)) for r in rows)


def _count(session: Session, flt: ds.StatisticsFilter, first: date, last: date) -> int:
    since, until = ds.local_bounds(first, last)
    found = session.execute(select(func.count()).where(*_where(flt, since, until)))
    return int(found.scalar_one())


def _comparison(
    session: Session, flt: ds.StatisticsFilter, now: datetime
) -> ds.MonthComparison | None:
    """A whole month against the month before; the running month day for day."""
    if not ds.is_whole_month(flt.first, flt.last):
        return None
    through, previous_through, running = ds.comparison_days(flt.first, to_local(now).date())
    before = ds.add_months(flt.first, -1)
    return ds.MonthComparison(
        month=flt.first,
        through=through,
        previous_through=previous_through,
        running=running,
        count=_count(session, flt, flt.first, through),
        previous=_count(session, flt, before, previous_through),
    )


def figures(session: Session, flt: ds.StatisticsFilter, now: datetime) -> ds.Figures:
    """Every figure of ``flt`` (normalised) in one read session."""
    since, until = ds.local_bounds(flt.first, flt.last)
    table, columns = _cross_table(session, flt, since, until)
    return ds.Figures(
        filter=flt,
        by_category_area=table,
        by_weekday_hour=_weekday_hour(session, flt, since, until),
        trend=_trend(session, flt),
        patrol_hours=ds.patrol_hours(_duty_work(session, flt, now), areas(session)),
        measures=_measures(session, flt, since, until),
        bike_km=_bike_km(session, flt, since, until),
        sources=_sources(session, flt, since, until),
        areas=tuple(c for c in columns if c.id is not None),
        comparison=_comparison(session, flt, now),
    )


# ---------------------------------------------------------------- export rows


def export_rows(
    session: Session, flt: ds.StatisticsFilter
) -> Iterator[tuple[str, datetime, str | None, str | None, str, str, list[str], list[str]]]:
    """(incident id, occurred_at, area id, category id, source, status, measure names,
    officer ids) per live incident of the filter, by time."""
    since, until = ds.local_bounds(flt.first, flt.last)
    where = _where(flt, since, until)
    inc = m.Incident
    measures: dict[str, list[str]] = defaultdict(list)
    for incident_id, name in session.execute(
        select(m.IncidentMeasure.incident_id, m.CatalogEntry.name)
        .join(inc, inc.id == m.IncidentMeasure.incident_id)
        .join(m.CatalogEntry, m.CatalogEntry.id == m.IncidentMeasure.measure_id)
        .where(m.IncidentMeasure.deleted_at.is_(None), *where)
        .order_by(m.CatalogEntry.sort_order, m.CatalogEntry.name)
    ):
        measures[incident_id].append(name)
    officers: dict[str, list[str]] = defaultdict(list)
    for incident_id, officer_id in session.execute(
        select(m.IncidentOfficer.incident_id, m.IncidentOfficer.officer_id)
        .join(inc, inc.id == m.IncidentOfficer.incident_id)
        .where(m.IncidentOfficer.deleted_at.is_(None), *where)
    ):
        officers[incident_id].append(officer_id)
    rows = session.execute(
        select(inc.id, inc.occurred_at, inc.area_id, inc.category_id, inc.source, inc.status)
        .where(*where)
        .order_by(inc.occurred_at, inc.id)
    )
    for row in rows:
        yield (
            row.id,
            row.occurred_at,
            row.area_id,
            row.category_id,
            row.source,
            row.status,
            measures.get(row.id, []),
            officers.get(row.id, []),
        )


def first_day_with_incidents(session: Session) -> date | None:
    """The local day of the oldest live incident (for the page's date range), or None."""
    oldest = session.execute(
        select(type_coerce(func.min(m.Incident.occurred_at), m.UTCDateTime())).where(
            m.Incident.deleted_at.is_(None)
        )
    ).scalar_one_or_none()
    if oldest is None:
        return None
    return to_local(oldest).date()
