"""KOD Desk on a real PostgreSQL server (tests/pg_server.py): schema, full-text search, and
several workstations writing at once (issue 5 item 9, issue 6 item 7)."""

from __future__ import annotations

import itertools
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pg_server import PgServer
from sqlalchemy import text

from kod_desk.domain.enums import CatalogKind, IncidentSource
from kod_desk.domain.incidents import IncidentDraft, IncidentFilter
from kod_desk.services.registry import Services
from kod_desk.storage import migrations
from kod_desk.storage.database import Database
from kod_desk.storage.models import Base
from kod_desk.storage.repos import audit
from kod_desk.storage.repos.incidents import include_in_autogenerate

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def empty_url(pg_server: PgServer) -> Iterator[str]:
    """A database with nothing in it: KOD Desk has to create its schema itself."""
    name = f"kod_empty_{id(object())}"
    pg_server.admin(f"CREATE DATABASE {name}")
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture
def pg_services(pg_url: str) -> Iterator[Services]:
    db = Database.open(pg_url)
    bundle = Services.create(db, actor="test")
    bundle.setup.ensure_initialized("Teststation")
    yield bundle
    bundle.close()


def _draft(services: Services, description: str, place: str = "Marktplatz") -> IncidentDraft:
    data = services.masterdata.load()
    return IncidentDraft(
        occurred_at=NOW - timedelta(hours=1),
        area_id=data.areas[0].id,
        category_id=next(c.id for c in data.catalog if c.kind is CatalogKind.INCIDENT_CATEGORY),
        source=IncidentSource.PATROL,
        place=place,
        description=description,
    )


def test_a_new_database_is_created_at_head_and_matches_the_models(empty_url: str) -> None:
    db = Database.open(empty_url)
    try:
        assert db.report.created
        assert migrations.current_revision(db.engine) == migrations.head_revision()
        with db.engine.connect() as connection:
            opts = {"compare_type": True, "include_object": include_in_autogenerate}
            diff = compare_metadata(
                MigrationContext.configure(connection, opts=opts), Base.metadata
            )
            indexes = set(
                connection.execute(
                    text("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'incident_fts%'")
                ).scalars()
            )
        assert diff == []
        assert indexes == {"incident_fts_document", "incident_fts_note"}
        assert "postgresql" in db.location and db.location.startswith("postgresql")
    finally:
        db.dispose()
    # Opening again changes nothing and reports nothing.
    again = Database.open(empty_url)
    assert again.report.created is False and again.report.upgraded_from is None
    again.dispose()


def test_search_finds_words_of_descriptions_and_notes_with_german_stems(
    pg_services: Services,
) -> None:
    incidents = pg_services.incidents
    bridge = incidents.create(_draft(pg_services, "Graffiti an den Brücken am Ufer")).value
    kiosk = incidents.create(_draft(pg_services, "Streit vor dem Kiosk", place="Bahnhof")).value
    incidents.add_note(kiosk.id, "Zeugin meldet sich telefonisch beim Ordnungsamt")

    def found(words: str) -> set[str]:
        return {r.id for r in incidents.list_page(IncidentFilter(text=words))}

    assert found("Brücke") == {bridge.id}  # German stem: Brücke finds Brücken
    assert found("graff") == {bridge.id}  # prefix
    assert found("bahnhof") == {kiosk.id}  # place
    assert found("telefonisch") == {kiosk.id}  # a word of a note
    assert found("kiosk zeugin") == {kiosk.id}  # words from description and note together
    assert found("kiosk brücke") == set()  # every word is required
    assert incidents.count(IncidentFilter(text="ordnungsamt")) == 1
    with pg_services.db.read() as session:
        folds = session.execute(text("SELECT to_tsvector('kod_german', 'Brücke')")).scalar_one()
    if "bruck" in folds:  # unaccent could be created: accents are folded as on SQLite
        assert found("brucke") == {bridge.id}


def test_search_uses_the_gin_indexes(pg_services: Services) -> None:
    from kod_desk.storage.repos import incidents as repo

    with pg_services.db.read() as session:
        session.execute(text("SET LOCAL enable_seqscan = off"))
        condition = repo._text_condition(session, "brücke")
        plan = "\n".join(
            session.execute(
                text("EXPLAIN SELECT id FROM incident WHERE " + _compiled(session, condition))
            ).scalars()
        )
    assert "incident_fts_document" in plan
    assert "incident_fts_note" in plan


def _compiled(session: object, condition: object) -> str:
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    dialect = session.get_bind().dialect
    return str(condition.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))  # type: ignore[attr-defined]


NASTY = ["'", "\\", "a'b", "x:*", "!a", "a & | b", "(", "<->", "a:A", "\\'", "Müll' | 'x", "'':*"]


def test_quotes_and_operators_are_plain_words(pg_services: Services) -> None:
    created = pg_services.incidents.create(_draft(pg_services, "O'Brien & Söhne: Tor!")).value
    for nasty in NASTY:
        pg_services.incidents.count(IncidentFilter(text=nasty))
    assert {
        r.id for r in pg_services.incidents.list_page(IncidentFilter(text="O'Brien Söhne"))
    } == {created.id}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=40))
def test_any_text_is_a_valid_query_on_the_server(pg_services: Services, user_text: str) -> None:
    # Raises on the server (syntax error in tsquery, NUL byte …) would fail the test.
    assert pg_services.incidents.count(IncidentFilter(text=user_text)) >= 0


WORKSTATION = r"""
import sys
from datetime import UTC, datetime, timedelta
from kod_desk.domain.enums import CatalogKind, IncidentSource
from kod_desk.domain.incidents import IncidentDraft
from kod_desk.services.registry import Services
from kod_desk.storage.database import Database

url, name, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
bundle = Services.create(Database.open(url), actor=name)
data = bundle.masterdata.load()
draft = IncidentDraft(
    occurred_at=datetime.now(UTC) - timedelta(hours=1),
    area_id=data.areas[0].id,
    category_id=next(c.id for c in data.catalog if c.kind is CatalogKind.INCIDENT_CATEGORY),
    source=IncidentSource.PATROL,
    place="Marktplatz",
    description=f"Eintrag von {name}",
)
for i in range(rounds):
    incident = bundle.incidents.create(draft).value
    bundle.incidents.add_note(incident.id, f"Vermerk {i} von {name}")
    print(incident.id, flush=True)
bundle.close()
"""


def test_two_workstations_writing_at_once_meet_no_serialisation_error(pg_url: str) -> None:
    """Two processes (two workstations) create incidents and notes at the same time."""
    setup = Database.open(pg_url)
    Services.create(setup, actor="setup").setup.ensure_initialized("Teststation")
    setup.dispose()
    rounds = 60
    workstations = [
        subprocess.Popen(
            [sys.executable, "-c", WORKSTATION, pg_url, name, str(rounds)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("platz-1", "platz-2")
    ]
    created: list[str] = []
    errors: list[str] = []
    for process in workstations:
        out, err = process.communicate(timeout=180)
        created += out.split()
        if process.returncode != 0:
            errors.append(err)
    assert errors == []
    check = Database.open(pg_url)
    try:
        with check.read() as session:
            seqs = session.execute(text("SELECT change_seq FROM incident")).scalars().all()
            references = session.execute(text("SELECT reference FROM incident")).scalars().all()
            broken = audit.verify_chain(session)
            authors = (
                session.execute(text("SELECT description FROM incident ORDER BY reference"))
                .scalars()
                .all()
            )
    finally:
        check.dispose()
    switches = sum(1 for a, b in itertools.pairwise(authors) if a != b)
    print(  # noqa: T201
        f"2 workstations × {rounds} incidents+notes: {len(created)} saved, 0 errors, "
        f"{switches} changes of writer in the numbering"
    )
    assert switches >= 2  # they really wrote at the same time, not one after the other
    assert len(created) == len(seqs) == 2 * rounds
    assert len(set(seqs)) == len(seqs)  # change_seq unique across both writers
    assert len(set(references)) == len(references)  # numbering did not collide
    assert broken is None  # the audit hash chain did not fork


def test_a_writer_waiting_too_long_gets_a_german_message_and_nothing_is_saved(
    pg_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kod_desk.domain.errors import DatabaseError
    from kod_desk.storage import database

    monkeypatch.setattr(database, "PG_LOCK_TIMEOUT_MS", 300)
    other = Database.open(str(pg_services.db.engine.url.render_as_string(hide_password=False)))
    bundle = Services.create(other, actor="platz-2")
    try:
        with pg_services.db.write("platz-1") as session:
            session.execute(text("SELECT 1"))  # platz-1 is saving and holds the write lock
            with pytest.raises(DatabaseError, match="anderen Arbeitsplatz belegt"):
                bundle.incidents.create(_draft(pg_services, "Wartet zu lange"))
        assert bundle.incidents.count(IncidentFilter(text="wartet")) == 0
        # Once platz-1 is done, platz-2 saves as usual.
        bundle.incidents.create(_draft(pg_services, "Wartet nicht mehr"))
        assert bundle.incidents.count(IncidentFilter(text="wartet")) == 1
    finally:
        bundle.close()


def test_demo_bulk_load_on_postgresql_is_searchable(pg_services: Services) -> None:
    """The bulk inserter (Core executemany, change_seq in blocks) works on PostgreSQL too."""
    from kod_desk.services.demo import DemoService

    DemoService(pg_services.context).populate(incidents=500, seed=3)
    assert pg_services.incidents.count(IncidentFilter()) == 500
    newest = pg_services.incidents.list_page(IncidentFilter(), limit=1)[0]
    word = max(newest.summary.split(), key=len).strip(".,;:!?…")
    hits = pg_services.incidents.count(IncidentFilter(text=word))
    found = pg_services.incidents.list_page(IncidentFilter(text=word), limit=hits)
    assert newest.id in {r.id for r in found}
    with pg_services.db.read() as session:
        seqs = session.execute(text("SELECT change_seq FROM incident")).scalars().all()
        assert audit.verify_chain(session) is None
    assert len(set(seqs)) == len(seqs) == 500


def test_a_0008_database_on_postgresql_gets_area_short_codes(empty_url: str) -> None:
    """Issue 14: revision 0009 on the server fills the codes and keeps them unique."""
    from test_migrations import EXPECTED_CODES, fill_areas_at_0008

    from kod_desk.storage.database import make_engine, url_for

    engine = make_engine(url_for(empty_url))
    fill_areas_at_0008(engine)
    engine.dispose()
    db = Database.open(empty_url)
    services = Services.create(db, actor="test")
    try:
        assert db.report.upgraded_from == "0008"
        assert {a.name: a.short_code for a in services.masterdata.areas()} == EXPECTED_CODES
        with db.engine.connect() as connection:
            opts = {"compare_type": True, "include_object": include_in_autogenerate}
            context = MigrationContext.configure(connection, opts=opts)
            assert compare_metadata(context, Base.metadata) == []
    finally:
        services.close()
