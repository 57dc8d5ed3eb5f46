"""What every service shares: the context, the one write operation, Changes and Result.

Every write goes through :meth:`Service._op` (Anki's ``CollectionOp``)::

    with self._op("incident.create", roles=LEADERS, action="Vorkommnis anlegen") as op:
        ...                                  # op.session: one short write transaction
        op.audit("create", "incident", incident_id, None, after)
        op.touch(Entity.INCIDENTS, ids=[incident_id])
        return op.result(saved)              # Result(saved, what changed)

The role is checked before the transaction begins, the audit entries are written inside it,
and the transaction commits when the block ends (rolls back on any error), so a caller gets a
Result only for a write that committed.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from kod_desk.domain.changes import Changes, Entity
from kod_desk.domain.enums import Role, Unit
from kod_desk.domain.errors import PermissionDenied
from kod_desk.storage.database import Database
from kod_desk.storage.repos import audit as audit_repo
from kod_desk.storage.session import DbSession

__all__ = [
    "LEADERS",
    "Changes",
    "DbSession",
    "Entity",
    "Op",
    "Result",
    "Service",
    "ServiceContext",
    "default_actor",
    "require",
]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Result(Generic[T]):
    value: T
    changes: Changes


def default_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in containers without passwd entries
        return "unbekannt"


class ServiceContext:
    """The open database, who acts and in which role; handed to every service.

    ``role`` decides what the actor may see and do (domain/permissions.py, :func:`require`).
    The desktop sets actor, role, officer and unit at login (services/auth.py); without a login
    (the command line, tests) the context acts as the OS user in the role :attr:`Role.ADMIN`.
    """

    def __init__(self, db: Database, actor: str | None = None, role: Role = Role.ADMIN) -> None:
        self.db = db
        self.actor = actor or default_actor()
        self.role = role
        self.officer_id: str | None = None
        self.unit: Unit | None = None
        self.display_name = ""


# Supervisors and administrators: who plans duties and keeps the master data.
LEADERS = (Role.SUPERVISOR, Role.ADMIN)


def require(context: ServiceContext, *roles: Role, action: str) -> None:
    """Refuse, before anything is written, unless the context's role is one of ``roles``.

    ``action`` names what was refused, e.g. "Dienstplan ändern"; the message names who may.
    """
    if context.role in roles:
        return
    who = " oder ".join(f"die {role.label}" for role in roles)
    raise PermissionDenied(f"Keine Berechtigung: {action} darf nur {who}.")


class Op:
    """One write in progress: its typed session, its audit entries and what it touched."""

    def __init__(
        self, session: DbSession, context: ServiceContext, name: str, *, actor: str | None = None
    ) -> None:
        self.session = session
        self.name = name
        self._context = context
        self._actor = actor or context.actor
        self._changes = Changes()

    @property
    def actor(self) -> str:
        """Who writes: the context's actor unless the write names another (e.g. "system")."""
        return self._actor

    def audit(
        self,
        action: str,
        table: str,
        row_id: str | None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        reason: str | None = None,
        *,
        actor: str | None = None,
    ) -> None:
        """Record one change in the audit log, inside this write's transaction."""
        audit_repo.append(
            self.session,
            actor=actor or self._actor,
            action=action,
            table_name=table,
            row_id=row_id,
            before=before,
            after=after,
            reason=reason,
        )

    def touch(self, *entities: Entity, ids: Iterable[str] | None = None) -> None:
        """Say what this write changed: kinds, and the rows' ids where they are known."""
        for entity in entities:
            self._changes |= (
                Changes.of(entity) if ids is None else Changes.rows_of(entity, list(ids))
            )

    @property
    def changes(self) -> Changes:
        return self._changes

    def result(self, value: T) -> Result[T]:
        """The value the caller gets, with what changed."""
        return Result(value, self._changes)


class Service:
    """Base of every use-case service: the context, reads and the one write operation."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    @property
    def _db(self) -> Database:
        return self._context.db

    @contextmanager
    def _read(self) -> Iterator[DbSession]:
        """A short read-only session."""
        with self._db.read() as session:
            yield session

    @contextmanager
    def _op(
        self,
        name: str,
        *,
        roles: Iterable[Role] | None = None,
        action: str = "",
        actor: str | None = None,
    ) -> Iterator[Op]:
        """One write: role checked first, then one transaction that commits when the block ends.

        ``name`` says what the write is ("incident.create"); ``roles`` who may do it, and
        ``action`` how a refusal names it ("Dienstplan ändern"). ``actor`` writes in another
        name than the context's (the scheduled retention purge writes as "system").
        """
        if roles is not None:
            require(self._context, *roles, action=action or name)
        who = actor or self._context.actor
        with self._db.write(who) as session:
            yield Op(session, self._context, name, actor=who)
