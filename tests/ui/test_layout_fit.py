"""No text cut off at 1366×768 and 1280×800 (issue 14, item 4), and unique mnemonics per dialog.

One window per size shows every page (every tab of pages with tabs) and opens every dialog on
the demo data; tests/ui/text_fit.py measures each label, button, check box, combo box, tab and
table header section with the widget's font and style. With KOD_SCREENSHOTS=<directory> the
screens are saved there as PNG files for a human to look at.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from tests.ui.screens import DIALOGS, page_views
from tests.ui.text_fit import Clip, clipped_texts, mnemonic_problems, outside_window

SIZES = [(1366, 768), (1280, 800)]
# A dialog may use the screen but for a title bar and a panel (taskbar).
WINDOW_DECORATION = 60


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal message box would hang the walk; an unexpected one is a failure."""

    def fail(_parent: Any, title: str, text: str, *_: Any, **__: Any) -> None:
        raise AssertionError(f"unexpected message box {title!r}: {text}")

    for name in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, fail)


def _shots(size: tuple[int, int]) -> Path | None:
    folder = os.environ.get("KOD_SCREENSHOTS")
    if not folder:
        return None
    path = Path(folder) / f"{size[0]}x{size[1]}"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _slug(name: str) -> str:
    return re.sub(r"[^0-9A-Za-zÄÖÜäöüß]+", "_", name).strip("_")


def _fit_to_screen(dialog: QDialog, name: str, size: tuple[int, int]) -> list[Clip]:
    """Shrink a dialog to the screen as a window manager would; report one that cannot."""
    width, height = size[0], size[1] - WINDOW_DECORATION
    if dialog.width() <= width and dialog.height() <= height:
        return []
    minimum = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
    dialog.resize(min(dialog.width(), width), min(dialog.height(), height))
    QApplication.processEvents()
    if minimum.width() > width or minimum.height() > height:
        return [Clip(name, "Dialog", dialog.windowTitle(), minimum.height(), height, "Bildschirm")]
    return []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_text_fits_on_every_screen(
    app_factory: Any, demo_db: Path, qtbot: Any, size: tuple[int, int]
) -> None:
    window = app_factory(demo_db).window
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    shots = _shots(size)
    clips: list[Clip] = []
    problems: list[str] = []
    assert (window.width(), window.height()) == size, "the window does not fit the screen"

    for number, (name, _page) in enumerate(page_views(qtbot, window)):
        clips += clipped_texts(window, name) + outside_window(window, name)
        if shots is not None:
            window.grab().save(str(shots / f"p{number:02d}_{_slug(name)}.png"))

    for number, (name, factory) in enumerate(DIALOGS):
        dialog = factory(qtbot, window)
        if dialog is None:
            problems.append(f"{name}: ließ sich mit den Demodaten nicht öffnen")
            continue
        qtbot.waitExposed(dialog)
        clips += _fit_to_screen(dialog, name, size)
        clips += clipped_texts(dialog, name) + outside_window(dialog, name)
        problems += mnemonic_problems(dialog, name)
        if shots is not None:
            dialog.grab().save(str(shots / f"d{number:02d}_{_slug(name)}.png"))
        for shown in QApplication.topLevelWidgets():
            if isinstance(shown, QDialog) and shown.isVisible():
                shown.reject()
        QApplication.processEvents()

    report = [str(c) for c in clips] + problems
    assert not report, "\n".join(report)


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the offscreen tooltip
def test_a_cut_off_table_cell_shows_its_whole_text_as_tooltip(qtbot: Any, settings: Any) -> None:
    # The walk above accepts cut-off cells of a DataTable because the table says them in full.
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    from kod_desk.ui.models.row_table_model import Column, RowTableModel
    from kod_desk.ui.widgets.data_table import DataTable

    model: RowTableModel[str] = RowTableModel(
        [Column("Gebiet", lambda r: r), Column("Rest", lambda _r: "")]
    )
    model.set_rows(["Zentraler Omnibusbahnhof", "ZOB"])
    table = DataTable(model, settings, "tooltipTest")
    qtbot.addWidget(table)
    table.resize(400, 200)
    table.show()
    qtbot.waitExposed(table)
    table.setColumnWidth(0, 70)

    def tip_at(row: int) -> str:
        rect = table.visualRect(table.model().index(row, 0))
        where = rect.center()
        event = QHelpEvent(QEvent.Type.ToolTip, where, table.viewport().mapToGlobal(where))
        QApplication.sendEvent(table.viewport(), event)
        return QToolTip.text() if QToolTip.isVisible() else ""

    assert tip_at(1) == ""  # "ZOB" fits: no tooltip repeating it
    assert tip_at(0) == "Zentraler Omnibusbahnhof"
