"""The fields the fleet's forms share: km readings, the battery, the moment of a hand-over."""

from __future__ import annotations

from PySide6.QtWidgets import QDateTimeEdit, QSpinBox

from kod_desk.ui.dialogs.form import GERMAN

MAX_KM = 9_999_999


def km_spin(object_name: str, *, optional: bool = False) -> QSpinBox:
    """A km field; an optional one shows "—" at 0 and means "not set"."""
    spin = QSpinBox()
    spin.setObjectName(object_name)
    spin.setLocale(GERMAN)
    spin.setGroupSeparatorShown(True)
    spin.setRange(0, MAX_KM)
    spin.setSuffix(" km")
    spin.setSingleStep(10)
    if optional:
        spin.setSpecialValueText("—")
    return spin


def battery_spin(*, required: bool) -> QSpinBox:
    """Battery in percent; for a bike without motor "—" (-1) means none."""
    spin = QSpinBox()
    spin.setObjectName("batterySpin")
    spin.setRange(-1, 100)
    spin.setSuffix(" %")
    spin.setSpecialValueText("—")
    spin.setValue(100 if required else -1)
    return spin


def focus_reading(spin: QSpinBox) -> None:
    """Start in ``spin`` with its text selected: the typed reading replaces the old one."""
    spin.setFocus()
    spin.selectAll()


def optional_value(spin: QSpinBox) -> int | None:
    return None if spin.value() == spin.minimum() else spin.value()


def date_time_edit() -> QDateTimeEdit:
    edit = QDateTimeEdit()
    edit.setObjectName("atEdit")
    edit.setDisplayFormat("dd.MM.yyyy HH:mm")
    edit.setCalendarPopup(True)
    return edit
