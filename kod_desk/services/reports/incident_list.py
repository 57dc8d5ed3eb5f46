"""Vorkommnisliste: the filtered incidents of the Vorkommnisse page as a table, with the active
filter and the count; no persons and no descriptions (issue 7).

Fast at 10,000 rows: a cell becomes a Paragraph only when its text does not fit its column on
one line (measured with the font's widths, cheap); every other cell stays a plain string that
the table draws directly. Paragraphs cost ~20× a string to lay out, and most cells are short.
The rows are laid out a page at a time (:class:`PagedTable`): a Table, even a LongTable, copies
and restyles every remaining row each time it splits at a page end, which is quadratic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from kod_desk.domain.report_lists import IncidentListData, IncidentListRow
from kod_desk.domain.reports import ReportHeader
from kod_desk.domain.text import german_int
from kod_desk.domain.timeutil import to_local
from kod_desk.services.reports import pdf

TITLE = "Vorkommnisliste"
COLUMNS = (
    "Datum/Zeit",
    "Aktenzeichen",
    "Gebiet",
    "Kategorie",
    "Ort",
    "Quelle",
    "Status",
    "Maßnahmen",
)
FRACTIONS = (0.1, 0.095, 0.12, 0.16, 0.19, 0.107, 0.085, 0.143)
PADDING = 3.0
ZEBRA = colors.HexColor("#f7f8fa")
TOP_PADDING, BOTTOM_PADDING = 2.0, 3.0
HEADER_HEIGHT = 10.5 + TOP_PADDING + BOTTOM_PADDING  # one line of the 8.5 pt cell style
NO_PERSONS = (
    "Ohne beteiligte Personen und ohne Sachverhalt: Listen zeigen keine personenbezogenen Daten."
)


def values(row: IncidentListRow) -> tuple[str, ...]:
    """The printed texts of one incident, in column order."""
    return (
        f"{to_local(row.occurred_at):%d.%m.%Y %H:%M}",
        row.reference,
        row.area,
        row.category,
        row.place,
        row.source.label,
        row.status.label,
        ", ".join(row.measures),
    )


class _Cells:
    """Turns texts into table cells: plain strings when they fit, Paragraphs otherwise.

    Widths are remembered per column and text: areas, categories, sources, status and
    measures repeat on most rows, and measuring a string in pure Python is not free.
    """

    def __init__(self, widths: Sequence[float]) -> None:
        style = pdf.STYLES.cell
        self._style = style
        self._font, self._size = style.fontName, style.fontSize
        self._room = [w - 2 * PADDING - 0.5 for w in widths]
        self._fits: list[dict[str, bool]] = [{} for _ in widths]

    def _fit(self, column: int, value: str) -> bool:
        known = self._fits[column].get(value)
        if known is None:
            width = stringWidth(value, self._font, self._size)
            known = "\n" not in value and width <= self._room[column]
            self._fits[column][value] = known
        return known

    def row(self, texts: Iterable[str]) -> list[Any]:
        cells: list[Any] = []
        for column, raw in enumerate(texts):
            value = pdf.printable(raw)
            if not value or self._fit(column, value):
                cells.append(value)
            else:
                cells.append(Paragraph(pdf.text(value), self._style))
        return cells


def _commands(first_row: int) -> list[tuple[Any, ...]]:
    style = pdf.STYLES.cell
    # Stripes continue across pages: a page starting with an odd row starts with the tint.
    stripes = [colors.white, ZEBRA] if first_row % 2 == 0 else [ZEBRA, colors.white]
    return [
        ("FONTNAME", (0, 0), (-1, -1), style.fontName),
        ("FONTSIZE", (0, 0), (-1, -1), style.fontSize),
        ("LEADING", (0, 0), (-1, -1), style.leading),
        ("TEXTCOLOR", (0, 0), (-1, -1), pdf.INK),
        ("GRID", (0, 0), (-1, -1), 0.4, pdf.GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), TOP_PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), BOTTOM_PADDING),
        ("BACKGROUND", (0, 0), (-1, 0), pdf.HEAD_FILL),
        ("FONTNAME", (0, 0), (-1, 0), pdf.BOLD),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), stripes),
    ]


class PagedTable(Flowable):  # type: ignore[misc]
    """A long table laid out one page at a time, each row measured once.

    Each split makes a Table of the header and the rows that fit, with their heights given
    (so the Table measures nothing again), and hands on the rest by position: 10,000 rows
    cost 10,000 rows of work. A Table, even a LongTable, copies and restyles every remaining
    row each time it splits at a page end (quadratic). The header repeats on every page.
    """

    def __init__(
        self,
        header: list[str],
        rows: list[list[Any]],
        widths: list[float],
        start: int = 0,
        heights: list[float | None] | None = None,
    ) -> None:
        super().__init__()
        self._header, self._rows, self._widths, self._start = header, rows, widths, start
        self._heights: list[float | None] = [None] * len(rows) if heights is None else heights
        self._page: Table | None = None

    def _height(self, index: int) -> float:
        """Row ``index``'s height as a Table would measure it (cells top-aligned, padded)."""
        known = self._heights[index]
        if known is None:
            style = pdf.STYLES.cell
            known = style.leading
            for cell, width in zip(self._rows[index], self._widths, strict=True):
                if isinstance(cell, Flowable):
                    known = max(known, cell.wrap(width - 2 * PADDING, 10_000)[1])
            known += TOP_PADDING + BOTTOM_PADDING
            self._heights[index] = known
        return known

    def _stop(self, height: float) -> int:
        """Where a page that has ``height`` left ends (exclusive row index)."""
        used = HEADER_HEIGHT
        stop = self._start
        while stop < len(self._rows):
            used += self._height(stop)
            if used > height:
                break
            stop += 1
        return stop

    def _table(self, stop: int) -> Table:
        start = self._start
        grid = Table(
            [self._header, *self._rows[start:stop]],
            colWidths=self._widths,
            rowHeights=[HEADER_HEIGHT, *(self._height(i) for i in range(start, stop))],
            repeatRows=1,
            hAlign="LEFT",
        )
        grid.setStyle(TableStyle(_commands(start)))
        return grid

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Override of Flowable.wrap: the rest's height if it fits here, else more than there
        is (the frame then asks :meth:`split`)."""
        stop = self._stop(availHeight)
        if stop < len(self._rows):
            self._page = None
            return availWidth, availHeight + 1
        self._page = self._table(stop)
        return self._page.wrap(availWidth, availHeight)  # type: ignore[no-any-return]

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """Override of Flowable.split: this page's rows as a Table, the rest as a PagedTable
        (nothing when not even one row fits: the next page takes them all)."""
        stop = self._stop(availHeight)
        if stop == self._start:
            return []
        if stop >= len(self._rows):
            return [self._table(stop)]
        rest = PagedTable(self._header, self._rows, self._widths, stop, self._heights)
        return [self._table(stop), rest]

    def draw(self) -> None:
        """Override of Flowable.draw: the last page's rows (everything fitted)."""
        assert self._page is not None
        self._page.drawOn(self.canv, 0, 0)


def table(rows: Iterable[Sequence[str]], width: float) -> PagedTable:
    """The list's grid over ``width``; the header repeats on every page."""
    total = sum(FRACTIONS)
    widths = [width * f / total for f in FRACTIONS]
    cells = _Cells(widths)
    return PagedTable(list(COLUMNS), [cells.row(texts) for texts in rows], widths)


def story(data: IncidentListData, width: float) -> list[Flowable]:
    count = f"{german_int(data.count)} Vorkommnis" + ("" if data.count == 1 else "se")
    parts: list[Flowable] = [*pdf.title(TITLE, count)]
    parts.append(pdf.paragraph(f"Filter: {data.filter_text}"))
    parts.append(pdf.paragraph(f"Sortierung: {data.sort_text}"))
    parts.append(pdf.paragraph(f"Anzahl: {count}"))
    parts.append(pdf.paragraph(NO_PERSONS, pdf.STYLES.note))
    parts.append(Spacer(1, 6))
    if not data.rows:
        parts.append(pdf.paragraph("Keine Vorkommnisse für diesen Filter.", pdf.STYLES.note))
        return parts
    parts.append(table((values(row) for row in data.rows), width))
    return parts


def render(data: IncidentListData, header: ReportHeader) -> bytes:
    """The incident list as PDF bytes (A4 landscape)."""
    width = pdf.frame_width(landscape_=True)
    return pdf.render_document(story(data, width), TITLE, header, landscape_=True)
