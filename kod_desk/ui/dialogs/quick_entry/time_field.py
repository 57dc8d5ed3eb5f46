"""The quick entry's *Zeit*: one line ("18:46", "gestern 22:10", empty = now) and its echo.

The echo below the line says what the text means ("= gestern, 22:10") or why it cannot be
read, in red; domain/quick_entry.py parses and describes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from kod_desk.domain.errors import ValidationError
from kod_desk.domain.quick_entry import describe_moment, format_moment, parse_occurred_at

_TIME_PLACEHOLDER = "leer = jetzt, z. B. 18:46 oder gestern 22:10"


class TimeField(QWidget):
    """The time line (``edit``, "timeEdit") with its echo below (``echo``, "timeEcho")."""

    def __init__(self, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._now = now
        self.edit = QLineEdit()
        self.edit.setObjectName("timeEdit")
        self.edit.setMaxLength(40)
        # The texts keep the dialog's translation context ("QuickEntryDialog").
        self.edit.setPlaceholderText(
            QCoreApplication.translate("QuickEntryDialog", _TIME_PLACEHOLDER)
        )
        self.edit.setToolTip(
            QCoreApplication.translate(
                "QuickEntryDialog",
                "Leer lassen für jetzt, oder z. B. „18:46“, „gestern 22:10“, „7.12. 18:46“",
            )
        )
        self.echo = QLabel()
        self.echo.setObjectName("timeEcho")
        self.echo.setWordWrap(True)
        layout = QVBoxLayout(self)  # the echo below: a message has the whole width
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.echo)

    def occurred_at(self) -> datetime:
        """The typed time (empty = now); raises ValidationError ("Zeit: …")."""
        return parse_occurred_at(self.edit.text(), self._now())

    def occurred_at_or_none(self) -> datetime | None:
        try:
            return self.occurred_at()
        except ValidationError:
            return None

    def stored_text(self) -> str:
        """The time for the draft file: absolute ("07.12.2026 18:46"), so "now" or "gestern
        22:10" do not move when the draft is restored later; unreadable text as typed."""
        moment = self.occurred_at_or_none()
        return format_moment(moment) if moment is not None else self.edit.text()

    def update_echo(self) -> None:
        try:
            moment = self.occurred_at()
        except ValidationError as refused:
            self.echo.setText(refused.messages[0])
            self.echo.setStyleSheet("color: #b00020;")
            return
        self.echo.setStyleSheet("color: #5f6368;")
        if self.edit.text().strip():
            self.echo.setText("= " + describe_moment(moment, self._now()))
        else:
            self.echo.setText(
                QCoreApplication.translate("QuickEntryDialog", "= jetzt ({moment})").format(
                    moment=describe_moment(moment, self._now())
                )
            )
