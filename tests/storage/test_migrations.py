"""Models and migrations agree; old databases open and are upgraded; too-new ones are refused."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from incident_drafts import kiosk_incident
from sqlalchemy import text

from kod_desk.domain.errors import DatabaseError, ValidationError
from kod_desk.domain.incidents import IncidentFilter
from kod_desk.domain.masterdata import AreaDraft
from kod_desk.services.registry import Services
from kod_desk.storage import migrations
from kod_desk.storage.backup import expanded
from kod_desk.storage.database import Database, make_engine, url_for
from kod_desk.storage.models import Base
from kod_desk.storage.repos.incidents import include_in_autogenerate
from tests.raw_sql import to_db

DATA = Path(__file__).resolve().parents[1] / "data"


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "fresh.sqlite")
    with db.engine.connect() as connection:
        opts = {"compare_type": True, "include_object": include_in_autogenerate}
        context = MigrationContext.configure(connection, opts=opts)
        diff = compare_metadata(context, Base.metadata)
    db.dispose()
    assert diff == []


def test_new_database_is_at_head_with_the_storage_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    db = Database.open(path)
    assert db.report.created
    assert migrations.current_revision(db.engine) == migrations.head_revision()
    with db.engine.connect() as connection:
        pragma = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
        }
    db.dispose()
    assert pragma == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "synchronous": 2,
        "busy_timeout": 10_000,
    }


def test_database_of_the_first_revision_opens_upgraded_with_its_rows(tmp_path: Path) -> None:
    """The stored file was made by revision 0001 (tests/data); opening it keeps every row."""
    path = tmp_path / "old.sqlite"
    shutil.copy(DATA / "kod_desk_rev0001.sqlite", path)
    db = Database.open(path, backup_dir=tmp_path / "backups")
    with db.engine.connect() as connection:
        names = (
            connection.exec_driver_sql("SELECT service_number FROM officer ORDER BY service_number")
            .scalars()
            .all()
        )
    assert migrations.current_revision(db.engine) == migrations.head_revision()
    db.dispose()
    assert names == ["K-0001", "K-0002"]
    assert db.report.upgraded_from == "0001"
    assert db.report.backup_path is not None and db.report.backup_path.exists()


def test_upgrade_from_the_base_revision_backs_up_first(tmp_path: Path) -> None:
    path = tmp_path / "base.sqlite"
    engine = make_engine(url_for(path))
    migrations.upgrade(engine, migrations.base_revision())
    engine.dispose()
    db = Database.open(path, backup_dir=tmp_path / "backups")
    assert migrations.current_revision(db.engine) == migrations.head_revision()
    db.dispose()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_too_new_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    Database.open(path).dispose()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.commit()
    connection.close()
    before = _digest(path)
    mtime = path.stat().st_mtime_ns
    with pytest.raises(DatabaseError) as refused:
        Database.open(path)
    assert "neueren KOD-Desk-Version" in refused.value.message
    assert "nichts verändert" in refused.value.message
    assert _digest(path) == before
    assert path.stat().st_mtime_ns == mtime
    assert not Path(f"{path}-wal").exists()


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("Dies ist keine Datenbank, sondern ein Einkaufszettel." * 20)
    with pytest.raises(DatabaseError, match="keine SQLite-Datenbank"):
        Database.open(path)


def test_a_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE kunden (id INTEGER PRIMARY KEY)")
    connection.commit()
    connection.close()
    with pytest.raises(DatabaseError, match="keine KOD-Desk-Datenbank"):
        Database.open(path)


def test_an_older_database_is_backed_up_then_upgraded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a newer revision on disk, opening an old file first writes a verified backup."""
    scripts = tmp_path / "db"
    shutil.copytree(migrations.migrations_dir(), scripts)
    (scripts / "versions" / "9001_test_note.py").write_text(
        '"""test revision"""\n'
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        f'revision = "9001"\ndown_revision = "{migrations.head_revision()}"\n'
        "branch_labels = None\ndepends_on = None\n\n\n"
        "def upgrade() -> None:\n"
        '    with op.batch_alter_table("area") as batch:\n'
        '        batch.add_column(sa.Column("test_note", sa.Text(), nullable=True))\n\n\n'
        "def downgrade() -> None:\n"
        '    with op.batch_alter_table("area") as batch:\n'
        '        batch.drop_column("test_note")\n'
    )
    path = tmp_path / "old.sqlite"
    shutil.copy(DATA / "kod_desk_rev0001.sqlite", path)
    monkeypatch.setattr(migrations, "migrations_dir", lambda: scripts)
    migrations._script.cache_clear()
    try:
        db = Database.open(path, backup_dir=tmp_path / "backups")
        with db.engine.connect() as connection:
            columns = [row[1] for row in connection.exec_driver_sql("PRAGMA table_info(area)")]
            officers = connection.exec_driver_sql("SELECT count(*) FROM officer").scalar()
        db.dispose()
    finally:
        migrations._script.cache_clear()
    assert db.report.upgraded_from == "0001"
    assert "test_note" in columns and officers == 2
    backup = db.report.backup_path
    assert backup is not None and backup.parent == tmp_path / "backups"
    with expanded(backup) as plain:
        saved = sqlite3.connect(plain)
        assert saved.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert saved.execute("SELECT count(*) FROM officer").fetchone() == (2,)
        saved.close()


AREAS_0008 = (
    ("Innenstadt",),
    ("Bahnhofsumfeld",),
    ("Marktplatz",),
    ("Marktstraße",),  # the same derived code as Marktplatz: numbered
    ("Stadtpark Nord",),
)


def fill_areas_at_0008(engine: Any) -> None:
    """A database at revision 0008 (before short codes) with a few areas in it."""
    migrations.upgrade(engine, "0008")
    with engine.begin() as connection:
        for number, (name,) in enumerate(AREAS_0008):
            connection.execute(
                text(
                    "INSERT INTO area (id, name, description, is_fear_space, priority, "
                    "video_periods, footage_retention_hours, active, created_at, updated_at, "
                    "updated_by, version, origin, change_seq) VALUES (:id, :name, '', false, 2, "
                    "'[]', 72, true, :now, :now, 'test', 1, '', :seq)"
                ),
                {
                    "id": f"00000000-0000-0000-0000-{number:012d}",
                    "name": name,
                    "now": datetime(2026, 12, 1, tzinfo=UTC),
                    "seq": number + 1,
                },
            )
        # A duty in the first area: the revision must not copy (drop) the table it refers to.
        connection.execute(
            text(
                "INSERT INTO shift (id, duty_date, starts_at, ends_at, kind, area_id, min_staff, "
                "note, changed_after_publish, created_at, updated_at, updated_by, version, "
                "origin, change_seq) VALUES ('10000000-0000-0000-0000-000000000000', "
                "'2026-12-07', :start, :end, 'patrol', '00000000-0000-0000-0000-000000000000', "
                "2, '', false, :start, :start, 'test', 1, '', 99)"
            ),
            {
                "start": datetime(2026, 12, 7, 5, tzinfo=UTC),
                "end": datetime(2026, 12, 7, 13, tzinfo=UTC),
            },
        )


EXPECTED_CODES = {
    "Bahnhofsumfeld": "BHF",
    "Innenstadt": "INN",
    "Marktplatz": "MAR",
    "Marktstraße": "MAR2",
    "Stadtpark Nord": "SPN",
}


def test_a_0008_database_gets_area_short_codes(tmp_path: Path) -> None:
    """Issue 14: revision 0009 adds area.short_code and fills it for the existing areas."""
    path = tmp_path / "rev0008.sqlite"
    engine = make_engine(url_for(path))
    fill_areas_at_0008(engine)
    engine.dispose()
    db = Database.open(path, backup_dir=tmp_path / "backups")
    services = Services.create(db, actor="test")
    try:
        assert db.report.upgraded_from == "0008"
        codes = {a.name: a.short_code for a in services.masterdata.areas()}
        assert codes == EXPECTED_CODES
        with pytest.raises(ValidationError, match="Kürzel „MAR“ hat schon"):
            services.masterdata.save_area(AreaDraft("Markt", short_code="MAR"))
    finally:
        services.close()
    # The revision also goes back down (the column goes, the rows stay).
    engine = make_engine(url_for(path))
    command.downgrade(migrations.make_config(engine), "0008")
    with engine.connect() as connection:
        columns = [row[1] for row in connection.exec_driver_sql("PRAGMA table_info(area)")]
        count = connection.exec_driver_sql("SELECT count(*) FROM area").scalar()
    engine.dispose()
    assert "short_code" not in columns and count == len(AREAS_0008)


def _fts_tables(engine: Any) -> set[str]:
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE name LIKE 'incident_fts%'"
        ).all()
    return {str(row[0]) for row in rows}


def test_search_finds_the_same_after_the_index_gives_up_its_copy_of_the_text(
    tmp_path: Path,
) -> None:
    """Issue 15: 0010 makes the FTS5 index external content. A 0009 database with incidents
    and notes finds the same after the upgrade (ß/ss and case folded), later writes of every
    kind are followed, and the revision goes back down to an index with its own copy."""
    path = tmp_path / "rev0009.sqlite"
    services = Services.create(Database.open(path), actor="test")
    services.setup.ensure_initialized("Teststation")
    street = kiosk_incident(services, description="Streit vor dem Haus Hauptstraße 12.")
    noted = kiosk_incident(services, description="Ruhestörung.", place="Schlossstrasse")
    services.incidents.add_note(noted, "Anwohner der Großen Straße beschwert sich erneut.")
    services.close()
    engine = make_engine(url_for(path))
    command.downgrade(migrations.make_config(engine), "0009")
    assert "incident_fts_content" in _fts_tables(engine)  # 0003's index: a copy of the text
    engine.dispose()

    db = Database.open(path, backup_dir=tmp_path / "backups")
    services = Services.create(db, actor="test")
    try:
        assert db.report.upgraded_from == "0009"
        assert "incident_fts_content" not in _fts_tables(db.engine)

        def found(words: str) -> set[str]:
            flt = IncidentFilter(text=words)
            listed = {r.id for r in services.incidents.list_page(flt)}
            assert services.incidents.plan(flt).total == len(listed)
            return listed

        assert found("HAUPTSTRASSE 12") == {street}
        assert found("schloß") == {noted}
        assert found("GROSSEN STRASSE") == {noted}  # in the note
        assert found("streit ruhestörung") == set()
        fresh = kiosk_incident(services, description="Hundegebell im Hof.", place="Weg")
        services.incidents.add_note(street, "Zeuge: ein Fußgänger am Kiosk.")
        assert found("fussgänger") == {street}
        assert found("hundegebell") == {fresh}
        # Rows changed and deleted beside the services (a sync import, a repair by hand).
        with db.engine.begin() as connection:
            run = connection.exec_driver_sql
            run("UPDATE incident SET description = 'Graffiti.' WHERE id = ?", (to_db(fresh),))
            run(
                "UPDATE incident_note SET text = 'Nachbar lärmt.' WHERE incident_id = ?",
                (to_db(noted),),
            )
            run("DELETE FROM incident_note WHERE incident_id = ?", (to_db(street),))
            run("INSERT INTO incident_fts(incident_fts) VALUES ('integrity-check')")
        assert found("hundegebell") == set() and found("graffiti") == {fresh}
        assert found("großen") == set() and found("nachbar") == {noted}
        assert found("fußgänger") == set() and found("hauptstraße") == {street}
    finally:
        services.close()

    engine = make_engine(url_for(path))
    command.downgrade(migrations.make_config(engine), "0009")
    with engine.connect() as connection:
        hits = connection.exec_driver_sql(
            "SELECT count(*) FROM incident_fts WHERE incident_fts MATCH 'nachbar*'"
        ).scalar()
    assert "incident_fts_content" in _fts_tables(engine) and hits == 1
    engine.dispose()


def _stored_kinds(engine: Any) -> set[tuple[str, str]]:
    """How the ids of incidents and their links are stored: {(column, SQLite type)}."""
    found: set[tuple[str, str]] = set()
    with engine.connect() as connection:
        for table, columns in (
            ("incident", ("id", "area_id", "origin")),
            ("incident_note", ("id", "incident_id", "author_id")),
            ("incident_officer", ("incident_id", "officer_id")),
        ):
            for column in columns:
                sql = f"SELECT DISTINCT typeof({column}) FROM {table} WHERE {column} IS NOT NULL"
                found |= {(f"{table}.{column}", str(r[0])) for r in connection.exec_driver_sql(sql)}
    return found


def test_ids_become_sixteen_bytes_and_read_back_the_same(tmp_path: Path) -> None:
    """Issue 15: 0011 stores ids as their 16 bytes on SQLite. A 0010 database (ids as text)
    opens upgraded with every incident, note, link and search as before, foreign keys whole,
    smaller per id; the revision goes back down to text."""
    path = tmp_path / "rev0010.sqlite"
    services = Services.create(Database.open(path), actor="test")
    services.setup.ensure_initialized("Teststation")
    data = services.masterdata.load()
    crew = tuple(o.id for o in data.officers[:2])
    first = kiosk_incident(services, description="Sperrmüll am Kiosk.", officer_ids=crew)
    second = kiosk_incident(services, description="Lärm im Hof.", place="Schlossstrasse")
    services.incidents.add_note(second, "Anwohner beschwert sich erneut.")
    before = {i: services.incidents.get(i) for i in (first, second)}
    services.close()
    engine = make_engine(url_for(path))
    command.downgrade(migrations.make_config(engine), "0010")
    assert {kind for _column, kind in _stored_kinds(engine)} == {"text"}
    engine.dispose()

    db = Database.open(path, backup_dir=tmp_path / "backups")
    services = Services.create(db, actor="test")
    try:
        assert db.report.upgraded_from == "0010"
        assert {kind for _column, kind in _stored_kinds(db.engine)} == {"blob"}
        assert {i: services.incidents.get(i) for i in (first, second)} == before
        assert {o[0] for o in before[first].officers} == set(crew)
        found = {r.id for r in services.incidents.list_page(IncidentFilter(text="anwohner"))}
        assert found == {second}
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            width = connection.exec_driver_sql("SELECT max(length(id)) FROM incident").scalar()
        assert width == 16
        third = kiosk_incident(services, description="Neu nach dem Update.")
        assert services.incidents.get(third).description == "Neu nach dem Update."
    finally:
        services.close()

    engine = make_engine(url_for(path))
    command.downgrade(migrations.make_config(engine), "0010")
    assert {kind for _column, kind in _stored_kinds(engine)} == {"text"}
    engine.dispose()
