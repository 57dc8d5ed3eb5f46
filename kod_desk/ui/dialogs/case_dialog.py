"""The forms of an investigation order (Ermittlungsauftrag): the order itself and its status.

Both are FormDialogs: they build a frozen draft, hand it to the page's save callable and stay
open with the service's German messages (focus on the field a message names) when refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from kod_desk.domain.cases import CaseDraft, CaseRow, next_statuses
from kod_desk.domain.enums import CaseStatus, Qualification
from kod_desk.domain.masterdata import CatalogEntry, Officer
from kod_desk.ui.dialogs.form import FormDialog
from kod_desk.ui.qt_dates import from_qdate, to_qdate

DEFAULT_DAYS_TO_DUE = 14
_NO_DATE = QDate(2000, 1, 1)  # minimum of the due-date edit, shown as "keine Frist"


def is_investigator(officer: Officer) -> bool:
    wanted = Qualification.INVESTIGATION.value.casefold()
    return any(q.casefold() == wanted for q in officer.qualifications)


class CaseDialog(FormDialog[CaseDraft]):
    """Create or edit a case: department, subject, address, dates, officer, source incident."""

    def __init__(
        self,
        save: Callable[[CaseDraft], None],
        departments: Sequence[CatalogEntry],
        officers: Sequence[Officer],
        today: date,
        case: CaseRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(save, parent)
        self.setObjectName("caseDialog")
        self.case = case
        if case is None:
            self.setWindowTitle(self.tr("Neuer Ermittlungsauftrag"))
        else:
            self.setWindowTitle(
                self.tr("Ermittlungsauftrag {reference}").format(reference=case.reference)
            )
        self._create_fields(departments, officers, today, case)
        self._build_form(case)
        if case is not None:
            self._fill(case)
        self.setMinimumWidth(560)
        self.department_combo.setFocus()

    def _create_fields(
        self,
        departments: Sequence[CatalogEntry],
        officers: Sequence[Officer],
        today: date,
        case: CaseRow | None,
    ) -> None:
        self.department_combo = QComboBox()
        self.department_combo.setObjectName("departmentCombo")
        self.department_combo.addItem(self.tr("– bitte wählen –"), None)
        for entry in departments:
            if entry.active or (case is not None and entry.id == case.department_id):
                self.department_combo.addItem(entry.name, entry.id)
        self.subject_edit = QPlainTextEdit()
        self.subject_edit.setObjectName("subjectEdit")
        self.subject_edit.setTabChangesFocus(True)
        self.subject_edit.setMinimumSize(420, 84)
        self.subject_edit.setMaximumHeight(150)
        self.subject_edit.setPlaceholderText(self.tr("Was ist zu ermitteln?"))
        self.address_edit = QLineEdit()
        self.address_edit.setObjectName("addressEdit")
        self.address_edit.setPlaceholderText(self.tr("Straße, Hausnummer"))
        self.received_edit = self._date_edit("receivedEdit")
        self.received_edit.setDate(to_qdate(today))
        self.due_edit = self._date_edit("dueEdit")
        self.due_edit.setMinimumDate(_NO_DATE)
        self.due_edit.setSpecialValueText(self.tr("keine Frist"))
        self.due_edit.setDate(to_qdate(today + timedelta(days=DEFAULT_DAYS_TO_DUE)))
        self.officer_combo = QComboBox()
        self.officer_combo.setObjectName("officerCombo")
        self._fill_officers(officers, case)
        self.incident_edit = QLineEdit()
        self.incident_edit.setObjectName("incidentEdit")
        self.incident_edit.setPlaceholderText(self.tr("z. B. VK-2026-000123 (wenn übernommen)"))
        for combo in (self.department_combo, self.officer_combo):
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def _build_form(self, case: CaseRow | None) -> None:
        if case is not None:
            state = QLabel(
                self.tr("{reference} · {status}").format(
                    reference=case.reference, status=case.status.label
                )
            )
            state.setObjectName("caseStateLabel")
            self.form.addRow(self.tr("Auftrag:"), state)
        self.form.addRow(self.tr("&Anfordernde Stelle:"), self.department_combo)
        self.form.addRow(self.tr("&Gegenstand:"), self.subject_edit)
        self.form.addRow(self.tr("A&nschrift:"), self.address_edit)
        self.form.addRow(self.tr("&Eingang:"), self.received_edit)
        self.form.addRow(self.tr("&Frist:"), self.due_edit)
        self.form.addRow(self.tr("&Zuständig:"), self.officer_combo)
        self.form.addRow(self.tr("&Vorkommnis:"), self.incident_edit)
        if case is not None and case.result:
            result = QLabel(case.result)
            result.setObjectName("caseResultLabel")
            result.setWordWrap(True)
            result.setTextFormat(Qt.TextFormat.PlainText)
            result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.form.addRow(self.tr("Ergebnis:"), result)

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setObjectName(name)
        edit.setDisplayFormat("dd.MM.yyyy")
        edit.setCalendarPopup(True)
        return edit

    def _fill_officers(self, officers: Sequence[Officer], case: CaseRow | None) -> None:
        """Nobody, then the investigators, then everyone else active (marked as such)."""
        combo = self.officer_combo
        combo.addItem(self.tr("– noch niemand –"), None)
        current = case.assigned_officer_id if case is not None else None
        shown = [o for o in officers if o.active or o.id == current]
        for officer in sorted(shown, key=lambda o: not is_investigator(o)):
            text = officer.display_name
            if not officer.active:
                text = self.tr("{name} (nicht aktiv)").format(name=text)
            elif not is_investigator(officer):
                text = self.tr("{name} (ohne Qualifikation Ermittlungen)").format(name=text)
            combo.addItem(text, officer.id)

    def _fill(self, case: CaseRow) -> None:
        index = self.department_combo.findData(case.department_id)
        self.department_combo.setCurrentIndex(max(0, index))
        self.subject_edit.setPlainText(case.subject)
        self.address_edit.setText(case.address)
        self.received_edit.setDate(to_qdate(case.received_on))
        self.due_edit.setDate(to_qdate(case.due_on) if case.due_on else _NO_DATE)
        index = self.officer_combo.findData(case.assigned_officer_id)
        self.officer_combo.setCurrentIndex(max(0, index))
        self.incident_edit.setText(case.source_incident_reference)

    def build_draft(self) -> CaseDraft:
        due = self.due_edit.date()
        return CaseDraft(
            department_id=self.department_combo.currentData(),
            subject=self.subject_edit.toPlainText(),
            address=self.address_edit.text(),
            received_on=from_qdate(self.received_edit.date()),
            due_on=None if due == self.due_edit.minimumDate() else from_qdate(due),
            assigned_officer_id=self.officer_combo.currentData(),
            source_incident_reference=self.incident_edit.text(),
        )

    def field_widgets(self) -> Mapping[str, QWidget]:
        """The fields by the CaseDraft attribute they fill (the problems' keys)."""
        return {
            "department_id": self.department_combo,
            "subject": self.subject_edit,
            "address": self.address_edit,
            "received_on": self.received_edit,
            "due_on": self.due_edit,
            "assigned_officer_id": self.officer_combo,
            "source_incident_reference": self.incident_edit,
        }


@dataclass(frozen=True)
class CaseStatusDraft:
    """The next status and its text: the result when done, the reason when reopened."""

    status: CaseStatus
    text: str


class CaseStatusDialog(FormDialog[CaseStatusDraft]):
    """The next status of a case; done asks for the result, reopening for the reason."""

    def __init__(
        self,
        save: Callable[[CaseStatusDraft], None],
        case: CaseRow,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(save, parent)
        self.setObjectName("caseStatusDialog")
        self.setWindowTitle(self.tr("Status ändern – {reference}").format(reference=case.reference))
        self.case = case
        current = QLabel(case.status.label)
        current.setObjectName("currentStatusLabel")
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("statusCombo")
        for status in next_statuses(case.status):
            self.status_combo.addItem(status.label, status.value)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("resultEdit")
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setMinimumSize(420, 110)
        self.text_label = QLabel()
        self.text_label.setBuddy(self.text_edit)
        self.form.addRow(self.tr("Bisher:"), current)
        self.form.addRow(self.tr("&Neuer Status:"), self.status_combo)
        self.form.addRow(self.text_label, self.text_edit)
        self.status_combo.currentIndexChanged.connect(self._update)
        if case.status is not CaseStatus.DONE and len(next_statuses(case.status)) > 1:
            # An open case is usually started; a started one is usually finished.
            self.set_status(CaseStatus.IN_PROGRESS)
        self._update()
        self.status_combo.setFocus()

    def set_status(self, status: CaseStatus) -> None:
        self.status_combo.setCurrentIndex(self.status_combo.findData(status.value))

    def selected_status(self) -> CaseStatus:
        return CaseStatus(self.status_combo.currentData())

    def _update(self) -> None:
        status = self.selected_status()
        reopening = self.case.status is CaseStatus.DONE
        if status is CaseStatus.DONE:
            self.text_label.setText(self.tr("&Ergebnis:"))
            self.text_edit.setPlaceholderText(self.tr("Was hat die Ermittlung ergeben?"))
            if not self.text_edit.toPlainText():
                self.text_edit.setPlainText(self.case.result)
        elif reopening:
            self.text_label.setText(self.tr("&Grund:"))
            self.text_edit.setPlaceholderText(self.tr("Warum wird der Auftrag wieder aufgenommen?"))
        else:
            self.text_label.setText(self.tr("&Ergebnis:"))
            self.text_edit.setPlaceholderText(self.tr("erst beim Erledigen nötig"))
        self.text_edit.setEnabled(status is CaseStatus.DONE or reopening)

    def build_draft(self) -> CaseStatusDraft:
        status = self.selected_status()
        enabled = self.text_edit.isEnabled()
        return CaseStatusDraft(status, self.text_edit.toPlainText() if enabled else "")

    def field_widgets(self) -> Mapping[str, QWidget]:
        """The fields by the CaseStatusDraft attribute they fill (the problems' keys)."""
        return {"status": self.status_combo, "text": self.text_edit}
