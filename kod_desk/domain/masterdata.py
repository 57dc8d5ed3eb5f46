"""Master data value objects (officers, areas, catalogues, shift templates) and their rules."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from kod_desk.domain.enums import CatalogKind, Qualification, Role, ShiftKind, Unit
from kod_desk.domain.errors import FieldProblem, ValidationError

SERVICE_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-/]{0,19}$")
MAX_WEEKLY_HOURS = 60.0


# ---------------------------------------------------------------- officers


@dataclass(frozen=True, slots=True)
class OfficerDraft:
    """What a form or an import line says about an officer."""

    service_number: str
    last_name: str
    first_name: str
    unit: Unit = Unit.KOD
    role: Role = Role.OFFICER
    qualifications: tuple[str, ...] = ()
    weekly_hours: float = 39.0
    active: bool = True

    def normalized(self) -> OfficerDraft:
        seen: dict[str, str] = {}
        for qualification in self.qualifications:
            name = " ".join(qualification.split())
            if name and name.casefold() not in seen:
                seen[name.casefold()] = name
        return OfficerDraft(
            service_number=self.service_number.strip(),
            last_name=" ".join(self.last_name.split()),
            first_name=" ".join(self.first_name.split()),
            unit=self.unit,
            role=self.role,
            qualifications=tuple(seen.values()),
            weekly_hours=round(self.weekly_hours, 2),
            active=self.active,
        )


@dataclass(frozen=True, slots=True)
class Officer:
    id: str
    service_number: str
    last_name: str
    first_name: str
    unit: Unit
    role: Role
    qualifications: tuple[str, ...]
    weekly_hours: float
    active: bool
    version: int

    @property
    def display_name(self) -> str:
        return f"{self.last_name}, {self.first_name}"

    @property
    def has_bike_training(self) -> bool:
        return any(q.casefold() == Qualification.BIKE.value.casefold() for q in self.qualifications)

    def as_draft(self) -> OfficerDraft:
        return OfficerDraft(
            self.service_number,
            self.last_name,
            self.first_name,
            self.unit,
            self.role,
            self.qualifications,
            self.weekly_hours,
            self.active,
        )


def validate_officer(draft: OfficerDraft) -> list[FieldProblem]:
    """Every rule the draft breaks, with its field (uniqueness is the service's job)."""
    problems: list[FieldProblem] = []
    if not draft.service_number:
        problems.append(FieldProblem("service_number", "Dienstnummer fehlt."))
    elif not SERVICE_NUMBER.match(draft.service_number):
        problems.append(
            FieldProblem(
                "service_number",
                f"Dienstnummer „{draft.service_number}“: nur Buchstaben, Ziffern, - und /, "
                "höchstens 20 Zeichen.",
            )
        )
    if not draft.last_name:
        problems.append(FieldProblem("last_name", "Nachname fehlt."))
    if not draft.first_name:
        problems.append(FieldProblem("first_name", "Vorname fehlt."))
    if not 0 < draft.weekly_hours <= MAX_WEEKLY_HOURS:
        problems.append(
            FieldProblem(
                "weekly_hours",
                f"Wochenstunden {format_hours(draft.weekly_hours)}: erlaubt sind mehr als 0 "
                f"und höchstens {format_hours(MAX_WEEKLY_HOURS)}.",
            )
        )
    return problems


def format_hours(hours: float) -> str:
    text = f"{hours:.2f}".rstrip("0").rstrip(".")
    if not math.isfinite(hours) or abs(hours) >= 1000 or (hours and text in ("0", "-0")):
        text = f"{hours:g}"  # 1e+308, not 309 digits; 0,001 rather than 0
    return text.replace(".", ",")


# ---------------------------------------------------------------- areas


@dataclass(frozen=True, slots=True, order=True)
class VideoPeriod:
    """A yearly recurring period of video surveillance, e.g. 01.04.–30.09."""

    start_month: int
    start_day: int
    end_month: int
    end_day: int

    def contains(self, day: date) -> bool:
        key = (day.month, day.day)
        start = (self.start_month, self.start_day)
        end = (self.end_month, self.end_day)
        if start <= end:
            return start <= key <= end
        return key >= start or key <= end  # across the turn of the year

    @property
    def label(self) -> str:
        return (
            f"{self.start_day:02d}.{self.start_month:02d}.–{self.end_day:02d}.{self.end_month:02d}."
        )

    def to_json(self) -> str:
        return (
            f"{self.start_month:02d}-{self.start_day:02d}/{self.end_month:02d}-{self.end_day:02d}"
        )

    @classmethod
    def from_json(cls, text: str) -> VideoPeriod:
        start, end = text.split("/")
        start_month, start_day = (int(p) for p in start.split("-"))
        end_month, end_day = (int(p) for p in end.split("-"))
        return cls(start_month, start_day, end_month, end_day)

    @classmethod
    def parse(cls, text: str) -> VideoPeriod:
        """Parse ``01.04.–30.09.`` (dash, en dash or 'bis'; trailing dots optional)."""
        match = _PERIOD.match(text.strip())
        if not match:
            raise ValidationError(
                FieldProblem(
                    "video_periods",
                    f"Videozeitraum „{text}“: bitte als TT.MM.–TT.MM. angeben, z. B. 01.04.–30.09.",
                )
            )
        start_day, start_month, end_day, end_month = (int(g) for g in match.groups())
        for day, month in ((start_day, start_month), (end_day, end_month)):
            try:
                date(2024, month, day)  # a leap year admits 29.02.
            except ValueError:
                raise ValidationError(
                    FieldProblem(
                        "video_periods",
                        f"Videozeitraum „{text}“: {day:02d}.{month:02d}. ist kein Kalendertag.",
                    )
                ) from None
        return cls(start_month, start_day, end_month, end_day)


_PERIOD = re.compile(
    r"^(\d{1,2})\.(\d{1,2})\.?\s*(?:-|–|—|bis)\s*(\d{1,2})\.(\d{1,2})\.?$", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class AreaDraft:
    name: str
    description: str = ""
    is_fear_space: bool = False
    priority: int = 2
    video_periods: tuple[VideoPeriod, ...] = ()
    footage_retention_hours: int = 72
    active: bool = True
    short_code: str | None = None  # e.g. BHF: the grid's short form (2–5 capitals/digits)


PRIORITY_LABELS = {1: "hoch", 2: "normal", 3: "niedrig"}


@dataclass(frozen=True, slots=True)
class Area:
    id: str
    name: str
    description: str
    is_fear_space: bool
    priority: int
    video_periods: tuple[VideoPeriod, ...]
    footage_retention_hours: int
    active: bool
    version: int
    short_code: str | None = None

    @property
    def code(self) -> str:
        """The short code, or one derived from the name where none is set (for narrow cells)."""
        return self.short_code or derive_short_code(self.name)

    @property
    def priority_label(self) -> str:
        return PRIORITY_LABELS.get(self.priority, str(self.priority))

    @property
    def video_label(self) -> str:
        return ", ".join(p.label for p in self.video_periods)

    def video_active_on(self, day: date) -> bool:
        return any(period.contains(day) for period in self.video_periods)

    def as_draft(self) -> AreaDraft:
        return AreaDraft(
            self.name,
            self.description,
            self.is_fear_space,
            self.priority,
            self.video_periods,
            self.footage_retention_hours,
            self.active,
            self.short_code,
        )


SHORT_CODE = re.compile(r"[A-Z0-9]{2,5}")
_CODE_WORD = re.compile(r"[^\W_]+")
_UMLAUTS = str.maketrans({"Ä": "AE", "Ö": "OE", "Ü": "UE", "ß": "SS"})


def normalize_short_code(text: str | None) -> str | None:
    """What the form's text means: capitals, no spaces; empty is no code."""
    cleaned = (text or "").strip().upper()
    return cleaned or None


def short_code_problem(code: str | None) -> str | None:
    """Why ``code`` is no short code (German), or None: 2 to 5 capitals or digits, or none."""
    if code is None or SHORT_CODE.fullmatch(code):
        return None
    return (
        f"Kürzel „{code[:20]}“: 2 bis 5 Großbuchstaben oder Ziffern (z. B. BHF, INN, KLO), "
        "ohne Umlaute und Leerzeichen."
    )


def derive_short_code(name: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A code from an area's name: one word → its first three letters (Innenstadt → INN),
    several → their initials (Parkhaus am Markt → PAM); a number follows when it is taken."""
    words = [w.upper().translate(_UMLAUTS) for w in _CODE_WORD.findall(name)]
    words = [w for w in ("".join(c for c in w if c.isascii() and c.isalnum()) for w in words) if w]
    if not words:
        base = "GEB"
    elif len(words) == 1:
        base = words[0][:3]
    else:
        base = "".join(w[0] for w in words)[:4]
    base = base.ljust(2, "X")
    if base not in taken:
        return base
    for number in range(2, 1000):
        candidate = f"{base[: 5 - len(str(number))]}{number}"
        if candidate not in taken:
            return candidate
    return base


MAX_STATION_NAME = 120


def validate_station_name(name: str) -> list[str]:
    """The station's name (shown in the title bar, in sync packages and key files)."""
    text = name.strip()
    if not text:
        return ["Name der Station fehlt."]
    if len(text) > MAX_STATION_NAME:
        return [f"Name der Station: höchstens {MAX_STATION_NAME} Zeichen."]
    if not text.isprintable():
        return ["Name der Station: keine Steuerzeichen (Zeilenumbruch, Tabulator …)."]
    return []


def validate_area(draft: AreaDraft) -> list[FieldProblem]:
    """Every rule the draft breaks, with its field (uniqueness is the service's job)."""
    problems: list[FieldProblem] = []
    if not draft.name.strip():
        problems.append(FieldProblem("name", "Name des Einsatzgebiets fehlt."))
    elif len(draft.name.strip()) > 80:
        problems.append(FieldProblem("name", "Name des Einsatzgebiets: höchstens 80 Zeichen."))
    if draft.priority not in PRIORITY_LABELS:
        problems.append(
            FieldProblem(
                "priority", "Priorität: erlaubt sind 1 (hoch), 2 (normal) und 3 (niedrig)."
            )
        )
    if draft.video_periods and not 1 <= draft.footage_retention_hours <= 24 * 31:
        problems.append(
            FieldProblem(
                "footage_retention_hours", "Speicherfrist der Videoaufnahmen: 1 bis 744 Stunden."
            )
        )
    if len(set(draft.video_periods)) != len(draft.video_periods):
        problems.append(FieldProblem("video_periods", "Ein Videozeitraum ist doppelt eingetragen."))
    code_problem = short_code_problem(draft.short_code)
    if code_problem is not None:
        problems.append(FieldProblem("short_code", code_problem))
    return problems


# ---------------------------------------------------------------- catalogues


@dataclass(frozen=True, slots=True)
class CatalogEntryDraft:
    kind: CatalogKind
    name: str
    description: str = ""
    sort_order: int = 0
    active: bool = True


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    id: str
    kind: CatalogKind
    name: str
    description: str
    sort_order: int
    active: bool
    version: int

    def as_draft(self) -> CatalogEntryDraft:
        return CatalogEntryDraft(
            self.kind, self.name, self.description, self.sort_order, self.active
        )


def validate_catalog_entry(draft: CatalogEntryDraft) -> list[FieldProblem]:
    """Every rule the draft breaks, with its field (uniqueness is the service's job)."""
    problems: list[FieldProblem] = []
    if not draft.name.strip():
        problems.append(FieldProblem("name", f"{draft.kind.label}: Bezeichnung fehlt."))
    elif len(draft.name.strip()) > 80:
        problems.append(
            FieldProblem("name", f"{draft.kind.label}: Bezeichnung höchstens 80 Zeichen.")
        )
    return problems


# ---------------------------------------------------------------- shift templates


def legal_break_minutes(work: timedelta) -> int:
    """§4 ArbZG: 30 min above 6 h, 45 min above 9 h."""
    if work > timedelta(hours=9):
        return 45
    if work > timedelta(hours=6):
        return 30
    return 0


def clock_span(start: time, end: time) -> timedelta:
    """Wall-clock length of a duty; an end at or before the start ends the next day."""
    base = datetime(2000, 1, 1)
    begin = datetime.combine(base, start)
    finish = datetime.combine(base, end)
    if finish <= begin:
        finish += timedelta(days=1)
    return finish - begin


@dataclass(frozen=True, slots=True)
class ShiftTemplateDraft:
    name: str
    code: str
    start: time
    end: time
    break_minutes: int = 30
    kind: ShiftKind | None = None
    min_staff: int = 2
    active: bool = True


@dataclass(frozen=True, slots=True)
class ShiftTemplate:
    id: str
    name: str
    code: str
    start: time
    end: time
    break_minutes: int
    kind: ShiftKind | None
    min_staff: int
    active: bool
    version: int

    @property
    def span(self) -> timedelta:
        return clock_span(self.start, self.end)

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start

    @property
    def times_label(self) -> str:
        suffix = " (+1 Tag)" if self.crosses_midnight else ""
        return f"{self.start:%H:%M}–{self.end:%H:%M}{suffix}"

    def as_draft(self) -> ShiftTemplateDraft:
        return ShiftTemplateDraft(
            self.name,
            self.code,
            self.start,
            self.end,
            self.break_minutes,
            self.kind,
            self.min_staff,
            self.active,
        )


def validate_shift_template(draft: ShiftTemplateDraft) -> list[FieldProblem]:
    """Every rule the draft breaks, with its field (uniqueness is the service's job)."""
    problems: list[FieldProblem] = []
    if not draft.name.strip():
        problems.append(FieldProblem("name", "Name der Dienstvorlage fehlt."))
    if not draft.code.strip():
        problems.append(FieldProblem("code", "Kürzel der Dienstvorlage fehlt."))
    elif len(draft.code.strip()) > 4:
        problems.append(FieldProblem("code", "Kürzel der Dienstvorlage: höchstens 4 Zeichen."))
    if draft.start == draft.end:
        problems.append(
            FieldProblem("end", "Ende gleich Beginn: ein Dienst muss eine Dauer haben.")
        )
        return problems
    span = clock_span(draft.start, draft.end)
    if span > timedelta(hours=12):
        problems.append(
            FieldProblem(
                "end",
                f"Dauer {_hm(span)} h: ein Dienst nach Vorlage darf höchstens 12:00 h dauern "
                "(Ende vor Beginn bedeutet: endet am Folgetag).",
            )
        )
    if not 0 <= draft.break_minutes < span.total_seconds() / 60:
        problems.append(
            FieldProblem("break_minutes", "Pause: mindestens 0 Minuten und kürzer als der Dienst.")
        )
    else:
        needed = legal_break_minutes(span - timedelta(minutes=draft.break_minutes))
        if draft.break_minutes < needed:
            problems.append(
                FieldProblem(
                    "break_minutes",
                    f"§4 ArbZG: bei {_hm(span)} h Dienst sind mindestens {needed} Minuten Pause "
                    f"nötig, eingetragen sind {draft.break_minutes}.",
                )
            )
    if not 1 <= draft.min_staff <= 20:
        problems.append(FieldProblem("min_staff", "Mindestbesetzung: 1 bis 20 Dienstkräfte."))
    if draft.kind is not None and draft.kind.is_patrol and draft.min_staff < 2:
        problems.append(
            FieldProblem("min_staff", "Streifen gehen zu zweit: Mindestbesetzung mindestens 2.")
        )
    return problems


def _hm(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


@dataclass(frozen=True, slots=True)
class Station:
    id: str
    name: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class MasterData:
    """Everything the master-data page shows, read in one go."""

    officers: tuple[Officer, ...] = ()
    areas: tuple[Area, ...] = ()
    catalog: tuple[CatalogEntry, ...] = ()
    templates: tuple[ShiftTemplate, ...] = ()
