"""Sync packages between two stations (issue 8), on real SQLite files: the office's data reaches
a field laptop, a package applied twice or sent back changes nothing, edits made on both sides
go to the conflict queue and are settled there, notes merge, deletions travel, and refused
packages leave every record as it was.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kod_desk.domain import sync as ds
from kod_desk.domain.enums import IncidentSource, IncidentStatus
from kod_desk.domain.incidents import IncidentDraft
from kod_desk.domain.sync_format import SyncRefused
from kod_desk.services.registry import Services
from kod_desk.services.startup import open_database
from tests import raw_sql
from tests.sync_packages import opened, seal_for

TABLES = (
    "incident",
    "incident_note",
    "shift",
    "assignment",
    "officer",
    "bike_checkout",
    "shift_template",
    "roster_week",
    "attachment",
    "app_setting",
)


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Services]:
    services = open_database(str(tmp_path / "buero.sqlite"), demo=True, demo_incidents=120).services
    yield services
    services.close()


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Services]:
    services = open_database(str(tmp_path / "laptop.sqlite")).services
    yield services
    services.close()


def trust_each_other(a: Services, b: Services) -> None:
    """``a`` is the office: ``b`` takes roles and passwords from it (issue 13), not vice versa."""
    a.sync.trust(b.sync.export_key())
    b.sync.trust(a.sync.export_key())
    b.sync.set_office(a.db.station_id)


def send(
    source: Services, target: Services, path: Path, *, everything: bool = False
) -> ds.ImportResult:
    source.sync.export(path, target.db.station_id, everything=everything)
    return target.sync.import_package(path).value


def snapshot(services: Services) -> dict[str, list[tuple[Any, ...]]]:
    """What a user sees of the synchronised tables: every row's content, sorted by id."""
    connection = raw_sql.connect(services.db.location)
    try:
        found = {}
        for table in TABLES:
            columns = [
                row[1]
                for row in connection.execute(f"PRAGMA table_info({table})")
                if row[1] not in ("change_seq", "sync_vv", "failed_logins", "locked_until")
            ]
            found[table] = connection.execute(
                f"SELECT {', '.join(columns)} FROM {table} ORDER BY id"
            ).fetchall()
        return found
    finally:
        connection.close()


def one(services: Services, sql: str, *params: Any) -> Any:
    connection = raw_sql.connect(services.db.location)
    try:
        return connection.execute(sql, params).fetchone()[0]
    finally:
        connection.close()


def counts_all(services: Services) -> dict[str, int]:
    """Rows of every synchronised table."""
    connection = raw_sql.connect(services.db.location)
    try:
        tables = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if "sync_vv" in {c[1] for c in connection.execute(f"PRAGMA table_info({row[0]})")}
        ]
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        connection.close()


def counts(services: Services) -> dict[str, int]:
    return {table: len(rows) for table, rows in snapshot(services).items()}


def test_the_office_reaches_the_laptop_and_nothing_happens_twice(
    office: Services, laptop: Services, tmp_path: Path
) -> None:
    trust_each_other(office, laptop)
    first = send(office, laptop, tmp_path / "a.kodsync", everything=True)
    assert first.applied
    assert first.preview.counts["incident"].insert == counts(office)["incident"]
    assert snapshot(laptop) == snapshot(office)

    again = laptop.sync.import_package(tmp_path / "a.kodsync").value
    assert not again.applied and again.preview.already_applied
    assert snapshot(laptop) == snapshot(office)

    # Sent back: every record is one the office has already.
    back = send(laptop, office, tmp_path / "b.kodsync", everything=True)
    assert back.applied
    assert all(c.changes == 0 and c.conflict == 0 for c in back.preview.counts.values())
    assert snapshot(office) == snapshot(laptop)

    # The full package counted as an exchange: the next one to the laptop carries nothing,
    # and asking for everything again carries all of it.
    assert office.sync.export(tmp_path / "c.kodsync", laptop.db.station_id).value.records == 0
    full = office.sync.export(tmp_path / "d.kodsync", laptop.db.station_id, everything=True).value
    assert full.records == sum(counts_all(office).values())
    assert laptop.sync.import_package(tmp_path / "d.kodsync").value.applied
    assert snapshot(laptop) == snapshot(office)


def test_edits_on_both_sides_meet_in_the_conflict_queue(
    office: Services, laptop: Services, tmp_path: Path
) -> None:
    trust_each_other(office, laptop)
    send(office, laptop, tmp_path / "1.kodsync", everything=True)
    incident_id = one(
        office, "SELECT id FROM incident WHERE deleted_at IS NULL AND status = 'open'"
    )
    office.incidents.change_status(incident_id, IncidentStatus.IN_PROGRESS)
    laptop.incidents.change_status(incident_id, IncidentStatus.CLOSED, "Platzverweis erteilt")

    to_office = send(laptop, office, tmp_path / "2.kodsync")
    assert to_office.preview.counts["incident"].conflict == 1
    [conflict] = office.sync.conflicts()
    assert conflict.row_id == incident_id and "status" in conflict.differing
    assert conflict.source == laptop.sync.station().name
    warnings = [w.text for w in office.dashboard.snapshot().warnings]
    assert any("wartet auf eine Entscheidung" in w for w in warnings)  # on the Übersicht
    assert conflict.ours["status"] == "in_progress" and conflict.theirs["status"] == "closed"
    assert office.incidents.get(incident_id).row.status is IncidentStatus.IN_PROGRESS  # untouched

    to_laptop = send(office, laptop, tmp_path / "3.kodsync")
    assert to_laptop.preview.counts["incident"].conflict == 1
    assert len(laptop.sync.conflicts()) == 1

    office.sync.resolve(conflict.id, ds.Choice.THEIRS)
    assert office.sync.conflicts() == []
    assert not any("Entscheidung" in w.text for w in office.dashboard.snapshot().warnings)
    assert office.incidents.get(incident_id).row.status is IncidentStatus.CLOSED
    # The decision contains both versions: the laptop takes it and its own conflict is settled.
    send(office, laptop, tmp_path / "4.kodsync")
    assert laptop.sync.conflicts() == []
    assert laptop.incidents.get(incident_id).row.status is IncidentStatus.CLOSED
    assert snapshot(office)["incident"] == snapshot(laptop)["incident"]
    with office.db.read() as session:
        from sqlalchemy import text

        actions = session.execute(
            text("SELECT action FROM audit_entry WHERE row_id = :id"), {"id": incident_id}
        ).scalars()
        assert "sync_resolve" in list(actions)


def test_notes_from_both_sides_merge_and_deletions_travel(
    office: Services, laptop: Services, tmp_path: Path
) -> None:
    trust_each_other(office, laptop)
    send(office, laptop, tmp_path / "1.kodsync", everything=True)
    incident_id = one(office, "SELECT id FROM incident WHERE deleted_at IS NULL")
    office.incidents.add_note(incident_id, "Vermerk aus dem Büro")
    laptop.incidents.add_note(incident_id, "Vermerk von der Radstreife")
    new = laptop.incidents.create(
        IncidentDraft(
            occurred_at=office.incidents.get(incident_id).row.occurred_at,
            area_id=one(laptop, "SELECT id FROM area WHERE active ORDER BY name LIMIT 1"),
            category_id=one(
                laptop, "SELECT id FROM catalog_entry WHERE kind = 'incident_category' LIMIT 1"
            ),
            source=IncidentSource.PATROL,
            place="Klosterinsel, Ufer",
            description="Auf dem Laptop erfasst",
        )
    ).value
    send(laptop, office, tmp_path / "2.kodsync")
    send(office, laptop, tmp_path / "3.kodsync")
    assert office.sync.conflicts() == [] and laptop.sync.conflicts() == []
    texts = {n.text for n in office.incidents.get(incident_id).notes}
    assert {"Vermerk aus dem Büro", "Vermerk von der Radstreife"} <= texts
    assert office.incidents.get(new.id).row.place == "Klosterinsel, Ufer"
    assert snapshot(office) == snapshot(laptop)


def test_an_untrusted_station_is_refused_and_nothing_changes(
    office: Services, laptop: Services, tmp_path: Path
) -> None:
    office.sync.trust(laptop.sync.export_key())  # the laptop does not trust the office
    office.sync.export(tmp_path / "x.kodsync", laptop.db.station_id)
    before = snapshot(laptop)
    with pytest.raises(SyncRefused, match="nicht als vertrauenswürdig"):
        laptop.sync.import_package(tmp_path / "x.kodsync")
    assert snapshot(laptop) == before
    with laptop.db.read() as session:
        from sqlalchemy import text

        refused = session.execute(
            text("SELECT count(*) FROM audit_entry WHERE action = 'sync_refused'")
        ).scalar_one()
    assert refused == 1


def _rewrite(path: Path, target: Path, change: Any, recipient: Services) -> None:
    """A copy of the package with one incident record changed, sealed again for ``recipient``
    (as a recipient could: the signed manifest then no longer matches)."""
    plain = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(opened(path, recipient))) as source,
        zipfile.ZipFile(plain, "w") as out,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "incident.jsonl":
                lines = data.decode().splitlines()
                record = json.loads(lines[0])
                change(record)
                lines[0] = json.dumps(record, ensure_ascii=False)
                data = ("\n".join(lines) + "\n").encode()
            out.writestr(item.filename, data)
    seal_for(target, plain.getvalue(), recipient)


def test_a_changed_record_is_refused_by_its_hash(
    office: Services, laptop: Services, tmp_path: Path
) -> None:
    trust_each_other(office, laptop)
    office.sync.export(tmp_path / "ok.kodsync", laptop.db.station_id)
    _rewrite(
        tmp_path / "ok.kodsync", tmp_path / "bad.kodsync", lambda r: r.update(place="X"), laptop
    )
    with pytest.raises(SyncRefused, match=r"incident\.jsonl"):
        laptop.sync.import_package(tmp_path / "bad.kodsync")
    assert counts(laptop)["incident"] == 0


def test_master_data_made_twice_is_refused_with_its_name(
    office: Services, laptop: Services, tmp_path: Path
) -> None:
    from kod_desk.domain.masterdata import OfficerDraft

    trust_each_other(office, laptop)
    office.masterdata.save_officer(OfficerDraft("K-9999", "Doppelt", "Dora"))
    laptop.masterdata.save_officer(OfficerDraft("K-9999", "Doppelt", "Dorothea"))
    # A laptop that has worked already (an incident of its own) keeps its master data.
    laptop.incidents.create(
        IncidentDraft(
            occurred_at=office.incidents.get(
                one(office, "SELECT id FROM incident WHERE deleted_at IS NULL")
            ).row.occurred_at,
            area_id=one(laptop, "SELECT id FROM area WHERE active ORDER BY name LIMIT 1"),
            category_id=one(
                laptop, "SELECT id FROM catalog_entry WHERE kind = 'incident_category' LIMIT 1"
            ),
            source=IncidentSource.PATROL,
            place="Laptop",
            description="Eigenes Vorkommnis",
        )
    )
    office.sync.export(tmp_path / "o.kodsync", laptop.db.station_id, everything=True)
    before = snapshot(laptop)
    with pytest.raises(SyncRefused, match="K-9999"):
        laptop.sync.import_package(tmp_path / "o.kodsync")
    assert snapshot(laptop) == before


def test_a_new_station_takes_the_office_master_data_in_place_of_its_defaults(
    office: Services, laptop: Services, tmp_path: Path
) -> None:
    from kod_desk.domain.masterdata import OfficerDraft

    laptop.masterdata.save_officer(OfficerDraft("K-1000", "Erstanmeldung", "Laptop"))
    trust_each_other(office, laptop)
    before = one(laptop, "SELECT count(*) FROM area")
    assert before > 0  # a new database starts with the default areas, under its own ids
    send(office, laptop, tmp_path / "first.kodsync", everything=True)
    assert snapshot(laptop) == snapshot(office)
    assert one(laptop, "SELECT last_name FROM officer WHERE service_number = 'K-1000'") == one(
        office, "SELECT last_name FROM officer WHERE service_number = 'K-1000'"
    )


def test_a_deletion_travels_as_a_tombstone(
    office: Services, laptop: Services, tmp_path: Path
) -> None:
    trust_each_other(office, laptop)
    send(office, laptop, tmp_path / "1.kodsync", everything=True)
    shift_id = one(office, "SELECT id FROM shift WHERE deleted_at IS NULL ORDER BY starts_at DESC")
    office.roster.delete_shift(shift_id)
    result = send(office, laptop, tmp_path / "2.kodsync")
    assert result.preview.counts["shift"].delete == 1
    assert one(laptop, "SELECT deleted_at IS NOT NULL FROM shift WHERE id = ?", shift_id) == 1
    assert snapshot(laptop)["shift"] == snapshot(office)["shift"]


def test_attachments_from_both_sides_merge_with_their_bytes(
    office: Services, laptop: Services, tmp_path: Path
) -> None:
    trust_each_other(office, laptop)
    send(office, laptop, tmp_path / "1.kodsync", everything=True)
    incident_id = one(office, "SELECT id FROM incident WHERE deleted_at IS NULL")
    photo = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    scan = b"%PDF-1.4\n" + "Anzeige Müller ß".encode() * 100
    office.incidents.add_attachment(incident_id, "anzeige.pdf", scan)
    laptop.incidents.add_attachment(incident_id, "tatort.png", photo)
    send(laptop, office, tmp_path / "2.kodsync")
    send(office, laptop, tmp_path / "3.kodsync")
    for station in (office, laptop):
        files = {a.filename: a for a in station.incidents.attachments(incident_id)}
        assert set(files) == {"anzeige.pdf", "tatort.png"}
        assert station.incidents.attachment_data(files["tatort.png"].id, "Prüfung")[1] == photo
    assert office.sync.conflicts() == [] and laptop.sync.conflicts() == []


def test_a_published_week_reaches_the_laptop_as_published(
    office: Services, laptop: Services, tmp_path: Path
) -> None:
    from datetime import date, timedelta

    day = date.fromisoformat(one(office, "SELECT max(duty_date) FROM shift"))
    monday = day - timedelta(days=day.weekday())
    office.roster.publish_week(monday, "Test: veröffentlicht trotz Hinweisen")
    trust_each_other(office, laptop)
    send(office, laptop, tmp_path / "1.kodsync", everything=True)
    published = laptop.roster.published_week(monday)
    assert published is not None and published == office.roster.published_week(monday)


def test_a_lost_package_travels_again_after_the_next_exchange(
    office: Services, laptop: Services, tmp_path: Path
) -> None:
    trust_each_other(office, laptop)
    send(office, laptop, tmp_path / "1.kodsync")
    send(laptop, office, tmp_path / "2.kodsync")
    incident_id = one(office, "SELECT id FROM incident WHERE deleted_at IS NULL")
    office.incidents.add_note(incident_id, "Vermerk A (Paket geht verloren)")
    office.sync.export(tmp_path / "lost.kodsync", laptop.db.station_id)  # never arrives
    office.incidents.add_note(incident_id, "Vermerk B")
    late = send(office, laptop, tmp_path / "3.kodsync")
    assert late.missing is not None  # the laptop notices the gap
    texts = {n.text for n in laptop.incidents.get(incident_id).notes}
    assert "Vermerk B" in texts and "Vermerk A (Paket geht verloren)" not in texts
    # The laptop's next package tells the office what it holds; the office sends A again.
    send(laptop, office, tmp_path / "4.kodsync")
    again = send(office, laptop, tmp_path / "5.kodsync")
    assert again.missing is None
    texts = {n.text for n in laptop.incidents.get(incident_id).notes}
    assert {"Vermerk A (Paket geht verloren)", "Vermerk B"} <= texts
    assert snapshot(office) == snapshot(laptop)


def test_search_finds_what_a_package_changed_and_nothing_it_replaced(
    office: Services, laptop: Services, tmp_path: Path
) -> None:
    """The import keeps the full-text index by hand (its triggers are off while it writes):
    afterwards search finds new and changed texts and notes, not the replaced ones, and the
    index agrees with the incidents and notes exactly (FTS5's own integrity check)."""
    from kod_desk.domain.incidents import IncidentFilter
    from kod_desk.storage import models as m

    trust_each_other(office, laptop)
    send(office, laptop, tmp_path / "1.kodsync", everything=True)
    changed, noted, moved_from = (
        row[0]
        for row in raw_sql.connect(office.db.location).execute(
            "SELECT id FROM incident WHERE deleted_at IS NULL ORDER BY id LIMIT 3"
        )
    )
    office.incidents.add_note(moved_from, "Kettenschloss aufgebrochen")
    with office.db.write() as session:  # what another version of the app may send
        session.get_one(m.Incident, changed).description = "Quittengasse versperrt"
    send(office, laptop, tmp_path / "2.kodsync")

    def found(words: str) -> set[str]:
        return {r.id for r in laptop.incidents.list_page(IncidentFilter(text=words))}

    assert found("Quittengasse") == {changed}
    assert found("Kettenschloss") == {moved_from}
    with office.db.write() as session:
        session.get_one(m.Incident, changed).description = "Zaunkönigweg blockiert"
        note = session.query(m.IncidentNote).filter_by(text="Kettenschloss aufgebrochen").one()
        note.incident_id = noted
    office.incidents.add_note(noted, "Sperrmüll abgeholt")
    new = office.incidents.create(
        IncidentDraft(
            occurred_at=office.incidents.get(changed).row.occurred_at,
            area_id=one(office, "SELECT id FROM area WHERE active ORDER BY name LIMIT 1"),
            category_id=one(
                office, "SELECT id FROM catalog_entry WHERE kind = 'incident_category' LIMIT 1"
            ),
            source=IncidentSource.PATROL,
            place="Quellwiesenufer",
            description="Auf dem Wasser treibend",
        )
    ).value
    office.incidents.add_note(new.id, "Wasserschutzpolizei verständigt")
    send(office, laptop, tmp_path / "3.kodsync")

    assert found("Zaunkönigweg") == {changed}
    assert found("Quittengasse") == set()
    assert found("Kettenschloss") == {noted}  # moved: no longer found at its first incident
    assert found("Sperrmüll abgeholt") == {noted}
    assert found("Wasserschutzpolizei") == found("treibend") == found("Quellwiesenufer") == {new.id}
    connection = raw_sql.connect(laptop.db.location)
    try:
        connection.execute("INSERT INTO incident_fts(incident_fts) VALUES ('integrity-check')")
        triggers = connection.execute(
            "SELECT count(*) FROM sqlite_master "
            "WHERE type = 'trigger' AND name LIKE 'incident_fts%'"
        ).fetchone()[0]
    finally:
        connection.close()
    assert triggers == 9  # back in place after the import
    # The same answers as the sender's index, which its triggers kept.
    for words in ("Zaunkönigweg", "Quittengasse", "Kettenschloss", "Sperrmüll", "treibend"):
        assert found(words) == {
            r.id for r in office.incidents.list_page(IncidentFilter(text=words))
        }, words
