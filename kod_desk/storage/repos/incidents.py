"""Repository of incidents, their notes and hand-overs, with the SQLite full-text index.

The list reads by keyset ``(occurred_at, id)`` descending so every page costs the same, and
filters on indexed columns; text search uses the FTS5 index of migrations 0003 and 0010 (external
content: the tokens only, the text stays in ``incident`` and ``incident_note``) on SQLite, the
GIN ``tsvector`` indexes of migration 0004 on PostgreSQL, and a plain ``LIKE`` elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    exists,
    func,
    literal_column,
    or_,
    select,
    text,
    tuple_,
    union,
)
from sqlalchemy.orm import Session, aliased

from kod_desk.domain import incidents as di
from kod_desk.domain.enums import CaseStatus, IncidentSource, IncidentStatus, PersonRole
from kod_desk.domain.errors import NotFoundError
from kod_desk.domain.ids import new_id
from kod_desk.domain.text import sharp_s_spellings
from kod_desk.storage import models as m
from kod_desk.storage.repos.masterdata import snapshot

FTS_TABLE = "incident_fts"
PG_TS_CONFIG = "kod_german"  # the text search configuration of migration 0004
PLACE_WINDOW = 5_000

_Area = aliased(m.Area)
_Category = aliased(m.CatalogEntry)

# ---------------------------------------------------------------- full-text index


def is_fulltext_table(name: str | None) -> bool:
    """The FTS5 table and its shadow tables: kept out of Alembic's model comparison."""
    return name is not None and name.startswith(FTS_TABLE)


def include_in_autogenerate(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Alembic ``include_object`` hook: skip the full-text tables and indexes (0003, 0004)."""
    return not (type_ in ("table", "index") and is_fulltext_table(name))


def has_fulltext(session: Session) -> bool:
    """A full-text index exists: FTS5 on SQLite (0003), GIN ``tsvector`` indexes on PG (0004)."""
    return session.get_bind().dialect.name in ("sqlite", "postgresql")


def rebuild_fulltext(session: Session) -> None:
    """Refill the index from the incidents and notes, e.g. once after a bulk load.

    PostgreSQL keeps its expression indexes current by itself; nothing to do there.
    """
    if session.get_bind().dialect.name != "sqlite":
        return
    # The index holds no copy of the text (migration 0010): it reads its content view anew.
    session.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))


# ---------------------------------------------------------------- mapping


def _row(incident: m.Incident, area: str | None, category: str | None) -> di.IncidentRow:
    return di.IncidentRow(
        id=incident.id,
        reference=incident.reference,
        occurred_at=incident.occurred_at,
        area_id=incident.area_id,
        area_name=area or "",
        category_id=incident.category_id,
        category_name=category or "",
        source=IncidentSource(incident.source),
        place=incident.place,
        summary=di.summary_of(incident.description),
        status=IncidentStatus(incident.status),
        footage_reminder=incident.footage_reminder,
    )


def _rows_query() -> Select[tuple[m.Incident, str, str]]:
    return (
        select(m.Incident, _Area.name, _Category.name)
        .outerjoin(_Area, _Area.id == m.Incident.area_id)
        .outerjoin(_Category, _Category.id == m.Incident.category_id)
    )


def _get(session: Session, incident_id: str) -> m.Incident:
    row = session.get(m.Incident, incident_id)
    if row is None or row.deleted_at is not None:
        raise NotFoundError("Das Vorkommnis wurde nicht gefunden (vielleicht inzwischen gelöscht).")
    return row


# ---------------------------------------------------------------- writing


def next_reference(session: Session, prefix: str, digits: int) -> str:
    """``prefix`` + the next number after the highest one with that prefix (e.g. VK-2026-)."""
    model: Any = m.Incident if prefix.startswith("VK") else m.Case
    last = session.execute(
        select(func.max(model.reference)).where(model.reference.like(f"{prefix}%"))
    ).scalar_one_or_none()
    number = 0
    if last:
        tail = last[len(prefix) :]
        number = int(tail) if tail.isdigit() else 0
    return f"{prefix}{number + 1:0{digits}d}"


def insert_incident(
    session: Session,
    draft: di.IncidentDraft,
    reference: str,
    footage_reminder: bool,
) -> tuple[str, dict[str, Any]]:
    """Insert an incident with its officers, measures and persons; returns id and snapshot."""
    assert draft.occurred_at is not None and draft.source is not None
    incident = m.Incident(
        id=new_id(),
        reference=reference,
        occurred_at=draft.occurred_at,
        area_id=draft.area_id,
        category_id=draft.category_id,
        shift_id=draft.shift_id,
        source=draft.source.value,
        place=draft.place,
        latitude=draft.latitude,
        longitude=draft.longitude,
        description=draft.description,
        footage_reminder=footage_reminder,
    )
    session.add(incident)
    session.add_all(
        m.IncidentOfficer(incident_id=incident.id, officer_id=o) for o in draft.officer_ids
    )
    session.add_all(
        m.IncidentMeasure(incident_id=incident.id, measure_id=x) for x in draft.measure_ids
    )
    session.add_all(
        m.IncidentPerson(
            incident_id=incident.id,
            role=p.role.value,
            last_name=p.last_name,
            first_name=p.first_name,
            birth_date=p.birth_date,
            address=p.address,
            note=p.note,
        )
        for p in draft.persons
    )
    session.flush()
    after = snapshot(incident)
    after["officer_ids"] = list(draft.officer_ids)
    after["measure_ids"] = list(draft.measure_ids)
    after["person_count"] = len(draft.persons)  # personal data stays out of the audit log
    return incident.id, after


def insert_note(
    session: Session, incident_id: str, draft: di.NoteDraft, author_id: str | None
) -> tuple[di.Note, dict[str, Any]]:
    incident = _get(session, incident_id)
    if draft.corrects_id is not None:
        corrected = session.get(m.IncidentNote, draft.corrects_id)
        if corrected is None or corrected.incident_id != incident.id:
            raise NotFoundError("Der zu berichtigende Vermerk gehört nicht zu diesem Vorkommnis.")
    note = m.IncidentNote(
        id=new_id(),
        incident_id=incident.id,
        author_id=author_id,
        text=draft.text.strip(),
        corrects_id=draft.corrects_id,
    )
    session.add(note)
    session.flush()  # the stamps (written at, version) the note and its snapshot show
    return _note(note, _officer_names(session, [author_id] if author_id else []), ()), snapshot(
        note
    )


def set_status(
    session: Session,
    incident_id: str,
    status: IncidentStatus,
    outcome: str,
    actor: str,
    at: datetime,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Set status (and outcome when closing); the caller checked the transition."""
    incident = _get(session, incident_id)
    before = snapshot(incident)
    incident.status = status.value
    incident.status_changed_at = at
    incident.status_changed_by = actor
    if status is IncidentStatus.CLOSED:
        incident.outcome = outcome.strip()
    session.flush()
    return before, snapshot(incident)


def current_status(session: Session, incident_id: str) -> IncidentStatus:
    return IncidentStatus(_get(session, incident_id).status)


def insert_case(
    session: Session,
    incident_id: str,
    reference: str,
    department_id: str | None,
    subject: str,
    received_on: date,
    due_on: date | None,
) -> tuple[di.CaseLink, dict[str, Any]]:
    """A case (Ermittlungsauftrag) made from an incident, linked by ``source_incident_id``."""
    _get(session, incident_id)
    case = m.Case(
        id=new_id(),
        reference=reference,
        department_id=department_id,
        subject=subject,
        received_on=received_on,
        due_on=due_on,
        status=CaseStatus.OPEN.value,
        source_incident_id=incident_id,
    )
    session.add(case)
    session.flush()  # the defaults and stamps of the audit snapshot
    return di.CaseLink(case.id, case.reference), snapshot(case)


# ---------------------------------------------------------------- reading


def _conditions(session: Session, flt: di.IncidentFilter) -> list[ColumnElement[bool]]:
    inc = m.Incident
    where: list[ColumnElement[bool]] = [inc.deleted_at.is_(None)]
    if flt.since is not None:
        where.append(inc.occurred_at >= flt.since)
    if flt.until is not None:
        where.append(inc.occurred_at < flt.until)
    if flt.area_ids:
        where.append(inc.area_id.in_(sorted(flt.area_ids)))
    if flt.category_ids:
        where.append(inc.category_id.in_(sorted(flt.category_ids)))
    if flt.statuses:
        where.append(inc.status.in_(sorted(s.value for s in flt.statuses)))
    if flt.sources:
        where.append(inc.source.in_(sorted(s.value for s in flt.sources)))
    if flt.measure_id:
        where.append(
            exists().where(
                m.IncidentMeasure.incident_id == inc.id,
                m.IncidentMeasure.measure_id == flt.measure_id,
                m.IncidentMeasure.deleted_at.is_(None),
            )
        )
    if flt.officer_id:
        where.append(
            exists().where(
                m.IncidentOfficer.incident_id == inc.id,
                m.IncidentOfficer.officer_id == flt.officer_id,
                m.IncidentOfficer.deleted_at.is_(None),
            )
        )
    if flt.text.strip():
        where.append(_text_condition(session, flt.text))
    return where


def _pg_text_condition(user_text: str) -> ColumnElement[bool]:
    """Every word (as a prefix) in the description or place, or in one of the notes.

    Each word becomes ``id IN (incidents whose text matches UNION incidents of matching notes)``
    so both halves read their GIN index (an ``OR … EXISTS`` would scan the whole table). The
    ``to_tsvector`` expressions are written exactly as the indexes of migration 0004, constants
    as literals, so PostgreSQL recognises them.
    """
    inc, note = m.Incident, m.IncidentNote
    config: ColumnElement[Any] = literal_column(f"'{PG_TS_CONFIG}'")
    document = func.to_tsvector(
        config, inc.description.op("||")(literal_column("' '")).op("||")(inc.place)
    )
    note_vector = func.to_tsvector(config, note.text)
    conditions = []
    for term in di.postgres_fulltext_terms(user_text):
        query = func.to_tsquery(config, term)
        matching = union(
            select(inc.id).where(document.bool_op("@@")(query)).correlate(None),
            select(note.incident_id).where(note_vector.bool_op("@@")(query)).correlate(None),
        )
        conditions.append(inc.id.in_(matching.scalar_subquery()))
    return and_(True, *conditions)


def _text_condition(session: Session, user_text: str) -> ColumnElement[bool]:
    query = di.fulltext_query(user_text)
    if not query:
        return and_(True)  # nothing searchable: no text filter
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return _pg_text_condition(user_text)
    if dialect == "sqlite":
        return text(
            f"incident.rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts)"
        ).bindparams(fts=query)  # type: ignore[return-value]
    inc = m.Incident
    words = [w for w in user_text.split() if any(ch.isalnum() for ch in w)]
    return and_(
        *(
            or_(
                *(
                    column.ilike(f"%{_like(spelling)}%", escape="\\")
                    for spelling in _like_spellings(w)
                    for column in (inc.description, inc.place)
                )
            )
            for w in words
        )
    )


def _like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like_spellings(word: str) -> list[str]:
    """What an ``ILIKE`` must try for ``word``: its "ß"/"ss" spellings, each also capitalised
    and in capitals, because SQLite's ``ILIKE`` folds the case of ASCII letters only."""
    spellings: list[str] = []
    for spelling in sharp_s_spellings(word):
        for cased in (spelling, spelling.capitalize(), spelling.upper()):
            if cased not in spellings:
                spellings.append(cased)
    return spellings


def list_page(
    session: Session, flt: di.IncidentFilter, after: di.PageKey | None, limit: int
) -> list[di.IncidentRow]:
    inc = m.Incident
    where = _conditions(session, flt)
    if after is not None:
        # A row-value comparison lets SQLite seek the (occurred_at, id) index.
        key = tuple_(
            bindparam("key_at", after.occurred_at, type_=inc.__table__.c.occurred_at.type),
            bindparam("key_id", after.id, type_=inc.__table__.c.id.type),
        )
        where.append(tuple_(inc.occurred_at, inc.id) < key)
    query = _rows_query().where(*where).order_by(inc.occurred_at.desc(), inc.id.desc()).limit(limit)
    return [_row(i, a, c) for i, a, c in session.execute(query).all()]


def places(session: Session, prefix: str, limit: int, recent: int = PLACE_WINDOW) -> list[str]:
    """Places of the latest ``recent`` incidents starting with ``prefix``, most used first.

    Looking only at recent incidents keeps the type-ahead fast at a million rows.
    """
    inc = m.Incident
    latest = (
        select(inc.place.label("place"))
        .where(inc.deleted_at.is_(None))
        .order_by(inc.occurred_at.desc(), inc.id.desc())
        .limit(recent)
        .subquery()
    )
    query = select(latest.c.place).where(latest.c.place != "")
    if prefix.strip():
        query = query.where(
            or_(
                *(
                    latest.c.place.ilike(f"{_like(spelling)}%", escape="\\")
                    for spelling in _like_spellings(prefix.strip())
                )
            )
        )
    query = (
        query.group_by(latest.c.place).order_by(func.count().desc(), latest.c.place).limit(limit)
    )
    return list(session.execute(query).scalars())


def _officer_names(session: Session, ids: Sequence[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = session.execute(
        select(m.Officer.id, m.Officer.last_name, m.Officer.first_name).where(
            m.Officer.id.in_(set(ids))
        )
    ).all()
    return {i: f"{last}, {first}" for i, last, first in rows}


def _note(row: m.IncidentNote, names: dict[str, str], corrected_by: tuple[str, ...]) -> di.Note:
    return di.Note(
        id=row.id,
        written_at=row.written_at,
        author_id=row.author_id,
        author_name=names.get(row.author_id or "", row.updated_by),
        text=row.text,
        corrects_id=row.corrects_id,
        corrected_by=corrected_by,
    )


def notes(session: Session, incident_id: str) -> list[di.Note]:
    """All notes in writing order; corrected ones name the notes that correct them."""
    rows = list(
        session.execute(
            select(m.IncidentNote)
            .where(m.IncidentNote.incident_id == incident_id, m.IncidentNote.deleted_at.is_(None))
            .order_by(m.IncidentNote.written_at, m.IncidentNote.id)
        ).scalars()
    )
    names = _officer_names(session, [r.author_id for r in rows if r.author_id])
    corrections: dict[str, list[str]] = {}
    for row in rows:
        if row.corrects_id:
            corrections.setdefault(row.corrects_id, []).append(row.id)
    return [_note(r, names, tuple(corrections.get(r.id, ()))) for r in rows]


def detail(session: Session, incident_id: str, include_persons: bool) -> di.IncidentDetail:
    found = session.execute(
        _rows_query().where(m.Incident.id == incident_id, m.Incident.deleted_at.is_(None))
    ).first()
    if found is None:
        raise NotFoundError("Das Vorkommnis wurde nicht gefunden (vielleicht inzwischen gelöscht).")
    incident, area, category = found
    officers = session.execute(
        select(m.Officer.id, m.Officer.last_name, m.Officer.first_name)
        .join(m.IncidentOfficer, m.IncidentOfficer.officer_id == m.Officer.id)
        .where(m.IncidentOfficer.incident_id == incident_id, m.IncidentOfficer.deleted_at.is_(None))
        .order_by(m.Officer.last_name, m.Officer.first_name)
    ).all()
    measures = session.execute(
        select(m.CatalogEntry.id, m.CatalogEntry.name)
        .join(m.IncidentMeasure, m.IncidentMeasure.measure_id == m.CatalogEntry.id)
        .where(m.IncidentMeasure.incident_id == incident_id, m.IncidentMeasure.deleted_at.is_(None))
        .order_by(m.CatalogEntry.sort_order, m.CatalogEntry.name)
    ).all()
    cases = session.execute(
        select(m.Case.id, m.Case.reference)
        .where(m.Case.source_incident_id == incident_id, m.Case.deleted_at.is_(None))
        .order_by(m.Case.created_at)
    ).all()
    person_rows = list(
        session.execute(
            select(m.IncidentPerson)
            .where(
                m.IncidentPerson.incident_id == incident_id, m.IncidentPerson.deleted_at.is_(None)
            )
            .order_by(m.IncidentPerson.created_at, m.IncidentPerson.id)
        ).scalars()
    )
    persons = (
        tuple(
            di.Person(
                p.id, PersonRole(p.role), p.last_name, p.first_name, p.birth_date, p.address, p.note
            )
            for p in person_rows
        )
        if include_persons
        else None
    )
    return di.IncidentDetail(
        row=_row(incident, area, category),
        description=incident.description,
        shift_id=incident.shift_id,
        latitude=incident.latitude,
        longitude=incident.longitude,
        status_changed_at=incident.status_changed_at,
        status_changed_by=incident.status_changed_by,
        outcome=incident.outcome,
        officers=tuple((i, f"{last}, {first}") for i, last, first in officers),
        measures=tuple((i, name) for i, name in measures),
        notes=tuple(notes(session, incident_id)),
        cases=tuple(di.CaseLink(i, r) for i, r in cases),
        person_count=len(person_rows),
        persons=persons,
        created_at=incident.created_at,
        version=incident.version,
    )


def catalog_kinds(session: Session, ids: Sequence[str]) -> dict[str, str]:
    """Kind of each existing, active catalogue entry among ``ids``."""
    if not ids:
        return {}
    rows = session.execute(
        select(m.CatalogEntry.id, m.CatalogEntry.kind).where(
            m.CatalogEntry.id.in_(set(ids)),
            m.CatalogEntry.active.is_(True),
            m.CatalogEntry.deleted_at.is_(None),
        )
    ).all()
    return {i: k for i, k in rows}


def existing_officers(session: Session, ids: Sequence[str]) -> set[str]:
    if not ids:
        return set()
    return set(session.execute(select(m.Officer.id).where(m.Officer.id.in_(set(ids)))).scalars())


def officer_id_for(session: Session, actor: str) -> str | None:
    """The officer whose service number is the acting user's name, if any (note authors)."""
    return session.execute(
        select(m.Officer.id).where(func.lower(m.Officer.service_number) == actor.lower())
    ).scalar_one_or_none()


def area_exists(session: Session, area_id: str) -> bool:
    row = session.get(m.Area, area_id)
    return row is not None and row.deleted_at is None


@contextmanager
def fulltext_deferred(session: Session) -> Iterator[None]:
    """Bulk loads: drop the index triggers, load, put them back and rebuild the index once.

    Triggers make every insert update the FTS index (about 5× slower for bulk loads); one
    rebuild at the end is much cheaper. The trigger definitions are read back from the
    database, so this stays true to whatever revision created them. DDL in SQLite is
    transactional: a failed load leaves the triggers as they were. PostgreSQL's GIN indexes
    buffer new entries (fastupdate) and need no such help.
    """
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    with _triggers_set_aside(session):
        yield
    rebuild_fulltext(session)


@contextmanager
def _triggers_set_aside(session: Session) -> Iterator[None]:
    """The full-text triggers dropped while the block runs and made again from their own
    definitions afterwards (true to whatever revision created them)."""
    triggers = session.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            f"AND name LIKE '{FTS_TABLE}_%'"
        )
    ).all()
    for name, _sql in triggers:
        session.execute(text(f'DROP TRIGGER "{name}"'))
    yield
    for _name, sql in triggers:
        session.execute(text(sql))


FTS_SOURCE = "incident_fts_source"  # the index's content: the view of migration 0010
_CHUNK = 500  # ids per statement (SQLite's limit of host parameters is far above)


class FulltextByHand:
    """The full-text index kept by hand while its triggers are off (:func:`fulltext_by_hand`).

    Before an incident's description or place or the notes of an incident change, the writer
    names it (:meth:`changing`; :meth:`adding` for an incident that is new, never indexed): the
    first time, an indexed one is taken out of the index with the text it was indexed by (what
    the BEFORE triggers do). :meth:`finish` indexes every incident named, once, with its text
    as it is then: the index ends exactly as if the triggers had followed every row (each of
    these incidents holds its current text once, nothing else was touched).

    With ``rebuild`` (most incidents will be new: a new station's first package) nothing is
    followed and :meth:`finish` rebuilds the whole index from the incidents and notes: the same
    index, faster then, and without holding the ids of every incident written.
    """

    def __init__(self, session: Session, *, rebuild: bool) -> None:
        self._session = session
        self._rebuild = rebuild
        self._out: set[str] = set()  # incident ids not in the index now (new or taken out)

    def adding(self, incident_ids: Iterable[str]) -> None:
        """Incidents about to be inserted (not in the index: nothing to take out)."""
        if not self._rebuild:
            self._out.update(incident_ids)

    def changing(self, incident_ids: Iterable[str]) -> None:
        """Incidents whose text or notes are about to change (or that may not exist)."""
        if self._rebuild:
            return
        fresh = [i for i in set(incident_ids) if i not in self._out and i is not None]
        if not fresh:
            return
        for start in range(0, len(fresh), _CHUNK):
            chunk = fresh[start : start + _CHUNK]
            self._session.execute(
                text(
                    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, description, place, notes) "
                    f"SELECT 'delete', rid, description, place, notes FROM {FTS_SOURCE} "
                    "WHERE rid IN (SELECT rowid FROM incident WHERE id IN :ids)"
                ).bindparams(bindparam("ids", expanding=True, type_=m.UUIDKey())),
                {"ids": chunk},
            )
        self._out.update(fresh)

    def finish(self) -> None:
        """Index every incident named, with its text now (or rebuild the index)."""
        if self._rebuild:
            rebuild_fulltext(self._session)
            return
        out = sorted(self._out)
        self._out.clear()
        for start in range(0, len(out), _CHUNK):
            self._session.execute(
                text(
                    f"INSERT INTO {FTS_TABLE}(rowid, description, place, notes) "
                    f"SELECT rid, description, place, notes FROM {FTS_SOURCE} "
                    "WHERE rid IN (SELECT rowid FROM incident WHERE id IN :ids)"
                ).bindparams(bindparam("ids", expanding=True, type_=m.UUIDKey())),
                {"ids": out[start : start + _CHUNK]},
            )


@contextmanager
def fulltext_by_hand(session: Session, incoming: int) -> Iterator[FulltextByHand | None]:
    """A bulk write that names what it changes (a sync import): the index's triggers are
    dropped and the index kept by hand (:class:`FulltextByHand`), then the triggers put back.

    The triggers index and forget an incident once per row (and once more per note): about
    seven of the ten seconds an import of 100,000 incidents spends inserting them (bench sync).
    By hand, each incident written is indexed once, at the end. Unlike
    :func:`fulltext_deferred` nothing is rebuilt: a small package into a large database costs
    what it touches. The trigger definitions are read back from the database; DDL in SQLite is
    transactional, so a failed write leaves the triggers and the index as they were. Yields
    None where there are no triggers (PostgreSQL keeps its indexes itself).

    ``incoming``: how many incidents the write may bring; at least as many as there are now,
    and the index is rebuilt once at the end instead (:class:`FulltextByHand`).
    """
    if session.get_bind().dialect.name != "sqlite":
        yield None
        return
    with _triggers_set_aside(session):
        existing = session.execute(select(func.count()).select_from(m.Incident)).scalar() or 0
        by_hand = FulltextByHand(session, rebuild=incoming >= existing)
        yield by_hand
        by_hand.finish()
