"""Statistik: the figures of the monthly statistics as interactive charts (QtCharts).

The page is the controller: it reads the figures of the filter on a worker thread (a month of
a large database takes a moment; a newer request supersedes an older one, whose result is
dropped), hands them to its view widgets and turns a click on an incident bar into the
Vorkommnisse list filtered to that bar (StatisticsService.drill_down, sent as
``navigate("incidents", filter_link(...))``). The CSV export is pseudonymised. The views:
StatisticsFilterBar (period, area, category), KeyFigures (the tiles) and StatisticsCharts.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain import statistics as ds
from kod_desk.domain.changes import Entity
from kod_desk.domain.enums import IncidentSource, Role
from kod_desk.domain.errors import UserError
from kod_desk.domain.permissions import Permission
from kod_desk.domain.text import german_int
from kod_desk.services.files import write_atomically
from kod_desk.ui.background import Background
from kod_desk.ui.messages import show_error
from kod_desk.ui.pages.base import ChangeBus, Page
from kod_desk.ui.widgets.statistics_charts import Bar, StatisticsCharts
from kod_desk.ui.widgets.statistics_filters import StatisticsFilterBar
from kod_desk.ui.widgets.statistics_tiles import KeyFigures

if TYPE_CHECKING:
    from kod_desk.ui.settings import Settings

REFRESH_DELAY_MS = 150  # several filter changes in a row make one request
_NOTE = "QLabel { background: #fff3cd; color: #664d03; padding: 6px; border-radius: 3px; }"
_STYLE = """
QFrame#statTile { background: #f4f7fb; border: 1px solid #d5dbe3; border-radius: 4px; }
QFrame#chartCard { background: white; border: 1px solid #d5dbe3; border-radius: 4px; }
QLabel#tileValue { font-size: 17pt; font-weight: 600; color: #123f73; }
QLabel#tileCaption { color: #1f2933; font-weight: 600; }
QLabel#tileDetail, QLabel#cardHint { color: #5b6573; }
QLabel#cardTitle { font-weight: 600; font-size: 11pt; }
QLabel#cardEmpty { color: #5b6573; font-style: italic; }
"""


def _n(value: int) -> str:
    return german_int(value)


class StatisticsPage(Page):
    """Statistik: filters, key figures, charts; a click on a bar opens the incident list."""

    key = "statistics"
    drilled = Signal(str)  # the incident list's filter link that a click opened

    def __init__(self, settings: Settings, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(settings, bus, parent)
        self.setObjectName("statisticsPage")
        self.setWindowTitle(self.tr("Statistik"))
        self.setStyleSheet(_STYLE)
        self.figures: ds.Figures | None = None
        self.shown_filter: ds.StatisticsFilter | None = None
        self.worker = Background("statistics", self)
        self.computed = self.worker.finished  # request number, Figures or the exception
        self.export_worker = Background("statistics-export", self)
        self.exported = self.export_worker.finished  # request number, (path, rows) or error
        self.export_worker.finished.connect(self._on_exported)
        self._exporting = False
        self._busy = False
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._build()
        self.filters.changed.connect(self.schedule_refresh)
        self.charts.bar_clicked.connect(self._bar_clicked)
        self.charts.cell_described.connect(self.status_label.setText)
        self.export_button.clicked.connect(lambda _checked=False: self.export())
        self.computed.connect(self._on_computed)
        self.gate(self.export_button, Permission.EXPORT_STATISTICS)

    def _build(self) -> None:
        heading = QLabel(self.tr("Statistik"))
        heading.setObjectName("pageHeading")
        self.filters = StatisticsFilterBar()
        self.export_button = QPushButton(self.tr("CSV exportieren (pseudonymisiert)…"))
        self.export_button.setObjectName("statisticsExport")
        self.export_button.setToolTip(
            self.tr(
                "Eine Zeile je Vorkommnis des Filters (Excel-CSV mit „;“). Die Datei enthält "
                "keine Namen: Vorgänge und Dienstkräfte erscheinen nur als Pseudonym."
            )
        )
        self.progress = QProgressBar()
        self.progress.setObjectName("statisticsProgress")
        self.progress.setRange(0, 0)  # busy: the database reports no steps
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(6)
        self.progress.hide()
        self.status_label = QLabel()
        self.status_label.setObjectName("statisticsStatus")
        self.status_label.setStyleSheet("color: #5b6573;")
        self.message_label = QLabel()
        self.message_label.setObjectName("statisticsMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet(_NOTE)
        self.message_label.hide()
        self.empty_note = QLabel(self.tr("Keine Vorkommnisse im gewählten Zeitraum."))
        self.empty_note.setObjectName("statisticsEmpty")
        self.empty_note.setStyleSheet(_NOTE)
        self.empty_note.hide()
        self.tiles = KeyFigures()
        self.charts = StatisticsCharts()

        head = QHBoxLayout()
        head.addWidget(heading, 1)
        head.addWidget(self.export_button)  # top right: the filter row needs the width
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.filters)
        layout.addWidget(self.progress)
        layout.addWidget(self.message_label)
        layout.addWidget(self.tiles)
        layout.addWidget(self.empty_note)
        layout.addWidget(self.charts, 1)
        layout.addWidget(self.status_label)

    # ------------------------------------------------------------ page protocol

    def shows(self) -> tuple[Any, ...]:
        return (Entity.INCIDENTS, Entity.SHIFTS, Entity.AREAS, Entity.CATALOG, Entity.BIKES)

    def reload(self) -> None:
        if self.services is None:
            return
        # The export is for supervisors and administrators (the service refuses others).
        exporter = self.may_export()
        self.export_button.setEnabled(exporter and not self._exporting)
        if self.export_button.property("kodTip") is None:
            self.export_button.setProperty("kodTip", self.export_button.toolTip())
        self.export_button.setToolTip(
            str(self.export_button.property("kodTip"))
            if exporter
            else self.tr("Nur für Dienstgruppenleitung und Verwaltung (die Zahlen hier sehen alle)")
        )
        choices = self.services.statistics.choices()
        self.filters.set_choices(choices.areas, choices.categories)
        first = self.services.statistics.first_day()
        if first is not None:
            self.status_label.setText(
                self.tr("Erfasste Vorkommnisse ab {day}.").format(day=f"{first:%d.%m.%Y}")
            )
        self.refresh()

    # ------------------------------------------------------------ filter

    def choose_month(self, day: date) -> None:
        """Show the calendar month of ``day`` (as choosing it in the month picker does)."""
        self.filters.choose_month(day)

    def current_filter(self) -> ds.StatisticsFilter:
        return self.filters.current_filter()

    # ------------------------------------------------------------ loading

    def schedule_refresh(self) -> None:
        self._refresh_timer.start()

    def refresh(self) -> bool:
        """Read the figures of the filter on a worker thread; False when the filter is wrong."""
        self._refresh_timer.stop()
        if self.services is None:
            return False
        try:
            flt = self.current_filter().check()
        except UserError as error:
            self._say(error.message)
            return False
        service = self.services.statistics
        self._set_busy(True)
        self.worker.start(lambda _progress: service.figures(flt))
        return True

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        if busy:
            self.status_label.setText(self.tr("Zahlen werden gelesen …"))
            self.message_label.hide()

    def _on_computed(self, request: int, result: Any) -> None:
        if not self.worker.is_current(request):
            return  # superseded by a newer request
        self._set_busy(False)
        if isinstance(result, UserError):
            self._say(result.message)
            return
        if isinstance(result, Exception):
            self.status_label.setText("")
            show_error(self, result, self.tr("Statistik"))
            return
        self.show_figures(result)

    def _say(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.show()

    # ------------------------------------------------------------ showing

    def show_figures(self, figures: ds.Figures) -> None:
        """Fill tiles and charts with ``figures``."""
        self.figures = figures
        self.shown_filter = figures.filter
        self.tiles.show_figures(figures, self.charts.peak_text(figures))
        # Without incidents the note says it once instead of four empty charts.
        self.empty_note.setVisible(figures.total == 0)
        self.charts.show_figures(figures)
        period = figures.filter.period_label
        comparison = figures.comparison
        if comparison is not None and comparison.running:
            period = self.tr("{month} {until}").format(month=period, until=comparison.label)
        self.status_label.setText(
            self.tr("{period}: {n} Vorkommnisse.").format(period=period, n=_n(figures.total))
        )

    # ------------------------------------------------------------ drill-down and export

    def _bar_clicked(self, bar: Bar) -> None:
        self.drill_down(
            area_id=bar.area_id,
            category_id=bar.category_id,
            source=bar.source,
            measure_id=bar.measure_id,
            month=bar.month,
            unlisted=bar.unlisted,
        )

    def drill_down(
        self,
        *,
        area_id: str | None = None,
        category_id: str | None = None,
        source: IncidentSource | None = None,
        measure_id: str | None = None,
        month: date | None = None,
        unlisted: bool = False,
    ) -> bool:
        """Open the Vorkommnisse list filtered to one bar of the shown figures."""
        if self.services is None or self.shown_filter is None:
            return False
        if unlisted:  # the list has no filter for "no area" / "no category"
            self._say(
                self.tr(
                    "Vorkommnisse ohne Gebiet oder ohne Kategorie lassen sich in der Liste "
                    "nicht gesondert filtern."
                )
            )
            return False
        from kod_desk.ui.pages.incidents_page import filter_link

        try:
            flt = self.services.statistics.drill_down(
                self.shown_filter,
                area_id=area_id,
                category_id=category_id,
                source=source,
                measure_id=measure_id,
                month=month,
            )
        except UserError as error:
            self._say(error.message)
            return False
        link = filter_link(flt)
        self.drilled.emit(link)
        self.bus.navigate.emit("incidents", link)
        return True

    def export(self) -> None:
        """Ask where to save the pseudonymised CSV of the current filter, then write it."""
        flt = self.current_filter()
        name = f"Statistik_{flt.first:%Y-%m-%d}_{flt.last:%Y-%m-%d}.csv"
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Statistikdaten exportieren"), name, self.tr("CSV-Dateien (*.csv)")
        )
        if path:
            self.export_to(Path(path))

    def may_export(self) -> bool:
        """Supervisors and administrators export (the service refuses the others)."""
        return self.services is not None and self.services.context.role in (
            Role.SUPERVISOR,
            Role.ADMIN,
        )

    def export_to(self, path: Path) -> bool:
        """Write the pseudonymised CSV of the current filter to ``path`` (.csv added) on a
        worker thread (a month at a million incidents takes a second); ``exported`` tells the
        outcome. False when nothing started."""
        if self.services is None or self._exporting:
            return False
        if path.suffix.lower() != ".csv":
            path = path.with_name(path.name + ".csv")
        service, flt = self.services.statistics, self.current_filter()

        def job(_progress: Any) -> tuple[Path, int]:
            data = service.export_csv(flt)
            write_atomically(path, data)
            return path, max(data.count(b"\r\n") - 1, 0)

        self._exporting = True
        self.export_button.setEnabled(False)
        self.status_label.setText(self.tr("Export läuft …"))
        self.export_worker.start(job)
        return True

    def _on_exported(self, request: int, result: Any) -> None:
        if not self.export_worker.is_current(request):
            return
        self._exporting = False
        self.export_button.setEnabled(self.may_export())
        if isinstance(result, UserError):
            self._say(result.message)
            return
        if isinstance(result, Exception):
            show_error(self, result, self.tr("Statistikdaten exportieren"))
            return
        path, rows = result
        self.message_label.hide()
        self.status_label.setText(
            self.tr("{n} Vorkommnisse exportiert nach {path} (ohne Namen, nur Pseudonyme).").format(
                n=_n(rows), path=str(path)
            )
        )
