"""What a write touched (Anki's OpChanges): pages refresh when it touches what they show.

Lives in the domain so the UI can name the kinds without importing the services' SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
