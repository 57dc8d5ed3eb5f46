"""First start of a database: the station identity and the editable defaults (DESIGN.md §12)."""

from __future__ import annotations

import platform
from datetime import time

from kod_desk.domain import masterdata as dm
from kod_desk.domain.enums import CatalogKind, Role, ShiftKind
from kod_desk.domain.errors import ValidationError
from kod_desk.domain.ids import new_id
from kod_desk.services.base import Entity, Result, Service
from kod_desk.storage.repos import masterdata as repo

APRIL_TO_SEPTEMBER = dm.VideoPeriod(4, 1, 9, 30)

DEFAULT_AREAS = (
    dm.AreaDraft(
        "Bahnhofsumfeld",
        "Gemeinsame Streifen mit der Landespolizei (LPol).",
        is_fear_space=False,
        priority=1,
        short_code="BHF",
    ),
    dm.AreaDraft(
        "Innenstadt",
        "Fußgängerzone mit der Ansprechstelle Sicherheit.",
        priority=1,
        short_code="INN",
    ),
    dm.AreaDraft(
        "Klosterinsel",
        "Parkinsel; Videoüberwachung von April bis September.",
        priority=2,
        video_periods=(APRIL_TO_SEPTEMBER,),
        footage_retention_hours=72,
        short_code="KLO",
    ),
)

DEFAULT_CATALOG: dict[CatalogKind, tuple[str, ...]] = {
    CatalogKind.INCIDENT_CATEGORY: (
        "Ruhestörung",
        "Alkoholkonsumverbot",
        "Aggressives Betteln",
        "Illegale Müllablagerung",
        "Wildes Urinieren",
        "Sachbeschädigung / Graffiti",
        "Radfahren in der Fußgängerzone",
        "Hundehaltung / Leinenpflicht",
        "Lagern / Campieren",
        "Jugendschutz",
        "Streitigkeit",
        "Hilfeleistung",
        "Verkehrsordnungswidrigkeit",
        "Sonstiges",
    ),
    CatalogKind.MEASURE: (
        "Platzverweis",
        "Verwarnung",
        "Verwarnungsgeld",
        "OWi-Anzeige",
        "Strafanzeige",
        "Sicherstellung",
        "Identitätsfeststellung",
        "Übergabe an Polizei",
        "Belehrung",
        "Rettungsdienst verständigt",
        "Hinweis / Beratung",
    ),
    CatalogKind.DEPARTMENT: (
        "Ausländerbehörde",
        "Meldebehörde",
        "Gewerbeaufsicht",
        "Waffenbehörde",
        "Jugendamt",
        "Bußgeldstelle",
        "Standesamt",
    ),
}

DEFAULT_TEMPLATES = (
    dm.ShiftTemplateDraft("Frühdienst", "F", time(6), time(14), 30, None, 2),
    dm.ShiftTemplateDraft("Spätdienst", "S", time(14), time(22), 30, None, 2),
    dm.ShiftTemplateDraft("Nachtdienst", "N", time(22), time(6), 30, None, 2),
    dm.ShiftTemplateDraft("Tagdienst", "T", time(8), time(16, 30), 30, ShiftKind.INVESTIGATION, 1),
    dm.ShiftTemplateDraft(
        "Ansprechstelle", "A", time(10), time(18), 30, ShiftKind.CONTACT_POINT, 2
    ),
)


RENAME_ACTION = "Die Station umbenennen"


def default_station_name() -> str:
    return f"Station {platform.node() or 'KOD'}"


class SetupService(Service):
    def station(self) -> dm.Station | None:
        with self._read() as session:
            return repo.get_station(session)

    def ensure_initialized(self, station_name: str | None = None) -> Result[dm.Station]:
        """Give a new database its station identity and default master data; idempotent.

        Changes nothing (and says so) when the database has its station already.
        """
        with self._op("setup.initialize") as op:
            session = op.session
            existing = repo.get_station(session)
            if existing is not None:
                return op.result(existing)
            station = repo.create_station(session, new_id(), station_name or default_station_name())
            self._db.station_id = station.id
            for area in DEFAULT_AREAS:
                repo.insert_area(session, area)
            for kind, names in DEFAULT_CATALOG.items():
                for order, name in enumerate(names, start=1):
                    repo.insert_catalog_entry(
                        session, dm.CatalogEntryDraft(kind, name, sort_order=order * 10)
                    )
            for template in DEFAULT_TEMPLATES:
                repo.insert_template(session, template)
            op.audit("initialize", "station", station.id, after={"name": station.name})
            op.touch(Entity.STATION, Entity.AREAS, Entity.CATALOG, Entity.TEMPLATES)
            return op.result(station)

    def rename_station(self, name: str) -> Result[dm.Station]:
        """Give the station another name (administrators only); audited with before/after.

        The name travels in sync packages and key files, where other stations know it by.
        """
        problems = dm.validate_station_name(name)
        with self._op("setup.rename_station", roles=[Role.ADMIN], action=RENAME_ACTION) as op:
            if problems:
                raise ValidationError(problems)
            station, before = repo.rename_station(op.session, name.strip())
            if before != station.name:
                op.audit("rename", "station", station.id, {"name": before}, {"name": station.name})
                op.touch(Entity.STATION)
            return op.result(station)
