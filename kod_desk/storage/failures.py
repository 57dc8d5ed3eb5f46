"""Failures of the disk or the database server, told apart from damage and said in German.

A full disk, an I/O error, a server that cannot be reached or a refused login says nothing
about the data: the file or database is left exactly as it is (never moved aside as damaged,
never replaced by a new empty one) and the user reads what to do. Only SQLite's own verdict
(SQLITE_CORRUPT, SQLITE_NOTADB, a failed quick_check) counts as damage.

Errors are classified by structure: SQLite's result code, the errno of an OSError, the SQLSTATE
PostgreSQL sends, whether SQLAlchemy saw the connection drop, and - for a connection that
could not be made, where libpq gives only (possibly translated) text - a probe of the server.
"""

from __future__ import annotations

import errno
import shutil
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import URL, ExceptionContext
from sqlalchemy.pool import NullPool

from kod_desk.domain.errors import StorageError, os_error_text

# SQLite primary result codes (the low byte of an extended code).
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_NOMEM = 7
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26
# Below this much free space an I/O error is a full disk (SQLite reports a failed extension of
# the -shm file as SQLITE_IOERR, not SQLITE_FULL).
_NEARLY_FULL_BYTES = 1024 * 1024
# How long a connection to a PostgreSQL server may take before it counts as unreachable.
PG_CONNECT_TIMEOUT_S = 10


class DriverStorageError(StorageError):
    """A StorageError raised in place of the database driver's own error (``translate``)."""


@dataclass(frozen=True)
class Cause:
    """Why the storage failed, and what the user can do about it (German)."""

    reason: str
    advice: str


FULL = Cause("der Datenträger ist voll", "Platz schaffen")
IO_ERROR = Cause("Schreib- oder Lesefehler des Datenträgers", "den Datenträger prüfen lassen")
_OS_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def disk_is_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < _NEARLY_FULL_BYTES
    except OSError:
        return False


def sqlite_primary_code(error: BaseException) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def is_damage(error: BaseException) -> bool:
    """True only when SQLite itself says the file is not a (healthy) database."""
    return sqlite_primary_code(error) in (SQLITE_CORRUPT, SQLITE_NOTADB)


def sqlite_cause(error: BaseException, folder: Path, *, busy: bool = True) -> Cause | None:
    """The cause of a SQLite or file error that is not damage; None for anything else.

    ``busy=False`` leaves "database is locked" to the caller (the write path waits and retries).
    """
    if isinstance(error, OSError):
        if error.errno in _OS_FULL:
            return FULL
        return Cause(os_error_text(error), "die IT fragen")
    code = sqlite_primary_code(error)
    if code == SQLITE_FULL:
        return FULL
    if code == SQLITE_IOERR:
        return FULL if disk_is_full(folder) else IO_ERROR
    if code == SQLITE_CANTOPEN:
        return (
            FULL
            if disk_is_full(folder)
            else Cause("die Datei lässt sich nicht öffnen", "Ordner und Rechte prüfen")
        )
    if code in (SQLITE_READONLY, SQLITE_PERM):
        return Cause("die Datei oder der Datenträger ist schreibgeschützt", "Schreibrechte geben")
    if code == SQLITE_NOMEM:
        return Cause("zu wenig Arbeitsspeicher", "andere Programme schließen")
    if busy and code in (SQLITE_BUSY, SQLITE_LOCKED):
        return Cause("sie ist gerade durch einen anderen Vorgang gesperrt", "kurz warten")
    return None


def sqlite_error(path: Path, cause: Cause) -> StorageError:
    return DriverStorageError(
        f"Die Datenbank {path} lässt sich nicht benutzen: {cause.reason}. Die Datei bleibt "
        f"unverändert; bitte {cause.advice} und es dann noch einmal versuchen.",
        cause.reason,
    )


def check_sqlite(path: Path, error: BaseException) -> None:
    """Raise the StorageError for ``error`` at ``path`` when it is not damage."""
    cause = sqlite_cause(error, path.parent)
    if cause is not None:
        raise sqlite_error(path, cause) from None


# ---------------------------------------------------------------- PostgreSQL

# SQLSTATEs of a server that went away or is going away, and of a full disk on the server.
_PG_GONE_CLASSES = ("08", "57P")
_PG_DISK_FULL = "53100"


def _server(url: URL) -> str:
    host = url.host or str(url.query.get("host") or "localhost")
    return f"{host}:{url.port}" if url.port else host


def pg_error(url: URL, reason: str) -> StorageError:
    return DriverStorageError(
        f"Die Datenbank {url.render_as_string(hide_password=True)} lässt sich nicht benutzen: "
        f"{reason}.",
        reason,
    )


def _reachable(url: URL) -> str | None:
    """None when something listens at the server's address; else why not (German)."""
    host = url.host or str(url.query.get("host") or "")
    if not host or host.startswith("/"):
        folder = Path(host or "/var/run/postgresql")
        socket_file = folder / f".s.PGSQL.{url.port or 5432}"
        if socket_file.exists():
            return None
        return f"auf diesem Rechner läuft unter {folder} kein Datenbankserver"
    try:
        addresses = socket.getaddrinfo(host, url.port or 5432, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return f"den Servernamen „{host}“ gibt es nicht (bitte die Adresse prüfen)"
    for family, kind, proto, _name, address in addresses:
        try:
            with socket.socket(family, kind, proto) as probe:
                probe.settimeout(PG_CONNECT_TIMEOUT_S)
                probe.connect(address)
            return None
        except OSError:
            continue
    return (
        f"der Datenbankserver {_server(url)} ist nicht erreichbar (läuft er, stimmen Name und "
        "Port, lässt die Firewall die Verbindung durch?)"
    )


def _login_reason(url: URL) -> str:
    """The server answers but refused the connection: the login, or the database name?"""
    user = url.username or ""
    maintenance = create_engine(
        url.set(database="postgres"),
        poolclass=NullPool,
        connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S},
    )
    try:
        with maintenance.connect():
            pass
    except Exception:  # any failure here means the login itself was refused
        return (
            f"der Server {_server(url)} lehnt die Anmeldung als „{user}“ ab (Benutzername "
            "oder Passwort falsch, oder dieser Rechner ist dort nicht zugelassen)"
        )
    finally:
        maintenance.dispose()
    return f"die Datenbank „{url.database}“ gibt es auf dem Server {_server(url)} nicht"


def translate_pg(ctx: ExceptionContext) -> StorageError | None:
    url = ctx.engine.url if ctx.engine is not None else None
    if url is None:
        return None
    original: Any = ctx.original_exception
    sqlstate = str(getattr(original, "sqlstate", None) or "")
    if ctx.connection is None and not sqlstate:
        return pg_error(url, _reachable(url) or _login_reason(url))
    if sqlstate == _PG_DISK_FULL:
        return pg_error(url, "der Datenträger des Datenbankservers ist voll")
    if ctx.is_disconnect or sqlstate.startswith(_PG_GONE_CLASSES):
        return pg_error(url, f"die Verbindung zum Datenbankserver {_server(url)} ist abgebrochen")
    return None


def translate(ctx: ExceptionContext) -> BaseException | None:
    """SQLAlchemy's ``handle_error`` hook: a StorageError in place of a driver error.

    A failed pre-ping is left alone (SQLAlchemy reconnects by itself); a SQLite connection that
    met an I/O error is thrown away, never reused.
    """
    if ctx.is_pre_ping:
        return None
    if ctx.engine is None:
        return None
    url = ctx.engine.url
    if url.get_backend_name() == "postgresql":
        return translate_pg(ctx)
    path = Path(url.database or "")
    cause = sqlite_cause(ctx.original_exception, path.parent, busy=False)
    if cause is None:
        return None
    ctx.is_disconnect = True
    ctx.invalidate_pool_on_disconnect = False
    return sqlite_error(path, cause)
