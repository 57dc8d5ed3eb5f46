"""Attachments through the service (issue 13, holes 1 and 2): the whitelist by content and
extension, safe stored names, and viewing copies that land only in the app's viewing folder
under a generated name, also for hostile rows written into the database by hand."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import time
from pathlib import Path

import pytest

from kod_desk.domain.errors import UserError, ValidationError
from kod_desk.services.files import ViewingFolder
from kod_desk.services.incidents import IncidentService
from kod_desk.services.registry import Services
from tests import raw_sql
from tests.incident_drafts import kiosk_incident

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
DANGEROUS = ("bat", "hta", "js", "vbs", "ps1", "exe", "scr", "lnk", "svg", "url", "html")
COPY_NAME = re.compile(r"[0-9a-f]{32}\.[a-z]+")


@pytest.fixture
def incident_id(services: Services) -> str:
    return kiosk_incident(services)


@pytest.fixture
def viewing(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "anhaenge-ansicht"


@pytest.fixture
def incidents(services: Services, viewing: Path) -> IncidentService:
    return IncidentService(services.context, ViewingFolder(viewing))


def rows(db_path: Path) -> list[tuple[str, str]]:
    connection = raw_sql.connect(db_path)
    try:
        return connection.execute("SELECT filename, mime_type FROM attachment").fetchall()
    finally:
        connection.close()


def make_hostile(db_path: Path, attachment_id: str, filename: str, data: bytes) -> None:
    """What an attacker with file access (or an old version) left in the database."""
    connection = raw_sql.connect(db_path)
    with connection:
        connection.execute(
            "UPDATE attachment SET filename = ?, data = ?, size_bytes = ?, sha256 = ? WHERE id = ?",
            (filename, data, len(data), hashlib.sha256(data).hexdigest(), attachment_id),
        )
    connection.close()


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("ext", DANGEROUS)
def test_dangerous_extensions_with_a_pdf_head_are_not_stored(
    incidents: IncidentService, incident_id: str, db_path: Path, ext: str
) -> None:
    with pytest.raises(ValidationError, match=rf"„beweis\.{ext}“ hat keinen erlaubten Dateityp"):
        incidents.add_attachment(incident_id, f"beweis.{ext}", PDF)
    assert rows(db_path) == []


def test_a_path_in_the_name_is_stored_as_its_base_name(
    incidents: IncidentService, incident_id: str, db_path: Path
) -> None:
    incidents.add_attachment(incident_id, "../../../../tmp/x.txt", b"Aussage")
    incidents.add_attachment(incident_id, "/home/kod/NUL.pdf", PDF)
    incidents.add_attachment(incident_id, "IMG_0001", PNG)
    assert sorted(rows(db_path)) == [
        ("IMG_0001.png", "image/png"),
        ("_NUL.pdf", "application/pdf"),
        ("x.txt", "text/plain"),
    ]


def test_a_viewing_copy_lies_in_the_viewing_folder_under_a_generated_name(
    incidents: IncidentService, incident_id: str, db_path: Path, tmp_path: Path, viewing: Path
) -> None:
    added = incidents.add_attachment(incident_id, "aussage.txt", b"Aussage").value
    make_hostile(db_path, added.id, "../../../../x.txt", b"Aussage")
    before = files_under(tmp_path) - files_under(viewing)
    copy = incidents.viewing_copy(added.id)
    assert copy.parent == viewing.resolve() and COPY_NAME.fullmatch(copy.name)
    assert copy.suffix == ".txt" and copy.read_bytes() == b"Aussage"
    assert files_under(tmp_path) - files_under(viewing) == before  # nothing outside
    assert not (tmp_path.parent / "x.txt").exists()
    if os.name == "posix":
        assert stat.S_IMODE(viewing.stat().st_mode) == 0o700
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    # The extension belongs to the detected type, not to the stored name.
    photo = incidents.add_attachment(incident_id, "foto.png", PNG).value
    make_hostile(db_path, photo.id, "foto", PNG)
    assert incidents.viewing_copy(photo.id).suffix == ".png"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("tool.exe", b"MZ\x90\x00" + b"\x00" * 60),
        ("beweis.bat", PDF),  # stored before the whitelist: a PDF head, a batch file's name
        ("seite.html", b"<html><script>alert(1)</script></html>"),
        ("../../evil.hta", PDF),
    ],
)
def test_a_hostile_row_is_not_opened_and_nothing_is_written(
    incidents: IncidentService,
    incident_id: str,
    db_path: Path,
    tmp_path: Path,
    name: str,
    data: bytes,
) -> None:
    added = incidents.add_attachment(incident_id, "scan.pdf", PDF).value
    make_hostile(db_path, added.id, name, data)
    before = files_under(tmp_path)
    with pytest.raises(ValidationError, match=r"wird nicht geöffnet: Sein Dateityp ist nicht"):
        incidents.viewing_copy(added.id)
    assert files_under(tmp_path) == before


def test_old_copies_are_removed_and_a_linked_folder_is_refused(
    services: Services, incidents: IncidentService, incident_id: str, tmp_path: Path
) -> None:
    added = incidents.add_attachment(incident_id, "scan.pdf", PDF).value
    first = incidents.viewing_copy(added.id)
    long_ago = time.time() - 2 * 3600
    os.utime(first, (long_ago, long_ago))
    second = incidents.viewing_copy(added.id)
    assert not first.exists() and second.exists() and second != first
    elsewhere = tmp_path / "woanders"
    elsewhere.mkdir()
    linked = IncidentService(services.context, ViewingFolder(tmp_path / "link"))
    (tmp_path / "link").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(UserError, match="kein gewöhnlicher Ordner"):
        linked.viewing_copy(added.id)
    assert list(elsewhere.iterdir()) == []
