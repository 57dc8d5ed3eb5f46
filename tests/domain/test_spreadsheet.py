"""The one CSV writer: every text cell guarded against formulas, numbers of ours stay numbers."""

from __future__ import annotations

import io
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kod_desk.domain.spreadsheet import FORMULA_STARTS, ExcelCsv, guard_cell, unguard_cell


def _row(*values: object) -> str:
    buffer = io.StringIO()
    ExcelCsv(buffer).writerow(values)  # type: ignore[arg-type]
    return buffer.getvalue()


def test_text_cells_are_guarded_and_numbers_are_german_numbers() -> None:
    assert (
        _row("=1+2", "＋1", "﹣1", "\t=x", "Bahnhof", None) == "'=1+2;'＋1;'﹣1;'\t=x;Bahnhof;\r\n"
    )
    assert _row(-7, -0.5, Decimal("-0.127600"), "-0,127600") == "-7;-0,5;-0,127600;'-0,127600\r\n"


@given(st.text(max_size=20))
def test_no_guarded_cell_starts_like_a_formula_and_the_guard_comes_off(text: str) -> None:
    guarded = guard_cell(text)
    assert not guarded.startswith(FORMULA_STARTS)
    assert unguard_cell(guarded) == text or text.startswith("'")
