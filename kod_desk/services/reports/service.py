"""Report use cases: gather the data in one short session, then lay out the PDF outside it.

Persons involved in an incident are personal data (DESIGN.md §10): the incident report shows
them only when the acting role may see them (domain/permissions.py), and printing them writes
an access entry to the audit log, as opening them in the app does (services/incidents.py).
"""

from __future__ import annotations

from typing import Any

from kod_desk.domain import permissions as dp
from kod_desk.domain.errors import ValidationError
from kod_desk.domain.reports import IncidentReportData, ReportHeader, ShiftSummaryData
from kod_desk.domain.timeutil import utcnow
from kod_desk.services.base import ServiceContext
from kod_desk.storage.repos import audit
from kod_desk.storage.repos import incident_files as files_repo
from kod_desk.storage.repos import reports as repo

ACCESS_REASON = "Vorkommnisbericht"


class ReportService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    @property
    def _db(self) -> Any:
        return self._context.db

    def _header(self, session: Any) -> ReportHeader:
        return ReportHeader(repo.station_name(session), self._context.actor, utcnow())

    # ------------------------------------------------------------ data (for previews and tests)

    def shift_summary_data(self, shift_id: str) -> tuple[ShiftSummaryData, ReportHeader]:
        with self._db.read() as session:
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
        with self._db.write(self._context.actor) as session:
            files_repo.require_incident(session, incident_id)
            viewer = files_repo.viewer(session, self._context.actor, self._context.role)
            allowed = dp.may_view_persons(viewer, files_repo.listed_officers(session, incident_id))
            data = repo.incident_report(session, incident_id, include_persons=allowed)
            if data.persons:
                audit.append(
                    session,
                    actor=self._context.actor,
                    action="view_personal_data",
                    table_name="incident_person",
                    row_id=incident_id,
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

    def incident_report(self, incident_id: str, reason: str = "") -> bytes:
        """Vorkommnisbericht as PDF bytes; persons redacted unless the role may see them."""
        from kod_desk.services.reports import incident_report

        data, header = self.incident_report_data(incident_id, reason)
        return incident_report.render(data, header)
