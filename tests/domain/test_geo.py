"""Typed or pasted coordinates: the common spellings are read, anything else is refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kod_desk.domain.errors import ValidationError
from kod_desk.domain.geo import format_coordinates, parse_coordinates


@pytest.mark.parametrize(
    "text",
    ["51.4556, 7.0116", "51.4556 7.0116", "51,4556 7,0116", "51,4556; 7,0116", " 51,4556,7,0116 "],
)
def test_common_spellings(text: str) -> None:
    assert parse_coordinates(text) == (51.4556, 7.0116)


def test_empty_means_none() -> None:
    assert parse_coordinates("  ") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Marktplatz", "als Dezimalzahlen"),
        ("51.4556", "als Dezimalzahlen"),
        ("95.0, 7.0", "Breite liegt zwischen -90 und 90"),
        ("51.0, 190.5", "Länge liegt zwischen -180 und 180"),
    ],
)
def test_refusals_name_the_field(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_coordinates(text)
    assert refused.value.message.startswith("Koordinaten:")
    assert message in refused.value.message


@given(st.floats(-90, 90), st.floats(-180, 180))
def test_formatted_coordinates_read_back_within_a_metre(lat: float, lon: float) -> None:
    parsed = parse_coordinates(format_coordinates(lat, lon))
    assert parsed is not None
    assert abs(parsed[0] - lat) < 1e-5 and abs(parsed[1] - lon) < 1e-5


@given(st.text(max_size=40))
def test_any_text_is_read_or_refused_in_german(text: str) -> None:
    try:
        parse_coordinates(text)
    except ValidationError as refused:
        assert refused.message.startswith("Koordinaten:")
