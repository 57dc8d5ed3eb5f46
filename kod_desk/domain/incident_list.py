"""How the incident list pages through a million rows: sort orders, the list plan, windows.

The list never loads the whole table. A :class:`ListPlan` is made once per filter and sort (it
holds the total and, for sorts by a column with few values such as the area, how many rows each
value has); the view then asks for windows of rows by position. :func:`locate` maps a window to
the pieces of the query that deliver it, so that sorting by area is a sequence of index seeks
(area by area, in the order of their names) instead of a sort of every row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from kod_desk.domain.incidents import IncidentFilter


class SortKey(StrEnum):
    TIME = "time"
    REFERENCE = "reference"
    AREA = "area"
    CATEGORY = "category"
    SOURCE = "source"
    STATUS = "status"
    PLACE = "place"

    @property
    def segmented(self) -> bool:
        """Columns with few distinct values: sorted segment by segment, newest first inside."""
        return self in _SEGMENTED

    @property
    def needs_small_result(self) -> bool:
        """Sorting by free text needs a full sort; only allowed up to :data:`FREE_SORT_LIMIT`."""
        return self is SortKey.PLACE


_SEGMENTED = frozenset({SortKey.AREA, SortKey.CATEGORY, SortKey.SOURCE, SortKey.STATUS})

FREE_SORT_LIMIT = 50_000
"""Up to this many hits the list may be sorted by place (a sort of every hit per window)."""


@dataclass(frozen=True, slots=True)
class IncidentSort:
    key: SortKey = SortKey.TIME
    descending: bool = True


@dataclass(frozen=True, slots=True)
class Segment:
    """All rows whose sort column has ``value`` (None: not set), ``count`` of them."""

    value: str | None
    count: int


@dataclass(frozen=True, slots=True)
class ListPlan:
    """One filter and sort, with its total; segments (in display order) for segmented sorts.

    ``sort`` may differ from what was asked: a sort by place over more than
    :data:`FREE_SORT_LIMIT` hits falls back to time, and ``sort_refused`` says so.
    """

    filter: IncidentFilter
    sort: IncidentSort
    total: int
    segments: tuple[Segment, ...] = field(default=())
    ids: tuple[str, ...] = field(default=())
    """For a sort by place: every hit's id in order (at most FREE_SORT_LIMIT of them)."""
    text_hits: int | None = None
    """Hits of the full-text index alone (where the database tells them cheaply)."""
    sort_refused: bool = False


@dataclass(frozen=True, slots=True)
class Piece:
    """Part of a window: ``limit`` rows from ``offset`` inside segment ``segment`` (or -1)."""

    segment: int
    offset: int
    limit: int
    size: int
    """Rows in the segment (or in the whole list for segment -1): lets a query run backwards."""


WALK_HITS = 1_000
"""From this many full-text hits on, windows walk the sort's index and test each row against
the hits (a common word: the first rows come at once); below it they fetch the hits and sort
them (a rare word: walking the index would pass a million rows to find a few)."""


def locate(plan: ListPlan, offset: int, limit: int) -> list[Piece]:
    """The pieces that make up rows ``offset`` … ``offset + limit - 1`` of the plan, in order."""
    if offset < 0 or limit <= 0 or offset >= plan.total:
        return []
    limit = min(limit, plan.total - offset)
    if not plan.sort.key.segmented:
        return [Piece(-1, offset, limit, plan.total)]
    pieces: list[Piece] = []
    start = 0
    for number, segment in enumerate(plan.segments):
        end = start + segment.count
        if segment.count and end > offset and start < offset + limit:
            inner = max(offset, start) - start
            take = min(offset + limit, end) - (start + inner)
            pieces.append(Piece(number, inner, take, segment.count))
        start = end
        if start >= offset + limit:
            break
    return pieces


def backwards(piece: Piece) -> tuple[int, int]:
    """(offset, limit) of the same rows read in the opposite order, or (-1, 0) when not shorter.

    Reading from the far end is cheaper once the offset passes the middle: the database steps
    over ``size - offset - limit`` rows instead of ``offset``.
    """
    reverse_offset = piece.size - piece.offset - piece.limit
    if reverse_offset < piece.offset:
        return reverse_offset, piece.limit
    return -1, 0
