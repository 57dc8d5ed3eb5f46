"""Under *Gebiet*: until when the area's video footage of the incident must be secured."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

from kod_desk.domain.timeutil import to_local

if TYPE_CHECKING:
    from kod_desk.domain.masterdata import Area


def footage_deadline(area: Area | None, occurred_at: datetime | None) -> datetime | None:
    """When the area's video footage of ``occurred_at`` is overwritten, if it is filmed."""
    if area is None or occurred_at is None:
        return None
    if not area.video_active_on(to_local(occurred_at).date()):
        return None
    return occurred_at + timedelta(hours=area.footage_retention_hours)


class FootageHint(QLabel):
    """ "Videoaufnahmen sichern bis …" ("footageLabel"), hidden when nothing is filmed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("footageLabel")
        self.setStyleSheet("color: #8a5a00; font-weight: 600;")
        self.hide()

    def show_deadline(self, deadline: datetime | None) -> None:
        if deadline is None:
            self.hide()
            return
        # The text keeps the dialog's translation context ("QuickEntryDialog").
        self.setText(
            QCoreApplication.translate(
                "QuickEntryDialog", "Videoaufnahmen sichern bis {deadline}"
            ).format(deadline=f"{to_local(deadline):%d.%m.%Y %H:%M}")
        )
        self.show()
