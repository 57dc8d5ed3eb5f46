"""Run every benchmark: ``python -m bench [name ...]``.

Each prints ``BENCH <name> <value> <unit> ratio=<value/baseline> goal=<goal> ok|MISS``.
"""

from __future__ import annotations

import sys

from bench import incident_list, reports, roster_check, roster_suggest, startup, sync

BENCHMARKS = {
    "startup": startup.main,
    "roster_check": roster_check.main,
    "roster_suggest": roster_suggest.main,
    "incident_list": incident_list.main,
    "reports": reports.main,
    "sync": sync.main,
}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unbekannte Benchmarks: {', '.join(unknown)}; vorhanden: {', '.join(BENCHMARKS)}")
        return 2
    missed = 0
    for name in names:
        missed += BENCHMARKS[name]()
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
