"""What the printed reports show (DESIGN.md §9, issue 7): plain frozen data, no layout.

The repository (storage/repos/reports.py) fills these from the database; the renderers in
services/reports/ turn them into PDF pages. Crew members, bike check-outs, notes and persons
reuse the domain types of the roster, the fleet and the incidents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from kod_desk.domain.bikes import Checkout
from kod_desk.domain.enums import IncidentSource, IncidentStatus, ShiftKind
from kod_desk.domain.incidents import Note, Person
from kod_desk.domain.roster import CrewMember

UNIT_NAME = "Kommunaler Ordnungsdienst und Ermittlungsdienst"


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

    @property
    def persons_redacted(self) -> bool:
        return self.persons is None and self.person_count > 0
