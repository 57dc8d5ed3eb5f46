"""The quick entry's *Ort*: a line that suggests the places typed before."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from kod_desk.domain.incidents import MAX_PLACE

log = logging.getLogger(__name__)


class PlaceEdit(QLineEdit):
    """ "placeEdit": typing asks ``places(text)`` for the known places that fit."""

    def __init__(self, places: Callable[[str], list[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._places = places
        self.setObjectName("placeEdit")
        self.setMaxLength(MAX_PLACE)
        self.place_model = QStringListModel(self)
        completer = QCompleter(self.place_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.textEdited.connect(self.suggest)

    def suggest(self, text: str) -> None:
        """Offer the known places that fit ``text`` (all of them for "")."""
        try:
            places = self._places(text.strip())
        except Exception:  # suggestions are a convenience: never block the entry form
            log.exception("Ortsvorschläge nicht lesbar")
            return
        self.place_model.setStringList(places)
