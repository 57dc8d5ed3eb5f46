"""``kod-desk export incidents --format csv|geojson … -o FILE`` (issue 8 item 6).

The same ExportService as the Vorkommnisse page: the Excel CSV or the GeoJSON of the incidents
of a period, area and category (newest first), without persons and descriptions. The file is
written through a temporary file; a refused export writes nothing.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import time, timedelta
from pathlib import Path
from typing import Any


def add_commands(commands: Any, db_option: Callable[[argparse.ArgumentParser], None]) -> None:
    export = commands.add_parser("export", help="Vorkommnisse als CSV (Excel) oder GeoJSON")
    kinds = export.add_subparsers(dest="export_kind", metavar="incidents", required=True)
    incidents = kinds.add_parser(
        "incidents",
        help="Vorkommnisliste ohne Personen und Sachverhalt (GeoJSON: nur mit Koordinaten)",
    )
    db_option(incidents)
    incidents.add_argument("--format", required=True, metavar="csv|geojson")
    incidents.add_argument("--from", dest="first", metavar="DATUM", help="ab diesem Tag")
    incidents.add_argument("--to", dest="last", metavar="DATUM", help="bis einschließlich")
    incidents.add_argument("--area", metavar="NAME", help="nur dieses Einsatzgebiet")
    incidents.add_argument("--category", metavar="NAME", help="nur diese Kategorie")
    incidents.add_argument("-o", "--output", required=True, metavar="DATEI")


def _by_name(kind: str, name: str, known: list[tuple[str, str]]) -> str:
    """The id of the entry called ``name`` (case and spaces ignored); UserError otherwise."""
    from kod_desk.domain.errors import UserError

    wanted = " ".join(name.split()).casefold()
    for entry_id, entry_name in known:
        if " ".join(entry_name.split()).casefold() == wanted:
            return entry_id
    names = ", ".join(sorted(entry_name for _id, entry_name in known))
    raise UserError(f"{kind} „{name}“ gibt es nicht (bekannt: {names}).")


def incident_filter(services: Any, args: argparse.Namespace) -> Any:
    """The IncidentFilter the arguments describe; UserError for an unknown name or date."""
    from kod_desk.domain.enums import CatalogKind
    from kod_desk.domain.errors import UserError
    from kod_desk.domain.incidents import IncidentFilter
    from kod_desk.domain.timeutil import local_to_utc, parse_date

    first = parse_date(args.first, "--from") if args.first else None
    last = parse_date(args.last, "--to") if args.last else None
    if first and last and last < first:
        raise UserError(f"--to {last:%d.%m.%Y} liegt vor --from {first:%d.%m.%Y}.")
    areas: frozenset[str] = frozenset()
    if args.area is not None:
        known = [(a.id, a.name) for a in services.masterdata.areas()]
        areas = frozenset({_by_name("Gebiet", args.area, known)})
    categories: frozenset[str] = frozenset()
    if args.category is not None:
        entries = services.masterdata.catalog(CatalogKind.INCIDENT_CATEGORY)
        known = [(c.id, c.name) for c in entries]
        categories = frozenset({_by_name("Kategorie", args.category, known)})
    return IncidentFilter(
        since=local_to_utc(first, time(0)) if first else None,
        until=local_to_utc(last + timedelta(days=1), time(0)) if last else None,
        area_ids=areas,
        category_ids=categories,
    )


def run(
    args: argparse.Namespace,
    open_services: Callable[[argparse.Namespace], Any],
    write: Callable[[Path, bytes], Path],
) -> int:
    """Check the format, open the database, export, write; one line says what was written."""
    from kod_desk.domain.errors import UserError
    from kod_desk.domain.exports import FORMATS

    fmt = args.format.strip().lower()
    if fmt not in FORMATS:
        raise UserError(f"--format: „{args.format}“ gibt es nicht (csv oder geojson).")
    services = open_services(args)
    try:
        result = services.exports.export(fmt, incident_filter(services, args))
    finally:
        services.close()
    target = write(Path(args.output), result.data)
    print(f"{result.summary()}: {target}")
    return 0
