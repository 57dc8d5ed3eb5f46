"""The demo load itself: generates the rows of every table and writes them in bulk.

:class:`_DemoBuilder` adds missing areas and catalog entries, writes officers, absences, roster
weeks, a greedily planned roster with actual times, bikes with check-outs and services
(fleet.py), incidents (incidents.py) and investigation orders, all from one
``random.Random``. :class:`kod_desk.services.demo.DemoService` runs it in one transaction.
"""

from __future__ import annotations

import functools
import random
from datetime import date, datetime, time, timedelta
from typing import Any

from kod_desk.domain import masterdata as dm
from kod_desk.domain.enums import (
    AbsenceKind,
    CaseStatus,
    CatalogKind,
    Qualification,
    Role,
    ShiftKind,
    Unit,
)
from kod_desk.domain.timeutil import duty_bounds, local_to_utc
from kod_desk.services.auth import hash_password
from kod_desk.services.demo.fleet import write_bikes
from kod_desk.services.demo.incidents import _IncidentGenerator
from kod_desk.services.demo.state import (
    ACTOR,
    MAX_STREAK,
    MIN_REST,
    OVERTIME,
    ROSTER_WEEKS_AFTER,
    ROSTER_WEEKS_BEFORE,
    DemoSummary,
    Progress,
    _duties_for,
    _Duty,
    _Planned,
    _Staff,
)
from kod_desk.services.demo.texts import CASES, SITUATIONS
from kod_desk.services.demo.unit import (
    BAHNHOF,
    DEMO_ADMIN,
    DEMO_OFFICER,
    DEMO_OFFICER_NAME,
    ED_STAFF,
    EXTRA_AREAS,
    INNENSTADT,
    KOD_STAFF,
)
from kod_desk.services.setup import DEFAULT_AREAS
from kod_desk.storage.repos import bulk


@functools.cache
def _demo_hash(password: str) -> str:
    """The demo logins' argon2 hash, made once per process (about 0.15 s each).

    Each demo database still gets a salted argon2 hash; databases built by one process (the
    test suite builds hundreds) share the salt of their demo password, which is public anyway.
    """
    return hash_password(password)


class _DemoBuilder:
    """Generates and writes the demo rows; one instance per populate() call."""

    def __init__(
        self,
        rng: random.Random,
        today: date,
        now: datetime,
        writer: bulk.BulkInserter,
        progress: Progress | None,
    ) -> None:
        self.rng = rng
        self.today = today
        self.now = now
        self.writer = writer
        self.progress = progress
        self.ids = bulk.id_stream()
        self.areas: dict[str, dm.Area] = {}
        self.catalog: dict[tuple[CatalogKind, str], str] = {}
        self.templates: dict[str, str] = {}
        self.staff: list[_Staff] = []
        self.shifts: list[_Planned] = []
        self.areas_added = 0
        self.catalog_added = 0

    # ------------------------------------------------------------ master data

    def load_masterdata(
        self,
        areas: list[dm.Area],
        catalog: list[dm.CatalogEntry],
        templates: list[dm.ShiftTemplate],
    ) -> None:
        self.areas = {area.name: area for area in areas}
        self.catalog = {(entry.kind, entry.name): entry.id for entry in catalog}
        self.templates = {template.name: template.id for template in templates}

    def run(self, incidents: int) -> DemoSummary:
        self._ensure_areas()
        self._ensure_catalog()
        self._write_officers()
        absences = self._write_absences()
        weeks = self._write_roster_weeks()
        self._plan_roster()
        self._leave_open_places()
        assignments = self._write_roster()
        bikes, checkouts, services = write_bikes(self)
        counts, links = self._write_incidents(incidents)
        cases = self._write_cases(links)
        return DemoSummary(
            officers=len(self.staff),
            areas=self.areas_added,
            catalog_entries=self.catalog_added,
            bikes=bikes,
            roster_weeks=weeks,
            shifts=len(self.shifts),
            assignments=assignments,
            absences=absences,
            bike_checkouts=checkouts,
            bike_services=services,
            incidents=incidents,
            incident_officers=counts["officers"],
            incident_measures=counts["measures"],
            incident_notes=counts["notes"],
            incident_persons=counts["persons"],
            cases=cases,
        )

    def _ensure_areas(self) -> None:
        """Reuse areas of the same name (the defaults); add the demo's fear spaces."""
        existing = {name.casefold(): area for name, area in self.areas.items()}
        rows: list[dict[str, Any]] = []
        for draft in (*DEFAULT_AREAS, *EXTRA_AREAS):
            found = existing.get(draft.name.casefold())
            if found is not None:
                self.areas[draft.name] = found
                continue
            area_id = next(self.ids)
            rows.append(
                {
                    "id": area_id,
                    "name": draft.name,
                    "description": draft.description,
                    "is_fear_space": draft.is_fear_space,
                    "priority": draft.priority,
                    "video_periods": [p.to_json() for p in draft.video_periods],
                    "footage_retention_hours": draft.footage_retention_hours,
                    "active": True,
                    "short_code": draft.short_code,
                }
            )
            self.areas[draft.name] = dm.Area(
                area_id,
                draft.name,
                draft.description,
                draft.is_fear_space,
                draft.priority,
                draft.video_periods,
                draft.footage_retention_hours,
                True,
                1,
                draft.short_code,
            )
        self.areas_added = self.writer.insert("area", rows)

    def _ensure_catalog(self) -> None:
        """Every category, measure and department the texts name must exist; add missing ones."""
        wanted: list[tuple[CatalogKind, str]] = [
            (CatalogKind.INCIDENT_CATEGORY, name) for name in SITUATIONS
        ]
        for situations in SITUATIONS.values():
            for _text, reactions in situations:
                for _sentence, measures, _outcome in reactions:
                    wanted.extend((CatalogKind.MEASURE, name) for name in measures)
        wanted.extend((CatalogKind.DEPARTMENT, case[0]) for case in CASES)
        rows: list[dict[str, Any]] = []
        for kind, name in dict.fromkeys(wanted):
            if (kind, name) in self.catalog:
                continue
            entry_id = next(self.ids)
            self.catalog[(kind, name)] = entry_id
            rows.append(
                {
                    "id": entry_id,
                    "kind": kind.value,
                    "name": name,
                    "description": "",
                    "sort_order": 1000 + len(rows),
                    "active": True,
                }
            )
        self.catalog_added = self.writer.insert("catalog_entry", rows)

    def _write_officers(self) -> None:
        rng = self.rng
        rows: list[dict[str, Any]] = []
        for unit, prefix, base, staff in (
            (Unit.KOD, "K", 1000, KOD_STAFF),
            (Unit.INVESTIGATION, "E", 2000, ED_STAFF),
        ):
            numbers = sorted(rng.sample(range(base + 1, base + 100), len(staff)))
            for number, (last, first, role, hours, qualifications) in zip(
                numbers, staff, strict=True
            ):
                is_demo_admin = role is Role.ADMIN  # the demo logins (README "Anmeldung")
                login = (
                    DEMO_ADMIN
                    if is_demo_admin
                    else DEMO_OFFICER
                    if (last, first) == DEMO_OFFICER_NAME
                    else None
                )
                officer = _Staff(
                    id=next(self.ids),
                    service_number=login[0] if login else f"{prefix}-{number}",
                    unit=unit,
                    role=role,
                    bike_trained=Qualification.BIKE.value in qualifications,
                    weekly_target=max(2, round(hours / 8)),
                )
                self.staff.append(officer)
                rows.append(
                    {
                        "id": officer.id,
                        "service_number": officer.service_number,
                        "last_name": last,
                        "first_name": first,
                        "unit": unit.value,
                        "role": role.value,
                        "qualifications": list(qualifications),
                        "weekly_hours": hours,
                        "active": True,
                        "password_hash": _demo_hash(login[1]) if login else None,
                        "failed_logins": 0,
                        "locked_until": None,
                    }
                )
        self.writer.insert("officer", rows)

    # ------------------------------------------------------------ roster

    @property
    def first_monday(self) -> date:
        monday = self.today - timedelta(days=self.today.weekday())
        return monday - timedelta(weeks=ROSTER_WEEKS_BEFORE)

    @property
    def roster_days(self) -> int:
        return 7 * (ROSTER_WEEKS_BEFORE + ROSTER_WEEKS_AFTER)

    def patrol_pool(self) -> list[_Staff]:
        return [s for s in self.staff if s.unit is Unit.KOD and s.role is not Role.ADMIN]

    def _write_absences(self) -> int:
        """A few absences at fixed places of the window, so the roster has to plan around them."""
        rng = self.rng
        monday = self.first_monday + timedelta(weeks=ROSTER_WEEKS_BEFORE)
        kod = [s for s in self.patrol_pool() if s.role is Role.OFFICER]
        investigators = [s for s in self.staff if s.unit is Unit.INVESTIGATION]
        chosen_kod = rng.sample(kod, 5)
        chosen_ed = rng.sample(investigators[1:], 2)
        plan: list[tuple[_Staff, AbsenceKind, date, date, str]] = [
            (chosen_kod[0], AbsenceKind.VACATION, monday - timedelta(26), monday - timedelta(17),
             "Erholungsurlaub"),
            (chosen_kod[1], AbsenceKind.SICK, monday - timedelta(9), monday - timedelta(7), ""),
            (chosen_kod[2], AbsenceKind.SICK, self.today - timedelta(1), self.today + timedelta(2),
             ""),
            (chosen_kod[3], AbsenceKind.VACATION, monday + timedelta(9), monday + timedelta(18),
             "Erholungsurlaub"),
            (chosen_kod[4], AbsenceKind.TRAINING, monday + timedelta(15), monday + timedelta(16),
             "Fortbildung Deeskalation und Eigensicherung"),
            (chosen_ed[0], AbsenceKind.VACATION, monday - timedelta(12), monday - timedelta(5),
             "Erholungsurlaub"),
            (chosen_ed[1], AbsenceKind.TRAINING, monday - timedelta(20), monday - timedelta(19),
             "Fortbildung Verwaltungsvollstreckung"),
        ]  # fmt: skip
        rows: list[dict[str, Any]] = []
        for officer, kind, starts, ends, note in plan:
            day = starts
            while day <= ends:
                officer.absent.add(day)
                day += timedelta(days=1)
            rows.append(
                {
                    "officer_id": officer.id,
                    "kind": kind.value,
                    "starts_on": starts,
                    "ends_on": ends,
                    "note": note,
                }
            )
        return self.writer.insert("absence", rows)

    def _write_roster_weeks(self) -> int:
        """Past weeks, this week and next week are published; later weeks are still drafts."""
        this_monday = self.first_monday + timedelta(weeks=ROSTER_WEEKS_BEFORE)
        rows: list[dict[str, Any]] = []
        for week in range(ROSTER_WEEKS_BEFORE + ROSTER_WEEKS_AFTER):
            start = self.first_monday + timedelta(weeks=week)
            published = start <= this_monday + timedelta(weeks=1)
            at = local_to_utc(start - timedelta(days=10), time(14)) if published else None
            rows.append(
                {
                    "week_start": start,
                    "published_at": at,
                    "published_by": ACTOR if published else None,
                    "publish_reason": None,
                }
            )
        return self.writer.insert("roster_week", rows)

    def _plan_roster(self) -> None:
        """Greedy crew planning: one duty a day, 11 h rest, weekly targets, no absences."""
        pool = self.patrol_pool()
        investigators = [s for s in self.staff if s.unit is Unit.INVESTIGATION]
        office = [s for s in self.staff if s.role is Role.ADMIN]
        for index in range(self.roster_days):
            day = self.first_monday + timedelta(days=index)
            for duty in _duties_for(day):
                starts_at, ends_at = duty_bounds(day, duty.start, duty.end)
                if duty.kind is ShiftKind.INVESTIGATION:
                    candidates = investigators
                elif duty.kind is ShiftKind.OFFICE:
                    candidates = office
                else:
                    candidates = pool
                crew = self._choose_crew(duty, index, day, starts_at, candidates)
                needed = 2 if duty.kind.is_patrol or duty.kind is ShiftKind.CONTACT_POINT else 1
                if len(crew) < needed:
                    continue  # an unstaffable duty is left out rather than planned short
                for officer in crew:
                    officer.last_end = ends_at + OVERTIME
                    officer.days.add(index)
                    week = index // 7
                    officer.per_week[week] = officer.per_week.get(week, 0) + 1
                crew_ids = [officer.id for officer in self._lead_first(crew)]
                self.shifts.append(
                    _Planned(next(self.ids), day, duty, starts_at, ends_at, crew_ids)
                )

    def _leave_open_places(self) -> None:
        """Next week keeps open places, so *Vorschlag* has work (issue 14): Tuesday's late
        patrol in the city centre has nobody yet, Wednesday's early one at the station one
        officer of two."""
        monday = self.first_monday + timedelta(weeks=ROSTER_WEEKS_BEFORE + 1)
        keep: dict[tuple[date, str | None, time], int] = {
            (monday + timedelta(days=1), INNENSTADT, time(14)): 0,
            (monday + timedelta(days=2), BAHNHOF, time(6)): 1,
        }
        for shift in self.shifts:
            kept = keep.get((shift.day, shift.area, shift.duty.start))
            if kept is not None and shift.kind is ShiftKind.PATROL:
                del shift.crew[kept:]

    def _choose_crew(
        self, duty: _Duty, index: int, day: date, starts_at: datetime, candidates: list[_Staff]
    ) -> list[_Staff]:
        week = index // 7
        bike = duty.kind is ShiftKind.BIKE_PATROL
        night = duty.end <= duty.start
        # Draw tie-breakers for everyone up front so the random stream does not depend on
        # who happens to be free.
        ties = [self.rng.random() for _ in candidates]
        for slack in (0, 1):
            free: list[tuple[float, int, float, _Staff]] = []
            for tie, officer in zip(ties, candidates, strict=True):
                if not self._can_work(officer, index, day, starts_at, night, bike):
                    continue
                done = officer.per_week.get(week, 0)
                if done >= officer.weekly_target + slack:
                    continue
                free.append(
                    (done / officer.weekly_target, self._streak(officer, index), tie, officer)
                )
            free.sort(key=lambda item: item[:3])
            size = duty.crew_size or len(free)
            if len(free) >= max(1, size):
                return [item[3] for item in free[:size]]
        return []

    def _can_work(
        self, officer: _Staff, index: int, day: date, starts_at: datetime, night: bool, bike: bool
    ) -> bool:
        if index in officer.days or day in officer.absent:
            return False
        if night and day + timedelta(days=1) in officer.absent:
            return False
        if bike and not officer.bike_trained:
            return False
        if officer.last_end is not None and starts_at - officer.last_end < MIN_REST:
            return False
        return self._streak(officer, index) < MAX_STREAK

    @staticmethod
    def _streak(officer: _Staff, index: int) -> int:
        streak = 0
        while index - streak - 1 in officer.days:
            streak += 1
        return streak

    @staticmethod
    def _lead_first(crew: list[_Staff]) -> list[_Staff]:
        """A supervisor leads when one is on the crew, else the first planned officer."""
        leads = [s for s in crew if s.role is Role.SUPERVISOR]
        return leads[:1] + [s for s in crew if s not in leads[:1]]

    def _write_roster(self) -> int:
        rng = self.rng
        shift_rows: list[dict[str, Any]] = []
        assignment_rows: list[dict[str, Any]] = []
        for shift in self.shifts:
            duty = shift.duty
            shift_rows.append(
                {
                    "id": shift.id,
                    "duty_date": shift.day,
                    "starts_at": shift.starts_at,
                    "ends_at": shift.ends_at,
                    "kind": shift.kind.value,
                    "area_id": self.areas[shift.area].id if shift.area else None,
                    "template_id": self.templates.get(duty.template or ""),
                    "break_minutes": 30,
                    "min_staff": 2 if duty.crew_size >= 2 else 1,
                    "note": duty.note,
                    "changed_after_publish": False,
                }
            )
            lead_flag = shift.kind.is_patrol
            for position, officer_id in enumerate(shift.crew):
                actual_start, actual_end, actual_break = self._actual_times(shift, rng)
                assignment_rows.append(
                    {
                        "shift_id": shift.id,
                        "officer_id": officer_id,
                        "is_lead": lead_flag and position == 0,
                        "actual_start": actual_start,
                        "actual_end": actual_end,
                        "actual_break_minutes": actual_break,
                    }
                )
        self.writer.insert("shift", shift_rows)
        return self.writer.insert("assignment", assignment_rows)

    def _actual_times(
        self, shift: _Planned, rng: random.Random
    ) -> tuple[datetime | None, datetime | None, int | None]:
        """Past duties carry actual times (some with 15 min more); a running one only a start."""
        roll = rng.random()
        if shift.starts_at > self.now:
            return None, None, None
        start = shift.starts_at
        if shift.ends_at > self.now:
            return start, None, None
        end = shift.ends_at
        if roll < 0.2:
            end += OVERTIME
        elif roll < 0.25:
            start += OVERTIME  # late start after a handover at the station
        return start, end, 30

    # ------------------------------------------------------------ incidents

    def _write_incidents(
        self, total: int
    ) -> tuple[dict[str, int], dict[str, tuple[str, str, date]]]:
        """Incidents and their children chunk by chunk, parents first (foreign keys)."""
        generator = _IncidentGenerator(self, total)
        counts = {"officers": 0, "measures": 0, "notes": 0, "persons": 0}
        if self.progress is not None:
            self.progress(0, total)
        done = 0
        for chunk in generator.chunks():
            self.writer.insert("incident", chunk.incidents)
            counts["officers"] += self.writer.insert("incident_officer", chunk.officers)
            counts["measures"] += self.writer.insert("incident_measure", chunk.measures)
            counts["notes"] += self.writer.insert("incident_note", chunk.notes)
            counts["persons"] += self.writer.insert("incident_person", chunk.persons)
            done += len(chunk.incidents)
            if self.progress is not None:
                self.progress(done, total)
        return counts, generator.links

    # ------------------------------------------------------------ cases

    def _write_cases(self, links: dict[str, tuple[str, str, date]]) -> int:
        rng = self.rng
        investigators = [s for s in self.staff if s.unit is Unit.INVESTIGATION]
        rows: list[dict[str, Any]] = []
        for department, subject, address, result, plan in CASES:
            link = links.get(plan.removeprefix("link:")) or links.get("")
            if plan.startswith("link:") and link is not None:
                source_id, reference, day = link
                text = f"{subject} Übernahme aus Vorkommnis {reference}."
                received = min(self.today, day + timedelta(days=rng.randrange(1, 3)))
            else:
                source_id, text = None, subject
                received = self.today - timedelta(days=rng.randrange(12, 50))
            due, status, closed_at = self._case_dates(plan, received, rng)
            rows.append(
                {
                    "reference": "",
                    "department_id": self.catalog.get((CatalogKind.DEPARTMENT, department)),
                    "subject": text,
                    "address": address,
                    "received_on": received,
                    "due_on": due,
                    "assigned_officer_id": rng.choice(investigators).id,
                    "status": status.value,
                    "result": result if status is CaseStatus.DONE else "",
                    "closed_at": closed_at,
                    "source_incident_id": source_id,
                }
            )
        rows.sort(key=lambda row: row["received_on"])
        first = rng.randrange(40, 60)
        for number, row in enumerate(rows, start=first):
            row["reference"] = f"EA-{row['received_on'].year}-{number:03d}"
        return self.writer.insert("investigation_case", rows)

    def _case_dates(
        self, plan: str, received: date, rng: random.Random
    ) -> tuple[date, CaseStatus, datetime | None]:
        if plan == "done":
            due = received + timedelta(days=rng.randrange(14, 22))
            closed_on = min(self.today - timedelta(days=1), due - timedelta(days=rng.randrange(5)))
            closed_on = max(closed_on, received)
            return due, CaseStatus.DONE, local_to_utc(closed_on, time(15, 30))
        if plan == "overdue":
            due = max(
                received + timedelta(days=7), self.today - timedelta(days=rng.randrange(1, 10))
            )
            if due >= self.today:
                due = self.today - timedelta(days=1)
            status = CaseStatus.IN_PROGRESS if rng.random() < 0.5 else CaseStatus.OPEN
            return due, status, None
        due = self.today + timedelta(days=rng.randrange(5, 25))
        status = CaseStatus.IN_PROGRESS if rng.random() < 0.4 else CaseStatus.OPEN
        return due, status, None
