"""Figures for controlling and the pseudonymised CSV export (issue 7, report 6 and the
Statistik page's service).

Expected values come from plain SQL on raw rows, turned into local time with zoneinfo in the
test, never from the statistics code.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from kod_desk.domain.audit import AuditFilter
from kod_desk.domain.enums import IncidentSource, Role
from kod_desk.domain.errors import PermissionDenied, ValidationError
from kod_desk.domain.incidents import IncidentDraft
from kod_desk.domain.statistics import Figures, StatisticsFilter
from kod_desk.services.base import ServiceContext
from kod_desk.services.demo import DemoService
from kod_desk.services.registry import Services
from kod_desk.services.statistics import CSV_COLUMNS, StatisticsService
from tests.raw_sql import aware, raw_rows

TODAY = date(2025, 6, 19)
JUNE = StatisticsFilter(date(2025, 6, 1), date(2025, 6, 30))
BERLIN = ZoneInfo("Europe/Berlin")


def _local_incidents(services: Services, first: date, last: date) -> list[tuple[Any, ...]]:
    """(local time, area id, category id, source, id) of live incidents on local days
    first … last, filtered in Python."""
    found = []
    for occurred_at, area, category, source, incident_id in raw_rows(
        services,
        "SELECT occurred_at, area_id, category_id, source, id FROM incident "
        "WHERE deleted_at IS NULL",
    ):
        local = aware(occurred_at).astimezone(BERLIN)
        if first <= local.date() <= last:
            found.append((local, area, category, source, incident_id))
    return found


@pytest.fixture
def demo(services: Services) -> Services:
    DemoService(services.context).populate(incidents=300, seed=1, today=TODAY)
    return services


def _legal_break(span: timedelta) -> int:
    if span <= timedelta(hours=6):
        return 0
    if span - timedelta(minutes=30) <= timedelta(hours=9):
        return 30
    return 45


def person_hours_by_sql(services: Services, flt: StatisticsFilter) -> dict[tuple[str, str], float]:
    """Person-hours per (area name, kind) from raw assignments: actual else planned times,
    recorded else planned break (legal minimum without one)."""
    sums: dict[tuple[str, str], float] = defaultdict(float)
    for row in raw_rows(
        services,
        "SELECT a.name, s.kind, s.starts_at, s.ends_at, s.break_minutes, x.actual_start, "
        "x.actual_end, x.actual_break_minutes FROM shift s JOIN assignment x ON x.shift_id = s.id "
        "JOIN area a ON a.id = s.area_id WHERE s.deleted_at IS NULL AND x.deleted_at IS NULL "
        "AND s.duty_date BETWEEN :first AND :last AND s.kind IN "
        "('patrol', 'bike_patrol', 'joint_patrol_police', 'contact_point')",
        first=flt.first,
        last=flt.last,
    ):
        name, kind, start, end, planned_break, a_start, a_end, a_break = row
        begin = aware(a_start or start)
        finish = aware(a_end or end)
        pause = a_break if a_break is not None else planned_break
        span = finish - begin
        if pause is None:
            pause = _legal_break(span)
        sums[(name, kind)] += (span - timedelta(minutes=pause)).total_seconds() / 3600
    return sums


# ---------------------------------------------------------------- figures


def test_figures_equal_counts_recomputed_from_rawraw_rows(demo: Services) -> None:
    figures = demo.statistics.figures(JUNE)
    raw = _local_incidents(demo, JUNE.first, JUNE.last)
    assert figures.total == len(raw) > 50

    # category × area with totals
    table = figures.by_category_area
    pairs = Counter((category, area) for _, area, category, _, _ in raw)
    for category in table.rows:
        for area in table.columns:
            assert table.count(category.id, area.id) == pairs[(category.id, area.id)]
    assert sum(table.row_totals) == sum(table.column_totals) == table.total == len(raw)
    names = [r[0] for r in raw_rows(demo, "SELECT name FROM area WHERE deleted_at IS NULL")]
    assert {c.name for c in table.columns} == set(names)
    categories = raw_rows(
        demo,
        "SELECT name FROM catalog_entry WHERE kind = 'incident_category' AND active "
        "ORDER BY sort_order, name",
    )
    assert [c.name for c in table.rows] == [r[0] for r in categories]

    # local hour × weekday
    cells = Counter((local.weekday(), local.hour) for local, *_ in raw)
    for day in range(7):
        for hour in range(24):
            assert figures.by_weekday_hour[day][hour] == cells[(day, hour)]

    # trend: June and the five months before, same filter
    trend_raw = _local_incidents(demo, date(2025, 1, 1), date(2025, 6, 30))
    per_month = Counter((local.year, local.month) for local, *_ in trend_raw)
    assert [(m.month, m.count) for m in figures.trend] == [
        (date(2025, month, 1), per_month[(2025, month)]) for month in range(1, 7)
    ]

    # sources and measures
    sources = Counter(source for *_, source, _ in raw)
    assert {s.source.value: s.count for s in figures.sources} == {
        s.value: sources[s.value] for s in IncidentSource
    }
    ids = {incident_id for *_, incident_id in raw}
    measures: Counter[str] = Counter()
    for incident_id, name in raw_rows(
        demo,
        "SELECT m.incident_id, c.name FROM incident_measure m JOIN catalog_entry c "
        "ON c.id = m.measure_id WHERE m.deleted_at IS NULL",
    ):
        if incident_id in ids:
            measures[name] += 1
    assert {m.name: m.count for m in figures.measures if m.count} == dict(measures)

    # patrol hours per area and kind, joint patrols, bike km
    expected = person_hours_by_sql(demo, JUNE)
    assert {(p.area.name, p.kind.value): p.person_hours for p in figures.patrol_hours} == {
        key: round(value, 2) for key, value in expected.items()
    }
    joint = sum(v for (_, kind), v in expected.items() if kind == "joint_patrol_police")
    assert figures.joint_patrols.person_hours == round(joint, 2) > 0
    assert figures.joint_patrols.duties == len(
        raw_rows(
            demo,
            "SELECT DISTINCT s.id FROM shift s JOIN assignment x ON x.shift_id = s.id "
            "WHERE s.kind = 'joint_patrol_police' AND s.deleted_at IS NULL "
            "AND x.deleted_at IS NULL AND s.duty_date BETWEEN :f AND :l",
            f=JUNE.first,
            l=JUNE.last,
        )
    )
    km: Counter[str] = Counter()
    for number, out_at, km_out, km_in in raw_rows(
        demo,
        "SELECT b.inventory_no, c.out_at, c.km_out, c.km_in FROM bike_checkout c "
        "JOIN bike b ON b.id = c.bike_id WHERE c.status = 'returned' AND c.deleted_at IS NULL",
    ):
        if JUNE.first <= aware(out_at).astimezone(BERLIN).date() <= JUNE.last:
            km[number] += km_in - km_out
    assert {b.inventory_no: b.km for b in figures.bike_km} == dict(km)
    assert figures.bike_km_total == sum(km.values()) > 0


def _id_of(services: Services, table: str, name: str) -> str:
    rows = raw_rows(services, f"SELECT id FROM {table} WHERE name = :n", n=name)
    return str(rows[0][0])


def test_area_and_category_filters_narrow_every_figure(demo: Services) -> None:
    area = _id_of(demo, "area", "Bahnhofsumfeld")
    category = _id_of(demo, "catalog_entry", "Alkoholkonsumverbot")
    raw = _local_incidents(demo, JUNE.first, JUNE.last)

    by_area = demo.statistics.figures(StatisticsFilter(JUNE.first, JUNE.last, (area,)))
    assert [c.name for c in by_area.by_category_area.columns] == ["Bahnhofsumfeld"]
    assert by_area.total == sum(1 for r in raw if r[1] == area) > 0
    assert {p.area.name for p in by_area.patrol_hours} == {"Bahnhofsumfeld"}
    assert sum(by_area.weekday_totals) == by_area.total

    both = demo.statistics.figures(StatisticsFilter(JUNE.first, JUNE.last, (area,), (category,)))
    assert [c.name for c in both.by_category_area.rows] == ["Alkoholkonsumverbot"]
    assert both.total == sum(1 for r in raw if r[1] == area and r[2] == category) > 0
    assert sum(s.count for s in both.sources) == both.total
    # Duties have no category: the category filter leaves patrol hours as they are.
    assert both.patrol_hours == by_area.patrol_hours

    # A drill-down from the cell gives the incident list exactly these incidents.
    everything = demo.statistics.figures(JUNE)
    flt = demo.statistics.drill_down(JUNE, area_id=area, category_id=category)
    assert demo.incidents.count(flt) == everything.by_category_area.count(category, area)
    month = demo.statistics.drill_down(JUNE, month=date(2025, 5, 1))
    assert demo.incidents.count(month) == everything.trend[-2].count


def test_an_end_before_the_start_is_refused(services: Services) -> None:
    with pytest.raises(ValidationError, match="Das Ende liegt vor dem Beginn"):
        services.statistics.figures(StatisticsFilter(date(2025, 6, 2), date(2025, 6, 1)))


def _incident_at(services: Services, moment: datetime, **fields: Any) -> str:
    area = next(a.id for a in services.masterdata.areas() if a.name == "Innenstadt")
    category = _id_of(services, "catalog_entry", "Ruhestörung")
    values: dict[str, Any] = {
        "occurred_at": moment,
        "area_id": area,
        "category_id": category,
        "source": IncidentSource.PATROL,
        "place": "Marktplatz",
        "description": "Lärm.",
    }
    values.update(fields)
    return services.incidents.create(IncidentDraft(**values)).value.id


def test_incidents_around_the_clock_changes_land_in_their_local_hour(
    services: Services,
) -> None:
    moments = [
        datetime(2025, 3, 29, 23, 30, tzinfo=UTC),  # Sunday 00:30 CET (UTC still Saturday)
        datetime(2025, 3, 30, 0, 59, tzinfo=UTC),  # Sunday 01:59 CET
        datetime(2025, 3, 30, 1, 0, tzinfo=UTC),  # Sunday 03:00 CEST (02:xx is skipped)
        datetime(2025, 10, 26, 0, 30, tzinfo=UTC),  # Sunday 02:30 CEST
        datetime(2025, 10, 26, 1, 30, tzinfo=UTC),  # Sunday 02:30 CET, the hour again
        datetime(2025, 3, 31, 22, 30, tzinfo=UTC),  # Tuesday 1 April 00:30 CEST
    ]
    for moment in moments:
        _incident_at(services, moment)
    march = services.statistics.figures(StatisticsFilter.month(date(2025, 3, 1)))
    sunday = march.by_weekday_hour[6]
    assert (sunday[0], sunday[1], sunday[2], sunday[3]) == (1, 1, 0, 1)
    assert march.total == 3  # 31 March 22:30 UTC is already April in Berlin
    april = services.statistics.figures(StatisticsFilter.month(date(2025, 4, 1)))
    assert april.by_weekday_hour[1][0] == 1 and april.total == 1
    october = services.statistics.figures(StatisticsFilter.month(date(2025, 10, 1)))
    assert october.by_weekday_hour[6][2] == 2 and october.total == 2
    assert [m.count for m in april.trend] == [0, 0, 0, 0, 3, 1]  # November … April


# ---------------------------------------------------------------- CSV export


def _parse(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data[3:].decode("utf-8")), delimiter=";"))


def _personal_values(services: Services) -> list[str]:
    values: list[str] = []
    for last, first, number in raw_rows(
        services, "SELECT last_name, first_name, service_number FROM officer"
    ):
        values += [last, first, number]
    for reference, description, place in raw_rows(
        services, "SELECT reference, description, place FROM incident"
    ):
        values += [reference, description, place]
    for last, first, address in raw_rows(
        services, "SELECT last_name, first_name, address FROM incident_person"
    ):
        values += [last, first, address]
    values += [r[0] for r in raw_rows(services, "SELECT text FROM incident_note")]
    return [v for v in values if v and len(v) >= 3]


def test_csv_export_is_pseudonymised_stable_and_audited(demo: Services) -> None:
    first = demo.statistics.export_csv(JUNE)
    rows = _parse(first)
    raw = sorted(_local_incidents(demo, JUNE.first, JUNE.last))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert len(rows) == len(raw)
    assert [(r["Datum"], r["Uhrzeit"]) for r in rows] == [
        (f"{local:%d.%m.%Y}", f"{local:%H:%M}") for local, *_ in raw
    ]
    assert {r["Wochentag"] for r in rows} <= {
        "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"
    }  # fmt: skip

    # No name, service number, reference, description, place, person or note anywhere.
    body = first.decode("utf-8-sig")
    words = set(body.replace(";", " ").replace(",", " ").split())
    for value in _personal_values(demo):
        assert value not in body if " " in value or "-" in value else value not in words

    # Stable pseudonyms: the same incident and officer map to the same text twice.
    again = _parse(demo.statistics.export_csv(JUNE))
    assert [r["Vorgang-Pseudonym"] for r in again] == [r["Vorgang-Pseudonym"] for r in rows]
    assert [r["Streife"] for r in again] == [r["Streife"] for r in rows]
    assert len({r["Vorgang-Pseudonym"] for r in rows}) == len(rows)

    # One pseudonym per officer: as many distinct ones as distinct officers in June.
    ids = {incident_id for *_, incident_id in raw}
    officers = {
        officer
        for incident, officer in raw_rows(
            demo, "SELECT incident_id, officer_id FROM incident_officer WHERE deleted_at IS NULL"
        )
        if incident in ids
    }
    pseudonyms = {p for r in rows for p in r["Streife"].split(", ") if p}
    assert len(pseudonyms) == len(officers) >= 2
    assert all(p.startswith("D-") and len(p) == 12 for p in pseudonyms)

    exports = demo.audit.recent(50, AuditFilter(action="export"))
    assert len(exports) == 2
    assert exports[0].after["filter"]["first"] == "2025-06-01"
    assert exports[0].after["rows"] == len(rows)
    secret = raw_rows(demo, "SELECT value FROM app_setting WHERE key = 'statistics_pseudonym'")
    assert len(secret) == 1
    stored = str(secret[0][0])
    assert all(stored[20:40] not in str(e.after) for e in demo.audit.recent(10_000))


def test_a_filtered_export_has_only_the_chosen_area(demo: Services) -> None:
    area = _id_of(demo, "area", "Klosterinsel")
    rows = _parse(demo.statistics.export_csv(StatisticsFilter(JUNE.first, JUNE.last, (area,))))
    assert rows and {r["Gebiet"] for r in rows} == {"Klosterinsel"}


def test_an_officer_sees_figures_but_may_not_export(demo: Services) -> None:
    officer = StatisticsService(ServiceContext(demo.context.db, "k-1004", Role.OFFICER))
    figures: Figures = officer.figures(JUNE)
    assert figures.total > 0
    with pytest.raises(PermissionDenied, match="Keine Berechtigung: Statistikdaten"):
        officer.export_csv(JUNE)
    assert not demo.audit.recent(50, AuditFilter(action="export"))
    assert not raw_rows(demo, "SELECT key FROM app_setting WHERE key = 'statistics_pseudonym'")


def test_csv_export_escapes_area_names_that_look_like_formulas(services: Services) -> None:
    from kod_desk.domain.enums import CatalogKind
    from kod_desk.domain.masterdata import AreaDraft

    category = services.masterdata.catalog(CatalogKind.INCIDENT_CATEGORY)[0]
    names = ("=1+2", "@SUMME(A1)", "\uff1dHYPERLINK(1)", "Innenstadt Nord")
    for n, name in enumerate(names):
        area = services.masterdata.save_area(AreaDraft(name)).value
        services.incidents.create(
            IncidentDraft(
                occurred_at=datetime(2025, 6, 2 + n, 10, 0, tzinfo=UTC),
                area_id=area.id,
                category_id=category.id,
                source=IncidentSource.PATROL,
                place="Markt",
                description="Test.",
            )
        )
    rows = _parse(services.statistics.export_csv(JUNE))
    assert [r["Gebiet"] for r in rows] == ["'=1+2", "'@SUMME(A1)", "'\uff1dHYPERLINK(1)", names[3]]
