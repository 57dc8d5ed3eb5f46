"""What the bike logbook (Fahrtenbuch) and the printed incident list (Vorkommnisliste) show:
plain frozen data and the rules of the two reports (issue 7), no layout, no storage.

The logbook names the officer who rode the bike (a fleet record, not personal data of a
citizen); the incident list never shows persons involved nor descriptions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from kod_desk.domain.bikes import Bike, ServiceRecord
from kod_desk.domain.enums import CheckoutStatus, IncidentSource, IncidentStatus
from kod_desk.domain.errors import ValidationError
from kod_desk.domain.incident_list import IncidentSort, SortKey
from kod_desk.domain.incidents import IncidentFilter
from kod_desk.domain.text import german_sort_key
from kod_desk.domain.timeutil import local_to_utc, to_local

MAX_LIST_ROWS = 10_000
"""The printed incident list stops here: more hits make hundreds of pages nobody reads."""

MAX_LOGBOOK_DAYS = 3 * 366
"""The longest period of one logbook (three years)."""


# ---------------------------------------------------------------- bike logbook


@dataclass(frozen=True, slots=True)
class LogbookEntry:
    """One check-out of the bike, with the duty it was for and who rode it."""

    checkout_id: str
    status: CheckoutStatus
    out_at: datetime
    in_at: datetime | None
    officer_name: str  # "Nachname, Vorname"
    service_number: str
    duty: str  # "Radstreife Innenstadt 06:00–14:00", "" without a duty
    km_out: int | None
    km_in: int | None
    battery_out: int | None
    battery_in: int | None
    defect: str

    @property
    def km_driven(self) -> int | None:
        if self.km_in is None or self.km_out is None:
            return None
        return self.km_in - self.km_out


@dataclass(frozen=True, slots=True)
class BikeLogbookData:
    """One bike, one period (``first`` … ``last``, local days, inclusive)."""

    bike: Bike
    first: date
    last: date
    entries: tuple[LogbookEntry, ...]
    services: tuple[ServiceRecord, ...]

    @property
    def trips(self) -> int:
        return len(self.entries)

    @property
    def km_total(self) -> int:
        """Kilometres of the rides with both readings (a bike still out counts when it is back)."""
        return sum(e.km_driven or 0 for e in self.entries)

    @property
    def open_trips(self) -> int:
        """Rides without a km reading at check-in (bike still out)."""
        return sum(1 for e in self.entries if e.km_driven is None)

    @property
    def days_in_use(self) -> int:
        """Local days on which the bike was checked out at least once."""
        return len({to_local(e.out_at).date() for e in self.entries})


def period_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The period as UTC [start, end): local midnight of ``first`` to the one after ``last``.

    German error when the period is reversed or longer than :data:`MAX_LOGBOOK_DAYS`.
    """
    if last < first:
        raise ValidationError(
            f"Zeitraum: das Ende {last:%d.%m.%Y} liegt vor dem Beginn {first:%d.%m.%Y}."
        )
    if (last - first).days + 1 > MAX_LOGBOOK_DAYS:
        raise ValidationError(
            f"Zeitraum: höchstens {MAX_LOGBOOK_DAYS} Tage; bitte einen kürzeren Zeitraum wählen."
        )
    return local_to_utc(first, time(0)), local_to_utc(last + timedelta(days=1), time(0))


# ---------------------------------------------------------------- incident list


@dataclass(frozen=True, slots=True)
class IncidentListRow:
    """One line of the printed list: no persons, no description."""

    id: str
    reference: str
    occurred_at: datetime
    area: str
    category: str
    place: str
    source: IncidentSource
    status: IncidentStatus
    measures: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class IncidentListData:
    rows: tuple[IncidentListRow, ...]
    filter_text: str  # "Zeitraum 01.06.2025–30.06.2025; Gebiet: Innenstadt"
    sort_text: str  # "Zeit, neueste zuerst"

    @property
    def count(self) -> int:
        return len(self.rows)


def too_many(count: int) -> str:
    """The German refusal of a list with ``count`` hits."""
    return (
        f"Der Filter trifft {count:,} Vorkommnisse; gedruckt werden höchstens "
        f"{MAX_LIST_ROWS:,}. Bitte den Filter einschränken (z. B. Zeitraum oder Gebiet)."
    ).replace(",", ".")


@dataclass(frozen=True, slots=True)
class FilterNames:
    """Display names of the ids a filter refers to (unknown ids show as "unbekannt")."""

    areas: Mapping[str, str]
    categories: Mapping[str, str]
    measures: Mapping[str, str]
    officers: Mapping[str, str]


def _names(ids: frozenset[str], names: Mapping[str, str]) -> str:
    return ", ".join(sorted((names.get(i, "unbekannt") for i in ids), key=german_sort_key))


def _day_before_midnight(moment: datetime) -> date:
    """The last day of a period ending (exclusively) at ``moment``."""
    local = to_local(moment)
    if local.time() == time(0):
        return local.date() - timedelta(days=1)
    return local.date()


def describe_filter(flt: IncidentFilter, names: FilterNames) -> str:
    """The active filter in one German line, as the filter bar of the list would read."""
    parts: list[str] = []
    if flt.since is not None and flt.until is not None:
        first, last = to_local(flt.since).date(), _day_before_midnight(flt.until)
        parts.append(f"Zeitraum {first:%d.%m.%Y}–{last:%d.%m.%Y}")
    elif flt.since is not None:
        parts.append(f"ab {to_local(flt.since):%d.%m.%Y}")
    elif flt.until is not None:
        parts.append(f"bis {_day_before_midnight(flt.until):%d.%m.%Y}")
    if flt.area_ids:
        parts.append(f"Gebiet: {_names(flt.area_ids, names.areas)}")
    if flt.category_ids:
        parts.append(f"Kategorie: {_names(flt.category_ids, names.categories)}")
    if flt.measure_id:
        parts.append(f"Maßnahme: {names.measures.get(flt.measure_id, 'unbekannt')}")
    if flt.statuses:
        labels = [s.label for s in IncidentStatus if s in flt.statuses]
        parts.append(f"Status: {', '.join(labels)}")
    if flt.sources:
        labels = [s.label for s in IncidentSource if s in flt.sources]
        parts.append(f"Quelle: {', '.join(labels)}")
    if flt.officer_id:
        parts.append(f"Dienstkraft: {names.officers.get(flt.officer_id, 'unbekannt')}")
    if flt.text.strip():
        parts.append(f"Suche: „{flt.text.strip()}“")
    return "; ".join(parts) if parts else "ohne Filter (alle Vorkommnisse)"


_SORT_NAMES = {
    SortKey.TIME: "Zeit",
    SortKey.REFERENCE: "Aktenzeichen",
    SortKey.AREA: "Gebiet",
    SortKey.CATEGORY: "Kategorie",
    SortKey.SOURCE: "Quelle",
    SortKey.STATUS: "Status",
    SortKey.PLACE: "Ort",
}


def describe_sort(sort: IncidentSort) -> str:
    if sort.key is SortKey.TIME:
        return "Zeit, neueste zuerst" if sort.descending else "Zeit, älteste zuerst"
    way = "absteigend" if sort.descending else "aufsteigend"
    inner = "; innerhalb neueste zuerst" if sort.key.segmented else ""
    return f"{_SORT_NAMES[sort.key]}, {way}{inner}"


def sort_rows(rows: list[IncidentListRow], sort: IncidentSort) -> list[IncidentListRow]:
    """``rows`` (newest first) in the list page's order for ``sort``.

    As on the page: columns with few values (area, category, source, status) are sorted by
    their German name, empty last, newest first inside; "descending" turns only the groups
    round. Place sorts by German collation; reference by its text.
    """
    key = sort.key
    if key is SortKey.TIME:
        return rows if sort.descending else rows[::-1]
    if key is SortKey.REFERENCE:
        return sorted(rows, key=lambda r: (r.reference, r.id), reverse=sort.descending)
    if key is SortKey.PLACE:
        return sorted(rows, key=lambda r: german_sort_key(r.place), reverse=sort.descending)

    def name(row: IncidentListRow) -> str:
        if key is SortKey.AREA:
            return row.area
        if key is SortKey.CATEGORY:
            return row.category
        return row.source.label if key is SortKey.SOURCE else row.status.label

    groups: dict[str, list[IncidentListRow]] = {}
    for row in rows:
        groups.setdefault(name(row), []).append(row)
    order = sorted(groups, key=lambda n: (n == "", german_sort_key(n)))
    if sort.descending:
        order.reverse()
    return [row for group in order for row in groups[group]]
