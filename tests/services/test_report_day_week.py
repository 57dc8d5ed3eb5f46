"""Daily duty report and weekly roster as PDF, read back (issue 7, reports 2 and 3).

Expected values come from plain SQL on the demo database; pdfplumber finds where a duty's
times stand on the landscape grid (the officer's row, the day's column).
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from io import BytesIO
from typing import Any

import pdfplumber
import pytest

from kod_desk.domain.enums import ShiftKind
from kod_desk.domain.roster import ShiftDraft
from kod_desk.services.demo import DemoService
from kod_desk.services.registry import Services
from kod_desk.services.reports.pdf import printable
from tests.raw_sql import raw_rows
from tests.services.test_reports import _clock, _flat, _inside_margins, _pages

TODAY = date(2025, 6, 19)  # a Thursday; the demo publishes this week and the next
MONDAY = TODAY - timedelta(days=TODAY.weekday())
WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


@pytest.fixture
def demo(services: Services) -> Services:
    DemoService(services.context).populate(incidents=300, seed=1, today=TODAY)
    return services


# ---------------------------------------------------------------- daily duty report


def _busiest_bike_day(services: Services) -> date:
    """A past day with returned bikes and the most incidents booked to its duties."""
    rows = raw_rows(
        services,
        "SELECT s.duty_date, count(i.id) AS n FROM shift s "
        "LEFT JOIN incident i ON i.shift_id = s.id AND i.deleted_at IS NULL "
        "WHERE s.deleted_at IS NULL AND s.duty_date < :today AND s.duty_date IN "
        "(SELECT s2.duty_date FROM shift s2 JOIN bike_checkout c ON c.shift_id = s2.id "
        "WHERE c.status = 'returned') GROUP BY s.duty_date ORDER BY n DESC, s.duty_date",
        today=TODAY,
    )
    day = rows[0][0]
    return day if isinstance(day, date) else date.fromisoformat(day)


def _incidents_of(services: Services, shift_id: str) -> list[Any]:
    """The duty's chronology, found independently: booked to it, or of its crew in its time."""
    return raw_rows(
        services,
        "SELECT i.id, i.reference, i.occurred_at FROM incident i "
        "WHERE i.deleted_at IS NULL AND (i.shift_id = :s OR (i.occurred_at BETWEEN "
        "(SELECT min(coalesce(a.actual_start, s.starts_at)) FROM assignment a JOIN shift s "
        "ON s.id = a.shift_id WHERE s.id = :s AND a.deleted_at IS NULL) AND "
        "(SELECT max(coalesce(a.actual_end, s.ends_at)) FROM assignment a JOIN shift s "
        "ON s.id = a.shift_id WHERE s.id = :s AND a.deleted_at IS NULL) AND EXISTS "
        "(SELECT 1 FROM incident_officer io JOIN assignment a ON a.officer_id = io.officer_id "
        "AND a.shift_id = :s AND a.deleted_at IS NULL "
        "WHERE io.incident_id = i.id AND io.deleted_at IS NULL)))",
        s=shift_id,
    )


def test_day_report_shows_every_duty_with_crew_times_incidents_and_day_totals(
    demo: Services,
) -> None:
    day = _busiest_bike_day(demo)
    pdf = demo.reports.day_report(day)
    pages = _pages(pdf)
    flat = _flat("".join(pages))
    assert 1 <= len(pages) <= 3
    assert "Tagesdienstbericht" in pages[0] and f"{day:%d.%m.%Y}" in pages[0]

    shifts = raw_rows(
        demo,
        "SELECT id, starts_at, ends_at FROM shift WHERE duty_date = :d AND deleted_at IS NULL "
        "ORDER BY starts_at",
        d=day,
    )
    assert len(shifts) >= 3
    officers: set[str] = set()
    incidents: set[str] = set()
    positions = []
    for shift_id, starts_at, ends_at in shifts:
        span = _flat(f"{_clock(starts_at)}–{_clock(ends_at)} Uhr")
        assert span in flat
        positions.append(flat.index(span))
        crew = raw_rows(
            demo,
            "SELECT o.id, o.last_name, o.first_name, o.service_number, a.is_lead "
            "FROM assignment a JOIN officer o ON o.id = a.officer_id "
            "WHERE a.shift_id = :s AND a.deleted_at IS NULL",
            s=shift_id,
        )
        for officer_id, last, first, number, is_lead in crew:
            officers.add(officer_id)
            name = _flat(printable(f"{last}, {first} ({number})"))
            assert name in flat
            assert (_flat(f"{name} – Streifenführer/in") in flat) is bool(is_lead)
        for incident_id, reference, occurred_at in _incidents_of(demo, shift_id):
            incidents.add(incident_id)
            assert _flat(f"{_clock(occurred_at)} {reference}") in flat
    assert positions == sorted(positions)  # duties in time order

    km = raw_rows(
        demo,
        "SELECT coalesce(sum(c.km_in - c.km_out), 0) FROM bike_checkout c "
        "JOIN shift s ON s.id = c.shift_id WHERE s.duty_date = :d AND s.deleted_at IS NULL "
        "AND c.status = 'returned'",
        d=day,
    )[0][0]
    assert km > 0 and incidents
    assert _flat(f"Dienste {len(shifts)}") in flat
    assert _flat(f"Dienstkräfte {len(officers)}") in flat
    assert _flat(f"Vorkommnisse {len(incidents)}") in flat
    assert _flat(f"Gefahrene km {km} km") in flat
    assert "Akku" in flat and "→" in flat  # bikes with km and battery out/in
    assert _flat("Unterschrift Dienstgruppenleitung") in _flat(pages[-1])
    _inside_margins(pdf)


def test_day_report_of_a_day_without_duties_is_one_valid_page(services: Services) -> None:
    pages = _pages(services.reports.day_report(date(2026, 4, 6)))
    assert len(pages) == 1
    page = pages[0]
    assert "Montag, 06.04.2026 · Ostermontag" in page
    assert "Für diesen Tag sind keine Dienste eingetragen." in page
    assert _flat("Dienste 0 Dienstkräfte 0 Vorkommnisse 0") in _flat(page)
    assert "Seite 1 von 1" in page
    assert "Unterschrift Dienstgruppenleitung" in page


# ---------------------------------------------------------------- weekly roster


def _words(pdf: bytes) -> list[list[dict[str, Any]]]:
    with pdfplumber.open(BytesIO(pdf)) as doc:
        return [page.extract_words() for page in doc.pages]


def _columns(words: list[dict[str, Any]], monday: date) -> dict[date, tuple[float, float]]:
    """x-range of each day's column, from the header words "16.06." (the repeated header)."""
    header = next(w["top"] for w in words if w["text"] == "Dienstkraft")
    starts = {}
    for offset in range(7):
        day = monday + timedelta(days=offset)
        found = [w for w in words if w["text"] == f"{day:%d.%m.}" and abs(w["top"] - header) < 3]
        assert found, day
        starts[day] = min(w["x0"] for w in found) - 20  # "Mo " stands left of the date
    ordered = sorted(starts.items())
    return {
        day: (x0, ordered[n + 1][1] if n + 1 < len(ordered) else 1e9)
        for n, (day, x0) in enumerate(ordered)
    }


def _row_bands(
    words: list[dict[str, Any]], numbers: dict[str, str]
) -> dict[str, tuple[float, float]]:
    """y-range of each officer's row on a page, found by the service number under the name."""
    tops = sorted(
        (w["top"], numbers[w["text"]]) for w in words if w["text"] in numbers and w["x0"] < 80
    )
    legend = [w["top"] for w in words if w["text"] == "Dienstarten:"]
    bands = {}
    for n, (top, officer_id) in enumerate(tops):
        upper = top - 10  # the name stands one line above the service number
        lower = tops[n + 1][0] - 10 if n + 1 < len(tops) else min([top + 40, *legend])
        bands[officer_id] = (upper, lower)
    return bands


def _cell_words(pdf: bytes, monday: date, numbers: dict[str, str]) -> dict[tuple[str, date], str]:
    """The text of each grid cell (officer id, day), placed by the words' positions."""
    cells: dict[tuple[str, date], list[str]] = {}
    for words in _words(pdf):
        if not any(w["text"] == "Dienstkraft" for w in words):
            continue  # the findings page
        columns = _columns(words, monday)
        for officer_id, (upper, lower) in _row_bands(words, numbers).items():
            for day, (left, right) in columns.items():
                cells[(officer_id, day)] = [
                    w["text"]
                    for w in words
                    if upper <= w["top"] < lower and left <= w["x0"] < right
                ]
    return {key: " ".join(value) for key, value in cells.items()}


def _week_duties(services: Services, monday: date) -> list[Any]:
    return raw_rows(
        services,
        "SELECT s.id, s.duty_date, s.starts_at, s.ends_at, a.officer_id FROM shift s "
        "JOIN assignment a ON a.shift_id = s.id AND a.deleted_at IS NULL "
        "WHERE s.deleted_at IS NULL AND s.duty_date BETWEEN :a AND :b",
        a=monday,
        b=monday + timedelta(days=6),
    )


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def test_week_roster_is_a_landscape_grid_of_every_officer_with_duties_in_their_columns(
    demo: Services,
) -> None:
    pdf = demo.reports.week_roster(TODAY)
    with pdfplumber.open(BytesIO(pdf)) as doc:
        sizes = [(round(p.width), round(p.height)) for p in doc.pages]
    assert set(sizes) == {(842, 595)}  # A4 landscape
    assert len(sizes) <= 2
    pages = _pages(pdf)
    assert "Wochendienstplan" in pages[0] and "KW 25 · 16.06.2025 – 22.06.2025" in pages[0]
    assert "veröffentlicht am" in pages[0] and "Entwurf" not in "".join(pages)
    for page in pages:
        assert _flat("Dienstkraft Mo 16.06. Di 17.06.") in _flat(page)  # header on every page

    officers = raw_rows(
        demo,
        "SELECT id, service_number, last_name, first_name FROM officer "
        "WHERE active = :t AND deleted_at IS NULL",
        t=True,
    )
    assert len(officers) >= 20
    text = "".join(pages)
    for _, number, last, first in officers:
        assert printable(f"{last}, {first}") in text and number in text

    numbers = {number: officer_id for officer_id, number, _, _ in officers}
    cells = _cell_words(pdf, MONDAY, numbers)
    duties = _week_duties(demo, MONDAY)
    assert len(duties) >= 50
    for _, duty_date, starts_at, ends_at, officer_id in duties:
        times = f"{_clock(starts_at)}–{_clock(ends_at)}"
        assert times in cells[(officer_id, _day(duty_date))], (officer_id, duty_date, times)
    # Free cells stay free: as many times printed in the grid as there are assignments.
    printed = sum(len(re.findall(r"\d\d:\d\d–\d\d:\d\d", cell)) for cell in cells.values())
    assert printed == len(duties)
    absent = raw_rows(
        demo,
        "SELECT officer_id, starts_on, ends_on FROM absence WHERE deleted_at IS NULL "
        "AND kind = 'vacation' AND starts_on <= :b AND ends_on >= :a",
        a=MONDAY,
        b=MONDAY + timedelta(days=6),
    )
    for officer_id, starts_on, _ in absent:
        day = max(_day(starts_on), MONDAY)
        if officer_id in numbers.values():
            assert "Urlaub" in cells[(officer_id, day)]
    _inside_margins(pdf)


def test_week_roster_marks_a_change_after_publishing_and_lists_a_rule_finding(
    demo: Services,
) -> None:
    changed = demo.roster.period(TODAY, TODAY).shifts[0]
    demo.roster.update_shift(
        changed.id,
        ShiftDraft(
            changed.duty_date,
            time(7, 15),
            time(15, 15),
            changed.kind,
            area_id=changed.area_id,
            min_staff=changed.min_staff,
        ),
    )
    # A 13-hour duty for an officer free that Saturday: more than 10 hours (§3 ArbZG).
    saturday = MONDAY + timedelta(days=5)
    free = raw_rows(
        demo,
        "SELECT o.id, o.service_number, o.last_name, o.first_name FROM officer o "
        "WHERE o.active = :t AND o.unit = 'kod' AND NOT EXISTS (SELECT 1 FROM assignment a "
        "JOIN shift s ON s.id = a.shift_id WHERE a.officer_id = o.id AND a.deleted_at IS NULL "
        "AND s.deleted_at IS NULL AND s.duty_date = :sat) AND NOT EXISTS "
        "(SELECT 1 FROM absence b WHERE b.officer_id = o.id AND b.deleted_at IS NULL "
        "AND b.starts_on <= :sat AND b.ends_on >= :sat) ORDER BY o.service_number",
        t=True,
        sat=saturday,
    )[0]
    area = next(a.id for a in demo.masterdata.load().areas if a.name == "Innenstadt")
    long_duty = demo.roster.create_shift(
        ShiftDraft(saturday, time(6), time(19), ShiftKind.PATROL, area_id=area, min_staff=1)
    ).value
    demo.roster.assign(long_duty.id, free[0], is_lead=True)

    pdf = demo.reports.week_roster(TODAY)
    numbers = {
        number: officer_id
        for officer_id, number in raw_rows(demo, "SELECT id, service_number FROM officer")
    }
    cells = _cell_words(pdf, MONDAY, numbers)
    for member in changed.crew:
        assert "07:15–15:15*" in cells[(member.officer_id, changed.duty_date)] or (
            "07:15–15:15 SF*" in cells[(member.officer_id, changed.duty_date)]
        )
    assert "06:00–19:00 SF*" in cells[(free[0], saturday)]  # added after publishing
    marked = sum(cell.count("*") for cell in cells.values())
    assert marked == len(changed.crew) + 1  # nothing else carries the mark
    text = _flat("".join(_pages(pdf)))
    assert _flat("* nach der Veröffentlichung geändert (2 Dienste in dieser Woche)") in text

    findings = text.split(_flat("Regelprüfung:"), 1)[1]
    name = printable(f"{free[2]}, {free[3]} ({free[1]})")
    row = _flat(f"Fehler {name} Sa {saturday:%d.%m.%Y} §3 ArbZG:")
    assert row in findings
    assert _flat(f"Arbeitszeit am {saturday:%d.%m.}") in findings.split(row, 1)[1][:80]
    _inside_margins(pdf)


def test_a_week_never_published_is_titled_a_draft(demo: Services) -> None:
    later = TODAY + timedelta(weeks=3)
    state = raw_rows(
        demo,
        "SELECT published_at FROM roster_week WHERE week_start = :m",
        m=later - timedelta(days=later.weekday()),
    )
    assert not state or state[0][0] is None
    pages = _pages(demo.reports.week_roster(later))
    assert "Entwurf – nicht veröffentlicht" in pages[0]
    assert "veröffentlicht am" not in "".join(pages)


def test_week_roster_marks_public_holidays_in_the_header(services: Services) -> None:
    pages = _pages(services.reports.week_roster(date(2026, 4, 8)))
    assert len(pages) == 1
    assert "Mo 06.04." in pages[0] and "So 12.04." in pages[0]
    assert _flat("Mo 06.04. Di 07.04.") not in _flat(pages[0])  # the holiday line between
    assert _flat("Mo 06.04.") + _flat("Di 07.04.") not in _flat(pages[0])
    assert _flat("Feiertag: Ostermontag") in _flat(pages[0])
    assert pages[0].count("Feiertag:") == 1
    assert "Keine Befunde für diese Woche." in pages[0]
