"""Sync packages at scale (issue 8): export and import of a demo station with 100,000 incidents
and their notes, against the plainest way to move the same rows.

- export: ``SyncService.export`` (everything) against a plain JSON-lines dump of the same tables
  with sqlite3 (``SELECT *`` → ``json.dumps`` per row → one file). Goal ≤ 1.5×.
- import: ``SyncService.import_package`` into a new station against sqlite3 ``executemany`` of
  the same rows into an empty copy of the schema (rows already in memory). Goal ≤ 1.5×.
- memory: each side runs in a child process at 10,000 and at 100,000 incidents; its peak RSS
  while it runs must not grow with the package (streamed, never loaded whole).
- encryption (issue 13): the same export and import with the envelope replaced by a plain
  pass-through (same files, same zip, no cipher). Goal ≤ 1.15× time, no more peak memory.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import OUT, demo_database, report, size_label, sized

SMALL, LARGE = 10_000, 100_000


def _tables(db: Path) -> list[str]:
    from kod_desk.storage.repos import sync as repo

    return [t.name for t in repo.synced_tables()]


def plain_dump(db: Path, target: Path) -> float:
    start = time.perf_counter()
    connection = sqlite3.connect(db)
    with target.open("w", encoding="utf-8") as out:
        for table in _tables(db):
            cursor = connection.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cursor.description]
            for row in cursor:
                record = {
                    n: (v.hex() if isinstance(v, bytes) else v)
                    for n, v in zip(names, row, strict=True)
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    connection.close()
    return time.perf_counter() - start


def plain_executemany(db: Path, work: Path) -> float:
    """The same rows into an empty copy of the schema with executemany (rows in memory)."""
    source = sqlite3.connect(db)
    # The same schema as ours: tables, the full-text table and its triggers, indexes (the
    # full-text table's shadow tables are made by the virtual table itself).
    shadow = tuple(
        f"incident_fts_{part}" for part in ("data", "idx", "content", "docsize", "config")
    )
    objects = source.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
        "AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    order = {"table": 0, "index": 1, "trigger": 2}
    schema = [
        sql
        for kind, name, sql in sorted(objects, key=lambda o: order.get(o[0], 3))
        if name not in shadow and kind in order
    ]
    data = {}
    for table in _tables(db):
        cursor = source.execute(f"SELECT * FROM {table}")
        data[table] = ([d[0] for d in cursor.description], cursor.fetchall())
    source.close()
    target_path = work / "plain.sqlite"
    target_path.unlink(missing_ok=True)
    target = sqlite3.connect(target_path)
    for sql in schema:
        target.execute(sql)
    target.execute("PRAGMA journal_mode=WAL")
    target.execute("PRAGMA synchronous=FULL")
    target.commit()
    start = time.perf_counter()
    with target:
        for table, (names, rows) in data.items():
            marks = ", ".join("?" for _ in names)
            target.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", rows)
    elapsed = time.perf_counter() - start
    target.close()
    return elapsed


# The envelope swapped for a pass-through: the baseline of the encryption's cost.
_PLAIN = """
import io
import kod_desk.services.sync.package as sp
import kod_desk.services.sync.reader as sr
class PlainWriter(io.RawIOBase):
    def __init__(self, target, recipients):
        super().__init__(); self._t = target; self._p = 0; target.write(b"KODSYNC2\\n")
    def writable(self): return True
    def write(self, data):
        n = len(data); self._t.write(data); self._p += n; return n
    def tell(self): return self._p
    def seekable(self): return False
    def seek(self, *args): raise io.UnsupportedOperation("plain")
class PlainReader(io.RawIOBase):
    def __init__(self, file, key, size):
        super().__init__(); self._f = file; self.size = size - 9; self._pos = 0
    def readable(self): return True
    def seekable(self): return True
    def tell(self): return self._pos
    def seek(self, offset, whence=0):
        self._pos = {0: 0, 1: self._pos, 2: self.size}[whence] + offset; return self._pos
    def readinto(self, buffer):
        self._f.seek(9 + self._pos); n = self._f.readinto(buffer); self._pos += n; return n
sp.EnvelopeWriter, sr.EnvelopeReader = PlainWriter, PlainReader
"""


def _child(
    mode: str, db: Path, package: Path, *, sample: bool, plain: bool = False, peer: str = ""
) -> tuple[float, float]:
    """Run export or import in a fresh process: (seconds, peak RSS in MB while it ran,
    sampled every 20 ms — opening the database is not part of it). The timing runs go
    without the sampling thread, which would compete with the work for the interpreter."""
    code = f"""
import os, threading, time
from pathlib import Path
from kod_desk.services.startup import open_database
{_PLAIN if plain else ""}
mode, db, package = {mode!r}, Path({str(db)!r}), Path({str(package)!r})
services = open_database(str(db)).services
page = os.sysconf("SC_PAGE_SIZE")
peak = [0]
running = [True]
def sample():
    while running[0]:
        with open("/proc/self/statm") as statm:
            peak[0] = max(peak[0], int(statm.read().split()[1]) * page)
        time.sleep(0.02)
sampler = threading.Thread(target=sample, daemon=True)
if {sample!r}:
    sampler.start()
start = time.perf_counter()
if mode == "export":
    services.sync.export(package, {peer!r}, everything=True)
else:
    result = services.sync.import_package(package)
    assert result.value.applied, "nicht eingespielt"
elapsed = time.perf_counter() - start
running[0] = False
if {sample!r}:
    sampler.join()
print(elapsed, peak[0] / 1e6)
"""
    done = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.split()
    return float(done[-2]), float(done[-1])


def _trusted_pair(source: Path, work: Path, name: str) -> tuple[Path, str]:
    """A new station that trusts ``source`` (and is trusted by it), and its id."""
    from kod_desk.services.startup import open_database

    target = work / f"{name}.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.rmtree(work / "backups", ignore_errors=True)
    a = open_database(str(source)).services
    b = open_database(str(target)).services
    try:
        b.sync.trust(a.sync.export_key())
        a.sync.trust(b.sync.export_key())
        target_id = b.db.station_id
        b.sync.set_office(a.db.station_id)  # the demo's roles and passwords (issue 13)
    finally:
        a.close()
        b.close()
    return target, target_id


def measure(incidents: int, work: Path, *, plain_too: bool = False) -> dict[str, float]:
    source = work / f"source_{incidents}.sqlite"
    shutil.copy(demo_database(incidents), source)
    package = work / f"p_{incidents}.kodsync"
    found: dict[str, float] = {}
    for plain in (False, True) if plain_too else (False,):
        tag = "plain_" if plain else ""
        target, peer = _trusted_pair(source, work, f"target_{incidents}")
        found[tag + "export_s"], _ = _child(
            "export", source, package, sample=False, plain=plain, peer=peer
        )
        found[tag + "import_s"], _ = _child("import", target, package, sample=False, plain=plain)
        if not plain:
            found["size_mb"] = package.stat().st_size / 1e6
        target, peer = _trusted_pair(source, work, f"memory_{incidents}")
        memory_package = work / f"m_{incidents}.kodsync"
        _, found[tag + "export_mb"] = _child(
            "export", source, memory_package, sample=True, plain=plain, peer=peer
        )
        _, found[tag + "import_mb"] = _child(
            "import", target, memory_package, sample=True, plain=plain
        )
    found["dump_s"] = plain_dump(source, work / f"dump_{incidents}.jsonl")
    found["executemany_s"] = plain_executemany(source, work)
    return found


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="bench_sync_", dir=OUT if OUT.exists() else None))
    try:
        small_size, large_size = sized(SMALL, 1_000), sized(LARGE, 3_000)
        small = measure(small_size, work)
        large = measure(large_size, work, plain_too=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"# {large_size:,} Vorkommnisse: Paket {large['size_mb']:.1f} MB; "
        f"Export {large['export_s']:.2f} s (JSON-Lines {large['dump_s']:.2f} s), "
        f"Import {large['import_s']:.2f} s (executemany {large['executemany_s']:.2f} s); "
        f"Spitzen-RSS Export {small['export_mb']:.0f} → {large['export_mb']:.0f} MB, "
        f"Import {small['import_mb']:.0f} → {large['import_mb']:.0f} MB "
        f"({size_label(small_size)} → {size_label(large_size)})",
        flush=True,
    )
    ok = report(
        f"sync_export_{size_label(large_size)}",
        large["export_s"] * 1000,
        "ms",
        large["dump_s"] * 1000,
        1.5,
        extra=f"baseline={large['dump_s'] * 1000:.0f}ms (plain JSON-lines dump)",
    )
    ok &= report(
        f"sync_import_{size_label(large_size)}",
        large["import_s"] * 1000,
        "ms",
        large["executemany_s"] * 1000,
        1.5,
        extra=f"baseline={large['executemany_s'] * 1000:.0f}ms (sqlite3 executemany)",
    )
    growth = max(large["export_mb"] / small["export_mb"], large["import_mb"] / small["import_mb"])
    ok &= report(
        "sync_peak_memory_growth",
        growth,
        "x",
        1.0,
        1.25,
        extra=f"export {small['export_mb']:.0f}→{large['export_mb']:.0f} MB, "
        f"import {small['import_mb']:.0f}→{large['import_mb']:.0f} MB for "
        f"{size_label(small_size)}→{size_label(large_size)}",
    )
    crypto = (large["export_s"] + large["import_s"]) / (
        large["plain_export_s"] + large["plain_import_s"]
    )
    ok &= report(
        f"sync_encryption_{size_label(large_size)}",
        (large["export_s"] + large["import_s"]) * 1000,
        "ms",
        (large["plain_export_s"] + large["plain_import_s"]) * 1000,
        1.15,
        extra=f"export {large['export_s']:.2f} s vs {large['plain_export_s']:.2f} s, "
        f"import {large['import_s']:.2f} s vs {large['plain_import_s']:.2f} s without "
        f"encryption (ratio {crypto:.3f})",
    )
    memory = max(
        large["export_mb"] / large["plain_export_mb"], large["import_mb"] / large["plain_import_mb"]
    )
    ok &= report(
        "sync_encryption_peak_memory",
        memory,
        "x",
        1.0,
        1.05,
        extra=f"export {large['plain_export_mb']:.0f}→{large['export_mb']:.0f} MB, "
        f"import {large['plain_import_mb']:.0f}→{large['import_mb']:.0f} MB "
        "(without → with encryption)",
    )
    return 0 if ok else 1
