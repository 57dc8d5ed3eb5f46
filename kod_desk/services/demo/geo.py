"""Where the demo's incidents happened: Neumünster, each area a small rectangle of the town.

The demo unit's areas are those of a town like Neumünster (station, city centre around the
Großflecken, the Klosterinsel, a park, the bus station), so its incidents carry coordinates
there and the map and the GeoJSON export show something (all but citizens' calls, which name
the place in words only, so the export's "ohne Koordinaten" has something to count too).
Each named place of an area (demo/unit.py PLACES) has a fixed spot inside the area's rectangle;
an incident lies a few metres around its place's spot. Positions come from a low-discrepancy
sequence, not from the demo's random stream, so adding them left every other demo row as it
was.
"""

from __future__ import annotations

from kod_desk.domain.geo import GeoBox
from kod_desk.services.demo.unit import (
    BAHNHOF,
    INNENSTADT,
    KLOSTERINSEL,
    PARKHAUS,
    PLACES,
    STADTPARK,
    UNTERFUEHRUNG,
    ZOB,
)

# The town (Neumünster, Schleswig-Holstein); the areas lie well inside, none overlaps another.
CITY = GeoBox(south=54.03, west=9.92, north=54.12, east=10.04)
AREA_BOXES: dict[str, GeoBox] = {
    BAHNHOF: GeoBox(54.0745, 9.9785, 54.0768, 9.9825),
    ZOB: GeoBox(54.0748, 9.9829, 54.0760, 9.9846),
    UNTERFUEHRUNG: GeoBox(54.0737, 9.9808, 54.0743, 9.9828),
    PARKHAUS: GeoBox(54.0736, 9.9846, 54.0744, 9.9862),
    INNENSTADT: GeoBox(54.0700, 9.9835, 54.0734, 9.9900),
    KLOSTERINSEL: GeoBox(54.0680, 9.9905, 54.0697, 9.9940),
    STADTPARK: GeoBox(54.0640, 9.9760, 54.0670, 9.9810),
}
EXAMPLE = (54.0758, 9.9805)  # Bahnhofsvorplatz: the placeholder of the coordinate fields

_MARGIN = 0.2  # places keep this share of the rectangle free at each edge, for the scatter
_SCATTER = 0.00012  # degrees around a place's spot (about 13 m north–south, 8 m east–west)
# The R2 sequence (Roberts 2018): well-spread points in the unit square without a random stream.
_R2 = (0.7548776662466927, 0.5698402909980532)


def _r2(n: int) -> tuple[float, float]:
    return (0.5 + _R2[0] * n) % 1.0, (0.5 + _R2[1] * n) % 1.0


def place_spots() -> dict[tuple[str, str], tuple[float, float]]:
    """(area, place) → the place's spot (latitude, longitude) inside the area's rectangle."""
    spots: dict[tuple[str, str], tuple[float, float]] = {}
    for area, places in PLACES.items():
        box = AREA_BOXES.get(area)
        if box is None:
            continue
        for index, place in enumerate(places, start=1):
            across, up = _r2(index)
            spots[area, place] = box.at(
                _MARGIN + (1 - 2 * _MARGIN) * across, _MARGIN + (1 - 2 * _MARGIN) * up
            )
    return spots


class Scatter:
    """The coordinates of the n-th incident at a place: its spot plus a few metres, in the box."""

    def __init__(self) -> None:
        self.spots = place_spots()
        self.count = 0

    def point(self, area: str, place: str) -> tuple[float, float] | None:
        spot = self.spots.get((area, place))
        if spot is None:
            return None
        self.count += 1
        across, up = _r2(self.count)
        latitude = spot[0] + (2 * up - 1) * _SCATTER
        longitude = spot[1] + (2 * across - 1) * _SCATTER
        box = AREA_BOXES[area]
        return (
            round(min(box.north, max(box.south, latitude)), 6),
            round(min(box.east, max(box.west, longitude)), 6),
        )
