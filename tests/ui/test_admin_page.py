"""Verwaltung page: the audit log, its verification in green or red, retention with a question."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from kod_desk.domain.enums import CatalogKind, IncidentSource, IncidentStatus, PersonRole, Role
from kod_desk.domain.incidents import IncidentDraft, PersonDraft
from kod_desk.domain.masterdata import OfficerDraft
from kod_desk.services.registry import Services
from kod_desk.storage.backup import expanded
from kod_desk.ui.pages.admin_page import AdminPage
from kod_desk.ui.pages.base import ChangeBus
from kod_desk.ui.settings import Settings
from tests import raw_sql

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(_parent: Any, title: str, text: str, *_: Any, **__: Any) -> None:
        raise AssertionError(f"unexpected message box {title!r}: {text}")

    monkeypatch.setattr(QMessageBox, "warning", fail)
    monkeypatch.setattr(QMessageBox, "critical", fail)


def _page(qtbot: Any, services: Services, settings: Settings) -> AdminPage:
    bus = ChangeBus()
    widget = AdminPage(settings, bus)
    bus.changed.connect(widget.on_changes)
    qtbot.addWidget(widget)
    widget.attach(services)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activate()
    return widget


@pytest.fixture
def page(qtbot: Any, services: Services, settings: Settings) -> Iterator[AdminPage]:
    for n in range(1, 4):
        services.masterdata.save_officer(OfficerDraft(f"K-{n}", f"Name{n}", "Anna"))
    yield _page(qtbot, services, settings)


def _verify(qtbot: Any, page: AdminPage) -> str:
    with qtbot.waitSignal(page.verified, timeout=10_000):
        qtbot.mouseClick(page.verify_button, LEFT)
    qtbot.waitUntil(page.verify_button.isEnabled)
    return page.verify_label.text()


def test_log_lists_the_newest_entries_and_filters_them(page: AdminPage) -> None:
    seqs = [page.model.row_at(r).seq for r in range(page.model.rowCount())]
    assert seqs == sorted(seqs, reverse=True) and len(seqs) >= 4
    assert page.count_label.text() == f"{len(seqs)} Einträge"
    page.action_combo.setCurrentIndex(page.action_combo.findData("create"))
    actions = {page.model.row_at(r).action for r in range(page.model.rowCount())}
    assert actions == {"create"}
    page.action_combo.setCurrentIndex(0)
    page.period_combo.setCurrentIndex(0)  # last 24 hours: everything was just written
    assert page.model.rowCount() == len(seqs)


def test_the_log_speaks_german(page: AdminPage, services: Services) -> None:
    """Issue 14: the log showed `create`, `officer`, `service_number` and bare numbers."""
    services.masterdata.save_officer(OfficerDraft("K-9", "Albers", "Anna"))
    page.reload()
    row = next(
        r
        for r in range(page.model.rowCount())
        if page.model.row_at(r).action == "create" and page.model.row_at(r).table_name == "officer"
    )

    def cell(column: int) -> str:
        return str(page.model.index(row, column).data())

    assert (cell(3), cell(4)) == ("Angelegt", "Dienstkraft")
    assert 'Dienstnummer: "K-9"' in cell(7) and "service_number" not in cell(7)
    assert page.action_combo.findText("Angelegt") > 0  # the filter lists the German names
    assert page.action_combo.itemData(page.action_combo.findText("Angelegt")) == "create"
    services.context.actor = "K-1"  # an officer on file: shown with the name
    services.masterdata.save_officer(OfficerDraft("K-10", "Berg", "Ben"))
    page.reload()
    assert str(page.model.index(0, 2).data()) == "Name1, Anna (K-1)"


def test_verify_shows_green_then_red_naming_the_first_broken_entry(
    qtbot: Any, page: AdminPage, db_path: Path
) -> None:
    total = page.model.rowCount()
    assert _verify(qtbot, page) == f"Protokoll unversehrt: {total} Einträge geprüft."
    assert "#1e6b34" in page.verify_label.styleSheet()  # green

    connection = raw_sql.connect(db_path)
    connection.execute("UPDATE audit_entry SET actor = 'mallory' WHERE seq = 3")
    connection.execute("DELETE FROM audit_entry WHERE seq = 4")
    connection.commit()
    connection.close()
    text = _verify(qtbot, page)
    assert text.startswith("Protokoll verändert! Erster betroffener Eintrag: Eintrag 3 vom ")
    assert text.endswith("(Benutzer mallory): nachträglich geändert.")
    assert "#a4262c" in page.verify_label.styleSheet()  # red


def test_the_check_runs_on_a_worker_one_at_a_time_and_shows_a_failure(
    qtbot: Any, page: AdminPage, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    threads: list[str] = []

    def broken() -> None:
        threads.append(threading.current_thread().name)
        release.wait(10)
        raise RuntimeError("Datenträger nicht lesbar")

    monkeypatch.setattr(services.audit, "verify", broken)
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda _parent, _title, text, *_a, **_k: shown.append(text)
    )
    qtbot.mouseClick(page.verify_button, LEFT)
    # While the chain is read the page stays usable and says what runs; a second check waits.
    assert not page.verify_button.isEnabled()
    assert page.verify_label.text() == "Protokoll wird geprüft …"
    assert not page.start_verify()
    with qtbot.waitSignal(page.verified, timeout=10_000):
        release.set()
    qtbot.waitUntil(page.verify_button.isEnabled)
    assert threads == ["kod-desk-verify"]
    assert not page.verify_label.isVisible()
    assert len(shown) == 1 and "RuntimeError: Datenträger nicht lesbar" in shown[0]


def _named(backup: Path) -> int:
    with expanded(backup) as plain, closing(raw_sql.connect(plain)) as connection:
        row = connection.execute(
            "SELECT count(*) FROM incident_person WHERE last_name = 'Muster'"
        ).fetchone()
    return int(row[0])


def test_retention_preview_then_purge_after_the_question(
    qtbot: Any,
    services: Services,
    settings: Settings,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = services.masterdata.load()
    category = next(c.id for c in data.catalog if c.kind is CatalogKind.INCIDENT_CATEGORY)
    person = PersonDraft(PersonRole.AFFECTED, "Muster", "Max", date(1980, 1, 1), "Weg 1")
    for n in range(3):
        draft = IncidentDraft(
            occurred_at=datetime.now(UTC) - timedelta(hours=n + 1),
            area_id=data.areas[0].id,
            category_id=category,
            source=IncidentSource.CITIZEN,
            place="Bahnhof",
            description="Belästigung.",
            persons=(person,) * (n + 1),
        )
        incident = services.incidents.create(draft).value.id
        if n < 2:
            services.incidents.change_status(incident, IncidentStatus.CLOSED, "Erledigt.")
    # Two incidents were closed three years ago (changed in the file, as if time had passed).
    connection = raw_sql.connect(db_path)
    connection.execute(
        "UPDATE incident SET status_changed_at = ? WHERE status = 'closed'",
        (datetime(2023, 3, 1, 9, tzinfo=UTC),),
    )
    connection.commit()
    connection.close()
    manual = services.db.backup("manuell")  # holds the three persons (and the open one's)
    assert manual is not None and _named(manual) == 6

    page = _page(qtbot, services, settings)
    page.tabs.setCurrentIndex(1)
    assert page.months_spin.value() == 24
    cutoff = page.preview.cutoff if page.preview else None
    assert cutoff is not None
    expected = (
        f"3 Personen aus 2 Vorkommnissen werden gelöscht (abgeschlossen vor dem {cutoff:%d.%m.%Y})."
        " 1 ältere Sicherung wird ohne diese Personen neu geschrieben."
    )
    assert page.preview_label.text() == expected
    assert "abgeschlossen 2023: 2 Vorkommnisse, 3 Personen" in page.years_label.text()

    questions: list[str] = []

    def answer(reply: QMessageBox.StandardButton) -> Any:
        def ask(_parent: Any, _title: str, text: str, *_: Any, **__: Any) -> Any:
            questions.append(text)
            return reply

        return ask

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    qtbot.mouseClick(page.run_button, LEFT)
    assert questions == [f"{expected} Fortfahren?"]
    assert services.retention.preview().persons == 3  # "Nein": nothing purged

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    qtbot.mouseClick(page.run_button, LEFT)
    assert page.result_label.text().startswith("Datenschutz: 3 Personen aus 2 Vorkommnissen")
    assert page.result_label.text().endswith(
        " 1 ältere Sicherung wurde ohne diese Personen neu geschrieben."
    )
    assert _named(manual) == 3  # the persons of the open incident stay
    assert page.preview_label.text().startswith("Nichts zu bereinigen")
    assert not page.run_button.isEnabled()
    assert services.retention.preview().is_empty


def test_retention_period_is_saved_from_the_page(
    qtbot: Any, page: AdminPage, services: Services
) -> None:
    page.tabs.setCurrentIndex(1)
    page.months_spin.setValue(36)
    qtbot.mouseClick(page.save_months_button, LEFT)
    assert services.retention.policy().months == 36
    assert page.months_spin.value() == 36


def test_an_officer_sees_why_the_page_is_empty(
    qtbot: Any, services: Services, settings: Settings
) -> None:
    officer = Services.create(services.db, actor="k1", role=Role.OFFICER)
    page = _page(qtbot, officer, settings)
    assert page.denied_label.isVisible()
    assert page.denied_label.text().startswith("Keine Berechtigung: Das Protokoll einsehen")
    assert not page.tabs.isEnabled()
    assert page.model.rowCount() == 0
