"""What every service shares: the context (database, actor), the Changes record and Result."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from kod_desk.storage.database import Database

T = TypeVar("T")


class Entity(StrEnum):
    """Kinds of data a page may show; a write names the kinds it touched."""

    STATION = "station"
    OFFICERS = "officers"
    AREAS = "areas"
    CATALOG = "catalog"
    TEMPLATES = "templates"
    SHIFTS = "shifts"
    ABSENCES = "absences"
    BIKES = "bikes"
    INCIDENTS = "incidents"
    CASES = "cases"
    SETTINGS = "settings"


@dataclass(frozen=True, slots=True)
class Changes:
    """What a write touched; pages refresh when it touches what they show (Anki's OpChanges)."""

    entities: frozenset[Entity] = frozenset()

    @classmethod
    def of(cls, *entities: Entity) -> Changes:
        return cls(frozenset(entities))

    def touches(self, *entities: Entity) -> bool:
        return not self.entities.isdisjoint(entities)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.entities | other.entities)

    def __bool__(self) -> bool:
        return bool(self.entities)


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
