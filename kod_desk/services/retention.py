"""Retention of personal data: the period, what a purge would do, the purge (DESIGN.md §10).

Persons involved in incidents closed longer ago than the period are blanked (their role stays)
and marked deleted; the incident stays with ``personal_data_purged_at``. A verified backup comes
first (on SQLite), then one transaction purges and writes one audit entry per incident, naming
ids and counts only. Runs on start (app.py) and on demand (Verwaltung page, ``kod-desk
retention purge``). Afterwards every older backup that still holds a purged person is re-written
without it or removed (services/backups.py); the preview says how many, before.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from kod_desk.domain import retention as dr
from kod_desk.domain.enums import Role
from kod_desk.domain.timeutil import BERLIN, utcnow
from kod_desk.services.backups import PURGE_REASON, BackupPurge, BackupService
from kod_desk.services.base import Changes, Entity, Result, Service, ServiceContext, require
from kod_desk.storage.repos import retention as repo
from kod_desk.storage.repos import settings as settings_repo

SETTING_KEY = "retention"  # app_setting {"months": int}; default dr.DEFAULT_MONTHS
PURGE_ACTION = "purge_personal_data"
SYSTEM_ACTOR = "system"


def _today() -> date:
    return utcnow().astimezone(BERLIN).date()


class RetentionService(Service):
    def __init__(self, context: ServiceContext, backups: BackupService) -> None:
        super().__init__(context)
        self._backups = backups

    def policy(self) -> dr.RetentionPolicy:
        with self._read() as session:
            return dr.RetentionPolicy.from_dict(settings_repo.get(session, SETTING_KEY))

    def set_policy(self, months: int) -> Result[dr.RetentionPolicy]:
        """Change the period (administrators only); audited like every setting."""
        with self._op(
            "retention.set_policy", roles=(Role.ADMIN,), action="Die Aufbewahrungsfrist ändern"
        ) as op:
            policy = dr.check_months(months)
            before = settings_repo.get(op.session, SETTING_KEY)
            settings_repo.put(op.session, SETTING_KEY, policy.to_dict())
            op.audit("update", "app_setting", SETTING_KEY, before, policy.to_dict())
            op.touch(Entity.SETTINGS, ids=[SETTING_KEY])
            return op.result(policy)

    def preview(self, today: date | None = None) -> dr.RetentionPreview:
        """What a purge would do now, to the database and to the backups; reads only."""
        return self._preview(today or _today(), with_backups=True)

    def _preview(self, day: date, *, with_backups: bool) -> dr.RetentionPreview:
        with self._read() as session:
            policy = dr.RetentionPolicy.from_dict(settings_repo.get(session, SETTING_KEY))
            found = repo.candidates(session, policy.cutoff_utc(day))
            person_ids: set[str] = set()
            if found and with_backups and self._db.is_sqlite:
                due = [c.incident_id for c in found]
                person_ids = {*repo.persons_holding_data(session, due)}
                person_ids.update(repo.purged_person_ids(session))
        backups = self._backups.holding(person_ids)
        return dr.summarize(
            found,
            policy,
            day,
            backups_rewritten=len(backups.rewritten),
            backups_removed=len(backups.removed),
        )

    def run(self, today: date | None = None) -> Result[dr.RetentionResult]:
        """Purge what is due now, on an administrator's demand (Verwaltung page)."""
        # Checked here, not by the write: a refused purge makes no backup either.
        require(self._context, Role.ADMIN, action="Personendaten bereinigen")
        return self._purge(today or _today(), self._context.actor)

    def run_scheduled(self, today: date | None = None) -> Result[dr.RetentionResult]:
        """The purge on start: the system's duty, whoever logs in afterwards."""
        return self._purge(today or _today(), SYSTEM_ACTOR)

    def _purge(self, day: date, actor: str) -> Result[dr.RetentionResult]:
        """In one transaction after a verified backup; nothing due: nothing written."""
        preview = self._preview(day, with_backups=False)
        if preview.is_empty:
            return Result(dr.RetentionResult(preview.months, preview.cutoff, 0, 0), Changes())
        backup = self._backup()
        now = utcnow()
        incidents = persons = 0
        with self._op("retention.purge", actor=actor) as op:
            session = op.session
            policy = dr.RetentionPolicy.from_dict(settings_repo.get(session, SETTING_KEY))
            repo.overwrite_freed_space(session)
            reason = f"Aufbewahrungsfrist abgelaufen ({policy.months} Monate nach Abschluss)."
            for candidate in repo.candidates(session, policy.cutoff_utc(day)):
                person_ids = repo.purge(session, candidate.incident_id, now)
                op.audit(
                    PURGE_ACTION,
                    "incident",
                    candidate.incident_id,
                    after={
                        "person_ids": person_ids,
                        "closed_at": candidate.closed_at.isoformat(),
                        "cutoff": policy.cutoff(day).isoformat(),
                    },
                    reason=reason,
                )
                op.touch(Entity.INCIDENTS, ids=[candidate.incident_id])
                incidents += 1
                persons += len(person_ids)
            changes = op.changes
        cleaned = self._purge_backups(now)
        result = dr.RetentionResult(
            policy.months,
            policy.cutoff(day),
            incidents,
            persons,
            None if backup is None else str(backup),
            backups_rewritten=len(cleaned.rewritten),
            backups_removed=len(cleaned.removed),
            backups_failed=cleaned.failed,
        )
        return Result(result, changes)

    def _backup(self) -> Path | None:
        return self._backups.before(PURGE_REASON)

    def _purge_backups(self, now: datetime) -> BackupPurge:
        """Every purged person (this purge's and any earlier one's) out of the older backups."""
        if not self._db.is_sqlite:
            return BackupPurge()
        with self._read() as session:
            purged = repo.purged_person_ids(session)
        return self._backups.purge(purged, now)
