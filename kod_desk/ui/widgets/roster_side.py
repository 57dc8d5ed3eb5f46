"""The Dienstplan's side panel: the duties of the selected day with their buttons, and the
rule findings (issue 14 made it collapsible with F9; the page decides what the buttons do)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain.roster import Finding, RosterShift
from kod_desk.ui.models.row_table_model import Column, RowTableModel
from kod_desk.ui.models.week_model import duty_code
from kod_desk.ui.settings import Settings
from kod_desk.ui.widgets.week_grid import DayDuties


class RosterSidePanel(QWidget):
    """Duties of the day (table and buttons) above the findings list."""

    def __init__(
        self,
        settings: Settings,
        bikes_text: Callable[[RosterShift], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        side_layout = QVBoxLayout(self)
        side_layout.setContentsMargins(6, 0, 0, 0)
        self.day_label = QLabel()
        self.day_label.setObjectName("sectionHeading")
        self.day_model: RowTableModel[RosterShift] = RowTableModel(
            [
                Column(
                    self.tr("Zeit"),
                    duty_code,
                    sort_key=lambda s: s.starts_at.timestamp(),
                ),
                Column(self.tr("Art"), lambda s: s.kind.label),
                Column(self.tr("Gebiet"), lambda s: s.area or "—"),
                Column(
                    self.tr("Ist/Soll"),
                    lambda s: f"{len(s.crew)}/{s.min_staff}",
                    align_right=True,
                ),
                Column(
                    self.tr("Besatzung"),
                    lambda s: (
                        "; ".join(f"{c.name}{' (SF)' if c.is_lead else ''}" for c in s.crew)
                        or self.tr("offen")
                    ),
                ),
                Column(self.tr("Fahrräder"), bikes_text),
            ],
            parent=self,
        )
        self.day_table = DayDuties(self.day_model, settings)
        self.day_table.setObjectName("dayDuties")
        buttons = QGridLayout()
        self.new_button = QPushButton(self.tr("Neuer Dienst…"))
        self.assign_button = QPushButton(self.tr("Einteilen"))
        self.assign_button.setToolTip(
            self.tr("Markierte Dienstkraft in den markierten Dienst einteilen (Eingabe)")
        )
        self.unassign_button = QPushButton(self.tr("Austragen"))
        self.lead_button = QPushButton(self.tr("Streifenführung"))
        self.delete_button = QPushButton(self.tr("Dienst löschen"))
        self.edit_button = QPushButton(self.tr("Dienst bearbeiten…"))
        self.actual_button = QPushButton(self.tr("Ist-Zeiten…"))
        self.actual_button.setToolTip(
            self.tr("Tatsächlichen Beginn, Ende und Pause der markierten Dienstkraft erfassen")
        )
        self.book_bike_button = QPushButton(self.tr("Fahrrad buchen…"))
        self.book_bike_button.setToolTip(
            self.tr(
                "Der markierten Dienstkraft ein Dienstfahrrad für die markierte Radstreife buchen"
            )
        )
        self.cancel_bike_button = QPushButton(self.tr("Buchung stornieren"))
        self.cancel_bike_button.setToolTip(
            self.tr(
                "Die Fahrradbuchung der markierten Dienstkraft für den markierten Dienst stornieren"
            )
        )
        self.report_button = QPushButton(self.tr("Schichtbericht"))
        self.report_button.setObjectName("shiftReportButton")
        self.report_button.setToolTip(
            self.tr("Schichtbericht des markierten Dienstes ansehen, drucken oder speichern")
        )
        for index, button in enumerate(
            (
                self.assign_button,
                self.unassign_button,
                self.lead_button,
                self.actual_button,
                self.new_button,
                self.edit_button,
                self.delete_button,
                self.book_bike_button,
                self.cancel_bike_button,
                self.report_button,
            )
        ):
            buttons.addWidget(button, index // 4, index % 4)
        side_layout.addWidget(self.day_label)
        side_layout.addWidget(self.day_table, 1)
        side_layout.addLayout(buttons)
        self.findings_label = QLabel()
        self.findings_label.setObjectName("sectionHeading")
        self.actual_check = QCheckBox(self.tr("Ist-Zeiten prüfen"))
        self.actual_check.setObjectName("checkActual")
        self.actual_check.setToolTip(
            self.tr("Regeln auf die erfassten Ist-Zeiten anwenden (sonst auf die Plan-Zeiten)")
        )
        self.findings_list = QListWidget()
        self.findings_list.setObjectName("findingsList")
        self.findings_list.setWordWrap(True)
        findings_head = QHBoxLayout()
        findings_head.addWidget(self.findings_label, 1)
        findings_head.addWidget(self.actual_check)
        side_layout.addLayout(findings_head)
        side_layout.addWidget(self.findings_list, 1)

    def show_findings(self, findings: Sequence[Finding]) -> tuple[int, int]:
        """The findings with their heading; returns how many errors and warnings."""
        self.findings_list.clear()
        errors = sum(1 for f in findings if f.severity == "error")
        warnings = len(findings) - errors
        self.findings_label.setText(
            self.tr("Prüfung: {errors} Fehler, {warnings} Hinweise").format(
                errors=errors, warnings=warnings
            )
        )
        for finding in findings:
            error = finding.severity == "error"
            # ✖/⚠ are in the fonts of every desktop we ship to (⛔ is not).
            item = QListWidgetItem(("✖ " if error else "⚠ ") + finding.message)
            item.setForeground(QBrush(QColor("#b00020" if error else "#8a5300")))
            item.setData(Qt.ItemDataRole.UserRole, finding)
            item.setToolTip(f"{finding.rule} · {finding.paragraph}")
            self.findings_list.addItem(item)
        return errors, warnings

    def edit_buttons(self) -> tuple[QPushButton, ...]:
        """The buttons that change duties and crews (for who plans; off while read-only)."""
        return (
            *(self.new_button, self.edit_button, self.assign_button, self.unassign_button),
            *(self.lead_button, self.actual_button, self.delete_button),
        )

    def bike_buttons(self) -> tuple[QPushButton, ...]:
        """Book and cancel a bike (for who books bikes; off while read-only)."""
        return (self.book_bike_button, self.cancel_bike_button)
