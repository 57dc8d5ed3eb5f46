"""The ``.kodsync`` package format (DESIGN.md §8, issues 8 and 13): limits, manifest, values.

Format 2 (issue 13) is format 1's signed zip inside an envelope encrypted to the recipients
(services/sync/envelope.py); its manifest names the recipient stations, carries the sender's
encryption key and its signed audit head with checkpoints (see :class:`Manifest`).

Pure: no zip, no crypto, no database. ``services/sync/package.py`` writes and ``reader.py`` reads
the container; the sync repository (storage/repos/sync.py) encodes column values with
:func:`encode_value`, and :func:`decode_record` reads them back, so both sides agree.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from kod_desk.domain.errors import UserError

FORMAT = "kodsync"
FORMAT_VERSION = 2
FILE_SUFFIX = ".kodsync"
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
MEMBER_SUFFIX = ".jsonl"

MIB = 1024 * 1024
GIB = 1024 * MIB
MAX_MEMBERS = 64
MAX_MANIFEST_BYTES = 1 * MIB
MAX_SIGNATURE_BYTES = 1024  # an Ed25519 signature is 64 bytes; anything near this is not one
MAX_MEMBER_BYTES = 1 * GIB
MAX_TOTAL_BYTES = 2 * GIB
MAX_RATIO = 200
RATIO_CHECK_FROM_BYTES = 1 * MIB  # small members may compress very well (empty tables, tombstones)
MAX_LINE_BYTES = 32 * MIB
# 64 entries of our own writer need under 10 KiB of central directory; a bigger one is a trick
# to make the zip module build millions of entries in memory before any other check runs.
MAX_CENTRAL_DIRECTORY_BYTES = 256 * 1024

SIGNATURE_BYTES = 64
PUBLIC_KEY_BYTES = 32
KEY_FILE_VERSION = 2
MAX_RECIPIENTS = 64
MAX_CHECKPOINTS = 10_000

_MEMBER_NAME = re.compile(r"^[a-z_]{1,40}\.jsonl$")
_TABLE_NAME = re.compile(r"^[a-z_]{1,40}$")
_SCHEMA_VERSION = re.compile(r"^\d{4}$")
_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


class SyncRefused(UserError):  # noqa: N818 - the name the spec uses
    """A sync package (or key file) that is refused; the message is one German sentence.

    Names quoted from the package may hold control characters (a line break in a member
    name): they are shown escaped, so the sentence stays one line.
    """

    def __init__(self, message: str) -> None:
        super().__init__(
            "".join(
                ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode()
                for ch in message
            )
        )


def is_member_name(name: str) -> bool:
    """Whether ``name`` may name a table member (``incident.jsonl``): no paths, lower case."""
    return _MEMBER_NAME.fullmatch(name) is not None


def member_name(table: str) -> str:
    """The member that carries ``table``; a table name outside the rule is a programming error."""
    if _TABLE_NAME.fullmatch(table) is None:
        raise ValueError(f"table name not allowed in a sync package: {table!r}")
    return table + MEMBER_SUFFIX


def table_of(name: str) -> str:
    return name.removesuffix(MEMBER_SUFFIX)


def fingerprint(public_key: bytes, enc_public_key: bytes = b"") -> str:
    """SHA-256 of the raw keys, base32, first 20 characters in groups of 4: ``K7QF-2M4D-…``.

    Both keys of a station count (signing and encryption): comparing the fingerprint by phone
    then also proves that nobody swapped the key packages are encrypted to.
    """
    text = base64.b32encode(hashlib.sha256(public_key + enc_public_key).digest()).decode("ascii")[
        :20
    ]
    return "-".join(text[i : i + 4] for i in range(0, 20, 4))


# --- values ------------------------------------------------------------------------------


def encode_value(value: Any) -> Any:
    """A column value as JSON: aware datetime → ISO 8601 with offset, date → ``YYYY-MM-DD``,
    time → ``HH:MM[:SS]``, bytes → ``{"$b64": …}``; JSON values pass through."""
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise ValueError("naive datetime cannot go into a sync package")
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$b64": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def decode_value(value: Any, kind: type | None = None) -> Any:
    """The column value of a JSON value; ``kind`` is the column's Python type (datetime, date,
    time, bytes) or None for values JSON carries as they are. ``None`` stays ``None``.

    Raises ``ValueError`` with a German reason when the value does not fit ``kind``.
    """
    if value is None or kind is None:
        return value
    decoder = _DECODERS.get(kind)
    return value if decoder is None else decoder(value)


def _decode_datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError("Zeitpunkt als Text erwartet")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"„{value}“ ist kein Zeitpunkt") from None
    if moment.utcoffset() is None:
        raise ValueError(f"Zeitpunkt „{value}“ ohne Zeitzone")
    return moment


def _decode_date(value: Any) -> date:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"„{value}“ ist kein Datum (JJJJ-MM-TT)")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"„{value}“ ist kein gültiges Datum") from None


def _decode_time(value: Any) -> time:
    if not isinstance(value, str):
        raise ValueError("Uhrzeit als Text erwartet")
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise ValueError(f"„{value}“ ist keine Uhrzeit") from None


def _decode_bytes(value: Any) -> bytes:
    data = value.get("$b64") if isinstance(value, dict) and len(value) == 1 else None
    if not isinstance(data, str):
        raise ValueError('Binärdaten als {"$b64": …} erwartet')
    try:
        return base64.b64decode(data, validate=True)
    except binascii.Error:
        raise ValueError("Binärdaten sind kein gültiges Base64") from None


_DECODERS: dict[type, Callable[[Any], Any]] = {
    datetime: _decode_datetime,
    date: _decode_date,
    time: _decode_time,
    bytes: _decode_bytes,
}


def decode_record(
    table: str, record: Mapping[str, Any], kinds: Mapping[str, type | None]
) -> dict[str, Any]:
    """Decode the columns named in ``kinds`` (column → Python type); other keys pass through.

    A value that does not fit its column is refused, naming the table and the column.
    """
    decoded = dict(record)
    for column, kind in kinds.items():
        if column in decoded:
            try:
                decoded[column] = decode_value(decoded[column], kind)
            except ValueError as error:
                raise SyncRefused(
                    f"Ungültiger Wert im Feld „{column}“ von {table}{MEMBER_SUFFIX}: {error}."
                ) from None
    return decoded


def _json_default(value: Any) -> Any:
    encoded = encode_value(value)
    if encoded is value:
        raise TypeError(f"{type(value).__name__} cannot go into a sync package")
    return encoded


def dump_line(record: Mapping[str, Any]) -> bytes:
    """One JSON Lines record, UTF-8, with its ``\\n``; datetimes, dates, times and bytes are
    encoded by :func:`encode_value` (json calls it only for values it cannot write itself)."""
    text = json.dumps(
        record,
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
        default=_json_default,
    )
    return text.encode("utf-8") + b"\n"


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)  # made once: one per line is slow


def load_json(data: bytes | str) -> Any:
    """Strict JSON in UTF-8: no NaN/Infinity; ``ValueError`` on anything malformed or nested
    too deep (``UnicodeDecodeError`` is a ``ValueError``)."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        return _DECODER.decode(text)
    except RecursionError:
        raise ValueError("nested too deep") from None


# --- manifest ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemberEntry:
    name: str  # "incident.jsonl"
    sha256: str  # lower-case hex
    size: int  # "bytes" in manifest.json: uncompressed length
    records: int

    @property
    def table(self) -> str:
        return table_of(self.name)


@dataclass(frozen=True, slots=True)
class AuditMark:
    """One point of a station's audit chain: entry number and its hash."""

    seq: int
    hash: str


@dataclass(frozen=True, slots=True)
class Manifest:
    """manifest.json of a package; ``members`` keep the order the exporter wrote them in."""

    schema_version: str
    package_id: str
    station_id: str
    station_name: str
    public_key: bytes
    recipients: tuple[str, ...]
    created_at: datetime
    seq_from: int
    seq_to: int
    members: tuple[MemberEntry, ...]
    # The sender's X25519 key: part of its fingerprint (format 2).
    enc_public_key: bytes = b""
    format_version: int = FORMAT_VERSION
    # For a package to one station: the highest of that station's change numbers the
    # exporter holds without a gap. A station that exported past it rewinds, so the changes
    # of a lost package travel again with the next one (optional; absent in older packages).
    acked_seq: int | None = None
    # The sender's audit head when it wrote the package, and the hash its chain has now at
    # every head it sent before: a receiver finds a rewritten history by them (format 2).
    audit_head: AuditMark | None = None
    audit_checkpoints: tuple[AuditMark, ...] = ()

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key, self.enc_public_key)

    @property
    def recipient_id(self) -> str | None:
        """The one station the package is for (None when it is for several)."""
        return self.recipients[0] if len(self.recipients) == 1 else None

    @property
    def tables(self) -> tuple[str, ...]:
        return tuple(entry.table for entry in self.members)

    def member(self, table: str) -> MemberEntry | None:
        name = table + MEMBER_SUFFIX
        return next((entry for entry in self.members if entry.name == name), None)

    def to_json(self) -> bytes:
        """The exact bytes written as manifest.json (and signed)."""
        document = {
            "format": FORMAT,
            "format_version": self.format_version,
            "schema_version": self.schema_version,
            "package_id": self.package_id,
            "station_id": self.station_id,
            "station_name": self.station_name,
            "public_key": base64.b64encode(self.public_key).decode("ascii"),
            "enc_public_key": base64.b64encode(self.enc_public_key).decode("ascii"),
            "recipients": list(self.recipients),
            "created_at": self.created_at.isoformat(),
            "seq_from": self.seq_from,
            "seq_to": self.seq_to,
            **({} if self.acked_seq is None else {"acked_seq": self.acked_seq}),
            **(
                {}
                if self.audit_head is None
                else {"audit_head": {"seq": self.audit_head.seq, "hash": self.audit_head.hash}}
            ),
            "audit_checkpoints": {str(mark.seq): mark.hash for mark in self.audit_checkpoints},
            "members": {
                entry.name: {"sha256": entry.sha256, "bytes": entry.size, "records": entry.records}
                for entry in self.members
            },
        }
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        """Parse manifest.json strictly; anything missing, mistyped or too new is refused."""
        document = _parse_object(data)
        if document.get("format") != FORMAT:
            raise SyncRefused("manifest.json ist kein Manifest eines Synchronisationspakets.")
        version = _field(document, "format_version", int)
        if version > FORMAT_VERSION:
            raise SyncRefused(
                f"Das Paket stammt aus einer neueren Version von KOD Desk (Format {version}); "
                "bitte KOD Desk aktualisieren."
            )
        if version < FORMAT_VERSION:
            raise SyncRefused(
                f"Das Paket hat das alte, unverschlüsselte Format {version}; bitte an der "
                "sendenden Station KOD Desk aktualisieren und das Paket neu erzeugen."
            )
        schema_version = _field(document, "schema_version", str)
        if not _SCHEMA_VERSION.fullmatch(schema_version):
            raise _bad_field("schema_version", "vier Ziffern erwartet")
        package_id = _uuid_field(document, "package_id")
        station_id = _uuid_field(document, "station_id")
        public_key = _key_field(document, "public_key")
        enc_public_key = _key_field(document, "enc_public_key")
        created_text = _field(document, "created_at", str)
        try:
            created_at = datetime.fromisoformat(created_text)
        except ValueError:
            raise _bad_field("created_at", "kein Zeitpunkt") from None
        if created_at.utcoffset() is None:
            raise _bad_field("created_at", "Zeitpunkt ohne Zeitzone")
        seq_from = _field(document, "seq_from", int)
        seq_to = _field(document, "seq_to", int)
        if not 0 <= seq_from <= seq_to:
            raise _bad_field("seq_from", "Bereich der Änderungsnummern ist ungültig")
        acked_seq = (
            _field(document, "acked_seq", int, optional=True) if "acked_seq" in document else None
        )
        if acked_seq is not None and acked_seq < 0:
            raise _bad_field("acked_seq", "negativ")
        return cls(
            format_version=version,
            schema_version=schema_version,
            package_id=package_id,
            station_id=station_id,
            station_name=_field(document, "station_name", str),
            public_key=public_key,
            enc_public_key=enc_public_key,
            recipients=_recipients(document),
            created_at=created_at,
            seq_from=seq_from,
            seq_to=seq_to,
            members=_members(document),
            acked_seq=acked_seq,
            audit_head=_audit_head(document),
            audit_checkpoints=_checkpoints(document),
        )


def _uuid_field(document: Mapping[str, Any], name: str) -> str:
    value = _field(document, name, str)
    try:
        if str(uuid.UUID(value)) != value:
            raise ValueError(value)
    except ValueError:
        raise _bad_field(name, "keine UUID") from None
    return str(value)


def _key_field(document: Mapping[str, Any], name: str) -> bytes:
    key = _base64_field(document, name)
    if len(key) != PUBLIC_KEY_BYTES:
        raise _bad_field(name, f"{PUBLIC_KEY_BYTES} Bytes erwartet")
    return key


def _recipients(document: Mapping[str, Any]) -> tuple[str, ...]:
    value = _field(document, "recipients", list)
    if not 1 <= len(value) <= MAX_RECIPIENTS:
        raise _bad_field("recipients", f"1 bis {MAX_RECIPIENTS} Stationen erwartet")
    found = []
    for item in value:
        found.append(_uuid_field({"recipients": item}, "recipients"))
    return tuple(found)


_MAX_SEQ = 2**31 - 1  # an INTEGER column on PostgreSQL


def _mark(seq: Any, hash_: Any, where: str) -> AuditMark:
    if not isinstance(seq, int) or isinstance(seq, bool) or not 0 <= seq <= _MAX_SEQ:
        raise _bad_field(where, "Eintragsnummer ungültig")
    if not isinstance(hash_, str) or not _SHA256_HEX.fullmatch(hash_):
        raise _bad_field(where, "64 Hex-Ziffern erwartet")
    return AuditMark(seq, hash_)


def _audit_head(document: Mapping[str, Any]) -> AuditMark:
    head = _field(document, "audit_head", dict)
    return _mark(head.get("seq"), head.get("hash"), "audit_head")


def _checkpoints(document: Mapping[str, Any]) -> tuple[AuditMark, ...]:
    if "audit_checkpoints" not in document:
        return ()
    marks = _field(document, "audit_checkpoints", dict)
    if len(marks) > MAX_CHECKPOINTS:
        raise _bad_field("audit_checkpoints", "zu viele Einträge")
    found = []
    for key, value in marks.items():
        if not key.isascii() or not key.isdigit() or len(key) > 10:
            raise _bad_field("audit_checkpoints", "Eintragsnummer ungültig")
        found.append(_mark(int(key), value, "audit_checkpoints"))
    return tuple(sorted(found, key=lambda mark: mark.seq))


def _parse_object(data: bytes) -> dict[str, Any]:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        if len(set(keys)) != len(keys):
            raise ValueError("duplicate key")
        return dict(pairs)

    try:
        document = json.loads(
            data.decode("utf-8"),
            object_pairs_hook=no_duplicates,
            parse_constant=_refuse_constant,
        )
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise SyncRefused("manifest.json ist kein gültiges JSON.") from None
    if not isinstance(document, dict):
        raise SyncRefused("manifest.json ist kein JSON-Objekt.")
    return document


_TYPE_NAMES = {int: "eine ganze Zahl", str: "ein Text", dict: "ein Objekt", list: "eine Liste"}


def _field(document: Mapping[str, Any], name: str, kind: type, *, optional: bool = False) -> Any:
    if name not in document:
        raise SyncRefused(f"Im Manifest fehlt das Feld „{name}“.")
    value = document[name]
    if value is None and optional:
        return None
    # bool is an int in Python, not in the format.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise _bad_field(name, f"erwartet ist {_TYPE_NAMES[kind]}")
    return value


def _bad_field(name: str, reason: str) -> SyncRefused:
    return SyncRefused(f"Das Feld „{name}“ im Manifest ist ungültig ({reason}).")


def _base64_field(document: Mapping[str, Any], name: str) -> bytes:
    text = _field(document, name, str)
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise _bad_field(name, "kein gültiges Base64") from None


def _members(document: Mapping[str, Any]) -> tuple[MemberEntry, ...]:
    members = _field(document, "members", dict)
    entries = []
    for name, info in members.items():
        if not is_member_name(name):
            raise SyncRefused(f"Unzulässiger Name im Manifest: „{name}“.")
        if not isinstance(info, dict):
            raise _bad_field("members", f"Eintrag „{name}“ ist kein Objekt")
        where = f"members/{name}"
        sha = _field(info, "sha256", str)
        if not _SHA256_HEX.fullmatch(sha):
            raise _bad_field(f"{where}/sha256", "64 Hex-Ziffern erwartet")
        size = _field(info, "bytes", int)
        records = _field(info, "records", int)
        if size < 0 or records < 0:
            raise _bad_field(where, "negative Zahl")
        entries.append(MemberEntry(name=name, sha256=sha, size=size, records=records))
    if len(entries) > MAX_MEMBERS:
        raise SyncRefused(f"Das Manifest nennt mehr als {MAX_MEMBERS} Tabellen.")
    return tuple(entries)


# --- key files ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KeyFile:
    """A station's public keys as exchanged between admins (``station export-key``)."""

    station_id: str
    station_name: str
    public_key: bytes  # Ed25519: packages are signed with it
    enc_public_key: bytes  # X25519: packages to the station are encrypted to it

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key, self.enc_public_key)


def encode_key_file(key: KeyFile) -> bytes:
    document = {
        "kodsync_key": KEY_FILE_VERSION,
        "station_id": key.station_id,
        "station_name": key.station_name,
        "public_key": base64.b64encode(key.public_key).decode("ascii"),
        "enc_public_key": base64.b64encode(key.enc_public_key).decode("ascii"),
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def decode_key_file(data: bytes) -> KeyFile:
    """Parse a key file; anything else is refused with one German sentence."""
    not_a_key = SyncRefused("Die Datei ist keine Schlüsseldatei einer KOD-Desk-Station.")
    if len(data) > 64 * 1024:
        raise not_a_key
    try:
        document = load_json(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise not_a_key from None
    if not isinstance(document, dict) or "kodsync_key" not in document:
        raise not_a_key
    _check_key_file_version(document["kodsync_key"], not_a_key)
    station_id = document.get("station_id")
    station_name = document.get("station_name")
    if not isinstance(station_id, str) or not isinstance(station_name, str):
        raise not_a_key
    try:
        if str(uuid.UUID(station_id)) != station_id:
            raise ValueError(station_id)
    except ValueError:
        raise not_a_key from None
    if not station_name.strip() or len(station_name) > 120 or not station_name.isprintable():
        raise not_a_key
    keys = []
    for name in ("public_key", "enc_public_key"):
        text = document.get(name)
        if not isinstance(text, str):
            raise not_a_key
        try:
            key = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise not_a_key from None
        if len(key) != PUBLIC_KEY_BYTES:
            raise not_a_key
        keys.append(key)
    return KeyFile(station_id, station_name, keys[0], keys[1])


def _check_key_file_version(version: Any, not_a_key: SyncRefused) -> None:
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise not_a_key
    if version > KEY_FILE_VERSION:
        raise SyncRefused(
            "Die Schlüsseldatei stammt aus einer neueren Version von KOD Desk; "
            "bitte KOD Desk aktualisieren."
        )
    if version < KEY_FILE_VERSION:
        raise SyncRefused(
            "Die Schlüsseldatei stammt aus einer älteren Version von KOD Desk und enthält keinen "
            "Schlüssel zum Verschlüsseln; bitte an der Station KOD Desk aktualisieren und den "
            "Schlüssel neu speichern."
        )
