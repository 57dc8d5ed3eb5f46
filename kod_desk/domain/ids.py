"""Typed ids: UUID text made where a row is born (DESIGN.md §4)."""

from __future__ import annotations

import uuid
from typing import NewType

OfficerId = NewType("OfficerId", str)
AreaId = NewType("AreaId", str)
CatalogEntryId = NewType("CatalogEntryId", str)
ShiftTemplateId = NewType("ShiftTemplateId", str)
ShiftId = NewType("ShiftId", str)
BikeId = NewType("BikeId", str)
IncidentId = NewType("IncidentId", str)
CaseId = NewType("CaseId", str)
StationId = NewType("StationId", str)


def new_id() -> str:
    return str(uuid.uuid4())
