"""Backups, rotation, a damaged database, network/cloud folders and the second instance."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kod_desk.domain.errors import DatabaseError
from kod_desk.domain.storage_rules import DamagedDatabaseError, InstanceLockedError
from kod_desk.services import backups as backup_service
from kod_desk.services.startup import open_database
from kod_desk.storage import chunk_store
from kod_desk.storage.backup import (
    backup_sqlite,
    has_sqlite_header,
    list_backups,
    newest_good_backup,
    verify_backup,
)
from kod_desk.storage.compression import is_compressed
from kod_desk.storage.database import Database
from kod_desk.storage.instance_lock import InstanceLock, try_lock, unlock
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


# ------------------------------------------------ deduplicated backups (issue 15)


def _grow(path: Path, rows: int, start: int = 0) -> None:
    """Rows of incompressible text in a table of their own (a database of many parts)."""
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("CREATE TABLE IF NOT EXISTS filler (id INTEGER PRIMARY KEY, t TEXT)")
        connection.executemany(
            "INSERT INTO filler VALUES (?, ?)",
            ((start + n, os.urandom(300).hex()) for n in range(rows)),
        )
    connection.close()


def _dump(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def _parts(folder: Path) -> dict[str, int]:
    """The parts in the store: name → bytes on the disk."""
    return {p.name: p.stat().st_size for p in (folder / "chunks").glob("*/*.zst")}


def _three_backups(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, last: str = "stuendlich"
) -> list[Path]:
    """A whole backup, a first deduplicated one, and one (``last``) after a single new row."""
    monkeypatch.setattr(chunk_store, "CHUNK_BYTES", 8192)  # two pages: many parts, cheap
    Database.open(db_path).dispose()
    _grow(db_path, 500)
    db = Database.open(db_path)
    try:
        made = [db.backup("stuendlich"), db.backup("stuendlich")]
        _grow(db_path, 1, start=10_000)
        made.append(db.backup(last))
    finally:
        db.dispose()
    return made


def test_an_hourly_backup_adds_only_the_parts_that_changed_and_restores_identical(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chunk_store, "CHUNK_BYTES", 8192)
    Database.open(db_path).dispose()
    _grow(db_path, 500)
    db = Database.open(db_path)
    try:
        whole = db.backup("stuendlich")
        first = db.backup("stuendlich")
        folder = first.parent if first else db_path
        parts_first = _parts(folder)
        _grow(db_path, 1, start=10_000)
        at_backup = _dump(db_path)
        second = db.backup("manuell")
    finally:
        db.dispose()
    assert whole is not None and whole.name.endswith(".sqlite.zst")  # the day's whole one
    assert first is not None and first.name.endswith(".sqlite.chunks")
    assert second is not None and second.name.endswith(".sqlite.chunks")
    manifest = chunk_store.read_manifest(second, second.name)
    assert manifest.page_size == 4096 and manifest.chunk_bytes == 8192
    assert len(manifest.chunks) > 40
    added = {name: size for name, size in _parts(folder).items() if name not in parts_first}
    print(  # noqa: T201
        f"\nfirst={sum(parts_first.values())} B in {len(parts_first)} parts, "
        f"second adds {sum(added.values())} B in {len(added)} parts"
    )
    # One new row touches the header page and the table's last page: a few parts, not all.
    assert 1 <= len(added) <= 4
    assert sum(added.values()) < sum(parts_first.values()) / 10
    # The listing shows what each would take alone, not the few bytes of its part list.
    sizes = {b.path: b.size for b in list_backups(db_path)}
    assert sizes[second] == manifest.stored > second.stat().st_size * 10

    _grow(db_path, 5, start=20_000)  # after the backup: gone again by the restore
    backup_service.restore(str(db_path), second.name)
    assert _dump(db_path) == at_backup


def test_a_missing_or_damaged_part_is_found_and_the_older_backup_used(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    whole, first, second = _three_backups(db_path, monkeypatch, last="manuell")
    folder = second.parent
    own = set(chunk_store.read_manifest(second, "").chunks) - set(
        chunk_store.read_manifest(first, "").chunks
    )
    part = chunk_store.chunk_path(folder, sorted(own)[0])
    packed = part.read_bytes()
    database_before = db_path.read_bytes()

    part.unlink()
    with pytest.raises(DatabaseError) as refused:
        backup_service.restore(str(db_path), second.name)
    message = refused.value.message
    assert message.startswith(f"Wiederherstellen abgebrochen: Sicherung {second.name} ist ")
    assert "fehlt in" in message and "bitte den ganzen Sicherungsordner kopieren" in message
    assert message.endswith("Die Datenbank ist unverändert.")
    assert db_path.read_bytes() == database_before
    assert newest_good_backup(db_path) == first  # the older good one

    part.write_bytes(packed[:-9] + bytes(9))  # damaged, not missing
    with pytest.raises(DatabaseError, match=r"Teil \d+ von \d+ \(.*\) ist beschädigt"):
        verify_backup(second)
    assert newest_good_backup(db_path) == first

    # A part list of a newer KOD Desk is refused with what to do, not read as damaged.
    newer = second.with_name(second.name.replace("-manuell.", "-vor-import."))
    newer.write_bytes(second.read_bytes().replace(b'"version": 1', b'"version": 2'))
    with pytest.raises(DatabaseError, match=r"neueren KOD-Desk-Version .* aktualisieren"):
        verify_backup(newer)

    # Taken off the machine without its parts: the message says what is missing.
    alone = tmp_path / "usb" / second.name
    alone.parent.mkdir()
    alone.write_bytes(second.read_bytes())
    with pytest.raises(DatabaseError, match=r"fehlt in .*usb/chunks"):
        backup_service.restore(str(db_path), str(alone))
    # The whole backup of the day needs nothing beside it.
    (tmp_path / "usb" / whole.name).write_bytes(whole.read_bytes())
    backup_service.restore(str(db_path), str(tmp_path / "usb" / whole.name))
    assert _filler_rows(db_path) == 500  # the new row came after it


def _filler_rows(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("SELECT count(*) FROM filler").fetchone()[0])
    finally:
        connection.close()


def test_rotation_deletes_the_parts_no_remaining_backup_names(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole, first, second = _three_backups(db_path, monkeypatch)
    # The rotation kept the newest of the hour and the day's whole backup; the first
    # deduplicated one went, and with it the parts only it named.
    assert [b.path for b in list_backups(db_path)] == [second, whole]
    assert not first.exists()
    named = set(chunk_store.read_manifest(second, "").chunks)
    assert {name.removesuffix(".zst") for name in _parts(second.parent)} == named
    verify_backup(second)

    # A part a failed backup left behind (no part list names it) goes at the next collection;
    # so does a half-written one of a backup that died.
    stray = chunk_store.chunk_path(second.parent, "ab" * 32)
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"x")
    half = stray.with_name(stray.name + ".123-4.partial")
    half.write_bytes(b"x")
    assert set(chunk_store.collect_garbage(second.parent)) == {stray, half}
    verify_backup(second)


def test_a_backup_writing_its_parts_holds_the_folder_against_another_kod_desk(
    tmp_path: Path,
) -> None:
    """The garbage collection of a second KOD Desk (the CLI beside the app) cannot start while
    a backup is between writing its parts and its part list."""
    lock_file = tmp_path / "chunks" / ".lock"
    with chunk_store.folder_lock(tmp_path), lock_file.open("a+", encoding="utf-8") as other:
        assert not try_lock(other)
    with lock_file.open("a+", encoding="utf-8") as other:
        assert try_lock(other)
        unlock(other)
