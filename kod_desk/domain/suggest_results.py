"""What a roster suggestion returns, and the check of its proposals against the rules.

The value types of :func:`kod_desk.domain.roster_suggest.suggest_week` (proposals, unfilled
slots with their reason, each officer's load, the solver's figures) and the verification:
:func:`verify` drops proposals that would cause a new error finding of
:func:`kod_desk.domain.roster_rules.check`, :func:`new_errors` lists such findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from kod_desk.domain.roster import AssignmentFact, Finding, RosterFacts
from kod_desk.domain.roster_rules import ERROR, check
from kod_desk.domain.rule_settings import DEFAULT_SETTINGS, RuleSettings

# ---------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class ProposedAssignment:
    shift_id: str
    officer_id: str
    is_lead: bool = False


@dataclass(frozen=True, slots=True)
class UnfilledSlot:
    shift_id: str
    missing: int
    reason: str  # German, for the supervisor


@dataclass(frozen=True, slots=True)
class OfficerLoad:
    """One eligible officer's week with the suggestion applied."""

    officer_id: str
    service_number: str
    name: str
    target_hours: float  # contract hours of the week without absence days and holidays
    planned_hours: float  # existing plus proposed duties of the week
    proposed: int
    nights: int
    weekend_duties: int

    @property
    def deviation_hours(self) -> float:
        return self.planned_hours - self.target_hours


@dataclass(frozen=True, slots=True)
class SuggestStats:
    needed_slots: int
    filled_slots: int
    max_deviation_hours: float  # |planned − contract| over the eligible officers
    mean_deviation_hours: float
    solve_seconds: float  # model, start plan and CP-SAT
    total_seconds: float  # model building, solving and verification
    # OPTIMAL (proven), FEASIBLE (best at the time limit), START_PLAN (the greedy or first
    # solve's plan: the balancing solve found nothing in time), NO_SLOTS (nothing to fill)
    status: str
    objective: float = 0.0  # W_UNFILLED per unfilled slot plus the balance cost
    bound: float = 0.0  # the best proven lower bound of the objective
    dropped: int = 0  # proposals the verification removed; 0 unless the model misses a rule


@dataclass(frozen=True, slots=True)
class Suggestion:
    monday: date
    proposals: tuple[ProposedAssignment, ...]
    unfilled: tuple[UnfilledSlot, ...]
    stats: SuggestStats
    loads: tuple[OfficerLoad, ...] = field(default=())


# ---------------------------------------------------------------- verification


ErrorKey = tuple[str, str | None, tuple[str, ...]]


def _error_keys(findings: Iterable[Finding]) -> set[ErrorKey]:
    return {(f.rule, f.officer, f.shifts) for f in findings if f.severity == ERROR}


def with_proposals(facts: RosterFacts, proposals: Iterable[ProposedAssignment]) -> RosterFacts:
    """The facts with the proposals added as planned assignments."""
    added = tuple(AssignmentFact(p.shift_id, p.officer_id, p.is_lead) for p in proposals)
    return replace(facts, assignments=(*facts.assignments, *added))


def new_errors(
    facts: RosterFacts,
    proposals: Sequence[ProposedAssignment],
    settings: RuleSettings = DEFAULT_SETTINGS,
    *,
    before: set[ErrorKey] | None = None,
) -> list[Finding]:
    """Error findings the proposals add (same rule, officer and duties as before: not new).

    ``before``: the error keys of the facts alone, when the caller has them already.
    """
    if before is None:
        before = _error_keys(check(facts, settings))
    return [
        f
        for f in check(with_proposals(facts, proposals), settings)
        if f.severity == ERROR and (f.rule, f.officer, f.shifts) not in before
    ]


def verify(
    facts: RosterFacts,
    proposals: Sequence[ProposedAssignment],
    settings: RuleSettings = DEFAULT_SETTINGS,
) -> tuple[list[ProposedAssignment], list[tuple[ProposedAssignment, Finding]]]:
    """Drop proposals that cause a new error finding; returns (kept, dropped with the finding)."""
    if not proposals:
        return [], []
    numbers = {o.id: o.service_number for o in facts.officers}
    before = _error_keys(check(facts, settings))
    kept = list(proposals)
    dropped: list[tuple[ProposedAssignment, Finding]] = []
    while kept:
        culprits: dict[ProposedAssignment, Finding] = {}
        for finding in new_errors(facts, kept, settings, before=before):
            for proposal in kept:
                number = numbers.get(proposal.officer_id, proposal.officer_id)
                if proposal.shift_id in finding.shifts and number == finding.officer:
                    culprits.setdefault(proposal, finding)
        if not culprits:
            break  # adding assignments cannot cause an error none of them is part of
        kept = [p for p in kept if p not in culprits]
        dropped.extend(culprits.items())
    return kept, dropped
