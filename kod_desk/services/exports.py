"""Incidents for other systems (issue 8 item 6): Excel CSV and GeoJSON of a filtered list.

What Excel opens correctly with a double click on a German Windows: ``;`` between cells,
UTF-8 with a BOM (without it Excel reads ANSI and breaks the umlauts), CRLF line ends, German
dates and times in Europe/Berlin, decimal commas, quoting by the csv module (a ``;``, a quote or
a line break inside a cell), and no cell a spreadsheet would run as a formula
(:mod:`kod_desk.domain.spreadsheet`, the one CSV writer of the app).

GeoJSON follows RFC 7946: one FeatureCollection, Point geometries at [longitude, latitude]
(WGS 84, six decimals), UTF-8 without BOM; incidents without coordinates are left out and
counted.

Neither file holds persons involved or descriptions: the export is the incident list, and lists
never show personal data (DESIGN.md §10). Every role that sees the list may export it; every
export is written to the audit log with its filter and count (never the data).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import Any

from kod_desk.domain import exports as dx
from kod_desk.domain.errors import UserError
from kod_desk.domain.incident_list import IncidentSort
from kod_desk.domain.incidents import IncidentFilter
from kod_desk.domain.report_lists import describe_filter, describe_sort
from kod_desk.domain.spreadsheet import ExcelCsv
from kod_desk.services.base import Service
from kod_desk.storage.repos import exports as repo
from kod_desk.storage.repos import report_lists as lists_repo

FLUSH_ROWS = 1000  # rows written to the text buffer between two encodes
FORMAT_NAMES = {dx.CSV: "CSV", dx.GEOJSON: "GeoJSON"}


class ExportService(Service):
    def incidents_csv(
        self, flt: IncidentFilter, sort: IncidentSort | None = None
    ) -> dx.ExportResult:
        """The filtered incidents (the Vorkommnisse page's order for ``sort``) as Excel CSV."""
        return self.export(dx.CSV, flt, sort)

    def incidents_geojson(
        self, flt: IncidentFilter, sort: IncidentSort | None = None
    ) -> dx.ExportResult:
        """The filtered incidents that have coordinates as a GeoJSON FeatureCollection; how many
        had none is in ``without_coordinates``."""
        return self.export(dx.GEOJSON, flt, sort)

    def export(
        self, fmt: str, flt: IncidentFilter, sort: IncidentSort | None = None
    ) -> dx.ExportResult:
        """:meth:`incidents_csv` or :meth:`incidents_geojson` by format name; the export is
        written to the audit log with its filter, order and count (never the data)."""
        if fmt not in FORMAT_NAMES:
            raise UserError(f"„{fmt}“ ist kein Exportformat (csv oder geojson).")
        tally = dx.Tally()
        with self._read() as session:
            rows = repo.export_rows(session, flt, sort)
            if fmt == dx.CSV:
                data = b"".join(_csv_chunks(rows, tally))
            else:
                data = "".join(dx.geojson_chunks(rows, tally)).encode("utf-8")
            description = describe_filter(flt, lists_repo.filter_names(session, flt))
        result = dx.ExportResult(fmt, data, tally.exported, tally.skipped)
        after: dict[str, Any] = {
            "format": fmt,
            "filter": dx.filter_json(flt, description),
            "sort": describe_sort(sort or IncidentSort()),
            "rows": result.exported,
        }
        if fmt == dx.GEOJSON:
            after["without_coordinates"] = result.without_coordinates
        # Written after the read, in a short write of its own: the rows are read without
        # holding the write lock.
        with self._op("incident.export") as op:
            op.audit(
                "export",
                "incident",
                None,
                after=after,
                reason=f"Export Vorkommnisse ({FORMAT_NAMES[fmt]})",
            )
        return result


def _csv_chunks(rows: Iterable[dx.ExportRow], tally: dx.Tally) -> Iterator[bytes]:
    """The CSV as encoded pieces of FLUSH_ROWS rows, counted in ``tally``."""
    buffer = io.StringIO()
    writer = ExcelCsv(buffer)
    writer.writerow(dx.CSV_COLUMNS)
    yield "\ufeff".encode()
    pending = 0
    for row in rows:
        writer.writerow(dx.csv_values(row))
        tally.exported += 1
        pending += 1
        if pending >= FLUSH_ROWS:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue().encode("utf-8")
