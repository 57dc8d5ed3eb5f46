"""Bike bookings seen from the roster (DESIGN.md §6): a free bike to book instead, and the
findings (double bookings, unusable or out-of-season bikes, training, inspection, range) the
roster's findings panel shows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime

from kod_desk.domain.bike_rides import range_warning
from kod_desk.domain.bikes import (
    OPEN_END,
    TYPICAL_PATROL_SPEED_KMH,
    Bike,
    Checkout,
    InspectionState,
    conflicting,
    double_bookings,
    in_season,
    inspection_due,
    span_of,
)
from kod_desk.domain.enums import CheckoutStatus
from kod_desk.domain.roster import DutyFact, Finding, OfficerFact
from kod_desk.domain.timeutil import format_local, to_local


def suggest_free_bike(
    bikes: Sequence[Bike],
    checkouts: Iterable[Checkout],
    span: tuple[datetime, datetime],
    day: date,
    *,
    exclude: Iterable[str] = (),
    speed_kmh: float = TYPICAL_PATROL_SPEED_KMH,
) -> Bike | None:
    """A usable, in-season, unbooked bike; valid inspection and enough range first."""
    taken = set(exclude)
    pool = list(checkouts)
    candidates = [
        bike
        for bike in bikes
        if bike.id not in taken
        and bike.is_usable
        and in_season(bike, day)
        and not conflicting(bike.id, span, pool)
    ]

    def rank(bike: Bike) -> tuple[bool, bool, bool, str]:
        overdue = inspection_due(bike, day).state is InspectionState.OVERDUE
        short = range_warning(bike, span[0], span[1], speed_kmh) is not None
        return (overdue, short, not bike.is_pedelec, bike.inventory_no)

    return min(candidates, key=rank, default=None)


# ---------------------------------------------------------------- findings for the roster


def suggest_replacements(
    bikes: Sequence[Bike],
    checkouts: Iterable[Checkout],
    broken: Sequence[Checkout],
    *,
    days: Mapping[str, date] | None = None,
    speed_kmh: float = TYPICAL_PATROL_SPEED_KMH,
) -> dict[str, Bike | None]:
    """A free bike for each booking in ``broken`` (by booking id; None when none is free).

    Bookings are served in time order, and a spare given to one is taken for its span: two
    broken bookings at the same time never get the same bike. ``days`` gives a booking's duty
    day (season, inspection); by default the local day of its start.
    """
    pool = list(checkouts)
    chosen: dict[str, Bike | None] = {}
    timed = [(b, b.span()) for b in broken]
    for booking, span in sorted(
        ((b, s) for b, s in timed if s is not None), key=lambda p: (p[1][0], p[0].id)
    ):
        day = (days or {}).get(booking.id) or to_local(span[0]).date()
        choice = suggest_free_bike(
            bikes, pool, span, day, exclude=(booking.bike_id,), speed_kmh=speed_kmh
        )
        if choice is not None:
            pool.append(replace(booking, id=f"suggested-{booking.id}", bike_id=choice.id))
        chosen[booking.id] = choice
    for booking, maybe in timed:
        if maybe is None:
            chosen[booking.id] = None
    return chosen


def bike_findings(
    bikes: Sequence[Bike],
    bookings: Iterable[Checkout],
    duties: Mapping[str, DutyFact],
    officers: Iterable[OfficerFact],
    *,
    speed_kmh: float = TYPICAL_PATROL_SPEED_KMH,
) -> list[Finding]:
    """Roster-style findings of the bike bookings of the given duties.

    Each names the bike, the officer and the duty; a booking whose bike cannot be ridden names a
    free bike to book instead. A booking counts with its duty's current bounds (the duty may
    have moved since it was booked).
    """
    by_id = {bike.id: bike for bike in bikes}
    people = {officer.id: officer for officer in officers}
    active = [
        _with_duty_span(b, duties)
        for b in bookings
        if b.is_active and b.bike_id in by_id and (b.shift_id is None or b.shift_id in duties)
    ]

    def rider(booking: Checkout) -> str:
        officer = people.get(booking.officer_id)
        return officer.name if officer is not None else booking.officer_name or "?"

    def duty_day(booking: Checkout) -> date:
        if booking.shift_id and booking.shift_id in duties:
            return duties[booking.shift_id].duty_date
        span = span_of(booking)
        return to_local(span[0]).date()

    found: list[Finding] = []
    for first, second in double_bookings(active):
        bike = by_id[first.bike_id]
        message = (
            f"{bike.name} doppelt gebucht: {rider(first)} ({_booking_name(first, duties)}) und "
            f"{rider(second)} ({_booking_name(second, duties)})"
        )
        shifts = tuple(s for s in (first.shift_id, second.shift_id) if s)
        # One finding per officer, so the roster marks both cells involved.
        riders = {b.officer_id for b in (first, second)}
        for officer_id in sorted(riders):
            officer = people.get(officer_id)
            found.append(
                Finding(
                    "bike_double_booking",
                    "error",
                    message,
                    officer.service_number if officer else None,
                    shifts,
                )
            )
    booked = [b for b in active if b.status is CheckoutStatus.BOOKED]
    days = {b.id: duty_day(b) for b in booked}
    stranded = [
        b
        for b in booked
        if not by_id[b.bike_id].is_usable or not in_season(by_id[b.bike_id], days[b.id])
    ]
    spares = suggest_replacements(bikes, active, stranded, days=days, speed_kmh=speed_kmh)
    for booking in booked:
        bike = by_id[booking.bike_id]
        officer = people.get(booking.officer_id)
        number = officer.service_number if officer else None
        shifts = (booking.shift_id,) if booking.shift_id else ()
        duty = _booking_name(booking, duties)
        what = f"{bike.name} für {rider(booking)} ({duty})"
        span = span_of(booking)
        day = days[booking.id]
        spare = spares.get(booking.id)
        instead = f"frei wäre {spare.name}" if spare is not None else "kein Fahrrad frei"

        def add(rule: str, severity: str, text: str) -> None:
            found.append(Finding(rule, severity, text, number, shifts))  # noqa: B023

        if not bike.is_usable:
            condition = bike.condition.label
            add("bike_unusable", "error", f"{what}: Fahrrad ist {condition} – {instead}.")
        if not in_season(bike, day):
            season = bike.season.label if bike.season else ""
            add(
                "bike_out_of_season",
                "error",
                f"{what}: außerhalb der Saison ({season}) – {instead}.",
            )
        if officer is not None and not officer.has_bike_training:
            add("bike_training", "error", f"{what}: keine Radstreifen-Schulung.")
        inspection = inspection_due(bike, day)
        if inspection.state is InspectionState.OVERDUE:
            add("bike_inspection_overdue", "warning", f"{what}: {inspection.message}")
        if span[1] != OPEN_END and (warning := range_warning(bike, span[0], span[1], speed_kmh)):
            add("bike_range", "warning", f"{rider(booking)} ({duty}): {warning}")
    return sorted(found)


def _with_duty_span(booking: Checkout, duties: Mapping[str, DutyFact]) -> Checkout:
    duty = duties.get(booking.shift_id) if booking.shift_id else None
    if booking.status is not CheckoutStatus.BOOKED or duty is None:
        return booking
    return replace(booking, planned_from=duty.starts_at, planned_to=duty.ends_at)


def _booking_name(booking: Checkout, duties: Mapping[str, DutyFact]) -> str:
    duty = duties.get(booking.shift_id) if booking.shift_id else None
    if duty is not None:
        title = duty.label or duty.kind.label
        return f"{title} {duty.duty_date:%d.%m.}"
    span = booking.span()
    return format_local(span[0]) if span else "ohne Zeit"
