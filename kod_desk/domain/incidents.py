"""Incidents (Vorkommnisse), their notes and list filters: value objects and rules (DESIGN.md §7).

List rows carry no personal data; persons appear only in :class:`IncidentDetail` and only when
asked for (the service writes an access entry then).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from kod_desk.domain.enums import IncidentSource, IncidentStatus, PersonRole
from kod_desk.domain.errors import FieldProblem, ValidationError
from kod_desk.domain.text import sharp_s_spellings

MAX_PLACE = 200
MAX_NOTE = 10_000
MAX_DESCRIPTION = 20_000
FUTURE_SLACK_SECONDS = 300  # clocks of field laptops drift a little

# Allowed status changes; closing needs an outcome, a closed incident stays closed.
TRANSITIONS: dict[IncidentStatus, frozenset[IncidentStatus]] = {
    IncidentStatus.OPEN: frozenset({IncidentStatus.IN_PROGRESS, IncidentStatus.CLOSED}),
    IncidentStatus.IN_PROGRESS: frozenset({IncidentStatus.CLOSED}),
    IncidentStatus.CLOSED: frozenset(),
}


def _clean(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- drafts


@dataclass(frozen=True, slots=True)
class PersonDraft:
    """A person involved (personal data)."""

    role: PersonRole
    last_name: str = ""
    first_name: str = ""
    birth_date: date | None = None
    address: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class IncidentDraft:
    """What the quick-entry form says about a new incident."""

    occurred_at: datetime | None
    area_id: str | None
    category_id: str | None
    source: IncidentSource | None
    place: str
    description: str
    officer_ids: tuple[str, ...] = ()
    measure_ids: tuple[str, ...] = ()
    persons: tuple[PersonDraft, ...] = ()
    shift_id: str | None = None
    latitude: float | None = None
    longitude: float | None = None

    def normalized(self) -> IncidentDraft:
        return IncidentDraft(
            occurred_at=self.occurred_at,
            area_id=self.area_id or None,
            category_id=self.category_id or None,
            source=self.source,
            place=_clean(self.place),
            description=self.description.strip(),
            officer_ids=tuple(dict.fromkeys(self.officer_ids)),
            measure_ids=tuple(dict.fromkeys(self.measure_ids)),
            persons=tuple(
                PersonDraft(
                    p.role,
                    _clean(p.last_name),
                    _clean(p.first_name),
                    p.birth_date,
                    p.address.strip(),
                    p.note.strip(),
                )
                for p in self.persons
            ),
            shift_id=self.shift_id or None,
            latitude=self.latitude,
            longitude=self.longitude,
        )


def validate_incident(draft: IncidentDraft, now: datetime) -> list[FieldProblem]:
    """One problem per broken rule, keyed by the IncidentDraft attribute it concerns (a
    person's by "persons"); empty when the draft may be saved."""
    problems = _time_problems(draft.occurred_at, now)
    if not draft.area_id:
        problems.append(FieldProblem("area_id", "Einsatzgebiet: Bitte ein Einsatzgebiet wählen."))
    if not draft.category_id:
        problems.append(FieldProblem("category_id", "Kategorie: Bitte eine Kategorie wählen."))
    if draft.source is None:
        problems.append(
            FieldProblem("source", "Quelle: Bitte angeben, wie das Vorkommnis bekannt wurde.")
        )
    if not draft.place.strip():
        problems.append(FieldProblem("place", "Ort: Bitte den Ort angeben."))
    elif len(draft.place) > MAX_PLACE:
        problems.append(FieldProblem("place", f"Ort: höchstens {MAX_PLACE} Zeichen."))
    if not draft.description.strip():
        problems.append(
            FieldProblem("description", "Beschreibung: Bitte beschreiben, was geschah.")
        )
    elif len(draft.description) > MAX_DESCRIPTION:
        problems.append(
            FieldProblem("description", f"Beschreibung: höchstens {MAX_DESCRIPTION} Zeichen.")
        )
    problems += _coordinate_problems(draft.latitude, draft.longitude)
    for number, person in enumerate(draft.persons, start=1):
        if not (person.last_name.strip() or person.first_name.strip()):
            problems.append(FieldProblem("persons", f"Person {number}: Bitte einen Namen angeben."))
        if person.birth_date is not None and person.birth_date > now.date():
            problems.append(
                FieldProblem("persons", f"Person {number}: Das Geburtsdatum liegt in der Zukunft.")
            )
    return problems


def _time_problems(occurred_at: datetime | None, now: datetime) -> list[FieldProblem]:
    if occurred_at is None:
        return [FieldProblem("occurred_at", "Zeitpunkt: Bitte angeben, wann es geschah.")]
    if occurred_at.tzinfo is None:
        return [FieldProblem("occurred_at", "Zeitpunkt: ohne Zeitzone angegeben.")]
    if (occurred_at - now).total_seconds() > FUTURE_SLACK_SECONDS:
        return [FieldProblem("occurred_at", "Zeitpunkt: liegt in der Zukunft.")]
    return []


def _coordinate_problems(latitude: float | None, longitude: float | None) -> list[FieldProblem]:
    if latitude is None and longitude is None:
        return []
    if latitude is None or longitude is None:
        return [
            FieldProblem(
                "latitude" if latitude is None else "longitude",
                "Koordinaten: Bitte Breite und Länge angeben oder beide leer lassen.",
            )
        ]
    problems = []
    if not -90 <= latitude <= 90:
        problems.append(
            FieldProblem("latitude", "Koordinaten: Die Breite liegt zwischen -90 und 90.")
        )
    if not -180 <= longitude <= 180:
        problems.append(
            FieldProblem("longitude", "Koordinaten: Die Länge liegt zwischen -180 und 180.")
        )
    return problems


@dataclass(frozen=True, slots=True)
class NoteDraft:
    """A new note (Vermerk); ``corrects_id`` names the note it corrects."""

    text: str
    corrects_id: str | None = None


def validate_note(draft: NoteDraft) -> list[FieldProblem]:
    """A note needs text, and not too much of it (field "text")."""
    text = draft.text.strip()
    if not text:
        return [FieldProblem("text", "Vermerk: Bitte einen Text eingeben.")]
    if len(text) > MAX_NOTE:
        return [FieldProblem("text", f"Vermerk: höchstens {MAX_NOTE} Zeichen.")]
    return []


def check_transition(current: IncidentStatus, target: IncidentStatus, outcome: str) -> None:
    """Raise a German ValidationError unless ``current`` → ``target`` is allowed."""
    if target is current:
        raise ValidationError(f"Das Vorkommnis ist bereits {current.label}.")
    if target not in TRANSITIONS[current]:
        raise ValidationError(
            f"Ein Vorkommnis im Status „{current.label}“ kann nicht auf „{target.label}“ "
            "gesetzt werden."
        )
    if target is IncidentStatus.CLOSED and not outcome.strip():
        raise ValidationError(
            FieldProblem("outcome", "Ergebnis: Zum Abschließen bitte das Ergebnis angeben.")
        )


# ---------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class IncidentRow:
    """One line of the incident list: no personal data."""

    id: str
    reference: str
    occurred_at: datetime
    area_id: str | None
    area_name: str
    category_id: str | None
    category_name: str
    source: IncidentSource
    place: str
    summary: str
    status: IncidentStatus
    footage_reminder: bool


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    role: PersonRole
    last_name: str
    first_name: str
    birth_date: date | None
    address: str
    note: str


@dataclass(frozen=True, slots=True)
class Note:
    id: str
    written_at: datetime
    author_id: str | None
    author_name: str
    text: str
    corrects_id: str | None
    corrected_by: tuple[str, ...] = ()

    @property
    def is_corrected(self) -> bool:
        """Shown crossed out: a later note corrects it."""
        return bool(self.corrected_by)


@dataclass(frozen=True, slots=True)
class CaseLink:
    id: str
    reference: str


@dataclass(frozen=True, slots=True)
class IncidentSaved:
    """What a new incident's save returns: enough to say "VK-… gespeichert" and to open it."""

    id: str
    reference: str


@dataclass(frozen=True, slots=True)
class IncidentDetail:
    """Everything of one incident; ``persons`` is None unless personal data was asked for."""

    row: IncidentRow
    description: str
    shift_id: str | None
    latitude: float | None
    longitude: float | None
    status_changed_at: datetime | None
    status_changed_by: str | None
    outcome: str
    officers: tuple[tuple[str, str], ...]  # (id, display name)
    measures: tuple[tuple[str, str], ...]  # (id, name)
    notes: tuple[Note, ...]
    cases: tuple[CaseLink, ...]
    person_count: int
    persons: tuple[Person, ...] | None
    created_at: datetime
    version: int

    @property
    def id(self) -> str:
        return self.row.id


# ---------------------------------------------------------------- list filter


@dataclass(frozen=True, slots=True)
class IncidentFilter:
    """What the list shows; empty fields do not filter. ``until`` is exclusive."""

    since: datetime | None = None
    until: datetime | None = None
    area_ids: frozenset[str] = field(default_factory=frozenset)
    category_ids: frozenset[str] = field(default_factory=frozenset)
    measure_id: str | None = None
    statuses: frozenset[IncidentStatus] = field(default_factory=frozenset)
    officer_id: str | None = None
    sources: frozenset[IncidentSource] = field(default_factory=frozenset)
    text: str = ""


@dataclass(frozen=True, slots=True)
class PageKey:
    """Keyset position: the last row of the previous page (lists run newest first)."""

    occurred_at: datetime
    id: str

    @classmethod
    def of(cls, row: IncidentRow) -> PageKey:
        return cls(row.occurred_at, row.id)


# Search text crosses a trust boundary (DESIGN.md §10): hundreds of words made one search run
# for minutes on PostgreSQL. A search has at most this many words and characters, and runs at
# most SEARCH_SECONDS (a statement timeout on PostgreSQL, an interrupt on SQLite).
MAX_SEARCH_TERMS = 20
MAX_SEARCH_CHARS = 200
SEARCH_SECONDS = 10.0
SEARCH_TOO_SLOW = (
    "Die Suche hat zu lange gedauert und wurde abgebrochen; bitte mit weniger oder genaueren "
    "Suchwörtern oder weiteren Filtern (Zeitraum, Gebiet) suchen."
)


def check_search_text(text: str) -> None:
    """Refuse a search text beyond the limits above (ValidationError, German)."""
    words = len(text.split())
    if words > MAX_SEARCH_TERMS:
        raise ValidationError(
            f"Suche: höchstens {MAX_SEARCH_TERMS} Suchwörter (angegeben: {words})."
        )
    if len(text) > MAX_SEARCH_CHARS:
        raise ValidationError(
            f"Suche: höchstens {MAX_SEARCH_CHARS} Zeichen (angegeben: {len(text)})."
        )


def fulltext_query(text: str) -> str:
    """User text as a safe FTS5 query: every word a quoted prefix term, all words required.

    Quotes, operators (AND/OR/NOT/NEAR), brackets and column filters lose their meaning, so any
    input is a valid query. A word with "ß" or "ss" is any of its spellings (``("hauptstrasse"*
    OR "hauptstraße"*)``): the index folds case but keeps "ß". Returns "" when no searchable
    word is left. Refuses a text beyond the limits of :func:`check_search_text`.
    """
    check_search_text(text)
    terms = []
    for raw in text.split():
        word = "".join(ch for ch in raw if ch.isprintable())  # NUL ends an FTS5 string early
        if not any(ch.isalnum() for ch in word):
            continue
        spellings = sharp_s_spellings(word)
        if len(spellings) == 1:
            terms.append('"' + word.replace('"', '""') + '"*')
        else:
            quoted = ('"' + spelling.replace('"', '""') + '"*' for spelling in spellings)
            terms.append("(" + " OR ".join(quoted) + ")")
    # FTS5 joins plain phrases by a space (an implicit AND) but wants AND beside a bracket.
    return (" AND " if any(t.startswith("(") for t in terms) else " ").join(terms)


def postgres_fulltext_terms(text: str) -> list[str]:
    """User text as PostgreSQL ``to_tsquery`` terms: one quoted prefix term (``'word':*``) a word.

    Every term is a single quoted lexeme, so ``&``, ``|``, ``!``, ``<->``, brackets and colons
    lose their meaning and any input is a valid query; quotes and backslashes are escaped.
    NUL and other unprintable characters are dropped (PostgreSQL text cannot hold NUL). Each
    word is its own term so a caller can require every word and let each be found in the
    description or in a note. A word with "ß" or "ss" is any of its spellings, as on SQLite
    (``('hauptstrasse':* | 'hauptstraße':*)``): the German stemmer folds "ß" by itself, the
    spellings keep both backends alike whatever the configuration. Returns [] when no
    searchable word is left. Refuses a text beyond the limits of :func:`check_search_text`.
    """
    check_search_text(text)
    terms = []
    for raw in text.split():
        word = "".join(ch for ch in raw if ch.isprintable())
        if not any(ch.isalnum() for ch in word):
            continue
        spellings = sharp_s_spellings(word)
        lexemes = [
            "'" + w.replace("\\", "\\\\").replace("'", "''") + "':*"
            for w in (spellings if len(spellings) > 1 else (word,))
        ]
        terms.append(lexemes[0] if len(lexemes) == 1 else "(" + " | ".join(lexemes) + ")")
    return terms


def summary_of(description: str, limit: int = 120) -> str:
    """The first line-ish of a description for list rows."""
    text = " ".join(description.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
