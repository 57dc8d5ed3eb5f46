"""Staff an open duty from the keyboard: type part of a name, ↑/↓ to pick, Enter assigns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain.masterdata import Officer
from kod_desk.domain.roster import RosterShift
from kod_desk.domain.timeutil import to_local
from kod_desk.ui.models.week_model import WEEKDAY_SHORT, duty_long_text


@dataclass(frozen=True, slots=True)
class Candidate:
    """An officer who could take the duty, and what they have that day already."""

    officer: Officer
    busy: str  # "" when free that day, else their duty or absence ("06–14 Str BHF", "Urlaub")


class AssignDialog(QDialog):
    """Who takes the open duty? Free officers first; the filter keeps the focus throughout."""

    def __init__(
        self,
        shift: RosterShift,
        candidates: Sequence[Candidate],
        assign: Callable[[str], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("assignDialog")
        self.setWindowTitle(self.tr("Dienst besetzen"))
        self.shift = shift
        self._assign = assign
        start = to_local(shift.starts_at)
        missing = shift.min_staff - len(shift.crew)
        heading = QLabel(
            self.tr("{weekday} {date} {duty}<br>noch {missing} von {need} offen").format(
                weekday=WEEKDAY_SHORT[start.weekday()],
                date=f"{start:%d.%m.}",
                duty=duty_long_text(shift),
                missing=missing,
                need=shift.min_staff,
            )
        )
        heading.setWordWrap(True)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("assignFilter")
        self.filter_edit.setPlaceholderText(self.tr("Name tippen, ↑/↓ wählen, Eingabe teilt ein"))
        self.list = QListWidget()
        self.list.setObjectName("assignList")
        for candidate in candidates:
            officer = candidate.officer
            text = officer.display_name + (
                f" – {candidate.busy}" if candidate.busy else self.tr(" – frei")
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, officer.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, officer.display_name.casefold())
            if candidate.busy:
                item.setForeground(Qt.GlobalColor.darkGray)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.buttons = QDialogButtonBox()
        self.assign_button = self.buttons.addButton(
            self.tr("&Einteilen"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.assign_button.setDefault(True)
        self.buttons.addButton(self.tr("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.take)
        self.buttons.rejected.connect(self.reject)
        self.list.itemActivated.connect(lambda _item: self.take())
        self.filter_edit.textChanged.connect(self._filter)
        self.filter_edit.installEventFilter(self)
        label = QLabel(self.tr("&Dienstkraft:"))
        label.setBuddy(self.filter_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(label)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(420, 460)
        self.filter_edit.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Override of QObject.eventFilter: ↑/↓ in the filter move through the list."""
        if (
            watched is self.filter_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            self._step(-1 if event.key() == Qt.Key.Key_Up else 1)
            return True
        return super().eventFilter(watched, event)

    def _step(self, by: int) -> None:
        rows = [r for r in range(self.list.count()) if not self.list.item(r).isHidden()]
        if not rows:
            return
        current = self.list.currentRow()
        position = rows.index(current) if current in rows else -1
        self.list.setCurrentRow(rows[max(0, min(len(rows) - 1, position + by))])

    def _filter(self, text: str) -> None:
        wanted = text.strip().casefold()
        first = -1
        for row in range(self.list.count()):
            item = self.list.item(row)
            hidden = bool(wanted) and wanted not in item.data(Qt.ItemDataRole.UserRole + 1)
            item.setHidden(hidden)
            if not hidden and first < 0:
                first = row
        self.list.setCurrentRow(first)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        return str(item.data(Qt.ItemDataRole.UserRole))

    def take(self) -> None:
        """Assign the chosen officer; the dialog closes only when that worked."""
        officer_id = self.chosen()
        if officer_id is not None and self._assign(officer_id):
            self.accept()

    def names(self) -> list[str]:
        """The visible choices as shown."""
        return [
            self.list.item(r).text()
            for r in range(self.list.count())
            if not self.list.item(r).isHidden()
        ]
