"""Merging records between stations (DESIGN.md §4, §8; issue 8): version vectors, what an
incoming record does to ours, and the checks a record must pass before anything is written.

A record's version vector maps each station that changed it to that station's change sequence
number at its latest change. Comparing two vectors says whether one version contains the other
(then the newer one wins, whichever station made it) or whether both were changed since they
last agreed (a conflict for a supervisor). This holds for any number of stations and any order
of packages, lost or repeated ones included.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from kod_desk.domain import attachments, enums

# ---------------------------------------------------------------- version vectors


class Order(StrEnum):
    SAME = "same"  # the same version
    OLDER = "older"  # the incoming version is contained in ours: nothing to do
    NEWER = "newer"  # the incoming version contains ours: take it
    CONCURRENT = "concurrent"  # both changed since they last agreed


def compare(incoming: Mapping[str, int], ours: Mapping[str, int]) -> Order:
    keys = set(incoming) | set(ours)
    more = any(incoming.get(k, 0) > ours.get(k, 0) for k in keys)
    less = any(incoming.get(k, 0) < ours.get(k, 0) for k in keys)
    if more and less:
        return Order.CONCURRENT
    if more:
        return Order.NEWER
    if less:
        return Order.OLDER
    return Order.SAME


def merge(*vectors: Mapping[str, int]) -> dict[str, int]:
    """The vector that contains all of ``vectors`` (element-wise maximum)."""
    merged: dict[str, int] = {}
    for vector in vectors:
        for key, value in vector.items():
            merged[key] = max(merged.get(key, 0), value)
    return merged


# ---------------------------------------------------------------- what a record does


class Action(StrEnum):
    INSERT = "insert"  # a record we do not have yet
    UPDATE = "update"  # a newer version of ours (a tombstone is an update too)
    SKIP = "skip"  # ours already contains it
    MERGE = "merge"  # changed on both sides to the same content: only the vectors join
    CONFLICT = "conflict"  # changed on both sides differently: to the conflict queue


SYNC_META = frozenset({"created_at", "updated_at", "updated_by", "version", "origin"})


def content(record: Mapping[str, Any]) -> dict[str, Any]:
    """The fields a user changes (no bookkeeping), for comparing two versions."""
    return {k: v for k, v in record.items() if k not in SYNC_META and k != "_vv"}


def decide(incoming: Mapping[str, Any], ours: Mapping[str, Any] | None) -> Action:
    """What an incoming (decoded) record does, given our row of the same id (decoded)."""
    if ours is None:
        return Action.INSERT
    order = compare(incoming["_vv"], ours["_vv"])
    if order is Order.NEWER:
        return Action.UPDATE
    if order in (Order.SAME, Order.OLDER):
        return Action.SKIP
    if content(incoming) == content(ours):
        return Action.MERGE
    return Action.CONFLICT


def differing_fields(ours: Mapping[str, Any], theirs: Mapping[str, Any]) -> list[str]:
    a, b = content(ours), content(theirs)
    return sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))


# ---------------------------------------------------------------- record checks


class Kind(StrEnum):
    TEXT = "text"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    DATETIME = "datetime"
    DATE = "date"
    TIME = "time"
    BYTES = "bytes"
    JSON = "json"


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    name: str
    kind: Kind
    nullable: bool
    required: bool  # must be in every record (not nullable and no default)
    max_length: int | None = None
    choices: frozenset[str] | None = None
    reference: bool = False  # the id of a row in another table (a UUID, like ``id``)


@dataclass(frozen=True, slots=True)
class TableSpec:
    name: str
    label: str  # German, for messages: "Vorkommnis"
    columns: Mapping[str, ColumnSpec] = field(default_factory=dict)


# Columns holding an enum's value; anything else there is refused.
CHOICES: dict[tuple[str, str], type[StrEnum]] = {
    ("officer", "unit"): enums.Unit,
    ("officer", "role"): enums.Role,
    ("catalog_entry", "kind"): enums.CatalogKind,
    ("shift_template", "kind"): enums.ShiftKind,
    ("shift", "kind"): enums.ShiftKind,
    ("absence", "kind"): enums.AbsenceKind,
    ("bike", "condition"): enums.BikeCondition,
    ("bike_checkout", "status"): enums.CheckoutStatus,
    ("bike_service", "kind"): enums.BikeServiceKind,
    ("incident", "source"): enums.IncidentSource,
    ("incident", "status"): enums.IncidentStatus,
    ("incident_person", "role"): enums.PersonRole,
    ("investigation_case", "status"): enums.CaseStatus,
}

LABELS = {
    "app_setting": "Einstellung",
    "officer": "Dienstkraft",
    "area": "Einsatzgebiet",
    "catalog_entry": "Katalogeintrag",
    "shift_template": "Dienstvorlage",
    "roster_week": "Dienstplanwoche",
    "shift": "Dienst",
    "assignment": "Einteilung",
    "absence": "Abwesenheit",
    "bike": "Fahrrad",
    "bike_checkout": "Fahrradausgabe",
    "bike_service": "Fahrradwartung",
    "incident": "Vorkommnis",
    "incident_officer": "Vorkommnis-Dienstkraft",
    "incident_measure": "Maßnahme",
    "incident_person": "beteiligte Person",
    "incident_note": "Vermerk",
    "attachment": "Anhang",
    "investigation_case": "Ermittlungsauftrag",
}

_ID = re.compile(r"[0-9A-Za-z_-]{1,36}")  # always fullmatch: "$" lets a trailing newline in
_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9/-]{0,19}")  # a service number (masterdata)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?")
MAX_PROBLEMS = 5


def _text(spec: ColumnSpec, value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, str):
        return None, "ist kein Text"
    if spec.max_length is not None and len(value) > spec.max_length:
        return None, f"ist länger als {spec.max_length} Zeichen"
    if spec.choices is not None and value not in spec.choices:
        return None, f"hat den unbekannten Wert „{value[:40]}“"
    return value, None


def _int(_spec: ColumnSpec, value: Any) -> tuple[Any, str | None]:
    if isinstance(value, bool) or not isinstance(value, int):
        return None, "ist keine ganze Zahl"
    if not -(2**31) <= value < 2**31:  # an INTEGER column (PostgreSQL: 32 bits)
        return None, "ist außerhalb des zulässigen Bereichs"
    return value, None


def _float(_spec: ColumnSpec, value: Any) -> tuple[Any, str | None]:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, "ist keine Zahl"
    if not math.isfinite(value):
        return None, "ist keine endliche Zahl"
    return float(value), None


def _bool(_spec: ColumnSpec, value: Any) -> tuple[Any, str | None]:
    return (value, None) if isinstance(value, bool) else (None, "ist nicht ja/nein")


def _datetime(_spec: ColumnSpec, value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, str) or len(value) > 40:
        return None, "ist kein Zeitpunkt"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None, "ist kein Zeitpunkt"
    if moment.tzinfo is None:
        return None, "hat keine Zeitzone"
    return moment, None


def _date(_spec: ColumnSpec, value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return None, "ist kein Datum"
    try:
        return date.fromisoformat(value), None
    except ValueError:
        return None, "ist kein Datum"


def _time(_spec: ColumnSpec, value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, str) or not _TIME.fullmatch(value):
        return None, "ist keine Uhrzeit"
    try:
        return time.fromisoformat(value), None
    except ValueError:
        return None, "ist keine Uhrzeit"


def _json(_spec: ColumnSpec, value: Any) -> tuple[Any, str | None]:
    return value, None


def _value(spec: ColumnSpec, value: Any) -> tuple[Any, str | None]:
    """The decoded value, or a German problem."""
    if value is None:
        return None, None if spec.nullable else "darf nicht leer sein"
    return _DECODERS[spec.kind](spec, value)


def _bytes(_spec: ColumnSpec, value: Any) -> tuple[Any, str | None]:
    import base64
    import binascii

    if not isinstance(value, dict) or set(value) != {"$b64"} or not isinstance(value["$b64"], str):
        return None, "ist keine Binärangabe"
    try:
        return base64.b64decode(value["$b64"], validate=True), None
    except (binascii.Error, ValueError):
        return None, "ist kein gültiges Base64"


_DECODERS = {
    Kind.TEXT: _text,
    Kind.INT: _int,
    Kind.FLOAT: _float,
    Kind.BOOL: _bool,
    Kind.DATETIME: _datetime,
    Kind.DATE: _date,
    Kind.TIME: _time,
    Kind.BYTES: _bytes,
    Kind.JSON: _json,
}


def _vv(value: Any) -> tuple[dict[str, int], str | None]:
    if not isinstance(value, dict) or not value:
        return {}, "Versionsvektor fehlt oder ist leer"
    for key, count in value.items():
        if not isinstance(key, str) or not _ID.fullmatch(key):
            return {}, "Versionsvektor hat eine ungültige Station"
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= 2**53:
            return {}, "Versionsvektor hat einen ungültigen Zähler"
    return dict(value), None


# Per column: (name, column, decoder, text limit) — the limit is set for a plain text column (no
# choices), which the check takes inline: most columns are texts (the import's hot path).
_Step = tuple[str, ColumnSpec, Any, int | None]
_STEPS: dict[int, tuple[frozenset[str], tuple[_Step, ...]]] = {}
_NO_LIMIT = 1 << 62


def _steps(spec: TableSpec) -> tuple[frozenset[str], tuple[_Step, ...]]:
    """The allowed field names and (name, column, decoder, text limit) of a table, worked out
    once."""
    found = _STEPS.get(id(spec))
    if found is None:
        allowed = frozenset(spec.columns) | {"_vv"}
        steps = tuple(
            (
                n,
                c,
                _DECODERS[c.kind],
                (c.max_length or _NO_LIMIT) if c.kind is Kind.TEXT and c.choices is None else None,
            )
            for n, c in spec.columns.items()
        )
        found = _STEPS[id(spec)] = (allowed, steps)
    return found


def _where(spec: TableSpec, record: Mapping[str, Any]) -> str:
    """The record as a message names it: table, id, and an officer's service number."""
    ident = record.get("id")
    if not (isinstance(ident, str) and _ID.fullmatch(ident)):
        ident = "(ohne gültige Kennung)"
    number = record.get("service_number")
    if spec.name == "officer" and isinstance(number, str) and _NUMBER.fullmatch(number):
        return f"{spec.label} {number} ({ident})"
    return f"{spec.label} {ident}"


_VALUE_PROBLEMS: list[Callable[[TableSpec, Mapping[str, Any]], list[str]]] = []


def _whitelist(spec: TableSpec, row: Mapping[str, Any]) -> list[str]:
    """The services' own ranges per column (domain/sync_rules, which builds on this module).

    Imported once, on first use (an import statement per record cost more than the check)."""
    if not _VALUE_PROBLEMS:
        from kod_desk.domain.sync_rules import value_problems

        _VALUE_PROBLEMS.append(value_problems)
    return _VALUE_PROBLEMS[0](spec, row)


def check_record(spec: TableSpec, record: Any) -> tuple[dict[str, Any], list[str]]:
    """The record with decoded values (datetimes, dates, bytes …), and its problems in German
    (empty when it may be applied). Unknown fields, missing required fields, wrong types,
    unknown enum values and impossible values are problems."""
    if not isinstance(record, dict):
        return {}, [f"{spec.label}: ein Datensatz ist kein Objekt"]
    allowed, steps = _steps(spec)
    unknown = record.keys() - allowed
    problems = [f"unbekanntes Feld „{str(sorted(unknown)[0])[:40]}“"] if unknown else []
    vv, problem = _vv(record.get("_vv"))
    if problem:
        problems.append(problem)
    decoded: dict[str, Any] = {"_vv": vv}
    for name, column, decoder, limit in steps:
        if name not in record:
            if column.required:
                problems.append(f"Feld „{name}“ fehlt")
            continue
        value = record[name]
        if limit is not None and type(value) is str and len(value) <= limit:
            decoded[name] = value  # a plain text within its length: what _text would say
            continue
        if value is None:
            if not column.nullable:
                problems.append(f"„{name}“ darf nicht leer sein")
            decoded[name] = None
            continue
        value, problem = decoder(column, value)
        if problem:
            problems.append(f"„{name}“ {problem}")
            if len(problems) >= MAX_PROBLEMS:
                break
        decoded[name] = value
    if not problems:
        problems = plausibility(spec.name, decoded) or _whitelist(spec, decoded)
    if problems:
        where = _where(spec, record)
        return decoded, [f"{where}: {p}" for p in problems]
    return decoded, problems


def _shift(row: Mapping[str, Any]) -> list[str]:
    starts, ends = row.get("starts_at"), row.get("ends_at")
    if isinstance(starts, datetime) and isinstance(ends, datetime) and ends <= starts:
        return ["Dienst endet nicht nach seinem Beginn"]
    return []


def _checkout(row: Mapping[str, Any]) -> list[str]:
    found: list[str] = []
    km_out, km_in = row.get("km_out"), row.get("km_in")
    if isinstance(km_out, int) and isinstance(km_in, int) and km_in < km_out:
        found.append("km-Stand bei Rücknahme ist kleiner als bei Ausgabe")
    if any(isinstance(v, int) and v < 0 for v in (km_out, km_in)):
        found.append("km-Stand ist negativ")
    batteries = (row.get("battery_out"), row.get("battery_in"))
    if any(isinstance(v, int) and not 0 <= v <= 100 for v in batteries):
        found.append("Akkustand liegt nicht zwischen 0 und 100 %")
    return found


def _incident(row: Mapping[str, Any]) -> list[str]:
    found: list[str] = []
    latitude, longitude = row.get("latitude"), row.get("longitude")
    if isinstance(latitude, float) and not -90 <= latitude <= 90:
        found.append("Breitengrad liegt nicht zwischen −90 und 90")
    if isinstance(longitude, float) and not -180 <= longitude <= 180:
        found.append("Längengrad liegt nicht zwischen −180 und 180")
    return found


def _attachment(row: Mapping[str, Any]) -> list[str]:
    """The same check as a file added in the dialog (issue 13): whitelisted type by content and
    extension, at most 10 MB, an already safe base name, and type, size and SHA-256 that match
    the bytes. A package that carries anything else is refused, naming the file."""
    fields = (row.get(k) for k in ("filename", "mime_type", "size_bytes", "sha256", "data"))
    filename, mime_type, size, sha256, data = fields
    if not (
        isinstance(filename, str)
        and isinstance(mime_type, str)
        and isinstance(size, int)
        and isinstance(sha256, str)
        and isinstance(data, bytes)
    ):
        return ["Anhang ohne Dateiname, Typ, Größe, Prüfsumme oder Inhalt"]
    problem = attachments.record_problem(filename, mime_type, size, sha256, data)
    return [problem] if problem else []


_SNAPSHOT_TEXT = ("id", "duty_date", "kind", "starts_at", "ends_at")
_SNAPSHOT_OPTIONAL_TEXT = ("area_id", "area", "template_id", "label", "note")
_SNAPSHOT_NUMBERS = ("break_minutes", "min_staff", "version")
_CREW_TEXT = ("officer_id", "service_number", "name")


def _snapshot_duty(item: Any) -> bool:
    """One duty of a published week as roster.publish_week writes it."""
    if not isinstance(item, dict):
        return False
    if not all(isinstance(item.get(k), str) for k in _SNAPSHOT_TEXT):
        return False
    if not all(item.get(k) is None or isinstance(item[k], str) for k in _SNAPSHOT_OPTIONAL_TEXT):
        return False
    numbers = (item.get(k) for k in _SNAPSHOT_NUMBERS)
    if not all(v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in numbers):
        return False
    if item["kind"] not in {k.value for k in enums.ShiftKind}:
        return False
    try:
        date.fromisoformat(item["duty_date"])
        moments = [
            datetime.fromisoformat(item["starts_at"]),
            datetime.fromisoformat(item["ends_at"]),
        ]
    except ValueError:
        return False
    if any(m.tzinfo is None for m in moments):
        return False
    crew = item.get("crew", [])
    return isinstance(crew, list) and all(
        isinstance(c, dict)
        and all(isinstance(c.get(k), str) for k in _CREW_TEXT)
        and isinstance(c.get("is_lead"), bool)
        for c in crew
    )


def _roster_week(row: Mapping[str, Any]) -> list[str]:
    snapshot = row.get("published_snapshot")
    if snapshot is None:
        return []
    if not isinstance(snapshot, list) or not all(_snapshot_duty(i) for i in snapshot):
        return ["veröffentlichte Fassung der Woche ist unlesbar"]
    return []


_PLAUSIBLE = {
    "roster_week": _roster_week,
    "shift": _shift,
    "bike_checkout": _checkout,
    "incident": _incident,
    "attachment": _attachment,
}


def table_plausibility(table: str) -> Callable[[Mapping[str, Any]], list[str]] | None:
    """The checks of one table beyond :func:`plausibility`'s id and version (None: none)."""
    return _PLAUSIBLE.get(table)


def plausibility(table: str, row: Mapping[str, Any]) -> list[str]:
    """Impossible values a type check lets through."""
    found: list[str] = []
    if not isinstance(row.get("id"), str) or not _ID.fullmatch(row["id"]):
        found.append("Kennung ist ungültig")
    version = row.get("version")
    if isinstance(version, int) and version < 1:
        found.append("Version ist kleiner als 1")
    check = _PLAUSIBLE.get(table)
    return found + (check(row) if check else [])


# ---------------------------------------------------------------- what an import will do


@dataclass
class TableCounts:
    insert: int = 0
    update: int = 0
    delete: int = 0  # updates that make a tombstone
    skip: int = 0
    merge: int = 0
    conflict: int = 0

    @property
    def changes(self) -> int:
        return self.insert + self.update + self.merge


# ---------------------------------------------------------------- what the services return


@dataclass(frozen=True, slots=True)
class StationInfo:
    id: str
    name: str
    fingerprint: str  # "" until the key is made


@dataclass(frozen=True, slots=True)
class PeerInfo:
    id: str
    name: str
    fingerprint: str
    trusted: bool
    last_exported_seq: int
    last_imported_seq: int
    last_sync_at: datetime | None
    # Trusted and its encryption key known: packages can be made for it (format 2).
    can_receive: bool = False
    # The office: its packages, imported by an administrator, may carry roles and passwords.
    is_office: bool = False


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """A station's public key file, shown before it is trusted."""

    station_id: str
    station_name: str
    public_key: bytes
    fingerprint: str


@dataclass(frozen=True, slots=True)
class ExportResult:
    package_id: str
    records: int
    counts: dict[str, int]  # records per table
    seq_from: int
    seq_to: int


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """What applying a package would do, found without writing anything."""

    package_id: str
    station_id: str
    station_name: str
    fingerprint: str
    created_at: datetime
    records: int
    counts: dict[str, TableCounts]  # by table, in apply order
    already_applied: bool

    @property
    def changes(self) -> int:
        return sum(c.changes for c in self.counts.values())

    @property
    def conflicts(self) -> int:
        return sum(c.conflict for c in self.counts.values())


@dataclass(frozen=True, slots=True)
class ImportResult:
    preview: ImportPreview
    applied: bool  # False: the package had been applied before; nothing changed
    backup: str | None = None
    # The sender's change numbers (after, up to) we still lack: one of its packages was lost.
    # Our next package to it says so, and its next package to us brings them again.
    missing: tuple[int, int] | None = None
    # The sender's audit chain no longer extends a head seen before (German), else None.
    audit_finding: str | None = None


@dataclass(frozen=True, slots=True)
class ConflictView:
    id: str
    table: str
    label: str  # "Vorkommnis"
    row_id: str
    ours: dict[str, Any]  # encoded (JSON) values, with "_vv"
    theirs: dict[str, Any]
    differing: tuple[str, ...]
    created_at: datetime
    source: str = ""  # the station the incoming version came from, when known


class Choice(StrEnum):
    OURS = "ours"
    THEIRS = "theirs"
    FIELDS = "fields"
