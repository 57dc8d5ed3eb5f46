"""The audit log as the user sees it: entries, and what its verification found (DESIGN.md §10).

The log is a hash chain: every entry stores the hash of the one before it and its own hash over
its content. The chain's head (last number and hash) is kept apart from the entries, so removing
the newest entries is found as well as editing, removing, inserting or reordering older ones.
Verification reports the first place where the chain breaks, with a German description.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from kod_desk.domain.timeutil import format_local


class BreakKind(StrEnum):
    """How the chain broke at the first broken place."""

    EDITED = "edited"  # the entry's stored hash does not match its content
    REMOVED = "removed"  # entries missing before the one that follows the gap
    MISPLACED = "misplaced"  # an entry of the log that stands in the wrong place
    INSERTED = "inserted"  # an entry that does not fit the chain at all
    TRUNCATED = "truncated"  # the newest entries are missing (the head is beyond the last)
    HEAD_MISSING = "head_missing"  # the stored head of the chain was removed


@dataclass(frozen=True, slots=True)
class AuditFinding:
    """The first broken place of the chain.

    ``seq`` is the first affected entry's number (for removed entries: the first missing one,
    ``through`` the last missing one). ``at`` and ``actor`` are those of the entry found there,
    or, for a gap, of the entry ``following`` it.
    """

    seq: int
    kind: BreakKind
    at: datetime | None = None
    actor: str | None = None
    through: int | None = None
    following: int | None = None

    @property
    def description(self) -> str:
        """One German sentence naming the first broken entry and what happened to it."""
        if self.kind is BreakKind.REMOVED:
            missing = _numbers(self.seq, self.through)
            after = (
                f" (die Kette bricht vor Eintrag {self.following}{_when(self.at, self.actor)})"
                if self.following is not None
                else ""
            )
            return f"{missing} nachträglich entfernt{after}."
        if self.kind is BreakKind.TRUNCATED:
            missing = _numbers(self.seq, self.through)
            last = self.seq - 1
            tail = f"; letzter vorhandener Eintrag: {last}" if last > 0 else ""
            return f"{missing} am Ende des Protokolls nachträglich entfernt{tail}."
        if self.kind is BreakKind.HEAD_MISSING:
            return (
                f"Der gespeicherte Stand des Protokolls fehlt (nachträglich entfernt); Einträge "
                f"ab Nr. {self.seq} könnten entfernt worden sein."
            )
        what = {
            BreakKind.EDITED: "nachträglich geändert",
            BreakKind.MISPLACED: "steht nicht an seiner Stelle (Reihenfolge verändert)",
            BreakKind.INSERTED: "passt nicht in die Kette (nachträglich eingefügt oder ersetzt)",
        }[self.kind]
        return f"Eintrag {self.seq}{_when(self.at, self.actor)}: {what}."


@dataclass(frozen=True, slots=True)
class AuditVerification:
    """The result of checking the whole chain: how many entries, and the first break if any."""

    checked: int
    finding: AuditFinding | None

    @property
    def intact(self) -> bool:
        return self.finding is None

    @property
    def message(self) -> str:
        if self.finding is None:
            return f"Protokoll unversehrt: {self.checked} Einträge geprüft."
        return self.finding.description


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One entry of the log as lists and the command line show it."""

    seq: int
    at: datetime
    actor: str
    action: str
    table_name: str
    row_id: str | None
    reason: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "actor": self.actor,
            "action": self.action,
            "table": self.table_name,
            "row_id": self.row_id,
            "reason": self.reason,
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What the log list is narrowed to; ``None`` means any. ``until`` is exclusive."""

    actor: str | None = None
    action: str | None = None
    table_name: str | None = None
    row_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _numbers(first: int, last: int | None) -> str:
    if last is None or last == first:
        return f"Eintrag {first}"
    return f"Einträge {first} bis {last}"


def _when(at: datetime | None, actor: str | None) -> str:
    text = f" vom {format_local(at)}" if at is not None else ""
    if actor:
        text += f" (Benutzer {actor})"
    return text
