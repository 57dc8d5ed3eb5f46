"""The form for one area of operation (Einsatzgebiet)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from kod_desk.domain.errors import FieldProblem, ValidationError
from kod_desk.domain.masterdata import PRIORITY_LABELS, Area, AreaDraft, VideoPeriod
from kod_desk.ui.dialogs.form import FormDialog, split_list

MAX_RETENTION_HOURS = 24 * 31


def parse_video_periods(text: str) -> tuple[VideoPeriod, ...]:
    """Periods separated by ';', ',' or line breaks; every bad one is reported at once."""
    periods: list[VideoPeriod] = []
    problems: list[FieldProblem] = []
    for part in split_list(text, ";,\n"):
        try:
            periods.append(VideoPeriod.parse(part))
        except ValidationError as error:
            problems.extend(error.problems)
    if problems:
        raise ValidationError(problems)
    return tuple(periods)


class AreaDialog(FormDialog[AreaDraft]):
    """Create or edit an area: name, priority, fear space, video periods and retention."""

    def __init__(
        self,
        save: Callable[[AreaDraft], None],
        area: Area | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(save, parent)
        self.setObjectName("areaDialog")
        self.area = area
        if area is None:
            self.setWindowTitle(self.tr("Neues Einsatzgebiet"))
        else:
            self.setWindowTitle(self.tr("Einsatzgebiet bearbeiten – {name}").format(name=area.name))

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("nameEdit")
        self.name_edit.setMaxLength(80)
        self.code_edit = self._code_edit()
        self.description_edit = QPlainTextEdit()
        self.description_edit.setObjectName("descriptionEdit")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.priority_combo = QComboBox()
        self.priority_combo.setObjectName("priorityCombo")
        for priority, label in PRIORITY_LABELS.items():
            self.priority_combo.addItem(label, priority)
        self.priority_combo.setCurrentIndex(self.priority_combo.findData(2))
        self.fear_space_check = QCheckBox(self.tr("Angstraum"))
        self.fear_space_check.setObjectName("fearSpaceCheck")
        self.video_edit = QLineEdit()
        self.video_edit.setObjectName("videoEdit")
        self.video_edit.setPlaceholderText(self.tr("z. B. 01.04.–30.09.; 01.12.–31.12."))
        self.video_edit.setToolTip(
            self.tr(
                "Jährlich wiederkehrende Zeiträume der Videoüberwachung als TT.MM.–TT.MM., "
                "mehrere durch Semikolon getrennt. Leer: keine Videoüberwachung."
            )
        )
        self.retention_spin = QSpinBox()
        self.retention_spin.setObjectName("retentionSpin")
        self.retention_spin.setRange(1, MAX_RETENTION_HOURS)
        self.retention_spin.setSuffix(self.tr(" h"))
        self.retention_spin.setValue(72)
        self.retention_spin.setToolTip(
            self.tr("Wie lange Videoaufnahmen gespeichert werden (1 bis 744 Stunden).")
        )
        self.active_check = QCheckBox(
            self.tr("aktiv (wird bei neuen Diensten und Vorkommnissen angeboten)")
        )
        self.active_check.setObjectName("activeCheck")
        self.active_check.setChecked(True)

        self.form.addRow(self.tr("&Name:"), self.name_edit)
        self.form.addRow(self.tr("&Kürzel:"), self.code_edit)
        self.form.addRow(self.tr("&Beschreibung:"), self.description_edit)
        self.form.addRow(self.tr("&Priorität:"), self.priority_combo)
        self.form.addRow("", self.fear_space_check)
        self.form.addRow(self.tr("&Videozeiträume:"), self.video_edit)
        self.form.addRow(self.tr("Speicher&frist:"), self.retention_spin)
        self.form.addRow("", self.active_check)

        self.video_edit.textChanged.connect(self._update_retention)
        if area is not None:
            self._fill(area)
        self._update_retention()
        self.setMinimumWidth(480)
        self.name_edit.setFocus()

    def _fill(self, area: Area) -> None:
        self.name_edit.setText(area.name)
        self.code_edit.setText(area.short_code or "")
        self.description_edit.setPlainText(area.description)
        index = self.priority_combo.findData(area.priority)
        if index < 0:  # a priority from a newer version: show it rather than lose it
            self.priority_combo.addItem(str(area.priority), area.priority)
            index = self.priority_combo.count() - 1
        self.priority_combo.setCurrentIndex(index)
        self.fear_space_check.setChecked(area.is_fear_space)
        self.video_edit.setText("; ".join(p.label for p in area.video_periods))
        self.retention_spin.setValue(min(max(area.footage_retention_hours, 1), MAX_RETENTION_HOURS))
        self.active_check.setChecked(area.active)

    def _code_edit(self) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName("shortCodeEdit")
        edit.setMaxLength(5)
        edit.setPlaceholderText(self.tr("z. B. BHF"))
        edit.setToolTip(
            self.tr(
                "Kurzform für enge Spalten (Dienstplan): 2 bis 5 Großbuchstaben oder Ziffern, "
                "je Station eindeutig. Leer: aus dem Namen abgeleitet."
            )
        )
        edit.textEdited.connect(self._upper_code)
        return edit

    def _upper_code(self, text: str) -> None:
        """Codes are capitals: typed "bhf" reads BHF at once (the cursor stays)."""
        if text != text.upper():
            position = self.code_edit.cursorPosition()
            self.code_edit.setText(text.upper())
            self.code_edit.setCursorPosition(position)

    def _update_retention(self) -> None:
        # The retention only matters where there is video surveillance.
        self.retention_spin.setEnabled(bool(self.video_edit.text().strip()))

    def build_draft(self) -> AreaDraft:
        """The area the fields describe; a bad video period raises ValidationError."""
        return AreaDraft(
            name=self.name_edit.text().strip(),
            description=self.description_edit.toPlainText().strip(),
            is_fear_space=self.fear_space_check.isChecked(),
            priority=int(self.priority_combo.currentData()),
            video_periods=parse_video_periods(self.video_edit.text()),
            footage_retention_hours=self.retention_spin.value(),
            active=self.active_check.isChecked(),
            short_code=self.code_edit.text().strip() or None,
        )

    def field_widgets(self) -> Mapping[str, QWidget]:
        """The fields by the AreaDraft attribute they fill (the problems' keys)."""
        return {
            "short_code": self.code_edit,
            "name": self.name_edit,
            "priority": self.priority_combo,
            "video_periods": self.video_edit,
            "footage_retention_hours": self.retention_spin,
        }
