"""The quick entry's keys: Enter moves on, Strg+Enter saves, Strg+Umschalt+Enter saves and
starts the next entry; Tab leaves a field even with its suggestions open.

Leaving the category (Tab, also from the completer's popup, or a click) resolves the
type-ahead where the officer sees it; a focus event alone misses the popup's Tab.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

from kod_desk.ui.dialogs.quick_entry.category_field import CategoryCombo

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class QuickEntryKeys(QObject):
    """The event filter on the ``fields`` (in tab order) of ``window``, and its shortcuts."""

    def __init__(
        self,
        window: QWidget,
        fields: Sequence[QWidget],
        category: CategoryCombo,
        place_edit: QLineEdit,
        description_edit: QPlainTextEdit,
        save: Callable[[], object],
        save_and_new: Callable[[], object],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._fields = tuple(fields)
        self._category = category
        self._lines = (category.edit, place_edit)
        self._description = description_edit
        self._save = save
        self._save_and_new = save_and_new
        for field in (*self._fields, category.edit):
            field.installEventFilter(self)
        # With a completer's popup open, Enter reaches the line edit past the event filter.
        for line in self._lines:
            line.returnPressed.connect(
                lambda line=line: QTimer.singleShot(0, lambda: self._enter_pressed(line))
            )
        for sequence, slot in (
            ("Ctrl+Return", save),
            ("Ctrl+Enter", save),
            ("Ctrl+Shift+Return", save_and_new),
            ("Ctrl+Shift+Enter", save_and_new),
        ):
            shortcut = QShortcut(QKeySequence(sequence), window)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Override of QObject.eventFilter: Enter moves on (Ctrl+Enter saves)."""
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                self._hide_popup_of(watched)  # Tab leaves the field even with suggestions open
                self._reclaim_activation()
            if event.key() not in _ENTER_KEYS:
                return super().eventFilter(watched, event)
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self._save_and_new()
                else:
                    self._save()
                return True
            if watched is not self._description:
                self._enter_pressed(watched)
                return True
        return super().eventFilter(watched, event)

    def complete_category(self) -> None:
        """Close the category's suggestions and resolve what was typed (see CategoryCombo)."""
        completer = self._category.completer()
        popup = completer.popup() if completer is not None else None
        if popup is not None and popup.isVisible():
            self._close_popup(popup)
        self._category.resolve()

    def _close_popup(self, popup: QWidget) -> None:
        popup.hide()
        self._reclaim_activation()

    def _reclaim_activation(self) -> None:
        """Some platforms leave a hidden completer popup the active window, and Tab would then
        go nowhere: the form becomes the active window again."""
        active = QApplication.activeWindow()
        popups = []
        for line in self._lines:
            completer = line.completer()
            if completer is not None and completer.popup() is not None:
                popups.append(completer.popup())
        if active in popups and active is not None and not active.isVisible():
            self._window.activateWindow()

    def _hide_popup_of(self, watched: QObject) -> None:
        line = self._category.edit if watched is self._category else watched
        completer = line.completer() if isinstance(line, QLineEdit) else None
        popup = completer.popup() if completer is not None else None
        if popup is not None and popup.isVisible():
            self._close_popup(popup)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        category = (self._category, self._category.edit)
        completer = self._category.completer()
        popup = completer.popup() if completer is not None else None
        if old in category and new is not None and new not in (*category, popup):
            self.complete_category()
            self._reclaim_activation()

    def _enter_pressed(self, watched: QObject) -> None:
        """Enter in a single-line field: complete the category, then go to the next field."""
        if watched in (self._category, self._category.edit):
            self.complete_category()
        widget = watched if isinstance(watched, QWidget) else None
        if widget is self._category.edit:
            widget = self._category
        if widget in self._fields:
            index = self._fields.index(widget)
            if index + 1 < len(self._fields):
                self._fields[index + 1].setFocus(Qt.FocusReason.TabFocusReason)
