"""Synchronisation: this station's key, the trusted stations, exporting and importing sync
packages (also by dropping a .kodsync file on the page), and the conflict queue.

Export, the check of a package (inspect) and the import run on a worker thread; the worker
reports progress and its result through signals carrying a request number, and never touches
a widget. An import first shows what it will change (ImportPreviewDialog); only "Einspielen"
applies it. Refusals are shown on the page as one German sentence, nothing else changes.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain import sync as ds
from kod_desk.domain.changes import Entity
from kod_desk.domain.enums import Role
from kod_desk.domain.errors import UserError
from kod_desk.domain.permissions import Permission
from kod_desk.domain.text import german_int
from kod_desk.domain.timeutil import format_local, to_local, utcnow
from kod_desk.services.files import write_atomically
from kod_desk.ui.background import Background
from kod_desk.ui.dialogs.conflict_dialog import ConflictDialog, field_labels, record_hint
from kod_desk.ui.dialogs.import_preview_dialog import ImportPreviewDialog
from kod_desk.ui.messages import show_error
from kod_desk.ui.models.row_table_model import Column, RowTableModel
from kod_desk.ui.pages.base import ChangeBus, Page
from kod_desk.ui.widgets.data_table import DataTable

if TYPE_CHECKING:
    from kod_desk.services.base import Result
    from kod_desk.ui.settings import Settings

log = logging.getLogger(__name__)

_GOOD = "QLabel { background: #e6f4ea; color: #1e6b34; padding: 8px; border-radius: 3px; }"
_BAD = "QLabel { background: #fbe9e7; color: #a4262c; padding: 8px; border-radius: 3px; }"
_NOTE = "QLabel { background: #fff3cd; color: #664d03; padding: 8px; border-radius: 3px; }"
_MUTED = "color: #5b6573;"
_DROP = "QGroupBox#packagesBox { border: 2px dashed #2f6fb3; background: #eef4fb; }"
EXPORT, INSPECT, IMPORT = "export", "inspect", "import"
SUFFIX = ".kodsync"
KEY_SUFFIX = ".kodkey"


def file_safe(name: str) -> str:
    """A station name usable in a file name ("Büro Nord" → "Büro-Nord")."""
    return re.sub(r"[^\w.-]+", "-", name).strip("-.") or "Station"


def package_path(mime: QMimeData) -> Path | None:
    """The first local .kodsync file of a drag, if any."""
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and url.toLocalFile().lower().endswith(SUFFIX):
            return Path(url.toLocalFile())
    return None


class SyncPage(Page):
    key = "sync"
    job_done = Signal(str)  # kind, after the page has shown the outcome (GUI thread)

    def __init__(self, settings: Settings, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(settings, bus, parent)
        self.setObjectName("syncPage")
        self.setWindowTitle(self.tr("Synchronisation"))
        self.setAcceptDrops(True)
        self.worker = Background("sync", self)
        self.progressed = self.worker.progressed  # request number, done, total
        self._kind = EXPORT  # what the running job does
        self._busy = False
        self._may_import = True
        self._station_name = ""
        self.preview_dialog: ImportPreviewDialog | None = None
        self.conflict_dialog: ConflictDialog | None = None
        self._build()
        self.worker.progressed.connect(self._on_progress)
        self.worker.finished.connect(self._on_finished)
        for control in (self.add_button, self.revoke_button, self.office_button):
            self.gate(control, Permission.TRUST_STATIONS)
        self.gate(self.import_button, Permission.IMPORT_SYNC)
        self.gate(self.open_button, Permission.IMPORT_SYNC)

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        heading = QLabel(self.tr("Synchronisation"))
        heading.setObjectName("pageHeading")
        intro = QLabel(
            self.tr(
                "Daten zwischen Einsatzlaptops und Büro austauschen – als Datei auf USB-Stick "
                "oder Netzlaufwerk. Jedes Paket ist signiert und für seine Empfänger "
                "verschlüsselt; eingespielt wird nur, was von einer vertrauenswürdigen Station "
                "kommt."
            )
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(_MUTED)
        top = QHBoxLayout()
        top.addWidget(self._build_station(), 2)
        top.addWidget(self._build_packages(), 3)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self._build_peers())
        layout.addWidget(self._build_conflicts(), 1)

    def _build_station(self) -> QGroupBox:
        box = QGroupBox(self.tr("Diese Station"))
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
        hint.setStyleSheet(_MUTED)
        self.key_button = QPushButton(self.tr("Schlüsseldatei &speichern…"))
        self.key_button.setObjectName("saveKey")
        self.key_button.setToolTip(
            self.tr("Für die Verwaltung der anderen Station: damit vertraut sie dieser Station.")
        )
        self.key_button.clicked.connect(lambda _checked=False: self.save_key())
        self.key_label = QLabel()
        self.key_label.setObjectName("keyMessage")
        self.key_label.setWordWrap(True)
        self.key_label.hide()
        layout = QVBoxLayout(box)
        layout.addWidget(self.station_label)
        layout.addWidget(self.fingerprint_label)
        layout.addWidget(hint)
        row = QHBoxLayout()
        row.addWidget(self.key_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.key_label)
        layout.addStretch(1)
        return box

    def _build_packages(self) -> QGroupBox:
        self.packages_box = QGroupBox(self.tr("Pakete austauschen"))
        self.packages_box.setObjectName("packagesBox")
        self.recipient_list = QListWidget()
        self.recipient_list.setObjectName("exportRecipients")
        self.recipient_list.setToolTip(
            self.tr(
                "Für welche Stationen das Paket bestimmt ist: nur sie können es lesen und "
                "einspielen."
            )
        )
        self.recipient_list.setMaximumHeight(self.fontMetrics().height() * 5)
        self.recipient_list.itemChanged.connect(lambda _item: self._update_export_button())
        self.everything_box = QCheckBox(self.tr("vollständig (alles, nicht nur Änderungen)"))
        self.everything_box.setObjectName("exportEverything")
        self.everything_box.setToolTip(
            self.tr(
                "Sonst enthält das Paket nur, was sich seit dem letzten Austausch mit den "
                "gewählten Stationen geändert hat."
            )
        )
        self.export_button = QPushButton(self.tr("Paket &exportieren…"))
        self.export_button.setObjectName("exportPackage")
        self.export_button.clicked.connect(lambda _checked=False: self.choose_export())
        self.import_button = QPushButton(self.tr("Paket e&inspielen…"))
        self.import_button.setObjectName("importPackage")
        self.import_button.clicked.connect(lambda _checked=False: self.choose_import())
        drop_hint = QLabel(
            self.tr("… oder eine .kodsync-Datei mit der Maus auf diese Seite ziehen.")
        )
        drop_hint.setStyleSheet(_MUTED)
        self.progress = QProgressBar()
        self.progress.setObjectName("syncProgress")
        self.progress.setMaximumHeight(16)
        self.progress.hide()
        self.status_label = QLabel()
        self.status_label.setObjectName("syncStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label.hide()
        grid = QGridLayout()
        recipients_label = QLabel(self.tr("Exportieren a&n:"))
        recipients_label.setBuddy(self.recipient_list)
        grid.addWidget(recipients_label, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.recipient_list, 0, 1)
        grid.addWidget(self.export_button, 0, 2, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.everything_box, 1, 1)
        grid.addWidget(QLabel(self.tr("Einspielen:")), 2, 0)
        grid.addWidget(drop_hint, 2, 1)
        grid.addWidget(self.import_button, 2, 2)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self.packages_box)
        layout.addLayout(grid)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        return self.packages_box

    def _build_peers(self) -> QGroupBox:
        box = QGroupBox(self.tr("Vertrauenswürdige Stationen"))

        def seq(value: int) -> str:
            return self.tr("Nr. {n}").format(n=german_int(value)) if value else "–"

        self.peer_model: RowTableModel[ds.PeerInfo] = RowTableModel(
            [
                Column(self.tr("Station"), lambda p: p.name),
                Column(self.tr("Fingerabdruck"), lambda p: p.fingerprint),
                Column(
                    self.tr("Vertraut"), lambda p: self.tr("ja") if p.trusted else self.tr("nein")
                ),
                Column(
                    self.tr("Büro"),
                    lambda p: self.tr("Büro") if p.is_office else "",
                    tooltip=lambda _p: self.tr(
                        "Nur Pakete des Büros dürfen Rollen, Passwörter und Anmeldedaten "
                        "ändern – und nur, wenn eine Administration sie einspielt."
                    ),
                ),
                Column(
                    self.tr("Letzter Austausch"),
                    lambda p: (
                        format_local(p.last_sync_at) if p.last_sync_at else self.tr("noch nie")
                    ),
                    sort_key=lambda p: p.last_sync_at.timestamp() if p.last_sync_at else 0,
                ),
                Column(
                    self.tr("Exportiert bis"),
                    lambda p: seq(p.last_exported_seq),
                    sort_key=lambda p: p.last_exported_seq,
                    align_right=True,
                    tooltip=lambda _p: self.tr("Letzte eigene Änderung, die an diese Station ging"),
                ),
                Column(
                    self.tr("Eingespielt bis"),
                    lambda p: seq(p.last_imported_seq),
                    sort_key=lambda p: p.last_imported_seq,
                    align_right=True,
                    tooltip=lambda _p: self.tr("Letzte Änderung dieser Station, die hier ankam"),
                ),
            ],
            muted=lambda p: not p.trusted,
        )
        self.peer_table = DataTable(self.peer_model, self.settings, "sync/peers")
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
        layout = QVBoxLayout(box)
        layout.addWidget(self.peer_table)
        layout.addLayout(buttons)
        layout.addWidget(self.peer_label)
        return box

    def _build_conflicts(self) -> QGroupBox:
        self.conflicts_box = QGroupBox()
        self.conflicts_box.setObjectName("conflictsBox")
        labels = field_labels()
        self.conflict_model: RowTableModel[ds.ConflictView] = RowTableModel(
            [
                Column(self.tr("Art"), lambda c: c.label),
                Column(
                    self.tr("Datensatz"),
                    lambda c: f"{record_hint(c)} ({c.row_id[:8]})".strip(),
                ),
                Column(
                    self.tr("Seit"),
                    lambda c: format_local(c.created_at),
                    sort_key=lambda c: c.created_at.timestamp(),
                ),
                Column(
                    self.tr("Abweichende Felder"),
                    lambda c: ", ".join(labels.get(f, f) for f in c.differing),
                ),
            ]
        )
        self.conflict_table = DataTable(self.conflict_model, self.settings, "sync/conflicts")
        self.conflict_table.setObjectName("conflictTable")
        self.conflict_table.activated_row.connect(self.open_conflict)
        self.no_conflicts = QLabel(
            self.tr("Keine offenen Konflikte – alle Datensätze stimmen überein.")
        )
        self.no_conflicts.setObjectName("noConflicts")
        self.no_conflicts.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_conflicts.setStyleSheet(_MUTED)
        self.open_button = QPushButton(self.tr("Konflikt &ansehen…"))
        self.open_button.setObjectName("openConflict")
        self.open_button.clicked.connect(lambda _checked=False: self.open_selected_conflict())
        self.conflict_label = QLabel()
        self.conflict_label.setObjectName("conflictMessage")
        self.conflict_label.setWordWrap(True)
        self.conflict_label.hide()
        hint = QLabel(
            self.tr(
                "Hier und an einer anderen Station geändert: nichts wurde überschrieben. "
                "Doppelklick oder Eingabetaste zeigt beide Fassungen."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(_MUTED)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self.conflicts_box)
        layout.addWidget(hint)
        layout.addWidget(self.conflict_table, 1)
        layout.addWidget(self.no_conflicts, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.conflict_label)
        return self.conflicts_box

    # ------------------------------------------------------------ loading

    def shows(self) -> tuple[Any, ...]:
        return (Entity.STATION,)

    def activate(self) -> None:
        """Override of Page.activate: read again each time the page is shown (a few rows):
        trust given on the command line or conflicts from another window appear at once."""
        if self.services is not None and not self._busy:
            self._loaded = True
            self._stale = False
            self.reload()

    def reload(self) -> None:
        if self.services is None:
            return
        sync = self.services.sync
        station = sync.station()
        self._station_name = station.name
        self.station_label.setText(station.name)
        self.fingerprint_label.setText(station.fingerprint or self.tr("(noch kein Schlüssel)"))
        peers = sync.peers()
        self.peer_model.set_rows(peers)
        for column in range(self.peer_model.columnCount()):  # a few short rows: fit them all
            self.peer_table.resizeColumnToContents(column)
            width = self.peer_table.columnWidth(column)
            self.peer_table.setColumnWidth(column, min(width + 16, 360))
        self._fill_recipients(peers)
        # Trusting stations is for administrators (the service refuses everyone else).
        admin = self.services.context.role is Role.ADMIN
        for button in (self.add_button, self.revoke_button, self.office_button):
            button.setEnabled(admin)
        # Importing is for supervisors and administrators; officers only export (issue 13).
        self._may_import = self.services.context.role in (Role.SUPERVISOR, Role.ADMIN)
        self.import_button.setEnabled(self._may_import and not self._busy)
        self.import_button.setToolTip(
            ""
            if self._may_import
            else self.tr("Pakete spielt die Dienstgruppenleitung oder die Verwaltung ein.")
        )
        self.add_button.setToolTip(
            self.tr("Schlüsseldatei einer anderen Station eintragen")
            if admin
            else self.tr("Nur für die Verwaltung (Administration)")
        )
        self._reload_conflicts()

    def _reload_conflicts(self) -> None:
        assert self.services is not None
        conflicts = self.services.sync.conflicts()
        self.conflict_model.set_rows(conflicts)
        self.conflicts_box.setTitle(
            self.tr("Konflikte ({n})").format(n=len(conflicts))
            if conflicts
            else self.tr("Konflikte")
        )
        self.conflict_table.setVisible(bool(conflicts))
        self.no_conflicts.setVisible(not conflicts)
        self.open_button.setEnabled(bool(conflicts))
        if conflicts and not self.conflict_table.selectionModel().hasSelection():
            self.conflict_table.selectRow(0)

    # ------------------------------------------------------------ messages

    def _say(self, label: QLabel, text: str, good: bool, *, note: bool = False) -> None:
        label.setText(text)
        label.setStyleSheet(_NOTE if note else _GOOD if good else _BAD)
        label.show()

    def say(self, text: str, good: bool = True, *, note: bool = False) -> None:
        """The result line of the package box: green done, amber to notice, red refused."""
        self._say(self.status_label, text, good, note=note)

    # ------------------------------------------------------------ this station's key

    def save_key(self) -> None:
        if self.services is None:
            return
        name = file_safe(self._station_name) + KEY_SUFFIX
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Schlüsseldatei speichern"),
            name,
            self.tr("Schlüsseldateien (*.kodkey *.pub)"),
        )
        if path:
            self.save_key_to(Path(path))

    def save_key_to(self, path: Path) -> bool:
        assert self.services is not None
        if path.suffix.lower() not in (KEY_SUFFIX, ".pub"):
            path = path.with_name(path.name + KEY_SUFFIX)
        try:
            write_atomically(path, self.services.sync.export_key())
        except UserError as error:
            self._say(self.key_label, error.message, good=False)
            return False
        self._say(self.key_label, self.tr("Gespeichert: {path}").format(path=str(path)), True)
        return True

    # ------------------------------------------------------------ trusted stations

    def choose_key(self) -> None:
        if self.services is None:
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
        assert self.services is not None
        try:
            data = path.read_bytes()
        except OSError:
            self._say(
                self.peer_label,
                self.tr("Die Datei {name} lässt sich nicht lesen.").format(name=path.name),
                good=False,
            )
            return False
        try:
            key = self.services.sync.read_key(data)
        except UserError as error:
            self._say(self.peer_label, error.message, good=False)
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
            self._say(
                self.peer_label,
                self.tr("Nicht eingetragen: der Fingerabdruck wurde nicht bestätigt."),
                good=False,
            )
            return False
        try:
            result = self.services.sync.trust(data)
        except UserError as error:
            self._say(self.peer_label, error.message, good=False)
            return False
        peer = self.publish(result)
        self.reload()
        self._say(
            self.peer_label,
            self.tr("Die Station „{name}“ ist jetzt vertrauenswürdig.").format(name=peer.name),
            True,
        )
        return True

    def selected_peer(self) -> ds.PeerInfo | None:
        rows = self.peer_table.selectionModel().selectedRows()
        if not rows:
            return None
        row = self.peer_table.proxy.mapToSource(rows[0]).row()
        return self.peer_model.row_at(row)

    def _peer_to_act_on(self) -> ds.PeerInfo | None:
        """The selected station, or None after saying that one must be selected first."""
        peer = self.selected_peer()
        if peer is None and self.services is not None:
            self._say(self.peer_label, self.tr("Bitte zuerst eine Station auswählen."), False)
        return peer

    def toggle_office(self) -> bool:
        """Mark the selected station as the office, or no longer (administrators)."""
        peer = self._peer_to_act_on()
        if peer is None or self.services is None:
            return False
        try:
            self.publish(self.services.sync.set_office(peer.id, not peer.is_office))
        except UserError as error:
            self._say(self.peer_label, error.message, good=False)
            return False
        self.reload()
        text = (
            self.tr("„{name}“ ist nicht mehr das Büro.")
            if peer.is_office
            else self.tr("„{name}“ ist jetzt das Büro: ihre Pakete dürfen Rollen ändern.")
        )
        self._say(self.peer_label, text.format(name=peer.name), True)
        return True

    def revoke_selected(self) -> bool:
        peer = self._peer_to_act_on()
        if peer is None or self.services is None:
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
            self.publish(self.services.sync.revoke(peer.id))
        except UserError as error:
            self._say(self.peer_label, error.message, good=False)
            return False
        self.reload()
        self._say(
            self.peer_label,
            self.tr("Der Station „{name}“ wird nicht mehr vertraut.").format(name=peer.name),
            True,
        )
        return True

    # ------------------------------------------------------------ worker

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.import_button.setEnabled(not busy and self._may_import)
        self._update_export_button()
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
            self.progress.setFormat(text)
            self.status_label.setText(text)
            self.status_label.setStyleSheet(_MUTED)
            self.status_label.show()

    def _run(self, kind: str, job: Callable[[Callable[[int, int], None]], Any], text: str) -> None:
        self._set_busy(True, text)
        self._kind = kind
        self.worker.start(job)

    def _on_progress(self, request: int, done: int, total: int) -> None:
        if not self.worker.is_current(request) or not self._busy or total <= 0:
            return
        self.progress.setRange(0, total)
        self.progress.setValue(min(done, total))
        self.progress.setFormat(
            self.tr("{done} von {total} Datensätzen").format(
                done=german_int(done), total=german_int(total)
            )
        )

    def _on_finished(self, request: int, result: Any) -> None:
        if not self.worker.is_current(request):
            return
        kind = self._kind
        self._set_busy(False)
        if isinstance(result, UserError):
            message = result.message.rstrip()
            if not message.endswith((".", "!", "?")):
                message += "."
            if kind != EXPORT:
                message += " " + self.tr("Es wurde nichts eingespielt.")
            self.say(message, good=False)
        elif isinstance(result, BaseException):
            self.status_label.hide()
            show_error(self, result, self.tr("Synchronisation"))
        elif kind == EXPORT:
            self._exported(*result)
        elif kind == INSPECT:
            self._inspected(*result)
        elif kind == IMPORT:
            self._imported(result)
        self.job_done.emit(kind)

    # ------------------------------------------------------------ export

    def choose_export(self) -> None:
        if self.services is None or self._busy:
            return
        stamp = to_local(utcnow()).strftime("%Y-%m-%d-%H%M")
        name = f"KOD-{file_safe(self._station_name)}-{stamp}{SUFFIX}"
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Synchronisationspaket speichern"),
            name,
            self.tr("Synchronisationspakete (*.kodsync)"),
        )
        if path:
            self.export_to(Path(path), self.chosen_recipients(), self.everything_box.isChecked())

    def _fill_recipients(self, peers: list[ds.PeerInfo]) -> None:
        """Trusted stations as checkable recipients; the ticks survive a reload. A station
        trusted before packages were encrypted is shown, but cannot be ticked."""
        chosen = set(self.chosen_recipients())
        self.recipient_list.blockSignals(True)
        self.recipient_list.clear()
        names = [peer.name for peer in peers if peer.trusted]
        for peer in peers:
            if not peer.trusted:
                continue
            # Two stations of the same name (laptops named after their host) part by key.
            twin = names.count(peer.name) > 1
            item = QListWidgetItem(f"{peer.name} ({peer.fingerprint[:9]})" if twin else peer.name)
            item.setToolTip(self.tr("Fingerabdruck {f}").format(f=peer.fingerprint))
            item.setData(Qt.ItemDataRole.UserRole, peer.id)
            if peer.can_receive:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                only = len([p for p in peers if p.can_receive]) == 1
                ticked = peer.id in chosen or only
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            else:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                item.setText(self.tr("{name} (neue Schlüsseldatei nötig)").format(name=peer.name))
                item.setToolTip(
                    self.tr(
                        "Von dieser Station fehlt der Schlüssel zum Verschlüsseln: bitte ihre "
                        "neue Schlüsseldatei eintragen."
                    )
                )
            self.recipient_list.addItem(item)
        if not self.recipient_list.count():
            empty = QListWidgetItem(self.tr("(noch keine vertrauenswürdige Station)"))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recipient_list.addItem(empty)
        self.recipient_list.blockSignals(False)
        self._update_export_button()

    def chosen_recipients(self) -> list[str]:
        """The ids of the ticked recipient stations."""
        found = []
        for row in range(self.recipient_list.count()):
            item = self.recipient_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                found.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return found

    def _update_export_button(self) -> None:
        chosen = bool(self.chosen_recipients())
        self.export_button.setEnabled(chosen and not self._busy)
        self.export_button.setToolTip(
            "" if chosen else self.tr("Erst die Empfängerstation(en) ankreuzen.")
        )

    def export_to(self, path: Path, peer_ids: list[str], everything: bool = False) -> bool:
        """Start writing a package for ``peer_ids`` to ``path`` on a worker; False when
        nothing started."""
        services = self.services
        if services is None or self._busy:
            return False
        if not peer_ids:
            self.say(self.tr("Bitte mindestens eine Empfängerstation ankreuzen."), good=False)
            return False
        if path.suffix.lower() != SUFFIX:
            path = path.with_name(path.name + SUFFIX)

        def job(progress: Callable[[int, int], None]) -> tuple[ds.ExportResult, Path]:
            result = services.sync.export(path, peer_ids, progress, everything=everything)
            return result.value, path

        self._run(EXPORT, job, self.tr("Paket wird geschrieben …"))
        return True

    def _exported(self, result: ds.ExportResult, path: Path) -> None:
        self.say(
            self.tr("{n} Datensätze exportiert nach {path}").format(
                n=german_int(result.records), path=str(path)
            )
            if result.records != 1
            else self.tr("1 Datensatz exportiert nach {path}").format(path=str(path))
        )
        self.reload()  # the peer's "letzter Austausch"

    # ------------------------------------------------------------ import

    def choose_import(self) -> None:
        if self.services is None or self._busy:
            return
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Synchronisationspaket einspielen"),
            "",
            self.tr("Synchronisationspakete (*.kodsync);;Alle Dateien (*)"),
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> bool:
        """Check the package at ``path`` on a worker, then show what it would change; False
        when nothing started."""
        services = self.services
        if services is None:
            return False
        if not self._may_import:
            self.say(
                self.tr("Pakete spielt die Dienstgruppenleitung oder die Verwaltung ein."),
                good=False,
            )
            return False
        if self._busy:
            self.say(self.tr("Bitte warten, bis der laufende Vorgang fertig ist."), good=False)
            return False

        def job(progress: Callable[[int, int], None]) -> tuple[ds.ImportPreview, Path]:
            return services.sync.inspect(path, progress), path

        self._run(INSPECT, job, self.tr("Paket wird geprüft …"))
        return True

    def _inspected(self, preview: ds.ImportPreview, path: Path) -> None:
        if preview.already_applied:
            self.say(
                self.tr("Dieses Paket wurde bereits eingespielt – es ändert nichts."), note=True
            )
        else:
            self.status_label.hide()
        dialog = ImportPreviewDialog(preview, path.name, self)
        dialog.accepted.connect(lambda: self.apply_file(path))
        self.preview_dialog = dialog
        dialog.open()

    def apply_file(self, path: Path) -> bool:
        """Apply the package at ``path`` on a worker (after the preview was confirmed)."""
        services = self.services
        if services is None or self._busy:
            return False

        def job(progress: Callable[[int, int], None]) -> Result[ds.ImportResult]:
            return services.sync.import_package(path, progress)

        self._run(IMPORT, job, self.tr("Paket wird eingespielt …"))
        return True

    def _imported(self, done: Result[ds.ImportResult]) -> None:
        result = done.value
        if not result.applied:
            self.say(
                self.tr("Dieses Paket wurde bereits eingespielt – es ändert nichts."), note=True
            )
            return
        counts = result.preview.counts.values()
        new = sum(c.insert for c in counts)
        changed = sum(c.update for c in counts)
        deleted = sum(c.delete for c in counts)
        conflicts = sum(c.conflict for c in counts)
        text = self.tr(
            "Paket von „{station}“ eingespielt: {new} neu, {changed} geändert, {deleted} gelöscht."
        ).format(
            station=result.preview.station_name,
            new=german_int(new),
            changed=german_int(changed),
            deleted=german_int(deleted),
        )
        if conflicts:
            text += " " + self.tr("{n} Konflikte warten unten auf eine Entscheidung.").format(
                n=german_int(conflicts)
            )
        if result.missing is not None:
            text += " " + self.tr(
                "Ein früheres Paket dieser Station ist hier nie angekommen; seine Änderungen "
                "kommen mit ihrem nächsten Paket, sobald sie eines von hier eingespielt hat."
            )
        if result.audit_finding:
            text += " " + self.tr("Warnung: {finding}").format(finding=result.audit_finding)
        self.bus.changed.emit(done.changes)  # the kinds the package touched
        self.reload()
        warned = bool(conflicts) or result.missing is not None or bool(result.audit_finding)
        self.say(text, note=warned)

    # ------------------------------------------------------------ drag and drop

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Override: accept a .kodsync file and show where it goes."""
        if package_path(event.mimeData()) is not None and not self._busy and self._may_import:
            event.acceptProposedAction()
            self.packages_box.setStyleSheet(_DROP)
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        """Override: keep accepting while the file is over the page."""
        if package_path(event.mimeData()) is not None and not self._busy:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        """Override: the highlight goes with the file."""
        self.packages_box.setStyleSheet("")
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        """Override: a dropped .kodsync file is checked and previewed like "Paket einspielen"."""
        self.packages_box.setStyleSheet("")
        path = package_path(event.mimeData())
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_file(path)

    # ------------------------------------------------------------ conflicts

    def open_selected_conflict(self) -> None:
        rows = self.conflict_table.selectionModel().selectedRows()
        if rows:
            row = self.conflict_table.proxy.mapToSource(rows[0]).row()
            self.open_conflict(self.conflict_model.row_at(row))

    def open_conflict(self, conflict: ds.ConflictView) -> ConflictDialog | None:
        if self.services is None:
            return None
        dialog = ConflictDialog(self.services, conflict, self)
        dialog.accepted.connect(lambda: self._resolved(dialog))
        self.conflict_dialog = dialog
        dialog.open()
        return dialog

    def _resolved(self, dialog: ConflictDialog) -> None:
        if dialog.result_value is not None:
            self.publish(dialog.result_value)
        self.reload()
        conflict = dialog.conflict
        self._say(
            self.conflict_label,
            self.tr("Entschieden: {label} {hint}.").format(
                label=conflict.label, hint=record_hint(conflict)
            ),
            True,
        )
