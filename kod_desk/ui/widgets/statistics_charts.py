"""The charts of the Statistik page, in a scroll area: incidents by category × area, the
hour × weekday heat map, the trend of six months, patrol hours per area and kind, measures and
sources.

The widget only draws. A click on an incident bar is announced as ``bar_clicked(Bar)`` (the
page turns it into the filtered Vorkommnisse list), a click on a heat map cell as
``cell_described(text)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarSeries,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
)
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QScrollArea, QWidget

from kod_desk.domain import statistics as ds
from kod_desk.domain.enums import IncidentSource, ShiftKind
from kod_desk.domain.text import german_int
from kod_desk.ui.widgets.bar_charts import (
    PALETTE,
    ChartCard,
    add_axes,
    bar_set,
    chart_view,
    set_chart,
)
from kod_desk.ui.widgets.heat_map import HeatMap


@dataclass(frozen=True)
class Bar:
    """What one clicked bar stands for: the incidents the list should show."""

    area_id: str | None = None
    category_id: str | None = None
    source: IncidentSource | None = None
    measure_id: str | None = None
    month: date | None = None
    unlisted: bool = False  # "no area" or "no category": the list has no such filter


def _n(value: int) -> str:
    return german_int(value)


class StatisticsCharts(QScrollArea):
    """Six chart cards in a grid; ``show_figures`` fills them."""

    bar_clicked = Signal(object)  # Bar
    cell_described = Signal(str)  # a heat map cell, described

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statisticsScroll")
        self.category_rows: list[ds.Choice] = []  # the category axis, top to bottom
        self.measure_rows: list[ds.NamedCount] = []
        click = self.tr("Klick auf einen Balken öffnet die Liste dieser Vorkommnisse.")
        self.category_view = chart_view(click)
        self.category_view.setObjectName("categoryAreaChart")
        self.heat_map = HeatMap()
        self.trend_view = chart_view(click)
        self.trend_view.setObjectName("trendChart")
        self.patrol_view = chart_view(self.tr("Personenstunden je Gebiet und Dienstart"))
        self.patrol_view.setObjectName("patrolChart")
        self.measures_view = chart_view(click)
        self.measures_view.setObjectName("measuresChart")
        self.sources_view = chart_view(click)
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
            lambda day, hour: self.cell_described.emit(self.heat_map.describe(day, hour))
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
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(body)

    def show_figures(self, figures: ds.Figures) -> None:
        """Draw ``figures``; without incidents only the trend and the patrol hours show (the
        page says once that there are none instead of four empty charts)."""
        empty = figures.total == 0
        for card in (self.category_card, self.heat_card, self.measures_card, self.sources_card):
            card.setVisible(not empty)
        if not empty:
            self._show_categories(figures)
            self.heat_map.set_counts(figures.by_weekday_hour)
            self.heat_card.show_content(self.heat_map.sizeHint().height())
            self._show_measures(figures)
            self._show_sources(figures)
        self._show_trend(figures)
        self._show_patrol(figures)

    def peak_text(self, figures: ds.Figures) -> str | None:
        """The weekday and hour with the most incidents ("Montag, 10–11 Uhr"), if any."""
        peak = figures.peak
        if peak is None:
            return None
        return self.heat_map.describe(peak[0], peak[1]).split(":")[0]

    # ------------------------------------------------------------ the charts

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
                self.bar_clicked.emit(
                    Bar(
                        area_id=area.id,
                        category_id=category.id,
                        unlisted=area.id is None or category.id is None,
                    )
                )

            series.append(
                bar_set(area.name, values, PALETTE[colour % len(PALETTE)], describe, click)
            )
            colour += 1
        chart = set_chart(self.category_view, series, legend=True)
        add_axes(chart, series, [row.name for row in ordered], True, self.tr("Vorkommnisse"))
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
            bar_set(
                self.tr("Vorkommnisse"),
                [m.count for m in months],
                PALETTE[0],
                describe,
                lambda index: self.bar_clicked.emit(Bar(month=months[index].month)),
            )
        )
        chart = set_chart(self.trend_view, series, legend=False)
        add_axes(chart, series, [ds.month_short(m.month) for m in months], False, "")
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

            def describe(index: int, kind: ShiftKind = kind) -> str:
                entry = entries.get((areas[index].id, kind))
                hours, duties = (entry.person_hours, entry.duties) if entry else (0.0, 0)
                return self.tr("{area} · {kind}: {h} h in {n} Diensten").format(
                    area=areas[index].name,
                    kind=kind.label,
                    h=ds.german_hours(hours),
                    n=_n(duties),
                )

            series.append(
                bar_set(kind.label, values, PALETTE[number % len(PALETTE)], describe, None)
            )
        chart = set_chart(self.patrol_view, series, legend=True)
        add_axes(chart, series, [a.name for a in areas], True, self.tr("Personenstunden"))
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
            bar_set(
                self.tr("Maßnahmen"),
                [m.count for m in ordered],
                PALETTE[2],
                describe,
                lambda index: self.bar_clicked.emit(Bar(measure_id=ordered[index].id)),
            )
        )
        chart = set_chart(self.measures_view, series, legend=False)
        add_axes(chart, series, [m.name for m in ordered], True, self.tr("Anzahl"))
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
            bar_set(
                self.tr("Quelle"),
                [s.count for s in ordered],
                PALETTE[4],
                describe,
                lambda index: self.bar_clicked.emit(Bar(source=ordered[index].source)),
            )
        )
        chart = set_chart(self.sources_view, series, legend=False)
        add_axes(chart, series, [s.source.label for s in ordered], True, self.tr("Vorkommnisse"))
        self.sources_card.show_content(max(160, 34 * len(ordered) + 70))
