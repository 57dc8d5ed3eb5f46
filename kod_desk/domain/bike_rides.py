"""Warnings about a ride (DESIGN.md §6): a km reading no bike could ride in the time it was
out, and a pedelec's range against a duty. Warnings only: the form asks, the user decides."""

from __future__ import annotations

from datetime import datetime, timedelta

from kod_desk.domain.bikes import TYPICAL_PATROL_SPEED_KMH, Bike, km
from kod_desk.domain.text import german_decimal

# The fastest average a ride can have, from check-out to return (stops included): a pedelec's
# motor helps up to 25 km/h (the legal limit), and nobody keeps 20 km/h on a bike without one
# over a patrol. A faster ride is a mistyped km reading or time: the form asks before saving.
MAX_AVERAGE_SPEED_PEDELEC_KMH = 25
MAX_AVERAGE_SPEED_BIKE_KMH = 20
# Readings are whole km and times whole minutes: one of each is rounding, not speed.
READING_SLACK_KM = 1
READING_SLACK = timedelta(minutes=1)


def max_average_speed(bike: Bike) -> int:
    """The fastest plausible average of a ride on ``bike`` in km/h."""
    return MAX_AVERAGE_SPEED_PEDELEC_KMH if bike.is_pedelec else MAX_AVERAGE_SPEED_BIKE_KMH


def implausible_ride(
    bike: Bike, out_at: datetime | None, in_at: datetime, km_out: int | None, km_in: int
) -> str | None:
    """A German warning when more km were ridden than ``bike`` can do in the time it was out.

    None when the ride is plausible (or cannot be judged: no check-out time or reading).
    """
    if out_at is None or km_out is None or in_at <= out_at:
        return None
    ridden = km_in - km_out
    out_for = in_at - out_at
    limit = max_average_speed(bike)
    hours = (out_for + READING_SLACK).total_seconds() / 3600
    if ridden <= limit * hours + READING_SLACK_KM:
        return None
    speed = ridden / (out_for.total_seconds() / 3600)
    kind = "Pedelec" if bike.is_pedelec else "Fahrrad ohne Motor"
    return (
        f"{km(ridden)} km in {_duration(out_for)} wären im Schnitt {km(round(speed))} km/h – "
        f"ein {kind} schafft höchstens {limit} km/h."
    )


def _duration(span: timedelta) -> str:
    """German: "1 Minute", "45 Minuten", "2 Std. 5 Min."."""
    minutes = max(1, round(span.total_seconds() / 60))
    if minutes < 60:
        return "1 Minute" if minutes == 1 else f"{minutes} Minuten"
    hours, rest = divmod(minutes, 60)
    return f"{hours} Std. {rest} Min." if rest else f"{hours} Std."


def range_warning(
    bike: Bike, starts_at: datetime, ends_at: datetime, speed_kmh: float = TYPICAL_PATROL_SPEED_KMH
) -> str | None:
    """A pedelec's range against a duty ridden at a typical patrol speed (a warning only)."""
    if not bike.is_pedelec or bike.range_km is None:
        return None
    hours = (ends_at - starts_at).total_seconds() / 3600
    needed = hours * speed_kmh
    if needed <= bike.range_km:
        return None
    return (
        f"{bike.name}: {_hours(hours)} Std. Dienst bei {_hours(speed_kmh)} km/h ≈ "
        f"{km(round(needed))} km, Reichweite nur {km(bike.range_km)} km."
    )


def _hours(value: float) -> str:
    return german_decimal(value, 1, trim=True)
