"""The working-time rules (DESIGN.md §5) at their edges: midnight, clock changes, touching
duties, partial absences, averages, break parts, Sundays and holidays of Schleswig-Holstein;
plus order independence and incremental == full re-check (hypothesis)."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import date, time, timedelta
from typing import Any, TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kod_desk.domain.enums import AbsenceKind, ShiftKind
from kod_desk.domain.errors import ValidationError
from kod_desk.domain.roster import (
    AbsenceFact,
    AssignmentFact,
    DutyFact,
    Finding,
    OfficerFact,
    RosterFacts,
)
from kod_desk.domain.roster_rules import (
    RosterChecker,
    RuleSettings,
    check,
    easter_sunday,
    overtime_record,
    public_holidays,
)
from kod_desk.domain.timeutil import local_to_utc, parse_time

T = TypeVar("T")

ANNA = OfficerFact("o1", "D-101", "Müller, Anna", 39.0, True)
BEN = OfficerFact("o2", "D-102", "Schmidt, Ben", 39.0, False)
CARL = OfficerFact("o3", "D-103", "Yilmaz, Carl", 20.0, True)
OFFICERS = (ANNA, BEN, CARL)

MON = date(2026, 11, 9)  # a Monday without holidays or clock changes around it
SPRING = date(2026, 3, 29)  # last Sunday of March: 02:00 → 03:00
AUTUMN = date(2026, 10, 25)  # last Sunday of October: 03:00 → 02:00

_serial = iter(range(1_000_000))


def duty(
    day: date,
    start: str,
    end: str,
    kind: ShiftKind = ShiftKind.OFFICE,
    *,
    label: str = "",
    area: str | None = None,
    pause: int | None = None,
    min_staff: int = 1,
    id: str | None = None,
) -> DutyFact:
    """A duty in local wall-clock times; an end at or before the start is the next day."""
    starts_at = local_to_utc(day, parse_time(start))
    end_day = day + timedelta(days=1) if parse_time(end) <= parse_time(start) else day
    ends_at = local_to_utc(end_day, parse_time(end))
    return DutyFact(
        id or f"s{next(_serial)}", day, kind, area, starts_at, ends_at, pause, min_staff, label
    )


def plan(
    *duties: DutyFact,
    officer: OfficerFact = ANNA,
    absences: tuple[AbsenceFact, ...] = (),
    others: tuple[AssignmentFact, ...] = (),
) -> RosterFacts:
    """``officer`` on every duty, plus further assignments."""
    crew = tuple(AssignmentFact(d.id, officer.id) for d in duties)
    return RosterFacts(tuple(duties), crew + others, OFFICERS, absences)


def of(rule: str, findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def texts(rule: str, findings: list[Finding]) -> list[str]:
    return [f.message for f in of(rule, findings)]


def every_day(first: date, last: date, start: str = "08:00", end: str = "16:00") -> list[DutyFact]:
    count = (last - first).days + 1
    return [
        duty(first + timedelta(days=n), start, end, label="Innendienst", pause=30)
        for n in range(count)
    ]


# ---------------------------------------------------------------- holidays


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (1818, date(1818, 3, 22)),  # earliest possible
        (1943, date(1943, 4, 25)),  # latest possible
        (2000, date(2000, 4, 23)),
        (2019, date(2019, 4, 21)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),
    ],
)
def test_easter_sunday(year: int, easter: date) -> None:
    assert easter_sunday(year) == easter


def test_public_holidays_of_schleswig_holstein_2026() -> None:
    assert public_holidays(2026) == {
        date(2026, 1, 1): "Neujahr",
        date(2026, 4, 3): "Karfreitag",
        date(2026, 4, 6): "Ostermontag",
        date(2026, 5, 1): "Tag der Arbeit",
        date(2026, 5, 14): "Christi Himmelfahrt",
        date(2026, 5, 25): "Pfingstmontag",
        date(2026, 10, 3): "Tag der Deutschen Einheit",
        date(2026, 10, 31): "Reformationstag",
        date(2026, 12, 25): "1. Weihnachtstag",
        date(2026, 12, 26): "2. Weihnachtstag",
    }


def test_moving_holidays_follow_easter_and_reformation_day_exists_since_2017() -> None:
    holidays_2027 = public_holidays(2027)
    assert holidays_2027[date(2027, 3, 26)] == "Karfreitag"
    assert holidays_2027[date(2027, 5, 6)] == "Christi Himmelfahrt"
    assert holidays_2027[date(2027, 5, 17)] == "Pfingstmontag"
    assert date(2016, 10, 31) not in public_holidays(2016)
    assert date(2018, 10, 31) in public_holidays(2018)
    public_holidays(2026).clear()  # a copy: the cache stays intact
    assert len(public_holidays(2026)) == 10


# ---------------------------------------------------------------- settings


def test_settings_have_the_arbzg_defaults_and_round_trip_through_json() -> None:
    defaults = RuleSettings()
    assert (defaults.min_rest_hours, defaults.daily_warning_hours, defaults.daily_max_hours) == (
        11.0,
        8.0,
        10.0,
    )
    assert (defaults.break_minutes, defaults.long_break_minutes) == (30, 45)
    assert (defaults.night_start_hour, defaults.night_end_hour) == (23, 6)
    assert defaults.min_free_sundays == 15 and defaults.max_consecutive_days == 6
    changed = replace(defaults, min_rest_hours=10.0, patrol_kinds=(ShiftKind.PATROL,))
    stored = json.loads(json.dumps(changed.to_dict()))
    assert stored["version"] == 1
    assert RuleSettings.from_dict(stored) == changed
    assert RuleSettings.from_dict({"weekly_max_hours": 50, "unknown": 1}) == replace(
        defaults, weekly_max_hours=50.0
    )
    assert set(RuleSettings.labels()) == set(stored) - {"version"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"version": 99}, "neuer als dieses Programm"),
        ({"min_rest_hours": "elf"}, "Mindestruhezeit (h): 'elf' ist keine Zahl."),
        ({"average_weeks": 2.5}, "keine ganze Zahl"),
        ({"patrol_kinds": ["patrol", "boat"]}, "keine gültige Liste von Dienstarten"),
        ({"min_rest_hours": -1}, "darf nicht negativ sein"),
        ({"night_start_hour": 6}, "Beginn und Ende müssen sich unterscheiden"),
        ({"daily_warning_hours": 11}, "Hinweis muss unter dem Höchstwert liegen"),
    ],
)
def test_bad_settings_are_refused_in_german(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        RuleSettings.from_dict(data)


def test_thresholds_come_from_the_settings() -> None:
    facts = plan(
        duty(MON, "14:00", "22:30", label="Spätdienst"),
        duty(MON + timedelta(days=1), "08:00", "16:00", label="Frühdienst"),
    )
    assert of("rest_11h", check(facts))
    assert not of("rest_11h", check(facts, RuleSettings(min_rest_hours=9.5)))


# ---------------------------------------------------------------- overlap


def test_overlapping_duties_of_one_officer() -> None:
    early = duty(MON, "06:00", "14:00", label="Frühdienst", id="a")
    office = duty(MON, "12:00", "16:00", label="Innendienst", id="b")
    findings = check(plan(early, office))
    assert of("overlap", findings) == [
        Finding(
            "overlap",
            "error",
            "Überschneidung: Frühdienst 09.11. (06:00–14:00) und Innendienst 09.11. "
            "(12:00–16:00) überschneiden sich (Müller, Anna)",
            "D-101",
            ("a", "b"),
            "",
        )
    ]


def test_duties_that_touch_do_not_overlap() -> None:
    morning = duty(MON, "06:00", "10:00", label="Ansprechstelle")
    noon = duty(MON, "10:00", "14:00", label="Innendienst")
    assert check(plan(morning, noon)) == []  # a split day of 8 h: nothing to say


def test_a_night_duty_touching_the_next_morning_is_no_overlap_but_no_rest_either() -> None:
    night = duty(MON, "22:00", "06:00", label="Nachtdienst")
    early = duty(MON + timedelta(days=1), "06:00", "14:00", label="Frühdienst")
    findings = check(plan(night, early))
    assert not of("overlap", findings)
    assert texts("rest_11h", findings) == [
        "§5 ArbZG: nur 0:00 h Ruhezeit zwischen Nachtdienst 09.11. und Frühdienst 10.11. "
        "(Müller, Anna)"
    ]


def test_the_same_duty_for_two_officers_is_no_overlap() -> None:
    patrol = duty(MON, "06:00", "14:00", ShiftKind.PATROL, area="Innenstadt", min_staff=2)
    facts = plan(patrol, others=(AssignmentFact(patrol.id, BEN.id),))
    assert check(facts) == []


# ---------------------------------------------------------------- absence


def test_an_absence_covering_part_of_the_duties() -> None:
    days = [duty(MON + timedelta(days=n), "06:00", "14:00", label="Frühdienst") for n in range(5)]
    vacation = AbsenceFact(
        ANNA.id, AbsenceKind.VACATION, MON + timedelta(days=3), date(2026, 11, 20)
    )
    findings = check(plan(*days, absences=(vacation,)))
    assert texts("absence", findings) == [
        "Abwesenheit: Urlaub vom 12.11. bis 20.11., aber eingeteilt für Frühdienst 12.11. "
        "(Müller, Anna)",
        "Abwesenheit: Urlaub vom 12.11. bis 20.11., aber eingeteilt für Frühdienst 13.11. "
        "(Müller, Anna)",
    ]
    assert [f.shifts for f in of("absence", findings)] == [(days[3].id,), (days[4].id,)]


def test_a_night_duty_running_into_an_absence_day_counts_one_ending_at_midnight_does_not() -> None:
    sick = AbsenceFact(ANNA.id, AbsenceKind.SICK, MON + timedelta(days=1), MON + timedelta(days=1))
    night = duty(MON, "22:00", "06:00", label="Nachtdienst")
    assert texts("absence", check(plan(night, absences=(sick,)))) == [
        "Abwesenheit: Krank am 10.11., aber eingeteilt für Nachtdienst 09.11. (Müller, Anna)"
    ]
    late = duty(MON, "16:00", "00:00", label="Spätdienst")
    assert not of("absence", check(plan(late, absences=(sick,))))
    after = duty(MON + timedelta(days=2), "00:00", "08:00", label="Frühdienst")
    assert not of("absence", check(plan(after, absences=(sick,))))
    someone_else = replace(sick, officer_id=BEN.id)
    assert not of("absence", check(plan(night, absences=(someone_else,))))


# ---------------------------------------------------------------- rest


def test_rest_message_as_the_issue_shows_it() -> None:
    late = duty(date(2026, 11, 13), "14:00", "22:30", label="Spätdienst", id="s1")
    early = duty(date(2026, 11, 14), "08:00", "16:00", label="Frühdienst", id="s2")
    assert of("rest_11h", check(plan(late, early))) == [
        Finding(
            "rest_11h",
            "error",
            "§5 ArbZG: nur 9:30 h Ruhezeit zwischen Spätdienst 13.11. und Frühdienst 14.11. "
            "(Müller, Anna)",
            "D-101",
            ("s1", "s2"),
            "§5 ArbZG",
        )
    ]


def test_exactly_eleven_hours_rest_is_enough() -> None:
    late = duty(MON, "14:00", "22:00", label="Spätdienst")
    early = duty(MON + timedelta(days=1), "09:00", "17:00", label="Frühdienst")
    assert not of("rest_11h", check(plan(late, early)))


def test_a_split_duty_on_one_day_is_no_rest_period() -> None:
    first = duty(MON, "07:00", "11:00", label="Ansprechstelle")
    second = duty(MON, "14:00", "18:00", label="Streife")
    assert check(plan(first, second)) == []


def test_rest_across_the_spring_change_is_an_hour_shorter() -> None:
    late = duty(SPRING - timedelta(days=1), "14:00", "22:00", label="Spätdienst")
    # 22:00 → 10:00 looks like 12 h, but the night has only 23 h: 11 h real rest.
    assert not of("rest_11h", check(plan(late, duty(SPRING, "10:00", "18:00"))))
    assert texts(
        "rest_11h", check(plan(late, duty(SPRING, "09:30", "17:30", label="Frühdienst")))
    ) == [
        "§5 ArbZG: nur 10:30 h Ruhezeit zwischen Spätdienst 28.03. und Frühdienst 29.03. "
        "(Müller, Anna)"
    ]


def test_rest_across_the_autumn_change_is_an_hour_longer() -> None:
    late = duty(AUTUMN - timedelta(days=1), "14:00", "22:00", label="Spätdienst")
    # 22:00 → 08:00 looks like 10 h, but the night has 25 h: 11 h real rest.
    assert not of("rest_11h", check(plan(late, duty(AUTUMN, "08:00", "16:00"))))
    assert of("rest_11h", check(plan(late, duty(AUTUMN, "07:30", "15:30"))))


# ---------------------------------------------------------------- daily hours


def test_more_than_eight_hours_is_a_warning_more_than_ten_an_error() -> None:
    long = duty(MON, "06:00", "15:00", label="Frühdienst", pause=30)
    findings = of("max_daily_hours", check(plan(long)))
    assert [(f.severity, f.message) for f in findings] == [
        (
            "warning",
            "§3 ArbZG: 8:30 h Arbeitszeit am 09.11. (Frühdienst), mehr als 8:00 h (Müller, Anna)",
        )
    ]
    too_long = duty(MON, "06:00", "17:00", label="Frühdienst", pause=45)
    assert [(f.severity, f.message) for f in of("max_daily_hours", check(plan(too_long)))] == [
        (
            "error",
            "§3 ArbZG: 10:15 h Arbeitszeit am 09.11. (Frühdienst), mehr als 10:00 h (Müller, Anna)",
        )
    ]
    exactly_eight = duty(MON, "06:00", "14:30", pause=30)
    assert not of("max_daily_hours", check(plan(exactly_eight)))


def test_the_duties_of_one_day_add_up() -> None:
    early = duty(MON, "06:00", "12:00", label="Frühdienst")  # 6 h, no break needed
    office = duty(MON, "13:00", "18:00", label="Innendienst")
    assert texts("max_daily_hours", check(plan(early, office))) == [
        "§3 ArbZG: 11:00 h Arbeitszeit am 09.11. (Frühdienst, Innendienst), mehr als 10:00 h "
        "(Müller, Anna)"
    ]


def test_a_duty_across_midnight_counts_to_the_day_it_starts() -> None:
    night = duty(MON, "20:00", "07:00", label="Nachtdienst", pause=45)
    findings = of("max_daily_hours", check(plan(night)))
    assert [f.message for f in findings] == [
        "§3 ArbZG: 10:15 h Arbeitszeit am 09.11. (Nachtdienst), mehr als 10:00 h (Müller, Anna)"
    ]


def test_night_duties_across_clock_changes_are_an_hour_longer_or_shorter() -> None:
    autumn = duty(AUTUMN - timedelta(days=1), "22:00", "06:00", label="Nachtdienst", pause=30)
    assert texts("max_daily_hours", check(plan(autumn))) == [
        "§3 ArbZG: 8:30 h Arbeitszeit am 24.10. (Nachtdienst), mehr als 8:00 h (Müller, Anna)"
    ]
    longer_clock = duty(SPRING - timedelta(days=1), "21:00", "07:00", pause=30)  # 9 h real
    assert texts("max_daily_hours", check(plan(longer_clock))) == [
        "§3 ArbZG: 8:30 h Arbeitszeit am 28.03. (Innendienst), mehr als 8:00 h (Müller, Anna)"
    ]
    usual = duty(MON, "22:00", "06:00", pause=30)
    assert not of("max_daily_hours", check(plan(usual)))


def test_six_month_average_warns_only_once_24_weeks_are_above_eight_hours() -> None:
    first = date(2026, 5, 4)  # Monday; 24 weeks until 18.10.2026
    heavy = [
        duty(
            first + timedelta(days=7 * week + day), "07:00", "16:45", label="Innendienst", pause=45
        )
        for week in range(24)
        for day in range(6)  # 6 × 9 h = 54 h a week
    ]
    findings = [
        f for f in of("max_daily_hours", check(plan(*heavy))) if "Durchschnitt" in f.message
    ]
    # Days before the facts count as free: weeks 22–24 are the first above 8 h on average.
    assert len(findings) == 3
    assert all(f.severity == "warning" for f in findings)
    assert findings[-1].message == (
        "§3 ArbZG: im Durchschnitt 9:00 h je Werktag vom 04.05.2026 bis 18.10.2026 "
        "(Ausgleich über 24 Wochen), mehr als 8:00 h (Müller, Anna)"
    )
    # 5 × 9:30 h = 47:30 h a week: long days, but 7:55 h per Werktag on average.
    five = [
        duty(first + timedelta(days=7 * week + day), "07:00", "17:15", pause=45)
        for week in range(24)
        for day in range(5)
    ]
    assert not [f for f in check(plan(*five)) if "Durchschnitt" in f.message]


# ---------------------------------------------------------------- breaks


def test_a_planned_break_that_is_too_short_is_a_warning() -> None:
    long = duty(MON, "06:00", "16:00", label="Frühdienst", pause=30)
    assert [(f.severity, f.message) for f in of("break", check(plan(long)))] == [
        (
            "warning",
            "§4 ArbZG: Frühdienst 09.11. – bei 9:30 h Arbeitszeit mindestens 45 min Pause, "
            "geplant 30 min (Müller, Anna)",
        )
    ]
    assumed = duty(MON, "06:00", "16:00", label="Frühdienst")  # no break given: legal minimum
    assert not of("break", check(plan(assumed)))


def test_six_hours_need_no_break_a_minute_more_does() -> None:
    assert not of("break", check(plan(duty(MON, "06:00", "12:00", pause=0))))
    assert of("break", check(plan(duty(MON, "06:00", "12:01", pause=0))))


def _actual(facts: RosterFacts, **changes: Any) -> RosterFacts:
    """The first assignment with actual values recorded."""
    first = replace(facts.assignments[0], **changes)
    return replace(facts, assignments=(first, *facts.assignments[1:]))


def test_a_recorded_break_that_is_too_short_is_an_error() -> None:
    early = duty(MON, "06:00", "14:00", label="Frühdienst", pause=30)
    facts = _actual(plan(early), actual_break_minutes=20)
    assert [(f.severity, f.message) for f in of("break", check(facts, use_actual=True))] == [
        (
            "error",
            "§4 ArbZG (Ist-Zeiten): Frühdienst 09.11. – bei 7:40 h Arbeitszeit mindestens 30 min "
            "Pause, erfasst 20 min (Müller, Anna)",
        )
    ]
    assert not of("break", check(facts))  # the plan is fine


def test_break_parts_under_fifteen_minutes_do_not_count() -> None:
    early = duty(MON, "06:00", "14:00", label="Frühdienst", pause=30)
    in_parts = _actual(plan(early), break_parts=(15, 15))
    assert not of("break", check(in_parts, use_actual=True))
    too_short = _actual(plan(early), break_parts=(10, 10, 10))
    assert texts("break", check(too_short, use_actual=True)) == [
        "§4 ArbZG (Ist-Zeiten): Frühdienst 09.11. – bei 8:00 h Arbeitszeit mindestens 30 min "
        "Pause, erfasst 0 min (Pausenteile unter 15 min zählen nicht: 30 min) (Müller, Anna)"
    ]
    mixed = _actual(plan(early), break_parts=(20, 10))
    assert texts("break", check(mixed, use_actual=True)) == [
        "§4 ArbZG (Ist-Zeiten): Frühdienst 09.11. – bei 7:40 h Arbeitszeit mindestens 30 min "
        "Pause, erfasst 20 min (Pausenteile unter 15 min zählen nicht: 10 min) (Müller, Anna)"
    ]


# ---------------------------------------------------------------- night work


def test_a_day_with_night_work_above_ten_hours() -> None:
    night = duty(MON, "19:00", "07:00", label="Nachtdienst", pause=45)
    assert [(f.severity, f.message) for f in of("night_hours", check(plan(night)))] == [
        (
            "error",
            "§6 ArbZG: 11:15 h Arbeitszeit mit Nachtarbeit am 09.11. (Nachtdienst), mehr als "
            "10:00 h (Müller, Anna)",
        )
    ]
    day = duty(MON, "07:00", "18:00", pause=45)  # as long, but no night work
    findings = check(plan(day))
    assert of("max_daily_hours", findings) and not of("night_hours", findings)


def test_night_work_means_more_than_two_hours_of_night_time() -> None:
    two_hours = duty(MON, "14:00", "01:00", pause=45)  # 23–01: exactly 2 h
    assert not of("night_hours", check(plan(two_hours)))
    more = duty(MON, "14:00", "01:30", pause=45)
    assert of("night_hours", check(plan(more)))


def test_night_work_one_month_average() -> None:
    first = date(2026, 11, 2)
    nights = [
        duty(
            first + timedelta(days=7 * week + day), "22:00", "07:45", label="Nachtdienst", pause=45
        )
        for week in range(4)
        for day in range(6)  # 6 × 9 h
    ]
    findings = of("night_hours", check(plan(*nights)))
    assert [f.message for f in findings] == [
        "§6 ArbZG: Nachtarbeit bei im Durchschnitt 9:00 h je Werktag vom 02.11.2026 bis "
        "29.11.2026 (Ausgleich über 4 Wochen), mehr als 8:00 h (Müller, Anna)"
    ]
    assert findings[0].shifts == tuple(n.id for n in nights[18:])
    five = [n for i, n in enumerate(nights) if i % 6 != 5]  # 5 × 9 h: 7:30 h per Werktag
    assert not of("night_hours", check(plan(*five)))


# ---------------------------------------------------------------- Sundays and holidays


def test_sunday_work_needs_a_replacement_rest_day_within_two_weeks() -> None:
    first, last = date(2026, 11, 2), date(2026, 11, 28)  # 15.11. ± 13 days, all worked
    findings = check(plan(*every_day(first, last)))
    assert [(f.severity, f.message) for f in of("sundays", findings)] == [
        (
            "warning",
            "§11 ArbZG: Sonntagsarbeit am 15.11. (Innendienst) ohne Ersatzruhetag innerhalb von "
            "2 Wochen (Müller, Anna)",
        )
    ]
    with_friday_off = [d for d in every_day(first, last) if d.duty_date != date(2026, 11, 20)]
    assert not of("sundays", check(plan(*with_friday_off)))


def test_each_free_day_replaces_only_one_sunday() -> None:
    # Every day from 26.10. to 06.12. is worked but Saturday 21.11.: the Sundays 08.11., 15.11.
    # and 22.11. can only reach that one free day (01.11., 29.11. and 06.12. reach free days
    # before and after the facts).
    days = [
        d
        for d in every_day(date(2026, 10, 26), date(2026, 12, 6))
        if d.duty_date != date(2026, 11, 21)
    ]
    findings = of("sundays", check(plan(*days)))
    assert [f.message.split(" (")[0] for f in findings] == [
        "§11 ArbZG: Sonntagsarbeit am 15.11.",
        "§11 ArbZG: Sonntagsarbeit am 22.11.",
    ]


def test_holiday_work_needs_a_replacement_rest_day_within_eight_weeks() -> None:
    holiday = duty(date(2026, 4, 6), "08:00", "16:00", label="Frühdienst", pause=30)
    assert not of("sundays", check(plan(holiday)))  # free days all around
    short = RuleSettings(sunday_replacement_weeks=1, holiday_replacement_weeks=1)
    christmas = every_day(date(2026, 12, 19), date(2026, 12, 31))
    assert texts("sundays", check(plan(*christmas), short)) == [
        "§11 ArbZG: Feiertagsarbeit am 25.12. (1. Weihnachtstag; Innendienst) ohne Ersatzruhetag "
        "innerhalb von 1 Woche (Müller, Anna)",
        "§11 ArbZG: Feiertagsarbeit am 26.12. (2. Weihnachtstag; Innendienst) ohne Ersatzruhetag "
        "innerhalb von 1 Woche (Müller, Anna)",
    ]


def test_fewer_than_fifteen_free_sundays_left_in_the_year() -> None:
    sundays = [date(2026, 1, 4) + timedelta(days=7 * n) for n in range(52)]
    assert sundays[-1] == date(2026, 12, 27)
    facts = plan(*(duty(day, "08:00", "16:00", label="Streife", pause=30) for day in sundays))
    findings = [f for f in of("sundays", check(facts)) if "freie Sonntage" in f.message]
    assert len(findings) == 15  # from the 38th worked Sunday on, 14 or fewer can stay free
    assert findings[0].message == (
        "§11 ArbZG: Sonntagsarbeit am 20.09.2026 – im Jahr 2026 bleiben höchstens 14 freie "
        "Sonntage, mindestens 15 (Müller, Anna)"
    )


def test_a_saturday_night_duty_is_sunday_work() -> None:
    strict = RuleSettings(min_free_sundays=52)  # 2026 has 52 Sundays: any Sunday work warns
    saturday = date(2026, 11, 14)
    night = duty(saturday, "22:00", "06:00", label="Nachtdienst")
    assert texts("sundays", check(plan(night), strict)) == [
        "§11 ArbZG: Sonntagsarbeit am 15.11.2026 – im Jahr 2026 bleiben höchstens 51 freie "
        "Sonntage, mindestens 52 (Müller, Anna)"
    ]
    assert not of("sundays", check(plan(duty(saturday, "14:00", "00:00")), strict))


# ---------------------------------------------------------------- weekly and contract hours


def test_more_than_48_hours_in_a_week() -> None:
    week = [duty(MON + timedelta(days=n), "06:00", "15:00", pause=30) for n in range(6)]
    weekly = [f for f in of("weekly_hours", check(plan(*week))) if f.paragraph]
    assert [(f.severity, f.message) for f in weekly] == [
        (
            "warning",
            "§3 ArbZG: 51:00 h Arbeitszeit in der Woche vom 09.11. bis 15.11., mehr als 48:00 h "
            "(Müller, Anna)",
        )
    ]
    assert weekly[0].shifts == tuple(d.id for d in week)
    exactly = [duty(MON + timedelta(days=n), "06:00", "14:30", pause=30) for n in range(6)]
    assert not [f for f in of("weekly_hours", check(plan(*exactly))) if f.paragraph]


def test_planned_hours_against_contract_hours() -> None:
    period = (MON, MON + timedelta(days=13))
    ten = [
        duty(MON + timedelta(days=n), "06:00", "14:00", pause=30)
        for n in (0, 1, 2, 3, 4, 7, 8, 9, 10, 11)
    ]
    findings = of("weekly_hours", check(plan(*ten), period=period))
    assert [f.officer for f in findings] == ["D-102", "D-103"]  # 75 h of 78 h: fine for Anna
    assert findings[0].message == (
        "Soll-Arbeitszeit: vom 09.11. bis 22.11. 0:00 h geplant, Soll 78:00 h (−78:00 h, mehr "
        "als 10 % Abweichung) (Schmidt, Ben)"
    )
    six = ten[:6]
    findings = [
        f for f in of("weekly_hours", check(plan(*six), period=period)) if f.officer == "D-101"
    ]
    assert [(f.severity, f.message, f.shifts) for f in findings] == [
        (
            "warning",
            "Soll-Arbeitszeit: vom 09.11. bis 22.11. 45:00 h geplant, Soll 78:00 h (−33:00 h, "
            "mehr als 10 % Abweichung) (Müller, Anna)",
            (),
        )
    ]
    vacation = AbsenceFact(
        ANNA.id, AbsenceKind.VACATION, MON + timedelta(days=7), MON + timedelta(days=13)
    )
    findings = check(plan(*ten[:5], absences=(vacation,)), period=period)
    assert [f.officer for f in of("weekly_hours", findings)] == ["D-102", "D-103"]


# ---------------------------------------------------------------- consecutive days


def test_more_than_six_duty_days_in_a_row() -> None:
    seven = [duty(MON + timedelta(days=n), "08:00", "14:00") for n in range(7)]
    findings = of("consecutive_days", check(plan(*seven)))
    assert [(f.severity, f.message) for f in findings] == [
        (
            "warning",
            "Diensttage in Folge: 7 Diensttage vom 09.11. bis 15.11., mehr als 6 (Müller, Anna)",
        )
    ]
    assert not of("consecutive_days", check(plan(*seven[:6])))
    with_gap = seven[:6] + [
        duty(MON + timedelta(days=7 + n), "08:00", "14:00") for n in range(1, 7)
    ]
    assert not of("consecutive_days", check(plan(*with_gap)))


# ---------------------------------------------------------------- staffing and bikes


def test_min_staff() -> None:
    investigation = duty(MON, "08:00", "16:00", ShiftKind.INVESTIGATION, min_staff=3, id="e1")
    facts = plan(investigation, others=(AssignmentFact("e1", BEN.id),))
    assert of("min_staff", check(facts)) == [
        Finding(
            "min_staff",
            "error",
            "Mindestbesetzung: Ermittlungsdienst 09.11. (08:00–16:00) hat 2 von 3 Dienstkräften",
            None,
            ("e1",),
            "",
        )
    ]
    full = plan(investigation, others=(AssignmentFact("e1", BEN.id), AssignmentFact("e1", CARL.id)))
    assert not of("min_staff", check(full))


def test_a_patrol_needs_two_officers() -> None:
    patrol = duty(MON, "06:00", "14:00", ShiftKind.PATROL, area="Innenstadt", min_staff=2)
    findings = check(plan(patrol))
    assert texts("double_patrol", findings) == [
        "Doppelstreife: Streife Innenstadt 09.11. (06:00–14:00) mit 1 Dienstkraft, mindestens 2"
    ]
    assert not of("min_staff", findings)  # said once
    bigger = replace(patrol, min_staff=3)
    assert len(of("min_staff", check(plan(bigger)))) == 1
    empty_bike = duty(
        MON, "06:00", "14:00", ShiftKind.BIKE_PATROL, area="Klosterinsel", min_staff=2
    )
    assert texts("double_patrol", check(RosterFacts((empty_bike,), (), OFFICERS))) == [
        "Doppelstreife: Radstreife Klosterinsel 09.11. (06:00–14:00) mit 0 Dienstkräften, "
        "mindestens 2"
    ]
    joint = duty(MON, "16:00", "22:00", ShiftKind.JOINT_PATROL_POLICE, area="Bahnhofsumfeld")
    assert check(plan(joint)) == []  # the state police bring the second officer


def test_bike_patrol_needs_bike_training() -> None:
    bike = duty(MON, "06:00", "14:00", ShiftKind.BIKE_PATROL, area="Innenstadt", min_staff=2)
    facts = plan(bike, others=(AssignmentFact(bike.id, BEN.id),))
    findings = of("bike_training", check(facts))
    assert [(f.severity, f.officer, f.message) for f in findings] == [
        (
            "error",
            "D-102",
            "Radstreifen-Schulung fehlt: eingeteilt für Radstreife Innenstadt 09.11. "
            "(Schmidt, Ben)",
        )
    ]


# ---------------------------------------------------------------- actual times and §16


def test_actual_times_are_checked_and_recorded_for_paragraph_16() -> None:
    early = duty(MON, "06:00", "14:00", label="Frühdienst", pause=30, id="f1")
    facts = _actual(
        plan(early),
        actual_start=early.starts_at,
        actual_end=early.ends_at + timedelta(hours=2, minutes=30),
    )
    assert check(facts) == []
    assert [
        (f.severity, f.message) for f in of("max_daily_hours", check(facts, use_actual=True))
    ] == [
        (
            "warning",
            "§3 ArbZG (Ist-Zeiten): 10:00 h Arbeitszeit am 09.11. (Frühdienst), mehr als 8:00 h "
            "(Müller, Anna)",
        )
    ]
    entry = overtime_record(facts)
    assert [
        (e.officer, e.name, e.day, e.worked_minutes, e.beyond_minutes, e.shifts, e.actual)
        for e in entry
    ] == [("D-101", "Müller, Anna", MON, 600, 120, ("f1",), True)]
    assert entry[0].worked_hours == 10.0 and entry[0].beyond_hours == 2.0


def test_overtime_record_uses_planned_times_where_no_actual_ones_are_recorded() -> None:
    autumn_night = duty(AUTUMN - timedelta(days=1), "22:00", "06:00", pause=30, id="n1")
    normal = duty(MON, "06:00", "14:00", pause=30)
    entries = overtime_record(plan(autumn_night, normal))
    assert [(e.day, e.worked_minutes, e.beyond_minutes, e.actual) for e in entries] == [
        (date(2026, 10, 24), 510, 30, False)  # the night with the extra hour
    ]
    assert overtime_record(plan(autumn_night), period=(MON, MON)) == []


# ---------------------------------------------------------------- order, period, JSON


def test_errors_come_first_then_time_then_rule() -> None:
    warning_first = duty(MON, "06:00", "15:00", pause=30)  # 8:30 h: a warning on Monday
    later_error = duty(
        MON + timedelta(days=2), "06:00", "14:00", ShiftKind.PATROL, area="Innenstadt"
    )
    findings = check(plan(warning_first, later_error))
    assert [(f.severity, f.rule) for f in findings] == [
        ("error", "double_patrol"),
        ("warning", "max_daily_hours"),
    ]


def test_period_keeps_findings_of_its_duties_with_earlier_duties_as_context() -> None:
    late = duty(MON, "14:00", "22:30", label="Spätdienst")
    early = duty(MON + timedelta(days=1), "08:00", "16:00", label="Frühdienst")
    outside = duty(MON - timedelta(days=3), "06:00", "14:00", ShiftKind.PATROL, area="Innenstadt")
    facts = plan(outside, late, early)
    in_period = check(facts, period=(MON + timedelta(days=1), MON + timedelta(days=6)))
    assert [f.rule for f in in_period] == ["rest_11h"]  # the patrol of 06.11. is not shown
    assert check(facts, period=(MON + timedelta(days=2), MON + timedelta(days=6))) == []
    with pytest.raises(ValidationError, match="Zeitraum"):
        check(facts, period=(MON, MON - timedelta(days=1)))


def test_findings_serialise_with_the_fields_of_design_12() -> None:
    late = duty(MON, "14:00", "22:30", label="Spätdienst", id="s1")
    early = duty(MON + timedelta(days=1), "08:00", "16:00", label="Frühdienst", id="s2")
    data = json.loads(json.dumps([f.as_json() for f in check(plan(late, early))]))
    assert data == [
        {
            "rule": "rest_11h",
            "severity": "error",
            "officer": "D-101",
            "shifts": ["s1", "s2"],
            "message": "§5 ArbZG: nur 9:30 h Ruhezeit zwischen Spätdienst 09.11. und "
            "Frühdienst 10.11. (Müller, Anna)",
            "paragraph": "§5 ArbZG",
        }
    ]


def test_an_assigned_officer_missing_from_the_facts_is_still_checked() -> None:
    bike = duty(MON, "06:00", "14:00", ShiftKind.BIKE_PATROL, area="Innenstadt", id="b1")
    facts = RosterFacts(
        (bike,), (AssignmentFact("b1", "ghost"), AssignmentFact("b1", ANNA.id)), OFFICERS
    )
    assert [f.officer for f in of("bike_training", check(facts))] == ["ghost"]


# ---------------------------------------------------------------- properties

KINDS = list(ShiftKind)
BASE = date(2026, 10, 19)  # three weeks around the autumn change (25.10.)


@st.composite
def rosters(draw: st.DrawFn) -> RosterFacts:
    """Small random rosters of three officers around a clock change."""
    officers = tuple(
        replace(
            o,
            has_bike_training=draw(st.booleans()),
            weekly_hours=draw(st.sampled_from([0.0, 20.0, 39.0])),
        )
        for o in OFFICERS
    )
    duties = tuple(draw(st.lists(random_duty(), max_size=12)))
    duties = tuple(replace(d, id=f"d{n}") for n, d in enumerate(duties))
    assignments = []
    for d in duties:
        for officer in draw(st.lists(st.sampled_from(officers), max_size=3)):  # duplicates too
            assignments.append(draw(random_assignment(d, officer.id)))
    absences = tuple(draw(st.lists(random_absence(), max_size=2)))
    return RosterFacts(duties, tuple(assignments), officers, absences)


@st.composite
def random_duty(draw: st.DrawFn) -> DutyFact:
    day = BASE + timedelta(days=draw(st.integers(0, 20)))
    start = local_to_utc(day, time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 30]))))
    length = timedelta(minutes=30 * draw(st.integers(1, 26)))
    return DutyFact(
        "d",
        day,
        draw(st.sampled_from(KINDS)),
        draw(st.sampled_from([None, "Innenstadt"])),
        start,
        start + length,
        draw(st.sampled_from([None, 0, 30, 45])),
        draw(st.integers(1, 3)),
        draw(st.sampled_from(["", "Frühdienst"])),
    )


@st.composite
def random_assignment(draw: st.DrawFn, d: DutyFact, officer_id: str) -> AssignmentFact:
    shift = timedelta(minutes=30 * draw(st.integers(-2, 4)))
    recorded = draw(st.booleans())
    return AssignmentFact(
        d.id,
        officer_id,
        draw(st.booleans()),
        d.starts_at if recorded else None,
        d.ends_at + shift if recorded else None,
        draw(st.sampled_from([None, 10, 30])),
        draw(st.sampled_from([(), (10, 20), (15, 30)])),
    )


@st.composite
def random_absence(draw: st.DrawFn) -> AbsenceFact:
    first = BASE + timedelta(days=draw(st.integers(0, 20)))
    return AbsenceFact(
        draw(st.sampled_from([o.id for o in OFFICERS])),
        draw(st.sampled_from(list(AbsenceKind))),
        first,
        first + timedelta(days=draw(st.integers(0, 3))),
    )


# Tight thresholds make the rules that need long rosters (Sundays, runs, averages) fire on the
# small random ones too.
STRICT = RuleSettings(
    min_free_sundays=52,
    sunday_replacement_weeks=1,
    holiday_replacement_weeks=1,
    max_consecutive_days=2,
    average_weeks=1,
    average_daily_hours=2.0,
    night_average_weeks=1,
    night_average_hours=2.0,
    weekly_max_hours=12.0,
    night_work_min_minutes=30,
)
rule_settings = st.sampled_from([RuleSettings(), STRICT])

periods = st.one_of(
    st.none(),
    st.tuples(st.integers(0, 20), st.integers(0, 20)).map(
        lambda p: (BASE + timedelta(days=min(p)), BASE + timedelta(days=max(p)))
    ),
)


@settings(max_examples=150, deadline=None)
@given(rosters(), st.randoms(use_true_random=False), st.booleans(), periods, rule_settings)
def test_findings_do_not_depend_on_the_order_of_the_facts(
    facts: RosterFacts,
    rnd: random.Random,
    use_actual: bool,
    period: tuple[date, date] | None,
    rules: RuleSettings,
) -> None:
    def shuffled(items: tuple[T, ...]) -> tuple[T, ...]:
        copy = list(items)
        rnd.shuffle(copy)
        return tuple(copy)

    mixed = RosterFacts(
        shuffled(facts.duties),
        shuffled(facts.assignments),
        shuffled(facts.officers),
        shuffled(facts.absences),
    )
    expected = check(facts, rules, use_actual=use_actual, period=period)
    assert check(mixed, rules, use_actual=use_actual, period=period) == expected
    assert expected == sorted(expected, key=lambda f: (f.severity != "error",)), "errors first"


@st.composite
def edits(draw: st.DrawFn, facts: RosterFacts) -> tuple[RosterFacts, set[str]]:
    """One roster edit as the UI makes it: the new facts and the duties it touched."""
    kind = draw(
        st.sampled_from(
            ["assign", "unassign", "move", "change", "add", "delete", "officer", "absence"]
        )
    )
    duties = list(facts.duties)
    if kind == "assign" and duties:
        d = draw(st.sampled_from(duties))
        officer = draw(st.sampled_from(facts.officers))
        added = draw(random_assignment(d, officer.id))
        return replace(facts, assignments=(*facts.assignments, added)), {d.id}
    if kind == "unassign" and facts.assignments:
        gone = draw(st.sampled_from(facts.assignments))
        kept = tuple(a for a in facts.assignments if a != gone)
        return replace(facts, assignments=kept), {gone.shift_id}
    if kind in ("move", "change") and duties:
        d = draw(st.sampled_from(duties))
        if kind == "move":
            delta = timedelta(minutes=30 * draw(st.integers(-30, 30)))
            changed = replace(d, starts_at=d.starts_at + delta, ends_at=d.ends_at + delta)
        else:
            changed = replace(
                d, kind=draw(st.sampled_from(KINDS)), min_staff=draw(st.integers(1, 3))
            )
        new = tuple(changed if x.id == d.id else x for x in duties)
        return replace(facts, duties=new), {d.id}
    if kind == "add":
        d = replace(draw(random_duty()), id=f"new{len(duties)}")
        officer = draw(st.sampled_from(facts.officers))
        return (
            replace(
                facts,
                duties=(*duties, d),
                assignments=(*facts.assignments, AssignmentFact(d.id, officer.id)),
            ),
            {d.id},
        )
    if kind == "delete" and duties:
        d = draw(st.sampled_from(duties))
        return (
            replace(
                facts,
                duties=tuple(x for x in duties if x.id != d.id),
                assignments=tuple(a for a in facts.assignments if a.shift_id != d.id),
            ),
            {d.id},
        )
    if kind == "officer":
        target = draw(st.sampled_from(facts.officers))
        changed_officer = replace(
            target,
            has_bike_training=not target.has_bike_training,
            weekly_hours=draw(st.sampled_from([0.0, 39.0])),
        )
        officers = tuple(changed_officer if o.id == target.id else o for o in facts.officers)
        return replace(facts, officers=officers), set()
    if kind == "absence":
        drop = draw(st.booleans())
        if facts.absences and drop:
            return replace(facts, absences=facts.absences[1:]), set()
        return replace(facts, absences=(*facts.absences, draw(random_absence()))), set()
    return facts, set()


@settings(max_examples=150, deadline=None)
@given(st.data(), rosters(), st.booleans(), periods, rule_settings)
def test_incremental_update_equals_a_full_check(
    data: st.DataObject,
    facts: RosterFacts,
    use_actual: bool,
    period: tuple[date, date] | None,
    rules: RuleSettings,
) -> None:
    checker = RosterChecker(facts, rules, use_actual=use_actual, period=period)
    assert checker.findings == check(facts, rules, use_actual=use_actual, period=period)
    for _ in range(data.draw(st.integers(1, 4))):
        facts, touched = data.draw(edits(checker.facts))
        expected = check(facts, rules, use_actual=use_actual, period=period)
        assert checker.update(facts, touched) == expected


def test_checker_edit_helpers_match_a_full_check() -> None:
    late = duty(MON, "14:00", "22:30", label="Spätdienst", id="s1")
    early = duty(MON + timedelta(days=1), "08:00", "16:00", label="Frühdienst", id="s2")
    checker = RosterChecker(RosterFacts((late, early), (AssignmentFact("s1", BEN.id),), OFFICERS))
    assert [f.rule for f in checker.findings] == ["min_staff"]
    assert [f.rule for f in checker.assign("s2", BEN.id)] == ["rest_11h"]
    moved = replace(
        early,
        starts_at=early.starts_at + timedelta(hours=2),
        ends_at=early.ends_at + timedelta(hours=2),
    )
    assert checker.replace_duty(moved) == [] == check(checker.facts)
    after_unassign = checker.unassign("s2", BEN.id)
    assert [f.rule for f in after_unassign] == ["min_staff"]
    assert after_unassign == check(checker.facts)


def test_touched_shifts_names_changed_duties_and_crews() -> None:
    from kod_desk.domain.roster_rules import touched_shifts
    from kod_desk.domain.timeutil import duty_bounds

    base = date(2026, 11, 16)
    start, end = duty_bounds(base, time(6), time(14))
    duty = DutyFact("d1", base, ShiftKind.OFFICE, None, start, end, 30, 1)
    other = replace(duty, id="d2")
    officer = OfficerFact("o1", "K-1", "A, B", 39.0, False)
    before = RosterFacts((duty, other), (AssignmentFact("d1", "o1"),), (officer,))
    assert touched_shifts(before, before) == set()
    moved = replace(other, ends_at=end + timedelta(hours=1))
    after = RosterFacts((duty, moved), (AssignmentFact("d2", "o1"),), (officer,))
    assert touched_shifts(before, after) == {"d1", "d2"}
