"""A keyboard for walkthrough tests: keys go where the focus is, and the keys are counted.

A walkthrough drives the real window the way an officer at a laptop would: typed text goes to
the focused widget (``type``), and every other key press (Tab, Enter, Strg+N, arrow keys …) goes
there too and is counted (``press``). The count is the test's measure of how much work a task
takes beyond the text itself; tests print it and compare it with the issue's goal.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

KEY_NAMES = {
    Qt.Key.Key_Return: "Enter",
    Qt.Key.Key_Enter: "Enter",
    Qt.Key.Key_Tab: "Tab",
    Qt.Key.Key_Backtab: "Umschalt+Tab",
    Qt.Key.Key_Escape: "Esc",
    Qt.Key.Key_Space: "Leertaste",
    Qt.Key.Key_Down: "↓",
    Qt.Key.Key_Up: "↑",
    Qt.Key.Key_Left: "←",
    Qt.Key.Key_Right: "→",
    Qt.Key.Key_PageDown: "Bild↓",
    Qt.Key.Key_PageUp: "Bild↑",
    Qt.Key.Key_Delete: "Entf",
}


class Keyboard:
    """Sends keys to QApplication's focus widget; counts the keys beyond typed text."""

    def __init__(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self._qtbot = qtbot
        self.presses: list[str] = []

    @property
    def focus(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "no widget has the keyboard focus"
        return widget

    def type(self, text: str) -> None:
        """Type text into the focused widget (not counted: it is the officer's information)."""
        self._qtbot.keyClicks(self.focus, text)
        QApplication.processEvents()

    def press(
        self,
        key: Qt.Key,
        modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
        times: int = 1,
    ) -> None:
        """Press a key (with modifiers) on the focused widget, counted once per press."""
        for _ in range(times):
            self._qtbot.keyClick(self.focus, key, modifier)
            QApplication.processEvents()
            self.presses.append(self.name(key, modifier))

    @property
    def count(self) -> int:
        return len(self.presses)

    @staticmethod
    def name(key: Qt.Key, modifier: Qt.KeyboardModifier) -> str:
        parts = []
        if modifier & Qt.KeyboardModifier.ControlModifier:
            parts.append("Strg")
        if modifier & Qt.KeyboardModifier.AltModifier:
            parts.append("Alt")
        if modifier & Qt.KeyboardModifier.ShiftModifier:
            parts.append("Umschalt")
        text = KEY_NAMES.get(key)
        if text is None:
            text = chr(int(key)) if 0x20 <= int(key) < 0x7F else str(int(key))
        parts.append(text)
        return "+".join(parts)

    def report(self, task: str) -> str:
        line = f"{task}: {self.count} Tasten außer Text ({', '.join(self.presses)})"
        print(line)  # noqa: T201 - the walkthrough prints its key count (issue 14)
        return line
