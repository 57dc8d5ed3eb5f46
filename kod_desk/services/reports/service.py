"""Report use cases: gather the data in one short session, then lay out the PDF outside it.

Persons involved in an incident are personal data (DESIGN.md §10): the incident report shows
them only when the acting role may see them (domain/permissions.py), and printing them writes
an access entry to the audit log, as opening them in the app does (services/incidents.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from kod_desk.domain import permissions as dp
from kod_desk.domain.errors import NotFoundError, UserError, ValidationError
from kod_desk.domain.incident_list import IncidentSort
from kod_desk.domain.incidents import IncidentFilter
from kod_desk.domain.report_lists import BikeLogbookData, IncidentListData
from kod_desk.domain.report_roster import DayReportData, WeekRosterData
from kod_desk.domain.reports import IncidentReportData, ReportHeader, ShiftSummaryData
from kod_desk.domain.statistics import Figures
from kod_desk.domain.timeutil import utcnow
from kod_desk.services.base import DbSession, Service, ServiceContext
from kod_desk.services.roster import RosterService
from kod_desk.services.statistics import StatisticsService
from kod_desk.storage.repos import incident_files as files_repo
from kod_desk.storage.repos import report_roster
from kod_desk.storage.repos import reports as repo
from kod_desk.storage.repos import roster as roster_repo

ACCESS_REASON = "Vorkommnisbericht"


class ReportService(Service):
    """The reports; the weekly roster's findings come from ``roster``, the monthly figures from
    ``statistics`` (both given by services/registry.py)."""

    def __init__(
        self, context: ServiceContext, roster: RosterService, statistics: StatisticsService
    ) -> None:
        super().__init__(context)
        self._roster = roster
        self._statistics = statistics

    def _header(self, session: DbSession) -> ReportHeader:
        """Who printed it: "Patrick Koch (K-1000)" after a login, else the actor (CLI)."""
        actor, name = self._context.actor, self._context.display_name.strip()
        who = f"{name} ({actor})" if name and name != actor else actor
        return ReportHeader(repo.station_name(session), who, utcnow())

    # ------------------------------------------------------------ data (for previews and tests)

    def shift_summary_data(self, shift_id: str) -> tuple[ShiftSummaryData, ReportHeader]:
        with self._read() as session:
            return repo.shift_summary(session, shift_id), self._header(session)

    def incident_report_data(
        self, incident_id: str, reason: str = ""
    ) -> tuple[IncidentReportData, ReportHeader]:
        """The incident with its persons when the role may see them (the access is logged with
        the reason "Vorkommnisbericht", plus ``reason`` if given); otherwise only their count."""
        reason = dp.clean_reason(reason)
        logged = f"{ACCESS_REASON}: {reason}" if reason else ACCESS_REASON
        problems = dp.validate_reason(logged)
        if problems:
            raise ValidationError(problems)
        # Reading personal data is logged: a write that changes nothing a page shows.
        with self._op("incident.print_persons") as op:
            session = op.session
            files_repo.require_incident(session, incident_id)
            viewer = files_repo.viewer(session, self._context.actor, self._context.role)
            allowed = dp.may_view_persons(viewer, files_repo.listed_officers(session, incident_id))
            data = repo.incident_report(session, incident_id, include_persons=allowed)
            if data.persons:
                op.audit(
                    "view_personal_data",
                    "incident_person",
                    incident_id,
                    after={"person_ids": [p.id for p in data.persons], "report": "incident"},
                    reason=logged,
                )
            return data, self._header(session)

    # ------------------------------------------------------------ PDFs

    def shift_summary(self, shift_id: str) -> bytes:
        """Schichtbericht of one duty as PDF bytes."""
        from kod_desk.services.reports import shift_summary

        data, header = self.shift_summary_data(shift_id)
        return shift_summary.render(data, header)

    def shift_ids_on(self, day: date) -> list[str]:
        """The duties of ``day`` in time order (what ``report shift --date`` prints)."""
        with self._read() as session:
            return [s.id for s in roster_repo.shifts_between(session, day, day)]

    def shift_summaries(self, day: date) -> bytes:
        """The Schichtbericht of every duty of ``day`` in one file, each starting a new page."""
        from reportlab.platypus import PageBreak

        from kod_desk.services.reports import pdf, shift_summary

        ids = self.shift_ids_on(day)
        if not ids:
            raise UserError(f"Am {day:%d.%m.%Y} ist kein Dienst geplant.")
        story: list[Any] = []
        header: ReportHeader | None = None
        for shift_id in ids:
            data, header = self.shift_summary_data(shift_id)
            if story:
                story.append(PageBreak())
            story += shift_summary.story(data, pdf.frame_width())
        assert header is not None
        return pdf.render_document(story, shift_summary.TITLE, header)

    def incident_id(self, id_or_reference: str) -> str:
        """The incident's id from its id or its reference (Aktenzeichen, any case)."""
        wanted = id_or_reference.strip()
        with self._read() as session:
            found = repo.incident_id(session, wanted)
        if found is None:
            raise NotFoundError(f"Kein Vorkommnis mit Kennung oder Aktenzeichen „{wanted}“.")
        return found

    def incident_report(self, incident_id: str, reason: str = "") -> bytes:
        """Vorkommnisbericht as PDF bytes; persons redacted unless the role may see them."""
        from kod_desk.services.reports import incident_report

        data, header = self.incident_report_data(incident_id, reason)
        return incident_report.render(data, header)

    # ------------------------------------------------------------ daily duty report, weekly roster

    def day_report_data(self, day: date) -> tuple[DayReportData, ReportHeader]:
        """Every duty of the local day ``day`` with crew, bikes, incidents and hand-over."""
        with self._read() as session:
            return report_roster.day_report(session, day), self._header(session)

    def day_report(self, day: date) -> bytes:
        """Tagesdienstbericht of ``day`` as PDF bytes (also for a day without duties)."""
        from kod_desk.services.reports import day_report

        data, header = self.day_report_data(day)
        return day_report.render(data, header)

    def week_roster_data(self, day: date) -> tuple[WeekRosterData, ReportHeader]:
        """The week Monday–Sunday containing ``day``: officers, duties, absences, the marks of
        duties changed after publishing and the rule findings of the week."""
        monday = day - timedelta(days=day.weekday())
        with self._read() as session:
            data, header = report_roster.week_roster(session, monday), self._header(session)
        findings = self._roster.findings(monday, data.sunday)
        return replace(data, findings=tuple(findings)), header

    def week_roster(self, day: date) -> bytes:
        """Wochendienstplan (landscape) of the week containing ``day`` as PDF bytes."""
        from kod_desk.services.reports import week_roster

        data, header = self.week_roster_data(day)
        return week_roster.render(data, header)

    # ------------------------------------------------------------ bike logbook, incident list

    def bike_logbook_data(
        self, inventory_no: str, first: date, last: date
    ) -> tuple[BikeLogbookData, ReportHeader]:
        """One bike's check-outs, inspections and repairs from ``first`` to ``last`` (local
        days, inclusive); NotFoundError naming the number when no bike has it."""
        from kod_desk.storage.repos import report_lists as lists_repo

        with self._read() as session:
            data = lists_repo.bike_logbook(session, inventory_no, first, last)
            return data, self._header(session)

    def bike_logbook(self, inventory_no: str, first: date, last: date) -> bytes:
        """Fahrtenbuch of one bike over a period as PDF bytes (A4 landscape)."""
        from kod_desk.services.reports import bike_logbook

        data, header = self.bike_logbook_data(inventory_no, first, last)
        return bike_logbook.render(data, header)

    def incident_list_data(
        self, flt: IncidentFilter, sort: IncidentSort | None = None
    ) -> tuple[IncidentListData, ReportHeader]:
        """The incidents the Vorkommnisse page shows for ``flt`` in its order for ``sort``
        (newest first by default), without persons or descriptions; UserError above
        MAX_LIST_ROWS hits."""
        from kod_desk.domain import report_lists as drl
        from kod_desk.storage.repos import report_lists as lists_repo

        chosen = sort or IncidentSort()
        with self._read() as session:
            total = lists_repo.count_incidents(session, flt)
            if total > drl.MAX_LIST_ROWS:
                raise UserError(drl.too_many(total))
            rows = drl.sort_rows(list(lists_repo.incident_rows(session, flt)), chosen)
            names = lists_repo.filter_names(session, flt)
            data = drl.IncidentListData(
                tuple(rows), drl.describe_filter(flt, names), drl.describe_sort(chosen)
            )
            return data, self._header(session)

    def incident_list(self, flt: IncidentFilter, sort: IncidentSort | None = None) -> bytes:
        """Vorkommnisliste (the filtered incidents as a table) as PDF bytes (A4 landscape)."""
        from kod_desk.services.reports import incident_list

        data, header = self.incident_list_data(flt, sort)
        return incident_list.render(data, header)

    # ------------------------------------------------------------ monthly statistics

    def month_statistics_data(self, month: date) -> tuple[Figures, ReportHeader]:
        """The figures of the calendar month that contains ``month`` (every area and category)."""
        from kod_desk.domain.statistics import StatisticsFilter

        figures = self._statistics.figures(StatisticsFilter.month(month))
        with self._read() as session:
            return figures, self._header(session)

    def month_statistics(self, month: date) -> bytes:
        """Monatsstatistik of the month that contains ``month`` as PDF bytes (no personal data)."""
        from kod_desk.services.reports import month_report

        figures, header = self.month_statistics_data(month)
        return month_report.render(figures, header)
