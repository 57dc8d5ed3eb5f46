"""The roster as the working-time rules see it: plain values, no storage, no Qt (DESIGN.md §5).

The rules engine (kod_desk/domain/roster_rules.py) takes a :class:`RosterFacts` and returns
:class:`Finding` values; services build the facts from the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from kod_desk.domain.enums import AbsenceKind, ShiftKind
from kod_desk.domain.errors import FieldProblem


@dataclass(frozen=True, slots=True)
class DutyFact:
    """One duty (Dienst) with its planned bounds in aware UTC."""

    id: str
    duty_date: date  # the local (Europe/Berlin) day the duty belongs to
    kind: ShiftKind
    area: str | None
    starts_at: datetime
    ends_at: datetime
    break_minutes: int | None  # planned break; None: the legal minimum is assumed
    min_staff: int
    label: str = ""  # e.g. "Spätdienst" – used in messages when set


@dataclass(frozen=True, slots=True)
class AssignmentFact:
    """An officer on a duty, with actual times once recorded."""

    shift_id: str
    officer_id: str
    is_lead: bool = False
    actual_start: datetime | None = None
    actual_end: datetime | None = None
    actual_break_minutes: int | None = None
    # Recorded break parts in minutes; parts under the minimum (15 min) are no break in the
    # sense of §4 ArbZG. Empty: ``actual_break_minutes`` is the total of valid parts.
    break_parts: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class OfficerFact:
    id: str
    service_number: str
    name: str  # "Nachname, Vorname"
    weekly_hours: float
    has_bike_training: bool


@dataclass(frozen=True, slots=True)
class AbsenceFact:
    officer_id: str
    kind: AbsenceKind
    starts_on: date
    ends_on: date  # inclusive


@dataclass(frozen=True, slots=True)
class RosterFacts:
    """Everything the rules need for a period (plus enough history for averages)."""

    duties: tuple[DutyFact, ...]
    assignments: tuple[AssignmentFact, ...]
    officers: tuple[OfficerFact, ...]
    absences: tuple[AbsenceFact, ...] = ()


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """A rule finding: stable rule id, severity, officer (service number), duties, German text."""

    rule: str
    severity: str  # "error" | "warning"
    message: str
    officer: str | None = None
    shifts: tuple[str, ...] = field(default=())
    paragraph: str = ""  # e.g. "§5 ArbZG"

    def as_json(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "officer": self.officer,
            "shifts": list(self.shifts),
            "message": self.message,
            "paragraph": self.paragraph,
        }


# ---------------------------------------------------------------- planning values


@dataclass(frozen=True, slots=True)
class ShiftDraft:
    """What a planner says about a duty: local day and wall-clock times in Europe/Berlin."""

    duty_date: date
    start: time
    end: time  # at or before start: the duty ends the next day
    kind: ShiftKind
    area_id: str | None = None
    template_id: str | None = None
    min_staff: int = 2
    break_minutes: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class CrewMember:
    officer_id: str
    service_number: str
    name: str
    is_lead: bool
    actual_start: datetime | None = None
    actual_end: datetime | None = None
    actual_break_minutes: int | None = None


@dataclass(frozen=True, slots=True)
class RosterShift:
    """A duty as the roster shows it, with its crew."""

    id: str
    duty_date: date
    kind: ShiftKind
    area_id: str | None
    area: str
    template_id: str | None
    label: str
    starts_at: datetime
    ends_at: datetime
    break_minutes: int | None
    min_staff: int
    note: str
    version: int
    crew: tuple[CrewMember, ...] = ()

    def to_fact(self) -> DutyFact:
        return DutyFact(
            id=self.id,
            duty_date=self.duty_date,
            kind=self.kind,
            area=self.area or None,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            break_minutes=self.break_minutes,
            min_staff=self.min_staff,
            label=self.label,
        )


@dataclass(frozen=True, slots=True)
class AbsenceDraft:
    officer_id: str
    kind: AbsenceKind
    starts_on: date
    ends_on: date
    note: str = ""


@dataclass(frozen=True, slots=True)
class Absence:
    id: str
    officer_id: str
    kind: AbsenceKind
    starts_on: date
    ends_on: date
    note: str
    version: int


def validate_shift(draft: ShiftDraft) -> list[FieldProblem]:
    """Every rule the draft breaks, with the field it concerns (empty when it may be saved)."""
    problems: list[FieldProblem] = []
    if draft.start == draft.end:
        problems.append(
            FieldProblem("end", "Ende gleich Beginn: ein Dienst muss eine Dauer haben.")
        )
    if draft.kind.needs_area and not draft.area_id:
        problems.append(
            FieldProblem("area_id", f"{draft.kind.label}: bitte ein Einsatzgebiet wählen.")
        )
    if not 1 <= draft.min_staff <= 20:
        problems.append(FieldProblem("min_staff", "Mindestbesetzung: 1 bis 20 Dienstkräfte."))
    if draft.break_minutes is not None and not 0 <= draft.break_minutes <= 120:
        problems.append(FieldProblem("break_minutes", "Pause: 0 bis 120 Minuten."))
    return problems


def validate_absence(draft: AbsenceDraft) -> list[FieldProblem]:
    """Every rule the draft breaks, with the field it concerns (empty when it may be saved)."""
    problems: list[FieldProblem] = []
    if draft.ends_on < draft.starts_on:
        problems.append(
            FieldProblem(
                "ends_on",
                f"Abwesenheit: Ende {draft.ends_on:%d.%m.%Y} liegt vor "
                f"Beginn {draft.starts_on:%d.%m.%Y}.",
            )
        )
    elif (draft.ends_on - draft.starts_on).days > 366:
        problems.append(FieldProblem("ends_on", "Abwesenheit: höchstens ein Jahr am Stück."))
    return problems


@dataclass(frozen=True, slots=True)
class WeekState:
    """Publication state of a roster week."""

    monday: date
    published_at: datetime | None = None
    published_by: str | None = None
    reason: str | None = None
    published_by_name: str | None = None  # "Koch, Patrick" when the publisher is an officer

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def publisher(self) -> str:
        """Who published, for people: the officer's name, else the stored actor."""
        return self.published_by_name or self.published_by or "?"


def open_places(shift: RosterShift) -> int:
    """How many officers the duty still lacks (0 when it is fully staffed)."""
    return max(0, shift.min_staff - len(shift.crew))


@dataclass(frozen=True, slots=True)
class WeekSummary:
    """What publishing a week would publish (the confirmation shows it, issue 14)."""

    state: WeekState
    duties: int
    assignments: int
    open_duties: int  # duties with fewer officers than they need
    open_places: int
    errors: int
    warnings: int
    changed: int  # duties changed since the last publication


@dataclass(frozen=True, slots=True)
class CopySummary:
    """What copying a week would do (the confirmation shows it, issue 14)."""

    source: date
    target: date
    duties: int
    assignments: int
    target_duties: int  # already in the target week: they stay, the copies come on top
    target_assignments: int
    doubled: int  # target duties of the same day, time, kind and area as a copy
    target_state: WeekState
