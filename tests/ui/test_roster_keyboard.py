"""The Dienstplan on a field laptop, by keyboard (issue 14 item 3): next week planned with
Vorschlag, one fix and publishing; the whole demo unit and every weekday visible at 1366×768."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from keyboard import Keyboard
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QWidget

from kod_desk.ui.dialogs.assign_dialog import AssignDialog
from kod_desk.ui.dialogs.suggest_dialog import SuggestDialog
from kod_desk.ui.dialogs.week_confirm_dialog import WeekConfirmDialog
from kod_desk.ui.pages.roster_page import RosterPage
from kod_desk.ui.settings import RosterView
from kod_desk.ui.widgets.week_grid import HEADER_PADDING, header_font, monday_of

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
NEXT_MONDAY = monday_of(date.today()) + timedelta(days=7)


def laptop(qtbot: Any, app_factory: Any, demo_db: Path, size: tuple[int, int]) -> Any:
    """The real window at a laptop's size, active, as after the start."""
    application = app_factory(demo_db)
    window = application.window
    window.resize(*size)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    if QApplication.focusWidget() is None:  # as a real window starts: focus in the navigation
        window.nav.setFocus()
    return application


def wait_active(qtbot: Any, widget: QWidget) -> None:
    """A dialog opened with open() takes the keyboard once the window system activates it;
    when it closes, the window manager activates the main window again (offscreen does not:
    the test asks for it)."""
    if not widget.isModal() and widget.isWindow() and widget.parent() is None:
        widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=10_000)


def test_next_week_planned_by_keyboard(qtbot: Any, app_factory: Any, demo_db: Path) -> None:
    """Strg+2, Bild↓, Vorschlag (one proposal left out), the open place staffed from the
    keyboard, Veröffentlichen with its confirmation; the database holds the published week."""
    application = laptop(qtbot, app_factory, demo_db, (1366, 768))
    services = application.opened.services
    services.roster_suggest.time_limit = 3.0  # the suite's budget; the app allows 8 s
    before = services.roster.week_state(NEXT_MONDAY)
    keys = Keyboard(qtbot)

    keys.press(Qt.Key.Key_2, CTRL)
    page = application.window.current_page()
    assert isinstance(page, RosterPage)
    keys.press(Qt.Key.Key_PageDown)
    assert page.monday == NEXT_MONDAY
    assert page.week_model.open_count() == 2  # the demo's open places: Tue 0/2, Wed 1/2

    keys.press(Qt.Key.Key_G, ALT)  # Vorschla&g…
    qtbot.waitUntil(lambda: isinstance(page.current_dialog, SuggestDialog), timeout=60_000)
    suggestion = page.current_dialog
    assert isinstance(suggestion, SuggestDialog)
    wait_active(qtbot, suggestion)
    summary = suggestion.summary.text()  # German numbers: "11,0 h", "2,7 s"
    assert re.search(r"Soll-Arbeitszeit: \d+,\d h\. Berechnet in \d+,\d s ", summary), summary
    left_out = suggestion.proposals.item(0).data(Qt.ItemDataRole.UserRole)
    assert len(suggestion.chosen()) == 3
    keys.press(Qt.Key.Key_Space)  # leave the first proposal out …
    keys.press(Qt.Key.Key_Return)  # … and take the others
    assert not suggestion.isVisible()
    wait_active(qtbot, application.window)
    assert page.week_model.open_count() == 1

    keys.press(Qt.Key.Key_O, CTRL)  # the open place
    open_duty = page.week_model.open_shift_at(page.grid.currentIndex())
    assert open_duty is not None and open_duty.id == left_out.shift_id
    keys.press(Qt.Key.Key_Return)  # who takes it?
    chooser = page.current_dialog
    assert isinstance(chooser, AssignDialog)
    wait_active(qtbot, chooser)
    officer = next(o for o in page.week.officers if o.id == left_out.officer_id)
    keys.type(officer.last_name)
    assert chooser.names()[0].startswith(officer.display_name)
    keys.press(Qt.Key.Key_Return)
    assert not chooser.isVisible()
    wait_active(qtbot, application.window)
    assert page.week_model.open_count() == 0

    keys.press(Qt.Key.Key_V, ALT)  # &Veröffentlichen… (a mnemonic clicks after 100 ms)
    qtbot.waitUntil(lambda: isinstance(page.current_dialog, WeekConfirmDialog))
    confirm = page.current_dialog
    assert isinstance(confirm, WeekConfirmDialog)
    wait_active(qtbot, confirm)
    assert confirm.lines[1] == "Alle Dienste sind besetzt."
    assert confirm.lines[-1].startswith("Ersetzt die Fassung, veröffentlicht am ")
    keys.press(Qt.Key.Key_Return)
    assert not confirm.isVisible()

    state = services.roster.week_state(NEXT_MONDAY)
    assert before.published_at is not None and state.published_at is not None
    assert state.published_at > before.published_at
    published = services.roster.published_week(NEXT_MONDAY)
    assert published is not None
    staffed = {s.id: {c.officer_id for c in s.crew} for s in published}
    assert officer.id in staffed[left_out.shift_id]
    assert all(len(s.crew) >= s.min_staff for s in published)
    assert not [
        f
        for f in services.roster.findings(NEXT_MONDAY, NEXT_MONDAY + timedelta(6))
        if f.severity == "error"
    ]
    keys.report("Nächste Woche planen und veröffentlichen")
    assert keys.count <= 10


@pytest.mark.parametrize("size", [(1366, 768), (1280, 800)])
def test_the_whole_unit_and_every_weekday_fit_a_laptop(
    qtbot: Any, app_factory: Any, demo_db: Path, size: tuple[int, int]
) -> None:
    application = laptop(qtbot, app_factory, demo_db, size)
    application.window.show_page("roster")
    page = application.window.current_page()
    assert isinstance(page, RosterPage)
    qtbot.waitUntil(lambda: page.splitter.sized)
    QApplication.processEvents()
    assert not page.side.isVisible()  # the grid takes the width (F9 brings the panel back)
    grid, model = page.grid, page.week_model
    officers = [r for r in range(model.rowCount()) if model.row(r).officer is not None]
    assert len(officers) == 24
    viewport = grid.viewport().rect()
    for row in officers:
        cell = grid.visualRect(model.index(row, 0))
        assert viewport.contains(cell), model.row(row).title
    assert grid.verticalScrollBar().maximum() == 0
    header = grid.horizontalHeader()
    metrics = QFontMetrics(header_font(header))
    for section in range(7):
        text = str(model.headerData(section, Qt.Orientation.Horizontal))
        needed = metrics.horizontalAdvance(text) + HEADER_PADDING
        assert header.sectionSize(section) >= needed, text
    # Every cell's line fits its column (area codes where names would not).
    cell_metrics = QFontMetrics(grid.font())
    widest = max(cell_metrics.horizontalAdvance(line) for line in model.lines(model.use_names))
    assert widest <= min(header.sectionSize(s) for s in range(7))
    # F9 shows the side panel and is remembered.
    page.toggle_side_panel()
    assert page.side.isVisible()
    assert application.settings.get(RosterView.SIDE_PANEL) == "shown"
