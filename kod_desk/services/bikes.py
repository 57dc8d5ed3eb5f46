"""Bike fleet use cases: fleet, bookings to bike patrols, check-out/in, maintenance (DESIGN.md §6).

Every write is one short transaction with an audit entry. A refusal raises a German
ValidationError before anything is written (and the transaction rolls back in any case).
Who may hand a bike over and what stands in a booking's way: services/bike_handover.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from kod_desk.domain import bike_findings
from kod_desk.domain import bikes as bk
from kod_desk.domain.enums import BikeCondition, BikeServiceKind, CheckoutStatus
from kod_desk.domain.errors import FieldProblem, PermissionDenied, ValidationError
from kod_desk.domain.permissions import OWN_BIKES_ONLY, check_hand_over_bike, may_keep_fleet
from kod_desk.domain.roster import Finding, OfficerFact
from kod_desk.domain.timeutil import format_date, local_to_utc, to_local, utcnow
from kod_desk.services import bike_handover as handover
from kod_desk.services.base import LEADERS, Entity, Op, Result, Service, ServiceContext
from kod_desk.storage.repos import bikes as repo
from kod_desk.storage.repos import masterdata as masterdata_repo
from kod_desk.storage.repos import roster as roster_repo

# Officers hand out and take back the bikes booked to their own duty and report defects; the
# fleet itself (bikes, bookings to duties, inspections, closing repairs) and every other
# hand-over is kept by supervisors and administrators (domain/permissions.py).
FLEET_ACTION = "Die Fahrradflotte verwalten"
BOOKING_ACTION = "Fahrräder für Dienste buchen"


@dataclass(frozen=True, slots=True)
class FleetRow:
    """A bike as the fleet page shows it: condition and availability kept apart."""

    bike: bk.Bike
    availability: bk.Availability
    inspection: bk.InspectionStatus
    current: bk.Checkout | None  # the check-out while it is out


@dataclass(frozen=True, slots=True)
class BrokenBooking:
    """A booking a defect made impossible, with a free bike to book instead (if any)."""

    booking: bk.Checkout
    suggestion: bk.Bike | None


@dataclass(frozen=True, slots=True)
class CheckIn:
    checkout: bk.Checkout
    repair: bk.ServiceRecord | None = None
    broken: tuple[BrokenBooking, ...] = ()


class BikeService(Service):
    def __init__(self, context: ServiceContext, clock: Callable[[], datetime] = utcnow) -> None:
        super().__init__(context)
        self._clock = clock

    # ------------------------------------------------------------ reading

    def list_bikes(self, *, include_retired: bool = True) -> list[bk.Bike]:
        with self._read() as session:
            return repo.list_bikes(session, include_retired=include_retired)

    def bike(self, bike_id: str) -> bk.Bike:
        with self._read() as session:
            return repo.get_bike(session, bike_id)

    def fleet(self, at: datetime | None = None) -> list[FleetRow]:
        moment = at or self._clock()
        today = to_local(moment).date()
        with self._read() as session:
            bikes = repo.list_bikes(session)
            active = repo.active_checkouts(session)
        rows = []
        for bike in bikes:
            current = next(
                (c for c in active if c.bike_id == bike.id and c.status is CheckoutStatus.OUT),
                None,
            )
            rows.append(
                FleetRow(
                    bike,
                    bk.availability(bike.id, active, moment),
                    bk.inspection_due(bike, today),
                    current,
                )
            )
        return rows

    def checkout(self, checkout_id: str) -> bk.Checkout:
        with self._read() as session:
            return repo.get_checkout(session, checkout_id)

    def active_checkouts(self) -> list[bk.Checkout]:
        with self._read() as session:
            return repo.active_checkouts(session)

    def bookings_to_hand_out(self, at: datetime | None = None) -> list[bk.Checkout]:
        """Bookings due for check-out at ``at`` (now) that the acting user may hand out.

        For an officer: the bookings of the duties they are on, their own first.
        """
        moment = at or self._clock()
        with self._read() as session:
            due = [
                c
                for c in repo.active_checkouts(session)
                if c.status is CheckoutStatus.BOOKED and bk.due_for_check_out(c, moment)
            ]
            allowed = [c for c in due if handover.may_hand_over(session, self._context, c)]
        me = self._context.officer_id
        return sorted(allowed, key=lambda c: (c.officer_id != me, c.planned_from, c.inventory_no))

    def returnable(self) -> list[bk.Checkout]:
        """Bikes out now that the acting user may take back (an officer: their duty's)."""
        with self._read() as session:
            return [
                c
                for c in repo.active_checkouts(session)
                if c.status is CheckoutStatus.OUT
                and handover.may_hand_over(session, self._context, c)
            ]

    def may_keep_fleet(self) -> bool:
        """Whether the acting user keeps the fleet's books (bikes, bookings, maintenance)."""
        return may_keep_fleet(self._context.role)

    def bookings(self, first: date, last: date) -> list[bk.Checkout]:
        """Bookings and check-outs of the duties of [first, last] (local days)."""
        with self._read() as session:
            ids = [s.id for s in roster_repo.shifts_between(session, first, last)]
            return repo.checkouts_of_shifts(session, ids)

    def service_records(self, bike_id: str | None = None) -> list[bk.ServiceRecord]:
        with self._read() as session:
            return repo.list_services(session, bike_id)

    def logbook(self, bike_id: str, first: date, last: date) -> list[bk.LogbookRow]:
        """Rides checked out on the local days [first, last]."""
        with self._read() as session:
            repo.get_bike(session, bike_id)
            return repo.logbook(
                session,
                bike_id,
                local_to_utc(first, time(0)),
                local_to_utc(last + timedelta(days=1), time(0)),
            )

    def findings(
        self, first: date, last: date, *, speed_kmh: float = bk.TYPICAL_PATROL_SPEED_KMH
    ) -> list[Finding]:
        """Bike findings of the duties of [first, last], for the roster's findings panel."""
        with self._read() as session:
            shifts = roster_repo.shifts_between(session, first, last)
            bookings = repo.checkouts_of_shifts(session, [s.id for s in shifts])
            # Check-outs without a duty still take the bike.
            bookings += [c for c in repo.active_checkouts(session) if c.shift_id is None]
            bikes = repo.list_bikes(session)
            officers = masterdata_repo.list_officers(session)
        facts = [
            OfficerFact(o.id, o.service_number, o.display_name, o.weekly_hours, o.has_bike_training)
            for o in officers
        ]
        duties = {s.id: s.to_fact() for s in shifts}
        return bike_findings.bike_findings(bikes, bookings, duties, facts, speed_kmh=speed_kmh)

    # ------------------------------------------------------------ fleet

    def save_bike(
        self, draft: bk.BikeDraft, bike_id: str | None = None, expected_version: int | None = None
    ) -> Result[bk.Bike]:
        """Create (no id) or edit a bike; refuses a duplicate inventory number."""
        draft = draft.normalized()
        problems = bk.validate_bike(draft)
        with self._op("bike.save", roles=LEADERS, action=FLEET_ACTION) as op:
            session = op.session
            other = repo.bike_id_by_inventory_no(session, draft.inventory_no)
            if draft.inventory_no and other is not None and other != bike_id:
                problems.append(
                    FieldProblem(
                        "inventory_no", f"Inventarnummer {draft.inventory_no} ist schon vergeben."
                    )
                )
            if bike_id is not None:
                current = repo.get_bike(session, bike_id)
                problems.extend(
                    bk.validate_odometer(current.odometer_km, draft.odometer_km, "odometer_km")
                )
            if problems:
                raise ValidationError(problems)
            if bike_id is None:
                bike, after = repo.insert_bike(session, draft)
                op.audit("create", "bike", bike.id, None, after)
            else:
                bike, before, after = repo.update_bike(session, bike_id, draft, expected_version)
                op.audit("update", "bike", bike.id, before, after)
            op.touch(Entity.BIKES, ids=[bike.id])
            return op.result(bike)

    def retire_bike(self, bike_id: str) -> Result[bk.Bike]:
        """Take a bike out of service for good (never deleted: its logbook stays)."""
        with self._op("bike.retire", roles=LEADERS, action=FLEET_ACTION) as op:
            session = op.session
            bike = repo.get_bike(session, bike_id)
            if bike.condition is BikeCondition.RETIRED:
                raise ValidationError(f"{bike.name} ist schon ausgemustert.")
            active = repo.active_checkouts(session, bike_id)
            if any(c.status is CheckoutStatus.OUT for c in active):
                raise ValidationError(
                    f"{bike.name} ist ausgegeben; bitte zuerst zurücknehmen, dann ausmustern."
                )
            if active:
                raise ValidationError(
                    f"{bike.name} hat noch {len(active)} Buchung(en); bitte zuerst umbuchen "
                    "oder stornieren, dann ausmustern."
                )
            bike, before, after = repo.set_bike_state(
                session, bike_id, condition=BikeCondition.RETIRED
            )
            op.audit("retire", "bike", bike_id, before, after)
            op.touch(Entity.BIKES, ids=[bike_id])
            return op.result(bike)

    # ------------------------------------------------------------ bookings

    def book(self, bike_id: str, shift_id: str, officer_id: str) -> Result[bk.Checkout]:
        """Book a bike to an officer on a bike patrol; refuses whatever would ruin the patrol."""
        with self._op("bike.book", roles=LEADERS, action=BOOKING_ACTION) as op:
            session = op.session
            bike = repo.get_bike(session, bike_id)
            shift = roster_repo.get_shift(session, shift_id)
            officer = masterdata_repo.get_officer(session, officer_id)
            active = repo.active_checkouts(session)
            problems = handover.booking_problems(bike, shift, officer, active)
            if problems:
                raise ValidationError(problems)
            checkout_id, after = repo.insert_checkout(
                session,
                bike_id=bike_id,
                officer_id=officer_id,
                shift_id=shift_id,
                status=CheckoutStatus.BOOKED.value,
                planned_from=shift.starts_at,
                planned_to=shift.ends_at,
            )
            op.audit("book", "bike_checkout", checkout_id, None, after)
            booking = repo.get_checkout(session, checkout_id)
            _touch_booking(op, booking)
            return op.result(booking)

    def cancel_booking(self, checkout_id: str) -> Result[bk.Checkout]:
        with self._op("bike.cancel_booking", roles=LEADERS, action=BOOKING_ACTION) as op:
            session = op.session
            booking = repo.get_checkout(session, checkout_id)
            if booking.status is not CheckoutStatus.BOOKED:
                raise ValidationError(
                    f"Die Buchung von Fahrrad {booking.inventory_no} ist "
                    f"{booking.status.label} und kann nicht storniert werden."
                )
            before, after = repo.update_checkout(
                session, checkout_id, status=CheckoutStatus.CANCELLED.value
            )
            op.audit("cancel", "bike_checkout", checkout_id, before, after)
            booking = repo.get_checkout(session, checkout_id)
            _touch_booking(op, booking)
            return op.result(booking)

    def rebook(self, moves: Sequence[tuple[str, str]]) -> Result[tuple[bk.Checkout, ...]]:
        """Move bookings to other bikes in one step: ``moves`` are (booking id, bike id).

        Each booking is cancelled and its officer and duty are booked on the new bike; the
        new bike must be usable, in season and free at the time. Returns the new bookings.
        """
        moved: list[bk.Checkout] = []
        with self._op("bike.rebook", roles=LEADERS, action=BOOKING_ACTION) as op:
            session = op.session
            for booking_id, bike_id in moves:
                booking = repo.get_checkout(session, booking_id)
                bike = repo.get_bike(session, bike_id)
                problems = handover.rebook_problems(session, booking, bike)
                if problems:
                    raise ValidationError(problems)
                before, after = repo.update_checkout(
                    session, booking_id, status=CheckoutStatus.CANCELLED.value
                )
                op.audit("rebook_cancel", "bike_checkout", booking_id, before, after)
                new_id, new_after = repo.insert_checkout(
                    session,
                    bike_id=bike_id,
                    officer_id=booking.officer_id,
                    shift_id=booking.shift_id,
                    status=CheckoutStatus.BOOKED.value,
                    planned_from=booking.planned_from,
                    planned_to=booking.planned_to,
                )
                op.audit("rebook", "bike_checkout", new_id, None, new_after)
                moved.append(repo.get_checkout(session, new_id))
                _touch_booking(op, booking)
                _touch_booking(op, moved[-1])
            return op.result(tuple(moved))

    # ------------------------------------------------------------ check-out and check-in

    def check_out(
        self,
        bike_id: str,
        officer_id: str,
        at: datetime,
        km: int,
        battery: int | None,
        shift_id: str | None = None,
    ) -> Result[bk.Checkout]:
        """Hand a bike out; the officer's booking of it (if any) becomes the check-out."""
        with self._op("bike.check_out") as op:
            session = op.session
            bike = repo.get_bike(session, bike_id)
            officer = masterdata_repo.get_officer(session, officer_id)
            active = repo.active_checkouts(session, bike_id)
            is_out = any(c.status is CheckoutStatus.OUT for c in active)
            problems = bk.check_out_problems(bike, km, battery, is_out=is_out)
            if not officer.active:
                problems.append(
                    FieldProblem("officer_id", f"{officer.display_name} ist deaktiviert.")
                )
            if not officer.has_bike_training:
                problems.append(
                    FieldProblem(
                        "officer_id", f"{officer.display_name} hat keine Radstreifen-Schulung."
                    )
                )
            booking = handover.own_booking(active, officer_id, at, shift_id)
            if not may_keep_fleet(self._context.role):
                if booking is None:
                    raise PermissionDenied(
                        f"Keine Berechtigung: {bike.name} ist jetzt nicht für "
                        f"{officer.display_name} gebucht. {OWN_BIKES_ONLY}"
                    )
                check_hand_over_bike(
                    handover.viewer(self._context),
                    handover.crew(session, booking),
                    f"{bike.name} ist für {officer.display_name} "
                    f"({handover.duty_name(session, booking)}) gebucht, einen Dienst, für den "
                    f"{handover.me(self._context)} nicht eingeteilt ist.",
                )
            for other in active:
                span = other.span()
                if (
                    other.status is CheckoutStatus.BOOKED
                    and other.officer_id != officer_id
                    and span is not None
                    and span[0] <= at < span[1]
                ):
                    problems.append(
                        FieldProblem(
                            "bike_id", f"{bike.name} ist zu dieser Zeit {handover.taken(other)}."
                        )
                    )
            if problems:
                raise ValidationError(problems)
            fields: dict[str, Any] = {
                "status": CheckoutStatus.OUT.value,
                "out_at": at,
                "km_out": km,
                "battery_out": battery,
            }
            if booking is not None:
                checkout_id = booking.id
                before, after = repo.update_checkout(session, checkout_id, **fields)
            else:
                before = None
                checkout_id, after = repo.insert_checkout(
                    session,
                    bike_id=bike_id,
                    officer_id=officer_id,
                    shift_id=shift_id,
                    planned_from=at,
                    **fields,
                )
            op.audit("check_out", "bike_checkout", checkout_id, before, after)
            if km > bike.odometer_km:  # ridden without a log entry: the reading wins
                _, b_before, b_after = repo.set_bike_state(session, bike_id, odometer_km=km)
                op.audit("odometer", "bike", bike_id, b_before, b_after)
            checkout = repo.get_checkout(session, checkout_id)
            if booking is not None:  # the duty's booking is used now: the roster shows it
                _touch_booking(op, checkout)
            else:
                op.touch(Entity.BIKES, ids=[bike_id])
            return op.result(checkout)

    def check_in(
        self,
        checkout_id: str,
        at: datetime,
        km: int,
        battery: int | None,
        defect_text: str = "",
    ) -> Result[CheckIn]:
        """Take a bike back; a defect makes it unusable at once and opens a repair record."""
        defect = defect_text.strip()
        with self._op("bike.check_in") as op:
            session = op.session
            checkout = repo.get_checkout(session, checkout_id)
            bike = repo.get_bike(session, checkout.bike_id)
            check_hand_over_bike(
                handover.viewer(self._context),
                handover.crew(session, checkout),
                f"{bike.name} ist an {checkout.officer_name} ausgegeben "
                f"({handover.duty_name(session, checkout)}), nicht für einen Dienst von "
                f"{handover.me(self._context)}.",
            )
            problems = bk.check_in_problems(checkout, bike, at, km, battery)
            if problems:
                raise ValidationError(problems)
            before, after = repo.update_checkout(
                session,
                checkout_id,
                status=CheckoutStatus.RETURNED.value,
                in_at=at,
                km_in=km,
                battery_in=battery,
                defect=defect,
            )
            op.audit("check_in", "bike_checkout", checkout_id, before, after)
            condition = BikeCondition.DEFECT if defect and bike.is_usable else None
            _, b_before, b_after = repo.set_bike_state(
                session, bike.id, condition=condition, odometer_km=max(km, bike.odometer_km)
            )
            op.audit("check_in", "bike", bike.id, b_before, b_after)
            result = CheckIn(repo.get_checkout(session, checkout_id))
            op.touch(Entity.BIKES, ids=[bike.id])
            if defect:
                repair, s_after = repo.insert_service(
                    session,
                    bike_id=bike.id,
                    kind=BikeServiceKind.REPAIR.value,
                    reported_at=at,
                    description=defect,
                    odometer_km=km,
                    checkout_id=checkout_id,
                )
                op.audit("report_defect", "bike_service", repair.id, None, s_after)
                broken = handover.broken_bookings(
                    repo.list_bikes(session), repo.active_checkouts(session), bike.id, at
                )
                result = CheckIn(
                    result.checkout, repair, tuple(BrokenBooking(b, spare) for b, spare in broken)
                )
                # The bike's bookings cannot be ridden now: the roster's findings change.
                op.touch(Entity.SHIFTS)
            return op.result(result)

    # ------------------------------------------------------------ maintenance

    def open_service(
        self,
        bike_id: str,
        kind: BikeServiceKind,
        description: str,
        reported_at: datetime | None = None,
        workshop: str = "",
    ) -> Result[bk.ServiceRecord]:
        """Record a due inspection or a defect found outside a check-in (the bike is locked)."""
        roles = None if kind is BikeServiceKind.REPAIR else LEADERS  # a defect anyone may report
        text = description.strip()
        with self._op("bike.open_service", roles=roles, action=FLEET_ACTION) as op:
            session = op.session
            bike = repo.get_bike(session, bike_id)
            if bike.condition is BikeCondition.RETIRED:
                raise ValidationError(f"{bike.name} ist ausgemustert.")
            if kind is BikeServiceKind.REPAIR and not text:
                raise ValidationError(
                    FieldProblem("description", "Reparatur: bitte den Defekt beschreiben.")
                )
            record, after = repo.insert_service(
                session,
                bike_id=bike_id,
                kind=kind.value,
                reported_at=reported_at or self._clock(),
                description=text,
                workshop=workshop.strip(),
                odometer_km=bike.odometer_km,
            )
            op.audit("create", "bike_service", record.id, None, after)
            if kind is BikeServiceKind.REPAIR and bike.is_usable:
                _, before, b_after = repo.set_bike_state(
                    session, bike_id, condition=BikeCondition.DEFECT
                )
                op.audit("report_defect", "bike", bike_id, before, b_after)
            op.touch(Entity.BIKES, ids=[bike_id])
            op.touch(Entity.SHIFTS)  # a locked bike: the roster's findings change
            return op.result(record)

    def complete_service(
        self,
        service_id: str,
        done_on: date,
        cost_cents: int | None,
        workshop: str,
        odometer: int,
    ) -> Result[bk.ServiceRecord]:
        """Close a record: a repair makes the bike usable again, an inspection resets its due."""
        with self._op("bike.complete_service", roles=LEADERS, action=FLEET_ACTION) as op:
            session = op.session
            record = repo.get_service(session, service_id)
            bike = repo.get_bike(session, record.bike_id)
            problems: list[str | FieldProblem] = []
            if not record.is_open:
                assert record.done_on is not None
                problems.append(
                    f"{record.kind.label} von {bike.name} ist schon am "
                    f"{format_date(record.done_on)} erledigt."
                )
            if cost_cents is not None and cost_cents < 0:
                problems.append(FieldProblem("cost_cents", "Kosten dürfen nicht negativ sein."))
            reported_on = to_local(record.reported_at).date()
            if done_on < reported_on:
                problems.append(
                    FieldProblem(
                        "done_on",
                        f"Erledigt am {format_date(done_on)} liegt vor der Meldung am "
                        f"{format_date(reported_on)}.",
                    )
                )
            problems.extend(bk.validate_odometer(bike.odometer_km, odometer, "odometer"))
            if problems:
                raise ValidationError(problems)
            record, before, after = repo.update_service(
                session,
                service_id,
                done_on=done_on,
                cost_cents=cost_cents,
                workshop=workshop.strip(),
                odometer_km=odometer,
            )
            op.audit("complete", "bike_service", service_id, before, after)
            condition = None
            next_due = None
            if record.kind is BikeServiceKind.REPAIR:
                repaired = bike.condition in (BikeCondition.DEFECT, BikeCondition.IN_REPAIR)
                if repaired and not repo.open_repairs(session, bike.id):
                    condition = BikeCondition.USABLE
            else:
                next_due = bk.next_inspection(bike, done_on, odometer)
            _, b_before, b_after = repo.set_bike_state(
                session,
                bike.id,
                condition=condition,
                odometer_km=odometer,
                next_inspection=next_due,
            )
            op.audit("service_done", "bike", bike.id, b_before, b_after)
            op.touch(Entity.BIKES, ids=[bike.id])
            op.touch(Entity.SHIFTS)  # a usable bike again: the roster's findings change
            return op.result(record)


def _touch_booking(op: Op, booking: bk.Checkout) -> None:
    """A booking changed: its bike's row, and its duty (the roster's findings change with it)."""
    op.touch(Entity.BIKES, ids=[booking.bike_id])
    if booking.shift_id is not None:
        op.touch(Entity.SHIFTS, ids=[booking.shift_id])
    else:
        op.touch(Entity.SHIFTS)
