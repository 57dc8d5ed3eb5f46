"""The audit chain anchored at the receiving station (issue 13, DESIGN.md §8).

Each package carries its sender's audit head; the receiver keeps every head it saw and names a
package whose chain no longer extends one of them (domain/sync_audit.check_heads). These run
inside the sync service's sessions (:func:`record_head` inside the import's write operation).
"""

from __future__ import annotations

from datetime import datetime

from kod_desk.domain import sync_audit as da
from kod_desk.domain.errors import NotFoundError, UserError
from kod_desk.domain.sync_format import AuditMark, Manifest
from kod_desk.services.base import DbSession, Op
from kod_desk.storage.repos import sync as repo


def seen_heads(session: DbSession, peer_id: str) -> list[da.SeenHead]:
    """Every head the packages of ``peer_id`` carried, oldest first."""
    return [
        da.SeenHead(h.seq, h.hash, h.seen_at, h.finding) for h in repo.audit_heads(session, peer_id)
    ]


def record_head(op: Op, manifest: Manifest, now: datetime) -> str | None:
    """Keep the sender's audit head; name it when its chain no longer extends a head seen
    before (a rewritten history), in the result and in our own audit log."""
    finding = da.check_heads(
        seen_heads(op.session, manifest.station_id),
        manifest.audit_head,
        manifest.audit_checkpoints,
        manifest.station_name,
    )
    head = manifest.audit_head or AuditMark(0, "0" * 64)
    repo.add_audit_head(
        op.session,
        peer_id=manifest.station_id,
        seq=head.seq,
        hash_=head.hash,
        package_id=manifest.package_id,
        seen_at=now,
        finding=finding,
    )
    if finding is not None:
        op.audit(
            "peer_audit_broken",
            "peer_station",
            manifest.station_id,
            None,
            {"package": manifest.package_id, "head": head.seq},
            reason=finding,
        )
    return finding


def peer_report(session: DbSession, wanted: str) -> da.PeerAuditReport:
    """What ``audit verify --peer`` says of the station ``wanted`` (name or id)."""
    found = [p for p in repo.peers(session) if wanted in (p.id, p.name)]
    if not found:
        raise NotFoundError(f"Keine eingetragene Station „{wanted}“.")
    if len(found) > 1:
        raise UserError(
            f"Mehrere Stationen heißen „{wanted}“; bitte die Kennung angeben "
            f"({', '.join(p.id for p in found)})."
        )
    peer_id, peer_name = found[0].id, found[0].name
    heads = seen_heads(session, peer_id)
    newest = max(heads, key=lambda h: (h.seen_at, h.seq), default=None)
    findings = tuple(h.finding for h in heads if h.finding)
    return da.PeerAuditReport(peer_id, peer_name, len(heads), newest, findings)
