"""One incident as the tests need it: in the Innenstadt, the first category, an hour ago."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from kod_desk.domain.enums import CatalogKind, IncidentSource
from kod_desk.domain.incidents import IncidentDraft


def kiosk_incident(services: Any, **changes: Any) -> str:
    """Create the incident (``changes`` override draft fields); its id."""
    data = services.masterdata.load()
    fields: dict[str, Any] = {
        "occurred_at": datetime.now(UTC) - timedelta(hours=1),
        "area_id": next(a.id for a in data.areas if a.name == "Innenstadt"),
        "category_id": next(c.id for c in data.catalog if c.kind is CatalogKind.INCIDENT_CATEGORY),
        "source": IncidentSource.PATROL,
        "place": "Marktplatz",
        "description": "Streit vor dem Kiosk.",
        **changes,
    }
    return str(services.incidents.create(IncidentDraft(**fields)).value.id)
