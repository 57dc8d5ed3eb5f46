"""Ids: UUID text made where a row is born (DESIGN.md §4)."""

from __future__ import annotations

import uuid


def new_id() -> str:
    return str(uuid.uuid4())
