"""Day view of the roster: one row per officer, each duty a bar on a 0–30 h time axis.

The axis runs to 06:00 of the next day so a night duty is drawn in one piece.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from kod_desk.domain.masterdata import Officer
from kod_desk.domain.roster import RosterShift
from kod_desk.domain.timeutil import BERLIN, local_today, to_local
from kod_desk.ui.models.week_model import KIND_COLORS, duty_long_text

HOURS = 30
ROW_HEIGHT = 26
NAME_WIDTH = 170
HEADER_HEIGHT = 22


@dataclass(frozen=True, slots=True)
class Bar:
    officer_id: str
    shift: RosterShift
    rect: QRectF


class DayTimeline(QWidget):
    """Paints the day; a click on a bar emits ``shift_clicked`` with the duty's id."""

    shift_clicked = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.day = local_today()
        self.officers: list[Officer] = []
        self.shifts: list[RosterShift] = []
        self.bars: list[Bar] = []
        self.findings_by_shift: dict[str, str] = {}
        self.area_codes: dict[str, str] = {}

    def set_day(
        self,
        day: date,
        officers: Sequence[Officer],
        shifts: Sequence[RosterShift],
        severities: dict[tuple[str, str], str] | None = None,
        area_codes: dict[str, str] | None = None,
    ) -> None:
        """Show ``day``: officers with a duty that day first, then the others; a bar too short
        for its area's name shows the area's short code."""
        self.day = day
        if area_codes is not None:
            self.area_codes = dict(area_codes)
        start, end = self._axis()
        self.shifts = [s for s in shifts if s.starts_at < end and s.ends_at > start]
        on_duty = {c.officer_id for s in self.shifts for c in s.crew}
        self.officers = [o for o in officers if o.id in on_duty] + [
            o for o in officers if o.id not in on_duty
        ]
        self.severities = severities or {}
        self.setMinimumHeight(HEADER_HEIGHT + ROW_HEIGHT * max(1, len(self.officers)) + 4)
        self._layout_bars()
        self.update()

    def _axis(self) -> tuple[datetime, datetime]:
        start = datetime.combine(self.day, time(0), tzinfo=BERLIN)
        return start, start + timedelta(hours=HOURS)

    def _x(self, moment: datetime) -> float:
        start, _ = self._axis()
        hours = (to_local(moment) - start).total_seconds() / 3600
        hours = min(max(hours, 0.0), float(HOURS))
        return NAME_WIDTH + hours * self._hour_width()

    def _hour_width(self) -> float:
        return max(8.0, (self.width() - NAME_WIDTH - 8) / HOURS)

    def _layout_bars(self) -> None:
        self.bars = []
        rows = {o.id: index for index, o in enumerate(self.officers)}
        for shift in self.shifts:
            for member in shift.crew:
                row = rows.get(member.officer_id)
                if row is None:
                    continue
                top = HEADER_HEIGHT + row * ROW_HEIGHT + 3
                left, right = self._x(shift.starts_at), self._x(shift.ends_at)
                self.bars.append(
                    Bar(member.officer_id, shift, QRectF(left, top, right - left, ROW_HEIGHT - 6))
                )

    # ------------------------------------------------------------ Qt overrides

    def sizeHint(self) -> QSize:
        """Override of QWidget.sizeHint: room for every officer's row."""
        return QSize(900, HEADER_HEIGHT + ROW_HEIGHT * max(1, len(self.officers)) + 4)

    def resizeEvent(self, event: Any) -> None:
        """Override of QWidget.resizeEvent: bars follow the width."""
        super().resizeEvent(event)
        self._layout_bars()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Override of QWidget.paintEvent: hour grid, names, duty bars."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        hour_width = self._hour_width()
        painter.setPen(QPen(QColor("#d5deea")))
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() - 1))
        painter.setFont(small)
        for hour in range(HOURS + 1):
            x = NAME_WIDTH + hour * hour_width
            painter.setPen(QPen(QColor("#1f3a5f" if hour in (0, 24) else "#d5deea")))
            painter.drawLine(int(x), HEADER_HEIGHT, int(x), self.height())
            if hour < HOURS and hour % 2 == 0:
                painter.setPen(QPen(QColor("#4a5563")))
                painter.drawText(int(x) + 2, HEADER_HEIGHT - 6, f"{hour % 24:02d}")
        painter.setFont(self.font())
        for row, officer in enumerate(self.officers):
            top = HEADER_HEIGHT + row * ROW_HEIGHT
            if row % 2:
                painter.fillRect(0, top, self.width(), ROW_HEIGHT, QColor(245, 247, 250, 160))
            painter.setPen(QPen(QColor("#1f2937")))
            painter.drawText(
                QRectF(6, top, NAME_WIDTH - 10, ROW_HEIGHT),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                officer.display_name,
            )
        for bar in self.bars:
            severity = self.severities.get((bar.officer_id, bar.shift.id))
            fill = QColor(KIND_COLORS[bar.shift.kind]).darker(115)
            border = (
                QColor("#b00020")
                if severity == "error"
                else (QColor("#c98a00") if severity == "warning" else QColor("#1f3a5f"))
            )
            painter.setPen(QPen(border, 2 if severity else 1))
            painter.setBrush(fill)
            painter.drawRoundedRect(bar.rect, 4, 4)
            painter.setPen(QPen(QColor("#1f2937")))
            label = f"{bar.shift.kind.short} {bar.shift.area}".strip()
            if painter.fontMetrics().horizontalAdvance(label) > bar.rect.width() - 6:
                code = self.area_codes.get(bar.shift.area_id or "", "")
                label = f"{bar.shift.kind.short} {code}".strip()
            painter.drawText(
                bar.rect.adjusted(4, 0, -2, 0),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                label,
            )
        painter.end()

    def bar_at(self, x: float, y: float) -> Bar | None:
        return next((b for b in self.bars if b.rect.contains(x, y)), None)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Override of QWidget.mouseMoveEvent: the duty under the pointer as a tooltip."""
        bar = self.bar_at(event.position().x(), event.position().y())
        if bar is None:
            QToolTip.hideText()
            return
        crew = ", ".join(c.name for c in bar.shift.crew)
        QToolTip.showText(
            event.globalPosition().toPoint(),
            f"{duty_long_text(bar.shift, bar.officer_id)}\n{crew}",
            self,
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Override of QWidget.mousePressEvent: a click selects the duty."""
        bar = self.bar_at(event.position().x(), event.position().y())
        if bar is not None:
            self.shift_clicked.emit(bar.shift.id)
