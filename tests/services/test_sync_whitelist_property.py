"""A property of the import whitelist (issue 13): whatever records a trusted field laptop sends –
any table, random values in the protected columns, newer, older or concurrent versions – the
import never changes a role, a password hash or the login state of an officer, never writes a
new officer as more than an Einsatzkraft or with a password, and never touches an audit entry
that was there before (the chain still verifies; no audit row comes from the package).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sync_hostile import local_record, new_incident, new_officer, write_package

from kod_desk.domain.enums import Role
from kod_desk.domain.masterdata import OfficerDraft
from kod_desk.domain.sync_format import SyncRefused
from kod_desk.services.auth import hash_password
from kod_desk.services.registry import Services
from kod_desk.services.startup import open_database
from tests.raw_sql import raw_rows

pytestmark = pytest.mark.sqlite_only

PASSWORD = "Radstreife-Sommer-2026"
NUMBERS = ("K-1018", "K-2000", "K-3000")
ROLES = [r.value for r in Role]
A_HASH = hash_password("Passwort-vom-Laptop")


@pytest.fixture
def stations(services: Services, tmp_path: Path) -> Iterator[tuple[Services, Services]]:
    laptop = open_database(str(tmp_path / "feld.sqlite")).services
    try:
        services.sync.trust(laptop.sync.export_key())
        laptop.sync.trust(services.sync.export_key())  # it encrypts to this station
        for number, role in zip(NUMBERS, (Role.OFFICER, Role.SUPERVISOR, Role.ADMIN), strict=True):
            officer = services.masterdata.save_officer(
                OfficerDraft(number, "Muster", "Max", role=role)
            )
            if number != "K-3000":
                services.auth.set_password(officer.value.id, PASSWORD)
        yield services, laptop
    finally:
        laptop.close()


def officers(services: Services) -> dict[str, tuple[Any, ...]]:
    rows = raw_rows(
        services,
        "SELECT id, role, password_hash, active, deleted_at, failed_logins, locked_until "
        "FROM officer",
    )
    return {r[0]: tuple(r[1:]) for r in rows}


def audit(services: Services) -> list[tuple[Any, ...]]:
    with services.db.read() as session:
        return [
            tuple(r)
            for r in session.execute(
                text("SELECT seq, action, row_id, hash FROM audit_entry ORDER BY seq")
            ).all()
        ]


# The station's own lockout columns (they never travel) and junk: rarely drawn, as each
# refuses the whole package.
junk = st.fixed_dictionaries(
    {},
    optional={
        "failed_logins": st.integers(0, 10),
        "locked_until": st.sampled_from([None, "2099-01-01T00:00:00+00:00"]),
        "role": st.sampled_from(["root", "", None]),
        "weekly_hours": st.floats(allow_nan=False),
        "last_name": st.text(max_size=20),
    },
)
protected = st.fixed_dictionaries(
    {},
    optional={
        "role": st.sampled_from(ROLES),
        "password_hash": st.sampled_from([None, A_HASH, "", "x" * 200]),
        "active": st.booleans(),
        "deleted_at": st.sampled_from([None, "2026-05-01T10:00:00+00:00"]),
        "last_name": st.text(st.characters(categories=["L"]), min_size=1, max_size=20),
        "weekly_hours": st.floats(1, 60),
    },
)


@st.composite
def records(
    draw: st.DrawFn, target: Services, laptop: Services, known: list[str]
) -> dict[str, list[Any]]:
    """Records for a package; ``known`` are the officers the target had at the start (the
    strategy must not depend on what earlier examples wrote)."""
    found: dict[str, list[Any]] = {}
    for _ in range(draw(st.integers(1, 4))):
        table = draw(st.sampled_from(["officer"] * 4 + ["app_setting", "incident"]))
        if table == "officer":
            if draw(st.booleans()):
                record = new_officer(laptop, f"N-{draw(st.integers(0, 9999))}")
            else:
                record = local_record(target, "officer", draw(st.sampled_from(known)))
                vv = dict(record["_vv"])
                how = draw(st.sampled_from(["newer", "concurrent", "older"]))
                if how == "newer":
                    vv[laptop.db.station_id] = vv.get(laptop.db.station_id, 0) + 1
                elif how == "concurrent":
                    vv = {laptop.db.station_id: draw(st.integers(1, 50))}
                else:
                    vv = {k: max(v - 1, 1) for k, v in vv.items()}
                record["_vv"] = vv
            record.update(draw(protected))
            if draw(st.integers(0, 9)) == 9:
                record.update(draw(junk))
        elif table == "app_setting":
            record = {
                "id": str(uuid.uuid4()),
                "key": draw(st.sampled_from(["login_policy", "retention", "roster_rules"])),
                "value": {"max_failures": draw(st.integers(-5, 10**6)), "lock_minutes": 0},
                "_vv": {laptop.db.station_id: 1},
            }
        elif table == "incident":
            record = new_incident(laptop, description=draw(st.text(max_size=200)))
        found.setdefault(table, []).append(record)
    if draw(st.integers(0, 9)) == 9:  # the audit log itself is no synchronised table
        found["audit_entry"] = [{"seq": 1, "action": "login", "actor": "K-3000", "hash": "0"}]
    return found


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_laptop_package_never_changes_login_data_or_the_audit(
    stations: tuple[Services, Services], tmp_path: Path, data: st.DataObject
) -> None:
    target, laptop = stations
    before_officers = officers(target)
    before_audit = audit(target)
    known = sorted(i for i, login in before_officers.items() if login[0] != Role.OFFICER.value)
    known += sorted(i for i, login in before_officers.items() if login[1] is not None)
    drawn = data.draw(records(target, laptop, sorted(set(known))))
    package = write_package(laptop, tmp_path / f"{uuid.uuid4()}.kodsync", drawn, target)
    try:
        target.sync.import_package(package)
        event("applied")
    except SyncRefused as refusal:
        event(f"refused: {refusal.message[:60]}")
    after = officers(target)
    for officer_id, login in before_officers.items():
        assert after[officer_id][:4] == login[:4]  # role, hash, active, tombstone
    for officer_id, login in after.items():
        if officer_id not in before_officers:
            assert login[0] == Role.OFFICER.value and login[1] is None
    entries = audit(target)
    assert entries[: len(before_audit)] == before_audit
    assert {e[1] for e in entries[len(before_audit) :]} <= {"sync_import", "sync_refused"}
    assert target.audit.verify().intact
