"""Retention rules: the cutoff day, the setting, the preview's counts and sentence."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from kod_desk.domain.errors import ValidationError
from kod_desk.domain.retention import (
    DEFAULT_MONTHS,
    PurgeCandidate,
    RetentionPolicy,
    check_months,
    months_before,
    summarize,
)


def test_cutoff_is_the_same_day_months_earlier_clamped_to_the_month() -> None:
    assert months_before(date(2026, 11, 26), 24) == date(2024, 11, 26)
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2028, 3, 31), 1) == date(2028, 2, 29)
    assert months_before(date(2026, 1, 15), 13) == date(2024, 12, 15)
    assert RetentionPolicy().cutoff(date(2026, 11, 26)) == date(2024, 11, 26)
    # Midnight in Berlin (winter: UTC+1) is 23:00 UTC the evening before.
    assert RetentionPolicy(24).cutoff_utc(date(2026, 11, 26)) == datetime(
        2024, 11, 25, 23, 0, tzinfo=UTC
    )


def test_setting_defaults_to_two_years_and_refuses_odd_periods() -> None:
    assert DEFAULT_MONTHS == 24
    assert RetentionPolicy.from_dict(None).months == 24
    assert RetentionPolicy.from_dict({"months": 6}).months == 6
    assert RetentionPolicy.from_dict({"months": 0}).months == 24  # broken setting: the default
    assert check_months(120).months == 120
    with pytest.raises(ValidationError) as refused:
        check_months(121)
    assert refused.value.messages == ["Aufbewahrungsfrist: 1 bis 120 Monate (angegeben: 121)."]


def test_preview_counts_per_closing_year_and_says_it_in_german() -> None:
    closed = [
        PurgeCandidate("a", "VK-1", datetime(2023, 12, 31, 23, 30, tzinfo=UTC), 2),  # 2024 local
        PurgeCandidate("b", "VK-2", datetime(2023, 5, 1, 8, 0, tzinfo=UTC), 1),
        PurgeCandidate("c", "VK-3", datetime(2024, 2, 1, 8, 0, tzinfo=UTC), 9),
    ]
    preview = summarize(closed, RetentionPolicy(24), date(2026, 11, 26))
    assert (preview.incidents, preview.persons) == (3, 12)
    assert preview.per_year == ((2023, 1, 1), (2024, 2, 11))
    assert preview.oldest_closed == date(2023, 5, 1)
    assert preview.message == (
        "12 Personen aus 3 Vorkommnissen werden gelöscht (abgeschlossen vor dem 26.11.2024)."
    )
    one = summarize(closed[1:2], RetentionPolicy(24), date(2026, 11, 26))
    assert one.message.startswith("1 Person aus 1 Vorkommnis wird gelöscht")
    empty = summarize([], RetentionPolicy(24), date(2026, 11, 26))
    assert empty.is_empty and empty.oldest_closed is None
    assert empty.message.startswith("Nichts zu bereinigen")
