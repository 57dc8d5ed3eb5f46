"""The incident list as a lazy table model: pages of plain rows, fetched as the view scrolls.

The model never holds a session. It asks a callable ``fetch(after, limit)`` for the next page
of :class:`IncidentRow` (newest first, keyset paging after the last loaded row) whenever the
view calls ``fetchMore``; the first page is loaded by :meth:`IncidentModel.reset`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from kod_desk.domain.incidents import IncidentRow, PageKey
from kod_desk.domain.timeutil import format_local
from kod_desk.ui.models.row_table_model import AnyIndex, Column, RowTableModel

PAGE_SIZE = 500
Fetch = Callable[[PageKey | None, int], list[IncidentRow]]

_REMINDER = QBrush(QColor("#b26a00"))


def _no_rows(_after: PageKey | None, _limit: int) -> list[IncidentRow]:
    return []


class IncidentModel(RowTableModel[IncidentRow]):
    """Incident rows loaded page by page; the order is the server's (newest first)."""

    def __init__(self, page_size: int = PAGE_SIZE, parent: Any = None) -> None:
        super().__init__(self._incident_columns(), parent=parent)
        self._fetch: Fetch = _no_rows
        self._page_size = page_size
        self._exhausted = True

    def _incident_columns(self) -> list[Column[IncidentRow]]:
        return [
            Column(
                self.tr("Zeit"),
                lambda r: format_local(r.occurred_at),
                sort_key=lambda r: r.occurred_at.timestamp(),
            ),
            Column(self.tr("Aktenzeichen"), lambda r: r.reference),
            Column(self.tr("Gebiet"), lambda r: r.area_name),
            Column(self.tr("Kategorie"), lambda r: r.category_name),
            Column(self.tr("Quelle"), lambda r: r.source.label),
            Column(self.tr("Ort"), lambda r: r.place),
            Column(self.tr("Status"), lambda r: r.status.label),
            Column(self.tr("Kurztext"), lambda r: r.summary, tooltip=lambda r: r.summary),
        ]

    # ------------------------------------------------------------ loading

    def reset(self, fetch: Fetch) -> None:
        """Start over with ``fetch`` (a new filter): load its first page only."""
        self._fetch = fetch
        rows = fetch(None, self._page_size)
        self._exhausted = len(rows) < self._page_size
        self.set_rows(rows)

    def clear(self) -> None:
        self._fetch = _no_rows
        self._exhausted = True
        self.set_rows([])

    def index_of(self, incident_id: str) -> int:
        """Row number of a loaded incident, -1 when it is not loaded."""
        for number, row in enumerate(self._rows):
            if row.id == incident_id:
                return number
        return -1

    # ------------------------------------------------------------ Qt overrides

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        """Override of QAbstractTableModel.canFetchMore: until a page comes back short."""
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        """Override of QAbstractTableModel.fetchMore: append the next page after the last row."""
        if parent.isValid() or self._exhausted:
            return
        after = PageKey.of(self._rows[-1]) if self._rows else None
        rows = self._fetch(after, self._page_size)
        self._exhausted = len(rows) < self._page_size
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Override of RowTableModel.data: a footage reminder colours the reference."""
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.isValid()
            and index.column() == 1
            and index.row() < len(self._rows)
            and self._rows[index.row()].footage_reminder
        ):
            return _REMINDER
        return super().data(index, role)
