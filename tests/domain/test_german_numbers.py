"""Numbers as a German reads them (issue 14 item 7): decimal comma, thousands points, in the
texts a user sees — hours, shares, sizes, speeds, coordinates."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from kod_desk.domain import statistics as ds
from kod_desk.domain.attachments import format_size
from kod_desk.domain.bike_rides import range_warning
from kod_desk.domain.bikes import Bike, BikeCondition
from kod_desk.domain.geo import format_coordinates, parse_coordinates
from kod_desk.domain.text import german_decimal
from kod_desk.services.sync.reader import _amount


@pytest.mark.parametrize(
    ("value", "places", "options", "text"),
    [
        (1234.25, 1, {}, "1.234,3"),  # halves up, as on paper
        (2.25, 1, {}, "2,3"),
        (11.0, 1, {"trim": True}, "11"),
        (2.5, 2, {"trim": True}, "2,5"),
        (-0.04, 1, {}, "0,0"),  # never "-0,0"
        (-1234.5, 0, {}, "-1.235"),
        (1234567.891, 2, {}, "1.234.567,89"),
        (54.0758, 5, {"grouping": False}, "54,07580"),
        (1e20, 1, {}, "100.000.000.000.000.000.000"),
        (math.inf, 1, {}, "∞"),
        (math.nan, 1, {}, "–"),
    ],
)
def test_german_decimal(value: float, places: int, options: dict[str, bool], text: str) -> None:
    assert german_decimal(value, places, **options) == text


def test_no_decimal_point_in_the_texts_a_user_reads() -> None:
    assert ds.german_hours(1234.25) == "1.234,3"
    assert ds.share(1, 3) == "33,3 %"
    assert format_size(1_572_864) == "1,5 MB"
    assert format_size(2 * 1_048_576) == "2 MB"
    assert _amount(1536 * 1024) == "1,5 MiB"  # the sync refusal "entpackt über 1,5 MiB"
    assert format_coordinates(54.0758, 9.9805) == "54,07580; 9,98050"
    assert parse_coordinates(format_coordinates(54.0758, 9.9805)) == (54.0758, 9.9805)


def test_pedelec_range_warning_in_german_numbers() -> None:
    bike = Bike(
        id="b",
        inventory_no="R-07",
        frame_no="F",
        model="Pedelec",
        is_pedelec=True,
        range_km=60,
        odometer_km=1200,
        condition=BikeCondition.USABLE,
        next_inspection_on=None,
        next_inspection_km=None,
        inspection_interval_km=None,
        season=None,
        note="",
        version=1,
    )
    start = datetime(2026, 12, 7, 13, tzinfo=UTC)
    warning = range_warning(bike, start, start + timedelta(hours=7, minutes=30), speed_kmh=12.5)
    assert warning == ("Fahrrad R-07: 7,5 Std. Dienst bei 12,5 km/h ≈ 94 km, Reichweite nur 60 km.")
