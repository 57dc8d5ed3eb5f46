"""Service bikes as plain values, and their rules (DESIGN.md §6). No storage, no Qt.

Availability (free, booked, out) is derived from the check-outs; condition (usable, defect, in
repair, retired) is kept on the bike. The two never mix: a defect bike can still be "out" until it
comes back, and a usable bike can be booked.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from kod_desk.domain.enums import BikeCondition, BikeServiceKind, CheckoutStatus, ShiftKind
from kod_desk.domain.errors import FieldProblem, ValidationError
from kod_desk.domain.roster import DutyFact, Finding, OfficerFact
from kod_desk.domain.text import german_decimal, german_int
from kod_desk.domain.timeutil import format_local, to_local

TYPICAL_PATROL_SPEED_KMH = 12.0
INSPECTION_SOON_DAYS = 14
INSPECTION_SOON_KM = 100
INSPECTION_INTERVAL_DAYS = 365
MAX_RANGE_KM = 300

# The fastest average a ride can have, from check-out to return (stops included): a pedelec's
# motor helps up to 25 km/h (the legal limit), and nobody keeps 20 km/h on a bike without one
# over a patrol. A faster ride is a mistyped km reading or time: the form asks before saving.
MAX_AVERAGE_SPEED_PEDELEC_KMH = 25
MAX_AVERAGE_SPEED_BIKE_KMH = 20
# Readings are whole km and times whole minutes: one of each is rounding, not speed.
READING_SLACK_KM = 1
READING_SLACK = timedelta(minutes=1)

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
                if overlaps(_span(first), _span(second)):
                    pairs.append((first, second))
    return sorted(pairs, key=lambda p: (p[0].id, p[1].id))


def _span(checkout: Checkout) -> tuple[datetime, datetime]:
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


def max_average_speed(bike: Bike) -> int:
    """The fastest plausible average of a ride on ``bike`` in km/h."""
    return MAX_AVERAGE_SPEED_PEDELEC_KMH if bike.is_pedelec else MAX_AVERAGE_SPEED_BIKE_KMH


def implausible_ride(
    bike: Bike, out_at: datetime | None, in_at: datetime, km_out: int | None, km_in: int
) -> str | None:
    """A German warning when more km were ridden than ``bike`` can do in the time it was out.

    None when the ride is plausible (or cannot be judged: no check-out time or reading).
    """
    if out_at is None or km_out is None or in_at <= out_at:
        return None
    ridden = km_in - km_out
    out_for = in_at - out_at
    limit = max_average_speed(bike)
    hours = (out_for + READING_SLACK).total_seconds() / 3600
    if ridden <= limit * hours + READING_SLACK_KM:
        return None
    speed = ridden / (out_for.total_seconds() / 3600)
    kind = "Pedelec" if bike.is_pedelec else "Fahrrad ohne Motor"
    return (
        f"{km(ridden)} km in {_duration(out_for)} wären im Schnitt {km(round(speed))} km/h – "
        f"ein {kind} schafft höchstens {limit} km/h."
    )


def _duration(span: timedelta) -> str:
    """German: "1 Minute", "45 Minuten", "2 Std. 5 Min."."""
    minutes = max(1, round(span.total_seconds() / 60))
    if minutes < 60:
        return "1 Minute" if minutes == 1 else f"{minutes} Minuten"
    hours, rest = divmod(minutes, 60)
    return f"{hours} Std. {rest} Min." if rest else f"{hours} Std."


def range_warning(
    bike: Bike, starts_at: datetime, ends_at: datetime, speed_kmh: float = TYPICAL_PATROL_SPEED_KMH
) -> str | None:
    """A pedelec's range against a duty ridden at a typical patrol speed (a warning only)."""
    if not bike.is_pedelec or bike.range_km is None:
        return None
    hours = (ends_at - starts_at).total_seconds() / 3600
    needed = hours * speed_kmh
    if needed <= bike.range_km:
        return None
    return (
        f"{bike.name}: {_hours(hours)} Std. Dienst bei {_hours(speed_kmh)} km/h ≈ "
        f"{km(round(needed))} km, Reichweite nur {km(bike.range_km)} km."
    )


def _hours(value: float) -> str:
    return german_decimal(value, 1, trim=True)


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
        span = _span(booking)
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
        span = _span(booking)
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
