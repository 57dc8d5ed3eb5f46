"""Roster edits through the service: duties across midnight, crews, leads, tombstones, absences."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from kod_desk.domain.enums import AbsenceKind, ShiftKind
from kod_desk.domain.errors import ValidationError
from kod_desk.domain.masterdata import OfficerDraft
from kod_desk.domain.roster import AbsenceDraft, ShiftDraft
from kod_desk.services.base import Entity
from kod_desk.services.registry import Services
from tests import raw_sql

DAY = date(2026, 11, 13)


def area_id(services: Services, name: str = "Innenstadt") -> str:
    return next(a.id for a in services.masterdata.areas() if a.name == name)


def officer(services: Services, number: str, last: str, *, active: bool = True) -> str:
    created = services.masterdata.save_officer(OfficerDraft(number, last, "Vor")).value
    if not active:
        services.masterdata.set_officer_active(created.id, False)
    return created.id


def test_night_duty_crosses_midnight_in_utc(services: Services) -> None:
    result = services.roster.create_shift(
        ShiftDraft(DAY, time(22), time(6), ShiftKind.PATROL, area_id(services))
    )
    shift = result.value
    assert result.changes.ids(Entity.SHIFTS) == {shift.id}  # the page refreshes that duty
    assert shift.starts_at == datetime(2026, 11, 13, 21, tzinfo=UTC)
    assert shift.ends_at == datetime(2026, 11, 14, 5, tzinfo=UTC)
    assert shift.area == "Innenstadt" and shift.kind is ShiftKind.PATROL
    period = services.roster.period(DAY, DAY + timedelta(days=6))
    assert [s.id for s in period.shifts] == [shift.id]


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (ShiftDraft(DAY, time(8), time(8), ShiftKind.OFFICE), "Ende gleich Beginn"),
        (ShiftDraft(DAY, time(8), time(16), ShiftKind.PATROL), "Streife: bitte ein Einsatzgebiet"),
        (ShiftDraft(DAY, time(8), time(16), ShiftKind.OFFICE, min_staff=0), "Mindestbesetzung"),
    ],
)
def test_bad_duties_are_refused(services: Services, draft: ShiftDraft, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        services.roster.create_shift(draft)
    assert services.roster.period(DAY, DAY).shifts == ()


def test_crew_with_one_lead_unassign_and_reassign(services: Services, db_path: Path) -> None:
    shift = services.roster.create_shift(
        ShiftDraft(DAY, time(6), time(14), ShiftKind.PATROL, area_id(services))
    ).value
    anna, ben = officer(services, "K-1", "Albers"), officer(services, "K-2", "Brandt")
    services.roster.assign(shift.id, anna, is_lead=True)
    crew = services.roster.assign(shift.id, ben, is_lead=True).value.crew
    assert [(c.name, c.is_lead) for c in crew] == [("Brandt, Vor", True), ("Albers, Vor", False)]
    assert [c.name for c in services.roster.unassign(shift.id, anna).value.crew] == ["Brandt, Vor"]
    # The tombstoned assignment comes back instead of breaking the unique constraint.
    again = services.roster.assign(shift.id, anna).value
    assert sorted(c.name for c in again.crew) == ["Albers, Vor", "Brandt, Vor"]
    connection = raw_sql.connect(db_path)
    actions = [
        row[0]
        for row in connection.execute(
            "SELECT action FROM audit_entry WHERE table_name = 'assignment' ORDER BY seq"
        )
    ]
    connection.close()
    assert actions == ["assign", "assign", "unassign", "assign"]


def test_deactivated_officer_cannot_be_assigned(services: Services) -> None:
    shift = services.roster.create_shift(
        ShiftDraft(DAY, time(8), time(16), ShiftKind.OFFICE, min_staff=1)
    ).value
    gone = officer(services, "K-9", "Zander", active=False)
    with pytest.raises(ValidationError, match="Zander, Vor ist deaktiviert"):
        services.roster.assign(shift.id, gone)


def test_delete_is_a_tombstone_and_restore_brings_the_crew_back(
    services: Services, db_path: Path
) -> None:
    shift = services.roster.create_shift(
        ShiftDraft(DAY, time(14), time(22), ShiftKind.PATROL, area_id(services))
    ).value
    anna = officer(services, "K-1", "Albers")
    services.roster.assign(shift.id, anna)
    deleted = services.roster.delete_shift(shift.id).value
    assert services.roster.period(DAY, DAY).shifts == ()
    connection = raw_sql.connect(db_path)
    assert connection.execute(
        "SELECT count(*) FROM shift WHERE deleted_at IS NOT NULL"
    ).fetchone() == (1,)
    connection.close()
    restored = services.roster.restore_shift(deleted).value
    assert [c.name for c in restored.crew] == ["Albers, Vor"]


def test_absences_and_actual_times(services: Services) -> None:
    anna = officer(services, "K-1", "Albers")
    with pytest.raises(ValidationError, match="liegt vor Beginn"):
        services.roster.add_absence(
            AbsenceDraft(anna, AbsenceKind.VACATION, DAY, DAY - timedelta(days=1))
        )
    services.roster.add_absence(AbsenceDraft(anna, AbsenceKind.SICK, DAY, DAY + timedelta(days=2)))
    [absence] = services.roster.period(DAY + timedelta(days=1), DAY + timedelta(days=1)).absences
    assert absence.kind is AbsenceKind.SICK
    shift = services.roster.create_shift(
        ShiftDraft(DAY, time(8), time(16), ShiftKind.OFFICE, min_staff=1)
    ).value
    services.roster.assign(shift.id, anna)
    start = datetime(2026, 11, 13, 7, 10, tzinfo=UTC)
    with pytest.raises(ValidationError, match="Ende muss nach dem Beginn"):
        services.roster.record_actual(shift.id, anna, start, start)
    crew = services.roster.record_actual(
        shift.id, anna, start, start + timedelta(hours=9), 30
    ).value.crew
    assert crew[0].actual_end == start + timedelta(hours=9)
    facts = services.roster.facts(DAY, DAY)
    assert [a.actual_break_minutes for a in facts.assignments] == [30]
    assert [a.kind for a in facts.absences] == [AbsenceKind.SICK]


def test_publishing_with_errors_needs_a_reason_kept_in_the_audit_log(
    services: Services, db_path: Path
) -> None:
    monday = DAY - timedelta(days=DAY.weekday())
    shift = services.roster.create_shift(
        ShiftDraft(monday, time(6), time(14), ShiftKind.PATROL, area_id(services))
    ).value
    services.roster.assign(shift.id, officer(services, "K-1", "Albers"))
    with pytest.raises(ValidationError, match="1 Fehler"):
        services.roster.publish_week(monday)
    assert not services.roster.week_state(monday).is_published
    state = services.roster.publish_week(monday, "Verstärkung durch LPol zugesagt").value
    assert state.is_published and state.published_by == "test"
    connection = raw_sql.connect(db_path)
    reason = connection.execute(
        "SELECT reason FROM audit_entry WHERE action = 'publish'"
    ).fetchone()
    connection.close()
    assert reason == ("Verstärkung durch LPol zugesagt",)
    # A change after publishing marks the duty; the next publication settles it.
    services.roster.assign(shift.id, officer(services, "K-2", "Brandt"))
    assert services.roster.period(monday, monday).changed == {shift.id}
    services.roster.publish_week(monday)
    assert services.roster.period(monday, monday).changed == frozenset()
