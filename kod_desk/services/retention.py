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
from kod_desk.services.backups import (
    PURGE_REASON,
    BackupPurge,
    backup_before,
    backups_holding,
    purge_backups,
)
from kod_desk.services.base import Changes, Entity, Result, ServiceContext, audit_change, require
from kod_desk.storage.repos import audit
from kod_desk.storage.repos import retention as repo
from kod_desk.storage.repos import settings as settings_repo

SETTING_KEY = "retention"  # app_setting {"months": int}; default dr.DEFAULT_MONTHS
PURGE_ACTION = "purge_personal_data"
SYSTEM_ACTOR = "system"


def _today() -> date:
    return utcnow().astimezone(BERLIN).date()


class RetentionService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def policy(self) -> dr.RetentionPolicy:
        with self._context.db.read() as session:
            return dr.RetentionPolicy.from_dict(settings_repo.get(session, SETTING_KEY))

    def set_policy(self, months: int) -> Result[dr.RetentionPolicy]:
        """Change the period (administrators only); audited like every setting."""
        require(self._context, Role.ADMIN, action="Die Aufbewahrungsfrist ändern")
        policy = dr.check_months(months)
        with self._context.db.write(self._context.actor) as session:
            before = settings_repo.get(session, SETTING_KEY)
            settings_repo.put(session, SETTING_KEY, policy.to_dict())
            audit_change(
                self._context,
                session,
                "update",
                "app_setting",
                SETTING_KEY,
                before,
                policy.to_dict(),
            )
        return Result(policy, Changes.of(Entity.SETTINGS))

    def preview(self, today: date | None = None) -> dr.RetentionPreview:
        """What a purge would do now, to the database and to the backups; reads only."""
        return self._preview(today or _today(), with_backups=True)

    def _preview(self, day: date, *, with_backups: bool) -> dr.RetentionPreview:
        with self._context.db.read() as session:
            policy = dr.RetentionPolicy.from_dict(settings_repo.get(session, SETTING_KEY))
            found = repo.candidates(session, policy.cutoff_utc(day))
            person_ids: set[str] = set()
            if found and with_backups and self._context.db.is_sqlite:
                due = [c.incident_id for c in found]
                person_ids = {*repo.persons_holding_data(session, due)}
                person_ids.update(repo.purged_person_ids(session))
        backups = backups_holding(self._context, person_ids)
        return dr.summarize(
            found,
            policy,
            day,
            backups_rewritten=len(backups.rewritten),
            backups_removed=len(backups.removed),
        )

    def run(self, today: date | None = None) -> Result[dr.RetentionResult]:
        """Purge what is due now, on an administrator's demand (Verwaltung page)."""
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
        with self._context.db.write(actor) as session:
            policy = dr.RetentionPolicy.from_dict(settings_repo.get(session, SETTING_KEY))
            repo.overwrite_freed_space(session)
            reason = f"Aufbewahrungsfrist abgelaufen ({policy.months} Monate nach Abschluss)."
            for candidate in repo.candidates(session, policy.cutoff_utc(day)):
                person_ids = repo.purge(session, candidate.incident_id, now)
                audit.append(
                    session,
                    actor=actor,
                    action=PURGE_ACTION,
                    table_name="incident",
                    row_id=candidate.incident_id,
                    after={
                        "person_ids": person_ids,
                        "closed_at": candidate.closed_at.isoformat(),
                        "cutoff": policy.cutoff(day).isoformat(),
                    },
                    reason=reason,
                )
                incidents += 1
                persons += len(person_ids)
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
        return Result(result, Changes.of(Entity.INCIDENTS))

    def _backup(self) -> Path | None:
        return backup_before(self._context, PURGE_REASON)

    def _purge_backups(self, now: datetime) -> BackupPurge:
        """Every purged person (this purge's and any earlier one's) out of the older backups."""
        if not self._context.db.is_sqlite:
            return BackupPurge()
        with self._context.db.read() as session:
            purged = repo.purged_person_ids(session)
        return purge_backups(self._context, purged, now)
