"""Bar charts on cards (QtCharts), as the Statistik page draws them.

``ChartCard`` is a titled frame holding a chart (or the heat map) that shows a note instead
when there is nothing to draw; ``chart_view``, ``set_chart``, ``add_axes`` and ``bar_set`` build
the charts the same way everywhere: no animation, whole-number axes, a tooltip per bar.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QCursor, QFont, QPainter
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QToolTip, QVBoxLayout, QWidget

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


def chart_view(tip: str) -> QChartView:
    """An empty chart view: antialiased, white, frameless, growing with its card."""
    view = QChartView()
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setBackgroundBrush(QColor("white"))
    view.setFrameShape(QFrame.Shape.NoFrame)
    view.setToolTip(tip)
    view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    return view


def set_chart(view: QChartView, series: QAbstractBarSeries, legend: bool) -> QChart:
    """Put a new chart of ``series`` into ``view`` (the old chart goes) and return it."""
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


def add_axes(
    chart: QChart,
    series: QAbstractBarSeries,
    labels: Sequence[str],
    horizontal: bool,
    title: str,
) -> None:
    """A category axis of ``labels`` and a value axis from 0 in whole steps (titled ``title``)."""
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


def bar_set(
    label: str,
    values: Sequence[float],
    colour: str,
    describe: Callable[[int], str],
    click: Callable[[int], object] | None,
) -> QBarSet:
    """Bars of one colour; hovering one shows ``describe(index)``, a click calls ``click``."""
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
