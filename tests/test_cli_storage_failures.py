"""The command line when the disk or the database server fails (issue 13 holes 6 and 7).

Every such failure is one German line and exit 2, and a full disk never moves a healthy file
aside, never leaves it broken and never lets ``db upgrade`` create an empty database beside it.

The full disk is a child process with ``RLIMIT_FSIZE`` 0 (SIGXFSZ ignored), as in
tests/storage/test_io_errors.py: every write fails with EFBIG, which SQLite reports as an I/O
error. Where this machine lets us mount a small tmpfs (root), the literal case runs too: a disk
with 0 bytes free, ENOSPC.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_server import PgServer

from kod_desk.cli import main

STAFF = (
    "Dienstnummer;Nachname;Vorname;Einheit;Rolle;Qualifikationen;Wochenstunden\r\n"
    "K-1;Albers;Anna;KOD;Einsatzkraft;Radstreife;39\r\n"
)
# The commands of the report: the check that moved the file aside, the upgrade that then made
# an empty database, the audit verification that printed "unerwarteter Fehler", and the rest.
COMMANDS = [
    ["db", "check"],
    ["audit", "verify"],
    ["db", "upgrade"],
    ["officers", "list"],
    ["station", "show"],
    ["audit", "list"],
    ["backup"],
    ["restore"],
]

CHILD = r"""
import contextlib, io, json, resource, signal, sys
from kod_desk.cli import main

path, commands = sys.argv[1], json.loads(sys.argv[2])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.RLIM_INFINITY))
out = []
for command in commands:
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        code = main([*command, "--db", path])
    out.append([command, code, stderr.getvalue()])
print(json.dumps(out), flush=True)
"""


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "unerwarteter Fehler" not in err and "Error" not in err and "Traceback" not in err
    return lines[0]


@pytest.fixture
def healthy(tmp_path: Path) -> Path:
    """A database with one officer and one backup, closed (no -wal, no -shm beside it)."""
    target = tmp_path / "daten" / "kod.sqlite"
    staff = tmp_path / "personal.csv"
    staff.write_text(STAFF, encoding="utf-8")
    assert main(["officers", "import", str(staff), "--db", str(target)]) == 0
    assert main(["backup", "--db", str(target)]) == 0
    assert not Path(f"{target}-wal").exists() and not Path(f"{target}-shm").exists()
    return target


def _assert_untouched(target: Path, sha: str, capsys: pytest.CaptureFixture[str]) -> None:
    folder = target.parent
    assert _sha(target) == sha
    assert not list(folder.glob("*beschaedigt*")), sorted(p.name for p in folder.iterdir())
    # With room again, the same file opens, checks clean and still holds its officer.
    assert main(["db", "check", "--db", str(target)]) == 0
    capsys.readouterr()
    assert main(["officers", "list", "--json", "--db", str(target)]) == 0
    officers = json.loads(capsys.readouterr().out)
    assert [o["service_number"] for o in officers] == ["K-1"]


def test_io_errors_never_move_a_healthy_database_aside(
    healthy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sha = _sha(healthy)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(healthy), json.dumps(COMMANDS)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout.strip().splitlines()[-1])

    for command, code, err in results:
        line = _one_line(err)
        assert code == 2, (command, err)
        if command == ["restore"]:
            assert line.startswith("kod-desk: Wiederherstellen abgebrochen: "), line
            assert "Die Datenbank und die Sicherungen sind unverändert" in line
        else:
            assert line == (
                f"kod-desk: Die Datenbank {healthy} lässt sich nicht benutzen: Schreib- oder "
                "Lesefehler des Datenträgers. Die Datei bleibt unverändert; bitte den "
                "Datenträger prüfen lassen und es dann noch einmal versuchen."
            ), (command, line)
    _assert_untouched(healthy, sha, capsys)


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB tmpfs; skipped where this machine does not let us mount one."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a small tmpfs")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3M", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace')}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_disk_with_0_bytes_free_keeps_the_file_where_it_is(
    tiny_disk: Path, healthy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tiny_disk / "kod.sqlite"
    shutil.copyfile(healthy, target)
    sha = _sha(target)
    filler = tiny_disk / "fuellung"
    with filler.open("wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
    assert shutil.disk_usage(tiny_disk).free < 65536

    for command in (["db", "check"], ["audit", "verify"], ["db", "upgrade"], ["backup"]):
        done = subprocess.run(
            [sys.executable, "-m", "kod_desk", *command, "--db", str(target)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        line = _one_line(done.stderr)
        assert done.returncode == 2, (command, done.stderr)
        assert "der Datenträger ist voll" in line or "Der Datenträger ist voll" in line, line
        assert target.exists() and _sha(target) == sha, command
    assert sorted(p.name for p in tiny_disk.iterdir() if "beschaedigt" in p.name) == []

    filler.unlink()
    _assert_untouched(target, sha, capsys)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# An unreachable server must not leave the command hanging: the connect timeout ends it; the
# test's own timeout (not a measured duration) fails it if it does not.
@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (
            "postgresql://kod:geheim@127.0.0.1:{port}/kod",
            "der Datenbankserver 127.0.0.1:{port} ist nicht erreichbar (läuft er, stimmen Name "
            "und Port, lässt die Firewall die Verbindung durch?)",
        ),
        (
            "postgresql://kod:geheim@kod-server.invalid/kod",
            "den Servernamen „kod-server.invalid“ gibt es nicht (bitte die Adresse prüfen)",
        ),
    ],
)
def test_an_unreachable_server_is_one_german_line(
    url: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    port = _free_port()
    url, reason = url.format(port=port), reason.format(port=port)
    assert main(["officers", "list", "--db", url]) == 2

    line = _one_line(capsys.readouterr().err)
    assert line.endswith(f"lässt sich nicht benutzen: {reason}."), line
    assert "geheim" not in line  # the password never appears


@pytest.fixture
def password_role(pg_server: PgServer) -> Iterator[str]:
    """A role that must log in with the password "richtig" (the test cluster trusts others)."""
    hba = pg_server.data / "pg_hba.conf"
    before = hba.read_text()
    hba.write_text("local all kod_pw scram-sha-256\n" + before)
    pg_server.admin("CREATE ROLE kod_pw LOGIN PASSWORD 'richtig'")
    pg_server.admin("SELECT pg_reload_conf()")
    try:
        yield "kod_pw"
    finally:
        hba.write_text(before)
        pg_server.admin("SELECT pg_reload_conf()")
        pg_server.admin("DROP ROLE IF EXISTS kod_pw")


def test_a_wrong_password_is_one_german_line(
    pg_server: PgServer, pg_url: str, password_role: str, capsys: pytest.CaptureFixture[str]
) -> None:
    database = pg_url.rsplit("/", maxsplit=1)[-1].split("?", maxsplit=1)[0]
    url = f"postgresql://{password_role}:falsch@/{database}?host={pg_server.root}"

    for command in (["officers", "list"], ["audit", "verify"], ["db", "upgrade"]):
        assert main([*command, "--db", url]) == 2
        line = _one_line(capsys.readouterr().err)
        assert line.endswith(
            f"der Server {pg_server.root} lehnt die Anmeldung als „kod_pw“ ab (Benutzername "
            "oder Passwort falsch, oder dieser Rechner ist dort nicht zugelassen)."
        ), line
        assert "falsch@" not in line and ":***@" in line


def test_a_missing_database_on_the_server_is_named(
    pg_server: PgServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"postgresql://kod@/gibt_es_nicht?host={pg_server.root}"
    assert main(["audit", "verify", "--db", url]) == 2
    line = _one_line(capsys.readouterr().err)
    assert line.endswith(
        f"die Datenbank „gibt_es_nicht“ gibt es auf dem Server {pg_server.root} nicht."
    ), line


def test_a_postgresql_url_without_the_driver(tmp_path: Path) -> None:
    # psycopg blocked as if it were not installed.
    code = (
        "import sys; sys.modules['psycopg'] = None; from kod_desk.cli import main; "
        "sys.exit(main(['officers', 'list', '--db', 'postgresql://kod:geheim@server/kod']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    line = _one_line(done.stderr)
    assert line == (
        "kod-desk: Für postgresql+psycopg://kod:***@server/kod fehlt der Datenbanktreiber "
        "„psycopg“; für PostgreSQL bitte KOD Desk mit „pip install 'kod-desk[postgres]'“ "
        "(psycopg 3) nachinstallieren."
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "mysql://kod:geheim@server/kod",
            "kod-desk: KOD Desk arbeitet mit SQLite-Dateien und PostgreSQL, nicht mit „mysql“ "
            "(mysql://kod:***@server/kod).",
        ),
        (
            "postgresql://kod:geh eim@ser:ver:x/kod",
            "kod-desk: „postgresql://…“ ist keine gültige Datenbankadresse (ein Dateipfad oder "
            "postgresql://benutzer@server/datenbank).",
        ),
    ],
)
def test_a_url_kod_desk_cannot_use(
    url: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "check", "--db", url]) == 2
    assert _one_line(capsys.readouterr().err) == expected


def test_stale_partial_copies_are_removed_by_the_next_backup(
    healthy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backups = healthy.parent / "backups"
    # What a backup killed half-way leaves behind, an hour and more ago …
    stale = [backups / "kod-20250101-080000-000001-manuell.partial"]
    stale.append(Path(f"{stale[0]}-journal"))
    # … and a copy another KOD Desk is writing right now.
    running = backups / "kod-20990101-080000-000001-manuell.partial"
    for leftover in [*stale, running]:
        leftover.write_bytes(b"\0" * 512)
    two_hours_ago = time.time() - 7200
    for leftover in stale:
        os.utime(leftover, (two_hours_ago, two_hours_ago))

    assert main(["backup", "--db", str(healthy)]) == 0

    assert [p for p in stale if p.exists()] == []
    assert running.exists()
    assert not list(backups.glob("*.partial-journal"))


def test_a_stray_file_error_is_one_german_line(
    healthy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The lock file's name is taken by a folder: restore cannot even take its lock.
    Path(f"{healthy}.lock").mkdir()
    sha = _sha(healthy)

    assert main(["restore", "--db", str(healthy)]) == 2

    line = _one_line(capsys.readouterr().err)
    assert line == f"kod-desk: {healthy}.lock: Datei- oder Datenträgerfehler – das ist ein Ordner."
    assert _sha(healthy) == sha


def test_a_server_lost_in_the_middle_of_a_save_is_one_german_sentence(
    pg_server: PgServer, pg_url: str
) -> None:
    # No CLI path stops a server mid-command on cue; the storage layer is where it surfaces.
    from sqlalchemy import text

    from kod_desk.domain.errors import StorageError
    from kod_desk.storage.database import Database

    db = Database.open(pg_url)
    try:
        with pytest.raises(StorageError) as lost, db.write("test") as session:
            backend = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
            pg_server.admin(f"SELECT pg_terminate_backend({int(backend)})")
            session.execute(text("SELECT 1"))
        message = lost.value.message
        assert message.startswith("Speichern fehlgeschlagen: Die Verbindung zum Datenbankserver ")
        assert "ist abgebrochen. Es wurde nichts gespeichert" in message
        with db.read() as session:  # the next session gets a new connection
            assert session.execute(text("SELECT 1")).scalar_one() == 1
    finally:
        db.dispose()
