"""Quick entry of an incident in the street (issue 14): one time field, the running duty.

The time is one line of text, read in Berlin wall-clock time:

- empty: now;
- ``18:46`` (also ``18.46``, ``1846``, ``18:46 Uhr``): today, or yesterday when today's 18:46
  lies more than :data:`FUTURE_SLACK_SECONDS` ahead (typed after midnight about the evening);
- ``gestern 22:10``, ``vorgestern 6:30``, ``heute 9:05``;
- ``7.12. 18:46`` (this year, or last year when that is still ahead) and
  ``07.12.2026 18:46`` / ``7.12.26 18:46``; date and time in either order.

Anything else, a date without a time, or a moment in the future is refused with a German
message that names the field ("Zeit: …"); the form keeps the typed text.

The running duty fills area, crew and the duty's id; :func:`duty_line` shows them as one line
("Streife Bahnhofsumfeld 14–22 · Meier, Yılmaz") that always names every ticked officer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from kod_desk.domain.enums import ShiftKind
from kod_desk.domain.errors import FieldProblem, ValidationError
from kod_desk.domain.incidents import FUTURE_SLACK_SECONDS
from kod_desk.domain.timeutil import BERLIN, local_to_utc

FIELD = "Zeit"
FIELD_KEY = "occurred_at"  # the IncidentDraft attribute the typed time fills
EXAMPLES = "z. B. „18:46“, „gestern 22:10“ oder „7.12. 18:46“"
WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
DAYS_BACK = {"heute": 0, "gestern": 1, "vorgestern": 2}

_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_TIME_DIGITS = re.compile(r"^(\d{3,4})$")
_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})?$")
_MAX_TEXT = 40


def _refuse(text: str, why: str) -> ValidationError:
    return ValidationError(FieldProblem(FIELD_KEY, f"{FIELD}: „{text.strip()}“ {why}"))


def parse_occurred_at(text: str, now: datetime) -> datetime:
    """The moment ``text`` names, as an aware UTC datetime; ``now`` is aware (any zone).

    Raises a German ValidationError ("Zeit: …") for text that is not a time, a date without
    a time, an impossible date, or a moment more than the slack in the future.
    """
    if now.tzinfo is None:
        raise ValueError("now must be aware")
    stripped = text.strip()
    if not stripped:
        return now
    if len(stripped) > _MAX_TEXT:
        raise _refuse(stripped[:_MAX_TEXT] + "…", f"ist keine Zeitangabe ({EXAMPLES}).")
    today = now.astimezone(BERLIN).date()
    days_back, day, year_given, clock = _read_tokens(stripped, today)
    if clock is None:
        raise _refuse(stripped, f"– bitte auch die Uhrzeit angeben ({EXAMPLES}).")
    slack = timedelta(seconds=FUTURE_SLACK_SECONDS)
    if day is None:
        day = today - timedelta(days=days_back or 0)
        moment = local_to_utc(day, clock)
        if days_back is None and moment - now > slack:  # "23:50" typed at 00:20
            moment = local_to_utc(day - timedelta(days=1), clock)
    else:
        moment = local_to_utc(day, clock)
        if not year_given and moment - now > slack:  # "28.12." typed in January
            moment = local_to_utc(_same_day(day, day.year - 1), clock)
    if moment - now > slack:
        raise _refuse(stripped, "liegt in der Zukunft.")
    return moment


def _read_tokens(text: str, today: date) -> tuple[int | None, date | None, bool, time | None]:
    """(days back, date, whether the year was typed, clock) of the words of ``text``."""
    days_back: int | None = None
    day: date | None = None
    clock: time | None = None
    year_given = True
    for token in text.replace(",", " ").casefold().split():
        if token == "uhr":
            continue
        if token in DAYS_BACK and days_back is None and day is None:
            days_back = DAYS_BACK[token]
        elif (match := _DATE.match(token)) and day is None and days_back is None:
            day, year_given = _day(text, match, today)
        elif clock is None and (found := _clock(token)) is not None:
            clock = found
        else:
            raise _refuse(text, f"ist keine Zeitangabe ({EXAMPLES}).")
    return days_back, day, year_given, clock


def _clock(token: str) -> time | None:
    match = _TIME.match(token) or _TIME_DIGITS.match(token)
    if match is None:
        return None
    if match.re is _TIME_DIGITS:
        digits = match[1]
        hour, minute = int(digits[:-2]), int(digits[-2:])
    else:
        hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _day(text: str, match: re.Match[str], today: date) -> tuple[date, bool]:
    day_number, month = int(match[1]), int(match[2])
    year_text = match[3]
    if year_text is None:
        year = today.year
    elif len(year_text) == 2:
        year = 2000 + int(year_text)
    else:
        year = int(year_text)
    try:
        found = date(year, month, day_number)
    except ValueError:
        raise _refuse(text, "enthält kein gültiges Datum.") from None
    if found.year < today.year - 10:
        raise _refuse(text, "liegt zu weit zurück.")
    return found, year_text is not None


def _same_day(day: date, year: int) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def describe_moment(moment: datetime, now: datetime) -> str:
    """How the form echoes a parsed time: "heute 18:46", "gestern 22:10", "Mo 07.12.2026 18:46"."""
    local = moment.astimezone(BERLIN)
    days = (now.astimezone(BERLIN).date() - local.date()).days
    clock = f"{local:%H:%M}"
    if days == 0:
        return f"heute {clock}"
    if days == 1:
        return f"gestern {clock}"
    return f"{WEEKDAYS[local.weekday()]} {local:%d.%m.%Y} {clock}"


def format_moment(moment: datetime) -> str:
    """An absolute time the parser reads back (a restored draft must not move)."""
    return f"{moment.astimezone(BERLIN):%d.%m.%Y %H:%M}"


# ---------------------------------------------------------------- the running duty


@dataclass(frozen=True, slots=True)
class DutyCrew:
    officer_id: str
    last_name: str
    first_name: str


@dataclass(frozen=True, slots=True)
class RunningDuty:
    """A duty running at a moment, with its area and crew (lead first)."""

    shift_id: str
    kind: ShiftKind
    area_id: str | None
    area_name: str
    starts_at: datetime
    ends_at: datetime
    crew: tuple[DutyCrew, ...]

    @property
    def crew_ids(self) -> tuple[str, ...]:
        return tuple(c.officer_id for c in self.crew)


def pick_duty(
    duties: Sequence[RunningDuty], *, area_id: str | None = None, officer_id: str | None = None
) -> RunningDuty | None:
    """The duty to fill the form from.

    With ``area_id``: that area's duty (the officer's own there first), or None. Without:
    the officer's own duty, else the first running duty in an area.
    """
    candidates = [d for d in duties if area_id is None or d.area_id == area_id]
    for duty in candidates:
        if officer_id is not None and officer_id in duty.crew_ids:
            return duty
    in_an_area = [d for d in candidates if d.area_id is not None]  # not the Innendienst
    return in_an_area[0] if in_an_area else None


def _hour(moment: datetime) -> str:
    local = moment.astimezone(BERLIN)
    return f"{local:%H}" if local.minute == 0 else f"{local:%H:%M}"


def duty_label(duty: RunningDuty) -> str:
    """ "Streife Bahnhofsumfeld 14–22" (minutes only where they are not :00)."""
    area = f" {duty.area_name}" if duty.area_name else ""
    return f"{duty.kind.label}{area} {_hour(duty.starts_at)}–{_hour(duty.ends_at)}"


def crew_names(names: Iterable[tuple[str, str]]) -> str:
    """Last names, with a first initial where two share a last name: "Meier, Yılmaz"."""
    pairs = list(names)
    counts: dict[str, int] = {}
    for last, _first in pairs:
        counts[last] = counts.get(last, 0) + 1
    shown = [
        f"{last} {first[:1]}." if counts[last] > 1 and first else last for last, first in pairs
    ]
    return ", ".join(shown)


def duty_line(duty: RunningDuty | None, area_name: str, crew: Iterable[tuple[str, str]]) -> str:
    """One line for area, duty and crew; ``crew`` is every ticked officer as (last, first)."""
    names = crew_names(crew) or "keine Dienstkraft angekreuzt"
    if duty is not None:
        return f"{duty_label(duty)} · {names}"
    if area_name:
        return f"{area_name}: kein laufender Dienst · {names}"
    return f"Kein Gebiet gewählt · {names}"
