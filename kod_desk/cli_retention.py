"""``kod-desk retention preview|purge``: the retention purge of DESIGN.md §10 from the shell.

The same RetentionService as the Verwaltung page. ``preview`` says what a purge would delete now,
in the database and in the older backups (re-written without the persons or removed), and
changes nothing; ``purge`` says the same first, then purges (after a verified backup) and says
what it did.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


def add_commands(commands: Any, db_option: Callable[[argparse.ArgumentParser], None]) -> None:
    retention = commands.add_parser(
        "retention", help="Personendaten nach Aufbewahrungsfrist: Vorschau oder löschen"
    )
    actions = retention.add_subparsers(
        dest="retention_command", metavar="preview|purge", required=True
    )
    db_option(actions.add_parser("preview", help="was jetzt gelöscht würde (ändert nichts)"))
    db_option(
        actions.add_parser(
            "purge", help="fällige Personendaten löschen, auch aus älteren Sicherungen"
        )
    )


def run(args: argparse.Namespace, open_services: Callable[[argparse.Namespace], Any]) -> int:
    services = open_services(args)
    try:
        preview = services.retention.preview()
        print(preview.message)
        if args.retention_command == "purge" and not preview.is_empty:
            print(services.retention.run().value.message)
    finally:
        services.close()
    return 0
