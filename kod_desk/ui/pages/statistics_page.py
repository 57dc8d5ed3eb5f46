"""Statistik: the figures of the monthly statistics as interactive charts (QtCharts).

Filters for period, area and category; key figure tiles; incidents by category × area, the
hour × weekday heat map, the trend of six months, patrol hours per area and kind, measures and
sources. A click on an incident bar opens the Vorkommnisse list filtered to that bar
(StatisticsService.drill_down, sent as ``navigate("incidents", filter_link(...))``). The
figures are read on a worker thread (a month of a large database takes a moment); a newer
request supersedes an older one, whose result is dropped. The CSV export is pseudonymised.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QCursor, QFont, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain import statistics as ds
from kod_desk.domain.changes import Entity
from kod_desk.domain.enums import IncidentSource, Role
from kod_desk.domain.errors import UserError
from kod_desk.domain.permissions import Permission
from kod_desk.domain.text import german_int
from kod_desk.domain.timeutil import to_local, utcnow
from kod_desk.services.files import write_atomically
from kod_desk.ui.background import Background
from kod_desk.ui.messages import show_error
from kod_desk.ui.pages.base import ChangeBus, Page
from kod_desk.ui.qt_dates import from_qdate, to_qdate
from kod_desk.ui.widgets.choices import fill_choices
from kod_desk.ui.widgets.heat_map import HeatMap

if TYPE_CHECKING:
    from kod_desk.ui.settings import Settings

THIS_MONTH, PREVIOUS_MONTH, CHOSEN_MONTH, FREE = "this", "previous", "month", "free"
REFRESH_DELAY_MS = 150  # several filter changes in a row make one request
# Colours that stay apart in print and for the common colour blindnesses (Okabe–Ito, extended).
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#6B7280",
    "#1F2937",
    "#A3A3A3",
)
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


def _h(value: float) -> str:
    return ds.german_hours(value)


def nice_scale(peak: float) -> tuple[float, float]:
    """(top, step) of a value axis from 0: whole steps of 1, 2 or 5 × 10ⁿ, at most 6 of them,
    so that counts never show as 0,2 incidents."""
    step = 1.0
    while True:
        for factor in (1, 2, 5):
            if peak <= step * factor * 6:
                size = step * factor
                return max(math.ceil(peak / size), 1) * size, size
        step *= 10


class Tile(QFrame):
    """A key figure: caption, big value, a line of detail."""

    def __init__(self, name: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statTile")
        self.caption = QLabel(caption)
        self.caption.setObjectName("tileCaption")
        self.value = QLabel("–")
        self.value.setObjectName("tileValue")
        self.value.setAccessibleName(f"{name}Value")
        self.detail = QLabel()
        self.detail.setObjectName("tileDetail")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(0)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        layout.addStretch(1)  # captions in one line when a neighbour's detail has two lines

    def show_value(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)


class ChartCard(QFrame):
    """A titled frame holding a chart (or the heat map), or a note when there is nothing."""

    def __init__(self, title: str, hint: str, content: QWidget, height: int) -> None:
        super().__init__()
        self.setObjectName("chartCard")
        self.title = QLabel(title)
        self.title.setObjectName("cardTitle")
        self.hint = QLabel(hint)
        self.hint.setObjectName("cardHint")
        self.hint.setWordWrap(True)
        self.content = content
        self.content.setMinimumHeight(height)
        self.empty = QLabel()
        self.empty.setObjectName("cardEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMinimumHeight(60)
        self.empty.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.content, 1)
        layout.addWidget(self.empty, 1)

    def show_content(self, height: int | None = None) -> None:
        if height is not None:
            self.content.setMinimumHeight(height)
        self.empty.hide()
        self.hint.show()
        self.content.show()

    def show_empty(self, text: str) -> None:
        self.empty.setText(text)
        self.content.hide()
        self.hint.hide()
        self.empty.show()

    @property
    def is_empty(self) -> bool:
        return self.empty.isVisibleTo(self)


def _chart_view(tip: str) -> QChartView:
    view = QChartView()
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setBackgroundBrush(QColor("white"))
    view.setFrameShape(QFrame.Shape.NoFrame)
    view.setToolTip(tip)
    view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    return view


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
        self._setting_period = False
        self.category_rows: list[ds.Choice] = []  # the category axis, top to bottom
        self.measure_rows: list[ds.NamedCount] = []
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._build()
        self.computed.connect(self._on_computed)
        self.gate(self.export_button, Permission.EXPORT_STATISTICS)

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        heading = QLabel(self.tr("Statistik"))
        heading.setObjectName("pageHeading")
        filters = self._build_filters()
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
        tiles = self._build_tiles()

        head = QHBoxLayout()
        head.addWidget(heading, 1)
        head.addWidget(self.export_button)  # top right: the filter row needs the width
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(filters)
        layout.addWidget(self.progress)
        layout.addWidget(self.message_label)
        layout.addLayout(tiles)
        layout.addWidget(self.empty_note)
        layout.addWidget(self._build_charts(), 1)
        layout.addWidget(self.status_label)

    def _build_filters(self) -> QHBoxLayout:
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("statisticsPeriod")
        self.period_combo.addItem(self.tr("dieser Monat"), THIS_MONTH)
        self.period_combo.addItem(self.tr("Vormonat"), PREVIOUS_MONTH)
        self.period_combo.addItem(self.tr("Monat wählen"), CHOSEN_MONTH)
        self.period_combo.addItem(self.tr("freier Zeitraum"), FREE)
        self.month_edit = QDateEdit()
        self.month_edit.setObjectName("statisticsMonth")
        self.month_edit.setDisplayFormat("MM.yyyy")
        self.month_edit.setToolTip(self.tr("Monat"))
        self.from_edit = QDateEdit()
        self.from_edit.setObjectName("statisticsFrom")
        self.to_edit = QDateEdit()
        self.to_edit.setObjectName("statisticsTo")
        for edit in (self.from_edit, self.to_edit):
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.setCalendarPopup(True)
        self.area_combo = QComboBox()
        self.area_combo.setObjectName("statisticsArea")
        self.category_combo = QComboBox()
        self.category_combo.setObjectName("statisticsCategory")
        for combo in (self.area_combo, self.category_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumContentsLength(10)
            combo.setMaximumWidth(230)
        self.export_button = QPushButton(self.tr("CSV exportieren (pseudonymisiert)…"))
        self.export_button.setObjectName("statisticsExport")
        self.export_button.setToolTip(
            self.tr(
                "Eine Zeile je Vorkommnis des Filters (Excel-CSV mit „;“). Die Datei enthält "
                "keine Namen: Vorgänge und Dienstkräfte erscheinen nur als Pseudonym."
            )
        )

        row = QHBoxLayout()
        for text, widget in (
            (self.tr("&Zeitraum:"), self.period_combo),
            ("", self.month_edit),
            (self.tr("&von:"), self.from_edit),
            (self.tr("&bis:"), self.to_edit),
            (self.tr("&Gebiet:"), self.area_combo),
            (self.tr("&Kategorie:"), self.category_combo),
        ):
            if text:
                label = QLabel(text)
                label.setBuddy(widget)
                row.addWidget(label)
            row.addWidget(widget)
        row.addStretch(1)

        today = to_local(utcnow()).date()
        self._set_period(ds.month_start(today), ds.month_end(today))
        self.month_edit.setDate(to_qdate(ds.month_start(today)))
        self.period_combo.currentIndexChanged.connect(lambda _i: self._period_chosen())
        self.month_edit.dateChanged.connect(lambda _d: self._month_chosen())
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(lambda _d: self._dates_edited())
        for combo in (self.area_combo, self.category_combo):
            combo.currentIndexChanged.connect(lambda _i: self.schedule_refresh())
        self.export_button.clicked.connect(lambda _checked=False: self.export())
        return row

    def _build_tiles(self) -> QHBoxLayout:
        self.incidents_tile = Tile("incidents", self.tr("Vorkommnisse"))
        self.patrol_tile = Tile("patrol", self.tr("Streifenstunden"))
        self.joint_tile = Tile("joint", self.tr("davon gemeinsam mit der Polizei"))
        self.measures_tile = Tile("measures", self.tr("Maßnahmen"))
        self.bike_tile = Tile("bikes", self.tr("Fahrrad-km"))
        self.patrol_tile.setToolTip(
            self.tr(
                "Personenstunden: die Zeit jeder Dienstkraft in Streifen, Radstreifen, "
                "gemeinsamen Streifen und an der Ansprechstelle, abzüglich der Pausen"
            )
        )
        row = QHBoxLayout()
        for tile in (
            self.incidents_tile,
            self.patrol_tile,
            self.joint_tile,
            self.measures_tile,
            self.bike_tile,
        ):
            row.addWidget(tile, 1)
        return row

    def _build_charts(self) -> QScrollArea:
        click = self.tr("Klick auf einen Balken öffnet die Liste dieser Vorkommnisse.")
        self.category_view = _chart_view(click)
        self.category_view.setObjectName("categoryAreaChart")
        self.heat_map = HeatMap()
        self.trend_view = _chart_view(click)
        self.trend_view.setObjectName("trendChart")
        self.patrol_view = _chart_view(self.tr("Personenstunden je Gebiet und Dienstart"))
        self.patrol_view.setObjectName("patrolChart")
        self.measures_view = _chart_view(click)
        self.measures_view.setObjectName("measuresChart")
        self.sources_view = _chart_view(click)
        self.sources_view.setObjectName("sourcesChart")
        self.category_card = ChartCard(
            self.tr("Vorkommnisse nach Kategorie und Gebiet"),
            click + " " + self.tr("Kategorien ohne Vorkommnisse sind ausgeblendet."),
            self.category_view,
            360,
        )
        self.heat_card = ChartCard(
            self.tr("Vorkommnisse nach Wochentag und Uhrzeit"),
            self.tr("Je dunkler, desto mehr Vorkommnisse; rechts die Summe je Wochentag."),
            self.heat_map,
            self.heat_map.sizeHint().height(),
        )
        self.trend_card = ChartCard(
            self.tr("Entwicklung der letzten sechs Monate"), click, self.trend_view, 260
        )
        self.patrol_card = ChartCard(
            self.tr("Streifenstunden nach Gebiet und Dienstart"),
            self.tr("Personenstunden; ohne Dienste, die noch nicht begonnen haben."),
            self.patrol_view,
            260,
        )
        self.measures_card = ChartCard(
            self.tr("Getroffene Maßnahmen"), click, self.measures_view, 300
        )
        self.sources_card = ChartCard(
            self.tr("Vorkommnisse nach Quelle"), click, self.sources_view, 300
        )
        self.heat_map.cell_clicked.connect(
            lambda day, hour: self.status_label.setText(self.heat_map.describe(day, hour))
        )

        body = QWidget()
        body.setObjectName("statisticsBody")
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 6, 0)
        grid.setSpacing(10)
        grid.addWidget(self.category_card, 0, 0, 1, 2)
        grid.addWidget(self.heat_card, 1, 0, 1, 2)
        grid.addWidget(self.trend_card, 2, 0)
        grid.addWidget(self.patrol_card, 2, 1)
        grid.addWidget(self.measures_card, 3, 0)
        grid.addWidget(self.sources_card, 3, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(4, 1)
        self.chart_scroll = QScrollArea()
        self.chart_scroll.setObjectName("statisticsScroll")
        self.chart_scroll.setWidgetResizable(True)
        self.chart_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.chart_scroll.setWidget(body)
        return self.chart_scroll

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
        fill_choices(self.area_combo, self.tr("alle"), self._named(choices.areas))
        fill_choices(self.category_combo, self.tr("alle"), self._named(choices.categories))
        first = self.services.statistics.first_day()
        if first is not None:
            self.status_label.setText(
                self.tr("Erfasste Vorkommnisse ab {day}.").format(day=f"{first:%d.%m.%Y}")
            )
        self.refresh()

    def _named(self, choices: Sequence[ds.Choice]) -> list[tuple[str, str]]:
        inactive = self.tr("{name} (inaktiv)")
        return [
            (c.id, c.name if c.active else inactive.format(name=c.name))
            for c in choices
            if c.id is not None
        ]

    # ------------------------------------------------------------ filter

    def _set_period(self, first: date, last: date) -> None:
        self._setting_period = True
        self.from_edit.setDate(to_qdate(first))
        self.to_edit.setDate(to_qdate(last))
        self._setting_period = False

    def _choose_kind(self, kind: str) -> None:
        self.period_combo.blockSignals(True)
        self.period_combo.setCurrentIndex(self.period_combo.findData(kind))
        self.period_combo.blockSignals(False)

    def _period_chosen(self) -> None:
        kind = self.period_combo.currentData()
        today = to_local(utcnow()).date()
        if kind == THIS_MONTH:
            month = ds.month_start(today)
        elif kind == PREVIOUS_MONTH:
            month = ds.add_months(today, -1)
        elif kind == CHOSEN_MONTH:
            month = ds.month_start(from_qdate(self.month_edit.date()))
        else:
            self.schedule_refresh()
            return
        self._set_period(month, ds.month_end(month))
        self.schedule_refresh()

    def _month_chosen(self) -> None:
        month = ds.month_start(from_qdate(self.month_edit.date()))
        self._choose_kind(CHOSEN_MONTH)
        self._set_period(month, ds.month_end(month))
        self.schedule_refresh()

    def _dates_edited(self) -> None:
        if not self._setting_period:
            self._choose_kind(FREE)
        self.schedule_refresh()

    def choose_month(self, day: date) -> None:
        """Show the calendar month of ``day`` (as choosing it in the month picker does)."""
        self.month_edit.setDate(to_qdate(ds.month_start(day)))
        self._month_chosen()

    def current_filter(self) -> ds.StatisticsFilter:
        area, category = self.area_combo.currentData(), self.category_combo.currentData()
        return ds.StatisticsFilter(
            from_qdate(self.from_edit.date()),
            from_qdate(self.to_edit.date()),
            (area,) if area else (),
            (category,) if category else (),
        )

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
        self._show_tiles(figures)
        empty = figures.total == 0
        self.empty_note.setVisible(empty)
        incident_cards = (self.category_card, self.heat_card, self.measures_card, self.sources_card)
        for card in incident_cards:  # the note above says it once instead of four empty charts
            card.setVisible(not empty)
        if not empty:
            self._show_categories(figures)
            self.heat_map.set_counts(figures.by_weekday_hour)
            self.heat_card.show_content(self.heat_map.sizeHint().height())
            self._show_measures(figures)
            self._show_sources(figures)
        self._show_trend(figures)
        self._show_patrol(figures)
        period = figures.filter.period_label
        comparison = figures.comparison
        if comparison is not None and comparison.running:
            period = self.tr("{month} {until}").format(month=period, until=comparison.label)
        self.status_label.setText(
            self.tr("{period}: {n} Vorkommnisse.").format(period=period, n=_n(figures.total))
        )

    def _show_tiles(self, figures: ds.Figures) -> None:
        total = figures.total
        comparison = figures.comparison
        detail = ""
        caption = self.tr("Vorkommnisse")
        if comparison is not None:
            detail = self.tr("{previous}: {n} ({percent})").format(
                previous=comparison.previous_label,
                n=_n(comparison.previous),
                percent=comparison.percent,
            )
            if comparison.running:  # "Vorkommnisse bis 07.12. (laufender Monat)"
                caption = self.tr("{caption} {until}").format(
                    caption=caption, until=comparison.label
                )
        self.incidents_tile.caption.setText(caption)
        peak = figures.peak
        if peak is not None:
            short = self.heat_map.describe(peak[0], peak[1]).split(":")[0]
            # A line of its own: beside the comparison it would widen the tile row.
            detail = (detail + "\n" if detail else "") + self.tr("Spitze {when}").format(when=short)
        self.incidents_tile.show_value(_n(total), detail)
        patrol, joint = figures.patrol_total, figures.joint_patrols
        self.patrol_tile.show_value(
            self.tr("{h} h").format(h=_h(patrol.person_hours)),
            self.tr("{n} Dienste · {h} h Dienstzeit").format(
                n=_n(patrol.duties), h=_h(patrol.duty_hours)
            ),
        )
        self.joint_tile.show_value(
            self.tr("{h} h").format(h=_h(joint.person_hours)),
            self.tr("{n} gemeinsame Streifen").format(n=_n(joint.duties)),
        )
        self.measures_tile.show_value(
            _n(figures.measures_total),
            self.tr("in {n} Arten").format(n=sum(1 for m in figures.measures if m.count)),
        )
        trips = sum(b.trips for b in figures.bike_km)
        self.bike_tile.show_value(
            self.tr("{km} km").format(km=_n(figures.bike_km_total)),
            self.tr("{trips} Ausfahrten, {bikes} Räder").format(
                trips=_n(trips), bikes=len([b for b in figures.bike_km if b.trips])
            ),
        )

    # ------------------------------------------------------------ charts

    def _chart(self, view: QChartView, series: QAbstractBarSeries, legend: bool) -> QChart:
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setBackgroundRoundness(0)
        chart.setBackgroundVisible(False)
        chart.setMargins(QMargins(0, 4, 4, 0))
        chart.addSeries(series)
        chart.legend().setVisible(legend)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        old = view.chart()
        view.setChart(chart)
        if old is not None:
            old.deleteLater()
        return chart

    def _axes(
        self,
        chart: QChart,
        series: QAbstractBarSeries,
        labels: Sequence[str],
        horizontal: bool,
        title: str,
    ) -> None:
        categories = QBarCategoryAxis()
        categories.append(list(labels))
        values = QValueAxis()
        values.setLabelFormat("%d")
        values.setTitleText(title)
        small = QFont(chart.font())
        small.setPointSizeF(max(small.pointSizeF() - 1, 7.0))
        values.setTitleFont(small)
        chart.addAxis(
            categories, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom
        )
        chart.addAxis(
            values, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft
        )
        series.attachAxis(categories)
        series.attachAxis(values)
        sets = series.barSets()
        size = max((bars.count() for bars in sets), default=0)
        if isinstance(series, QHorizontalStackedBarSeries):
            peak = max((sum(b.at(i) for b in sets) for i in range(size)), default=0.0)
        else:
            peak = max((b.at(i) for b in sets for i in range(b.count())), default=0.0)
        top, step = nice_scale(peak)
        values.setRange(0, top)
        values.setTickCount(round(top / step) + 1)

    def _bar_set(
        self,
        label: str,
        values: Sequence[float],
        colour: str,
        describe: Callable[[int], str],
        click: Callable[[int], object] | None,
    ) -> QBarSet:
        bars = QBarSet(label)
        bars.append([float(v) for v in values])
        bars.setColor(QColor(colour))
        bars.setBorderColor(QColor(colour))

        def hovered(status: bool, index: int) -> None:
            if status:
                QToolTip.showText(QCursor.pos(), describe(index))
            else:
                QToolTip.hideText()

        bars.hovered.connect(hovered)
        if click is not None:
            bars.clicked.connect(click)
        return bars

    def _count_text(self, count: int) -> str:
        return (
            self.tr("1 Vorkommnis")
            if count == 1
            else self.tr("{n} Vorkommnisse").format(n=_n(count))
        )

    def _show_categories(self, figures: ds.Figures) -> None:
        table = figures.by_category_area
        rows = [
            (row, total)
            for row, total in zip(table.rows, table.row_totals, strict=True)
            if total > 0
        ]
        rows.sort(key=lambda pair: -pair[1])
        self.category_rows = [row for row, _ in rows]
        ordered = list(reversed(self.category_rows))  # Qt draws the first category at the bottom
        series = QHorizontalStackedBarSeries()
        series.setBarWidth(0.7)
        column_totals = table.column_totals
        colour = 0
        for column, area in enumerate(table.columns):
            if column_totals[column] == 0:
                continue
            values = [table.count(row.id, area.id) for row in ordered]

            def describe(index: int, area: ds.Choice = area, values: list[int] = values) -> str:
                return self.tr("{category} · {area}: {what} – Klick öffnet die Liste").format(
                    category=ordered[index].name,
                    area=area.name,
                    what=self._count_text(values[index]),
                )

            def click(index: int, area: ds.Choice = area) -> None:
                category = ordered[index]
                self.drill_down(
                    area_id=area.id,
                    category_id=category.id,
                    unlisted=area.id is None or category.id is None,
                )

            series.append(
                self._bar_set(area.name, values, PALETTE[colour % len(PALETTE)], describe, click)
            )
            colour += 1
        chart = self._chart(self.category_view, series, legend=True)
        self._axes(chart, series, [row.name for row in ordered], True, self.tr("Vorkommnisse"))
        self.category_card.show_content(max(260, 28 * len(ordered) + 110))

    def _show_trend(self, figures: ds.Figures) -> None:
        if not any(month.count for month in figures.trend):
            self.trend_card.show_empty(self.tr("Keine Vorkommnisse in diesen sechs Monaten."))
            return
        months = list(figures.trend)
        series = QBarSeries()
        series.setLabelsVisible(True)
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsInsideEnd)

        def describe(index: int) -> str:
            return self.tr("{month}: {what} – Klick öffnet die Liste").format(
                month=ds.month_label(months[index].month),
                what=self._count_text(months[index].count),
            )

        series.append(
            self._bar_set(
                self.tr("Vorkommnisse"),
                [m.count for m in months],
                PALETTE[0],
                describe,
                lambda index: self.drill_down(month=months[index].month),
            )
        )
        chart = self._chart(self.trend_view, series, legend=False)
        self._axes(chart, series, [ds.month_short(m.month) for m in months], False, "")
        self.trend_card.show_content()

    def _show_patrol(self, figures: ds.Figures) -> None:
        by_area = figures.patrol_by_area()
        if not by_area:
            self.patrol_card.show_empty(self.tr("Keine Streifenstunden im gewählten Zeitraum."))
            return
        areas = [area for area, _ in by_area]
        kinds = [kind for kind in dict.fromkeys(p.kind for p in figures.patrol_hours)]
        entries = {(p.area.id, p.kind): p for p in figures.patrol_hours}
        areas.reverse()  # Qt draws the first category at the bottom
        series = QHorizontalStackedBarSeries()
        series.setBarWidth(0.6)
        for number, kind in enumerate(kinds):
            values = [
                entries[(a.id, kind)].person_hours if (a.id, kind) in entries else 0.0
                for a in areas
            ]

            def describe(index: int, kind: Any = kind) -> str:
                entry = entries.get((areas[index].id, kind))
                hours, duties = (entry.person_hours, entry.duties) if entry else (0.0, 0)
                return self.tr("{area} · {kind}: {h} h in {n} Diensten").format(
                    area=areas[index].name, kind=kind.label, h=_h(hours), n=_n(duties)
                )

            series.append(
                self._bar_set(kind.label, values, PALETTE[number % len(PALETTE)], describe, None)
            )
        chart = self._chart(self.patrol_view, series, legend=True)
        self._axes(chart, series, [a.name for a in areas], True, self.tr("Personenstunden"))
        self.patrol_card.show_content(max(220, 34 * len(areas) + 110))

    def _show_measures(self, figures: ds.Figures) -> None:
        taken = sorted((m for m in figures.measures if m.count), key=lambda m: -m.count)
        self.measure_rows = taken
        if not taken:
            self.measures_card.show_empty(self.tr("Keine Maßnahmen im gewählten Zeitraum."))
            return
        ordered = list(reversed(taken))
        series = QHorizontalBarSeries()
        series.setLabelsVisible(True)
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsInsideEnd)

        def describe(index: int) -> str:
            return self.tr("{measure}: {n}-mal – Klick öffnet die Liste").format(
                measure=ordered[index].name, n=_n(ordered[index].count)
            )

        series.append(
            self._bar_set(
                self.tr("Maßnahmen"),
                [m.count for m in ordered],
                PALETTE[2],
                describe,
                lambda index: self.drill_down(measure_id=ordered[index].id),
            )
        )
        chart = self._chart(self.measures_view, series, legend=False)
        self._axes(chart, series, [m.name for m in ordered], True, self.tr("Anzahl"))
        self.measures_card.show_content(max(220, 24 * len(ordered) + 70))

    def _show_sources(self, figures: ds.Figures) -> None:
        shown = [s for s in figures.sources if s.count]
        ordered = list(reversed(shown))
        series = QHorizontalBarSeries()
        series.setLabelsVisible(True)
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsInsideEnd)

        def describe(index: int) -> str:
            return self.tr("{source}: {what} – Klick öffnet die Liste").format(
                source=ordered[index].source.label, what=self._count_text(ordered[index].count)
            )

        series.append(
            self._bar_set(
                self.tr("Quelle"),
                [s.count for s in ordered],
                PALETTE[4],
                describe,
                lambda index: self.drill_down(source=ordered[index].source),
            )
        )
        chart = self._chart(self.sources_view, series, legend=False)
        self._axes(chart, series, [s.source.label for s in ordered], True, self.tr("Vorkommnisse"))
        self.sources_card.show_content(max(160, 34 * len(ordered) + 70))

    # ------------------------------------------------------------ drill-down and export

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
