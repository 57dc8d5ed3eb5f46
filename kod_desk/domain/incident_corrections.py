"""Correcting an incident afterwards: category, crew and measures (issue 14).

Who may: the Dienstgruppenleitung and administrators always; an officer listed on the incident
as long as it is not closed. Every correction is audited with the old and the new values
(ids and readable names), and the incident's history shows them as "alt → neu".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kod_desk.domain.enums import IncidentStatus, Role
from kod_desk.domain.errors import FieldProblem, PermissionDenied
from kod_desk.domain.permissions import Viewer

ACTION = "correct_incident"
NOTHING = "—"

# (ids key, names key, German label, separator of names) of the audit snapshot.
FIELDS = (
    ("category_id", "category", "Kategorie", ""),
    ("officer_ids", "officers", "Dienstkräfte", "; "),  # names are "Nachname, Vorname"
    ("measure_ids", "measures", "Maßnahmen", ", "),
)


@dataclass(frozen=True, slots=True)
class IncidentCorrection:
    """What the incident shall say afterwards (all three, changed or not)."""

    category_id: str | None
    officer_ids: tuple[str, ...] = ()
    measure_ids: tuple[str, ...] = ()

    def normalized(self) -> IncidentCorrection:
        return IncidentCorrection(
            self.category_id or None,
            tuple(dict.fromkeys(self.officer_ids)),
            tuple(dict.fromkeys(self.measure_ids)),
        )


@dataclass(frozen=True, slots=True)
class CorrectionChoices:
    """What the correction form offers, as (id, label): active entries plus the current ones."""

    current: IncidentCorrection
    categories: tuple[tuple[str, str], ...]
    officers: tuple[tuple[str, str], ...]
    measures: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class FieldChange:
    label: str
    before: str
    after: str

    def text(self) -> str:
        return f"{self.label}: {self.before} → {self.after}"


@dataclass(frozen=True, slots=True)
class IncidentChange:
    """One correction as the history shows it."""

    at: datetime
    actor: str
    changes: tuple[FieldChange, ...]


def may_correct(viewer: Viewer, listed_officer_ids: frozenset[str], status: IncidentStatus) -> bool:
    if viewer.role in (Role.SUPERVISOR, Role.ADMIN):
        return True
    if status is IncidentStatus.CLOSED:
        return False
    return viewer.officer_id is not None and viewer.officer_id in listed_officer_ids


def check_correct(
    viewer: Viewer, listed_officer_ids: frozenset[str], status: IncidentStatus
) -> None:
    """Raise PermissionDenied (German) unless ``viewer`` may correct the incident."""
    if may_correct(viewer, listed_officer_ids, status):
        return
    if status is IncidentStatus.CLOSED:
        raise PermissionDenied(
            "Keine Berechtigung: Ein abgeschlossenes Vorkommnis berichtigt nur die "
            "Dienstgruppenleitung."
        )
    raise PermissionDenied(
        "Keine Berechtigung: Kategorie, Dienstkräfte und Maßnahmen berichtigen nur die "
        "Dienstgruppenleitung und die am Vorkommnis beteiligten Dienstkräfte."
    )


def correction_problems(
    correction: IncidentCorrection,
    kinds_ok: Mapping[str, bool],
    known_officers: set[str],
) -> list[FieldProblem]:
    """Problems of a correction, keyed by its attribute; ``kinds_ok`` says per catalogue id if
    it may be used."""
    problems: list[FieldProblem] = []
    if not correction.category_id:
        problems.append(FieldProblem("category_id", "Kategorie: Bitte eine Kategorie wählen."))
    elif not kinds_ok.get(correction.category_id, False):
        problems.append(FieldProblem("category_id", "Kategorie: unbekannt oder nicht aktiv."))
    if any(not kinds_ok.get(x, False) for x in correction.measure_ids):
        problems.append(
            FieldProblem("measure_ids", "Maßnahmen: Eine Maßnahme ist unbekannt oder nicht aktiv.")
        )
    if any(x not in known_officers for x in correction.officer_ids):
        problems.append(
            FieldProblem("officer_ids", "Dienstkräfte: Eine Dienstkraft ist unbekannt.")
        )
    return problems


def _names(value: Any, separator: str) -> str:
    if isinstance(value, list | tuple):
        return separator.join(str(v) for v in value) or NOTHING
    return str(value) if value else NOTHING


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[FieldChange, ...]:
    """The fields whose ids differ between two audit snapshots, with readable names."""
    found = []
    for ids_key, names_key, label, separator in FIELDS:
        old_ids, new_ids = before.get(ids_key), after.get(ids_key)
        if isinstance(old_ids, list) or isinstance(new_ids, list):
            same = sorted(old_ids or []) == sorted(new_ids or [])
        else:
            same = old_ids == new_ids
        if not same:
            found.append(
                FieldChange(
                    label,
                    _names(before.get(names_key), separator),
                    _names(after.get(names_key), separator),
                )
            )
    return tuple(found)


def is_unchanged(current: IncidentCorrection, wanted: IncidentCorrection) -> bool:
    return (
        current.category_id == wanted.category_id
        and set(current.officer_ids) == set(wanted.officer_ids)
        and set(current.measure_ids) == set(wanted.measure_ids)
    )


def history_entries(
    rows: Sequence[tuple[datetime, str, Mapping[str, Any] | None, Mapping[str, Any] | None]],
) -> list[IncidentChange]:
    """(at, actor, before, after) of the correction entries → the history, oldest first."""
    entries = []
    for at, actor, before, after in rows:
        changes = changed_fields(before or {}, after or {})
        if changes:
            entries.append(IncidentChange(at, actor, changes))
    return entries
