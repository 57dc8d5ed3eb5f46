"""Persons involved in an incident: the add form, the reason-of-access form and the section.

Persons are personal data (DESIGN.md §10): the section shows only their number until the user
asks to see them and names a reason, which IncidentService writes to the access log. A role
that may not see them gets "Nur für Berechtigte sichtbar" and the number only. Anyone may add
a person.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain.enums import PersonRole
from kod_desk.domain.errors import FieldProblem, ValidationError
from kod_desk.domain.incidents import Person, PersonDraft
from kod_desk.domain.permissions import ACCESS_REASONS
from kod_desk.domain.timeutil import local_today
from kod_desk.ui.dialogs.form import FormDialog

if TYPE_CHECKING:
    from kod_desk.services.base import Result
    from kod_desk.services.incidents import IncidentService

DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d")
PERSONAL_DATA_STYLE = (
    "QLabel { background: #fdecea; color: #842029; padding: 4px 6px; border-radius: 3px; }"
)


def parse_birth_date(text: str) -> date | None:
    """ "1.5.1980", "01.05.80" or "1980-05-01"; "" is None; raises ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    for pattern in DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if pattern == "%d.%m.%y" and parsed > local_today():
            parsed = parsed.replace(year=parsed.year - 100)  # "80" is 1980, not 2080
        return parsed
    raise ValueError(text)


def person_name(person: Person) -> str:
    return ", ".join(part for part in (person.last_name, person.first_name) if part)


class PersonDialog(FormDialog[PersonDraft]):
    """Role, names, birth date, address and a description for someone without a name."""

    def __init__(self, save: Callable[[PersonDraft], None], parent: QWidget | None = None):
        super().__init__(save, parent)
        self.setObjectName("personDialog")
        self.setWindowTitle(self.tr("Person hinzufügen"))
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("personRoleCombo")
        for role in PersonRole:
            self.role_combo.addItem(role.label, role.value)
        self.last_name_edit = QLineEdit()
        self.last_name_edit.setObjectName("lastNameEdit")
        self.first_name_edit = QLineEdit()
        self.first_name_edit.setObjectName("firstNameEdit")
        self.birth_date_edit = QLineEdit()
        self.birth_date_edit.setObjectName("birthDateEdit")
        self.birth_date_edit.setPlaceholderText(self.tr("TT.MM.JJJJ"))
        self.address_edit = QLineEdit()
        self.address_edit.setObjectName("addressEdit")
        self.address_edit.setPlaceholderText(self.tr("Straße Nr., PLZ Ort"))
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("personNoteEdit")
        self.note_edit.setPlaceholderText(self.tr("z. B. Mann, ca. 30 Jahre, rote Jacke"))
        self.note_edit.setMinimumWidth(340)
        marker = QLabel(self.tr("Personenbezogene Daten – nur für den Dienstgebrauch."))
        marker.setObjectName("personalDataMarker")
        marker.setStyleSheet(PERSONAL_DATA_STYLE)
        self.form.addRow(marker)
        self.form.addRow(self.tr("&Rolle:"), self.role_combo)
        self.form.addRow(self.tr("&Nachname:"), self.last_name_edit)
        self.form.addRow(self.tr("&Vorname:"), self.first_name_edit)
        self.form.addRow(self.tr("&Geburtsdatum:"), self.birth_date_edit)
        self.form.addRow(self.tr("&Anschrift:"), self.address_edit)
        self.form.addRow(self.tr("&Beschreibung:"), self.note_edit)
        self.role_combo.setFocus()

    def set_role(self, role: PersonRole) -> None:
        self.role_combo.setCurrentIndex(self.role_combo.findData(role.value))

    def build_draft(self) -> PersonDraft:
        try:
            birth_date = parse_birth_date(self.birth_date_edit.text())
        except ValueError:
            raise ValidationError(
                FieldProblem(
                    "birth_date",
                    self.tr("Geburtsdatum: Bitte als TT.MM.JJJJ angeben, z. B. 01.05.1980."),
                )
            ) from None
        return PersonDraft(
            role=PersonRole(self.role_combo.currentData()),
            last_name=self.last_name_edit.text(),
            first_name=self.first_name_edit.text(),
            birth_date=birth_date,
            address=self.address_edit.text(),
            note=self.note_edit.text(),
        )

    def field_widgets(self) -> Mapping[str, QWidget]:
        """The fields by the PersonDraft attribute they fill (the problems' keys)."""
        return {
            "role": self.role_combo,
            "last_name": self.last_name_edit,
            "first_name": self.first_name_edit,
            "birth_date": self.birth_date_edit,
            "address": self.address_edit,
            "note": self.note_edit,
        }


class AccessReasonDialog(FormDialog[str]):
    """Why personal data is opened; the reason goes into the access log."""

    def __init__(self, save: Callable[[str], None], parent: QWidget | None = None):
        super().__init__(save, parent)
        self.setObjectName("accessReasonDialog")
        self.setWindowTitle(self.tr("Personen anzeigen"))
        self.save_button.setText(self.tr("Anzeigen"))
        hint = QLabel(
            self.tr(
                "Die beteiligten Personen sind personenbezogene Daten. Der Zugriff wird mit "
                "Ihrem Namen, der Zeit und dem Grund protokolliert."
            )
        )
        hint.setWordWrap(True)
        hint.setMinimumWidth(380)
        self.reason_combo = QComboBox()
        self.reason_combo.setObjectName("reasonCombo")
        self.reason_combo.setEditable(True)
        self.reason_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.reason_combo.setMinimumWidth(280)
        self.reason_combo.addItems(list(ACCESS_REASONS))
        self.reason_combo.setCurrentIndex(-1)
        line_edit = self.reason_combo.lineEdit()
        assert line_edit is not None
        line_edit.setPlaceholderText(self.tr("Grund auswählen oder eingeben"))
        self.form.addRow(hint)
        self.form.addRow(self.tr("&Grund:"), self.reason_combo)
        self.reason_combo.setFocus()

    def set_reason(self, reason: str) -> None:
        self.reason_combo.setEditText(reason)

    def build_draft(self) -> str:
        return self.reason_combo.currentText()

    def field_widgets(self) -> Mapping[str, QWidget]:
        """The reason typed or chosen (validate_reason's "reason")."""
        return {"reason": self.reason_combo}


class PersonsSection(QGroupBox):
    """ "Beteiligte Personen": the number, and the persons after "Personen anzeigen …"."""

    COLUMNS = 5

    def __init__(
        self,
        service: IncidentService,
        open_dialog: Callable[[Any], Any],
        after_write: Callable[[Result[Any]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Beteiligte Personen"), parent)
        self.setObjectName("personsSection")
        self._service = service
        self._open_dialog = open_dialog
        self._after_write = after_write
        self._incident_id = ""
        self._count = 0
        self._allowed = False
        self.persons: list[Person] | None = None  # None until revealed
        self.reason = ""

        self.info_label = QLabel()
        self.info_label.setObjectName("personsInfo")
        self.info_label.setTextFormat(Qt.TextFormat.RichText)
        self.marker_label = QLabel()
        self.marker_label.setObjectName("personalDataMarker")
        self.marker_label.setTextFormat(Qt.TextFormat.PlainText)
        self.marker_label.setStyleSheet(PERSONAL_DATA_STYLE)
        self.marker_label.setWordWrap(True)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setObjectName("personsTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Rolle"),
                self.tr("Name"),
                self.tr("Geburtsdatum"),
                self.tr("Anschrift"),
                self.tr("Beschreibung"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.reveal_button = QPushButton(self.tr("Personen &anzeigen …"))
        self.reveal_button.setObjectName("revealPersonsButton")
        self.hide_button = QPushButton(self.tr("Ausblenden"))
        self.hide_button.setObjectName("hidePersonsButton")
        self.add_button = QPushButton(self.tr("&Person hinzufügen …"))
        self.add_button.setObjectName("addPersonButton")

        top = QHBoxLayout()
        top.addWidget(self.info_label, 1)
        top.addWidget(self.reveal_button)
        top.addWidget(self.hide_button)
        top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.marker_label)
        layout.addWidget(self.table)
        self.reveal_button.clicked.connect(lambda _checked=False: self.ask_reason())
        self.hide_button.clicked.connect(lambda _checked=False: self.conceal())
        self.add_button.clicked.connect(lambda _checked=False: self.add_person())

    # ------------------------------------------------------------ state

    def set_incident(self, incident_id: str, count: int) -> None:
        """Show the incident's number of persons; persons stay hidden after a change of incident."""
        if incident_id != self._incident_id:
            self.persons = None
            self._allowed = self._service.may_view_persons(incident_id)
        self._incident_id = incident_id
        self._count = count
        self._update()

    @property
    def allowed(self) -> bool:
        return self._allowed

    def _update(self) -> None:
        shown = self.persons is not None
        if self._count == 0:
            text = self.tr("Keine beteiligten Personen erfasst.")
        elif not self._allowed:
            text = self.tr("{n} erfasst – <b>Nur für Berechtigte sichtbar</b>").format(
                n=self._count_text()
            )
        elif shown:
            text = self.tr("{n} erfasst").format(n=self._count_text())
        else:
            text = self.tr("{n} erfasst (personenbezogene Daten, ausgeblendet)").format(
                n=self._count_text()
            )
        self.info_label.setText(text)
        self.reveal_button.setVisible(self._allowed and not shown and self._count > 0)
        self.hide_button.setVisible(shown)
        self.marker_label.setVisible(shown)
        self.table.setVisible(shown)
        if shown:
            self.marker_label.setText(
                self.tr("Personenbezogene Daten – Zugriff protokolliert (Grund: {reason})").format(
                    reason=self.reason
                )
            )
            self._fill(self.persons or [])

    def _count_text(self) -> str:
        if self._count == 1:
            return self.tr("1 Person")
        return self.tr("{n} Personen").format(n=self._count)

    def _fill(self, persons: Sequence[Person]) -> None:
        self.table.setRowCount(len(persons))
        for row, person in enumerate(persons):
            birth = person.birth_date.strftime("%d.%m.%Y") if person.birth_date else ""
            values = (person.role.label, person_name(person), birth, person.address, person.note)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(row, column, item)
        rows_height = sum(self.table.rowHeight(r) for r in range(len(persons)))
        height = self.table.horizontalHeader().sizeHint().height() + rows_height + 4
        self.table.setMinimumHeight(min(height, 64))  # may shrink on small screens (scrolls)
        self.table.setMaximumHeight(min(max(height, 64), 180))

    def shown_rows(self) -> list[list[str]]:
        """The texts of the persons table, row by row (empty while hidden)."""
        if self.persons is None:
            return []
        rows = []
        for row in range(self.table.rowCount()):
            items = [self.table.item(row, column) for column in range(self.COLUMNS)]
            rows.append([item.text() if item is not None else "" for item in items])
        return rows

    # ------------------------------------------------------------ actions

    def ask_reason(self) -> AccessReasonDialog | None:
        if not self._allowed or not self._incident_id:
            return None
        incident_id = self._incident_id

        def save(reason: str) -> None:
            persons = self._service.persons(incident_id, reason)
            self.reason = " ".join(reason.split())
            self.persons = list(persons)
            self._update()

        dialog = AccessReasonDialog(save, self.window())
        self._open_dialog(dialog)
        return dialog

    def conceal(self) -> None:
        self.persons = None
        self.reason = ""
        self._update()

    def add_person(self) -> PersonDialog | None:
        if not self._incident_id:
            return None
        incident_id = self._incident_id

        def save(draft: PersonDraft) -> None:
            result = self._service.add_person(incident_id, draft)
            if self.persons is not None:  # already shown: the new one joins without a new read
                self.persons.append(result.value)
            self._after_write(result)

        dialog = PersonDialog(save, self.window())
        self._open_dialog(dialog)
        return dialog
