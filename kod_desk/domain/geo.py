"""Coordinates as officers type or paste them (optional on an incident, DESIGN.md §7)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kod_desk.domain.errors import FieldProblem, ValidationError
from kod_desk.domain.text import german_decimal

_NUMBER = r"([+-]?\d{1,3}(?:[.,]\d+)?)"
_PAIR = re.compile(rf"^\s*{_NUMBER}\s*(?:[,;]\s*|\s+){_NUMBER}\s*$")


def parse_coordinates(text: str) -> tuple[float, float] | None:
    """ "54.0758, 9.9805", "54,0758 9,9805" or "54,0758; 9,9805" → (latitude, longitude).

    Empty text means no coordinates (None). Anything else raises a German ValidationError.
    """
    if not text.strip():
        return None
    match = _PAIR.match(text)
    if match is None:
        raise ValidationError(
            FieldProblem(
                "latitude",
                "Koordinaten: Bitte Breite und Länge als Dezimalzahlen angeben, "
                "z. B. 54,0758; 9,9805.",
            )
        )
    latitude, longitude = (float(part.replace(",", ".")) for part in match.groups())
    problems = []
    if not -90 <= latitude <= 90:
        problems.append(
            FieldProblem("latitude", "Koordinaten: Die Breite liegt zwischen -90 und 90.")
        )
    if not -180 <= longitude <= 180:
        problems.append(
            FieldProblem("longitude", "Koordinaten: Die Länge liegt zwischen -180 und 180.")
        )
    if problems:
        raise ValidationError(problems)
    return latitude, longitude


def format_coordinates(latitude: float | None, longitude: float | None) -> str:
    """(54.0727, 9.9871) → "54,07270; 9,98710": German decimal commas, so the pair is parted
    by a semicolon (five places: about a metre; parse_coordinates reads it back); "" without."""
    if latitude is None or longitude is None:
        return ""
    return "; ".join(german_decimal(v, 5, grouping=False) for v in (latitude, longitude))


@dataclass(frozen=True, slots=True)
class GeoBox:
    """A rectangle of WGS84 coordinates (south ≤ latitude ≤ north, west ≤ longitude ≤ east)."""

    south: float
    west: float
    north: float
    east: float

    def contains(self, latitude: float, longitude: float) -> bool:
        return self.south <= latitude <= self.north and self.west <= longitude <= self.east

    def at(self, across: float, up: float) -> tuple[float, float]:
        """The point at fractions ``up`` (south → north) and ``across`` (west → east), 0 … 1."""
        return (
            self.south + (self.north - self.south) * min(1.0, max(0.0, up)),
            self.west + (self.east - self.west) * min(1.0, max(0.0, across)),
        )

    def overlaps(self, other: GeoBox) -> bool:
        return not (
            other.west > self.east
            or other.east < self.west
            or other.south > self.north
            or other.north < self.south
        )
