"""Windows of the incident list: the pieces of a window cover exactly its rows."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kod_desk.domain.incident_list import (
    IncidentSort,
    ListPlan,
    Piece,
    Segment,
    SortKey,
    backwards,
    locate,
)
from kod_desk.domain.incidents import IncidentFilter


def positions(plan: ListPlan, pieces: list[Piece]) -> list[tuple[int, int]]:
    """(segment, row inside the segment) for every row the pieces deliver, in order."""
    return [(p.segment, p.offset + n) for p in pieces for n in range(p.limit)]


@given(
    counts=st.lists(st.integers(0, 40), max_size=8),
    offset=st.integers(-5, 400),
    limit=st.integers(0, 120),
)
def test_segment_pieces_cover_exactly_the_window(
    counts: list[int], offset: int, limit: int
) -> None:
    segments = tuple(Segment(f"s{n}", c) for n, c in enumerate(counts))
    plan = ListPlan(IncidentFilter(), IncidentSort(SortKey.AREA), sum(counts), segments)
    every_row = [(n, inside) for n, c in enumerate(counts) for inside in range(c)]
    wanted = every_row[offset : offset + limit] if offset >= 0 else []
    pieces = locate(plan, offset, limit)
    assert positions(plan, pieces) == wanted
    assert all(p.size == counts[p.segment] and p.limit > 0 for p in pieces)


@given(total=st.integers(0, 500), offset=st.integers(0, 600), limit=st.integers(1, 200))
def test_unsegmented_window_is_one_piece_clipped_at_the_end(
    total: int, offset: int, limit: int
) -> None:
    plan = ListPlan(IncidentFilter(), IncidentSort(), total)
    pieces = locate(plan, offset, limit)
    if offset >= total:
        assert pieces == []
    else:
        assert pieces == [Piece(-1, offset, min(limit, total - offset), total)]


@given(size=st.integers(1, 10_000), data=st.data())
def test_reading_backwards_names_the_same_rows_and_only_when_shorter(
    size: int, data: st.DataObject
) -> None:
    offset = data.draw(st.integers(0, size - 1))
    limit = data.draw(st.integers(1, size - offset))
    piece = Piece(-1, offset, limit, size)
    reverse_offset, reverse_limit = backwards(piece)
    if reverse_limit == 0:
        assert size - offset - limit >= offset  # forwards steps over no more rows
        return
    assert reverse_limit == limit and reverse_offset < offset
    # Counting from the end: the rows size-1-reverse_offset … are the same rows.
    forwards_rows = set(range(offset, offset + limit))
    backwards_rows = {size - 1 - (reverse_offset + n) for n in range(reverse_limit)}
    assert forwards_rows == backwards_rows
