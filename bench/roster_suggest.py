"""The suggester (Vorschlag) on one empty week of a 60-officer roster.

The roster is the synthetic one of bench/roster_check.py (60 officers, three rotating
groups, 4 weeks from 19.10.2026 across the autumn clock change); the last week loses all its
assignments and gets three absences, the three weeks before stay as history (rest before
Monday, night and weekend fairness, the 4-week night average). No database: the suggester
works on plain facts.

Baseline: there is no earlier suggester to compare with, so the "baseline" is the goal of
issue 3 itself, 10 s for one week; ratio = time / 10 s, goal ratio 1.0. Solution quality is
reported alongside: filled/needed slots, the largest and mean deviation from the contract
hours, the solver status, and the error findings the plan adds (must be 0).
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date, timedelta

from bench import common
from bench.common import report
from bench.roster_check import FIRST_DAY, WEEKS, synthetic_roster
from kod_desk.domain import roster_suggest
from kod_desk.domain.enums import AbsenceKind
from kod_desk.domain.roster import AbsenceFact, RosterFacts

GOAL_SECONDS = 10.0
SMOKE_TIME_LIMIT = 2.0  # seconds for the solver under --smoke


def open_week() -> tuple[RosterFacts, date]:
    facts = synthetic_roster()
    monday = FIRST_DAY + timedelta(weeks=WEEKS - 1)
    sunday = monday + timedelta(days=6)
    week = {d.id for d in facts.duties if monday <= d.duty_date <= sunday}
    absences = (
        *facts.absences,
        AbsenceFact("o07", AbsenceKind.VACATION, monday, sunday),
        AbsenceFact("o22", AbsenceKind.VACATION, monday - timedelta(days=3), sunday),
        AbsenceFact("o41", AbsenceKind.SICK, monday, monday + timedelta(days=1)),
    )
    kept = tuple(a for a in facts.assignments if a.shift_id not in week)
    return replace(facts, assignments=kept, absences=absences), monday


def main() -> int:
    facts, monday = open_week()
    started = time.perf_counter()
    if common.SMOKE:
        suggestion = roster_suggest.suggest_week(facts, monday, time_limit=SMOKE_TIME_LIMIT)
    else:
        suggestion = roster_suggest.suggest_week(facts, monday)
    elapsed = time.perf_counter() - started
    stats = suggestion.stats
    added = roster_suggest.new_errors(facts, suggestion.proposals)
    # Distance of the plan from the proven lower bound: 0 % = proven optimal.
    gap = (stats.objective - stats.bound) / stats.objective * 100 if stats.objective else 0.0
    print(
        f"# {len(facts.officers)} Dienstkräfte, Woche ab {monday:%d.%m.%Y}: "
        f"{stats.needed_slots} offene Plätze, {len(suggestion.proposals)} Vorschläge, "
        f"{len(suggestion.unfilled)} Dienste nicht voll besetzt; Solver {stats.status} "
        f"in {stats.solve_seconds:.2f} s (Ziel {stats.objective:.0f}, Schranke "
        f"{stats.bound:.0f}); neue Fehler: {len(added)}",
        flush=True,
    )
    ok = report(
        "roster_suggest_week",
        elapsed * 1000,
        "ms",
        GOAL_SECONDS * 1000,
        1.0,
        extra=(
            f"filled={stats.filled_slots}/{stats.needed_slots} "
            f"max_dev_h={stats.max_deviation_hours:.1f} "
            f"mean_dev_h={stats.mean_deviation_hours:.1f} status={stats.status} "
            f"gap={gap:.1f}% new_errors={len(added)}"
        ),
    )
    return int(not ok) + int(bool(added))


if __name__ == "__main__":
    raise SystemExit(main())
