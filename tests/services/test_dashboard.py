"""The Übersicht's figures come from the database: duties now and today, bikes, cases."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from kod_desk.domain.bikes import InspectionState, inspection_due
from kod_desk.domain.enums import ShiftKind
from kod_desk.domain.masterdata import OfficerDraft
from kod_desk.domain.timeutil import duty_bounds
from kod_desk.services.registry import Services
from kod_desk.storage import models as m

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # 16:00 in Berlin
TODAY = date(2026, 11, 26)


def add_duty(
    services: Services,
    day: date,
    start: time,
    end: time,
    kind: ShiftKind,
    area: str | None,
    officer_ids: list[str],
    min_staff: int = 2,
) -> str:
    areas = {a.name: a.id for a in services.masterdata.areas()}
    starts_at, ends_at = duty_bounds(day, start, end)
    with services.db.write("test") as session:
        shift = m.Shift(
            duty_date=day,
            starts_at=starts_at,
            ends_at=ends_at,
            kind=kind.value,
            area_id=areas[area] if area else None,
            min_staff=min_staff,
        )
        session.add(shift)
        session.flush()
        for index, officer_id in enumerate(officer_ids):
            session.add(m.Assignment(shift_id=shift.id, officer_id=officer_id, is_lead=index == 0))
        return shift.id


def officers(services: Services, count: int) -> list[str]:
    return [
        services.masterdata.save_officer(OfficerDraft(f"K-{i}", f"Name{i}", "Vor")).value.id
        for i in range(count)
    ]


def test_empty_database_says_so(services: Services) -> None:
    board = services.dashboard.snapshot(NOW)
    assert board.is_empty
    assert board.today_duties == () and board.on_duty_now == () and board.warnings == ()


def test_duties_now_today_and_last_nights_duty(services: Services) -> None:
    a, b, c, d, e, f = officers(services, 6)
    late = add_duty(
        services, TODAY, time(14), time(22), ShiftKind.JOINT_PATROL_POLICE, "Bahnhofsumfeld", [a, b]
    )
    early = add_duty(services, TODAY, time(6), time(14), ShiftKind.PATROL, "Innenstadt", [c, d])
    night = add_duty(services, TODAY, time(22), time(6), ShiftKind.PATROL, "Innenstadt", [e])
    yesterday = add_duty(
        services,
        TODAY - timedelta(days=1),
        time(22),
        time(6),
        ShiftKind.PATROL,
        "Innenstadt",
        [f, a],
    )
    board = services.dashboard.snapshot(NOW)
    assert [d.shift_id for d in board.on_duty_now] == [late]
    assert {d.shift_id for d in board.today_duties} == {late, early, night}
    assert yesterday not in {d.shift_id for d in board.today_duties}
    lead = board.on_duty_now[0].crew[0]
    assert lead.is_lead and lead.name == "Name0, Vor"
    # The night duty tonight has one of two officers: a warning with its kind and times.
    assert [w.text for w in board.warnings] == [
        "Streife Innenstadt 22:00–06:00: 1 von 2 Dienstkräften eingeteilt."
    ]
    # At 03:00 on the 27th the night duty that began on the 26th is still running.
    early_morning = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
    assert [d.shift_id for d in services.dashboard.snapshot(early_morning).on_duty_now] == [night]


def test_bikes_and_overdue_cases(services: Services) -> None:
    [officer] = officers(services, 1)
    with services.db.write("test") as session:
        out_bike = m.Bike(inventory_no="DF-01", is_pedelec=True, odometer_km=1200)
        broken = m.Bike(inventory_no="DF-02", condition="defect", note="Bremse vorne")
        due = m.Bike(inventory_no="DF-03", next_inspection_on=TODAY - timedelta(days=2))
        session.add_all([out_bike, broken, due])
        session.flush()
        session.add(
            m.BikeCheckout(
                bike_id=out_bike.id,
                officer_id=officer,
                status="out",
                out_at=NOW - timedelta(hours=3),
                planned_to=NOW - timedelta(hours=1),
            )
        )
        session.add(
            m.Case(
                reference="ED-1",
                subject="Wohnsitzprüfung",
                received_on=TODAY,
                due_on=TODAY - timedelta(days=1),
                status="open",
            )
        )
        session.add(
            m.Case(
                reference="ED-2",
                subject="Erledigt",
                received_on=TODAY,
                due_on=TODAY - timedelta(days=5),
                status="done",
            )
        )
        session.add(
            m.Case(
                reference="ED-3",
                subject="Noch Zeit",
                received_on=TODAY,
                due_on=TODAY + timedelta(days=5),
                status="open",
            )
        )
    board = services.dashboard.snapshot(NOW)
    assert [(b.inventory_no, b.officer) for b in board.bikes_out] == [("DF-01", "Name0, Vor")]
    assert [(b.inventory_no, b.condition.label) for b in board.bikes_unusable] == [
        ("DF-02", "defekt")
    ]
    assert [c.reference for c in board.overdue_cases] == ["ED-1"]
    texts = [w.text for w in board.warnings]
    assert "Fahrrad DF-01 ist überfällig (Rückgabe geplant 26.11. 15:00, Name0, Vor)." in texts
    assert "Fahrrad DF-03: Inspektion seit 24.11.2026 überfällig." in texts
    assert "1 Ermittlungsauftrag ist überfällig." in texts


def test_inspections_due_within_14_days_agree_with_the_fleet(services: Services) -> None:
    with services.db.write("test") as session:
        session.add_all(
            [
                m.Bike(inventory_no="IN-10", next_inspection_on=TODAY + timedelta(days=10)),
                m.Bike(inventory_no="IN-30", next_inspection_on=TODAY + timedelta(days=30)),
                m.Bike(inventory_no="IN-KM", odometer_km=1950, next_inspection_km=2000),
                m.Bike(inventory_no="IN-OLD", next_inspection_on=TODAY - timedelta(days=1)),
                m.Bike(
                    inventory_no="IN-RET",
                    condition="retired",
                    next_inspection_on=TODAY - timedelta(days=1),
                ),
            ]
        )
    board = services.dashboard.snapshot(NOW)
    due = {r.inventory_no: r for r in board.inspections_due}
    # Overdue first, then by date; 30 days away and retired bikes are not listed.
    assert [r.inventory_no for r in board.inspections_due] == ["IN-OLD", "IN-10", "IN-KM"]
    assert due["IN-10"].state is InspectionState.SOON
    assert due["IN-10"].message == "Fahrrad IN-10: Inspektion fällig am 06.12.2026."
    assert due["IN-KM"].message == "Fahrrad IN-KM: Inspektion fällig in 50 km."
    assert due["IN-OLD"].state is InspectionState.OVERDUE
    # The Übersicht and the fleet page use the same rule.
    for bike in services.bikes.list_bikes(include_retired=False):
        status = inspection_due(bike, TODAY)
        assert (status.state is not InspectionState.OK) == (bike.inventory_no in due)
    texts = [w.text for w in board.warnings]
    assert "Fahrrad IN-10: Inspektion fällig am 06.12.2026." in texts
    assert "Fahrrad IN-OLD: Inspektion seit 25.11.2026 überfällig." in texts
    assert not any("IN-30" in t or "IN-RET" in t for t in texts)


def test_overdue_return_warns_and_a_timely_one_does_not(services: Services) -> None:
    late, timely = officers(services, 2)
    with services.db.write("test") as session:
        bikes = [m.Bike(inventory_no="OV-1"), m.Bike(inventory_no="OV-2")]
        session.add_all(bikes)
        session.flush()
        session.add_all(
            [
                m.BikeCheckout(
                    bike_id=bikes[0].id,
                    officer_id=late,
                    status="out",
                    out_at=NOW - timedelta(hours=5),
                    planned_to=NOW - timedelta(minutes=30),
                ),
                m.BikeCheckout(
                    bike_id=bikes[1].id,
                    officer_id=timely,
                    status="out",
                    out_at=NOW - timedelta(hours=1),
                    planned_to=NOW + timedelta(hours=2),
                ),
            ]
        )
    board = services.dashboard.snapshot(NOW)
    overdue = {r.inventory_no: r.is_overdue(NOW) for r in board.bikes_out}
    assert overdue == {"OV-1": True, "OV-2": False}
    assert all(r.bike_id and r.checkout_id for r in board.bikes_out)
    texts = [w.text for w in board.warnings]
    assert "Fahrrad OV-1 ist überfällig (Rückgabe geplant 26.11. 15:30, Name0, Vor)." in texts
    assert not any("OV-2" in t for t in texts)
