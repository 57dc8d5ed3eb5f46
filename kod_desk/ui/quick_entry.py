"""Ctrl+N from anywhere: open the quick entry of an incident over the main window.

After a save the window says so with the real reference ("VK-2026-000301 gespeichert") and a
button that opens the incident (in the status bar once the dialog has closed, in the dialog
itself after *Speichern und neu*).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QPushButton, QWidget

from kod_desk.domain.enums import CatalogKind
from kod_desk.domain.incidents import IncidentDraft, IncidentSaved
from kod_desk.ui.dialogs.incident_detail_dialog import IncidentDetailDialog
from kod_desk.ui.dialogs.quick_entry_dialog import QuickEntryDialog

if TYPE_CHECKING:
    from kod_desk.services.registry import Services


def _tr(text: str) -> str:
    return QCoreApplication.translate("QuickEntry", text)


class SavedNotice(QWidget):
    """ "VK-2026-000301 gespeichert [Öffnen]" in the main window's status bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("savedNotice")
        self.incident_id = ""
        self.label = QLabel()
        self.label.setObjectName("savedNoticeLabel")
        self.label.setStyleSheet("color: #1e6b34; font-weight: 600;")
        self.open_button = QPushButton(_tr("Öffnen"))
        self.open_button.setObjectName("savedNoticeOpenButton")
        self.open_button.setToolTip(_tr("Das gespeicherte Vorkommnis öffnen"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.open_button)
        self.hide()

    def show_saved(self, saved: IncidentSaved) -> None:
        self.incident_id = saved.id
        self.label.setText(_tr("{reference} gespeichert").format(reference=saved.reference))
        self.show()


def saved_notice(window: QWidget, open_incident: Callable[[str], Any]) -> SavedNotice | None:
    """The window's notice (made once, in its status bar); None for a window without one."""
    if not isinstance(window, QMainWindow):
        return None
    notice = window.findChild(SavedNotice)
    if notice is None:
        notice = SavedNotice(window)
        notice.open_button.clicked.connect(lambda: open_incident(notice.incident_id))
        window.statusBar().addWidget(notice)
    return notice


def open_incident(
    window: QWidget, services: Services, publish: Callable[[Any], None], incident_id: str
) -> IncidentDetailDialog:
    """Open a saved incident's detail dialog over ``window`` (window-modal)."""
    departments = services.masterdata.catalog(CatalogKind.DEPARTMENT)
    dialog = IncidentDetailDialog(
        services.incidents,
        services.incidents.get(incident_id),
        publish,
        [d for d in departments if d.active],
        window,
    )
    dialog.finished.connect(lambda _result: _back_to(window))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def _back_to(window: QWidget) -> None:
    """After the quick entry the keys go to the window again (with its last focus)."""
    window.activateWindow()
    focus = window.focusWidget()
    if focus is not None:
        focus.setFocus(Qt.FocusReason.ActiveWindowFocusReason)


def open_quick_entry(
    window: QWidget,
    services: Services,
    publish: Callable[[Any], None],
    draft_path: Path | None = None,
) -> QuickEntryDialog:
    """Open (window-modal, ``open()``) the quick entry; a second Ctrl+N raises the open one.

    Saving creates the incident through the service and hands the ``Result`` to ``publish``
    (e.g. ``Page.publish`` or ``lambda r: bus.changed.emit(r.changes)``). Ctrl+Enter closes the
    dialog and the window's status bar shows the reference; *Speichern und neu* keeps it open.
    ``draft_path`` defaults to ``user_data_dir()/drafts/vorkommnis.json``.
    """
    for existing in window.findChildren(QuickEntryDialog):
        if existing.isVisible():
            existing.raise_()
            existing.activateWindow()
            return existing

    notice = saved_notice(
        window, lambda incident_id: open_incident(window, services, publish, incident_id)
    )

    def save(draft: IncidentDraft) -> IncidentSaved:
        result = services.incidents.create(draft)
        publish(result)
        if notice is not None:
            notice.show_saved(result.value)
        return result.value

    dialog = QuickEntryDialog(services, save, draft_path=draft_path, parent=window)
    # Opened from the (window-modal) quick entry, the incident lies over it.
    dialog.set_open_incident(
        lambda incident_id: open_incident(dialog, services, publish, incident_id)
    )
    dialog.finished.connect(lambda _result: _back_to(window))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
