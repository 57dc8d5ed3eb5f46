"""Hostile sync packages for the tests of issue 13: the one way they are written.

Every hostile package of the whitelist tests goes through :func:`write_package`, which signs
records with the sending station's own key and encrypts them to the recipient (format 2), as
the real exporter would: what these tests refuse is the content, not the container.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kod_desk.domain.sync_format import AuditMark
from kod_desk.services.registry import Services
from kod_desk.services.sync.envelope import Recipient
from kod_desk.services.sync.package import PackageWriter
from kod_desk.storage.migrations import head_revision
from kod_desk.storage.repos import audit
from kod_desk.storage.repos import sync as repo
from kod_desk.storage.repos import sync_rows as rows
from tests.sync_packages import station_keys


def write_package(
    sender: Services,
    path: Path,
    records_by_table: Mapping[str, Sequence[Mapping[str, Any]]],
    recipient: Services,
) -> Path:
    """A valid container from ``sender`` (signed with its key) holding exactly these records
    (anything JSON can hold), encrypted to the station ``recipient``."""
    sender.sync.ensure_key()
    with sender.db.read() as session:
        station = repo.station(session)
        private_key = bytes(station.private_key or b"")
        enc_public_key = bytes(station.enc_public_key or b"")
        station_id, station_name = station.id, station.name
        head = AuditMark(*audit.head(session))  # as the exporter: its real audit head
    to = Recipient(recipient.db.station_id, station_keys(recipient)[1])
    writer = PackageWriter(
        path,
        private_key=private_key,
        station_id=station_id,
        station_name=station_name,
        schema_version=head_revision(),
        recipients=[to],
        enc_public_key=enc_public_key,
        seq_from=0,
        seq_to=1,
    )
    writer.audit_head = head
    with writer:
        for table, records in records_by_table.items():
            with writer.member(table) as member:
                for record in records:
                    member.write(dict(record))
        writer.finish()
    return path


def local_record(target: Services, table: str, row_id: str) -> dict[str, Any]:
    """The target's row as a package record (JSON values, its version vector)."""
    with target.db.read() as session:
        found = rows.local_rows(session, table, [row_id], target.db.station_id)[row_id]
    return repo.encoded(found)


def newer(target: Services, sender: Services, table: str, row_id: str, **changes: Any) -> dict:
    """The target's row as ``sender`` would send it after changing it: a newer version."""
    record = local_record(target, table, row_id)
    vv = dict(record["_vv"])
    vv[sender.db.station_id] = vv.get(sender.db.station_id, 0) + 1
    return {**record, **changes, "_vv": vv}


def new_incident(sender: Services, **changes: Any) -> dict[str, Any]:
    """A new incident as a field laptop would send it."""
    return {
        "id": str(uuid.uuid4()),
        "reference": "V-2026-9001",
        "occurred_at": "2026-05-01T10:00:00+00:00",
        "source": "patrol",
        "description": "Radstreife: Fahrrad am Geländer",
        "_vv": {sender.db.station_id: 1},
        **changes,
    }


def new_officer(sender: Services, service_number: str, **changes: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "service_number": service_number,
        "last_name": "Neu",
        "first_name": "Nina",
        "unit": "kod",
        "role": "officer",
        "_vv": {sender.db.station_id: 1},
        **changes,
    }
