"""Investigation orders (Ermittlungsaufträge): drafts, rules, status changes, list rows (§7).

A case comes from another department (Ausländerbehörde, Meldebehörde …) or from an incident
handed over to the Ermittlungsdienst. It is overdue when its due date lies before today and it
is not done yet; "today" is always passed in, so the rules stay testable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from kod_desk.domain.enums import CaseStatus
from kod_desk.domain.errors import FieldProblem, ValidationError

MAX_SUBJECT = 2_000
MAX_ADDRESS = 300
MAX_RESULT = 10_000

# Allowed status changes. Done needs a result; reopening a done case (→ in progress) needs a
# reason, which goes to the audit log. Nothing goes back to "open": once started is started.
TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.OPEN: frozenset({CaseStatus.IN_PROGRESS, CaseStatus.DONE}),
    CaseStatus.IN_PROGRESS: frozenset({CaseStatus.DONE}),
    CaseStatus.DONE: frozenset({CaseStatus.IN_PROGRESS}),
}


def _clean(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- drafts


@dataclass(frozen=True, slots=True)
class CaseDraft:
    """What the case form says; the status and result change through their own step.

    ``source_incident_reference`` is the VK number the user sees (e.g. VK-2026-000123); the
    service looks the incident up by it. Empty means the case did not come from an incident.
    """

    department_id: str | None
    subject: str
    address: str = ""
    received_on: date | None = None
    due_on: date | None = None
    assigned_officer_id: str | None = None
    source_incident_reference: str = ""

    def normalized(self) -> CaseDraft:
        return CaseDraft(
            department_id=self.department_id or None,
            subject=self.subject.strip(),
            address=_clean(self.address),
            received_on=self.received_on,
            due_on=self.due_on,
            assigned_officer_id=self.assigned_officer_id or None,
            source_incident_reference=_clean(self.source_incident_reference).upper(),
        )


def validate_case(draft: CaseDraft, today: date) -> list[FieldProblem]:
    """One problem per broken rule, keyed by the CaseDraft attribute it concerns; empty when
    the draft may be saved. That the department, officer and incident exist is the service's
    part.
    """
    problems: list[FieldProblem] = []
    if not draft.department_id and not draft.source_incident_reference.strip():
        problems.append(
            FieldProblem(
                "department_id",
                "Anfordernde Stelle: Bitte die Stelle wählen, die den Auftrag erteilt hat "
                "(oder das Vorkommnis angeben, aus dem er stammt).",
            )
        )
    subject = draft.subject.strip()
    if not subject:
        problems.append(FieldProblem("subject", "Gegenstand: Bitte angeben, was zu ermitteln ist."))
    elif len(subject) > MAX_SUBJECT:
        problems.append(FieldProblem("subject", f"Gegenstand: höchstens {MAX_SUBJECT} Zeichen."))
    if len(draft.address.strip()) > MAX_ADDRESS:
        problems.append(FieldProblem("address", f"Anschrift: höchstens {MAX_ADDRESS} Zeichen."))
    if draft.received_on is None:
        problems.append(FieldProblem("received_on", "Eingang: Bitte das Eingangsdatum angeben."))
    elif draft.received_on > today:
        problems.append(
            FieldProblem("received_on", "Eingang: Das Eingangsdatum liegt in der Zukunft.")
        )
    if (
        draft.received_on is not None
        and draft.due_on is not None
        and draft.due_on < draft.received_on
    ):
        problems.append(
            FieldProblem(
                "due_on",
                f"Frist: Die Frist ({draft.due_on:%d.%m.%Y}) liegt vor dem Eingang "
                f"({draft.received_on:%d.%m.%Y}).",
            )
        )
    return problems


def check_transition(current: CaseStatus, target: CaseStatus, text: str) -> None:
    """Raise a German ValidationError unless ``current`` → ``target`` may happen with ``text``.

    ``text`` is the result when the case is done, the reason when a done case is reopened.
    """
    if target is current:
        raise ValidationError(f"Der Auftrag ist bereits „{current.label}“.")
    if target not in TRANSITIONS[current]:
        raise ValidationError(
            f"Ein Auftrag im Status „{current.label}“ kann nicht auf „{target.label}“ "
            "gesetzt werden."
        )
    if target is CaseStatus.DONE:
        if not text.strip():
            raise ValidationError(
                FieldProblem("text", "Ergebnis: Zum Erledigen bitte das Ergebnis angeben.")
            )
        if len(text.strip()) > MAX_RESULT:
            raise ValidationError(
                FieldProblem("text", f"Ergebnis: höchstens {MAX_RESULT} Zeichen.")
            )
    if current is CaseStatus.DONE and not text.strip():
        raise ValidationError(
            FieldProblem(
                "text", "Grund: Bitte angeben, warum der erledigte Auftrag wieder aufgenommen wird."
            )
        )


def next_statuses(current: CaseStatus) -> list[CaseStatus]:
    """The statuses a case may go to next, in the order of the workflow."""
    return [s for s in CaseStatus if s in TRANSITIONS[current]]


def days_overdue(due_on: date | None, status: CaseStatus, today: date) -> int:
    """Whole days past the due date; 0 when not overdue (no date, not yet due, or done)."""
    if due_on is None or status is CaseStatus.DONE or due_on >= today:
        return 0
    return (today - due_on).days


# ---------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One case, as the list and the form show it."""

    id: str
    reference: str
    department_id: str | None
    department_name: str
    subject: str
    address: str
    received_on: date
    due_on: date | None
    assigned_officer_id: str | None
    assigned_officer_name: str
    status: CaseStatus
    result: str
    closed_at: datetime | None
    source_incident_id: str | None
    source_incident_reference: str
    version: int

    def days_overdue(self, today: date) -> int:
        return days_overdue(self.due_on, self.status, today)

    def is_overdue(self, today: date) -> bool:
        return self.days_overdue(today) > 0

    def as_draft(self) -> CaseDraft:
        return CaseDraft(
            department_id=self.department_id,
            subject=self.subject,
            address=self.address,
            received_on=self.received_on,
            due_on=self.due_on,
            assigned_officer_id=self.assigned_officer_id,
            source_incident_reference=self.source_incident_reference,
        )


@dataclass(frozen=True, slots=True)
class CaseSaved:
    """A saved case and hints that did not stop the save (e.g. an officer's qualification)."""

    case: CaseRow
    warnings: tuple[str, ...] = ()


def list_order(row: CaseRow, today: date) -> tuple[int, int, date, str]:
    """The list's default order: overdue first (longest overdue on top), then by due date;
    cases without a due date after those with one, done ones last."""
    overdue = row.days_overdue(today)
    done = 1 if row.status is CaseStatus.DONE else 0
    return (done, -overdue, row.due_on or date.max, row.reference)


# ---------------------------------------------------------------- list filter


@dataclass(frozen=True, slots=True)
class CaseFilter:
    """What the list shows; empty fields do not filter.

    ``unassigned`` shows only cases nobody works on yet (``officer_id`` is then ignored).
    ``text`` matches every word in the reference, subject or address.
    """

    statuses: frozenset[CaseStatus] = field(default_factory=frozenset)
    department_id: str | None = None
    officer_id: str | None = None
    unassigned: bool = False
    overdue_only: bool = False
    text: str = ""

    def words(self) -> list[str]:
        return [w for w in self.text.split() if any(ch.isalnum() for ch in w)]


UNFINISHED = frozenset({CaseStatus.OPEN, CaseStatus.IN_PROGRESS})


def matches(row: CaseRow, flt: CaseFilter, today: date) -> bool:
    """Whether ``row`` passes ``flt`` (the same rule the repository runs in SQL)."""
    if flt.statuses and row.status not in flt.statuses:
        return False
    if flt.department_id and row.department_id != flt.department_id:
        return False
    if flt.unassigned:
        if row.assigned_officer_id is not None:
            return False
    elif flt.officer_id and row.assigned_officer_id != flt.officer_id:
        return False
    if flt.overdue_only and not row.is_overdue(today):
        return False
    haystack = f"{row.reference} {row.subject} {row.address}".casefold()
    return all(word.casefold() in haystack for word in flt.words())
