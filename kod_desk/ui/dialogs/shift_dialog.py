"""The form for a new duty (Dienst): from a template or free, across midnight included."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from kod_desk.domain.enums import ShiftKind
from kod_desk.domain.masterdata import Area, ShiftTemplate
from kod_desk.domain.roster import RosterShift, ShiftDraft
from kod_desk.domain.timeutil import to_local
from kod_desk.ui.dialogs.form import FormDialog
from kod_desk.ui.qt_dates import to_qdate


def _qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


class ShiftDialog(FormDialog[ShiftDraft]):
    """Choose a template (fills times, kind, staff) or enter a duty freely."""

    def __init__(
        self,
        save: Callable[[ShiftDraft], None],
        day: date,
        templates: Sequence[ShiftTemplate],
        areas: Sequence[Area],
        parent: QWidget | None = None,
        shift: RosterShift | None = None,
    ) -> None:
        super().__init__(save, parent)
        self.setObjectName("shiftDialog")
        self.setWindowTitle(
            self.tr("Neuer Dienst") if shift is None else self.tr("Dienst bearbeiten")
        )
        self.templates = [t for t in templates if t.active]
        self.template_combo = QComboBox()
        self.template_combo.setObjectName("templateCombo")
        self.template_combo.addItem(self.tr("— frei —"), None)
        for template in self.templates:
            self.template_combo.addItem(f"{template.name} ({template.times_label})", template.id)
        self.date_edit = QDateEdit(to_qdate(day))
        self.date_edit.setObjectName("dateEdit")
        self.date_edit.setDisplayFormat("dd.MM.yyyy")
        self.date_edit.setCalendarPopup(True)
        self.start_edit = QTimeEdit(QTime(6, 0))
        self.start_edit.setObjectName("startEdit")
        self.start_edit.setDisplayFormat("HH:mm")
        self.end_edit = QTimeEdit(QTime(14, 0))
        self.end_edit.setObjectName("endEdit")
        self.end_edit.setDisplayFormat("HH:mm")
        self.next_day_label = QLabel()
        self.next_day_label.setObjectName("nextDayLabel")
        times = QWidget()
        row = QHBoxLayout(times)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.start_edit)
        row.addWidget(QLabel("–"))
        row.addWidget(self.end_edit)
        row.addWidget(self.next_day_label, 1)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kindCombo")
        for kind in ShiftKind:
            self.kind_combo.addItem(kind.label, kind.value)
        self.area_combo = QComboBox()
        self.area_combo.setObjectName("areaCombo")
        self.area_combo.addItem(self.tr("— kein Gebiet —"), None)
        for area in areas:
            if area.active:
                self.area_combo.addItem(area.name, area.id)
        self.min_staff_spin = QSpinBox()
        self.min_staff_spin.setObjectName("minStaffSpin")
        self.min_staff_spin.setRange(1, 20)
        self.min_staff_spin.setValue(2)
        self.break_spin = QSpinBox()
        self.break_spin.setObjectName("breakSpin")
        self.break_spin.setRange(0, 120)
        self.break_spin.setSuffix(self.tr(" min"))
        self.break_spin.setValue(30)
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("noteEdit")

        self._lay_out(times)
        if shift is not None:
            self._fill(shift)

    def _lay_out(self, times: QWidget) -> None:
        self.form.addRow(self.tr("&Vorlage:"), self.template_combo)
        self.form.addRow(self.tr("&Datum:"), self.date_edit)
        self.form.addRow(self.tr("&Zeit:"), times)
        self.form.addRow(self.tr("&Art:"), self.kind_combo)
        self.form.addRow(self.tr("&Gebiet:"), self.area_combo)
        self.form.addRow(self.tr("&Mindestbesetzung:"), self.min_staff_spin)
        self.form.addRow(self.tr("&Pause:"), self.break_spin)
        self.form.addRow(self.tr("&Bemerkung:"), self.note_edit)
        self._wire()

    def _wire(self) -> None:
        self.template_combo.currentIndexChanged.connect(self._apply_template)
        self.start_edit.timeChanged.connect(self._update_hint)
        self.end_edit.timeChanged.connect(self._update_hint)
        self._update_hint()
        self.setMinimumWidth(440)
        self.template_combo.setFocus()

    def _fill(self, shift: RosterShift) -> None:
        start, end = to_local(shift.starts_at), to_local(shift.ends_at)
        index = self.template_combo.findData(shift.template_id)
        self.template_combo.blockSignals(True)  # keep the duty's own times
        self.template_combo.setCurrentIndex(max(index, 0))
        self.template_combo.blockSignals(False)
        self.date_edit.setDate(to_qdate(shift.duty_date))
        self.start_edit.setTime(QTime(start.hour, start.minute))
        self.end_edit.setTime(QTime(end.hour, end.minute))
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(shift.kind.value))
        area = self.area_combo.findData(shift.area_id)
        self.area_combo.setCurrentIndex(max(area, 0))
        self.min_staff_spin.setValue(shift.min_staff)
        if shift.break_minutes is not None:
            self.break_spin.setValue(shift.break_minutes)
        self.note_edit.setText(shift.note)

    def _apply_template(self) -> None:
        template_id = self.template_combo.currentData()
        template = next((t for t in self.templates if t.id == template_id), None)
        if template is None:
            return
        self.start_edit.setTime(_qtime(template.start))
        self.end_edit.setTime(_qtime(template.end))
        self.break_spin.setValue(template.break_minutes)
        self.min_staff_spin.setValue(template.min_staff)
        if template.kind is not None:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(template.kind.value))

    def _update_hint(self) -> None:
        start, end = self.start_edit.time(), self.end_edit.time()
        self.next_day_label.setText(self.tr("endet am Folgetag") if end <= start else "")

    def build_draft(self) -> ShiftDraft:
        """The duty the fields describe."""
        day = self.date_edit.date()
        start, end = self.start_edit.time(), self.end_edit.time()
        return ShiftDraft(
            duty_date=date(day.year(), day.month(), day.day()),
            start=time(start.hour(), start.minute()),
            end=time(end.hour(), end.minute()),
            kind=ShiftKind(self.kind_combo.currentData()),
            area_id=self.area_combo.currentData(),
            template_id=self.template_combo.currentData(),
            min_staff=self.min_staff_spin.value(),
            break_minutes=self.break_spin.value(),
            note=self.note_edit.text(),
        )

    def field_widgets(self) -> Mapping[str, QWidget]:
        """The fields by the ShiftDraft attribute they fill (the problems' keys)."""
        return {
            "duty_date": self.date_edit,
            "start": self.start_edit,
            "end": self.end_edit,
            "kind": self.kind_combo,
            "area_id": self.area_combo,
            "min_staff": self.min_staff_spin,
            "break_minutes": self.break_spin,
        }
