"""Working time beyond 8 h per day for the §16 (2) ArbZG record, as a table to read and copy."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from kod_desk.domain.roster_rules import OvertimeEntry
from kod_desk.ui.models.row_table_model import Column, RowTableModel
from kod_desk.ui.settings import Settings
from kod_desk.ui.widgets.data_table import DataTable


def _hm(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


class OvertimeDialog(QDialog):
    """Every duty day over 8 h in the period, on actual times where recorded."""

    def __init__(
        self,
        entries: Sequence[OvertimeEntry],
        first: date,
        last: date,
        settings: Settings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("overtimeDialog")
        self.setWindowTitle(self.tr("Nachweis nach §16 Abs. 2 ArbZG"))
        total = sum(e.beyond_minutes for e in entries)
        summary = QLabel(
            self.tr("{first} – {last}: {n} Tage über 8 h, zusammen +{total} h.").format(
                first=f"{first:%d.%m.%Y}",
                last=f"{last:%d.%m.%Y}",
                n=len(entries),
                total=_hm(total),
            )
        )
        self.model: RowTableModel[OvertimeEntry] = RowTableModel(
            [
                Column(
                    self.tr("Tag"),
                    lambda e: f"{e.day:%d.%m.%Y}",
                    sort_key=lambda e: e.day.toordinal(),
                ),
                Column(self.tr("Dienstnummer"), lambda e: e.officer),
                Column(self.tr("Name"), lambda e: e.name),
                Column(
                    self.tr("Arbeitszeit"),
                    lambda e: _hm(e.worked_minutes),
                    sort_key=lambda e: e.worked_minutes,
                    align_right=True,
                ),
                Column(
                    self.tr("über 8 h"),
                    lambda e: "+" + _hm(e.beyond_minutes),
                    sort_key=lambda e: e.beyond_minutes,
                    align_right=True,
                ),
                Column(
                    self.tr("Grundlage"),
                    lambda e: self.tr("Ist-Zeiten") if e.actual else self.tr("Plan"),
                ),
            ],
            parent=self,
        )
        self.model.set_rows(list(entries))
        self.table = DataTable(self.model, settings, "roster/overtime")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("&Schließen"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(720, 480)
