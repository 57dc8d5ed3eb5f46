""" "Konflikte" on the Synchronisation page: records changed here and at another station, and
the dialog that shows both versions and decides (ConflictDialog).

After a decision the box ``publish``es it and emits ``changed`` so the page reads again, then
says what was decided in its own result line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kod_desk.domain import sync as ds
from kod_desk.ui.dialogs.conflict_dialog import ConflictDialog, record_hint
from kod_desk.ui.models.sync_models import ConflictTableModel
from kod_desk.ui.widgets.data_table import DataTable
from kod_desk.ui.widgets.sync_notice import MUTED, say

if TYPE_CHECKING:
    from kod_desk.services.base import Result
    from kod_desk.services.registry import Services
    from kod_desk.ui.settings import Settings


class ConflictsBox(QGroupBox):
    """The open conflicts, or a line saying there are none."""

    changed = Signal()  # a conflict was decided (after publishing)

    def __init__(
        self,
        settings: Settings,
        services: Callable[[], Services | None],
        publish: Callable[[Result[Any]], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflictsBox")
        self._services = services
        self._publish = publish
        self.conflict_dialog: ConflictDialog | None = None
        self.conflict_model = ConflictTableModel(self)
        self.conflict_table = DataTable(self.conflict_model, settings, "sync/conflicts")
        self.conflict_table.setObjectName("conflictTable")
        self.conflict_table.activated_row.connect(self.open_conflict)
        self.no_conflicts = QLabel(
            self.tr("Keine offenen Konflikte – alle Datensätze stimmen überein.")
        )
        self.no_conflicts.setObjectName("noConflicts")
        self.no_conflicts.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_conflicts.setStyleSheet(MUTED)
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
        hint.setStyleSheet(MUTED)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.conflict_table, 1)
        layout.addWidget(self.no_conflicts, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.conflict_label)

    def show_conflicts(self, conflicts: list[ds.ConflictView]) -> None:
        """The open conflicts (the first selected), their number in the title."""
        self.conflict_model.set_rows(conflicts)
        self.setTitle(
            self.tr("Konflikte ({n})").format(n=len(conflicts))
            if conflicts
            else self.tr("Konflikte")
        )
        self.conflict_table.setVisible(bool(conflicts))
        self.no_conflicts.setVisible(not conflicts)
        self.open_button.setEnabled(bool(conflicts))
        if conflicts and not self.conflict_table.selectionModel().hasSelection():
            self.conflict_table.selectRow(0)

    def open_selected_conflict(self) -> None:
        rows = self.conflict_table.selectionModel().selectedRows()
        if rows:
            row = self.conflict_table.proxy.mapToSource(rows[0]).row()
            self.open_conflict(self.conflict_model.row_at(row))

    def open_conflict(self, conflict: ds.ConflictView) -> ConflictDialog | None:
        services = self._services()
        if services is None:
            return None
        dialog = ConflictDialog(services, conflict, self)
        dialog.accepted.connect(lambda: self._resolved(dialog))
        self.conflict_dialog = dialog
        dialog.open()
        return dialog

    def _resolved(self, dialog: ConflictDialog) -> None:
        if dialog.result_value is not None:
            self._publish(dialog.result_value)
        self.changed.emit()
        conflict = dialog.conflict
        say(
            self.conflict_label,
            self.tr("Entschieden: {label} {hint}.").format(
                label=conflict.label, hint=record_hint(conflict)
            ),
            True,
        )
