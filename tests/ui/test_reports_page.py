"""Berichte page: a report rendered off the GUI thread into the QtPdf preview, printed through a
real QPrinter (to a PDF file, read back) and saved; one click from the roster and the Übersicht.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLineEdit, QMessageBox

from kod_desk.domain.timeutil import to_local, utcnow
from kod_desk.services.registry import Services
from kod_desk.services.startup import open_database
from kod_desk.ui.pages.base import ChangeBus
from kod_desk.ui.pages.reports_page import ReportsPage
from kod_desk.ui.settings import Settings

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(_parent: Any, title: str, text: str, *_: Any, **__: Any) -> None:
        raise AssertionError(f"unexpected message box {title!r}: {text}")

    monkeypatch.setattr(QMessageBox, "warning", fail)
    monkeypatch.setattr(QMessageBox, "critical", fail)


@pytest.fixture
def demo_services(demo_db: Path) -> Iterator[Services]:
    services = open_database(str(demo_db)).services
    yield services
    services.close()


@pytest.fixture
def page(qtbot: Any, demo_services: Services, settings: Settings) -> ReportsPage:
    widget = ReportsPage(settings, ChangeBus())
    qtbot.addWidget(widget)
    widget.attach(demo_services)
    widget.resize(1300, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activate()
    return widget


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages)


def _render(qtbot: Any, page: ReportsPage) -> None:
    with qtbot.waitSignal(page.rendered, timeout=30_000):
        qtbot.mouseClick(page.render_button, LEFT)
    qtbot.waitUntil(lambda: not page.busy)


def _today_duty(services: Services) -> Any:
    today = to_local(utcnow()).date()
    shifts = [s for s in services.roster.period(today, today).shifts if s.crew]
    assert shifts, "the demo plans crewed duties for today"
    return shifts[0]


def test_the_shift_summary_of_a_duty_is_rendered_off_the_gui_thread(
    qtbot: Any, page: ReportsPage, demo_services: Services
) -> None:
    duty = _today_duty(demo_services)
    assert not page.print_button.isEnabled() and not page.save_button.isEnabled()
    page.shift_combo.setCurrentIndex(page.shift_combo.findData(duty.id))
    threads: list[str] = []
    page.rendered.connect(
        lambda *_: threads.append(threading.current_thread().name),
        Qt.ConnectionType.DirectConnection,  # runs where the signal is emitted
    )
    _render(qtbot, page)
    assert threads == ["report"]  # emitted by the worker, not the GUI thread
    assert page.preview.page_count() == 1
    text = _text(page.preview.data)
    assert "Schichtbericht" in text
    for member in duty.crew:
        assert member.service_number in text
    assert page.print_button.isEnabled() and page.save_button.isEnabled()
    assert page.status_label.text() == "Vorschau: 1 Seite."


def test_save_writes_exactly_the_previewed_pdf(
    qtbot: Any, page: ReportsPage, tmp_path: Path
) -> None:
    _render(qtbot, page)
    target = tmp_path / "bericht"  # the .pdf suffix is added
    assert page.save_to(target)
    assert (tmp_path / "bericht.pdf").read_bytes() == page.preview.data
    assert not list(tmp_path.glob(".*.tmp"))
    assert "bericht.pdf" in page.status_label.text()


def test_printing_sends_every_page_to_the_printer(
    qtbot: Any, page: ReportsPage, tmp_path: Path
) -> None:
    _render(qtbot, page)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "gedruckt.pdf"
    printer.setOutputFileName(str(out))
    assert page.preview.print_to(printer) == page.preview.page_count()
    printed = PdfReader(out)
    assert len(printed.pages) == page.preview.page_count()
    # A page image was drawn, not an empty sheet.
    assert printed.pages[0].images, "the printed page carries the rendered report"


def test_the_print_dialog_prints_when_accepted(
    qtbot: Any, page: ReportsPage, tmp_path: Path
) -> None:
    _render(qtbot, page)
    dialog = page.print_report()
    assert dialog is not None and dialog.isVisible()
    out = tmp_path / "dialog.pdf"
    # Without a print server the dialog offers "Print to File (PDF)" with a file name field.
    dialog.findChild(QLineEdit, "filename").setText(str(out))
    dialog.accept()
    assert len(PdfReader(out).pages) == page.preview.page_count()
    assert page.status_label.text() == "Gedruckt: 1 Seite."


def test_an_unknown_reference_is_said_in_german_and_keeps_the_preview(
    qtbot: Any, page: ReportsPage
) -> None:
    _render(qtbot, page)
    shown = page.preview.data
    page._select_kind("incident")
    assert page.reference_edit.isVisible() and not page.shift_combo.isVisible()
    page.reference_edit.setText("VK-1999-000001")
    assert not page.render_report()
    assert page.message_label.isVisible()
    assert "VK-1999-000001" in page.message_label.text()
    assert page.preview.data == shown


def test_a_day_without_duties_is_said_before_rendering(qtbot: Any, page: ReportsPage) -> None:
    far = to_local(utcnow()).date() + timedelta(days=400)
    page.date_edit.setDate(QDate(far.year, far.month, far.day))
    assert page.shift_combo.currentData() is None
    assert not page.render_report()
    assert f"{far:%d.%m.%Y}" in page.message_label.text()
    assert not page.busy


def test_an_incident_report_renders_from_its_reference(
    qtbot: Any, page: ReportsPage, demo_services: Services
) -> None:
    with demo_services.db.read() as session:
        from sqlalchemy import text

        reference = session.execute(
            text("SELECT reference FROM incident WHERE deleted_at IS NULL LIMIT 1")
        ).scalar_one()
    page._select_kind("incident")
    page.reference_edit.setText(reference.lower())
    _render(qtbot, page)
    assert reference in _text(page.preview.data)
    assert page.shown_job is not None
    assert page.shown_job.file_name == f"Vorkommnisbericht_{reference}.pdf"


def test_one_click_from_the_roster_and_the_overview(
    qtbot: Any, app_factory: Any, demo_db: Path
) -> None:
    application = app_factory(demo_db)
    window = application.window
    overview = window.overview
    duty = _today_duty(window.services)
    assert overview.today_table.select_where(lambda row: row.shift_id == duty.id)
    qtbot.mouseClick(overview.shift_report_button, LEFT)
    real = window.current_page()
    assert isinstance(real, ReportsPage)
    qtbot.waitUntil(lambda: real.preview.has_pdf, timeout=30_000)
    assert real.shift_combo.currentData() == duty.id
    assert duty.crew[0].service_number in _text(real.preview.data)

    window.show_page("roster")
    roster = window.current_page()
    other = [s for s in window.services.roster.period(duty.duty_date, duty.duty_date).shifts]
    target = other[-1]
    roster.show_week(target.duty_date - timedelta(days=target.duty_date.weekday()))
    roster.selected_day = target.duty_date
    roster.reload()
    assert roster.day_table.select_where(lambda s: s.id == target.id)
    qtbot.mouseClick(roster.side.report_button, LEFT)
    assert window.current_page().key == "reports"
    qtbot.waitUntil(lambda: real.shift_combo.currentData() == target.id and not real.busy)
    qtbot.waitUntil(lambda: real.shown_job is not None and real.preview.has_pdf)
    assert target.kind.label in _text(real.preview.data)


def test_an_open_incident_prints_its_report_in_one_click(
    qtbot: Any, app_factory: Any, demo_db: Path
) -> None:
    application = app_factory(demo_db)
    window = application.window
    window.show_page("incidents")
    incidents = window.current_page()
    qtbot.waitUntil(lambda: incidents.model.rowCount() > 0)
    row = incidents.model.row_at(0)
    dialog = incidents.open_incident(row)
    assert dialog is not None
    qtbot.mouseClick(dialog.report_button, LEFT)
    assert not dialog.isVisible()
    reports = window.current_page()
    assert isinstance(reports, ReportsPage)
    assert reports.reference_edit.text() == row.reference
    qtbot.waitUntil(lambda: reports.preview.has_pdf and not reports.busy, timeout=30_000)
    assert row.reference in _text(reports.preview.data)
