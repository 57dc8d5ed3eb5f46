"""Statistik page: figures read off the GUI thread and shown as charts equal plain SQL counts;
filters change the charts; a click on a bar opens the incident list with exactly those
incidents; the CSV export is pseudonymised; an empty month says so.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCharts import QBarSet, QChartView
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from kod_desk.domain.enums import Role
from kod_desk.domain.timeutil import to_local, utcnow
from kod_desk.services.registry import Services
from kod_desk.services.startup import open_database
from kod_desk.storage.database import Database
from kod_desk.ui.pages.base import ChangeBus
from kod_desk.ui.pages.incidents_page import IncidentsPage
from kod_desk.ui.pages.statistics_page import StatisticsPage
from kod_desk.ui.settings import Settings
from tests import raw_sql

BERLIN = ZoneInfo("Europe/Berlin")


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


def _open(qtbot: Any, services: Services, settings: Settings) -> StatisticsPage:
    page = StatisticsPage(settings, ChangeBus())
    qtbot.addWidget(page)
    page.attach(services)
    page.resize(1176, 708)  # the page's share of a 1366 × 768 window
    page.show()
    qtbot.waitExposed(page)
    with qtbot.waitSignal(page.computed, timeout=30_000):
        page.activate()
    qtbot.waitUntil(lambda: not page.busy and page.figures is not None)
    return page


@pytest.fixture
def page(qtbot: Any, demo_services: Services, settings: Settings) -> StatisticsPage:
    return _open(qtbot, demo_services, settings)


def _wait(qtbot: Any, page: StatisticsPage) -> None:
    qtbot.waitUntil(lambda: not page.busy and not page._refresh_timer.isActive(), timeout=30_000)


# ---------------------------------------------------------------- plain SQL


def _month(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following


def _count(db: Path, first: date, end: date, where: str = "", *args: Any) -> int:
    connection = raw_sql.connect(db)
    try:
        return int(
            connection.execute(
                "SELECT count(*) FROM incident i LEFT JOIN area a ON a.id = i.area_id "
                "LEFT JOIN catalog_entry c ON c.id = i.category_id "
                "WHERE i.deleted_at IS NULL AND i.occurred_at >= ? AND i.occurred_at < ? " + where,
                (raw_sql.stored_midnight(first), raw_sql.stored_midnight(end), *args),
            ).fetchone()[0]
        )
    finally:
        connection.close()


def _bar_sets(view: QChartView) -> dict[str, QBarSet]:
    series = view.chart().series()
    assert len(series) == 1
    return {bars.label(): bars for bars in series[0].barSets()}


def _this_month() -> tuple[date, date]:
    return _month(to_local(utcnow()).date())


# ---------------------------------------------------------------- tests


def test_the_figures_shown_equal_plain_sql(qtbot: Any, page: StatisticsPage, demo_db: Path) -> None:
    first, end = _this_month()
    total = _count(demo_db, first, end)
    assert total > 0, "the demo has incidents this month"
    assert page.tiles.incidents_tile.value.text() == f"{total:,}".replace(",", ".")
    # One bar: the busiest category in the first area of the legend.
    top = page.charts.category_rows[0]
    sets = _bar_sets(page.charts.category_view)
    area_name, bars = next(iter(sets.items()))
    axis = page.charts.category_view.chart().axes(Qt.Orientation.Vertical)[0]
    index = axis.categories().index(top.name)
    expected = _count(demo_db, first, end, "AND c.name = ? AND a.name = ?", top.name, area_name)
    assert bars.at(index) == expected
    # Every incident of the month is in exactly one heat map cell.
    assert sum(page.charts.heat_map.count(d, h) for d in range(7) for h in range(24)) == total


def test_the_figures_are_read_on_a_worker_thread(qtbot: Any, page: StatisticsPage) -> None:
    threads: list[str] = []
    page.computed.connect(
        lambda *_: threads.append(threading.current_thread().name),
        Qt.ConnectionType.DirectConnection,  # runs where the signal is emitted
    )
    assert page.refresh()
    # The result arrives through the event loop: until then the busy bar shows.
    assert page.busy and page.progress.isVisible()
    assert page.status_label.text() == "Zahlen werden gelesen …"
    _wait(qtbot, page)
    assert threads == ["statistics"]
    assert not page.progress.isVisible()


def test_the_area_filter_changes_the_chart(qtbot: Any, page: StatisticsPage, demo_db: Path) -> None:
    first, end = _this_month()
    assert len(_bar_sets(page.charts.category_view)) > 1
    area = page.filters.area_combo.findText("Innenstadt")
    assert area > 0
    page.filters.area_combo.setCurrentIndex(area)
    _wait(qtbot, page)
    assert page.shown_filter is not None and page.shown_filter.area_ids
    assert list(_bar_sets(page.charts.category_view)) == ["Innenstadt"]
    expected = _count(demo_db, first, end, "AND a.name = ?", "Innenstadt")
    assert page.tiles.incidents_tile.value.text() == str(expected)
    # Only the newest of two quick requests is shown.
    page.filters.area_combo.setCurrentIndex(0)
    page.refresh()
    page.filters.area_combo.setCurrentIndex(area)
    page.refresh()
    _wait(qtbot, page)
    assert page.shown_filter is not None and len(page.shown_filter.area_ids) == 1
    assert page.tiles.incidents_tile.value.text() == str(expected)


def test_an_empty_month_says_so_instead_of_empty_charts(qtbot: Any, page: StatisticsPage) -> None:
    assert not page.empty_note.isVisible()
    page.choose_month(date(2001, 1, 1))
    _wait(qtbot, page)
    assert page.empty_note.isVisible()
    assert page.empty_note.text() == "Keine Vorkommnisse im gewählten Zeitraum."
    assert not page.charts.category_card.isVisible() and not page.charts.heat_card.isVisible()
    assert page.tiles.incidents_tile.value.text() == "0"
    assert page.filters.from_edit.date().toString("dd.MM.yyyy") == "01.01.2001"
    assert page.filters.to_edit.date().toString("dd.MM.yyyy") == "31.01.2001"


def test_a_period_ending_before_it_starts_is_refused_in_german(
    qtbot: Any, page: StatisticsPage
) -> None:
    page.filters.to_edit.setDate(page.filters.from_edit.date().addDays(-3))
    assert page.filters.period_combo.currentText() == "freier Zeitraum"
    assert not page.refresh()
    assert page.message_label.isVisible()
    assert "Ende liegt vor dem Beginn" in page.message_label.text()


def test_csv_export_is_pseudonymised(
    qtbot: Any, page: StatisticsPage, demo_db: Path, tmp_path: Path
) -> None:
    first, end = _this_month()
    threads: list[str] = []
    page.exported.connect(
        lambda *_: threads.append(threading.current_thread().name),
        Qt.ConnectionType.DirectConnection,  # runs where the signal is emitted
    )
    with qtbot.waitSignal(page.exported, timeout=30_000):
        assert page.export_to(tmp_path / "statistik")
    assert threads == ["statistics-export"]  # not on the GUI thread
    data = (tmp_path / "statistik.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("Vorgang-Pseudonym;Datum;Uhrzeit;")
    assert len(lines) - 1 == _count(demo_db, first, end)
    connection = raw_sql.connect(demo_db)
    names = [r[0] for r in connection.execute("SELECT last_name FROM officer")]
    numbers = [r[0] for r in connection.execute("SELECT service_number FROM officer")]
    connection.close()
    assert names and not [n for n in names + numbers if n in text]
    assert "exportiert" in page.status_label.text()


def test_an_officer_may_not_export_and_is_told_why(
    qtbot: Any, demo_db: Path, settings: Settings, tmp_path: Path
) -> None:
    services = Services.create(Database.open(str(demo_db)), actor="test", role=Role.OFFICER)
    try:
        page = _open(qtbot, services, settings)
        assert not page.export_button.isEnabled()  # the button says so before any click
        assert "Dienstgruppenleitung" in page.export_button.toolTip()
        with qtbot.waitSignal(page.exported, timeout=30_000):
            page.export_to(tmp_path / "x.csv")
        assert not (tmp_path / "x.csv").exists()
        assert page.message_label.isVisible()
        assert page.message_label.text().startswith("Keine Berechtigung")
    finally:
        services.close()


def test_a_click_on_a_bar_opens_the_matching_incidents(
    qtbot: Any, app_factory: Any, demo_db: Path
) -> None:
    application = app_factory(demo_db)
    window = application.window
    window.show_page("statistics")
    page = window.current_page()
    assert isinstance(page, StatisticsPage)
    qtbot.waitUntil(lambda: page.figures is not None and not page.busy, timeout=30_000)
    page.choose_month(to_local(utcnow()).date().replace(day=1) - timedelta(days=1))
    _wait(qtbot, page)
    first, end = _month(to_local(utcnow()).date().replace(day=1) - timedelta(days=1))
    top = page.charts.category_rows[0]
    axis = page.charts.category_view.chart().axes(Qt.Orientation.Vertical)[0]
    index = axis.categories().index(top.name)
    area_name, bars = next(
        (name, bars)
        for name, bars in _bar_sets(page.charts.category_view).items()
        if name != "ohne Gebiet"
    )
    assert "Klick" in page.charts.category_view.toolTip()
    bars.clicked.emit(index)  # what a click on the bar does
    incidents = window.current_page()
    assert isinstance(incidents, IncidentsPage)
    expected = _count(demo_db, first, end, "AND c.name = ? AND a.name = ?", top.name, area_name)
    assert expected == int(bars.at(index)) > 0
    word = "Vorkommnis" if expected == 1 else "Vorkommnisse"
    assert incidents.count_label.text() == f"{expected} {word}"
    assert incidents.area_combo.currentText() == area_name
    assert incidents.category_combo.currentText() == top.name
    assert incidents.from_edit.date().toString("dd.MM.yyyy") == f"{first:%d.%m.%Y}"
    assert incidents.to_edit.date().toString("dd.MM.yyyy") == (
        f"{end - timedelta(days=1):%d.%m.%Y}"
    )

    # A trend bar opens its month.
    window.show_page("statistics")
    trend = _bar_sets(page.charts.trend_view)["Vorkommnisse"]
    trend.clicked.emit(trend.count() - 1)  # the month shown
    assert window.current_page() is incidents
    month_total = _count(demo_db, first, end)
    assert incidents.count_label.text() == f"{month_total} Vorkommnisse"
