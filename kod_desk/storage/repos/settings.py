"""Database-wide settings (app_setting): shared by every workstation on the database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kod_desk.storage.models import AppSetting


def get(session: Session, key: str) -> dict[str, Any] | None:
    row = session.execute(
        select(AppSetting).where(AppSetting.key == key, AppSetting.deleted_at.is_(None))
    ).scalar_one_or_none()
    return None if row is None else dict(row.value)


def put(session: Session, key: str, value: dict[str, Any]) -> None:
    row = session.execute(select(AppSetting).where(AppSetting.key == key)).scalar_one_or_none()
    if row is None:
        session.add(AppSetting(key=key, value=value))
    else:
        row.value = value
        row.deleted_at = None
    session.flush()
