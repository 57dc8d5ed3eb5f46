"""Typed, versioned settings (QSettings), declared once (Picard's options.py).

Preferences (what the user chose) are kept apart from window state (geometry, last page,
column widths): resetting the layout never loses a preference.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")

SETTINGS_VERSION = 1
ORGANIZATION = "Stadt"
APPLICATION = "KOD Desk"


class Option(Generic[T]):
    """One setting with its key, type and default."""

    def __init__(self, key: str, default: T, kind: type[T]) -> None:
        self.key = key
        self.default = default
        self.kind = kind

    def read(self, store: QSettings) -> T:
        value: Any = store.value(self.key, self.default)
        if value is None:
            return self.default
        if self.kind is bool and isinstance(value, str):
            return value.lower() in {"1", "true", "yes"}  # type: ignore[return-value]
        try:
            return self.kind(value)  # type: ignore[call-arg]
        except (TypeError, ValueError):
            return self.default

    def write(self, store: QSettings, value: T) -> None:
        store.setValue(self.key, value)


class Preferences:
    LANGUAGE = Option("preferences/language", "de", str)


class WindowState:
    GEOMETRY = Option("window/geometry", QByteArray(), QByteArray)
    STATE = Option("window/state", QByteArray(), QByteArray)
    LAST_PAGE = Option("window/last_page", "overview", str)


class RosterView:
    """How the Dienstplan is laid out (issue 14): side panel shown/hidden ("" until the user
    chooses: hidden on narrow windows), one-line (compact) cells."""

    SIDE_PANEL = Option("roster/side_panel", "", str)
    COMPACT = Option("roster/compact", True, bool)


class Settings:
    """The application's settings store; tests pass a file of their own."""

    def __init__(self, path: str | None = None) -> None:
        if path is None:
            self.store = QSettings(
                QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
            )
        else:
            self.store = QSettings(path, QSettings.Format.IniFormat)
        self._upgrade()

    def _upgrade(self) -> None:
        try:
            version = int(str(self.store.value("meta/version", 0) or 0))
        except ValueError:
            version = 0
        if version > SETTINGS_VERSION:
            # Written by a newer KOD Desk: leave its file alone and run on defaults.
            scratch = Path(tempfile.mkdtemp(prefix="kod-desk-")) / "settings.ini"
            self.store = QSettings(str(scratch), QSettings.Format.IniFormat)
            return
        self.store.setValue("meta/version", SETTINGS_VERSION)

    def get(self, option: Option[T]) -> T:
        return option.read(self.store)

    def set(self, option: Option[T], value: T) -> None:
        option.write(self.store, value)

    def column_widths(self, table_key: str) -> list[int]:
        value: Any = self.store.value(f"columns/{table_key}", [])
        if isinstance(value, str):
            value = [value]
        try:
            return [int(v) for v in value or []]
        except (TypeError, ValueError):
            return []

    def set_column_widths(self, table_key: str, widths: list[int]) -> None:
        self.store.setValue(f"columns/{table_key}", [str(w) for w in widths])

    def sync(self) -> None:
        self.store.sync()
