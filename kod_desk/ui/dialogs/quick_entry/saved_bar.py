"""After *Speichern und neu*: "VK-2026-000301 gespeichert" and a button that opens it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


class SavedBar(QWidget):
    """The reference of the last save ("savedLabel") and *Öffnen* ("openSavedButton")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("savedBar")
        self.label = QLabel()
        self.label.setObjectName("savedLabel")
        self.label.setStyleSheet("color: #1e6b34; font-weight: 600;")
        # The texts keep the dialog's translation context ("QuickEntryDialog").
        self.open_button = QPushButton(QCoreApplication.translate("QuickEntryDialog", "Ö&ffnen"))
        self.open_button.setObjectName("openSavedButton")
        self.open_button.setAutoDefault(False)
        self.open_button.setToolTip(
            QCoreApplication.translate("QuickEntryDialog", "Das gespeicherte Vorkommnis öffnen")
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.open_button)
        row.addStretch(1)
        self.hide()

    def show_saved(self, reference: str, *, can_open: bool) -> None:
        self.label.setText(
            QCoreApplication.translate("QuickEntryDialog", "{reference} gespeichert").format(
                reference=reference
            )
        )
        self.open_button.setVisible(can_open)
        self.show()
