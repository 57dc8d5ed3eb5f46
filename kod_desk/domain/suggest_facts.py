"""The facts of one roster week as the suggestion model needs them.

Durations of a duty (planned work, night time) computed the way the rules count them, and
:class:`_Week`: the week's duties with their open slots, the eligible officers with their
history (contract target, nights and weekends of the last four weeks, kinds of duty they know),
and for every open slot the officers who may take it, with the reasons the others may not.
Used by kod_desk/domain/suggest_model.py and kod_desk/domain/roster_suggest.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from kod_desk.domain.enums import ShiftKind
from kod_desk.domain.holidays import public_holidays
from kod_desk.domain.roster import AssignmentFact, DutyFact, Finding, OfficerFact, RosterFacts
from kod_desk.domain.roster_rules import ERROR, check
from kod_desk.domain.rule_settings import DEFAULT_SETTINGS, RuleSettings
from kod_desk.domain.timeutil import local_to_utc, to_local

FAIRNESS_DAYS = 28  # nights and weekends of the last four weeks count towards balance
KNOWN_KINDS_MIN = 3  # with fewer duties in the history, every kind is fine
_DAY = timedelta(days=1)
_STAFF_RULES = frozenset({"min_staff", "double_patrol"})
_PROBE = "\x00probe"


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
