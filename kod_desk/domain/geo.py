"""Coordinates as officers type or paste them (optional on an incident, DESIGN.md §7)."""

from __future__ import annotations

import re

from kod_desk.domain.errors import ValidationError

_NUMBER = r"([+-]?\d{1,3}(?:[.,]\d+)?)"
_PAIR = re.compile(rf"^\s*{_NUMBER}\s*(?:[,;]\s*|\s+){_NUMBER}\s*$")


def parse_coordinates(text: str) -> tuple[float, float] | None:
    """ "51.4556, 7.0116", "51,4556 7,0116" or "51,4556; 7,0116" → (latitude, longitude).

    Empty text means no coordinates (None). Anything else raises a German ValidationError.
    """
    if not text.strip():
        return None
    match = _PAIR.match(text)
    if match is None:
        raise ValidationError(
            "Koordinaten: Bitte Breite und Länge als Dezimalzahlen angeben, z. B. 51.4556, 7.0116."
        )
    latitude, longitude = (float(part.replace(",", ".")) for part in match.groups())
    problems = []
    if not -90 <= latitude <= 90:
        problems.append("Koordinaten: Die Breite liegt zwischen -90 und 90.")
    if not -180 <= longitude <= 180:
        problems.append("Koordinaten: Die Länge liegt zwischen -180 und 180.")
    if problems:
        raise ValidationError(problems)
    return latitude, longitude


def format_coordinates(latitude: float | None, longitude: float | None) -> str:
    """(51.4556, 7.0116) → "51.45560, 7.01160" (five places: about a metre); "" without."""
    if latitude is None or longitude is None:
        return ""
    return f"{latitude:.5f}, {longitude:.5f}"
