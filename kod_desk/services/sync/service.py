"""Sync packages between stations (DESIGN.md §8, issue 8): keys and trust, export, a preview of
an import, the import itself in one write operation after a backup, and the conflict queue.

An import checks the container first (names, limits, signature, trust, hashes —
sync/reader.py) and the master data's records, writing nothing; then, after a backup, it
applies the records table by table in one write operation (sync/importer.py), checking each
against its table's columns as it goes: the first bad record rolls all of it back. The applied
records keep the sender's sync columns — the one documented exception to the stamping of every
write (storage/repos/sync_rows.keep_sender_columns). A package already applied is recognised
by its id and changes nothing. Records changed on both sides go to the conflict queue; a
supervisor settles them, and the decision travels on as a new version that contains both.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

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
)
from kod_desk.domain.timeutil import utcnow
from kod_desk.services.backups import BackupService
from kod_desk.services.base import LEADERS, DbSession, Op, Result, Service, ServiceContext, require
from kod_desk.services.sync import anchor
from kod_desk.services.sync.importer import ENTITIES, PackageImport, Progress, touched
from kod_desk.storage.repos import audit
from kod_desk.storage.repos import sync as repo
from kod_desk.storage.repos import sync_rows as rows

if TYPE_CHECKING:  # cryptography is imported only when a package is written or read
    from kod_desk.services.sync.envelope import Recipient
    from kod_desk.services.sync.reader import PackageReader
    from kod_desk.storage import models as m

# Heads of earlier exports whose hash a package confirms (one line each in the manifest).
_CHECKPOINTS = 5000
_IMPORT = "Synchronisationspakete einspielen"


class SyncService(Service):
    def __init__(
        self,
        context: ServiceContext,
        backups: BackupService,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        super().__init__(context)
        self._backups = backups
        self._clock = clock

    # ------------------------------------------------------------ station and trust

    def ensure_key(self) -> None:
        """Make this station's signing key (Ed25519) and encryption key (X25519) where it has
        none yet (first start; the encryption key also after the upgrade to db 0008)."""
        with self._read() as session:
            station = repo.station(session)
            if station.public_key and station.enc_public_key:
                return
        # cryptography: only now
        from kod_desk.services.sync.envelope import new_encryption_key_pair
        from kod_desk.services.sync.package import new_key_pair

        signing, encryption = new_key_pair(), new_encryption_key_pair()
        with self._op("sync.create_key") as op:
            made = repo.add_station_keys(op.session, signing, encryption)
            if made is None:
                return  # another window made them meanwhile
            before, after = made
            op.audit(
                "create_key",
                "station",
                repo.station(op.session).id,
                None if before is None else {"fingerprint": before},
                {"fingerprint": after},
            )
            op.touch(Entity.STATION)

    def station(self) -> ds.StationInfo:
        with self._read() as session:
            station = repo.station(session)
            return ds.StationInfo(station.id, station.name, repo.fingerprint_of(station))

    def export_key(self) -> bytes:
        """This station's public key file, for the admin of another station."""
        self.ensure_key()
        with self._read() as session:
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
        with self._read() as session:
            return [repo.peer_info(p) for p in repo.peers(session)]

    def trust(self, data: bytes) -> Result[ds.PeerInfo]:
        """Trust the station of this key file (after its fingerprint was compared by phone)."""
        key = decode_key_file(data)
        with self._op("sync.trust", roles=(Role.ADMIN,), action="Stationen vertrauen") as op:
            if key.station_id == self._db.station_id:
                raise UserError("Das ist der Schlüssel dieser Station selbst.")
            before, after = repo.trust_peer(
                op.session, key.station_id, key.station_name, key.public_key, key.enc_public_key
            )
            op.audit(
                "trust_station",
                "peer_station",
                key.station_id,
                None if before is None else {"fingerprint": before.fingerprint},
                {"name": key.station_name, "fingerprint": key.fingerprint},
            )
            op.touch(Entity.STATION, ids=[key.station_id])
            return op.result(after)

    def revoke(self, peer_id: str) -> Result[ds.PeerInfo]:
        action = "Stationen das Vertrauen entziehen"
        with self._op("sync.revoke", roles=(Role.ADMIN,), action=action) as op:
            after = repo.update_peer(op.session, peer_id, trusted=False)
            if after is None:
                raise NotFoundError("Diese Station ist nicht eingetragen.")
            op.audit(
                "revoke_station", "peer_station", peer_id, {"trusted": True}, {"trusted": False}
            )
            op.touch(Entity.STATION, ids=[peer_id])
            return op.result(after)

    def set_office(self, peer_id: str, is_office: bool = True) -> Result[ds.PeerInfo]:
        """Mark a trusted station as the office (or no longer): the only station whose
        packages, imported by an administrator, may change roles, passwords and login state."""
        action = "die Station des Büros festlegen"
        with self._op("sync.set_office", roles=(Role.ADMIN,), action=action) as op:
            peer = repo.peer(op.session, peer_id)
            if peer is None:
                raise NotFoundError("Diese Station ist nicht eingetragen.")
            if is_office and not peer.trusted:
                raise UserError(
                    f"Der Station „{peer.name}“ wird nicht vertraut: erst ihren Schlüssel "
                    "prüfen und ihr vertrauen, dann sie als Büro festlegen."
                )
            before = bool(peer.is_office)
            after = repo.update_peer(op.session, peer_id, is_office=is_office)
            assert after is not None
            if before != is_office:
                op.audit(
                    "set_office_station",
                    "peer_station",
                    peer_id,
                    {"name": after.name, "is_office": before},
                    {"name": after.name, "is_office": is_office},
                )
            op.touch(Entity.STATION, ids=[peer_id])
            return op.result(after)

    def _trusted(self, station_id: str, public_key: bytes, enc_public_key: bytes) -> bool:
        with self._read() as session:
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
    ) -> Result[ds.ExportResult]:
        """What changed since the last export to ``peers`` (with ``everything``: all) as one
        package at ``path``, signed by this station and encrypted to each of ``peers``: only
        those stations can read or apply it."""
        from kod_desk.services.sync.package import PackageWriter
        from kod_desk.storage.migrations import head_revision

        peer_ids = [peers] if isinstance(peers, str) else list(dict.fromkeys(peers))
        if not peer_ids:
            raise UserError("Bitte mindestens eine Empfängerstation wählen.")
        self.ensure_key()
        with self._read() as session:
            station = repo.station(session)
            station_id = station.id
            recipients = [_recipient(session, peer_id) for peer_id in peer_ids]
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
        with self._op("sync.export") as op:
            now = self._clock()
            for peer_id in peer_ids:
                peer = repo.peer(op.session, peer_id)
                if peer is not None:
                    exported = max(peer.last_exported_seq, until)
                    repo.update_peer(
                        op.session, peer_id, last_exported_seq=exported, last_sync_at=now
                    )
            repo.log_package(
                op.session,
                package_id=manifest.package_id,
                direction="export",
                station_id=station_id,
                peer_id=peer_ids[0] if len(peer_ids) == 1 else None,
                seq_from=since,
                seq_to=until,
                counts=counts,
                at=now,
            )
            op.audit(
                "sync_export",
                "sync_package_log",
                manifest.package_id,
                None,
                {
                    "peers": peer_ids,
                    "records": total,
                    "seq_from": since,
                    "seq_to": until,
                    "audit_head": {"seq": head_seq, "hash": head_hash},
                },
            )
            op.touch(Entity.STATION, ids=peer_ids)  # the peers' "letzter Austausch"
            result = op.result(ds.ExportResult(manifest.package_id, total, counts, since, until))
        if progress is not None:
            progress(total, total)
        return result

    # ------------------------------------------------------------ import

    def _reader(self, path: Path) -> PackageReader:
        from kod_desk.services.sync.reader import PackageReader
        from kod_desk.storage.migrations import head_revision

        self.ensure_key()
        with self._read() as session:
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
    def _open(reader: PackageReader) -> Manifest:
        """Every check of the reader, and change numbers that fit the database (fuzz test,
        issue 8: a signed manifest with "seq_to": 2**70 crashed the import log with an
        OverflowError instead of being refused). The limit is that of an INTEGER column on
        PostgreSQL, where the sequence numbers are stored too."""
        manifest = reader.open()
        if max(manifest.seq_from, manifest.seq_to) > 2**31 - 1:
            raise SyncRefused(
                "Das Feld „seq_to“ im Manifest ist ungültig (Änderungsnummer zu groß)."
            )
        return manifest

    def _importer(self, reader: PackageReader, manifest: Manifest) -> PackageImport:
        return PackageImport(
            reader, manifest, station_id=self._db.station_id, role=self._context.role
        )

    def inspect(self, path: Path, progress: Progress | None = None) -> ds.ImportPreview:
        """Check the whole package and count what applying it would do; writes nothing."""
        with self._reader(path) as reader:
            manifest = self._open(reader)
            with self._read() as session:
                applied = repo.package_logged(session, manifest.package_id, "import")
                pristine = rows.is_pristine(session)
                counts = self._importer(reader, manifest).count(session, progress, pristine)
        return _preview(manifest, counts, applied)

    def import_package(
        self, path: Path, progress: Progress | None = None
    ) -> Result[ds.ImportResult]:
        """Apply the package in one write operation after a backup; a package applied before
        changes nothing. A refusal changes nothing either and is written to the audit log.
        Only supervisors and administrators import; officers may only export."""
        # Checked before the package is read and the backup made (the write checks it again).
        require(self._context, *LEADERS, action=_IMPORT)
        try:
            return self._import(path, progress)
        except SyncRefused as refusal:
            self._audit_refusal(path, refusal)
            raise

    def _import(self, path: Path, progress: Progress | None) -> Result[ds.ImportResult]:
        with self._reader(path) as reader:
            manifest = self._open(reader)
            applied_before = Result(
                ds.ImportResult(_preview(manifest, {}, True), applied=False), Changes()
            )
            with self._read() as session:
                if repo.package_logged(session, manifest.package_id, "import"):
                    return applied_before
                pristine = rows.is_pristine(session)
            importer = self._importer(reader, manifest)
            # The master data is checked before anything is written (a new station's defaults
            # give way to it); every other record is checked as it is applied, inside the one
            # transaction: the first bad record rolls all of it back.
            keys = importer.master_keys(collect=pristine)
            backup = self._backups.before("vor-synchronisation")
            now = self._clock()
            with self._op("sync.import", roles=LEADERS, action=_IMPORT) as op:
                if repo.package_logged(op.session, manifest.package_id, "import"):
                    return applied_before
                if keys and rows.is_pristine(op.session):
                    rows.give_way(op.session, keys)
                counts, written = importer.apply(op, now, progress)
                missing = self._log_import(op, manifest, counts, now)
                finding = anchor.record_head(op, manifest, now)
                # A bulk change: the kinds it touched, anywhere (no ids); the peer's numbers.
                op.touch(*touched(written | set(keys)).entities)
                op.touch(Entity.STATION, ids=[manifest.station_id])
                return op.result(
                    ds.ImportResult(
                        _preview(manifest, counts, False),
                        applied=True,
                        backup=str(backup or ""),
                        missing=missing,
                        audit_finding=finding,
                    )
                )

    def peer_audits(self) -> list[da.PeerAuditReport]:
        """:meth:`peer_audit` of every station that ever sent a package or is trusted."""
        require(self._context, Role.ADMIN, action="Protokolle anderer Stationen prüfen")
        with self._read() as session:
            ids = [p.id for p in repo.peers(session)]
        return [self.peer_audit(peer_id) for peer_id in ids]

    def peer_audit(self, wanted: str) -> da.PeerAuditReport:
        """Whether the station ``wanted`` (name or id) kept extending every audit head its
        packages carried (``kod-desk audit verify --peer``, the Verwaltung page)."""
        require(self._context, Role.ADMIN, action="Protokolle anderer Stationen prüfen")
        with self._read() as session:
            return anchor.peer_report(session, wanted)

    def _log_import(
        self, op: Op, manifest: Manifest, counts: dict[str, ds.TableCounts], now: datetime
    ) -> tuple[int, int] | None:
        """Log the package, move on the peer's change numbers; the range of the sender's
        changes that is still missing (a package of theirs was lost), if any."""
        summary = {table: {k: v for k, v in vars(c).items() if v} for table, c in counts.items()}
        missing: tuple[int, int] | None = None
        peer = repo.peer(op.session, manifest.station_id)
        if peer is not None:
            imported, exported = peer.last_imported_seq, peer.last_exported_seq
            if manifest.seq_from <= imported:
                imported = max(imported, manifest.seq_to)
            else:  # a gap: what we hold without one stays where it was
                missing = (imported, manifest.seq_from)
            acked = manifest.acked_seq
            if manifest.recipient_id == self._db.station_id and acked is not None:
                # They lack some of what we sent (a package was lost): send it again next time.
                exported = min(exported, acked)
            repo.update_peer(
                op.session,
                manifest.station_id,
                last_imported_seq=imported,
                last_exported_seq=exported,
                last_sync_at=now,
            )
        repo.log_package(
            op.session,
            package_id=manifest.package_id,
            direction="import",
            station_id=manifest.station_id,
            peer_id=manifest.station_id,
            seq_from=manifest.seq_from,
            seq_to=manifest.seq_to,
            counts=summary,
            at=now,
        )
        op.audit(
            "sync_import",
            "sync_package_log",
            manifest.package_id,
            None,
            {"station": manifest.station_name, "counts": summary, "missing": missing},
        )
        return missing

    def _audit_refusal(self, path: Path, refusal: SyncRefused) -> None:
        try:
            with self._op("sync.refused") as op:
                op.audit(
                    "sync_refused",
                    "sync_package_log",
                    str(uuid.uuid4()),
                    None,
                    {"file": path.name, "reason": refusal.message},
                )
        except UserError:
            pass  # the refusal itself is what the user must see

    # ------------------------------------------------------------ conflicts

    def conflicts(self) -> list[ds.ConflictView]:
        with self._read() as session:
            found = repo.conflicts(session)
            sources = repo.package_sources(session, {c.package_id for c in found})
            return [_view(c, sources.get(c.package_id, "")) for c in found]

    def resolve(
        self,
        conflict_id: str,
        choice: ds.Choice,
        theirs_fields: frozenset[str] = frozenset(),
    ) -> Result[ds.ConflictView]:
        """Settle a conflict: keep ours, take theirs, or take ``theirs_fields`` from theirs
        and the rest from ours. The result is a new local version containing both sides."""
        now = self._clock()
        action = "Synchronisationskonflikte entscheiden"
        with self._op("sync.resolve", roles=LEADERS, action=action) as op:
            session = op.session
            conflict = repo.get_conflict(session, conflict_id)
            if conflict is None or conflict.resolved_at is not None:
                raise NotFoundError("Dieser Konflikt ist schon entschieden oder gibt es nicht.")
            view = _view(conflict)
            spec = repo.table_specs()[conflict.table_name]
            current = rows.local_rows(
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
            op.audit(
                "sync_resolve",
                conflict.table_name,
                conflict.row_id,
                {k: view.ours.get(k) for k in view.differing},
                {k: (view.theirs if k in taken else view.ours).get(k) for k in view.differing},
                reason=f"{how}: {', '.join(sorted(taken)) or 'unsere Fassung'}",
            )
            # What the office's version brought, field by field.
            reason = "Synchronisationskonflikt: Fassung des Büros"
            for change in carried:
                before, after = change.audit()
                op.audit(change.action, change.table, change.row_id, before, after, reason)
            op.touch(*ENTITIES[conflict.table_name], ids=[conflict.row_id])
            return op.result(view)


def _recipient(session: DbSession, peer_id: str) -> Recipient:
    from kod_desk.services.sync.envelope import Recipient

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
    return Recipient(peer.id, bytes(peer.enc_public_key))


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
