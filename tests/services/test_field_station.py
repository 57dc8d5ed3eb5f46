"""A field station receives roles and passwords from the office and does not change them itself
(issue 13): its packages would otherwise be refused at the office from then on. The office
changes a password, the laptop receives it, and the laptop's next package is still accepted."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from kod_desk.domain import sync as ds
from kod_desk.domain.enums import Role
from kod_desk.domain.errors import PermissionDenied
from kod_desk.services.registry import Services
from kod_desk.services.startup import open_database

ADMIN, PASSWORD = "K-1000", "kod-demo-2026"


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Services, Services]]:
    office = open_database(str(tmp_path / "buero.sqlite"), demo=True, demo_incidents=10).services
    laptop = open_database(str(tmp_path / "laptop.sqlite")).services
    office.sync.trust(laptop.sync.export_key())
    laptop.sync.trust(office.sync.export_key())
    laptop.sync.set_office(office.db.station_id)
    office.sync.export(tmp_path / "0.kodsync", laptop.db.station_id, everything=True)
    assert laptop.sync.import_package(tmp_path / "0.kodsync").value.applied
    yield office, laptop
    office.close()
    laptop.close()


def _officer(services: Services, number: str) -> str:
    return next(o.id for o in services.masterdata.officers() if o.service_number == number)


def test_the_laptop_leaves_roles_and_passwords_to_the_office(
    pair: tuple[Services, Services], tmp_path: Path
) -> None:
    office, laptop = pair
    office_name = office.sync.station().name
    officer_id = _officer(laptop, "K-1018")
    with pytest.raises(PermissionDenied, match=f"verwaltet das Büro .„{office_name}“"):
        laptop.auth.set_password(officer_id, "ein-neues-Passwort-2026")
    current = laptop.masterdata.officer(officer_id)
    with pytest.raises(PermissionDenied, match="verwaltet das Büro"):
        laptop.masterdata.save_officer(replace(current.as_draft(), role=Role.ADMIN), officer_id)
    with pytest.raises(PermissionDenied, match="verwaltet das Büro"):
        laptop.masterdata.set_officer_active(officer_id, False)
    # What the laptop may still do: edit the rest of the record, log in, refuse a new password.
    laptop.masterdata.save_officer(replace(current.as_draft(), weekly_hours=30.0), officer_id)
    laptop.auth.login(ADMIN, PASSWORD)
    with pytest.raises(PermissionDenied, match="verwaltet das Büro"):
        laptop.auth.change_own_password(PASSWORD, "ein-neues-Passwort-2026")

    # The office changes a password while the laptop edits the same officer: a conflict.
    # However the laptop decides it, the password follows the office, and the laptop's next
    # package is accepted there.
    office.auth.set_password(_officer(office, "K-1018"), "ein-neues-Passwort-2026")
    office.sync.export(tmp_path / "1.kodsync", laptop.db.station_id)
    laptop.context.role = Role.ADMIN
    result = laptop.sync.import_package(tmp_path / "1.kodsync").value
    assert result.applied and result.preview.conflicts == 1
    [conflict] = laptop.sync.conflicts()
    laptop.sync.resolve(conflict.id, ds.Choice.OURS)
    assert laptop.masterdata.officer(officer_id).weekly_hours == 30.0  # ours kept …
    actions = [r.action for r in laptop.audit.recent(5)]
    assert "sync_password_hash" in actions
    laptop.auth.login("K-1018", "ein-neues-Passwort-2026")  # … the office's password taken
    laptop.context.role = Role.ADMIN
    laptop.sync.export(tmp_path / "2.kodsync", office.db.station_id)
    result = office.sync.import_package(tmp_path / "2.kodsync").value
    assert result.applied
    assert office.masterdata.officer(_officer(office, "K-1018")).weekly_hours == 30.0


def test_the_office_itself_still_sets_passwords_and_roles(pair: tuple[Services, Services]) -> None:
    office, _laptop = pair
    officer_id = _officer(office, "K-1018")
    office.auth.set_password(officer_id, "ein-neues-Passwort-2026")
    current = office.masterdata.officer(officer_id)
    saved = office.masterdata.save_officer(
        replace(current.as_draft(), role=Role.SUPERVISOR), officer_id
    )
    assert saved.value.role is Role.SUPERVISOR
