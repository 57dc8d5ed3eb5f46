"""The command line: the same services as the window, for office IT, scripts and tests.

Every subcommand takes ``--db``; errors print one German line on stderr and exit non-zero
(1 for a failed check, 2 for refused input or an unusable database).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from kod_desk import __version__

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_REFUSED = 2


class GermanArgumentParser(argparse.ArgumentParser):
    """argparse speaks English; a usage error here becomes one German line."""

    def error(self, message: str) -> NoReturn:
        message = (
            message.replace("the following arguments are required", "es fehlt")
            .replace("unrecognized arguments", "unbekannte Angaben")
            .replace("invalid choice", "unbekannter Befehl")
            .replace("expected one argument", "erwartet einen Wert")
            .replace("argument ", "Angabe ")
            .replace("choose from", "möglich:")
        )
        self.exit(EXIT_REFUSED, f"{self.prog}: {message} (Hilfe: {self.prog} --help)\n")


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PFAD_ODER_URL",
        help="Datenbankdatei oder URL (Standard: KOD_DESK_DB oder der Benutzerdatenordner)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = GermanArgumentParser(
        prog="kod-desk",
        description="KOD Desk – Dienstplan, Fahrräder, Vorkommnisse und Berichte.",
    )
    parser.add_argument("--version", action="version", version=f"KOD Desk {__version__}")
    _db_option(parser)
    parser.add_argument(
        "--demo", action="store_true", help="mit einer frischen Demodatenbank starten"
    )
    parser.add_argument("--settings", metavar="DATEI", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(
        dest="command", metavar="BEFEHL", parser_class=GermanArgumentParser
    )

    demo = commands.add_parser("demo", help="eine Demodatenbank anlegen")
    _db_option(demo)
    demo.add_argument("--incidents", type=int, default=300, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")

    db = commands.add_parser("db", help="Datenbank aktualisieren oder prüfen")
    db_commands = db.add_subparsers(dest="db_command", metavar="upgrade|check", required=True)
    for name, text in (
        ("upgrade", "auf den Stand dieser Version bringen (legt sie an)"),
        ("check", "Schema, Integrität und Fremdschlüssel prüfen"),
    ):
        _db_option(db_commands.add_parser(name, help=text))

    officers = commands.add_parser("officers", help="Dienstkräfte importieren oder auflisten")
    officer_commands = officers.add_subparsers(
        dest="officers_command", metavar="import|list", required=True
    )
    officer_import = officer_commands.add_parser("import", help="Personalliste (CSV) einlesen")
    _db_option(officer_import)
    officer_import.add_argument("file", metavar="DATEI.csv")
    officer_list = officer_commands.add_parser("list", help="Dienstkräfte auflisten")
    _db_option(officer_list)
    officer_list.add_argument("--json", action="store_true")

    station = commands.add_parser("station", help="Station dieser Datenbank")
    station_commands = station.add_subparsers(dest="station_command", metavar="show", required=True)
    station_show = station_commands.add_parser("show", help="Kennung und Name anzeigen")
    _db_option(station_show)
    station_show.add_argument("--json", action="store_true")

    backup = commands.add_parser("backup", help="geprüfte Sicherung der Datenbank anlegen")
    _db_option(backup)
    backup.add_argument("-o", "--output", metavar="ORDNER", help="Zielordner (Standard: backups/)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from kod_desk.app import run_gui

        return run_gui(db=args.db, demo=args.demo, settings_path=args.settings)
    handler = _HANDLERS[args.command]
    try:
        return int(handler(args))
    except KeyboardInterrupt:
        _fail("abgebrochen.")
        return EXIT_FAILED
    except Exception as error:  # every command ends in one German line, never a traceback
        from kod_desk.domain.errors import UserError

        if isinstance(error, UserError):
            _fail(error.message.replace("\n", " | "))
            return EXIT_REFUSED
        _fail(f"unerwarteter Fehler ({type(error).__name__}: {error}).")
        return EXIT_FAILED


def _fail(message: str) -> None:
    print(f"kod-desk: {message}", file=sys.stderr)


def _location(args: argparse.Namespace) -> str:
    from kod_desk.services.startup import resolve_location

    return resolve_location(getattr(args, "db", None))


def _open(args: argparse.Namespace, *, create: bool = False) -> Any:
    from kod_desk.services.startup import open_database

    return open_database(_location(args), create=create).services


# ---------------------------------------------------------------- commands


def _cmd_demo(args: argparse.Namespace) -> int:
    from kod_desk.domain.errors import UserError
    from kod_desk.services.startup import open_database

    if not args.db:
        raise UserError("demo braucht --db PFAD (die neue Demodatenbank).")
    if not 0 <= args.incidents <= 5_000_000:
        raise UserError("--incidents: 0 bis 5.000.000.")

    def progress(text: str) -> None:
        if sys.stderr.isatty():
            print(text, file=sys.stderr)

    opened = open_database(
        args.db, demo=True, demo_incidents=args.incidents, demo_seed=args.seed, progress=progress
    )
    opened.services.close()
    print(f"Demodatenbank angelegt: {opened.location} ({args.incidents} Vorkommnisse)")
    return EXIT_OK


def _cmd_db(args: argparse.Namespace) -> int:
    from kod_desk.services.startup import open_database

    if args.db_command == "upgrade":
        opened = open_database(_location(args), create=True)
        report = opened.services.db.report
        opened.services.close()
        if report.created:
            print(f"Neue Datenbank angelegt: {opened.location}")
        elif report.upgraded_from:
            print(
                f"Datenbank aktualisiert (von {report.upgraded_from}); Sicherung: "
                f"{report.backup_path}"
            )
        else:
            print(f"Datenbank ist aktuell: {opened.location}")
        return EXIT_OK
    from kod_desk.services.maintenance import check_database

    opened = open_database(_location(args), create=False)
    try:
        problems = check_database(opened.services)
    finally:
        opened.services.close()
    if problems:
        for problem in problems:
            _fail(problem)
        return EXIT_FAILED
    print(f"Datenbank in Ordnung: {opened.location}")
    return EXIT_OK


def _cmd_officers(args: argparse.Namespace) -> int:
    services = _open(args, create=args.officers_command == "import")
    try:
        if args.officers_command == "import":
            from kod_desk.domain.errors import UserError
            from kod_desk.domain.officer_csv import parse_officers

            path = Path(args.file)
            try:
                data = path.read_bytes()
            except OSError as error:
                raise UserError(
                    f"{path}: Datei lässt sich nicht lesen ({error.strerror})."
                ) from None
            drafts = parse_officers(data)
            result = services.masterdata.import_officers(drafts)
            print(f"{result.value} Dienstkräfte eingelesen.")
            return EXIT_OK
        officers = services.masterdata.officers()
        if args.json:
            print(json.dumps([_officer_json(o) for o in officers], ensure_ascii=False, indent=2))
        else:
            for officer in officers:
                state = "" if officer.active else " (inaktiv)"
                print(
                    f"{officer.service_number:<10} {officer.display_name:<32} "
                    f"{officer.unit.label:<18} {officer.role.label}{state}"
                )
        return EXIT_OK
    finally:
        services.close()


def _officer_json(officer: Any) -> dict[str, Any]:
    return {
        "id": officer.id,
        "service_number": officer.service_number,
        "last_name": officer.last_name,
        "first_name": officer.first_name,
        "unit": officer.unit.value,
        "role": officer.role.value,
        "qualifications": list(officer.qualifications),
        "weekly_hours": officer.weekly_hours,
        "active": officer.active,
    }


def _cmd_station(args: argparse.Namespace) -> int:
    services = _open(args)
    try:
        station = services.setup.station()
        data = {
            "id": station.id,
            "name": station.name,
            "created_at": station.created_at.isoformat(),
            "database": services.db.location,
        }
        if args.json:
            print(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            print(f"Station {station.name} ({station.id}), Datenbank {services.db.location}")
        return EXIT_OK
    finally:
        services.close()


def _cmd_backup(args: argparse.Namespace) -> int:
    from kod_desk.services.maintenance import backup_now

    services = _open(args)
    try:
        target = backup_now(services, Path(args.output) if args.output else None)
    finally:
        services.close()
    print(f"Sicherung geschrieben und geprüft: {target}")
    return EXIT_OK


_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo": _cmd_demo,
    "db": _cmd_db,
    "officers": _cmd_officers,
    "station": _cmd_station,
    "backup": _cmd_backup,
}
