"""The Dienstplan's main area: the week grid and the day timeline as tabs, the legend below,
and in the tabs' corner the findings count while the side panel is hidden (F9); and the
splitter that puts the side panel beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QScrollArea, QSplitter, QTabWidget, QVBoxLayout, QWidget

from kod_desk.ui.models.week_model import WeekModel
from kod_desk.ui.settings import RosterView, Settings
from kod_desk.ui.widgets.day_timeline import DayTimeline
from kod_desk.ui.widgets.week_grid import RosterLegend, WeekGrid

# Below this page width the side panel starts hidden (until the user chooses, F9).
SIDE_PANEL_MIN_WIDTH = 1500


class RosterViews(QWidget):
    """Woche | Tag, the legend, the findings note (the page fills them)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.week_model = WeekModel(self)
        self.grid = WeekGrid()
        self.grid.setObjectName("weekGrid")
        self.grid.setModel(self.week_model)
        self.timeline = DayTimeline()
        self.timeline.setObjectName("dayTimeline")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.timeline)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("rosterViews")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.grid, self.tr("Woche"))
        self.tabs.addTab(scroll, self.tr("Tag"))
        self.legend = RosterLegend()
        self.findings_note = QLabel()
        self.findings_note.setObjectName("findingsNote")
        self.findings_note.setToolTip(self.tr("F9 zeigt die Dienste des Tages und die Prüfung"))
        self.tabs.setCornerWidget(self.findings_note, Qt.Corner.TopRightCorner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.legend)

    def show_counts(self, errors: int, warnings: int) -> None:
        """The findings note: how many errors and warnings, red, amber or calm."""
        self.findings_note.setText(
            self.tr("Prüfung: {errors} Fehler, {warnings} Hinweise (F9) ").format(
                errors=errors, warnings=warnings
            )
        )
        color = "#b00020" if errors else ("#8a5300" if warnings else "#1f3a5f")
        self.findings_note.setStyleSheet(f"QLabel#findingsNote {{ color: {color}; }}")


class RosterSplit(QSplitter):
    """The main area beside the side panel; ``side_button`` (F9) shows or hides the panel
    and the choice is remembered. Until the user chooses, a narrow page starts without it."""

    def __init__(
        self, main: RosterViews, side: QWidget, side_button: QAction, settings: Settings
    ) -> None:
        super().__init__()
        self._main, self._side = main, side
        self._side_button = side_button
        self._settings = settings
        self.addWidget(main)
        self.addWidget(side)
        self.setStretchFactor(0, 5)
        self.setStretchFactor(1, 2)
        self.sized = False
        self.setChildrenCollapsible(False)
        side_button.toggled.connect(self._toggled)

    def size_once(self, page_width: int) -> None:
        """Once the page has its real size: the side panel as chosen (or by the width) and
        three fifths for the grid (the user's own splitter moves are kept after that)."""
        width = self.width()
        if self.sized or width <= 600:
            return
        self.sized = True
        chosen = self._settings.get(RosterView.SIDE_PANEL)
        shown = chosen == "shown" if chosen else page_width >= SIDE_PANEL_MIN_WIDTH
        self.setSizes([width * 3 // 5, width * 2 // 5])
        self._show_side(shown)
        self._side_button.blockSignals(True)
        self._side_button.setChecked(shown)
        self._side_button.blockSignals(False)

    def _show_side(self, shown: bool) -> None:
        self._side.setVisible(shown)
        self._main.findings_note.setVisible(not shown)

    def _toggled(self, shown: bool) -> None:
        self.sized = True
        self._show_side(shown)
        self._settings.set(RosterView.SIDE_PANEL, "shown" if shown else "hidden")
