"""The working-time rules of DESIGN.md §5 (ArbZG) as pure functions over :class:`RosterFacts`.

Rule ids (``Finding.rule``) and severities:

* ``overlap`` [error] two duties of one officer overlap; duties that touch do not.
* ``absence`` [error] a duty has time on a day of the officer's absence.
* ``rest_11h`` [error] §5: less than 11 h between duties of different duty days.
* ``max_daily_hours`` §3: more than 8 h on a duty day [warning], more than 10 h [error];
  the running 24-week average above 8 h per Werktag [warning].
* ``break`` §4: less than 30 min above 6 h or 45 min above 9 h of work, parts under 15 min
  not counted [error on actual times or a recorded break; warning for a planned break].
* ``night_hours`` [error] §6: a duty day with night work (more than 2 h in 23–06) above
  10 h, or the 4-week average above 8 h per Werktag in a week with night work.
* ``sundays`` [warning] §11: fewer than 15 free Sundays still possible in the year, or
  Sunday (holiday) work without a replacement rest day within 2 (8) weeks.
* ``weekly_hours`` [warning] §3: more than 48 h in a week (Mon–Sun); also the planned hours
  of the checked full weeks against the contract hours, beyond ± 10 %.
* ``consecutive_days`` [warning] more than 6 duty days in a row.
* ``min_staff`` [error] fewer officers than the duty needs (not repeated when
  ``double_patrol`` already says it).
* ``double_patrol`` [error] a Streife or Radstreife with fewer than two officers.
* ``bike_training`` [error] an officer without bike training on a Radstreife.

The averages and the contract comparison keep the ids DESIGN.md §5 files them under; their
messages tell them apart.

Decisions (the law leaves room; these are documented so the UI and the tests agree):

* A duty belongs to its ``duty_date``: a night duty counts to the day it starts. Duties of
  one officer on the same duty date form one working day (a split duty): their hours add up
  for §3, and §5 rest is only checked between different duty dates.
* Durations are real elapsed time between aware datetimes, so a night duty across the spring
  (autumn) clock change is one hour shorter (longer).
* Absences cover local days [00:00 of the first day, 24:00 of the last day); a duty overlaps
  an absence when its time range intersects that. A night duty that starts the evening
  before an absence day and runs into it is an error; one that ends at 00:00 is not.
* Work time is presence minus the counted break. A planned duty without a break assumes the
  legal minimum; a recorded break given in parts counts only parts of at least 15 min.
* Averages (§3 24 weeks, §6 4 weeks) divide all work of the window ending with a week by the
  window's Werktage (Mon–Sat) without the officer's absence days. Days without facts count as
  free, so a short history cannot raise a false alarm.
* §11: a Sunday (holiday) is worked when any duty overlaps that local calendar day. A
  replacement rest day is a Werktag that is no public holiday, no absence day and has no work
  at all, within 13 days before or after the Sunday (55 for holidays: "a period of 2 (8) weeks
  that includes the day"). Each free day replaces one Sunday or holiday (earliest-deadline
  matching). Days outside the facts count as free: the plan says nothing about them.
* Contract hours: the full weeks inside the checked range (``period``, or the span of all
  duties) are compared with weekly hours / 5 per Monday–Friday that is neither a holiday nor
  an absence day.
"""

from __future__ import annotations

import functools
import heapq
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, time, timedelta
from operator import attrgetter
from typing import Any

from kod_desk.domain.enums import ShiftKind
from kod_desk.domain.errors import ValidationError
from kod_desk.domain.roster import (
    AbsenceFact,
    AssignmentFact,
    DutyFact,
    Finding,
    OfficerFact,
    RosterFacts,
)
from kod_desk.domain.timeutil import local_to_utc, to_local

ERROR = "error"
WARNING = "warning"
SETTINGS_VERSION = 1

_ZERO = timedelta(0)
_DAY = timedelta(days=1)
_SUNDAY = 6


# ---------------------------------------------------------------- settings


def _label(text: str) -> dict[str, str]:
    return {"label": text}


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """Every threshold of the rules, with the ArbZG defaults (stored as a database setting)."""

    min_rest_hours: float = field(default=11.0, metadata=_label("Mindestruhezeit (h)"))
    daily_warning_hours: float = field(default=8.0, metadata=_label("Tagesarbeitszeit Hinweis (h)"))
    daily_max_hours: float = field(default=10.0, metadata=_label("Tagesarbeitszeit höchstens (h)"))
    average_daily_hours: float = field(default=8.0, metadata=_label("Durchschnitt je Werktag (h)"))
    average_weeks: int = field(default=24, metadata=_label("Ausgleichszeitraum (Wochen)"))
    break_threshold_hours: float = field(default=6.0, metadata=_label("Pause ab Arbeitszeit (h)"))
    break_minutes: int = field(default=30, metadata=_label("Pause (min)"))
    long_break_threshold_hours: float = field(
        default=9.0, metadata=_label("Lange Pause ab Arbeitszeit (h)")
    )
    long_break_minutes: int = field(default=45, metadata=_label("Lange Pause (min)"))
    break_part_min_minutes: int = field(default=15, metadata=_label("Pausenteil mindestens (min)"))
    night_start_hour: int = field(default=23, metadata=_label("Nachtzeit von (Uhr)"))
    night_end_hour: int = field(default=6, metadata=_label("Nachtzeit bis (Uhr)"))
    night_work_min_minutes: int = field(
        default=120, metadata=_label("Nachtarbeit ab Minuten Nachtzeit")
    )
    night_max_hours: float = field(default=10.0, metadata=_label("Nachtarbeit höchstens (h)"))
    night_average_hours: float = field(
        default=8.0, metadata=_label("Nachtarbeit Durchschnitt je Werktag (h)")
    )
    night_average_weeks: int = field(
        default=4, metadata=_label("Nachtarbeit Ausgleichszeitraum (Wochen)")
    )
    min_free_sundays: int = field(default=15, metadata=_label("Freie Sonntage im Jahr"))
    sunday_replacement_weeks: int = field(
        default=2, metadata=_label("Ersatzruhetag für Sonntage binnen (Wochen)")
    )
    holiday_replacement_weeks: int = field(
        default=8, metadata=_label("Ersatzruhetag für Feiertage binnen (Wochen)")
    )
    weekly_max_hours: float = field(
        default=48.0, metadata=_label("Wochenarbeitszeit höchstens (h)")
    )
    contract_tolerance_percent: float = field(
        default=10.0, metadata=_label("Abweichung von der Soll-Arbeitszeit (%)")
    )
    max_consecutive_days: int = field(default=6, metadata=_label("Diensttage in Folge höchstens"))
    patrol_min_officers: int = field(
        default=2, metadata=_label("Streife mindestens (Dienstkräfte)")
    )
    patrol_kinds: tuple[ShiftKind, ...] = field(
        default=(ShiftKind.PATROL, ShiftKind.BIKE_PATROL), metadata=_label("Doppelstreife für")
    )
    bike_kinds: tuple[ShiftKind, ...] = field(
        default=(ShiftKind.BIKE_PATROL,), metadata=_label("Radstreifen-Schulung nötig für")
    )

    def __post_init__(self) -> None:
        if problems := self.problems():
            raise ValidationError(problems)

    def problems(self) -> list[str]:
        """German messages for values the rules cannot work with."""
        found: list[str] = []
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, int | float) and value < 0:
                found.append(f"{item.metadata['label']}: darf nicht negativ sein.")
        for name in ("average_weeks", "night_average_weeks", "sunday_replacement_weeks"):
            if getattr(self, name) < 1:
                found.append(f"{_LABELS[name]}: mindestens 1.")
        if not (0 <= self.night_start_hour <= 23 and 0 <= self.night_end_hour <= 23):
            found.append("Nachtzeit: Stunden von 0 bis 23.")
        elif self.night_start_hour == self.night_end_hour:
            found.append("Nachtzeit: Beginn und Ende müssen sich unterscheiden.")
        if self.daily_warning_hours > self.daily_max_hours:
            found.append("Tagesarbeitszeit: der Hinweis muss unter dem Höchstwert liegen.")
        if self.break_threshold_hours > self.long_break_threshold_hours:
            found.append("Pausen: die lange Pause muss später beginnen als die kurze.")
        if self.min_free_sundays > 53:
            found.append("Freie Sonntage im Jahr: höchstens 53.")
        return found

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict with a format version, for the settings table."""
        data: dict[str, object] = {"version": SETTINGS_VERSION}
        for item in fields(self):
            value = getattr(self, item.name)
            data[item.name] = [kind.value for kind in value] if isinstance(value, tuple) else value
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> RuleSettings:
        """Settings from :meth:`to_dict`; missing keys take defaults, unknown keys are ignored."""
        version = data.get("version", SETTINGS_VERSION)
        if not isinstance(version, int) or isinstance(version, bool) or version > SETTINGS_VERSION:
            raise ValidationError(
                f"Regel-Einstellungen: Format {version!r} ist neuer als dieses Programm "
                f"(kennt Format {SETTINGS_VERSION})."
            )
        defaults = cls()
        values: dict[str, Any] = {}
        problems: list[str] = []
        for item in fields(cls):
            if item.name not in data:
                continue
            raw = data[item.name]
            default = getattr(defaults, item.name)
            label = item.metadata["label"]
            if isinstance(default, tuple):
                parsed = _parse_kinds(raw)
                if parsed is None:
                    problems.append(f"{label}: keine gültige Liste von Dienstarten.")
                else:
                    values[item.name] = parsed
            elif isinstance(raw, bool) or not isinstance(raw, int | float):
                problems.append(f"{label}: {raw!r} ist keine Zahl.")
            elif isinstance(default, int):
                if raw != int(raw):
                    problems.append(f"{label}: {raw!r} ist keine ganze Zahl.")
                else:
                    values[item.name] = int(raw)
            else:
                values[item.name] = float(raw)
        if problems:
            raise ValidationError(problems)
        return cls(**values)

    @classmethod
    def labels(cls) -> dict[str, str]:
        """German label of each setting, in declaration order."""
        return dict(_LABELS)


_LABELS = {item.name: str(item.metadata["label"]) for item in fields(RuleSettings)}


def _parse_kinds(raw: object) -> tuple[ShiftKind, ...] | None:
    if not isinstance(raw, list | tuple):
        return None
    try:
        return tuple(ShiftKind(str(value)) for value in raw)
    except ValueError:
        return None


DEFAULT_SETTINGS = RuleSettings()


# ---------------------------------------------------------------- public holidays


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    golden = year % 19
    century, year_of_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    correction = (century + 8) // 25
    moon = (century - correction + 1) // 3
    epact = (19 * golden + century - leap_centuries - moon + 15) % 30
    quarter, year_rest = divmod(year_of_century, 4)
    weekday = (32 + 2 * century_rest + 2 * quarter - epact - year_rest) % 7
    shift = (golden + 11 * epact + 22 * weekday) // 451
    month, day = divmod(epact + weekday - 7 * shift + 114, 31)
    return date(year, month, day + 1)


@functools.lru_cache(maxsize=64)
def _holidays(year: int) -> Mapping[date, str]:
    easter = easter_sunday(year)
    days = {
        date(year, 1, 1): "Neujahr",
        easter - timedelta(days=2): "Karfreitag",
        easter + timedelta(days=1): "Ostermontag",
        date(year, 5, 1): "Tag der Arbeit",
        easter + timedelta(days=39): "Christi Himmelfahrt",
        easter + timedelta(days=50): "Pfingstmontag",
        date(year, 10, 3): "Tag der Deutschen Einheit",
        date(year, 12, 25): "1. Weihnachtstag",
        date(year, 12, 26): "2. Weihnachtstag",
    }
    # Schleswig-Holstein since 2018; 2017 was a one-off holiday everywhere (Luther year).
    if year >= 2017:
        days[date(year, 10, 31)] = "Reformationstag"
    return dict(sorted(days.items()))


def public_holidays(year: int) -> dict[date, str]:
    """The statutory public holidays of Schleswig-Holstein in ``year``, by date."""
    return dict(_holidays(year))


def _holiday_name(day: date) -> str | None:
    return _holidays(day.year).get(day)


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
        elif _holiday_name(day):
            windows.append((day - holiday_span, day + holiday_span, day))

    def free(day: date) -> bool:
        return (
            day.weekday() != _SUNDAY
            and day not in o.touched
            and day not in o.absent
            and _holiday_name(day) is None
        )

    hits = []
    for day in sorted(_unmatched(windows, free)):
        works = o.touched[day]
        titles = ", ".join(_duty_title(w.duty) for w in works)
        holiday = _holiday_name(day)
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
            and _holiday_name(day) is None
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
    text = (
        f"vom {_dm(first)} bis {_dm(last)} {_hm(planned)} geplant, Soll {_hm(target)} "
        f"({sign}{_hm(abs(deviation))}, mehr als {o.settings.contract_tolerance_percent:g} % "
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


# ---------------------------------------------------------------- checker


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


def _assignment_rank(assignment: AssignmentFact) -> str:
    return repr(assignment)


def _add_assignment(group: dict[str, AssignmentFact], assignment: AssignmentFact) -> None:
    """One assignment per officer and duty; a duplicate keeps a deterministic one."""
    known = group.get(assignment.officer_id)
    if known is None or _assignment_rank(assignment) < _assignment_rank(known):
        group[assignment.officer_id] = assignment


def _group_by_shift(assignments: Iterable[AssignmentFact]) -> dict[str, dict[str, AssignmentFact]]:
    groups: dict[str, dict[str, AssignmentFact]] = defaultdict(dict)
    for assignment in assignments:
        _add_assignment(groups[assignment.shift_id], assignment)
    return dict(groups)


def _group_absences(absences: Iterable[AbsenceFact]) -> dict[str, list[AbsenceFact]]:
    """Per officer, without duplicates, in date order (findings must not follow input order)."""
    groups: dict[str, set[AbsenceFact]] = defaultdict(set)
    for absence in absences:
        groups[absence.officer_id].add(absence)
    order = attrgetter("starts_on", "ends_on", "kind")
    return {officer_id: sorted(group, key=order) for officer_id, group in groups.items()}


def _changed_keys(old: Mapping[str, object], new: Mapping[str, object]) -> set[str]:
    return {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}


def _placeholder(officer_id: str) -> OfficerFact:
    """An assigned officer missing from the facts is still checked, under its id."""
    return OfficerFact(officer_id, officer_id, officer_id, 0.0, False)


class _Index:
    """The facts grouped by duty and by officer, kept up to date edit by edit."""

    def __init__(self, facts: RosterFacts) -> None:
        self.duties = {duty.id: duty for duty in facts.duties}
        self.officers = {officer.id: officer for officer in facts.officers}
        self.by_shift = _group_by_shift(facts.assignments)
        self.by_officer: dict[str, dict[str, AssignmentFact]] = defaultdict(dict)
        for shift_id, group in self.by_shift.items():
            for officer_id, assignment in group.items():
                self.by_officer[officer_id][shift_id] = assignment
        self.absences = _group_absences(facts.absences)

    def officer_ids(self) -> set[str]:
        return self.officers.keys() | {k for k, v in self.by_officer.items() if v}

    def context(self, officer_id: str, scope: _Scope) -> _Officer | None:
        """The officer's work as the rules see it; None for an unknown, unassigned id."""
        assignments = self.by_officer.get(officer_id, {})
        officer = self.officers.get(officer_id)
        if officer is None:
            if not assignments:
                return None
            officer = _placeholder(officer_id)
        settings, use_actual = scope.settings, scope.use_actual
        works = [
            _work_of(a, self.duties[shift_id], settings, use_actual)
            for shift_id, a in assignments.items()
            if shift_id in self.duties
        ]
        works.sort(key=lambda w: (w.start, w.end, w.duty.id))
        return _Officer(officer, works, self.absences.get(officer_id, ()), scope)

    def apply_shifts(self, facts: RosterFacts, touched: AbstractSet[str]) -> set[str]:
        """Take over the touched duties and their crews; returns the officers affected."""
        new_duties = {duty.id: duty for duty in facts.duties if duty.id in touched}
        new_groups = _group_by_shift(a for a in facts.assignments if a.shift_id in touched)
        affected: set[str] = set()
        for shift_id in touched:
            old_group = self.by_shift.pop(shift_id, {})
            new_group = new_groups.get(shift_id, {})
            # A changed duty (times, kind) matters to everyone on it; else only changed crew.
            duty_changed = self.duties.get(shift_id) != new_duties.get(shift_id)
            for officer_id in old_group.keys() | new_group.keys():
                if duty_changed or old_group.get(officer_id) != new_group.get(officer_id):
                    affected.add(officer_id)
            for officer_id in old_group:
                self.by_officer[officer_id].pop(shift_id, None)
            for officer_id, assignment in new_group.items():
                self.by_officer[officer_id][shift_id] = assignment
            if new_group:
                self.by_shift[shift_id] = new_group
            if shift_id in new_duties:
                self.duties[shift_id] = new_duties[shift_id]
            else:
                self.duties.pop(shift_id, None)
        return affected


class RosterChecker:
    """Holds facts and findings; :meth:`update` re-checks only what an edit touched.

    Per-officer rules run again for officers whose assignment, absence or master data changed
    (all officers on a touched duty when the duty itself changed); duty rules run again for
    touched duties. The result always equals :func:`check` on the new facts.
    """

    def __init__(
        self,
        facts: RosterFacts,
        settings: RuleSettings = DEFAULT_SETTINGS,
        *,
        use_actual: bool = False,
        period: tuple[date, date] | None = None,
    ) -> None:
        if period is not None and period[0] > period[1]:
            raise ValidationError("Zeitraum: der Beginn liegt nach dem Ende.")
        self._settings = settings
        self._use_actual = use_actual
        self._period = period
        self._facts = facts
        self._index = _Index(facts)
        self._scope = self._make_scope()
        self._officer_hits: dict[str, list[_Hit]] = {}
        self._shift_hits: dict[str, list[_Hit]] = {}
        self._recheck_all()

    @property
    def facts(self) -> RosterFacts:
        return self._facts

    @property
    def settings(self) -> RuleSettings:
        return self._settings

    @property
    def use_actual(self) -> bool:
        return self._use_actual

    @property
    def period(self) -> tuple[date, date] | None:
        return self._period

    @property
    def findings(self) -> list[Finding]:
        return list(self._findings)

    # ------------------------------------------------------------ edits

    def update(
        self, changed_facts: RosterFacts, touched_shift_ids: AbstractSet[str]
    ) -> list[Finding]:
        """Re-check after an edit and return all findings.

        ``changed_facts`` are the complete facts after the edit; ``touched_shift_ids`` names
        every duty that was added, removed or changed, or whose assignments changed. Changes
        to officers and absences are found by comparison (cheap: identical tuples are skipped).
        """
        old = self._facts
        officers_dirty: set[str] = set()
        if changed_facts.officers is not old.officers and changed_facts.officers != old.officers:
            officers = {officer.id: officer for officer in changed_facts.officers}
            officers_dirty |= _changed_keys(self._index.officers, officers)
            self._index.officers = officers
        if changed_facts.absences is not old.absences and changed_facts.absences != old.absences:
            absences = _group_absences(changed_facts.absences)
            officers_dirty |= _changed_keys(self._index.absences, absences)
            self._index.absences = absences
        if touched_shift_ids:
            officers_dirty |= self._index.apply_shifts(changed_facts, touched_shift_ids)
        self._facts = changed_facts
        scope = self._make_scope()
        if scope != self._scope:
            self._scope = scope
            self._recheck_all()
            return self.findings
        for officer_id in officers_dirty:
            self._recheck_officer(officer_id)
        for shift_id in touched_shift_ids:
            self._recheck_shift(shift_id)
        self._assemble()
        return self.findings

    def assign(self, shift_id: str, officer_id: str, *, is_lead: bool = False) -> list[Finding]:
        """Put an officer on a duty and re-check."""
        added = AssignmentFact(shift_id, officer_id, is_lead)
        facts = replace(self._facts, assignments=(*self._facts.assignments, added))
        return self.update(facts, {shift_id})

    def unassign(self, shift_id: str, officer_id: str) -> list[Finding]:
        """Take an officer off a duty and re-check."""
        kept = tuple(
            a
            for a in self._facts.assignments
            if not (a.shift_id == shift_id and a.officer_id == officer_id)
        )
        return self.update(replace(self._facts, assignments=kept), {shift_id})

    def replace_duty(self, duty: DutyFact) -> list[Finding]:
        """Change (or add) a duty, e.g. move it to other times, and re-check."""
        duties = (*(d for d in self._facts.duties if d.id != duty.id), duty)
        return self.update(replace(self._facts, duties=duties), {duty.id})

    # ------------------------------------------------------------ internals

    def _make_scope(self) -> _Scope:
        contract_range = self.period
        if contract_range is None and self._index.duties:
            days = [duty.duty_date for duty in self._index.duties.values()]
            contract_range = (min(days), max(days))
        return _Scope(self.settings, self.use_actual, self.period, contract_range)

    def _recheck_all(self) -> None:
        self._officer_hits = {}
        for officer_id in self._index.officer_ids():
            self._recheck_officer(officer_id)
        self._shift_hits = {}
        for shift_id in self._index.duties:
            self._recheck_shift(shift_id)
        self._assemble()

    def _recheck_officer(self, officer_id: str) -> None:
        context = self._index.context(officer_id, self._scope)
        if context is None:
            self._officer_hits.pop(officer_id, None)
            return
        keeps = self._scope.keeps
        self._officer_hits[officer_id] = [
            hit for rule in OFFICER_RULES for hit in rule(context) if keeps(hit)
        ]

    def _recheck_shift(self, shift_id: str) -> None:
        duty = self._index.duties.get(shift_id)
        if duty is None:
            self._shift_hits.pop(shift_id, None)
            return
        crew = len(self._index.by_shift.get(shift_id, {}))
        keeps = self._scope.keeps
        self._shift_hits[shift_id] = [
            hit for hit in _staff_rules(duty, crew, self._settings) if keeps(hit)
        ]

    def _assemble(self) -> None:
        hits = [hit for group in self._officer_hits.values() for hit in group]
        hits.extend(hit for group in self._shift_hits.values() for hit in group)
        hits.sort(key=attrgetter("key"))
        self._findings = [hit.finding for hit in hits]


def check(
    facts: RosterFacts,
    settings: RuleSettings = DEFAULT_SETTINGS,
    *,
    use_actual: bool = False,
    period: tuple[date, date] | None = None,
) -> list[Finding]:
    """Every finding of DESIGN.md §5, errors first, then by time, rule and officer.

    ``use_actual`` checks actual times where recorded (planned where not). ``period`` keeps
    findings that involve a duty in that local-date range (inclusive); duties outside it are
    still context (rest before the first duty, averages, runs of duty days).
    """
    return RosterChecker(facts, settings, use_actual=use_actual, period=period).findings


# ---------------------------------------------------------------- §16 record


@dataclass(frozen=True, slots=True)
class OvertimeEntry:
    """A duty day with work beyond 8 h, for the §16 (2) ArbZG record."""

    officer: str  # service number
    name: str
    day: date
    worked_minutes: int
    beyond_minutes: int
    shifts: tuple[str, ...]
    actual: bool  # based on actual times (at least partly)

    @property
    def worked_hours(self) -> float:
        return self.worked_minutes / 60

    @property
    def beyond_hours(self) -> float:
        return self.beyond_minutes / 60


def overtime_record(
    facts: RosterFacts,
    settings: RuleSettings = DEFAULT_SETTINGS,
    *,
    use_actual: bool = True,
    period: tuple[date, date] | None = None,
) -> list[OvertimeEntry]:
    """Work beyond the werktägliche 8 h per officer and duty day, by day and service number."""
    if period is not None and period[0] > period[1]:
        raise ValidationError("Zeitraum: der Beginn liegt nach dem Ende.")
    index = _Index(facts)
    scope = _Scope(settings, use_actual, period, period)
    limit = timedelta(hours=settings.daily_warning_hours)
    entries = []
    for officer_id in index.officer_ids():
        context = index.context(officer_id, scope)
        if context is None:
            continue
        for day, works in context.by_day.items():
            if period is not None and not period[0] <= day <= period[1]:
                continue
            worked = context.day_work[day]
            if worked <= limit:
                continue
            entries.append(
                OvertimeEntry(
                    officer=context.officer.service_number,
                    name=context.officer.name,
                    day=day,
                    worked_minutes=int(worked.total_seconds() // 60),
                    beyond_minutes=int((worked - limit).total_seconds() // 60),
                    shifts=tuple(w.duty.id for w in works),
                    actual=any(w.actual for w in works),
                )
            )
    entries.sort(key=attrgetter("day", "officer"))
    return entries


def touched_shifts(before: RosterFacts, after: RosterFacts) -> set[str]:
    """Duties that were added, removed or changed, or whose crew changed, between two facts.

    What :meth:`RosterChecker.update` needs when the caller only has the facts before and after
    an edit (e.g. reloaded from the database); officers and absences it compares itself.
    """
    old_duties = {d.id: d for d in before.duties}
    new_duties = {d.id: d for d in after.duties}
    touched = {i for i in old_duties.keys() ^ new_duties.keys()}
    touched |= {i for i in old_duties.keys() & new_duties.keys() if old_duties[i] != new_duties[i]}
    old_crews: dict[str, set[AssignmentFact]] = {}
    new_crews: dict[str, set[AssignmentFact]] = {}
    for facts, crews in ((before, old_crews), (after, new_crews)):
        for assignment in facts.assignments:
            crews.setdefault(assignment.shift_id, set()).add(assignment)
    for shift_id in old_crews.keys() | new_crews.keys():
        if old_crews.get(shift_id) != new_crews.get(shift_id):
            touched.add(shift_id)
    return touched
