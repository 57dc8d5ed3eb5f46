"""Synchronisation: this station's key, the trusted stations, exporting and importing sync
packages (also by dropping a .kodsync file on the page), and the conflict queue.

The page is the controller of the package exchange: export, the check of a package (inspect)
and the import run on a worker thread (ui/background.py) that reports progress and its
result through signals carrying a request number, and never touches a widget. An import first
shows what it will change (ImportPreviewDialog); only "Einspielen" applies it. Refusals are
shown on the page as one German sentence, nothing else changes. The boxes are widgets of
their own: StationBox, PackagesBox, PeersBox (trust, revoke, office) and ConflictsBox.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData, Signal
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kod_desk.domain import sync as ds
from kod_desk.domain.changes import Entity
from kod_desk.domain.enums import Role
from kod_desk.domain.errors import UserError
from kod_desk.domain.permissions import Permission
from kod_desk.domain.text import german_int
from kod_desk.domain.timeutil import to_local, utcnow
from kod_desk.services.files import write_atomically
from kod_desk.ui.background import Background
from kod_desk.ui.dialogs.import_preview_dialog import ImportPreviewDialog
from kod_desk.ui.messages import show_error
from kod_desk.ui.pages.base import ChangeBus, Page
from kod_desk.ui.widgets.sync_conflicts import ConflictsBox
from kod_desk.ui.widgets.sync_notice import MUTED, say
from kod_desk.ui.widgets.sync_packages import PackagesBox
from kod_desk.ui.widgets.sync_peers import PeersBox
from kod_desk.ui.widgets.sync_station import StationBox

if TYPE_CHECKING:
    from kod_desk.services.base import Result
    from kod_desk.ui.settings import Settings

log = logging.getLogger(__name__)

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
        self._station_name = ""
        self.preview_dialog: ImportPreviewDialog | None = None
        self._build()
        self.station.key_button.clicked.connect(lambda _checked=False: self.save_key())
        self.packages.export_button.clicked.connect(lambda _checked=False: self.choose_export())
        self.packages.import_button.clicked.connect(lambda _checked=False: self.choose_import())
        self.peers.changed.connect(self.reload)
        self.conflicts.changed.connect(self.reload)
        self.worker.progressed.connect(self._on_progress)
        self.worker.finished.connect(self._on_finished)
        for control in (self.peers.add_button, self.peers.revoke_button, self.peers.office_button):
            self.gate(control, Permission.TRUST_STATIONS)
        self.gate(self.packages.import_button, Permission.IMPORT_SYNC)
        self.gate(self.conflicts.open_button, Permission.IMPORT_SYNC)

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
        intro.setStyleSheet(MUTED)
        self.station = StationBox()
        self.packages = PackagesBox()
        self.peers = PeersBox(self.settings, lambda: self.services, self.publish)
        self.conflicts = ConflictsBox(self.settings, lambda: self.services, self.publish)
        top = QHBoxLayout()
        top.addWidget(self.station, 2)
        top.addWidget(self.packages, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.peers)
        layout.addWidget(self.conflicts, 1)

    # ------------------------------------------------------------ loading

    def shows(self) -> tuple[Any, ...]:
        return (Entity.STATION,)

    def activate(self) -> None:
        """Override of Page.activate: read again each time the page is shown (a few rows):
        trust given on the command line or conflicts from another window appear at once."""
        if self.services is not None and not self._busy:
            self._loaded = True
            self._pending_changes = None
            self.reload()

    def reload(self) -> None:
        if self.services is None:
            return
        sync = self.services.sync
        station = sync.station()
        self._station_name = station.name
        self.station.show_station(station)
        peers = sync.peers()
        # Trusting stations is for administrators (the service refuses everyone else).
        self.peers.show_peers(peers, admin=self.services.context.role is Role.ADMIN)
        self.packages.fill_recipients(peers)
        # Importing is for supervisors and administrators; officers only export (issue 13).
        self.packages.set_may_import(self.services.context.role in (Role.SUPERVISOR, Role.ADMIN))
        self.conflicts.show_conflicts(sync.conflicts())

    def say(self, text: str, good: bool = True, *, note: bool = False) -> None:
        """The result line of the package box: green done, amber to notice, red refused."""
        self.packages.say(text, good, note=note)

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
            say(self.station.key_label, error.message, good=False)
            return False
        say(self.station.key_label, self.tr("Gespeichert: {path}").format(path=str(path)), True)
        return True

    # ------------------------------------------------------------ worker

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.packages.set_busy(busy, text)

    def _run(self, kind: str, job: Callable[[Callable[[int, int], None]], Any], text: str) -> None:
        self._set_busy(True, text)
        self._kind = kind
        self.worker.start(job)

    def _on_progress(self, request: int, done: int, total: int) -> None:
        if not self.worker.is_current(request) or not self._busy or total <= 0:
            return
        self.packages.show_progress(done, total)

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
            self.packages.status_label.hide()
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
            self.export_to(
                Path(path),
                self.packages.chosen_recipients(),
                self.packages.everything_box.isChecked(),
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
        if not self.packages.may_import:
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
            self.packages.status_label.hide()
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
        if (
            package_path(event.mimeData()) is not None
            and not self._busy
            and self.packages.may_import
        ):
            event.acceptProposedAction()
            self.packages.highlight(True)
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
        self.packages.highlight(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        """Override: a dropped .kodsync file is checked and previewed like "Paket einspielen"."""
        self.packages.highlight(False)
        path = package_path(event.mimeData())
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_file(path)
