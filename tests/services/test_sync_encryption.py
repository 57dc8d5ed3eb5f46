"""Sync format 2 (issue 13): packages are encrypted to their recipients, a recipient cannot pass
one on to another station, tampered envelopes are refused, and the sender's audit chain is
anchored at every receiver (a rewritten history is named when the next package arrives).
Real SQLite files; the CLI for ``audit verify --peer``."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from kod_desk.cli import main
from kod_desk.domain.sync_format import SyncRefused
from kod_desk.services.registry import Services
from kod_desk.services.startup import open_database
from kod_desk.services.sync.envelope import CHUNK, SEALED_CHUNK
from kod_desk.storage.repos.audit import entry_hash
from tests import raw_sql
from tests.sync_packages import opened, seal_for


def _station(path: Path, *, demo: bool = False) -> Services:
    return open_database(str(path), demo=demo, demo_incidents=300 if demo else 0).services


@pytest.fixture
def stations(tmp_path: Path) -> Iterator[dict[str, Services]]:
    """The office (demo data) and two laptops; everyone trusts everyone."""
    found = {
        "office": _station(tmp_path / "buero.sqlite", demo=True),
        "a": _station(tmp_path / "a.sqlite"),
        "b": _station(tmp_path / "b.sqlite"),
    }
    for one in found.values():
        for other in found.values():
            if one is not other:
                one.sync.trust(other.sync.export_key())
    for laptop in (found["a"], found["b"]):  # the demo's roles come from the office
        laptop.sync.set_office(found["office"].db.station_id)
    yield found
    for services in found.values():
        services.close()


def _count(services: Services, table: str) -> int:
    with raw_sql.connect(services.db.location) as connection:
        value = int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    connection.close()
    return value


def test_one_package_for_two_stations_is_read_by_both_and_by_no_one_else(
    stations: dict[str, Services], tmp_path: Path
) -> None:
    office, a, b = stations["office"], stations["a"], stations["b"]
    stranger = _station(tmp_path / "fremd.sqlite")
    try:
        stranger.sync.trust(office.sync.export_key())  # trusts the office, is not a recipient
        package = tmp_path / "beide.kodsync"
        office.sync.export(package, [a.db.station_id, b.db.station_id], everything=True)
        for laptop in (a, b):
            assert laptop.sync.import_package(package).value.applied
            assert _count(laptop, "incident") == _count(office, "incident")
        with pytest.raises(SyncRefused, match="nicht für diese Station verschlüsselt"):
            stranger.sync.import_package(package)
        assert _count(stranger, "incident") == 0
    finally:
        stranger.close()


def test_a_recipient_cannot_pass_a_package_on_to_another_station(
    stations: dict[str, Services], tmp_path: Path
) -> None:
    office, a, b = stations["office"], stations["a"], stations["b"]
    package = tmp_path / "fuer-a.kodsync"
    office.sync.export(package, a.db.station_id, everything=True)
    # A decrypts it (it may) and seals the office's signed content for B: the signature
    # still holds, but the signed manifest names A alone.
    forged = seal_for(tmp_path / "weiter.kodsync", opened(package, a), b)
    with pytest.raises(SyncRefused, match="für eine andere Station bestimmt"):
        b.sync.import_package(forged)
    assert _count(b, "incident") == 0


@pytest.mark.parametrize("how", ["flip", "swap", "cut", "append", "header"])
def test_a_tampered_envelope_is_refused_and_changes_nothing(
    stations: dict[str, Services], tmp_path: Path, how: str
) -> None:
    office, a = stations["office"], stations["a"]
    package = tmp_path / "p.kodsync"
    office.sync.export(package, a.db.station_id, everything=True)
    data = bytearray(package.read_bytes())
    start = 13 + int.from_bytes(data[9:13], "big") + 32  # magic, length, header, its MAC
    assert len(data) > start + 2 * SEALED_CHUNK  # two whole chunks to reorder
    if how == "flip":
        data[len(data) // 2] ^= 0x40
    elif how == "swap":
        first = bytes(data[start : start + SEALED_CHUNK])
        data[start : start + SEALED_CHUNK] = data[start + SEALED_CHUNK : start + 2 * SEALED_CHUNK]
        data[start + SEALED_CHUNK : start + 2 * SEALED_CHUNK] = first
    elif how == "cut":
        del data[-CHUNK // 2 :]
    elif how == "append":
        data += bytes(SEALED_CHUNK)
    else:  # the recipient list in the header
        at = data.index(b'"recipients"')
        data[at + 20] ^= 0x01
    bad = tmp_path / "bad.kodsync"
    bad.write_bytes(bytes(data))
    before = _count(a, "incident"), _count(a, "audit_entry")
    with pytest.raises(SyncRefused, match="Paket"):
        a.sync.import_package(bad)
    assert _count(a, "incident") == 0
    assert _count(a, "audit_entry") == before[1] + 1  # only the refusal itself


def _rewrite_history(services: Services) -> None:
    """What an attacker with the database file does: change an old entry and recompute every
    hash after it, so the station's own ``audit verify`` finds nothing."""
    connection = raw_sql.connect(services.db.location)
    try:
        rows = connection.execute(
            "SELECT seq, at, actor, action, table_name, row_id, before, after, reason "
            "FROM audit_entry ORDER BY seq"
        ).fetchall()
        previous = "0" * 64
        for number, (seq, at, actor, action, table, row_id, before, after, reason) in enumerate(
            rows
        ):
            actor = "niemand" if number == 2 else actor  # noqa: PLW2901 - the forgery

            moment = raw_sql.aware(at)
            digest = entry_hash(
                previous,
                moment,
                actor,
                action,
                table,
                row_id,
                None if before is None else json.loads(before),
                None if after is None else json.loads(after),
                reason,
            )
            connection.execute(
                "UPDATE audit_entry SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                (actor, previous, digest, seq),
            )
            previous = digest
        connection.execute("UPDATE audit_head SET hash = ?", (previous,))
        connection.commit()
    finally:
        connection.close()


def test_a_rewritten_history_at_the_sender_is_named_at_its_next_package(
    stations: dict[str, Services], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, office = stations["a"], stations["office"]
    a_name, a_id = a.sync.station().name, a.db.station_id
    for n in range(2):  # two packages: each extends the head seen before
        a.sync.export(tmp_path / f"{n}.kodsync", office.db.station_id)
        result = office.sync.import_package(tmp_path / f"{n}.kodsync").value
        assert result.applied and result.audit_finding is None
    capsys.readouterr()
    assert main(["audit", "verify", "--peer", a_id, "--db", office.db.location]) == 0, (
        capsys.readouterr().err
    )
    assert "unverändert" in capsys.readouterr().out

    _rewrite_history(a)
    assert a.audit.verify().intact  # the keyless chain alone cannot tell
    a.sync.export(tmp_path / "2.kodsync", office.db.station_id)
    result = office.sync.import_package(tmp_path / "2.kodsync").value
    assert result.applied
    assert result.audit_finding is not None
    assert "umgeschrieben" in result.audit_finding and a_name in result.audit_finding

    assert main(["audit", "verify", "--peer", a_id, "--db", office.db.location]) == 1
    err = capsys.readouterr().err
    assert "hat ihr Protokoll umgeschrieben" in err and err[-1] == "\n"
    # The office's own log names it too.
    actions = [r.action for r in office.audit.recent(5)]
    assert "peer_audit_broken" in actions


def test_a_package_body_holds_no_readable_personal_data(
    stations: dict[str, Services], tmp_path: Path
) -> None:
    office, a = stations["office"], stations["a"]
    connection = raw_sql.connect(office.db.location)
    try:
        names = [r[0] for r in connection.execute("SELECT last_name FROM officer LIMIT 10")]
    finally:
        connection.close()
    package = tmp_path / "p.kodsync"
    office.sync.export(package, a.db.station_id, everything=True)
    data = package.read_bytes()
    assert names and not any(name.encode() in data for name in names)
    with zipfile.ZipFile(io.BytesIO(opened(package, a))) as inner:  # the recipient reads it
        officers = inner.read("officer.jsonl").decode()
    assert all(name in officers for name in names)
