"""Monatsstatistik as PDF, read back (issue 7, report 6): the totals printed in it equal counts
recomputed with plain SQL and zoneinfo, and it holds no personal data at all."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from io import BytesIO

import pdfplumber
import pytest
from pypdf import PdfReader

from kod_desk.domain.enums import Role
from kod_desk.domain.statistics import StatisticsFilter
from kod_desk.services.demo import DemoService
from kod_desk.services.registry import Services
from kod_desk.services.reports.pdf import MARGIN_X
from tests.raw_sql import aware, raw_rows
from tests.services.test_statistics import (
    BERLIN,
    _local_incidents,
    _personal_values,
    person_hours_by_sql,
)

TODAY = date(2025, 6, 19)
JUNE = StatisticsFilter(date(2025, 6, 1), date(2025, 6, 30))


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _h(value: float) -> str:
    """One decimal, halves up (181.25 h → "181,3")."""
    tenths = int(value * 10 + 0.5 + 1e-9)
    return f"{_n(tenths // 10)},{tenths % 10}"


def _lines(document: bytes) -> list[str]:
    with pdfplumber.open(BytesIO(document)) as doc:
        return [line for page in doc.pages for line in (page.extract_text() or "").splitlines()]


@pytest.fixture
def june_pdf(services: Services) -> tuple[Services, bytes]:
    DemoService(services.context).populate(incidents=300, seed=1, today=TODAY)
    return services, services.reports.month_statistics(date(2025, 6, 19))


def test_month_report_prints_the_totals_recomputed_from_rawraw_rows(
    june_pdf: tuple[Services, bytes],
) -> None:
    services, document = june_pdf
    pages = [p.extract_text() or "" for p in PdfReader(BytesIO(document)).pages]
    assert 2 <= len(pages) <= 4
    assert pages[0].count("Monatsstatistik Juni 2025") >= 2  # title and running header
    assert "Zeitraum 01.06.2025–30.06.2025 · alle Gebiete · alle Kategorien" in pages[0]
    for number, page in enumerate(pages, start=1):
        assert f"Seite {number} von {len(pages)}" in page
    lines = _lines(document)
    raw = _local_incidents(services, JUNE.first, JUNE.last)

    # Category × area: each category's counts in area order end its row; the sum row last.
    areas = raw_rows(services, "SELECT id, name, priority FROM area WHERE deleted_at IS NULL")
    area_ids = [a[0] for a in sorted(areas, key=lambda a: (a[2], a[1].casefold()))]
    categories = raw_rows(
        services,
        "SELECT id, name FROM catalog_entry WHERE kind = 'incident_category' AND active "
        "ORDER BY sort_order, name",
    )
    pairs = Counter((category, area) for _, area, category, _, _ in raw)
    for category_id, name in categories:
        counts = [pairs[(category_id, a)] for a in area_ids]
        row = " ".join(_n(c) for c in [*counts, sum(counts)])
        assert any(line.endswith(" " + row) for line in lines), (name, row)
    columns = [sum(pairs[(c, a)] for c, _ in categories) for a in area_ids]
    assert "Summe " + " ".join(_n(c) for c in [*columns, len(raw)]) in lines
    assert f"Vorkommnisse {_n(len(raw))}" in " ".join(lines)

    # Heat map: weekday totals end their rows, hour totals fill the Σ row (local time).
    hours = Counter(local.hour for local, *_ in raw)
    assert "Σ " + " ".join(_n(hours[h]) for h in range(24)) + f" {_n(len(raw))}" in lines
    weekdays = Counter(local.weekday() for local, *_ in raw)
    for day, short in enumerate(("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")):
        row = next(line for line in lines if line.startswith(short + " "))
        assert row.endswith(" " + _n(weekdays[day])), row

    # Trend: the six months' counts printed above their bars.
    trend = Counter(
        (local.year, local.month)
        for local, *_ in _local_incidents(services, date(2025, 1, 1), date(2025, 6, 30))
    )
    text = "\n".join(pages)
    section = text.split("letzten sechs Monate", 1)[1].split("Streifenstunden nach", 1)[0]
    for month in range(1, 7):
        if trend[(2025, month)]:
            assert re.search(rf"\b{re.escape(_n(trend[(2025, month)]))}\b", section)
    for label in ("Jan 25", "Feb 25", "Mär 25", "Apr 25", "Mai 25", "Jun 25"):
        assert label in section

    # Patrol hours per area and kind (person-hours), their sum, joint patrols.
    expected = person_hours_by_sql(services, JUNE)
    kinds = {
        "patrol": "Streife",
        "bike_patrol": "Radstreife",
        "joint_patrol_police": "Gemeinsame Streife Polizei",
        "contact_point": "Ansprechstelle",
    }
    for (area, kind), value in expected.items():
        assert any(
            line.startswith(f"{area} {kinds[kind]} ") and line.endswith(" " + _h(value))
            for line in lines
        ), (area, kind, _h(value))
    total = sum(expected.values())
    assert any(line.startswith("Summe ") and line.endswith(" " + _h(total)) for line in lines)
    assert "Gemeinsame Streifen mit der Polizei" in text

    # Bike km per inventory number and in total.
    km: Counter[str] = Counter()
    for number, out_at, km_out, km_in in raw_rows(
        services,
        "SELECT b.inventory_no, c.out_at, c.km_out, c.km_in FROM bike_checkout c "
        "JOIN bike b ON b.id = c.bike_id WHERE c.status = 'returned' AND c.deleted_at IS NULL",
    ):
        if JUNE.first <= aware(out_at).astimezone(BERLIN).date() <= JUNE.last:
            km[number] += km_in - km_out
    for number, value in km.items():
        assert any(line.startswith(number + " ") and line.endswith(f" {_n(value)} km")
                   for line in lines)  # fmt: skip
    assert f"Fahrrad-km {_n(sum(km.values()))} km" in " ".join(lines)

    # Sources.
    sources = Counter(source for *_, source, _ in raw)
    assert any(line.startswith(f"Streife {_n(sources['patrol'])} ") for line in lines)
    assert any(line.startswith(f"Bürgerhinweis {_n(sources['citizen'])} ") for line in lines)

    # Nothing runs into the page margins.
    with pdfplumber.open(BytesIO(document)) as doc:
        for page in doc.pages:
            right = page.width - MARGIN_X + 0.5
            outside = [c["text"] for c in page.chars if c["x1"] > right or c["x0"] < MARGIN_X - 0.5]
            assert not outside, "".join(outside)[:80]


def test_month_report_holds_no_personal_data(june_pdf: tuple[Services, bytes]) -> None:
    services, document = june_pdf
    text = "\n".join(_lines(document))
    words = set(re.findall(r"[\w-]+", text))
    for value in _personal_values(services):
        if " " in value or "-" in value or "," in value:
            assert value not in text, value
        else:
            assert value not in words, value


def test_an_officer_may_print_the_month_report_and_an_empty_month_says_so(
    services: Services,
) -> None:
    officer = Services.create(services.context.db, "k-1", Role.OFFICER).reports
    document = officer.month_statistics(date(2024, 2, 10))
    text = "\n".join(_lines(document))
    assert "Monatsstatistik Februar 2024" in text
    assert "Zeitraum 01.02.2024–29.02.2024" in text
    assert "Keine Streifendienste im Zeitraum." in text
    assert "Keine gemeinsamen Streifen mit der Polizei im Zeitraum." in text
    assert "Vorkommnisse 0" in text
