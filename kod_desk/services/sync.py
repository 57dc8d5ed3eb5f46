"""Sync packages between stations (DESIGN.md §8, issue 8): keys and trust, export, a preview of
an import, the import itself in one transaction after a backup, and the conflict queue.

An import checks the container first (names, limits, signature, trust, hashes —
services/sync_package.py) and the master data's records, writing nothing; then, after a
backup, it applies the records table by table in one transaction, checking each against its
table's columns as it goes: the first bad record rolls all of it back. A package
already applied is recognised by its id and changes nothing. Records changed on both sides go
to the conflict queue; a supervisor settles them, and the decision travels on as a new version
that contains both.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from kod_desk.domain import sync as ds
from kod_desk.domain import sync_audit as da
from kod_desk.domain import sync_rules as rules
from kod_desk.domain.changes import Changes, Entity
from kod_desk.domain.enums import Role
from kod_desk.domain.errors import NotFoundError, UserError
from kod_desk.domain.sync_format import (
    AuditMark,
    KeyFile,
    Manifest,
    SyncRefused,
    decode_key_file,
    encode_key_file,
    fingerprint,
)
from kod_desk.domain.timeutil import utcnow
from kod_desk.services import sync_anchor as anchor
from kod_desk.services.backups import BackupService
from kod_desk.services.base import LEADERS, Result, ServiceContext, require
from kod_desk.storage import models as m
from kod_desk.storage.repos import audit
from kod_desk.storage.repos import sync as repo

Progress = Callable[[int, int], None]  # records done, records in all
# Heads of earlier exports whose hash a package confirms (one line each in the manifest).
_CHECKPOINTS = 5000

# What an applied package may touch: every page refreshes.
ALL_ENTITIES = Changes(
    frozenset(
        {
            Entity.OFFICERS,
            Entity.AREAS,
            Entity.CATALOG,
            Entity.TEMPLATES,
            Entity.SHIFTS,
            Entity.ABSENCES,
            Entity.BIKES,
            Entity.INCIDENTS,
            Entity.CASES,
            Entity.SETTINGS,
        }
    )
)


@dataclass
class _Plan:
    """One batch sorted by what it does."""

    inserts: list[dict[str, Any]]
    updates: list[dict[str, Any]]
    merges: list[tuple[str, dict[str, int]]]
    conflicts: list[tuple[dict[str, Any], dict[str, Any]]]  # (ours, theirs)
    superseded: list[str]
    # Roles, passwords, login state the inserts and updates would change (domain/sync_rules).
    protected: list[rules.ProtectedChange] = field(default_factory=list)

    def count_into(self, tally: ds.TableCounts, records: int, conflicts: int) -> None:
        """Add this batch of ``records`` to ``tally``; ``conflicts`` queued (or to queue)."""
        deleted = sum(1 for r in self.updates if r.get("deleted_at"))
        tally.insert += len(self.inserts)
        tally.update += len(self.updates) - deleted
        tally.delete += deleted
        tally.merge += len(self.merges)
        tally.conflict += conflicts
        tally.skip += records - (
            len(self.inserts) + len(self.updates) + len(self.merges) + conflicts
        )


class SyncService:
    def __init__(self, context: ServiceContext, clock: Callable[[], datetime] = utcnow) -> None:
        self._context = context
        self._clock = clock

    @property
    def _db(self) -> Any:
        return self._context.db

    # ------------------------------------------------------------ station and trust

    def ensure_key(self) -> None:
        """Make this station's signing key (Ed25519) and encryption key (X25519) where it has
        none yet (first start; the encryption key also after the upgrade to db 0008)."""
        with self._db.read() as session:
            station = repo.station(session)
            if station.public_key and station.enc_public_key:
                return
        # cryptography: only now
        from kod_desk.services.sync_envelope import new_encryption_key_pair
        from kod_desk.services.sync_package import new_key_pair

        signing, encryption = new_key_pair(), new_encryption_key_pair()
        with self._db.write(self._context.actor) as session:
            station = repo.station(session)
            if station.public_key and station.enc_public_key:
                return
            before = None if not station.public_key else {"fingerprint": _fingerprint(station)}
            if not station.public_key:
                station.private_key, station.public_key = signing
            station.enc_private_key, station.enc_public_key = encryption
            audit.append(
                session,
                actor=self._context.actor,
                action="create_key",
                table_name="station",
                row_id=station.id,
                before=before,
                after={"fingerprint": _fingerprint(station)},
            )

    def station(self) -> ds.StationInfo:
        with self._db.read() as session:
            station = repo.station(session)
            return ds.StationInfo(station.id, station.name, _fingerprint(station))

    def export_key(self) -> bytes:
        """This station's public key file, for the admin of another station."""
        self.ensure_key()
        with self._db.read() as session:
            station = repo.station(session)
            assert station.public_key is not None and station.enc_public_key is not None
            return encode_key_file(
                KeyFile(
                    station.id,
                    station.name,
                    bytes(station.public_key),
                    bytes(station.enc_public_key),
                )
            )

    def read_key(self, data: bytes) -> ds.KeyInfo:
        key = decode_key_file(data)
        return ds.KeyInfo(key.station_id, key.station_name, key.public_key, key.fingerprint)

    def peers(self) -> list[ds.PeerInfo]:
        with self._db.read() as session:
            return [self._peer_info(p) for p in repo.peers(session)]

    @staticmethod
    def _peer_info(peer: m.PeerStation) -> ds.PeerInfo:
        return ds.PeerInfo(
            peer.id,
            peer.name,
            _fingerprint(peer),
            bool(peer.trusted),
            peer.last_exported_seq,
            peer.last_imported_seq,
            peer.last_sync_at,
            can_receive=bool(peer.trusted and peer.enc_public_key),
            is_office=bool(peer.is_office),
        )

    def trust(self, data: bytes) -> Result[ds.PeerInfo]:
        """Trust the station of this key file (after its fingerprint was compared by phone)."""
        require(self._context, Role.ADMIN, action="Stationen vertrauen")
        key = decode_key_file(data)
        with self._db.write(self._context.actor) as session:
            own = repo.station(session)
            if key.station_id == own.id:
                raise UserError("Das ist der Schlüssel dieser Station selbst.")
            peer = repo.peer(session, key.station_id)
            before = None if peer is None else self._peer_info(peer)
            if peer is None:
                peer = m.PeerStation(id=key.station_id, name=key.station_name)
                session.add(peer)
            peer.name = key.station_name
            peer.public_key = key.public_key
            peer.enc_public_key = key.enc_public_key
            peer.trusted = True
            session.flush()
            audit.append(
                session,
                actor=self._context.actor,
                action="trust_station",
                table_name="peer_station",
                row_id=key.station_id,
                before=None if before is None else {"fingerprint": before.fingerprint},
                after={"name": key.station_name, "fingerprint": key.fingerprint},
            )
            return Result(self._peer_info(peer), Changes(frozenset({Entity.STATION})))

    def revoke(self, peer_id: str) -> Result[ds.PeerInfo]:
        require(self._context, Role.ADMIN, action="Stationen das Vertrauen entziehen")
        with self._db.write(self._context.actor) as session:
            peer = repo.peer(session, peer_id)
            if peer is None:
                raise NotFoundError("Diese Station ist nicht eingetragen.")
            peer.trusted = False
            audit.append(
                session,
                actor=self._context.actor,
                action="revoke_station",
                table_name="peer_station",
                row_id=peer_id,
                before={"trusted": True},
                after={"trusted": False},
            )
            return Result(self._peer_info(peer), Changes(frozenset({Entity.STATION})))

    def set_office(self, peer_id: str, is_office: bool = True) -> Result[ds.PeerInfo]:
        """Mark a trusted station as the office (or no longer): the only station whose
        packages, imported by an administrator, may change roles, passwords and login state."""
        require(self._context, Role.ADMIN, action="die Station des Büros festlegen")
        with self._db.write(self._context.actor) as session:
            peer = repo.peer(session, peer_id)
            if peer is None:
                raise NotFoundError("Diese Station ist nicht eingetragen.")
            if is_office and not peer.trusted:
                raise UserError(
                    f"Der Station „{peer.name}“ wird nicht vertraut: erst ihren Schlüssel "
                    "prüfen und ihr vertrauen, dann sie als Büro festlegen."
                )
            before = bool(peer.is_office)
            peer.is_office = is_office
            if before != is_office:
                audit.append(
                    session,
                    actor=self._context.actor,
                    action="set_office_station",
                    table_name="peer_station",
                    row_id=peer_id,
                    before={"name": peer.name, "is_office": before},
                    after={"name": peer.name, "is_office": is_office},
                )
            return Result(self._peer_info(peer), Changes(frozenset({Entity.STATION})))

    def _trusted(self, station_id: str, public_key: bytes, enc_public_key: bytes) -> bool:
        with self._db.read() as session:
            peer = repo.peer(session, station_id)
            return bool(
                peer
                and peer.trusted
                and bytes(peer.public_key or b"") == public_key
                and bytes(peer.enc_public_key or b"") == enc_public_key
            )

    # ------------------------------------------------------------ export

    def export(
        self,
        path: Path,
        peers: str | Sequence[str],
        progress: Progress | None = None,
        *,
        everything: bool = False,
    ) -> ds.ExportResult:
        """What changed since the last export to ``peers`` (with ``everything``: all) as one
        package at ``path``, signed by this station and encrypted to each of ``peers``: only
        those stations can read or apply it."""
        from kod_desk.services.sync_envelope import Recipient
        from kod_desk.services.sync_package import PackageWriter
        from kod_desk.storage.migrations import head_revision

        peer_ids = [peers] if isinstance(peers, str) else list(dict.fromkeys(peers))
        if not peer_ids:
            raise UserError("Bitte mindestens eine Empfängerstation wählen.")
        self.ensure_key()
        with self._db.read() as session:
            station = repo.station(session)
            station_id = station.id
            recipients = [self._recipient(session, peer_id, Recipient) for peer_id in peer_ids]
            exchanged = [repo.peer(session, peer_id) for peer_id in peer_ids]
            since = 0 if everything else min(p.last_exported_seq for p in exchanged if p)
            acked = exchanged[0].last_imported_seq if len(exchanged) == 1 and exchanged[0] else None
            until = repo.current_seq(session)
            counts = repo.count_changed(session, since, until)
            total = sum(counts.values())
            head_seq, head_hash = audit.head(session)
            earlier = audit.exported_heads(session, "sync_export", _CHECKPOINTS)
            checkpoints = audit.hashes_at(session, earlier)
            writer = PackageWriter(
                path,
                private_key=bytes(station.private_key or b""),
                station_id=station.id,
                station_name=station.name,
                schema_version=head_revision(),
                recipients=recipients,
                enc_public_key=bytes(station.enc_public_key or b""),
                seq_from=since,
                seq_to=until,
            )
            writer.acked_seq = acked
            writer.audit_head = AuditMark(head_seq, head_hash)
            writer.audit_checkpoints = tuple(
                AuditMark(seq, digest) for seq, digest in sorted(checkpoints.items())
            )
            done = 0
            try:
                for t in repo.synced_tables():
                    if not counts.get(t.name):
                        continue
                    with writer.member(t.name) as member:
                        for record in repo.export_records(
                            session, t.name, since, until, station.id
                        ):
                            member.write(record)
                            done += 1
                            if progress is not None and done % 1000 == 0:
                                progress(done, total)
                manifest = writer.finish()
            except BaseException:
                writer.abort()
                raise
        with self._db.write(self._context.actor) as session:
            for peer_id in peer_ids:
                peer = repo.peer(session, peer_id)
                if peer is not None:
                    peer.last_exported_seq = max(peer.last_exported_seq, until)
                    peer.last_sync_at = self._clock()
            session.add(
                m.SyncPackageLog(
                    package_id=manifest.package_id,
                    direction="export",
                    station_id=station_id,
                    peer_id=peer_ids[0] if len(peer_ids) == 1 else None,
                    seq_from=since,
                    seq_to=until,
                    counts=counts,
                    at=self._clock(),
                )
            )
            audit.append(
                session,
                actor=self._context.actor,
                action="sync_export",
                table_name="sync_package_log",
                row_id=manifest.package_id,
                before=None,
                after={
                    "peers": peer_ids,
                    "records": total,
                    "seq_from": since,
                    "seq_to": until,
                    "audit_head": {"seq": head_seq, "hash": head_hash},
                },
            )
        if progress is not None:
            progress(total, total)
        return ds.ExportResult(manifest.package_id, total, counts, since, until)

    @staticmethod
    def _recipient(session: Any, peer_id: str, make: Any) -> Any:
        peer = repo.peer(session, peer_id)
        if peer is None:
            raise NotFoundError("Diese Station ist nicht eingetragen.")
        if not peer.trusted:
            raise UserError(
                f"Der Station „{peer.name}“ wird nicht vertraut; Pakete gehen nur an "
                "vertraute Stationen."
            )
        if not peer.enc_public_key:
            raise UserError(
                f"Von der Station „{peer.name}“ fehlt der Schlüssel zum Verschlüsseln; bitte "
                "ihre neue Schlüsseldatei einlesen (Synchronisation → Station vertrauen)."
            )
        return make(peer.id, bytes(peer.enc_public_key))

    # ------------------------------------------------------------ import

    def _reader(self, path: Path) -> Any:
        from kod_desk.services.sync_package import PackageReader
        from kod_desk.storage.migrations import head_revision

        self.ensure_key()
        with self._db.read() as session:
            station = repo.station(session)
            station_id, private_key = station.id, bytes(station.enc_private_key or b"")
        return PackageReader(
            path,
            known_tables=set(repo.table_specs()),
            schema_version=head_revision(),
            is_trusted=self._trusted,
            station_id=station_id,
            private_key=private_key,
        )

    @staticmethod
    def _open(reader: Any) -> Manifest:
        """Every check of the reader, and change numbers that fit the database (fuzz test,
        issue 8: a signed manifest with "seq_to": 2**70 crashed the import log with an
        OverflowError instead of being refused). The limit is that of an INTEGER column on
        PostgreSQL, where the sequence numbers are stored too."""
        manifest: Manifest = reader.open()
        if max(manifest.seq_from, manifest.seq_to) > 2**31 - 1:
            raise SyncRefused(
                "Das Feld „seq_to“ im Manifest ist ungültig (Änderungsnummer zu groß)."
            )
        return manifest

    def _checked(self, reader: Any, table: str) -> Iterator[dict[str, Any]]:
        """The table's records, decoded, each checked against the whitelist of its columns
        (domain/sync.check_record, domain/sync_rules); an id twice in one table is refused."""
        spec = repo.table_specs()[table]
        # A Bloom filter of two bytes per record instead of a set of every id (50+ bytes
        # each): the import's memory does not grow with the package (bench sync). An id the
        # filter may have seen is kept as a suspect; a second look counts the suspects.
        entry = reader.manifest.member(table) if reader.manifest is not None else None
        maybe_seen = rules.IdFilter(entry.records if entry is not None else 0)
        suspects: set[str] = set()
        for record in reader.records(table):
            decoded, problems = ds.check_record(spec, record)
            if problems:
                raise SyncRefused(f"Ein Datensatz ist ungültig – Paket abgelehnt: {problems[0]}.")
            if maybe_seen.add(decoded["id"]):
                suspects.add(decoded["id"])
            yield decoded
        if suspects:  # the caller rolls back what it did with the records
            found: set[str] = set()
            for record in reader.records(table):
                row_id = str(record.get("id"))
                if row_id not in suspects:
                    continue
                if row_id in found:
                    raise SyncRefused(
                        f"Das Paket enthält den Datensatz {spec.label} {row_id} zweimal – "
                        "Paket abgelehnt."
                    )
                found.add(row_id)

    @staticmethod
    def _batches(records: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
        batch: list[dict[str, Any]] = []
        for record in records:
            batch.append(record)
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch

    def _plan(
        self, session: Any, table: str, batch: list[dict[str, Any]], pristine: bool = False
    ) -> _Plan:
        station_id = self._db.station_id
        ours = repo.local_rows(session, table, [r["id"] for r in batch], station_id)
        new = [r for r in batch if r["id"] not in ours]
        twins = repo.twins(session, table, new, station_id)
        plan = _Plan([], [], [], [], [])
        for record in batch:
            twin = twins.get(record["id"])
            if twin is not None and pristine and table in repo.MASTER:
                plan.inserts.append(record)  # a new station's default gives way (give_way)
                plan.protected += rules.protected_changes(table, record, None)
                continue
            if twin is not None:
                if ds.content({**record, "id": ""}) == ds.content({**twin.local, "id": ""}):
                    continue  # the same fact made twice: nothing to do
                if not twin.forkable:
                    label = ds.LABELS.get(table, table)
                    values = ", ".join(str(twin.local.get(c)) for c in twin.key)
                    raise SyncRefused(
                        f"{label} „{values}“ gibt es hier schon unter einer anderen Kennung "
                        "(zweimal angelegt). Bitte Stammdaten nur an einer Station anlegen."
                    )
                plan.conflicts.append((twin.local, record))
                continue
            local = ours.get(record["id"])
            action = ds.decide(record, local)
            if action is ds.Action.INSERT:
                plan.inserts.append(record)
                plan.protected += rules.protected_changes(table, record, None)
            elif action is ds.Action.UPDATE:
                plan.updates.append({**(local or {}), **record})
                plan.superseded.append(record["id"])
                plan.protected += rules.protected_changes(table, plan.updates[-1], local)
            elif action is ds.Action.MERGE:
                assert local is not None
                plan.merges.append((record["id"], ds.merge(record["_vv"], local["_vv"])))
            elif action is ds.Action.CONFLICT:
                assert local is not None
                plan.conflicts.append((local, record))
        return plan

    def inspect(self, path: Path, progress: Progress | None = None) -> ds.ImportPreview:
        """Check the whole package and count what applying it would do; writes nothing."""
        with self._reader(path) as reader:
            manifest: Manifest = self._open(reader)
            with self._db.read() as session:
                applied = repo.package_logged(session, manifest.package_id, "import")
                pristine = repo.is_pristine(session)
                counts = self._count(session, reader, manifest, progress, pristine)
        return self._preview(manifest, counts, applied)

    def _count(
        self,
        session: Any,
        reader: Any,
        manifest: Manifest,
        progress: Progress | None,
        pristine: bool,
    ) -> dict[str, ds.TableCounts]:
        total = sum(entry.records for entry in manifest.members)
        done = 0
        counts: dict[str, ds.TableCounts] = {}
        for t in repo.synced_tables():
            if t.name not in manifest.tables:
                continue
            tally = counts.setdefault(t.name, ds.TableCounts())
            for batch in self._batches(self._checked(reader, t.name), repo.batch_size(t.name)):
                plan = self._plan(session, t.name, batch, pristine)
                self._guard(session, manifest, plan)
                plan.count_into(tally, len(batch), len(plan.conflicts))
                done += len(batch)
                if progress is not None:
                    progress(done, total)
        return counts

    @staticmethod
    def _preview(
        manifest: Manifest, counts: dict[str, ds.TableCounts], applied: bool
    ) -> ds.ImportPreview:
        return ds.ImportPreview(
            manifest.package_id,
            manifest.station_id,
            manifest.station_name,
            manifest.fingerprint,
            manifest.created_at,
            sum(entry.records for entry in manifest.members),
            counts,
            applied,
        )

    def import_package(self, path: Path, progress: Progress | None = None) -> ds.ImportResult:
        """Apply the package in one transaction after a backup; a package applied before
        changes nothing. A refusal changes nothing either and is written to the audit log.
        Only supervisors and administrators import; officers may only export."""
        require(self._context, *LEADERS, action="Synchronisationspakete einspielen")
        try:
            return self._import(path, progress)
        except SyncRefused as refusal:
            self._audit_refusal(path, refusal)
            raise

    def _import(self, path: Path, progress: Progress | None) -> ds.ImportResult:
        with self._reader(path) as reader:
            manifest: Manifest = self._open(reader)
            with self._db.read() as session:
                if repo.package_logged(session, manifest.package_id, "import"):
                    return ds.ImportResult(self._preview(manifest, {}, True), applied=False)
                pristine = repo.is_pristine(session)
            # The master data is checked before anything is written (a new station's defaults
            # give way to it); every other record is checked as it is applied, inside the one
            # transaction: the first bad record rolls all of it back.
            keys = self._check_all(reader, manifest, collect=pristine)
            backup = BackupService(self._context).before("vor-synchronisation")
            now = self._clock()
            with self._db.write(self._context.actor) as session:
                if repo.package_logged(session, manifest.package_id, "import"):
                    return ds.ImportResult(self._preview(manifest, {}, True), applied=False)
                if keys and repo.is_pristine(session):
                    repo.give_way(session, keys)
                counts = self._apply(session, reader, manifest, now, progress)
                missing = self._log_import(session, manifest, counts, now)
                finding = anchor.record_head(session, self._context.actor, manifest, now)
        return ds.ImportResult(
            self._preview(manifest, counts, False),
            applied=True,
            backup=str(backup or ""),
            missing=missing,
            audit_finding=finding,
        )

    def peer_audits(self) -> list[da.PeerAuditReport]:
        """:meth:`peer_audit` of every station that ever sent a package or is trusted."""
        require(self._context, Role.ADMIN, action="Protokolle anderer Stationen prüfen")
        with self._db.read() as session:
            ids = [p.id for p in repo.peers(session)]
        return [self.peer_audit(peer_id) for peer_id in ids]

    def peer_audit(self, wanted: str) -> da.PeerAuditReport:
        """Whether the station ``wanted`` (name or id) kept extending every audit head its
        packages carried (``kod-desk audit verify --peer``, the Verwaltung page)."""
        require(self._context, Role.ADMIN, action="Protokolle anderer Stationen prüfen")
        with self._db.read() as session:
            return anchor.peer_report(session, wanted)

    def _check_all(
        self, reader: Any, manifest: Manifest, *, collect: bool
    ) -> dict[str, dict[tuple[str, ...], dict[tuple[Any, ...], str]]]:
        """Check the master data's records; with ``collect``, their unique keys (what a new
        station's defaults give way to)."""
        keys: dict[str, dict[tuple[str, ...], dict[tuple[Any, ...], str]]] = {}
        for table in manifest.tables:
            if table not in repo.MASTER:
                continue
            wanted = collect
            for record in self._checked(reader, table):
                if not wanted:
                    continue
                for key, values in repo.natural_key_values(table, record):
                    if None not in values:
                        keys.setdefault(table, {}).setdefault(key, {})[values] = record["id"]
        return keys

    def _apply(
        self,
        session: Any,
        reader: Any,
        manifest: Manifest,
        now: datetime,
        progress: Progress | None,
    ) -> dict[str, ds.TableCounts]:
        total = sum(entry.records for entry in manifest.members)
        done = 0
        counts: dict[str, ds.TableCounts] = {}
        session.info["preserve_sync_columns"] = True
        for t in repo.synced_tables():
            if t.name not in manifest.tables:
                continue
            tally = counts.setdefault(t.name, ds.TableCounts())
            for batch in self._batches(self._checked(reader, t.name), repo.batch_size(t.name)):
                plan = self._plan(session, t.name, batch)
                self._guard(session, manifest, plan)
                repo.insert_rows(session, t.name, plan.inserts)
                repo.update_rows(session, t.name, plan.updates)
                repo.merge_vectors(session, t.name, plan.merges)
                for row_id in plan.superseded:
                    repo.supersede_conflict(session, t.name, row_id, now)
                queued = 0
                for ours, theirs in plan.conflicts:
                    queued += repo.record_conflict(
                        session, t.name, ours, theirs, manifest.package_id, now
                    )
                plan.count_into(tally, len(batch), queued)
                self._audit_protected(
                    session,
                    plan.protected,
                    f"Synchronisation: Paket {manifest.package_id} von {manifest.station_name}",
                )
                done += len(batch)
                if progress is not None:
                    progress(done, total)
        session.flush()
        return counts

    def _guard(self, session: Any, manifest: Manifest, plan: _Plan) -> None:
        """Refuse the package if it changes roles, passwords or login state and does not come
        from the office imported by an administrator (DESIGN.md §8)."""
        if not plan.protected:
            return
        peer = repo.peer(session, manifest.station_id)
        from_office = peer is not None and bool(peer.trusted) and bool(peer.is_office)
        if not (from_office and self._context.role is Role.ADMIN):
            raise SyncRefused(plan.protected[0].refusal)

    def _audit_protected(
        self, session: Any, changes: list[rules.ProtectedChange], reason: str
    ) -> None:
        """One audit entry per officer and protected field the office's version changed."""
        for change in changes:
            before, after = change.audit()
            audit.append(
                session,
                actor=self._context.actor,
                action=change.action,
                table_name=change.table,
                row_id=change.row_id,
                before=before,
                after=after,
                reason=reason,
            )

    def _log_import(
        self, session: Any, manifest: Manifest, counts: dict[str, ds.TableCounts], now: datetime
    ) -> tuple[int, int] | None:
        """Log the package, move on the peer's change numbers; the range of the sender's
        changes that is still missing (a package of theirs was lost), if any."""
        summary = {table: {k: v for k, v in vars(c).items() if v} for table, c in counts.items()}
        missing: tuple[int, int] | None = None
        peer = repo.peer(session, manifest.station_id)
        if peer is not None:
            if manifest.seq_from <= peer.last_imported_seq:
                peer.last_imported_seq = max(peer.last_imported_seq, manifest.seq_to)
            else:  # a gap: what we hold without one stays where it was
                missing = (peer.last_imported_seq, manifest.seq_from)
            acked = manifest.acked_seq
            if manifest.recipient_id == self._db.station_id and acked is not None:
                # They lack some of what we sent (a package was lost): send it again next time.
                peer.last_exported_seq = min(peer.last_exported_seq, acked)
            peer.last_sync_at = now
        session.add(
            m.SyncPackageLog(
                package_id=manifest.package_id,
                direction="import",
                station_id=manifest.station_id,
                peer_id=manifest.station_id,
                seq_from=manifest.seq_from,
                seq_to=manifest.seq_to,
                counts=summary,
                at=now,
            )
        )
        audit.append(
            session,
            actor=self._context.actor,
            action="sync_import",
            table_name="sync_package_log",
            row_id=manifest.package_id,
            before=None,
            after={"station": manifest.station_name, "counts": summary, "missing": missing},
        )
        return missing

    def _audit_refusal(self, path: Path, refusal: SyncRefused) -> None:
        try:
            with self._db.write(self._context.actor) as session:
                audit.append(
                    session,
                    actor=self._context.actor,
                    action="sync_refused",
                    table_name="sync_package_log",
                    row_id=str(uuid.uuid4()),
                    before=None,
                    after={"file": path.name, "reason": refusal.message},
                )
        except UserError:
            pass  # the refusal itself is what the user must see

    # ------------------------------------------------------------ conflicts

    def conflicts(self) -> list[ds.ConflictView]:
        with self._db.read() as session:
            found = repo.conflicts(session)
            sources = repo.package_sources(session, {c.package_id for c in found})
            return [self._view(c, sources.get(c.package_id, "")) for c in found]

    @staticmethod
    def _view(conflict: m.SyncConflict, source: str = "") -> ds.ConflictView:
        return ds.ConflictView(
            conflict.id,
            conflict.table_name,
            ds.LABELS.get(conflict.table_name, conflict.table_name),
            conflict.row_id,
            dict(conflict.local),
            dict(conflict.remote),
            tuple(ds.differing_fields(conflict.local, conflict.remote)),
            conflict.created_at,
            source,
        )

    def resolve(
        self,
        conflict_id: str,
        choice: ds.Choice,
        theirs_fields: frozenset[str] = frozenset(),
    ) -> Result[ds.ConflictView]:
        """Settle a conflict: keep ours, take theirs, or take ``theirs_fields`` from theirs
        and the rest from ours. The result is a new local version containing both sides."""
        require(self._context, *LEADERS, action="Synchronisationskonflikte entscheiden")
        now = self._clock()
        with self._db.write(self._context.actor) as session:
            conflict = repo.get_conflict(session, conflict_id)
            if conflict is None or conflict.resolved_at is not None:
                raise NotFoundError("Dieser Konflikt ist schon entschieden oder gibt es nicht.")
            view = self._view(conflict)
            spec = repo.table_specs()[conflict.table_name]
            current = repo.local_rows(
                session, conflict.table_name, [conflict.row_id], self._db.station_id
            ).get(conflict.row_id)
            if current is None:
                raise NotFoundError("Der Datensatz des Konflikts ist nicht mehr vorhanden.")
            theirs, problems = ds.check_record(spec, conflict.remote)
            if problems:
                raise SyncRefused(problems[0])
            if choice is ds.Choice.OURS:
                taken: set[str] = set()
            elif choice is ds.Choice.THEIRS:
                taken = set(view.differing)
            else:
                taken = set(theirs_fields) & set(view.differing)
            office = repo.office(session)
            from_office = office is not None and office.id == repo.package_station(
                session, conflict.package_id
            )
            if from_office:
                # A field station takes roles and passwords from the office whatever else is
                # decided: a version of its own would refuse its packages there (issue 13).
                follow = rules.protected_changes(conflict.table_name, theirs, current)
                taken |= {change.field for change in follow}
            values = {**ds.content(current), **{k: theirs.get(k) for k in taken}}
            carried = rules.protected_changes(conflict.table_name, values, current)
            if carried and not from_office:  # never through a conflict from anyone else
                raise UserError(carried[0].not_taken)
            vv = ds.merge(current["_vv"], theirs["_vv"])
            repo.write_resolution(
                session,
                conflict.table_name,
                conflict.row_id,
                values,
                vv,
                self._db.station_id,
                self._context.actor,
                now,
            )
            how = choice.value if choice is not ds.Choice.FIELDS else "fields"
            repo.close_conflict(session, conflict_id, self._context.actor, how, now)
            audit.append(
                session,
                actor=self._context.actor,
                action="sync_resolve",
                table_name=conflict.table_name,
                row_id=conflict.row_id,
                before={k: view.ours.get(k) for k in view.differing},
                after={
                    k: (view.theirs if k in taken else view.ours).get(k) for k in view.differing
                },
                reason=f"{how}: {', '.join(sorted(taken)) or 'unsere Fassung'}",
            )
            # What the office's version brought, field by field.
            self._audit_protected(session, carried, "Synchronisationskonflikt: Fassung des Büros")
            return Result(view, ALL_ENTITIES)


def _fingerprint(row: m.Station | m.PeerStation) -> str:
    """The fingerprint over both public keys ("" until the keys are known)."""
    if not row.public_key:
        return ""
    return fingerprint(bytes(row.public_key), bytes(row.enc_public_key or b""))
