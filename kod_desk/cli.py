"""The command line: the same services as the window, for office IT, scripts and tests.

Every subcommand takes ``--db``; errors print one German line on stderr and exit non-zero
(1 for a failed check, 2 for refused input or an unusable database).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from kod_desk import __version__, cli_exports, cli_reports, cli_retention, cli_sync

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


_DB_HELP = "Datenbankdatei oder URL (Standard: KOD_DESK_DB oder der Benutzerdatenordner)"


def _db_option(parser: argparse.ArgumentParser) -> None:
    """``--db`` on a subcommand: it may stand before or after the command.

    SUPPRESS: a subcommand that was not given ``--db`` sets nothing, so the value given before
    the command survives (argparse copies a subparser's defaults over its parent's values).
    """
    parser.add_argument("--db", metavar="PFAD_ODER_URL", default=argparse.SUPPRESS, help=_DB_HELP)


def _period_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="first", required=True, metavar="DATUM")
    parser.add_argument("--to", dest="last", required=True, metavar="DATUM", help="einschließlich")


def _add_roster_commands(commands: Any) -> None:
    roster = commands.add_parser("roster", help="Dienstplan einlesen, ausgeben, als Kalender")
    roster_commands = roster.add_subparsers(
        dest="roster_command", metavar="import|export|ical", required=True
    )
    roster_import = roster_commands.add_parser(
        "import",
        help="Dienstplan (CSV oder Excel .xlsx) einlesen – bei einer fehlerhaften Zeile nichts",
    )
    _db_option(roster_import)
    roster_import.add_argument("file", metavar="DATEI.csv|DATEI.xlsx")
    roster_import.add_argument(
        "--good-rows-only",
        action="store_true",
        help="nur die fehlerfreien Dienste einlesen und die übersprungenen Zeilen auflisten",
    )
    roster_export = roster_commands.add_parser(
        "export", help="Dienstplan als CSV oder Excel-Arbeitsmappe (nach der Endung von -o)"
    )
    _db_option(roster_export)
    _period_options(roster_export)
    roster_export.add_argument("-o", "--output", required=True, metavar="DATEI.csv|DATEI.xlsx")
    roster_ical = roster_commands.add_parser(
        "ical", help="Dienste einer Dienstkraft als Kalender (.ics)"
    )
    _db_option(roster_ical)
    roster_ical.add_argument("--officer", required=True, metavar="DIENSTNUMMER")
    _period_options(roster_ical)
    roster_ical.add_argument("-o", "--output", required=True, metavar="DATEI.ics")
    roster_check = roster_commands.add_parser(
        "check", help="Dienstplan nach Arbeitszeitgesetz prüfen (Exit 1 bei Fehlern)"
    )
    _db_option(roster_check)
    _period_options(roster_check)
    roster_check.add_argument("--json", action="store_true")
    roster_check.add_argument(
        "--actual", action="store_true", help="Ist-Zeiten statt Plan-Zeiten prüfen"
    )
    roster_overtime = roster_commands.add_parser(
        "overtime", help="Arbeitszeit über 8 h je Tag (Nachweis nach §16 Abs. 2 ArbZG)"
    )
    _db_option(roster_overtime)
    _period_options(roster_overtime)
    roster_overtime.add_argument("--json", action="store_true")


def _add_audit_commands(commands: Any) -> None:
    audit = commands.add_parser("audit", help="Protokoll (Audit) prüfen oder auflisten")
    audit_commands = audit.add_subparsers(
        dest="audit_command", metavar="verify|list", required=True
    )
    verify = audit_commands.add_parser(
        "verify", help="Hash-Kette prüfen; Exit 1 bei geändertem oder entferntem Eintrag"
    )
    _db_option(verify)
    verify.add_argument(
        "--peer",
        metavar="NAME",
        help="statt der eigenen Kette: setzt das Protokoll dieser Station (aus ihren Paketen) "
        "jeden früher gesehenen Stand fort?",
    )
    listing = audit_commands.add_parser("list", help="die neuesten Einträge, neueste zuerst")
    _db_option(listing)
    listing.add_argument("--limit", type=int, default=50, metavar="N", help="Standard: 50")
    listing.add_argument("--json", action="store_true")


def _window_options(parser: argparse.ArgumentParser) -> None:
    """What ``kod-desk`` without a command and ``kod-desk-gui`` take."""
    parser.add_argument("--version", action="version", version=f"KOD Desk {__version__}")
    parser.add_argument("--db", metavar="PFAD_ODER_URL", help=_DB_HELP)
    parser.add_argument(
        "--demo", action="store_true", help="mit einer frischen Demodatenbank starten"
    )
    parser.add_argument("--settings", metavar="DATEI", help=argparse.SUPPRESS)


def build_parser() -> argparse.ArgumentParser:
    parser = GermanArgumentParser(
        prog="kod-desk",
        description="KOD Desk – Dienstplan, Fahrräder, Vorkommnisse und Berichte.",
    )
    _window_options(parser)
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

    _add_roster_commands(commands)
    _add_audit_commands(commands)
    cli_reports.add_commands(commands, _db_option)
    cli_exports.add_commands(commands, _db_option)
    cli_retention.add_commands(commands, _db_option)

    cli_sync.add_commands(commands, _db_option)

    backup = commands.add_parser("backup", help="geprüfte Sicherung der Datenbank anlegen")
    _db_option(backup)
    backup.add_argument("-o", "--output", metavar="ORDNER", help="Zielordner (Standard: backups/)")

    restore = commands.add_parser(
        "restore", help="eine Sicherung zurückholen (Standard: die neueste brauchbare)"
    )
    _db_option(restore)
    restore.add_argument("backup", nargs="?", metavar="SICHERUNG", help="Datei oder Dateiname")
    restore.add_argument("--list", action="store_true", help="die Sicherungen auflisten")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from kod_desk.app import run_gui

        return run_gui(db=args.db, demo=args.demo, settings_path=args.settings)
    if args.demo or args.settings:
        # Only the window reads them; ignored they would send a command to the real database.
        option = "--demo" if args.demo else "--settings"
        parser.error(f"{option} gilt nur für das Fenster, nicht für „{args.command}“")
    handler = _HANDLERS[args.command]
    try:
        return int(handler(args))
    except KeyboardInterrupt:
        _fail("abgebrochen.")
        return EXIT_FAILED
    except BrokenPipeError:
        # The reader (e.g. "| head") stopped early; that is not an error of ours. Point stdout
        # at devnull so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:  # a file or disk failure the command did not word itself
        from kod_desk.domain.errors import os_error_text

        where = f"{error.filename}: " if error.filename else ""
        _fail(f"{where}Datei- oder Datenträgerfehler – {os_error_text(error)}.")
        return EXIT_REFUSED
    except Exception as error:  # every command ends in one German line, never a traceback
        from kod_desk.domain.errors import UserError

        if isinstance(error, UserError):
            _fail(error.message.replace("\n", " | "))
            return EXIT_REFUSED
        _fail(f"unerwarteter Fehler ({type(error).__name__}: {error}).")
        return EXIT_FAILED


def gui_main(argv: Sequence[str] | None = None) -> int:
    """``kod-desk-gui``: the window, as ``kod-desk`` without a command opens it (``--db``,
    ``--demo`` as there; commands only with ``kod-desk``). On Windows a windowed program: no
    console opens and there is none to print to, so missing standard streams go to the null
    device instead of failing a print."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    parser = GermanArgumentParser(
        prog="kod-desk-gui", description="KOD Desk – das Fenster (Befehle: kod-desk --help)."
    )
    _window_options(parser)
    args = parser.parse_args(argv)
    from kod_desk.app import run_gui

    return run_gui(db=args.db, demo=args.demo, settings_path=args.settings)


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


def _roster_check(args: argparse.Namespace, first: Any, last: Any) -> int:
    services = _open(args)
    try:
        findings = services.roster.findings(first, last, use_actual=args.actual)
    finally:
        services.close()
    if args.json:
        print(json.dumps([f.as_json() for f in findings], ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            mark = "FEHLER " if finding.severity == "error" else "Hinweis"
            print(f"{mark} [{finding.rule}] {finding.message}")
        errors = sum(1 for f in findings if f.severity == "error")
        span = f"{first:%d.%m.%Y}–{last:%d.%m.%Y}"
        print(f"{errors} Fehler, {len(findings) - errors} Hinweise ({span}).")
    return EXIT_FAILED if any(f.severity == "error" for f in findings) else EXIT_OK


def _roster_overtime(args: argparse.Namespace, first: Any, last: Any) -> int:
    services = _open(args)
    try:
        entries = services.roster.overtime(first, last)
    finally:
        services.close()
    if args.json:
        rows = [
            {
                "officer": e.officer,
                "name": e.name,
                "day": e.day.isoformat(),
                "worked_minutes": e.worked_minutes,
                "beyond_minutes": e.beyond_minutes,
                "shifts": list(e.shifts),
                "actual": e.actual,
            }
            for e in entries
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    for e in entries:
        source = "Ist" if e.actual else "Plan"
        print(
            f"{e.day:%d.%m.%Y}  {e.officer:<8} {e.name:<28} {_hm(e.worked_minutes)} h "
            f"(+{_hm(e.beyond_minutes)} h über 8 h, {source})"
        )
    total = sum(e.beyond_minutes for e in entries)
    print(f"{len(entries)} Tage über 8 h, zusammen +{_hm(total)} h.")
    return EXIT_OK


def _hm(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


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


def _cmd_roster(args: argparse.Namespace) -> int:
    from kod_desk.services.roster_io import (
        ImportRefusedError,
        roster_format,
        write_lines,
    )

    if args.roster_command == "import":
        data = _read_file(Path(args.file))
        services = _open(args)
        try:
            try:
                result = services.roster_io.import_file(
                    data, roster_format(args.file), good_rows_only=args.good_rows_only
                )
            except ImportRefusedError as refused:
                # Unlike other errors, one line per bad row: the user fixes the file from this.
                head, *lines = refused.messages
                _fail(head)
                for line in lines:
                    print(line, file=sys.stderr)
                return EXIT_REFUSED
        finally:
            services.close()
        report = result.value
        print(report.summary)
        for line in report.problems:
            print(line, file=sys.stderr)
        return EXIT_OK
    first, last = _period(args)
    if args.roster_command == "check":
        return _roster_check(args, first, last)
    if args.roster_command == "overtime":
        return _roster_overtime(args, first, last)
    services = _open(args)
    try:
        io_service = services.roster_io
        if args.roster_command == "export":
            exported = io_service.export_lines(first, last)
            rows = len(exported)
            data = write_lines(exported, roster_format(args.output))
            what = (
                f"Dienstplan {first:%d.%m.%Y}–{last:%d.%m.%Y}: "
                f"{rows} {'Zeile' if rows == 1 else 'Zeilen'}"
            )
        else:
            data = io_service.export_ical(args.officer, first, last)
            events = data.count(b"BEGIN:VEVENT")
            what = (
                f"Kalender {args.officer.strip()} {first:%d.%m.%Y}–{last:%d.%m.%Y}: "
                f"{events} {'Dienst' if events == 1 else 'Dienste'}"
            )
    finally:
        services.close()
    target = _write_file(Path(args.output), data)
    print(f"{what} geschrieben: {target}")
    return EXIT_OK


def _period(args: argparse.Namespace) -> tuple[date, date]:
    from kod_desk.domain.errors import UserError
    from kod_desk.domain.timeutil import parse_date

    first, last = parse_date(args.first, "--from"), parse_date(args.last, "--to")
    if last < first:
        raise UserError(f"--to {last:%d.%m.%Y} liegt vor --from {first:%d.%m.%Y}.")
    return first, last


def _read_file(path: Path) -> bytes:
    from kod_desk.domain.errors import UserError

    try:
        return path.read_bytes()
    except OSError as error:
        raise UserError(f"{path}: Datei lässt sich nicht lesen ({error.strerror}).") from None


def _write_file(path: Path, data: bytes) -> Path:
    """Write via a temporary file and a rename: a full disk leaves no half-written file."""
    from kod_desk.services.files import write_atomically

    return write_atomically(path, data)


def _cmd_backup(args: argparse.Namespace) -> int:
    from kod_desk.services.maintenance import backup_now

    services = _open(args)
    try:
        target = backup_now(services, Path(args.output) if args.output else None)
    finally:
        services.close()
    print(f"Sicherung geschrieben und geprüft: {target}")
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace) -> int:
    from kod_desk.domain.text import german_decimal
    from kod_desk.services import backups

    location = _location(args)
    if args.list:
        rows = backups.list_backups(location)
        for row in rows:
            print(
                f"{row.taken_at:%d.%m.%Y %H:%M:%S}  {row.reason_text:<28} "
                f"{german_decimal(row.size / 1_048_576, 1):>8} MB  {Path(row.path).name}"
            )
        print(f"{len(rows)} Sicherungen.")
        return EXIT_OK
    print(backups.restore(location, args.backup))
    return EXIT_OK


def _cmd_audit(args: argparse.Namespace) -> int:
    from kod_desk.domain.errors import UserError
    from kod_desk.domain.timeutil import format_local

    services = _open(args)
    try:
        if args.audit_command == "verify" and args.peer:
            return _peer_audit(services, args.peer)
        if args.audit_command == "verify":
            verification = services.audit.verify()
            if verification.intact:
                print(verification.message)
                return EXIT_OK
            _fail(f"Protokoll verändert: {verification.message}")
            return EXIT_FAILED
        if not 1 <= args.limit <= 10_000:
            raise UserError("--limit: 1 bis 10.000.")
        records = services.audit.recent(args.limit)
    finally:
        services.close()
    if args.json:
        print(json.dumps([r.to_json() for r in records], ensure_ascii=False, indent=2))
        return EXIT_OK
    for r in records:
        reason = f"  „{r.reason}“" if r.reason else ""
        record = f"{r.table_name} {r.row_id}" if r.row_id else r.table_name
        print(f"{r.seq:>7}  {format_local(r.at)}  {r.actor:<16} {r.action:<20} {record}{reason}")
    return EXIT_OK


def _peer_audit(services: Any, wanted: str) -> int:
    from kod_desk.domain.timeutil import format_local

    report = services.sync.peer_audit(wanted)
    if report.newest is None:
        _fail(f"Von der Station „{report.peer_name}“ kam noch kein Paket mit Protokollstand.")
        return EXIT_FAILED
    for finding in report.findings:
        _fail(finding)
    if report.findings:
        return EXIT_FAILED
    print(
        f"Protokoll der Station „{report.peer_name}“ unverändert: {report.heads} gesehene "
        f"Stände, zuletzt Eintrag {report.newest.seq} (Paket vom "
        f"{format_local(report.newest.seen_at)}); jeder setzt die früheren fort."
    )
    return EXIT_OK


def _cmd_report(args: argparse.Namespace) -> int:
    services = _open(args)
    try:
        target = cli_reports.run(services, args, _write_file)
    finally:
        services.close()
    print(f"Bericht geschrieben: {target}")
    return EXIT_OK


_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo": _cmd_demo,
    "db": _cmd_db,
    "officers": _cmd_officers,
    "roster": _cmd_roster,
    "station": lambda args: cli_sync.run_station(args, _open, _write_file),
    "sync": lambda args: cli_sync.run_sync(args, _open, _write_file),
    "backup": _cmd_backup,
    "audit": _cmd_audit,
    "restore": _cmd_restore,
    "report": _cmd_report,
    "export": lambda args: cli_exports.run(args, _open, _write_file),
    "retention": lambda args: cli_retention.run(args, _open),
}
