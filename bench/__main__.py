"""Run every benchmark: ``python -m bench [--smoke] [name ...]``.

Each prints ``BENCH <name> <value> <unit> ratio=<value/baseline> goal=<goal> ok|MISS``.
``--smoke`` runs them at a tiny size (lines marked "smoke"): a missed goal does not fail
there, only an error does — CI runs it so that no benchmark rots unnoticed.
"""

from __future__ import annotations

import sys
import time

from bench import (
    common,
    incident_list,
    reports,
    roster_check,
    roster_suggest,
    startup,
    storage_weight,
    sync,
)

BENCHMARKS = {
    "startup": startup.main,
    "roster_check": roster_check.main,
    "roster_suggest": roster_suggest.main,
    "incident_list": incident_list.main,
    "reports": reports.main,
    "sync": sync.main,
    "storage_weight": storage_weight.main,
}


def main(argv: list[str]) -> int:
    smoke = "--smoke" in argv
    names = [a for a in argv if a != "--smoke"] or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unbekannte Benchmarks: {', '.join(unknown)}; vorhanden: {', '.join(BENCHMARKS)}")
        return 2
    common.SMOKE = smoke
    missed = 0
    for name in names:
        started = time.perf_counter()
        missed += BENCHMARKS[name]()
        if smoke:
            print(f"# {name}: {time.perf_counter() - started:.1f} s (smoke)", flush=True)
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
