"""Bikes for the officers who ride them (issue 14 item 5): who hands out which bike, the
one-step re-booking after a defect, and findings that name officer and replacement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from kod_desk.domain.bikes import BikeDraft
from kod_desk.domain.enums import (
    BikeCondition,
    BikeServiceKind,
    CheckoutStatus,
    Role,
    ShiftKind,
)
from kod_desk.domain.errors import PermissionDenied, ValidationError
from kod_desk.domain.masterdata import OfficerDraft
from kod_desk.domain.roster import ShiftDraft
from kod_desk.services.registry import Services
from kod_desk.storage.models import AuditEntry

# The rules are the same on both backends; the write paths are covered by test_bikes.py.
pytestmark = pytest.mark.sqlite_only

DAY = date(2026, 6, 12)  # summer: 11:00 local is 09:00 UTC
START = datetime(2026, 6, 12, 9, tzinfo=UTC)


@dataclass
class Patrol:
    s: Services
    shift: str
    area: str
    anna: str  # on the patrol, DF-01 booked
    ben: str  # on the patrol, DF-02 booked
    dora: str  # trained, but on no duty today
    df1: str
    df2: str
    df3: str  # free
    anna_booking: str
    ben_booking: str

    def act_as(self, officer_id: str | None, name: str = "") -> None:
        """What a login sets; None: back to the supervisor."""
        context = self.s.context
        context.role = Role.SUPERVISOR if officer_id is None else Role.OFFICER
        context.officer_id = officer_id
        context.display_name = name


@pytest.fixture
def patrol(services: Services) -> Patrol:
    md = services.masterdata

    def officer(number: str, last: str, first: str) -> str:
        draft = OfficerDraft(number, last, first, qualifications=("Radstreife",))
        return md.save_officer(draft).value.id

    anna, ben = officer("K-1", "Albers", "Anna"), officer("K-2", "Brandt", "Ben")
    dora = officer("K-4", "Dietz", "Dora")
    area = next(a.id for a in md.areas() if a.name == "Innenstadt")
    shift = services.roster.create_shift(
        ShiftDraft(DAY, time(11), time(19), ShiftKind.BIKE_PATROL, area)
    ).value.id
    services.roster.assign(shift, anna)
    services.roster.assign(shift, ben)
    bikes = services.bikes
    df1 = bikes.save_bike(BikeDraft("DF-01", range_km=100, odometer_km=1200)).value.id
    df2 = bikes.save_bike(BikeDraft("DF-02", range_km=100, odometer_km=800)).value.id
    df3 = bikes.save_bike(BikeDraft("DF-03", range_km=90, odometer_km=300)).value.id
    anna_booking = bikes.book(df1, shift, anna).value.id
    ben_booking = bikes.book(df2, shift, ben).value.id
    return Patrol(services, shift, area, anna, ben, dora, df1, df2, df3, anna_booking, ben_booking)


def audit_rows(services: Services) -> int:
    with services.db.read() as session:
        return int(session.execute(select(func.count()).select_from(AuditEntry)).scalar_one())


def refused(services: Services, action: object, *parts: str) -> None:
    """A German refusal naming ``parts``; nothing written, not even an audit line."""
    before = audit_rows(services)
    with pytest.raises(PermissionDenied) as caught:
        action()  # type: ignore[operator]
    assert caught.value.message.startswith("Keine Berechtigung: ")
    for part in parts:
        assert part in caught.value.message
    assert audit_rows(services) == before


def test_an_officer_hands_out_and_takes_back_the_bikes_of_their_own_duty(
    patrol: Patrol,
) -> None:
    bikes = patrol.s.bikes
    patrol.act_as(patrol.anna, "Anna Albers")
    # What the screen offers is what the service allows: the duty's bookings, her own first.
    assert [c.inventory_no for c in bikes.bookings_to_hand_out(START)] == ["DF-01", "DF-02"]
    assert bikes.bookings_to_hand_out(START - timedelta(hours=3)) == []  # too early to fetch
    # Another bike, or her partner's bike for herself: refused in German.
    refused(
        patrol.s,
        lambda: bikes.check_out(patrol.df3, patrol.anna, START, 300, 100),
        "Fahrrad DF-03 ist jetzt nicht für Albers, Anna gebucht",
        "nur die Fahrräder aus",
    )
    refused(
        patrol.s,
        lambda: bikes.check_out(patrol.df2, patrol.anna, START, 800, 100),
        "Fahrrad DF-02 ist jetzt nicht für Albers, Anna gebucht",
    )
    mine = bikes.check_out(patrol.df1, patrol.anna, START, 1204, 96).value
    assert (mine.id, mine.status, mine.km_out) == (patrol.anna_booking, CheckoutStatus.OUT, 1204)
    assert bikes.bike(patrol.df1).odometer_km == 1204

    # Dora is on no duty with these bikes: she sees none and may move none.
    patrol.act_as(patrol.dora, "Dora Dietz")
    assert bikes.bookings_to_hand_out(START) == []
    assert bikes.returnable() == []
    refused(
        patrol.s,
        lambda: bikes.check_out(patrol.df2, patrol.ben, START, 800, 100),
        "Fahrrad DF-02 ist für Brandt, Ben (Radstreife 12.06.) gebucht",
        "für den Dora Dietz nicht eingeteilt ist",
    )
    refused(
        patrol.s,
        lambda: bikes.check_in(mine.id, START + timedelta(hours=8), 1230, 40),
        "Fahrrad DF-01 ist an Albers, Anna ausgegeben (Radstreife 12.06.)",
        "nicht für einen Dienst von Dora Dietz",
    )

    # Ben, on the same patrol, takes Anna's bike back; Anna hands out his.
    patrol.act_as(patrol.ben, "Ben Brandt")
    assert [c.id for c in bikes.returnable()] == [mine.id]
    back = bikes.check_in(mine.id, START + timedelta(hours=8), 1230, 40).value
    assert back.checkout.status is CheckoutStatus.RETURNED
    patrol.act_as(patrol.anna, "Anna Albers")
    his = bikes.check_out(patrol.df2, patrol.ben, START, 800, 100).value
    assert his.id == patrol.ben_booking


def test_one_step_rebooks_the_bookings_a_defect_broke(patrol: Patrol) -> None:
    bikes = patrol.s.bikes
    ride = bikes.check_out(patrol.df1, patrol.anna, START, 1200, 95).value
    # Anna has DF-01 booked again tomorrow; the defect breaks that booking.
    tomorrow = patrol.s.roster.create_shift(
        ShiftDraft(DAY + timedelta(days=1), time(11), time(19), ShiftKind.BIKE_PATROL, patrol.area)
    ).value.id
    patrol.s.roster.assign(tomorrow, patrol.anna)
    later = bikes.book(patrol.df1, tomorrow, patrol.anna).value
    result = bikes.check_in(ride.id, START + timedelta(hours=7), 1228, 30, "Kette gerissen")
    broken = result.value.broken
    assert [(b.booking.id, b.suggestion and b.suggestion.inventory_no) for b in broken] == [
        (later.id, "DF-02")
    ]
    findings = bikes.findings(DAY, DAY + timedelta(days=1))
    assert [f.message for f in findings] == [
        "Fahrrad DF-01 für Albers, Anna (Radstreife 13.06.): Fahrrad ist defekt – "
        "frei wäre Fahrrad DF-02."
    ]

    # An officer may report the defect but not move bookings.
    patrol.act_as(patrol.anna, "Anna Albers")
    refused(patrol.s, lambda: bikes.rebook([(later.id, patrol.df2)]), "Fahrräder für Dienste")
    patrol.act_as(None)
    moved = bikes.rebook([(b.booking.id, b.suggestion.id) for b in broken if b.suggestion])
    assert [(c.inventory_no, c.officer_name, c.shift_id) for c in moved.value] == [
        ("DF-02", "Albers, Anna", tomorrow)
    ]
    assert bikes.checkout(later.id).status is CheckoutStatus.CANCELLED
    assert bikes.findings(DAY, DAY + timedelta(days=1)) == []
    # One step: when one move is refused, none is made.
    with pytest.raises(ValidationError, match="Fahrrad DF-01 ist defekt"):
        bikes.rebook([(patrol.ben_booking, patrol.df3), (moved.value[0].id, patrol.df1)])
    assert bikes.checkout(patrol.ben_booking).status is CheckoutStatus.BOOKED
    assert bikes.checkout(moved.value[0].id).inventory_no == "DF-02"


def test_findings_name_the_officer_and_say_when_no_bike_is_free(patrol: Patrol) -> None:
    bikes = patrol.s.bikes
    dora_shift = patrol.s.roster.create_shift(
        ShiftDraft(DAY, time(12), time(16), ShiftKind.BIKE_PATROL, patrol.area)
    ).value.id
    patrol.s.roster.assign(dora_shift, patrol.dora)
    bikes.book(patrol.df3, dora_shift, patrol.dora)
    # DF-03 breaks; DF-01 and DF-02 are booked to Anna and Ben at that time.
    bikes.open_service(patrol.df3, BikeServiceKind.REPAIR, "Rahmen gebrochen")
    assert bikes.bike(patrol.df3).condition is BikeCondition.DEFECT
    assert [f.message for f in bikes.findings(DAY, DAY)] == [
        "Fahrrad DF-03 für Dietz, Dora (Radstreife 12.06.): Fahrrad ist defekt – kein Fahrrad frei."
    ]
