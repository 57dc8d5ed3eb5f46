"""Bike rules as pure functions: bookings across midnight, odometer, battery, inspection, season."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kod_desk.domain import bike_findings as bf
from kod_desk.domain import bike_rides as br
from kod_desk.domain import bikes as bk
from kod_desk.domain.enums import BikeCondition, CheckoutStatus, ShiftKind
from kod_desk.domain.errors import FieldProblem, ValidationError
from kod_desk.domain.roster import DutyFact, OfficerFact

T0 = datetime(2026, 6, 12, tzinfo=UTC)


def bike(**changes: object) -> bk.Bike:
    base = bk.Bike(
        id="b1",
        inventory_no="DF-01",
        frame_no="WBK1",
        model="Pedelec",
        is_pedelec=True,
        range_km=80,
        odometer_km=1200,
        condition=BikeCondition.USABLE,
        next_inspection_on=date(2026, 9, 1),
        next_inspection_km=2000,
        inspection_interval_km=2000,
        season=None,
        note="",
        version=1,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def booking(
    cid: str, start_h: float, end_h: float, *, bike_id: str = "b1", status: str = "booked"
) -> bk.Checkout:
    return bk.Checkout(
        id=cid,
        bike_id=bike_id,
        officer_id="o1",
        shift_id=None,
        status=CheckoutStatus(status),
        planned_from=T0 + timedelta(hours=start_h),
        planned_to=T0 + timedelta(hours=end_h),
    )


# ---------------------------------------------------------------- bookings


def test_night_bookings_overlapping_across_midnight_clash() -> None:
    night = booking("a", 20, 28)  # 20:00 – 04:00 next day
    early = booking("b", 27, 35)  # 03:00 – 11:00 next day
    assert [(p[0].id, p[1].id) for p in bk.double_bookings([night, early])] == [("a", "b")]


def test_touching_bookings_are_fine() -> None:
    late = booking("a", 14, 22)
    night = booking("b", 22, 30)
    assert bk.double_bookings([late, night]) == []


def test_other_bikes_and_closed_bookings_do_not_clash() -> None:
    first = booking("a", 8, 16)
    assert bk.double_bookings([first, booking("b", 10, 12, bike_id="b2")]) == []
    assert bk.double_bookings([first, booking("c", 10, 12, status="cancelled")]) == []
    assert bk.double_bookings([first, booking("d", 10, 12, status="returned")]) == []


def test_availability_is_kept_apart_from_condition() -> None:
    out = replace(booking("a", 0, 8), status=CheckoutStatus.OUT, out_at=T0)
    assert bk.availability("b1", [out], T0 + timedelta(days=3)) is bk.Availability.OUT
    later = booking("b", 10, 18)
    assert bk.availability("b1", [later], T0 + timedelta(hours=11)) is bk.Availability.BOOKED
    assert bk.availability("b1", [later], T0 + timedelta(hours=18)) is bk.Availability.FREE


spans = st.tuples(st.integers(0, 200), st.integers(1, 48)).map(lambda t: (t[0], t[0] + t[1]))


@given(st.lists(st.tuples(st.sampled_from(["b1", "b2"]), spans), max_size=8), st.randoms())
def test_double_bookings_do_not_depend_on_order(
    raw: list[tuple[str, tuple[int, int]]], rnd: object
) -> None:
    items = [booking(f"c{i}", s, e, bike_id=b) for i, (b, (s, e)) in enumerate(raw)]
    shuffled = list(items)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    ids = {(a.id, b.id) for a, b in bk.double_bookings(items)}
    assert ids == {(a.id, b.id) for a, b in bk.double_bookings(shuffled)}
    # Symmetric, and the same as the plain interval rule.
    for a in items:
        for b in items:
            if a.id < b.id:
                clash = a.bike_id == b.bike_id and bk.overlaps(bk_span(a), bk_span(b))
                assert ((a.id, b.id) in ids) == clash
                assert bk.overlaps(bk_span(a), bk_span(b)) == bk.overlaps(bk_span(b), bk_span(a))


def bk_span(checkout: bk.Checkout) -> tuple[datetime, datetime]:
    span = checkout.span()
    assert span is not None
    return span


# ---------------------------------------------------------------- odometer and battery


def test_km_going_backwards_is_rejected_with_a_clear_message() -> None:
    assert bk.validate_odometer(1200, 1180, "odometer_km") == [
        FieldProblem("odometer_km", "km-Stand 1.180 liegt unter dem letzten Stand 1.200.")
    ]
    assert bk.validate_odometer(1200, 1200) == []
    problems = bk.check_out_problems(bike(), 1180, 90, is_out=False)
    assert problems == [FieldProblem("km", "km-Stand 1.180 liegt unter dem letzten Stand 1.200.")]


@pytest.mark.parametrize("battery", [-1, 101, 250])
def test_battery_outside_0_to_100_is_rejected(battery: int) -> None:
    assert bk.validate_battery(battery, is_pedelec=True) == [
        FieldProblem("battery", f"Akkustand {battery} %: erlaubt sind 0 bis 100 %.")
    ]


def test_battery_bounds_and_bikes_without_motor() -> None:
    assert bk.validate_battery(0, is_pedelec=True) == []
    assert bk.validate_battery(100, is_pedelec=True) == []
    assert bk.validate_battery(None, is_pedelec=True) == [
        FieldProblem("battery", "Akkustand fehlt (Pedelec).")
    ]
    assert bk.validate_battery(None, is_pedelec=False) == []


def test_unusable_or_out_bike_cannot_be_checked_out() -> None:
    assert bk.check_out_problems(bike(condition=BikeCondition.DEFECT), 1200, 90, is_out=False) == [
        FieldProblem("bike_id", "Fahrrad DF-01 ist defekt und kann nicht ausgegeben werden.")
    ]
    [out] = bk.check_out_problems(bike(), 1200, 90, is_out=True)
    assert out.field == "bike_id" and "schon ausgegeben" in out.message


def test_check_in_rules() -> None:
    out = replace(
        booking("a", 0, 8), status=CheckoutStatus.OUT, out_at=T0, km_out=1200, battery_out=95
    )
    later = T0 + timedelta(hours=8)
    assert bk.check_in_problems(out, bike(), later, 1230, 40) == []
    assert bk.check_in_problems(out, bike(), later, 1199, 40) == [
        FieldProblem("km", "km-Stand 1.199 liegt unter dem letzten Stand 1.200.")
    ]
    assert bk.check_in_problems(out, bike(), later, 1230, 140) == [
        FieldProblem("battery", "Akkustand 140 %: erlaubt sind 0 bis 100 %.")
    ]
    [early] = bk.check_in_problems(out, bike(), T0, 1230, 40)
    assert early.field == "at" and "liegt nicht nach der Ausgabe" in early.message
    returned = replace(out, status=CheckoutStatus.RETURNED)
    [gone] = bk.check_in_problems(returned, bike(), later, 1230, 40)
    assert "ist nicht ausgegeben" in gone.message


# ---------------------------------------------------------------- inspection, season, range


def test_inspection_due_by_date_or_km_whichever_first() -> None:
    by_date = bike(next_inspection_on=date(2026, 6, 1), next_inspection_km=5000)
    status = bk.inspection_due(by_date, date(2026, 6, 12))
    assert status.state is bk.InspectionState.OVERDUE
    assert "seit 01.06.2026" in status.message
    by_km = bike(next_inspection_on=date(2026, 12, 1), next_inspection_km=1200)
    status = bk.inspection_due(by_km, date(2026, 6, 12))
    assert status.state is bk.InspectionState.OVERDUE
    assert "fällig bei 1.200 km" in status.message
    assert bk.inspection_due(by_km, date(2026, 6, 12), odometer=1100).state is (
        bk.InspectionState.SOON
    )


def test_inspection_due_within_14_days() -> None:
    soon = bike(next_inspection_on=date(2026, 6, 26), next_inspection_km=None)
    assert bk.inspection_due(soon, date(2026, 6, 12)).state is bk.InspectionState.SOON
    assert bk.inspection_due(soon, date(2026, 6, 11)).state is bk.InspectionState.OK
    assert bk.inspection_due(soon, date(2026, 6, 26)).state is bk.InspectionState.SOON
    assert bk.inspection_due(soon, date(2026, 6, 27)).state is bk.InspectionState.OVERDUE


def test_next_inspection_resets_by_interval() -> None:
    assert bk.next_inspection(bike(), date(2026, 6, 12), 1250) == (date(2027, 6, 12), 3250)


def test_season_wraps_the_turn_of_the_year() -> None:
    winter = bike(season=bk.Season.parse("01.11.", "31.03."))
    assert bk.in_season(winter, date(2026, 12, 24))
    assert bk.in_season(winter, date(2027, 3, 31))
    assert bk.in_season(winter, date(2026, 11, 1))
    assert not bk.in_season(winter, date(2026, 4, 1))
    summer = bike(season=bk.Season.parse("04-01", "10-31"))
    assert bk.in_season(summer, date(2026, 6, 1))
    assert not bk.in_season(summer, date(2026, 11, 1))
    assert bk.in_season(bike(), date(2026, 1, 1))
    assert summer.season is not None and summer.season.label == "01.04.–31.10."


def test_bad_season_day_is_a_german_error() -> None:
    with pytest.raises(ValidationError, match=r"Saisonende: „31\.04\.“ ist kein gültiger Tag"):
        bk.Season.parse("01.04.", "31.04.")


def test_range_warning_at_typical_patrol_speed() -> None:
    assert br.range_warning(bike(range_km=100), T0, T0 + timedelta(hours=8)) is None
    warning = br.range_warning(bike(range_km=80), T0, T0 + timedelta(hours=8))
    assert warning == "Fahrrad DF-01: 8 Std. Dienst bei 12 km/h ≈ 96 km, Reichweite nur 80 km."
    assert br.range_warning(bike(range_km=80), T0, T0 + timedelta(hours=8), speed_kmh=9) is None
    assert br.range_warning(bike(is_pedelec=False, range_km=None), T0, T0 + timedelta(20)) is None


def test_validate_bike() -> None:
    assert bk.validate_bike(bk.BikeDraft("DF-07", range_km=90)) == []
    problems = bk.validate_bike(
        bk.BikeDraft("", range_km=0, odometer_km=-1, inspection_interval_km=0)
    )
    assert problems == [
        FieldProblem("inventory_no", "Inventarnummer fehlt."),
        FieldProblem("range_km", "Reichweite 0 km: erlaubt sind 1 bis 300 km."),
        FieldProblem("odometer_km", "km-Stand darf nicht negativ sein."),
        FieldProblem("inspection_interval_km", "Inspektionsintervall: 1 bis 50.000 km."),
    ]


# ---------------------------------------------------------------- findings


def test_findings_for_bike_patrol_bookings() -> None:
    duty = DutyFact(
        "s1", date(2026, 6, 12), ShiftKind.BIKE_PATROL, "Innenstadt", T0, T0 + timedelta(hours=9),
        None, 2, "Radstreife",
    )  # fmt: skip
    other = replace(duty, id="s2", starts_at=T0 + timedelta(hours=4))
    officers = [
        OfficerFact("o1", "K-1", "Albers, Anna", 39, True),
        OfficerFact("o2", "K-2", "Brandt, Ben", 39, False),
    ]
    fleet = [
        bike(
            condition=BikeCondition.DEFECT,
            next_inspection_on=date(2026, 6, 1),
            season=bk.Season.parse("01.11.", "31.03."),
        )
    ]
    first = replace(booking("a", 0, 1), shift_id="s1")  # the duty's bounds count, not these
    second = replace(booking("b", 0, 1), shift_id="s2", officer_id="o2")
    found = bf.bike_findings(fleet, [first, second], {"s1": duty, "s2": other}, officers)
    rules = sorted({f.rule for f in found})
    assert rules == [
        "bike_double_booking",
        "bike_inspection_overdue",
        "bike_out_of_season",
        "bike_range",
        "bike_training",
        "bike_unusable",
    ]
    double = next(f for f in found if f.rule == "bike_double_booking")
    assert double.message == (
        "Fahrrad DF-01 doppelt gebucht: Albers, Anna (Radstreife 12.06.) und "
        "Brandt, Ben (Radstreife 12.06.)"
    )
    assert double.shifts == ("s1", "s2")
    training = [f for f in found if f.rule == "bike_training"]
    assert [f.officer for f in training] == ["K-2"]
    assert {f.severity for f in found if f.rule in {"bike_range", "bike_inspection_overdue"}} == {
        "warning"
    }


def test_bike_capacity_shares_free_bikes_between_overlapping_patrols() -> None:
    """Three usable bikes, two overlapping bike patrols wanting two each: 2 + 1 fit."""

    def duty(duty_id: str, start_h: float, end_h: float) -> DutyFact:
        return DutyFact(
            duty_id,
            T0.date(),
            ShiftKind.BIKE_PATROL,
            "Klosterinsel",
            T0 + timedelta(hours=start_h),
            T0 + timedelta(hours=end_h),
            30,
            2,
        )

    fleet = [
        bike(id="b1"),
        bike(id="b2", inventory_no="DF-02"),
        bike(id="b3", inventory_no="DF-03"),
        bike(id="b4", inventory_no="DF-04", condition=BikeCondition.DEFECT),
    ]
    early, late, evening = duty("d1", 0, 8), duty("d2", 4, 12), duty("d3", 9, 17)
    wanted = {"d1": 2, "d2": 2, "d3": 2}
    allowed = bk.bike_capacity([late, early, evening], fleet, [], {}, wanted)
    assert allowed == {"d1": 2, "d2": 1, "d3": 2}  # d3 starts after d1 ended
    # A bike out for another duty at that time is not free; a booking d2 holds counts for it.
    out = replace(booking("c1", 3, 10, bike_id="b3", status="out"), shift_id="other")
    held = replace(booking("c2", 4, 12, bike_id="b2"), shift_id="d2")
    allowed = bk.bike_capacity([early, late], fleet, [out, held], {"d2": 1}, wanted)
    assert allowed == {"d1": 1, "d2": 0}


# ---------------------------------------------------------------- plausible km (issue 14)


def test_more_km_than_a_bike_can_ride_in_the_time_out_asks() -> None:
    pedelec, plain = bike(), bike(is_pedelec=False, range_km=None)
    assert br.max_average_speed(pedelec) == 25 and br.max_average_speed(plain) == 20
    minute = T0 + timedelta(minutes=1)
    assert br.implausible_ride(pedelec, T0, minute, 1200, 1222) == (
        "22 km in 1 Minute wären im Schnitt 1.320 km/h – ein Pedelec schafft höchstens 25 km/h."
    )
    # A whole km of rounding in the readings is no speed.
    assert br.implausible_ride(pedelec, T0, minute, 1200, 1201) is None
    # A patrol of 8 hours: 60 km is a long day, 210 km is a typo.
    shift_end = T0 + timedelta(hours=8)
    assert br.implausible_ride(pedelec, T0, shift_end, 1200, 1260) is None
    assert "8 Std." in (br.implausible_ride(pedelec, T0, shift_end, 1200, 1410) or "")
    # 23 km in an hour: a pedelec does that, a bike without motor does not.
    hour = T0 + timedelta(hours=1)
    assert br.implausible_ride(pedelec, T0, hour, 0, 23) is None
    assert "Fahrrad ohne Motor schafft höchstens 20 km/h" in (
        br.implausible_ride(plain, T0, hour, 0, 23) or ""
    )
    # Nothing to judge without a check-out time or reading.
    assert br.implausible_ride(pedelec, None, hour, 0, 500) is None
    assert br.implausible_ride(pedelec, T0, hour, None, 500) is None
