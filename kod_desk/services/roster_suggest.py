"""Vorschlag use cases: suggest a week's open slots, accept chosen proposals, revoke them.

The model and the verification live in kod_desk/domain/roster_suggest.py (pure values); this
service reads the facts, the rule settings and the active officers, and writes accepted
proposals in one transaction with audit entries, so acceptance is one undo step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

from kod_desk.domain.bikes import bike_capacity
from kod_desk.domain.enums import ShiftKind
from kod_desk.domain.errors import ValidationError
from kod_desk.domain.roster import RosterFacts
from kod_desk.domain.roster_rules import RuleSettings
from kod_desk.domain.roster_suggest import (
    DEFAULT_TIME_LIMIT,
    ProposedAssignment,
    Suggestion,
    UnfilledSlot,
    duty_heading,
    new_errors,
    suggest_week,
)
from kod_desk.domain.timeutil import utcnow
from kod_desk.services.base import LEADERS, DbSession, Entity, Result, Service, ServiceContext
from kod_desk.services.roster import (
    HISTORY_DAYS,
    ROSTER_ACTION,
    RosterService,
    stored_rule_settings,
)
from kod_desk.storage.repos import bikes as bikes_repo
from kod_desk.storage.repos import masterdata as masterdata_repo
from kod_desk.storage.repos import roster as repo

_SHOWN_ERRORS = 5
_STALE = "Bitte einen neuen Vorschlag berechnen."


class RosterSuggestService(Service):
    def __init__(
        self,
        context: ServiceContext,
        clock: Callable[[], datetime] = utcnow,
        *,
        roster: RosterService,
        time_limit: float = DEFAULT_TIME_LIMIT,
    ) -> None:
        super().__init__(context)
        self._clock = clock
        self._roster = roster  # facts and rule settings
        self.time_limit = time_limit

    def suggest(self, monday: date) -> Suggestion:
        """Proposals for the open slots of the week of ``monday`` (nothing is written).

        Takes up to ``time_limit`` seconds (CP-SAT); call it off the GUI thread. Duties that
        have already begun are not filled.
        """
        monday -= timedelta(days=monday.weekday())
        facts = self._roster.facts(monday, monday + timedelta(days=6))
        with self._read() as session:
            active = {o.id for o in masterdata_repo.list_officers(session, include_inactive=False)}
        suggestion = suggest_week(
            facts,
            monday,
            self._roster.rule_settings(),
            eligible=active,
            not_before=self._clock(),
            time_limit=self.time_limit,
        )
        return self._within_bikes(suggestion, facts)

    def _within_bikes(self, suggestion: Suggestion, facts: RosterFacts) -> Suggestion:
        """Keep bike-patrol proposals to the bikes that are free then (DESIGN.md §6)."""
        wanted: dict[str, int] = {}
        for proposal in suggestion.proposals:
            wanted[proposal.shift_id] = wanted.get(proposal.shift_id, 0) + 1
        duties = {d.id: d for d in facts.duties}
        bike_duties = [
            duties[i] for i in wanted if i in duties and duties[i].kind is ShiftKind.BIKE_PATROL
        ]
        if not bike_duties:
            return suggestion
        crews: dict[str, int] = {}
        for assignment in facts.assignments:
            crews[assignment.shift_id] = crews.get(assignment.shift_id, 0) + 1
        with self._read() as session:
            bikes = bikes_repo.list_bikes(session, include_retired=False)
            checkouts = bikes_repo.active_checkouts(session)
        if not bikes:
            return suggestion  # no fleet kept in KOD Desk: nothing to plan bikes against
        allowed = bike_capacity(bike_duties, bikes, checkouts, crews, wanted)
        kept: list[ProposedAssignment] = []
        taken: dict[str, int] = {}
        for proposal in suggestion.proposals:
            limit = allowed.get(proposal.shift_id)
            if limit is not None and taken.get(proposal.shift_id, 0) >= limit:
                continue
            taken[proposal.shift_id] = taken.get(proposal.shift_id, 0) + 1
            kept.append(proposal)
        unfilled = list(suggestion.unfilled)
        for duty in bike_duties:
            missing = wanted[duty.id] - allowed.get(duty.id, 0)
            if missing > 0:
                unfilled.append(
                    UnfilledSlot(
                        duty.id,
                        missing,
                        f"{duty_heading(duty)}: nicht genug einsatzbereite Fahrräder frei "
                        f"({missing} Platz/Plätze ohne Fahrrad).",
                    )
                )
        if len(kept) == len(suggestion.proposals):
            return suggestion
        stats = replace(
            suggestion.stats,
            filled_slots=suggestion.stats.filled_slots - (len(suggestion.proposals) - len(kept)),
        )
        return replace(suggestion, proposals=tuple(kept), unfilled=tuple(unfilled), stats=stats)

    def accept(self, proposals: Sequence[ProposedAssignment]) -> Result[int]:
        """Write the chosen proposals in one transaction (one undo step: :meth:`revoke`).

        Refused as a whole when the roster changed since the suggestion so that a proposal
        no longer fits: its duty is gone, the officer is deactivated or already on the duty,
        or it would now cause a rule error.
        """
        chosen = list(dict.fromkeys(proposals))
        with self._op("roster.suggest_accept", roles=LEADERS, action=ROSTER_ACTION) as op:
            if not chosen:
                return op.result(0)
            session = op.session
            settings = stored_rule_settings(session)
            shifts = {p.shift_id: repo.get_shift(session, p.shift_id) for p in chosen}
            for proposal in chosen:
                shift = shifts[proposal.shift_id]
                officer = masterdata_repo.get_officer(session, proposal.officer_id)
                problem = None
                if not officer.active:
                    problem = f"{officer.display_name} ist deaktiviert"
                elif any(member.officer_id == officer.id for member in shift.crew):
                    problem = f"{officer.display_name} ist für den Dienst bereits eingeteilt"
                if problem:
                    raise ValidationError(f"{problem}. {_STALE}")
            self._refuse_new_errors(
                session, chosen, [s.duty_date for s in shifts.values()], settings
            )
            now = self._clock()
            for proposal in chosen:
                # Never take the lead from someone already leading the duty.
                crew = shifts[proposal.shift_id].crew
                lead = proposal.is_lead and not any(member.is_lead for member in crew)
                row_id, before, after = repo.set_assignment(
                    session, proposal.shift_id, proposal.officer_id, present=True, is_lead=lead,
                    now=now,
                )  # fmt: skip
                repo.mark_changed_if_published(session, proposal.shift_id)
                op.audit("suggest_accept", "assignment", row_id, before, after)
            op.touch(Entity.SHIFTS, ids=list(shifts))
            return op.result(len(chosen))

    def revoke(self, proposals: Sequence[ProposedAssignment]) -> Result[int]:
        """Undo of :meth:`accept`: take exactly these assignments off again, in one go."""
        with self._op("roster.suggest_revoke", roles=LEADERS, action=ROSTER_ACTION) as op:
            removed: list[str] = []  # the duties that lost an assignment
            now = self._clock()
            for proposal in dict.fromkeys(proposals):
                row_id, before, _ = repo.set_assignment(
                    op.session, proposal.shift_id, proposal.officer_id, present=False,
                    is_lead=False, now=now,
                )  # fmt: skip
                if row_id and before is not None:
                    removed.append(proposal.shift_id)
                    repo.mark_changed_if_published(op.session, proposal.shift_id)
                    op.audit("suggest_revoke", "assignment", row_id, before, None)
            if removed:
                op.touch(Entity.SHIFTS, ids=removed)
            return op.result(len(removed))

    # ------------------------------------------------------------ helpers

    @staticmethod
    def _refuse_new_errors(
        session: DbSession,
        proposals: list[ProposedAssignment],
        days: list[date],
        settings: RuleSettings,
    ) -> None:
        facts = repo.roster_facts(
            session, min(days) - timedelta(days=HISTORY_DAYS), max(days) + timedelta(days=1)
        )
        errors = new_errors(facts, proposals, settings)
        if errors:
            listed = "\n".join(f"• {f.message}" for f in errors[:_SHOWN_ERRORS])
            more = len(errors) - _SHOWN_ERRORS
            tail = f"\n… und {more} weitere" if more > 0 else ""
            raise ValidationError(
                "Der Dienstplan hat sich seit dem Vorschlag geändert; übernommen würde er "
                f"Regelverstöße verursachen:\n{listed}{tail}\n{_STALE}"
            )
