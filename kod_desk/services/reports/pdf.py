"""The common PDF document of all reports (DESIGN.md §9): A4, the unit's header on every page,
"Seite x von y" and the generated-at stamp in the footer, German styles, tables that wrap.

Text is set in DejaVu Sans Condensed (about as wide as Helvetica), shipped in resources/fonts
and embedded in every PDF, so names such as "Yılmaz" or "Dąbrowski" print exactly. Without the
font files (a broken install) reports fall back to Helvetica, whose WinAnsi encoding covers
German, and transliterate other letters.
Tables take their column widths as fractions of the frame and wrap every cell in a Paragraph:
long text breaks inside its column instead of running off the page.
This module is imported only when a report is made (never at application start).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFError
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kod_desk.domain.reports import ReportHeader
from kod_desk.domain.timeutil import format_local

MARGIN_X = 16 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 18 * mm
CELL_PADDING = 3


def _register_fonts() -> tuple[str, str]:
    """(regular, bold) font names: DejaVu Sans from resources/fonts, else Helvetica."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from kod_desk.paths import resources_dir

    folder = resources_dir() / "fonts"
    try:
        pdfmetrics.registerFont(TTFont("KODSans", str(folder / "DejaVuSansCondensed.ttf")))
        pdfmetrics.registerFont(
            TTFont("KODSans-Bold", str(folder / "DejaVuSansCondensed-Bold.ttf"))
        )
        pdfmetrics.registerFontFamily("KODSans", normal="KODSans", bold="KODSans-Bold")
    except (OSError, TTFError):
        return "Helvetica", "Helvetica-Bold"
    return "KODSans", "KODSans-Bold"


FONT, BOLD = _register_fonts()
GRID = colors.HexColor("#9aa3ad")
HEAD_FILL = colors.HexColor("#e4e8ee")
LABEL_FILL = colors.HexColor("#f2f4f7")
INK = colors.HexColor("#1b2430")
MUTED = colors.HexColor("#5b6573")


class Markup(str):
    """A cell text that already is reportlab paragraph markup (not escaped again)."""

    __slots__ = ()


# Letters of names outside Helvetica's WinAnsi encoding that do not decompose to a base letter.
_FALLBACK = {"ı": "i", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H", "ŀ": "l"}


def printable(value: str) -> str:
    """``value`` as the report font can show it: unchanged with DejaVu Sans; with the Helvetica
    fallback every character outside WinAnsi is replaced by its closest letter ("Yılmaz" →
    "Yilmaz") instead of a black box. German text (ä ö ü ß, „ “ –) always passes unchanged.
    """
    if FONT != "Helvetica":
        return value  # DejaVu Sans prints every letter of European names
    try:
        value.encode("cp1252")
        return value
    except UnicodeEncodeError:
        pass
    out: list[str] = []
    for char in value:
        try:
            char.encode("cp1252")
            out.append(char)
            continue
        except UnicodeEncodeError:
            pass
        if char in _FALLBACK:
            out.append(_FALLBACK[char])
            continue
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        try:
            base.encode("cp1252")
            out.append(base or "?")
        except UnicodeEncodeError:
            out.append("?")
    return "".join(out)


def text(value: str) -> str:
    """Plain text as paragraph markup: printable, XML characters escaped, line breaks kept."""
    return escape(printable(value)).replace("\r\n", "\n").replace("\n", "<br/>")


@dataclass(frozen=True, slots=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    cell_label: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    note: ParagraphStyle


def _styles() -> Styles:
    body = ParagraphStyle(
        "body",
        fontName=FONT,
        bulletFontName=FONT,  # reportlab's default for bullets is an unembedded Helvetica
        fontSize=9,
        leading=11.5,
        textColor=INK,
        alignment=TA_LEFT,
    )
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5, textColor=MUTED)
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5)
    return Styles(
        body=body,
        small=small,
        cell=cell,
        cell_head=ParagraphStyle("cell_head", parent=cell, fontName=BOLD),
        cell_label=ParagraphStyle("cell_label", parent=cell, fontName=BOLD, textColor=MUTED),
        title=ParagraphStyle(
            "title", parent=body, fontName=BOLD, fontSize=16, leading=19, spaceAfter=1
        ),
        subtitle=ParagraphStyle(
            "subtitle", parent=body, fontSize=10, leading=13, textColor=MUTED, spaceAfter=4
        ),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=BOLD,
            fontSize=10.5,
            leading=13,
            spaceBefore=9,
            spaceAfter=3,
            keepWithNext=1,  # a heading never ends a page alone
        ),
        note=ParagraphStyle("note", parent=body, fontSize=8.5, leading=10.5, textColor=MUTED),
    )


STYLES = _styles()


def page_size(landscape_: bool = False) -> tuple[float, float]:
    size: tuple[float, float] = landscape(A4) if landscape_ else A4
    return size


def frame_width(landscape_: bool = False) -> float:
    return float(page_size(landscape_)[0] - 2 * MARGIN_X)


# ---------------------------------------------------------------- building blocks


def paragraph(value: str, style: ParagraphStyle | None = None) -> Paragraph:
    markup = value if isinstance(value, Markup) else text(value)
    return Paragraph(markup, style or STYLES.body)


def title(main: str, sub: str = "") -> list[Flowable]:
    parts: list[Flowable] = [paragraph(main, STYLES.title)]
    if sub:
        parts.append(paragraph(sub, STYLES.subtitle))
    return parts


def heading(value: str) -> Paragraph:
    return paragraph(value, STYLES.heading)


def _cell(value: Any, style: ParagraphStyle, room: float) -> Any:
    """A plain string when it fits on one line of the column (reportlab draws those without
    parsing markup or breaking lines: several times faster); a wrapping Paragraph otherwise."""
    if isinstance(value, Flowable):
        return value
    if value is None:
        return ""
    value = value if isinstance(value, str) else str(value)
    if not isinstance(value, Markup) and "\n" not in value:
        plain = printable(value)
        if stringWidth(plain, style.fontName, style.fontSize) <= room:
            return plain
    return paragraph(value, style)


_RIGHT = {
    name: style.clone(f"{name}_right", alignment=TA_RIGHT)
    for name, style in (("cell", STYLES.cell), ("cell_head", STYLES.cell_head))
}


def table(
    rows: Sequence[Sequence[Any]],
    fractions: Sequence[float],
    width: float,
    *,
    header: bool = True,
    extra: Sequence[tuple[Any, ...]] = (),
    right_from: int | None = None,
) -> Table:
    """A grid whose columns share ``width`` by ``fractions``; the header row repeats on every
    page. Strings that do not fit their column become Paragraphs (escaped unless
    :class:`Markup`), so they wrap; columns from ``right_from`` on are right-aligned (numbers)."""
    total = sum(fractions)
    widths = [width * f / total for f in fractions]
    rooms = [w - 2 * CELL_PADDING - 0.5 for w in widths]
    body = []
    for r, row in enumerate(rows):
        name = "cell_head" if header and r == 0 else "cell"
        left = STYLES.cell_head if name == "cell_head" else STYLES.cell
        body.append(
            [
                _cell(v, _RIGHT[name] if right_from is not None and c >= right_from else left, room)
                for c, (v, room) in enumerate(zip(row, rooms, strict=False))
            ]
        )
    style: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), STYLES.cell.fontSize),
        ("LEADING", (0, 0), (-1, -1), STYLES.cell.leading),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if right_from is not None:
        style.append(("ALIGN", (right_from, 0), (-1, -1), "RIGHT"))
    if header:
        style.append(("FONTNAME", (0, 0), (-1, 0), BOLD))
        style.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL))
    result = Table(body, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    result.setStyle(table_style([*style, *extra]))
    return result


def facts(
    pairs: Sequence[tuple[str, Any]], width: float, wide: Sequence[tuple[str, Any]] = ()
) -> Table:
    """Label/value pairs two a row, labels shaded; ``wide`` pairs follow, one a row, their
    value spanning the rest of the row (for long values such as a list of names)."""
    rows: list[list[Any]] = []
    for start in range(0, len(pairs), 2):
        chunk = list(pairs[start : start + 2])
        chunk += [("", "")] * (2 - len(chunk))
        row: list[Any] = []
        for label, value in chunk:
            row += [paragraph(label, STYLES.cell_label), value]  # table() makes the cell
        rows.append(row)
    extra: list[tuple[Any, ...]] = []
    for label, value in wide:
        extra.append(("SPAN", (1, len(rows)), (3, len(rows))))
        spanning = value if isinstance(value, Flowable) else paragraph(str(value), STYLES.cell)
        rows.append([paragraph(label, STYLES.cell_label), spanning, "", ""])
    extra += [("BACKGROUND", (c, 0), (c, -1), LABEL_FILL) for c in (0, 2)]
    extra += [
        ("BACKGROUND", (2, r), (2, r), colors.white)
        for r in range(len(rows) - len(wide), len(rows))
    ]
    return table(rows, [0.16, 0.34, 0.16, 0.34], width, header=False, extra=extra)


def drawing(width: float, height: float) -> Drawing:
    """A chart's Drawing that starts in the report font: reportlab's graphics start in an
    unembedded Helvetica (set on the page even when every String names its font)."""
    result = Drawing(width, height)
    result.initialFontName = FONT
    result.initialFontSize = 8
    return result


def table_style(commands: Sequence[tuple[Any, ...]]) -> TableStyle:
    """A table style whose cells start in the report font: reportlab's cell default is an
    unembedded Helvetica, set on the page even when every cell is a Paragraph."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


def bullets(items: Sequence[str], style: ParagraphStyle | None = None) -> list[Flowable]:
    chosen = style or STYLES.body
    return [
        Paragraph(item if isinstance(item, Markup) else text(item), chosen, bulletText="•")
        for item in items
    ]


def blank_box(width: float, height: float, content: str = "") -> Table:
    """A framed box to write in by hand (e.g. Bemerkungen), optionally with printed text."""
    box = Table([[paragraph(content, STYLES.cell)]], colWidths=[width], rowHeights=[height])
    box.setStyle(
        table_style(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return box


def signature_lines(labels: Sequence[str], width: float) -> KeepTogether:
    """Lines to sign on, side by side, each captioned (kept together on one page)."""
    gap = 10 * mm
    count = max(1, len(labels))
    line = (width - gap * (count - 1)) / count
    widths: list[float] = []
    cells: list[Any] = []
    for index, label in enumerate(labels):
        if index:
            widths.append(gap)
            cells.append("")
        widths.append(line)
        cells.append(paragraph(label, STYLES.small))
    grid = Table([[""] * len(cells), cells], colWidths=widths, rowHeights=[12 * mm, None])
    style: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]
    style += [("LINEABOVE", (c, 1), (c, 1), 0.7, INK) for c in range(0, len(cells), 2)]
    grid.setStyle(table_style(style))
    return KeepTogether([Spacer(1, 4 * mm), grid])


# ---------------------------------------------------------------- the document


def _canvas_class(header: ReportHeader, report_title: str) -> type:
    """A canvas that keeps its pages until the end, so each can say "Seite x von y"."""

    class NumberedCanvas(canvas.Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # reportlab starts every page in Helvetica, which would land in the PDF as an
            # unembedded font even though no text is set in it (the doc template passes None).
            kwargs["initialFontName"] = kwargs.get("initialFontName") or FONT
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._decorate(number, total)
                super().showPage()
            super().save()

        def _decorate(self, number: int, total: int) -> None:
            width, height = self._pagesize
            left, right = MARGIN_X, width - MARGIN_X
            self.saveState()
            self.setFillColor(INK)
            self.setFont(BOLD, 9)
            self.drawString(left, height - 12 * mm, printable(header.unit_line))
            self.setFont(FONT, 8.5)
            self.setFillColor(MUTED)
            self.drawRightString(right, height - 12 * mm, report_title)
            self.setStrokeColor(GRID)
            self.setLineWidth(0.6)
            self.line(left, height - 14 * mm, right, height - 14 * mm)
            self.line(left, 12 * mm, right, 12 * mm)
            self.setFont(FONT, 7.5)
            stamp = format_local(header.generated_at)
            actor = printable(header.actor)
            self.drawString(left, 8 * mm, f"Erstellt am {stamp} von {actor}")
            self.drawRightString(right, 8 * mm, f"Seite {number} von {total}")
            self.restoreState()

    return NumberedCanvas


def render_document(
    story: Sequence[Flowable],
    report_title: str,
    header: ReportHeader,
    *,
    landscape_: bool = False,
) -> bytes:
    """Lay out ``story`` on A4 pages with header and footer; the PDF's bytes."""
    out = BytesIO()
    size = page_size(landscape_)
    document = BaseDocTemplate(
        out,
        pagesize=size,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=report_title,
        author=printable(header.actor),
        creator="KOD Desk",
        subject=printable(header.unit_line),
    )
    # No frame padding: the content lines up with the header and footer rules, and
    # frame_width() is exactly the width tables may take.
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        size[0] - 2 * MARGIN_X,
        size[1] - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    document.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    document.build(list(story), canvasmaker=_canvas_class(header, report_title))
    return out.getvalue()
