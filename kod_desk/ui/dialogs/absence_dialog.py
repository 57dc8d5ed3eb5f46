"""The form for an absence (Urlaub, krank, Fortbildung …) of one officer."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date

from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QWidget

from kod_desk.domain.enums import AbsenceKind
from kod_desk.domain.masterdata import Officer
from kod_desk.domain.roster import AbsenceDraft
from kod_desk.ui.dialogs.form import FormDialog
from kod_desk.ui.qt_dates import from_qdate, to_qdate


class AbsenceDialog(FormDialog[AbsenceDraft]):
    """Record an absence; the roster grid shows it and the rules refuse duties inside it."""

    def __init__(
        self,
        save: Callable[[AbsenceDraft], None],
        officers: Sequence[Officer],
        officer_id: str | None,
        day: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(save, parent)
        self.setObjectName("absenceDialog")
        self.setWindowTitle(self.tr("Abwesenheit eintragen"))
        self.officer_combo = QComboBox()
        self.officer_combo.setObjectName("officerCombo")
        for officer in officers:
            self.officer_combo.addItem(
                f"{officer.display_name} ({officer.service_number})", officer.id
            )
        if officer_id is not None:
            self.officer_combo.setCurrentIndex(self.officer_combo.findData(officer_id))
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kindCombo")
        for kind in AbsenceKind:
            self.kind_combo.addItem(kind.label, kind.value)
        self.from_edit = QDateEdit(to_qdate(day))
        self.from_edit.setObjectName("fromEdit")
        self.to_edit = QDateEdit(to_qdate(day))
        self.to_edit.setObjectName("toEdit")
        for edit in (self.from_edit, self.to_edit):
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.setCalendarPopup(True)
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("noteEdit")
        self.form.addRow(self.tr("&Dienstkraft:"), self.officer_combo)
        self.form.addRow(self.tr("&Art:"), self.kind_combo)
        self.form.addRow(self.tr("&Von:"), self.from_edit)
        self.form.addRow(self.tr("&Bis (einschließlich):"), self.to_edit)
        self.form.addRow(self.tr("Be&merkung:"), self.note_edit)
        self.setMinimumWidth(420)
        self.kind_combo.setFocus()

    def build_draft(self) -> AbsenceDraft:
        """The absence the fields describe."""
        return AbsenceDraft(
            officer_id=str(self.officer_combo.currentData()),
            kind=AbsenceKind(self.kind_combo.currentData()),
            starts_on=from_qdate(self.from_edit.date()),
            ends_on=from_qdate(self.to_edit.date()),
            note=self.note_edit.text(),
        )

    def field_widgets(self) -> Mapping[str, QWidget]:
        """The fields by the AbsenceDraft attribute they fill (the problems' keys)."""
        return {
            "officer_id": self.officer_combo,
            "kind": self.kind_combo,
            "starts_on": self.from_edit,
            "ends_on": self.to_edit,
        }
