"""Incidents for other systems (issue 8 item 6): an Excel CSV and a GeoJSON of the filtered list.

Both hold what the incident list shows and nothing more: no persons involved, and no
descriptions (free text that often names people; lists never show personal data, DESIGN.md
§10 and :mod:`kod_desk.domain.permissions`). Pure formatting here; the rows come from
storage/repos/exports.py, the files and the audit entry from services/exports.py.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kod_desk.domain.incidents import IncidentFilter
from kod_desk.domain.report_lists import IncidentListRow
from kod_desk.domain.spreadsheet import Cell
from kod_desk.domain.text import german_int
from kod_desk.domain.timeutil import to_local

CSV = "csv"
GEOJSON = "geojson"
FORMATS = (CSV, GEOJSON)

CSV_COLUMNS = (
    "Aktenzeichen",
    "Datum",
    "Uhrzeit",
    "Gebiet",
    "Kategorie",
    "Quelle",
    "Status",
    "Ort",
    "Breitengrad",
    "Längengrad",
    "Maßnahmen",
)
COORDINATE_PLACES = 6  # about 0.1 m; more digits only pretend precision (RFC 7946 §11.2)


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One incident as exported: the list's columns and its coordinates (both or neither)."""

    listed: IncidentListRow
    latitude: float | None
    longitude: float | None

    @property
    def has_coordinates(self) -> bool:
        return valid_coordinates(self.latitude, self.longitude)


@dataclass(frozen=True, slots=True)
class ExportResult:
    """The file's bytes and what went into it."""

    format: str
    data: bytes
    exported: int  # rows of the CSV, features of the GeoJSON
    without_coordinates: int = 0  # GeoJSON: incidents of the filter left out for want of them

    def summary(self) -> str:
        """ "312 Vorkommnisse exportiert, 45 ohne Koordinaten ausgelassen" (for the CLI)."""
        text = f"{german_int(self.exported)} {incidents_word(self.exported)} exportiert"
        if self.format == GEOJSON:
            text += f", {german_int(self.without_coordinates)} ohne Koordinaten ausgelassen"
        return text


def incidents_word(count: int) -> str:
    return "Vorkommnis" if count == 1 else "Vorkommnisse"


def valid_coordinates(latitude: float | None, longitude: float | None) -> bool:
    """Both present, finite and on the globe (a synced record may bring anything)."""
    if latitude is None or longitude is None:
        return False
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return False
    return -90 <= latitude <= 90 and -180 <= longitude <= 180


# ---------------------------------------------------------------- CSV


def coordinate(value: float) -> Decimal:
    """51.4556 → Decimal("51.455600"): written as the number "51,455600" (domain/spreadsheet)."""
    return Decimal(f"{value:.{COORDINATE_PLACES}f}")


def csv_values(row: ExportRow) -> tuple[Cell, ...]:
    """One CSV row in CSV_COLUMNS order, for :class:`~kod_desk.domain.spreadsheet.ExcelCsv`:
    every text is guarded there; the coordinates are numbers of ours and stay numbers."""
    listed = row.listed
    local = to_local(listed.occurred_at)
    located = row.has_coordinates
    return (
        listed.reference,
        f"{local:%d.%m.%Y}",
        f"{local:%H:%M}",
        listed.area,
        listed.category,
        listed.source.label,
        listed.status.label,
        listed.place,
        coordinate(row.latitude) if located and row.latitude is not None else None,
        coordinate(row.longitude) if located and row.longitude is not None else None,
        ", ".join(listed.measures),
    )


# ---------------------------------------------------------------- GeoJSON

GEOJSON_HEAD = '{"type":"FeatureCollection","features":[\n'
GEOJSON_TAIL = "\n]}\n"


def feature(row: ExportRow) -> dict[str, Any]:
    """An RFC 7946 Feature: a Point at [longitude, latitude] (that order, §3.1.1), WGS 84."""
    listed = row.listed
    assert row.latitude is not None and row.longitude is not None
    return {
        "type": "Feature",
        "id": listed.id,
        "geometry": {
            "type": "Point",
            "coordinates": [
                round(row.longitude, COORDINATE_PLACES),
                round(row.latitude, COORDINATE_PLACES),
            ],
        },
        "properties": {
            "reference": listed.reference,
            "occurred_at": to_local(listed.occurred_at).isoformat(timespec="seconds"),
            "area": listed.area,
            "category": listed.category,
            "source": listed.source.label,
            "status": listed.status.label,
            "measures": list(listed.measures),
        },
    }


@dataclass(slots=True)
class Tally:
    """Counted while a file is written: what went in, what was left out."""

    exported: int = 0
    skipped: int = 0


def geojson_chunks(rows: Iterable[ExportRow], tally: Tally) -> Iterator[str]:
    """The FeatureCollection in pieces, one feature a line; incidents without (valid)
    coordinates are left out and counted as skipped."""
    yield GEOJSON_HEAD
    for row in rows:
        if not row.has_coordinates:
            tally.skipped += 1
            continue
        text = json.dumps(feature(row), ensure_ascii=False, separators=(",", ":"))
        yield ",\n" + text if tally.exported else text
        tally.exported += 1
    yield GEOJSON_TAIL


# ---------------------------------------------------------------- audit


def filter_json(flt: IncidentFilter, description: str) -> dict[str, Any]:
    """The filter as the audit log keeps it: ids for machines, the German line for people."""
    return {
        "description": description,
        "since": flt.since.isoformat() if flt.since else None,
        "until": flt.until.isoformat() if flt.until else None,
        "area_ids": sorted(flt.area_ids),
        "category_ids": sorted(flt.category_ids),
        "measure_id": flt.measure_id,
        "statuses": sorted(s.value for s in flt.statuses),
        "sources": sorted(s.value for s in flt.sources),
        "officer_id": flt.officer_id,
        "text": flt.text.strip(),
    }
