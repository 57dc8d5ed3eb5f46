"""Opening a database the way the window and the command line both need it (DESIGN.md §12).

Where: ``--db PATH_OR_URL``, else ``KOD_DESK_DB``, else the platform's user data folder.
``--demo`` opens a fresh demo database (and never overwrites a real one).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kod_desk.domain.errors import DatabaseError, UserError
from kod_desk.paths import user_data_dir
from kod_desk.services.registry import Services
from kod_desk.storage.database import Database, url_for
from kod_desk.storage.instance_lock import InstanceLock
from kod_desk.storage.repos import dashboard as dashboard_repo
from kod_desk.storage.repos import settings as settings_repo

ENV_VAR = "KOD_DESK_DB"
DEMO_KEY = "demo"

Progress = Callable[[str], None]


def default_location() -> str:
    return str(user_data_dir() / "kod_desk.sqlite")


def demo_location() -> str:
    return str(user_data_dir() / "demo" / "kod_desk_demo.sqlite")


def resolve_location(db: str | None, *, demo: bool = False) -> str:
    """The database the user meant: the flag, then the environment, then the default."""
    if db:
        return db
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return from_env
    return demo_location() if demo else default_location()


@dataclass(frozen=True)
class Opened:
    services: Services
    location: str
    station_name: str
    is_demo: bool
    notes: tuple[str, ...]
    # The instance lock of a SQLite file (``exclusive``); released by ``close()``.
    lock: InstanceLock | None = field(default=None, compare=False)

    def close(self) -> None:
        self.services.close()
        if self.lock is not None:
            self.lock.release()


def open_database(
    location: str,
    *,
    demo: bool = False,
    demo_incidents: int = 300,
    demo_seed: int = 1,
    create: bool = True,
    actor: str | None = None,
    progress: Progress | None = None,
    exclusive: bool = False,
    in_app: bool = True,
) -> Opened:
    """Open (create, upgrade) the database; with ``demo`` start over with fresh demo data.

    ``exclusive`` takes the instance lock of a SQLite file first (the window; command-line
    commands that write): a second one is refused with who has it open (``in_app`` picks the
    advice). Read-only commands leave it alone.
    """
    say = progress or (lambda _text: None)
    notes: list[str] = []
    lock = _lock(location, in_app) if exclusive else None
    try:
        if demo:
            _clear_demo_database(location)
        say("Datenbank wird geöffnet …")
        db = Database.open(location, create=create)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    try:
        if db.report.upgraded_from:
            notes.append(
                f"Datenbank wurde von Schema {db.report.upgraded_from} aktualisiert; "
                f"Sicherung: {db.report.backup_path}"
            )
        services = Services.create(db, actor)
        station = services.setup.ensure_initialized("Demo-Station" if demo else None).value
        services.sync.ensure_key()  # the station's signing key for sync packages (issue 8)
        is_demo = is_demo_database(services)
        if demo:
            say("Demodaten werden angelegt …")
            populate_demo(services, incidents=demo_incidents, seed=demo_seed)
            is_demo = True
    except BaseException:
        db.dispose()
        if lock is not None:
            lock.release()
        raise
    return Opened(services, db.location, station.name, is_demo, tuple(notes), lock)


def _lock(location: str, in_app: bool) -> InstanceLock | None:
    url = url_for(location)
    if url.get_backend_name() != "sqlite":
        return None
    path = Path(url.database or "")
    from kod_desk.storage.instance_lock import check_location

    check_location(path)  # before a lock file is written into a refused folder
    return InstanceLock(path, in_app=in_app).acquire()


def populate_demo(services: Services, *, incidents: int, seed: int) -> None:
    from kod_desk.services.demo import DemoService

    DemoService(services.context).populate(incidents=incidents, seed=seed)
    with services.db.write(services.context.actor) as session:
        settings_repo.put(session, DEMO_KEY, {"created_at": datetime.now(UTC).isoformat()})


def is_demo_database(services: Services) -> bool:
    with services.db.read() as session:
        return settings_repo.get(session, DEMO_KEY) is not None


def _clear_demo_database(location: str) -> None:
    """Remove an earlier demo database so ``--demo`` starts fresh; refuse to touch real data."""
    url = url_for(location)
    if url.get_backend_name() != "sqlite":
        raise UserError("--demo arbeitet nur mit einer SQLite-Datei, nicht mit einem Server.")
    path = Path(url.database or "")
    if not path.exists():
        return
    db = Database.open(path, create=False)
    try:
        services = Services.create(db)
        with db.read() as session:
            holds_data = dashboard_repo.has_officers(session)
        if holds_data and not is_demo_database(services):
            raise DatabaseError(
                f"{path} enthält echte Daten und keine Demodaten; --demo überschreibt sie nicht. "
                "Bitte eine andere Datei mit --db angeben."
            )
    finally:
        db.dispose()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
