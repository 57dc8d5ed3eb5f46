"""The real window on a demo database: navigation, pages, status bar, remembered state."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests import raw_sql

PAGES = [
    "Übersicht",
    "Dienstplan",
    "Fahrräder",
    "Vorkommnisse",
    "Ermittlungen",
    "Berichte",
    "Statistik",
    "Synchronisation",
    "Stammdaten",
    "Verwaltung",
]


def nav_texts(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [window.nav.item(row).text() for row in range(window.nav.count())]


def test_window_shows_every_page_and_the_database(app_factory, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    application = app_factory(demo_db)
    window = application.window
    assert nav_texts(window) == PAGES
    status = window.db_label.text()
    assert "Station: Demo-Station" in status
    assert str(demo_db) in status
    assert "Demodaten" in status
    assert window.windowTitle() == "KOD Desk – Demo-Station"
    for row, title in enumerate(PAGES):
        window.nav.setCurrentRow(row)
        page = window.current_page()
        assert page.isVisible()
        assert page.windowTitle() == title


def test_overview_shows_real_duties_bikes_and_cases(
    app_factory, demo_db: Path, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    application = app_factory(demo_db)
    overview = application.window.overview
    board = overview.dashboard
    assert board is not None
    # What the page shows is what the database holds for today.
    connection = raw_sql.connect(demo_db)
    today_shifts = connection.execute(
        "SELECT count(*) FROM shift WHERE duty_date = ? AND deleted_at IS NULL",
        (board.today.isoformat(),),
    ).fetchone()[0]
    open_incidents = connection.execute(
        "SELECT count(*) FROM incident WHERE status IN ('open', 'in_progress')"
    ).fetchone()[0]
    broken = connection.execute(
        "SELECT count(*) FROM bike WHERE condition IN ('defect', 'in_repair')"
    ).fetchone()[0]
    connection.close()
    assert today_shifts > 0
    assert overview.today_model.rowCount() == today_shifts + len(
        [
            d
            for d in board.on_duty_now
            if d.starts_at.date() < d.ends_at.date()
            and d.shift_id not in {t.shift_id for t in board.today_duties}
        ]
    )
    assert overview.tile_incidents.value.text() == str(open_incidents)
    assert overview.tile_bikes_broken.value.text() == str(broken)
    assert overview.cases_model.rowCount() == len(board.overdue_cases) > 0
    kinds = {overview.today_model.index(r, 2).data() for r in range(today_shifts)}
    assert kinds & {"Streife", "Gemeinsame Streife Polizei", "Ansprechstelle", "Radstreife"}
    crew = overview.today_model.index(0, 5).data()
    assert "," in crew  # "Nachname, Vorname"
    statuses = [overview.today_model.index(r, 0).data() for r in range(today_shifts)]
    assert statuses.count("im Dienst") == len(board.on_duty_now)
    assert set(statuses) <= {"im Dienst", "beendet", "geplant"}
    for table in (overview.today_table, overview.bikes_table, overview.cases_table):
        qtmodeltester.check(table.source_model)
        qtmodeltester.check(table.proxy)


def test_last_page_geometry_and_column_widths_are_remembered(
    app_factory, demo_db: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    first = app_factory(demo_db)
    window = first.window
    window.show_page("masterdata")
    window.resize(1111, 777)
    table = window.overview.today_table
    table.setColumnWidth(2, 321)
    window.close()
    second = app_factory(demo_db)
    assert second.window.current_page().key == "masterdata"
    assert second.window.size().width() == 1111
    assert second.window.overview.today_table.columnWidth(2) == 321


def test_keyboard_switches_pages(app_factory, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = app_factory(demo_db).window
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page().key == "masterdata"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page().key == "overview"
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page().key == "admin"  # the tenth page: Strg+0


def test_too_new_database_is_refused_with_a_message(
    app_factory, tmp_path: Path, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from kod_desk.storage.database import Database

    path = tmp_path / "future.sqlite"
    Database.open(path).dispose()
    connection = raw_sql.connect(path)
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda _parent, _title, text, *a, **k: shown.append(text)
    )
    application = app_factory(path, wait=False)
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert "neueren KOD-Desk-Version" in shown[0]
    assert application.window.services is None
    assert application.window.loading.text() == "Keine Datenbank geöffnet."
    assert path.read_bytes() == before


def test_ctrl_n_opens_the_incident_quick_entry_from_any_page(
    app_factory, demo_db: Path, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from kod_desk.ui.dialogs.quick_entry_dialog import QuickEntryDialog

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # drafts go here
    window = app_factory(demo_db).window
    window.show_page("masterdata")
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialogs = window.findChildren(QuickEntryDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    assert dialogs[0].windowTitle() == "Neues Vorkommnis"


def test_an_overdue_order_on_the_overview_opens_on_the_ermittlungen_page(
    app_factory, demo_db: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = app_factory(demo_db).window
    window.show_page("overview")
    table = window.overview.cases_table
    assert table.model().rowCount() > 0  # the demo has overdue orders
    table.selectRow(0)
    wanted = table.selected_row()
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.current_page().key == "cases"
    cases = window.current_page()
    shown = cases.selected_row()
    assert shown is not None and shown.id == wanted.case_id
    assert shown.reference == wanted.reference
