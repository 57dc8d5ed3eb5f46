"""A throwaway PostgreSQL cluster for the tests (issue 6 item 7).

One cluster per test session in a temp folder, reachable only through a unix socket in that
folder (no port to collide with a parallel run). The cluster belongs to an unprivileged user when
we run as root (PostgreSQL refuses to run as root): ``postgres`` if it exists, else ``nobody``.
A migrated template database is made once; every test gets a copy (``CREATE DATABASE … TEMPLATE``
takes a few dozen milliseconds, migrating takes seconds).

Without a server the PostgreSQL tests are skipped, unless ``KOD_TEST_REQUIRE_PG=1`` (set by
``.ci/run``): then they fail and say why.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

REQUIRE_ENV = "KOD_TEST_REQUIRE_PG"
SUPERUSER = "kod"
TEMPLATE = "kod_template"


class PgUnavailableError(RuntimeError):
    """No PostgreSQL server could be started here."""


def find_bindir() -> Path:
    """Where initdb and pg_ctl are: pg_config, Debian's versioned folders, then PATH."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        result = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        )
        if result.returncode == 0:
            candidates.append(Path(result.stdout.strip()))
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).resolve().parent)
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    raise PgUnavailableError(
        "initdb/pg_ctl nicht gefunden (weder über pg_config, /usr/lib/postgresql/*/bin noch PATH); "
        "Debian: apt-get install postgresql"
    )


def _run_as() -> pwd.struct_passwd | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise PgUnavailableError("Als root gestartet, aber weder Benutzer 'postgres' noch 'nobody' da.")


class PgServer:
    """A running cluster; ``url(name)`` gives a SQLAlchemy URL of one of its databases."""

    def __init__(self) -> None:
        self.bindir = find_bindir()
        self.user = _run_as()
        self.root = Path(tempfile.mkdtemp(prefix="kod-pg-"))
        self.data = self.root / "data"
        self._names = itertools.count(1)
        self._started = False
        if self.user is not None:
            os.chown(self.root, self.user.pw_uid, self.user.pw_gid)

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.user is not None:
            command = ["runuser", "-u", self.user.pw_name, "--", *command]
        result = subprocess.run(
            command, capture_output=True, text=True, check=False, cwd=self.root, timeout=60
        )
        if result.returncode != 0:
            raise PgUnavailableError(
                f"{' '.join(command)} scheiterte ({result.returncode}):\n"
                f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
            )

    def start(self) -> None:
        # C.UTF-8 so the text-search parser sees umlauts as letters (in the C locale "Brücke"
        # would fall apart into "Br" and "cke").
        self._run(
            "initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        options = (
            f"-c listen_addresses='' -k {self.root} -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=200"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"),
            "-o", options, "-w", "-t", "30", "start",
        )  # fmt: skip
        self._started = True
        self._watch()
        self.create_template()

    def _watch(self) -> None:
        """Stop the cluster and remove its folder if this test process dies without teardown.

        A killed or interrupted pytest must not leave a server behind; the watchdog has its own
        session so a signal to pytest's process group does not take it along.
        """
        stop = [str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]
        if self.user is not None:
            stop = ["runuser", "-u", self.user.pw_name, "--", *stop]
        script = (
            f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 1; done; "
            f"{shlex.join(stop)} >/dev/null 2>&1; rm -rf {shlex.quote(str(self.root))}"
        )
        # The shell starts the loop in the background and exits at once (nothing to reap later).
        subprocess.run(
            ["sh", "-c", f"({script}) &"],
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
        )

    def stop(self) -> None:
        try:
            if self._started:
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@/{database}?host={self.root}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(
            host=str(self.root), user=SUPERUSER, dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(sql)  # type: ignore[arg-type]

    def create_template(self) -> None:
        """A database migrated to head, the template of every test's database."""
        from kod_desk.storage.database import Database

        self.admin(f"CREATE DATABASE {TEMPLATE}")
        Database.open(self.url(TEMPLATE)).dispose()

    def new_database(self) -> str:
        name = f"kod_test_{os.getpid()}_{next(self._names)}"
        self.admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return name

    def drop_database(self, name: str) -> None:
        self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def start_server() -> PgServer:
    """Start a cluster or raise :class:`PgUnavailableError` with the reason."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise PgUnavailableError("psycopg fehlt: pip install '.[postgres]'") from None
    server = PgServer()
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    return server


def required() -> bool:
    return os.environ.get(REQUIRE_ENV, "") == "1"
