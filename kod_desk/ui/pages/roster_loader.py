"""Reads the Dienstplan's week from the services: duties, absences, bookings and findings.

After an edit only what changed is checked again (the checker is kept between loads).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from kod_desk.domain.roster import Finding
from kod_desk.domain.roster_rules import RosterChecker, touched_shifts
from kod_desk.services.roster import merge_findings
from kod_desk.ui.pages.roster_state import may_plan

if TYPE_CHECKING:
    from kod_desk.domain.masterdata import Area
    from kod_desk.services.registry import Services
    from kod_desk.ui.pages.roster_state import RosterWeek


class RosterLoader:
    """Fills a RosterWeek; keeps the rule checker so a reload re-checks only touched duties."""

    def __init__(self) -> None:
        self.checker: RosterChecker | None = None

    def load(
        self, services: Services, week: RosterWeek, *, published: bool, use_actual: bool
    ) -> list[Area]:
        """Read ``week.monday``'s week into ``week`` (the published version when asked and
        there is one: read-only, no findings, no markers); returns every area. The week is
        read-only when it shows the published version or the role may not plan."""
        monday, last = week.monday, week.last
        period = services.roster.period(monday, last)
        week.officers = services.masterdata.officers(include_inactive=False)
        areas = services.masterdata.areas()
        week.area_codes = {a.id: a.code for a in areas}
        week.shifts = list(period.shifts)
        week.absences = list(period.absences)
        week.changed = period.changed
        week.state = period.state
        week.bookings = [b for b in services.bikes.bookings(monday, last) if b.is_active]
        shown = services.roster.published_week(monday) if published else None
        if shown is not None:
            week.shifts = list(shown)
            week.changed = frozenset()
            week.findings = []
        else:
            # Bike findings join the roster's; the checker stays the roster's own.
            week.findings = merge_findings(
                self._check(services, monday, last, use_actual),
                services.bikes.findings(monday, last),
            )
        week.read_only = shown is not None or not may_plan(services)
        return areas

    def _check(
        self, services: Services, first: date, last: date, use_actual: bool
    ) -> list[Finding]:
        """Findings of the week; after an edit only what changed is checked again."""
        facts = services.roster.facts(first, last)
        settings = services.roster.rule_settings()
        checker = self.checker
        if (
            checker is None
            or checker.period != (first, last)
            or checker.settings != settings
            or checker.use_actual != use_actual
        ):
            self.checker = RosterChecker(
                facts, settings, use_actual=use_actual, period=(first, last)
            )
            return self.checker.findings
        return checker.update(facts, touched_shifts(checker.facts, facts))
