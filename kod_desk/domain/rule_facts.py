"""What the roster rules work on: time helpers, German formatting, work items and context.

The work items (one officer's time on one duty as the rules count it), findings with their
sort key (``_Hit``), the scope of a check and the per-officer context (``_Officer``). The rules
themselves are in kod_desk/domain/rule_checks.py; the names here are shared by those two
modules and kod_desk/domain/roster_rules.py only, hence the leading underscores.
"""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from kod_desk.domain.roster import AbsenceFact, AssignmentFact, DutyFact, Finding, OfficerFact
from kod_desk.domain.rule_settings import RuleSettings
from kod_desk.domain.timeutil import local_to_utc, to_local

ERROR = "error"
WARNING = "warning"

_ZERO = timedelta(0)
_DAY = timedelta(days=1)
_SUNDAY = 6


# ---------------------------------------------------------------- time helpers


@functools.lru_cache(maxsize=16384)
def _local_hour(day: date, hour: int) -> datetime:
    return local_to_utc(day, time(hour))


def _midnight(day: date) -> datetime:
    return _local_hour(day, 0)


@functools.lru_cache(maxsize=65536)
def _night_time(start: datetime, end: datetime, night_start: int, night_end: int) -> timedelta:
    """Real time of [start, end) inside the local night windows (23–06 by default)."""
    total = _ZERO
    day = to_local(start).date() - _DAY
    last = to_local(end).date()
    while day <= last:
        window_end_day = day + _DAY if night_start > night_end else day
        overlap = min(end, _local_hour(window_end_day, night_end)) - max(
            start, _local_hour(day, night_start)
        )
        if overlap > _ZERO:
            total += overlap
        day += _DAY
    return total


@functools.lru_cache(maxsize=65536)
def _days_touched(start: datetime, end: datetime) -> tuple[date, ...]:
    """The local calendar days that [start, end) has time on."""
    if end <= start:
        return ()
    first = to_local(start).date()
    last = to_local(end - timedelta(microseconds=1)).date()
    return tuple(first + timedelta(days=n) for n in range((last - first).days + 1))


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _werktage(first: date, last: date) -> int:
    """Mondays to Saturdays in [first, last]."""
    if last < first:
        return 0
    full, rest = divmod((last - first).days + 1, 7)
    start = first.weekday()
    return full * 6 + sum(1 for n in range(rest) if (start + n) % 7 != _SUNDAY)


def _hm(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    return f"{minutes // 60}:{minutes % 60:02d} h"


def _weeks(count: int) -> str:
    return "1 Woche" if count == 1 else f"{count} Wochen"


def _dm(day: date) -> str:
    return day.strftime("%d.%m.")


def _dmy(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def _clock(moment: datetime) -> str:
    return to_local(moment).strftime("%H:%M")


def _duty_title(duty: DutyFact) -> str:
    if duty.label:
        return duty.label
    return f"{duty.kind.label} {duty.area}" if duty.area else duty.kind.label


def _duty_name(duty: DutyFact) -> str:
    """As a supervisor says it: "Spätdienst 13.11."."""
    return f"{_duty_title(duty)} {_dm(duty.duty_date)}"


# ---------------------------------------------------------------- work items


@dataclass(frozen=True, slots=True)
class _Work:
    """One officer's time on one duty, planned or actual, as the rules count it."""

    duty: DutyFact
    start: datetime
    end: datetime
    break_minutes: int  # counted break
    short_parts: int  # minutes of break parts too short to count
    actual: bool  # actual times or an actual break were used
    break_recorded: bool  # the break is a recorded one (not planned or assumed)
    break_assumed: bool  # no break planned: the legal minimum is assumed
    work: timedelta
    night: timedelta

    @property
    def day(self) -> date:
        return self.duty.duty_date


def _required_break(work: timedelta, settings: RuleSettings) -> int:
    if work > timedelta(hours=settings.long_break_threshold_hours):
        return settings.long_break_minutes
    if work > timedelta(hours=settings.break_threshold_hours):
        return settings.break_minutes
    return 0


def _assumed_break(span: timedelta, settings: RuleSettings) -> int:
    """The smallest legal break for a presence of ``span`` (work = span minus break)."""
    for minutes in sorted({0, settings.break_minutes, settings.long_break_minutes}):
        if minutes >= _required_break(span - timedelta(minutes=minutes), settings):
            return minutes
    return max(settings.break_minutes, settings.long_break_minutes)


def _work_of(
    assignment: AssignmentFact, duty: DutyFact, settings: RuleSettings, use_actual: bool
) -> _Work:
    start, end = duty.starts_at, duty.ends_at
    actual = False
    if use_actual and assignment.actual_start is not None:
        start, actual = assignment.actual_start, True
    if use_actual and assignment.actual_end is not None:
        end, actual = assignment.actual_end, True
    span = max(end - start, _ZERO)
    short = 0
    recorded = use_actual and (
        assignment.actual_break_minutes is not None or bool(assignment.break_parts)
    )
    assumed = False
    if recorded:
        actual = True
        if assignment.break_parts:
            minimum = settings.break_part_min_minutes
            counted = sum(p for p in assignment.break_parts if p >= minimum)
            short = sum(p for p in assignment.break_parts if 0 < p < minimum)
        else:
            counted = assignment.actual_break_minutes or 0
    elif duty.break_minutes is not None:
        counted = duty.break_minutes
    else:
        counted, assumed = _assumed_break(span, settings), True
    counted = max(counted, 0)
    work = span - min(timedelta(minutes=counted), span)
    night = (
        _night_time(start, end, settings.night_start_hour, settings.night_end_hour)
        if end > start
        else _ZERO
    )
    return _Work(duty, start, end, counted, short, actual, recorded, assumed, work, night)


# ---------------------------------------------------------------- findings


@dataclass(frozen=True, slots=True)
class _Hit:
    """A finding with what sorting and the period filter need."""

    finding: Finding
    key: tuple[int, datetime, str, str, tuple[str, ...], str]
    days: tuple[date, ...]  # duty dates involved; empty: the day of ``at``
    at: datetime


def _hit(
    rule: str,
    severity: str,
    head: str,
    text: str,
    at: datetime,
    duties: Sequence[DutyFact] = (),
    officer: OfficerFact | None = None,
    actual: bool = False,
) -> _Hit:
    """``head`` is the paragraph ("§5 ArbZG") or, for rules without one, a short title."""
    marker = " (Ist-Zeiten)" if actual else ""
    message = f"{head}{marker}: {text}" + (f" ({officer.name})" if officer else "")
    shifts = tuple(dict.fromkeys(d.id for d in duties))
    number = officer.service_number if officer else None
    paragraph = head if head.startswith("§") else ""
    finding = Finding(rule, severity, message, number, shifts, paragraph)
    key = (0 if severity == ERROR else 1, at, rule, number or "", shifts, message)
    return _Hit(finding, key, tuple(sorted({d.duty_date for d in duties})), at)


@dataclass(frozen=True, slots=True)
class _Scope:
    settings: RuleSettings
    use_actual: bool
    period: tuple[date, date] | None
    contract_range: tuple[date, date] | None

    def keeps(self, hit: _Hit) -> bool:
        if self.period is None:
            return True
        first, last = self.period
        days = hit.days or (to_local(hit.at).date(),)
        return any(first <= day <= last for day in days)


class _Officer:
    """One officer's work, absences and day totals, shared by the per-officer rules."""

    def __init__(
        self,
        officer: OfficerFact,
        works: list[_Work],
        absences: Sequence[AbsenceFact],
        scope: _Scope,
    ) -> None:
        self.officer = officer
        self.works = works  # sorted by start
        self.absences = absences
        self.settings = scope.settings
        self.scope = scope
        self.absent = {
            absence.starts_on + timedelta(days=n)
            for absence in absences
            for n in range((absence.ends_on - absence.starts_on).days + 1)
        }
        self.absent_werktage = sorted(d for d in self.absent if d.weekday() != _SUNDAY)
        by_day: dict[date, list[_Work]] = defaultdict(list)
        touched: dict[date, list[_Work]] = defaultdict(list)
        for work in works:
            by_day[work.day].append(work)
            for day in _days_touched(work.start, work.end):
                touched[day].append(work)
        self.by_day = dict(sorted(by_day.items()))
        self.touched = dict(touched)  # local calendar day → works with time on it
        self.days = list(self.by_day)
        self.day_work = {day: sum((w.work for w in ws), _ZERO) for day, ws in self.by_day.items()}
        self._cumulative = [_ZERO]
        for day in self.days:
            self._cumulative.append(self._cumulative[-1] + self.day_work[day])

    def hit(self, rule: str, severity: str, head: str, text: str, works: Sequence[_Work]) -> _Hit:
        return _hit(
            rule,
            severity,
            head,
            text,
            min(w.start for w in works),
            [w.duty for w in works],
            self.officer,
            any(w.actual for w in works),
        )

    def week_hit(
        self, rule: str, severity: str, head: str, text: str, monday: date, works: list[_Work]
    ) -> _Hit:
        """A finding about a week: sorted at its Monday, clicking shows its duties."""
        duties = [w.duty for w in works]
        actual = any(w.actual for w in works)
        return _hit(rule, severity, head, text, _midnight(monday), duties, self.officer, actual)

    def work_between(self, first: date, last: date) -> timedelta:
        """Work of the duty days in [first, last]."""
        lo, hi = bisect_left(self.days, first), bisect_right(self.days, last)
        return self._cumulative[hi] - self._cumulative[lo]

    def available_werktage(self, first: date, last: date) -> int:
        absent = bisect_right(self.absent_werktage, last) - bisect_left(self.absent_werktage, first)
        return _werktage(first, last) - absent

    def week_works(self, monday: date) -> list[_Work]:
        lo, hi = bisect_left(self.days, monday), bisect_right(self.days, monday + 6 * _DAY)
        return [w for day in self.days[lo:hi] for w in self.by_day[day]]

    def weeks(self) -> list[date]:
        return sorted({_monday(day) for day in self.days})


# ---------------------------------------------------------------- per-officer rules
