"""Master data use cases: officers, areas, catalogues, shift templates (issue 2, DESIGN.md §2).

Nothing is hard-deleted: "Deaktivieren" keeps the row (and its history) and hides it from the
choices of new duties and incidents.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import replace
from typing import Any

from kod_desk.domain import masterdata as dm
from kod_desk.domain.enums import CatalogKind, Role
from kod_desk.domain.errors import FieldProblem, PermissionDenied, ValidationError
from kod_desk.domain.sync_rules import managed_by_office
from kod_desk.services.base import LEADERS, DbSession, Entity, Op, Result, Service, require
from kod_desk.storage.repos import masterdata as repo
from kod_desk.storage.repos import sync as sync_repo

MASTERDATA_ACTION = "Stammdaten ändern"


class MasterDataService(Service):
    def _edit(self, name: str) -> AbstractContextManager[Op]:
        """A master-data write: supervisors and administrators only."""
        return self._op(name, roles=LEADERS, action=MASTERDATA_ACTION)

    # ------------------------------------------------------------ reading

    def load(self) -> dm.MasterData:
        with self._read() as session:
            return dm.MasterData(
                officers=tuple(repo.list_officers(session)),
                areas=tuple(repo.list_areas(session)),
                catalog=tuple(repo.list_catalog(session)),
                templates=tuple(repo.list_templates(session)),
            )

    def officers(self, *, include_inactive: bool = True) -> list[dm.Officer]:
        with self._read() as session:
            return repo.list_officers(session, include_inactive=include_inactive)

    def officer(self, officer_id: str) -> dm.Officer:
        with self._read() as session:
            return repo.get_officer(session, officer_id)

    def areas(self, *, include_inactive: bool = True) -> list[dm.Area]:
        with self._read() as session:
            return repo.list_areas(session, include_inactive=include_inactive)

    def catalog(self, kind: CatalogKind | None = None) -> list[dm.CatalogEntry]:
        with self._read() as session:
            return repo.list_catalog(session, kind)

    def templates(self) -> list[dm.ShiftTemplate]:
        with self._read() as session:
            return repo.list_templates(session)

    # ------------------------------------------------------------ officers

    def save_officer(
        self,
        draft: dm.OfficerDraft,
        officer_id: str | None = None,
        expected_version: int | None = None,
    ) -> Result[dm.Officer]:
        """Create (no id) or update an officer; refuses a duplicate service number."""
        draft = draft.normalized()
        problems = dm.validate_officer(draft)
        with self._edit("masterdata.save_officer") as op:
            session = op.session
            other = repo.officer_id_by_service_number(session, draft.service_number)
            if draft.service_number and other is not None and other != officer_id:
                holder = repo.get_officer(session, other)
                problems.append(
                    FieldProblem(
                        "service_number",
                        f"Dienstnummer {draft.service_number} ist schon vergeben "
                        f"({holder.display_name}).",
                    )
                )
            if problems:
                raise ValidationError(problems)
            self._check_role(session, officer_id, draft.role, draft.active)
            administrators = repo.administrators(session)
            if officer_id is None:
                officer, after = repo.insert_officer(session, draft)
                op.audit("create", "officer", officer.id, None, after)
            else:
                officer, before, after = repo.update_officer(
                    session, officer_id, draft, expected_version
                )
                _keep_an_administrator(session, administrators, [officer.service_number])
                op.audit(_verb(before, after), "officer", officer.id, before, after)
            op.touch(Entity.OFFICERS, ids=[officer.id])
            return op.result(officer)

    def _check_role(
        self, session: DbSession, officer_id: str | None, role: Role, active: bool = True
    ) -> None:
        """Only administrators give or take roles (an officer is created as Einsatzkraft);
        at a station that receives its logins from the office nobody does (issue 13)."""
        current = None if officer_id is None else repo.get_officer(session, officer_id)
        role_before = Role.OFFICER if current is None else current.role
        active_before = True if current is None else current.active
        if role is not role_before or active is not active_before:
            office = sync_repo.office(session)
            if office is not None:
                raise PermissionDenied(managed_by_office(office.name))
        if self._context.role is Role.ADMIN:
            return
        if role is not role_before:
            require(self._context, Role.ADMIN, action="Rollen vergeben")

    def set_officer_active(self, officer_id: str, active: bool) -> Result[dm.Officer]:
        current = self.officer(officer_id)
        return self.save_officer(replace(current.as_draft(), active=active), officer_id)

    def import_officers(self, drafts: list[tuple[int, dm.OfficerDraft]]) -> Result[int]:
        """Insert or update officers by service number, all or nothing.

        ``drafts`` carries each draft with its line number so every problem names its line.
        """
        problems: list[str] = []
        seen: dict[str, int] = {}
        normalized: list[tuple[int, dm.OfficerDraft]] = []
        for line, raw in drafts:
            draft = raw.normalized()
            normalized.append((line, draft))
            problems.extend(f"Zeile {line}: {p.message}" for p in dm.validate_officer(draft))
            key = draft.service_number.lower()
            if key and key in seen:
                problems.append(
                    f"Zeile {line}: Dienstnummer {draft.service_number} steht schon in "
                    f"Zeile {seen[key]}."
                )
            seen.setdefault(key, line)
        with self._edit("masterdata.import_officers") as op:
            if problems:
                raise ValidationError(problems)
            session = op.session
            existing = repo.officer_ids_by_service_number(session)
            administrators = repo.administrators(session)
            demoted: list[str] = []  # administrators this import demotes or deactivates
            touched: list[str] = []
            for _line, draft in normalized:
                officer_id = existing.get(draft.service_number.lower())
                self._check_role(session, officer_id, draft.role, draft.active)
                if officer_id is None:
                    officer, after = repo.insert_officer(session, draft)
                    op.audit("import", "officer", officer.id, None, after)
                else:
                    officer, before, after = repo.update_officer(session, officer_id, draft, None)
                    if _was_administrator(before) and not _was_administrator(after):
                        demoted.append(officer.service_number)
                    if before != after:
                        op.audit("import", "officer", officer.id, before, after)
                touched.append(officer.id)
            _keep_an_administrator(session, administrators, demoted)
            op.touch(Entity.OFFICERS, ids=touched)
            return op.result(len(normalized))

    # ------------------------------------------------------------ areas

    def save_area(
        self, draft: dm.AreaDraft, area_id: str | None = None, expected_version: int | None = None
    ) -> Result[dm.Area]:
        draft = replace(draft, short_code=dm.normalize_short_code(draft.short_code))
        problems = dm.validate_area(draft)
        with self._edit("masterdata.save_area") as op:
            session = op.session
            other = repo.area_id_by_name(session, draft.name)
            if draft.name.strip() and other is not None and other != area_id:
                problems.append(
                    FieldProblem("name", f"Ein Einsatzgebiet „{draft.name.strip()}“ gibt es schon.")
                )
            code = draft.short_code
            holder = None if code is None else repo.area_by_short_code(session, code)
            if holder is not None and holder[0] != area_id:
                problems.append(
                    FieldProblem(
                        "short_code", f"Kürzel „{code}“ hat schon das Einsatzgebiet „{holder[1]}“."
                    )
                )
            if problems:
                raise ValidationError(problems)
            if area_id is None:
                area, after = repo.insert_area(session, draft)
                op.audit("create", "area", area.id, None, after)
            else:
                area, before, after = repo.update_area(session, area_id, draft, expected_version)
                op.audit(_verb(before, after), "area", area.id, before, after)
            op.touch(Entity.AREAS, ids=[area.id])
            return op.result(area)

    def set_area_active(self, area_id: str, active: bool) -> Result[dm.Area]:
        with self._read() as session:
            current = repo.get_area(session, area_id)
        return self.save_area(replace(current.as_draft(), active=active), area_id)

    # ------------------------------------------------------------ catalogues

    def save_catalog_entry(
        self,
        draft: dm.CatalogEntryDraft,
        entry_id: str | None = None,
        expected_version: int | None = None,
    ) -> Result[dm.CatalogEntry]:
        problems = dm.validate_catalog_entry(draft)
        with self._edit("masterdata.save_catalog_entry") as op:
            session = op.session
            other = repo.catalog_id_by_name(session, draft.kind, draft.name)
            if draft.name.strip() and other is not None and other != entry_id:
                problems.append(
                    FieldProblem(
                        "name", f"{draft.kind.label} „{draft.name.strip()}“ gibt es schon."
                    )
                )
            if problems:
                raise ValidationError(problems)
            if entry_id is None:
                entry, after = repo.insert_catalog_entry(session, draft)
                op.audit("create", "catalog_entry", entry.id, None, after)
            else:
                entry, before, after = repo.update_catalog_entry(
                    session, entry_id, draft, expected_version
                )
                op.audit(_verb(before, after), "catalog_entry", entry.id, before, after)
            op.touch(Entity.CATALOG, ids=[entry.id])
            return op.result(entry)

    def set_catalog_entry_active(
        self, entry: dm.CatalogEntry, active: bool
    ) -> Result[dm.CatalogEntry]:
        return self.save_catalog_entry(replace(entry.as_draft(), active=active), entry.id)

    # ------------------------------------------------------------ shift templates

    def save_template(
        self,
        draft: dm.ShiftTemplateDraft,
        template_id: str | None = None,
        expected_version: int | None = None,
    ) -> Result[dm.ShiftTemplate]:
        problems = dm.validate_shift_template(draft)
        with self._edit("masterdata.save_template") as op:
            session = op.session
            other = repo.template_id_by_name(session, draft.name)
            if draft.name.strip() and other is not None and other != template_id:
                problems.append(
                    FieldProblem(
                        "name", f"Eine Dienstvorlage „{draft.name.strip()}“ gibt es schon."
                    )
                )
            if problems:
                raise ValidationError(problems)
            if template_id is None:
                template, after = repo.insert_template(session, draft)
                op.audit("create", "shift_template", template.id, None, after)
            else:
                template, before, after = repo.update_template(
                    session, template_id, draft, expected_version
                )
                op.audit(_verb(before, after), "shift_template", template.id, before, after)
            op.touch(Entity.TEMPLATES, ids=[template.id])
            return op.result(template)

    def set_template_active(
        self, template: dm.ShiftTemplate, active: bool
    ) -> Result[dm.ShiftTemplate]:
        return self.save_template(replace(template.as_draft(), active=active), template.id)


def _was_administrator(snapshot: dict[str, Any]) -> bool:
    return snapshot.get("role") == Role.ADMIN.value and bool(snapshot.get("active"))


def _keep_an_administrator(session: DbSession, before: tuple[int, int], names: list[str]) -> None:
    """Refuse (inside the transaction, so nothing is written) a change that leaves no active
    administrator, or none who can log in, where there was one (DESIGN.md §10)."""
    after = repo.administrators(session)
    if all(not had or now for had, now in zip(before, after, strict=True)):
        return
    who = f" ({', '.join(names)})" if names else ""
    raise ValidationError(
        f"Die letzte Administration{who} kann weder eine andere Rolle bekommen noch "
        "deaktiviert werden; bitte zuerst eine weitere Dienstkraft zur Administration machen "
        "und ihr ein Passwort geben."
    )


def _verb(before: dict[str, Any], after: dict[str, Any]) -> str:
    if before.get("active") and not after.get("active"):
        return "deactivate"
    if not before.get("active") and after.get("active"):
        return "reactivate"
    return "update"
