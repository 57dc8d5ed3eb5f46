"""The import's compiled record check (domain/sync_check, issue 15) against the generic
``check_record`` (issues 8 and 13): on every record, sound or hostile, both find the same
problems in the same words and the same decoded values, and the row the compiled check makes
is the row the insert made from the decoded values before (storage/repos/sync_rows)."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kod_desk.domain import sync as ds
from kod_desk.domain import sync_rules as rules
from kod_desk.domain.sync_check import RecordCheck, record_check
from kod_desk.storage.models import uuid_bytes
from kod_desk.storage.repos import sync_rows
from kod_desk.storage.repos.sync import table_specs

SPECS = {name: spec for name, spec in table_specs().items() if name != "attachment"}
STORE = sync_rows._SQLITE_FORMS
STATION = "148a58c7-d74f-4c0e-952f-f8de081a8e5c"
REFERENCE = "cec2c55a-9a28-4e6b-907e-82f15cef5006"
SHAPED = {
    ("officer", "qualifications"): ["Radstreife"],
    ("area", "video_periods"): ["03-01/10-31"],
    ("area", "short_code"): "MI",
    ("app_setting", "value"): {"days": 30},
    ("bike", "season_start"): "04-01",
    ("bike", "season_end"): "10-31",
}


def _number(spec: ds.TableSpec, column: ds.ColumnSpec) -> int | float:
    allowed = rules.RANGES.get((spec.name, column.name))
    low = 1 if allowed is None else allowed.low + (1 if allowed.above else 0)
    return float(low) if column.kind is ds.Kind.FLOAT else int(low)


def sound(spec: ds.TableSpec) -> dict[str, Any]:
    """A record of ``spec`` that the generic check takes (datetimes rise with the columns,
    so a shift ends after it starts)."""
    record: dict[str, Any] = {}
    for i, column in enumerate(spec.columns.values()):
        key, kind = (spec.name, column.name), column.kind
        if key in SHAPED:
            value: Any = SHAPED[key]
        elif column.name == "origin":
            value = STATION
        elif column.name == "id" or column.reference:
            value = REFERENCE
        elif column.choices is not None:
            value = sorted(column.choices)[0]
        elif kind is ds.Kind.TEXT:
            value = "Unterführung Bahnhofstraße\n" if column.max_length is None else "KD-1"
        elif kind in (ds.Kind.INT, ds.Kind.FLOAT):
            value = _number(spec, column)
        elif kind is ds.Kind.BOOL:
            value = True
        elif kind is ds.Kind.DATETIME:
            value = f"2026-01-08T10:{i:02d}:00.{i:06d}+00:00"
        elif kind is ds.Kind.DATE:
            value = "2026-01-08"
        elif kind is ds.Kind.TIME:
            value = "07:30:00"
        else:
            value = None
        record[column.name] = value
    record["_vv"] = {STATION: 1265}
    return record


def expected_row(spec: ds.TableSpec, decoded: dict[str, Any]) -> tuple[Any, ...]:
    """The row as the insert made it from a decoded record before (one converter per kind)."""
    row = []
    ids = sync_rows.stored_ids(spec.name)  # 16 bytes on SQLite (db 0011)
    for name, column in spec.columns.items():
        convert = uuid_bytes if name in ids else sync_rows._sqlite_value(column.kind)
        value = decoded[name]
        row.append(convert(value) if convert is not None and value is not None else value)
    return tuple(row)


def agree(spec: ds.TableSpec, record: Any) -> tuple[Any, ...] | None:
    """Both checks on ``record``: the same answer; the compiled check's row, if it made one.
    Also without a store (PostgreSQL), where any datetime text may take the compiled path."""
    before = copy.deepcopy(record)
    generic = ds.check_record(spec, record)
    decoded, unstored, problems = record_check(spec, None)(record)
    assert (decoded, problems) == generic
    assert unstored is None
    decoded, row, problems = record_check(spec, STORE)(record)
    assert record == before  # the package's record is never changed
    assert (decoded, problems) == generic
    if row is not None:
        assert problems == []
        assert row == expected_row(spec, decoded)
    return row


@pytest.mark.parametrize("name", sorted(SPECS))
def test_a_sound_record_takes_the_compiled_path_with_the_same_result(name: str) -> None:
    spec = SPECS[name]
    assert agree(spec, sound(spec)) is not None
    assert record_check(spec, STORE) is record_check(spec, STORE)  # compiled once


def test_a_canonical_datetime_is_stored_as_its_parsed_value_would_be() -> None:
    for text in ("2026-01-08T23:11:00.000000+00:00", "1900-02-28T00:00:59.999999+00:00"):
        moment = datetime.fromisoformat(text)
        assert sync_rows._stored_moment_of(text) == sync_rows._stored_moment(moment)
    stored = sync_rows._vv_text({STATION: 12})
    assert stored == json.dumps({STATION: 12})
    assert sync_rows._vv_text({'a"b': 1, "c": 2}) == json.dumps({'a"b': 1, "c": 2})


def test_attachments_are_checked_by_the_generic_check_alone() -> None:
    spec = table_specs()["attachment"]
    check = RecordCheck(spec, STORE)
    assert check.source == ""
    _decoded, row, problems = check({"id": "x"})
    assert row is None and problems == ds.check_record(spec, {"id": "x"})[1]


HOSTILE: list[Any] = [
    None,
    "",
    " ",
    "\x00",
    "a\tb",
    "a\nb",
    "a\x7fb",
    "x" * 5,
    "x" * 36,
    "x" * 37,
    "x" * 201,
    "x" * 20_001,
    REFERENCE.upper(),
    REFERENCE + "\n",
    REFERENCE[:-1] + "g",
    "citizen",
    "Citizen",
    0,
    -1,
    1,
    101,
    2**31,
    -(2**31) - 1,
    2**53 + 1,
    True,
    False,
    1.5,
    -90.5,
    float("inf"),
    float("nan"),
    [],
    {},
    ["Radstreife", "Radstreife "],
    ["03-01/02-30"],
    {"$b64": "AA=="},
    "2026-01-08T23:11:00+00:00",
    "2026-01-08T23:11:00.000000+01:00",
    "2026-01-08T23:11:00.000000",
    "2026-01-08 23:11:00.000000+00:00",
    "1899-12-31T23:59:59.999999+00:00",
    "2200-01-01T00:00:00.000000+00:00",
    "2026-02-30T00:00:00.000000+00:00",
    "2026-W02-1T00:00:00.000000+00:00",
    "2026-01-08T23:11:00,000000+00:00",
    "２０２６-01-08T23:11:00.000000+00:00",
    "2026-01-08T24:00:00.000000+00:00",
    "1899-12-31",
    "2200-01-01",
    "2026-02-30",
    "2026-1-8",
    "20260108",
    "2026-W02-1",
    "07:30",
    "24:00",
    "07:30:00.1234567",
    "AB",
    "ab",
    "13-01",
    "02-29",
]
VECTORS: list[Any] = [
    {},
    [],
    None,
    {STATION: -1},
    {STATION: True},
    {STATION: 2**53 + 1},
    {"a b": 1},
    {STATION + "\n": 1},
    {STATION: 1, "office": 7},
]


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_hostile_value_in_every_column_gets_the_same_answer(name: str) -> None:
    spec = SPECS[name]
    for column in spec.columns:
        for value in HOSTILE:
            agree(spec, sound(spec) | {column: value})
        record = sound(spec)
        del record[column]
        agree(spec, record)
    for vector in VECTORS:
        agree(spec, sound(spec) | {"_vv": vector})
    agree(spec, sound(spec) | {"failed_logins": 0})
    agree(spec, [sound(spec)])


@st.composite
def hostile_records(draw: st.DrawFn) -> tuple[ds.TableSpec, Any]:
    spec = SPECS[draw(st.sampled_from(sorted(SPECS)))]
    record = sound(spec)
    for _ in range(draw(st.integers(2, 3))):
        what = draw(st.sampled_from(["value", "value", "value", "drop", "extra", "vector"]))
        if what == "value":
            record[draw(st.sampled_from(list(spec.columns)))] = draw(st.sampled_from(HOSTILE))
        elif what == "drop":
            record.pop(draw(st.sampled_from(list(record))), None)
        elif what == "extra":
            record[draw(st.sampled_from(["failed_logins", "change_seq", "Id", "_vv2"]))] = 1
        else:
            record["_vv"] = draw(st.sampled_from(VECTORS))
    return spec, record


@given(hostile_records())
@settings(max_examples=200, deadline=None)
def test_records_with_several_hostile_values_get_the_same_answer(
    case: tuple[ds.TableSpec, Any],
) -> None:
    spec, record = case
    agree(spec, record)


def test_sound_values_in_other_forms_take_the_generic_path_and_are_still_taken() -> None:
    spec = SPECS["incident"]
    record = sound(spec)
    record["created_at"] = "2026-01-08T23:11:00+01:00"  # valid, not as exports write it
    decoded, row, problems = RecordCheck(spec, STORE)(record)
    assert problems == [] and row is None
    assert decoded["created_at"] == datetime(2026, 1, 8, 22, 11, tzinfo=UTC)
