"""Incident rules: draft validation, status transitions, the safe full-text query."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kod_desk.domain.enums import IncidentSource, IncidentStatus, PersonRole
from kod_desk.domain.errors import FieldProblem, ValidationError
from kod_desk.domain.incidents import (
    IncidentDraft,
    NoteDraft,
    PersonDraft,
    check_transition,
    fulltext_query,
    summary_of,
    validate_incident,
    validate_note,
)
from tests import raw_sql

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
GOOD = IncidentDraft(
    occurred_at=NOW - timedelta(minutes=10),
    area_id="a",
    category_id="c",
    source=IncidentSource.PATROL,
    place="  Bahnhofstraße   3 ",
    description=" Ruhestörung am Brunnen. ",
    officer_ids=("o1", "o1", "o2"),
)


def test_a_complete_draft_has_no_problems_and_normalizes() -> None:
    draft = GOOD.normalized()
    assert validate_incident(draft, NOW) == []
    assert draft.place == "Bahnhofstraße 3"
    assert draft.description == "Ruhestörung am Brunnen."
    assert draft.officer_ids == ("o1", "o2")


def test_every_required_field_is_named_in_german() -> None:
    empty = IncidentDraft(None, None, None, None, " ", "")
    problems = validate_incident(empty, NOW)
    assert [(p.field, p.message.split(":")[0]) for p in problems] == [
        ("occurred_at", "Zeitpunkt"),
        ("area_id", "Einsatzgebiet"),
        ("category_id", "Kategorie"),
        ("source", "Quelle"),
        ("place", "Ort"),
        ("description", "Beschreibung"),
    ]


def test_time_in_the_future_and_half_coordinates_are_refused() -> None:
    future = GOOD.normalized().__class__(
        NOW + timedelta(hours=1), "a", "c", IncidentSource.CITIZEN, "x", "y", latitude=1.0
    )
    problems = validate_incident(future, NOW)
    assert FieldProblem("occurred_at", "Zeitpunkt: liegt in der Zukunft.") in problems
    assert any(p.field == "longitude" and p.message.startswith("Koordinaten") for p in problems)


def test_persons_need_a_name_and_a_past_birth_date() -> None:
    draft = IncidentDraft(
        NOW,
        "a",
        "c",
        IncidentSource.PATROL,
        "x",
        "y",
        persons=(
            PersonDraft(PersonRole.WITNESS),
            PersonDraft(PersonRole.AFFECTED, "Muster", birth_date=date(2030, 1, 1)),
        ),
    )
    assert validate_incident(draft, NOW) == [
        FieldProblem("persons", "Person 1: Bitte einen Namen angeben."),
        FieldProblem("persons", "Person 2: Das Geburtsdatum liegt in der Zukunft."),
    ]


def test_notes_need_text() -> None:
    assert validate_note(NoteDraft("  ")) == [
        FieldProblem("text", "Vermerk: Bitte einen Text eingeben.")
    ]
    assert validate_note(NoteDraft("Rückruf erfolgt")) == []


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (IncidentStatus.OPEN, IncidentStatus.IN_PROGRESS),
        (IncidentStatus.IN_PROGRESS, IncidentStatus.CLOSED),
        (IncidentStatus.OPEN, IncidentStatus.CLOSED),
    ],
)
def test_allowed_transitions(current: IncidentStatus, target: IncidentStatus) -> None:
    check_transition(current, target, "erledigt")


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (IncidentStatus.CLOSED, IncidentStatus.OPEN),
        (IncidentStatus.IN_PROGRESS, IncidentStatus.OPEN),
        (IncidentStatus.CLOSED, IncidentStatus.IN_PROGRESS),
        (IncidentStatus.OPEN, IncidentStatus.OPEN),
    ],
)
def test_refused_transitions(current: IncidentStatus, target: IncidentStatus) -> None:
    with pytest.raises(ValidationError):
        check_transition(current, target, "x")


def test_closing_needs_an_outcome() -> None:
    with pytest.raises(ValidationError, match="Ergebnis"):
        check_transition(IncidentStatus.IN_PROGRESS, IncidentStatus.CLOSED, "  ")


def test_fulltext_query_quotes_every_word_as_prefix() -> None:
    assert fulltext_query('Müll "Brücke') == '"Müll"* """Brücke"*'
    assert fulltext_query("- ( ) *") == ""
    assert fulltext_query("a OR b") == '"a"* "OR"* "b"*'


@given(st.text(max_size=40))
def test_any_user_text_is_a_valid_fts5_query(user_text: str) -> None:
    query = fulltext_query(user_text)
    if not query:
        return
    connection = raw_sql.connect(":memory:")
    connection.execute(
        "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61 remove_diacritics 2')"
    )
    connection.execute("INSERT INTO t VALUES ('Müll an der Brücke')")
    connection.execute("SELECT count(*) FROM t WHERE t MATCH ?", (query,)).fetchone()
    connection.close()


def test_summary_is_short_and_single_line() -> None:
    assert summary_of("a\nb") == "a b"
    assert len(summary_of("x" * 500)) == 120
