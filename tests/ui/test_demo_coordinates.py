"""The demo's incidents lie in Neumünster, each inside its own area, so the GeoJSON export and
the map show something; the coordinate fields give a Neumünster example (issue 14 item 8).

Uses the session's demo database (tests/ui/conftest.py), read with plain sqlite3.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from contextlib import closing
from itertools import combinations
from pathlib import Path
from typing import Any

from kod_desk.domain.geo import GeoBox, parse_coordinates
from kod_desk.domain.incidents import IncidentFilter
from kod_desk.services.demo.geo import AREA_BOXES
from kod_desk.services.startup import open_database
from kod_desk.ui.dialogs.quick_entry_dialog import QuickEntryDialog
from tests import raw_sql

# Neumünster as a map shows it (the town's outline lies inside): written down here, apart
# from the demo's own rectangles, so a rectangle put elsewhere fails.
NEUMUENSTER = GeoBox(south=54.02, west=9.90, north=54.13, east=10.07)


def _incidents(path: Path) -> list[sqlite3.Row]:
    with closing(raw_sql.connect(path)) as connection:
        connection.row_factory = sqlite3.Row
        return connection.execute(
            "SELECT i.reference, i.latitude, i.longitude, i.place, i.source, a.name AS area "
            "FROM incident i JOIN area a ON a.id = i.area_id"
        ).fetchall()


def test_demo_incidents_lie_in_neumuenster_inside_their_own_area(demo_db: Path) -> None:
    everything = _incidents(demo_db)
    assert len(everything) >= 300
    # Patrols, the contact point and the police give coordinates; a citizen's call does not.
    rows = [r for r in everything if r["source"] != "citizen"]
    assert len(rows) >= 0.6 * len(everything)
    assert all(r["latitude"] is not None and r["longitude"] is not None for r in rows)
    assert all(r["latitude"] is None for r in everything if r["source"] == "citizen")
    for row in rows:
        point = (row["latitude"], row["longitude"])
        assert NEUMUENSTER.contains(*point), (row["reference"], point)
        inside = [name for name, box in AREA_BOXES.items() if box.contains(*point)]
        assert inside == [row["area"]], (row["reference"], row["place"], point)
    for first, second in combinations(AREA_BOXES.values(), 2):
        assert not first.overlaps(second)
    # Incidents at one place lie close together (a few metres), not all on one point.
    by_place: dict[str, list[tuple[float, float]]] = {}
    for row in rows:
        by_place.setdefault(row["place"], []).append((row["latitude"], row["longitude"]))
    busiest = max(by_place.values(), key=len)
    assert len(set(busiest)) > 1
    assert max(p[0] for p in busiest) - min(p[0] for p in busiest) < 0.0005  # about 50 m
    assert len(Counter(r["area"] for r in rows)) == len(AREA_BOXES)


def test_the_geojson_export_of_the_demo_shows_the_incidents_with_coordinates(
    demo_db: Path,
) -> None:
    services = open_database(str(demo_db)).services
    try:
        result = services.exports.incidents_geojson(IncidentFilter())
    finally:
        services.close()
    features: list[dict[str, Any]] = json.loads(result.data)["features"]
    rows = _incidents(demo_db)
    located = sum(1 for r in rows if r["latitude"] is not None)
    assert len(features) == result.exported == located >= 180
    assert result.without_coordinates == len(rows) - located > 0
    for feature in features:
        longitude, latitude = feature["geometry"]["coordinates"]
        assert NEUMUENSTER.contains(latitude, longitude)


def test_the_coordinate_placeholder_is_in_neumuenster(qtbot: Any, demo_db: Path) -> None:
    services = open_database(str(demo_db)).services
    try:
        dialog = QuickEntryDialog(services, lambda _draft: None)
        qtbot.addWidget(dialog)
        example = dialog.coordinates_edit.placeholderText().removeprefix("optional, z. B. ")
    finally:
        services.close()
    point = parse_coordinates(example)
    assert point is not None and NEUMUENSTER.contains(*point)
    assert "," in example and "." not in example  # decimal commas, as a German writes them
