"""Roster use cases: duties, assignments, absences, and the rule findings (DESIGN.md §5).

Every edit is one write operation (Service._op) with an audit entry, and returns the changed rows
with a Changes record naming the duties; the roster page refreshes (and re-checks) from that.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from kod_desk.domain import roster as dr
from kod_desk.domain.errors import FieldProblem, ValidationError
from kod_desk.domain.roster_rules import OvertimeEntry, RuleSettings, check, overtime_record
from kod_desk.domain.timeutil import to_local, utcnow
from kod_desk.services.base import (
    LEADERS,
    DbSession,
    Entity,
    Op,
    Result,
    Service,
    ServiceContext,
)
from kod_desk.services.bikes import BikeService
from kod_desk.storage.repos import masterdata as masterdata_repo
from kod_desk.storage.repos import roster as repo
from kod_desk.storage.repos import settings as settings_repo

RULES_KEY = "roster_rules"
ROSTER_ACTION = "Den Dienstplan ändern"

# The rules look this far back for averages (6 months) and rest before the first duty.
HISTORY_DAYS = 183


def merge_findings(roster: list[dr.Finding], bikes: list[dr.Finding]) -> list[dr.Finding]:
    """Roster and bike findings in one list, errors first (each keeps its own order)."""
    return sorted([*roster, *bikes], key=lambda f: f.severity != "error")


@dataclass(frozen=True, slots=True)
class RosterPeriod:
    """What the roster page shows for a period."""

    first: date
    last: date
    shifts: tuple[dr.RosterShift, ...]
    absences: tuple[dr.Absence, ...]
    state: dr.WeekState
    changed: frozenset[str] = frozenset()  # duties changed since the week was published


def stored_rule_settings(session: DbSession) -> RuleSettings:
    """The thresholds of the rules: stored per database, ArbZG defaults otherwise."""
    stored = settings_repo.get(session, RULES_KEY)
    return RuleSettings() if stored is None else RuleSettings.from_dict(stored)


class RosterService(Service):
    def __init__(
        self,
        context: ServiceContext,
        bikes: BikeService,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        super().__init__(context)
        self._clock = clock
        # The bike findings beside the roster's (DESIGN.md §6), wired by registry.py.
        self._bikes = bikes

    def _edit(self, name: str) -> AbstractContextManager[Op]:
        """A roster write: supervisors and administrators only."""
        return self._op(name, roles=LEADERS, action=ROSTER_ACTION)

    # ------------------------------------------------------------ reading

    def period(self, first: date, last: date) -> RosterPeriod:
        with self._read() as session:
            monday = first - timedelta(days=first.weekday())
            return RosterPeriod(
                first,
                last,
                tuple(repo.shifts_between(session, first, last)),
                tuple(repo.absences_between(session, first, last)),
                repo.week_state(session, monday),
                frozenset(repo.changed_shift_ids(session, first, last)),
            )

    def shift(self, shift_id: str) -> dr.RosterShift:
        with self._read() as session:
            return repo.get_shift(session, shift_id)

    def facts(self, first: date, last: date, *, history_days: int = HISTORY_DAYS) -> dr.RosterFacts:
        """Facts for [first, last] plus the history the averages need, and a day after."""
        with self._read() as session:
            return repo.roster_facts(
                session, first - timedelta(days=history_days), last + timedelta(days=1)
            )

    def rule_settings(self) -> RuleSettings:
        """The thresholds of the rules: stored per database, ArbZG defaults otherwise."""
        with self._read() as session:
            return stored_rule_settings(session)

    def save_rule_settings(self, settings: RuleSettings) -> Result[RuleSettings]:
        problems = settings.problems()
        with self._edit("roster.rule_settings") as op:
            _refuse(problems)
            before = settings_repo.get(op.session, RULES_KEY)
            settings_repo.put(op.session, RULES_KEY, settings.to_dict())
            op.audit("update", "app_setting", RULES_KEY, before, settings.to_dict())
            op.touch(Entity.SETTINGS, Entity.SHIFTS)
            return op.result(settings)

    def findings(self, first: date, last: date, *, use_actual: bool = False) -> list[dr.Finding]:
        """Every rule finding (DESIGN.md §5) for duties in [first, last], with history,
        and the findings of their bike bookings (DESIGN.md §6)."""
        facts = self.facts(first, last)
        found = check(facts, self.rule_settings(), use_actual=use_actual, period=(first, last))
        return merge_findings(found, self._bikes.findings(first, last))

    def overtime(self, first: date, last: date) -> list[OvertimeEntry]:
        """Hours beyond 8 per day on actual times, for the §16 ArbZG record."""
        facts = self.facts(first, last)
        return overtime_record(facts, self.rule_settings(), use_actual=True, period=(first, last))

    # ------------------------------------------------------------ duties

    def create_shift(self, draft: dr.ShiftDraft) -> Result[dr.RosterShift]:
        problems = dr.validate_shift(draft)
        with self._edit("roster.create_shift") as op:
            _refuse(problems)
            shift_id, after = repo.insert_shift(op.session, draft)
            repo.mark_changed_if_published(op.session, shift_id)
            op.audit("create", "shift", shift_id, None, after)
            op.touch(Entity.SHIFTS, ids=[shift_id])
            return op.result(repo.get_shift(op.session, shift_id))

    def update_shift(self, shift_id: str, draft: dr.ShiftDraft) -> Result[dr.RosterShift]:
        problems = dr.validate_shift(draft)
        with self._edit("roster.update_shift") as op:
            _refuse(problems)
            before, after = repo.update_shift(op.session, shift_id, draft)
            repo.mark_changed_if_published(op.session, shift_id)
            op.audit("update", "shift", shift_id, before, after)
            op.touch(Entity.SHIFTS, ids=[shift_id])
            return op.result(repo.get_shift(op.session, shift_id))

    def delete_shift(self, shift_id: str) -> Result[dr.RosterShift]:
        """Tombstone the duty and its assignments; returns the duty as it was (for undo)."""
        with self._edit("roster.delete_shift") as op:
            shift = repo.get_shift(op.session, shift_id)
            repo.mark_changed_if_published(op.session, shift_id)
            before = repo.tombstone_shift(op.session, shift_id, self._clock())
            op.audit("delete", "shift", shift_id, before, None)
            op.touch(Entity.SHIFTS, ids=[shift_id])
            return op.result(shift)

    def restore_shift(self, shift: dr.RosterShift) -> Result[dr.RosterShift]:
        with self._edit("roster.restore_shift") as op:
            repo.restore_shift(op.session, shift.id, [c.officer_id for c in shift.crew])
            restored = repo.get_shift(op.session, shift.id)
            op.audit("restore", "shift", shift.id, None, {"crew": len(shift.crew)})
            op.touch(Entity.SHIFTS, ids=[shift.id])
            return op.result(restored)

    # ------------------------------------------------------------ assignments

    def assign(
        self, shift_id: str, officer_id: str, *, is_lead: bool = False
    ) -> Result[dr.RosterShift]:
        """Put an officer on a duty (or change the lead flag); one lead per duty."""
        with self._edit("roster.assign") as op:
            session = op.session
            repo.get_shift(session, shift_id)
            officer = masterdata_repo.get_officer(session, officer_id)
            if not officer.active:
                raise ValidationError(
                    f"{officer.display_name} ist deaktiviert und kann nicht eingeteilt werden."
                )
            row_id, before, after = repo.set_assignment(
                session, shift_id, officer_id, present=True, is_lead=is_lead, now=self._clock()
            )
            repo.mark_changed_if_published(session, shift_id)
            op.audit("assign", "assignment", row_id, before, after)
            op.touch(Entity.SHIFTS, ids=[shift_id])
            return op.result(repo.get_shift(session, shift_id))

    def unassign(self, shift_id: str, officer_id: str) -> Result[dr.RosterShift]:
        with self._edit("roster.unassign") as op:
            session = op.session
            row_id, before, _ = repo.set_assignment(
                session, shift_id, officer_id, present=False, is_lead=False, now=self._clock()
            )
            if row_id:
                repo.mark_changed_if_published(session, shift_id)
                op.audit("unassign", "assignment", row_id, before, None)
            op.touch(Entity.SHIFTS, ids=[shift_id])
            return op.result(repo.get_shift(session, shift_id))

    def record_actual(
        self,
        shift_id: str,
        officer_id: str,
        start: datetime | None,
        end: datetime | None,
        break_minutes: int | None = None,
    ) -> Result[dr.RosterShift]:
        """Actual start/end (and break) of one officer on one duty (Ist-Zeiten)."""
        with self._edit("roster.record_actual") as op:
            if start is not None and end is not None and end <= start:
                raise ValidationError(
                    FieldProblem("end", "Ist-Zeiten: das Ende muss nach dem Beginn liegen.")
                )
            if break_minutes is not None and not 0 <= break_minutes <= 240:
                raise ValidationError(
                    FieldProblem("break_minutes", "Ist-Pause: 0 bis 240 Minuten.")
                )
            before, after = repo.set_actual_times(
                op.session, shift_id, officer_id, start, end, break_minutes
            )
            op.audit("actual_times", "assignment", after["id"], before, after)
            op.touch(Entity.SHIFTS, ids=[shift_id])
            return op.result(repo.get_shift(op.session, shift_id))

    def copy_week(self, source_monday: date, target_monday: date) -> Result[list[str]]:
        """Copy every duty of a week (with its crew and lead) to another week, in one go."""
        with self._edit("roster.copy_week") as op:
            if source_monday.weekday() or target_monday.weekday():
                raise ValidationError("Wochen beginnen am Montag.")
            if source_monday == target_monday:
                raise ValidationError("Quell- und Zielwoche sind gleich.")
            session = op.session
            offset = target_monday - source_monday
            created: list[str] = []
            shifts = repo.shifts_between(session, source_monday, source_monday + timedelta(6))
            if not shifts:
                raise ValidationError(
                    f"Die Woche ab {source_monday:%d.%m.%Y} hat keine Dienste zum Kopieren."
                )
            now = self._clock()
            for shift in shifts:
                start, end = to_local(shift.starts_at), to_local(shift.ends_at)
                draft = dr.ShiftDraft(
                    duty_date=shift.duty_date + offset,
                    start=start.time().replace(tzinfo=None),
                    end=end.time().replace(tzinfo=None),
                    kind=shift.kind,
                    area_id=shift.area_id,
                    template_id=shift.template_id,
                    min_staff=shift.min_staff,
                    break_minutes=shift.break_minutes,
                    note=shift.note,
                )
                shift_id, _after = repo.insert_shift(session, draft)
                repo.mark_changed_if_published(session, shift_id)
                for member in shift.crew:
                    repo.set_assignment(
                        session,
                        shift_id,
                        member.officer_id,
                        present=True,
                        is_lead=member.is_lead,
                        now=now,
                    )
                created.append(shift_id)
            op.audit(
                "copy_week",
                "roster_week",
                "",
                None,
                {
                    "from": source_monday.isoformat(),
                    "to": target_monday.isoformat(),
                    "shifts": len(created),
                },
            )
            op.touch(Entity.SHIFTS, ids=created)
            return op.result(created)

    def delete_shifts(self, shift_ids: list[str]) -> Result[int]:
        """Tombstone several duties in one transaction (undo of a week copy)."""
        with self._edit("roster.delete_shifts") as op:
            now = self._clock()
            for shift_id in shift_ids:
                before = repo.tombstone_shift(op.session, shift_id, now)
                op.audit("delete", "shift", shift_id, before, None)
            op.touch(Entity.SHIFTS, ids=shift_ids)
            return op.result(len(shift_ids))

    # ------------------------------------------------------------ publishing

    def published_week(self, monday: date) -> tuple[dr.RosterShift, ...] | None:
        """The week as published – what officers see and print – or None if unpublished."""
        with self._read() as session:
            return repo.published_shifts(session, monday)

    def week_state(self, monday: date) -> dr.WeekState:
        with self._read() as session:
            return repo.week_state(session, monday)

    def week_summary(self, monday: date) -> dr.WeekSummary:
        """What publishing the week of ``monday`` would publish: counts, open duties, findings."""
        last = monday + timedelta(days=6)
        period = self.period(monday, last)
        findings = self.findings(monday, last)
        errors = sum(1 for f in findings if f.severity == "error")
        return dr.WeekSummary(
            state=period.state,
            duties=len(period.shifts),
            assignments=sum(len(s.crew) for s in period.shifts),
            open_duties=sum(1 for s in period.shifts if dr.open_places(s)),
            open_places=sum(dr.open_places(s) for s in period.shifts),
            errors=errors,
            warnings=len(findings) - errors,
            changed=len(period.changed),
        )

    def copy_summary(self, source_monday: date, target_monday: date) -> dr.CopySummary:
        """What copying the week of ``source_monday`` to ``target_monday`` would do."""
        source = self.period(source_monday, source_monday + timedelta(days=6))
        target = self.period(target_monday, target_monday + timedelta(days=6))
        offset = target_monday - source_monday

        def slot(shift: dr.RosterShift, shift_by: timedelta = timedelta(0)) -> tuple[Any, ...]:
            start, end = to_local(shift.starts_at), to_local(shift.ends_at)
            return (shift.duty_date + shift_by, start.time(), end.time(), shift.kind, shift.area_id)

        copies = {slot(s, offset) for s in source.shifts}
        return dr.CopySummary(
            source=source_monday,
            target=target_monday,
            duties=len(source.shifts),
            assignments=sum(len(s.crew) for s in source.shifts),
            target_duties=len(target.shifts),
            target_assignments=sum(len(s.crew) for s in target.shifts),
            doubled=sum(1 for s in target.shifts if slot(s) in copies),
            target_state=target.state,
        )

    def publish_week(self, monday: date, reason: str | None = None) -> Result[dr.WeekState]:
        """Publish a week; with rule errors only with a reason, which the audit log keeps."""
        reason = (reason or "").strip() or None
        errors = [
            f for f in self.findings(monday, monday + timedelta(days=6)) if f.severity == "error"
        ]
        with self._edit("roster.publish_week") as op:
            if errors and reason is None:
                raise ValidationError(
                    f"Der Dienstplan der Woche ab {monday:%d.%m.%Y} hat {len(errors)} Fehler "
                    "nach Arbeitszeitgesetz/Dienstregeln. Zum Veröffentlichen bitte einen Grund "
                    "angeben."
                )
            before, after = repo.publish_week(
                op.session, monday, self._context.actor, reason, self._clock()
            )
            op.audit(
                "publish",
                "roster_week",
                after["id"],
                before,
                {**after, "errors": len(errors)},
                reason=reason,
            )
            # Publishing settles the week's "changed" marks: any of its duties may look new.
            op.touch(Entity.SHIFTS)
            return op.result(repo.week_state(op.session, monday))

    # ------------------------------------------------------------ absences

    def add_absence(self, draft: dr.AbsenceDraft) -> Result[str]:
        problems = dr.validate_absence(draft)
        with self._edit("roster.add_absence") as op:
            _refuse(problems)
            masterdata_repo.get_officer(op.session, draft.officer_id)
            absence_id, after = repo.insert_absence(op.session, draft)
            op.audit("create", "absence", absence_id, None, after)
            op.touch(Entity.ABSENCES, ids=[absence_id])
            return op.result(absence_id)

    def delete_absence(self, absence_id: str) -> Result[str]:
        with self._edit("roster.delete_absence") as op:
            before = repo.tombstone_absence(op.session, absence_id, self._clock())
            op.audit("delete", "absence", absence_id, before, None)
            op.touch(Entity.ABSENCES, ids=[absence_id])
            return op.result(absence_id)


def _refuse(problems: list[FieldProblem]) -> None:
    if problems:
        raise ValidationError(problems)
