"""Public holidays of Schleswig-Holstein, and Easter Sunday they depend on.

:func:`easter_sunday` computes Gregorian Easter; :func:`public_holidays` lists the statutory
holidays of a year by date; :func:`holiday_name` looks one day up (cached per year). The
roster rules (§11 ArbZG, contract hours) and the roster suggestion use them.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date, timedelta


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    golden = year % 19
    century, year_of_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    correction = (century + 8) // 25
    moon = (century - correction + 1) // 3
    epact = (19 * golden + century - leap_centuries - moon + 15) % 30
    quarter, year_rest = divmod(year_of_century, 4)
    weekday = (32 + 2 * century_rest + 2 * quarter - epact - year_rest) % 7
    shift = (golden + 11 * epact + 22 * weekday) // 451
    month, day = divmod(epact + weekday - 7 * shift + 114, 31)
    return date(year, month, day + 1)


@functools.lru_cache(maxsize=64)
def _holidays(year: int) -> Mapping[date, str]:
    easter = easter_sunday(year)
    days = {
        date(year, 1, 1): "Neujahr",
        easter - timedelta(days=2): "Karfreitag",
        easter + timedelta(days=1): "Ostermontag",
        date(year, 5, 1): "Tag der Arbeit",
        easter + timedelta(days=39): "Christi Himmelfahrt",
        easter + timedelta(days=50): "Pfingstmontag",
        date(year, 10, 3): "Tag der Deutschen Einheit",
        date(year, 12, 25): "1. Weihnachtstag",
        date(year, 12, 26): "2. Weihnachtstag",
    }
    # Schleswig-Holstein since 2018; 2017 was a one-off holiday everywhere (Luther year).
    if year >= 2017:
        days[date(year, 10, 31)] = "Reformationstag"
    return dict(sorted(days.items()))


def public_holidays(year: int) -> dict[date, str]:
    """The statutory public holidays of Schleswig-Holstein in ``year``, by date."""
    return dict(_holidays(year))


def holiday_name(day: date) -> str | None:
    """The name of the public holiday on ``day``, or None on other days."""
    return _holidays(day.year).get(day)
