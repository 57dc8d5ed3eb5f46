"""Attachments arriving by sync are checked as in the dialog (issue 13, hole 1): a trusted
package that carries a path as file name, an executable, a 20 MB file or a wrong sha256 is
refused with one German sentence naming the file, and nothing at the receiving station
changes. The package is a real one: the sending station's row is made hostile in its SQLite
file (as an attacker with the laptop's files would), then exported the ordinary way."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kod_desk.domain import sync as ds
from kod_desk.domain.sync_format import SyncRefused
from kod_desk.services.registry import Services
from kod_desk.services.startup import open_database
from tests import raw_sql
from tests.incident_drafts import kiosk_incident
from tests.services.test_sync import snapshot, trust_each_other

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
MB = 1024 * 1024


def deliver(source: Services, target: Services, path: Path) -> ds.ImportResult:
    """Export from ``source`` to ``target`` and import it there: the one place that knows how a
    package travels (switch it here when the container changes)."""
    source.sync.export(path, target.db.station_id)
    return target.sync.import_package(path).value


def station_with_attachment(path: Path) -> tuple[Services, str]:
    """A station with one incident and one good attachment (a PDF); returns the row id."""
    services = open_database(str(path)).services
    incident_id = kiosk_incident(services)
    return services, services.incidents.add_attachment(incident_id, "scan.pdf", PDF).value.id


def file_row(name: str, data: bytes, **changes: Any) -> dict[str, Any]:
    row = {
        "filename": name,
        "data": data,
        "size_bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "mime_type": "application/pdf",
    }
    return {**row, **changes}


HOSTILE: dict[str, tuple[Callable[[], dict[str, Any]], str]] = {
    "path": (
        lambda: file_row("../../../../tmp/x.txt", b"Aussage", mime_type="text/plain"),
        "Der Dateiname „../../../../tmp/x.txt“ ist nicht sicher",
    ),
    "absolute": (
        lambda: file_row("/tmp/x.txt", b"Aussage", mime_type="text/plain"),
        "Der Dateiname „/tmp/x.txt“ ist nicht sicher",
    ),
    "exe": (
        lambda: file_row("tool.exe", b"MZ\x90\x00" + b"\x00" * 200, mime_type="application/pdf"),
        "Die Datei „tool.exe“ hat keinen erlaubten Dateityp",
    ),
    "pdf_as_bat": (
        lambda: file_row("beweis.bat", PDF),
        "Die Datei „beweis.bat“ hat keinen erlaubten Dateityp",
    ),
    "20_mb": (
        # random bytes: zeros would be refused earlier, as a zip bomb
        lambda: file_row("gross.pdf", PDF + random.Random(13).randbytes(20 * MB)),
        "Die Datei „gross.pdf“ ist 20 MB groß; erlaubt sind höchstens 10 MB",
    ),
    "wrong_sha256": (
        lambda: file_row("scan.pdf", PDF, sha256=hashlib.sha256(b"anders").hexdigest()),
        "Die Prüfsumme (SHA-256) der Datei „scan.pdf“ passt nicht zu ihrem Inhalt",
    ),
    "wrong_size": (
        lambda: file_row("scan.pdf", PDF, size_bytes=len(PDF) + 1),
        "Die Größe der Datei „scan.pdf“ passt nicht zu ihrem Inhalt",
    ),
    "wrong_type": (
        lambda: file_row("scan.pdf", PDF, mime_type="image/png"),
        "Der Dateityp der Datei „scan.pdf“ passt nicht zu ihrem Inhalt",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_attachment_refuses_the_package_and_changes_nothing(
    tmp_path: Path, case: str
) -> None:
    laptop, attachment_id = station_with_attachment(tmp_path / "laptop.sqlite")
    office = open_database(str(tmp_path / "buero.sqlite")).services
    try:
        trust_each_other(laptop, office)
        make_row, message = HOSTILE[case]
        row = make_row()
        connection = raw_sql.connect(laptop.db.location)
        with connection:
            connection.execute(
                "UPDATE attachment SET filename = :filename, data = :data, "
                "size_bytes = :size_bytes, sha256 = :sha256, mime_type = :mime_type "
                "WHERE id = :id",
                {**row, "id": attachment_id},
            )
        connection.close()
        before = snapshot(office)
        with pytest.raises(SyncRefused) as refused:
            deliver(laptop, office, tmp_path / "paket.kodsync")
        text = refused.value.message
        assert f"Anhang {attachment_id}: {message}" in text, text
        assert "\n" not in text and text.startswith("Ein Datensatz ist ungültig")
        assert snapshot(office) == before
    finally:
        laptop.close()
        office.close()


def test_sync_import_on_the_command_line_refuses_a_path_as_file_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same refusal through ``kod-desk sync import``: exit 2, one German line."""
    from kod_desk.cli import main

    laptop, attachment_id = station_with_attachment(tmp_path / "laptop.sqlite")
    office = open_database(str(tmp_path / "buero.sqlite")).services
    try:
        trust_each_other(laptop, office)
        connection = raw_sql.connect(laptop.db.location)
        with connection:
            connection.execute(
                "UPDATE attachment SET filename = '../../../../tmp/x.pdf' WHERE id = ?",
                (attachment_id,),
            )
        connection.close()
        laptop.sync.export(tmp_path / "paket.kodsync", office.db.station_id)
        before = snapshot(office)
    finally:
        laptop.close()
        office.close()
    package, database = str(tmp_path / "paket.kodsync"), str(tmp_path / "buero.sqlite")
    assert main(["sync", "import", package, "--db", database]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Der Dateiname „../../../../tmp/x.pdf“ ist nicht sicher" in err
    office = open_database(database).services
    try:
        assert snapshot(office) == before
    finally:
        office.close()


def test_a_good_attachment_arrives_with_its_bytes(tmp_path: Path) -> None:
    """The control: the same two stations and package, without the hostile change."""
    laptop, attachment_id = station_with_attachment(tmp_path / "laptop.sqlite")
    office = open_database(str(tmp_path / "buero.sqlite")).services
    try:
        trust_each_other(laptop, office)
        assert deliver(laptop, office, tmp_path / "paket.kodsync").applied
        assert office.incidents.attachment_data(attachment_id, "Prüfung") == ("scan.pdf", PDF)
    finally:
        laptop.close()
        office.close()
