"""Repositories for master data: officers, areas, catalogue entries, shift templates.

Each function takes an open session and speaks domain objects in and out; ORM objects never
leave this module.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kod_desk.domain import masterdata as dm
from kod_desk.domain.enums import CatalogKind, Role, ShiftKind, Unit
from kod_desk.domain.errors import NotFoundError, StaleEditError
from kod_desk.domain.ids import new_id
from kod_desk.domain.text import german_sort_key
from kod_desk.storage import models as m

# ---------------------------------------------------------------- mapping


def officer_row(row: m.Officer) -> dm.Officer:
    return dm.Officer(
        id=row.id,
        service_number=row.service_number,
        last_name=row.last_name,
        first_name=row.first_name,
        unit=Unit(row.unit),
        role=Role(row.role),
        qualifications=tuple(row.qualifications or ()),
        weekly_hours=float(row.weekly_hours),
        active=row.active,
        version=row.version,
    )


def area_row(row: m.Area) -> dm.Area:
    return dm.Area(
        id=row.id,
        name=row.name,
        description=row.description,
        is_fear_space=row.is_fear_space,
        priority=row.priority,
        video_periods=tuple(dm.VideoPeriod.from_json(p) for p in row.video_periods or ()),
        footage_retention_hours=row.footage_retention_hours,
        active=row.active,
        version=row.version,
        short_code=row.short_code,
    )


def catalog_row(row: m.CatalogEntry) -> dm.CatalogEntry:
    return dm.CatalogEntry(
        id=row.id,
        kind=CatalogKind(row.kind),
        name=row.name,
        description=row.description,
        sort_order=row.sort_order,
        active=row.active,
        version=row.version,
    )


def template_row(row: m.ShiftTemplate) -> dm.ShiftTemplate:
    return dm.ShiftTemplate(
        id=row.id,
        name=row.name,
        code=row.code,
        start=row.start_time,
        end=row.end_time,
        break_minutes=row.break_minutes,
        kind=ShiftKind(row.kind) if row.kind else None,
        min_staff=row.min_staff,
        active=row.active,
        version=row.version,
    )


def snapshot(obj: m.SyncMixin) -> dict[str, Any]:
    """A JSON-ready dict of a row's columns, for the audit log's before/after."""
    table = obj.__table__  # type: ignore[attr-defined]
    data: dict[str, Any] = {}
    for column in table.columns:
        if column.name in {"password_hash", "change_seq"}:
            continue
        value = getattr(obj, column.key)
        if isinstance(value, datetime | type(None) | bool | int | float | str | list | dict):
            data[column.name] = value.isoformat() if isinstance(value, datetime) else value
        else:
            data[column.name] = str(value)
    return data


def _get(session: Session, model: type[Any], row_id: str, what: str) -> Any:
    row = session.get(model, row_id)
    if row is None or row.deleted_at is not None:
        raise NotFoundError(f"{what} wurde nicht gefunden (vielleicht inzwischen gelöscht).")
    return row


def _check_version(row: m.SyncMixin, expected: int | None, what: str) -> None:
    if expected is not None and row.version != expected:
        raise StaleEditError(
            f"{what} wurde inzwischen von {row.updated_by} geändert. "
            "Bitte neu öffnen und die Änderung noch einmal eintragen."
        )


# ---------------------------------------------------------------- officers


def list_officers(session: Session, *, include_inactive: bool = True) -> list[dm.Officer]:
    query = select(m.Officer).where(m.Officer.deleted_at.is_(None))
    if not include_inactive:
        query = query.where(m.Officer.active.is_(True))
    officers = [officer_row(row) for row in session.scalars(query)]
    return sorted(
        officers,
        key=lambda o: (
            german_sort_key(o.last_name),
            german_sort_key(o.first_name),
            o.service_number,
        ),
    )


def get_officer(session: Session, officer_id: str) -> dm.Officer:
    return officer_row(_get(session, m.Officer, officer_id, "Die Dienstkraft"))


def officer_id_by_service_number(session: Session, service_number: str) -> str | None:
    query = select(m.Officer.id).where(
        func.lower(m.Officer.service_number) == service_number.strip().lower()
    )
    return session.execute(query).scalar_one_or_none()


def officer_ids_by_service_number(session: Session) -> dict[str, str]:
    rows = session.execute(select(m.Officer.service_number, m.Officer.id))
    return {number.lower(): officer_id for number, officer_id in rows}


def administrators(session: Session) -> tuple[int, int]:
    """Active administrators: all of them, and those who can log in (have a password)."""
    query = select(
        func.count(m.Officer.id),
        func.count(m.Officer.password_hash),
    ).where(
        m.Officer.deleted_at.is_(None),
        m.Officer.active.is_(True),
        m.Officer.role == Role.ADMIN.value,
    )
    total, with_login = session.execute(query).one()
    return int(total), int(with_login)


def insert_officer(session: Session, draft: dm.OfficerDraft) -> tuple[dm.Officer, dict[str, Any]]:
    row = m.Officer(
        id=new_id(),
        service_number=draft.service_number,
        last_name=draft.last_name,
        first_name=draft.first_name,
        unit=draft.unit.value,
        role=draft.role.value,
        qualifications=list(draft.qualifications),
        weekly_hours=draft.weekly_hours,
        active=draft.active,
    )
    session.add(row)
    session.flush()
    return officer_row(row), snapshot(row)


def update_officer(
    session: Session, officer_id: str, draft: dm.OfficerDraft, expected_version: int | None
) -> tuple[dm.Officer, dict[str, Any], dict[str, Any]]:
    row: m.Officer = _get(session, m.Officer, officer_id, "Die Dienstkraft")
    _check_version(row, expected_version, "Die Dienstkraft")
    before = snapshot(row)
    row.service_number = draft.service_number
    row.last_name = draft.last_name
    row.first_name = draft.first_name
    row.unit = draft.unit.value
    row.role = draft.role.value
    row.qualifications = list(draft.qualifications)
    row.weekly_hours = draft.weekly_hours
    row.active = draft.active
    session.flush()
    return officer_row(row), before, snapshot(row)


# ---------------------------------------------------------------- areas


def list_areas(session: Session, *, include_inactive: bool = True) -> list[dm.Area]:
    query = select(m.Area).where(m.Area.deleted_at.is_(None))
    if not include_inactive:
        query = query.where(m.Area.active.is_(True))
    areas = [area_row(row) for row in session.scalars(query)]
    return sorted(areas, key=lambda a: (a.priority, german_sort_key(a.name)))


def get_area(session: Session, area_id: str) -> dm.Area:
    return area_row(_get(session, m.Area, area_id, "Das Einsatzgebiet"))


def area_id_by_name(session: Session, name: str) -> str | None:
    query = select(m.Area.id).where(func.lower(m.Area.name) == name.strip().lower())
    return session.execute(query).scalar_one_or_none()


def area_by_short_code(session: Session, code: str) -> tuple[str, str] | None:
    """Id and name of the area with ``code`` (tombstoned ones too: the unique index holds
    them)."""
    row = session.execute(select(m.Area.id, m.Area.name).where(m.Area.short_code == code)).first()
    return None if row is None else (row[0], row[1])


def _apply_area(row: m.Area, draft: dm.AreaDraft) -> None:
    row.name = draft.name.strip()
    row.description = draft.description.strip()
    row.is_fear_space = draft.is_fear_space
    row.priority = draft.priority
    row.video_periods = [p.to_json() for p in sorted(draft.video_periods)]
    row.footage_retention_hours = draft.footage_retention_hours
    row.active = draft.active
    row.short_code = draft.short_code


def insert_area(session: Session, draft: dm.AreaDraft) -> tuple[dm.Area, dict[str, Any]]:
    row = m.Area(id=new_id())
    _apply_area(row, draft)
    session.add(row)
    session.flush()
    return area_row(row), snapshot(row)


def update_area(
    session: Session, area_id: str, draft: dm.AreaDraft, expected_version: int | None
) -> tuple[dm.Area, dict[str, Any], dict[str, Any]]:
    row: m.Area = _get(session, m.Area, area_id, "Das Einsatzgebiet")
    _check_version(row, expected_version, "Das Einsatzgebiet")
    before = snapshot(row)
    _apply_area(row, draft)
    session.flush()
    return area_row(row), before, snapshot(row)


# ---------------------------------------------------------------- catalogues


def list_catalog(session: Session, kind: CatalogKind | None = None) -> list[dm.CatalogEntry]:
    query = select(m.CatalogEntry).where(m.CatalogEntry.deleted_at.is_(None))
    if kind is not None:
        query = query.where(m.CatalogEntry.kind == kind.value)
    query = query.order_by(m.CatalogEntry.kind, m.CatalogEntry.sort_order, m.CatalogEntry.name)
    return [catalog_row(row) for row in session.scalars(query)]


def catalog_id_by_name(session: Session, kind: CatalogKind, name: str) -> str | None:
    query = select(m.CatalogEntry.id).where(
        m.CatalogEntry.kind == kind.value, func.lower(m.CatalogEntry.name) == name.strip().lower()
    )
    return session.execute(query).scalar_one_or_none()


def _apply_catalog(row: m.CatalogEntry, draft: dm.CatalogEntryDraft) -> None:
    row.kind = draft.kind.value
    row.name = draft.name.strip()
    row.description = draft.description.strip()
    row.sort_order = draft.sort_order
    row.active = draft.active


def insert_catalog_entry(
    session: Session, draft: dm.CatalogEntryDraft
) -> tuple[dm.CatalogEntry, dict[str, Any]]:
    row = m.CatalogEntry(id=new_id())
    _apply_catalog(row, draft)
    session.add(row)
    session.flush()
    return catalog_row(row), snapshot(row)


def update_catalog_entry(
    session: Session, entry_id: str, draft: dm.CatalogEntryDraft, expected_version: int | None
) -> tuple[dm.CatalogEntry, dict[str, Any], dict[str, Any]]:
    row: m.CatalogEntry = _get(session, m.CatalogEntry, entry_id, "Der Katalogeintrag")
    _check_version(row, expected_version, "Der Katalogeintrag")
    before = snapshot(row)
    _apply_catalog(row, draft)
    session.flush()
    return catalog_row(row), before, snapshot(row)


# ---------------------------------------------------------------- shift templates


def list_templates(session: Session) -> list[dm.ShiftTemplate]:
    query = (
        select(m.ShiftTemplate)
        .where(m.ShiftTemplate.deleted_at.is_(None))
        .order_by(m.ShiftTemplate.start_time, m.ShiftTemplate.name)
    )
    return [template_row(row) for row in session.scalars(query)]


def template_id_by_name(session: Session, name: str) -> str | None:
    query = select(m.ShiftTemplate.id).where(
        func.lower(m.ShiftTemplate.name) == name.strip().lower()
    )
    return session.execute(query).scalar_one_or_none()


def _apply_template(row: m.ShiftTemplate, draft: dm.ShiftTemplateDraft) -> None:
    row.name = draft.name.strip()
    row.code = draft.code.strip()
    row.start_time = draft.start
    row.end_time = draft.end
    row.break_minutes = draft.break_minutes
    row.kind = draft.kind.value if draft.kind else None
    row.min_staff = draft.min_staff
    row.active = draft.active


def insert_template(
    session: Session, draft: dm.ShiftTemplateDraft
) -> tuple[dm.ShiftTemplate, dict[str, Any]]:
    row = m.ShiftTemplate(id=new_id())
    _apply_template(row, draft)
    session.add(row)
    session.flush()
    return template_row(row), snapshot(row)


def update_template(
    session: Session, template_id: str, draft: dm.ShiftTemplateDraft, expected_version: int | None
) -> tuple[dm.ShiftTemplate, dict[str, Any], dict[str, Any]]:
    row: m.ShiftTemplate = _get(session, m.ShiftTemplate, template_id, "Die Dienstvorlage")
    _check_version(row, expected_version, "Die Dienstvorlage")
    before = snapshot(row)
    _apply_template(row, draft)
    session.flush()
    return template_row(row), before, snapshot(row)


# ---------------------------------------------------------------- station


def get_station(session: Session) -> dm.Station | None:
    row = session.execute(select(m.Station)).scalar_one_or_none()
    if row is None:
        return None
    return dm.Station(id=row.id, name=row.name, created_at=row.created_at)


def create_station(session: Session, station_id: str, name: str) -> dm.Station:
    row = m.Station(id=station_id, name=name, created_at=datetime.now(UTC), last_change_seq=0)
    session.add(row)
    session.flush()
    session.info["station_id"] = station_id
    return dm.Station(id=row.id, name=row.name, created_at=row.created_at)


def rename_station(session: Session, name: str) -> tuple[dm.Station, str]:
    """Rename the station; returns it and its name before."""
    row = session.execute(select(m.Station)).scalar_one()
    before = row.name
    row.name = name
    session.flush()
    return dm.Station(id=row.id, name=row.name, created_at=row.created_at), before
