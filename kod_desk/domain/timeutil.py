"""Time helpers: UTC storage, Europe/Berlin display, German date parsing (DESIGN.md §4, §12)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kod_desk.domain.errors import ValidationError

BERLIN = ZoneInfo("Europe/Berlin")

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")

# The dates a user may type (command line, CSV files). A year 0001 or 9999 is a typo, and the
# arithmetic around a date (its week, the next day, the time zone) would leave Python's range.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_local(moment: datetime) -> datetime:
    return moment.astimezone(BERLIN)


def local_today() -> date:
    """Today in Berlin: the station's day, whatever time zone the computer is set to."""
    return to_local(utcnow()).date()


def local_to_utc(day: date, clock: time) -> datetime:
    """A wall-clock time in Berlin on a day, as an aware UTC datetime.

    A time that does not exist (the spring gap) is moved forward; an ambiguous one (autumn)
    takes its first occurrence, as a duty plan would read it.
    """
    naive = datetime.combine(day, clock)
    aware = naive.replace(tzinfo=BERLIN, fold=0)
    # Round-trip detects the non-existent hour of the spring change.
    if aware.astimezone(UTC).astimezone(BERLIN).replace(tzinfo=None) != naive:
        aware = (naive + timedelta(hours=1)).replace(tzinfo=BERLIN)
    return aware.astimezone(UTC)


def duty_bounds(day: date, start: time, end: time) -> tuple[datetime, datetime]:
    """UTC start and end of a duty; an end at or before the start means the next day."""
    starts_at = local_to_utc(day, start)
    end_day = day + timedelta(days=1) if end <= start else day
    return starts_at, local_to_utc(end_day, end)


def parse_date(text: str, field: str = "Datum") -> date:
    """``YYYY-MM-DD`` or ``DD.MM.YYYY`` between FIRST_DAY and LAST_DAY; anything else is a
    German validation error."""
    value = text.strip()
    parsed: date | None = None
    try:
        if match := _ISO_DATE.match(value):
            parsed = date(int(match[1]), int(match[2]), int(match[3]))
        elif match := _GERMAN_DATE.match(value):
            parsed = date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        pass
    if parsed is None:
        raise ValidationError(
            f"{field}: „{text}“ ist kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT)."
        )
    if not FIRST_DAY <= parsed <= LAST_DAY:
        raise ValidationError(
            f"{field}: {format_date(parsed)} liegt außerhalb von "
            f"{format_date(FIRST_DAY)} bis {format_date(LAST_DAY)}."
        )
    return parsed


def parse_time(text: str, field: str = "Uhrzeit") -> time:
    value = text.strip()
    if match := _TIME.match(value):
        hour, minute = int(match[1]), int(match[2])
        if hour == 24 and minute == 0:
            return time(0, 0)
        if 0 <= hour < 24 and 0 <= minute < 60:
            return time(hour, minute)
    raise ValidationError(f"{field}: „{text}“ ist keine gültige Uhrzeit (HH:MM).")


def format_date(day: date) -> str:
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"  # strftime drops a year's zeros


def format_time(clock: time) -> str:
    return clock.strftime("%H:%M")


def format_local(moment: datetime) -> str:
    return to_local(moment).strftime("%d.%m.%Y %H:%M")
