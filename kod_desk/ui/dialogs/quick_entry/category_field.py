"""The quick entry's *Kategorie*: an editable combo whose typing completes on any part of a name.

"ruhe" finds "Ruhestörung"; Tab or Enter resolves the type-ahead where the officer sees it
(ui/dialogs/quick_entry/keyboard.py decides when).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QSizePolicy, QWidget

if TYPE_CHECKING:
    from kod_desk.domain.masterdata import CatalogEntry


class CategoryCombo(QComboBox):
    """The categories ("categoryCombo"); ``edit`` is its line edit ("categoryEdit")."""

    def __init__(self, categories: Sequence[CatalogEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._categories = list(categories)
        self.setObjectName("categoryCombo")
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        for category in self._categories:
            self.addItem(category.name, category.id)
        self.setCurrentIndex(-1)
        self.setEditText("")
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        edit = self.lineEdit()
        assert edit is not None
        self.edit = edit
        self.edit.setObjectName("categoryEdit")
        self.edit.setPlaceholderText(
            QCoreApplication.translate("QuickEntryDialog", "tippen, z. B. „ruhe“, dann Tab")
        )

    def clear_choice(self) -> None:
        """Nothing chosen, nothing typed."""
        self.setCurrentIndex(-1)
        self.setEditText("")

    def resolve(self) -> None:
        """Type-ahead: the typed text becomes the first category that contains it."""
        text = self.currentText().strip()
        if not text or self.category_id(text, exact=True):
            return
        match = self.category_id(text, exact=False)
        if match is not None:
            self.setCurrentIndex(self.findData(match))

    def category_id(self, text: str, *, exact: bool) -> str | None:
        """The category named ``text`` (any case); else, unless ``exact``, the first that
        contains it."""
        wanted = text.strip().casefold()
        if not wanted:
            return None
        for category in self._categories:
            if category.name.casefold() == wanted:
                return category.id
        if exact:
            return None
        for category in self._categories:
            if wanted in category.name.casefold():
                return category.id
        return None
