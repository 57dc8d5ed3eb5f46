"""The form for one shift template (Dienstvorlage: Früh 06–14, Spät 14–22, Nacht 22–06 …)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from kod_desk.domain.enums import ShiftKind
from kod_desk.domain.masterdata import ShiftTemplate, ShiftTemplateDraft, clock_span
from kod_desk.ui.dialogs.form import FormDialog

MAX_BREAK_MINUTES = 240
MAX_MIN_STAFF = 20


def _qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


def _time(value: QTime) -> time:
    return time(value.hour(), value.minute())


class TemplateDialog(FormDialog[ShiftTemplateDraft]):
    """Create or edit a shift template; an end at or before the start means the next day."""

    def __init__(
        self,
        save: Callable[[ShiftTemplateDraft], None],
        template: ShiftTemplate | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(save, parent)
        self.setObjectName("templateDialog")
        self.template = template
        if template is None:
            self.setWindowTitle(self.tr("Neue Dienstvorlage"))
        else:
            self.setWindowTitle(
                self.tr("Dienstvorlage bearbeiten – {name}").format(name=template.name)
            )
        self._create_fields()
        self._lay_out_fields()
        if template is not None:
            self._fill(template)
        self.start_edit.timeChanged.connect(self._update_span)
        self.end_edit.timeChanged.connect(self._update_span)
        self._update_span()
        self.setMinimumWidth(440)
        self.name_edit.setFocus()

    def _create_fields(self) -> None:
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("nameEdit")
        self.name_edit.setMaxLength(80)
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("codeEdit")
        self.code_edit.setMaxLength(4)
        self.code_edit.setMaximumWidth(self.fontMetrics().horizontalAdvance("MMMMM") + 16)
        self.code_edit.setToolTip(self.tr("Kurzzeichen im Dienstplan, höchstens 4 Zeichen."))
        self.start_edit = QTimeEdit()
        self.start_edit.setObjectName("startEdit")
        self.start_edit.setDisplayFormat("HH:mm")
        self.start_edit.setTime(QTime(6, 0))
        self.end_edit = QTimeEdit()
        self.end_edit.setObjectName("endEdit")
        self.end_edit.setDisplayFormat("HH:mm")
        self.end_edit.setTime(QTime(14, 0))
        self.span_label = QLabel()
        self.span_label.setObjectName("spanLabel")
        self.next_day_label = QLabel()
        self.next_day_label.setObjectName("nextDayLabel")
        self.break_spin = QSpinBox()
        self.break_spin.setObjectName("breakSpin")
        self.break_spin.setRange(0, MAX_BREAK_MINUTES)
        self.break_spin.setSingleStep(15)
        self.break_spin.setSuffix(self.tr(" min"))
        self.break_spin.setValue(30)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kindCombo")
        self.kind_combo.addItem(self.tr("— beliebig —"), None)
        for kind in ShiftKind:
            self.kind_combo.addItem(kind.label, kind.value)
        self.kind_combo.setToolTip(
            self.tr("Art der Dienste nach dieser Vorlage; „beliebig“ lässt sie offen.")
        )
        self.min_staff_spin = QSpinBox()
        self.min_staff_spin.setObjectName("minStaffSpin")
        self.min_staff_spin.setRange(1, MAX_MIN_STAFF)
        self.min_staff_spin.setValue(2)
        self.active_check = QCheckBox(self.tr("aktiv (wird bei neuen Diensten angeboten)"))
        self.active_check.setObjectName("activeCheck")
        self.active_check.setChecked(True)

    def _lay_out_fields(self) -> None:
        end_row = QWidget()
        end_layout = QHBoxLayout(end_row)
        end_layout.setContentsMargins(0, 0, 0, 0)
        end_layout.addWidget(self.end_edit)
        end_layout.addWidget(self.next_day_label)
        end_layout.addStretch(1)
        end_layout.addWidget(self.span_label)
        self.form.addRow(self.tr("&Name:"), self.name_edit)
        self.form.addRow(self.tr("&Kürzel:"), self.code_edit)
        self.form.addRow(self.tr("&Beginn:"), self.start_edit)
        self.form.addRow(self.tr("&Ende:"), end_row)
        self.form.addRow(self.tr("&Pause:"), self.break_spin)
        self.form.addRow(self.tr("&Art:"), self.kind_combo)
        self.form.addRow(self.tr("&Mindestbesetzung:"), self.min_staff_spin)
        self.form.addRow("", self.active_check)
        # Labels with a mnemonic jump to the time edit itself, not to its row container.
        label = self.form.labelForField(end_row)
        if isinstance(label, QLabel):
            label.setBuddy(self.end_edit)

    def _fill(self, template: ShiftTemplate) -> None:
        self.name_edit.setText(template.name)
        self.code_edit.setText(template.code)
        self.start_edit.setTime(_qtime(template.start))
        self.end_edit.setTime(_qtime(template.end))
        self.break_spin.setValue(min(max(template.break_minutes, 0), MAX_BREAK_MINUTES))
        if template.kind is not None:
            self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(template.kind.value), 0))
        self.min_staff_spin.setValue(min(max(template.min_staff, 1), MAX_MIN_STAFF))
        self.active_check.setChecked(template.active)

    def _update_span(self) -> None:
        start = _time(self.start_edit.time())
        end = _time(self.end_edit.time())
        # The hint is shown for end <= start; equal times are refused when saving.
        self.next_day_label.setVisible(end <= start)
        if end == start:
            self.next_day_label.setText(self.tr("Ende gleich Beginn – keine Dauer"))
            self.span_label.clear()
            return
        self.next_day_label.setText(self.tr("endet am Folgetag"))
        minutes = int(clock_span(start, end).total_seconds() // 60)
        self.span_label.setText(
            self.tr("Dauer {hours}:{minutes:02d} h").format(
                hours=minutes // 60, minutes=minutes % 60
            )
        )

    def kind(self) -> ShiftKind | None:
        value = self.kind_combo.currentData()  # Qt hands a StrEnum back as its str value
        return None if value is None else ShiftKind(value)

    def build_draft(self) -> ShiftTemplateDraft:
        """The template the fields describe."""
        return ShiftTemplateDraft(
            name=self.name_edit.text().strip(),
            code=self.code_edit.text().strip(),
            start=_time(self.start_edit.time()),
            end=_time(self.end_edit.time()),
            break_minutes=self.break_spin.value(),
            kind=self.kind(),
            min_staff=self.min_staff_spin.value(),
            active=self.active_check.isChecked(),
        )

    def field_widgets(self) -> Mapping[str, QWidget]:
        """The fields by the ShiftTemplateDraft attribute they fill (the problems' keys)."""
        return {
            "name": self.name_edit,
            "code": self.code_edit,
            "start": self.start_edit,
            "end": self.end_edit,
            "break_minutes": self.break_spin,
            "kind": self.kind_combo,
            "min_staff": self.min_staff_spin,
        }
