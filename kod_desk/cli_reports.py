"""``kod-desk report KIND … -o FILE.pdf`` (DESIGN.md §12): every printed report from the shell.

The same ReportService as the Berichte page; the file is written through a temporary file, so
a refused or failed report leaves no (half) PDF behind.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

KINDS = {
    "shift": "Schichtbericht (ohne --shift: jeder Dienst des Tages)",
    "day": "Tagesdienstbericht: alle Dienste eines Tages",
    "week": "Wochendienstplan (Mo–So der Woche mit --date), Querformat",
    "incident": "Vorkommnisbericht (--id: Kennung oder Aktenzeichen)",
    "bike": "Fahrtenbuch eines Fahrrads für einen Zeitraum",
    "month": "Monatsstatistik für das Controlling (ohne personenbezogene Daten)",
}


def add_commands(commands: Any, db_option: Callable[[argparse.ArgumentParser], None]) -> None:
    report = commands.add_parser("report", help="Berichte als PDF erzeugen")
    kinds = report.add_subparsers(dest="report_kind", metavar="|".join(KINDS), required=True)
    parsers = {kind: kinds.add_parser(kind, help=text) for kind, text in KINDS.items()}
    for kind, parser in parsers.items():
        db_option(parser)
        parser.add_argument(
            "-o", "--output", required=True, metavar="DATEI.pdf", help="Zieldatei (PDF)"
        )
        if kind in ("shift", "day", "week"):
            parser.add_argument("--date", required=True, metavar="DATUM")
    parsers["shift"].add_argument("--shift", metavar="ID", help="nur dieser Dienst")
    parsers["incident"].add_argument("--id", required=True, metavar="ID_ODER_AKTENZEICHEN")
    parsers["incident"].add_argument(
        "--reason", default="", metavar="GRUND", help="Anlass (wird mit protokolliert)"
    )
    parsers["bike"].add_argument("--bike", required=True, metavar="INVENTARNUMMER")
    parsers["bike"].add_argument("--from", dest="first", required=True, metavar="DATUM")
    parsers["bike"].add_argument(
        "--to", dest="last", required=True, metavar="DATUM", help="einschließlich"
    )
    parsers["month"].add_argument("--month", required=True, metavar="JJJJ-MM")


def parse_month(text: str) -> date:
    """``YYYY-MM`` or ``MM.YYYY`` → the first day of that month."""
    from kod_desk.domain.errors import ValidationError
    from kod_desk.domain.timeutil import FIRST_DAY, LAST_DAY

    value = text.strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", value) or re.fullmatch(r"(\d{1,2})\.(\d{4})", value)
    if match is not None:
        first, second = match.groups()
        year, month = (int(first), int(second)) if len(first) == 4 else (int(second), int(first))
        if 1 <= month <= 12 and FIRST_DAY.year <= year <= LAST_DAY.year:
            return date(year, month, 1)
    raise ValidationError(
        [
            f"--month: „{text}“ ist kein Monat zwischen {FIRST_DAY:%m.%Y} und {LAST_DAY:%m.%Y} "
            "(JJJJ-MM, z. B. 2025-06)."
        ]
    )


def render(services: Any, args: argparse.Namespace) -> bytes:
    """The PDF the arguments ask for."""
    from kod_desk.domain.errors import UserError
    from kod_desk.domain.timeutil import parse_date

    reports = services.reports
    kind = args.report_kind
    if kind == "shift":
        day = parse_date(args.date, "--date")
        if args.shift:
            shift = services.roster.shift(args.shift)
            if shift.duty_date != day:
                raise UserError(
                    f"Der Dienst {args.shift} ist am {shift.duty_date:%d.%m.%Y}, "
                    f"nicht am {day:%d.%m.%Y}."
                )
            return bytes(reports.shift_summary(args.shift))
        return bytes(reports.shift_summaries(day))
    if kind == "day":
        return bytes(reports.day_report(parse_date(args.date, "--date")))
    if kind == "week":
        return bytes(reports.week_roster(parse_date(args.date, "--date")))
    if kind == "incident":
        incident_id = reports.incident_id(args.id)
        return bytes(reports.incident_report(incident_id, args.reason))
    if kind == "bike":
        first, last = parse_date(args.first, "--from"), parse_date(args.last, "--to")
        if last < first:
            raise UserError(f"--to {last:%d.%m.%Y} liegt vor --from {first:%d.%m.%Y}.")
        return bytes(reports.bike_logbook(args.bike, first, last))
    return bytes(reports.month_statistics(parse_month(args.month)))


def run(services: Any, args: argparse.Namespace, write: Callable[[Path, bytes], Path]) -> Path:
    """Render and write; the written file's path."""
    return write(Path(args.output), render(services, args))
