"""A list of checkable entries (the crew, the measures): Space ticks, typing jumps to a name."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem


def check_list(object_name: str, entries: Sequence[tuple[str, str]]) -> QListWidget:
    """A list of checkable (id, label) entries; Space toggles, typing jumps to an entry."""
    widget = QListWidget()
    widget.setObjectName(object_name)
    widget.setTabKeyNavigation(False)
    for entry_id, label in entries:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, entry_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        widget.addItem(item)
    if widget.count():
        widget.setCurrentRow(0)
    rows = min(max(widget.count(), 3), 5)
    widget.setFixedHeight(widget.sizeHintForRow(0) * rows + 2 * widget.frameWidth() + 4)
    return widget


def checked_ids(widget: QListWidget) -> tuple[str, ...]:
    """The ids of the ticked entries, in list order."""
    return tuple(
        str(widget.item(row).data(Qt.ItemDataRole.UserRole))
        for row in range(widget.count())
        if widget.item(row).checkState() == Qt.CheckState.Checked
    )


def set_checked_ids(widget: QListWidget, ids: Sequence[str]) -> None:
    """Tick exactly the entries of ``ids``."""
    wanted = set(ids)
    for row in range(widget.count()):
        item = widget.item(row)
        checked = item.data(Qt.ItemDataRole.UserRole) in wanted
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


def checked_first(widget: QListWidget) -> None:
    """Move the ticked entries to the top (in their order), so none is ticked out of sight."""
    items = [widget.takeItem(0) for _ in range(widget.count())]
    ticked = [i for i in items if i.checkState() == Qt.CheckState.Checked]
    for item in ticked + [i for i in items if i.checkState() != Qt.CheckState.Checked]:
        widget.addItem(item)
    if widget.count():
        widget.setCurrentRow(0)
