"""Storage weight of the demo database with 100,000 incidents (issue 15).

(a) bytes on disk per incident: the database file (and its -wal, if any) over the incidents.
    Baseline: 3,162 bytes, measured on the same demo at schema 0009 (the full-text index kept
    a copy of every text). Goal ≤ 1,500 bytes.
(b) one backup as the app writes it (verified, zstd-compressed, read back): its size against
    the database. Goal ≤ 0.35 of the database. The line also gives the time it took and what
    a full set of backups (24 hourly + 7 daily) would hold at 1,000,000 incidents.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

from bench.common import demo_database, report, size_label, sized

SIZE = 100_000
BEFORE_BYTES = 3_162  # schema 0009, the same demo
GOAL_BYTES = 1_500
BACKUP_GOAL = 0.35
BACKUP_SET = 24 + 7  # hourly and daily backups the rotation keeps (domain/storage_rules.py)


def _on_disk(path: Path) -> int:
    wal = Path(f"{path}-wal")
    return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def _incidents(path: Path) -> int:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM incident").fetchone()[0])
    finally:
        connection.close()


def main() -> int:
    from kod_desk.storage.backup import backup_sqlite

    size = sized(SIZE, 1_000)
    label = size_label(size)
    path = demo_database(size)
    incidents = _incidents(path)
    database = _on_disk(path)
    per_incident = database / incidents
    with tempfile.TemporaryDirectory(prefix="kod-bench-backup-") as folder:
        started = time.perf_counter()
        backup = backup_sqlite(path, Path(folder), reason="manuell")
        seconds = time.perf_counter() - started
        backup_bytes = backup.stat().st_size
    set_1m = backup_bytes / incidents * 1_000_000 * BACKUP_SET / 1e9
    print(
        f"# {incidents:,} Vorkommnisse, Datenbank {database / 1e6:.1f} MB, "
        f"Sicherung ({backup.suffix}) {backup_bytes / 1e6:.1f} MB in {seconds:.1f} s",
        flush=True,
    )
    results = [
        report(
            f"storage_bytes_per_incident_{label}",
            per_incident,
            "B",
            BEFORE_BYTES,
            float("inf"),
            extra=f"baseline={BEFORE_BYTES}B (schema 0009) goal_abs={GOAL_BYTES}B",
            limit=GOAL_BYTES,
        ),
        report(
            f"storage_backup_{label}",
            backup_bytes / 1e6,
            "MB",
            database / 1e6,
            BACKUP_GOAL,
            extra=(
                f"baseline={database / 1e6:.1f}MB (database) time={seconds:.1f}s "
                f"set_of_{BACKUP_SET}_at_1m={set_1m:.1f}GB"
            ),
        ),
    ]
    return sum(not ok for ok in results)


if __name__ == "__main__":
    raise SystemExit(main())
