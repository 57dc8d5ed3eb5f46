"""Pure rules: video periods, German dates and times, duty bounds across DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kod_desk.domain.errors import ValidationError
from kod_desk.domain.masterdata import VideoPeriod, clock_span, legal_break_minutes
from kod_desk.domain.timeutil import duty_bounds, parse_date, parse_time


@pytest.mark.parametrize(
    "text", ["01.04.–30.09.", "1.4.-30.9.", "01.04. bis 30.09", "01.04.—30.09."]
)
def test_video_period_spellings(text: str) -> None:
    assert VideoPeriod.parse(text) == VideoPeriod(4, 1, 9, 30)


def test_video_period_contains_and_wraps_over_new_year() -> None:
    summer = VideoPeriod(4, 1, 9, 30)
    assert summer.contains(date(2026, 4, 1)) and summer.contains(date(2026, 9, 30))
    assert not summer.contains(date(2026, 10, 1))
    winter = VideoPeriod.parse("01.12.–28.02.")
    assert winter.contains(date(2027, 1, 15)) and not winter.contains(date(2026, 6, 1))


@pytest.mark.parametrize("text", ["April bis September", "31.02.–01.03.", "01.13.–02.14."])
def test_bad_video_periods_are_explained(text: str) -> None:
    with pytest.raises(ValidationError, match="Videozeitraum"):
        VideoPeriod.parse(text)


@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 12, 31)),
    st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 12, 31)),
)
def test_video_period_json_round_trip(start: date, end: date) -> None:
    period = VideoPeriod(start.month, start.day, end.month, end.day)
    assert VideoPeriod.from_json(period.to_json()) == period
    assert VideoPeriod.parse(period.label) == period


def test_dates_in_both_spellings() -> None:
    assert parse_date("2026-11-26") == parse_date("26.11.2026") == date(2026, 11, 26)
    with pytest.raises(ValidationError, match="kein gültiges Datum"):
        parse_date("31.11.2026")
    assert parse_time("6:00") == time(6)
    with pytest.raises(ValidationError, match="keine gültige Uhrzeit"):
        parse_time("25:00")


def test_night_duty_over_the_autumn_change_is_an_hour_longer() -> None:
    start, end = duty_bounds(date(2026, 10, 24), time(22), time(6))
    assert end - start == timedelta(hours=9)
    start, end = duty_bounds(date(2026, 3, 28), time(22), time(6))
    assert end - start == timedelta(hours=7)
    start, _ = duty_bounds(date(2026, 7, 1), time(6), time(14))
    assert start == datetime(2026, 7, 1, 4, tzinfo=UTC)


def test_clock_span_and_legal_breaks() -> None:
    assert clock_span(time(22), time(6)) == timedelta(hours=8)
    assert legal_break_minutes(timedelta(hours=6)) == 0
    assert legal_break_minutes(timedelta(hours=6, minutes=1)) == 30
    assert legal_break_minutes(timedelta(hours=9, minutes=1)) == 45
