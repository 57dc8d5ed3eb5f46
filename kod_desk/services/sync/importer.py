"""Applying one checked package (issue 8, DESIGN.md §8): records table by table, in batches.

Every record is decoded and checked against the whitelist of its table's columns as it is read
(domain/sync_check: the table's compiled check, which leaves every doubt to
domain/sync.check_record and domain/sync_rules) and, on SQLite, turned into the row it is stored
as in the same pass; each batch is then planned against our rows
(insert, update, merge of version vectors, conflict, nothing) and applied through the repository
(storage/repos/sync_rows.py) inside the sync service's one write operation: the first bad record
raises and rolls all of it back. :meth:`PackageImport.count` plans the same batches without
writing (the preview).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from kod_desk.domain import sync as ds
from kod_desk.domain import sync_rules as rules
from kod_desk.domain.changes import Changes, Entity
from kod_desk.domain.enums import Role
from kod_desk.domain.sync_check import Store, record_check
from kod_desk.domain.sync_format import Manifest, SyncRefused
from kod_desk.services.base import DbSession, Op
from kod_desk.storage.repos import incidents
from kod_desk.storage.repos import sync as repo
from kod_desk.storage.repos import sync_rows as rows

if TYPE_CHECKING:  # cryptography is imported only when a package is read
    from kod_desk.services.sync.reader import PackageReader

Progress = Callable[[int, int], None]  # records done, records in all
Row = tuple[Any, ...] | None  # a checked record as stored (sync_rows.stored_forms), if known
# Unique keys of a new station's master data: table → key columns → key values → incoming id.
MasterKeys = dict[str, dict[tuple[str, ...], dict[tuple[Any, ...], str]]]


# What a page shows of each table (domain/changes.py): a package names the kinds it touched.
ENTITIES: dict[str, tuple[Entity, ...]] = {
    "app_setting": (Entity.SETTINGS,),
    "officer": (Entity.OFFICERS,),
    "area": (Entity.AREAS,),
    "catalog_entry": (Entity.CATALOG,),
    "shift_template": (Entity.TEMPLATES,),
    "roster_week": (Entity.SHIFTS,),
    "shift": (Entity.SHIFTS,),
    "assignment": (Entity.SHIFTS,),
    "absence": (Entity.ABSENCES,),
    "bike": (Entity.BIKES,),
    "bike_checkout": (Entity.BIKES, Entity.SHIFTS),
    "bike_service": (Entity.BIKES,),
    "incident": (Entity.INCIDENTS,),
    "incident_officer": (Entity.INCIDENTS,),
    "incident_measure": (Entity.INCIDENTS,),
    "incident_person": (Entity.INCIDENTS,),
    "incident_note": (Entity.INCIDENTS,),
    "attachment": (Entity.INCIDENTS,),
    "investigation_case": (Entity.CASES, Entity.INCIDENTS),
}


def touched(tables: Iterable[str]) -> Changes:
    """The kinds these tables' rows show as, anywhere (a package is a bulk change)."""
    return Changes.of(*{entity for name in tables for entity in ENTITIES[name]})


@dataclass
class Plan:
    """One batch sorted by what it does."""

    inserts: list[dict[str, Any]] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)  # the inserts as stored, where known
    updates: list[dict[str, Any]] = field(default_factory=list)
    merges: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    conflicts: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    superseded: list[str] = field(default_factory=list)
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

    def writes(self) -> bool:
        return bool(self.inserts or self.updates or self.merges or self.conflicts)


class _NewTable:
    """A table that held no row when the import began (a new station's first package): its
    rows are then only those this import wrote, so a record whose id and unique keys came in
    no earlier record of the package cannot meet a row of ours, and the database need not be
    asked (bench sync: looking up 400,000 ids and keys cost about a tenth of the import). The
    keys seen are kept as rules.IdSet (8 bytes each); a "maybe" asks the database as before.
    """

    def __init__(self, table: str, expected: int) -> None:
        self._keys = [(key, rules.IdSet(expected)) for key in repo.natural_keys(table)]

    def keys_maybe_seen(self, records: list[dict[str, Any]]) -> bool:
        """Note the records' unique keys; whether one may have come before (or comes twice)."""
        maybe = False
        for key, seen in self._keys:
            add = seen.add
            for record in records:
                values = tuple([record.get(c) for c in key])
                if None not in values and add(values):
                    maybe = True
        return maybe


class PackageImport:
    """The records of one opened package, checked, planned and applied (one pass: either
    :meth:`count` or :meth:`apply`)."""

    def __init__(
        self, reader: PackageReader, manifest: Manifest, *, station_id: str, role: Role
    ) -> None:
        self._reader = reader
        self._manifest = manifest
        self._station_id = station_id
        self._role = role
        self._total = sum(entry.records for entry in manifest.members)
        # Tables empty when first planned (None: they held rows), and tables in which an id
        # may have come twice so far (checked's suspects): see _NewTable.
        self._new_tables: dict[str, _NewTable | None] = {}
        self._suspected: set[str] = set()

    # ------------------------------------------------------------ reading and checking

    def checked(
        self, table: str, store: Store | None = None
    ) -> Iterator[tuple[dict[str, Any], Row]]:
        """The table's records, decoded, each checked against the whitelist of its columns
        (domain/sync_check, domain/sync.check_record, domain/sync_rules), with the row it is
        stored as when ``store`` says how (else None); an id twice in one table is refused."""
        spec = repo.table_specs()[table]
        check = record_check(spec, store)
        # Eight bytes per record (rules.IdSet) instead of a set of every id (100+ bytes each):
        # the import's memory hardly grows with the package (bench sync). An id the set may
        # have seen is kept as a suspect; only then a second pass over the table counts them.
        entry = self._manifest.member(table)
        maybe_seen = rules.IdSet(entry.records if entry is not None else 0)
        suspects: set[str] = set()
        add = maybe_seen.add
        self._suspected.discard(table)
        for record in self._reader.records(table):
            decoded, row, problems = check(record)
            if problems:
                raise SyncRefused(f"Ein Datensatz ist ungültig – Paket abgelehnt: {problems[0]}.")
            if add(decoded["id"]):
                suspects.add(decoded["id"])
                self._suspected.add(table)
            yield decoded, row
        if suspects:  # the caller rolls back what it did with the records
            found: set[str] = set()
            for record in self._reader.records(table):
                row_id = str(record.get("id"))
                if row_id not in suspects:
                    continue
                if row_id in found:
                    raise SyncRefused(
                        f"Das Paket enthält den Datensatz {spec.label} {row_id} zweimal – "
                        "Paket abgelehnt."
                    )
                found.add(row_id)

    def master_keys(self, *, collect: bool) -> MasterKeys:
        """Check the master data's records; with ``collect``, their unique keys (what a new
        station's defaults give way to)."""
        keys: MasterKeys = {}
        for table in self._manifest.tables:
            if table not in rows.MASTER:
                continue
            for record, _row in self.checked(table):
                if not collect:
                    continue
                for key, values in rows.natural_key_values(table, record):
                    if None not in values:
                        keys.setdefault(table, {}).setdefault(key, {})[values] = record["id"]
        return keys

    def _batches(
        self, table: str, store: Store | None = None
    ) -> Iterator[tuple[list[dict[str, Any]], list[Row]]]:
        """The checked records in batches, with their stored rows (see :meth:`checked`)."""
        size = repo.batch_size(table)
        batch: list[dict[str, Any]] = []
        stored: list[Row] = []
        for record, row in self.checked(table, store):
            batch.append(record)
            stored.append(row)
            if len(batch) >= size:
                yield batch, stored
                batch, stored = [], []
        if batch:
            yield batch, stored

    def _tables(self) -> Iterator[str]:
        """The package's tables, parents before children."""
        present = set(self._manifest.tables)
        for t in repo.synced_tables():
            if t.name in present:
                yield t.name

    # ------------------------------------------------------------ planning

    def plan(
        self,
        session: DbSession,
        table: str,
        batch: list[dict[str, Any]],
        pristine: bool = False,
        stored: list[Row] | None = None,
    ) -> Plan:
        ours, twins = self._ours_and_twins(session, table, batch)
        plan = Plan()
        if not ours and not twins and table not in rules.PROTECTED_TABLES:
            # Every record is new here and none touches a protected column: all inserts, as
            # the loop below would find one by one (a first package of 100,000 incidents).
            plan.inserts = list(batch)
            plan.rows = list(stored) if stored is not None else [None] * len(batch)
            return plan
        for record, row in zip(batch, stored or [None] * len(batch), strict=True):
            twin = twins.get(record["id"])
            if twin is not None and pristine and table in rows.MASTER:
                plan.inserts.append(record)  # a new station's default gives way (give_way)
                plan.rows.append(row)
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
                plan.rows.append(row)
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

    def _ours_and_twins(
        self, session: DbSession, table: str, batch: list[dict[str, Any]]
    ) -> tuple[dict[str, dict[str, Any]], dict[str, rows.Twin]]:
        """Our rows of the batch's ids, and our twins of its new records (rows.twins)."""
        station_id = self._station_id
        if table not in self._new_tables:  # the table's first batch: before anything is written
            entry = self._manifest.member(table)
            expected = entry.records if entry is not None else 0
            empty = not rows.holds_rows(session, table)
            self._new_tables[table] = _NewTable(table, expected) if empty else None
        # Once an id may have come twice, the table is asked as any other (and refused at
        # the end of checked if it did).
        new_table = self._new_tables[table] if table not in self._suspected else None
        if new_table is not None:
            ours: dict[str, dict[str, Any]] = {}  # no id of the batch came before
        else:
            ours = rows.local_rows(session, table, [r["id"] for r in batch], station_id)
        new = [r for r in batch if r["id"] not in ours] if ours else batch
        if new_table is not None and not new_table.keys_maybe_seen(new):
            twins: dict[str, rows.Twin] = {}  # no unique key of the batch came before
        else:
            twins = rows.twins(session, table, new, station_id)
        return ours, twins

    def guard(self, session: DbSession, plan: Plan) -> None:
        """Refuse the package if it changes roles, passwords or login state and does not come
        from the office imported by an administrator (DESIGN.md §8)."""
        if not plan.protected:
            return
        peer = repo.peer(session, self._manifest.station_id)
        from_office = peer is not None and bool(peer.trusted) and bool(peer.is_office)
        if not (from_office and self._role is Role.ADMIN):
            raise SyncRefused(plan.protected[0].refusal)

    # ------------------------------------------------------------ counting and applying

    def count(
        self, session: DbSession, progress: Progress | None, pristine: bool
    ) -> dict[str, ds.TableCounts]:
        """What applying the package would do, table by table; writes nothing."""
        done = 0
        counts: dict[str, ds.TableCounts] = {}
        for table in self._tables():
            tally = counts.setdefault(table, ds.TableCounts())
            for batch, _stored in self._batches(table):
                plan = self.plan(session, table, batch, pristine)
                self.guard(session, plan)
                plan.count_into(tally, len(batch), len(plan.conflicts))
                done += len(batch)
                if progress is not None:
                    progress(done, self._total)
        return counts

    def apply(
        self, op: Op, now: datetime, progress: Progress | None
    ) -> tuple[dict[str, ds.TableCounts], set[str]]:
        """Apply every record inside ``op``: the counts per table and the tables written to.

        The documented exception of the one write operation: the records keep the sender's
        sync columns (version, times, author, origin, version vector) — see
        storage/repos/sync_rows.keep_sender_columns.
        """
        session = op.session
        rows.keep_sender_columns(session)
        done = 0
        counts: dict[str, ds.TableCounts] = {}
        written: set[str] = set()
        # The full-text index follows by hand, once per incident, instead of by its
        # triggers once per row and note (storage/repos/incidents.fulltext_by_hand).
        manifest = self._manifest
        by_hand = rows.FULLTEXT_TABLES & set(manifest.tables)
        entry = manifest.member("incident")
        incoming = entry.records if entry is not None else 0
        store = rows.stored_forms(session)
        with (
            rows.bulk_cache(session),
            incidents.fulltext_by_hand(session, incoming) if by_hand else nullcontext() as fulltext,
        ):
            for table in self._tables():
                tally = counts.setdefault(table, ds.TableCounts())
                for batch, stored in self._batches(table, store):
                    if self._apply_batch(op, table, (batch, stored), now, tally, fulltext):
                        written.add(table)
                    done += len(batch)
                    if progress is not None:
                        progress(done, self._total)
        session.flush()
        return counts, written

    def _apply_batch(
        self,
        op: Op,
        table: str,
        checked: tuple[list[dict[str, Any]], list[Row]],
        now: datetime,
        tally: ds.TableCounts,
        fulltext: incidents.FulltextByHand | None,
    ) -> bool:
        """Plan and write one batch (records and their stored rows); whether it wrote
        anything."""
        session = op.session
        manifest = self._manifest
        batch, stored = checked
        plan = self.plan(session, table, batch, stored=stored)
        self.guard(session, plan)
        if fulltext is not None:
            rows.follow_fulltext(session, fulltext, table, plan.inserts, plan.updates)
        rows.insert_rows(session, table, plan.inserts, plan.rows)
        rows.update_rows(session, table, plan.updates)
        rows.merge_vectors(session, table, plan.merges)
        for row_id in plan.superseded:
            repo.supersede_conflict(session, table, row_id, now)
        queued = 0
        for ours, theirs in plan.conflicts:
            queued += repo.record_conflict(session, table, ours, theirs, manifest.package_id, now)
        plan.count_into(tally, len(batch), queued)
        # One audit entry per officer and protected field the office's version changed.
        reason = f"Synchronisation: Paket {manifest.package_id} von {manifest.station_name}"
        for change in plan.protected:
            before, after = change.audit()
            op.audit(change.action, change.table, change.row_id, before, after, reason)
        return plan.writes()
