"""The thresholds of the roster rules (DESIGN.md §5), with the ArbZG defaults one click away."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtWidgets import QDoubleSpinBox, QPushButton, QSpinBox, QWidget

from kod_desk.domain.roster_rules import RuleSettings
from kod_desk.ui.dialogs.form import GERMAN, FormDialog


class RuleSettingsDialog(FormDialog[RuleSettings]):
    """One spin box per numeric threshold; the kinds of duties stay as configured."""

    def __init__(
        self,
        save: Callable[[RuleSettings], None],
        settings: RuleSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(save, parent)
        self.setObjectName("ruleSettingsDialog")
        self.setWindowTitle(self.tr("Regeln für den Dienstplan"))
        self.current = settings
        self.editors: dict[str, QSpinBox | QDoubleSpinBox] = {}
        labels = RuleSettings.labels()
        for item in dataclasses.fields(RuleSettings):
            value = getattr(settings, item.name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                continue
            editor: QSpinBox | QDoubleSpinBox
            if isinstance(value, float):
                editor = QDoubleSpinBox()
                editor.setLocale(GERMAN)
                editor.setDecimals(1)
                editor.setRange(0.0, 1000.0)
                editor.setSingleStep(0.5)
                editor.setValue(value)
            else:
                editor = QSpinBox()
                editor.setRange(0, 1000)
                editor.setValue(value)
            editor.setObjectName(item.name)
            self.editors[item.name] = editor
            self.form.addRow(labels.get(item.name, item.name) + ":", editor)
        self.defaults_button = QPushButton(self.tr("Standard nach ArbZG"))
        self.defaults_button.setObjectName("defaultsButton")
        self.defaults_button.clicked.connect(self.reset_to_defaults)
        self.form.addRow("", self.defaults_button)
        self.setMinimumWidth(480)

    def reset_to_defaults(self) -> None:
        defaults = RuleSettings()
        for name, editor in self.editors.items():
            editor.setValue(getattr(defaults, name))

    def build_draft(self) -> RuleSettings:
        """The settings the fields describe (invalid values raise a German ValidationError)."""
        values: dict[str, Any] = {name: editor.value() for name, editor in self.editors.items()}
        return dataclasses.replace(self.current, **values)

    def field_widgets(self) -> Mapping[str, QWidget]:
        """Each setting's editor under the setting's name (RuleSettings' attribute)."""
        return self.editors
