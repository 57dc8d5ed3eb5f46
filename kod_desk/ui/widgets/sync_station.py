""" "Diese Station" on the Synchronisation page: its name, its fingerprint to compare by phone
and the button that saves its key file (the page writes the file)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kod_desk.domain import sync as ds
from kod_desk.ui.widgets.sync_notice import MUTED


class StationBox(QGroupBox):
    """This station's name and fingerprint, big enough to read out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Diese Station"))
        self.station_label = QLabel()
        self.station_label.setObjectName("stationName")
        bigger = QFont(self.font())
        bigger.setPointSizeF(bigger.pointSizeF() * 1.25)
        bigger.setBold(True)
        self.station_label.setFont(bigger)
        self.fingerprint_label = QLabel()
        self.fingerprint_label.setObjectName("stationFingerprint")
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setPointSizeF(self.font().pointSizeF() * 1.6)
        mono.setBold(True)
        self.fingerprint_label.setFont(mono)
        self.fingerprint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint = QLabel(
            self.tr(
                "Fingerabdruck dieser Station. Wer Ihre Schlüsseldatei einträgt, vergleicht "
                "ihn mit Ihnen am Telefon."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(MUTED)
        self.key_button = QPushButton(self.tr("Schlüsseldatei &speichern…"))
        self.key_button.setObjectName("saveKey")
        self.key_button.setToolTip(
            self.tr("Für die Verwaltung der anderen Station: damit vertraut sie dieser Station.")
        )
        self.key_label = QLabel()
        self.key_label.setObjectName("keyMessage")
        self.key_label.setWordWrap(True)
        self.key_label.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.station_label)
        layout.addWidget(self.fingerprint_label)
        layout.addWidget(hint)
        row = QHBoxLayout()
        row.addWidget(self.key_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.key_label)
        layout.addStretch(1)

    def show_station(self, station: ds.StationInfo) -> None:
        self.station_label.setText(station.name)
        self.fingerprint_label.setText(station.fingerprint or self.tr("(noch kein Schlüssel)"))
