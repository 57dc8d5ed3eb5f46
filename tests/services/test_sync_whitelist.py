"""What a sync package may change (issue 13, DESIGN.md §8 format v2): hostile records are refused
whole with one German sentence and change nothing; roles, passwords and login state arrive only
from the office imported by an administrator, audited field by field; only supervisors and
administrators import. On SQLite and PostgreSQL (the ``services`` fixture is the target).
"""

from __future__ import annotations

import functools
import json
import secrets
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sync_hostile import new_incident, new_officer, newer, write_package

from kod_desk.domain import sync as ds
from kod_desk.domain.enums import Role
from kod_desk.domain.errors import PermissionDenied, UserError
from kod_desk.domain.masterdata import OfficerDraft
from kod_desk.domain.sync_format import SyncRefused
from kod_desk.services.auth import hash_password
from kod_desk.services.registry import Services
from kod_desk.services.startup import open_database
from kod_desk.storage.repos import logins
from kod_desk.storage.repos import sync as repo

PASSWORD = "Radstreife-Sommer-2026"


@dataclass
class World:
    target: Services  # the station that imports (the office's database, or a laptop's)
    field: Services  # a trusted field laptop
    office: Services  # a trusted station marked as the office
    ids: dict[str, str]  # service number -> officer id at the target
    folder: Path

    def package(self, sender: Services, records: dict[str, list[dict[str, Any]]]) -> Path:
        path = self.folder / f"{uuid.uuid4()}.kodsync"
        return write_package(sender, path, records, recipient=self.target)


@pytest.fixture(scope="module")
def stations(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A field laptop and the office, made (with their keys) once and copied per test."""
    folder = tmp_path_factory.mktemp("whitelist_stations")
    found = {}
    for name in ("feld", "buero"):
        path = folder / f"{name}.sqlite"
        services = open_database(str(path)).services
        services.sync.ensure_key()
        services.close()
        found[name] = path
    return found


@functools.cache
def password_hash() -> str:
    """PASSWORD hashed once (argon2 takes a noticeable moment per hash)."""
    return hash_password(PASSWORD)


def _station(template: Path, folder: Path) -> Services:
    target = folder / template.name
    for suffix in ("", "-wal"):
        if Path(f"{template}{suffix}").exists():
            shutil.copy(f"{template}{suffix}", f"{target}{suffix}")
    return open_database(str(target)).services


@pytest.fixture
def world(services: Services, tmp_path: Path, stations: dict[str, Path]) -> Iterator[World]:
    field = _station(stations["feld"], tmp_path)
    office = _station(stations["buero"], tmp_path)
    try:
        services.sync.trust(field.sync.export_key())
        services.sync.trust(office.sync.export_key())
        ids = {}
        for number, name, role in (
            ("K-1018", "Albers", Role.OFFICER),
            ("K-2000", "Brandt", Role.SUPERVISOR),
            ("K-3000", "Claßen", Role.OFFICER),
        ):
            draft = OfficerDraft(number, name, "Anna", role=role, qualifications=("Radstreife",))
            ids[number] = services.masterdata.save_officer(draft).value.id
            with services.db.write("test") as session:
                logins.set_password(session, ids[number], password_hash())
        # From now on the logins come from the office (they are set before, as if by it).
        services.sync.set_office(office.db.station_id)
        yield World(services, field, office, ids, tmp_path)
    finally:
        field.close()
        office.close()


def login(world: World, number: str, password: str = PASSWORD) -> Services:
    """The target's services as this officer (the window's login), beside the admin's."""
    services = Services.create(world.target.db, actor="cli")
    services.auth.login(number, password)
    return services


def state(services: Services) -> dict[str, Any]:
    """What users would notice: officers with their login data, every row count, the audit
    (less the refusal entries, which a refusal may write)."""
    with services.db.read() as session:

        def rows(sql: str) -> list[tuple[Any, ...]]:
            return [tuple(r) for r in session.execute(text(sql)).all()]

        return {
            "officers": rows(
                "SELECT service_number, last_name, role, password_hash, active, weekly_hours, "
                "qualifications, version FROM officer ORDER BY service_number"
            ),
            "counts": {
                t: rows(f"SELECT count(*) FROM {t}")[0][0]
                for t in ("incident", "absence", "area", "officer", "sync_package_log")
            },
            "audit": rows(
                "SELECT seq, action, hash FROM audit_entry WHERE action <> 'sync_refused' "
                "ORDER BY seq"
            ),
        }


def audit_rows(services: Services, action: str) -> list[tuple[str, Any, Any]]:
    with services.db.read() as session:
        found = session.execute(
            text("SELECT row_id, before, after FROM audit_entry WHERE action = :a ORDER BY seq"),
            {"a": action},
        ).all()
    decode = lambda v: json.loads(v) if isinstance(v, str) else v  # noqa: E731 - JSON on SQLite
    return [(r[0], decode(r[1]), decode(r[2])) for r in found]


# ---------------------------------------------------------------- hostile values

Case = Callable[[World], dict[str, list[dict[str, Any]]]]


def _officer(**changes: Any) -> Case:
    return lambda w: {"officer": [newer(w.target, w.field, "officer", w.ids["K-1018"], **changes)]}


def _incident(**changes: Any) -> Case:
    return lambda w: {"incident": [new_incident(w.field, **changes)]}


def _twice(w: World) -> dict[str, list[dict[str, Any]]]:
    first = new_incident(w.field)
    return {"incident": [first, {**first, "place": "Markt"}]}


def _absence(w: World) -> dict[str, list[dict[str, Any]]]:
    absence = {
        "id": str(uuid.uuid4()),
        "officer_id": w.ids["K-1018"],
        "kind": "vacation",
        "starts_on": "9999-12-30",
        "ends_on": "9999-12-31",
        "_vv": {w.field.db.station_id: 1},
    }
    return {"absence": [absence]}


HOSTILE: dict[str, tuple[Case, str]] = {
    "weekly hours 1e308": (_officer(weekly_hours=1e308), "„weekly_hours“ liegt nicht im"),
    "weekly hours -40": (_officer(weekly_hours=-40), "„weekly_hours“ liegt nicht im"),
    "qualifications a string": (_officer(qualifications="Radstreife"), "„qualifications“"),
    "qualifications with junk": (_officer(qualifications=["Rad", {"x": 1}]), "„qualifications“"),
    "year 0001": (_incident(occurred_at="0001-01-01T00:00:00+00:00"), "zwischen 1900 und 2199"),
    "year 9999": (_incident(occurred_at="9999-12-31T12:00:00+00:00"), "zwischen 1900 und 2199"),
    "year 9999 in an absence": (_absence, "„starts_on“ liegt nicht zwischen 1900 und 2199"),
    "NUL byte in a description": (_incident(description="Fahrrad\x00weg"), "Steuerzeichen"),
    "NUL byte in a name": (_officer(last_name="Al\x00bers"), "„last_name“ enthält Steuerzeichen"),
    "escape in a short text": (_incident(place="Markt\x1b[2J"), "„place“ enthält Steuerzeichen"),
    "20 MB description": (
        _incident(description=secrets.token_hex(10 * 1024 * 1024)),
        "„description“ ist länger als 20.000 Zeichen",
    ),
    "id not a uuid": (_incident(id="not-a-uuid"), "„id“ ist keine gültige Kennung"),
    "reference not a uuid": (_incident(area_id="not-a-uuid"), "„area_id“ ist keine gültige"),
    "same id twice": (_twice, "zweimal"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_record_refuses_the_package_and_changes_nothing(world: World, name: str) -> None:
    build, words = HOSTILE[name]
    package = world.package(world.field, build(world))
    before = state(world.target)
    with pytest.raises(SyncRefused) as refused:
        world.target.sync.import_package(package)
    message = refused.value.message
    assert words in message
    assert "\n" not in message and len(message) < 400  # one sentence, not 20 MB of it
    assert state(world.target) == before


def test_the_refusal_names_the_officer_table_and_field(world: World) -> None:
    package = world.package(world.field, _officer(weekly_hours=1e308)(world))
    with pytest.raises(SyncRefused, match=r"Dienstkraft K-1018 \(.*\): „weekly_hours“"):
        world.target.sync.import_package(package)


def test_a_valid_package_from_the_laptop_still_applies(world: World) -> None:
    """The whitelist lets through what the services write (the counterpart of the refusals)."""
    records = {
        "officer": [
            newer(world.target, world.field, "officer", world.ids["K-1018"], weekly_hours=30.5)
        ],
        "incident": [new_incident(world.field, description="Zeile 1\nZeile 2\tmit Tab")],
    }
    result = world.target.sync.import_package(world.package(world.field, records)).value
    assert result.applied and result.preview.counts["incident"].insert == 1
    assert world.target.masterdata.officer(world.ids["K-1018"]).weekly_hours == 30.5


def test_ids_alike_but_for_their_first_digit_are_not_taken_for_twins(world: World) -> None:
    """The duplicate check's filter cannot tell ids apart that differ only in their first
    digits (it probes the rest); a second look does, and a real twin is still refused."""
    stem = "c1d2e-3a4b-4c5d-8e6f-0123456789ab"
    first = new_incident(world.field, id=f"5f0{stem}", reference="V-2026-9101")
    second = new_incident(world.field, id=f"6f0{stem}", reference="V-2026-9102")
    result = world.target.sync.import_package(
        world.package(world.field, {"incident": [first, second]})
    ).value
    assert result.applied and result.preview.counts["incident"].insert == 2
    third = new_incident(world.field, id=f"7f0{stem}", reference="V-2026-9103")
    twin = {**third, "place": "Markt"}
    before = state(world.target)
    with pytest.raises(SyncRefused, match="zweimal"):
        world.target.sync.import_package(
            world.package(world.field, {"incident": [third, first, twin]})
        )
    assert state(world.target) == before


# ---------------------------------------------------------------- roles and passwords


def _hash(services: Services, number: str) -> Any:
    with services.db.read() as session:
        return session.execute(
            text("SELECT password_hash FROM officer WHERE service_number = :n"), {"n": number}
        ).scalar_one()


PROTECTED: dict[str, tuple[Callable[[World], dict[str, Any]], str]] = {
    "raised to admin": (lambda w: {"role": "admin"}, "ändert die Rolle von K-1018"),
    "password replaced": (
        lambda w: {"password_hash": hash_password("Ein-anderes-Passwort")},
        "ändert das Passwort von K-1018",
    ),
    "password nulled": (lambda w: {"password_hash": None}, "ändert das Passwort von K-1018"),
    "deactivated": (lambda w: {"active": False}, "ändert den Anmeldestatus (aktiv) von K-1018"),
}


@pytest.mark.parametrize("name", list(PROTECTED))
def test_a_laptop_cannot_change_roles_or_passwords(world: World, name: str) -> None:
    change, words = PROTECTED[name]
    record = newer(world.target, world.field, "officer", world.ids["K-1018"], **change(world))
    package = world.package(world.field, {"officer": [record]})
    before = state(world.target)
    with pytest.raises(SyncRefused) as refused:
        world.target.sync.import_package(package)
    assert words in refused.value.message
    assert "kommen nur vom Büro und nur bei einem Import durch eine Administration" in (
        refused.value.message
    )
    assert state(world.target) == before
    assert login(world, "K-1018").context.role is Role.OFFICER  # the login still works


def test_a_laptop_cannot_bring_a_new_administrator(world: World) -> None:
    officer = new_officer(world.field, "K-7777", role="admin")
    package = world.package(world.field, {"officer": [officer]})
    with pytest.raises(SyncRefused, match="ändert die Rolle von K-7777"):
        world.target.sync.import_package(package)
    officer = new_officer(world.field, "K-7778", password_hash=hash_password("Neues-Passwort-1"))
    package = world.package(world.field, {"officer": [officer]})
    with pytest.raises(SyncRefused, match="ändert das Passwort von K-7778"):
        world.target.sync.import_package(package)
    # A new officer as an Einsatzkraft without a password is ordinary master data.
    package = world.package(world.field, {"officer": [new_officer(world.field, "K-7779")]})
    assert world.target.sync.import_package(package).value.applied


def test_an_old_version_with_other_login_data_is_only_skipped(world: World) -> None:
    """A record the target already contains is not applied, so it is not refused either."""
    record = newer(world.target, world.field, "officer", world.ids["K-1018"], role="admin")
    record["_vv"] = {world.target.db.station_id: 1}  # older than the target's own edits
    result = world.target.sync.import_package(
        world.package(world.field, {"officer": [record]})
    ).value
    assert result.applied and result.preview.counts["officer"].skip == 1
    assert world.target.masterdata.officer(world.ids["K-1018"]).role is Role.OFFICER


def test_the_office_imported_by_an_administrator_changes_them_audited_field_by_field(
    world: World,
) -> None:
    new_hash = hash_password("Neues-Passwort-vom-Buero")
    records = {
        "officer": [
            newer(world.target, world.office, "officer", world.ids["K-1018"], role="admin"),
            newer(
                world.target, world.office, "officer", world.ids["K-2000"], password_hash=new_hash
            ),
            newer(world.target, world.office, "officer", world.ids["K-3000"], password_hash=None),
        ]
    }
    old_hashes = {n: _hash(world.target, n) for n in world.ids}
    result = world.target.sync.import_package(world.package(world.office, records)).value
    assert result.applied
    assert world.target.masterdata.officer(world.ids["K-1018"]).role is Role.ADMIN
    assert _hash(world.target, "K-2000") == new_hash
    assert _hash(world.target, "K-3000") is None
    assert login(world, "K-2000", "Neues-Passwort-vom-Buero").context.role is Role.SUPERVISOR

    [role] = audit_rows(world.target, "sync_role")
    assert role == (
        world.ids["K-1018"],
        {"service_number": "K-1018", "role": "officer"},
        {"service_number": "K-1018", "role": "admin"},
    )
    passwords = {r[0]: r[2] for r in audit_rows(world.target, "sync_password_hash")}
    assert passwords == {
        world.ids["K-2000"]: {"service_number": "K-2000", "password": "Passwort geändert"},
        world.ids["K-3000"]: {"service_number": "K-3000", "password": "Passwort entfernt"},
    }
    [summary] = audit_rows(world.target, "sync_import")
    assert summary[2]["counts"]["officer"]["update"] == 3
    with world.target.db.read() as session:
        logged = " ".join(
            str(r) for r in session.execute(text("SELECT before, after FROM audit_entry")).all()
        )
    assert "$argon2" not in logged and new_hash not in logged
    assert all(h not in logged for h in old_hashes.values() if h)
    assert world.target.audit.verify().intact


def test_the_office_imported_by_a_supervisor_is_refused(world: World) -> None:
    record = newer(world.target, world.office, "officer", world.ids["K-1018"], role="supervisor")
    package = world.package(world.office, {"officer": [record]})
    supervisor = login(world, "K-2000")
    assert supervisor.context.role is Role.SUPERVISOR
    before = state(world.target)
    with pytest.raises(SyncRefused, match="ändert die Rolle von K-1018"):
        supervisor.sync.import_package(package)
    assert {k: v for k, v in state(world.target).items() if k != "audit"} == {
        k: v for k, v in before.items() if k != "audit"
    }
    # An ordinary package is the supervisor's to import.
    package = world.package(world.office, {"incident": [new_incident(world.office)]})
    assert supervisor.sync.import_package(package).value.applied


def test_an_officer_may_not_import(world: World) -> None:
    package = world.package(world.field, {"incident": [new_incident(world.field)]})
    officer = login(world, "K-1018")
    with pytest.raises(PermissionDenied, match="Synchronisationspakete einspielen"):
        officer.sync.import_package(package)
    assert state(world.target)["counts"]["incident"] == 0


def test_only_an_administrator_marks_the_office_and_it_is_audited(world: World) -> None:
    field_id = world.field.db.station_id
    supervisor = login(world, "K-2000")
    with pytest.raises(PermissionDenied):
        supervisor.sync.set_office(field_id)
    peer = world.target.sync.set_office(field_id).value
    assert peer.is_office
    assert {p.id: p.is_office for p in world.target.sync.peers()}[field_id]
    world.target.sync.set_office(field_id, False)
    assert [r[2]["is_office"] for r in audit_rows(world.target, "set_office_station")] == [
        True,  # the office of the fixture
        True,
        False,
    ]
    world.target.sync.revoke(field_id)
    with pytest.raises(UserError, match="nicht vertraut"):
        world.target.sync.set_office(field_id)


def _conflict_from(world: World, sender: Services) -> ds.ConflictView:
    """A conflict on K-1018: ``sender`` raised the role, this station changed the name."""
    officer_id = world.ids["K-1018"]
    theirs = newer(world.target, sender, "officer", officer_id, role="admin", weekly_hours=20)
    current = world.target.masterdata.officer(officer_id)
    draft = OfficerDraft("K-1018", "Albers-Neu", "Anna", qualifications=current.qualifications)
    world.target.masterdata.save_officer(draft, officer_id)  # changed here meanwhile
    result = world.target.sync.import_package(world.package(sender, {"officer": [theirs]})).value
    assert result.preview.conflicts == 1
    [conflict] = world.target.sync.conflicts()
    assert {"role", "weekly_hours"} <= set(conflict.differing)
    return conflict


def test_a_conflict_decision_does_not_carry_roles_or_passwords_from_a_laptop(
    world: World,
) -> None:
    conflict = _conflict_from(world, world.field)
    with pytest.raises(UserError, match="Die Rolle von K-1018 lässt sich nicht"):
        world.target.sync.resolve(conflict.id, ds.Choice.THEIRS)
    with pytest.raises(UserError, match="Die Rolle von K-1018"):
        world.target.sync.resolve(conflict.id, ds.Choice.FIELDS, frozenset({"role"}))
    world.target.sync.resolve(conflict.id, ds.Choice.FIELDS, frozenset({"weekly_hours"}))
    officer = world.target.masterdata.officer(world.ids["K-1018"])
    assert officer.role is Role.OFFICER and officer.weekly_hours == 20


def test_a_conflict_with_the_office_takes_its_roles_whatever_is_decided(world: World) -> None:
    """A field station's own version of a role or password would refuse its packages at the
    office: the office's version of those fields wins, and the rest is decided as chosen."""
    conflict = _conflict_from(world, world.office)
    world.target.sync.resolve(conflict.id, ds.Choice.OURS)
    officer = world.target.masterdata.officer(world.ids["K-1018"])
    assert officer.role is Role.ADMIN  # from the office
    assert officer.last_name == "Albers-Neu" and officer.weekly_hours != 20  # ours
    actions = [r.action for r in world.target.audit.recent(5)]
    assert "sync_role" in actions


# ---------------------------------------------------------------- a first package, in batches


def _incidents(world: World, count: int) -> list[dict[str, Any]]:
    return [new_incident(world.field, reference=f"V-2026-{9200 + i}") for i in range(count)]


@pytest.mark.parametrize("batch", [2, 2000])
def test_a_first_package_in_small_batches_applies_all_of_it(
    world: World, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    """Into a table empty before, the import asks for our rows only when an id or a unique
    key may come twice (services/sync/importer._NewTable); batch after batch, all arrive."""
    monkeypatch.setattr(repo, "BATCH", batch)
    assert state(world.target)["counts"]["incident"] == 0
    records = _incidents(world, 5)
    result = world.target.sync.import_package(world.package(world.field, {"incident": records}))
    assert result.value.preview.counts["incident"].insert == 5
    with world.target.db.read() as session:
        stored = session.execute(text("SELECT reference FROM incident ORDER BY reference"))
        assert [r[0] for r in stored] == [r["reference"] for r in records]


def test_an_id_twice_in_different_batches_of_a_first_package_is_refused(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(repo, "BATCH", 2)
    records = _incidents(world, 5)
    records[3] = {**records[0], "place": "Markt"}
    package = world.package(world.field, {"incident": records})
    before = state(world.target)
    with pytest.raises(SyncRefused, match="zweimal"):
        world.target.sync.import_package(package)
    assert state(world.target) == before


def test_an_officer_twice_on_an_incident_in_different_batches_is_found_as_a_twin(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The unique key (incident, officer) an earlier batch of a first package wrote is found
    again in a later batch, as in a station that held such rows before: the same fact made
    twice under another id is skipped (not written twice, which the database would refuse)."""
    monkeypatch.setattr(repo, "BATCH", 2)
    first, second = _incidents(world, 2)
    crew = [
        (first, "K-1018"),
        (second, "K-1018"),
        (first, "K-2000"),
        (first, "K-1018"),  # the first row again, under another id
    ]
    links = [
        {
            "id": str(uuid.uuid4()),
            "incident_id": incident["id"],
            "officer_id": world.ids[number],
            "deleted_at": None,
            "_vv": {world.field.db.station_id: 10 + i},
        }
        for i, (incident, number) in enumerate(crew)
    ]
    package = world.package(world.field, {"incident": [first, second], "incident_officer": links})
    counts = world.target.sync.import_package(package).value.preview.counts["incident_officer"]
    assert (counts.insert, counts.skip) == (3, 1)
