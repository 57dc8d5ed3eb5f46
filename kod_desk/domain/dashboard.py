"""What the Übersicht shows, as plain rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from kod_desk.domain.bikes import InspectionState
from kod_desk.domain.enums import BikeCondition, ShiftKind


@dataclass(frozen=True, slots=True)
class CrewMember:
    officer_id: str
    name: str
    service_number: str
    is_lead: bool


@dataclass(frozen=True, slots=True)
class DutyRow:
    shift_id: str
    kind: ShiftKind
    area: str
    starts_at: datetime
    ends_at: datetime
    min_staff: int
    crew: tuple[CrewMember, ...]

    @property
    def understaffed(self) -> bool:
        return len(self.crew) < self.min_staff


@dataclass(frozen=True, slots=True)
class BikeOutRow:
    inventory_no: str
    officer: str
    out_at: datetime | None
    due_back: datetime | None
    bike_id: str = ""
    checkout_id: str = ""

    def is_overdue(self, now: datetime) -> bool:
        """The planned return has passed and the bike is still out."""
        return self.due_back is not None and self.due_back < now


@dataclass(frozen=True, slots=True)
class BikeIssueRow:
    inventory_no: str
    condition: BikeCondition
    detail: str


@dataclass(frozen=True, slots=True)
class InspectionDueRow:
    """A bike whose inspection is overdue or due within 14 days (or 100 km)."""

    bike_id: str
    inventory_no: str
    state: InspectionState
    message: str  # German, from domain.bikes.inspection_due
    due_on: date | None
    due_km: int | None


@dataclass(frozen=True, slots=True)
class CaseDueRow:
    case_id: str
    reference: str
    subject: str
    department: str
    due_on: date
    officer: str


@dataclass(frozen=True, slots=True)
class Warning:
    severity: str  # "error" | "warning"
    text: str


@dataclass(frozen=True, slots=True)
class Dashboard:
    as_of: datetime
    today: date
    on_duty_now: tuple[DutyRow, ...]
    today_duties: tuple[DutyRow, ...]
    bikes_out: tuple[BikeOutRow, ...]
    bikes_unusable: tuple[BikeIssueRow, ...]
    open_incidents: int
    incidents_last_24h: int
    overdue_cases: tuple[CaseDueRow, ...]
    warnings: tuple[Warning, ...]
    is_empty: bool
    inspections_due: tuple[InspectionDueRow, ...] = ()
