"""What the printed reports show (DESIGN.md §9, issue 7): plain frozen data, no layout.

The repository (storage/repos/reports.py) fills these from the database; the renderers in
services/reports/ turn them into PDF pages. Crew members, bike check-outs, notes and persons
reuse the domain types of the roster, the fleet and the incidents.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from kod_desk.domain.bikes import Checkout
from kod_desk.domain.enums import IncidentSource, IncidentStatus, ShiftKind
from kod_desk.domain.incidents import Note, Person
from kod_desk.domain.roster import CrewMember, RosterShift
from kod_desk.domain.timeutil import to_local

UNIT_NAME = "Kommunaler Ordnungsdienst und Ermittlungsdienst"
SHIFT_REPORT_TITLE = "Schichtbericht"

# ---------------------------------------------------------------- file names

# Not allowed in a Windows file name (and "/" nowhere); "_" parts a name, so it goes too.
_UNSAFE = re.compile(r'[<>:"/\\|?*_\x00-\x1f\x7f]+')
_PART_CHARS = 40


def file_name_part(text: str) -> str:
    """One part of a report's file name, safe on Windows, macOS and Linux: "Gemeinsame Streife
    Polizei" → "Gemeinsame-Streife-Polizei" (umlauts stay; characters Windows forbids, "_" and
    spaces become "-"; no dot or dash at the ends; at most 40 characters)."""
    cleaned = _UNSAFE.sub("-", unicodedata.normalize("NFC", text))
    cleaned = re.sub(r"[\s-]+", "-", cleaned)
    return cleaned[:_PART_CHARS].strip(" .-")


def report_file_name(*parts: str, suffix: str = ".pdf") -> str:
    """ "Schichtbericht_2026-12-07_Streife_Bahnhofsumfeld_14-22.pdf": the parts made safe
    (:func:`file_name_part`), empty ones left out, joined by "_"."""
    safe = [p for p in (file_name_part(part) for part in parts) if p]
    return "_".join(safe or ["Bericht"]) + suffix


def _hours_part(shift: RosterShift) -> str:
    start, end = to_local(shift.starts_at), to_local(shift.ends_at)
    if start.minute == 0 and end.minute == 0:
        return f"{start:%H}-{end:%H}"
    return f"{start:%H%M}-{end:%H%M}"


def shift_report_file_names(
    shifts: Sequence[RosterShift], title: str = SHIFT_REPORT_TITLE
) -> dict[str, str]:
    """shift id → the file name of its report, e.g.
    "Schichtbericht_2026-12-07_Streife_Bahnhofsumfeld_14-22.pdf" (date, kind, area, local
    times). Duties alike in all of these get "_2", "_3" … in the given order, so the duties of
    a day never share a name."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for shift in shifts:
        parts = [title, f"{shift.duty_date:%Y-%m-%d}", shift.kind.label, shift.area]
        parts.append(_hours_part(shift))
        name = report_file_name(*parts)
        number = 1
        while name.casefold() in used:  # Windows and macOS ignore case
            number += 1
            name = report_file_name(*parts, str(number))
        used.add(name.casefold())
        names[shift.id] = name
    return names


@dataclass(frozen=True, slots=True)
class ReportHeader:
    """The unit's letterhead and the generated-at stamp printed on every page."""

    station: str  # "Stadt Musterstadt" or the station's name
    actor: str
    generated_at: datetime  # aware; printed in Europe/Berlin

    @property
    def unit_line(self) -> str:
        station = self.station.strip()
        return f"{station} – {UNIT_NAME}" if station else UNIT_NAME


@dataclass(frozen=True, slots=True)
class CaseHandover:
    """An investigation order (Ermittlungsauftrag) made of an incident."""

    reference: str
    department: str
    status_label: str


@dataclass(frozen=True, slots=True)
class ChronologyEntry:
    """One incident in a shift summary's chronology."""

    id: str
    occurred_at: datetime
    reference: str
    category: str
    area: str
    place: str
    measures: tuple[str, ...]
    status: IncidentStatus
    cases: tuple[CaseHandover, ...] = ()
    footage_reminder: bool = False

    @property
    def is_open(self) -> bool:
        return self.status is not IncidentStatus.CLOSED


@dataclass(frozen=True, slots=True)
class ShiftSummaryData:
    """Schichtbericht: one duty with crew, bikes, the incidents of the duty and open items."""

    shift_id: str
    duty_date: date
    kind: ShiftKind
    area: str
    template: str
    planned_start: datetime
    planned_end: datetime
    break_minutes: int | None
    min_staff: int
    note: str
    crew: tuple[CrewMember, ...]  # the lead first
    bikes: tuple[Checkout, ...]  # booked, out or returned; cancelled bookings are left out
    incidents: tuple[ChronologyEntry, ...]  # by time

    @property
    def actual_start(self) -> datetime | None:
        """The earliest recorded start of the crew, if any was recorded."""
        starts = [c.actual_start for c in self.crew if c.actual_start is not None]
        return min(starts) if starts else None

    @property
    def actual_end(self) -> datetime | None:
        ends = [c.actual_end for c in self.crew if c.actual_end is not None]
        return max(ends) if ends else None

    @property
    def open_items(self) -> tuple[ChronologyEntry, ...]:
        """What the next duty inherits: incidents not closed and incidents handed over."""
        return tuple(i for i in self.incidents if i.is_open or i.cases)

    @property
    def km_total(self) -> int:
        return sum(b.km_driven or 0 for b in self.bikes)


@dataclass(frozen=True, slots=True)
class IncidentReportData:
    """Vorkommnisbericht: one incident with measures, officers, notes and (maybe) persons.

    ``persons`` is None when the reader may not see them; ``person_count`` is printed instead.
    """

    id: str
    reference: str
    occurred_at: datetime
    area: str
    category: str
    source: IncidentSource
    place: str
    latitude: float | None
    longitude: float | None
    description: str
    status: IncidentStatus
    status_changed_at: datetime | None
    outcome: str
    footage_reminder: bool
    duty: str  # "Radstreife, 19.06.2025 06:00–14:00" or ""
    officers: tuple[str, ...]
    measures: tuple[tuple[str, str], ...]  # (name, note)
    notes: tuple[Note, ...]  # writing order; corrections name the note they correct
    cases: tuple[CaseHandover, ...]
    person_count: int
    persons: tuple[Person, ...] | None
    created_at: datetime
