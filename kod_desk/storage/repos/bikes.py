"""Repositories for the bike fleet: bikes, bookings/check-outs, service records, the logbook.

Each function takes an open session and speaks domain objects in and out; ORM objects never
leave this module.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kod_desk.domain import bikes as bk
from kod_desk.domain.enums import BikeCondition, BikeServiceKind, CheckoutStatus
from kod_desk.domain.errors import NotFoundError
from kod_desk.domain.ids import new_id
from kod_desk.domain.text import german_sort_key
from kod_desk.storage import models as m
from kod_desk.storage.repos.masterdata import _check_version, _get, snapshot

# ---------------------------------------------------------------- mapping


def bike_row(row: m.Bike) -> bk.Bike:
    season = None
    if row.season_start and row.season_end:
        season = bk.Season.parse(row.season_start, row.season_end)
    return bk.Bike(
        id=row.id,
        inventory_no=row.inventory_no,
        frame_no=row.frame_no,
        model=row.model,
        is_pedelec=row.is_pedelec,
        range_km=row.range_km,
        odometer_km=row.odometer_km,
        condition=BikeCondition(row.condition),
        next_inspection_on=row.next_inspection_on,
        next_inspection_km=row.next_inspection_km,
        inspection_interval_km=row.inspection_interval_km,
        season=season,
        note=row.note,
        version=row.version,
    )


def checkout_row(
    row: m.BikeCheckout, inventory_no: str = "", officer: m.Officer | None = None
) -> bk.Checkout:
    return bk.Checkout(
        id=row.id,
        bike_id=row.bike_id,
        officer_id=row.officer_id,
        shift_id=row.shift_id,
        status=CheckoutStatus(row.status),
        planned_from=row.planned_from,
        planned_to=row.planned_to,
        out_at=row.out_at,
        in_at=row.in_at,
        km_out=row.km_out,
        km_in=row.km_in,
        battery_out=row.battery_out,
        battery_in=row.battery_in,
        defect=row.defect,
        version=row.version,
        inventory_no=inventory_no,
        officer_name=f"{officer.last_name}, {officer.first_name}" if officer else "",
        service_number=officer.service_number if officer else "",
    )


def service_row(row: m.BikeMaintenance) -> bk.ServiceRecord:
    return bk.ServiceRecord(
        id=row.id,
        bike_id=row.bike_id,
        kind=BikeServiceKind(row.kind),
        reported_at=row.reported_at,
        description=row.description,
        workshop=row.workshop,
        cost_cents=row.cost_cents,
        odometer_km=row.odometer_km,
        done_on=row.done_on,
        checkout_id=row.checkout_id,
        version=row.version,
    )


# ---------------------------------------------------------------- bikes


def list_bikes(session: Session, *, include_retired: bool = True) -> list[bk.Bike]:
    query = select(m.Bike).where(m.Bike.deleted_at.is_(None))
    if not include_retired:
        query = query.where(m.Bike.condition != BikeCondition.RETIRED.value)
    bikes = [bike_row(row) for row in session.scalars(query)]
    return sorted(bikes, key=lambda b: german_sort_key(b.inventory_no))


def get_bike(session: Session, bike_id: str) -> bk.Bike:
    return bike_row(_get(session, m.Bike, bike_id, "Das Fahrrad"))


def bike_id_by_inventory_no(session: Session, inventory_no: str) -> str | None:
    query = select(m.Bike.id).where(func.lower(m.Bike.inventory_no) == inventory_no.lower())
    return session.execute(query).scalar_one_or_none()


def _apply_bike(row: m.Bike, draft: bk.BikeDraft) -> None:
    row.inventory_no = draft.inventory_no
    row.frame_no = draft.frame_no
    row.model = draft.model
    row.is_pedelec = draft.is_pedelec
    row.range_km = draft.range_km
    row.odometer_km = draft.odometer_km
    row.next_inspection_on = draft.next_inspection_on
    row.next_inspection_km = draft.next_inspection_km
    row.inspection_interval_km = draft.inspection_interval_km
    row.season_start = draft.season.start if draft.season else None
    row.season_end = draft.season.end if draft.season else None
    row.note = draft.note


def insert_bike(session: Session, draft: bk.BikeDraft) -> tuple[bk.Bike, dict[str, Any]]:
    row = m.Bike(id=new_id(), condition=BikeCondition.USABLE.value)
    _apply_bike(row, draft)
    session.add(row)
    session.flush()  # the defaults (version, stamps) for the audit snapshot
    return bike_row(row), snapshot(row)


def update_bike(
    session: Session, bike_id: str, draft: bk.BikeDraft, expected_version: int | None
) -> tuple[bk.Bike, dict[str, Any], dict[str, Any]]:
    row: m.Bike = _get(session, m.Bike, bike_id, "Das Fahrrad")
    _check_version(row, expected_version, "Das Fahrrad")
    before = snapshot(row)
    _apply_bike(row, draft)
    session.flush()
    return bike_row(row), before, snapshot(row)


def set_bike_state(
    session: Session,
    bike_id: str,
    *,
    condition: BikeCondition | None = None,
    odometer_km: int | None = None,
    next_inspection: tuple[Any, int | None] | None = None,
) -> tuple[bk.Bike, dict[str, Any], dict[str, Any]]:
    """Change what use changes: condition, odometer, the inspection counters."""
    row: m.Bike = _get(session, m.Bike, bike_id, "Das Fahrrad")
    before = snapshot(row)
    if condition is not None:
        row.condition = condition.value
    if odometer_km is not None:
        row.odometer_km = odometer_km
    if next_inspection is not None:
        row.next_inspection_on, row.next_inspection_km = next_inspection
    session.flush()
    return bike_row(row), before, snapshot(row)


# ---------------------------------------------------------------- bookings and check-outs


def _checkouts(session: Session, *conditions: Any) -> list[bk.Checkout]:
    rows = session.execute(
        select(m.BikeCheckout, m.Bike.inventory_no, m.Officer)
        .join(m.Bike, m.Bike.id == m.BikeCheckout.bike_id)
        .join(m.Officer, m.Officer.id == m.BikeCheckout.officer_id)
        .where(m.BikeCheckout.deleted_at.is_(None), *conditions)
        .order_by(
            func.coalesce(m.BikeCheckout.out_at, m.BikeCheckout.planned_from), m.Bike.inventory_no
        )
    )
    return [checkout_row(row, number, officer) for row, number, officer in rows]


def get_checkout(session: Session, checkout_id: str) -> bk.Checkout:
    found = _checkouts(session, m.BikeCheckout.id == checkout_id)
    if not found:
        raise NotFoundError("Die Buchung wurde nicht gefunden (vielleicht inzwischen gelöscht).")
    return found[0]


def active_checkouts(session: Session, bike_id: str | None = None) -> list[bk.Checkout]:
    """Bookings and check-outs not yet returned or cancelled (of one bike or all)."""
    conditions: list[Any] = [
        m.BikeCheckout.status.in_([s.value for s in bk.ACTIVE]),
    ]
    if bike_id is not None:
        conditions.append(m.BikeCheckout.bike_id == bike_id)
    return _checkouts(session, *conditions)


def checkouts_of_shifts(session: Session, shift_ids: list[str]) -> list[bk.Checkout]:
    found: list[bk.Checkout] = []
    for start in range(0, len(shift_ids), 500):
        chunk = shift_ids[start : start + 500]
        found.extend(_checkouts(session, m.BikeCheckout.shift_id.in_(chunk)))
    return found


def insert_checkout(session: Session, **fields: Any) -> tuple[str, dict[str, Any]]:
    row = m.BikeCheckout(id=new_id(), **fields)
    session.add(row)
    session.flush()  # the defaults (version, stamps) for the audit snapshot
    return row.id, snapshot(row)


def update_checkout(
    session: Session, checkout_id: str, **changes: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    row: m.BikeCheckout = _get(session, m.BikeCheckout, checkout_id, "Die Buchung")
    before = snapshot(row)
    for name, value in changes.items():
        setattr(row, name, value)
    session.flush()
    return before, snapshot(row)


def logbook(session: Session, bike_id: str, start: datetime, end: datetime) -> list[bk.LogbookRow]:
    """Rides of a bike checked out in [start, end)."""
    return [
        bk.LogbookRow(
            checkout_id=c.id,
            officer_name=c.officer_name,
            service_number=c.service_number,
            out_at=c.out_at,
            in_at=c.in_at,
            km_out=c.km_out,
            km_in=c.km_in,
            battery_out=c.battery_out,
            battery_in=c.battery_in,
            defect=c.defect,
        )
        for c in _checkouts(
            session,
            m.BikeCheckout.bike_id == bike_id,
            m.BikeCheckout.out_at.is_not(None),
            m.BikeCheckout.out_at >= start,
            m.BikeCheckout.out_at < end,
        )
    ]


# ---------------------------------------------------------------- service records


def list_services(session: Session, bike_id: str | None = None) -> list[bk.ServiceRecord]:
    query = select(m.BikeMaintenance).where(m.BikeMaintenance.deleted_at.is_(None))
    if bike_id is not None:
        query = query.where(m.BikeMaintenance.bike_id == bike_id)
    query = query.order_by(m.BikeMaintenance.reported_at.desc())
    return [service_row(row) for row in session.scalars(query)]


def get_service(session: Session, service_id: str) -> bk.ServiceRecord:
    return service_row(_get(session, m.BikeMaintenance, service_id, "Der Wartungseintrag"))


def open_repairs(session: Session, bike_id: str) -> list[bk.ServiceRecord]:
    """Repairs of the bike not done yet (a defect reported but not yet fixed)."""
    return [
        s for s in list_services(session, bike_id) if s.kind is BikeServiceKind.REPAIR and s.is_open
    ]


def insert_service(session: Session, **fields: Any) -> tuple[bk.ServiceRecord, dict[str, Any]]:
    row = m.BikeMaintenance(id=new_id(), **fields)
    session.add(row)
    session.flush()  # the defaults (version, stamps) for the audit snapshot
    return service_row(row), snapshot(row)


def update_service(
    session: Session, service_id: str, **changes: Any
) -> tuple[bk.ServiceRecord, dict[str, Any], dict[str, Any]]:
    row: m.BikeMaintenance = _get(session, m.BikeMaintenance, service_id, "Der Wartungseintrag")
    before = snapshot(row)
    for name, value in changes.items():
        setattr(row, name, value)
    session.flush()
    return service_row(row), before, snapshot(row)
