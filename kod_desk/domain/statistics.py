"""Figures for controlling (issue 7, report 6; the Statistik page): plain values, no storage.

Everything here is aggregate: counts, hours and kilometres. No officer names, service numbers,
persons, descriptions, places or notes ever enter these types; the CSV export names incidents
and officers only by pseudonyms (:func:`pseudonym`, HMAC-SHA256 with a per-database secret).

Periods are local (Europe/Berlin) days, ``last`` inclusive. Hours of day and weekdays are local
time too; the heat map is indexed ``[weekday][hour]`` with Monday = 0.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from kod_desk.domain.enums import IncidentSource, ShiftKind
from kod_desk.domain.errors import ValidationError
from kod_desk.domain.text import german_decimal, german_int
from kod_desk.domain.timeutil import local_to_utc, to_local

MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
WEEKDAYS_SHORT = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
TREND_MONTHS = 6  # the period's month and the five before it
NO_AREA = "ohne Gebiet"
NO_CATEGORY = "ohne Kategorie"
# Duty kinds that work in an area: their hours are the "Streifenstunden" per area.
AREA_KINDS = tuple(kind for kind in ShiftKind if kind.needs_area)
# ArbZG §4 as the rules engine reads it by default: the break assumed when none is planned.
_BREAK_STEPS = ((timedelta(hours=9), 45), (timedelta(hours=6), 30))


# ---------------------------------------------------------------- months


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) the month of ``day``."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_end(day: date) -> date:
    """The last day of the month of ``day``."""
    return add_months(day, 1) - timedelta(days=1)


def month_label(day: date) -> str:
    """ "Juni 2025"."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def month_short(day: date) -> str:
    """ "Jun 25" for chart axes."""
    return f"{MONTHS[day.month - 1][:3]} {day:%y}"


def is_whole_month(first: date, last: date) -> bool:
    """``first`` … ``last`` is one calendar month."""
    return first == month_start(first) and last == month_end(first)


def comparison_days(month: date, today: date) -> tuple[date, date, bool]:
    """(last day counted of the month, last day counted of the month before, running).

    A finished (or future) month counts whole months. The running month — the one with
    ``today`` — counts its days up to today against the same days of the month before (its
    last day when it is shorter: 31 March compares with 1–28 February)."""
    first, last = month_start(month), month_end(month)
    before = add_months(first, -1)
    if not first <= today <= last:
        return last, month_end(before), False
    same_day = min(today.day, month_end(before).day)
    return today, before.replace(day=same_day), True


def trend_months(last: date) -> tuple[date, ...]:
    """First days of the month of ``last`` and the five months before it, oldest first."""
    return tuple(add_months(last, -n) for n in range(TREND_MONTHS - 1, -1, -1))


def local_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """UTC [start, end) of the local days ``first`` … ``last`` (inclusive)."""
    return local_to_utc(first, time(0)), local_to_utc(last + timedelta(days=1), time(0))


# ---------------------------------------------------------------- filter


@dataclass(frozen=True, slots=True)
class StatisticsFilter:
    """What the figures cover: local days ``first`` … ``last`` (inclusive); empty id tuples
    mean every area / every category.

    The area filter narrows incident figures, patrol hours, joint patrols and bike km (via the
    duty a bike was booked to); the category filter narrows the incident figures only.
    """

    first: date
    last: date
    area_ids: tuple[str, ...] = ()
    category_ids: tuple[str, ...] = ()

    @classmethod
    def month(
        cls, day: date, area_ids: tuple[str, ...] = (), category_ids: tuple[str, ...] = ()
    ) -> StatisticsFilter:
        """The calendar month that contains ``day``."""
        return cls(month_start(day), month_end(day), area_ids, category_ids)

    def problems(self) -> list[str]:
        if self.last < self.first:
            return ["Zeitraum: Das Ende liegt vor dem Beginn."]
        return []

    def normalized(self) -> StatisticsFilter:
        return StatisticsFilter(
            self.first,
            self.last,
            tuple(sorted(set(self.area_ids))),
            tuple(sorted(set(self.category_ids))),
        )

    def check(self) -> StatisticsFilter:
        """The normalised filter, or a :class:`ValidationError` with a German message."""
        problems = self.problems()
        if problems:
            raise ValidationError(problems)
        return self.normalized()

    @property
    def period_label(self) -> str:
        """ "Juni 2025" for a whole month, else "01.06.2025–15.06.2025"."""
        if is_whole_month(self.first, self.last):
            return month_label(self.first)
        return f"{self.first:%d.%m.%Y}–{self.last:%d.%m.%Y}"

    def as_json(self) -> dict[str, object]:
        """For the audit log of an export (ids only, no data)."""
        return {
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
            "area_ids": list(self.area_ids),
            "category_ids": list(self.category_ids),
        }


# ---------------------------------------------------------------- figures


@dataclass(frozen=True, slots=True)
class Choice:
    """An area or catalogue entry by id and name; ``id`` None is "ohne Gebiet/Kategorie"."""

    id: str | None
    name: str
    active: bool = True


@dataclass(frozen=True, slots=True)
class StatisticsChoices:
    """What the filter combos offer, in catalogue order (areas by priority and name)."""

    areas: tuple[Choice, ...]
    categories: tuple[Choice, ...]


@dataclass(frozen=True, slots=True)
class CrossTable:
    """Incident counts, categories (rows) × areas (columns); ``counts[row][column]``."""

    rows: tuple[Choice, ...]
    columns: tuple[Choice, ...]
    counts: tuple[tuple[int, ...], ...]

    @property
    def row_totals(self) -> tuple[int, ...]:
        return tuple(sum(row) for row in self.counts)

    @property
    def column_totals(self) -> tuple[int, ...]:
        return tuple(sum(row[c] for row in self.counts) for c in range(len(self.columns)))

    @property
    def total(self) -> int:
        return sum(self.row_totals)

    def count(self, category_id: str | None, area_id: str | None) -> int:
        rows = [r.id for r in self.rows]
        columns = [c.id for c in self.columns]
        if category_id not in rows or area_id not in columns:
            return 0
        return self.counts[rows.index(category_id)][columns.index(area_id)]


@dataclass(frozen=True, slots=True)
class NamedCount:
    """A count per catalogue entry (measures) or bike; ``id`` is the entry's id."""

    id: str
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class SourceCount:
    source: IncidentSource
    count: int


@dataclass(frozen=True, slots=True)
class MonthCount:
    month: date  # the first day of the month
    count: int


@dataclass(frozen=True, slots=True)
class MonthComparison:
    """A month's incidents against the month before (see :func:`comparison_days`)."""

    month: date  # the first day of the compared month
    through: date  # the last day counted: today in the running month, else the month's last
    previous_through: date  # the last day counted of the month before
    running: bool  # the month has not ended: its days so far against the same days before
    count: int
    previous: int

    @property
    def label(self) -> str:
        """ "bis 07.12. (laufender Monat)" for the running month, else ""."""
        return f"bis {self.through:%d.%m.} (laufender Monat)" if self.running else ""

    @property
    def previous_label(self) -> str:
        """ "Vormonat bis 07.11." for the running month, else "Vormonat"."""
        return f"Vormonat bis {self.previous_through:%d.%m.}" if self.running else "Vormonat"

    @property
    def change(self) -> str:
        """ "+12 (+20,7 %)", "−5 (−8,1 %)", "±0 (±0,0 %)"; "–" without a month before."""
        if not self.previous:
            return "–"
        delta = self.count - self.previous
        return f"{self._sign}{german_int(abs(delta))} ({self.percent})"

    @property
    def percent(self) -> str:
        """ "+20,7 %", "−8,1 %", "±0,0 %"; "–" without a month before."""
        if not self.previous:
            return "–"
        return f"{self._sign}{share(abs(self.count - self.previous), self.previous)}"

    @property
    def _sign(self) -> str:
        delta = self.count - self.previous
        return "+" if delta > 0 else ("±" if delta == 0 else "−")


@dataclass(frozen=True, slots=True)
class PatrolHours:
    """Duties of one kind in one area: how many, and their hours.

    ``duty_hours`` counts each duty once (from the earliest start to the latest end of its
    crew, actual times where recorded, else planned, minus the planned break);
    ``person_hours`` adds up every crew member's own time (actual where recorded, else
    planned, minus the recorded or planned break). Without a planned break the legal minimum
    of §4 ArbZG is assumed. Duties without crew are not counted.
    """

    area: Choice
    kind: ShiftKind
    duties: int
    duty_hours: float
    person_hours: float


@dataclass(frozen=True, slots=True)
class BikeKm:
    """Kilometres of returned check-outs that started in the period, per bike."""

    bike_id: str
    inventory_no: str  # the fleet's inventory number (bikes are no personal data)
    trips: int
    km: int


@dataclass(frozen=True, slots=True)
class PatrolTotal:
    duties: int
    duty_hours: float
    person_hours: float


@dataclass(frozen=True, slots=True)
class Figures:
    """Everything the monthly statistics and the Statistik page show for one filter."""

    filter: StatisticsFilter
    by_category_area: CrossTable
    # [weekday 0=Mo … 6=So][local hour 0 … 23]
    by_weekday_hour: tuple[tuple[int, ...], ...]
    trend: tuple[MonthCount, ...]  # TREND_MONTHS entries, oldest first, same area/category
    patrol_hours: tuple[PatrolHours, ...]  # area order, then kind order
    measures: tuple[NamedCount, ...]  # catalogue order; how often each measure was taken
    bike_km: tuple[BikeKm, ...]  # by inventory number
    sources: tuple[SourceCount, ...]  # every source, enum order
    areas: tuple[Choice, ...] = field(default=())  # the areas the filter covers
    comparison: MonthComparison | None = None  # a whole-month filter against the month before

    @property
    def total(self) -> int:
        """Live incidents in the period (and areas/categories of the filter)."""
        return self.by_category_area.total

    @property
    def hour_totals(self) -> tuple[int, ...]:
        return tuple(sum(day[h] for day in self.by_weekday_hour) for h in range(24))

    @property
    def weekday_totals(self) -> tuple[int, ...]:
        return tuple(sum(day) for day in self.by_weekday_hour)

    @property
    def peak(self) -> tuple[int, int, int] | None:
        """(weekday, hour, count) of the busiest cell; None without incidents."""
        best = max(
            ((d, h, n) for d, day in enumerate(self.by_weekday_hour) for h, n in enumerate(day)),
            key=lambda cell: (cell[2], -cell[0], -cell[1]),
            default=None,
        )
        return best if best is not None and best[2] > 0 else None

    @property
    def patrol_total(self) -> PatrolTotal:
        return _patrol_sum(self.patrol_hours)

    @property
    def joint_patrols(self) -> PatrolTotal:
        """Gemeinsame Streifen mit der Polizei: duties and hours."""
        return _patrol_sum(
            [p for p in self.patrol_hours if p.kind is ShiftKind.JOINT_PATROL_POLICE]
        )

    def patrol_by_area(self) -> tuple[tuple[Choice, PatrolTotal], ...]:
        order: dict[str | None, Choice] = {}
        for entry in self.patrol_hours:
            order.setdefault(entry.area.id, entry.area)
        return tuple(
            (area, _patrol_sum([p for p in self.patrol_hours if p.area.id == area.id]))
            for area in order.values()
        )

    @property
    def bike_km_total(self) -> int:
        return sum(b.km for b in self.bike_km)

    @property
    def measures_total(self) -> int:
        return sum(m.count for m in self.measures)


def _patrol_sum(entries: list[PatrolHours] | tuple[PatrolHours, ...]) -> PatrolTotal:
    return PatrolTotal(
        sum(e.duties for e in entries),
        round(sum(e.duty_hours for e in entries), 2),
        round(sum(e.person_hours for e in entries), 2),
    )


# ---------------------------------------------------------------- hours of duties


def assumed_break_minutes(span: timedelta) -> int:
    """The smallest legal break (§4 ArbZG) for a presence of ``span``."""
    for minutes in (0, 30, 45):
        work = span - timedelta(minutes=minutes)
        needed = next((m for limit, m in _BREAK_STEPS if work > limit), 0)
        if minutes >= needed:
            return minutes
    return 45


def work_hours(start: datetime, end: datetime, break_minutes: int | None) -> float:
    """Hours from ``start`` to ``end`` minus the break (the legal minimum when None)."""
    span = max(end - start, timedelta(0))
    pause = assumed_break_minutes(span) if break_minutes is None else max(break_minutes, 0)
    return max(span - timedelta(minutes=pause), timedelta(0)).total_seconds() / 3600


@dataclass(frozen=True, slots=True)
class DutyWork:
    """One crew member on one duty as the repository reads it (no officer named)."""

    shift_id: str
    kind: ShiftKind
    area_id: str
    planned_start: datetime
    planned_end: datetime
    planned_break: int | None
    actual_start: datetime | None
    actual_end: datetime | None
    actual_break: int | None


def patrol_hours(work: list[DutyWork], areas: tuple[Choice, ...]) -> tuple[PatrolHours, ...]:
    """Sum duty and person hours per (area, kind), in area order then kind order."""
    per_duty: dict[str, list[DutyWork]] = {}
    for row in work:
        per_duty.setdefault(row.shift_id, []).append(row)
    sums: dict[tuple[str, ShiftKind], list[float]] = {}
    for crew in per_duty.values():
        head = crew[0]
        start = min(r.actual_start or r.planned_start for r in crew)
        end = max(r.actual_end or r.planned_end for r in crew)
        person = sum(
            work_hours(
                r.actual_start or r.planned_start,
                r.actual_end or r.planned_end,
                r.actual_break if r.actual_break is not None else r.planned_break,
            )
            for r in crew
        )
        entry = sums.setdefault((head.area_id, head.kind), [0, 0.0, 0.0])
        entry[0] += 1
        entry[1] += work_hours(start, end, head.planned_break)
        entry[2] += person
    names = {a.id: a for a in areas}
    area_order = [a.id for a in areas]
    kind_order = list(ShiftKind)
    keys = sorted(
        sums,
        key=lambda k: (
            area_order.index(k[0]) if k[0] in area_order else len(area_order),
            kind_order.index(k[1]),
        ),
    )
    return tuple(
        PatrolHours(
            names.get(area_id, Choice(area_id, "unbekanntes Gebiet")),
            kind,
            int(sums[(area_id, kind)][0]),
            round(sums[(area_id, kind)][1], 2),
            round(sums[(area_id, kind)][2], 2),
        )
        for area_id, kind in keys
    )


# ---------------------------------------------------------------- local time buckets


def weekday_hour_matrix(utc_hours: list[tuple[datetime, int]]) -> tuple[tuple[int, ...], ...]:
    """Counts per UTC hour (aware, whole hours) as local [weekday][hour].

    Berlin is a whole number of hours off UTC all year, so each UTC hour falls into exactly
    one local hour; across the DST changes the offset is taken per bucket.
    """
    grid = [[0] * 24 for _ in range(7)]
    for moment, count in utc_hours:
        local = to_local(moment)
        grid[local.weekday()][local.hour] += count
    return tuple(tuple(row) for row in grid)


# ---------------------------------------------------------------- pseudonyms and formats


def pseudonym(secret: bytes, kind: str, row_id: str, prefix: str) -> str:
    """A stable pseudonym: the same secret, kind and id give the same text, e.g. "D-3F9A0C21B7".

    HMAC-SHA256 keeps ids unguessable without the secret (ids are not secret in themselves,
    but a pseudonym must not be reversible by trying every officer's id).
    """
    digest = hmac.new(secret, f"{kind}:{row_id}".encode(), hashlib.sha256).hexdigest()
    return f"{prefix}-{digest[:10].upper()}"


def incident_pseudonym(secret: bytes, incident_id: str) -> str:
    return pseudonym(secret, "incident", incident_id, "V")


def officer_pseudonym(secret: bytes, officer_id: str) -> str:
    return pseudonym(secret, "officer", officer_id, "D")


def german_hours(value: float) -> str:
    """1234.25 → "1.234,3" (one decimal, halves rounded up as on paper)."""
    return german_decimal(value, 1)


def share(part: int, whole: int) -> str:
    """ "12,3 %" (one decimal), "–" for an empty whole."""
    if not whole:
        return "–"
    return f"{german_decimal(100 * part / whole, 1)} %"
