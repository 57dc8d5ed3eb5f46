"""Validation errors name their field as data (issue 15): FieldProblem(field, message).

A form finds the widget to focus by ``field`` — the attribute of the draft the form fills —
never by reading the German text, so every key a validator gives must be one of its draft's
attributes.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, date, datetime, time

import pytest

from kod_desk.domain import bikes as bk
from kod_desk.domain.auth import password_problems
from kod_desk.domain.cases import CaseDraft, validate_case
from kod_desk.domain.enums import (
    AbsenceKind,
    CatalogKind,
    IncidentSource,
    PersonRole,
    ShiftKind,
)
from kod_desk.domain.errors import FieldProblem, ValidationError
from kod_desk.domain.incidents import IncidentDraft, PersonDraft, validate_incident
from kod_desk.domain.masterdata import (
    AreaDraft,
    CatalogEntryDraft,
    OfficerDraft,
    ShiftTemplateDraft,
    VideoPeriod,
    validate_area,
    validate_catalog_entry,
    validate_officer,
    validate_shift_template,
)
from kod_desk.domain.permissions import validate_person
from kod_desk.domain.quick_entry import parse_occurred_at
from kod_desk.domain.roster import AbsenceDraft, ShiftDraft, validate_absence, validate_shift
from kod_desk.domain.rule_settings import RuleSettings

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
TODAY = date(2026, 6, 1)
PERIOD = VideoPeriod(4, 1, 9, 30)

# Drafts that break every rule their validator has (or nearly), with the validator.
BROKEN = [
    pytest.param(OfficerDraft("", "", "", weekly_hours=99), validate_officer, id="officer"),
    pytest.param(OfficerDraft("K 1!", "x", "y", weekly_hours=0), validate_officer, id="officer2"),
    pytest.param(
        AreaDraft(
            " ",
            priority=7,
            video_periods=(PERIOD, PERIOD),
            footage_retention_hours=0,
            short_code="bahnhof",
        ),
        validate_area,
        id="area",
    ),
    pytest.param(CatalogEntryDraft(CatalogKind.MEASURE, " "), validate_catalog_entry, id="catalog"),
    pytest.param(
        ShiftTemplateDraft(" ", "ABCDE", time(6), time(20), -1, ShiftKind.PATROL, 1),
        validate_shift_template,
        id="template",
    ),
    pytest.param(
        ShiftDraft(TODAY, time(8), time(8), ShiftKind.PATROL, None, min_staff=0, break_minutes=500),
        validate_shift,
        id="shift",
    ),
    pytest.param(
        AbsenceDraft("o1", AbsenceKind.VACATION, date(2026, 6, 9), date(2026, 6, 1)),
        validate_absence,
        id="absence",
    ),
    pytest.param(
        bk.BikeDraft(
            " ",
            "F" * 41,
            range_km=0,
            odometer_km=-1,
            next_inspection_km=-1,
            inspection_interval_km=0,
            season=bk.Season(4, 1, 4, 1),
        ),
        bk.validate_bike,
        id="bike",
    ),
]


@pytest.mark.parametrize(("draft", "validate"), BROKEN)
def test_every_key_is_an_attribute_of_the_draft(draft: object, validate: object) -> None:
    problems = validate(draft)  # type: ignore[operator]
    assert problems, "the draft should break rules"
    attributes = {f.name for f in fields(draft)}  # type: ignore[arg-type]
    assert all(isinstance(p, FieldProblem) for p in problems)
    assert {p.field for p in problems} <= attributes
    assert all(p.message and p.message.strip() == p.message for p in problems)


def test_the_drafts_with_dates_name_their_fields() -> None:
    case = CaseDraft(None, " ", "a" * 301, date(2026, 6, 5), date(2026, 6, 2))
    assert [p.field for p in validate_case(case, TODAY)] == [
        "department_id",
        "subject",
        "address",
        "received_on",  # in the future
        "due_on",  # before the receipt
    ]
    late = CaseDraft("d1", "Prüfung", received_on=date(2026, 5, 20), due_on=date(2026, 5, 10))
    assert [p.field for p in validate_case(late, TODAY)] == ["due_on"]
    incident = IncidentDraft(
        NOW, "a", "c", IncidentSource.PATROL, "x" * 201, "y", latitude=95.0, longitude=200.0
    )
    assert [p.field for p in validate_incident(incident, NOW)] == [
        "place",
        "latitude",
        "longitude",
    ]
    person = PersonDraft(PersonRole.WITNESS, "Muster", "F" * 500, birth_date=date(1850, 1, 1))
    assert {p.field for p in validate_person(person, TODAY)} == {"first_name", "birth_date"}


def test_the_typed_time_and_the_password_repetition_have_their_keys() -> None:
    with pytest.raises(ValidationError) as refused:
        parse_occurred_at("25:99", NOW)
    [problem] = refused.value.problems
    assert problem.field == "occurred_at"
    assert problem.message.startswith("Zeit: „25:99“")
    assert [p.field for p in password_problems("kurz", "anders")] == ["password", "repeat"]


def test_rule_settings_name_the_setting() -> None:
    with pytest.raises(ValidationError) as refused:
        RuleSettings(long_break_minutes=-5, min_free_sundays=60)
    assert [p.field for p in refused.value.problems] == ["long_break_minutes", "min_free_sundays"]
    # "Pause (min)" is part of "Lange Pause (min)": the key, not the text, tells them apart.
    assert refused.value.messages[0] == "Lange Pause (min): darf nicht negativ sein."


def test_validation_error_takes_texts_problems_or_both() -> None:
    plain = ValidationError("Wochen beginnen am Montag.")
    assert plain.messages == ["Wochen beginnen am Montag."]
    assert plain.problems == [FieldProblem("", "Wochen beginnen am Montag.")]
    mixed = ValidationError([FieldProblem("end", "Ende: vor Beginn."), "Noch etwas."])
    assert mixed.messages == ["Ende: vor Beginn.", "Noch etwas."]
    assert [p.field for p in mixed.problems] == ["end", ""]
    assert str(mixed) == mixed.message == "Ende: vor Beginn.\nNoch etwas."
    single = ValidationError(FieldProblem("km", "km-Stand darf nicht negativ sein."))
    assert single.message == "km-Stand darf nicht negativ sein."
    assert single.problems[0].field == "km"
