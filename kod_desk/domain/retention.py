"""Retention of personal data (DESIGN.md §10): the rules, without storage.

Persons involved in an incident (names, birth date, address, note) are kept for a configurable
period after the incident was closed, by default 24 months. After that they are purged: the
person rows are blanked (only their role stays) and marked deleted, the incident itself stays
with ``personal_data_purged_at``. Free text (description, notes, outcome) is not touched.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from kod_desk.domain.errors import ValidationError
from kod_desk.domain.timeutil import format_date, local_to_utc, to_local

DEFAULT_MONTHS = 24
MIN_MONTHS = 1
MAX_MONTHS = 120


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """How long personal data of a closed incident is kept, in months after closing."""

    months: int = DEFAULT_MONTHS

    @classmethod
    def from_dict(cls, value: dict[str, Any] | None) -> RetentionPolicy:
        """The stored setting; anything missing or out of range means the default."""
        months = (value or {}).get("months")
        if isinstance(months, int) and not validate_months(months):
            return cls(months)
        return cls()

    def to_dict(self) -> dict[str, Any]:
        return {"months": self.months}

    def cutoff(self, today: date) -> date:
        """Incidents closed before this local day are due: ``months`` before ``today``."""
        return months_before(today, self.months)

    def cutoff_utc(self, today: date) -> datetime:
        """The start of the cutoff day in Berlin, as UTC (what closing times compare with)."""
        return local_to_utc(self.cutoff(today), time(0, 0))


def validate_months(months: int) -> list[str]:
    if not MIN_MONTHS <= months <= MAX_MONTHS:
        return [f"Aufbewahrungsfrist: {MIN_MONTHS} bis {MAX_MONTHS} Monate (angegeben: {months})."]
    return []


def check_months(months: int) -> RetentionPolicy:
    problems = validate_months(months)
    if problems:
        raise ValidationError(problems)
    return RetentionPolicy(months)


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier; the 31st becomes the month's last day where needed."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@dataclass(frozen=True, slots=True)
class PurgeCandidate:
    """An incident whose persons are due: closed before the cutoff, persons not yet purged."""

    incident_id: str
    reference: str
    closed_at: datetime
    persons: int


@dataclass(frozen=True, slots=True)
class RetentionPreview:
    """What a purge would do now; nothing has been changed."""

    months: int
    cutoff: date
    incidents: int
    persons: int
    per_year: tuple[tuple[int, int, int], ...]  # (closing year, incidents, persons)
    oldest_closed: date | None
    # Older backups holding these (or earlier purged) persons: re-written without them, or
    # removed when they cannot be read (services/backups.py).
    backups_rewritten: int = 0
    backups_removed: int = 0

    @property
    def is_empty(self) -> bool:
        return self.incidents == 0

    @property
    def message(self) -> str:
        """ "12 Personen aus 9 Vorkommnissen werden gelöscht (abgeschlossen vor dem …)."."""
        before = format_date(self.cutoff)
        if self.is_empty:
            return (
                f"Nichts zu bereinigen: keine Personendaten aus Vorkommnissen, die vor dem "
                f"{before} abgeschlossen wurden."
            )
        verb = "wird" if self.persons == 1 else "werden"
        text = (
            f"{_persons(self.persons)} aus {_incidents(self.incidents)} {verb} gelöscht "
            f"(abgeschlossen vor dem {before})."
        )
        backups = backups_text(self.backups_rewritten, self.backups_removed, done=False)
        return f"{text} {backups}" if backups else text


@dataclass(frozen=True, slots=True)
class RetentionResult:
    """What a purge did."""

    months: int
    cutoff: date
    incidents: int
    persons: int
    backup: str | None = None
    backups_rewritten: int = 0
    backups_removed: int = 0
    # Backups that could be neither re-written nor deleted: to be deleted by hand.
    backups_failed: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        if self.incidents == 0:
            return "Datenschutz: nichts zu bereinigen."
        text = (
            f"Datenschutz: {_persons(self.persons)} aus {_incidents(self.incidents)} gelöscht "
            f"(abgeschlossen vor dem {format_date(self.cutoff)})."
        )
        backups = backups_text(self.backups_rewritten, self.backups_removed, done=True)
        if backups:
            text = f"{text} {backups}"
        if self.backups_failed:
            text = (
                f"{text} Bitte von Hand löschen (ließen sich weder bereinigen noch löschen): "
                f"{', '.join(self.backups_failed)}."
            )
        return text


def backups_text(rewritten: int, removed: int, *, done: bool) -> str:
    """ "2 ältere Sicherungen werden ohne diese Personen neu geschrieben …" or ""."""
    parts = []
    if rewritten:
        verb = ("wurde" if done else "wird") if rewritten == 1 else ("wurden" if done else "werden")
        parts.append(f"{_backups(rewritten)} {verb} ohne diese Personen neu geschrieben")
    if removed:
        verb = ("wurde" if done else "wird") if removed == 1 else ("wurden" if done else "werden")
        what = "unlesbare oder nicht bereinigbare"
        parts.append(f"{_backups(removed, what)} {verb} gelöscht")
    return f"{' und '.join(parts)}." if parts else ""


def _backups(n: int, what: str = "ältere") -> str:
    return f"1 {what} Sicherung" if n == 1 else f"{n} {what} Sicherungen"


def summarize(
    candidates: Sequence[PurgeCandidate],
    policy: RetentionPolicy,
    today: date,
    *,
    backups_rewritten: int = 0,
    backups_removed: int = 0,
) -> RetentionPreview:
    """Counts per closing year (local), the oldest closing day, the totals."""
    incidents: Counter[int] = Counter()
    persons: Counter[int] = Counter()
    for candidate in candidates:
        year = to_local(candidate.closed_at).year
        incidents[year] += 1
        persons[year] += candidate.persons
    oldest = min((c.closed_at for c in candidates), default=None)
    return RetentionPreview(
        months=policy.months,
        cutoff=policy.cutoff(today),
        incidents=len(candidates),
        persons=sum(c.persons for c in candidates),
        per_year=tuple((year, incidents[year], persons[year]) for year in sorted(incidents)),
        oldest_closed=None if oldest is None else to_local(oldest).date(),
        backups_rewritten=backups_rewritten,
        backups_removed=backups_removed,
    )


def _persons(n: int) -> str:
    return "1 Person" if n == 1 else f"{n} Personen"


def _incidents(n: int) -> str:
    return "1 Vorkommnis" if n == 1 else f"{n} Vorkommnissen"
