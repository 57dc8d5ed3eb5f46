"""The demo's service bikes: check-outs on the bike patrols, one inspection, one open repair.

Written by the builder (builder.py) after the roster is planned: each bike patrol up to a week
ahead books bikes for its crew (pedelecs first, the least used first); past duties have taken
and returned them with kilometres and battery, a running duty has them out. One bike had its
yearly inspection three weeks ago; another came back with a brake defect five days ago and is
locked until its repair. All from the builder's ``random.Random``, in the order it always drew.
"""

from __future__ import annotations

import random
from datetime import time, timedelta
from typing import TYPE_CHECKING, Any

from kod_desk.domain.enums import BikeCondition, BikeServiceKind, CheckoutStatus, ShiftKind
from kod_desk.domain.timeutil import local_to_utc
from kod_desk.services.demo.state import _Planned
from kod_desk.services.demo.unit import BIKES, DEFECT_BIKE, INSPECTED_BIKE, WORKSHOP

if TYPE_CHECKING:
    from kod_desk.services.demo.builder import _DemoBuilder


def write_bikes(builder: _DemoBuilder) -> tuple[int, int, int]:
    """Bikes, their check-outs and their service records; returns how many of each."""
    rng = builder.rng
    bike_ids = {number: next(builder.ids) for number, *_rest in BIKES}
    odometer = {number: rng.randrange(900, 4800) for number, *_rest in BIKES}
    used = dict.fromkeys(bike_ids, 0)
    defect_day = builder.today - timedelta(days=5)
    horizon = builder.today + timedelta(days=7)
    checkouts: list[dict[str, Any]] = []
    last_defect_candidate: dict[str, Any] | None = None
    for shift in builder.shifts:
        if shift.kind is not ShiftKind.BIKE_PATROL or shift.day > horizon:
            continue
        usable = [
            (number, pedelec)
            for number, _model, pedelec, _range in BIKES
            if number != DEFECT_BIKE or shift.day <= defect_day
        ]
        ranked = sorted(usable, key=lambda b: (used[b[0]] + (0 if b[1] else 3), rng.random()))
        for officer_id, (number, pedelec) in zip(shift.crew, ranked, strict=False):
            used[number] += 1
            row = _checkout_row(builder, shift, officer_id, number, pedelec, odometer, rng)
            row["bike_id"] = bike_ids[number]
            checkouts.append(row)
            if number == DEFECT_BIKE and row["status"] == CheckoutStatus.RETURNED.value:
                last_defect_candidate = row
    services = _service_rows(builder, bike_ids, odometer, checkouts, last_defect_candidate)
    bike_rows = _bike_rows(builder, bike_ids, odometer, services, rng)
    bikes = builder.writer.insert("bike", bike_rows)
    written = builder.writer.insert("bike_checkout", checkouts)
    return bikes, written, builder.writer.insert("bike_service", services)


def _checkout_row(
    builder: _DemoBuilder,
    shift: _Planned,
    officer_id: str,
    number: str,
    pedelec: bool,
    odometer: dict[str, int],
    rng: random.Random,
) -> dict[str, Any]:
    km = rng.randrange(12, 40)
    battery_out = rng.randrange(85, 101) if pedelec else None
    row: dict[str, Any] = {
        "officer_id": officer_id,
        "shift_id": shift.id,
        "status": CheckoutStatus.BOOKED.value,
        "planned_from": shift.starts_at,
        "planned_to": shift.ends_at,
        "out_at": None,
        "in_at": None,
        "km_out": None,
        "km_in": None,
        "battery_out": None,
        "battery_in": None,
        "defect": "",
    }
    if shift.starts_at > builder.now:
        return row
    row.update(
        out_at=shift.starts_at + timedelta(minutes=10),
        km_out=odometer[number],
        battery_out=battery_out,
        status=CheckoutStatus.OUT.value,
    )
    if shift.ends_at > builder.now:
        return row
    range_km = next(b[3] for b in BIKES if b[0] == number) or 100
    used_pct = round(km * 100 / range_km * rng.uniform(1.0, 1.4))
    row.update(
        in_at=shift.ends_at - timedelta(minutes=5),
        km_in=odometer[number] + km,
        battery_in=max(5, battery_out - used_pct) if battery_out is not None else None,
        status=CheckoutStatus.RETURNED.value,
    )
    odometer[number] += km
    return row


def _service_rows(
    builder: _DemoBuilder,
    bike_ids: dict[str, str],
    odometer: dict[str, int],
    checkouts: list[dict[str, Any]],
    defect_checkout: dict[str, Any] | None,
) -> list[dict[str, Any]]:
    """One open repair (the defect reported at a check-in) and one finished inspection."""
    rows: list[dict[str, Any]] = []
    inspected_on = builder.today - timedelta(days=20)
    inspected_at = local_to_utc(inspected_on, time(8))
    km_at = odometer[INSPECTED_BIKE]
    for row in checkouts:  # the odometer then: the last return before the inspection
        if row["bike_id"] == bike_ids[INSPECTED_BIKE] and row["km_in"] is not None:
            if row["in_at"] <= inspected_at:
                km_at = row["km_in"]
            elif km_at == odometer[INSPECTED_BIKE]:
                km_at = row["km_out"]
    rows.append(
        {
            "bike_id": bike_ids[INSPECTED_BIKE],
            "kind": BikeServiceKind.INSPECTION.value,
            "reported_at": inspected_at,
            "description": "Jahresinspektion: Bremsen, Beleuchtung und Akku-Diagnose ohne "
            "Befund; Kette und Bremsbeläge vorn getauscht.",
            "workshop": WORKSHOP,
            "cost_cents": 14_900,
            "odometer_km": km_at,
            "done_on": inspected_on,
            "checkout_id": None,
        }
    )
    defect = "Hinterradbremse ohne ausreichende Wirkung, Bremsbelag hinten verschlissen."
    reported = local_to_utc(builder.today - timedelta(days=5), time(19))
    checkout_id = None
    if defect_checkout is not None:
        defect_checkout["defect"] = defect
        defect_checkout["id"] = checkout_id = next(builder.ids)
        reported = defect_checkout["in_at"]
    rows.append(
        {
            "bike_id": bike_ids[DEFECT_BIKE],
            "kind": BikeServiceKind.REPAIR.value,
            "reported_at": reported,
            "description": defect + " Rad bis zur Reparatur gesperrt.",
            "workshop": WORKSHOP,
            "cost_cents": None,
            "odometer_km": odometer[DEFECT_BIKE],
            "done_on": None,
            "checkout_id": checkout_id,
        }
    )
    # Checkouts must share one key set for executemany: give every row an id.
    for row in checkouts:
        row.setdefault("id", next(builder.ids))
    return rows


def _bike_rows(
    builder: _DemoBuilder,
    bike_ids: dict[str, str],
    odometer: dict[str, int],
    services: list[dict[str, Any]],
    rng: random.Random,
) -> list[dict[str, Any]]:
    inspection = services[0]
    rows: list[dict[str, Any]] = []
    for number, model, pedelec, range_km in BIKES:
        interval = 2000 if pedelec else 3000
        if number == INSPECTED_BIKE:
            next_on = inspection["done_on"] + timedelta(days=365)
            next_km = inspection["odometer_km"] + interval
        else:
            next_on = builder.today + timedelta(days=rng.randrange(10, 160))
            next_km = odometer[number] + rng.randrange(200, interval)
        defect = number == DEFECT_BIKE
        rows.append(
            {
                "id": bike_ids[number],
                "inventory_no": number,
                "frame_no": f"WBK{rng.randrange(10**6, 10**7)}",
                "model": model,
                "is_pedelec": pedelec,
                "range_km": range_km,
                "odometer_km": odometer[number],
                "condition": (BikeCondition.DEFECT if defect else BikeCondition.USABLE).value,
                "next_inspection_on": next_on,
                "next_inspection_km": next_km,
                "inspection_interval_km": interval,
                "season_start": None,
                "season_end": None,
                "note": "Gesperrt bis zur Reparatur der Hinterradbremse." if defect else "",
            }
        )
    return rows
