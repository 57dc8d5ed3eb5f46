"""Sync between an SQLite station and a station of either backend (issue 8 with issue 6's
PostgreSQL): a package from a field laptop's SQLite file reaches a central PostgreSQL database
and back, conflicts are queued and settled there, and what users see is the same on both.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from kod_desk.domain import sync as ds
from kod_desk.domain.enums import IncidentStatus
from kod_desk.domain.sync_format import SyncRefused
from kod_desk.services.registry import Services
from kod_desk.services.startup import open_database
from tests.raw_sql import raw_rows


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Services]:
    services = open_database(str(tmp_path / "laptop.sqlite"), demo=True, demo_incidents=40).services
    yield services
    services.close()


def _seen(services: Services) -> list[tuple[Any, ...]]:
    """Incidents as users see them (through the service), by reference."""
    ids = [r[0] for r in raw_rows(services, "SELECT id FROM incident WHERE deleted_at IS NULL")]
    found = []
    for incident_id in ids:
        detail = services.incidents.get(incident_id)
        row = detail.row
        notes = sorted(n.text for n in detail.notes)
        found.append((row.reference, row.occurred_at, row.place, row.status, notes, row.area_name))
    return sorted(found)


def test_packages_travel_between_sqlite_and_the_other_backend(
    services: Services, laptop: Services, tmp_path: Path
) -> None:
    central = services
    central.sync.trust(laptop.sync.export_key())
    laptop.sync.trust(central.sync.export_key())
    # The laptop holds the demo's officers, roles and the administrator's password (issue 13).
    central.sync.set_office(laptop.db.station_id)

    laptop.sync.export(tmp_path / "1.kodsync", central.db.station_id)
    assert central.sync.import_package(tmp_path / "1.kodsync").value.applied
    assert _seen(central) == _seen(laptop)

    incident_id = raw_rows(
        laptop, "SELECT id FROM incident WHERE deleted_at IS NULL AND status = 'open'"
    )[0][0]
    central.incidents.add_note(incident_id, "Vermerk der Zentrale – Prüfung ß")
    central.incidents.change_status(incident_id, IncidentStatus.IN_PROGRESS)
    laptop.incidents.change_status(incident_id, IncidentStatus.CLOSED, "Verwarnung erteilt")

    central.sync.export(tmp_path / "2.kodsync", laptop.db.station_id)
    to_laptop = laptop.sync.import_package(tmp_path / "2.kodsync").value
    assert to_laptop.preview.counts["incident"].conflict == 1
    laptop.sync.export(tmp_path / "3.kodsync", central.db.station_id)
    to_central = central.sync.import_package(tmp_path / "3.kodsync").value
    assert to_central.preview.counts["incident"].conflict == 1

    [conflict] = central.sync.conflicts()
    assert set(conflict.differing) >= {"status", "outcome"}
    central.sync.resolve(conflict.id, ds.Choice.FIELDS, frozenset({"status", "outcome"}))
    assert central.incidents.get(incident_id).row.status is IncidentStatus.CLOSED

    central.sync.export(tmp_path / "4.kodsync", laptop.db.station_id)
    laptop.sync.import_package(tmp_path / "4.kodsync")
    assert laptop.sync.conflicts() == [] and central.sync.conflicts() == []
    assert _seen(central) == _seen(laptop)
    assert (
        "Vermerk der Zentrale – Prüfung ß"
        in dict((r[0], r[4]) for r in _seen(laptop))[
            central.incidents.get(incident_id).row.reference
        ]
    )

    again = central.sync.import_package(tmp_path / "3.kodsync").value
    assert not again.applied


def _hostile_envelopes(laptop: Services, central: Services, tmp_path: Path) -> dict[str, Path]:
    """Packages the central station must refuse, each made as an attacker could."""
    from tests.sync_packages import opened, seal_for

    other = open_database(str(tmp_path / "andere.sqlite")).services
    try:
        other.sync.trust(laptop.sync.export_key())
        laptop.sync.trust(other.sync.export_key())
        for_other = tmp_path / "fuer-andere.kodsync"
        laptop.sync.export(for_other, other.db.station_id, everything=True)
        passed_on = seal_for(tmp_path / "weiter.kodsync", opened(for_other, other), central)
    finally:
        other.close()
    good = tmp_path / "gut.kodsync"
    laptop.sync.export(good, central.db.station_id, everything=True)
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0x10
    flipped = tmp_path / "gekippt.kodsync"
    flipped.write_bytes(bytes(data))
    cut = tmp_path / "gekuerzt.kodsync"
    cut.write_bytes(good.read_bytes()[:-100])
    # An attachment whose stored name is a path, sent the normal way (the row made hostile
    # behind the laptop's back).
    incident_id = raw_rows(laptop, "SELECT id FROM incident LIMIT 1")[0][0]
    laptop.incidents.add_attachment(incident_id, "notiz.txt", b"Ein Vermerk als Datei\n")
    with laptop.db.write("test") as session:
        session.execute(text("UPDATE attachment SET filename = '../../../../tmp/x.txt'"))
    attachment = tmp_path / "anhang.kodsync"
    laptop.sync.export(attachment, central.db.station_id, everything=True)
    return {
        "nicht für diese Station verschlüsselt": for_other,
        "für eine andere Station bestimmt": passed_on,
        "beschädigt oder wurde verändert": flipped,
        "Das Paket ist": cut,
        "../../../../tmp/x.txt": attachment,
    }


def test_the_hostile_set_is_refused_on_either_backend_and_changes_nothing(
    services: Services, laptop: Services, tmp_path: Path
) -> None:
    central = services
    central.sync.trust(laptop.sync.export_key())
    laptop.sync.trust(central.sync.export_key())
    central.sync.set_office(laptop.db.station_id)  # its demo roles may arrive
    packages = _hostile_envelopes(laptop, central, tmp_path)
    before = raw_rows(central, "SELECT count(*) FROM incident")
    for expected, package in packages.items():
        with pytest.raises(SyncRefused) as refused:
            central.sync.import_package(package)
        assert expected in refused.value.message, (package.name, refused.value.message)
        assert raw_rows(central, "SELECT count(*) FROM incident") == before
    refusals = raw_rows(central, "SELECT count(*) FROM audit_entry WHERE action = 'sync_refused'")
    assert refusals[0][0] == len(packages)
