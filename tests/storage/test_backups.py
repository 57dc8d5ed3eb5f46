"""Backups, rotation, a damaged database, network/cloud folders and the second instance."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kod_desk.domain.errors import DatabaseError
from kod_desk.domain.storage_rules import DamagedDatabaseError, InstanceLockedError
from kod_desk.services import backups as backup_service
from kod_desk.services.startup import open_database
from kod_desk.storage.backup import (
    backup_sqlite,
    has_sqlite_header,
    list_backups,
    newest_good_backup,
    verify_backup,
)
from kod_desk.storage.compression import is_compressed
from kod_desk.storage.database import Database
from kod_desk.storage.instance_lock import InstanceLock
from kod_desk.storage.repos import settings


def _database_with_rows(path: Path, rows: int = 50) -> None:
    db = Database.open(path)
    try:
        for n in range(rows):
            with db.write("test") as session:
                settings.put(session, f"row-{n}", {"n": n, "pad": "z" * 300})
    finally:
        db.dispose()


def _rows(path: Path) -> int:
    db = Database.open(path, create=False)
    try:
        with db.read() as session:
            return sum(settings.get(session, f"row-{n}") is not None for n in range(200))
    finally:
        db.dispose()


def _damage(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as handle:
        for offset in range(4096, size, 4096 * 2):
            handle.seek(offset)
            handle.write(os.urandom(4096))


def test_backup_is_verified_listed_and_rotated(db_path: Path) -> None:
    _database_with_rows(db_path)
    db = Database.open(db_path)
    try:
        made = [db.backup("stuendlich") for _ in range(3)]
        made.append(db.backup("vor-import"))
    finally:
        db.dispose()
    listed = list_backups(db_path)
    print(f"\nmade={len(made)} kept={len(listed)}")  # noqa: T201
    # Three hourly ones within the same hour: the rotation keeps the newest of that hour, and
    # the first, the day's whole backup (the others share their parts, issue 15).
    assert [b.name.reason for b in listed] == ["vor-import", "stuendlich", "stuendlich"]
    assert [b.path for b in listed] == [made[3], made[2], made[0]]
    assert [b.self_contained for b in listed] == [False, False, True]
    assert made[0].name.endswith(".sqlite.zst") and made[2].name.endswith(".sqlite.chunks")
    for backup in listed:
        verify_backup(backup.path)
        assert backup.size > 0


def test_a_damaged_database_is_moved_aside_and_the_newest_backup_offered(db_path: Path) -> None:
    _database_with_rows(db_path, 120)
    db = Database.open(db_path)
    good = db.backup("stuendlich")
    db.dispose()
    assert good is not None
    _damage(db_path)

    with pytest.raises(DamagedDatabaseError) as damaged:
        Database.open(db_path)
    message = damaged.value.message
    assert "ist beschädigt" in message
    assert good.name in message
    assert damaged.value.newest_backup == str(good)
    aside = list(db_path.parent.glob("kod-beschaedigt-*.sqlite"))
    assert len(aside) == 1 and not db_path.exists()
    # Opening again does not quietly start an empty database next to the backups.
    with pytest.raises(DamagedDatabaseError):
        Database.open(db_path)
    assert not db_path.exists()

    report = backup_service.restore(str(db_path))
    assert good.name in report
    assert _rows(db_path) == 120


def test_a_file_that_is_no_database_is_refused_untouched(tmp_path: Path) -> None:
    notes = tmp_path / "notizen.txt"
    notes.write_text("Einkaufsliste: Milch, Brot\n" * 200, encoding="utf-8")
    with pytest.raises(DatabaseError) as refused:
        Database.open(notes)
    assert "keine SQLite-Datenbank" in refused.value.message
    assert notes.read_text(encoding="utf-8").startswith("Einkaufsliste")


def test_restore_keeps_the_current_state_as_a_backup(db_path: Path) -> None:
    _database_with_rows(db_path, 10)
    db = Database.open(db_path)
    before = db.backup("manuell")
    with db.write("test") as session:
        settings.put(session, "row-150", {"late": True})
    db.dispose()
    assert before is not None
    backup_service.restore(str(db_path), before.name)
    assert _rows(db_path) == 10  # row-150 came after the backup
    aside = [b for b in list_backups(db_path) if b.name.reason == "vor-wiederherstellung"]
    assert len(aside) == 1
    # The copy kept aside is itself a good backup: restoring it brings row-150 back.
    backup_service.restore(str(db_path), str(aside[0].path))
    assert _rows(db_path) == 11


def test_cloud_and_network_folders_are_refused(tmp_path: Path) -> None:
    target = tmp_path / "OneDrive - Stadt Essen" / "kod.sqlite"
    with pytest.raises(DatabaseError) as refused:
        Database.open(target)
    assert "Cloud-Ordner (OneDrive - Stadt Essen)" in refused.value.message
    assert not target.exists()
    with pytest.raises(DatabaseError):
        open_database(str(target), exclusive=True)
    assert not target.parent.exists()  # not even a lock file was written there


HOLDER = r"""
import sys, time
from kod_desk.storage.instance_lock import InstanceLock
from pathlib import Path
lock = InstanceLock(Path(sys.argv[1])).acquire()
print("held", flush=True)
time.sleep(60)
"""


def test_a_second_instance_is_refused_and_a_stale_lock_taken_over(db_path: Path) -> None:
    _database_with_rows(db_path, 1)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(InstanceLockedError) as refused:
            open_database(str(db_path), exclusive=True)
        message = refused.value.message
        assert message.startswith("Die Datenbank ist bereits in KOD Desk geöffnet (Benutzer ")
        assert "Rechner " in message and "seit " in message
        assert message.endswith("Bitte dort weiterarbeiten.")
        # Reading commands still work while the app has it open.
        reader = open_database(str(db_path))
        reader.close()
        with pytest.raises(InstanceLockedError):
            backup_service.restore(str(db_path))
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        holder.stdout.close()
    # The holder crashed: its lock is simply taken over.
    opened = open_database(str(db_path), exclusive=True)
    assert opened.lock is not None and opened.lock.held
    opened.close()
    again = InstanceLock(db_path).acquire()
    again.release()


def test_a_backup_is_compressed_and_restores_whole(db_path: Path) -> None:
    """Issue 15: backups are zstd files, a fraction of the database, and restore as it was."""
    _database_with_rows(db_path, 30)
    db = Database.open(db_path)
    backup = db.backup("manuell")
    with db.write("test") as session:
        settings.put(session, "row-150", {"late": True})
    db.dispose()
    assert backup is not None and backup.name.endswith("-manuell.sqlite.zst")
    assert is_compressed(backup) and not has_sqlite_header(backup)
    assert backup.stat().st_size < db_path.stat().st_size / 3
    assert [b.path for b in list_backups(db_path)] == [backup]
    backup_service.restore(str(db_path), backup.name)
    assert _rows(db_path) == 30  # row-150 came after the backup


def _cut_off(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x5A
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_cut_off, _flip_a_byte], ids=["cut_off", "flipped_byte"])
def test_a_damaged_compressed_backup_is_refused_and_nothing_changes(
    db_path: Path, damage: Callable[[Path], None]
) -> None:
    _database_with_rows(db_path, 30)
    db = Database.open(db_path)
    backup = db.backup("manuell")
    with db.write("test") as session:
        settings.put(session, "row-150", {"late": True})
    db.dispose()
    assert backup is not None
    damage(backup)
    database_before = db_path.read_bytes()
    folder_before = sorted(p.name for p in backup.parent.iterdir())

    with pytest.raises(DatabaseError) as refused:
        backup_service.restore(str(db_path), backup.name)
    message = refused.value.message
    assert message.startswith("Wiederherstellen abgebrochen: Sicherung ")
    assert "ist beschädigt oder unvollständig" in message
    assert message.endswith("Die Datenbank ist unverändert.")
    assert db_path.read_bytes() == database_before  # not even kept aside
    assert sorted(p.name for p in backup.parent.iterdir()) == folder_before
    assert not list(db_path.parent.glob("*partial*"))
    assert _rows(db_path) == 31
    # Nor does "restore the newest good backup" take it.
    assert newest_good_backup(db_path) is None


def test_a_plain_backup_of_an_earlier_version_is_listed_and_restored(db_path: Path) -> None:
    _database_with_rows(db_path, 20)
    plain = backup_sqlite(db_path, db_path.parent / "backups", compress=False)
    db = Database.open(db_path)
    with db.write("test") as session:
        settings.put(session, "row-150", {"late": True})
    newer = db.backup("stuendlich")
    db.dispose()
    assert plain.name.endswith("-manuell.sqlite") and has_sqlite_header(plain)
    assert [b.path for b in list_backups(db_path)] == [newer, plain]
    verify_backup(plain)
    backup_service.restore(str(db_path), plain.name)
    assert _rows(db_path) == 20
    assert newest_good_backup(db_path) == newer  # the compressed one is newer and good
