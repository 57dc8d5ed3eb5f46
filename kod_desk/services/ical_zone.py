"""The VTIMEZONE block of an iCalendar file, made from the tz database (RFC 5545 §3.6.5).

The icalendar library writes a daylight observance's DTSTART as the wall-clock time after the
change (``20260329T030000``); RFC 5545 wants the local time before it, in TZOFFSETFROM
(``20260329T020000``), and calendar programs that read the block (not only the TZID) put every
summer duty an hour off around the change. So the block is made here: every transition the
zone has in the years asked for, each observance's onset in the offset it starts from, and one
observance from the first of January so that dates before the first change are covered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class Transition:
    """A change of the zone's offset: the local onset is given in the offset it leaves."""

    onset: datetime  # naive local time, in offset_from
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool


def transitions(zone: ZoneInfo, first_year: int, last_year: int) -> list[Transition]:
    """Every offset change of ``zone`` from 1 January ``first_year`` to 31 December
    ``last_year``, to the minute."""
    found: list[Transition] = []
    moment = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    step = timedelta(hours=6)  # zones change at most a few times a year, never twice in 6 h
    while moment < end:
        following = moment + step
        before, after = _offset(zone, moment), _offset(zone, following)
        if before != after:
            low, high = moment, following  # the change lies in (low, high]
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                middle = middle.replace(second=0, microsecond=0)
                if middle <= low:
                    break
                if _offset(zone, middle) == before:
                    low = middle
                else:
                    high = middle
            local = high.astimezone(zone)
            found.append(
                Transition(
                    onset=(high + before).replace(tzinfo=None),
                    offset_from=before,
                    offset_to=after,
                    name=local.tzname() or "",
                    daylight=bool(local.dst()),
                )
            )
        moment = following
    return found


def vtimezone(zone: ZoneInfo, first_year: int, last_year: int) -> Any:
    """The VTIMEZONE component (icalendar) for ``zone`` in the years given."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    component = Timezone()
    component.add("tzid", zone.key)
    start = datetime(first_year, 1, 1)
    at_start = start.replace(tzinfo=zone)
    offset = _offset(zone, at_start)
    initial = TimezoneDaylight() if at_start.dst() else TimezoneStandard()
    initial.add("dtstart", start)
    initial.add("tzoffsetfrom", offset)
    initial.add("tzoffsetto", offset)
    initial.add("tzname", at_start.tzname() or "")
    component.add_component(initial)
    groups: dict[tuple[timedelta, timedelta, str, bool], list[datetime]] = {}
    for change in transitions(zone, first_year, last_year):
        key = (change.offset_from, change.offset_to, change.name, change.daylight)
        groups.setdefault(key, []).append(change.onset)
    for (offset_from, offset_to, name, daylight), onsets in groups.items():
        observance = TimezoneDaylight() if daylight else TimezoneStandard()
        observance.add("dtstart", onsets[0])
        for onset in onsets[1:]:
            observance.add("rdate", onset)
        observance.add("tzoffsetfrom", offset_from)
        observance.add("tzoffsetto", offset_to)
        observance.add("tzname", name)
        component.add_component(observance)
    return component


def _offset(zone: ZoneInfo, moment: datetime) -> timedelta:
    return moment.astimezone(zone).utcoffset() or timedelta(0)
