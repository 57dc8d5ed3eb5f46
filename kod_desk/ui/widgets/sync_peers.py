""" "Vertrauenswürdige Stationen" on the Synchronisation page: the stations this one knows and,
for administrators, trusting a key file, revoking trust and marking the office.

The box acts through the sync service itself (a few quick writes); after each change it
``publish``es the result and emits ``changed`` so the page shows the new state everywhere
(recipients, station list), then says what happened in its own result line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain import sync as ds
from kod_desk.domain.errors import UserError
from kod_desk.ui.models.sync_models import PeerTableModel
from kod_desk.ui.widgets.data_table import DataTable
from kod_desk.ui.widgets.sync_notice import say

if TYPE_CHECKING:
    from kod_desk.services.base import Result
    from kod_desk.services.registry import Services
    from kod_desk.ui.settings import Settings


class PeersBox(QGroupBox):
    """The trusted stations' table and what an administrator does with them."""

    changed = Signal()  # trust or the office changed (after publishing)

    def __init__(
        self,
        settings: Settings,
        services: Callable[[], Services | None],
        publish: Callable[[Result[Any]], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Vertrauenswürdige Stationen"))
        self._services = services
        self._publish = publish
        self.peer_model = PeerTableModel(self)
        self.peer_table = DataTable(self.peer_model, settings, "sync/peers")
        self.peer_table.setObjectName("peerTable")
        self.peer_table.setMinimumHeight(90)
        self.peer_table.setMaximumHeight(170)
        self.peer_table.horizontalHeader().setStretchLastSection(False)
        self.add_button = QPushButton(self.tr("Station &hinzufügen…"))
        self.add_button.setObjectName("addStation")
        self.add_button.setToolTip(self.tr("Schlüsseldatei einer anderen Station eintragen"))
        self.add_button.clicked.connect(lambda _checked=False: self.choose_key())
        self.revoke_button = QPushButton(self.tr("Vertrauen en&tziehen"))
        self.revoke_button.setObjectName("revokeStation")
        self.revoke_button.clicked.connect(lambda _checked=False: self.revoke_selected())
        self.office_button = QPushButton(self.tr("Als &Büro festlegen"))
        self.office_button.setObjectName("officeStation")
        self.office_button.setToolTip(
            self.tr(
                "Die gewählte Station ist das Büro: nur ihre Pakete dürfen Rollen und Passwörter "
                "ändern (nochmals klicken: nicht mehr)."
            )
        )
        self.office_button.clicked.connect(lambda _checked=False: self.toggle_office())
        self.peer_label = QLabel()
        self.peer_label.setObjectName("peerMessage")
        self.peer_label.setWordWrap(True)
        self.peer_label.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.revoke_button)
        buttons.addWidget(self.office_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.peer_table)
        layout.addLayout(buttons)
        layout.addWidget(self.peer_label)

    def show_peers(self, peers: list[ds.PeerInfo], admin: bool) -> None:
        """The stations, every column fitted; the buttons for administrators only (the service
        refuses everyone else)."""
        self.peer_model.set_rows(peers)
        for column in range(self.peer_model.columnCount()):  # a few short rows: fit them all
            self.peer_table.resizeColumnToContents(column)
            width = self.peer_table.columnWidth(column)
            self.peer_table.setColumnWidth(column, min(width + 16, 360))
        for button in (self.add_button, self.revoke_button, self.office_button):
            button.setEnabled(admin)
        self.add_button.setToolTip(
            self.tr("Schlüsseldatei einer anderen Station eintragen")
            if admin
            else self.tr("Nur für die Verwaltung (Administration)")
        )

    def selected_peer(self) -> ds.PeerInfo | None:
        rows = self.peer_table.selectionModel().selectedRows()
        if not rows:
            return None
        row = self.peer_table.proxy.mapToSource(rows[0]).row()
        return self.peer_model.row_at(row)

    def _say(self, text: str, good: bool) -> None:
        say(self.peer_label, text, good)

    def _done(self, result: Result[Any]) -> Any:
        value = self._publish(result)
        self.changed.emit()
        return value

    # ------------------------------------------------------------ trusting a station

    def choose_key(self) -> None:
        if self._services() is None:
            return
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Schlüsseldatei einer Station öffnen"),
            "",
            self.tr("Schlüsseldateien (*.kodkey *.pub);;Alle Dateien (*)"),
        )
        if path:
            self.add_station_from(Path(path))

    def add_station_from(self, path: Path) -> bool:
        """Read a key file, let the user compare its fingerprint, then trust its station."""
        services = self._services()
        assert services is not None
        try:
            data = path.read_bytes()
        except OSError:
            self._say(
                self.tr("Die Datei {name} lässt sich nicht lesen.").format(name=path.name), False
            )
            return False
        try:
            key = services.sync.read_key(data)
        except UserError as error:
            self._say(error.message, False)
            return False
        answer = QMessageBox.question(
            self,
            self.tr("Station hinzufügen"),
            self.tr(
                "Schlüssel der Station „{name}“.\n\nFingerabdruck am Telefon vergleichen:\n"
                "{fingerprint}\n\nStimmt er überein?"
            ).format(name=key.station_name, fingerprint=key.fingerprint),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            self._say(self.tr("Nicht eingetragen: der Fingerabdruck wurde nicht bestätigt."), False)
            return False
        try:
            result = services.sync.trust(data)
        except UserError as error:
            self._say(error.message, False)
            return False
        peer = self._done(result)
        self._say(
            self.tr("Die Station „{name}“ ist jetzt vertrauenswürdig.").format(name=peer.name),
            True,
        )
        return True

    # ------------------------------------------------------------ the selected station

    def _peer_to_act_on(self) -> ds.PeerInfo | None:
        """The selected station, or None after saying that one must be selected first."""
        peer = self.selected_peer()
        if peer is None and self._services() is not None:
            self._say(self.tr("Bitte zuerst eine Station auswählen."), False)
        return peer

    def toggle_office(self) -> bool:
        """Mark the selected station as the office, or no longer (administrators)."""
        peer = self._peer_to_act_on()
        services = self._services()
        if peer is None or services is None:
            return False
        try:
            self._done(services.sync.set_office(peer.id, not peer.is_office))
        except UserError as error:
            self._say(error.message, False)
            return False
        text = (
            self.tr("„{name}“ ist nicht mehr das Büro.")
            if peer.is_office
            else self.tr("„{name}“ ist jetzt das Büro: ihre Pakete dürfen Rollen ändern.")
        )
        self._say(text.format(name=peer.name), True)
        return True

    def revoke_selected(self) -> bool:
        peer = self._peer_to_act_on()
        services = self._services()
        if peer is None or services is None:
            return False
        answer = QMessageBox.question(
            self,
            self.tr("Vertrauen entziehen"),
            self.tr(
                "Der Station „{name}“ das Vertrauen entziehen?\n\nPakete von dort werden "
                "danach abgelehnt, bis ihr Schlüssel wieder eingetragen wird."
            ).format(name=peer.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            self._done(services.sync.revoke(peer.id))
        except UserError as error:
            self._say(error.message, False)
            return False
        self._say(
            self.tr("Der Station „{name}“ wird nicht mehr vertraut.").format(name=peer.name),
            True,
        )
        return True
