"""The small forms over an incident's detail dialog: correct a note, change category, crew
and measures, change the status, hand over to the Ermittlungsdienst.

Each is a FormDialog: it builds a small frozen draft, hands it to the detail dialog's save
callable and stays open with the service's German messages when the write is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QLineEdit, QPlainTextEdit, QWidget

from kod_desk.domain.enums import IncidentStatus
from kod_desk.domain.incident_corrections import CorrectionChoices, IncidentCorrection
from kod_desk.domain.timeutil import local_today
from kod_desk.ui.dialogs.form import FormDialog
from kod_desk.ui.qt_dates import to_qdate
from kod_desk.ui.widgets.check_list import check_list, checked_first, checked_ids, set_checked_ids

if TYPE_CHECKING:
    from kod_desk.domain.incidents import Note
    from kod_desk.domain.masterdata import CatalogEntry


class CorrectNoteDialog(FormDialog[str]):
    """The text of a note that corrects another one; the original stays visible."""

    def __init__(self, save: Callable[[str], None], note: Note, parent: QWidget | None = None):
        super().__init__(save, parent)
        self.setObjectName("correctNoteDialog")
        self.setWindowTitle(self.tr("Vermerk korrigieren"))
        # A read-only, wrapped, scrollable block: a long note stays readable at 1366×768.
        original = QPlainTextEdit(note.text)
        original.setObjectName("originalNoteView")
        original.setReadOnly(True)
        original.setTabChangesFocus(True)
        original.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        original.setMinimumSize(420, 72)
        original.setMaximumHeight(200)
        original.setStyleSheet("QPlainTextEdit { background: palette(window); }")
        self.original_view = original
        self.text_edit = QPlainTextEdit(note.text)
        self.text_edit.setObjectName("correctionEdit")
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setMinimumSize(420, 120)
        self.form.addRow(self.tr("Bisher:"), original)
        self.form.addRow(self.tr("&Korrektur:"), self.text_edit)
        QWidget.setTabOrder(self.text_edit, original)
        self.text_edit.setFocus()

    def build_draft(self) -> str:
        return self.text_edit.toPlainText()

    def field_widgets(self) -> Mapping[str, QWidget]:
        """The correction's text is the NoteDraft's "text"."""
        return {"text": self.text_edit}


class CorrectionDialog(FormDialog[IncidentCorrection]):
    """Category, crew and measures afterwards; the old values go into the incident's history."""

    def __init__(
        self,
        save: Callable[[IncidentCorrection], None],
        choices: CorrectionChoices,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(save, parent)
        self.setObjectName("correctionDialog")
        self.setWindowTitle(self.tr("Angaben ändern"))
        current = choices.current
        self.category_combo = QComboBox()  # typing jumps to a category
        self.category_combo.setObjectName("correctCategoryCombo")
        for entry_id, name in choices.categories:
            self.category_combo.addItem(name, entry_id)
        self.category_combo.setCurrentIndex(self.category_combo.findData(current.category_id))
        self.officer_list = check_list("correctOfficerList", choices.officers)
        set_checked_ids(self.officer_list, current.officer_ids)
        checked_first(self.officer_list)
        self.measure_list = check_list("correctMeasureList", choices.measures)
        set_checked_ids(self.measure_list, current.measure_ids)
        hint = QLabel(
            self.tr("Die bisherigen Angaben bleiben im Verlauf des Vorkommnisses sichtbar.")
        )
        hint.setWordWrap(True)
        self.form.addRow(self.tr("&Kategorie:"), self.category_combo)
        self.form.addRow(self.tr("&Dienstkräfte:"), self.officer_list)
        self.form.addRow(self.tr("&Maßnahmen:"), self.measure_list)
        self.form.addRow(hint)
        self.setMinimumWidth(460)
        self.category_combo.setFocus()

    def build_draft(self) -> IncidentCorrection:
        return IncidentCorrection(
            self.category_combo.currentData(),
            checked_ids(self.officer_list),
            checked_ids(self.measure_list),
        )

    def field_widgets(self) -> Mapping[str, QWidget]:
        """The fields by the IncidentCorrection attribute they fill (the problems' keys)."""
        return {
            "category_id": self.category_combo,
            "officer_ids": self.officer_list,
            "measure_ids": self.measure_list,
        }


@dataclass(frozen=True)
class StatusDraft:
    status: IncidentStatus
    outcome: str


class StatusDialog(FormDialog[StatusDraft]):
    """The next status; closing asks for the outcome."""

    def __init__(
        self,
        save: Callable[[StatusDraft], None],
        current: IncidentStatus,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(save, parent)
        self.setObjectName("statusDialog")
        self.setWindowTitle(self.tr("Status ändern"))
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("statusCombo")
        for status in (IncidentStatus.IN_PROGRESS, IncidentStatus.CLOSED):
            if status is not current:
                self.status_combo.addItem(status.label, status.value)
        self.outcome_edit = QPlainTextEdit()
        self.outcome_edit.setObjectName("outcomeEdit")
        self.outcome_edit.setTabChangesFocus(True)
        self.outcome_edit.setMinimumSize(380, 90)
        self.outcome_edit.setPlaceholderText(self.tr("Was ist das Ergebnis?"))
        self.form.addRow(self.tr("&Neuer Status:"), self.status_combo)
        self.form.addRow(self.tr("&Ergebnis:"), self.outcome_edit)
        self.status_combo.currentIndexChanged.connect(self._update)
        self._update()

    def set_status(self, status: IncidentStatus) -> None:
        self.status_combo.setCurrentIndex(self.status_combo.findData(status.value))

    def _update(self) -> None:
        self.outcome_edit.setEnabled(self.selected_status() is IncidentStatus.CLOSED)

    def selected_status(self) -> IncidentStatus | None:
        value = self.status_combo.currentData()
        return IncidentStatus(value) if value else None

    def build_draft(self) -> StatusDraft:
        status = self.selected_status()
        assert status is not None
        outcome = self.outcome_edit.toPlainText() if status is IncidentStatus.CLOSED else ""
        return StatusDraft(status, outcome)

    def field_widgets(self) -> Mapping[str, QWidget]:
        """The fields by the StatusDraft attribute they fill (the problems' keys)."""
        return {"status": self.status_combo, "outcome": self.outcome_edit}


@dataclass(frozen=True)
class HandOverDraft:
    department_id: str | None
    due_on: date | None
    subject: str


class HandOverDialog(FormDialog[HandOverDraft]):
    """Hand the incident to the Ermittlungsdienst as an investigation order."""

    def __init__(
        self,
        save: Callable[[HandOverDraft], None],
        departments: Sequence[CatalogEntry],
        subject: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(save, parent)
        self.setObjectName("handOverDialog")
        self.setWindowTitle(self.tr("An Ermittlungsdienst übergeben"))
        self.save_button.setText(self.tr("Übergeben"))
        self.department_combo = QComboBox()
        self.department_combo.setObjectName("departmentCombo")
        self.department_combo.addItem(self.tr("– keine –"), None)
        for entry in departments:
            self.department_combo.addItem(entry.name, entry.id)
        due = local_today() + timedelta(days=14)
        self.due_edit = QDateEdit(to_qdate(due))
        self.due_edit.setObjectName("dueEdit")
        self.due_edit.setDisplayFormat("dd.MM.yyyy")
        self.due_edit.setCalendarPopup(True)
        self.subject_edit = QLineEdit(subject)
        self.subject_edit.setObjectName("subjectEdit")
        self.subject_edit.setMinimumWidth(380)
        self.form.addRow(self.tr("&Anfordernde Stelle:"), self.department_combo)
        self.form.addRow(self.tr("&Frist:"), self.due_edit)
        self.form.addRow(self.tr("&Gegenstand:"), self.subject_edit)

    def build_draft(self) -> HandOverDraft:
        due = self.due_edit.date()
        return HandOverDraft(
            self.department_combo.currentData(),
            date(due.year(), due.month(), due.day()),
            self.subject_edit.text(),
        )

    def field_widgets(self) -> Mapping[str, QWidget]:
        """The fields by the HandOverDraft attribute they fill (the problems' keys)."""
        return {
            "department_id": self.department_combo,
            "due_on": self.due_edit,
            "subject": self.subject_edit,
        }
