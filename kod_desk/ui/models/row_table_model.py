"""A table model over plain frozen rows, and a proxy that sorts and filters them.

The model holds rows (frozen dataclasses from the services), never sessions or ORM objects
(STYLE.md, Anki's browser table). Columns are declared once with how to show and sort them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from kod_desk.domain.text import german_sort_key

Row = TypeVar("Row")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
_MUTED = QBrush(QColor("#7a7f87"))
_BOLD = QFont()
_BOLD.setBold(True)

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[Row]):
    """How one column shows a row: text, optional sort key, alignment and tooltip."""

    header: str
    text: Callable[[Row], str]
    sort_key: Callable[[Row], Any] | None = None
    align_right: bool = False
    tooltip: Callable[[Row], str] | None = None
    check: Callable[[Row], bool] | None = None


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """Rows of one kind, shown through declared columns."""

    def __init__(
        self,
        columns: Sequence[Column[Row]],
        *,
        muted: Callable[[Row], bool] | None = None,
        emphasized: Callable[[Row], bool] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Row] = []
        self._muted = muted
        self._emphasized = emphasized

    # ------------------------------------------------------------ data in

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    # ------------------------------------------------------------ Qt overrides

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Override of QAbstractTableModel.rowCount: a flat table has no children."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Override of QAbstractTableModel.columnCount."""
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Override of QAbstractTableModel.data: text, sort key, alignment, muted rows."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if column.check is not None else column.text(row)
        if role == Qt.ItemDataRole.CheckStateRole and column.check is not None:
            return Qt.CheckState.Checked if column.check(row) else Qt.CheckState.Unchecked
        if role == SORT_ROLE:
            if column.sort_key is not None:
                return column.sort_key(row)
            if column.check is not None:
                return int(column.check(row))
            return german_sort_key(column.text(row))
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tooltip is not None:
                return column.tooltip(row)
            text = "" if column.check is not None else column.text(row)
            return text if len(text) > 24 else None  # long cells may be cut off
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self._muted is not None and self._muted(row):
            return _MUTED
        if (
            role == Qt.ItemDataRole.FontRole
            and self._emphasized is not None
            and self._emphasized(row)
        ):
            return _BOLD
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Override of QAbstractTableModel.headerData: column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].header
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Override of QAbstractTableModel.flags: rows are selectable, never edited in place."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class RowFilterProxy(QSortFilterProxyModel):
    """Sorts by each column's sort key and filters on words across all columns."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._words: list[str] = []
        self._row_filter: Callable[[Any], bool] | None = None

    def set_search_text(self, text: str) -> None:
        """Show rows where every word appears in some column (case-insensitive)."""
        self._words = [word.casefold() for word in text.split()]
        self.invalidate()

    def set_row_filter(self, predicate: Callable[[Any], bool] | None) -> None:
        self._row_filter = predicate
        self.invalidate()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        """Override of QSortFilterProxyModel.filterAcceptsRow."""
        model = self.sourceModel()
        if self._row_filter is not None:
            row = model.data(model.index(source_row, 0, source_parent), ROW_ROLE)
            if not self._row_filter(row):
                return False
        if not self._words:
            return True
        texts = [
            str(model.data(model.index(source_row, column, source_parent)) or "").casefold()
            for column in range(model.columnCount())
        ]
        return all(any(word in text for text in texts) for word in self._words)
