"""Filter combo boxes: "alle" first, then the current choices, keeping what was chosen."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox


def fill_choices(widget: QComboBox, everything: str, items: Sequence[tuple[str, str]]) -> None:
    """Replace the choices with ``everything`` (data None) and ``items`` (id, name).

    The chosen entry stays chosen when it still exists; no currentIndexChanged fires, so a
    refresh does not re-run the filter it refreshes.
    """
    chosen = widget.currentData()
    widget.blockSignals(True)
    widget.clear()
    widget.addItem(everything, None)
    for item_id, name in items:
        widget.addItem(name, item_id)
    index = widget.findData(chosen) if chosen is not None else 0
    widget.setCurrentIndex(max(0, index))
    widget.blockSignals(False)
