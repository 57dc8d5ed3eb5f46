"""What a sync package may carry and change (DESIGN.md §8 format v2, §10; issue 13).

Two whitelists, both pure:

* **Values.** Every column of every synchronised table is checked with the ranges the services
  themselves apply to a form or an import line: ids and references are UUIDs, texts carry no
  control characters (long texts keep newline, carriage return and tab) and are no longer than
  the service allows, dates and times lie in 1900–2199, numbers in the forms' ranges, JSON
  columns have the shape the services write. :func:`value_problems` says what a decoded record
  (domain/sync.check_record) breaks.
* **Protected columns.** Roles, passwords and login state (an officer's ``role``,
  ``password_hash``, and where the officer can log in, ``active`` and the tombstone; the login
  rules in ``app_setting``) never arrive by sync unless the package comes from the station marked
  as the office and an administrator imports it. :func:`protected_changes` lists what a record
  would change of them; the service refuses or audits. The failure counter and the lock time
  never travel at all (storage/repos/sync.LOCAL_ONLY): a record carrying them is refused as
  having an unknown field.

Dates: the range every input of the app takes (domain/timeutil.FIRST_DAY … LAST_DAY, as on
the command line and in CSV files): years 0001 and 9999 crashed the roster checks and reports,
so a package must stay inside.
"""

from __future__ import annotations

import json
import re
from array import array
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kod_desk.domain import auth as da
from kod_desk.domain import bikes as db
from kod_desk.domain import cases as dc
from kod_desk.domain import incidents as di
from kod_desk.domain import masterdata as dm
from kod_desk.domain import permissions as dp
from kod_desk.domain.enums import Role
from kod_desk.domain.sync import Kind, TableSpec
from kod_desk.domain.timeutil import FIRST_DAY, LAST_DAY


def managed_by_office(office_name: str) -> str:
    """Why a station that receives its logins from the office does not change them itself
    (its package would be refused at the office, DESIGN.md §8)."""
    return (
        f"Rollen, Passwörter und Anmeldedaten verwaltet das Büro („{office_name}“); diese "
        "Station erhält sie mit dessen Paketen. Bitte im Büro ändern lassen."
    )


UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
FIRST_YEAR = FIRST_DAY.year  # the one range of dates the app takes anywhere (timeutil)
LAST_YEAR = LAST_DAY.year
# A long text (a TEXT column) the services do not limit themselves: the longest any form takes.
LONG_TEXT = di.MAX_DESCRIPTION
MAX_QUALIFICATIONS = 50
MAX_QUALIFICATION = 80
MAX_SETTING_BYTES = 64 * 1024
MAX_KM = 10_000_000

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_LONG = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # keeps \t \n \r
_PERIOD = re.compile(r"\d{2}-\d{2}/\d{2}-\d{2}")
_SEASON = re.compile(r"\d{2}-\d{2}")

# Texts the services limit below their column's width (a TEXT column has none).
TEXT_LIMITS: dict[tuple[str, str], int] = {
    ("incident", "place"): di.MAX_PLACE,
    ("incident", "description"): di.MAX_DESCRIPTION,
    ("incident_note", "text"): di.MAX_NOTE,
    ("incident_person", "last_name"): dp.MAX_NAME,
    ("incident_person", "first_name"): dp.MAX_NAME,
    ("incident_person", "address"): dp.MAX_ADDRESS,
    ("incident_person", "note"): dp.MAX_PERSON_NOTE,
    ("investigation_case", "subject"): dc.MAX_SUBJECT,
    ("investigation_case", "address"): dc.MAX_ADDRESS,
    ("investigation_case", "result"): dc.MAX_RESULT,
    ("shift_template", "code"): 4,
}


@dataclass(frozen=True, slots=True)
class Range:
    """Allowed numbers: ``low`` to ``high``; with ``above``, more than ``low``."""

    low: float
    high: float
    above: bool = False

    def holds(self, value: float) -> bool:
        return (value > self.low if self.above else value >= self.low) and value <= self.high

    @property
    def text(self) -> str:
        def number(n: float) -> str:
            return dm.format_hours(n) if isinstance(n, float) else f"{n:,}".replace(",", ".")

        if self.above:
            return f"mehr als {number(self.low)} und höchstens {number(self.high)}"
        return f"{number(self.low)} bis {number(self.high)}"


# The forms' ranges (domain/masterdata, roster, bikes); km figures only must not be negative.
RANGES: dict[tuple[str, str], Range] = {
    ("officer", "weekly_hours"): Range(0.0, dm.MAX_WEEKLY_HOURS, above=True),
    ("area", "priority"): Range(1, 3),
    ("area", "footage_retention_hours"): Range(0, 24 * 31),
    ("shift_template", "break_minutes"): Range(0, 12 * 60),
    ("shift_template", "min_staff"): Range(1, 20),
    ("shift", "break_minutes"): Range(0, 120),
    ("shift", "min_staff"): Range(1, 20),
    ("assignment", "actual_break_minutes"): Range(0, 24 * 60),
    ("bike", "range_km"): Range(1, db.MAX_RANGE_KM),
    ("bike", "odometer_km"): Range(0, MAX_KM),
    ("bike", "next_inspection_km"): Range(0, MAX_KM),
    ("bike", "inspection_interval_km"): Range(1, 50_000),
    ("bike_checkout", "km_out"): Range(0, MAX_KM),
    ("bike_checkout", "km_in"): Range(0, MAX_KM),
    ("bike_checkout", "battery_out"): Range(0, 100),
    ("bike_checkout", "battery_in"): Range(0, 100),
    ("bike_service", "cost_cents"): Range(0, 2**31 - 1),
    ("bike_service", "odometer_km"): Range(0, MAX_KM),
}


# ---------------------------------------------------------------- values


def _uuid(value: Any) -> str | None:
    return None if isinstance(value, str) and UUID.fullmatch(value) else "ist keine gültige Kennung"


def _origin(value: Any) -> str | None:
    return None if value == "" else _uuid(value)


def _text(limit: int | None, long: bool) -> Callable[[Any], str | None]:
    control = _CONTROL_LONG if long else _CONTROL
    most = limit if limit is not None else (LONG_TEXT if long else None)

    def check(value: Any) -> str | None:
        if most is not None and len(value) > most:
            return f"ist länger als {most:,} Zeichen".replace(",", ".")
        if control.search(value):
            return "enthält Steuerzeichen"
        return None

    return check


def _moment(value: Any) -> str | None:
    if FIRST_YEAR <= value.year <= LAST_YEAR:
        return None
    return f"liegt nicht zwischen {FIRST_YEAR} und {LAST_YEAR}"


def _range(allowed: Range) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if allowed.holds(value) else f"liegt nicht im Bereich {allowed.text}"

    return check


def _qualifications(value: Any) -> str | None:
    if not isinstance(value, list) or len(value) > MAX_QUALIFICATIONS:
        return f"ist keine Liste von höchstens {MAX_QUALIFICATIONS} Qualifikationen"
    for item in value:
        if not isinstance(item, str) or not item.strip() or item != " ".join(item.split()):
            return "enthält eine Qualifikation, die kein einfacher Text ist"
        if len(item) > MAX_QUALIFICATION:
            return f"enthält eine Qualifikation mit mehr als {MAX_QUALIFICATION} Zeichen"
    return None


def _day(text: str) -> bool:
    month, day = (int(p) for p in text.split("-"))
    try:
        date(2024, month, day)  # a leap year admits 29.02.
    except ValueError:
        return False
    return True


def _video_periods(value: Any) -> str | None:
    if not isinstance(value, list) or len(value) > 24:
        return "ist keine Liste von Videozeiträumen"
    for item in value:
        if not isinstance(item, str) or not _PERIOD.fullmatch(item):
            return "enthält einen unlesbaren Videozeitraum"
        if not all(_day(part) for part in item.split("/")):
            return "enthält einen Videozeitraum mit einem Tag, den es nicht gibt"
    if len(set(value)) != len(value):
        return "enthält einen Videozeitraum doppelt"
    return None


def _season(value: Any) -> str | None:
    if _SEASON.fullmatch(value) and _day(value):
        return None
    return "ist kein Tag im Format MM-TT"


def _short_code(value: Any) -> str | None:
    """An area's code as the form takes it (domain/masterdata.SHORT_CODE); NULL is no code."""
    if isinstance(value, str) and dm.SHORT_CODE.fullmatch(value):
        return None
    return "ist kein Kürzel aus 2 bis 5 Großbuchstaben oder Ziffern"


def _setting(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "ist kein JSON-Objekt"
    if len(json.dumps(value, ensure_ascii=False)) > MAX_SETTING_BYTES:
        return "ist zu groß"
    return None


SHAPES: dict[tuple[str, str], Callable[[Any], str | None]] = {
    ("officer", "qualifications"): _qualifications,
    ("area", "video_periods"): _video_periods,
    ("area", "short_code"): _short_code,
    ("app_setting", "value"): _setting,
    ("bike", "season_start"): _season,
    ("bike", "season_end"): _season,
}

_CHECKS: dict[int, tuple[tuple[str, Callable[[Any], str | None]], ...]] = {}


def _checks(spec: TableSpec) -> tuple[tuple[str, Callable[[Any], str | None]], ...]:
    """(column, check) for every column of a table, worked out once per spec."""
    found = _CHECKS.get(id(spec))
    if found is not None:
        return found
    checks: list[tuple[str, Callable[[Any], str | None]]] = []
    for name, column in spec.columns.items():
        key = (spec.name, name)
        if name == "id" or column.reference:
            checks.append((name, _uuid))
        elif name == "origin":
            checks.append((name, _origin))
        elif key in SHAPES:
            checks.append((name, SHAPES[key]))
        elif column.kind is Kind.TEXT:
            long = column.max_length is None
            checks.append((name, _text(TEXT_LIMITS.get(key, column.max_length), long)))
        elif column.kind in (Kind.DATE, Kind.DATETIME):
            checks.append((name, _moment))
        elif key in RANGES:
            checks.append((name, _range(RANGES[key])))
        if key in SHAPES and column.kind is Kind.TEXT:  # a shaped text is still a text
            checks.append((name, _text(column.max_length, False)))
    found = _CHECKS[id(spec)] = tuple(checks)
    return found


@dataclass(frozen=True, slots=True)
class _Fast:
    """A table's columns grouped by check, for the quick test every record passes (an import
    of 100,000 incidents checks each): one regex over all ids, one over all texts."""

    ids: tuple[str, ...]
    short: tuple[str, ...]  # texts without any control character
    long: tuple[str, ...]  # texts that may hold newline, carriage return and tab
    limits: tuple[tuple[str, int], ...]  # texts the services limit below the column's width
    moments: tuple[str, ...]
    others: tuple[tuple[str, Callable[[Any], str | None]], ...]


_FAST: dict[int, _Fast] = {}
_IDS = re.compile(rf"(?:{UUID.pattern},)*{UUID.pattern}")


def _fast(spec: TableSpec) -> _Fast:
    found = _FAST.get(id(spec))
    if found is not None:
        return found
    ids: list[str] = []
    short: list[str] = []
    long: list[str] = []
    limits: list[tuple[str, int]] = []
    moments: list[str] = []
    others: list[tuple[str, Callable[[Any], str | None]]] = []
    for name, column in spec.columns.items():
        key = (spec.name, name)
        if name == "id" or column.reference:
            ids.append(name)
        elif name == "origin":
            pass  # "" (made here) or a station's id: checked apart
        elif key in SHAPES or key in RANGES:
            others.extend(check for check in _checks(spec) if check[0] == name)
        elif column.kind is Kind.TEXT and column.choices is None:  # an enum's value is known
            (long if column.max_length is None else short).append(name)
            most = TEXT_LIMITS.get(key, LONG_TEXT if column.max_length is None else None)
            if most is not None:
                limits.append((name, most))
        elif column.kind in (Kind.DATE, Kind.DATETIME):
            moments.append(name)
    found = _FAST[id(spec)] = _Fast(
        tuple(ids), tuple(short), tuple(long), tuple(limits), tuple(moments), tuple(others)
    )
    return found


def _fine(spec: TableSpec, row: Mapping[str, Any]) -> bool:
    """Whether ``row`` passes every check (the messages come from :func:`_detailed`)."""
    fast = _fast(spec)
    get = row.get
    ids = [v for n in fast.ids if (v := get(n)) is not None]
    if origin := get("origin"):
        ids.append(origin)
    if ids and not _IDS.fullmatch(",".join(ids)):
        return False
    if _CONTROL.search("".join([v for n in fast.short if (v := get(n))])):
        return False
    if _CONTROL_LONG.search("".join([v for n in fast.long if (v := get(n))])):
        return False
    if any(len(v) > most for n, most in fast.limits if (v := get(n)) is not None):
        return False
    years = [v.year for n in fast.moments if (v := get(n)) is not None]
    if years and not (min(years) >= FIRST_YEAR and max(years) <= LAST_YEAR):
        return False
    return all(check(v) is None for n, check in fast.others if (v := get(n)) is not None)


def value_problems(spec: TableSpec, row: Mapping[str, Any]) -> list[str]:
    """What the decoded ``row`` breaks of the services' own rules, in German, by column."""
    return [] if _fine(spec, row) else _detailed(spec, row)


def _detailed(spec: TableSpec, row: Mapping[str, Any]) -> list[str]:
    found: list[str] = []
    for name, check in _checks(spec):
        value = row.get(name)
        if value is None:
            continue
        problem = check(value)
        if problem is not None:
            found.append(f"„{name}“ {problem}")
    return found


# ---------------------------------------------------------------- protected columns

PROTECTED_TABLES = frozenset({"officer", "app_setting"})
PROTECTED_SETTINGS = frozenset({"login_policy"})
# What an officer new to this station has: no role above Einsatzkraft, no password.
NEW_OFFICER: dict[str, Any] = {
    "role": Role.OFFICER.value,
    "password_hash": None,
    "active": True,
    "deleted_at": None,
}
_WHAT = {
    "role": "die Rolle",
    "password_hash": "das Passwort",
    "active": "den Anmeldestatus (aktiv)",
    "deleted_at": "den Löschstatus",
}
RULE = (
    "Rollen, Passwörter und Anmeldedaten kommen nur vom Büro und nur bei einem Import durch "
    "eine Administration."
)


@dataclass(frozen=True, slots=True)
class ProtectedChange:
    """One protected field a record would change: what is refused, or audited when allowed."""

    table: str
    row_id: str
    who: str  # the officer's service number; "" for the login rules
    field: str
    before: Any
    after: Any

    @property
    def what(self) -> str:
        """German: "die Rolle von K-1018", "die Anmelderegeln"."""
        if self.table == "app_setting":
            return "die Anmelderegeln"
        return f"{_WHAT[self.field]} von {self.who}"

    @property
    def refusal(self) -> str:
        """Why a package is refused, in one German sentence."""
        return f"Das Paket ändert {self.what} – {RULE}"

    @property
    def not_taken(self) -> str:
        """Why a conflict's decision may not take this field from the other side."""
        what = self.what[0].upper() + self.what[1:]
        return f"{what} lässt sich nicht aus der anderen Fassung übernehmen – {RULE}"

    @property
    def action(self) -> str:
        return "sync_login_policy" if self.table == "app_setting" else f"sync_{self.field}"

    def audit(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """Before and after for the audit entry; never a password hash."""
        if self.table == "app_setting":
            return {"value": self.before}, {"value": self.after}
        if self.field == "password_hash":
            said = "Passwort entfernt" if self.after is None else "Passwort geändert"
            return {"service_number": self.who}, {"service_number": self.who, "password": said}
        before, after = self.before, self.after
        if isinstance(before, datetime) or isinstance(after, datetime):
            before = None if before is None else before.isoformat()
            after = None if after is None else after.isoformat()
        return (
            {"service_number": self.who, self.field: before},
            {"service_number": self.who, self.field: after},
        )


def protected_changes(
    table: str, incoming: Mapping[str, Any], local: Mapping[str, Any] | None
) -> list[ProtectedChange]:
    """The protected fields that writing ``incoming`` (the whole row as it would be written)
    over ``local`` (None: a new row) would change."""
    if table == "officer":
        return _officer_changes(incoming, local)
    if table == "app_setting":
        return _setting_changes(incoming, local)
    return []


def _officer_changes(
    incoming: Mapping[str, Any], local: Mapping[str, Any] | None
) -> list[ProtectedChange]:
    before = local if local is not None else NEW_OFFICER
    after = {**NEW_OFFICER, **incoming} if local is None else incoming
    fields = ["role", "password_hash"]
    logs_in = before.get("password_hash") is not None or after.get("password_hash") is not None
    leads = Role.OFFICER.value not in {before.get("role"), after.get("role")} or (
        before.get("role") != after.get("role")
    )
    if logs_in or leads:
        # Whether this officer can log in, or a supervisor or administrator stays one.
        fields += ["active", "deleted_at"]
    who = str(after.get("service_number") or before.get("service_number") or after.get("id"))
    row_id = str(after.get("id"))
    return [
        ProtectedChange("officer", row_id, who, f, before.get(f), after.get(f))
        for f in fields
        if before.get(f) != after.get(f)
    ]


def _setting_changes(
    incoming: Mapping[str, Any], local: Mapping[str, Any] | None
) -> list[ProtectedChange]:
    keys = {incoming.get("key"), None if local is None else local.get("key")}
    if not keys & PROTECTED_SETTINGS:
        return []
    default = {"key": "login_policy", "value": da.LoginPolicy().to_json(), "deleted_at": None}
    before = local if local is not None else default
    if all(before.get(k) == incoming.get(k) for k in ("key", "value", "deleted_at")):
        return []
    row_id = str(incoming.get("id"))
    return [
        ProtectedChange(
            "app_setting", row_id, "", "value", before.get("value"), incoming.get("value")
        )
    ]


class IdSet:
    """The ids of one table's records so far, 8 bytes each (an import of 100,000 incidents
    holds a few hundred thousand): ``add`` says whether the id may have been added before.

    It keeps Python's salted 64-bit hash of each id in an open-addressing table, so it is never
    wrongly "no", and "maybe" only for an id added before or, about once in 10**13 packages, an
    id whose hash equals another's (the caller takes a second look at such suspects). The salt
    differs per process: a package cannot aim its ids at one another's slots.
    """

    def __init__(self, expected: int) -> None:
        self._count = 0
        self._make(max(1 << 12, 1 << (expected + expected // 2).bit_length()))

    def _make(self, size: int) -> None:
        self._slots = array("q", bytes(8 * size))  # 0: empty
        self._mask = size - 1
        self._limit = size * 3 // 4

    def add(self, row_id: Hashable) -> bool:
        key = hash(row_id) or 1
        slots, mask = self._slots, self._mask
        i = key & mask
        while found := slots[i]:
            if found == key:
                return True
            i = (i + 1) & mask
        slots[i] = key
        self._count += 1
        if self._count > self._limit:  # more ids than the manifest said: grow
            old = [k for k in self._slots if k]
            self._make(2 * (mask + 1))
            for k in old:
                i = k & self._mask
                while self._slots[i]:
                    i = (i + 1) & self._mask
                self._slots[i] = k
        return False
