"""What the daily duty report and the weekly roster print (issue 7, reports 2 and 3).

Plain frozen data, no layout: storage/repos/report_roster.py fills it, the renderers in
services/reports/day_report.py and week_roster.py lay it out. The daily report is the shift
summaries of one day; the weekly roster is the grid officers × days of the wall roster.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from kod_desk.domain.enums import Unit
from kod_desk.domain.reports import ShiftSummaryData
from kod_desk.domain.roster import Absence, Finding, RosterShift, WeekState


@dataclass(frozen=True, slots=True)
class DayReportData:
    """Tagesdienstbericht: every duty of one local day, each as its shift summary."""

    day: date
    holiday: str | None
    duties: tuple[ShiftSummaryData, ...]  # by planned start

    @property
    def officer_count(self) -> int:
        """Officers on duty that day (each counted once, however many duties)."""
        return len({c.officer_id for d in self.duties for c in d.crew})

    @property
    def incident_count(self) -> int:
        """Incidents in the chronologies (one found by two duties counts once)."""
        return len({i.id for d in self.duties for i in d.incidents})

    @property
    def open_item_count(self) -> int:
        return len({i.id for d in self.duties for i in d.open_items})

    @property
    def km_total(self) -> int:
        return sum(d.km_total for d in self.duties)


@dataclass(frozen=True, slots=True)
class RosterOfficer:
    """A row of the wall roster."""

    id: str
    service_number: str
    name: str  # "Nachname, Vorname"
    unit: Unit
    active: bool


@dataclass(frozen=True, slots=True)
class RosterDay:
    day: date
    holiday: str | None  # the public holiday's name

    @property
    def is_weekend(self) -> bool:
        return self.day.weekday() >= 5


@dataclass(frozen=True, slots=True)
class WeekRosterData:
    """Wochendienstplan: the week Monday–Sunday with duties, absences, marks and findings."""

    monday: date
    days: tuple[RosterDay, ...]  # seven
    officers: tuple[RosterOfficer, ...]  # by unit (KOD first), then name
    shifts: tuple[RosterShift, ...]
    absences: tuple[Absence, ...]
    state: WeekState
    changed: frozenset[str]  # duties changed after the week was published
    findings: tuple[Finding, ...] = ()

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    def duties_of(self, officer_id: str, day: date) -> tuple[RosterShift, ...]:
        """The officer's duties belonging to ``day``, by start."""
        return tuple(
            s
            for s in self.shifts
            if s.duty_date == day and any(c.officer_id == officer_id for c in s.crew)
        )

    def absence_of(self, officer_id: str, day: date) -> Absence | None:
        for absence in self.absences:
            if absence.officer_id == officer_id and absence.starts_on <= day <= absence.ends_on:
                return absence
        return None

    def officers_of(self, unit: Unit) -> tuple[RosterOfficer, ...]:
        return tuple(o for o in self.officers if o.unit is unit)

    def finding_day(self, finding: Finding) -> date | None:
        """The first day of the week among the finding's duties, if any is in the week."""
        days = [s.duty_date for s in self.shifts if s.id in finding.shifts]
        return min(days) if days else None

    def officer_name(self, service_number: str | None) -> str:
        for officer in self.officers:
            if officer.service_number == service_number:
                return officer.name
        return ""
