"""The audit log for administrators: verify the chain, list and filter entries (DESIGN.md §10).

Reading the log is not itself logged; it holds no personal data (services keep names out).
"""

from __future__ import annotations

from kod_desk.domain.audit import AuditFilter, AuditRecord, AuditVerification
from kod_desk.domain.enums import Role
from kod_desk.services.base import Service, require
from kod_desk.storage.repos import audit as repo

MAX_LIMIT = 10_000


class AuditService(Service):
    def _check(self) -> None:
        require(self._context, Role.ADMIN, action="Das Protokoll einsehen oder prüfen")

    def verify(self) -> AuditVerification:
        """Check the whole hash chain; names the first broken entry."""
        self._check()
        with self._read() as session:
            return repo.verify(session)

    def recent(self, limit: int = 200, flt: AuditFilter | None = None) -> list[AuditRecord]:
        """The newest entries (newest first), narrowed by actor, action, table, record, time."""
        self._check()
        limit = max(1, min(limit, MAX_LIMIT))
        with self._read() as session:
            return repo.records(session, flt or AuditFilter(), limit)

    def entries_for(self, table_name: str, row_id: str) -> list[AuditRecord]:
        """Every entry about one record, oldest first."""
        self._check()
        with self._read() as session:
            rows = repo.records(
                session, AuditFilter(table_name=table_name, row_id=row_id), MAX_LIMIT
            )
        return rows[::-1]

    def filter_choices(self) -> tuple[list[str], list[str], list[str]]:
        """Actors, actions and tables that occur in the log."""
        self._check()
        with self._read() as session:
            return repo.distinct_values(session)
