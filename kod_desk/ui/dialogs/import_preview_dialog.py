"""What a sync package will change, shown before anything is written: from which station,
when it was made, and per kind of data how many records are new, changed, deleted, unchanged
or in conflict. "Einspielen" (accept) lets the page apply it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain import sync as ds
from kod_desk.domain.text import german_int
from kod_desk.domain.timeutil import format_local

_NOTE = "QLabel { background: #fff3cd; color: #664d03; padding: 8px; border-radius: 3px; }"
_GOOD = "QLabel { background: #e6f4ea; color: #1e6b34; padding: 8px; border-radius: 3px; }"
NEW, CHANGED, DELETED, UNCHANGED, CONFLICTS = range(1, 6)


class ImportPreviewDialog(QDialog):
    def __init__(self, preview: ds.ImportPreview, file_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("importPreviewDialog")
        self.preview = preview
        self.setWindowTitle(self.tr("Paket einspielen – Vorschau"))
        self.resize(720, 560)
        heading = QLabel(f"<h3>{self.tr('Was dieses Paket ändert')}</h3>")
        form = QFormLayout()
        station = QLabel(preview.station_name)
        station.setObjectName("previewStation")
        station.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        print_label = QLabel(preview.fingerprint)
        print_label.setFont(mono)
        print_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Datei:"), QLabel(file_name))
        form.addRow(self.tr("Von Station:"), station)
        form.addRow(self.tr("Fingerabdruck:"), print_label)
        form.addRow(self.tr("Erstellt am:"), QLabel(format_local(preview.created_at)))
        form.addRow(self.tr("Datensätze im Paket:"), QLabel(german_int(preview.records)))

        self._build_table()
        self._fill()

        self.summary = QLabel(self._summary())
        self.summary.setObjectName("previewSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(_NOTE if preview.already_applied or preview.conflicts else _GOOD)

        self.buttons = QDialogButtonBox()
        self.apply_button = self.buttons.addButton(
            self.tr("&Einspielen"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.apply_button.setObjectName("applyPackage")
        close = self.buttons.addButton(
            self.tr("Schließen") if preview.already_applied else self.tr("Abbrechen"),
            QDialogButtonBox.ButtonRole.RejectRole,
        )
        close.setObjectName("closePreview")
        if preview.already_applied:
            self.apply_button.setEnabled(False)
            close.setDefault(True)
        else:
            self.apply_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

    def _build_table(self) -> None:
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("previewCounts")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Art"),
                self.tr("Neu"),
                self.tr("Geändert"),
                self.tr("Gelöscht"),
                self.tr("Unverändert"),
                self.tr("Konflikte"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def _fill(self) -> None:
        rows = [(t, c) for t, c in self.preview.counts.items()]
        self.table.setRowCount(len(rows))
        bold = QFont()
        bold.setBold(True)
        for row, (table, c) in enumerate(rows):
            values = (c.insert, c.update, c.delete, c.skip + c.merge, c.conflict)
            label = QTableWidgetItem(ds.LABELS.get(table, table))
            label.setData(Qt.ItemDataRole.UserRole, table)
            self.table.setItem(row, 0, label)
            for column, value in enumerate(values, start=1):
                item = QTableWidgetItem(german_int(value) if value else "–")
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if value and column != UNCHANGED:
                    item.setFont(bold)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.table.setCurrentCell(-1, -1)

    def counts_shown(self) -> dict[str, tuple[int, int, int, int, int]]:
        """Per table: (Neu, Geändert, Gelöscht, Unverändert, Konflikte) as the table shows them."""
        found = {}
        for row in range(self.table.rowCount()):
            items = [self.table.item(row, c) for c in range(6)]
            table = str(items[0].data(Qt.ItemDataRole.UserRole)) if items[0] else ""
            cells = [item.text() if item else "–" for item in items[1:]]
            found[table] = tuple(0 if t == "–" else int(t.replace(".", "")) for t in cells)
        return found  # type: ignore[return-value]

    def _summary(self) -> str:
        preview = self.preview
        if preview.already_applied:
            return self.tr("Dieses Paket wurde bereits eingespielt – es ändert nichts.")
        changes = sum(c.insert + c.update + c.delete for c in preview.counts.values())
        parts = []
        if changes == 1:
            parts.append(self.tr("Einspielen übernimmt 1 Datensatz."))
        elif changes:
            parts.append(
                self.tr("Einspielen übernimmt {n} Datensätze.").format(n=german_int(changes))
            )
        else:
            parts.append(self.tr("Dieses Paket enthält nichts Neues für diese Station."))
        if preview.conflicts == 1:
            parts.append(
                self.tr(
                    "1 Datensatz wurde hier und dort geändert: er kommt in die Konfliktliste, "
                    "nichts wird überschrieben."
                )
            )
        elif preview.conflicts:
            parts.append(
                self.tr(
                    "{n} Datensätze wurden hier und dort geändert: sie kommen in die "
                    "Konfliktliste, nichts wird überschrieben."
                ).format(n=german_int(preview.conflicts))
            )
        if changes or preview.conflicts:
            parts.append(self.tr("Vorher wird automatisch eine Sicherung angelegt."))
        return " ".join(parts)
