"""What every service shares: the context (database, actor), the Changes record and Result."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from kod_desk.domain.changes import Changes, Entity
from kod_desk.domain.enums import Role
from kod_desk.storage.database import Database

__all__ = [
    "Changes",
    "Entity",
    "Result",
    "ServiceContext",
    "audit_change",
    "default_actor",
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

    ``role`` decides what the actor may see (domain/permissions.py). Until logins exist
    (issue 6) the desktop runs as :attr:`Role.ADMIN`; tests pass an officer role.
    """

    def __init__(self, db: Database, actor: str | None = None, role: Role = Role.ADMIN) -> None:
        self.db = db
        self.actor = actor or default_actor()
        self.role = role
