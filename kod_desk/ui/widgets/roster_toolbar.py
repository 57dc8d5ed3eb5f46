"""The Dienstplan's toolbar: filters, absences, copy, Vorschlag, view, file, rules, publish.

Built here, wired by the page (it decides what each button does)."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QMenu, QPushButton, QToolButton, QWidget

from kod_desk.domain.enums import Qualification, Unit


class RosterToolbar(QWidget):
    """The row of buttons and menus above the week grid."""

    def __init__(self, compact: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        actions = QHBoxLayout(self)
        actions.setContentsMargins(0, 0, 0, 0)
        self._build_filters()
        self.absence_button = QToolButton()
        self.absence_button.setText(self.tr("Abwesenheit"))
        self.absence_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        absence_menu = QMenu(self.absence_button)
        self.absence_button.setMenu(absence_menu)
        self.new_absence_action = absence_menu.addAction(
            self.tr("Eintragen (Urlaub, krank, Fortbildung)…")
        )
        self.delete_absence_action = absence_menu.addAction(
            self.tr("Markierte Abwesenheit löschen")
        )
        self.copy_button = QPushButton(self.tr("Woche &kopieren…"))
        self.copy_button.setToolTip(
            self.tr("Alle Dienste dieser Woche in die Folgewoche kopieren (fragt vorher)")
        )
        self.publish_button = QPushButton(self.tr("&Veröffentlichen…"))
        self.publish_button.setToolTip(
            self.tr("Die Woche für die Dienstkräfte veröffentlichen (zeigt vorher, was)")
        )
        self.file_button = QToolButton()
        self.file_button.setText(self.tr("Datei"))
        self.file_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        file_menu = QMenu(self.file_button)
        self.file_button.setMenu(file_menu)
        self.import_action = file_menu.addAction(self.tr("Dienstplan importieren (CSV, Excel)…"))
        self.export_action = file_menu.addAction(self.tr("Woche exportieren (CSV, Excel)…"))
        self.overtime_action = file_menu.addAction(self.tr("Nachweis über 8 h je Tag (§16 ArbZG)…"))
        self.ical_action = file_menu.addAction(
            self.tr("Dienste der markierten Dienstkraft als Kalender (.ics)…")
        )
        self.suggest_button = QPushButton(self.tr("Vorschla&g…"))
        self.suggest_button.setToolTip(
            self.tr("Offene Plätze der Woche ohne Regelverstoß besetzen lassen")
        )
        self.rules_button = QPushButton(self.tr("Regeln…"))
        self.rules_button.setToolTip(self.tr("Schwellen der Arbeitszeitregeln (ArbZG-Standard)"))
        self._build_view_menu(compact)
        for widget in (
            self.unit_filter,
            self.qualification_filter,
            self.area_filter,
            self.absence_button,
            self.copy_button,
            self.suggest_button,
        ):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.view_button)
        actions.addWidget(self.file_button)
        actions.addWidget(self.rules_button)
        actions.addWidget(self.publish_button)

    def _build_filters(self) -> None:
        """Einheit, Qualifikation, Gebiet (the page adds the areas once it has them)."""
        self.unit_filter = QComboBox()
        self.unit_filter.setObjectName("rosterUnitFilter")
        self.unit_filter.addItem(self.tr("Alle Einheiten"), None)
        for unit in Unit:
            self.unit_filter.addItem(unit.label, unit.value)
        self.qualification_filter = QComboBox()
        self.qualification_filter.setObjectName("qualificationFilter")
        self.qualification_filter.addItem(self.tr("Alle Qualifikationen"), None)
        for qualification in Qualification:
            self.qualification_filter.addItem(qualification.value, qualification.value)
        self.area_filter = QComboBox()
        self.area_filter.setObjectName("areaFilter")
        self.area_filter.addItem(self.tr("Alle Gebiete"), None)

    def planning_controls(self) -> tuple[QWidget | QAction, ...]:
        """What only who plans the roster may use."""
        return (
            *(self.absence_button, self.copy_button, self.suggest_button),
            *(self.publish_button, self.rules_button, self.import_action),
            *(self.new_absence_action, self.delete_absence_action),
        )

    def _build_view_menu(self, compact: bool) -> None:
        """Ansicht: the published version, the density, the side panel (F9)."""
        self.view_button = QToolButton()
        self.view_button.setObjectName("rosterViewButton")
        self.view_button.setText(self.tr("Ansicht"))
        self.view_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.view_button)
        self.view_button.setMenu(menu)
        self.published_check = menu.addAction(self.tr("Veröffentlichte Fassung"))
        self.published_check.setObjectName("publishedView")
        self.published_check.setCheckable(True)
        self.published_check.setToolTip(
            self.tr(
                "Die Woche so zeigen, wie sie veröffentlicht wurde (was die Dienstkräfte sehen)"
            )
        )
        self.compact_check = menu.addAction(self.tr("Kompakt: eine Zeile je Dienstkraft"))
        self.compact_check.setObjectName("compactView")
        self.compact_check.setCheckable(True)
        self.compact_check.setChecked(compact)
        self.side_button = menu.addAction(self.tr("Dienste des Tages und Prüfung") + "\tF9")
        self.side_button.setObjectName("sidePanelAction")
        self.side_button.setCheckable(True)
        menu.setToolTipsVisible(True)
