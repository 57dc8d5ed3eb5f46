"""Changes say which kinds and rows a write touched, and combine without losing a row."""

from __future__ import annotations

from kod_desk.domain.changes import Changes, Entity


def test_rows_add_up_and_anywhere_wins() -> None:
    first = Changes.rows_of(Entity.INCIDENTS, ["a"])
    second = Changes.rows_of(Entity.INCIDENTS, ["b"])
    both = first | second
    assert both.ids(Entity.INCIDENTS) == {"a", "b"}
    assert both.ids(Entity.CASES) == frozenset()  # not touched at all
    # A write that cannot name its rows (a sync import) makes every row suspect.
    bulk = both | Changes.of(Entity.INCIDENTS, Entity.CASES)
    assert bulk.ids(Entity.INCIDENTS) is None and bulk.ids(Entity.CASES) is None
    assert bulk.touches(Entity.CASES) and not bulk.touches(Entity.BIKES)


def test_origin_travels_but_does_not_make_changes_different() -> None:
    page = object()
    mine = Changes.rows_of(Entity.BIKES, ["r1"]).from_origin(page)
    assert mine.origin is page
    assert mine == Changes.rows_of(Entity.BIKES, ["r1"])
    assert (Changes() | mine).origin is page
    assert not Changes() and mine
