"""Monatsstatistik for controlling (issue 7, report 6): counts by category × area, a heat map
of hour × weekday, the trend of six months, patrol hours per area and kind, joint patrols with
the police, measures, bike km and sources, with charts drawn by reportlab.graphics.

No personal data at all: the figures (domain/statistics.py) hold only counts, hours, names of
areas and catalogue entries and bike inventory numbers.
"""

from __future__ import annotations

from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer

from kod_desk.domain import statistics as ds
from kod_desk.domain.enums import ShiftKind
from kod_desk.domain.reports import ReportHeader
from kod_desk.domain.text import german_int
from kod_desk.services.reports import pdf

TITLE = "Monatsstatistik"
NOTE = (
    "Keine personenbezogenen Daten: nur Anzahlen, Stunden und Kilometer. Zeiten in "
    "Ortszeit (Europe/Berlin); gezählt werden nicht gelöschte Vorkommnisse."
)
HOURS_NOTE = (
    "Dienststunden: je Dienst einmal gezählt, vom frühesten Beginn bis zum spätesten Ende der "
    "Besatzung (Ist-Zeit, sonst Soll-Zeit) abzüglich der geplanten Pause. Personenstunden: "
    "Summe der Zeiten aller eingeteilten Dienstkräfte abzüglich ihrer Pausen. Ohne geplante "
    "Pause gilt das gesetzliche Mindestmaß (§ 4 ArbZG)."
)
# Heat map classes: white for none, then five blues.
HEAT = [
    colors.HexColor(c) for c in ("#ffffff", "#dbe9f6", "#a9cce3", "#6baed6", "#2f7ebc", "#0b4f8a")
]
SERIES = [
    colors.HexColor(c) for c in ("#2f6fab", "#e08a2c", "#4c9a5a", "#9c5fb5", "#c44e52", "#7f7f7f")
]
INK = pdf.INK
MUTED = pdf.MUTED


def _n(value: int) -> str:
    return german_int(value)


def _h(value: float) -> str:
    return ds.german_hours(value)


def _bold_row(rows: list[list[Any]], index: int) -> None:
    rows[index] = [
        pdf.paragraph(v, pdf.STYLES.cell_head) if isinstance(v, str) and i == 0 else v
        for i, v in enumerate(rows[index])
    ]


# ---------------------------------------------------------------- key figures


def _key_figures(figures: ds.Figures, width: float) -> list[Flowable]:
    total = figures.total
    before = [m.count for m in figures.trend[:-1]]
    average = sum(before) / len(before) if before else 0.0
    comparison = figures.comparison
    change = "–" if comparison is None else comparison.change
    # A running month is compared day for day: "Zum Vormonat bis 07.11."
    compared = "Zum Vormonat" if comparison is None else f"Zum {comparison.previous_label}"
    peak = figures.peak
    peak_text = (
        "–"
        if peak is None
        else f"{ds.WEEKDAYS[peak[0]]}, {peak[1]:02d}–{(peak[1] + 1) % 24:02d} Uhr ({_n(peak[2])})"
    )
    table = figures.by_category_area
    top_category = max(
        zip(table.rows, table.row_totals, strict=True), key=lambda p: p[1], default=None
    )
    top_area = max(
        zip(table.columns, table.column_totals, strict=True), key=lambda p: p[1], default=None
    )
    patrol, joint = figures.patrol_total, figures.joint_patrols
    pairs = [
        ("Vorkommnisse", _n(total)),
        (compared, change),
        ("Mittel der 5 Vormonate", _h(average)),
        ("Spitzenzeit", peak_text),
        (
            "Häufigste Kategorie",
            f"{top_category[0].name} ({_n(top_category[1])})"
            if top_category and top_category[1]
            else "–",
        ),
        (
            "Meiste Vorkommnisse",
            f"{top_area[0].name} ({_n(top_area[1])})" if top_area and top_area[1] else "–",
        ),
        ("Streifendienste", _n(patrol.duties)),
        ("Personenstunden", f"{_h(patrol.person_hours)} h"),
        ("Gemeinsame Streifen Polizei", f"{_n(joint.duties)} ({_h(joint.person_hours)} h)"),
        ("Fahrrad-km", f"{_n(figures.bike_km_total)} km"),
        ("Maßnahmen", _n(figures.measures_total)),
        ("Dienststunden", f"{_h(patrol.duty_hours)} h"),
    ]
    rows: list[list[Any]] = []
    for start in range(0, len(pairs), 2):
        row: list[Any] = []
        for label, value in pairs[start : start + 2]:
            row += [pdf.paragraph(label, pdf.STYLES.cell_label), value]
        rows.append(row)
    extra = [("BACKGROUND", (c, 0), (c, -1), pdf.LABEL_FILL) for c in (0, 2)]
    return [pdf.table(rows, [0.25, 0.25, 0.22, 0.28], width, header=False, extra=extra)]


# ---------------------------------------------------------------- category × area


class _Rotated(Flowable):  # type: ignore[misc]
    """A column heading set bottom-up, for narrow columns with long area names."""

    def __init__(self, value: str, size: float = 7.5) -> None:
        super().__init__()
        self.value = pdf.printable(value)
        self.size = size
        self.length = stringWidth(self.value, pdf.BOLD, size)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size + 2, self.length + 2

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFont(pdf.BOLD, self.size)
        canvas.setFillColor(INK)
        canvas.rotate(90)
        canvas.drawString(1, -self.size + 1, self.value)
        canvas.restoreState()


def _cross_table(figures: ds.Figures, width: float) -> list[Flowable]:
    table = figures.by_category_area
    if not table.rows or not table.columns:
        return [pdf.paragraph("Keine Kategorien oder Gebiete im Filter.", pdf.STYLES.note)]
    count = len(table.columns)
    label, total = 0.26, 0.09
    column = (1 - label - total) / count
    column_width = width * column - 6
    words = [w for c in table.columns for w in c.name.split()]
    fits = all(stringWidth(w, pdf.BOLD, 8.5) <= column_width for w in words)
    head: list[Any] = ["Kategorie"]
    head += [c.name if fits else _Rotated(c.name) for c in table.columns]
    head.append("Summe")
    rows: list[list[Any]] = [head]
    for category, counts, row_total in zip(table.rows, table.counts, table.row_totals, strict=True):
        rows.append([category.name, *(_n(v) for v in counts), _n(row_total)])
    rows.append(["Summe", *(_n(v) for v in table.column_totals), _n(table.total)])
    _bold_row(rows, len(rows) - 1)
    extra = [
        ("BACKGROUND", (0, len(rows) - 1), (-1, -1), pdf.LABEL_FILL),
        ("BACKGROUND", (-1, 1), (-1, -1), pdf.LABEL_FILL),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
    ]
    return [pdf.table(rows, [label, *([column] * count), total], width, extra=extra, right_from=1)]


# ---------------------------------------------------------------- heat map


def _classes(peak: int) -> list[tuple[int, int]]:
    """Five count ranges (low, high) from 1 to ``peak``, without empty or repeated ones."""
    if peak <= 0:
        return []
    edges = sorted({max(1, round(peak * k / 5)) for k in range(1, 6)})
    ranges, low = [], 1
    for high in edges:
        if high >= low:
            ranges.append((low, high))
            low = high + 1
    return ranges


def _heat_class(value: int, ranges: list[tuple[int, int]]) -> int:
    if value <= 0:
        return 0
    for index, (_, high) in enumerate(ranges):
        if value <= high:
            return index + 1 + (5 - len(ranges))
    return 5


def _heat_map(figures: ds.Figures, width: float) -> Drawing:
    grid = figures.by_weekday_hour
    label_w, total_w = 22.0, 34.0
    cell_w = (width - label_w - total_w) / 24
    cell_h, top_h, legend_h = 15.0, 12.0, 24.0
    rows = 8  # seven weekdays and the hour totals
    height = top_h + rows * cell_h + legend_h
    drawing = pdf.drawing(width, height)
    peak = max((v for day in grid for v in day), default=0)
    ranges = _classes(peak)
    digits = len(_n(max(peak, max(figures.hour_totals, default=0))))
    size = 6.5 if digits <= 3 else (5.8 if digits <= 5 else 5.0)
    y_top = height - top_h
    for hour in range(24):
        x = label_w + hour * cell_w
        drawing.add(
            String(
                x + cell_w / 2,
                y_top + 3,
                f"{hour:02d}",
                fontName=pdf.FONT,
                fontSize=6.5,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
    drawing.add(
        String(
            label_w + 24 * cell_w + total_w / 2,
            y_top + 3,
            "Summe",
            fontName=pdf.BOLD,
            fontSize=6.5,
            fillColor=MUTED,
            textAnchor="middle",
        )
    )
    for day in range(7):
        y = y_top - (day + 1) * cell_h
        drawing.add(
            String(
                2, y + 4.5, ds.WEEKDAYS_SHORT[day], fontName=pdf.BOLD, fontSize=7.5, fillColor=INK
            )
        )
        for hour in range(24):
            value = grid[day][hour]
            shade = _heat_class(value, ranges)
            x = label_w + hour * cell_w
            drawing.add(
                Rect(
                    x,
                    y,
                    cell_w,
                    cell_h,
                    fillColor=HEAT[shade],
                    strokeColor=pdf.GRID,
                    strokeWidth=0.3,
                )
            )
            if value:
                drawing.add(
                    String(
                        x + cell_w / 2,
                        y + 4.5,
                        _n(value),
                        fontName=pdf.FONT,
                        fontSize=size,
                        fillColor=colors.white if shade >= 4 else INK,
                        textAnchor="middle",
                    )
                )
        drawing.add(
            String(
                label_w + 24 * cell_w + total_w - 3,
                y + 4.5,
                _n(sum(grid[day])),
                fontName=pdf.BOLD,
                fontSize=size + 0.5,
                fillColor=INK,
                textAnchor="end",
            )
        )
    y = y_top - 8 * cell_h
    drawing.add(String(2, y + 4.5, "Σ", fontName=pdf.BOLD, fontSize=7.5, fillColor=INK))
    for hour, value in enumerate(figures.hour_totals):
        drawing.add(
            String(
                label_w + hour * cell_w + cell_w / 2,
                y + 4.5,
                _n(value),
                fontName=pdf.BOLD,
                fontSize=size,
                fillColor=INK,
                textAnchor="middle",
            )
        )
    drawing.add(
        String(
            label_w + 24 * cell_w + total_w - 3,
            y + 4.5,
            _n(figures.total),
            fontName=pdf.BOLD,
            fontSize=size + 0.5,
            fillColor=INK,
            textAnchor="end",
        )
    )
    # Legend: the classes with their ranges.
    x, y = label_w, 4.0
    drawing.add(String(2, y + 2, "Anzahl:", fontName=pdf.FONT, fontSize=7, fillColor=MUTED))
    x += 12
    shades = [(0, "keine")] + [
        (index + 1 + (5 - len(ranges)), f"{_n(low)}–{_n(high)}" if low != high else _n(low))
        for index, (low, high) in enumerate(ranges)
    ]
    for shade, text in shades:
        drawing.add(Rect(x, y, 12, 9, fillColor=HEAT[shade], strokeColor=pdf.GRID, strokeWidth=0.3))
        drawing.add(String(x + 15, y + 2, text, fontName=pdf.FONT, fontSize=7, fillColor=INK))
        x += 20 + stringWidth(text, pdf.FONT, 7) + 8
    return drawing


# ---------------------------------------------------------------- trend


def _axis_number(value: float) -> str:
    return _n(round(value))


def _trend_chart(figures: ds.Figures, width: float) -> Drawing:
    height = 150.0
    drawing = pdf.drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 46, 24
    chart.width, chart.height = width - 60, height - 40
    chart.data = [[m.count for m in figures.trend]]
    chart.categoryAxis.categoryNames = [ds.month_short(m.month) for m in figures.trend]
    chart.categoryAxis.labels.fontName = pdf.FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.dy = -2
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = pdf.FONT
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.labelTextFormat = _axis_number
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e3e6ea")
    chart.valueAxis.gridStrokeWidth = 0.4
    peak = max((m.count for m in figures.trend), default=0)
    chart.valueAxis.valueMax = max(10, int(peak * 1.18) + 1)
    chart.bars[0].fillColor = SERIES[0]
    chart.bars[0].strokeColor = None
    chart.bars[(0, len(figures.trend) - 1)].fillColor = colors.HexColor("#0b4f8a")
    chart.barLabelFormat = _axis_number
    chart.barLabels.fontName = pdf.BOLD
    chart.barLabels.fontSize = 8
    chart.barLabels.nudge = 6
    chart.barWidth = 10
    chart.groupSpacing = 18
    drawing.add(chart)
    drawing.add(
        String(
            2, height - 8, "Vorkommnisse je Monat", fontName=pdf.FONT, fontSize=7.5, fillColor=MUTED
        )
    )
    return drawing


# ---------------------------------------------------------------- patrol hours


def _patrol_table(figures: ds.Figures, width: float) -> list[Flowable]:
    if not figures.patrol_hours:
        return [pdf.paragraph("Keine Streifendienste im Zeitraum.", pdf.STYLES.note)]
    rows: list[list[Any]] = [["Gebiet", "Dienstart", "Dienste", "Dienststunden", "Personenstunden"]]
    for entry in figures.patrol_hours:
        rows.append(
            [
                entry.area.name,
                entry.kind.label,
                _n(entry.duties),
                _h(entry.duty_hours),
                _h(entry.person_hours),
            ]
        )
    total = figures.patrol_total
    rows.append(["Summe", "", _n(total.duties), _h(total.duty_hours), _h(total.person_hours)])
    _bold_row(rows, len(rows) - 1)
    extra = [("BACKGROUND", (0, len(rows) - 1), (-1, -1), pdf.LABEL_FILL)]
    return [pdf.table(rows, [0.26, 0.26, 0.11, 0.18, 0.19], width, extra=extra, right_from=2)]


def _patrol_chart(figures: ds.Figures, width: float) -> Drawing | None:
    areas = [area for area, _ in figures.patrol_by_area()]
    if not areas:
        return None
    kinds = [k for k in ShiftKind if any(p.kind is k for p in figures.patrol_hours)]
    hours = {(p.area.id, p.kind): p.person_hours for p in figures.patrol_hours}
    label_w = min(150.0, max(stringWidth(a.name, pdf.FONT, 8) for a in areas) + 10)
    bar_h = 14.0
    plot_h = len(areas) * (bar_h + 8)
    height = plot_h + 58
    drawing = pdf.drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_w, 40
    chart.width, chart.height = width - label_w - 14, plot_h
    # Reportlab draws the first category at the bottom: reverse so the table order reads down.
    ordered = list(reversed(areas))
    chart.data = [[hours.get((a.id, k), 0.0) for a in ordered] for k in kinds]
    chart.categoryAxis.categoryNames = [pdf.printable(a.name) for a in ordered]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.labels.fontName = pdf.FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = pdf.FONT
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.labelTextFormat = _axis_number
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e3e6ea")
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.barWidth = bar_h
    for index in range(len(kinds)):
        chart.bars[index].fillColor = SERIES[index % len(SERIES)]
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = label_w, 12
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName = pdf.FONT
    legend.fontSize = 8
    legend.dxTextSpace = 4
    legend.deltax = 0
    legend.colorNamePairs = [(SERIES[i % len(SERIES)], kind.label) for i, kind in enumerate(kinds)]
    drawing.add(legend)
    drawing.add(
        String(
            label_w,
            height - 9,
            "Personenstunden je Gebiet, nach Dienstart",
            fontName=pdf.FONT,
            fontSize=7.5,
            fillColor=MUTED,
        )
    )
    return drawing


def _joint(figures: ds.Figures, width: float) -> list[Flowable]:
    entries = [p for p in figures.patrol_hours if p.kind is ShiftKind.JOINT_PATROL_POLICE]
    if not entries:
        return [
            pdf.paragraph(
                "Keine gemeinsamen Streifen mit der Polizei im Zeitraum.", pdf.STYLES.note
            )
        ]
    rows: list[list[Any]] = [["Gebiet", "Dienste", "Dienststunden", "Personenstunden"]]
    for entry in entries:
        rows.append(
            [entry.area.name, _n(entry.duties), _h(entry.duty_hours), _h(entry.person_hours)]
        )
    total = figures.joint_patrols
    rows.append(["Summe", _n(total.duties), _h(total.duty_hours), _h(total.person_hours)])
    _bold_row(rows, len(rows) - 1)
    extra = [("BACKGROUND", (0, len(rows) - 1), (-1, -1), pdf.LABEL_FILL)]
    return [pdf.table(rows, [0.4, 0.16, 0.22, 0.22], width, extra=extra, right_from=1)]


# ---------------------------------------------------------------- measures, bikes, sources


def _measures(figures: ds.Figures, width: float) -> list[Flowable]:
    if not figures.measures:
        return [pdf.paragraph("Keine Maßnahmen im Katalog.", pdf.STYLES.note)]
    total = figures.measures_total
    rows: list[list[Any]] = [["Maßnahme", "Anzahl", "Anteil"]]
    rows += [[m.name, _n(m.count), ds.share(m.count, total)] for m in figures.measures]
    rows.append(["Summe", _n(total), ""])
    _bold_row(rows, len(rows) - 1)
    extra = [("BACKGROUND", (0, len(rows) - 1), (-1, -1), pdf.LABEL_FILL)]
    return [pdf.table(rows, [0.6, 0.2, 0.2], width, extra=extra, right_from=1)]


def _bikes(figures: ds.Figures, width: float) -> list[Flowable]:
    if not figures.bike_km:
        return [
            pdf.paragraph("Keine Fahrradausgaben mit Kilometerstand im Zeitraum.", pdf.STYLES.note)
        ]
    rows: list[list[Any]] = [["Fahrrad (Inventarnr.)", "Ausgaben", "Kilometer"]]
    rows += [[b.inventory_no, _n(b.trips), f"{_n(b.km)} km"] for b in figures.bike_km]
    rows.append(
        ["Summe", _n(sum(b.trips for b in figures.bike_km)), f"{_n(figures.bike_km_total)} km"]
    )
    _bold_row(rows, len(rows) - 1)
    extra = [("BACKGROUND", (0, len(rows) - 1), (-1, -1), pdf.LABEL_FILL)]
    return [pdf.table(rows, [0.6, 0.2, 0.2], width, extra=extra, right_from=1)]


def _sources(figures: ds.Figures, width: float) -> list[Flowable]:
    total = figures.total
    rows: list[list[Any]] = [["Quelle", "Anzahl", "Anteil"]]
    rows += [[s.source.label, _n(s.count), ds.share(s.count, total)] for s in figures.sources]
    rows.append(["Summe", _n(total), ""])
    _bold_row(rows, len(rows) - 1)
    extra = [("BACKGROUND", (0, len(rows) - 1), (-1, -1), pdf.LABEL_FILL)]
    return [pdf.table(rows, [0.6, 0.2, 0.2], width, extra=extra, right_from=1)]


# ---------------------------------------------------------------- the document


def _filter_line(figures: ds.Figures) -> str:
    flt = figures.filter
    comparison = figures.comparison
    if comparison is not None and comparison.running:  # nothing after today is counted yet
        parts = [f"Zeitraum {flt.first:%d.%m.%Y}–{comparison.through:%d.%m.%Y} (laufender Monat)"]
    else:
        parts = [f"Zeitraum {flt.first:%d.%m.%Y}–{flt.last:%d.%m.%Y}"]
    table = figures.by_category_area
    parts.append(
        "Gebiete: " + ", ".join(c.name for c in table.columns) if flt.area_ids else "alle Gebiete"
    )
    parts.append(
        "Kategorien: " + ", ".join(c.name for c in table.rows)
        if flt.category_ids
        else "alle Kategorien"
    )
    return " · ".join(parts)


def _title(figures: ds.Figures) -> str:
    """ "Monatsstatistik Dezember 2026", and "bis 07.12. (laufender Monat)" while it runs."""
    title = f"{TITLE} {figures.filter.period_label}"
    comparison = figures.comparison
    return f"{title} {comparison.label}" if comparison and comparison.running else title


def story(figures: ds.Figures, width: float) -> list[Flowable]:
    title = _title(figures)
    parts: list[Flowable] = [*pdf.title(title, _filter_line(figures))]
    parts += [pdf.heading("Kennzahlen"), *_key_figures(figures, width)]
    parts.append(Spacer(1, 1.5 * mm))
    parts.append(pdf.paragraph(NOTE, pdf.STYLES.small))
    parts += [pdf.heading("Vorkommnisse nach Kategorie und Gebiet"), *_cross_table(figures, width)]
    parts.append(
        KeepTogether(
            [
                pdf.heading("Vorkommnisse nach Uhrzeit und Wochentag (Ortszeit)"),
                _heat_map(figures, width),
            ]
        )
    )
    parts.append(
        KeepTogether(
            [
                pdf.heading("Entwicklung: Vorkommnisse der letzten sechs Monate"),
                _trend_chart(figures, width),
            ]
        )
    )
    patrol: list[Flowable] = [pdf.heading("Streifenstunden nach Gebiet und Dienstart")]
    chart = _patrol_chart(figures, width)
    if chart is not None:
        patrol.append(chart)
    parts.append(KeepTogether(patrol))
    parts += _patrol_table(figures, width)
    parts.append(Spacer(1, 1 * mm))
    parts.append(pdf.paragraph(HOURS_NOTE, pdf.STYLES.small))
    parts.append(
        KeepTogether([pdf.heading("Gemeinsame Streifen mit der Polizei"), *_joint(figures, width)])
    )
    parts.append(KeepTogether([pdf.heading("Getroffene Maßnahmen"), *_measures(figures, width)]))
    parts.append(
        KeepTogether([pdf.heading("Dienstfahrräder: gefahrene Kilometer"), *_bikes(figures, width)])
    )
    parts.append(KeepTogether([pdf.heading("Vorkommnisse nach Quelle"), *_sources(figures, width)]))
    return parts


def render(figures: ds.Figures, header: ReportHeader) -> bytes:
    """The monthly statistics as PDF bytes (A4 portrait)."""
    title = f"{TITLE} {figures.filter.period_label}"  # the page header: short
    return pdf.render_document(story(figures, pdf.frame_width()), title, header)
