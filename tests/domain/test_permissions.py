"""Who may see persons involved; what a person record needs."""

from __future__ import annotations

from datetime import date

import pytest

from kod_desk.domain.enums import PersonRole, Role, Unit
from kod_desk.domain.errors import FieldProblem, PermissionDenied
from kod_desk.domain.incidents import PersonDraft
from kod_desk.domain.permissions import (
    Viewer,
    check_remove_person,
    check_view_persons,
    may_view_persons,
    validate_person,
    validate_reason,
)

LISTED = frozenset({"o-1"})
TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("viewer", "allowed"),
    [
        (Viewer(Role.ADMIN), True),
        (Viewer(Role.SUPERVISOR), True),
        (Viewer(Role.OFFICER, Unit.KOD, "o-1"), True),  # listed on the incident
        (Viewer(Role.OFFICER, Unit.INVESTIGATION, "o-9"), True),  # Ermittlungsdienst
        (Viewer(Role.OFFICER, Unit.KOD, "o-2"), False),
        (Viewer(Role.OFFICER), False),  # no officer record behind the user
    ],
)
def test_view_policy(viewer: Viewer, allowed: bool) -> None:
    assert may_view_persons(viewer, LISTED) is allowed


def test_refusals_are_german_permission_errors() -> None:
    with pytest.raises(PermissionDenied, match=r"^Keine Berechtigung: "):
        check_view_persons(Viewer(Role.OFFICER, Unit.KOD, "o-2"), LISTED)
    with pytest.raises(PermissionDenied, match=r"^Keine Berechtigung: .*entfernen"):
        check_remove_person(Role.OFFICER)
    check_remove_person(Role.SUPERVISOR)


def test_person_needs_name_or_description() -> None:
    assert validate_person(PersonDraft(PersonRole.WITNESS, "Muster"), TODAY) == []
    assert validate_person(PersonDraft(PersonRole.WITNESS, note="Frau mit Hund"), TODAY) == []
    [problem] = validate_person(PersonDraft(PersonRole.WITNESS), TODAY)
    assert problem.field == "last_name" and problem.message.startswith("Name:")


def test_person_birth_date_and_role() -> None:
    future = PersonDraft(PersonRole.AFFECTED, "Muster", birth_date=date(2027, 1, 1))
    assert validate_person(future, TODAY) == [
        FieldProblem("birth_date", "Geburtsdatum: Das Datum liegt in der Zukunft.")
    ]
    wrong_role = PersonDraft("boss", "Muster")  # type: ignore[arg-type]
    [role] = validate_person(wrong_role, TODAY)
    assert role.field == "role" and role.message.startswith("Rolle:")


def test_reason_required() -> None:
    assert validate_reason("Anhörung") == []
    [reason] = validate_reason("   ")
    assert reason.field == "reason" and reason.message.startswith("Grund:")
