"""Shared pieces of one demo load: tunables, the summary, working state, the duty plan.

The numbers that shape the demo (weeks of roster, incidents per day, how many get notes …),
:class:`DemoSummary` that the load returns, the working records of the roster plan and the
incident generator, the unit's standing duty plan per day, and weighted random draws. Used by
demo/builder.py and demo/incidents.py.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from kod_desk.domain.enums import Role, ShiftKind, Unit
from kod_desk.services.demo.unit import BAHNHOF, INNENSTADT, KLOSTERINSEL, STADTPARK
from kod_desk.storage.repos import bulk

Progress = Callable[[int, int], None]

ACTOR = "demo"
CHUNK = bulk.CHUNK_ROWS
ROSTER_WEEKS_BEFORE = 4
ROSTER_WEEKS_AFTER = 4
MIN_SPAN_DAYS = 56
MAX_SPAN_DAYS = 5 * 365
INCIDENTS_PER_DAY = 30
# Notes and persons on every incident would dominate a million-row load; the newest few
# thousand get them richly (what a demo user opens), older ones only rarely.
RICH_WINDOW = 3_000
NOTE_SHARE_RECENT = 1 / 3
NOTE_SHARE_OLD = 0.005
PERSON_SHARE_RECENT = 0.04
VARIANTS_PER_PAIR = 24
MAX_BODY_CHARS = 325  # plus a source prefix of up to ~65 characters
MIN_REST = timedelta(hours=11)
OVERTIME = timedelta(minutes=15)
MAX_STREAK = 6


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """How many rows of each kind the demo load wrote."""

    officers: int
    areas: int
    catalog_entries: int
    bikes: int
    roster_weeks: int
    shifts: int
    assignments: int
    absences: int
    bike_checkouts: int
    bike_services: int
    incidents: int
    incident_officers: int
    incident_measures: int
    incident_notes: int
    incident_persons: int
    cases: int


# ---------------------------------------------------------------- working state


@dataclass(slots=True)
class _Staff:
    id: str
    service_number: str
    unit: Unit
    role: Role
    bike_trained: bool
    weekly_target: int
    absent: set[date] = field(default_factory=set)
    last_end: datetime | None = None
    days: set[int] = field(default_factory=set)
    per_week: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Duty:
    kind: ShiftKind
    area: str | None
    start: time
    end: time
    template: str | None
    crew_size: int  # 0: everyone of the pool who can (investigation)
    note: str = ""


@dataclass(slots=True)
class _Planned:
    id: str
    day: date
    duty: _Duty
    starts_at: datetime
    ends_at: datetime
    crew: list[str]  # officer ids, the lead first

    @property
    def kind(self) -> ShiftKind:
        return self.duty.kind

    @property
    def area(self) -> str | None:
        return self.duty.area


@dataclass(frozen=True, slots=True)
class _Variant:
    body: str
    measure_ids: tuple[str, ...]
    outcome: str


@dataclass(slots=True)
class _Cover:
    """The duties that were on the street at a local day, for linking incidents."""

    by_area: dict[tuple[str, date], list[_Planned]] = field(default_factory=dict)
    patrols: dict[date, list[_Planned]] = field(default_factory=dict)


_EARLY = (time(6), time(14), "Frühdienst")
_LATE = (time(14), time(22), "Spätdienst")
_NIGHT = (time(22), time(6), "Nachtdienst")


def _duties_for(day: date) -> list[_Duty]:
    """The demo unit's standing duty plan for one day, scarcest first (bike, night …)."""
    weekday = day.weekday()
    duties: list[_Duty] = []
    if weekday in (1, 3, 5):
        area = KLOSTERINSEL if day.toordinal() % 2 else STADTPARK
        duties.append(_Duty(ShiftKind.BIKE_PATROL, area, time(11), time(19), None, 2))
    if weekday in (4, 5):
        duties.append(_Duty(ShiftKind.PATROL, BAHNHOF, *_NIGHT, 2))
    joint = weekday in (3, 4, 5)
    duties.append(
        _Duty(
            ShiftKind.JOINT_PATROL_POLICE if joint else ShiftKind.PATROL,
            BAHNHOF,
            *_LATE,
            2,
            "Gemeinsame Streife mit der Landespolizei (PI Mitte), Treffpunkt Bahnhofsvorplatz."
            if joint
            else "",
        )
    )
    duties.append(_Duty(ShiftKind.PATROL, BAHNHOF, *_EARLY, 2))
    if weekday < 5:
        duties.append(
            _Duty(ShiftKind.CONTACT_POINT, INNENSTADT, time(10), time(18), "Ansprechstelle", 2)
        )
    if weekday < 6:
        duties.append(_Duty(ShiftKind.PATROL, INNENSTADT, *_LATE, 2))
    if weekday < 5:
        duties.append(_Duty(ShiftKind.INVESTIGATION, None, time(8), time(16, 30), "Tagdienst", 0))
        duties.append(
            _Duty(ShiftKind.OFFICE, None, time(7, 30), time(16), None, 1, "Innendienst, Verwaltung")
        )
    return duties


def _pick(cum: Sequence[float], rng: random.Random) -> int:
    """Index drawn from cumulative weights (faster than rng.choices for one draw)."""
    return bisect.bisect_right(cum, rng.random() * cum[-1])


def _cumulative(weights: Sequence[float]) -> list[float]:
    return list(itertools.accumulate(weights))
