"""Roles are enforced in the services (issue 6 item 2): each refusal writes nothing.

The context is set the way a login sets it (services/auth.py ``_sign_in``): the officer's
service number acts, in the role of an Einsatzkraft. Sync conflict resolution (issue 8) gets
its check when it exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from kod_desk.domain.bikes import BikeDraft
from kod_desk.domain.cases import CaseDraft
from kod_desk.domain.enums import (
    AbsenceKind,
    BikeServiceKind,
    CaseStatus,
    CatalogKind,
    Role,
    ShiftKind,
)
from kod_desk.domain.errors import PermissionDenied
from kod_desk.domain.masterdata import AreaDraft, OfficerDraft
from kod_desk.domain.roster import AbsenceDraft, ShiftDraft
from kod_desk.domain.suggest_results import ProposedAssignment
from kod_desk.services.registry import Services
from kod_desk.storage.models import AuditEntry

DAY = date(2026, 6, 15)
ROSTER = (
    "Keine Berechtigung: Den Dienstplan ändern darf nur die Dienstgruppenleitung oder die "
    "Administration."
)


@dataclass
class World:
    s: Services
    anna: str  # the officer who acts
    ben: str
    shift: str
    bike: str
    case: str
    area: str


@pytest.fixture
def world(services: Services) -> World:
    md = services.masterdata
    anna = md.save_officer(OfficerDraft("K-1", "Albers", "Anna", qualifications=("Radstreife",)))
    ben = md.save_officer(OfficerDraft("K-2", "Brandt", "Ben")).value.id
    area = md.areas()[0].id
    shift = services.roster.create_shift(
        ShiftDraft(DAY, time(11), time(19), ShiftKind.BIKE_PATROL, area)
    ).value.id
    services.roster.assign(shift, anna.value.id)
    bike = services.bikes.save_bike(BikeDraft("DF-01", range_km=90, odometer_km=10)).value.id
    department = md.catalog(CatalogKind.DEPARTMENT)[0].id
    case = services.cases.create(
        CaseDraft(
            department, "Wohnsitz prüfen.", "Hauptstraße 1", DAY, DAY + timedelta(days=9), ben
        )
    ).value.case.id
    ctx = services.context  # what a login as K-1 sets
    ctx.actor, ctx.role, ctx.officer_id = "K-1", Role.OFFICER, anna.value.id
    return World(services, anna.value.id, ben, shift, bike, case, area)


def audit_rows(services: Services) -> int:
    with services.db.read() as session:
        return int(session.execute(select(func.count()).select_from(AuditEntry)).scalar_one())


def refused(w: World, action: Callable[[], object], message: str) -> None:
    before = audit_rows(w.s)
    with pytest.raises(PermissionDenied) as caught:
        action()
    assert caught.value.message.startswith("Keine Berechtigung: ")
    assert message in caught.value.message
    assert audit_rows(w.s) == before


REFUSALS: dict[str, tuple[Callable[[World], object], str]] = {
    "create_shift": (
        lambda w: w.s.roster.create_shift(ShiftDraft(DAY, time(6), time(14), ShiftKind.PATROL)),
        ROSTER,
    ),
    "assign": (lambda w: w.s.roster.assign(w.shift, w.ben), ROSTER),
    "unassign": (lambda w: w.s.roster.unassign(w.shift, w.anna), ROSTER),
    "delete_shift": (lambda w: w.s.roster.delete_shift(w.shift), ROSTER),
    "copy_week": (lambda w: w.s.roster.copy_week(DAY, DAY + timedelta(days=7)), ROSTER),
    "publish_week": (lambda w: w.s.roster.publish_week(DAY), ROSTER),
    "add_absence": (
        lambda w: w.s.roster.add_absence(AbsenceDraft(w.anna, AbsenceKind.VACATION, DAY, DAY)),
        ROSTER,
    ),
    "roster_import": (lambda w: w.s.roster_io.import_csv(b"x"), ROSTER),
    "suggestion_accept": (
        lambda w: w.s.roster_suggest.accept([ProposedAssignment(w.shift, w.ben)]),
        ROSTER,
    ),
    "save_officer": (
        lambda w: w.s.masterdata.save_officer(OfficerDraft("K-9", "Neu", "Nina")),
        "Stammdaten ändern darf nur",
    ),
    "save_area": (lambda w: w.s.masterdata.save_area(AreaDraft("Hafen")), "Stammdaten"),
    "save_bike": (lambda w: w.s.bikes.save_bike(BikeDraft("DF-09")), "Fahrradflotte"),
    "retire_bike": (lambda w: w.s.bikes.retire_bike(w.bike), "Fahrradflotte"),
    "book_bike": (lambda w: w.s.bikes.book(w.bike, w.shift, w.anna), "Fahrräder für Dienste"),
    "inspection": (
        lambda w: w.s.bikes.open_service(w.bike, BikeServiceKind.INSPECTION, ""),
        "Fahrradflotte",
    ),
    "create_case": (
        lambda w: w.s.cases.create(CaseDraft(None, "Neuer Auftrag.")),
        "Ermittlungsaufträge",
    ),
    "assign_case": (lambda w: w.s.cases.assign(w.case, w.anna), "Ermittlungsaufträge"),
    "status_of_someone_elses_case": (
        lambda w: w.s.cases.change_status(w.case, CaseStatus.IN_PROGRESS),
        "zugewiesene Dienstkraft",
    ),
    "password_of_another": (
        lambda w: w.s.auth.set_password(w.ben, "Gekapert-12345"),
        "Passwörter setzen",
    ),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_an_officer_is_refused_and_nothing_is_written(world: World, name: str) -> None:
    action, message = REFUSALS[name]
    refused(world, lambda: action(world), message)


def test_a_supervisor_may_not_give_roles(world: World) -> None:
    world.s.context.role = Role.SUPERVISOR
    officer = world.s.masterdata.officer(world.ben)
    promote = replace(officer.as_draft(), role=Role.ADMIN)
    refused(
        world,
        lambda: world.s.masterdata.save_officer(promote, world.ben),
        "Rollen vergeben darf nur die Administration",
    )
    world.s.masterdata.save_officer(replace(officer.as_draft(), weekly_hours=30.0), world.ben)


def test_what_every_officer_may_do(world: World) -> None:
    """Check the bike booked to their duty out and back with a defect, report a defect."""
    s = world.s
    at = datetime(2026, 6, 15, 9, tzinfo=UTC)
    s.context.role = Role.SUPERVISOR
    s.bikes.book(world.bike, world.shift, world.anna)
    s.context.role = Role.OFFICER
    out = s.bikes.check_out(world.bike, world.anna, at, 10, 90).value
    s.bikes.check_in(out.id, at + timedelta(hours=3), 30, 60, "Bremse quietscht")
    s.bikes.open_service(world.bike, BikeServiceKind.REPAIR, "Licht defekt")
    # An officer works the case assigned to them.
    s.context.role = Role.SUPERVISOR
    s.cases.assign(world.case, world.anna)
    s.context.role = Role.OFFICER
    assert s.cases.change_status(world.case, CaseStatus.IN_PROGRESS).value.status is (
        CaseStatus.IN_PROGRESS
    )
