"""The quick entry's one time field: what an officer types and what it means (issue 14)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kod_desk.domain.enums import ShiftKind
from kod_desk.domain.errors import ValidationError
from kod_desk.domain.quick_entry import (
    DutyCrew,
    RunningDuty,
    describe_moment,
    duty_line,
    format_moment,
    parse_occurred_at,
    pick_duty,
)
from kod_desk.domain.timeutil import BERLIN

# Monday 7 December 2026, 19:30 in Berlin (UTC+1).
NOW = datetime(2026, 12, 7, 18, 30, tzinfo=UTC)


def local(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18:46", local(2026, 12, 7, 18, 46)),
        (" 18.46 ", local(2026, 12, 7, 18, 46)),
        ("1846", local(2026, 12, 7, 18, 46)),
        ("7:05 Uhr", local(2026, 12, 7, 7, 5)),
        ("gestern 22:10", local(2026, 12, 6, 22, 10)),
        ("Gestern, 22:10", local(2026, 12, 6, 22, 10)),
        ("vorgestern 6:30", local(2026, 12, 5, 6, 30)),
        ("heute 9:05", local(2026, 12, 7, 9, 5)),
        ("7.12. 18:46", local(2026, 12, 7, 18, 46)),
        ("18:46 7.12.", local(2026, 12, 7, 18, 46)),
        ("07.12.2026 18:46", local(2026, 12, 7, 18, 46)),
        ("1.11.26 0:15", local(2026, 11, 1, 0, 15)),
        ("29.2.24 12:00", local(2024, 2, 29, 12, 0)),
    ],
)
def test_what_an_officer_types(text: str, expected: datetime) -> None:
    assert parse_occurred_at(text, NOW) == expected


def test_empty_is_now() -> None:
    assert parse_occurred_at("", NOW) == NOW
    assert parse_occurred_at("   ", NOW) == NOW


def test_a_time_ahead_of_the_clock_is_yesterday_but_a_few_minutes_are_clock_drift() -> None:
    assert parse_occurred_at("19:33", NOW) == local(2026, 12, 7, 19, 33)  # 3 min: drift
    assert parse_occurred_at("19:40", NOW) == local(2026, 12, 6, 19, 40)  # 10 min: yesterday
    after_midnight = local(2026, 12, 8, 0, 20)
    assert parse_occurred_at("23:50", after_midnight) == local(2026, 12, 7, 23, 50)


def test_a_day_without_year_ahead_of_today_is_last_year() -> None:
    january = local(2027, 1, 3, 10, 0)
    assert parse_occurred_at("28.12. 22:00", january) == local(2026, 12, 28, 22, 0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Inn", "Zeit: „Inn“ ist keine Zeitangabe"),
        ("25:00", "Zeit: „25:00“ ist keine Zeitangabe"),
        ("18:46 19:00", "ist keine Zeitangabe"),
        ("gestern", "Zeit: „gestern“ – bitte auch die Uhrzeit angeben"),
        ("7.12.", "bitte auch die Uhrzeit angeben"),
        ("31.2. 10:00", "Zeit: „31.2. 10:00“ enthält kein gültiges Datum."),
        ("heute 21:00", "Zeit: „heute 21:00“ liegt in der Zukunft."),
        ("08.12.2026 10:00", "liegt in der Zukunft."),
        ("1.1.1950 10:00", "liegt zu weit zurück."),
    ],
)
def test_refused_with_a_german_message_naming_the_field(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_occurred_at(text, NOW)
    assert message in refused.value.messages[0]


def test_the_echo_says_today_yesterday_or_the_date() -> None:
    assert describe_moment(local(2026, 12, 7, 18, 46), NOW) == "heute 18:46"
    assert describe_moment(local(2026, 12, 6, 22, 10), NOW) == "gestern 22:10"
    assert describe_moment(local(2026, 12, 4, 8, 0), NOW) == "Fr 04.12.2026 08:00"


@given(
    st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
    ),
    st.integers(min_value=0, max_value=60 * 24 * 40),
)
def test_a_written_time_reads_back_and_is_never_in_the_future(
    now: datetime, minutes_ago: int
) -> None:
    moment = (now - timedelta(minutes=minutes_ago)).replace(second=0, microsecond=0)
    # A draft stores the absolute form; reading it back gives the same minute (autumn's
    # repeated hour aside, which reads as its first occurrence).
    back = parse_occurred_at(format_moment(moment), now)
    assert back == moment or back == moment - timedelta(hours=1)
    # Whatever clock time is typed alone, the result is within the last day and not ahead.
    clock = moment.astimezone(BERLIN).time()
    typed = parse_occurred_at(f"{clock:%H:%M}", now)
    assert typed - now <= timedelta(minutes=5)
    assert now - typed < timedelta(hours=25)
    assert typed.astimezone(BERLIN).time() in (clock, time((clock.hour + 1) % 24, clock.minute))


def _duty(shift: str, area: str | None, *crew: str) -> RunningDuty:
    return RunningDuty(
        shift,
        ShiftKind.PATROL,
        area,
        {"a": "Bahnhofsumfeld", "b": "Innenstadt"}.get(area or "", ""),
        local(2026, 12, 7, 14, 0),
        local(2026, 12, 7, 22, 0),
        tuple(DutyCrew(c, c.title(), "X") for c in crew),
    )


def test_the_officers_own_duty_first_and_another_area_gets_its_own_duty() -> None:
    duties = [_duty("s1", "a", "meier", "yilmaz"), _duty("s2", "b", "albers")]
    assert pick_duty(duties) == duties[0]
    assert pick_duty(duties, officer_id="albers") == duties[1]
    assert pick_duty(duties, area_id="b", officer_id="meier") == duties[1]
    assert pick_duty(duties, area_id="c") is None


def test_one_line_names_duty_and_every_ticked_officer() -> None:
    duty = _duty("s1", "a", "meier", "yilmaz")
    line = duty_line(duty, "Bahnhofsumfeld", [("Meier", "Max"), ("Yılmaz", "Ayşe")])
    assert line == "Streife Bahnhofsumfeld 14–22 · Meier, Yılmaz"
    two_meiers = duty_line(duty, "Bahnhofsumfeld", [("Meier", "Max"), ("Meier", "Jana")])
    assert two_meiers.endswith("· Meier M., Meier J.")
    assert duty_line(None, "Stadtpark Nord", []) == (
        "Stadtpark Nord: kein laufender Dienst · keine Dienstkraft angekreuzt"
    )
