"""Datenbank → Sicherungen …: the backups of this database, back up now, restore one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain.errors import UserError
from kod_desk.domain.text import german_decimal
from kod_desk.services.backups import BackupRow
from kod_desk.services.registry import Services
from kod_desk.ui.messages import show_error
from kod_desk.ui.models.row_table_model import Column, RowTableModel
from kod_desk.ui.settings import Settings
from kod_desk.ui.widgets.data_table import DataTable


def _size(size: int) -> str:
    if size >= 1_048_576:
        return f"{german_decimal(size / 1_048_576, 1)} MB"
    return f"{max(1, round(size / 1024))} KB"


class BackupDialog(QDialog):
    """Lists the backups (newest first); restoring asks first, then the app reopens."""

    restore_requested = Signal(str)

    def __init__(self, services: Services, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("backupDialog")
        self.setWindowTitle(self.tr("Sicherungen"))
        self._backups = services.backups
        folder = self._backups.folder
        if folder is None:
            text = self.tr(
                "Diese Datenbank liegt auf einem PostgreSQL-Server; Sicherungen macht der "
                "Datenbankserver (pg_dump)."
            )
        else:
            text = self.tr(
                "Automatisch beim Start, stündlich und vor Aktualisierungen, Importen und "
                "Löschungen; jede Sicherung wird nach dem Schreiben geprüft. Aufbewahrt werden "
                "die letzten 24 Stunden und 7 Tage sowie Sicherungen vor Änderungen 30 Tage.\n"
                "Ordner: {folder}"
            ).format(folder=folder)
        self.summary = QLabel(text)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model: RowTableModel[BackupRow] = RowTableModel(
            [
                Column(
                    self.tr("Zeitpunkt"),
                    lambda b: f"{b.taken_at:%d.%m.%Y %H:%M:%S}",
                    sort_key=lambda b: b.taken_at.timestamp(),
                ),
                Column(self.tr("Anlass"), lambda b: b.reason_text),
                Column(
                    self.tr("Größe"),
                    lambda b: _size(b.size),
                    sort_key=lambda b: b.size,
                    align_right=True,
                ),
                Column(
                    self.tr("Geprüft"), lambda b: self.tr("ja") if b.verified else self.tr("nein")
                ),
            ],
            parent=self,
        )
        self.table = DataTable(self.model, settings, "backups")
        self.backup_button = QPushButton(self.tr("Jetzt &sichern"))
        self.restore_button = QPushButton(self.tr("&Wiederherstellen …"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.ask_restore)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.backup_button.setEnabled(folder is not None)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, 460)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(self._backups.list())
        for column in range(self.model.columnCount() - 1):
            self.table.resizeColumnToContents(column)
        if self.model.rowCount():
            self.table.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.table.selected_row() is not None)

    def back_up_now(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._backups.make("manuell")
        except UserError as error:
            QGuiApplication.restoreOverrideCursor()
            show_error(self, error, self.tr("Sicherung fehlgeschlagen"))
            return
        QGuiApplication.restoreOverrideCursor()
        self.reload()

    def ask_restore(self) -> None:
        row = self.table.selected_row()
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Sicherung wiederherstellen"),
            self.tr(
                "Die Sicherung vom {time} ({reason}) ersetzt den jetzigen Stand der Datenbank. "
                "Der jetzige Stand wird vorher selbst gesichert. KOD Desk schließt dazu die "
                "Datenbank und öffnet sie danach neu.\n\nJetzt wiederherstellen?"
            ).format(time=f"{row.taken_at:%d.%m.%Y %H:%M}", reason=row.reason_text),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.accept()
        self.restore_requested.emit(row.path)
