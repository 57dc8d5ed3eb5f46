"""Handing bikes over, for BikeService (DESIGN.md §6): who may hand out or take back which bike,
which booking a check-out fulfils, what stands in the way of a booking or a move to another
bike, and which bookings a defect breaks.

Rules that need a look at the database take the write's session; every German text is the one
the refusal shows.
"""

from __future__ import annotations

from datetime import datetime

from kod_desk.domain import bikes as bk
from kod_desk.domain.bike_findings import suggest_replacements
from kod_desk.domain.enums import CheckoutStatus, ShiftKind
from kod_desk.domain.masterdata import Officer
from kod_desk.domain.permissions import Viewer, may_hand_over_bike, may_keep_fleet
from kod_desk.domain.roster import RosterShift
from kod_desk.domain.timeutil import format_local, to_local
from kod_desk.services.base import DbSession, ServiceContext
from kod_desk.storage.repos import bikes as repo
from kod_desk.storage.repos import roster as roster_repo

# ---------------------------------------------------------------- who may hand over


def viewer(context: ServiceContext) -> Viewer:
    return Viewer(context.role, context.unit, context.officer_id)


def me(context: ServiceContext) -> str:
    """The acting user as a refusal names them."""
    return context.display_name or context.actor


def crew(session: DbSession, checkout: bk.Checkout) -> frozenset[str]:
    """The officers of the checkout's duty and its rider: who may hand it over."""
    officers = {checkout.officer_id}
    if checkout.shift_id is not None:
        shift = roster_repo.get_shift(session, checkout.shift_id)
        officers.update(member.officer_id for member in shift.crew)
    return frozenset(officers)


def may_hand_over(session: DbSession, context: ServiceContext, checkout: bk.Checkout) -> bool:
    if may_keep_fleet(context.role):
        return True
    return may_hand_over_bike(viewer(context), crew(session, checkout))


# ---------------------------------------------------------------- bookings and moves


def booking_problems(
    bike: bk.Bike, shift: RosterShift, officer: Officer, active: list[bk.Checkout]
) -> list[str]:
    """What stands in the way of booking ``bike`` to ``officer`` on ``shift``."""
    duty = f"{shift.label or shift.kind.label} {shift.duty_date:%d.%m.%Y}"
    problems: list[str] = []
    if shift.kind is not ShiftKind.BIKE_PATROL:
        problems.append(f"Fahrräder werden nur für Radstreifen gebucht ({duty}).")
    if officer.id not in {c.officer_id for c in shift.crew}:
        problems.append(f"{officer.display_name} ist für {duty} nicht eingeteilt.")
    if not officer.has_bike_training:
        problems.append(
            f"{officer.display_name} hat keine Radstreifen-Schulung und kann kein "
            "Dienstfahrrad buchen."
        )
    if not bike.is_usable:
        problems.append(f"{bike.name} ist {bike.condition.label} und kann nicht gebucht werden.")
    elif not bk.in_season(bike, shift.duty_date):
        season = bike.season.label if bike.season else ""
        problems.append(
            f"{bike.name} ist am {shift.duty_date:%d.%m.%Y} außerhalb der Saison ({season})."
        )
    for other in active:
        if other.shift_id == shift.id and other.officer_id == officer.id:
            problems.append(
                f"{officer.display_name} hat für {duty} schon Fahrrad {other.inventory_no}."
            )
    span = (shift.starts_at, shift.ends_at)
    for clash in bk.conflicting(bike.id, span, active):
        problems.append(f"{bike.name} ist zu dieser Zeit schon {taken(clash)}.")
    return problems


def rebook_problems(session: DbSession, booking: bk.Checkout, bike: bk.Bike) -> list[str]:
    """What stands in the way of moving ``booking`` to ``bike``."""
    span = booking.span()
    who = f"{booking.officer_name} ({duty_name(session, booking)})"
    problems: list[str] = []
    if booking.status is not CheckoutStatus.BOOKED or span is None:
        problems.append(
            f"Die Buchung von Fahrrad {booking.inventory_no} für {who} ist "
            f"{booking.status.label} und kann nicht umgebucht werden."
        )
    elif not bike.is_usable:
        problems.append(f"{bike.name} ist {bike.condition.label}.")
    elif not bk.in_season(bike, to_local(span[0]).date()):
        problems.append(f"{bike.name} ist dann außerhalb der Saison.")
    else:
        active = repo.active_checkouts(session)
        for clash in bk.conflicting(bike.id, span, active, ignore=booking.id):
            problems.append(f"{bike.name} ist zu dieser Zeit schon {taken(clash)}.")
    return problems


# ---------------------------------------------------------------- check-out and check-in


def own_booking(
    active: list[bk.Checkout], officer_id: str, at: datetime, shift_id: str | None
) -> bk.Checkout | None:
    """The officer's booking this check-out fulfils: the named duty's, or one around ``at``."""
    for booking in active:
        if booking.status is not CheckoutStatus.BOOKED or booking.officer_id != officer_id:
            continue
        if shift_id is not None:
            if booking.shift_id == shift_id:
                return booking
            continue
        if bk.due_for_check_out(booking, at):
            return booking
    return None


def broken_bookings(
    bikes: list[bk.Bike], active: list[bk.Checkout], bike_id: str, at: datetime
) -> list[tuple[bk.Checkout, bk.Bike | None]]:
    """Bookings of a bike that just became unusable, each with a free bike to take instead."""
    broken = [
        booking
        for booking in active
        if booking.bike_id == bike_id
        and booking.status is CheckoutStatus.BOOKED
        and (span := booking.span()) is not None
        and span[1] > at
    ]
    spares = suggest_replacements(bikes, active, broken)
    return [(booking, spares.get(booking.id)) for booking in broken]


# ---------------------------------------------------------------- texts


def taken(checkout: bk.Checkout) -> str:
    """Who has the bike and when, e.g. „gebucht an Albers, Anna (13.11.2026 11:00)“."""
    span = checkout.span()
    when = f" ({format_local(span[0])})" if span else ""
    return f"{checkout.status.label} an {checkout.officer_name}{when}"


def duty_name(session: DbSession, checkout: bk.Checkout) -> str:
    """ "Radstreife 07.12." for a booking of a duty, else the time it started."""
    if checkout.shift_id is not None:
        shift = roster_repo.get_shift(session, checkout.shift_id)
        return f"{shift.label or shift.kind.label} {shift.duty_date:%d.%m.}"
    span = checkout.span()
    return format_local(span[0]) if span is not None else "ohne Dienst"
