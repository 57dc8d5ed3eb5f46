"""The single rules behind :func:`kod_desk.domain.roster_rules.check`, and what they work on.

Time helpers and German formatting, the work items (one officer's time on one duty as the
rules count it), findings with their sort key, the scope of a check, the per-officer context,
the per-officer rules (``OFFICER_RULES``) and the per-duty staffing rules. The rule ids,
severities and the decisions behind them are listed in kod_desk/domain/roster_rules.py, whose
:class:`~kod_desk.domain.roster_rules.RosterChecker` runs these rules.
"""

from __future__ import annotations

import functools
import heapq
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from kod_desk.domain.holidays import holiday_name
from kod_desk.domain.roster import AbsenceFact, AssignmentFact, DutyFact, Finding, OfficerFact
from kod_desk.domain.rule_settings import RuleSettings
from kod_desk.domain.text import german_decimal
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


def _overlap(o: _Officer) -> list[_Hit]:
    hits = []
    for i, first in enumerate(o.works):
        for second in o.works[i + 1 :]:
            if second.start >= first.end:
                break  # sorted by start: nothing later overlaps either; touching is fine
            text = (
                f"{_duty_name(first.duty)} ({_clock(first.start)}–{_clock(first.end)}) und "
                f"{_duty_name(second.duty)} ({_clock(second.start)}–{_clock(second.end)}) "
                "überschneiden sich"
            )
            hits.append(o.hit("overlap", ERROR, "Überschneidung", text, (first, second)))
    return hits


def _absence(o: _Officer) -> list[_Hit]:
    hits = []
    for absence in o.absences:
        begins, ends = _midnight(absence.starts_on), _midnight(absence.ends_on + _DAY)
        if absence.starts_on == absence.ends_on:
            when = f"am {_dm(absence.starts_on)}"
        else:
            when = f"vom {_dm(absence.starts_on)} bis {_dm(absence.ends_on)}"
        for work in o.works:
            if work.start < ends and begins < work.end:
                text = f"{absence.kind.label} {when}, aber eingeteilt für {_duty_name(work.duty)}"
                hits.append(o.hit("absence", ERROR, "Abwesenheit", text, (work,)))
    return hits


def _rest(o: _Officer) -> list[_Hit]:
    minimum = timedelta(hours=o.settings.min_rest_hours)
    hits = []
    latest: _Work | None = None  # the work that ended last so far
    for work in o.works:
        # Duties of one duty date are one (split) working day; overlaps are their own rule.
        if latest is not None and work.start >= latest.end and work.day != latest.day:
            gap = work.start - latest.end
            if gap < minimum:
                text = (
                    f"nur {_hm(gap)} Ruhezeit zwischen {_duty_name(latest.duty)} und "
                    f"{_duty_name(work.duty)}"
                )
                hits.append(o.hit("rest_11h", ERROR, "§5 ArbZG", text, (latest, work)))
        if latest is None or work.end > latest.end:
            latest = work
    return hits


def _day_text(day: date, works: Sequence[_Work]) -> str:
    return f"am {_dm(day)} ({', '.join(_duty_title(w.duty) for w in works)})"


def _daily_hours(o: _Officer) -> list[_Hit]:
    warning = timedelta(hours=o.settings.daily_warning_hours)
    limit = timedelta(hours=o.settings.daily_max_hours)
    hits = []
    for day, works in o.by_day.items():
        total = o.day_work[day]
        if total > warning:
            severity, threshold = (ERROR, limit) if total > limit else (WARNING, warning)
            text = f"{_hm(total)} Arbeitszeit {_day_text(day, works)}, mehr als {_hm(threshold)}"
            hits.append(o.hit("max_daily_hours", severity, "§3 ArbZG", text, works))
    return hits


def _running_average(o: _Officer, monday: date, weeks: int) -> tuple[date, date, timedelta] | None:
    """Average work per available Werktag over ``weeks`` weeks up to that week's Sunday.

    Days the facts do not cover count as free: a heavy first week is no violation yet, the
    average can still be met; the service passes enough history for a real verdict.
    """
    last = monday + 6 * _DAY
    first = last - timedelta(days=7 * weeks - 1)
    werktage = o.available_werktage(first, last)
    if werktage <= 0:
        return None
    return first, last, o.work_between(first, last) / werktage


def _average_hours(o: _Officer) -> list[_Hit]:
    weeks = o.settings.average_weeks
    limit = timedelta(hours=o.settings.average_daily_hours)
    hits = []
    for monday in o.weeks():
        result = _running_average(o, monday, weeks)
        if result is not None and result[2] > limit:
            first, last, average = result
            text = (
                f"im Durchschnitt {_hm(average)} je Werktag vom {_dmy(first)} bis {_dmy(last)} "
                f"(Ausgleich über {_weeks(weeks)}), mehr als {_hm(limit)}"
            )
            works = o.week_works(monday)
            hits.append(o.week_hit("max_daily_hours", WARNING, "§3 ArbZG", text, monday, works))
    return hits


def _break(o: _Officer) -> list[_Hit]:
    hits = []
    for work in o.works:
        needed = _required_break(work.work, o.settings)
        if work.break_minutes >= needed or work.break_assumed:
            continue
        how = "erfasst" if work.break_recorded else "geplant"
        note = (
            f" (Pausenteile unter {o.settings.break_part_min_minutes} min zählen nicht: "
            f"{work.short_parts} min)"
            if work.short_parts
            else ""
        )
        text = (
            f"{_duty_name(work.duty)} – bei {_hm(work.work)} Arbeitszeit mindestens {needed} min "
            f"Pause, {how} {work.break_minutes} min{note}"
        )
        # The law binds what happened; a planned break that falls short is a warning.
        severity = ERROR if work.actual else WARNING
        hits.append(o.hit("break", severity, "§4 ArbZG", text, (work,)))
    return hits


def _is_night_work(work: _Work, settings: RuleSettings) -> bool:
    """§2 (4) ArbZG: night work covers more than 2 h of night time."""
    return work.night > timedelta(minutes=settings.night_work_min_minutes)


def _night_daily(o: _Officer) -> list[_Hit]:
    limit = timedelta(hours=o.settings.night_max_hours)
    hits = []
    for day, works in o.by_day.items():
        if o.day_work[day] > limit and any(_is_night_work(w, o.settings) for w in works):
            text = (
                f"{_hm(o.day_work[day])} Arbeitszeit mit Nachtarbeit {_day_text(day, works)}, "
                f"mehr als {_hm(limit)}"
            )
            hits.append(o.hit("night_hours", ERROR, "§6 ArbZG", text, works))
    return hits


def _night_average(o: _Officer) -> list[_Hit]:
    weeks = o.settings.night_average_weeks
    limit = timedelta(hours=o.settings.night_average_hours)
    hits = []
    for monday in o.weeks():
        nights = [w for w in o.week_works(monday) if _is_night_work(w, o.settings)]
        result = _running_average(o, monday, weeks) if nights else None
        if result is not None and result[2] > limit:
            first, last, average = result
            text = (
                f"Nachtarbeit bei im Durchschnitt {_hm(average)} je Werktag vom {_dmy(first)} "
                f"bis {_dmy(last)} (Ausgleich über {_weeks(weeks)}), mehr als {_hm(limit)}"
            )
            hits.append(o.week_hit("night_hours", ERROR, "§6 ArbZG", text, monday, nights))
    return hits


def _sundays_in_year(year: int) -> int:
    first = date(year, 1, 1)
    first_sunday = first + timedelta(days=(_SUNDAY - first.weekday()) % 7)
    return (date(year, 12, 31) - first_sunday).days // 7 + 1


def _free_sundays(o: _Officer) -> list[_Hit]:
    """§11 (1): at least 15 free Sundays a year – warn once fewer can still be reached."""
    minimum = o.settings.min_free_sundays
    worked: dict[int, int] = defaultdict(int)
    hits = []
    for day in sorted(d for d in o.touched if d.weekday() == _SUNDAY):
        worked[day.year] += 1
        left = _sundays_in_year(day.year) - worked[day.year]
        if left < minimum:
            text = (
                f"Sonntagsarbeit am {_dmy(day)} – im Jahr {day.year} bleiben höchstens {left} "
                f"freie Sonntage, mindestens {minimum}"
            )
            hits.append(o.hit("sundays", WARNING, "§11 ArbZG", text, o.touched[day]))
    return hits


def _unmatched(windows: list[tuple[date, date, date]], free: Callable[[date], bool]) -> set[date]:
    """Days whose window (start, end, day) gets no free day; each free day serves one window.

    Earliest deadline first over the days in order is optimal for matching points to intervals.
    """
    windows = sorted(windows)
    missing: set[date] = set()
    pending: list[tuple[date, date]] = []  # heap of (window end, day)
    i = 0
    day = windows[0][0] if windows else date.max
    while i < len(windows) or pending:
        if not pending and windows[i][0] > day:
            day = windows[i][0]  # skip days nothing is waiting for
        while i < len(windows) and windows[i][0] <= day:
            heapq.heappush(pending, (windows[i][1], windows[i][2]))
            i += 1
        while pending and pending[0][0] < day:
            missing.add(heapq.heappop(pending)[1])
        if pending and free(day):
            heapq.heappop(pending)
        day += _DAY
    return missing


def _replacement_days(o: _Officer) -> list[_Hit]:
    """§11 (3): a replacement rest day for Sunday (2 weeks) and holiday work (8 weeks)."""
    settings = o.settings
    sunday_span = timedelta(days=7 * settings.sunday_replacement_weeks - 1)
    holiday_span = timedelta(days=7 * settings.holiday_replacement_weeks - 1)
    windows = []
    for day in o.touched:
        if day.weekday() == _SUNDAY:
            windows.append((day - sunday_span, day + sunday_span, day))
        elif holiday_name(day):
            windows.append((day - holiday_span, day + holiday_span, day))

    def free(day: date) -> bool:
        return (
            day.weekday() != _SUNDAY
            and day not in o.touched
            and day not in o.absent
            and holiday_name(day) is None
        )

    hits = []
    for day in sorted(_unmatched(windows, free)):
        works = o.touched[day]
        titles = ", ".join(_duty_title(w.duty) for w in works)
        holiday = holiday_name(day)
        detail = f"{holiday}; {titles}" if holiday else titles
        if day.weekday() == _SUNDAY:
            what, weeks = "Sonntagsarbeit", settings.sunday_replacement_weeks
        else:
            what, weeks = "Feiertagsarbeit", settings.holiday_replacement_weeks
        text = f"{what} am {_dm(day)} ({detail}) ohne Ersatzruhetag innerhalb von {_weeks(weeks)}"
        hits.append(o.hit("sundays", WARNING, "§11 ArbZG", text, works))
    return hits


def _weekly_hours(o: _Officer) -> list[_Hit]:
    limit = timedelta(hours=o.settings.weekly_max_hours)
    hits = []
    for monday in o.weeks():
        total = o.work_between(monday, monday + 6 * _DAY)
        if total > limit:
            text = (
                f"{_hm(total)} Arbeitszeit in der Woche vom {_dm(monday)} bis "
                f"{_dm(monday + 6 * _DAY)}, mehr als {_hm(limit)}"
            )
            works = o.week_works(monday)
            hits.append(o.week_hit("weekly_hours", WARNING, "§3 ArbZG", text, monday, works))
    return hits


def _contract_hours(o: _Officer) -> list[_Hit]:
    """Planned hours of the full weeks in the checked range against the contract."""
    checked = o.scope.contract_range
    if checked is None or o.officer.weekly_hours <= 0:
        return []
    first = checked[0] + timedelta(days=(7 - checked[0].weekday()) % 7)
    last = checked[1] - timedelta(days=(checked[1].weekday() + 1) % 7)
    per_day = timedelta(hours=o.officer.weekly_hours / 5)
    target = sum(
        (
            per_day
            for n in range((last - first).days + 1)
            if (day := first + timedelta(days=n)).weekday() < 5
            and day not in o.absent
            and holiday_name(day) is None
        ),
        _ZERO,
    )
    if target <= _ZERO:
        return []  # no full week in the range, or absent all of it
    planned = o.work_between(first, last)
    deviation = planned - target
    if abs(deviation) <= target * (o.settings.contract_tolerance_percent / 100):
        return []
    sign = "+" if deviation > _ZERO else "−"
    tolerance = german_decimal(o.settings.contract_tolerance_percent, 2, trim=True)
    text = (
        f"vom {_dm(first)} bis {_dm(last)} {_hm(planned)} geplant, Soll {_hm(target)} "
        f"({sign}{_hm(abs(deviation))}, mehr als {tolerance} % "
        "Abweichung)"
    )
    actual = any(w.actual for w in o.works if first <= w.day <= last)
    head = "Soll-Arbeitszeit"
    return [_hit("weekly_hours", WARNING, head, text, _midnight(first), (), o.officer, actual)]


def _consecutive_days(o: _Officer) -> list[_Hit]:
    limit = o.settings.max_consecutive_days
    runs: list[list[date]] = []
    for day in o.days:
        if runs and runs[-1][-1] + _DAY == day:
            runs[-1].append(day)
        else:
            runs.append([day])
    hits = []
    for run in runs:
        if len(run) > limit:
            works = [w for day in run for w in o.by_day[day]]
            text = f"{len(run)} Diensttage vom {_dm(run[0])} bis {_dm(run[-1])}, mehr als {limit}"
            hits.append(o.hit("consecutive_days", WARNING, "Diensttage in Folge", text, works))
    return hits


def _bike_training(o: _Officer) -> list[_Hit]:
    if o.officer.has_bike_training:
        return []
    head = "Radstreifen-Schulung fehlt"
    return [
        o.hit("bike_training", ERROR, head, f"eingeteilt für {_duty_name(w.duty)}", (w,))
        for w in o.works
        if w.duty.kind in o.settings.bike_kinds
    ]


OFFICER_RULES: tuple[Callable[[_Officer], list[_Hit]], ...] = (
    _overlap,
    _absence,
    _rest,
    _daily_hours,
    _average_hours,
    _break,
    _night_daily,
    _night_average,
    _free_sundays,
    _replacement_days,
    _weekly_hours,
    _contract_hours,
    _consecutive_days,
    _bike_training,
)


# ---------------------------------------------------------------- per-duty rules


def _staff_rules(duty: DutyFact, crew: int, settings: RuleSettings) -> list[_Hit]:
    hits = []
    where = f"{_duty_name(duty)} ({_clock(duty.starts_at)}–{_clock(duty.ends_at)})"
    at = duty.starts_at
    patrol_short = duty.kind in settings.patrol_kinds and crew < settings.patrol_min_officers
    if patrol_short:
        people = "Dienstkraft" if crew == 1 else "Dienstkräften"
        text = f"{where} mit {crew} {people}, mindestens {settings.patrol_min_officers}"
        hits.append(_hit("double_patrol", ERROR, "Doppelstreife", text, at, (duty,)))
    # An understaffed patrol whose need the double-patrol finding covers is said once.
    if crew < duty.min_staff and not (
        patrol_short and duty.min_staff <= settings.patrol_min_officers
    ):
        text = f"{where} hat {crew} von {duty.min_staff} Dienstkräften"
        hits.append(_hit("min_staff", ERROR, "Mindestbesetzung", text, at, (duty,)))
    return hits
