"""Vorschlag: fill the open slots of a roster week with a plan without rule errors (issue 3.5).

The solver is OR-Tools CP-SAT. A week is a small assignment problem with hard pairwise
conflicts (rest, overlap, one duty a day), a conditional average (§6 night work) and a
two-level objective; CP-SAT's LP relaxation, clause learning and large-neighbourhood search
handle exactly that, and prove optimality on realistic weeks, which a home-made search would
not. ``ortools`` (with numpy and pandas, ~0.3 s) is imported inside :func:`_solve` only, so
importing this module stays cheap.

Model of one week (Monday to Sunday):

* A Boolean ``x[o, d]`` for every officer ``o`` who may take an open slot of duty ``d``.
  Open slots: ``max(min_staff, patrol_min_officers for the settings' patrol kinds) − crew``
  (the kinds the ``double_patrol`` rule checks). No variable at all (pre-filtered, and
  counted for the reason of an unfilled slot): inactive officers, officers already on
  ``d``, missing bike training (``bike_training``), an absence (``absence``), a conflict
  with any duty the officer already has in the facts – same duty date, overlap, or less
  than the rest time before or after it, including duties before and after the week
  (``overlap``, ``rest_11h``) – and duties that break a rule for anyone (e.g. longer than
  10 h: ``max_daily_hours``), found by checking the duty alone.
* Hard: at most the open slots per duty; one duty per officer and duty date (so a day's
  hours are one duty's and ``max_daily_hours``/``night_hours`` per day need nothing more);
  rest and overlap between candidate duties of different days as clique constraints; the
  4-week night-work average (``night_hours``) as a linear constraint enforced when the
  officer works nights in that week.
* Objective, lexicographic in two solves: (1) as many slots filled as the hard rules allow –
  ``min_staff``/``double_patrol`` are soft, so an impossible slot becomes "unfilled with a
  reason" instead of an infeasible model; (2) with that many filled, the least cost of:
  the week's hours against the contract (convex piecewise-linear under/over, so deviations
  are spread, and minutes above 48 h), night and weekend duties (the j-th one of an officer
  costs more the more they had in the last four weeks and this week), more than six duty
  days in a row, and a kind of duty the officer has never done in the history (so an
  investigator lands on a night patrol only when nobody else can).
* Existing assignments are constants: a suggestion only adds, never removes.

A greedy plan (chronological, scarcest duty first, each slot to the officer it costs least)
is the complete start hint; when it already fills every slot, the first solve is skipped.

Afterwards the proposals are checked with :func:`roster_rules.check`; a proposal that still
causes a new error (a rule the model does not know) is dropped and reported as unfilled with
the finding's message. ``SuggestStats.dropped`` counts them; the tests expect 0.
"""

from __future__ import annotations

import time as clock
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from kod_desk.domain.enums import ShiftKind
from kod_desk.domain.roster import AssignmentFact, DutyFact, Finding, OfficerFact, RosterFacts
from kod_desk.domain.roster_rules import (
    DEFAULT_SETTINGS,
    ERROR,
    RuleSettings,
    check,
    public_holidays,
)
from kod_desk.domain.timeutil import local_to_utc, to_local

DEFAULT_TIME_LIMIT = 8.0  # seconds; issue 3 asks for a week in under 10 s
DEFAULT_WORKERS = 2  # this machine has two cores; more workers would only compete
DEFAULT_SEED = 20261130
FILL_SHARE = 0.4  # of the time limit, at most, for the first solve (filling)

# Objective weights, in "minutes below the contract hours". W_UNFILLED only scores
# SuggestStats.objective: filling is its own, first solve.
W_UNFILLED = 1_000_000
# Deviation from the week's contract hours, per minute, by segment (up to this share of the
# contract hours, weight): steeper further out, like a squared deviation but with a tight LP
# bound. The first segment is the rules' own tolerance (no warning inside it).
UNDER_SEGMENTS: tuple[tuple[float | None, int], ...] = ((0.10, 1), (0.25, 3), (0.50, 6), (None, 10))
OVER_SEGMENTS: tuple[tuple[float | None, int], ...] = ((0.10, 2), (0.25, 6), (None, 12))
W_ABOVE_48 = 10  # per minute above the weekly maximum (a warning of the rules)
W_NIGHT = 120  # × the officer's nights so far (4 weeks + this one): convex spreading
W_WEEKEND = 120  # the same for Saturday, Sunday and holiday duties
W_NEW_KIND = 240  # a kind of duty the officer has not done in the history
W_CONSECUTIVE = 600  # a run of duty days longer than the rules allow (a warning)

FAIRNESS_DAYS = 28  # nights and weekends of the last four weeks count towards balance
KNOWN_KINDS_MIN = 3  # with fewer duties in the history, every kind is fine
_DAY = timedelta(days=1)
_STAFF_RULES = frozenset({"min_staff", "double_patrol"})
_PROBE = "\x00probe"


# ---------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class ProposedAssignment:
    shift_id: str
    officer_id: str
    is_lead: bool = False


@dataclass(frozen=True, slots=True)
class UnfilledSlot:
    shift_id: str
    missing: int
    reason: str  # German, for the supervisor


@dataclass(frozen=True, slots=True)
class OfficerLoad:
    """One eligible officer's week with the suggestion applied."""

    officer_id: str
    service_number: str
    name: str
    target_hours: float  # contract hours of the week without absence days and holidays
    planned_hours: float  # existing plus proposed duties of the week
    proposed: int
    nights: int
    weekend_duties: int

    @property
    def deviation_hours(self) -> float:
        return self.planned_hours - self.target_hours


@dataclass(frozen=True, slots=True)
class SuggestStats:
    needed_slots: int
    filled_slots: int
    max_deviation_hours: float  # |planned − contract| over the eligible officers
    mean_deviation_hours: float
    solve_seconds: float  # model, start plan and CP-SAT
    total_seconds: float  # model building, solving and verification
    # OPTIMAL (proven), FEASIBLE (best at the time limit), START_PLAN (the greedy or first
    # solve's plan: the balancing solve found nothing in time), NO_SLOTS (nothing to fill)
    status: str
    objective: float = 0.0  # W_UNFILLED per unfilled slot plus the balance cost
    bound: float = 0.0  # the best proven lower bound of the objective
    dropped: int = 0  # proposals the verification removed; 0 unless the model misses a rule

    @property
    def proven_optimal(self) -> bool:
        return self.status in ("OPTIMAL", "NO_SLOTS")


@dataclass(frozen=True, slots=True)
class Suggestion:
    monday: date
    proposals: tuple[ProposedAssignment, ...]
    unfilled: tuple[UnfilledSlot, ...]
    stats: SuggestStats
    loads: tuple[OfficerLoad, ...] = field(default=())


# ---------------------------------------------------------------- durations


def duty_heading(duty: DutyFact) -> str:
    """ "Radstreife Klosterinsel 26.11. 11:00–19:00", as the roster names a duty."""
    title = duty.label or (f"{duty.kind.label} {duty.area}" if duty.area else duty.kind.label)
    start, end = to_local(duty.starts_at), to_local(duty.ends_at)
    return f"{title} {duty.duty_date:%d.%m.} {start:%H:%M}–{end:%H:%M}"


def _seconds(span: timedelta) -> int:
    return int(span.total_seconds())


def _minutes(seconds: int) -> int:
    """Whole minutes, rounded up: the model may overestimate work, never underestimate it."""
    return -(-seconds // 60)


def _assumed_break(span: timedelta, settings: RuleSettings) -> int:
    """The legal minimum for a duty without a planned break, as roster_rules assumes it."""

    def required(work: timedelta) -> int:
        if work > timedelta(hours=settings.long_break_threshold_hours):
            return settings.long_break_minutes
        if work > timedelta(hours=settings.break_threshold_hours):
            return settings.break_minutes
        return 0

    for minutes in sorted({0, settings.break_minutes, settings.long_break_minutes}):
        if minutes >= required(span - timedelta(minutes=minutes)):
            return minutes
    return max(settings.break_minutes, settings.long_break_minutes)


def work_seconds(duty: DutyFact, settings: RuleSettings = DEFAULT_SETTINGS) -> int:
    """Planned work of one officer on the duty: presence minus the planned or assumed break."""
    span = max(duty.ends_at - duty.starts_at, timedelta(0))
    minutes = duty.break_minutes
    if minutes is None:
        minutes = _assumed_break(span, settings)
    return _seconds(span - min(timedelta(minutes=max(minutes, 0)), span))


def _night_seconds(duty: DutyFact, settings: RuleSettings) -> int:
    """Real time of the duty inside the local night windows (23–06 by default)."""
    start, end = duty.starts_at, duty.ends_at
    night_start, night_end = settings.night_start_hour, settings.night_end_hour
    total = 0
    day = to_local(start).date() - _DAY
    while day <= to_local(end).date():
        window_end_day = day + _DAY if night_start > night_end else day
        overlap = min(end, local_to_utc(window_end_day, time(night_end))) - max(
            start, local_to_utc(day, time(night_start))
        )
        total += max(_seconds(overlap), 0)
        day += _DAY
    return total


def _werktage(first: date, last: date) -> int:
    """Mondays to Saturdays in [first, last]."""
    return sum(1 for n in range((last - first).days + 1) if (first + n * _DAY).weekday() != 6)


# ---------------------------------------------------------------- the week's facts


@dataclass(slots=True)
class _Duty:
    fact: DutyFact
    crew: frozenset[str]
    has_lead: bool
    required: int
    open: int
    minutes: int  # planned work, rounded up
    night: bool
    weekend: bool


@dataclass(slots=True)
class _Officer:
    fact: OfficerFact
    duties: list[DutyFact]  # every duty of the officer in the facts (planned times)
    days: set[date]  # their duty dates
    absent: set[date]
    kinds: dict[ShiftKind, int]  # duties per kind before the week
    target: int  # minutes of contract work in the week
    week_minutes: int  # existing work in the week
    nights_before: int  # nights of the last four weeks and existing ones of this week
    weekends_before: int

    @property
    def knows_kinds(self) -> bool:
        return sum(self.kinds.values()) >= KNOWN_KINDS_MIN


@dataclass(slots=True)
class _Exclusions:
    """Why officers cannot take a duty at all (for the reason of an unfilled slot)."""

    absent: int = 0
    untrained: int = 0
    busy: int = 0  # another duty that day, an overlap or too little rest
    intrinsic: Finding | None = None
    started: bool = False


class _Week:
    """The facts of one week as the model needs them: duties, officers, candidates."""

    def __init__(
        self,
        facts: RosterFacts,
        monday: date,
        settings: RuleSettings,
        eligible: Collection[str] | None,
        not_before: datetime | None,
    ) -> None:
        self.facts = facts
        self.monday = monday
        self.sunday = monday + 6 * _DAY
        self.settings = settings
        self.rest = timedelta(hours=settings.min_rest_hours)
        self.holidays: set[date] = set()
        for year in {(monday - FAIRNESS_DAYS * _DAY).year, monday.year, self.sunday.year}:
            self.holidays |= set(public_holidays(year))
        self._nights: dict[str, bool] = {}
        duty_by_id = {duty.id: duty for duty in facts.duties}
        crews: dict[str, dict[str, AssignmentFact]] = defaultdict(dict)
        by_officer: dict[str, list[DutyFact]] = defaultdict(list)
        for assignment in facts.assignments:
            duty = duty_by_id.get(assignment.shift_id)
            if duty is not None and assignment.officer_id not in crews[duty.id]:
                crews[duty.id][assignment.officer_id] = assignment
                by_officer[assignment.officer_id].append(duty)
        self.duties: dict[str, _Duty] = {}
        for duty in sorted(facts.duties, key=lambda d: (d.starts_at, d.ends_at, d.id)):
            if monday <= duty.duty_date <= self.sunday:
                self.duties[duty.id] = self._duty(duty, crews.get(duty.id, {}))
        absent: dict[str, set[date]] = defaultdict(set)
        for absence in facts.absences:
            for n in range((absence.ends_on - absence.starts_on).days + 1):
                absent[absence.officer_id].add(absence.starts_on + n * _DAY)
        self.officers = {
            officer.id: self._officer(officer, by_officer[officer.id], absent[officer.id])
            for officer in sorted(facts.officers, key=lambda o: (o.service_number, o.id))
            if eligible is None or officer.id in eligible
        }
        self.exclusions: dict[str, _Exclusions] = {}
        self.candidates: dict[str, list[str]] = {}  # duty id → officer ids
        for item in self.duties.values():
            if item.open > 0:
                self._find_candidates(item, not_before)

    def is_night(self, duty: DutyFact) -> bool:
        """§2 (4) ArbZG night work: more than 2 h of night time."""
        known = self._nights.get(duty.id)
        if known is None:
            limit = 60 * self.settings.night_work_min_minutes
            known = self._nights[duty.id] = _night_seconds(duty, self.settings) > limit
        return known

    def is_weekend(self, duty: DutyFact) -> bool:
        return duty.duty_date.weekday() >= 5 or duty.duty_date in self.holidays

    def _duty(self, duty: DutyFact, crew: dict[str, AssignmentFact]) -> _Duty:
        required = duty.min_staff
        if duty.kind in self.settings.patrol_kinds:
            required = max(required, self.settings.patrol_min_officers)
        return _Duty(
            fact=duty,
            crew=frozenset(crew),
            has_lead=any(a.is_lead for a in crew.values()),
            required=required,
            open=max(required - len(crew), 0),
            minutes=_minutes(work_seconds(duty, self.settings)),
            night=self.is_night(duty),
            weekend=self.is_weekend(duty),
        )

    def _officer(self, officer: OfficerFact, duties: list[DutyFact], absent: set[date]) -> _Officer:
        fair_from = self.monday - FAIRNESS_DAYS * _DAY
        kinds: dict[ShiftKind, int] = defaultdict(int)
        recent: list[DutyFact] = []
        week_seconds = 0
        for duty in duties:
            if duty.duty_date < self.monday:
                kinds[duty.kind] += 1
            if fair_from <= duty.duty_date <= self.sunday:
                recent.append(duty)
            if self.monday <= duty.duty_date <= self.sunday:
                week_seconds += work_seconds(duty, self.settings)
        contract_days = sum(
            1
            for n in range(5)
            if (day := self.monday + n * _DAY) not in absent and day not in self.holidays
        )
        target = max(officer.weekly_hours, 0.0) * 60 / 5 * contract_days
        return _Officer(
            fact=officer,
            duties=duties,
            days={d.duty_date for d in duties},
            absent=absent,
            kinds=dict(kinds),
            target=round(target),
            week_minutes=_minutes(week_seconds),
            nights_before=sum(1 for d in recent if self.is_night(d)),
            weekends_before=sum(1 for d in recent if self.is_weekend(d)),
        )

    # ------------------------------------------------------------ candidates

    def _intrinsic(self, duty: DutyFact) -> Finding | None:
        """An error any officer would get on this duty alone (e.g. more than 10 h)."""
        probe = OfficerFact(_PROBE, "", _PROBE, 0.0, True)
        facts = RosterFacts((duty,), (AssignmentFact(duty.id, probe.id),), (probe,))
        for finding in check(facts, self.settings):
            if finding.severity == ERROR and finding.rule not in _STAFF_RULES:
                return replace(finding, message=finding.message.replace(f" ({_PROBE})", ""))
        return None

    def conflicts(self, duty: DutyFact, other: DutyFact) -> bool:
        """Same duty date, overlapping, or less rest between them (either order)."""
        if duty.duty_date == other.duty_date:
            return True
        if duty.starts_at < other.ends_at and other.starts_at < duty.ends_at:
            return True
        first, second = (other, duty) if other.starts_at <= duty.starts_at else (duty, other)
        return second.starts_at - first.ends_at < self.rest

    @staticmethod
    def _absent_during(officer: _Officer, duty: DutyFact) -> bool:
        """The duty has time on a local day of an absence (as the ``absence`` rule sees it)."""
        if not officer.absent:
            return False
        day = to_local(duty.starts_at).date() - _DAY
        while local_to_utc(day, time(0)) < duty.ends_at:
            if day in officer.absent and duty.starts_at < local_to_utc(day + _DAY, time(0)):
                return True
            day += _DAY
        return False

    def _find_candidates(self, duty: _Duty, not_before: datetime | None) -> None:
        excluded = self.exclusions[duty.fact.id] = _Exclusions()
        found = self.candidates[duty.fact.id] = []
        if not_before is not None and duty.fact.starts_at < not_before:
            excluded.started = True
            return
        excluded.intrinsic = self._intrinsic(duty.fact)
        if excluded.intrinsic is not None:
            return
        bike = duty.fact.kind in self.settings.bike_kinds
        for officer in self.officers.values():
            if officer.fact.id in duty.crew:
                continue
            if bike and not officer.fact.has_bike_training:
                excluded.untrained += 1
            elif self._absent_during(officer, duty.fact):
                excluded.absent += 1
            elif any(self.conflicts(duty.fact, other) for other in officer.duties):
                excluded.busy += 1
            else:
                found.append(officer.fact.id)

    def candidate_duties(self) -> dict[str, list[_Duty]]:
        """Officer id → the duties they may take, in time order."""
        result: dict[str, list[_Duty]] = defaultdict(list)
        for duty_id, officer_ids in self.candidates.items():
            for officer_id in officer_ids:
                result[officer_id].append(self.duties[duty_id])
        return dict(result)

    def night_caps(self, officer: _Officer, duties: Sequence[_Duty]) -> list[tuple[int, bool]]:
        """§6: the most new work (minutes) the week may add, and whether even without nights.

        In a week with night work the 4-week average must stay within its limit. The target
        week lies in the windows of itself and the next ``weeks − 1`` weeks; a later week
        matters when the officer already works nights there (e.g. next Monday). ``False``:
        the cap applies only when the officer gets a new night duty.
        """
        settings = self.settings
        weeks = settings.night_average_weeks
        any_new_night = any(d.night for d in duties)
        longest: dict[date, int] = defaultdict(int)
        for duty in duties:  # one duty a day: the most a week can add is each day's longest
            longest[duty.fact.duty_date] = max(longest[duty.fact.duty_date], duty.minutes)
        most = sum(longest.values())
        caps = []
        for offset in range(weeks):
            monday = self.monday + 7 * offset * _DAY
            last = monday + 6 * _DAY
            first = last - (7 * weeks - 1) * _DAY
            existing = [d for d in officer.duties if first <= d.duty_date <= last]
            nights = any(monday <= d.duty_date and self.is_night(d) for d in existing)
            if not nights and (offset or not any_new_night):
                continue
            absent = sum(1 for d in officer.absent if first <= d <= last and d.weekday() != 6)
            werktage = _werktage(first, last) - absent
            if werktage <= 0:
                continue
            limit = int(settings.night_average_hours * 3600 * werktage) // 60
            base = _minutes(sum(work_seconds(d, settings) for d in existing))
            if base + most > limit:  # else it cannot be exceeded, whatever is chosen
                caps.append((limit - base, nights))
        return caps

    def run_windows(self, officer: _Officer, days: Collection[date]) -> list[list[date]]:
        """Windows of max+1 days touching the week that could become one run of duty days."""
        span = self.settings.max_consecutive_days + 1
        windows = []
        start = self.monday - (span - 1) * _DAY
        while start <= self.sunday:
            window = [start + n * _DAY for n in range(span)]
            start += _DAY
            if all(day in officer.days or day in days for day in window) and not all(
                day in officer.days for day in window
            ):
                windows.append(window)
        return windows


# ---------------------------------------------------------------- costs (shared with greedy)


def _segment_cost(amount: int, target: int, segments: Sequence[tuple[float | None, int]]) -> int:
    """The cost :func:`_segments` gives a deviation of ``amount`` minutes."""
    cost, lower = 0, 0
    for share, weight in segments:
        upper = amount if share is None else min(amount, int(target * share))
        if upper > lower:
            cost += weight * (upper - lower)
            lower = upper
    return cost


def _hours_cost(officer: _Officer, new_minutes: int, settings: RuleSettings) -> int:
    planned = officer.week_minutes + new_minutes
    cost = _segment_cost(max(officer.target - planned, 0), officer.target, UNDER_SEGMENTS)
    cost += _segment_cost(max(planned - officer.target, 0), officer.target, OVER_SEGMENTS)
    return cost + W_ABOVE_48 * max(planned - int(settings.weekly_max_hours * 60), 0)


@dataclass(slots=True)
class _Greedy:
    """One officer's state while the greedy start plan is built."""

    officer: _Officer
    caps: list[tuple[int, bool]]
    windows: list[list[date]]
    duties: list[_Duty] = field(default_factory=list)
    minutes: int = 0
    nights: int = 0
    weekends: int = 0
    days: set[date] = field(default_factory=set)

    def _runs(self, days: set[date]) -> int:
        worked = self.officer.days | days
        return sum(1 for window in self.windows if all(day in worked for day in window))

    def cost(self, duty: _Duty, week: _Week) -> int | None:
        """The added cost of taking ``duty``, or None when a hard rule forbids it."""
        day = duty.fact.duty_date
        if day in self.days or any(week.conflicts(duty.fact, d.fact) for d in self.duties):
            return None
        minutes = self.minutes + duty.minutes
        night = duty.night or self.nights > 0
        if any(minutes > cap for cap, always in self.caps if always or night):
            return None
        officer, settings = self.officer, week.settings
        cost = _hours_cost(officer, minutes, settings) - _hours_cost(
            officer, self.minutes, settings
        )
        if duty.night:
            cost += W_NIGHT * (officer.nights_before + self.nights)
        if duty.weekend:
            cost += W_WEEKEND * (officer.weekends_before + self.weekends)
        if officer.knows_kinds and duty.fact.kind not in officer.kinds:
            cost += W_NEW_KIND
        if self.windows:
            cost += W_CONSECUTIVE * (self._runs(self.days | {day}) - self._runs(self.days))
        return cost

    def take(self, duty: _Duty) -> None:
        self.duties.append(duty)
        self.minutes += duty.minutes
        self.nights += duty.night
        self.weekends += duty.weekend
        self.days.add(duty.fact.duty_date)


def _greedy(week: _Week, candidate_duties: dict[str, list[_Duty]]) -> set[tuple[str, str]]:
    """A quick start plan: day by day, scarcest duty first, each slot to the cheapest officer."""
    states = {
        officer_id: _Greedy(
            week.officers[officer_id],
            week.night_caps(week.officers[officer_id], duties),
            week.run_windows(week.officers[officer_id], {d.fact.duty_date for d in duties}),
        )
        for officer_id, duties in candidate_duties.items()
    }
    order = sorted(
        (d for d in week.duties.values() if week.candidates.get(d.fact.id)),
        key=lambda d: (
            d.fact.duty_date,
            len(week.candidates[d.fact.id]) - d.open,
            d.fact.starts_at,
            d.fact.id,
        ),
    )
    chosen: set[tuple[str, str]] = set()
    for duty in order:
        for _ in range(duty.open):
            best: tuple[int, str] | None = None
            for officer_id in week.candidates[duty.fact.id]:
                cost = states[officer_id].cost(duty, week)  # None for one already on it
                if cost is not None and (best is None or cost < best[0]):
                    best = (cost, officer_id)
            if best is None:
                break
            states[best[1]].take(duty)
            chosen.add((duty.fact.id, best[1]))
    return chosen


# ---------------------------------------------------------------- the CP-SAT model


@dataclass(slots=True)
class _Solved:
    chosen: list[tuple[str, str]]  # (duty id, officer id)
    status: str
    seconds: float
    objective: float
    bound: float


def _solve(week: _Week, time_limit: float, workers: int, seed: int) -> _Solved:
    """Fill as many slots as possible, then balance with that many filled."""
    from ortools.sat.python import cp_model

    started = clock.perf_counter()
    candidate_duties = week.candidate_duties()
    if not candidate_duties:
        return _Solved([], "NO_SLOTS", 0.0, 0.0, 0.0)
    model = cp_model.CpModel()
    x: dict[tuple[str, str], Any] = {}
    for officer_id, duties in candidate_duties.items():
        for duty in duties:
            x[duty.fact.id, officer_id] = model.new_bool_var(f"x_{duty.fact.id}_{officer_id}")
    for duty_id, officer_ids in week.candidates.items():
        if officer_ids:
            model.add(sum(x[duty_id, o] for o in officer_ids) <= week.duties[duty_id].open)
    costs: list[Any] = []
    for officer_id, duties in candidate_duties.items():
        var = {d.fact.id: x[d.fact.id, officer_id] for d in duties}
        _officer_model(model, week, week.officers[officer_id], duties, var, costs)

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    open_slots = sum(d.open for d in week.duties.values())
    filled = sum(x.values())
    plan = _greedy(week, candidate_duties)
    _hint_all(model, x, plan)

    # First solve: the most slots the hard rules allow (unless the greedy plan fills all).
    best, fill_proven = len(plan), len(plan) == open_slots
    if not fill_proven:
        model.maximize(filled)
        solver.parameters.max_time_in_seconds = time_limit * FILL_SHARE
        status = solver.solve(model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.objective_value > best:
            best = round(solver.objective_value)
            plan = {key for key, var in x.items() if solver.boolean_value(var)}
            _hint_all(model, x, plan)
        fill_proven = status == cp_model.OPTIMAL

    # Second solve: the balance, with at least that many slots filled.
    model.add(filled >= best)
    model.minimize(sum(costs))
    solver.parameters.max_time_in_seconds = max(time_limit - (clock.perf_counter() - started), 0.5)
    status = solver.solve(model)
    seconds = clock.perf_counter() - started
    unfilled = W_UNFILLED * (open_slots - best)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):  # nothing better in time
        return _Solved(sorted(plan), "START_PLAN", seconds, float(unfilled), 0.0)
    return _Solved(
        [key for key, var in x.items() if solver.boolean_value(var)],
        "OPTIMAL" if fill_proven and status == cp_model.OPTIMAL else "FEASIBLE",
        seconds,
        unfilled + solver.objective_value,
        unfilled + solver.best_objective_bound,
    )


def _hint_all(model: Any, x: dict[tuple[str, str], Any], plan: set[tuple[str, str]]) -> None:
    """Hint every variable with the values the plan implies.

    CP-SAT takes a complete hint as its first solution but an incomplete one only as a
    preference, so the auxiliary variables (hours, tiers, runs) are filled in by solving the
    model with the plan fixed – pure propagation, a few milliseconds.
    """
    from ortools.sat.python import cp_model

    fixed = model.clone()
    fixed.clear_hints()
    fixed.clear_objective()
    for key, var in x.items():
        fixed.add(fixed.get_bool_var_from_proto_index(var.index) == int(key in plan))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 2.0
    model.clear_hints()
    if solver.solve(fixed) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        for index in range(len(model.proto.variables)):
            var = model.get_int_var_from_proto_index(index)
            model.add_hint(var, solver.value(var))
    else:  # cannot happen for a greedy plan; a partial hint still guides the search
        for key, var in x.items():
            model.add_hint(var, key in plan)


def _officer_model(
    model: Any,
    week: _Week,
    officer: _Officer,
    duties: list[_Duty],
    var: dict[str, Any],
    costs: list[Any],
) -> None:
    """One officer's hard rules and soft costs over their candidate duties."""
    by_day: dict[date, list[_Duty]] = defaultdict(list)
    for duty in duties:
        by_day[duty.fact.duty_date].append(duty)
    _one_a_day_and_rest(model, week, by_day, var)
    _hours(model, week, officer, by_day, var, costs)
    _fairness(model, week, officer, by_day, var, costs)


def _one_a_day_and_rest(
    model: Any, week: _Week, by_day: dict[date, list[_Duty]], var: dict[str, Any]
) -> None:
    for day_duties in by_day.values():
        if len(day_duties) > 1:
            model.add_at_most_one(var[d.fact.id] for d in day_duties)
    # Rest and overlap across days: for an end time e of a day, every duty of that day that
    # ends at e or later and every later-day duty that starts before e + rest conflict
    # pairwise (same day, or too little rest, or overlap), so they form one clique.
    days = sorted(by_day)
    for i, first_day in enumerate(days):
        ends = sorted({d.fact.ends_at for d in by_day[first_day]})
        for later_day in days[i + 1 :]:
            for end in ends:
                later = [d for d in by_day[later_day] if d.fact.starts_at < end + week.rest]
                if later:
                    earlier = [d for d in by_day[first_day] if d.fact.ends_at >= end]
                    model.add_at_most_one(var[d.fact.id] for d in earlier + later)


def _hours(
    model: Any,
    week: _Week,
    officer: _Officer,
    by_day: dict[date, list[_Duty]],
    var: dict[str, Any],
    costs: list[Any],
) -> None:
    """The week's new work: §6 night average (hard), contract hours and 48 h (soft)."""
    name = officer.fact.id
    duties = [d for day_duties in by_day.values() for d in day_duties]
    most = sum(max(d.minutes for d in day_duties) for day_duties in by_day.values())
    new = model.new_int_var(0, most, f"work_{name}")
    model.add(new == sum(var[d.fact.id] * d.minutes for d in duties))
    any_night: Any = None
    for cap, always in week.night_caps(officer, duties):
        if always:  # below 0: already over the limit, so nothing more at all
            model.add(new <= max(cap, 0))
            continue
        if any_night is None:
            any_night = model.new_bool_var(f"night_{name}")
            for duty in duties:
                if duty.night:
                    model.add_implication(var[duty.fact.id], any_night)
        model.add(new <= cap).only_enforce_if(any_night)

    target, existing = officer.target, officer.week_minutes
    under = _segments(model, f"under_{name}", target, target, UNDER_SEGMENTS, costs)
    over_most = max(existing + most - target, 0)
    over = _segments(model, f"over_{name}", target, over_most, OVER_SEGMENTS, costs)
    model.add(existing + new - target == over - under)
    weekly_max = int(week.settings.weekly_max_hours * 60)
    if existing + most > weekly_max:
        above = model.new_int_var(0, existing + most - weekly_max, f"above_{name}")
        model.add(above >= existing + new - weekly_max)
        costs.append(W_ABOVE_48 * above)


def _fairness(
    model: Any,
    week: _Week,
    officer: _Officer,
    by_day: dict[date, list[_Duty]],
    var: dict[str, Any],
    costs: list[Any],
) -> None:
    """Nights, weekends, unfamiliar kinds and long runs of duty days (all soft)."""
    name = officer.fact.id
    duties = [d for day_duties in by_day.values() for d in day_duties]
    # The j-th new night (weekend) duty costs (earlier ones + j) × weight: convex.
    for flag, before, weight in (
        ("night", officer.nights_before, W_NIGHT),
        ("weekend", officer.weekends_before, W_WEEKEND),
    ):
        marked = [d for d in duties if getattr(d, flag)]
        if not marked:
            continue
        steps = len({d.fact.duty_date for d in marked})
        tiers = [model.new_bool_var(f"{flag}_{name}_{j}") for j in range(steps)]
        model.add(sum(tiers) == sum(var[d.fact.id] for d in marked))
        for j in range(steps - 1):
            model.add_implication(tiers[j + 1], tiers[j])
        costs.extend(weight * (before + j) * tier for j, tier in enumerate(tiers) if before + j)

    if officer.knows_kinds:
        costs.extend(
            W_NEW_KIND * var[d.fact.id] for d in duties if d.fact.kind not in officer.kinds
        )

    limit = week.settings.max_consecutive_days
    for window in week.run_windows(officer, by_day):
        worked = [
            1 if day in officer.days else sum(var[d.fact.id] for d in by_day[day]) for day in window
        ]
        excess = model.new_bool_var(f"run_{name}_{window[0]}")
        model.add(sum(worked) <= limit + excess)
        costs.append(W_CONSECUTIVE * excess)


def _segments(
    model: Any,
    name: str,
    target: int,
    most: int,
    segments: Sequence[tuple[float | None, int]],
    costs: list[Any],
) -> Any:
    """A deviation in [0, most] whose cost is convex piecewise-linear (see _segment_cost)."""
    total = model.new_int_var(0, most, name)
    parts = []
    lower = 0
    for index, (share, weight) in enumerate(segments):
        upper = most if share is None else min(most, int(target * share))
        if upper <= lower:
            continue
        part = model.new_int_var(0, upper - lower, f"{name}_{index}")
        parts.append(part)
        costs.append(weight * part)
        lower = upper
    model.add(total == sum(parts))
    return total


# ---------------------------------------------------------------- verification


ErrorKey = tuple[str, str | None, tuple[str, ...]]


def _error_keys(findings: Iterable[Finding]) -> set[ErrorKey]:
    return {(f.rule, f.officer, f.shifts) for f in findings if f.severity == ERROR}


def with_proposals(facts: RosterFacts, proposals: Iterable[ProposedAssignment]) -> RosterFacts:
    """The facts with the proposals added as planned assignments."""
    added = tuple(AssignmentFact(p.shift_id, p.officer_id, p.is_lead) for p in proposals)
    return replace(facts, assignments=(*facts.assignments, *added))


def new_errors(
    facts: RosterFacts,
    proposals: Sequence[ProposedAssignment],
    settings: RuleSettings = DEFAULT_SETTINGS,
    *,
    before: set[ErrorKey] | None = None,
) -> list[Finding]:
    """Error findings the proposals add (same rule, officer and duties as before: not new).

    ``before``: the error keys of the facts alone, when the caller has them already.
    """
    if before is None:
        before = _error_keys(check(facts, settings))
    return [
        f
        for f in check(with_proposals(facts, proposals), settings)
        if f.severity == ERROR and (f.rule, f.officer, f.shifts) not in before
    ]


def verify(
    facts: RosterFacts,
    proposals: Sequence[ProposedAssignment],
    settings: RuleSettings = DEFAULT_SETTINGS,
) -> tuple[list[ProposedAssignment], list[tuple[ProposedAssignment, Finding]]]:
    """Drop proposals that cause a new error finding; returns (kept, dropped with the finding)."""
    if not proposals:
        return [], []
    numbers = {o.id: o.service_number for o in facts.officers}
    before = _error_keys(check(facts, settings))
    kept = list(proposals)
    dropped: list[tuple[ProposedAssignment, Finding]] = []
    while kept:
        culprits: dict[ProposedAssignment, Finding] = {}
        for finding in new_errors(facts, kept, settings, before=before):
            for proposal in kept:
                number = numbers.get(proposal.officer_id, proposal.officer_id)
                if proposal.shift_id in finding.shifts and number == finding.officer:
                    culprits.setdefault(proposal, finding)
        if not culprits:
            break  # adding assignments cannot cause an error none of them is part of
        kept = [p for p in kept if p not in culprits]
        dropped.extend(culprits.items())
    return kept, dropped


# ---------------------------------------------------------------- reasons, leads, loads


def _reason(week: _Week, duty: _Duty, filled: int) -> str:
    head = duty_heading(duty.fact)
    excluded = week.exclusions.get(duty.fact.id, _Exclusions())
    if excluded.started:
        return f"{head}: hat bereits begonnen – vorgeschlagen werden nur künftige Dienste"
    if excluded.intrinsic is not None:
        return f"{head}: für jede Dienstkraft ein Regelverstoß – {excluded.intrinsic.message}"
    bike = duty.fact.kind in week.settings.bike_kinds
    who = "Dienstkraft mit Radstreifen-Ausbildung" if bike else "Dienstkraft"
    available = len(duty.crew) + len(week.candidates.get(duty.fact.id, ()))
    if available < duty.required:
        why = [
            f"{count} {text}"
            for count, text in (
                (excluded.untrained, "ohne Radstreifen-Ausbildung"),
                (excluded.absent, "abwesend"),
                (excluded.busy, "durch andere Dienste oder Ruhezeit verhindert"),
            )
            if count
        ]
        detail = f"; {', '.join(why)}" if why else ""
        counts = f"{duty.required} benötigt, {available} verfügbar{detail}"
        return f"{head}: keine weitere {who} frei ({counts})"
    return (
        f"{head}: keine weitere {who} frei – die übrigen sind für andere Dienste dieser Woche "
        f"eingeplant (Ruhezeit, ein Dienst je Tag) ({duty.required} benötigt, "
        f"{len(duty.crew) + filled} eingeplant)"
    )


def _with_leads(week: _Week, chosen: Iterable[tuple[str, str]]) -> list[ProposedAssignment]:
    """Proposals in roster order; a patrol without a lead gets the most experienced one."""
    by_duty: dict[str, list[str]] = defaultdict(list)
    for duty_id, officer_id in chosen:
        by_duty[duty_id].append(officer_id)
    proposals: list[ProposedAssignment] = []
    for duty_id, duty in week.duties.items():
        officer_ids = sorted(
            by_duty.get(duty_id, ()), key=lambda o: week.officers[o].fact.service_number
        )
        lead: str | None = None
        if officer_ids and duty.fact.kind.is_patrol and not duty.has_lead:
            lead = min(officer_ids, key=lambda o: -week.officers[o].kinds.get(duty.fact.kind, 0))
        proposals.extend(ProposedAssignment(duty_id, o, o == lead) for o in officer_ids)
    return proposals


def _loads(week: _Week, proposals: Sequence[ProposedAssignment]) -> list[OfficerLoad]:
    added: dict[str, list[_Duty]] = defaultdict(list)
    for proposal in proposals:
        added[proposal.officer_id].append(week.duties[proposal.shift_id])
    loads = []
    for officer_id, officer in week.officers.items():
        duties = added.get(officer_id, [])
        week_duties = [d for d in officer.duties if week.monday <= d.duty_date <= week.sunday]
        loads.append(
            OfficerLoad(
                officer_id=officer_id,
                service_number=officer.fact.service_number,
                name=officer.fact.name,
                target_hours=officer.target / 60,
                planned_hours=(officer.week_minutes + sum(d.minutes for d in duties)) / 60,
                proposed=len(duties),
                nights=sum(1 for d in week_duties if week.is_night(d))
                + sum(1 for d in duties if d.night),
                weekend_duties=sum(1 for d in week_duties if week.is_weekend(d))
                + sum(1 for d in duties if d.weekend),
            )
        )
    return loads


# ---------------------------------------------------------------- entry point


def suggest_week(
    facts: RosterFacts,
    monday: date,
    settings: RuleSettings = DEFAULT_SETTINGS,
    *,
    eligible: Collection[str] | None = None,
    not_before: datetime | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = DEFAULT_WORKERS,
    seed: int = DEFAULT_SEED,
) -> Suggestion:
    """Proposals for the open slots of the week of ``monday``, verified against the rules.

    ``facts`` hold the week plus history (rest before Monday, averages, fairness) and the day
    after it; ``eligible`` restricts who may be proposed (the active officers; None: every
    officer in the facts); duties starting before ``not_before`` are not filled. The solver
    stops after ``time_limit`` seconds with the best plan so far (``stats.status`` says
    whether it is proven optimal). The seed is fixed; with more than one worker, plans of
    equal cost found at the time limit may still differ between runs.
    """
    started = clock.perf_counter()
    monday -= monday.weekday() * _DAY
    week = _Week(facts, monday, settings, eligible, not_before)
    solved = _solve(week, time_limit, workers, seed)
    kept, dropped = verify(facts, _with_leads(week, solved.chosen), settings)
    why_dropped: dict[str, Finding] = {}
    for proposal, finding in dropped:
        why_dropped.setdefault(proposal.shift_id, finding)
    filled: dict[str, int] = defaultdict(int)
    for proposal in kept:
        filled[proposal.shift_id] += 1
    unfilled = []
    for duty_id, duty in week.duties.items():
        missing = duty.open - filled[duty_id]
        if missing <= 0:
            continue
        if duty_id in why_dropped:
            reason = f"{duty_heading(duty.fact)}: {why_dropped[duty_id].message}"
        else:
            reason = _reason(week, duty, filled[duty_id])
        unfilled.append(UnfilledSlot(duty_id, missing, reason))
    loads = _loads(week, kept)
    deviations = [abs(load.deviation_hours) for load in loads]
    stats = SuggestStats(
        needed_slots=sum(d.open for d in week.duties.values()),
        filled_slots=len(kept),
        max_deviation_hours=max(deviations, default=0.0),
        mean_deviation_hours=sum(deviations) / len(deviations) if deviations else 0.0,
        solve_seconds=solved.seconds,
        total_seconds=clock.perf_counter() - started,
        status=solved.status,
        objective=solved.objective,
        bound=solved.bound,
        dropped=len(dropped),
    )
    return Suggestion(monday, tuple(kept), tuple(unfilled), stats, tuple(loads))
