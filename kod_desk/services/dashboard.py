"""The Übersicht: who is on duty, bikes, open incidents, overdue orders, warnings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from kod_desk.domain import bikes as bk
from kod_desk.domain import dashboard as dd
from kod_desk.domain.timeutil import to_local, utcnow
from kod_desk.services.base import Service, ServiceContext
from kod_desk.storage.repos import bikes as bikes_repo
from kod_desk.storage.repos import dashboard as repo


class DashboardService(Service):
    def __init__(self, context: ServiceContext, clock: Callable[[], datetime] = utcnow) -> None:
        super().__init__(context)
        self._clock = clock

    def snapshot(self, now: datetime | None = None) -> dd.Dashboard:
        now = now or self._clock()
        today = to_local(now).date()
        with self._read() as session:
            today_duties = repo.duties_on(session, today)
            on_duty_now = [d for d in today_duties if d.starts_at <= now < d.ends_at]
            # A night duty of yesterday can still be running this morning.
            seen = {d.shift_id for d in on_duty_now}
            for duty in repo.duties_between(session, now, now + timedelta(seconds=1)):
                if duty.shift_id not in seen:
                    on_duty_now.append(duty)
            bikes_out = repo.bikes_out(session)
            fleet = bikes_repo.list_bikes(session, include_retired=False)
            open_count, recent = repo.open_incident_counts(session, now - timedelta(hours=24))
            overdue = repo.overdue_cases(session, today)
            conflicts = repo.open_sync_conflicts(session)
            is_empty = not repo.has_officers(session)
        warnings: list[dd.Warning] = []
        for duty in today_duties:
            if duty.ends_at <= now:
                continue
            when = f"{to_local(duty.starts_at):%H:%M}–{to_local(duty.ends_at):%H:%M}"
            where = f" {duty.area}" if duty.area else ""
            if duty.understaffed:
                warnings.append(
                    dd.Warning(
                        "error",
                        f"{duty.kind.label}{where} {when}: {len(duty.crew)} von "
                        f"{duty.min_staff} Dienstkräften eingeteilt.",
                    )
                )
        for row in bikes_out:
            if row.due_back is not None and row.is_overdue(now):
                warnings.append(
                    dd.Warning(
                        "warning",
                        f"Fahrrad {row.inventory_no} ist überfällig (Rückgabe geplant "
                        f"{to_local(row.due_back):%d.%m. %H:%M}, {row.officer}).",
                    )
                )
        unusable = [
            dd.BikeIssueRow(b.inventory_no, b.condition, b.note) for b in fleet if not b.is_usable
        ]
        inspections = _inspections_due(fleet, today)
        warnings.extend(dd.Warning("warning", row.message) for row in inspections)
        if overdue:
            text = (
                "1 Ermittlungsauftrag ist überfällig."
                if len(overdue) == 1
                else f"{len(overdue)} Ermittlungsaufträge sind überfällig."
            )
            warnings.append(dd.Warning("warning", text))
        if conflicts:
            text = (
                "1 Datensatz wurde hier und an einer anderen Station geändert und wartet auf "
                "eine Entscheidung (Seite Synchronisation)."
                if conflicts == 1
                else f"{conflicts} Datensätze wurden hier und an einer anderen Station geändert "
                "und warten auf eine Entscheidung (Seite Synchronisation)."
            )
            warnings.append(dd.Warning("warning", text))
        return dd.Dashboard(
            as_of=now,
            today=today,
            on_duty_now=tuple(sorted(on_duty_now, key=lambda d: d.starts_at)),
            today_duties=tuple(today_duties),
            bikes_out=tuple(bikes_out),
            bikes_unusable=tuple(unusable),
            open_incidents=open_count,
            incidents_last_24h=recent,
            overdue_cases=tuple(overdue),
            warnings=tuple(warnings),
            is_empty=is_empty,
            inspections_due=tuple(inspections),
        )


def _inspections_due(bikes: list[bk.Bike], today: date) -> list[dd.InspectionDueRow]:
    """Overdue inspections first, then those due soon: the fleet page's rule (inspection_due)."""
    rows = []
    for bike in bikes:
        status = bk.inspection_due(bike, today)
        if status.state is bk.InspectionState.OK:
            continue
        rows.append(
            dd.InspectionDueRow(
                bike.id,
                bike.inventory_no,
                status.state,
                status.message,
                bike.next_inspection_on,
                bike.next_inspection_km,
            )
        )
    overdue_first = {bk.InspectionState.OVERDUE: 0, bk.InspectionState.SOON: 1}
    rows.sort(key=lambda r: (overdue_first[r.state], r.due_on or date.max, r.inventory_no))
    return rows
