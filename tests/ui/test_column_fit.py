"""Fitting columns into the window: wide columns share what is left, narrow ones keep theirs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kod_desk.ui.widgets.data_table import fair_cap


@given(st.lists(st.integers(20, 600), min_size=1, max_size=10), st.integers(300, 3000))
def test_capped_columns_fit_and_the_cap_is_as_wide_as_possible(
    widths: list[int], available: int
) -> None:
    cap = fair_cap(widths, available)
    capped = [min(w, cap) for w in widths]
    assert sum(capped) <= available
    if sum(widths) > available:
        # One pixel more and they would no longer fit: no column was cut more than needed.
        assert sum(min(w, cap + len(widths)) for w in widths) > available - len(widths)
    else:
        assert capped == widths


def test_the_incident_list_example() -> None:
    # Time, reference, area, category, source, place, status: 900 px for all but the text.
    widths = [130, 120, 230, 220, 110, 240, 110]
    cap = fair_cap(widths, 900)
    assert [min(w, cap) for w in widths] == [130, 120, cap, cap, 110, cap, 110]
    assert cap == (900 - 130 - 120 - 110 - 110) // 3
