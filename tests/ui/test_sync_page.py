"""Synchronisation page (issue 8) on two real SQLite stations: a package exported from the page
is imported by the other station; a package imported through the page (button or drag and
drop) is previewed with its counts and applied after confirming, and a second time says it was
applied already; an untrusted package is refused in German and changes nothing; a record
changed at both stations shows up as a conflict, whose dialog highlights exactly the differing
fields and writes the fields chosen one by one.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox

from kod_desk.domain.changes import Entity
from kod_desk.domain.enums import IncidentStatus, Role
from kod_desk.domain.timeutil import to_local
from kod_desk.services.registry import Services
from kod_desk.services.startup import open_database
from kod_desk.ui.dialogs.conflict_dialog import ConflictDialog
from kod_desk.ui.pages.base import ChangeBus
from kod_desk.ui.pages.sync_page import SyncPage
from kod_desk.ui.settings import Settings
from tests import raw_sql

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(_parent: Any, title: str, text: str, *_: Any, **__: Any) -> None:
        raise AssertionError(f"unexpected message box {title!r}: {text}")

    monkeypatch.setattr(QMessageBox, "warning", fail)
    monkeypatch.setattr(QMessageBox, "critical", fail)


@pytest.fixture(scope="module")
def office_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sync") / "buero.sqlite"
    open_database(str(path), demo=True, demo_incidents=40).services.close()
    return path


@pytest.fixture
def office(office_template: Path, tmp_path: Path) -> Iterator[Services]:
    target = tmp_path / "buero.sqlite"
    shutil.copy(office_template, target)
    services = open_database(str(target)).services
    yield services
    services.close()


@pytest.fixture
def laptop(tmp_path: Path, office: Services) -> Iterator[Services]:
    services = open_database(str(tmp_path / "laptop.sqlite")).services
    office.sync.trust(services.sync.export_key())
    services.sync.trust(office.sync.export_key())
    services.sync.set_office(office.db.station_id)  # roles and passwords come from it
    yield services
    services.close()


def make_page(qtbot: Any, services: Services, settings: Settings) -> SyncPage:
    page = SyncPage(settings, ChangeBus())
    qtbot.addWidget(page)
    page.attach(services)
    page.resize(1176, 740)
    page.show()
    qtbot.waitExposed(page)
    page.activate()
    return page


def count(services: Services, table: str) -> int:
    connection = raw_sql.connect(services.db.location)
    try:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        connection.close()


def run(qtbot: Any, page: SyncPage, kind: str, start: Any) -> None:
    """Start a worker job and wait until the page has shown its outcome."""
    with qtbot.waitSignal(page.job_done, timeout=30_000, check_params_cb=lambda k: k == kind):
        assert start() is not False


def test_a_package_exported_from_the_page_is_imported_by_the_other_station(
    qtbot: Any,
    office: Services,
    laptop: Services,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    page = make_page(qtbot, office, settings)
    assert page.station.station_label.text() == office.sync.station().name
    assert re.fullmatch(r"([A-Z2-7]{4}-){4}[A-Z2-7]{4}", page.station.fingerprint_label.text())
    # The laptop, the one trusted station, is offered as recipient and ticked; without a
    # ticked recipient there is nothing to encrypt to, and the button says so.
    recipients = page.packages.recipient_list
    laptop_name = laptop.sync.station().name
    assert [recipients.item(i).text() for i in range(recipients.count())] == [laptop_name]
    item = recipients.item(0)
    assert item.checkState() == Qt.CheckState.Checked
    assert page.packages.chosen_recipients() == [laptop.db.station_id]
    assert not page.packages.everything_box.isChecked()
    item.setCheckState(Qt.CheckState.Unchecked)
    assert not page.packages.export_button.isEnabled()
    assert "Empfänger" in page.packages.export_button.toolTip()
    item.setCheckState(Qt.CheckState.Checked)
    assert page.packages.export_button.isEnabled()

    offered: list[str] = []
    target = tmp_path / "fuer-laptop"

    def answer(_parent: Any, _title: str, name: str, _filter: str) -> tuple[str, str]:
        offered.append(name)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    progress: list[tuple[int, int]] = []
    page.progressed.connect(lambda _request, done, total: progress.append((done, total)))
    run(qtbot, page, "export", lambda: qtbot.mouseClick(page.packages.export_button, LEFT))

    assert re.fullmatch(r"KOD-.+-\d{4}-\d{2}-\d{2}-\d{4}\.kodsync", offered[0])
    written = tmp_path / "fuer-laptop.kodsync"
    assert written.exists()
    done, total = progress[-1]
    assert done == total > 1000
    assert page.packages.status_label.text() == (
        f"{total:,}".replace(",", ".") + f" Datensätze exportiert nach {written}"
    )
    assert page.packages.progress.isHidden() and page.packages.export_button.isEnabled()
    # The laptop's row now shows the exchange.
    [peer] = page.peers.peer_model.rows()
    assert peer.last_sync_at is not None and peer.last_exported_seq > 0

    result = laptop.sync.import_package(written).value
    assert result.applied
    assert count(laptop, "incident") == count(office, "incident") == 40


def drop_file(page: SyncPage, path: Path) -> bool:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    where = page.rect().center()
    enter = QDragEnterEvent(
        where, Qt.DropAction.CopyAction, mime, LEFT, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(page, enter)
    accepted = enter.isAccepted()
    drop = QDropEvent(
        QPointF(QPoint(where)),
        Qt.DropAction.CopyAction,
        mime,
        LEFT,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(page, drop)
    return accepted


def test_importing_through_the_page_previews_applies_and_says_when_it_was_applied_before(
    qtbot: Any, office: Services, laptop: Services, settings: Settings, tmp_path: Path
) -> None:
    package = tmp_path / "vom-buero.kodsync"
    office.sync.export(package, laptop.db.station_id)
    page = make_page(qtbot, laptop, settings)
    run(qtbot, page, "inspect", lambda: page.import_file(package))

    dialog = page.preview_dialog
    assert dialog is not None and dialog.isVisible()
    office_name = office.sync.station().name
    assert dialog.findChild(QLabel, "previewStation").text() == office_name
    shown = dialog.counts_shown()
    assert shown["incident"] == (40, 0, 0, 0, 0)
    assert shown["incident_note"][0] == count(office, "incident_note")
    assert "Einspielen übernimmt" in dialog.summary.text()
    assert count(laptop, "incident") == 0  # the preview writes nothing

    changes: list[Any] = []
    page.bus.changed.connect(changes.append)
    run(qtbot, page, "import", lambda: qtbot.mouseClick(dialog.apply_button, LEFT))
    assert count(laptop, "incident") == 40
    assert page.packages.status_label.text().startswith(f"Paket von „{office_name}“ eingespielt: ")
    [change] = changes  # the pages showing what the package brought refresh, all their rows
    assert change.touches(Entity.INCIDENTS) and change.ids(Entity.INCIDENTS) is None
    [peer] = page.peers.peer_model.rows()
    assert peer.last_imported_seq > 0

    # The same file dropped on the page a second time: the preview says it changes nothing.
    with qtbot.waitSignal(page.job_done, timeout=30_000):
        assert drop_file(page, package)
    again = page.preview_dialog
    assert again is not None and again is not dialog and again.isVisible()
    assert again.summary.text() == "Dieses Paket wurde bereits eingespielt – es ändert nichts."
    assert not again.apply_button.isEnabled()
    assert (
        page.packages.status_label.text()
        == "Dieses Paket wurde bereits eingespielt – es ändert nichts."
    )
    again.reject()
    # And applied directly once more (e.g. a second click): still nothing changes.
    run(qtbot, page, "import", lambda: page.apply_file(package))
    assert (
        page.packages.status_label.text()
        == "Dieses Paket wurde bereits eingespielt – es ändert nichts."
    )
    assert count(laptop, "incident") == 40


def test_a_package_from_an_untrusted_station_is_refused_in_german_and_changes_nothing(
    qtbot: Any,
    office: Services,
    laptop: Services,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stranger = open_database(str(tmp_path / "fremd.sqlite")).services
    try:
        package = tmp_path / "fremd.kodsync"
        stranger.sync.trust(laptop.sync.export_key())  # it can encrypt to the laptop …
        stranger.sync.export(package, laptop.db.station_id)  # … which does not trust it
        key = tmp_path / "fremd.kodkey"
        key.write_bytes(stranger.sync.export_key())
        stranger_print = stranger.sync.station().fingerprint
    finally:
        stranger.close()
    page = make_page(qtbot, laptop, settings)
    before = count(laptop, "officer"), count(laptop, "audit_entry")
    run(qtbot, page, "inspect", lambda: page.import_file(package))
    assert page.preview_dialog is None
    assert page.packages.status_label.isVisible()
    assert "nicht als vertrauenswürdig" in page.packages.status_label.text()
    assert "Traceback" not in page.packages.status_label.text()
    assert (count(laptop, "officer"), count(laptop, "audit_entry")) == before

    # Adding the station is for admins: anyone else sees the service's German refusal.
    asked: list[str] = []

    def yes(_parent: Any, _title: str, text: str, *_: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    laptop.context.role = Role.SUPERVISOR
    assert not page.peers.add_station_from(key)
    assert page.peers.peer_label.text().startswith("Keine Berechtigung")
    assert stranger_print in asked[0] and "Stimmt er überein?" in asked[0]
    laptop.context.role = Role.ADMIN
    assert page.peers.add_station_from(key)
    assert len(page.peers.peer_model.rows()) == 2
    run(qtbot, page, "inspect", lambda: page.import_file(package))
    assert page.preview_dialog is not None and page.preview_dialog.apply_button.isEnabled()


def test_a_conflict_is_listed_highlighted_and_settled_field_by_field(
    qtbot: Any, office: Services, laptop: Services, settings: Settings, tmp_path: Path
) -> None:
    office.sync.export(tmp_path / "1.kodsync", laptop.db.station_id)
    laptop.sync.import_package(tmp_path / "1.kodsync")
    connection = raw_sql.connect(office.db.location)
    incident_id, reference = connection.execute(
        "SELECT id, reference FROM incident WHERE status = 'open' AND deleted_at IS NULL LIMIT 1"
    ).fetchone()
    connection.close()
    office.incidents.change_status(incident_id, IncidentStatus.IN_PROGRESS)
    laptop.incidents.change_status(incident_id, IncidentStatus.CLOSED, "Platzverweis erteilt")
    laptop.sync.export(tmp_path / "2.kodsync", office.db.station_id)

    page = make_page(qtbot, office, settings)
    assert page.conflicts.no_conflicts.isVisible() and page.conflicts.title() == "Konflikte"
    run(qtbot, page, "inspect", lambda: page.import_file(tmp_path / "2.kodsync"))
    assert page.preview_dialog is not None
    assert page.preview_dialog.counts_shown()["incident"][4] == 1
    run(qtbot, page, "import", lambda: qtbot.mouseClick(page.preview_dialog.apply_button, LEFT))

    assert page.conflicts.title() == "Konflikte (1)"
    assert page.conflicts.conflict_table.isVisible() and not page.conflicts.no_conflicts.isVisible()
    model = page.conflicts.conflict_table.model()
    assert model.index(0, 0).data() == "Vorkommnis"
    assert model.index(0, 1).data().startswith(reference)

    [conflict] = office.sync.conflicts()
    page.conflicts.conflict_table.setFocus()
    page.conflicts.conflict_table.selectRow(0)
    qtbot.keyClick(page.conflicts.conflict_table, Qt.Key.Key_Return)
    dialog = page.conflicts.conflict_dialog
    assert isinstance(dialog, ConflictDialog) and dialog.isVisible()
    differing = sorted(
        k
        for k in set(conflict.ours) | set(conflict.theirs)
        if k not in ("_vv", "created_at", "updated_at", "updated_by", "version", "origin")
        and conflict.ours.get(k) != conflict.theirs.get(k)
    )
    assert {"status", "outcome"} <= set(differing)
    assert sorted(dialog.highlighted_fields()) == differing
    assert dialog.highlighted_fields() == list(conflict.differing)  # listed first
    assert dialog.shown_text("status") == ("in Bearbeitung", "abgeschlossen")
    occurred = to_local(office.incidents.get(incident_id).row.occurred_at)
    assert dialog.shown_text("occurred_at") == (f"{occurred:%d.%m.%Y %H:%M}",) * 2
    ours_when, theirs_when = dialog.shown_text("status_changed_at")
    assert ours_when != theirs_when  # shown precisely enough to see the difference
    assert dialog.shown_text("deleted_at") == ("nicht gelöscht", "nicht gelöscht")

    # An officer may not decide: the refusal shows in the dialog, which stays open.
    office.context.role = Role.OFFICER
    dialog.set_taken("outcome", True)
    assert dialog.fields_button.text() == f"&Auswahl übernehmen (1 von {len(differing)} Feldern)"
    qtbot.mouseClick(dialog.fields_button, LEFT)
    assert dialog.isVisible() and dialog.error_label.text().startswith("Keine Berechtigung")
    assert len(office.sync.conflicts()) == 1

    office.context.role = Role.SUPERVISOR
    changes: list[Any] = []
    page.bus.changed.connect(changes.append)
    qtbot.mouseClick(dialog.fields_button, LEFT)
    assert not dialog.isVisible()
    detail = office.incidents.get(incident_id)
    assert detail.row.status is IncidentStatus.IN_PROGRESS  # ours kept
    assert detail.outcome == "Platzverweis erteilt"  # theirs taken
    assert office.sync.conflicts() == []
    assert changes, "the resolution is announced to every page"
    assert page.conflicts.title() == "Konflikte" and page.conflicts.no_conflicts.isVisible()
    assert page.conflicts.conflict_label.text() == f"Entschieden: Vorkommnis {reference}."


def test_only_administrators_get_the_trust_buttons(
    qtbot: Any, services: Services, settings: Any
) -> None:
    services.sync.ensure_key()
    for role, allowed in ((Role.OFFICER, False), (Role.SUPERVISOR, False), (Role.ADMIN, True)):
        page = SyncPage(settings, ChangeBus())
        qtbot.addWidget(page)
        page.attach(Services.create(services.db, actor="x", role=role))
        page.show()
        page.activate()
        assert page.peers.add_button.isEnabled() is allowed, role
        assert page.peers.revoke_button.isEnabled() is allowed, role
        assert ("Administration" in page.peers.add_button.toolTip()) is not allowed


def test_the_page_reads_again_when_shown(
    qtbot: Any, services: Services, settings: Any, tmp_path: Path
) -> None:
    page = SyncPage(settings, ChangeBus())
    qtbot.addWidget(page)
    page.attach(services)
    page.show()
    page.activate()
    assert page.peers.peer_model.rowCount() == 0
    other = open_database(str(tmp_path / "other.sqlite")).services
    try:
        # Trusted elsewhere (the command line, another window) while the page was open.
        Services.create(services.db, actor="cli").sync.trust(other.sync.export_key())
    finally:
        other.close()
    page.activate()
    assert page.peers.peer_model.rowCount() == 1


def test_an_administrator_marks_the_office_and_an_officer_cannot_import(
    qtbot: Any, office: Services, laptop: Services, settings: Settings, tmp_path: Path
) -> None:
    package = tmp_path / "vom-buero.kodsync"
    office.sync.export(package, laptop.db.station_id, everything=True)
    laptop.sync.set_office(office.db.station_id, False)  # as after a plain "trust"
    page = make_page(qtbot, laptop, settings)
    # The office's package carries roles and passwords: refused until it is the office.
    run(qtbot, page, "inspect", lambda: page.import_file(package))
    assert page.preview_dialog is None
    assert "ändert die Rolle von" in page.packages.status_label.text()
    assert count(laptop, "incident") == 0

    page.peers.peer_table.selectRow(0)
    qtbot.mouseClick(page.peers.office_button, LEFT)
    [peer] = page.peers.peer_model.rows()
    assert peer.is_office
    assert page.peers.peer_model.index(0, 3).data() == "Büro"
    assert "ist jetzt das Büro" in page.peers.peer_label.text()
    run(qtbot, page, "inspect", lambda: page.import_file(package))
    assert page.preview_dialog is not None and page.preview_dialog.apply_button.isEnabled()
    page.preview_dialog.reject()

    # An officer exports but does not import: the button says who does, a drop is refused.
    laptop.context.role = Role.OFFICER
    page.reload()
    assert not page.packages.import_button.isEnabled()
    assert "Dienstgruppenleitung" in page.packages.import_button.toolTip()
    assert not page.peers.office_button.isEnabled()
    assert page.import_file(package) is False
    assert "Dienstgruppenleitung oder die Verwaltung" in page.packages.status_label.text()
    assert page.packages.export_button.isEnabled()


def test_recipients_are_chosen_with_the_keyboard(
    qtbot: Any, office: Services, laptop: Services, settings: Settings
) -> None:
    page = make_page(qtbot, office, settings)
    page.resize(1100, 620)  # the page's share of a 1366×768 window
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.packages.export_button.setFocus()
    qtbot.keyClick(page.packages.export_button, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert page.packages.recipient_list.hasFocus()
    page.packages.recipient_list.setCurrentRow(0)
    qtbot.keyClick(page.packages.recipient_list, Qt.Key.Key_Space)
    assert page.packages.chosen_recipients() == []
    assert not page.packages.export_button.isEnabled()
    qtbot.keyClick(page.packages.recipient_list, Qt.Key.Key_Space)
    assert page.packages.chosen_recipients() == [laptop.db.station_id]
    assert page.packages.export_button.isEnabled()
