"""Reading the daily duty report and the weekly roster (issue 7, reports 2 and 3).

Both are made of existing queries: a day is the shift summary (storage/repos/reports.py) of
each of its duties; a week is the roster's duties, absences, publication state and "changed"
marks (storage/repos/roster.py) with the officers of the master data.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from kod_desk.domain import report_roster as drr
from kod_desk.domain.enums import Unit
from kod_desk.domain.holidays import holiday_name
from kod_desk.storage.repos import masterdata as masterdata_repo
from kod_desk.storage.repos import reports as reports_repo
from kod_desk.storage.repos import roster as roster_repo


def day_report(session: Session, day: date) -> drr.DayReportData:
    """Every duty belonging to the local day ``day`` (it starts that day), by start."""
    duties = tuple(
        reports_repo.shift_summary(session, shift.id)
        for shift in roster_repo.shifts_between(session, day, day)
    )
    return drr.DayReportData(day, holiday_name(day), duties)


def week_roster(session: Session, monday: date) -> drr.WeekRosterData:
    """The week from ``monday``: active officers (and inactive ones still on a duty), duties,
    absences, the publication state and the duties changed since publishing. Findings are
    added by the service (the rules engine needs the history, which is the roster's job)."""
    sunday = monday + timedelta(days=6)
    shifts = tuple(roster_repo.shifts_between(session, monday, sunday))
    on_duty = {c.officer_id for s in shifts for c in s.crew}
    officers = [
        drr.RosterOfficer(o.id, o.service_number, o.display_name, o.unit, o.active)
        for o in masterdata_repo.list_officers(session)
        if o.active or o.id in on_duty
    ]
    order = {Unit.KOD: 0, Unit.INVESTIGATION: 1}
    officers.sort(key=lambda o: order[o.unit])  # stable: the name order stays inside a unit
    days = tuple(
        drr.RosterDay(day, holiday_name(day))
        for day in (monday + timedelta(days=n) for n in range(7))
    )
    return drr.WeekRosterData(
        monday=monday,
        days=days,
        officers=tuple(officers),
        shifts=shifts,
        absences=tuple(roster_repo.absences_between(session, monday, sunday)),
        state=roster_repo.week_state(session, monday),
        changed=frozenset(roster_repo.changed_shift_ids(session, monday, sunday)),
    )
