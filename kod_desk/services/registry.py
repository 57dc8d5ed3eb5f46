"""All services of one open database, built once by the composition root (app.py, cli.py)."""

from __future__ import annotations

from dataclasses import dataclass

from kod_desk.domain.enums import Role
from kod_desk.services.audit import AuditService
from kod_desk.services.auth import AuthService
from kod_desk.services.backups import BackupService
from kod_desk.services.base import ServiceContext
from kod_desk.services.bikes import BikeService
from kod_desk.services.cases import CaseService
from kod_desk.services.dashboard import DashboardService
from kod_desk.services.exports import ExportService
from kod_desk.services.incidents import IncidentService
from kod_desk.services.masterdata import MasterDataService
from kod_desk.services.reports import ReportService
from kod_desk.services.retention import RetentionService
from kod_desk.services.roster import RosterService
from kod_desk.services.roster_io import RosterIOService
from kod_desk.services.roster_suggest import RosterSuggestService
from kod_desk.services.setup import SetupService
from kod_desk.services.statistics import StatisticsService
from kod_desk.services.sync import SyncService
from kod_desk.storage.database import Database


@dataclass(frozen=True)
class Services:
    context: ServiceContext
    auth: AuthService
    setup: SetupService
    masterdata: MasterDataService
    dashboard: DashboardService
    roster: RosterService
    roster_io: RosterIOService
    roster_suggest: RosterSuggestService
    bikes: BikeService
    incidents: IncidentService
    cases: CaseService
    audit: AuditService
    retention: RetentionService
    reports: ReportService
    statistics: StatisticsService
    exports: ExportService
    sync: SyncService
    backups: BackupService

    @classmethod
    def create(cls, db: Database, actor: str | None = None, role: Role = Role.ADMIN) -> Services:
        context = ServiceContext(db, actor, role)
        backups = BackupService(context)
        bikes = BikeService(context)
        roster = RosterService(context, bikes)
        statistics = StatisticsService(context)
        return cls(
            context=context,
            auth=AuthService(context),
            setup=SetupService(context),
            masterdata=MasterDataService(context),
            dashboard=DashboardService(context),
            roster=roster,
            roster_io=RosterIOService(context, backups),
            roster_suggest=RosterSuggestService(context, roster=roster),
            bikes=bikes,
            incidents=IncidentService(context),
            cases=CaseService(context),
            audit=AuditService(context),
            retention=RetentionService(context, backups),
            reports=ReportService(context, roster, statistics),
            statistics=statistics,
            exports=ExportService(context),
            sync=SyncService(context, backups),
            backups=backups,
        )

    @property
    def db(self) -> Database:
        return self.context.db

    def close(self) -> None:
        self.context.db.dispose()
