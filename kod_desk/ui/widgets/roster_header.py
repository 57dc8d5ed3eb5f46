"""The Dienstplan's top line: heading, the week's publication state, the date to jump to, the
week arrows and undo/redo (built here, wired by the page)."""

from __future__ import annotations

from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QWidget


class RosterHeader(QWidget):
    """Heading and state on the left, date, ◀ Heute ▶ and ↶ ↷ on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(4)  # as the page's own rows
        self.heading = QLabel(self.tr("Dienstplan"))
        self.heading.setObjectName("pageHeading")
        self.state_label = QLabel()
        self.state_label.setObjectName("weekState")
        self.state_label.setWordWrap(True)  # gives way to the heading on a narrow window
        self.state_label.setMinimumWidth(120)
        self.goto_edit = QDateEdit()
        self.goto_edit.setObjectName("gotoDate")
        self.goto_edit.setDisplayFormat("dd.MM.yyyy")
        self.goto_edit.setCalendarPopup(True)
        self.goto_edit.setToolTip(self.tr("Zur Woche dieses Tages springen"))
        self.previous_button = QPushButton("◀")
        self.previous_button.setFixedWidth(40)
        self.previous_button.setToolTip(self.tr("Vorige Woche (Bild ↑; vier Wochen: Strg+Bild ↑)"))
        self.today_button = QPushButton(self.tr("Heute"))
        self.next_button = QPushButton("▶")
        self.next_button.setFixedWidth(40)
        self.next_button.setToolTip(self.tr("Nächste Woche (Bild ↓; vier Wochen: Strg+Bild ↓)"))
        self.undo_button = QPushButton("↶")
        self.undo_button.setFixedWidth(40)
        self.redo_button = QPushButton("↷")
        self.redo_button.setFixedWidth(40)
        self.redo_button.setToolTip(self.tr("Wiederholen (Strg+Y)"))
        bar.addWidget(self.heading)
        bar.addSpacing(12)
        bar.addWidget(self.state_label, 1)
        for widget in (
            self.goto_edit,
            self.previous_button,
            self.today_button,
            self.next_button,
            self.undo_button,
            self.redo_button,
        ):
            bar.addWidget(widget)
