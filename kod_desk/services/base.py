"""What every service shares: the context (database, actor), the Changes record and Result."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import Generic, TypeVar

from kod_desk.domain.changes import Changes, Entity
from kod_desk.storage.database import Database

__all__ = ["Changes", "Entity", "Result", "ServiceContext", "default_actor"]

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
    """The open database and who acts; handed to every service by the composition root."""

    def __init__(self, db: Database, actor: str | None = None) -> None:
        self.db = db
        self.actor = actor or default_actor()
