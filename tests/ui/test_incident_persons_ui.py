"""The incident detail dialog's persons section and attachment strip, with real widgets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QMessageBox

from kod_desk.domain.enums import CatalogKind, IncidentSource, PersonRole, Role
from kod_desk.domain.incidents import IncidentDraft, PersonDraft
from kod_desk.domain.masterdata import OfficerDraft
from kod_desk.services.registry import Services
from kod_desk.storage.database import Database
from kod_desk.ui.dialogs.incident_detail_dialog import IncidentDetailDialog
from kod_desk.ui.dialogs.person_dialog import AccessReasonDialog, PersonDialog
from tests import raw_sql

MB = 1024 * 1024


@pytest.fixture
def incident_id(services: Services) -> str:
    data = services.masterdata.load()
    officer = services.masterdata.save_officer(OfficerDraft("K-1", "Schneider", "Anna")).value.id
    services.masterdata.save_officer(OfficerDraft("K-2", "Yilmaz", "Deniz"))
    draft = IncidentDraft(
        occurred_at=datetime.now(UTC) - timedelta(hours=1),
        area_id=next(a.id for a in data.areas if a.name == "Innenstadt"),
        category_id=next(c.id for c in data.catalog if c.kind is CatalogKind.INCIDENT_CATEGORY),
        source=IncidentSource.PATROL,
        place="Marktplatz",
        description="Streit vor dem Kiosk, ein Zeuge meldet sich.",
        officer_ids=(officer,),
    )
    return services.incidents.create(draft).value.id


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes would block offscreen: record what they say instead."""
    shown: list[str] = []

    def bug(_parent: Any, _title: str, text: str, *_args: Any) -> None:
        raise AssertionError(text)

    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text)
    )
    monkeypatch.setattr(QMessageBox, "critical", bug)
    return shown


def open_dialog(qtbot: Any, services: Services, incident_id: str) -> IncidentDetailDialog:
    dialog = IncidentDetailDialog(
        services.incidents, services.incidents.get(incident_id), lambda _result: None
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.fixture
def officer_services(db_path: Path, services: Services) -> Iterator[Services]:
    other = Services.create(Database.open(db_path), actor="K-2", role=Role.OFFICER)
    yield other
    other.close()


def png_file(folder: Path, name: str = "tatort.png") -> Path:
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(QColor("#3a7bd5"))
    path = folder / name
    assert image.save(str(path))  # format from the .png suffix
    return path


def test_add_a_person_then_reveal_with_a_reason(
    qtbot: Any, services: Services, incident_id: str, db_path: Path
) -> None:
    dialog = open_dialog(qtbot, services, incident_id)
    section = dialog.persons_section
    assert "Keine beteiligten Personen" in section.info_label.text()

    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    form = dialog.current_dialog
    assert isinstance(form, PersonDialog)
    form.set_role(PersonRole.WITNESS)
    qtbot.keyClicks(form.last_name_edit, "Mustermann")
    qtbot.keyClicks(form.first_name_edit, "Max")
    qtbot.keyClicks(form.birth_date_edit, "1.5.1980")
    qtbot.keyClicks(form.address_edit, "Weg 1, 12345 Musterstadt")
    qtbot.keyClick(form.address_edit, Qt.Key.Key_Return)  # Enter saves
    assert dialog.current_dialog is None
    # Added, but still hidden: only the number is shown.
    assert "1 Person" in section.info_label.text()
    assert section.table.isHidden() and section.shown_rows() == []
    assert section.reveal_button.isVisible()

    qtbot.mouseClick(section.reveal_button, Qt.MouseButton.LeftButton)
    ask = dialog.current_dialog
    assert isinstance(ask, AccessReasonDialog)
    qtbot.mouseClick(ask.save_button, Qt.MouseButton.LeftButton)  # no reason given
    assert "Grund" in ask.error_text() and section.table.isHidden()
    ask.reason_combo.setCurrentText("Anhörung")
    qtbot.mouseClick(ask.save_button, Qt.MouseButton.LeftButton)
    assert dialog.current_dialog is None

    assert section.shown_rows() == [
        ["Zeuge/Zeugin", "Mustermann, Max", "01.05.1980", "Weg 1, 12345 Musterstadt", ""]
    ]
    assert section.marker_label.isVisible()
    assert "Personenbezogene Daten" in section.marker_label.text()
    assert "Anhörung" in section.marker_label.text()
    connection = raw_sql.connect(db_path)
    logged = connection.execute(
        "SELECT reason FROM audit_entry WHERE action = 'view_personal_data'"
    ).fetchall()
    connection.close()
    assert logged == [("Anhörung",)]

    qtbot.mouseClick(section.hide_button, Qt.MouseButton.LeftButton)
    assert section.table.isHidden() and section.shown_rows() == []


def test_unparsable_birth_date_keeps_the_form_open(
    qtbot: Any, services: Services, incident_id: str
) -> None:
    dialog = open_dialog(qtbot, services, incident_id)
    form = dialog.persons_section.add_person()
    assert form is not None
    qtbot.keyClicks(form.last_name_edit, "Muster")
    qtbot.keyClicks(form.birth_date_edit, "31.02.1980")
    assert not form.try_save()
    assert "Geburtsdatum" in form.error_text()
    assert form.birth_date_edit.hasFocus() or not form.isActiveWindow()
    assert services.incidents.person_count(incident_id) == 0


def test_officer_not_on_the_incident_sees_only_the_count(
    qtbot: Any, services: Services, officer_services: Services, incident_id: str
) -> None:
    services.incidents.add_person(incident_id, PersonDraft(PersonRole.AFFECTED, "Muster"))
    dialog = open_dialog(qtbot, officer_services, incident_id)
    section = dialog.persons_section
    assert "Nur für Berechtigte sichtbar" in section.info_label.text()
    assert "1 Person" in section.info_label.text()
    assert not section.reveal_button.isVisible()
    assert section.ask_reason() is None
    assert section.add_button.isEnabled()  # adding stays open to every officer


def test_add_an_image_attachment_shows_its_thumbnail(
    qtbot: Any, services: Services, incident_id: str, tmp_path: Path, warnings: list[str]
) -> None:
    dialog = open_dialog(qtbot, services, incident_id)
    strip = dialog.attachment_strip
    photo = png_file(tmp_path)
    note = tmp_path / "aussage.txt"
    note.write_text("Der Zeuge sagt aus.", encoding="utf-8")
    assert strip.add_files([photo, note]) == 2
    assert warnings == []
    assert [a.filename for a in strip.attachments] == ["tatort.png", "aussage.txt"]
    assert strip.thumbnail_count() == 1
    thumb = strip.attachments[0].thumbnail
    assert thumb is not None and thumb.startswith(b"\xff\xd8")  # a JPEG thumbnail
    image = QImage.fromData(thumb)
    assert max(image.width(), image.height()) == 160
    assert strip.list.count() == 2 and not strip.list.item(0).icon().isNull()
    assert "(2)" in strip.title()

    assert strip.select("tatort.png")
    saved = strip.save_to(strip.attachments[0], tmp_path / "kopie.png")
    assert saved is not None and saved.read_bytes() == photo.read_bytes()


def test_too_big_and_duplicate_files_are_refused_with_a_message(
    qtbot: Any, services: Services, incident_id: str, tmp_path: Path, warnings: list[str]
) -> None:
    dialog = open_dialog(qtbot, services, incident_id)
    strip = dialog.attachment_strip
    photo = png_file(tmp_path)
    big = tmp_path / "video.jpg"
    with big.open("wb") as handle:
        handle.truncate(int(14.2 * MB))  # sparse: refused before it is read
    assert strip.add_files([photo]) == 1
    assert strip.add_files([big, photo]) == 0
    assert len(warnings) == 1
    assert "„video.jpg“ ist 14,2 MB groß; erlaubt sind höchstens 10 MB." in warnings[0]
    assert "„tatort.png“ ist bereits an diesem Vorkommnis angehängt" in warnings[0]
    assert [a.filename for a in services.incidents.attachments(incident_id)] == ["tatort.png"]


def test_dropping_files_on_the_dialog_attaches_them(
    qtbot: Any, services: Services, incident_id: str, tmp_path: Path, warnings: list[str]
) -> None:
    dialog = open_dialog(qtbot, services, incident_id)
    photo = png_file(tmp_path, "abgelegt.png")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    where = QPointF(20, 20)
    action, button, keys = (
        Qt.DropAction.CopyAction,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    # Qt delivers drag events only from a real drag; hand them to the handlers as Qt would.
    enter = QDragEnterEvent(where.toPoint(), action, mime, button, keys)
    dialog.dragEnterEvent(enter)
    assert enter.isAccepted()
    dialog.dropEvent(QDropEvent(where, action, mime, button, keys))
    assert [a.filename for a in dialog.attachment_strip.attachments] == ["abgelegt.png"]
    assert warnings == []
