"""The single rules behind :func:`kod_desk.domain.roster_rules.check`.

The per-officer rules (``OFFICER_RULES``) and the per-duty staffing rules, working on what
kod_desk/domain/rule_facts.py defines. The rule ids, severities and the decisions behind them
are listed in kod_desk/domain/roster_rules.py, whose
:class:`~kod_desk.domain.roster_rules.RosterChecker` runs these rules.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from kod_desk.domain.holidays import holiday_name
from kod_desk.domain.roster import DutyFact
from kod_desk.domain.rule_facts import (
    _DAY,
    _SUNDAY,
    _ZERO,
    ERROR,
    WARNING,
    _clock,
    _dm,
    _dmy,
    _duty_name,
    _duty_title,
    _Hit,
    _hit,
    _hm,
    _midnight,
    _Officer,
    _required_break,
    _weeks,
    _Work,
)
from kod_desk.domain.rule_settings import RuleSettings
from kod_desk.domain.text import german_decimal


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
