"""What a write touched (Anki's OpChanges): pages refresh only what a change touches.

Lives in the domain so the UI can name the kinds without importing the services' SQLAlchemy.

A write names the kinds it touched and, where it knows them, the ids of the rows: an incident
insert says ``INCIDENTS {id}``, so the Vorkommnisse page adds that row and re-reads none of its
master data. A kind named without ids means "any row of it may have changed" (a sync import,
a bulk change). ``origin`` is whoever started the write (the page or dialog that published it),
so that page can tell its own change from somebody else's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
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
    """What a write touched: kinds, and for some kinds exactly which rows.

    ``rows`` holds the ids for the kinds whose rows are known; a kind in ``entities`` but not in
    ``rows`` may have changed anywhere. Two Changes combine with ``|``: ids add up while both
    know them, and "anywhere" wins over ids.
    """

    entities: frozenset[Entity] = frozenset()
    rows: Mapping[Entity, frozenset[str]] = field(default_factory=dict, hash=False)
    origin: object | None = field(default=None, compare=False, hash=False)

    @classmethod
    def of(cls, *entities: Entity) -> Changes:
        """These kinds, anywhere."""
        return cls(frozenset(entities))

    @classmethod
    def rows_of(cls, entity: Entity, ids: Iterable[str]) -> Changes:
        """These rows of one kind."""
        return cls(frozenset({entity}), {entity: frozenset(ids)})

    def touches(self, *entities: Entity) -> bool:
        return not self.entities.isdisjoint(entities)

    def ids(self, entity: Entity) -> frozenset[str] | None:
        """The changed rows of ``entity``: empty when it was not touched, None when any may be."""
        if entity not in self.entities:
            return frozenset()
        return self.rows.get(entity)

    def from_origin(self, origin: object) -> Changes:
        return replace(self, origin=origin)

    def __or__(self, other: Changes) -> Changes:
        rows: dict[Entity, frozenset[str]] = {}
        for entity in self.entities | other.entities:
            mine, theirs = self.ids(entity), other.ids(entity)
            if mine is not None and theirs is not None:
                rows[entity] = mine | theirs
        origin = self.origin if self.origin is not None else other.origin
        return Changes(self.entities | other.entities, rows, origin)

    def __bool__(self) -> bool:
        return bool(self.entities)
