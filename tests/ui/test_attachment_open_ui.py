"""Opening attachments from the real incident dialog (issue 13, hole 1): a row with a hostile
stored name opens from the app's viewing folder under a generated name, nothing is written
outside it, and a row of an executable type is refused with a German message box."""

from __future__ import annotations

import hashlib
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from kod_desk.paths import viewing_dir
from kod_desk.services.registry import Services
from tests import raw_sql
from tests.incident_drafts import kiosk_incident
from tests.ui.test_incident_persons_ui import open_dialog, png_file

COPY_NAME = re.compile(r"[0-9a-f]{32}\.(txt|png|pdf)")


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The platform's cache folder (and so the viewing folder) inside the test's tmp_path."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert viewing_dir().is_relative_to(tmp_path)
    return tmp_path / "cache"


@pytest.fixture
def incident_id(services: Services) -> str:
    return kiosk_incident(services, description="Streit vor dem Kiosk, ein Zeuge meldet sich.")


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    """Message boxes and the desktop's "open with the default program", recorded."""
    seen: dict[str, list[Any]] = {"warnings": [], "opened": []}

    def bug(_parent: Any, _title: str, text: str, *_args: Any) -> None:
        raise AssertionError(text)

    monkeypatch.setattr(
        QMessageBox, "warning", lambda _p, title, text, *a: seen["warnings"].append((title, text))
    )
    monkeypatch.setattr(QMessageBox, "critical", bug)
    monkeypatch.setattr(QDesktopServices, "openUrl", seen["opened"].append)
    return seen


def make_hostile(db_path: Path, filename: str, name: str, data: bytes) -> None:
    """Write a row the services refuse straight into the SQLite file (an attacker with file
    access, or a row stored before the whitelist)."""
    connection = raw_sql.connect(db_path)
    with connection:
        changed = connection.execute(
            "UPDATE attachment SET filename = ?, data = ?, size_bytes = ?, sha256 = ? "
            "WHERE filename = ?",
            (name, data, len(data), hashlib.sha256(data).hexdigest(), filename),
        ).rowcount
    connection.close()
    assert changed == 1


def files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def test_a_hostile_name_opens_only_from_the_viewing_folder_and_an_exe_is_refused(
    qtbot: Any,
    services: Services,
    incident_id: str,
    db_path: Path,
    tmp_path: Path,
    cache_home: Path,
    shown: dict[str, list[Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sources = tmp_path / "quelle"
    sources.mkdir()
    note, scan = sources / "aussage.txt", sources / "scan.pdf"
    note.write_text("Der Zeuge sagt aus.", encoding="utf-8")
    scan.write_bytes(b"%PDF-1.7\n1 0 obj\n")
    dialog = open_dialog(qtbot, services, incident_id)
    strip = dialog.attachment_strip
    assert strip.add_files([png_file(sources), note, scan]) == 3
    escape = Path("/tmp") / f"kod-desk-ausbruch-{uuid.uuid4().hex}.txt"
    hostile = f"../../../../../../..{escape}"
    make_hostile(db_path, "aussage.txt", hostile, b"Der Zeuge sagt aus.")
    make_hostile(db_path, "scan.pdf", "tool.exe", b"MZ\x90\x00" + b"\x00" * 60)
    strip.reload()
    dialog.grab().save("/tmp/kod-anhang-dialog.png")
    outside = files(tmp_path) - files(cache_home)

    try:
        assert strip.select(hostile)
        qtbot.mouseClick(strip.open_button, Qt.MouseButton.LeftButton)
        assert not escape.exists()
    finally:
        escape.unlink(missing_ok=True)
    assert shown["warnings"] == []
    [url] = shown["opened"]
    assert isinstance(url, QUrl) and url.isLocalFile()
    opened = Path(url.toLocalFile())
    assert opened.parent == viewing_dir().resolve()
    assert COPY_NAME.fullmatch(opened.name) and opened.suffix == ".txt"
    assert opened.read_text(encoding="utf-8") == "Der Zeuge sagt aus."
    assert files(tmp_path) - files(cache_home) == outside  # nothing written anywhere else
    assert files(cache_home) == {opened}

    # "Speichern unter …" proposes the cleaned name and writes where the user chose.
    proposed: list[str] = []
    chosen = tmp_path / "gewaehlt" / "aussage-kopie.txt"
    chosen.parent.mkdir()

    def ask(_parent: Any, _title: str, name: str, *_args: Any) -> tuple[str, str]:
        proposed.append(name)
        return str(chosen), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    assert strip.save_selected() == chosen
    assert proposed == [escape.name] and chosen.read_bytes() == b"Der Zeuge sagt aus."

    # A double-click on the photo opens it the same way, as .png.
    assert strip.select("tatort.png")
    strip.list.itemDoubleClicked.emit(strip.list.currentItem())
    assert Path(shown["opened"][-1].toLocalFile()).suffix == ".png"

    # The executable is refused with a German message; nothing written, nothing opened.
    before = files(tmp_path)
    assert strip.select("tool.exe")
    qtbot.mouseClick(strip.open_button, Qt.MouseButton.LeftButton)
    assert len(shown["opened"]) == 2
    [(title, text)] = shown["warnings"]
    assert title == "Anhang öffnen"
    assert text.startswith("Der Anhang „tool.exe“ wird nicht geöffnet: Sein Dateityp ist nicht")
    assert files(tmp_path) == before
