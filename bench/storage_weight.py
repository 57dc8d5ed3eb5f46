"""Storage weight of the demo database with 100,000 incidents (issue 15).

(a) bytes on disk per incident: the database file (and its -wal, if any) over the incidents.
    Baseline: 3,162 bytes, measured on the same demo at schema 0009 (the full-text index kept
    a copy of every text). Goal ≤ 1,500 bytes.
(b) the backup set as the app writes it, on a copy of the demo: the day's whole backup
    (``.sqlite.zst``), a first deduplicated one (all its parts), then one after an hour's
    incidents and one after a day's (entered through the incident service), and the bytes of
    the whole backup folder. From these it estimates the set the rotation keeps (24 hourly +
    7 daily) at 1,000,000 incidents; the assumptions are printed with it. Goal: that set
    ≤ 0.35 of what 31 whole compressed backups would take.
"""

from __future__ import annotations

import math
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.common import demo_database, report, size_label, sized

SIZE = 100_000
BEFORE_BYTES = 3_162  # schema 0009, the same demo
GOAL_BYTES = 1_500
SET_GOAL = 0.35
KEEP_HOURLY, KEEP_DAILY = 24, 7  # the rotation (domain/storage_rules.py)
AT_1M = 1_000_000
# Assumed work at 1M incidents: ten years of a busy station, ~275 incidents a day, ~25 in its
# busiest hour. The smoke run adds fewer.
HOUR_INCIDENTS = 25
DAY_INCIDENTS = 275


def _on_disk(path: Path) -> int:
    wal = Path(f"{path}-wal")
    return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def _incidents(path: Path) -> int:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM incident").fetchone()[0])
    finally:
        connection.close()


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _parts(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_size for p in (folder / "chunks").glob("*/*.zst")}


def _add_incidents(services: Any, count: int, serial: int) -> None:
    """``count`` incidents through the service, as the quick entry saves them."""
    from kod_desk.domain.enums import CatalogKind, IncidentSource
    from kod_desk.domain.incidents import IncidentDraft

    data = services.masterdata.load()
    categories = [c.id for c in data.catalog if c.kind is CatalogKind.INCIDENT_CATEGORY]
    for n in range(count):
        services.incidents.create(
            IncidentDraft(
                occurred_at=datetime.now(UTC) - timedelta(minutes=n),
                area_id=data.areas[n % len(data.areas)].id,
                category_id=categories[n % len(categories)],
                source=IncidentSource.PATROL,
                place=f"Marktstraße {serial + n}",
                description=f"Lärmbeschwerde, Nachbarschaft, Vorgang {serial + n}.",
            )
        )


def _changed_share(changed: int, total: int, incidents: int) -> float:
    """Parts a single incident touches, from ``changed`` of ``total`` after ``incidents``
    (random touches: changed = total × (1 − e^(−touches/total)))."""
    share = min(changed / total, 0.999)
    return -total * math.log(1 - share) / incidents


@dataclass
class _BackupSet:
    whole: int
    first: int
    parts_first: int
    hour: int
    parts_hour: int
    day: int
    parts_day: int
    folder: int
    seconds: list[float]


def _measure_backups(path: Path, hour: int, day: int) -> _BackupSet:
    """Backups of a copy of ``path`` as the app makes them, with incidents between them."""
    from kod_desk.services.registry import Services
    from kod_desk.storage.database import Database

    with tempfile.TemporaryDirectory(prefix="kod-bench-backup-") as folder:
        copy = Path(folder) / "kod.sqlite"
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        target = sqlite3.connect(copy)
        source.backup(target)
        target.close()
        source.close()
        db = Database.open(copy)
        services = Services.create(db, actor="bench")
        backups = copy.parent / "backups"
        seconds: list[float] = []

        def backup() -> Path:
            started = time.perf_counter()
            made = db.backup("stuendlich")
            seconds.append(time.perf_counter() - started)
            assert made is not None
            return made

        try:
            whole = backup()
            first = backup()
            parts_first = _parts(backups)
            _add_incidents(services, hour, 0)
            backup()
            parts_hour = _parts(backups)
            _add_incidents(services, day, hour)
            backup()
            parts_day = _parts(backups)
            assert whole.name.endswith(".zst") and first.name.endswith(".chunks")
            added_hour = {k: v for k, v in parts_hour.items() if k not in parts_first}
            added_day = {k: v for k, v in parts_day.items() if k not in parts_hour}
            return _BackupSet(
                whole=whole.stat().st_size,
                first=sum(parts_first.values()),
                parts_first=len(parts_first),
                hour=sum(added_hour.values()),
                parts_hour=len(added_hour),
                day=sum(added_day.values()),
                parts_day=len(added_day),
                folder=_folder_bytes(backups),
                seconds=seconds,
            )
        finally:
            services.close()


def main() -> int:
    size = sized(SIZE, 1_000)
    label = size_label(size)
    path = demo_database(size)
    incidents = _incidents(path)
    database = _on_disk(path)
    per_incident = database / incidents
    hour, day = sized(HOUR_INCIDENTS, 5), sized(DAY_INCIDENTS, 20)
    measured = _measure_backups(path, hour, day)
    scale = AT_1M / incidents
    part = measured.first / measured.parts_first  # one compressed part, on average
    parts_1m = measured.parts_first * scale
    # Parts an incident touches, from the hour's backup; at 1M the same touches spread over
    # ten times the parts (random keys), so an hour or a day changes a smaller share.
    touches = _changed_share(measured.parts_hour, measured.parts_first, hour)

    def changed_1m(new_incidents: int) -> float:
        return parts_1m * (1 - math.exp(-touches * new_incidents / parts_1m)) * part

    # At most two whole backups (the day's, and yesterday's until the rotation drops it).
    whole_1m = measured.whole * scale
    set_1m = (
        2 * whole_1m
        + measured.first * scale
        + (KEEP_HOURLY - 1) * changed_1m(HOUR_INCIDENTS)
        + KEEP_DAILY * changed_1m(DAY_INCIDENTS)
    )
    old_set_1m = (KEEP_HOURLY + KEEP_DAILY) * whole_1m
    print(
        f"# {incidents:,} Vorkommnisse, Datenbank {database / 1e6:.1f} MB; Sicherungen "
        f"(s: {', '.join(f'{t:.1f}' for t in measured.seconds)}): ganze "
        f"{measured.whole / 1e6:.1f} MB, erste in Teilen {measured.first / 1e6:.1f} MB "
        f"({measured.parts_first} Teile), nach {hour} Vorkommnissen "
        f"+{measured.hour / 1e6:.2f} MB ({measured.parts_hour} Teile), nach {day} weiteren "
        f"+{measured.day / 1e6:.2f} MB ({measured.parts_day} Teile); Ordner "
        f"{measured.folder / 1e6:.1f} MB",
        flush=True,
    )
    print(
        f"# bei 1 Mio.: 2 ganze Sicherungen + 1 in Teilen + {KEEP_HOURLY - 1} stündliche "
        f"({HOUR_INCIDENTS} Vorkommnisse je Stunde) + {KEEP_DAILY} tägliche "
        f"({DAY_INCIDENTS} je Tag); ein Vorkommnis ändert {touches:.1f} Teile "
        f"(gemessen), zufällig verteilt über {parts_1m:,.0f} Teile",
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
            f"storage_backup_set_at_1m_{label}",
            set_1m / 1e9,
            "GB",
            old_set_1m / 1e9,
            SET_GOAL,
            extra=(
                f"baseline={old_set_1m / 1e9:.1f}GB ({KEEP_HOURLY + KEEP_DAILY} whole backups) "
                f"set_of_{KEEP_HOURLY + KEEP_DAILY}_at_1m={set_1m / 1e9:.1f}GB "
                f"measured: folder={measured.folder / 1e6:.1f}MB "
                f"whole={measured.whole / 1e6:.1f}MB ({measured.whole / database:.2f} of db) "
                f"first_in_parts={measured.first / 1e6:.1f}MB "
                f"after_{hour}=+{measured.hour / 1e6:.2f}MB "
                f"after_{day}_more=+{measured.day / 1e6:.2f}MB"
            ),
        ),
    ]
    return sum(not ok for ok in results)


if __name__ == "__main__":
    raise SystemExit(main())
