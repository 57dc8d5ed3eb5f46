"""``kod-desk retention preview|purge``: a purge reaches the older backups (issue 13 hole 7)."""

from __future__ import annotations

import io
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import zstandard

from kod_desk.cli import main
from kod_desk.domain.enums import CatalogKind, IncidentSource, IncidentStatus, PersonRole
from kod_desk.domain.incidents import IncidentDraft, PersonDraft
from kod_desk.domain.storage_rules import BackupName, parse_backup_name
from kod_desk.services.registry import Services
from kod_desk.storage import chunk_store
from kod_desk.storage.backup import expanded, list_backups, verify_backup
from kod_desk.storage.database import Database
from tests import raw_sql

NAME = b"Mustermann"
ADDRESS = b"Lindenweg 7, Musterstadt"


def _database_with_a_due_incident(path: Path) -> str:
    db = Database.open(path)
    services = Services.create(db, actor="test")
    try:
        services.setup.ensure_initialized("Teststation")
        data = services.masterdata.load()
        category = next(c.id for c in data.catalog if c.kind is CatalogKind.INCIDENT_CATEGORY)
        person = PersonDraft(
            PersonRole.WITNESS, "Mustermann", "Erika", date(1980, 5, 1), ADDRESS.decode(), ""
        )
        draft = IncidentDraft(
            occurred_at=datetime.now(UTC) - timedelta(hours=2),
            area_id=data.areas[0].id,
            category_id=category,
            source=IncidentSource.PATROL,
            place="Marktplatz",
            description="Streit vor dem Kiosk.",
            persons=(person, person),
        )
        incident_id = services.incidents.create(draft).value.id
        services.incidents.change_status(incident_id, IncidentStatus.CLOSED, "Platzverweis.")
    finally:
        services.close()
    # Closed three years ago: past the default period of 24 months.
    connection = raw_sql.connect(path)
    with connection:
        connection.execute(
            "UPDATE incident SET status_changed_at = ? WHERE id = ?",
            (
                datetime.now(UTC) - timedelta(days=3 * 365),
                incident_id,
            ),
        )
    connection.close()
    return incident_id


def _holds_names(path: Path) -> bool:
    """The names are in the file (a compressed backup: in its expanded content)."""
    with expanded(path) as plain:
        data = plain.read_bytes()
    return NAME in data or ADDRESS in data


def _by_reason(db_path: Path, reason: str) -> list[Path]:
    return [b.path for b in list_backups(db_path) if b.name.reason == reason]


def _eight_days_later(db_path: Path, before_purge: Path) -> None:
    """The purge's own backup made eight days older, then the next hourly backup (and its
    rotation)."""
    name = parse_backup_name(before_purge.name)
    assert name is not None
    aged = BackupName(name.stem, name.taken_at - timedelta(days=8), name.reason)
    before_purge.rename(before_purge.with_name(aged.file_name()))
    db = Database.open(db_path)
    try:
        db.backup("stuendlich")
    finally:
        db.dispose()


def test_a_purge_rewrites_older_backups_and_says_so_before(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _database_with_a_due_incident(db_path)
    assert main(["backup", "--db", str(db_path)]) == 0
    (manual,) = _by_reason(db_path, "manuell")
    assert _holds_names(manual)
    # A backup that cannot be read (cannot be checked, nor re-written) holds who knows what.
    broken_name = BackupName(db_path.stem, datetime.now() - timedelta(days=1), "stuendlich")
    broken = manual.with_name(broken_name.file_name())
    broken.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    capsys.readouterr()

    assert main(["retention", "preview", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "2 Personen aus 1 Vorkommnis werden gelöscht" in out
    assert (
        "1 ältere Sicherung wird ohne diese Personen neu geschrieben und 1 unlesbare oder "
        "nicht bereinigbare Sicherung wird gelöscht." in out
    )
    assert _holds_names(manual) and broken.exists()  # the preview changed nothing

    assert main(["retention", "purge", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "werden gelöscht" in out.splitlines()[0]  # told before
    assert "Datenschutz: 2 Personen aus 1 Vorkommnis gelöscht" in out
    assert "1 ältere Sicherung wurde ohne diese Personen neu geschrieben" in out
    assert not _holds_names(db_path)
    # The manual backup keeps its name, verifies, and no longer holds the persons anywhere in
    # the file (not even in a free page); the rest of it is as it was.
    assert manual.exists() and not _holds_names(manual)
    verify_backup(manual)
    with expanded(manual) as plain, raw_sql.connect(plain) as connection:
        persons = connection.execute(
            "SELECT last_name, birth_date, address, deleted_at IS NOT NULL FROM incident_person"
        ).fetchall()
        purged = connection.execute(
            "SELECT count(*) FROM incident WHERE personal_data_purged_at IS NOT NULL"
        ).fetchone()[0]
        described = connection.execute(
            "SELECT count(*) FROM incident WHERE description = 'Streit vor dem Kiosk.'"
        ).fetchone()[0]
    assert persons == [("", None, "", 1)] * 2
    assert (purged, described) == (1, 1)
    assert not broken.exists()
    assert not list(manual.parent.glob("*partial*"))
    # The purge's own backup still holds them: the undo of a wrong purge, for 7 days.
    (before_purge,) = _by_reason(db_path, "vor-loeschung")
    assert _holds_names(before_purge)

    # Nothing left to do: a second purge touches no backup.
    assert main(["retention", "purge", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out.startswith("Nichts zu bereinigen")

    # Eight days later the next backup's rotation removes the purge's own backup, even
    # though it is the newest of its kind and nothing else is as recent.
    _eight_days_later(db_path, before_purge)
    assert _by_reason(db_path, "vor-loeschung") == []
    assert not any(_holds_names(b.path) for b in list_backups(db_path))


def test_the_preview_answers_from_each_backups_index_without_unpacking_it(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unpacking 31 backups of a million incidents took minutes; their indexes take none."""
    from kod_desk.storage import backup_index, backup_purge

    _database_with_a_due_incident(db_path)
    assert main(["backup", "--db", str(db_path)]) == 0
    (manual,) = _by_reason(db_path, "manuell")
    index = backup_index.index_path(manual)
    assert NAME not in index.read_bytes() and ADDRESS not in index.read_bytes()  # ids only
    assert len(backup_index.read(manual) or ()) == 2
    assert [b.path for b in list_backups(db_path)] == [manual]  # the index is no backup

    real_expanded = backup_purge.expanded

    def refuse(_path: Path) -> Any:
        raise AssertionError("the backup was unpacked")

    monkeypatch.setattr(backup_purge, "expanded", refuse)
    capsys.readouterr()
    assert main(["retention", "preview", "--db", str(db_path)]) == 0
    assert "1 ältere Sicherung wird ohne diese Personen neu geschrieben" in capsys.readouterr().out

    # A backup changed behind the index's back is read in full, and indexed anew.
    monkeypatch.setattr(backup_purge, "expanded", real_expanded)
    stat = manual.stat()
    os.utime(manual, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert backup_index.read(manual) is None
    assert main(["retention", "preview", "--db", str(db_path)]) == 0
    assert "1 ältere Sicherung wird ohne diese Personen neu geschrieben" in capsys.readouterr().out
    assert len(backup_index.read(manual) or ()) == 2

    # After the purge the re-written backup's index holds nobody.
    assert main(["retention", "purge", "--db", str(db_path)]) == 0
    assert backup_index.read(manual) == frozenset()
    assert not _holds_names(manual)


def _file_holds_names(path: Path) -> bool:
    """The names are in the file's bytes, or in its content when it is zstd-compressed."""
    data = path.read_bytes()
    if data.startswith(b"\x28\xb5\x2f\xfd"):
        with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data)) as reader:
            data = reader.read()
    return NAME in data or ADDRESS in data


def _files_holding_names(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file() and _file_holds_names(p)}


def test_a_purge_leaves_no_part_on_the_disk_that_holds_the_persons(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Deduplicated backups (issue 15): the parts only a re-written backup named are deleted;
    what still holds the persons is the purge's own backup, until it goes after 7 days."""
    _database_with_a_due_incident(db_path)
    db = Database.open(db_path)
    try:
        whole = db.backup("stuendlich")  # the day's whole backup
        shared = db.backup("stuendlich")  # parts
    finally:
        db.dispose()
    assert whole is not None and whole.name.endswith(".sqlite.zst")
    assert shared is not None and shared.name.endswith(".sqlite.chunks")
    folder = shared.parent
    held = _files_holding_names(folder)
    assert whole in held and any(p.parent.parent.name == "chunks" for p in held)

    assert main(["retention", "purge", "--db", str(db_path)]) == 0
    assert "2 ältere Sicherungen wurden ohne diese Personen neu geschrieben" in (
        capsys.readouterr().out
    )
    assert not _holds_names(whole) and not _holds_names(shared)
    (before_purge,) = _by_reason(db_path, "vor-loeschung")
    assert _holds_names(before_purge)  # the undo of a wrong purge
    undo_parts = {
        chunk_store.chunk_path(folder, digest)
        for digest in chunk_store.read_manifest(before_purge, "").chunks
    }
    assert _files_holding_names(folder) <= undo_parts

    # Eight days later the purge's own backup goes, and with it the last part holding them.
    _eight_days_later(db_path, before_purge)
    assert _by_reason(db_path, "vor-loeschung") == []
    assert _files_holding_names(folder) == set()
    for backup in list_backups(db_path):
        verify_backup(backup.path)
