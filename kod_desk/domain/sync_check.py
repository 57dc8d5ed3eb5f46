"""The import's record check, compiled per table (issue 15; the trust boundary of issue 13).

:func:`kod_desk.domain.sync.check_record` checks a record column by column against the table's
spec and the services' ranges (domain/sync_rules): generic code that looks up each column's
rules per value. An import of 100,000 incidents checks about 420,000 records; this module gives
each table one function, written once from the same spec and rules, that checks a whole record
in one pass with local variables and turns it into the stored form on the way:

* every value is fetched at once (one ``itemgetter``), ids, texts, choices and the shapes of
  dates, times and datetimes are tested together by one regular expression per table over the
  values joined by NUL (no valid value holds a control character, so the fields cannot shift),
  numbers by their range, datetimes and dates parsed once and their years checked;
* the decoded record (the same dict ``check_record`` returns) and, when the caller names how
  each kind is stored (``store``: kind → converter, storage/repos/sync_rows.stored_forms), the
  row to insert as a tuple in column order.

The compiled function only ever says "fine"; anything else — a problem, a missing optional
field, an exception — goes to ``check_record``, which finds the same problems in the same
German words. So a record passes here only if ``check_record`` would pass it with the same
decoded values (tests/domain/test_sync_check.py compares the two on hostile records).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from operator import itemgetter
from typing import Any

from kod_desk.domain import sync as ds
from kod_desk.domain import sync_rules as rules

Converter = Callable[[Any], Any]


@dataclass(frozen=True, eq=False)
class Store:
    """How the storage keeps decoded values (storage/repos/sync_rows.stored_forms).

    ``convert``: kind → converter of a decoded value (missing or None: stored as it is).
    ``utc_text``: the stored form of a datetime straight from the package's canonical UTC text
    ("2026-01-08T23:24:00.000000+00:00", what an export writes), which saves formatting the
    parsed datetime again (an import of 100,000 incidents stores about a million); a datetime in
    any other form takes the slow path. None: ``convert`` turns every datetime.
    """

    convert: Mapping[ds.Kind, Converter | None] = field(default_factory=dict)
    utc_text: Converter | None = None
    # The stored form of an id (SQLite: 16 bytes), and the columns that hold ids, by table
    # (the storage says which: storage/repos/sync.stored_ids).
    id_form: Converter | None = None
    id_columns: Mapping[str, frozenset[str]] = field(default_factory=dict)


# The decoded record, the row to insert (when a store was given and the fast pass took it) and
# the problems in German (empty: the record may be applied).
Checked = tuple[dict[str, Any], tuple[Any, ...] | None, list[str]]

_SHORT = r"[^\x00-\x1f\x7f]"  # a text without control characters (sync_rules._CONTROL)
_LONG = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"  # keeps tab, newline, return (_CONTROL_LONG)
_TIME = r"\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?"  # ds._TIME
_DATE = r"\d{4}-\d{2}-\d{2}"  # ds._DATE
_MOMENT = r"[^\x00]{0,40}"  # any text of at most 40 characters: fromisoformat decides
# A datetime as packages write it (UTC, microseconds); ASCII digits, so the text's parts are
# the datetime's (fromisoformat still checks that the day exists).
UTC_TEXT = r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}\+00:00"
_INT32 = (-(2**31), 2**31 - 1)  # ds._int
_MAX_COUNT = 2**53  # ds._vv


class RecordCheck:
    """The check of one table's records: ``check(record)`` → (decoded, row, problems).

    Tables whose records carry file contents (attachments) are checked by ``check_record``
    alone: few records, each checked against its bytes."""

    def __init__(self, spec: ds.TableSpec, store: Store | None = None) -> None:
        self.spec = spec
        self.store = store
        self.source = "" if _has_bytes(spec) else _source(spec, store)
        self._fast: Callable[[dict[str, Any]], tuple[Any, ...] | None] | None = None
        if self.source:
            namespace = _namespace(spec, store)
            # Our own source, written from the spec above (no text of a package in it).
            exec(compile(self.source, f"<sync check {spec.name}>", "exec"), namespace)
            self._fast = namespace["check"]

    def __call__(self, record: Any) -> Checked:
        fast = self._fast
        if fast is not None and type(record) is dict:
            try:
                found = fast(record)
            except Exception:  # any surprise: check_record decides, as it did before
                found = None
            if found is not None:
                decoded, row = found
                return decoded, row, []
        decoded, problems = ds.check_record(self.spec, record)
        return decoded, None, problems


_CHECKS: dict[tuple[int, int], RecordCheck] = {}


def record_check(spec: ds.TableSpec, store: Store | None = None) -> RecordCheck:
    """The compiled check of ``spec``'s records, made once per spec and store."""
    key = (id(spec), id(store))
    found = _CHECKS.get(key)
    if found is None or found.spec is not spec or found.store is not store:
        found = _CHECKS[key] = RecordCheck(spec, store)
    return found


def _has_bytes(spec: ds.TableSpec) -> bool:
    return any(c.kind is ds.Kind.BYTES for c in spec.columns.values())


def _namespace(spec: ds.TableSpec, store: Store | None) -> dict[str, Any]:
    namespace: dict[str, Any] = {
        "GET": itemgetter(*spec.columns),
        "ALLOWED": frozenset(spec.columns) | {"_vv"},
        "FIELDS": re.compile(_pattern(spec, store)).fullmatch,
        "STATION": ds._ID.fullmatch,
        "DATETIME": datetime.fromisoformat,
        "DATE": date.fromisoformat,
        "TIME": time.fromisoformat,
        "FINITE": math.isfinite,
        "PLAUSIBLE": ds.table_plausibility(spec.name),
    }
    for name in spec.columns:
        shape = rules.SHAPES.get((spec.name, name))
        if shape is not None:
            namespace[f"SHAPE_{name}"] = shape
    if store is not None:
        for kind, convert in store.convert.items():
            if convert is not None:
                namespace[f"STORE_{kind.value}"] = convert
        namespace["UTC_TEXT"] = store.utc_text
        namespace["ID_FORM"] = store.id_form
    return namespace


def _role(spec: ds.TableSpec, column: ds.ColumnSpec) -> str:
    """How the whitelist (sync_rules._checks) treats a text column."""
    if column.name == "id" or column.reference:
        return "id"
    if column.name == "origin":
        return "origin"
    if column.choices is not None:
        return "choice"
    if (spec.name, column.name) in rules.SHAPES:
        return "shape"
    return "text"


def _text_pattern(spec: ds.TableSpec, column: ds.ColumnSpec) -> str:
    """A plain text: the column's width and the services' limit, no control characters."""
    key = (spec.name, column.name)
    if _role(spec, column) == "shape":  # sync_rules: a shaped text is still a (short) text
        limit, long = column.max_length, False
    else:
        long = column.max_length is None
        most = rules.TEXT_LIMITS.get(key, column.max_length)
        if most is None and long:
            most = rules.LONG_TEXT
        widths = [n for n in (column.max_length, most) if n is not None]
        limit = min(widths) if widths else None
    repeat = "*" if limit is None else f"{{0,{limit}}}"
    return (_LONG if long else _SHORT) + repeat


def _choices(spec: ds.TableSpec, column: ds.ColumnSpec) -> str:
    """The enum's values that are also valid texts of the column (all of them, in practice)."""
    text = re.compile(_text_pattern(spec, column))
    allowed = sorted((c for c in column.choices or () if text.fullmatch(c)), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(c) for c in allowed) + ")" if allowed else "(?!)"


def _joined(spec: ds.TableSpec, column: ds.ColumnSpec, store: Store | None) -> str | None:
    """The column's place in the table's joined test, or None when it is not a text there."""
    kind = column.kind
    if kind is ds.Kind.TEXT:
        role = _role(spec, column)
        if role == "id":
            return rules.UUID.pattern
        if role == "origin":
            return f"(?:{rules.UUID.pattern})?"  # "" (made here) or a station's id
        if role == "choice":
            return _choices(spec, column)
        return _text_pattern(spec, column)
    if kind is ds.Kind.DATETIME:
        return UTC_TEXT if store is not None and store.utc_text is not None else _MOMENT
    return {ds.Kind.DATE: _DATE, ds.Kind.TIME: _TIME}.get(kind)


def _pattern(spec: ds.TableSpec, store: Store | None) -> str:
    parts = []
    for column in spec.columns.values():
        part = _joined(spec, column, store)
        if part is not None:
            parts.append(f"(?:{part})?" if column.nullable else f"(?:{part})")
    return "\x00".join(parts)


def _int_range(spec: ds.TableSpec, name: str) -> str:
    low, high = _INT32
    tests = [f"{low} <= {{v}} <= {high}"]
    allowed = rules.RANGES.get((spec.name, name))
    if allowed is not None:
        tests.append(f"{allowed.low!r} {'<' if allowed.above else '<='} {{v}} <= {allowed.high!r}")
    if name == "version":  # ds.plausibility: a version starts at 1
        tests.append("{v} >= 1")
    return " and ".join(tests)


def _source(spec: ds.TableSpec, store: Store | None) -> str:
    """The Python source of the table's check: the record's row, or None when anything is off
    (then ``check_record`` looks again and says what)."""
    columns = list(spec.columns.values())
    names = [f"v{i}" for i in range(len(columns))]
    body = [
        "def check(record):",
        "    if record.keys() != ALLOWED:",
        "        return None",
        "    vv = record['_vv']",
        "    if type(vv) is not dict or not vv:",
        "        return None",
        "    for station, count in vv.items():",
        f"        if type(count) is not int or not 0 <= count <= {_MAX_COUNT} "
        "or not STATION(station):",
        "            return None",
        f"    {', '.join(names)}, = GET(record)",
    ]
    joined: list[str] = []
    not_empty: list[str] = []  # nullable columns where "" is no value (None joins as "")
    decoded: dict[str, str] = {}  # column → the local holding its decoded value
    tests: list[str] = []
    for column, v in zip(columns, names, strict=True):
        part = _joined(spec, column, store)
        if part is not None:
            joined.append(f'("" if {v} is None else {v})' if column.nullable else v)
            # A datetime's "" fails to parse; a text's "" is fine unless the part refuses it.
            if (
                column.nullable
                and column.kind is not ds.Kind.DATETIME
                and not re.fullmatch(part, "")
            ):
                not_empty.append(v)
        tests += _value_tests(spec, column, v, decoded)
    if joined:
        body += [
            f"    if not FIELDS('\\x00'.join(({', '.join(joined)},))):",
            "        return None",
        ]
    if not_empty:
        body += [f"    if '' in ({', '.join(not_empty)},):", "        return None"]
    body += tests
    body.append("    decoded = dict(record)")
    body += [f"    decoded[{name!r}] = {local}" for name, local in decoded.items()]
    if ds.table_plausibility(spec.name) is not None:
        body += ["    if PLAUSIBLE(decoded):", "        return None"]
    if store is None:
        body.append("    return decoded, None")
    else:
        values = [
            _stored(c, v, decoded.get(c.name, v), store, store.id_columns.get(spec.name, ()))
            for c, v in zip(columns, names, strict=True)
        ]
        body.append(f"    return decoded, ({', '.join(values)},)")
    return "\n".join(body) + "\n"


def _stored(
    column: ds.ColumnSpec, text: str, local: str, store: Store, ids: Collection[str]
) -> str:
    """The expression of the column's stored value: ``text`` holds the value as the package
    wrote it, ``local`` as decoded."""
    if store.id_form is not None and column.name in ids:
        convert = f"ID_FORM({local})"
    elif column.kind is ds.Kind.DATETIME and store.utc_text is not None:
        convert = f"UTC_TEXT({text})"  # the joined test took only the canonical text
    elif store.convert.get(column.kind) is None:
        return local
    else:
        convert = f"STORE_{column.kind.value}({local})"
    return f"(None if {local} is None else {convert})" if column.nullable else convert


def _value_tests(
    spec: ds.TableSpec, column: ds.ColumnSpec, v: str, decoded: dict[str, str]
) -> list[str]:
    """Lines that return None when the value is not fine (beyond the joined test); the
    locals of decoded values go into ``decoded``."""
    kind, name = column.kind, column.name
    first, last = rules.FIRST_YEAR, rules.LAST_YEAR
    lines: list[str] = []
    fail = "return None"
    if kind is ds.Kind.TEXT:
        if (spec.name, name) in rules.SHAPES:
            lines = [f"if {v} is not None and SHAPE_{name}({v}) is not None: {fail}"]
    elif kind is ds.Kind.INT:
        lines = [f"if type({v}) is not int or not ({_int_range(spec, name).format(v=v)}): {fail}"]
    elif kind is ds.Kind.BOOL:
        lines = [f"if type({v}) is not bool: {fail}"]
    elif kind is ds.Kind.FLOAT:
        d = decoded[name] = f"d{v}"
        check = f"not FINITE({d})"
        allowed = rules.RANGES.get((spec.name, name))
        if allowed is not None:
            low = f"{allowed.low!r} {'<' if allowed.above else '<='} {d}"
            check += f" or not ({low} <= {allowed.high!r})"
        lines = [
            f"if type({v}) is float: {d} = {v}",
            f"elif type({v}) is int: {d} = float({v})",
            f"else: {fail}",
            f"if {check}: {fail}",
        ]
    elif kind is ds.Kind.DATETIME:
        d = decoded[name] = f"d{v}"
        lines = [
            f"{d} = DATETIME({v})",
            f"if {d}.tzinfo is None or not {first} <= {d}.year <= {last}: {fail}",
        ]
    elif kind is ds.Kind.DATE:
        d = decoded[name] = f"d{v}"
        lines = [f"{d} = DATE({v})", f"if not {first} <= {d}.year <= {last}: {fail}"]
    elif kind is ds.Kind.TIME:
        d = decoded[name] = f"d{v}"
        lines = [f"{d} = TIME({v})"]
    elif kind is ds.Kind.JSON:
        shaped = (spec.name, name) in rules.SHAPES
        lines = [f"if {v} is not None and SHAPE_{name}({v}) is not None: {fail}"] if shaped else []
    if column.nullable and kind is not ds.Kind.TEXT and kind is not ds.Kind.JSON:
        # The tests above hold for a value; None is fine as it is.
        local = decoded.get(name)
        head = [f"if {v} is None:", f"    {local} = None" if local else "    pass", "else:"]
        return ["    " + line for line in head + ["    " + line for line in lines]]
    if not column.nullable and kind is ds.Kind.JSON:
        lines.insert(0, f"if {v} is None: {fail}")
    return ["    " + line for line in lines]
