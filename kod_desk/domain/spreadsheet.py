"""The one way KOD Desk writes CSV for spreadsheets (DESIGN.md §10, §12): Excel's dialect and no
cell a spreadsheet would run as a formula, in every column, whatever the value's source.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (tab and
CR may shift it into one; Excel and LibreOffice also take the full-width and small forms of
those signs): "=HYPERLINK(…)" in an area or place name typed in the field, or brought by a sync
package, would become a live link or a command in the office's Excel (CSV injection, OWASP).
A leading apostrophe makes Excel and LibreOffice show the text as it is; it is visible, which
is the honest trade. Numbers the export writes itself are passed as ``int``, ``float`` or
``Decimal`` and written as German numbers (decimal comma), unguarded: a negative number stays a
number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

FORMULA_STARTS = (
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\uff1d",  # ＝ full-width
    "\uff0b",  # ＋
    "\uff0d",  # －
    "\uff20",  # ＠
    "\ufe66",  # ﹦ small forms
    "\ufe62",  # ﹢
    "\ufe63",  # ﹣
    "\ufe6b",  # ﹫
)

# What a cell may be: text (always guarded), a number of ours (never), or nothing (empty).
Cell = str | int | float | Decimal | None


def guard_cell(text: str) -> str:
    """Text as a cell a spreadsheet shows and never evaluates (see FORMULA_STARTS)."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def unguard_cell(text: str) -> str:
    """The text :func:`guard_cell` guarded, for reading our own export back in (roster)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def german_number(value: int | float | Decimal) -> str:
    """A number as German Excel reads it: ``-7,5``; ``Decimal`` keeps its places."""
    if isinstance(value, bool):  # bool is an int, but no number a spreadsheet should sum
        return "ja" if value else "nein"
    return str(value).replace(".", ",")


def cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return guard_cell(value)
    return german_number(value)


class ExcelCsv:
    """Rows into ``buffer`` as Excel opens them on a German Windows: ``;`` between cells, CRLF,
    quoting by the csv module; every text cell guarded. The caller adds the BOM and encodes."""

    def __init__(self, buffer: io.StringIO) -> None:
        self._writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    def writerow(self, values: Iterable[Cell]) -> None:
        self._writer.writerow([cell_text(value) for value in values])
