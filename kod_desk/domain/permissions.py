"""Who may see and change persons involved in incidents (personal data, DESIGN.md §10), and
who hands out which bike (issue 14; the bike rules at the end).

Policy (issue 5):

- supervisors and admins see the persons of every incident;
- officers see them only on incidents they are listed on, or when they belong to the
  Ermittlungsdienst (which works the follow-up);
- anyone may *add* a person (officers enter them in the field);
- only supervisors and admins remove one (a soft delete, audited).

Refusals raise :class:`PermissionDenied` with a German message. The rules of a person record
itself (a name or a description, no birth date in the future) live here too, so everything
about personal data is in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kod_desk.domain.enums import PersonRole, Role, Unit
from kod_desk.domain.errors import FieldProblem, PermissionDenied
from kod_desk.domain.incidents import PersonDraft

MAX_NAME = 80  # the columns of incident_person
MAX_ADDRESS = 500
MAX_PERSON_NOTE = 2_000
MAX_REASON = 200

# Quick choices for the reason of an access to personal data; free text is allowed too.
ACCESS_REASONS = ("Sachbearbeitung", "Anhörung", "Auskunftsersuchen", "Berichterstellung")


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who looks: the role of the session and, when known, the officer record behind it."""

    role: Role
    unit: Unit | None = None
    officer_id: str | None = None


def may_view_persons(viewer: Viewer, listed_officer_ids: frozenset[str]) -> bool:
    """True when ``viewer`` may see the persons of an incident with these officers."""
    if viewer.role in (Role.SUPERVISOR, Role.ADMIN):
        return True
    if viewer.unit is Unit.INVESTIGATION:
        return True
    return viewer.officer_id is not None and viewer.officer_id in listed_officer_ids


def check_view_persons(viewer: Viewer, listed_officer_ids: frozenset[str]) -> None:
    if not may_view_persons(viewer, listed_officer_ids):
        raise PermissionDenied(
            "Keine Berechtigung: Beteiligte Personen sehen nur die Dienstgruppenleitung, der "
            "Ermittlungsdienst und die am Vorkommnis beteiligten Dienstkräfte."
        )


def may_remove_person(role: Role) -> bool:
    return role in (Role.SUPERVISOR, Role.ADMIN)


def check_remove_person(role: Role) -> None:
    if not may_remove_person(role):
        raise PermissionDenied(
            "Keine Berechtigung: Nur die Dienstgruppenleitung kann beteiligte Personen entfernen."
        )


def clean_reason(reason: str) -> str:
    return " ".join(reason.split())


def validate_reason(reason: str) -> list[FieldProblem]:
    """The reason of an access to personal data is required (it goes into the access log);
    its field is "reason"."""
    text = clean_reason(reason)
    if not text:
        return [
            FieldProblem(
                "reason",
                "Grund: Bitte angeben, warum die personenbezogenen Daten aufgerufen werden.",
            )
        ]
    if len(text) > MAX_REASON:
        return [FieldProblem("reason", f"Grund: höchstens {MAX_REASON} Zeichen.")]
    return []


def normalized_person(draft: PersonDraft) -> PersonDraft:
    def clean(text: str) -> str:
        return " ".join(text.split())

    return PersonDraft(
        draft.role,
        clean(draft.last_name),
        clean(draft.first_name),
        draft.birth_date,
        draft.address.strip(),
        draft.note.strip(),
    )


def validate_person(draft: PersonDraft, today: date) -> list[FieldProblem]:
    """Problems keyed by the PersonDraft attribute; a person needs a name or a description."""
    problems: list[FieldProblem] = []
    if not isinstance(draft.role, PersonRole):
        problems.append(
            FieldProblem(
                "role", "Rolle: Bitte Betroffene/r, Zeuge/Zeugin oder Hinweisgeber/in wählen."
            )
        )
    if not (draft.last_name.strip() or draft.first_name.strip() or draft.note.strip()):
        problems.append(
            FieldProblem(
                "last_name",
                "Name: Bitte einen Namen angeben oder die Person in der Beschreibung kennzeichnen.",
            )
        )
    for key, label, value in (
        ("last_name", "Nachname", draft.last_name),
        ("first_name", "Vorname", draft.first_name),
    ):
        if len(value) > MAX_NAME:
            problems.append(FieldProblem(key, f"{label}: höchstens {MAX_NAME} Zeichen."))
    if draft.birth_date is not None:
        if draft.birth_date > today:
            problems.append(
                FieldProblem("birth_date", "Geburtsdatum: Das Datum liegt in der Zukunft.")
            )
        elif draft.birth_date.year < 1900:
            problems.append(FieldProblem("birth_date", "Geburtsdatum: Das Datum liegt vor 1900."))
    if len(draft.address) > MAX_ADDRESS:
        problems.append(FieldProblem("address", f"Anschrift: höchstens {MAX_ADDRESS} Zeichen."))
    if len(draft.note) > MAX_PERSON_NOTE:
        problems.append(FieldProblem("note", f"Beschreibung: höchstens {MAX_PERSON_NOTE} Zeichen."))
    return problems


# ---------------------------------------------------------------- bikes (issue 14)

# The fleet's books (bikes, bookings, inspections, closing repairs) are kept by supervisors
# and administrators; an officer hands out and takes back the bikes booked to their own duty.
OWN_BIKES_ONLY = (
    "Dienstkräfte geben nur die Fahrräder aus und nehmen nur die zurück, die für ihren eigenen "
    "Dienst gebucht sind; alle anderen die Dienstgruppenleitung oder die Administration."
)


def may_keep_fleet(role: Role) -> bool:
    """Bikes, bookings, inspections and closing repairs: supervisors and administrators."""
    return role in (Role.SUPERVISOR, Role.ADMIN)


def may_hand_over_bike(viewer: Viewer, crew: frozenset[str]) -> bool:
    """May ``viewer`` hand out or take back a bike booked to (or ridden on) a duty of ``crew``?

    Supervisors and administrators any bike; an officer only one of a duty they are on
    (``crew``: the duty's officers and the rider).
    """
    if may_keep_fleet(viewer.role):
        return True
    return viewer.officer_id is not None and viewer.officer_id in crew


def check_hand_over_bike(viewer: Viewer, crew: frozenset[str], what: str) -> None:
    """Refuse an officer a bike outside their own duty; ``what`` says which and why."""
    if not may_hand_over_bike(viewer, crew):
        raise PermissionDenied(f"Keine Berechtigung: {what} {OWN_BIKES_ONLY}")


# ---------------------------------------------------------------- who may do what (issue 14)


class Permission(StrEnum):
    """What a role may do; the services refuse the same (services.base.require).

    The desktop disables what the logged-in role may not do and says who may
    (:func:`who_may`), so nobody fills in a form only to be refused.
    """

    PLAN_ROSTER = "plan_roster"  # duties, crews, absences, publishing, import, Vorschlag
    EDIT_MASTER_DATA = "edit_master_data"  # officers, areas, catalogues, templates
    SET_PASSWORDS = "set_passwords"
    MANAGE_FLEET = "manage_fleet"  # bikes, maintenance, retiring
    BOOK_BIKES = "book_bikes"  # bikes booked to duties
    MANAGE_CASES = "manage_cases"  # investigation orders: create, edit, assign
    EXPORT_STATISTICS = "export_statistics"
    IMPORT_SYNC = "import_sync"  # packages of other stations, conflicts
    TRUST_STATIONS = "trust_stations"  # trust, revoke, the office station
    READ_AUDIT = "read_audit"  # the Verwaltung log and its verification
    RETENTION = "retention"  # retention period and purging personal data
    REMOVE_PERSON = "remove_person"


_LEADERS = frozenset({Role.SUPERVISOR, Role.ADMIN})
_ADMIN = frozenset({Role.ADMIN})

ALLOWED: dict[Permission, frozenset[Role]] = {
    Permission.PLAN_ROSTER: _LEADERS,
    Permission.EDIT_MASTER_DATA: _LEADERS,
    Permission.SET_PASSWORDS: _ADMIN,
    Permission.MANAGE_FLEET: _LEADERS,
    Permission.BOOK_BIKES: _LEADERS,
    Permission.MANAGE_CASES: _LEADERS,
    Permission.EXPORT_STATISTICS: _LEADERS,
    Permission.IMPORT_SYNC: _LEADERS,
    Permission.TRUST_STATIONS: _ADMIN,
    Permission.READ_AUDIT: _ADMIN,
    Permission.RETENTION: _ADMIN,
    Permission.REMOVE_PERSON: _LEADERS,
}


def may(role: Role, permission: Permission) -> bool:
    """True when ``role`` may do what ``permission`` names."""
    return role in ALLOWED[permission]


def who_may(permission: Permission) -> str:
    """The tooltip of a disabled action: "Nur Dienstgruppenleitung und Administration." """
    roles = [role.label for role in Role if role in ALLOWED[permission]]
    if len(roles) == len(Role):
        return ""
    return "Nur " + " und ".join(roles) + "."
