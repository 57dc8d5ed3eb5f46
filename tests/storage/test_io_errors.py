"""A full disk while saving, exporting and backing up: the database and the last backup stay
intact, and the user reads a German message (DESIGN.md §11).

The "full disk" is a child process with ``RLIMIT_FSIZE`` set (and SIGXFSZ ignored): every write
beyond the limit fails with EFBIG, which SQLite reports as a disk I/O error – exactly what a
full or failing disk looks like to it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from kod_desk.domain.officer_csv import parse_officers
from kod_desk.services.registry import Services
from kod_desk.storage.backup import list_backups, verify_backup
from kod_desk.storage.database import Database
from kod_desk.storage.repos import settings

resource = pytest.importorskip("resource")

LIMIT = 64 * 1024

CHILD = r"""
import json, resource, signal, sys
from pathlib import Path
from kod_desk.domain.errors import UserError
from kod_desk.storage.database import Database
from kod_desk.storage.repos import settings

path, export, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
db = Database.open(path, create=False)
with db.read() as session:
    settings.get(session, "before-0")
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
out = {}
try:
    with db.write("test") as session:
        settings.put(session, "too-big", {"pad": "x" * 400_000})
    out["save"] = "gespeichert?!"
except UserError as error:
    out["save"] = error.message
try:
    db.backup("manuell")
    out["backup"] = "gesichert?!"
except UserError as error:
    out["backup"] = error.message
from kod_desk.cli import main
import contextlib, io
stderr = io.StringIO()
with contextlib.redirect_stderr(stderr):
    code = main(["roster", "export", "--db", path, "--from", "2024-01-01", "--to", "2024-12-31",
                 "-o", export])
out["export"] = [code, stderr.getvalue().strip()]
print(json.dumps(out), flush=True)
"""


def _a_year_of_duties(services: Services) -> None:
    staff = [f"K-{n};Name{n};Vor{n};KOD;Einsatzkraft;;39" for n in range(6)]
    header = "Dienstnummer;Nachname;Vorname;Einheit;Rolle;Qualifikationen;Wochenstunden"
    services.masterdata.import_officers(parse_officers("\n".join([header, *staff]).encode()))
    first = date(2024, 1, 1)
    lines = ["Datum;Beginn;Ende;Dienstnummer;Art;Gebiet"] + [
        f"{first + timedelta(days=d):%d.%m.%Y};08:00;16:00;K-{n};Innendienst;"
        for d in range(366)
        for n in range(6)
    ]
    services.roster_io.import_csv("\n".join(lines).encode())


def test_full_disk_during_save_backup_and_export(db_path: Path, tmp_path: Path) -> None:
    db = Database.open(db_path)
    try:
        services = Services.create(db, actor="test")
        services.setup.ensure_initialized("Teststation")
        _a_year_of_duties(services)  # an export of about 100 KB
        for n in range(200):
            with db.write("test") as session:
                settings.put(session, f"before-{n}", {"n": n, "pad": "y" * 500})
        last_backup = db.backup("manuell")
    finally:
        db.dispose()
    assert last_backup is not None
    backups_before = sorted(b.path.name for b in list_backups(db_path))
    export = tmp_path / "dienstplan.csv"

    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(db_path), str(export), str(LIMIT)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    print("\n" + json.dumps(out, ensure_ascii=False, indent=1))  # noqa: T201

    assert out["save"].startswith("Speichern fehlgeschlagen")
    assert "Es wurde nichts gespeichert" in out["save"]
    assert out["backup"].startswith("Sicherung nach")
    assert "Die Datenbank und die bisherigen Sicherungen sind unverändert" in out["backup"]
    code, message = out["export"]
    assert code == 2
    assert "lässt sich nicht schreiben (kein Platz mehr" in message
    assert "es wurde nichts geschrieben" in message
    assert not export.exists() and not list(export.parent.glob(".*.tmp"))  # no half a file

    # The database: whole, every earlier row there, nothing of the failed save.
    db = Database.open(db_path, create=False)
    try:
        with db.read() as session:
            kept = [settings.get(session, f"before-{n}") for n in range(200)]
            partial = settings.get(session, "too-big")
        with db.engine.connect() as connection:
            integrity = connection.exec_driver_sql("PRAGMA integrity_check").fetchall()
    finally:
        db.dispose()
    assert all(row is not None for row in kept)
    assert partial is None
    assert integrity == [("ok",)]
    # The last backup still verifies; the failed one left no file behind.
    verify_backup(last_backup)
    assert sorted(b.path.name for b in list_backups(db_path)) == backups_before
    assert not list((db_path.parent / "backups").glob("*.partial"))
    print(f"rows_kept={len(kept)} integrity={integrity[0][0]} last_backup=verified")  # noqa: T201
