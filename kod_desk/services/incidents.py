"""Incident use cases: quick entry, list and search, notes, status, hand-over (issue 5, §7).

Notes are append-only: a correction is a new note naming the one it corrects. Reading persons
involved (personal data) writes an access entry to the audit log (DESIGN.md §10).
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from datetime import date, datetime
from pathlib import Path

from kod_desk.domain import attachments as da
from kod_desk.domain import incident_corrections as dc
from kod_desk.domain import incident_list as dl
from kod_desk.domain import incidents as di
from kod_desk.domain import permissions as dp
from kod_desk.domain.enums import CatalogKind, IncidentStatus
from kod_desk.domain.errors import FieldProblem, ValidationError
from kod_desk.domain.quick_entry import RunningDuty
from kod_desk.domain.timeutil import BERLIN, utcnow
from kod_desk.services.base import DbSession, Entity, Result, Service, ServiceContext
from kod_desk.services.files import ViewingFolder
from kod_desk.storage.repos import audit
from kod_desk.storage.repos import incident_corrections as corrections_repo
from kod_desk.storage.repos import incident_files as files_repo
from kod_desk.storage.repos import incident_list as list_repo
from kod_desk.storage.repos import incidents as repo
from kod_desk.storage.repos import masterdata as md_repo
from kod_desk.storage.repos import settings as settings_repo

MAX_PAGE = 1_000
ATTACHMENT_SETTING = "attachments"  # app_setting {"max_bytes": int}; default 10 MB


class IncidentService(Service):
    # How long one text search may run (DESIGN.md §10); tests shorten it.
    search_seconds: float = di.SEARCH_SECONDS

    def __init__(self, context: ServiceContext, viewing: ViewingFolder | None = None) -> None:
        super().__init__(context)
        self._viewing = viewing or ViewingFolder()

    def _bounded(self, session: DbSession, flt: di.IncidentFilter) -> AbstractContextManager[None]:
        """A text search gets a time limit; the plain list needs none (indexes only)."""
        if not flt.text.strip():
            return nullcontext()
        return list_repo.time_limit(session, self.search_seconds)

    # ------------------------------------------------------------ writing

    def create(self, draft: di.IncidentDraft) -> Result[di.IncidentSaved]:
        """Save a new incident with officers, measures and persons; numbers it VK-YYYY-NNNNNN."""
        draft = draft.normalized()
        now = utcnow()
        problems = di.validate_incident(draft, now)
        with self._op("incident.create") as op:
            session = op.session
            problems += _catalog_problems(session, draft)
            if problems:
                raise ValidationError(problems)
            assert draft.occurred_at is not None and draft.area_id is not None
            day = draft.occurred_at.astimezone(BERLIN).date()
            area = md_repo.get_area(session, draft.area_id)
            reference = repo.next_reference(session, f"VK-{day.year}-", 6)
            incident_id, after = repo.insert_incident(
                session, draft, reference, area.video_active_on(day)
            )
            op.audit("create", "incident", incident_id, None, after)
            op.touch(Entity.INCIDENTS, ids=[incident_id])
            return op.result(di.IncidentSaved(incident_id, reference))

    def add_note(
        self, incident_id: str, text: str, corrects_id: str | None = None
    ) -> Result[di.Note]:
        """Append a note; with ``corrects_id`` it corrects that note, which stays visible."""
        draft = di.NoteDraft(text, corrects_id)
        problems = di.validate_note(draft)
        if problems:
            raise ValidationError(problems)
        with self._op("incident.add_note") as op:
            author = repo.officer_id_for(op.session, self._context.actor)
            note, after = repo.insert_note(op.session, incident_id, draft, author)
            action = "correct_note" if corrects_id else "add_note"
            op.audit(action, "incident_note", note.id, None, after)
            op.touch(Entity.INCIDENTS, ids=[incident_id])
            return op.result(note)

    def change_status(
        self, incident_id: str, status: IncidentStatus, outcome: str = ""
    ) -> Result[di.IncidentDetail]:
        """open → in progress → closed (open → closed too); closing needs the outcome."""
        with self._op("incident.status") as op:
            session = op.session
            current = repo.current_status(session, incident_id)
            di.check_transition(current, status, outcome)
            before, after = repo.set_status(
                session, incident_id, status, outcome, self._context.actor, utcnow()
            )
            op.audit("status", "incident", incident_id, before, after)
            op.touch(Entity.INCIDENTS, ids=[incident_id])
            return op.result(repo.detail(session, incident_id, include_persons=False))

    def hand_over(
        self, incident_id: str, department_id: str | None, due_on: date | None, subject: str
    ) -> Result[di.CaseLink]:
        """Make an investigation order (Ermittlungsauftrag) of the incident, linked both ways.

        The incident goes to "in Bearbeitung" unless it already is (a closed one is refused).
        """
        subject = subject.strip()
        problems: list[str | FieldProblem] = []
        if not subject:
            problems.append(
                FieldProblem("subject", "Gegenstand: Bitte angeben, was zu ermitteln ist.")
            )
        today = utcnow().astimezone(BERLIN).date()
        if due_on is not None and due_on < today:
            problems.append(FieldProblem("due_on", "Frist: Das Datum liegt in der Vergangenheit."))
        with self._op("incident.hand_over") as op:
            session = op.session
            if department_id is not None:
                kind = repo.catalog_kinds(session, [department_id]).get(department_id)
                if kind != CatalogKind.DEPARTMENT.value:
                    problems.append(
                        FieldProblem(
                            "department_id", "Anfordernde Stelle: unbekannt oder nicht aktiv."
                        )
                    )
            current = repo.current_status(session, incident_id)
            if current is IncidentStatus.CLOSED:
                problems.append("Ein abgeschlossenes Vorkommnis kann nicht übergeben werden.")
            if problems:
                raise ValidationError(problems)
            reference = repo.next_reference(session, f"EA-{today.year}-", 3)
            link, after = repo.insert_case(
                session, incident_id, reference, department_id, subject, today, due_on
            )
            op.audit("hand_over", "investigation_case", link.id, None, after)
            if current is IncidentStatus.OPEN:
                before, status_after = repo.set_status(
                    session,
                    incident_id,
                    IncidentStatus.IN_PROGRESS,
                    "",
                    self._context.actor,
                    utcnow(),
                )
                op.audit("status", "incident", incident_id, before, status_after)
            op.touch(Entity.INCIDENTS, ids=[incident_id])
            op.touch(Entity.CASES, ids=[link.id])
            return op.result(link)

    def correct(
        self, incident_id: str, correction: dc.IncidentCorrection
    ) -> Result[di.IncidentDetail]:
        """Correct category, crew and measures afterwards (issue 14).

        The Dienstgruppenleitung may always; an officer listed on the incident while it is not
        closed. The audit entry keeps old and new ids and names; :meth:`history` shows them.
        A category or measure no longer active may stay, but not be chosen anew.
        """
        wanted = correction.normalized()
        with self._op("incident.correct") as op:
            session = op.session
            current, status = corrections_repo.current(session, incident_id)
            viewer = files_repo.viewer(session, self._context.actor, self._context.role)
            dc.check_correct(viewer, frozenset(current.officer_ids), status)
            if dc.is_unchanged(current, wanted):
                raise ValidationError(
                    "Keine Änderung: Kategorie, Dienstkräfte und Maßnahmen sind wie bisher."
                )
            ids = [x for x in (wanted.category_id, *wanted.measure_ids) if x]
            kinds = repo.catalog_kinds(session, ids)
            usable = {
                x: kinds.get(x) == CatalogKind.MEASURE.value or x in current.measure_ids
                for x in wanted.measure_ids
            }
            if wanted.category_id:
                usable[wanted.category_id] = (
                    kinds.get(wanted.category_id) == CatalogKind.INCIDENT_CATEGORY.value
                    or wanted.category_id == current.category_id
                )
            known = repo.existing_officers(session, wanted.officer_ids)
            problems = dc.correction_problems(wanted, usable, known)
            if problems:
                raise ValidationError(problems)
            before = corrections_repo.snapshot(session, current)
            corrections_repo.apply(session, incident_id, wanted, utcnow())
            after = corrections_repo.snapshot(session, wanted)
            op.audit(dc.ACTION, "incident", incident_id, before, after)
            op.touch(Entity.INCIDENTS, ids=[incident_id])
            return op.result(repo.detail(session, incident_id, include_persons=False))

    def correction_choices(self, incident_id: str) -> dc.CorrectionChoices:
        """The correction form's lists: active categories, officers and measures, plus what the
        incident has now (kept even when no longer active)."""
        with self._read() as session:
            current, _status = corrections_repo.current(session, incident_id)
            catalog = md_repo.list_catalog(session)
            officers = md_repo.list_officers(session)

        def offered(entry_id: str, active: bool, keep: tuple[str, ...]) -> bool:
            return active or entry_id in keep

        category = (current.category_id,) if current.category_id else ()
        return dc.CorrectionChoices(
            current=current,
            categories=tuple(
                (c.id, c.name)
                for c in catalog
                if c.kind is CatalogKind.INCIDENT_CATEGORY and offered(c.id, c.active, category)
            ),
            officers=tuple(
                (o.id, f"{o.display_name} ({o.service_number})")
                for o in officers
                if offered(o.id, o.active, current.officer_ids)
            ),
            measures=tuple(
                (c.id, c.name)
                for c in catalog
                if c.kind is CatalogKind.MEASURE and offered(c.id, c.active, current.measure_ids)
            ),
        )

    def may_correct(self, incident_id: str) -> bool:
        """Whether the acting user may correct this incident (the UI disables the button)."""
        with self._read() as session:
            current, status = corrections_repo.current(session, incident_id)
            viewer = files_repo.viewer(session, self._context.actor, self._context.role)
            return dc.may_correct(viewer, frozenset(current.officer_ids), status)

    def history(self, incident_id: str) -> list[dc.IncidentChange]:
        """The corrections of category, crew and measures, oldest first ("alt → neu")."""
        with self._read() as session:
            files_repo.require_incident(session, incident_id)
            rows = [r for r in audit.history(session, "incident", incident_id)]
            rows = [r for r in rows if r.action == dc.ACTION]
            names = corrections_repo.officer_names_by_number(session, [r.actor for r in rows])
        return dc.history_entries(
            [(r.at, names.get(r.actor.casefold(), r.actor), r.before, r.after) for r in rows]
        )

    def running_duties(self, at: datetime) -> list[RunningDuty]:
        """Duties running at ``at`` with area and crew: the quick entry fills its form from them."""
        with self._read() as session:
            return corrections_repo.running_duties(session, at)

    def acting_officer_id(self) -> str | None:
        """The logged-in officer (from the login, else the officer whose service number is the
        acting user's name)."""
        if self._context.officer_id is not None:
            return self._context.officer_id
        with self._read() as session:
            return repo.officer_id_for(session, self._context.actor)

    # ------------------------------------------------------------ reading

    def get(
        self, incident_id: str, *, include_persons: bool = False, reason: str = ""
    ) -> di.IncidentDetail:
        """One incident; persons (personal data) only with ``include_persons``, logged."""
        if not include_persons:
            with self._read() as session:
                return repo.detail(session, incident_id, include_persons=False)
        # Reading personal data is logged: a write that changes nothing a page shows.
        with self._op("incident.view_persons") as op:
            self._check_view_persons(op.session, incident_id)
            detail = repo.detail(op.session, incident_id, include_persons=True)
            if detail.persons:
                op.audit(
                    "view_personal_data",
                    "incident_person",
                    incident_id,
                    after={"person_ids": [p.id for p in detail.persons]},
                    reason=reason or "Vorkommnis geöffnet",
                )
        return detail

    # ------------------------------------------------------------ persons involved

    def may_view_persons(self, incident_id: str) -> bool:
        """Whether the acting role may see this incident's persons (the UI hides them if not)."""
        with self._read() as session:
            files_repo.require_incident(session, incident_id)
            viewer = files_repo.viewer(session, self._context.actor, self._context.role)
            return dp.may_view_persons(viewer, files_repo.listed_officers(session, incident_id))

    def _check_view_persons(self, session: DbSession, incident_id: str) -> None:
        files_repo.require_incident(session, incident_id)
        viewer = files_repo.viewer(session, self._context.actor, self._context.role)
        dp.check_view_persons(viewer, files_repo.listed_officers(session, incident_id))

    def add_person(self, incident_id: str, draft: di.PersonDraft) -> Result[di.Person]:
        """Add a person involved; anyone may (officers enter them in the field).

        The audit entry names only ids and the role: the audit log outlives the retention
        period of personal data, so names, birth date and address stay out of it.
        """
        draft = dp.normalized_person(draft)
        problems = dp.validate_person(draft, utcnow().astimezone(BERLIN).date())
        if problems:
            raise ValidationError(problems)
        with self._op("incident.add_person") as op:
            person = files_repo.insert_person(op.session, incident_id, draft)
            after = {"incident_id": incident_id, "role": draft.role.value}
            op.audit("add_person", "incident_person", person.id, None, after)
            op.touch(Entity.INCIDENTS, ids=[incident_id])
            return op.result(person)

    def persons(self, incident_id: str, reason: str) -> list[di.Person]:
        """The persons involved if the role may see them; logs the access with ``reason``."""
        problems = dp.validate_reason(reason)
        if problems:
            raise ValidationError(problems)
        with self._op("incident.view_persons") as op:
            self._check_view_persons(op.session, incident_id)
            found = files_repo.persons(op.session, incident_id)
            if found:
                op.audit(
                    "view_personal_data",
                    "incident_person",
                    incident_id,
                    after={"person_ids": [p.id for p in found]},
                    reason=dp.clean_reason(reason),
                )
        return found

    def person_count(self, incident_id: str) -> int:
        with self._read() as session:
            files_repo.require_incident(session, incident_id)
            return files_repo.person_count(session, incident_id)

    def remove_person(self, person_id: str) -> Result[None]:
        """Supervisors and admins only: the person disappears from the incident (soft delete)."""
        dp.check_remove_person(self._context.role)
        with self._op("incident.remove_person") as op:
            before = files_repo.delete_person(op.session, person_id, utcnow())
            op.audit("remove_person", "incident_person", person_id, before, None)
            op.touch(Entity.INCIDENTS, ids=[str(before["incident_id"])])
            return op.result(None)

    # ------------------------------------------------------------ attachments

    def max_attachment_bytes(self) -> int:
        with self._read() as session:
            return _max_attachment_bytes(session)

    def add_attachment(
        self, incident_id: str, filename: str, data: bytes, thumbnail: bytes | None = None
    ) -> Result[da.AttachmentInfo]:
        """Attach a photo or document; refused (nothing stored) when too big, of a wrong type
        or already attached (same SHA-256 on this incident)."""
        with self._op("incident.add_attachment") as op:
            session = op.session
            checked = da.check_file(filename, data, _max_attachment_bytes(session))
            files_repo.require_incident(session, incident_id)
            existing = files_repo.attachment_with_hash(session, incident_id, checked.sha256)
            if existing is not None:
                raise ValidationError(da.duplicate_message(checked.filename, existing.filename))
            info, after = files_repo.insert_attachment(
                session, incident_id, checked, data, da.usable_thumbnail(thumbnail)
            )
            op.audit("add_attachment", "attachment", info.id, None, after)
            op.touch(Entity.INCIDENTS, ids=[incident_id])
            return op.result(info)

    def attachments(self, incident_id: str) -> list[da.AttachmentInfo]:
        """Metadata and thumbnails, oldest first; the files' bytes stay in the database."""
        with self._read() as session:
            return files_repo.attachments(session, incident_id)

    def attachment_data(
        self, attachment_id: str, reason: str = "Anhang geöffnet"
    ) -> tuple[str, bytes]:
        """(file name, bytes) of one attachment, to open or save it.

        Photos may show people: every read writes an access entry (who, when, which, why).
        """
        with self._op("attachment.view") as op:
            filename, data = files_repo.attachment_data(op.session, attachment_id)
            op.audit("view_attachment", "attachment", attachment_id, reason=reason)
        return filename, data

    def viewing_copy(self, attachment_id: str) -> Path:
        """A copy of the attachment to open with the system's viewer (issue 13).

        The type is detected again from the bytes and the name, so a row stored before the
        whitelist (or put into the database by hand) is refused when it is not on it; the copy
        lies in the app's viewing folder under a generated name with the extension of the
        detected type, never under the stored name. Audited like every read.
        """
        with self._op("attachment.view") as op:
            filename, data = files_repo.attachment_data(op.session, attachment_id)
            mime_type = da.detect_type(da.clean_filename(filename), data)
            if mime_type is None:
                raise ValidationError(
                    f"Der Anhang „{da.shown_name(filename)}“ wird nicht geöffnet: Sein Dateityp "
                    f"ist nicht erlaubt (erlaubt sind {da.ALLOWED_HINT})."
                )
            op.audit("view_attachment", "attachment", attachment_id, reason="Anhang geöffnet")
            return self._viewing.write(data, da.TYPE_EXTENSIONS[mime_type])

    def list_page(
        self,
        flt: di.IncidentFilter,
        after: di.PageKey | None = None,
        limit: int = 200,
    ) -> list[di.IncidentRow]:
        """Up to ``limit`` rows newest first, after ``after`` (the last row of the last page)."""
        di.check_search_text(flt.text)
        with self._read() as session, self._bounded(session, flt):
            return repo.list_page(session, flt, after, max(1, min(limit, MAX_PAGE)))

    def plan(self, flt: di.IncidentFilter, sort: dl.IncidentSort | None = None) -> dl.ListPlan:
        """The list for a filter and sort: its total, and what :meth:`window` needs to page."""
        sort = sort or dl.IncidentSort()
        di.check_search_text(flt.text)
        if not (sort.key.segmented or sort.key.needs_small_result or flt.text.strip()):
            total = list_repo.cached_count(self._db, flt)
            if total is not None:  # the filter was counted before: just count again
                return dl.ListPlan(flt, sort, total)
        with self._read() as session, self._bounded(session, flt):
            return list_repo.plan(session, flt, sort)

    def window(self, plan: dl.ListPlan, offset: int, limit: int = 200) -> list[di.IncidentRow]:
        """Rows ``offset`` … ``offset + limit - 1`` of the plan; any position costs the same."""
        with self._read() as session, self._bounded(session, plan.filter):
            return list_repo.window(session, plan, max(0, offset), max(1, min(limit, MAX_PAGE)))

    def count(self, flt: di.IncidentFilter) -> int:
        """How many incidents the filter finds (from indexes where it can, see plan)."""
        return self.plan(flt).total

    def places(self, prefix: str, limit: int = 20) -> list[str]:
        """Places of earlier incidents starting with ``prefix``, most used first."""
        with self._read() as session:
            return repo.places(session, prefix, limit)

    def rebuild_fulltext(self) -> None:
        """Refill the full-text index (after a bulk load without triggers, or to repair it)."""
        with self._op("incident.rebuild_fulltext") as op:
            repo.rebuild_fulltext(op.session)


def _max_attachment_bytes(session: DbSession) -> int:
    stored = settings_repo.get(session, ATTACHMENT_SETTING) or {}
    value = stored.get("max_bytes")
    return value if isinstance(value, int) and value > 0 else da.DEFAULT_MAX_BYTES


def _catalog_problems(session: DbSession, draft: di.IncidentDraft) -> list[FieldProblem]:
    ids = [x for x in (draft.category_id, *draft.measure_ids) if x]
    kinds = repo.catalog_kinds(session, ids)
    problems: list[FieldProblem] = []
    if draft.category_id and kinds.get(draft.category_id) != CatalogKind.INCIDENT_CATEGORY.value:
        problems.append(FieldProblem("category_id", "Kategorie: unbekannt oder nicht aktiv."))
    if any(kinds.get(x) != CatalogKind.MEASURE.value for x in draft.measure_ids):
        problems.append(
            FieldProblem("measure_ids", "Maßnahmen: Eine Maßnahme ist unbekannt oder nicht aktiv.")
        )
    if draft.officer_ids:
        known = repo.existing_officers(session, draft.officer_ids)
        if len(known) != len(draft.officer_ids):
            problems.append(
                FieldProblem("officer_ids", "Dienstkräfte: Eine Dienstkraft ist unbekannt.")
            )
    if draft.area_id and not repo.area_exists(session, draft.area_id):
        problems.append(FieldProblem("area_id", "Einsatzgebiet: unbekannt."))
    return problems
