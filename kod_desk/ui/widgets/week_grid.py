"""The roster's week grid view (drop target) and the day's duty list (drag source)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QMimeData, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from kod_desk.domain.roster import RosterShift
from kod_desk.ui.models.row_table_model import RowTableModel
from kod_desk.ui.models.week_model import OFFICER_ROLE, duty_code
from kod_desk.ui.widgets.data_table import DataTable

if TYPE_CHECKING:
    from kod_desk.ui.settings import Settings


SHIFT_MIME = "application/x-kod-desk-shift"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


class WeekGrid(QTableView):
    """The grid; accepts duties dropped from the day list onto an officer's cell."""

    shift_dropped = Signal(str, str)  # shift id, officer id

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setAlternatingRowColors(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setMinimumWidth(150)

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
