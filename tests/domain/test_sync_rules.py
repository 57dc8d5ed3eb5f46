"""Version vectors, what an incoming record does, and the record checks (domain/sync.py)."""

from __future__ import annotations

from typing import Any

import pytest

from kod_desk.domain import sync as ds

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
        ({"week_start": "0001-01-01"}, "zwischen 1900 und 2099"),
        ({"week_start": "9999-12-31"}, "zwischen 1900 und 2099"),
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
