"""What every service shares: the context (database, actor), the Changes record and Result."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from kod_desk.domain.changes import Changes, Entity
from kod_desk.domain.enums import Role, Unit
from kod_desk.domain.errors import PermissionDenied
from kod_desk.storage.database import Database

__all__ = [
    "LEADERS",
    "Changes",
    "Entity",
    "Result",
    "ServiceContext",
    "audit_change",
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


def audit_change(
    context: ServiceContext,
    session: Any,
    action: str,
    table: str,
    row_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    """Write the audit entry of one change inside the caller's transaction."""
    from kod_desk.storage.repos import audit

    audit.append(
        session,
        actor=context.actor,
        action=action,
        table_name=table,
        row_id=row_id,
        before=before,
        after=after,
    )


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
