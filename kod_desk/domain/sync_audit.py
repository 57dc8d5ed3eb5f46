"""The audit chain anchored outside the station (issue 13, DESIGN.md §8).

Each package carries the sender's audit head (entry number and hash) and, for every head it put
into an earlier package, the hash its chain has at that number now. The receiver keeps every
head it saw; a later package whose chain no longer has the same hash at a number seen before,
or whose chain became shorter, means the sender's history was rewritten. The hash chain alone
has no key and can be recomputed after an edit; the heads kept here cannot be reached.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from kod_desk.domain.sync_format import AuditMark
from kod_desk.domain.text import german_int


@dataclass(frozen=True, slots=True)
class SeenHead:
    """A head a peer's package carried, as this station keeps it."""

    seq: int
    hash: str
    seen_at: datetime
    finding: str | None = None


@dataclass(frozen=True, slots=True)
class PeerAuditReport:
    """What ``audit verify --peer`` says of one station."""

    peer_id: str
    peer_name: str
    heads: int  # how many heads were seen
    newest: SeenHead | None
    findings: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.newest is not None and not self.findings


def check_heads(
    seen: Iterable[SeenHead],
    head: AuditMark | None,
    checkpoints: Iterable[AuditMark],
    station_name: str,
) -> str | None:
    """The German finding when ``head`` and ``checkpoints`` do not extend every ``seen`` head,
    else None. Only the first (lowest) broken head is named."""
    if head is None:
        return f"Das Paket der Station „{station_name}“ trägt keinen Stand ihres Protokolls."
    marks = {mark.seq: mark.hash for mark in checkpoints}
    marks[head.seq] = head.hash
    for earlier in sorted(seen, key=lambda s: s.seq):
        number = german_int(earlier.seq)
        if earlier.seq > head.seq:
            return (
                f"Das Protokoll der Station „{station_name}“ ist kürzer geworden: ein früheres "
                f"Paket reichte bis Eintrag {number}, dieses nur bis {german_int(head.seq)} – "
                "Einträge wurden entfernt."
            )
        now = marks.get(earlier.seq)
        if now is None:
            return (
                f"Das Paket der Station „{station_name}“ bestätigt den früher gesehenen Stand "
                f"ihres Protokolls (Eintrag {number}) nicht – der Verlauf kann umgeschrieben sein."
            )
        if now != earlier.hash:
            return (
                f"Die Station „{station_name}“ hat ihr Protokoll umgeschrieben: Eintrag {number} "
                f"ist nicht mehr der, den ihr Paket vom {earlier.seen_at:%d.%m.%Y} trug "
                f"(Hash damals {earlier.hash[:12]}…, jetzt {now[:12]}…)."
            )
    return None
