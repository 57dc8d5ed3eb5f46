"""An incident's notes as a list: author and time above each text, corrections indented below
the note they correct, a corrected note crossed out but never hidden.

The texts keep the translation context of the detail dialog they were written for
("IncidentDetailDialog").
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QWidget

from kod_desk.domain.timeutil import format_local

if TYPE_CHECKING:
    from kod_desk.domain.incidents import Note

NOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def notes_in_order(notes: Sequence[Note]) -> list[tuple[Note, int]]:
    """(note, depth): each note followed by the notes that correct it, indented."""
    by_id = {note.id: note for note in notes}
    children: dict[str, list[Note]] = {}
    roots: list[Note] = []
    for note in sorted(notes, key=lambda n: n.written_at):
        if note.corrects_id and note.corrects_id in by_id:
            children.setdefault(note.corrects_id, []).append(note)
        else:
            roots.append(note)
    ordered: list[tuple[Note, int]] = []

    def walk(note: Note, depth: int) -> None:
        ordered.append((note, depth))
        for child in children.get(note.id, []):
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    return ordered


def note_html(note: Note, depth: int = 0) -> str:
    """Author, time and text; a corrected note is crossed out, never hidden."""
    stamp = QCoreApplication.translate("IncidentDetailDialog", "{author}, {time}").format(
        author=note.author_name or QCoreApplication.translate("IncidentDetailDialog", "unbekannt"),
        time=format_local(note.written_at),
    )
    if note.corrects_id:
        stamp = QCoreApplication.translate("IncidentDetailDialog", "Korrektur – {stamp}").format(
            stamp=stamp
        )
    text = html.escape(note.text).replace("\n", "<br>")
    if note.is_corrected:
        text = f"<s>{text}</s>"
        stamp += QCoreApplication.translate("IncidentDetailDialog", " (korrigiert)")
    margin = 18 * depth
    return (
        f"<div style='margin-left:{margin}px'><span style='color:#5f6368'>"
        f"{html.escape(stamp)}</span><br>{text}</div>"
    )


class NotesList(QListWidget):
    """The notes of one incident ("notesList"), one rich-text label per note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notesList")
        self.setWordWrap(True)
        self.setMinimumHeight(84)
        self._notes: list[Note] = []

    def show_notes(self, notes: Sequence[Note]) -> None:
        self._notes = list(notes)
        self.clear()
        width = max(360, self.viewport().width() - 12)
        for note, depth in notes_in_order(notes):
            label = QLabel(note_html(note, depth))
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setContentsMargins(4, 3, 4, 3)
            item = QListWidgetItem()
            item.setData(NOTE_ID_ROLE, note.id)
            height = label.heightForWidth(width)
            item.setSizeHint(QSize(width, height) if height > 0 else label.sizeHint())
            self.addItem(item)
            self.setItemWidget(item, label)
        if not notes:
            empty = QListWidgetItem(
                QCoreApplication.translate("IncidentDetailDialog", "Noch keine Vermerke.")
            )
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(empty)

    def note_texts(self) -> list[str]:
        """The rich text of each shown note, in display order."""
        texts = []
        for number in range(self.count()):
            widget = self.itemWidget(self.item(number))
            if isinstance(widget, QLabel):
                texts.append(widget.text())
        return texts

    def selected_note(self) -> Note | None:
        items = self.selectedItems()
        if not items:
            return None
        note_id = items[0].data(NOTE_ID_ROLE)
        return next((n for n in self._notes if n.id == note_id), None)

    def select_note(self, note_id: str) -> bool:
        for number in range(self.count()):
            item = self.item(number)
            if item.data(NOTE_ID_ROLE) == note_id:
                self.setCurrentItem(item)
                return True
        return False
