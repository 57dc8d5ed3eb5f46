"""Working-time rules on a 4-week roster of 60 officers (≈1,700 assignments).

Baseline: the full check of the roster (``roster_rules.check``). Measured against it: the
re-check after one edit (one officer assigned to one more duty) through ``RosterChecker``.
Goal (issue 3, quality bar): the re-check at most 1/20 of the full check and under one frame
(16 ms) on this machine.
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from datetime import time as clock

from bench import common
from bench.common import median, report, sized
from kod_desk.domain import roster_rules
from kod_desk.domain.enums import AbsenceKind, ShiftKind
from kod_desk.domain.roster import AbsenceFact, AssignmentFact, DutyFact, OfficerFact, RosterFacts
from kod_desk.domain.timeutil import duty_bounds

OFFICERS = 60
WEEKS = 4
FIRST_DAY = date(2026, 10, 19)  # Monday; the roster crosses the autumn clock change (25.10.)
FULL_RUNS = 7
EDITS = 40
FRAME_MS = 16.0

# (code, label, start, end, duties of that shift per day as (kind, area, crew))
SHIFTS = (
    (
        "F",
        "Frühdienst",
        clock(6),
        clock(14),
        (
            (ShiftKind.PATROL, "Bahnhofsumfeld", 2),
            (ShiftKind.PATROL, "Innenstadt", 2),
            (ShiftKind.BIKE_PATROL, "Klosterinsel", 2),
            (ShiftKind.CONTACT_POINT, "Innenstadt", 2),
            (ShiftKind.INVESTIGATION, None, 3),
            (ShiftKind.OFFICE, None, 6),
        ),
    ),
    (
        "S",
        "Spätdienst",
        clock(14),
        clock(22),
        (
            (ShiftKind.JOINT_PATROL_POLICE, "Bahnhofsumfeld", 2),
            (ShiftKind.PATROL, "Innenstadt", 2),
            (ShiftKind.BIKE_PATROL, "Innenstadt", 2),
            (ShiftKind.CONTACT_POINT, "Innenstadt", 2),
            (ShiftKind.INVESTIGATION, None, 3),
            (ShiftKind.OFFICE, None, 6),
        ),
    ),
    (
        "N",
        "Nachtdienst",
        clock(22),
        clock(6),
        (
            (ShiftKind.PATROL, "Bahnhofsumfeld", 2),
            (ShiftKind.PATROL, "Innenstadt", 2),
            (ShiftKind.PATROL, "Klosterinsel", 2),
            (ShiftKind.OFFICE, None, 10),
        ),
    ),
)
# Times of the short second duty (briefing, training) that suit each shift.
BRIEFING = {
    "F": (clock(14, 30), clock(16)),
    "S": (clock(12), clock(13, 30)),
    "N": (clock(20), clock(21, 30)),
}


def synthetic_roster(seed: int = 7) -> RosterFacts:
    """60 officers in three rotating groups (Früh → Spät → Nacht), 6 duty days a week."""
    rng = random.Random(seed)
    officers = tuple(
        OfficerFact(
            id=f"o{n:02d}",
            service_number=f"D-{100 + n}",
            name=f"Dienstkraft{n:02d}, Vorname",
            weekly_hours=39.0 if n % 5 else 30.0,
            has_bike_training=n % 3 != 0,
        )
        for n in range(OFFICERS)
    )
    duties: list[DutyFact] = []
    assignments: list[AssignmentFact] = []
    for week in range(WEEKS):
        for offset in range(7):
            day = FIRST_DAY + timedelta(days=7 * week + offset)
            for group, (code, label, start, end, layout) in enumerate(SHIFTS):
                crew = [
                    officer
                    for n, officer in enumerate(officers)
                    if (n + week) % 3 == group and n % 7 != offset
                ]
                rng.shuffle(crew)
                starts_at, ends_at = duty_bounds(day, start, end)
                for slot, (kind, area, size) in enumerate(layout):
                    if kind is ShiftKind.BIKE_PATROL:  # trained officers first, as planned
                        crew.sort(key=lambda officer: not officer.has_bike_training)
                    members, crew = crew[:size], crew[size:]
                    duty_id = f"{day:%m%d}-{code}{slot}"
                    duties.append(
                        DutyFact(duty_id, day, kind, area, starts_at, ends_at, 30, 2, label)
                    )
                    assignments.extend(AssignmentFact(duty_id, m.id) for m in members)
                # Briefing on Wednesdays for the whole shift, training on Fridays for half of
                # it: a second, short duty on those days (the time suits the shift).
                extra = {2: ("B", "Besprechung", 1), 4: ("T", "Einsatztraining", 2)}.get(offset)
                if extra is not None:
                    suffix, extra_label, every = extra
                    extra_start, extra_end = duty_bounds(day, *BRIEFING[code])
                    duty_id = f"{day:%m%d}-{code}{suffix}"
                    duties.append(
                        DutyFact(
                            duty_id,
                            day,
                            ShiftKind.OFFICE,
                            None,
                            extra_start,
                            extra_end,
                            0,
                            1,
                            extra_label,
                        )
                    )
                    assignments.extend(
                        AssignmentFact(duty_id, o.id)
                        for n, o in enumerate(officers)
                        if (n + week) % 3 == group and n % 7 != offset and n % every == 0
                    )
    absences = (
        AbsenceFact(
            "o05",
            AbsenceKind.VACATION,
            FIRST_DAY + timedelta(days=8),
            FIRST_DAY + timedelta(days=12),
        ),
        AbsenceFact(
            "o17", AbsenceKind.SICK, FIRST_DAY + timedelta(days=3), FIRST_DAY + timedelta(days=4)
        ),
    )
    return RosterFacts(tuple(duties), tuple(assignments), officers, absences)


def _ms(seconds: float) -> float:
    return seconds * 1000


def main() -> int:
    facts = synthetic_roster()
    full_runs, edits = sized(FULL_RUNS, 2), sized(EDITS, 5)
    started = time.perf_counter()
    findings = roster_rules.check(facts)
    cold = _ms(time.perf_counter() - started)
    full_times = []
    for _ in range(full_runs):
        started = time.perf_counter()
        roster_rules.check(facts)
        full_times.append(_ms(time.perf_counter() - started))
    full = median(full_times)

    checker = roster_rules.RosterChecker(facts)
    rng = random.Random(11)
    edit_times = []
    for _ in range(edits):
        duty = rng.choice(facts.duties)
        crew = {a.officer_id for a in facts.assignments if a.shift_id == duty.id}
        officer = rng.choice([o for o in facts.officers if o.id not in crew])
        started = time.perf_counter()
        checker.assign(duty.id, officer.id)
        edit_times.append(_ms(time.perf_counter() - started))
        checker.unassign(duty.id, officer.id)
    recheck = median(edit_times)
    # The incremental result must be the full result (checked once, outside the timing).
    checker.assign(duty.id, officer.id)
    assert checker.findings == roster_rules.check(checker.facts), "incremental != full"

    print(
        f"# {len(facts.officers)} Dienstkräfte, {len(facts.duties)} Dienste, "
        f"{len(facts.assignments)} Einteilungen, {len(findings)} Befunde",
        flush=True,
    )
    full_ok = report(
        "roster_full_check",
        full,
        "ms",
        full,
        1.0,
        extra=f"(baseline) cold_first_run={cold:.1f}ms runs={full_runs}",
    )
    frame_ok = recheck < FRAME_MS or common.SMOKE
    recheck_ok = report(
        "roster_recheck_one_edit",
        recheck,
        "ms",
        full,
        0.05,
        extra=(
            f"frame<{FRAME_MS:.0f}ms={'ok' if frame_ok else 'MISS'} "
            f"max={max(edit_times):.1f}ms edits={edits}"
        ),
    )
    return int(not full_ok) + int(not recheck_ok) + int(not frame_ok)


if __name__ == "__main__":
    raise SystemExit(main())
