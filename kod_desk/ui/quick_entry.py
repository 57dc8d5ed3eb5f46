"""Ctrl+N from anywhere: open the quick entry of an incident over the main window."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from kod_desk.domain.incidents import IncidentDraft
from kod_desk.ui.dialogs.quick_entry_dialog import QuickEntryDialog

if TYPE_CHECKING:
    from kod_desk.services.registry import Services


def open_quick_entry(
    window: QWidget,
    services: Services,
    publish: Callable[[Any], None],
    draft_path: Path | None = None,
) -> QuickEntryDialog:
    """Open (window-modal, ``open()``) the quick entry; a second Ctrl+N raises the open one.

    Saving creates the incident through the service and hands the ``Result`` to ``publish``
    (e.g. ``Page.publish`` or ``lambda r: bus.changed.emit(r.changes)``); the dialog closes.
    ``draft_path`` defaults to ``user_data_dir()/drafts/vorkommnis.json``.
    """
    for existing in window.findChildren(QuickEntryDialog):
        if existing.isVisible():
            existing.raise_()
            existing.activateWindow()
            return existing

    def save(draft: IncidentDraft) -> None:
        publish(services.incidents.create(draft))

    dialog = QuickEntryDialog(services, save, draft_path=draft_path, parent=window)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
