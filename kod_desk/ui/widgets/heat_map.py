"""The hour × weekday heat map of the Statistik page (QtCharts has none): a painted 7 × 24 grid.

Darker cells hold more incidents; each cell shows its count when it fits, the busiest cell is
framed, the hovered cell is outlined and explained in a tooltip, and a click emits
``cell_clicked(weekday, hour)``. Weekday totals stand at the right, a legend below.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QHelpEvent,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from kod_desk.domain.text import german_int

_LOW = QColor("#f4f7fb")
_HIGH = QColor("#123f73")
_GRID = QColor("#d5dbe3")
_TEXT = QColor("#1f2933")
_MUTED = QColor("#5b6573")
_LEFT, _TOP, _RIGHT, _LEGEND = 34, 20, 56, 34


def weekday_names() -> tuple[str, ...]:
    return (
        QCoreApplication.translate("HeatMap", "Montag"),
        QCoreApplication.translate("HeatMap", "Dienstag"),
        QCoreApplication.translate("HeatMap", "Mittwoch"),
        QCoreApplication.translate("HeatMap", "Donnerstag"),
        QCoreApplication.translate("HeatMap", "Freitag"),
        QCoreApplication.translate("HeatMap", "Samstag"),
        QCoreApplication.translate("HeatMap", "Sonntag"),
    )


def weekday_short() -> tuple[str, ...]:
    return (
        QCoreApplication.translate("HeatMap", "Mo"),
        QCoreApplication.translate("HeatMap", "Di"),
        QCoreApplication.translate("HeatMap", "Mi"),
        QCoreApplication.translate("HeatMap", "Do"),
        QCoreApplication.translate("HeatMap", "Fr"),
        QCoreApplication.translate("HeatMap", "Sa"),
        QCoreApplication.translate("HeatMap", "So"),
    )


def shade(count: int, peak: int) -> QColor:
    """The cell colour: a linear blend from almost white (0) to dark blue (``peak``)."""
    if peak <= 0 or count <= 0:
        return QColor(_LOW)
    t = 0.12 + 0.88 * min(count / peak, 1.0)  # a single incident is visibly not empty
    return QColor(
        round(_LOW.red() + (_HIGH.red() - _LOW.red()) * t),
        round(_LOW.green() + (_HIGH.green() - _LOW.green()) * t),
        round(_LOW.blue() + (_HIGH.blue() - _LOW.blue()) * t),
    )


class HeatMap(QWidget):
    """Counts per weekday (rows, Monday first) and local hour (columns)."""

    cell_clicked = Signal(int, int)  # weekday 0=Mo, hour 0…23

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("heatMap")
        self.setMouseTracking(True)
        self.setMinimumSize(560, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._counts: tuple[tuple[int, ...], ...] = tuple((0,) * 24 for _ in range(7))
        self._hover: tuple[int, int] | None = None
        self.selected: tuple[int, int] | None = None

    # ------------------------------------------------------------ data

    def set_counts(self, counts: Sequence[Sequence[int]]) -> None:
        """Show ``counts[weekday][hour]`` (7 × 24)."""
        self._counts = tuple(tuple(int(n) for n in row) for row in counts)
        self.selected = None
        self.update()

    def count(self, weekday: int, hour: int) -> int:
        return self._counts[weekday][hour]

    @property
    def peak(self) -> int:
        return max((max(row) for row in self._counts), default=0)

    def describe(self, weekday: int, hour: int) -> str:
        """ "Mittwoch, 14–15 Uhr: 12 Vorkommnisse"."""
        count = self.count(weekday, hour)
        what = (
            self.tr("1 Vorkommnis")
            if count == 1
            else self.tr("{n} Vorkommnisse").format(n=german_int(count))
        )
        return self.tr("{day}, {start}–{end} Uhr: {what}").format(
            day=weekday_names()[weekday],
            start=f"{hour:02d}",
            end=f"{(hour + 1) % 24:02d}",
            what=what,
        )

    # ------------------------------------------------------------ geometry

    def _cell_size(self) -> tuple[float, float]:
        width = (self.width() - _LEFT - _RIGHT) / 24
        height = (self.height() - _TOP - _LEGEND) / 7
        return max(width, 1.0), max(height, 1.0)

    def cell_rect(self, weekday: int, hour: int) -> QRectF:
        width, height = self._cell_size()
        return QRectF(_LEFT + hour * width, _TOP + weekday * height, width, height)

    def cell_at(self, point: QPoint) -> tuple[int, int] | None:
        width, height = self._cell_size()
        hour = int((point.x() - _LEFT) // width)
        weekday = int((point.y() - _TOP) // height)
        if point.x() < _LEFT or point.y() < _TOP or not (0 <= hour < 24 and 0 <= weekday < 7):
            return None
        return weekday, hour

    # ------------------------------------------------------------ Qt overrides

    def sizeHint(self) -> QSize:
        """Override of QWidget.sizeHint: room for numbers in 24 columns."""
        return QSize(900, 7 * 26 + _TOP + _LEGEND)

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Override of QWidget.paintEvent: labels, cells with counts, totals, legend."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        metrics = QFontMetrics(self.font())
        width, height = self._cell_size()
        peak = self.peak
        painter.setPen(_MUTED)
        for hour in range(24):
            if width >= metrics.horizontalAdvance("00") + 4 or hour % 3 == 0:
                box = QRectF(_LEFT + hour * width, 0, width, _TOP - 2)
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, f"{hour:02d}")
        short = weekday_short()
        totals = [sum(row) for row in self._counts]
        for day in range(7):
            painter.setPen(_TEXT)
            label = QRectF(0, _TOP + day * height, _LEFT - 6, height)
            painter.drawText(
                label, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, short[day]
            )
            total = QRectF(_LEFT + 24 * width + 6, _TOP + day * height, _RIGHT - 6, height)
            painter.setPen(_MUTED)
            painter.drawText(
                total,
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                f"Σ {totals[day]}",
            )
            for hour in range(24):
                self._paint_cell(painter, metrics, day, hour, peak)
        self._paint_marks(painter, peak)
        self._paint_legend(painter, peak)
        painter.end()

    def _paint_cell(
        self, painter: QPainter, metrics: QFontMetrics, day: int, hour: int, peak: int
    ) -> None:
        rect = self.cell_rect(day, hour)
        count = self._counts[day][hour]
        fill = shade(count, peak)
        painter.fillRect(rect, fill)
        painter.setPen(QPen(_GRID, 1))
        painter.drawRect(rect)
        if count and rect.width() >= metrics.horizontalAdvance(str(count)) + 4:
            painter.setPen(QColor("white") if fill.lightness() < 140 else _TEXT)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(count))

    def _paint_marks(self, painter: QPainter, peak: int) -> None:
        if peak > 0:  # frame the busiest cells
            painter.setPen(QPen(QColor("#d97706"), 2))
            for day in range(7):
                for hour in range(24):
                    if self._counts[day][hour] == peak:
                        painter.drawRect(self.cell_rect(day, hour).adjusted(1, 1, -1, -1))
        for cell, colour in ((self.selected, "#111827"), (self._hover, "#2563eb")):
            if cell is not None:
                painter.setPen(QPen(QColor(colour), 2))
                painter.drawRect(self.cell_rect(*cell).adjusted(1, 1, -1, -1))

    def _paint_legend(self, painter: QPainter, peak: int) -> None:
        top = self.height() - _LEGEND + 12
        bar = QRectF(_LEFT + 40, top, 180, 12)
        gradient = QLinearGradient(bar.topLeft(), bar.topRight())
        gradient.setColorAt(0, shade(0, 1))
        gradient.setColorAt(0.01, shade(1, 100))
        gradient.setColorAt(1, _HIGH)
        painter.fillRect(bar, gradient)
        painter.setPen(QPen(_GRID, 1))
        painter.drawRect(bar)
        painter.setPen(_MUTED)
        align = Qt.AlignmentFlag.AlignVCenter
        painter.drawText(QRectF(_LEFT, top - 2, 36, 16), align | Qt.AlignmentFlag.AlignRight, "0")
        painter.drawText(QRectF(bar.right() + 6, top - 2, 60, 16), align, str(peak))
        note = self.tr("Stunde (Ortszeit) · orange umrandet: Spitzenzeit · Klick wählt die Zelle")
        painter.drawText(QRectF(bar.right() + 60, top - 2, self.width(), 16), align, note)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Override of QWidget.mouseMoveEvent: outline the cell under the mouse."""
        cell = self.cell_at(event.position().toPoint())
        if cell != self._hover:
            self._hover = cell
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        """Override of QWidget.leaveEvent: no hovered cell any more."""
        self._hover = None
        self.update()
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Override of QWidget.mousePressEvent: select the cell and say so."""
        cell = self.cell_at(event.position().toPoint())
        if cell is not None and event.button() == Qt.MouseButton.LeftButton:
            self.selected = cell
            self.update()
            self.cell_clicked.emit(*cell)
        super().mousePressEvent(event)

    def event(self, event: QEvent) -> bool:
        """Override of QWidget.event: the tooltip names weekday, hour and count."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            cell = self.cell_at(event.pos())
            if cell is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.describe(*cell), self)
            return True
        return super().event(event)
