"""The incident list as a windowed table model: a million rows, a few hundred in memory.

The model knows the total of its :class:`ListPlan` and asks a callable ``load(offset, limit)``
for blocks of rows by position when the view paints them. It keeps the most recently used
blocks only (:data:`MAX_BLOCKS` × :data:`BLOCK`), so memory stays flat however far the user
scrolls. Clicking a header asks the page for a new plan through :attr:`sort_requested`: the
database sorts, never the loaded rows.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from kod_desk.domain.incident_list import IncidentSort, SortKey
from kod_desk.domain.incidents import IncidentRow
from kod_desk.domain.timeutil import format_local
from kod_desk.ui.models.row_table_model import ROW_ROLE

BLOCK = 200
MAX_BLOCKS = 12
Load = Callable[[int, int], list[IncidentRow]]
AnyIndex = QModelIndex | QPersistentModelIndex

_REMINDER = QBrush(QColor("#b26a00"))


def _no_rows(_offset: int, _limit: int) -> list[IncidentRow]:
    return []


class IncidentModel(QAbstractTableModel):
    """Rows of one list plan, loaded in blocks by position as the view needs them."""

    sort_requested = Signal(object)
    """An :class:`IncidentSort` the user asked for by clicking a header."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._load: Load = _no_rows
        self._total = 0
        self._blocks: OrderedDict[int, list[IncidentRow]] = OrderedDict()
        self.max_blocks = MAX_BLOCKS
        self._columns: list[tuple[str, Callable[[IncidentRow], str], SortKey | None]] = [
            (self.tr("Zeit"), lambda r: format_local(r.occurred_at), SortKey.TIME),
            (self.tr("Aktenzeichen"), lambda r: r.reference, SortKey.REFERENCE),
            (self.tr("Gebiet"), lambda r: r.area_name, SortKey.AREA),
            (self.tr("Kategorie"), lambda r: r.category_name, SortKey.CATEGORY),
            (self.tr("Quelle"), lambda r: r.source.label, SortKey.SOURCE),
            (self.tr("Ort"), lambda r: r.place, SortKey.PLACE),
            (self.tr("Status"), lambda r: r.status.label, SortKey.STATUS),
            (self.tr("Kurztext"), lambda r: r.summary, None),
        ]

    # ------------------------------------------------------------ loading

    def reset(self, load: Load, total: int) -> None:
        """Show ``total`` rows delivered by ``load``; nothing is read until a row is painted."""
        self.beginResetModel()
        self._load = load
        self._total = max(0, total)
        self._blocks.clear()
        self.endResetModel()

    def clear(self) -> None:
        self.reset(_no_rows, 0)

    @property
    def loaded_rows(self) -> int:
        """How many rows are held in memory now (at most MAX_BLOCKS × BLOCK)."""
        return sum(len(block) for block in self._blocks.values())

    def row_at(self, number: int) -> IncidentRow | None:
        """The row at position ``number``, loading its block when needed."""
        if not 0 <= number < self._total:
            return None
        block_number, inside = divmod(number, BLOCK)
        block = self._blocks.get(block_number)
        if block is None:
            block = self._load(block_number * BLOCK, BLOCK)
            self._blocks[block_number] = block
            while len(self._blocks) > self.max_blocks:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(block_number)
        return block[inside] if inside < len(block) else None

    def index_of(self, incident_id: str) -> int:
        """Position of an incident among the rows in memory, -1 when it is not loaded."""
        for block_number, block in self._blocks.items():
            for inside, row in enumerate(block):
                if row.id == incident_id:
                    return block_number * BLOCK + inside
        return -1

    def sort_key_of(self, column: int) -> SortKey | None:
        return self._columns[column][2] if 0 <= column < len(self._columns) else None

    def column_of(self, key: SortKey) -> int:
        return next((n for n, c in enumerate(self._columns) if c[2] is key), -1)

    # ------------------------------------------------------------ Qt overrides

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Override of QAbstractTableModel.rowCount: the plan's total, loaded or not."""
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Override of QAbstractTableModel.columnCount."""
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Override of QAbstractTableModel.data: text, tooltip, the footage reminder colour."""
        if not index.isValid() or int(role) not in _ROLES:
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == ROW_ROLE:
            return row
        _header, text, _key = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            value = text(row)
            return value if len(value) > 24 else None
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1 and row.footage_reminder:
            return _REMINDER
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
            return self._columns[section][0]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Override of QAbstractTableModel.flags: rows are selectable, never edited in place."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Override of QAbstractTableModel.sort: ask for a plan sorted by the database."""
        key = self.sort_key_of(column)
        if key is not None:
            descending = order == Qt.SortOrder.DescendingOrder
            self.sort_requested.emit(IncidentSort(key, descending))


_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        ROW_ROLE,
    )
)
