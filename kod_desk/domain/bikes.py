"""Service bikes as plain values, and their rules (DESIGN.md §6). No storage, no Qt.

Availability (free, booked, out) is derived from the check-outs; condition (usable, defect, in
repair, retired) is kept on the bike. The two never mix: a defect bike can still be "out" until it
comes back, and a usable bike can be booked.

Warnings about a ride (speed, range) live in bike_rides.py; a free bike to book instead and the
roster's bike findings in bike_findings.py.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from kod_desk.domain.enums import BikeCondition, BikeServiceKind, CheckoutStatus, ShiftKind
from kod_desk.domain.errors import FieldProblem, ValidationError
from kod_desk.domain.roster import DutyFact
from kod_desk.domain.text import german_int
from kod_desk.domain.timeutil import format_local

TYPICAL_PATROL_SPEED_KMH = 12.0
INSPECTION_SOON_DAYS = 14
INSPECTION_SOON_KM = 100
INSPECTION_INTERVAL_DAYS = 365
MAX_RANGE_KM = 300


# A booking without a planned end blocks the bike for good.
OPEN_END = datetime.max.replace(tzinfo=UTC)
# A bike handed out without a planned return is expected back within a long duty; beyond that
# it is an overdue return (Übersicht), not a block on next week's bookings.
UNPLANNED_RIDE = timedelta(hours=12)
# Bikes are fetched a little before the duty starts: a booking is due for check-out from then.
FETCH_BEFORE_DUTY = timedelta(hours=2)

ACTIVE = (CheckoutStatus.BOOKED, CheckoutStatus.OUT)

_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")
_GERMAN_MONTH_DAY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?$")


def km(value: int) -> str:
    """German thousands separator: 1.200."""
    return german_int(value)


# ---------------------------------------------------------------- values


class Availability(StrEnum):
    FREE = "free"
    BOOKED = "booked"
    OUT = "out"

    @property
    def label(self) -> str:
        return {
            Availability.FREE: "frei",
            Availability.BOOKED: "gebucht",
            Availability.OUT: "ausgegeben",
        }[self]


@dataclass(frozen=True, slots=True)
class Season:
    """A yearly recurring period of use, e.g. 01.04.–31.10.; may wrap the turn of the year."""

    start_month: int
    start_day: int
    end_month: int
    end_day: int

    @classmethod
    def parse(cls, start: str, end: str) -> Season:
        """From "MM-DD" (storage) or "TT.MM." (forms); German error otherwise."""
        first, last = _month_day(start, "Saisonbeginn"), _month_day(end, "Saisonende")
        return cls(first[0], first[1], last[0], last[1])

    def contains(self, day: date) -> bool:
        key = (day.month, day.day)
        start = (self.start_month, self.start_day)
        end = (self.end_month, self.end_day)
        if start <= end:
            return start <= key <= end
        return key >= start or key <= end  # across the turn of the year

    @property
    def start(self) -> str:
        return f"{self.start_month:02d}-{self.start_day:02d}"

    @property
    def end(self) -> str:
        return f"{self.end_month:02d}-{self.end_day:02d}"

    @property
    def label(self) -> str:
        return (
            f"{self.start_day:02d}.{self.start_month:02d}.–{self.end_day:02d}.{self.end_month:02d}."
        )


def _month_day(text: str, field: str) -> tuple[int, int]:
    value = text.strip()
    month = day = 0
    if match := _MONTH_DAY.match(value):
        month, day = int(match[1]), int(match[2])
    elif match := _GERMAN_MONTH_DAY.match(value):
        day, month = int(match[1]), int(match[2])
    try:
        date(2024, month, day)  # a leap year: 29.02. is a valid season bound
    except ValueError:
        raise ValidationError(
            FieldProblem("season", f"{field}: „{text}“ ist kein gültiger Tag (TT.MM.).")
        ) from None
    return month, day


@dataclass(frozen=True, slots=True)
class BikeDraft:
    """What the fleet form says about a bike; the condition changes only through use."""

    inventory_no: str
    frame_no: str = ""
    model: str = ""
    is_pedelec: bool = True
    range_km: int | None = None
    odometer_km: int = 0
    next_inspection_on: date | None = None
    next_inspection_km: int | None = None
    inspection_interval_km: int | None = None
    season: Season | None = None
    note: str = ""

    def normalized(self) -> BikeDraft:
        return BikeDraft(
            inventory_no=self.inventory_no.strip().upper(),
            frame_no=self.frame_no.strip(),
            model=" ".join(self.model.split()),
            is_pedelec=self.is_pedelec,
            # A bike without motor has no range to plan with.
            range_km=self.range_km if self.is_pedelec else None,
            odometer_km=self.odometer_km,
            next_inspection_on=self.next_inspection_on,
            next_inspection_km=self.next_inspection_km,
            inspection_interval_km=self.inspection_interval_km,
            season=self.season,
            note=self.note.strip(),
        )


@dataclass(frozen=True, slots=True)
class Bike:
    id: str
    inventory_no: str
    frame_no: str
    model: str
    is_pedelec: bool
    range_km: int | None
    odometer_km: int
    condition: BikeCondition
    next_inspection_on: date | None
    next_inspection_km: int | None
    inspection_interval_km: int | None
    season: Season | None
    note: str
    version: int

    @property
    def is_usable(self) -> bool:
        return self.condition is BikeCondition.USABLE

    @property
    def name(self) -> str:
        return f"Fahrrad {self.inventory_no}"

    def as_draft(self) -> BikeDraft:
        return BikeDraft(
            self.inventory_no,
            self.frame_no,
            self.model,
            self.is_pedelec,
            self.range_km,
            self.odometer_km,
            self.next_inspection_on,
            self.next_inspection_km,
            self.inspection_interval_km,
            self.season,
            self.note,
        )


@dataclass(frozen=True, slots=True)
class Checkout:
    """A booking (status booked) that becomes a check-out (out) and a return (returned)."""

    id: str
    bike_id: str
    officer_id: str
    shift_id: str | None
    status: CheckoutStatus
    planned_from: datetime | None = None
    planned_to: datetime | None = None
    out_at: datetime | None = None
    in_at: datetime | None = None
    km_out: int | None = None
    km_in: int | None = None
    battery_out: int | None = None
    battery_in: int | None = None
    defect: str = ""
    version: int = 1
    inventory_no: str = ""  # for lists and messages
    officer_name: str = ""  # "Nachname, Vorname"
    service_number: str = ""

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def km_driven(self) -> int | None:
        if self.km_in is None or self.km_out is None:
            return None
        return self.km_in - self.km_out

    def span(self) -> tuple[datetime, datetime] | None:
        """When the bike is taken: planned, or from the check-out until it is back."""
        start = self.out_at or self.planned_from
        if start is None:
            return None
        if self.status is CheckoutStatus.OUT:
            planned = self.planned_to
            return start, planned if planned and planned > start else start + UNPLANNED_RIDE
        end = self.in_at or self.planned_to
        return (start, end) if end is not None else (start, OPEN_END)


Booking = Checkout  # the same row before it is checked out


@dataclass(frozen=True, slots=True)
class ServiceRecord:
    """An inspection or repair (Wartung); open until ``done_on`` is set."""

    id: str
    bike_id: str
    kind: BikeServiceKind
    reported_at: datetime
    description: str
    workshop: str
    cost_cents: int | None
    odometer_km: int | None
    done_on: date | None
    checkout_id: str | None
    version: int

    @property
    def is_open(self) -> bool:
        return self.done_on is None


@dataclass(frozen=True, slots=True)
class LogbookRow:
    """One ride in a bike's logbook: who, when, km, battery, defects."""

    checkout_id: str
    officer_name: str
    service_number: str
    out_at: datetime | None
    in_at: datetime | None
    km_out: int | None
    km_in: int | None
    battery_out: int | None
    battery_in: int | None
    defect: str

    @property
    def km_driven(self) -> int | None:
        if self.km_in is None or self.km_out is None:
            return None
        return self.km_in - self.km_out


# ---------------------------------------------------------------- master data


def validate_bike(draft: BikeDraft) -> list[FieldProblem]:
    """Every rule the draft breaks, with its field (uniqueness is the service's job)."""
    problems: list[FieldProblem] = []
    if not draft.inventory_no.strip():
        problems.append(FieldProblem("inventory_no", "Inventarnummer fehlt."))
    elif len(draft.inventory_no.strip()) > 30:
        problems.append(FieldProblem("inventory_no", "Inventarnummer: höchstens 30 Zeichen."))
    if len(draft.frame_no.strip()) > 40:
        problems.append(FieldProblem("frame_no", "Rahmennummer: höchstens 40 Zeichen."))
    if draft.is_pedelec and draft.range_km is not None and not 1 <= draft.range_km <= MAX_RANGE_KM:
        problems.append(
            FieldProblem(
                "range_km", f"Reichweite {draft.range_km} km: erlaubt sind 1 bis {MAX_RANGE_KM} km."
            )
        )
    if draft.odometer_km < 0:
        problems.append(FieldProblem("odometer_km", "km-Stand darf nicht negativ sein."))
    if draft.next_inspection_km is not None and draft.next_inspection_km < 0:
        problems.append(
            FieldProblem("next_inspection_km", "Nächste Inspektion (km) darf nicht negativ sein.")
        )
    if draft.inspection_interval_km is not None and not 1 <= draft.inspection_interval_km <= 50_000:
        problems.append(
            FieldProblem("inspection_interval_km", "Inspektionsintervall: 1 bis 50.000 km.")
        )
    if draft.season is not None:
        season = draft.season
        if (season.start_month, season.start_day) == (season.end_month, season.end_day):
            problems.append(FieldProblem("season", "Saison: Beginn und Ende sind gleich."))
    return problems


def validate_odometer(
    previous: int, reading: int, field: str = "km", what: str = "km-Stand"
) -> list[FieldProblem]:
    """An odometer never runs backwards; ``field`` names the reading's field."""
    if reading < 0:
        return [FieldProblem(field, f"{what} darf nicht negativ sein.")]
    if reading < previous:
        return [
            FieldProblem(
                field, f"{what} {km(reading)} liegt unter dem letzten Stand {km(previous)}."
            )
        ]
    return []


def validate_battery(
    battery: int | None, *, is_pedelec: bool, field: str = "battery"
) -> list[FieldProblem]:
    """A pedelec's battery reading is required and a percentage."""
    if battery is None:
        return [FieldProblem(field, "Akkustand fehlt (Pedelec).")] if is_pedelec else []
    if not 0 <= battery <= 100:
        return [FieldProblem(field, f"Akkustand {battery} %: erlaubt sind 0 bis 100 %.")]
    return []


# ---------------------------------------------------------------- availability and season


def in_season(bike: Bike, day: date) -> bool:
    return bike.season is None or bike.season.contains(day)


def overlaps(a: tuple[datetime, datetime], b: tuple[datetime, datetime]) -> bool:
    """Half-open intervals: a booking ending at 14:00 and one starting at 14:00 do not clash."""
    return a[0] < b[1] and b[0] < a[1]


def availability(bike_id: str, checkouts: Iterable[Checkout], at: datetime) -> Availability:
    """Free, booked (a booking covers ``at``) or out (checked out, whatever the time)."""
    booked = False
    for checkout in checkouts:
        if checkout.bike_id != bike_id:
            continue
        if checkout.status is CheckoutStatus.OUT:
            return Availability.OUT
        span = checkout.span()
        if checkout.status is CheckoutStatus.BOOKED and span and span[0] <= at < span[1]:
            booked = True
    return Availability.BOOKED if booked else Availability.FREE


def conflicting(
    bike_id: str,
    span: tuple[datetime, datetime],
    checkouts: Iterable[Checkout],
    *,
    ignore: str | None = None,
) -> list[Checkout]:
    """Active bookings and check-outs of the bike that overlap ``span``."""
    found = []
    for checkout in checkouts:
        if checkout.bike_id != bike_id or not checkout.is_active or checkout.id == ignore:
            continue
        other = checkout.span()
        if other is not None and overlaps(span, other):
            found.append(checkout)
    return found


def double_bookings(checkouts: Iterable[Checkout]) -> list[tuple[Checkout, Checkout]]:
    """Pairs of active bookings of one bike overlapping in time, each pair ordered by id."""
    by_bike: dict[str, list[Checkout]] = defaultdict(list)
    for checkout in checkouts:
        if checkout.is_active and checkout.span() is not None:
            by_bike[checkout.bike_id].append(checkout)
    pairs: list[tuple[Checkout, Checkout]] = []
    for group in by_bike.values():
        group.sort(key=lambda c: c.id)
        for index, first in enumerate(group):
            for second in group[index + 1 :]:
                if overlaps(span_of(first), span_of(second)):
                    pairs.append((first, second))
    return sorted(pairs, key=lambda p: (p[0].id, p[1].id))


def span_of(checkout: Checkout) -> tuple[datetime, datetime]:
    span = checkout.span()
    assert span is not None
    return span


# ---------------------------------------------------------------- inspections


class InspectionState(StrEnum):
    OK = "ok"
    SOON = "soon"
    OVERDUE = "overdue"


@dataclass(frozen=True, slots=True)
class InspectionStatus:
    state: InspectionState
    message: str = ""  # German, empty when nothing is due


def inspection_due(
    bike: Bike,
    today: date,
    odometer: int | None = None,
    *,
    soon_days: int = INSPECTION_SOON_DAYS,
    soon_km: int = INSPECTION_SOON_KM,
) -> InspectionStatus:
    """Due by date or by km, whichever comes first; "soon" within 14 days (or 100 km)."""
    reading = bike.odometer_km if odometer is None else odometer
    by_date, by_km = bike.next_inspection_on, bike.next_inspection_km
    head = f"{bike.name}: Inspektion"
    if by_date is not None and by_date < today:
        return InspectionStatus(
            InspectionState.OVERDUE, f"{head} seit {by_date:%d.%m.%Y} überfällig."
        )
    if by_km is not None and reading >= by_km:
        return InspectionStatus(
            InspectionState.OVERDUE,
            f"{head} überfällig: km-Stand {km(reading)}, fällig bei {km(by_km)} km.",
        )
    if by_date is not None and by_date <= today + timedelta(days=soon_days):
        return InspectionStatus(InspectionState.SOON, f"{head} fällig am {by_date:%d.%m.%Y}.")
    if by_km is not None and reading >= by_km - soon_km:
        return InspectionStatus(InspectionState.SOON, f"{head} fällig in {km(by_km - reading)} km.")
    return InspectionStatus(InspectionState.OK)


def next_inspection(
    bike: Bike, done_on: date, odometer: int, *, interval_days: int = INSPECTION_INTERVAL_DAYS
) -> tuple[date, int | None]:
    """The counters after an inspection: one interval on from the day and the km done."""
    interval = bike.inspection_interval_km
    return done_on + timedelta(days=interval_days), (
        odometer + interval if interval is not None else None
    )


# ---------------------------------------------------------------- check-out and check-in


def due_for_check_out(booking: Checkout, at: datetime) -> bool:
    """A booking is handed out from a little before its duty starts until the duty ends."""
    span = booking.span()
    return (
        booking.status is CheckoutStatus.BOOKED
        and span is not None
        and span[0] - FETCH_BEFORE_DUTY <= at < span[1]
    )


def check_out_problems(
    bike: Bike, km_out: int, battery: int | None, *, is_out: bool
) -> list[FieldProblem]:
    """Why a bike cannot be handed out now; empty when it can. The fields are the check-out's:
    "bike_id", "km", "battery"."""
    if bike.condition is not BikeCondition.USABLE:
        return [
            FieldProblem(
                "bike_id",
                f"{bike.name} ist {bike.condition.label} und kann nicht ausgegeben werden.",
            )
        ]
    if is_out:
        return [
            FieldProblem("bike_id", f"{bike.name} ist schon ausgegeben; bitte zuerst zurücknehmen.")
        ]
    return validate_odometer(bike.odometer_km, km_out) + validate_battery(
        battery, is_pedelec=bike.is_pedelec
    )


def check_in_problems(
    checkout: Checkout, bike: Bike, at: datetime, km_in: int, battery: int | None
) -> list[FieldProblem]:
    """Why a return cannot be recorded as given; empty when it can. The fields are the
    return's: "checkout_id", "at", "km", "battery"."""
    if checkout.status is not CheckoutStatus.OUT:
        return [
            FieldProblem(
                "checkout_id",
                f"{bike.name} ist nicht ausgegeben ({checkout.status.label}); "
                "eine Rücknahme ist nicht möglich.",
            )
        ]
    problems: list[FieldProblem] = []
    if checkout.out_at is not None and at <= checkout.out_at:
        problems.append(
            FieldProblem(
                "at",
                f"Rücknahme {format_local(at)} liegt nicht nach der Ausgabe "
                f"{format_local(checkout.out_at)}.",
            )
        )
    previous = checkout.km_out if checkout.km_out is not None else 0
    problems.extend(validate_odometer(previous, km_in))
    problems.extend(validate_battery(battery, is_pedelec=bike.is_pedelec))
    return problems


# ---------------------------------------------------------------- capacity for the roster


def bike_capacity(
    duties: Sequence[DutyFact],
    bikes: Sequence[Bike],
    checkouts: Iterable[Checkout],
    crews: Mapping[str, int],
    wanted: Mapping[str, int],
) -> dict[str, int]:
    """How many of the ``wanted`` new officers each bike patrol can take, given free bikes.

    Duties are served in time order; a bike is free for a duty when it is usable, in season on
    the duty's day, and neither booked nor out for another duty at an overlapping time, nor
    taken by an earlier overlapping duty. Bookings a duty already holds count for it. ``crews``
    is the number of officers already on each duty; every rider needs a bike.
    """
    active = [c for c in checkouts if c.is_active]
    claimed: list[tuple[tuple[datetime, datetime], str]] = []  # (span, bike id)
    capacity: dict[str, int] = {}
    for duty in sorted(duties, key=lambda d: (d.starts_at, d.id)):
        if duty.kind is not ShiftKind.BIKE_PATROL:
            continue
        span = (duty.starts_at, duty.ends_at)
        own = {c.bike_id for c in active if c.shift_id == duty.id}
        free = [
            bike
            for bike in bikes
            if bike.id not in own
            and bike.is_usable
            and in_season(bike, duty.duty_date)
            and not any(
                c.bike_id == bike.id
                and c.shift_id != duty.id
                and (taken := c.span()) is not None
                and overlaps(taken, span)
                for c in active
            )
            and not any(b == bike.id and overlaps(s, span) for s, b in claimed)
        ]
        seats = len(own) + len(free)
        crew = crews.get(duty.id, 0)
        capacity[duty.id] = min(wanted.get(duty.id, 0), max(0, seats - crew))
        # The crew and the accepted newcomers ride: their bikes are taken for the span.
        needed = min(len(free), max(0, crew - len(own)) + capacity[duty.id])
        claimed.extend((span, bike.id) for bike in free[:needed])
    return capacity
