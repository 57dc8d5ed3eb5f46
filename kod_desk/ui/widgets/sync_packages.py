""" "Pakete austauschen" on the Synchronisation page: the recipient stations to tick, export
and import buttons, the progress of the running job and its result line.

The box only shows; the page runs the jobs and tells it ``set_busy`` / ``show_progress`` /
``say``. The export button is enabled while a recipient is ticked and nothing runs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain import sync as ds
from kod_desk.domain.text import german_int
from kod_desk.ui.widgets.sync_notice import MUTED, say

_DROP = "QGroupBox#packagesBox { border: 2px dashed #2f6fb3; background: #eef4fb; }"


class PackagesBox(QGroupBox):
    """Recipients, "Paket exportieren…", "Paket einspielen…", progress and result."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Pakete austauschen"))
        self.setObjectName("packagesBox")
        self._busy = False
        self.may_import = True
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
        self.import_button = QPushButton(self.tr("Paket e&inspielen…"))
        self.import_button.setObjectName("importPackage")
        drop_hint = QLabel(
            self.tr("… oder eine .kodsync-Datei mit der Maus auf diese Seite ziehen.")
        )
        drop_hint.setStyleSheet(MUTED)
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
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)
        layout.addStretch(1)

    # ------------------------------------------------------------ recipients

    def fill_recipients(self, peers: list[ds.PeerInfo]) -> None:
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

    # ------------------------------------------------------------ the running job

    def set_may_import(self, may: bool) -> None:
        """Importing is for supervisors and administrators; officers only export (issue 13)."""
        self.may_import = may
        self.import_button.setEnabled(may and not self._busy)
        self.import_button.setToolTip(
            ""
            if may
            else self.tr("Pakete spielt die Dienstgruppenleitung oder die Verwaltung ein.")
        )

    def set_busy(self, busy: bool, text: str = "") -> None:
        """A job runs (busy bar and ``text``) or ended; the buttons follow."""
        self._busy = busy
        self.import_button.setEnabled(not busy and self.may_import)
        self._update_export_button()
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
            self.progress.setFormat(text)
            self.status_label.setText(text)
            self.status_label.setStyleSheet(MUTED)
            self.status_label.show()

    def show_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(min(done, total))
        self.progress.setFormat(
            self.tr("{done} von {total} Datensätzen").format(
                done=german_int(done), total=german_int(total)
            )
        )

    def say(self, text: str, good: bool = True, *, note: bool = False) -> None:
        """The result line: green done, amber to notice, red refused."""
        say(self.status_label, text, good, note=note)

    def highlight(self, on: bool) -> None:
        """A dashed frame while a package file is dragged over the page."""
        self.setStyleSheet(_DROP if on else "")
