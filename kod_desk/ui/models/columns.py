"""Small helpers for declaring the columns of a RowTableModel."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from kod_desk.domain.text import german_sort_key
from kod_desk.ui.models.row_table_model import Column

RowT = TypeVar("RowT")


def natural_key(text: str) -> str:
    """Sort 'K-9' before 'K-10': digit runs are zero-padded (sort keys must be plain str)."""
    return re.sub(r"\d+", lambda match: match.group().zfill(12), german_sort_key(text))


def one_line(text: str) -> str:
    """A multi-line text as one line (a table cell shows one)."""
    return " ".join(text.split())


def text_column(
    header: str,
    text: Callable[[RowT], str],
    *,
    sort_key: Callable[[RowT], Any] | None = None,
    align_right: bool = False,
    tooltip: Callable[[RowT], str] | None = None,
) -> Column[RowT]:
    """A column sorted the German way unless it brings a sort key of its own."""
    return Column(
        header,
        text,
        sort_key=sort_key if sort_key is not None else (lambda row: german_sort_key(text(row))),
        align_right=align_right,
        tooltip=tooltip,
    )
