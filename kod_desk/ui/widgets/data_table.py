"""A sortable, filterable table view that remembers its column widths."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QToolTip

from kod_desk.ui.models.row_table_model import ROW_ROLE, RowFilterProxy, RowTableModel
from kod_desk.ui.settings import Settings


def fair_cap(widths: list[int], available: int) -> int:
    """The widest any column may stay so that all fit in ``available`` (narrow ones untouched).

    Water-filling: columns under the cap keep their width, the wider ones all get the cap.
    """
    remaining, ordered = available, sorted(widths)
    for number, width in enumerate(ordered):
        share = remaining // (len(ordered) - number)
        if width > share:
            return share
        remaining -= width
    return max(widths, default=available)


class DataTable(QTableView):
    """QTableView over a RowTableModel through a RowFilterProxy.

    ``activated_row`` fires with the row object on double-click or Enter. With
    ``proxy=False`` the view shows the model itself, which then sorts (the lazy incident list:
    a proxy would map every one of a million rows).
    """

    activated_row = Signal(object)
    # A cell cut off by its column shows its whole text as tooltip (viewportEvent); the
    # layout test (tests/ui/text_fit.py) accepts such cells.
    ELIDED_CELLS_SHOW_TOOLTIP = True

    def __init__(
        self,
        model: RowTableModel[Any] | QAbstractItemModel,
        settings: Settings,
        settings_key: str,
        parent: Any = None,
        *,
        proxy: bool = True,
    ) -> None:
        super().__init__(parent)
        self.source_model = model
        self._proxy: RowFilterProxy | None = None
        if proxy:
            self._proxy = RowFilterProxy(self)
            self._proxy.setSourceModel(model)
            self.setModel(self._proxy)
        else:
            self.setModel(model)
        self._settings = settings
        self._settings_key = settings_key
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(26)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        self._restore_widths()
        # Saving on every pixel of a drag would hammer the settings file.
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(400)
        self._save_timer.timeout.connect(self.save_widths)
        header.sectionResized.connect(self._on_section_resized)
        self.doubleClicked.connect(self._emit_activated)

    @property
    def proxy(self) -> RowFilterProxy:
        """The filter and sort proxy (only for tables made with ``proxy=True``)."""
        if self._proxy is None:
            raise AttributeError("this table shows its model without a proxy")
        return self._proxy

    def _restore_widths(self) -> None:
        widths = self._settings.column_widths(self._settings_key)
        columns = self.source_model.columnCount()
        self._auto_size = len(widths) != columns
        if not self._auto_size:
            for column, width in enumerate(widths):
                if width > 0:
                    self.setColumnWidth(column, width)
        # Without remembered widths, fit the columns to the first real rows once, after the
        # layout has given the table its real width.
        self.source_model.modelReset.connect(lambda: QTimer.singleShot(0, self._fit_first_rows))

    def _fit_first_rows(self) -> None:
        if not self._auto_size or self.source_model.rowCount() == 0:
            return
        self._auto_size = False
        header = self.horizontalHeader()
        header.blockSignals(True)
        last = self.source_model.columnCount() - 1
        for column in range(last):  # the last column stretches into what is left
            self.resizeColumnToContents(column)
            self.setColumnWidth(column, min(self.columnWidth(column) + 12, 320))
        # Leave the last column (often the longest text) a quarter of the visible width, at
        # least 120 px: shrink the widest others.
        available = self.viewport().width() - max(120, self.viewport().width() // 4)
        widths = [self.columnWidth(c) for c in range(last)]
        if available > 300 and sum(widths) > available:
            cap = fair_cap(widths, available)
            for column, width in enumerate(widths):
                if width > cap:
                    self.setColumnWidth(column, max(100, cap))
        header.blockSignals(False)

    def _on_section_resized(self, index: int, _old: int, _new: int) -> None:
        # The last column follows the window; any other change is the user's choice.
        if index != self.source_model.columnCount() - 1:
            self._auto_size = False
        if not self._auto_size:
            self._save_timer.start()

    def save_widths(self) -> None:
        if self._auto_size:
            return  # nothing fitted or chosen yet: don't remember Qt's default widths
        widths = [self.columnWidth(c) for c in range(self.source_model.columnCount())]
        self._settings.set_column_widths(self._settings_key, widths)

    def selected_row(self) -> Any:
        indexes = self.selectionModel().selectedRows()
        if not indexes:
            return None
        return self.model().data(indexes[0], ROW_ROLE)

    def select_where(self, predicate: Any) -> bool:
        """Select the first visible row for which ``predicate(row)`` holds."""
        shown = self.model()
        for proxy_row in range(shown.rowCount()):
            index = shown.index(proxy_row, 0)
            if predicate(shown.data(index, ROW_ROLE)):
                self.selectRow(proxy_row)
                self.scrollTo(index)
                return True
        return False

    def viewportEvent(self, event: QEvent) -> bool:
        """Override of QAbstractItemView.viewportEvent: a cut-off cell's text as tooltip."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.indexAt(event.pos())
            text = str(index.data() or "") if index.isValid() else ""
            if text and not index.data(Qt.ItemDataRole.ToolTipRole):
                rect = self.visualRect(index)
                if self.fontMetrics().horizontalAdvance(text) + 8 > rect.width():
                    QToolTip.showText(event.globalPos(), text, self.viewport(), rect)
                    return True
        return super().viewportEvent(event)

    def keyPressEvent(self, event: Any) -> None:
        """Override of QTableView.keyPressEvent: Enter opens the selected row."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            index = self.currentIndex()
            if index.isValid():
                self._emit_activated(index)
                return
        super().keyPressEvent(event)

    def _emit_activated(self, index: QModelIndex) -> None:
        row = self.model().data(index, ROW_ROLE)
        if row is not None:
            self.activated_row.emit(row)
