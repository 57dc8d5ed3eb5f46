"""The session type services write and read through (services name it without SQLAlchemy)."""

from __future__ import annotations

from sqlalchemy.orm import Session as DbSession

__all__ = ["DbSession"]
