"""Checks and backups (DESIGN.md §11); the fuller backup rotation arrives with issue 6."""

from __future__ import annotations

from pathlib import Path

from kod_desk.services.registry import Services
from kod_desk.storage.repos import maintenance


def check_database(services: Services) -> list[str]:
    """Schema, integrity, foreign keys and the audit chain; German problems, empty if fine."""
    return maintenance.integrity_problems(services.db)


def backup_now(services: Services, target_dir: Path | None = None) -> Path:
    return maintenance.backup(services.db, target_dir)
