"""Helpers shared by the benchmarks."""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"

# ``python -m bench --smoke``: every benchmark at a tiny size, so none can rot. The BENCH lines
# still print (marked "smoke"), but a missed goal does not fail: at these sizes the ratios mean
# nothing; only an exception (or a failing child process) does. Set before a benchmark runs.
SMOKE = False


def sized(full: int, smoke: int) -> int:
    """``full`` normally, ``smoke`` under ``--smoke``."""
    return smoke if SMOKE else full


def size_label(count: int) -> str:
    """100000 → "100k", 1000000 → "1m", 300 → "300" (for the names of BENCH lines)."""
    if count >= 1_000_000 and count % 1_000_000 == 0:
        return f"{count // 1_000_000}m"
    if count >= 1_000 and count % 1_000 == 0:
        return f"{count // 1_000}k"
    return str(count)


def demo_database(incidents: int) -> Path:
    """A demo database with ``incidents`` incidents, made once and reused."""
    from kod_desk.storage.migrations import head_revision

    OUT.mkdir(exist_ok=True)
    # One file per schema: an older one would be backed up and upgraded inside the timing.
    path = OUT / f"demo_{incidents}_{head_revision()}.sqlite"
    if not path.exists():
        print(f"# lege Demodatenbank mit {incidents} Vorkommnissen an …", flush=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "kod_desk",
                "demo",
                "--db",
                str(path),
                "--incidents",
                str(incidents),
            ],
            check=True,
        )
    return path


def median(values: list[float]) -> float:
    return statistics.median(values)


def report(
    name: str,
    value: float,
    unit: str,
    baseline: float,
    goal: float,
    *,
    extra: str = "",
    limit: float | None = None,
) -> bool:
    """Print the BENCH line; True when the ratio meets the goal (and ``value`` ≤ ``limit``).

    Under ``--smoke`` the line is marked "smoke" and the result is always True.
    """
    ratio = value / baseline if baseline else float("inf")
    ok = ratio <= goal and (limit is None or value <= limit)
    tail = f" {extra}" if extra else ""
    print(
        f"BENCH {name} {value:.1f} {unit} ratio={ratio:.2f} goal={goal} "
        f"{'ok' if ok else 'MISS'}{' smoke' if SMOKE else ''}{tail}",
        flush=True,
    )
    return ok or SMOKE
