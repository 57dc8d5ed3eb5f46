"""Fuzzing the import of sync packages (issue 8, quality bar): 10,000 malformed packages.

A demo station exports real packages; a second station (the target) trusts it and has applied
its full package. Each case is a mutation of a real package: bytes flipped, inserted, deleted or
cut off anywhere in the zip; a member changed behind the manifest's back; members added, dropped
or named like paths; signatures broken; manifests re-signed with the trusted key but wrong in
every field; and records written into a correctly signed container (through
:class:`PackageWriter` where the record is JSON at all) that are wrong in every way a record can
be – wrong types, unknown fields, foreign keys to nothing, impossible values, unknown enum values,
missing fields, 10,000-character strings, nested junk, duplicate ids, lines that are no object,
invalid UTF-8 – each next to valid new records that a half-applied import would leave behind.

Every import must be applied (a harmless mutation) or refused with ``SyncRefused``; anything
else fails the test with the case that caused it. After a refusal the target's synchronised
tables are exactly as before (a cheap fingerprint after each case, every row compared every 500
cases) and no temporary file is left next to the package or the database.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import multiprocessing
import os
import random
import shutil
import sqlite3
import time
import uuid
import warnings
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kod_desk.domain.enums import IncidentStatus
from kod_desk.domain.sync_format import AuditMark, SyncRefused
from kod_desk.services.startup import open_database
from kod_desk.services.sync.envelope import EnvelopeReader, Recipient, seal
from kod_desk.services.sync.package import PackageWriter
from kod_desk.storage.migrations import head_revision
from tests import raw_sql
from tests.sync_packages import station_keys

pytestmark = [pytest.mark.slow, pytest.mark.sqlite_only]

# CI runs 10,000 cases (about 2 minutes on 2 cores); KOD_FUZZ_CASES=100000 for a longer night.
CASES = int(os.environ.get("KOD_FUZZ_CASES", "10000"))
FULL_CHECK_EVERY = 500
SEED = 20261126
ENUMS = {"status", "kind", "role", "unit", "source", "condition"}
# Share of cases by level; record cases with a bad record in an operational table cost a
# backup each (records of those tables are checked inside the import transaction).
LEVELS: tuple[tuple[str, float], ...] = (
    ("bytes", 0.52),
    ("container", 0.2),
    ("manifest", 0.16),
    ("record", 0.12),
)


# ---------------------------------------------------------------- the stations


@dataclass
class World:
    """Everything a shard needs (picklable: it goes to a worker process)."""

    folder: Path
    target_path: Path  # the target after the full package, closed: each shard copies it
    private_key: bytes
    station_id: str
    station_name: str
    enc_public: bytes  # the sender's X25519 key (in its manifest)
    recipient_id: str  # the target station: packages are encrypted to it
    recipient_private: bytes
    recipient_public: bytes
    packages: dict[str, bytes]  # "full" (applied at the target), "small" (not yet)
    samples: dict[str, list[dict[str, Any]]]  # table -> records of the full package
    incidents: list[str]
    columns: dict[str, list[tuple[str, str, bool]]]  # table -> (name, SQL type, not null)
    counter: int = 0

    @property
    def enum_tables(self) -> list[str]:
        return [t for t, cs in self.columns.items() if any(c[0] in ENUMS for c in cs)]

    @property
    def fk_tables(self) -> list[str]:
        return [t for t, cs in self.columns.items() if any(c[0].endswith("_id") for c in cs)]

    def fresh(self) -> int:
        self.counter += 1
        return self.counter

    @property
    def key(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.private_key)


_MEMBERS: dict[bytes, list[tuple[str, bytes]]] = {}


def _members(world: World, data: bytes) -> list[tuple[str, bytes]]:
    """The members of a package (of the base packages: read once), decrypted as the target."""
    if data not in _MEMBERS:
        plain = EnvelopeReader(io.BytesIO(data), world.recipient_private, len(data)).read()
        with zipfile.ZipFile(io.BytesIO(plain)) as archive:
            found = [(i.filename, archive.read(i.filename)) for i in archive.infolist()]
        if len(_MEMBERS) > 4:
            return found
        _MEMBERS[data] = found
    return list(_MEMBERS[data])


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    folder = tmp_path_factory.mktemp("sync_fuzz")
    (folder / "db").mkdir()
    (folder / "cases").mkdir()
    source = open_database(str(folder / "buero.sqlite"), demo=True, demo_incidents=8).services
    target_path = folder / "db" / "ziel.sqlite"
    target = open_database(str(target_path)).services
    try:
        source.sync.trust(target.sync.export_key())
        target.sync.trust(source.sync.export_key())
        target.sync.set_office(source.db.station_id)  # its officers' roles and passwords
        source.sync.export(folder / "full.kodsync", target.db.station_id, everything=True)
        assert target.sync.import_package(folder / "full.kodsync").value.applied
        # A few changes the target has not seen: the small package.
        with raw_sql.connect(folder / "buero.sqlite") as connection:
            rows = connection.execute(
                "SELECT id, status FROM incident ORDER BY status = 'closed', id"
            ).fetchall()
            private, station_id, name, enc_public = connection.execute(
                "SELECT private_key, id, name, enc_public_key FROM station"
            ).fetchone()
            shift = connection.execute("SELECT id FROM shift ORDER BY id LIMIT 1").fetchone()[0]
        connection.close()
        source.incidents.add_note(rows[0][0], "Vermerk für das kleine Paket")
        if rows[0][1] != IncidentStatus.CLOSED.value:
            source.incidents.change_status(rows[0][0], IncidentStatus.CLOSED, "Erledigt")
        source.roster.delete_shift(shift)
        source.sync.export(folder / "small.kodsync", target.db.station_id)
        packages = {
            "full": (folder / "full.kodsync").read_bytes(),
            "small": (folder / "small.kodsync").read_bytes(),
        }
        samples: dict[str, list[dict[str, Any]]] = {}
        recipient_private, recipient_public = station_keys(target)
        keys = {
            "enc_public": bytes(enc_public),
            "recipient_id": target.db.station_id,
            "recipient_private": recipient_private,
            "recipient_public": recipient_public,
        }
        probe = World(folder, target_path, b"", "", "", packages=packages, samples={},
                      incidents=[], columns={}, **keys)  # fmt: skip
        for name_, data in _members(probe, packages["full"]):
            if name_.endswith(".jsonl"):
                lines = data.decode().splitlines()
                samples[name_.removesuffix(".jsonl")] = [json.loads(x) for x in lines[:4]]
        with raw_sql.connect(target_path) as connection:
            columns = {
                table: [
                    (c[1], c[2], bool(c[3]))
                    for c in connection.execute(f"PRAGMA table_info({table})")
                ]
                for table in samples
            }
        connection.close()
        world = World(
            folder=folder,
            target_path=target_path,
            private_key=bytes(private),
            station_id=station_id,
            station_name=name,
            **keys,
            packages=packages,
            samples=samples,
            incidents=[r[0] for r in rows],
            columns=columns,
        )
    finally:
        source.close()
        target.close()
    return world


# ---------------------------------------------------------------- fingerprints


def _synced_tables(connection: sqlite3.Connection) -> list[str]:
    names = [
        r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    ]
    return sorted(
        n
        for n in names
        if "sync_vv" in {c[1] for c in connection.execute(f"PRAGMA table_info({n})")}
    )


class Fingerprint:
    """What the target holds: cheap (counts and sums per table, the station's change counter,
    the package log, the conflicts, the peers) and full (every row of every table)."""

    def __init__(self, path: Path) -> None:
        self.connection = raw_sql.connect(path)
        tables = _synced_tables(self.connection)
        parts = [
            f"SELECT '{t}', count(*), total(change_seq), total(length(sync_vv)), "
            f"max(change_seq), total(version) FROM {t}"
            for t in tables
        ]
        parts += [
            "SELECT 'station', last_change_seq, 0, 0, 0, 0 FROM station",
            "SELECT 'log', count(*), 0, 0, 0, 0 FROM sync_package_log",
            "SELECT 'conflicts', count(*), 0, 0, 0, 0 FROM sync_conflict",
            "SELECT 'peers', count(*), total(last_imported_seq), 0, 0, 0 FROM peer_station",
        ]
        self.cheap_sql = " UNION ALL ".join(parts)
        self.tables = tables

    def cheap(self) -> list[tuple[Any, ...]]:
        return self.connection.execute(self.cheap_sql).fetchall()

    def full(self) -> str:
        digest = hashlib.sha256()
        for table in [*self.tables, "sync_package_log", "sync_conflict", "peer_station"]:
            for row in self.connection.execute(f"SELECT * FROM {table} ORDER BY 1"):
                digest.update(repr(row).encode())
        return digest.hexdigest()

    def close(self) -> None:
        self.connection.close()


# ---------------------------------------------------------------- writing packages


def _zip(world: World, members: list[tuple[str, bytes]], *, stored: bool = False) -> bytes:
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with (
        zipfile.ZipFile(buffer, "w", compression=method, compresslevel=1) as archive,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")  # duplicate names are one of the mutations
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name, (2026, 11, 26, 12, 0, 0)), data, method)
    return seal(buffer.getvalue(), [world.recipient_public])


def _manifest_document(world: World, members: list[tuple[str, bytes]]) -> dict[str, Any]:
    return {
        "format": "kodsync",
        "format_version": 2,
        "schema_version": head_revision(),
        "package_id": str(uuid.uuid4()),
        "station_id": world.station_id,
        "station_name": world.station_name,
        "public_key": base64.b64encode(world.key.public_key().public_bytes_raw()).decode(),
        "enc_public_key": base64.b64encode(world.enc_public).decode(),
        "recipients": [world.recipient_id],
        "created_at": "2026-11-26T12:00:00+00:00",
        "seq_from": 0,
        "seq_to": 10,
        "audit_head": {"seq": 0, "hash": "0" * 64},
        "members": {
            name: {
                "sha256": hashlib.sha256(data).hexdigest(),
                "bytes": len(data),
                "records": data.count(b"\n"),
            }
            for name, data in members
        },
    }


def signed(
    world: World,
    members: list[tuple[str, bytes]],
    change: Callable[[dict[str, Any]], Any] | None = None,
    *,
    key: Ed25519PrivateKey | None = None,
    raw: bytes | None = None,
    stored: bool = False,
) -> bytes:
    """A package of these members with a manifest signed by the trusted key (or ``key``);
    ``change`` edits the manifest document before it is signed, ``raw`` replaces it."""
    document = _manifest_document(world, members)
    if change is not None:
        change(document)
    manifest = raw if raw is not None else json.dumps(document, ensure_ascii=False).encode()
    signature = (key or world.key).sign(manifest)
    entries = [*members, ("manifest.json", manifest), ("manifest.sig", signature)]
    return _zip(world, entries, stored=stored)


def write_records(world: World, path: Path, tables: dict[str, list[dict[str, Any]]]) -> None:
    """Records (anything JSON can hold) through the real writer: a valid, signed container."""
    writer = PackageWriter(
        path,
        private_key=world.key.private_bytes_raw(),
        station_id=world.station_id,
        station_name=world.station_name,
        schema_version=head_revision(),
        recipients=[Recipient(world.recipient_id, world.recipient_public)],
        enc_public_key=world.enc_public,
        seq_from=0,
        seq_to=10,
    )
    writer.audit_head = AuditMark(0, "0" * 64)
    with writer:
        for table, records in tables.items():
            with writer.member(table) as member:
                for record in records:
                    member.write(record)
        writer.finish()


# ---------------------------------------------------------------- mutations


@dataclass
class Case:
    kind: str
    detail: str
    data: bytes | None = None  # the package file; None: written to the path already


def _bytes_case(world: World, rng: random.Random) -> Case:
    base_name = "full" if rng.random() < 0.15 else "small"
    data = bytearray(world.packages[base_name])
    kind = rng.choice(["flip", "insert", "delete", "truncate", "splice"])

    # Most of a package is compressed data; the structure is in the last few hundred bytes.
    def spot() -> int:
        if rng.random() < 0.5:
            return rng.randrange(max(1, len(data) - 600), len(data))
        return rng.randrange(len(data))

    if kind == "flip":
        where = [spot() for _ in range(rng.randint(1, 3))]
        for i in where:
            data[i] ^= rng.randint(1, 255)
        detail = f"{base_name}: bytes {where} flipped"
    elif kind == "insert":
        i = spot()
        junk = rng.randbytes(rng.randint(1, 16))
        data[i:i] = junk
        detail = f"{base_name}: {len(junk)} bytes inserted at {i}"
    elif kind == "delete":
        i = spot()
        n = rng.randint(1, 64)
        del data[i : i + n]
        detail = f"{base_name}: {n} bytes deleted at {i}"
    elif kind == "truncate":
        n = rng.randrange(len(data))
        del data[n:]
        detail = f"{base_name}: cut to {n} bytes"
    else:
        other = world.packages["full" if base_name == "small" else "small"]
        i = spot()
        data[i:] = other[i:]
        detail = f"{base_name}: the rest from byte {i} of another package"
    return Case(f"bytes/{kind}", detail, bytes(data))


_BAD_NAMES = (
    "../incident.jsonl",
    "/etc/incident.jsonl",
    "C:\\incident.jsonl",
    "C:incident.jsonl",
    "sub/incident.jsonl",
    "sub\\incident.jsonl",
    "..",
    "unbekannt.jsonl",
    "notizen.txt",
    "INCIDENT.jsonl",
    "incident.JSONL",
    "incident.jsonl ",
    "",
    "ordner/",
    "incident.jsonl\x00.txt",
    "ä.jsonl",
    "a" * 41 + ".jsonl",
)


def _container_case(world: World, rng: random.Random) -> Case:  # noqa: PLR0912 - one branch per mutation
    base_name = "full" if rng.random() < 0.15 else "small"
    members = list(_members(world, world.packages[base_name]))
    data_members = [m for m in members if m[0].endswith(".jsonl")]
    kind = rng.choice(
        [
            "bad_hash",
            "extra_member",
            "path_name",
            "drop_member",
            "duplicate",
            "stored",
            "reorder",
            "bad_signature",
            "other_key",
            "not_a_zip",
        ]
    )
    detail = base_name
    if kind == "bad_hash":
        i = rng.randrange(len(data_members))
        name, data = data_members[i]
        lines = data.splitlines(keepends=True)
        how = rng.choice(["change", "drop", "add", "swap"])
        if how == "change":
            j = rng.randrange(len(data))
            data = data[:j] + bytes([data[j] ^ 0x20]) + data[j + 1 :]
        elif how == "drop":
            data = b"".join(lines[1:])
        elif how == "add":
            data = data + lines[0]
        else:
            data = b"".join(reversed(lines))
        members = [(n, data if n == name else d) for n, d in members]
        detail = f"{base_name}: {name} {how}d behind the manifest"
        if data == data_members[i][1]:
            kind = "bad_hash_noop"
    elif kind in ("extra_member", "path_name"):
        name = rng.choice(_BAD_NAMES) if kind == "path_name" else "unbekannt.jsonl"
        members.insert(rng.randrange(len(members) + 1), (name, b'{"id": "x"}\n'))
        detail = f"{base_name}: member {name!r} added"
    elif kind == "drop_member":
        name = rng.choice([m[0] for m in members])
        members = [m for m in members if m[0] != name]
        detail = f"{base_name}: {name} dropped"
    elif kind == "duplicate":
        member = rng.choice(members)
        members.append(member)
        detail = f"{base_name}: {member[0]} twice"
    elif kind == "stored":
        return Case(
            "container/stored",
            f"{base_name}: zipped again without compression",
            _zip(world, members, stored=True),
        )
    elif kind == "reorder":
        rng.shuffle(members)
        detail = f"{base_name}: members reordered"
    elif kind == "bad_signature":
        how = rng.choice(["random", "short", "empty", "manifest_changed", "long"])
        sig = {
            "random": rng.randbytes(64),
            "short": rng.randbytes(63),
            "empty": b"",
            "long": rng.randbytes(65),
        }.get(how, b"")
        if how == "manifest_changed":
            members = [
                (n, d.replace(b'"seq_to"', b'"seq_to" ', 1) if n == "manifest.json" else d)
                for n, d in members
            ]
        else:
            members = [(n, sig if n == "manifest.sig" else d) for n, d in members]
        detail = f"{base_name}: signature {how}"
    elif kind == "other_key":
        other = Ed25519PrivateKey.generate()
        keep = rng.random() < 0.5
        manifest = dict(members)["manifest.json"]
        if not keep:  # an unknown station's key in the manifest: untrusted
            document = json.loads(manifest)
            document["public_key"] = base64.b64encode(
                other.public_key().public_bytes_raw()
            ).decode()
            manifest = json.dumps(document).encode()
        members = [
            (
                n,
                manifest
                if n == "manifest.json"
                else other.sign(manifest)
                if n == "manifest.sig"
                else d,
            )
            for n, d in members
        ]
        detail = (
            f"{base_name}: signed by another key ({'trusted key kept' if keep else 'its own key'})"
        )
    else:
        junk = rng.choice(
            [
                b"",
                b"PK\x03\x04",
                b"PK\x05\x06" + bytes(18),
                rng.randbytes(200),
                b"Hallo",
                json.dumps({"format": "kodsync"}).encode(),
            ]
        )
        return Case("container/not_a_zip", f"{junk[:20]!r}", junk)
    return Case(f"container/{kind}", detail, _zip(world, members))


def _drop(name: str) -> Callable[[dict[str, Any]], None]:
    return lambda d: d.pop(name, None)


def _set(name: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda d: d.__setitem__(name, value)


def _member_field(name: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        for info in document["members"].values():
            info[name] = value(info[name]) if callable(value) else value
            break

    return change


_MANIFEST_CHANGES: list[tuple[str, Callable[[dict[str, Any]], Any]]] = [
    ("format wrong", _set("format", "zip")),
    ("format missing", _drop("format")),
    ("format_version 1", _set("format_version", 1)),
    ("format_version 99", _set("format_version", 99)),
    ("format_version 0", _set("format_version", 0)),
    ("format_version text", _set("format_version", "1")),
    ("format_version true", _set("format_version", True)),
    ("format_version 1.0", _set("format_version", 1.0)),
    ("schema 9999", _set("schema_version", "9999")),
    ("schema next", _set("schema_version", f"{int(head_revision()) + 1:04d}")),
    ("schema text", _set("schema_version", "neu")),
    ("schema number", _set("schema_version", 7)),
    ("schema missing", _drop("schema_version")),
    ("package_id no uuid", _set("package_id", "paket-1")),
    ("package_id missing", _drop("package_id")),
    ("package_id number", _set("package_id", 5)),
    ("station_id unknown", _set("station_id", str(uuid.uuid4()))),
    ("station_id empty", _set("station_id", "")),
    ("station_id missing", _drop("station_id")),
    ("station_name number", _set("station_name", 3)),
    ("station_name long", _set("station_name", "S" * 10_000)),
    ("public_key missing", _drop("public_key")),
    ("public_key short", _set("public_key", base64.b64encode(b"x" * 31).decode())),
    ("public_key not base64", _set("public_key", "!!!")),
    ("recipient number", _set("recipients", 1)),
    ("recipient other", _set("recipients", [str(uuid.uuid4())])),
    ("recipient none", _set("recipients", [])),
    ("created_at no zone", _set("created_at", "2026-11-26T12:00:00")),
    ("created_at junk", _set("created_at", "gestern")),
    ("created_at missing", _drop("created_at")),
    ("seq_from > seq_to", _set("seq_from", 11)),
    ("seq_from negative", _set("seq_from", -1)),
    ("seq_to text", _set("seq_to", "10")),
    ("seq huge", _set("seq_to", 2**70)),
    ("members missing", _drop("members")),
    ("members list", _set("members", [])),
    ("members empty", _set("members", {})),
    ("member sha wrong", _member_field("sha256", "0" * 64)),
    ("member sha short", _member_field("sha256", "abc")),
    ("member bytes wrong", _member_field("bytes", lambda v: v + 1)),
    ("member bytes negative", _member_field("bytes", -1)),
    ("member records wrong", _member_field("records", lambda v: v + 1)),
    ("member records text", _member_field("records", "1")),
    ("member sha missing", lambda d: next(iter(d["members"].values())).pop("sha256")),
    ("member not object", lambda d: d["members"].update({next(iter(d["members"])): 5})),
    (
        "member extra",
        lambda d: d["members"].update(
            {"area.jsonl": {"sha256": "0" * 64, "bytes": 0, "records": 0}}
        ),
    ),
    (
        "member unknown table",
        lambda d: d["members"].update(
            {"unbekannt.jsonl": {"sha256": "0" * 64, "bytes": 0, "records": 0}}
        ),
    ),
    (
        "member path",
        lambda d: d["members"].update(
            {"../area.jsonl": {"sha256": "0" * 64, "bytes": 0, "records": 0}}
        ),
    ),
    ("extra field", _set("zusatz", {"a": [1, 2]})),
    ("nested junk", _set("station_name", [[[[{"x": None}]]]])),
]

_RAW_MANIFESTS: list[tuple[str, bytes]] = [
    ("not JSON", b"{kein json"),
    ("a list", b"[]"),
    ("a string", b'"kodsync"'),
    ("invalid UTF-8", b'{"format": "kodsync\xff\xfe"}'),
    ("duplicate key", b'{"format": "kodsync", "format": "kodsync"}'),
    ("NaN", b'{"format": "kodsync", "format_version": NaN}'),
    ("deep", b"[" * 100_000 + b"]" * 100_000),
    ("empty", b""),
    ("BOM", b"\xef\xbb\xbf{}"),
]


def _manifest_case(world: World, rng: random.Random) -> Case:
    base_name = "full" if rng.random() < 0.15 else "small"
    members = [m for m in _members(world, world.packages[base_name]) if m[0].endswith(".jsonl")]
    if rng.random() < 0.15:
        label, raw = rng.choice(_RAW_MANIFESTS)
        return Case("manifest/raw", label, signed(world, members, raw=raw, stored=True))
    label, change = rng.choice(_MANIFEST_CHANGES)
    return Case("manifest/field", label, signed(world, members, change, stored=True))


# Values of the wrong kind for each SQLite column type.
_WRONG: dict[str, list[Any]] = {
    "VARCHAR": [1, 2.5, True, [], {}, {"$b64": "AA=="}],
    "TEXT": [1, 2.5, False, ["a"], {"x": 1}],
    "INTEGER": ["1", 1.5, True, [], {}, 2**70, -(2**70)],
    "FLOAT": ["1.5", True, [], {}, "NaN"],
    "BOOLEAN": [1, 0, "true", "ja", None, []],
    "DATETIME": [
        "2026-11-26",
        "2026-11-26T12:00:00",
        "morgen",
        1700000000,
        "2026-13-40T00:00:00+00:00",
        "9" * 50,
    ],
    "DATE": ["26.11.2026", "2026-02-30", "2026-11-26T00:00:00+00:00", 20261126, "0000-00-00"],
    "TIME": ["25:00", "12:60", "7 Uhr", 700, "12:00:00+01:00"],
    "JSON": [],  # anything is JSON
    "BLOB": ["AAAA", {"$b64": "!!!"}, {"$b64": 1}, {"b64": "AA=="}, [1, 2]],
}


def _wrong_value(sql_type: str, rng: random.Random) -> Any:
    for prefix, values in _WRONG.items():
        if sql_type.upper().startswith(prefix) and values:
            return rng.choice(values)
    return rng.choice([[1], {"a": 1}, 3.5])


def _fresh_pair(world: World, n: int) -> dict[str, list[dict[str, Any]]]:
    """A new incident with a note on it: valid, so a half-applied import would leave them."""
    incident = dict(world.samples["incident"][0])
    incident.update(
        id=str(uuid.uuid4()),
        reference=f"VK-2026-9{n:05d}",
        description=f"Fuzz {n}",
        _vv={world.station_id: 10**9 + 2 * n},
    )
    note = dict(world.samples["incident_note"][0])
    note.update(
        id=str(uuid.uuid4()),
        incident_id=incident["id"],
        text=f"Fuzz-Vermerk {n}",
        corrects_id=None,
        _vv={world.station_id: 10**9 + 2 * n + 1},
    )
    return {"incident": [incident], "incident_note": [note]}


_RECORD_KINDS = (
    "wrong_type",
    "unknown_field",
    "unknown_id",
    "impossible",
    "bad_enum",
    "missing_field",
    "long_string",
    "nested_junk",
    "duplicate_id",
    "bad_vv",
    "null_required",
    "bad_id",
)
_RAW_LINES = (
    ("not_object", [b"[]", b"1", b'"text"', b"null", b"true", b"[{}]"]),
    ("invalid_utf8", [b'{"id": "\xff\xfe"}', b'{"id": "a", "text": "\xc3\x28"}', b"\x80"]),
    (
        "invalid_json",
        [
            b'{"id": "a",}',
            b"{'id': 'a'}",
            b'{"id": NaN}',
            b'{"id": Infinity}',
            b'{"id": "a"',
            b"",
            b"\xef\xbb\xbf{}",
            b"{}" * 3,
            b"[" * 50_000,
        ],
    ),
)
_IMPOSSIBLE: dict[str, list[tuple[str, Callable[[dict[str, Any]], None]]]] = {
    "bike_checkout": [
        ("km_in < km_out", lambda r: r.update(km_out=500, km_in=100)),
        ("km negative", lambda r: r.update(km_out=-5)),
        ("battery 150", lambda r: r.update(battery_out=150)),
    ],
    "incident": [
        ("latitude 500", lambda r: r.update(latitude=500.0, longitude=8.0)),
        ("longitude -200", lambda r: r.update(latitude=50.0, longitude=-200.0)),
    ],
    "shift": [("ends before start", lambda r: r.update(ends_at=r["starts_at"]))],
    "*": [
        ("version 0", lambda r: r.update(version=0)),
        ("version -3", lambda r: r.update(version=-3)),
    ],
}


def _record_case(world: World, rng: random.Random, path: Path) -> Case:  # noqa: PLR0912 - one branch per mutation
    n = world.fresh()
    tables = _fresh_pair(world, n)
    raw_kind = rng.random() < 0.2
    kind = rng.choice(_RECORD_KINDS)
    table = rng.choice(
        sorted(
            world.enum_tables
            if kind == "bad_enum"
            else world.fk_tables
            if kind == "unknown_id"
            else world.samples
        )
    )
    record = dict(rng.choice(world.samples[table]))
    if rng.random() < 0.5:
        record["id"] = str(uuid.uuid4())  # a new record: it would be inserted
    else:
        record["_vv"] = {**record["_vv"], world.station_id: 10**9 + 2 * n}  # a newer version
    if raw_kind:
        kind, lines = rng.choice(_RAW_LINES)
        line = rng.choice(lines)
        members = [
            (f"{t}.jsonl", b"".join(json.dumps(r).encode() + b"\n" for r in rs))
            for t, rs in tables.items()
        ]
        position = rng.randrange(2)
        bad = json.dumps(record).encode() + b"\n" if position else b""
        bad = (line + b"\n" + bad) if position == 0 else (bad + line + b"\n")
        name = f"{table}.jsonl"
        members = [(m, d + bad if m == name else d) for m, d in members]
        if name not in dict(members):
            members.append((name, bad))
        return Case(f"record/{kind}", f"{table}: {line[:40]!r}", signed(world, members))
    columns = [c for c in world.columns[table] if c[0] not in ("change_seq", "sync_vv")]
    name, sql_type, _not_null = rng.choice([c for c in columns if c[0] != "id"])
    records = [record]
    if kind == "wrong_type":
        value = _wrong_value(sql_type, rng)
        record[name] = value
        detail = f"{table}.{name} ({sql_type}) = {value!r}"[:120]
    elif kind == "unknown_field":
        extra = rng.choice(["zusatz", "change_seq", "sync_vv", "failed_logins", "", "_vv2", "ID"])
        if table == "officer" and extra == "failed_logins":
            extra = "locked"
        record[extra] = 1
        detail = f"{table}: field {extra!r}"
    elif kind == "unknown_id":
        key = rng.choice([c[0] for c in columns if c[0].endswith("_id")])
        record[key] = str(uuid.uuid4())
        detail = f"{table}.{key} to nothing"
    elif kind == "impossible":
        label, change = rng.choice(_IMPOSSIBLE.get(table, []) + _IMPOSSIBLE["*"])
        change(record)
        detail = f"{table}: {label}"
    elif kind == "bad_enum":
        key = rng.choice([c[0] for c in columns if c[0] in ENUMS])
        record[key] = rng.choice(["geschlossen", "CLOSED", "", "open ", "x" * 40])
        detail = f"{table}.{key} = {record[key]!r}"
    elif kind == "missing_field":
        key = rng.choice([c[0] for c in columns if c[2]] + ["_vv", "id"])
        record.pop(key, None)
        detail = f"{table}: {key} missing"
    elif kind == "long_string":
        key = rng.choice([c[0] for c in columns if "CHAR" in c[1] or c[1] == "TEXT"] or [name])
        record[key] = "ä" * 10_000
        detail = f"{table}.{key}: 10,000 characters"
    elif kind == "nested_junk":
        junk: Any = "x"
        for _ in range(rng.randint(2, 60)):
            junk = rng.choice([[junk], {"a": junk}])
        record[name] = junk
        detail = f"{table}.{name} nested"
    elif kind == "duplicate_id":
        twin = dict(record)
        twin["_vv"] = {world.station_id: 10**9 + 2 * n + 1}
        records = [record, twin]
        detail = f"{table}: the same id twice"
    elif kind == "bad_vv":
        record["_vv"] = rng.choice(
            [
                {},
                [],
                None,
                {"x": -1},
                {"x": "1"},
                {"": 1},
                {"a b": 1},
                {"x": 2**60},
                {"x": True},
                {"x" * 40: 1},
                5,
            ]
        )
        detail = f"{table}: _vv = {record['_vv']!r}"
    elif kind == "null_required":
        key = rng.choice([c[0] for c in columns if c[2] and c[0] != "id"] or [name])
        record[key] = None
        detail = f"{table}.{key} = null"
    else:
        record["id"] = rng.choice(["", "../x", "a b", "x" * 37, 5, None, "ä", "id\n"])
        detail = f"{table}: id {record['id']!r}"
    tables.setdefault(table, []).extend(records)
    ordered = {t: tables[t] for t in world.samples if t in tables}
    write_records(world, path, ordered)
    return Case(f"record/{kind}", detail)


# ---------------------------------------------------------------- the test


class CaseFailedError(Exception):
    pass


def run_shard(world: World, shard: int, shards: int) -> dict[str, Any]:  # noqa: PLR0912 - one branch per mutation
    """Cases shard, shard + shards, … against a copy of the target of its own; each case has
    its own random stream (seed and number), so a failure can be replayed alone."""
    folder = world.folder / f"shard{shard}"
    (folder / "db").mkdir(parents=True)
    cases = folder / "cases"
    cases.mkdir()
    db_path = folder / "db" / "ziel.sqlite"
    shutil.copyfile(world.target_path, db_path)
    target = open_database(str(db_path)).services
    path = cases / "fall.kodsync"
    fingerprint = Fingerprint(db_path)
    refused: Counter[str] = Counter()
    accepted: Counter[str] = Counter()
    messages: set[str] = set()
    examples: dict[str, list[str]] = defaultdict(list)  # accepted record mutations
    levels = [level for level, _ in LEVELS]
    weights = [weight for _, weight in LEVELS]
    try:
        cheap = fingerprint.cheap()
        full = fingerprint.full()
        db_files = {p.name for p in db_path.parent.iterdir()} | {"backups"}
        for number in range(shard + 1, CASES + 1, shards):
            rng = random.Random(SEED * 100_000 + number)
            world.counter = number * 10
            level = rng.choices(levels, weights)[0]
            if level == "bytes":
                case = _bytes_case(world, rng)
            elif level == "container":
                case = _container_case(world, rng)
            elif level == "manifest":
                case = _manifest_case(world, rng)
            else:
                case = _record_case(world, rng, path)
            if case.data is not None:
                path.write_bytes(case.data)
            where = f"case {number} {case.kind} ({case.detail})"
            try:
                result = target.sync.import_package(path).value
            except SyncRefused as refusal:
                refused[case.kind] += 1
                messages.add(refusal.message)
                if "\n" in refusal.message:
                    refused["(message with a line break)"] += 1
                if not refusal.message.strip():
                    raise CaseFailedError(f"{where}: an empty message") from None
                now = fingerprint.cheap()
                if now != cheap:
                    changed = sorted(set(now) ^ set(cheap))
                    raise CaseFailedError(
                        f"{where} was refused but changed the database: {changed}"
                    ) from None
            except Exception as error:  # any other exception is the failure
                raise CaseFailedError(
                    f"{where} crashed: {type(error).__name__}: {error}"
                ) from error
            else:
                accepted[case.kind] += 1
                if case.kind.startswith(("record/", "manifest/")) and len(examples[case.kind]) < 3:
                    examples[case.kind].append(case.detail)
                if result.applied:
                    cheap, full = fingerprint.cheap(), fingerprint.full()
                elif fingerprint.cheap() != cheap:
                    raise CaseFailedError(f"{where}: a package applied before changed data")
            leftovers = [p.name for p in cases.iterdir() if p.name != path.name]
            if leftovers:
                raise CaseFailedError(f"{where}: stray files {leftovers}")
            if (number // shards) % (FULL_CHECK_EVERY // shards) == 0:
                if fingerprint.full() != full:
                    raise CaseFailedError(f"rows changed by a refused package (up to {where})")
                stray = {p.name for p in db_path.parent.iterdir()} - db_files
                if stray:
                    raise CaseFailedError(f"stray files next to the database: {stray}")
        if fingerprint.full() != full:
            raise CaseFailedError("rows changed by a refused package (last cases)")
    except CaseFailedError as failure:
        return {"failure": str(failure)}
    finally:
        fingerprint.close()
        target.close()
    return {
        "refused": refused,
        "accepted": accepted,
        "messages": messages,
        "examples": dict(examples),
    }


def test_ten_thousand_malformed_packages_are_refused_and_change_nothing(world: World) -> None:
    started = time.perf_counter()
    shards = int(os.environ.get("KOD_FUZZ_SHARDS", "2"))
    # Two worker processes (two cores): each case costs an import, and a bad record of an
    # operational table is found inside the import transaction, after the backup.
    context = multiprocessing.get_context("spawn")
    with context.Pool(shards) as pool:
        results = pool.starmap(run_shard, [(world, k, shards) for k in range(shards)])
    for result in results:
        if "failure" in result:
            pytest.fail(result["failure"])
    refused: Counter[str] = sum((r["refused"] for r in results), Counter())
    accepted: Counter[str] = sum((r["accepted"] for r in results), Counter())
    messages = set().union(*(r["messages"] for r in results))
    examples: dict[str, list[str]] = defaultdict(list)
    for result in results:
        for kind, details in result["examples"].items():
            examples[kind] += details
    elapsed = time.perf_counter() - started
    breaks = refused.pop("(message with a line break)", 0)
    kinds = sorted(set(refused) | set(accepted))
    table = "\n".join(
        f"  {k:28} refused {refused[k]:5}  accepted {accepted[k]:4}  {'; '.join(examples[k][:3])}"
        for k in kinds
    )
    print(  # noqa: T201 - the figures the issue asks for
        f"\nsync fuzz: {CASES} cases in {elapsed:.1f} s ({shards} processes), refused "
        f"{sum(refused.values())}, accepted {sum(accepted.values())}, "
        f"{len(messages)} distinct messages ({breaks} quoting a name with a line break)\n{table}"
    )
    assert sum(refused.values()) + sum(accepted.values()) == CASES
    assert sum(refused.values()) > 0.9 * CASES
