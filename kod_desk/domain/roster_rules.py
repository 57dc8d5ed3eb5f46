"""The working-time rules of DESIGN.md §5 (ArbZG) as pure functions over :class:`RosterFacts`.

Rule ids (``Finding.rule``) and severities:

* ``overlap`` [error] two duties of one officer overlap; duties that touch do not.
* ``absence`` [error] a duty has time on a day of the officer's absence.
* ``rest_11h`` [error] §5: less than 11 h between duties of different duty days.
* ``max_daily_hours`` §3: more than 8 h on a duty day [warning], more than 10 h [error];
  the running 24-week average above 8 h per Werktag [warning].
* ``break`` §4: less than 30 min above 6 h or 45 min above 9 h of work, parts under 15 min
  not counted [error on actual times or a recorded break; warning for a planned break].
* ``night_hours`` [error] §6: a duty day with night work (more than 2 h in 23–06) above
  10 h, or the 4-week average above 8 h per Werktag in a week with night work.
* ``sundays`` [warning] §11: fewer than 15 free Sundays still possible in the year, or
  Sunday (holiday) work without a replacement rest day within 2 (8) weeks.
* ``weekly_hours`` [warning] §3: more than 48 h in a week (Mon–Sun); also the planned hours
  of the checked full weeks against the contract hours, beyond ± 10 %.
* ``consecutive_days`` [warning] more than 6 duty days in a row.
* ``min_staff`` [error] fewer officers than the duty needs (not repeated when
  ``double_patrol`` already says it).
* ``double_patrol`` [error] a Streife or Radstreife with fewer than two officers.
* ``bike_training`` [error] an officer without bike training on a Radstreife.

The averages and the contract comparison keep the ids DESIGN.md §5 files them under; their
messages tell them apart.

Decisions (the law leaves room; these are documented so the UI and the tests agree):

* A duty belongs to its ``duty_date``: a night duty counts to the day it starts. Duties of
  one officer on the same duty date form one working day (a split duty): their hours add up
  for §3, and §5 rest is only checked between different duty dates.
* Durations are real elapsed time between aware datetimes, so a night duty across the spring
  (autumn) clock change is one hour shorter (longer).
* Absences cover local days [00:00 of the first day, 24:00 of the last day); a duty overlaps
  an absence when its time range intersects that. A night duty that starts the evening
  before an absence day and runs into it is an error; one that ends at 00:00 is not.
* Work time is presence minus the counted break. A planned duty without a break assumes the
  legal minimum; a recorded break given in parts counts only parts of at least 15 min.
* Averages (§3 24 weeks, §6 4 weeks) divide all work of the window ending with a week by the
  window's Werktage (Mon–Sat) without the officer's absence days. Days without facts count as
  free, so a short history cannot raise a false alarm.
* §11: a Sunday (holiday) is worked when any duty overlaps that local calendar day. A
  replacement rest day is a Werktag that is no public holiday, no absence day and has no work
  at all, within 13 days before or after the Sunday (55 for holidays: "a period of 2 (8) weeks
  that includes the day"). Each free day replaces one Sunday or holiday (earliest-deadline
  matching). Days outside the facts count as free: the plan says nothing about them.
* Contract hours: the full weeks inside the checked range (``period``, or the span of all
  duties) are compared with weekly hours / 5 per Monday–Friday that is neither a holiday nor
  an absence day.

Where things live: the thresholds in kod_desk/domain/rule_settings.py (:class:`RuleSettings`),
the public holidays in kod_desk/domain/holidays.py, the single rules and the work items they
count in kod_desk/domain/rule_checks.py. This module runs the rules (:func:`check`, and
:class:`RosterChecker` edit by edit), keeps the §16 record (:func:`overtime_record`) and
re-exports the settings, holiday and severity names, so callers import all of it from here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from datetime import date, timedelta
from operator import attrgetter

from kod_desk.domain.errors import ValidationError
from kod_desk.domain.holidays import easter_sunday, public_holidays
from kod_desk.domain.roster import (
    AbsenceFact,
    AssignmentFact,
    DutyFact,
    Finding,
    OfficerFact,
    RosterFacts,
)
from kod_desk.domain.rule_checks import OFFICER_RULES, _staff_rules
from kod_desk.domain.rule_facts import ERROR, WARNING, _Hit, _Officer, _Scope, _work_of
from kod_desk.domain.rule_settings import DEFAULT_SETTINGS, SETTINGS_VERSION, RuleSettings

__all__ = [
    "DEFAULT_SETTINGS",
    "ERROR",
    "OFFICER_RULES",
    "SETTINGS_VERSION",
    "WARNING",
    "OvertimeEntry",
    "RosterChecker",
    "RuleSettings",
    "check",
    "easter_sunday",
    "overtime_record",
    "public_holidays",
    "touched_shifts",
]


# ---------------------------------------------------------------- checker


def _assignment_rank(assignment: AssignmentFact) -> str:
    return repr(assignment)


def _add_assignment(group: dict[str, AssignmentFact], assignment: AssignmentFact) -> None:
    """One assignment per officer and duty; a duplicate keeps a deterministic one."""
    known = group.get(assignment.officer_id)
    if known is None or _assignment_rank(assignment) < _assignment_rank(known):
        group[assignment.officer_id] = assignment


def _group_by_shift(assignments: Iterable[AssignmentFact]) -> dict[str, dict[str, AssignmentFact]]:
    groups: dict[str, dict[str, AssignmentFact]] = defaultdict(dict)
    for assignment in assignments:
        _add_assignment(groups[assignment.shift_id], assignment)
    return dict(groups)


def _group_absences(absences: Iterable[AbsenceFact]) -> dict[str, list[AbsenceFact]]:
    """Per officer, without duplicates, in date order (findings must not follow input order)."""
    groups: dict[str, set[AbsenceFact]] = defaultdict(set)
    for absence in absences:
        groups[absence.officer_id].add(absence)
    order = attrgetter("starts_on", "ends_on", "kind")
    return {officer_id: sorted(group, key=order) for officer_id, group in groups.items()}


def _changed_keys(old: Mapping[str, object], new: Mapping[str, object]) -> set[str]:
    return {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}


def _placeholder(officer_id: str) -> OfficerFact:
    """An assigned officer missing from the facts is still checked, under its id."""
    return OfficerFact(officer_id, officer_id, officer_id, 0.0, False)


class _Index:
    """The facts grouped by duty and by officer, kept up to date edit by edit."""

    def __init__(self, facts: RosterFacts) -> None:
        self.duties = {duty.id: duty for duty in facts.duties}
        self.officers = {officer.id: officer for officer in facts.officers}
        self.by_shift = _group_by_shift(facts.assignments)
        self.by_officer: dict[str, dict[str, AssignmentFact]] = defaultdict(dict)
        for shift_id, group in self.by_shift.items():
            for officer_id, assignment in group.items():
                self.by_officer[officer_id][shift_id] = assignment
        self.absences = _group_absences(facts.absences)

    def officer_ids(self) -> set[str]:
        return self.officers.keys() | {k for k, v in self.by_officer.items() if v}

    def context(self, officer_id: str, scope: _Scope) -> _Officer | None:
        """The officer's work as the rules see it; None for an unknown, unassigned id."""
        assignments = self.by_officer.get(officer_id, {})
        officer = self.officers.get(officer_id)
        if officer is None:
            if not assignments:
                return None
            officer = _placeholder(officer_id)
        settings, use_actual = scope.settings, scope.use_actual
        works = [
            _work_of(a, self.duties[shift_id], settings, use_actual)
            for shift_id, a in assignments.items()
            if shift_id in self.duties
        ]
        works.sort(key=lambda w: (w.start, w.end, w.duty.id))
        return _Officer(officer, works, self.absences.get(officer_id, ()), scope)

    def apply_shifts(self, facts: RosterFacts, touched: AbstractSet[str]) -> set[str]:
        """Take over the touched duties and their crews; returns the officers affected."""
        new_duties = {duty.id: duty for duty in facts.duties if duty.id in touched}
        new_groups = _group_by_shift(a for a in facts.assignments if a.shift_id in touched)
        affected: set[str] = set()
        for shift_id in touched:
            old_group = self.by_shift.pop(shift_id, {})
            new_group = new_groups.get(shift_id, {})
            # A changed duty (times, kind) matters to everyone on it; else only changed crew.
            duty_changed = self.duties.get(shift_id) != new_duties.get(shift_id)
            for officer_id in old_group.keys() | new_group.keys():
                if duty_changed or old_group.get(officer_id) != new_group.get(officer_id):
                    affected.add(officer_id)
            for officer_id in old_group:
                self.by_officer[officer_id].pop(shift_id, None)
            for officer_id, assignment in new_group.items():
                self.by_officer[officer_id][shift_id] = assignment
            if new_group:
                self.by_shift[shift_id] = new_group
            if shift_id in new_duties:
                self.duties[shift_id] = new_duties[shift_id]
            else:
                self.duties.pop(shift_id, None)
        return affected


class RosterChecker:
    """Holds facts and findings; :meth:`update` re-checks only what an edit touched.

    Per-officer rules run again for officers whose assignment, absence or master data changed
    (all officers on a touched duty when the duty itself changed); duty rules run again for
    touched duties. The result always equals :func:`check` on the new facts.
    """

    def __init__(
        self,
        facts: RosterFacts,
        settings: RuleSettings = DEFAULT_SETTINGS,
        *,
        use_actual: bool = False,
        period: tuple[date, date] | None = None,
    ) -> None:
        if period is not None and period[0] > period[1]:
            raise ValidationError("Zeitraum: der Beginn liegt nach dem Ende.")
        self._settings = settings
        self._use_actual = use_actual
        self._period = period
        self._facts = facts
        self._index = _Index(facts)
        self._scope = self._make_scope()
        self._officer_hits: dict[str, list[_Hit]] = {}
        self._shift_hits: dict[str, list[_Hit]] = {}
        self._recheck_all()

    @property
    def facts(self) -> RosterFacts:
        return self._facts

    @property
    def settings(self) -> RuleSettings:
        return self._settings

    @property
    def use_actual(self) -> bool:
        return self._use_actual

    @property
    def period(self) -> tuple[date, date] | None:
        return self._period

    @property
    def findings(self) -> list[Finding]:
        return list(self._findings)

    # ------------------------------------------------------------ edits

    def update(
        self, changed_facts: RosterFacts, touched_shift_ids: AbstractSet[str]
    ) -> list[Finding]:
        """Re-check after an edit and return all findings.

        ``changed_facts`` are the complete facts after the edit; ``touched_shift_ids`` names
        every duty that was added, removed or changed, or whose assignments changed. Changes
        to officers and absences are found by comparison (cheap: identical tuples are skipped).
        """
        old = self._facts
        officers_dirty: set[str] = set()
        if changed_facts.officers is not old.officers and changed_facts.officers != old.officers:
            officers = {officer.id: officer for officer in changed_facts.officers}
            officers_dirty |= _changed_keys(self._index.officers, officers)
            self._index.officers = officers
        if changed_facts.absences is not old.absences and changed_facts.absences != old.absences:
            absences = _group_absences(changed_facts.absences)
            officers_dirty |= _changed_keys(self._index.absences, absences)
            self._index.absences = absences
        if touched_shift_ids:
            officers_dirty |= self._index.apply_shifts(changed_facts, touched_shift_ids)
        self._facts = changed_facts
        scope = self._make_scope()
        if scope != self._scope:
            self._scope = scope
            self._recheck_all()
            return self.findings
        for officer_id in officers_dirty:
            self._recheck_officer(officer_id)
        for shift_id in touched_shift_ids:
            self._recheck_shift(shift_id)
        self._assemble()
        return self.findings

    def assign(self, shift_id: str, officer_id: str, *, is_lead: bool = False) -> list[Finding]:
        """Put an officer on a duty and re-check."""
        added = AssignmentFact(shift_id, officer_id, is_lead)
        facts = replace(self._facts, assignments=(*self._facts.assignments, added))
        return self.update(facts, {shift_id})

    def unassign(self, shift_id: str, officer_id: str) -> list[Finding]:
        """Take an officer off a duty and re-check."""
        kept = tuple(
            a
            for a in self._facts.assignments
            if not (a.shift_id == shift_id and a.officer_id == officer_id)
        )
        return self.update(replace(self._facts, assignments=kept), {shift_id})

    def replace_duty(self, duty: DutyFact) -> list[Finding]:
        """Change (or add) a duty, e.g. move it to other times, and re-check."""
        duties = (*(d for d in self._facts.duties if d.id != duty.id), duty)
        return self.update(replace(self._facts, duties=duties), {duty.id})

    # ------------------------------------------------------------ internals

    def _make_scope(self) -> _Scope:
        contract_range = self.period
        if contract_range is None and self._index.duties:
            days = [duty.duty_date for duty in self._index.duties.values()]
            contract_range = (min(days), max(days))
        return _Scope(self.settings, self.use_actual, self.period, contract_range)

    def _recheck_all(self) -> None:
        self._officer_hits = {}
        for officer_id in self._index.officer_ids():
            self._recheck_officer(officer_id)
        self._shift_hits = {}
        for shift_id in self._index.duties:
            self._recheck_shift(shift_id)
        self._assemble()

    def _recheck_officer(self, officer_id: str) -> None:
        context = self._index.context(officer_id, self._scope)
        if context is None:
            self._officer_hits.pop(officer_id, None)
            return
        keeps = self._scope.keeps
        self._officer_hits[officer_id] = [
            hit for rule in OFFICER_RULES for hit in rule(context) if keeps(hit)
        ]

    def _recheck_shift(self, shift_id: str) -> None:
        duty = self._index.duties.get(shift_id)
        if duty is None:
            self._shift_hits.pop(shift_id, None)
            return
        crew = len(self._index.by_shift.get(shift_id, {}))
        keeps = self._scope.keeps
        self._shift_hits[shift_id] = [
            hit for hit in _staff_rules(duty, crew, self._settings) if keeps(hit)
        ]

    def _assemble(self) -> None:
        hits = [hit for group in self._officer_hits.values() for hit in group]
        hits.extend(hit for group in self._shift_hits.values() for hit in group)
        hits.sort(key=attrgetter("key"))
        self._findings = [hit.finding for hit in hits]


def check(
    facts: RosterFacts,
    settings: RuleSettings = DEFAULT_SETTINGS,
    *,
    use_actual: bool = False,
    period: tuple[date, date] | None = None,
) -> list[Finding]:
    """Every finding of DESIGN.md §5, errors first, then by time, rule and officer.

    ``use_actual`` checks actual times where recorded (planned where not). ``period`` keeps
    findings that involve a duty in that local-date range (inclusive); duties outside it are
    still context (rest before the first duty, averages, runs of duty days).
    """
    return RosterChecker(facts, settings, use_actual=use_actual, period=period).findings


# ---------------------------------------------------------------- §16 record


@dataclass(frozen=True, slots=True)
class OvertimeEntry:
    """A duty day with work beyond 8 h, for the §16 (2) ArbZG record."""

    officer: str  # service number
    name: str
    day: date
    worked_minutes: int
    beyond_minutes: int
    shifts: tuple[str, ...]
    actual: bool  # based on actual times (at least partly)

    @property
    def worked_hours(self) -> float:
        return self.worked_minutes / 60

    @property
    def beyond_hours(self) -> float:
        return self.beyond_minutes / 60


def overtime_record(
    facts: RosterFacts,
    settings: RuleSettings = DEFAULT_SETTINGS,
    *,
    use_actual: bool = True,
    period: tuple[date, date] | None = None,
) -> list[OvertimeEntry]:
    """Work beyond the werktägliche 8 h per officer and duty day, by day and service number."""
    if period is not None and period[0] > period[1]:
        raise ValidationError("Zeitraum: der Beginn liegt nach dem Ende.")
    index = _Index(facts)
    scope = _Scope(settings, use_actual, period, period)
    limit = timedelta(hours=settings.daily_warning_hours)
    entries = []
    for officer_id in index.officer_ids():
        context = index.context(officer_id, scope)
        if context is None:
            continue
        for day, works in context.by_day.items():
            if period is not None and not period[0] <= day <= period[1]:
                continue
            worked = context.day_work[day]
            if worked <= limit:
                continue
            entries.append(
                OvertimeEntry(
                    officer=context.officer.service_number,
                    name=context.officer.name,
                    day=day,
                    worked_minutes=int(worked.total_seconds() // 60),
                    beyond_minutes=int((worked - limit).total_seconds() // 60),
                    shifts=tuple(w.duty.id for w in works),
                    actual=any(w.actual for w in works),
                )
            )
    entries.sort(key=attrgetter("day", "officer"))
    return entries


def touched_shifts(before: RosterFacts, after: RosterFacts) -> set[str]:
    """Duties that were added, removed or changed, or whose crew changed, between two facts.

    What :meth:`RosterChecker.update` needs when the caller only has the facts before and after
    an edit (e.g. reloaded from the database); officers and absences it compares itself.
    """
    old_duties = {d.id: d for d in before.duties}
    new_duties = {d.id: d for d in after.duties}
    touched = {i for i in old_duties.keys() ^ new_duties.keys()}
    touched |= {i for i in old_duties.keys() & new_duties.keys() if old_duties[i] != new_duties[i]}
    old_crews: dict[str, set[AssignmentFact]] = {}
    new_crews: dict[str, set[AssignmentFact]] = {}
    for facts, crews in ((before, old_crews), (after, new_crews)):
        for assignment in facts.assignments:
            crews.setdefault(assignment.shift_id, set()).add(assignment)
    for shift_id in old_crews.keys() | new_crews.keys():
        if old_crews.get(shift_id) != new_crews.get(shift_id):
            touched.add(shift_id)
    return touched
