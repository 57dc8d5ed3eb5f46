"""The windowed incident list: every sort, read window by window, equals sorting all rows.

The expected order is computed here from every row (read with the keyset pages of
``list_page``), so a window that skips, repeats or misorders a row fails.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest

from kod_desk.domain.enums import IncidentStatus
from kod_desk.domain.incident_list import FREE_SORT_LIMIT, IncidentSort, SortKey
from kod_desk.domain.incidents import IncidentFilter, IncidentRow, PageKey
from kod_desk.domain.text import german_sort_key
from kod_desk.services.demo import DemoService
from kod_desk.services.registry import Services

TOTAL = 700


@pytest.fixture
def demo(services: Services) -> Services:
    DemoService(services.context).populate(incidents=TOTAL, seed=11)
    return services


def all_rows(services: Services, flt: IncidentFilter) -> list[IncidentRow]:
    rows: list[IncidentRow] = []
    after: PageKey | None = None
    while True:
        page = services.incidents.list_page(flt, after, 1000)
        rows += page
        if len(page) < 1000:
            return rows
        after = PageKey.of(page[-1])


def newest_first(rows: list[IncidentRow]) -> list[IncidentRow]:
    return sorted(rows, key=lambda r: (r.occurred_at, r.id), reverse=True)


def expected(rows: list[IncidentRow], sort: IncidentSort) -> list[IncidentRow]:
    """The order a user expects, built from every row with Python's stable sort."""
    base = newest_first(rows)
    labels: dict[SortKey, Callable[[IncidentRow], Any]] = {
        SortKey.AREA: lambda r: (r.area_name == "", german_sort_key(r.area_name)),
        SortKey.CATEGORY: lambda r: (r.category_name == "", german_sort_key(r.category_name)),
        SortKey.SOURCE: lambda r: german_sort_key(r.source.label),
        SortKey.STATUS: lambda r: german_sort_key(r.status.label),
        SortKey.PLACE: lambda r: german_sort_key(r.place),
    }
    if sort.key is SortKey.TIME:
        return base if sort.descending else base[::-1]
    if sort.key is SortKey.REFERENCE:
        return sorted(base, key=lambda r: (r.reference, r.id), reverse=sort.descending)
    if sort.key is SortKey.PLACE:
        return sorted(base, key=labels[SortKey.PLACE], reverse=sort.descending)
    # Segments (area, category, …) in name order, reversed when descending; newest first inside.
    groups: dict[Any, list[IncidentRow]] = {}
    for row in base:
        groups.setdefault(labels[sort.key](row), []).append(row)
    order = sorted(groups, reverse=sort.descending)
    return [row for label in order for row in groups[label]]


def read_in_windows(services: Services, sort: IncidentSort, flt: IncidentFilter) -> list[str]:
    plan = services.incidents.plan(flt, sort)
    ids: list[str] = []
    offset = 0
    rng = random.Random(7)
    while offset < plan.total:
        size = rng.choice((1, 13, 200, 333))
        window = services.incidents.window(plan, offset, size)
        assert len(window) == min(size, plan.total - offset)
        ids += [row.id for row in window]
        offset += size
    assert services.incidents.window(plan, plan.total, 50) == []
    return ids


def test_every_sort_read_in_windows_equals_sorting_all_rows(demo: Services) -> None:
    rows = all_rows(demo, IncidentFilter())
    assert len(rows) == TOTAL
    for key in SortKey:
        for descending in (True, False):
            sort = IncidentSort(key, descending)
            got = read_in_windows(demo, sort, IncidentFilter())
            assert got == [r.id for r in expected(rows, sort)], sort


def test_windows_with_a_filter_and_a_search(demo: Services) -> None:
    flt = IncidentFilter(statuses=frozenset({IncidentStatus.OPEN}), text="Fahrrad")
    rows = all_rows(demo, flt)
    assert 0 < len(rows) < TOTAL
    for sort in (IncidentSort(), IncidentSort(SortKey.AREA), IncidentSort(SortKey.TIME, False)):
        plan = demo.incidents.plan(flt, sort)
        assert plan.total == len(rows) == demo.incidents.count(flt)
        assert read_in_windows(demo, sort, flt) == [r.id for r in expected(rows, sort)]


def test_a_window_deep_in_the_list_is_the_same_read_forwards_or_backwards(
    demo: Services,
) -> None:
    plan = demo.incidents.plan(IncidentFilter())
    everything = [r.id for r in demo.incidents.window(plan, 0, 1000)]
    # Past the middle the repository reads from the far end; the rows must not change.
    for offset in (0, 349, 350, 351, 600, TOTAL - 1):
        window = demo.incidents.window(plan, offset, 40)
        assert [r.id for r in window] == everything[offset : offset + 40]


def test_sorting_by_place_falls_back_to_time_over_the_limit(
    demo: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kod_desk.domain import incident_list

    plan = demo.incidents.plan(IncidentFilter(), IncidentSort(SortKey.PLACE))
    assert not plan.sort_refused and plan.sort.key is SortKey.PLACE
    assert TOTAL < FREE_SORT_LIMIT
    monkeypatch.setattr(incident_list, "FREE_SORT_LIMIT", TOTAL - 1)
    plan = demo.incidents.plan(IncidentFilter(), IncidentSort(SortKey.PLACE))
    assert plan.sort_refused
    assert plan.sort == IncidentSort()  # newest first, and the page says why
    assert plan.total == TOTAL


def test_a_deleted_incident_leaves_the_window_without_a_gap_or_error(demo: Services) -> None:
    plan = demo.incidents.plan(IncidentFilter())
    first = demo.incidents.window(plan, 0, 5)
    with demo.db.write("test") as session:
        from kod_desk.storage import models as m

        session.get(m.Incident, first[1].id).deleted_at = first[1].occurred_at  # type: ignore[union-attr]
    again = demo.incidents.window(plan, 0, 5)
    assert first[1].id not in [r.id for r in again]
    assert demo.incidents.plan(IncidentFilter()).total == TOTAL - 1


def test_a_filter_counted_before_is_counted_again_live(demo: Services) -> None:
    from kod_desk.storage.repos import incident_list as list_repo

    flt = IncidentFilter(statuses=frozenset({IncidentStatus.OPEN}))
    first = demo.incidents.plan(flt).total  # counted in a session; its SQL is remembered
    assert list_repo.cached_count(demo.db, flt) == first > 0
    some_open = demo.incidents.window(demo.incidents.plan(flt), 0, 1)[0]
    demo.incidents.change_status(some_open.id, IncidentStatus.CLOSED, "Erledigt.")
    again = demo.incidents.plan(flt)  # the remembered SQL, run again: not a stale number
    assert again.total == first - 1 == len(all_rows(demo, flt))


def test_searches_are_bounded_in_words_length_and_time(demo: Services) -> None:
    from kod_desk.domain.errors import UserError, ValidationError
    from kod_desk.domain.incidents import SEARCH_TOO_SLOW

    many = IncidentFilter(text=" ".join(f"wort{n}" for n in range(300)))
    for search in (
        lambda: demo.incidents.plan(many),
        lambda: demo.incidents.list_page(many),
        lambda: demo.incidents.count(many),
    ):
        with pytest.raises(ValidationError) as refused:
            search()
        assert refused.value.message == "Suche: höchstens 20 Suchwörter (angegeben: 300)."
    with pytest.raises(ValidationError, match=r"^Suche: höchstens 200 Zeichen \(angegeben: 201\)"):
        demo.incidents.plan(IncidentFilter(text="x" * 201))

    # Twenty common prefixes are allowed; past the time limit the search is stopped, by the
    # server on PostgreSQL and by an interrupt on SQLite, and says so in German.
    common = IncidentFilter(text=" ".join(["e", "a", "i", "n", "s"] * 4))
    found = demo.incidents.plan(common)
    demo.incidents.search_seconds = 0.000_001
    for search in (
        lambda: demo.incidents.plan(common),
        lambda: demo.incidents.list_page(common, None, 1000),
        lambda: demo.incidents.window(found, 0, 1000),
    ):
        with pytest.raises(UserError) as stopped:
            search()
        assert stopped.value.message == SEARCH_TOO_SLOW
    # The connection is fine afterwards; a plain list has no time limit.
    assert demo.incidents.plan(IncidentFilter()).total == TOTAL
    demo.incidents.search_seconds = 30.0
    assert demo.incidents.plan(common).total == found.total
