"""The roster's week grid view (drop target), its legend, and the day's duty list (drag source)."""

from __future__ import annotations

import time
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QCoreApplication, QMimeData, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QLabel, QTableView

from kod_desk.domain.enums import ShiftKind
from kod_desk.domain.roster import RosterShift
from kod_desk.ui.models.row_table_model import RowTableModel
from kod_desk.ui.models.week_model import (
    ABSENCE_COLOR,
    ERROR_COLOR,
    KIND_COLORS,
    OFFICER_ROLE,
    OPEN_COLOR,
    WARNING_COLOR,
    WEEKDAY_SHORT,
    WeekModel,
    duty_code,
)
from kod_desk.ui.widgets.data_table import DataTable

if TYPE_CHECKING:
    from kod_desk.ui.settings import Settings


SHIFT_MIME = "application/x-kod-desk-shift"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _tr(text: str) -> str:
    return QCoreApplication.translate("WeekGrid", text)


HEADER_PADDING = 2 * 6 + 6  # the stylesheet's section padding, its border and some air
CELL_PADDING = 8


def header_font(header: QHeaderView) -> QFont:
    """The font header sections are drawn in (the stylesheet makes them semi-bold)."""
    font = QFont(header.font())
    font.setWeight(QFont.Weight.DemiBold)
    return font


class WeekGrid(QTableView):
    """The grid; accepts duties dropped from the day list onto an officer's cell.

    Compact: one line per cell, rows share the height so the whole unit fits; comfortable: rows
    as tall as their duties. Typing a name jumps to that officer's row in the same day.
    """

    shift_dropped = Signal(str, str)  # shift id, officer id

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setAlternatingRowColors(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setMinimumWidth(120)
        self.compact = True
        self._typed = ""
        self._typed_at = 0.0
        self._apply_density()

    # ------------------------------------------------------------ density

    def week_model(self) -> WeekModel | None:
        model = self.model()
        return model if isinstance(model, WeekModel) else None

    def set_compact(self, compact: bool) -> None:
        self.compact = compact
        model = self.week_model()
        if model is not None:
            model.set_density(compact=compact)
        self._apply_density()

    def line_height(self) -> int:
        return QFontMetrics(self.font()).height()

    def _apply_density(self) -> None:
        header = self.verticalHeader()
        if self.compact:
            header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            header.setMinimumSectionSize(self.line_height() + 4)
        else:
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.fit()

    def fit(self) -> None:
        """Row heights, the weekday headers' minimum width and names vs codes for the size."""
        model = self.week_model()
        font = header_font(self.horizontalHeader())
        widest_day = max(
            QFontMetrics(font).horizontalAdvance(f"{day} 30.12.") for day in WEEKDAY_SHORT
        )
        self.horizontalHeader().setMinimumSectionSize(widest_day + HEADER_PADDING)
        if model is None:
            return
        rows = max(1, model.rowCount())
        if self.compact:
            line = self.line_height()
            share = self.viewport().height() // rows
            self.verticalHeader().setDefaultSectionSize(max(line + 4, min(share, line + 10)))
        column = (
            min((self.columnWidth(c) for c in range(model.columnCount())), default=0)
            or self.viewport().width() // 7
        )
        metrics = QFontMetrics(self.font())
        named = model.lines(names=True)
        fits = all(metrics.horizontalAdvance(line) + CELL_PADDING <= column for line in named)
        model.set_density(use_names=fits)

    def resizeEvent(self, event: Any) -> None:
        """Override of QTableView.resizeEvent: rows and area names follow the size."""
        super().resizeEvent(event)
        self.fit()

    def keyboardSearch(self, search: str) -> None:
        """Override of QAbstractItemView.keyboardSearch: a typed name jumps to that officer's
        row, in the same day (the cell's duties are not searched)."""
        model = self.week_model()
        if model is None or not search:
            return
        now = time.monotonic()
        if now - self._typed_at > QApplication.keyboardInputInterval() / 1000:
            self._typed = ""
        self._typed_at = now
        self._typed += search
        row = model.officer_row_starting(self._typed)
        if row >= 0:
            column = max(self.currentIndex().column(), 0)
            self.setCurrentIndex(model.index(row, column))

    def dragEnterEvent(self, event: Any) -> None:
        """Override of QTableView.dragEnterEvent: only duties from the day list."""
        if event.mimeData().hasFormat(SHIFT_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        """Override of QTableView.dragMoveEvent: only officer cells take a duty."""
        index = self.indexAt(event.position().toPoint())
        if event.mimeData().hasFormat(SHIFT_MIME) and index.data(OFFICER_ROLE):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: Any) -> None:
        """Override of QTableView.dropEvent: assign the dropped duty to the cell's officer."""
        index = self.indexAt(event.position().toPoint())
        officer_id = index.data(OFFICER_ROLE)
        if not event.mimeData().hasFormat(SHIFT_MIME) or not officer_id:
            event.ignore()
            return
        shift_id = bytes(event.mimeData().data(SHIFT_MIME).data()).decode()
        event.acceptProposedAction()
        self.shift_dropped.emit(shift_id, officer_id)


class DayDuties(DataTable):
    """The selected day's duties; a row can be dragged onto the grid."""

    def __init__(self, model: RowTableModel[RosterShift], settings: Settings, parent: Any = None):
        super().__init__(model, settings, "roster/day", parent)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)

    def startDrag(self, supported_actions: Any) -> None:
        """Override of QTableView.startDrag: carry the duty's id."""
        from PySide6.QtGui import QDrag

        shift = self.selected_row()
        if shift is None:
            return
        mime = QMimeData()
        mime.setData(SHIFT_MIME, QByteArray(shift.id.encode()))
        mime.setText(duty_code(shift))
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.CopyAction)


LEGEND_KINDS = {
    ShiftKind.PATROL: "Streife",
    ShiftKind.BIKE_PATROL: "Radstreife",
    ShiftKind.JOINT_PATROL_POLICE: "mit Polizei",
    ShiftKind.CONTACT_POINT: "Ansprechstelle",
    ShiftKind.INVESTIGATION: "Ermittlung",
    ShiftKind.OFFICE: "Innendienst",
}


def legend_html() -> str:
    """The colours and abbreviations of the grid on one line, each as the cells show it."""

    def chip(color: str, text: str, explained: str = "") -> str:
        tail = f"&nbsp;{explained}" if explained else ""
        return f'<span style="background-color:{color};">&nbsp;{text}&nbsp;</span>{tail}'

    kinds = [
        chip(KIND_COLORS[kind], f"<b>{kind.short}</b>", _tr(LEGEND_KINDS[kind]))
        for kind in ShiftKind
    ]
    marks = [
        chip(OPEN_COLOR.name(), _tr("offen")),
        chip(ERROR_COLOR.name(), _tr("Fehler")),
        chip(WARNING_COLOR.name(), _tr("Hinweis")),
        chip(ABSENCE_COLOR.name(), _tr("abwesend")),
        _tr("<b>SF</b> Streifenführung"),
        _tr("<b>*</b> nachträglich geändert"),
    ]
    return "&nbsp; ".join([*kinds, "&nbsp;", *marks])


class RosterLegend(QLabel):
    """The legend under the grid: kinds with their colours and short forms, then the marks."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("rosterLegend")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setText(legend_html())
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        self.setFont(small)
        self.setStyleSheet("QLabel#rosterLegend { color: #1f2937; padding: 2px 0; }")
        self.set_areas([])

    def set_areas(self, areas: list[tuple[str, str]]) -> None:
        """(code, name) of the areas: explained in the tooltip."""
        lines = [_tr("Dienstarten und Markierungen im Dienstplan.")]
        if areas:
            lines.append(
                _tr("Gebiete: {areas}").format(
                    areas=", ".join(f"{code} = {name}" for code, name in areas)
                )
            )
        self.setToolTip("\n".join(lines))
