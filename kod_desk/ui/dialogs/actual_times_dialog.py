"""Actual start, end and break of one officer on one duty (Ist-Zeiten, DESIGN.md §5)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QDateTimeEdit, QLabel, QSpinBox, QWidget

from kod_desk.domain.roster import RosterShift
from kod_desk.domain.timeutil import BERLIN, to_local
from kod_desk.ui.dialogs.form import FormDialog


@dataclass(frozen=True, slots=True)
class ActualTimes:
    start: datetime
    end: datetime
    break_minutes: int


def _qdatetime(moment: datetime) -> QDateTime:
    # The edit shows Berlin wall-clock numbers; they are read back as Berlin time, whatever
    # zone the workstation is set to.
    local = to_local(moment)
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


def _datetime(value: QDateTime) -> datetime:
    date, clock = value.date(), value.time()
    return datetime(
        date.year(), date.month(), date.day(), clock.hour(), clock.minute(), tzinfo=BERLIN
    )


class ActualTimesDialog(FormDialog[ActualTimes]):
    """Prefilled with the planned times (or what was recorded); local time in Berlin."""

    def __init__(
        self,
        save: Callable[[ActualTimes], None],
        shift: RosterShift,
        officer_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(save, parent)
        self.setObjectName("actualTimesDialog")
        member = next(c for c in shift.crew if c.officer_id == officer_id)
        self.setWindowTitle(self.tr("Ist-Zeiten – {name}").format(name=member.name))
        planned = QLabel(
            self.tr("Geplant: {start} – {end}").format(
                start=f"{to_local(shift.starts_at):%d.%m.%Y %H:%M}",
                end=f"{to_local(shift.ends_at):%d.%m.%Y %H:%M}",
            )
        )
        self.start_edit = QDateTimeEdit(_qdatetime(member.actual_start or shift.starts_at))
        self.start_edit.setObjectName("actualStart")
        self.end_edit = QDateTimeEdit(_qdatetime(member.actual_end or shift.ends_at))
        self.end_edit.setObjectName("actualEnd")
        for edit in (self.start_edit, self.end_edit):
            edit.setDisplayFormat("dd.MM.yyyy HH:mm")
            edit.setCalendarPopup(True)
        self.break_spin = QSpinBox()
        self.break_spin.setObjectName("actualBreak")
        self.break_spin.setRange(0, 240)
        self.break_spin.setSuffix(self.tr(" min"))
        self.break_spin.setValue(shift.break_minutes if shift.break_minutes is not None else 30)
        self.form.addRow("", planned)
        self.form.addRow(self.tr("&Beginn:"), self.start_edit)
        self.form.addRow(self.tr("&Ende:"), self.end_edit)
        self.form.addRow(self.tr("&Pause:"), self.break_spin)
        self.setMinimumWidth(420)
        self.start_edit.setFocus()

    def build_draft(self) -> ActualTimes:
        """The times the fields describe, as aware datetimes."""
        return ActualTimes(
            _datetime(self.start_edit.dateTime()),
            _datetime(self.end_edit.dateTime()),
            self.break_spin.value(),
        )

    def field_widgets(self) -> Mapping[str, QWidget]:
        """The fields by the ActualTimes attribute they fill (the problems' keys)."""
        return {"start": self.start_edit, "end": self.end_edit, "break_minutes": self.break_spin}
