"""Walkthrough (issue 14): a Schichtbericht saved as PDF from the Übersicht, keys only.

The officer at the end of the shift opens the Übersicht, picks today's duty, opens its report
and saves it. The operating system's save dialog is the one thing a test cannot drive with keys:
QFileDialog.getSaveFileName is replaced by a function that accepts the suggested name, as
Enter in the real dialog would (that Enter is counted).
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from keyboard import Keyboard
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from kod_desk.domain.timeutil import to_local
from kod_desk.ui.pages import reports_page
from kod_desk.ui.pages.reports_page import ReportsPage

CTRL = Qt.KeyboardModifier.ControlModifier
# Strg+1; Tab, Tab, Tab (Navigation → Aktualisieren → Schichtbericht → Dienste heute); ↓ marks
# the first duty; Enter opens its report; Strg+S; Enter in the save dialog.
KEY_BUDGET = 8


def test_a_shift_report_is_saved_from_the_overview_with_keys_only(
    qtbot: Any, app_factory: Any, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = Keyboard(qtbot)
    folder = tmp_path / "Berichte"
    folder.mkdir()
    asked: list[str] = []

    def save_dialog(_parent: QWidget, _title: str, suggested: str, _filter: str) -> Any:
        asked.append(suggested)  # Enter in the real dialog accepts the suggested name
        return str(folder / suggested), _filter

    monkeypatch.setattr(reports_page.QFileDialog, "getSaveFileName", save_dialog)
    assert reports_page.QFileDialog is QFileDialog

    window = app_factory(demo_db).window
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    keys.press(Qt.Key.Key_1, CTRL)  # Übersicht
    overview = window.overview
    qtbot.waitUntil(lambda: overview.today_model.rowCount() > 0, timeout=30_000)
    while keys.focus is not overview.today_table and keys.count < 12:
        keys.press(Qt.Key.Key_Tab)
    assert keys.focus is overview.today_table
    keys.press(Qt.Key.Key_Down)  # marks the first duty of today
    duty_row = overview.today_table.selected_row()
    assert duty_row is not None
    keys.press(Qt.Key.Key_Return)  # the marked duty's Schichtbericht

    reports = window.current_page()
    assert isinstance(reports, ReportsPage)
    qtbot.waitUntil(lambda: reports.preview.has_pdf and not reports.busy, timeout=30_000)
    keys.press(Qt.Key.Key_S, CTRL)
    keys.presses += ["Enter (Speichern-Dialog)"] * len(asked)
    qtbot.waitUntil(lambda: bool(list(folder.glob("*.pdf"))), timeout=10_000)

    duty = window.services.roster.shift(duty_row.shift_id)
    saved = list(folder.glob("*.pdf"))
    assert [p.name for p in saved] == asked
    start, end = to_local(duty.starts_at), to_local(duty.ends_at)
    hours = (
        f"{start:%H}-{end:%H}" if start.minute == end.minute == 0 else f"{start:%H%M}-{end:%H%M}"
    )
    parts = ["Schichtbericht", f"{duty.duty_date:%Y-%m-%d}", duty.kind.label, duty.area, hours]
    expected = "_".join(p.replace(" ", "-") for p in parts if p) + ".pdf"
    assert saved[0].name in (expected, expected.replace(".pdf", "_2.pdf"))
    assert saved[0].read_bytes() == reports.preview.data

    text = "\n".join(
        p.extract_text() or "" for p in PdfReader(BytesIO(saved[0].read_bytes())).pages
    )
    flat = " ".join(text.split())
    assert "Schichtbericht" in flat
    assert duty.kind.label in flat and (duty.area or "–") in flat
    assert f"{duty.duty_date:%d.%m.%Y}" in flat
    for member in duty.crew:
        assert member.service_number in flat
    assert "läuft Uhr" not in flat
    keys.report("Schichtbericht aus der Übersicht als PDF gespeichert")
    assert keys.count <= KEY_BUDGET
