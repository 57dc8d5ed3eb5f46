"""Version vectors, what an incoming record does, and the record checks (domain/sync.py)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kod_desk.domain import sync as ds
from kod_desk.domain import sync_rules as rules
from kod_desk.domain.auth import LoginPolicy

SPEC = ds.TableSpec(
    "roster_week",
    "Dienstplanwoche",
    {
        "id": ds.ColumnSpec("id", ds.Kind.TEXT, nullable=False, required=True, max_length=36),
        "week_start": ds.ColumnSpec("week_start", ds.Kind.DATE, nullable=False, required=True),
        "published_snapshot": ds.ColumnSpec(
            "published_snapshot", ds.Kind.JSON, nullable=True, required=False
        ),
    },
)
DUTY = {
    "id": "s1",
    "duty_date": "2026-11-23",
    "kind": "patrol",
    "area_id": None,
    "area": "Innenstadt",
    "template_id": None,
    "label": "Früh",
    "starts_at": "2026-11-23T05:00:00+00:00",
    "ends_at": "2026-11-23T13:00:00+00:00",
    "break_minutes": 30,
    "min_staff": 2,
    "note": "",
    "version": 1,
    "crew": [
        {"officer_id": "o1", "service_number": "K-1", "name": "Albers, Anna", "is_lead": True}
    ],
}


WEEK_ID = "0b9f3c52-5d0e-4a57-9a43-2f8e1d6c7b10"


def record(**changes: Any) -> dict[str, Any]:
    return {"id": WEEK_ID, "week_start": "2026-11-23", "_vv": {"a": 1}, **changes}


@pytest.mark.parametrize(
    ("incoming", "ours", "order"),
    [
        ({"a": 2}, {"a": 1}, ds.Order.NEWER),
        ({"a": 1}, {"a": 2}, ds.Order.OLDER),
        ({"a": 1, "b": 1}, {"a": 1, "b": 1}, ds.Order.SAME),
        ({"a": 2, "b": 1}, {"a": 1, "b": 2}, ds.Order.CONCURRENT),
        ({"a": 1, "b": 3}, {"a": 1}, ds.Order.NEWER),
    ],
)
def test_version_vectors_order_changes(
    incoming: dict[str, int], ours: dict[str, int], order: ds.Order
) -> None:
    assert ds.compare(incoming, ours) is order


def test_concurrent_changes_to_the_same_content_merge_and_others_conflict() -> None:
    ours = {"id": "x", "place": "Markt", "_vv": {"a": 2, "b": 1}}
    same = {"id": "x", "place": "Markt", "_vv": {"a": 1, "b": 2}}
    other = {"id": "x", "place": "Brücke", "_vv": {"a": 1, "b": 2}}
    assert ds.decide(same, ours) is ds.Action.MERGE
    assert ds.decide(other, ours) is ds.Action.CONFLICT
    assert ds.differing_fields(ours, other) == ["place"]
    assert ds.merge(ours["_vv"], other["_vv"]) == {"a": 2, "b": 2}


def test_a_published_week_passes_and_junk_in_it_is_refused() -> None:
    _decoded, problems = ds.check_record(SPEC, record(published_snapshot=[DUTY]))
    assert problems == []
    for junk in ([{"id": 1}], [{**DUTY, "kind": "picnic"}], {"a": 1}, [{**DUTY, "crew": "x"}]):
        _decoded, problems = ds.check_record(SPEC, record(published_snapshot=junk))
        assert problems and "veröffentlichte Fassung" in problems[0]


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"id": WEEK_ID + "\n"}, "Kennung"),
        ({"id": "not-a-uuid"}, "Kennung"),
        ({"week_start": "0001-01-01"}, "zwischen 1900 und 2199"),
        ({"week_start": "9999-12-31"}, "zwischen 1900 und 2199"),
        ({"_vv": {"a\n": 1}}, "Versionsvektor"),
        ({"week_start": "2026-11-23\n"}, "kein Datum"),
        ({"week_start": "2026-02-30"}, "kein Datum"),
        ({"colour": "rot"}, "unbekanntes Feld"),
        ({"_vv": {}}, "Versionsvektor"),
    ],
)
def test_bad_values_are_named_in_german(changes: dict[str, Any], words: str) -> None:
    _decoded, problems = ds.check_record(SPEC, record(**changes))
    assert problems and words in problems[0]
    assert problems[0].startswith("Dienstplanwoche")


# ---------------------------------------------------------------- the whitelist (issue 13)

OFFICER_ID = "5d1c9a3e-7f0b-4c2d-9e8a-1b2c3d4e5f60"
OFFICER = ds.TableSpec(
    "officer",
    "Dienstkraft",
    {
        "id": ds.ColumnSpec("id", ds.Kind.TEXT, nullable=False, required=True, max_length=36),
        "service_number": ds.ColumnSpec(
            "service_number", ds.Kind.TEXT, nullable=False, required=True, max_length=20
        ),
        "last_name": ds.ColumnSpec(
            "last_name", ds.Kind.TEXT, nullable=False, required=True, max_length=80
        ),
        "weekly_hours": ds.ColumnSpec(
            "weekly_hours", ds.Kind.FLOAT, nullable=False, required=False
        ),
        "qualifications": ds.ColumnSpec(
            "qualifications", ds.Kind.JSON, nullable=False, required=False
        ),
        "note": ds.ColumnSpec("note", ds.Kind.TEXT, nullable=False, required=False),
        "area_id": ds.ColumnSpec(
            "area_id", ds.Kind.TEXT, nullable=True, required=False, max_length=36, reference=True
        ),
    },
)


def officer(**changes: Any) -> dict[str, Any]:
    return {
        "id": OFFICER_ID,
        "service_number": "K-1018",
        "last_name": "Albers",
        "weekly_hours": 39.0,
        "qualifications": ["Radstreife"],
        "note": "Zeile 1\nZeile 2\twie im Formular",
        "_vv": {"a": 1},
        **changes,
    }


def test_what_the_forms_write_passes_the_whitelist() -> None:
    assert ds.check_record(OFFICER, officer())[1] == []
    assert ds.check_record(OFFICER, officer(weekly_hours=60, area_id=OFFICER_ID.upper()))[1] == []


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        (
            {"weekly_hours": 1e308},
            "„weekly_hours“ liegt nicht im Bereich mehr als 0 und höchstens 60",
        ),
        ({"weekly_hours": -40}, "„weekly_hours“ liegt nicht im Bereich"),
        ({"weekly_hours": 0}, "„weekly_hours“ liegt nicht im Bereich"),
        ({"qualifications": "Radstreife"}, "„qualifications“ ist keine Liste"),
        ({"qualifications": [" Rad "]}, "„qualifications“ enthält"),
        ({"qualifications": ["x" * 81]}, "„qualifications“ enthält"),
        ({"last_name": "Al\x00bers"}, "„last_name“ enthält Steuerzeichen"),
        ({"last_name": "Al\nbers"}, "„last_name“ enthält Steuerzeichen"),
        ({"note": "\x07"}, "„note“ enthält Steuerzeichen"),
        ({"note": "x" * 20_001}, "„note“ ist länger als 20.000 Zeichen"),
        ({"id": "not-a-uuid"}, "„id“ ist keine gültige Kennung"),
        ({"area_id": "a1"}, "„area_id“ ist keine gültige Kennung"),
    ],
)
def test_the_whitelist_refuses_by_table_record_and_field(
    changes: dict[str, Any], words: str
) -> None:
    problems = ds.check_record(OFFICER, officer(**changes))[1]
    assert problems and words in problems[0]
    assert problems[0].startswith("Dienstkraft K-1018 (")


def _changes(table: str, incoming: dict[str, Any], local: dict[str, Any] | None) -> list[str]:
    return [c.refusal for c in rules.protected_changes(table, incoming, local)]


def test_protected_fields_of_a_new_officer_are_compared_with_the_defaults() -> None:
    new = officer(role="officer")
    assert _changes("officer", new, None) == []
    assert _changes("officer", {**new, "active": False}, None) == []  # no password: no login
    [role] = _changes("officer", {**new, "role": "admin"}, None)
    assert role.startswith("Das Paket ändert die Rolle von K-1018 – Rollen, Passwörter")
    [password] = _changes("officer", {**new, "password_hash": "$argon2id$…"}, None)
    assert "das Passwort von K-1018" in password


def test_a_null_hash_is_a_change_and_login_state_counts_where_there_is_a_password() -> None:
    local = officer(role="officer", password_hash="$argon2id$alt", active=True, deleted_at=None)
    assert _changes("officer", {**local, "weekly_hours": 20.0}, local) == []
    assert "das Passwort" in _changes("officer", {**local, "password_hash": None}, local)[0]
    assert "Anmeldestatus" in _changes("officer", {**local, "active": False}, local)[0]
    assert "Löschstatus" in _changes("officer", {**local, "deleted_at": "2026"}, local)[0]
    without = {**local, "password_hash": None}
    assert _changes("officer", {**without, "active": False}, without) == []


def test_the_login_rules_are_protected_and_audited_without_the_hash() -> None:
    policy = {"id": OFFICER_ID, "key": "login_policy", "value": {"max_failures": 1000}}
    assert "die Anmelderegeln" in _changes("app_setting", policy, None)[0]
    assert _changes("app_setting", {**policy, "key": "retention"}, None) == []
    default = {**policy, "value": LoginPolicy().to_json(), "deleted_at": None}
    assert _changes("app_setting", default, None) == []
    [change] = rules.protected_changes(
        "officer", officer(password_hash="$argon2id$neu"), officer(password_hash="$argon2id$alt")
    )
    before, after = change.audit()
    assert "$argon2" not in str(before) + str(after)
    assert after == {"service_number": "K-1018", "password": "Passwort geändert"}


@given(
    st.fixed_dictionaries(
        {},
        optional={
            "id": st.sampled_from([OFFICER_ID, "", "not-a-uuid", OFFICER_ID + "\n"]),
            "area_id": st.sampled_from([None, OFFICER_ID, "", "a1"]),
            "last_name": st.text(max_size=30),
            "note": st.text(max_size=30) | st.just("x" * 20_001),
            "weekly_hours": st.floats(allow_nan=False),
            "qualifications": st.lists(st.text(max_size=5), max_size=3) | st.text(max_size=3),
        },
    )
)
def test_the_quick_check_and_the_named_one_agree(changes: dict[str, Any]) -> None:
    """Every record takes the quick path; only a refused one is looked at column by column."""
    row = officer(**changes)
    assert (rules.value_problems(OFFICER, row) == []) == (rules._detailed(OFFICER, row) == [])
