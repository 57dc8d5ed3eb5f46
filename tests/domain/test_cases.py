"""Rules of investigation orders: drafts, status changes, overdue days, list order, filter."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from kod_desk.domain.cases import (
    CaseDraft,
    CaseFilter,
    CaseRow,
    check_transition,
    days_overdue,
    list_order,
    matches,
    next_statuses,
    validate_case,
)
from kod_desk.domain.enums import CaseStatus
from kod_desk.domain.errors import ValidationError

TODAY = date(2026, 5, 20)


def draft(**changes: object) -> CaseDraft:
    base = CaseDraft(
        department_id="dep-1",
        subject="Aufenthaltsermittlung zur Zustellung eines Bescheids.",
        address="Hafenstraße 7",
        received_on=date(2026, 5, 18),
        due_on=date(2026, 6, 1),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def row(reference: str, due_on: date | None, status: CaseStatus = CaseStatus.OPEN) -> CaseRow:
    return CaseRow(
        id=reference,
        reference=reference,
        department_id="dep-1",
        department_name="Meldebehörde",
        subject=f"Wohnsitzprüfung {reference}",
        address="Schillerstraße 22",
        received_on=date(2026, 4, 1),
        due_on=due_on,
        assigned_officer_id=None,
        assigned_officer_name="",
        status=status,
        result="",
        closed_at=None,
        source_incident_id=None,
        source_incident_reference="",
        version=1,
    )


def test_a_complete_draft_passes() -> None:
    assert validate_case(draft(), TODAY) == []
    # Without a department it may still come from an incident.
    assert validate_case(draft(department_id=None, source_incident_reference="VK-1"), TODAY) == []


@pytest.mark.parametrize(
    ("changes", "label", "key"),
    [
        ({"subject": "   "}, "Gegenstand:", "subject"),
        ({"subject": "x" * 2001}, "Gegenstand:", "subject"),
        ({"department_id": None}, "Anfordernde Stelle:", "department_id"),
        ({"received_on": None}, "Eingang:", "received_on"),
        ({"received_on": date(2026, 5, 21)}, "Eingang:", "received_on"),
        ({"due_on": date(2026, 5, 17)}, "Frist:", "due_on"),
        ({"address": "a" * 301}, "Anschrift:", "address"),
    ],
)
def test_each_broken_rule_names_its_field(changes: dict[str, object], label: str, key: str) -> None:
    problems = validate_case(draft(**changes), TODAY)
    assert len(problems) == 1
    assert problems[0].message.startswith(label)  # the German text names it …
    assert problems[0].field == key  # … and the form finds it by the draft's attribute


def test_due_date_before_receipt_says_both_dates() -> None:
    (problem,) = validate_case(draft(due_on=date(2026, 5, 10)), TODAY)
    assert "10.05.2026" in problem.message and "18.05.2026" in problem.message
    # Due on the day of receipt is fine; a past due date too (entered late).
    assert validate_case(draft(due_on=date(2026, 5, 18)), TODAY) == []


def test_normalized_cleans_text_and_reference() -> None:
    clean = draft(
        subject="  Prüfung \n", address=" Am  Markt 1 ", source_incident_reference=" vk-2026-1 "
    ).normalized()
    assert clean.subject == "Prüfung"
    assert clean.address == "Am Markt 1"
    assert clean.source_incident_reference == "VK-2026-1"
    assert draft(department_id="").normalized().department_id is None


def test_status_workflow() -> None:
    check_transition(CaseStatus.OPEN, CaseStatus.IN_PROGRESS, "")
    check_transition(CaseStatus.IN_PROGRESS, CaseStatus.DONE, "Person angetroffen.")
    check_transition(CaseStatus.OPEN, CaseStatus.DONE, "Erledigt durch Rückruf.")
    check_transition(CaseStatus.DONE, CaseStatus.IN_PROGRESS, "Behörde bittet um Nachprüfung.")
    assert next_statuses(CaseStatus.OPEN) == [CaseStatus.IN_PROGRESS, CaseStatus.DONE]
    assert next_statuses(CaseStatus.DONE) == [CaseStatus.IN_PROGRESS]


@pytest.mark.parametrize(
    ("current", "target", "text", "message"),
    [
        (CaseStatus.IN_PROGRESS, CaseStatus.DONE, "  ", "Ergebnis:"),
        (CaseStatus.DONE, CaseStatus.IN_PROGRESS, "", "Grund:"),
        (CaseStatus.IN_PROGRESS, CaseStatus.OPEN, "", "kann nicht auf „offen“"),
        (CaseStatus.DONE, CaseStatus.OPEN, "weil", "kann nicht auf „offen“"),
        (CaseStatus.OPEN, CaseStatus.OPEN, "", "bereits „offen“"),
    ],
)
def test_refused_status_changes_say_why(
    current: CaseStatus, target: CaseStatus, text: str, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        check_transition(current, target, text)
    assert message in refused.value.message


def test_days_overdue() -> None:
    assert days_overdue(date(2026, 5, 17), CaseStatus.OPEN, TODAY) == 3
    assert days_overdue(date(2026, 5, 19), CaseStatus.IN_PROGRESS, TODAY) == 1
    assert days_overdue(TODAY, CaseStatus.OPEN, TODAY) == 0  # due today is not late yet
    assert days_overdue(date(2026, 5, 1), CaseStatus.DONE, TODAY) == 0
    assert days_overdue(None, CaseStatus.OPEN, TODAY) == 0
    assert row("EA-1", date(2026, 5, 10)).is_overdue(TODAY)


def test_list_order_puts_the_longest_overdue_first_and_done_last() -> None:
    rows = [
        row("A", date(2026, 6, 10)),
        row("B", None),
        row("C", date(2026, 5, 19)),
        row("D", date(2026, 5, 1)),
        row("E", date(2026, 4, 1), CaseStatus.DONE),
        row("F", date(2026, 5, 25)),
    ]
    ordered = sorted(rows, key=lambda r: list_order(r, TODAY))
    assert [r.reference for r in ordered] == ["D", "C", "F", "A", "B", "E"]


def test_filter_matches_status_overdue_and_words() -> None:
    late = row("EA-2026-041", date(2026, 5, 1))
    assert matches(late, CaseFilter(overdue_only=True), TODAY)
    assert not matches(row("EA-2", date(2026, 6, 1)), CaseFilter(overdue_only=True), TODAY)
    assert matches(late, CaseFilter(text="schiller 041"), TODAY)
    assert matches(late, CaseFilter(text="WOHNSITZPRÜFUNG"), TODAY)
    assert not matches(late, CaseFilter(text="Hafen"), TODAY)
    assert not matches(late, CaseFilter(statuses=frozenset({CaseStatus.DONE})), TODAY)
    assert matches(late, CaseFilter(unassigned=True, officer_id="someone"), TODAY)
    assert not matches(late, CaseFilter(officer_id="someone"), TODAY)
