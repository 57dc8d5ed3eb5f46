"""``kod-desk station …`` and ``kod-desk sync …`` (DESIGN.md §12, issue 8).

``sync import`` exits 0 when the package was applied or had been applied before, 2 when it was
refused (one German line on stderr; nothing changed). The same SyncService as the window.

Who imports (issue 13): once the database has logins (an officer with a password), ``sync
import`` and ``station office`` log in first – ``--user DIENSTNUMMER`` with the password from
a prompt or ``KOD_DESK_PASSWORD``, the login of the window with its lockout – and act in that
officer's role; without logins (a new station) they act as the OS user in the role
administrator, as every other command does.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXIT_OK = 0

OpenFn = Callable[[argparse.Namespace], Any]
WriteFn = Callable[[Path, bytes], Path]


def add_commands(commands: Any, db_option: Callable[[argparse.ArgumentParser], None]) -> None:
    station = commands.add_parser("station", help="Station dieser Datenbank und ihr Schlüssel")
    station_commands = station.add_subparsers(
        dest="station_command", metavar="show|export-key|trust|office", required=True
    )
    show = station_commands.add_parser("show", help="Kennung, Name und Fingerabdruck anzeigen")
    db_option(show)
    show.add_argument("--json", action="store_true")
    export_key = station_commands.add_parser(
        "export-key", help="öffentlichen Schlüssel für eine andere Station speichern"
    )
    db_option(export_key)
    export_key.add_argument("-o", "--output", required=True, metavar="DATEI.pub")
    trust = station_commands.add_parser(
        "trust", help="der Station dieser Schlüsseldatei vertrauen (Fingerabdruck vergleichen!)"
    )
    db_option(trust)
    trust.add_argument("file", metavar="DATEI.pub")
    trust.add_argument(
        "--fingerprint",
        metavar="XXXX-XXXX-…",
        help="nur vertrauen, wenn der Fingerabdruck so lautet (am Telefon verglichen)",
    )
    office = station_commands.add_parser(
        "office",
        help="eine vertraute Station als Büro festlegen: nur ihre Pakete dürfen Rollen und "
        "Passwörter ändern, und nur bei einem Import durch eine Administration",
    )
    db_option(office)
    office.add_argument("peer", metavar="NAME_ODER_KENNUNG")
    office.add_argument("--off", action="store_true", help="nicht mehr als Büro führen")
    _user_option(office)

    sync = commands.add_parser("sync", help="Synchronisationspakete erzeugen und einspielen")
    sync_commands = sync.add_subparsers(
        dest="sync_command", metavar="export|import|conflicts", required=True
    )
    export = sync_commands.add_parser(
        "export",
        help="Änderungen seit dem letzten Austausch als Paket, verschlüsselt für die Empfänger",
    )
    db_option(export)
    export.add_argument("-o", "--output", required=True, metavar="DATEI.kodsync")
    export.add_argument(
        "--peer",
        action="append",
        required=True,
        metavar="NAME",
        help="Name oder Kennung einer vertrauten Empfängerstation (mehrfach möglich); "
        "nur sie kann das Paket lesen",
    )
    export.add_argument(
        "--everything",
        action="store_true",
        help="alles statt nur der Änderungen seit dem letzten Austausch",
    )
    imported = sync_commands.add_parser(
        "import",
        help="Paket prüfen und einspielen (Exit 0: übernommen oder schon da, 2: abgelehnt)",
    )
    db_option(imported)
    imported.add_argument("file", metavar="DATEI.kodsync")
    imported.add_argument(
        "--dry-run", action="store_true", help="nur prüfen und zeigen, was sich ändern würde"
    )
    _user_option(imported)
    conflicts = sync_commands.add_parser("conflicts", help="offene Konflikte auflisten")
    db_option(conflicts)
    conflicts.add_argument("--json", action="store_true")


def _user_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--user",
        metavar="DIENSTNUMMER",
        help="anmelden (Passwort aus der Abfrage oder KOD_DESK_PASSWORD); nötig, sobald die "
        "Datenbank Anmeldungen hat – ohne Anmeldungen (neue Station) gilt die "
        "Administration",
    )


def _log_in(services: Any, args: argparse.Namespace) -> None:
    """Act as the officer of ``--user`` where the database has logins (same rules and lockout
    as the window); a new station without any keeps the command line's administrator."""
    import getpass

    from kod_desk.domain.errors import UserError

    auth = services.auth
    if auth.needs_first_admin():
        return
    user = (args.user or "").strip()
    if not user:
        raise UserError(
            "Diese Datenbank hat Anmeldungen: bitte mit --user DIENSTNUMMER anmelden "
            "(Passwort aus der Abfrage oder KOD_DESK_PASSWORD)."
        )
    password = os.environ.get("KOD_DESK_PASSWORD")
    if password is None:
        try:
            password = getpass.getpass(f"Passwort für {user}: ")
        except EOFError:
            password = ""
    auth.login(user, password)  # LoginFailedError: one German line, exit 2


def _progress(label: str) -> Callable[[int, int], None] | None:
    if not sys.stderr.isatty():
        return None

    def say(done: int, total: int) -> None:
        print(f"\r{label}: {done:,} von {total:,}".replace(",", "."), end="", file=sys.stderr)
        if done >= total:
            print(file=sys.stderr)

    return say


def run_station(args: argparse.Namespace, open_: OpenFn, write: WriteFn) -> int:
    from kod_desk.domain.errors import UserError

    services = open_(args)
    try:
        sync = services.sync
        if args.station_command == "show":
            station = sync.station()
            data = {
                "id": station.id,
                "name": station.name,
                "fingerprint": station.fingerprint,
                "database": services.db.location,
                "peers": [
                    {
                        "id": p.id,
                        "name": p.name,
                        "fingerprint": p.fingerprint,
                        "trusted": p.trusted,
                        "office": p.is_office,
                    }
                    for p in sync.peers()
                ],
            }
            if args.json:
                print(json.dumps(data, ensure_ascii=False, indent=2))
            else:
                print(f"Station {station.name} ({station.id}), Datenbank {services.db.location}")
                print(f"Fingerabdruck: {station.fingerprint}")
                for peer in sync.peers():
                    state = "vertraut" if peer.trusted else "nicht vertraut"
                    state += ", Büro" if peer.is_office else ""
                    print(f"  {peer.name}: {peer.fingerprint} ({state})")
            return EXIT_OK
        if args.station_command == "office":
            _log_in(services, args)
            peer = sync.set_office(_peer_id(services, args.peer), not args.off).value
            state = "ist jetzt" if peer.is_office else "ist nicht mehr"
            print(f"Station {peer.name} {state} das Büro.")
            return EXIT_OK
        if args.station_command == "export-key":
            target = write(Path(args.output), sync.export_key())
            print(f"Schlüssel gespeichert: {target} (Fingerabdruck {sync.station().fingerprint})")
            return EXIT_OK
        data_file = Path(args.file)
        try:
            content = data_file.read_bytes()
        except OSError as error:
            raise UserError(
                f"{data_file}: Datei lässt sich nicht lesen ({error.strerror})."
            ) from None
        key = sync.read_key(content)
        wanted = (args.fingerprint or "").strip().upper()
        if wanted and wanted != key.fingerprint:
            raise UserError(
                f"Der Fingerabdruck der Datei lautet {key.fingerprint}, nicht {wanted}: "
                "nicht vertraut."
            )
        peer = sync.trust(content).value
        print(f"Station {peer.name} wird vertraut (Fingerabdruck {peer.fingerprint}).")
        return EXIT_OK
    finally:
        services.close()


def _peer_id(services: Any, wanted: str) -> str:
    from kod_desk.domain.errors import NotFoundError

    for peer in services.sync.peers():
        if wanted in (peer.id, peer.name):
            return str(peer.id)
    raise NotFoundError(f"Keine eingetragene Station „{wanted}“ (kod-desk station show).")


def _counts_line(preview: Any) -> str:
    from kod_desk.domain.sync import LABELS

    parts = []
    for table, counts in preview.counts.items():
        bits = [
            f"{value} {word}"
            for value, word in (
                (counts.insert, "neu"),
                (counts.update, "geändert"),
                (counts.delete, "gelöscht"),
                (counts.conflict, "Konflikt(e)"),
            )
            if value
        ]
        if bits:
            parts.append(f"{LABELS.get(table, table)}: {', '.join(bits)}")
    return "; ".join(parts) or "keine Änderungen"


def _say_imported(result: Any) -> None:
    summary = _counts_line(result.preview)
    print(f"Paket von {result.preview.station_name} eingespielt: {summary}")
    if result.missing is not None:
        print(
            "Ein früheres Paket dieser Station ist hier nie angekommen; seine Änderungen "
            "kommen mit ihrem nächsten Paket, sobald sie eines von hier eingespielt hat."
        )
    if result.preview.conflicts:
        print(
            f"{result.preview.conflicts} Konflikt(e) warten auf eine Entscheidung "
            "(Seite Synchronisation)."
        )
    if result.audit_finding:
        print(f"Warnung: {result.audit_finding}", file=sys.stderr)


def run_sync(args: argparse.Namespace, open_: OpenFn, write: WriteFn) -> int:
    from kod_desk.domain.sync_format import SyncRefused

    services = open_(args)
    try:
        sync = services.sync
        if args.sync_command == "export":
            peer_ids = [_peer_id(services, wanted) for wanted in args.peer]
            result = sync.export(
                Path(args.output), peer_ids, _progress("Export"), everything=args.everything
            ).value
            names = ", ".join(args.peer)
            print(
                f"Paket geschrieben: {args.output} ({result.records} Datensätze, "
                f"Änderungen {result.seq_from + 1}–{result.seq_to}), verschlüsselt für {names}"
            )
            return EXIT_OK
        if args.sync_command == "import":
            path = Path(args.file)
            if args.dry_run:
                preview = sync.inspect(path, _progress("Prüfung"))
                state = " – bereits eingespielt" if preview.already_applied else ""
                print(f"Paket von {preview.station_name} ({preview.fingerprint}){state}")
                print(_counts_line(preview))
                return EXIT_OK
            _log_in(services, args)
            try:
                result = sync.import_package(path, _progress("Einspielen")).value
            except SyncRefused as refusal:  # every refusal leaves the data as it was: say so
                text = refusal.message.rstrip().rstrip(".")
                raise SyncRefused(f"{text}. Es wurde nichts eingespielt.") from None
            if not result.applied:
                print("Dieses Paket wurde bereits eingespielt – es ändert nichts.")
                return EXIT_OK
            _say_imported(result)
            return EXIT_OK
        open_conflicts = sync.conflicts()
        if args.json:
            rows = [
                {
                    "id": c.id,
                    "table": c.table,
                    "row_id": c.row_id,
                    "fields": list(c.differing),
                    "created_at": c.created_at.isoformat(),
                }
                for c in open_conflicts
            ]
            print(json.dumps(rows, ensure_ascii=False, indent=2))
        elif not open_conflicts:
            print("Keine offenen Konflikte.")
        else:
            for c in open_conflicts:
                print(f"{c.label} {c.row_id}: {', '.join(c.differing)}")
        return EXIT_OK
    finally:
        services.close()
