"""Where a SQLite file may live, and which backups the rotation keeps (pure decisions)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import PurePosixPath, PureWindowsPath

from kod_desk.domain.storage_rules import (
    BackupName,
    backups_to_remove,
    cloud_folder,
    fs_type_of,
    location_refusal,
    newest_restorable,
    parse_backup_name,
    parse_mountinfo,
)

MOUNTINFO = """\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 22 0:35 / /home/anna/Amt rw,relatime shared:2 - cifs //srv/amt rw,vers=3.0
41 22 0:36 / /mnt/nfs rw shared:3 - nfs4 srv:/export rw
42 22 0:37 / /home/anna/fern\\040ordner rw - fuse.sshfs anna@host: rw
43 22 0:38 / /home/anna/lokal rw - tmpfs tmpfs rw
"""


def test_network_mounts_are_refused_and_local_ones_allowed() -> None:
    mounts = parse_mountinfo(MOUNTINFO)
    assert fs_type_of("/home/anna/Amt/kod.sqlite", mounts) == "cifs"
    assert fs_type_of("/home/anna/Amtliches/kod.sqlite", mounts) == "ext4"
    assert fs_type_of("/home/anna/fern ordner/kod.sqlite", mounts) == "fuse.sshfs"
    for path in ("/home/anna/Amt/kod.sqlite", "/mnt/nfs/x/kod.sqlite", "/home/anna/fern ordner/k"):
        refusal = location_refusal(path, fs_type=fs_type_of(path, mounts))
        assert refusal is not None and "Netzlaufwerk" in refusal
    for path in ("/home/anna/kod.sqlite", "/home/anna/lokal/kod.sqlite"):
        assert location_refusal(path, fs_type=fs_type_of(path, mounts)) is None


def test_windows_network_paths_and_drives() -> None:
    assert "Netzlaufwerk" in str(location_refusal(r"\\server\kod\kod.sqlite"))
    assert "Netzlaufwerk" in str(location_refusal(r"Z:\kod\kod.sqlite", remote_drive=True))
    assert location_refusal(r"C:\Users\anna\AppData\Local\Stadt\KOD Desk\kod.sqlite") is None


def test_cloud_sync_folders_are_recognised() -> None:
    assert cloud_folder(PureWindowsPath(r"C:\Users\anna\OneDrive - Stadt Essen\kod.sqlite"))
    assert cloud_folder(PurePosixPath("/home/anna/Dropbox (Stadt)/kod.sqlite"))
    assert cloud_folder(PurePosixPath("/home/anna/Nextcloud/KOD/kod.sqlite")) == "Nextcloud"
    assert cloud_folder(PurePosixPath("/Users/anna/Library/Mobile Documents/x/kod.sqlite"))
    assert cloud_folder(PurePosixPath("/home/anna/Documents/kod.sqlite")) is None
    refusal = location_refusal("/home/anna/Google Drive/kod.sqlite")
    assert refusal is not None and "Cloud-Ordner (Google Drive)" in refusal
    assert "PostgreSQL" in refusal


def test_backup_names_round_trip() -> None:
    name = BackupName("kod_desk", datetime(2025, 3, 4, 5, 6, 7, 890), "vor-update-0004")
    assert parse_backup_name(name.file_name()) == name
    assert parse_backup_name("kod_desk-beschaedigt-20250304-050607.sqlite") is None
    assert parse_backup_name("notes.txt") is None


def test_rotation_keeps_24_hours_7_days_and_reasoned_backups_30_days() -> None:
    now = datetime(2025, 6, 30, 12, 0)
    hourly = [BackupName("kod", now - timedelta(minutes=20 * i), "stuendlich") for i in range(300)]
    reasoned = [
        BackupName("kod", now - timedelta(days=10), "vor-import"),
        BackupName("kod", now - timedelta(days=31), "vor-loeschung"),
        BackupName("kod", now - timedelta(days=29), "manuell"),
    ]
    removed = set(backups_to_remove([*hourly, *reasoned], now))
    kept = [b for b in [*hourly, *reasoned] if b not in removed]
    kept_auto = [b for b in kept if b.reason == "stuendlich"]
    hours = {b.taken_at.replace(minute=0, second=0, microsecond=0) for b in kept_auto}
    days = {b.taken_at.date() for b in kept_auto}
    print(f"\nbackups=303 kept={len(kept)} removed={len(removed)} days={len(days)}")  # noqa: T201
    assert len(hours) == len(kept_auto)  # one per hour, never two
    assert len(days) == 5  # 300 × 20 min spans 4.2 days
    assert all(now - b.taken_at <= timedelta(days=5) for b in kept_auto)
    assert hourly[0] in kept  # the newest
    assert reasoned[0] in kept and reasoned[2] in kept
    assert reasoned[1] in removed  # older than 30 days
    # Over two weeks of daily starts only the last 7 days remain; the newest always.
    daily = [BackupName("kod", now - timedelta(days=d), "start") for d in range(14)]
    assert len(daily) - len(backups_to_remove(daily, now)) == 7
    old = [BackupName("kod", now - timedelta(days=90), "vor-import")]
    assert backups_to_remove(old, now) == []


def test_restore_never_picks_the_copy_kept_aside_by_default() -> None:
    now = datetime(2025, 6, 30, 12, 0)
    aside = BackupName("kod", now, "vor-wiederherstellung")
    hourly = BackupName("kod", now - timedelta(hours=1), "stuendlich")
    assert newest_restorable([aside, hourly]) == [hourly]


def test_the_backup_before_a_purge_is_kept_7_days_only_even_as_the_newest() -> None:
    now = datetime(2025, 6, 30, 12, 0)
    recent = BackupName("kod", now - timedelta(days=6), "vor-loeschung")
    expired = BackupName("kod", now - timedelta(days=8), "vor-loeschung")
    manual = BackupName("kod", now - timedelta(days=8), "manuell")
    assert backups_to_remove([recent, expired, manual], now) == [expired]
    # Alone and the newest: still removed (the database itself is the newest state).
    assert backups_to_remove([expired], now) == [expired]
