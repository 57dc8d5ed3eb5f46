"""The Fahrräder page's row of buttons above the fleet table.

Built here, wired by the page (it decides what each button does and when it may). The texts
keep the translation context of the page ("FleetPage"), so the English translation applies.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QWidget

translate = QCoreApplication.translate


def _button(name: str, text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    return button


class FleetToolbar(QWidget):
    """New, edit, hand out, take back, maintenance, retire; "Ausgemusterte anzeigen"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.new_button = _button(
            "newBikeButton",
            translate("FleetPage", "Neues Fahrrad…"),
            translate("FleetPage", "Fahrrad anlegen"),
        )
        self.edit_button = _button(
            "editBikeButton",
            translate("FleetPage", "Bearbeiten…"),
            translate("FleetPage", "Ausgewähltes Fahrrad bearbeiten (Eingabetaste)"),
        )
        self.check_out_button = _button(
            "checkOutButton",
            translate("FleetPage", "Ausgeben…"),
            translate("FleetPage", "Fahrrad an eine Dienstkraft ausgeben"),
        )
        self.check_in_button = _button(
            "checkInButton",
            translate("FleetPage", "Zurücknehmen…"),
            translate("FleetPage", "Ausgegebenes Fahrrad zurücknehmen, Defekte melden"),
        )
        self.open_service_button = _button(
            "openServiceButton",
            translate("FleetPage", "Wartung eintragen…"),
            translate(
                "FleetPage",
                "Fällige Inspektion oder einen Defekt außerhalb der Rücknahme eintragen",
            ),
        )
        self.service_button = _button(
            "completeServiceButton",
            translate("FleetPage", "Wartung erledigt…"),
            translate("FleetPage", "Offene Reparatur oder Inspektion abschließen"),
        )
        self.retire_button = _button(
            "retireButton",
            translate("FleetPage", "Ausmustern"),
            translate("FleetPage", "Fahrrad dauerhaft außer Dienst stellen (Fahrtenbuch bleibt)"),
        )
        self.show_retired_check = QCheckBox(translate("FleetPage", "Ausgemusterte anzeigen"))
        self.show_retired_check.setObjectName("showRetiredCheck")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in self.buttons():
            layout.addWidget(button)
        layout.addStretch(1)
        layout.addWidget(self.show_retired_check)

    def buttons(self) -> list[QPushButton]:
        return [
            self.new_button,
            self.edit_button,
            self.check_out_button,
            self.check_in_button,
            self.open_service_button,
            self.service_button,
            self.retire_button,
        ]
