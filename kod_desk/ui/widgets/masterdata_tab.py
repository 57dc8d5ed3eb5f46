"""One Stammdaten tab, driven by the spec of its kind of record (officers, areas, …).

``MasterDataKind`` says everything that differs between the kinds: the columns, which rows of
the master data it shows, the form for new and changed records, how it saves and
(de)activates a record and what it asks first. ``MasterDataTab`` is the one widget that shows
any kind: buttons, search and "Inaktive anzeigen" above a DataTable. The page composes one tab
per kind and runs the writes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain.permissions import Permission
from kod_desk.ui.models.row_table_model import Column, RowTableModel
from kod_desk.ui.widgets.data_table import DataTable

if TYPE_CHECKING:
    from kod_desk.domain.masterdata import MasterData
    from kod_desk.services.base import Result
    from kod_desk.services.masterdata import MasterDataService
    from kod_desk.ui.dialogs.form import FormDialog
    from kod_desk.ui.settings import Settings

MAX_INITIAL_COLUMN_WIDTH = 320


class MasterRecord(Protocol):
    """What every kind of master-data row has: an id and whether it is active."""

    @property
    def id(self) -> str: ...

    @property
    def active(self) -> bool: ...


RowT = TypeVar("RowT", bound=MasterRecord)
DraftT = TypeVar("DraftT")


@dataclass(frozen=True)
class MasterDataKind(Generic[RowT, DraftT]):
    """The spec of one kind of master data: what its tab shows and how it is changed."""

    key: str  # "officers", "areas", "templates" (Entity values) or a CatalogKind value
    title: str  # the tab's title
    columns: Callable[[], list[Column[RowT]]]
    sort_column: int  # the column the tab opens sorted by
    stretch_column: int  # the longest text column takes the spare width
    rows: Callable[[MasterData], Sequence[RowT]]
    # The form for a new (row None) or an existing record: (save, row, all rows, parent).
    form: Callable[
        [Callable[[DraftT], None], RowT | None, Sequence[RowT], QWidget], FormDialog[DraftT]
    ]
    save: Callable[[MasterDataService, DraftT, RowT | None], Result[RowT]]
    set_active: Callable[[MasterDataService, RowT, bool], Result[RowT]]
    deactivate_question: Callable[[RowT], str]  # asked before deactivating
    permission: Permission = Permission.EDIT_MASTER_DATA


def _inactive(row: MasterRecord) -> bool:
    return not row.active


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(part.title() for part in rest)


class MasterDataTab(QWidget):
    """One tab: buttons, search and "Inaktive anzeigen" above a DataTable of one kind of row."""

    new_requested = Signal()
    edit_requested = Signal(object)
    toggle_requested = Signal(object)

    def __init__(
        self, kind: MasterDataKind[Any, Any], settings: Settings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.key = kind.key
        self.setObjectName(f"{_camel(kind.key)}Tab")
        self._settings = settings
        self._settings_key = f"masterdata/{kind.key.replace('_', '-')}"
        self._sized = bool(settings.column_widths(self._settings_key))
        self._choice_filter: QComboBox | None = None

        self.model: RowTableModel[Any] = RowTableModel(kind.columns(), muted=_inactive, parent=self)
        self.table = DataTable(self.model, settings, self._settings_key, self)
        self.table.setObjectName(f"{_camel(kind.key)}Table")
        self.table.sortByColumn(kind.sort_column, Qt.SortOrder.AscendingOrder)
        # The longest text column takes the spare width (not the narrow "Aktiv" at the end).
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(kind.stretch_column, QHeaderView.ResizeMode.Stretch)
        self.proxy = self.table.proxy
        self.editable = True  # False for roles that may only read master data
        self._create_controls()
        self._lay_out()
        self._connect()
        self.refresh_filter()

    def _create_controls(self) -> None:
        self.new_button = QPushButton(self.tr("Neu…"))
        self.new_button.setObjectName("newButton")
        self.new_button.setToolTip(self.tr("Neuen Eintrag anlegen (Einfg)"))
        self.edit_button = QPushButton(self.tr("Bearbeiten…"))
        self.edit_button.setObjectName("editButton")
        self.edit_button.setToolTip(self.tr("Ausgewählten Eintrag bearbeiten (Eingabetaste)"))
        self.toggle_button = QPushButton(self.tr("Deaktivieren"))
        self.toggle_button.setObjectName("toggleActiveButton")
        # Wide enough for both labels, so the toolbar does not jump with the selection.
        metrics = self.toggle_button.fontMetrics()
        self.toggle_button.setMinimumWidth(
            max(
                metrics.horizontalAdvance(t)
                for t in (self.tr("Deaktivieren"), self.tr("Reaktivieren"))
            )
            + 32
        )
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setPlaceholderText(self.tr("Suchen …"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(220)
        self.show_inactive_check = QCheckBox(self.tr("Inaktive anzeigen"))
        self.show_inactive_check.setObjectName("showInactiveCheck")
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")

    def _lay_out(self) -> None:
        self.toolbar = QHBoxLayout()
        self.toolbar.addWidget(self.new_button)
        self.toolbar.addWidget(self.edit_button)
        self.toolbar.addWidget(self.toggle_button)
        self.toolbar.addStretch(1)
        self.toolbar.addWidget(self.search_edit)
        self.toolbar.addWidget(self.show_inactive_check)
        layout = QVBoxLayout(self)
        layout.addLayout(self.toolbar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self._set_tab_order()

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [self.new_button, self.edit_button, self.toggle_button]
        if self._choice_filter is not None:
            chain.append(self._choice_filter)
        chain += [self.search_edit, self.show_inactive_check, self.table]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        self.new_button.clicked.connect(self.new_requested)
        self.edit_button.clicked.connect(self._request_edit)
        self.toggle_button.clicked.connect(self._request_toggle)
        self.table.activated_row.connect(
            lambda row: self.edit_requested.emit(row) if self.editable else None
        )
        self.search_edit.textChanged.connect(self._search)
        self.show_inactive_check.toggled.connect(self.refresh_filter)
        self.table.selectionModel().selectionChanged.connect(self.update_actions)
        for signal in (
            self.proxy.modelReset,
            self.proxy.layoutChanged,
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
        ):
            signal.connect(self.update_actions)

    # ------------------------------------------------------------ filters

    def add_choice_filter(
        self, object_name: str, choices: Sequence[tuple[str, Callable[[Any], bool] | None]]
    ) -> QComboBox:
        """A combo in the toolbar narrowing the rows (its first choice should show all)."""
        combo = QComboBox()
        combo.setObjectName(object_name)
        for label, predicate in choices:
            combo.addItem(label, predicate)
        combo.currentIndexChanged.connect(self.refresh_filter)
        self.toolbar.insertWidget(self.toolbar.indexOf(self.search_edit), combo)
        self._choice_filter = combo
        self._set_tab_order()
        self.refresh_filter()
        return combo

    def refresh_filter(self) -> None:
        show_inactive = self.show_inactive_check.isChecked()
        choice = self._choice_filter.currentData() if self._choice_filter is not None else None

        def accepts(row: Any) -> bool:
            return (show_inactive or row.active) and (choice is None or choice(row))

        self.proxy.set_row_filter(accepts)
        self.update_actions()

    def _search(self, text: str) -> None:
        self.proxy.set_search_text(text)
        self.update_actions()

    # ------------------------------------------------------------ rows

    def set_rows(self, rows: Sequence[Any], select: tuple[str, bool] | None = None) -> None:
        """Show ``rows``; keep the selected row (by id), or select ``(id, reveal)``.

        With ``reveal`` a row hidden by the search or filters is brought back into view
        (a record the user has just saved must not seem to vanish).
        """
        if select is None:
            current = self.table.selected_row()
            select = (current.id, False) if current is not None else None
        self.model.set_rows(rows)
        if not self._sized and rows:
            self._sized = True
            self.fit_columns()
        if select is not None:
            self.select_id(*select)
        self.update_actions()

    def fit_columns(self) -> None:
        """Size columns to their texts in every row, hidden ones included (a first start).

        Header signals are blocked, as in DataTable's own first fit: widths fitted by the
        program are not remembered, only those the user sets by dragging.
        """
        cells = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        headers = header.fontMetrics()
        header.blockSignals(True)
        for column in range(self.model.columnCount()):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            widest = headers.horizontalAdvance(title) + 32  # room for the sort arrow
            for row in range(self.model.rowCount()):
                text = str(self.model.index(row, column).data() or "")
                widest = max(widest, cells.horizontalAdvance(text) + 16)
            self.table.setColumnWidth(column, min(widest, MAX_INITIAL_COLUMN_WIDTH))
        header.blockSignals(False)
        self.table.updateGeometries()  # the view missed the (blocked) resize signals
        self.table.viewport().update()

    def select_id(self, row_id: str, reveal: bool = False) -> bool:
        if self.table.select_where(lambda row: row.id == row_id):
            return True
        if not reveal or not any(row.id == row_id for row in self.model.rows()):
            return False
        self.search_edit.clear()
        if self._choice_filter is not None:
            self._choice_filter.setCurrentIndex(0)
        if not self.show_inactive_check.isChecked() and not any(
            row.id == row_id and row.active for row in self.model.rows()
        ):
            self.show_inactive_check.setChecked(True)
        return self.table.select_where(lambda row: row.id == row_id)

    def selected_row(self) -> Any:
        return self.table.selected_row()

    # ------------------------------------------------------------ actions

    def set_editable(self, editable: bool) -> None:
        """Read-only for roles that may not change master data (the service refuses them)."""
        self.editable = editable
        self.new_button.setEnabled(editable)  # the page's gates say who may (issue 14)
        self.update_actions()

    def update_actions(self, *_: Any) -> None:
        row = self.selected_row()
        self.edit_button.setEnabled(row is not None and self.editable)
        self.toggle_button.setEnabled(row is not None and self.editable)
        if row is not None and not row.active:
            self.toggle_button.setText(self.tr("Reaktivieren"))
        else:
            self.toggle_button.setText(self.tr("Deaktivieren"))
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total == 1:
            self.count_label.setText(self.tr("1 Eintrag"))
        elif shown == total:
            self.count_label.setText(self.tr("{total} Einträge").format(total=total))
        else:
            self.count_label.setText(
                self.tr("{shown} von {total} Einträgen angezeigt").format(shown=shown, total=total)
            )

    def _request_edit(self) -> None:
        row = self.selected_row()
        if row is not None and self.editable:
            self.edit_requested.emit(row)

    def _request_toggle(self) -> None:
        row = self.selected_row()
        if row is not None and self.editable:
            self.toggle_requested.emit(row)
