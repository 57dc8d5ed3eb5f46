"""The form for one officer (Dienstkraft) and the password form.

The form plumbing (FormDialog, GERMAN, split_list) lives in kod_desk/ui/dialogs/form.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from kod_desk.domain.auth import PASSWORD, REPEAT, password_problems
from kod_desk.domain.enums import Qualification, Role, Unit
from kod_desk.domain.errors import FieldProblem, ValidationError
from kod_desk.domain.masterdata import MAX_WEEKLY_HOURS, Officer, OfficerDraft
from kod_desk.ui.dialogs.form import GERMAN, FormDialog, split_list


class OfficerDialog(FormDialog[OfficerDraft]):
    """Create or edit an officer: service number, names, unit, role, qualifications, hours."""

    def __init__(
        self,
        save: Callable[[OfficerDraft], None],
        officer: Officer | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(save, parent)
        self.setObjectName("officerDialog")
        self.officer = officer
        if officer is None:
            self.setWindowTitle(self.tr("Neue Dienstkraft"))
        else:
            self.setWindowTitle(
                self.tr("Dienstkraft bearbeiten – {name}").format(name=officer.display_name)
            )

        self.service_number_edit = QLineEdit()
        self.service_number_edit.setObjectName("serviceNumberEdit")
        self.service_number_edit.setMaxLength(20)
        self.service_number_edit.setPlaceholderText(self.tr("z. B. K-104"))
        self.last_name_edit = QLineEdit()
        self.last_name_edit.setObjectName("lastNameEdit")
        self.first_name_edit = QLineEdit()
        self.first_name_edit.setObjectName("firstNameEdit")
        self.unit_combo = QComboBox()
        self.unit_combo.setObjectName("unitCombo")
        for unit in Unit:
            self.unit_combo.addItem(unit.label, unit.value)
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("roleCombo")
        for role in Role:
            self.role_combo.addItem(role.label, role.value)

        qualifications = self._qualifications_widget()
        self.weekly_hours_spin = QDoubleSpinBox()
        self.weekly_hours_spin.setObjectName("weeklyHoursSpin")
        self.weekly_hours_spin.setLocale(GERMAN)
        self.weekly_hours_spin.setRange(0.0, MAX_WEEKLY_HOURS)
        self.weekly_hours_spin.setDecimals(2)
        self.weekly_hours_spin.setSingleStep(0.5)
        self.weekly_hours_spin.setSuffix(self.tr(" h"))
        self.weekly_hours_spin.setValue(39.0)
        self.active_check = QCheckBox(self.tr("aktiv (wird bei neuen Diensten angeboten)"))
        self.active_check.setObjectName("activeCheck")
        self.active_check.setChecked(True)

        self.form.addRow(self.tr("&Dienstnummer:"), self.service_number_edit)
        self.form.addRow(self.tr("&Nachname:"), self.last_name_edit)
        self.form.addRow(self.tr("&Vorname:"), self.first_name_edit)
        self.form.addRow(self.tr("&Einheit:"), self.unit_combo)
        self.form.addRow(self.tr("&Rolle:"), self.role_combo)
        self.form.addRow(self.tr("&Qualifikationen:"), qualifications)
        self.form.addRow(self.tr("&Wochenstunden:"), self.weekly_hours_spin)
        self.form.addRow("", self.active_check)
        label = self.form.labelForField(qualifications)
        if isinstance(label, QLabel):  # Alt+Q goes to the first checkbox, not the container
            label.setBuddy(next(iter(self.qualification_checks.values())))

        if officer is not None:
            self._fill(officer)
        self.setMinimumWidth(460)
        self.service_number_edit.setFocus()

    def _qualifications_widget(self) -> QWidget:
        """Checkboxes for the well-known qualifications and a line for any others."""
        qualifications = QWidget()
        grid = QGridLayout(qualifications)
        grid.setContentsMargins(0, 0, 0, 0)
        self.qualification_checks: dict[Qualification, QCheckBox] = {}
        for number, qualification in enumerate(Qualification):
            check = QCheckBox(qualification.value)
            check.setObjectName(f"qualification_{qualification.name.lower()}")
            self.qualification_checks[qualification] = check
            grid.addWidget(check, number // 2, number % 2)
        self.other_qualifications_edit = QLineEdit()
        self.other_qualifications_edit.setObjectName("otherQualificationsEdit")
        self.other_qualifications_edit.setPlaceholderText(self.tr("weitere, durch Komma getrennt"))
        grid.addWidget(self.other_qualifications_edit, (len(Qualification) + 1) // 2, 0, 1, 2)
        return qualifications

    def _fill(self, officer: Officer) -> None:
        self.service_number_edit.setText(officer.service_number)
        self.last_name_edit.setText(officer.last_name)
        self.first_name_edit.setText(officer.first_name)
        self.unit_combo.setCurrentIndex(self.unit_combo.findData(officer.unit.value))
        self.role_combo.setCurrentIndex(self.role_combo.findData(officer.role.value))
        known = {q.value.casefold(): q for q in Qualification}
        others: list[str] = []
        for name in officer.qualifications:
            qualification = known.get(name.casefold())
            if qualification is None:
                others.append(name)
            else:
                self.qualification_checks[qualification].setChecked(True)
        self.other_qualifications_edit.setText(", ".join(others))
        self.weekly_hours_spin.setValue(officer.weekly_hours)
        self.active_check.setChecked(officer.active)

    def qualifications(self) -> tuple[str, ...]:
        checked = [q.value for q, check in self.qualification_checks.items() if check.isChecked()]
        return (*checked, *split_list(self.other_qualifications_edit.text(), ",;"))

    def build_draft(self) -> OfficerDraft:
        """The officer the fields describe (the service normalises spaces)."""
        return OfficerDraft(
            service_number=self.service_number_edit.text(),
            last_name=self.last_name_edit.text(),
            first_name=self.first_name_edit.text(),
            # Qt hands a StrEnum back as its plain str value.
            unit=Unit(self.unit_combo.currentData()),
            role=Role(self.role_combo.currentData()),
            qualifications=self.qualifications(),
            weekly_hours=self.weekly_hours_spin.value(),
            active=self.active_check.isChecked(),
        )

    def field_widgets(self) -> Mapping[str, QWidget]:
        """The fields by the OfficerDraft attribute they fill (the problems' keys)."""
        return {
            "service_number": self.service_number_edit,
            "last_name": self.last_name_edit,
            "first_name": self.first_name_edit,
            "unit": self.unit_combo,
            "role": self.role_combo,
            "weekly_hours": self.weekly_hours_spin,
        }


class PasswordDialog(FormDialog[tuple[str, str]]):
    """An administrator sets an officer's password (twice); saving also ends a lock."""

    def __init__(
        self,
        save: Callable[[tuple[str, str]], None],
        officer: Officer,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(save, parent)
        self.service_number = officer.service_number
        self.setObjectName("passwordDialog")
        self.setWindowTitle(self.tr("Passwort setzen"))
        intro = QLabel(
            self.tr(
                "Neues Passwort für {name} (Dienstnummer {number}). Mindestens 10 Zeichen; "
                "eine Sperre nach Fehlversuchen endet damit."
            ).format(name=officer.display_name, number=officer.service_number)
        )
        intro.setWordWrap(True)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("newPasswordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setObjectName("repeatPasswordEdit")
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(intro)
        # The message about the repetition stands right under its field.
        self.repeat_error = QLabel()
        self.repeat_error.setObjectName("repeatPasswordError")
        self.repeat_error.setStyleSheet("color: #a4262c;")
        self.repeat_error.setWordWrap(True)
        self.repeat_error.hide()
        self.form.addRow(self.tr("&Neues Passwort:"), self.password_edit)
        self.form.addRow(self.tr("&Wiederholen:"), self.repeat_edit)
        self.form.addRow("", self.repeat_error)
        self.repeat_edit.textEdited.connect(lambda _text: self.repeat_error.hide())
        self.setMinimumWidth(440)
        self.password_edit.setFocus()

    def build_draft(self) -> tuple[str, str]:
        """Both entries; a repetition that differs is refused here, at its field."""
        password, repeat = self.password_edit.text(), self.repeat_edit.text()
        problems = password_problems(password, repeat, self.service_number)
        if problems:
            raise ValidationError(problems)
        return password, repeat

    def show_problems(self, problems: Sequence[FieldProblem]) -> None:
        """Override of FormDialog.show_problems: the repetition's message under its field."""
        repeat = [p for p in problems if p.field == REPEAT]
        others = [p for p in problems if p.field != REPEAT]
        self.repeat_error.setText("\n".join(p.message for p in repeat))
        self.repeat_error.setVisible(bool(repeat))
        if others:
            super().show_problems(others)
            return
        self.error_label.hide()
        self.repeat_edit.setFocus()
        self.repeat_edit.selectAll()

    def field_widgets(self) -> Mapping[str, QWidget]:
        """The fields by the name password_problems gives them."""
        return {PASSWORD: self.password_edit, REPEAT: self.repeat_edit}
