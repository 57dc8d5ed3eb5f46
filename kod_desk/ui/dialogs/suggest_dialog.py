"""The roster suggestion (Vorschlag): accept all, some or none of the proposed assignments."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain.masterdata import Officer
from kod_desk.domain.roster import RosterShift
from kod_desk.domain.roster_suggest import ProposedAssignment, Suggestion
from kod_desk.domain.timeutil import to_local
from kod_desk.ui.models.week_model import WEEKDAY_SHORT

STATUS_TEXT = {
    "OPTIMAL": QT_TRANSLATE_NOOP("SuggestDialog", "nachweislich optimal"),
    "FEASIBLE": QT_TRANSLATE_NOOP("SuggestDialog", "beste Lösung im Zeitlimit"),
    "START_PLAN": QT_TRANSLATE_NOOP("SuggestDialog", "Startplan"),
    "NO_SLOTS": QT_TRANSLATE_NOOP("SuggestDialog", "nichts zu besetzen"),
}


def decimal(value: float, digits: int = 1) -> str:
    """A number as German text: 11,0 and 2,7 (a decimal comma, no thousands point)."""
    return f"{value:.{digits}f}".replace(".", ",")


def shift_heading(shift: RosterShift | None) -> str:
    if shift is None:
        return "?"
    start, end = to_local(shift.starts_at), to_local(shift.ends_at)
    where = f" {shift.area}" if shift.area else ""
    weekday = WEEKDAY_SHORT[start.weekday()]
    return f"{weekday} {start:%d.%m.} {start:%H:%M}–{end:%H:%M} {shift.kind.label}{where}"


class SuggestDialog(QDialog):
    """Lists proposals (checked by default) and the slots that stay open, with reasons."""

    def __init__(
        self,
        suggestion: Suggestion,
        shifts: Sequence[RosterShift],
        officers: Sequence[Officer],
        accept: Callable[[list[ProposedAssignment]], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("suggestDialog")
        self.setWindowTitle(
            self.tr("Vorschlag für die Woche ab {date}").format(
                date=f"{suggestion.monday:%d.%m.%Y}"
            )
        )
        self.suggestion = suggestion
        self._accept = accept
        by_shift = {s.id: s for s in shifts}
        by_officer = {o.id: o for o in officers}
        stats = suggestion.stats
        summary = QLabel(
            self.tr(
                "{filled} von {needed} offenen Plätzen besetzt, ohne Regelverstoß. "
                "Größte Abweichung von der Soll-Arbeitszeit: {dev} h. "
                "Berechnet in {seconds} s ({status})."
            ).format(
                filled=stats.filled_slots,
                needed=stats.needed_slots,
                dev=decimal(stats.max_deviation_hours),
                seconds=decimal(stats.total_seconds),
                status=QCoreApplication.translate(
                    "SuggestDialog", str(STATUS_TEXT.get(stats.status, stats.status))
                ),
            )
        )
        summary.setWordWrap(True)
        self.summary = summary
        self.proposals = QListWidget()
        self.proposals.setObjectName("proposalList")
        ordered = sorted(
            suggestion.proposals,
            key=lambda p: (
                by_shift[p.shift_id].starts_at if p.shift_id in by_shift else 0,
                p.officer_id,
            ),
        )
        for proposal in ordered:
            officer = by_officer.get(proposal.officer_id)
            name = officer.display_name if officer else proposal.officer_id
            lead = self.tr(" (Streifenführung)") if proposal.is_lead else ""
            item = QListWidgetItem(
                f"{shift_heading(by_shift.get(proposal.shift_id))}: {name}{lead}"
            )
            item.setData(Qt.ItemDataRole.UserRole, proposal)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.proposals.addItem(item)
        self.unfilled = QListWidget()
        self.unfilled.setObjectName("unfilledList")
        for slot in suggestion.unfilled:
            self.unfilled.addItem(f"⚠ {slot.reason}")
        all_button = QPushButton(self.tr("Alle"))
        none_button = QPushButton(self.tr("Keine"))
        all_button.clicked.connect(lambda: self._check_all(Qt.CheckState.Checked))
        none_button.clicked.connect(lambda: self._check_all(Qt.CheckState.Unchecked))
        self.buttons = QDialogButtonBox()
        self.accept_button = self.buttons.addButton(
            self.tr("Ausgewählte &übernehmen"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.accept_button.setDefault(True)
        self.buttons.addButton(self.tr("Verwerfen"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._take)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Vorgeschlagene Einteilungen:")), 1)
        row.addWidget(all_button)
        row.addWidget(none_button)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addLayout(row)
        layout.addWidget(self.proposals, 3)
        if suggestion.unfilled:
            layout.addWidget(QLabel(self.tr("Nicht besetzbar:")))
            layout.addWidget(self.unfilled, 1)
        layout.addWidget(self.buttons)
        self.resize(720, 560)
        self.proposals.setCurrentRow(0)
        self.proposals.setFocus()  # ↓/↑ and Leertaste tick proposals, Eingabe takes them

    def _check_all(self, state: Qt.CheckState) -> None:
        for row in range(self.proposals.count()):
            self.proposals.item(row).setCheckState(state)

    def chosen(self) -> list[ProposedAssignment]:
        items = (self.proposals.item(row) for row in range(self.proposals.count()))
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def _take(self) -> None:
        chosen = self.chosen()
        if not chosen:
            self.reject()
            return
        if self._accept(chosen):
            self.accept()

    def proposal_texts(self) -> list[Any]:
        return [self.proposals.item(row).text() for row in range(self.proposals.count())]
