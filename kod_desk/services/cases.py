"""Investigation-order use cases (Ermittlungsaufträge, issue 5 item 8, DESIGN.md §7).

Every change is one write operation, audited inside its transaction, and names the case it
changed (``Entity.CASES`` with its id).
The assigned officer must exist and be active; one without the qualification "Ermittlungen"
is accepted with a warning in the result (since the merger KOD officers take cases too, but a
supervisor should notice). Edits name the version the user opened and are refused as stale
when someone else saved in between.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import date

from kod_desk.domain import cases as dc
from kod_desk.domain.enums import CaseStatus, Qualification
from kod_desk.domain.errors import FieldProblem, PermissionDenied, ValidationError
from kod_desk.domain.timeutil import BERLIN, utcnow
from kod_desk.services.base import LEADERS, DbSession, Entity, Op, Result, Service
from kod_desk.storage.repos import cases as repo

TABLE = "investigation_case"
CASE_ACTION = "Ermittlungsaufträge anlegen, bearbeiten und zuweisen"


def berlin_today() -> date:
    return utcnow().astimezone(BERLIN).date()


class CaseService(Service):
    def _edit(self, name: str) -> AbstractContextManager[Op]:
        """A case write reserved to supervisors and administrators."""
        return self._op(name, roles=LEADERS, action=CASE_ACTION)

    # ------------------------------------------------------------ reading

    def list(self, flt: dc.CaseFilter | None = None, today: date | None = None) -> list[dc.CaseRow]:
        """Cases passing ``flt``: overdue first (longest overdue on top), then by due date."""
        with self._read() as session:
            return repo.list_cases(session, flt or dc.CaseFilter(), today or berlin_today())

    def get(self, case_id: str) -> dc.CaseRow:
        with self._read() as session:
            return repo.get(session, case_id)

    # ------------------------------------------------------------ writing

    def create(self, draft: dc.CaseDraft) -> Result[dc.CaseSaved]:
        """Save a new open case, numbered EA-YYYY-NNN."""
        draft = draft.normalized()
        today = berlin_today()
        problems = dc.validate_case(draft, today)
        with self._edit("case.create") as op:
            session = op.session
            incident_id, more, warnings = _check_references(session, draft, None)
            problems += more
            if problems:
                raise ValidationError(problems)
            reference = repo.next_case_reference(session, today)
            case, after = repo.insert(session, draft, reference, incident_id)
            op.audit("create", TABLE, case.id, None, after)
            op.touch(Entity.CASES, ids=[case.id])
            return op.result(dc.CaseSaved(case, warnings))

    def update(
        self, case_id: str, draft: dc.CaseDraft, expected_version: int | None = None
    ) -> Result[dc.CaseSaved]:
        """Change department, subject, address, dates, officer or source incident."""
        draft = draft.normalized()
        problems = dc.validate_case(draft, berlin_today())
        with self._edit("case.update") as op:
            session = op.session
            existing = repo.current(session, case_id, expected_version)
            incident_id, more, warnings = _check_references(session, draft, existing)
            problems += more
            if problems:
                raise ValidationError(problems)
            case, before, after = repo.update(
                session, case_id, draft, incident_id, expected_version
            )
            op.audit("update", TABLE, case_id, before, after)
            op.touch(Entity.CASES, ids=[case_id])
            return op.result(dc.CaseSaved(case, warnings))

    def change_status(
        self,
        case_id: str,
        status: CaseStatus,
        text: str = "",
        expected_version: int | None = None,
    ) -> Result[dc.CaseRow]:
        """open → in progress → done (open → done too); done needs the result.

        A done case may be reopened (→ in progress) with a reason, kept in the audit log;
        its old result stays until the case is done again.
        """
        # Not a plain role check: the assigned officer may too (checked inside).
        with self._op("case.status") as op:
            session = op.session
            existing = repo.current(session, case_id, expected_version)
            own = self._context.officer_id is not None and (
                existing.assigned_officer_id == self._context.officer_id
            )
            if not own and self._context.role not in LEADERS:
                raise PermissionDenied(
                    "Keine Berechtigung: Den Stand eines Ermittlungsauftrags ändern nur die "
                    "zugewiesene Dienstkraft, die Dienstgruppenleitung oder die Administration."
                )
            dc.check_transition(existing.status, status, text)
            result = text if status is CaseStatus.DONE else None
            case, before, after = repo.set_status(session, case_id, status, result, utcnow())
            if existing.status is CaseStatus.DONE:
                after = {**after, "reopen_reason": text.strip()}
            op.audit("status", TABLE, case_id, before, after)
            op.touch(Entity.CASES, ids=[case_id])
            return op.result(case)

    def assign(
        self, case_id: str, officer_id: str | None, expected_version: int | None = None
    ) -> Result[dc.CaseSaved]:
        """Give the case to an officer (None: to nobody yet)."""
        with self._edit("case.assign") as op:
            session = op.session
            repo.current(session, case_id, expected_version)
            problems, warnings = _officer_checks(session, officer_id)
            if problems:
                raise ValidationError(problems)
            case, before, after = repo.set_assigned(session, case_id, officer_id)
            op.audit("assign", TABLE, case_id, before, after)
            op.touch(Entity.CASES, ids=[case_id])
            return op.result(dc.CaseSaved(case, warnings))


def _check_references(
    session: DbSession, draft: dc.CaseDraft, existing: dc.CaseRow | None
) -> tuple[str | None, list[FieldProblem], tuple[str, ...]]:
    """(incident id, problems, warnings) for department, officer and source incident.

    What an edit leaves as it was is not checked again: a department made inactive or an
    officer who left since must not block correcting a typo in the subject.
    """
    problems: list[FieldProblem] = []
    warnings: tuple[str, ...] = ()
    if (
        draft.department_id
        and (existing is None or draft.department_id != existing.department_id)
        and not repo.department_exists(session, draft.department_id)
    ):
        problems.append(
            FieldProblem("department_id", "Anfordernde Stelle: unbekannt oder nicht aktiv.")
        )
    if existing is None or draft.assigned_officer_id != existing.assigned_officer_id:
        more, warnings = _officer_checks(session, draft.assigned_officer_id)
        problems += more
    incident_id: str | None = None
    reference = draft.source_incident_reference
    if existing is not None and reference == existing.source_incident_reference:
        incident_id = existing.source_incident_id
    elif reference:
        incident_id = repo.incident_id_by_reference(session, reference)
        if incident_id is None:
            problems.append(
                FieldProblem(
                    "source_incident_reference", f"Vorkommnis: {reference} wurde nicht gefunden."
                )
            )
    return incident_id, problems, warnings


def _officer_checks(
    session: DbSession, officer_id: str | None
) -> tuple[list[FieldProblem], tuple[str, ...]]:
    """Refuse an unknown or inactive officer; warn about a missing qualification."""
    if officer_id is None:
        return [], ()
    officer = repo.officer(session, officer_id)
    if officer is None:
        return [
            FieldProblem(
                "assigned_officer_id", "Zuständig: Die gewählte Dienstkraft gibt es nicht (mehr)."
            )
        ], ()
    if not officer.active:
        return [
            FieldProblem(
                "assigned_officer_id", f"Zuständig: {officer.display_name} ist nicht aktiv."
            )
        ], ()
    wanted = Qualification.INVESTIGATION.value.casefold()
    if not any(q.casefold() == wanted for q in officer.qualifications):
        return [], (
            f"Hinweis: {officer.display_name} hat die Qualifikation "
            f"„{Qualification.INVESTIGATION.value}“ nicht.",
        )
    return [], ()
