"""The result lines of the Synchronisation page's boxes: green done, amber to notice, red
refused; and the grey of their hints."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

GOOD = "QLabel { background: #e6f4ea; color: #1e6b34; padding: 8px; border-radius: 3px; }"
BAD = "QLabel { background: #fbe9e7; color: #a4262c; padding: 8px; border-radius: 3px; }"
NOTE = "QLabel { background: #fff3cd; color: #664d03; padding: 8px; border-radius: 3px; }"
MUTED = "color: #5b6573;"


def say(label: QLabel, text: str, good: bool, *, note: bool = False) -> None:
    """Show ``text`` in ``label``: amber with ``note``, else green when ``good``, else red."""
    label.setText(text)
    label.setStyleSheet(NOTE if note else GOOD if good else BAD)
    label.show()
