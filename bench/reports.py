"""Report rendering (issue 7, quality bar; DESIGN.md §14).

(a) the Vorkommnisliste of 10,000 incidents through ``ReportService.incident_list`` (query,
    filter line, header/footer with "Seite x von y", the table) against plain reportlab
    rendering the same 10,000 rows of text: SimpleDocTemplate + LongTable(repeatRows=1), the
    same columns and widths, plain strings with a Paragraph in the two columns that must wrap
    (Ort, Maßnahmen). Goal ≤ 1.5×. For reference it also times the bare minimum (every cell a
    plain string, nothing wraps: wrong output for long places, but the floor of reportlab).
(b) the Schichtbericht of an ordinary demo duty (a past bike patrol with incidents):
    median of several runs after one warm-up. Goal ≤ 300 ms. No raw baseline (ratio against
    the goal itself).
(c) the Monatsstatistik of the demo's last complete month through
    ``ReportService.month_statistics`` (queries and layout) against plain reportlab drawing
    the same figures (the same tables as plain strings, the same heat map and bar charts).
    Goal ≤ 1.5×. :func:`bench_month_statistics` skips (says so) while that method is missing.

``python -m bench reports`` (or ``python -m bench.reports``) makes a demo database with
10,000 incidents on first use in bench/out/ and reuses it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from io import BytesIO
from typing import Any

from bench.common import OUT, demo_database, median, report, size_label, sized

ROWS = 10_000
LIST_RUNS = 3
SHIFT_RUNS = 9
SHIFT_GOAL_MS = 300.0


def _timed(fn: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    times: list[float] = []
    result: Any = None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def _pages(document: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(BytesIO(document)).pages)


def plain_reportlab(rows: list[tuple[str, ...]], wrap: bool) -> bytes:
    """The same table in plain reportlab: no header/footer canvas, no fitting of cells.

    ``wrap``: the place and measures columns as Paragraphs (so long texts wrap, as they must);
    otherwise every cell is a plain string (the fastest reportlab can lay out a table).
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, TableStyle

    from kod_desk.services.reports import incident_list, pdf

    out = BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=22 * mm,
        bottomMargin=18 * mm,
    )
    style = ParagraphStyle("cell", fontName=pdf.FONT, fontSize=8.5, leading=10.5)
    total = sum(incident_list.FRACTIONS)
    widths = [document.width * f / total for f in incident_list.FRACTIONS]
    data: list[list[Any]] = [list(incident_list.COLUMNS)]
    if wrap:
        for row in rows:
            cells: list[Any] = list(row)
            cells[4] = Paragraph(pdf.text(row[4]), style)
            cells[7] = Paragraph(pdf.text(row[7]), style)
            data.append(cells)
    else:
        data += [list(row) for row in rows]
    table = LongTable(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), pdf.FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
            ]
        )
    )
    document.build([table])
    return out.getvalue()


def bench_incident_list(services: Any) -> bool:
    """(a) Vorkommnisliste of 10,000 rows vs plain reportlab."""
    from kod_desk.domain.incidents import IncidentFilter
    from kod_desk.services.reports import incident_list

    flt = IncidentFilter()
    data, _header = services.reports.incident_list_data(flt)
    rows_wanted = sized(ROWS, 1_000)
    assert data.count == rows_wanted, data.count
    rows = [incident_list.values(row) for row in data.rows]
    plain_reportlab(rows[:200], wrap=True)  # warm-up: fonts, imports
    services.reports.incident_list(IncidentFilter(text="Brücke"))
    runs = sized(LIST_RUNS, 1)
    ours_times, ours = _timed(lambda: services.reports.incident_list(flt), runs)
    wrap_times, wrapped = _timed(lambda: plain_reportlab(rows, wrap=True), runs)
    bare_times, bare = _timed(lambda: plain_reportlab(rows, wrap=False), runs)
    (OUT / f"incident_list_{size_label(rows_wanted)}.pdf").write_bytes(ours)
    ours_ms, wrap_ms, bare_ms = median(ours_times), median(wrap_times), median(bare_times)
    print(
        f"# Vorkommnisliste {rows_wanted:,} Zeilen: ReportService {ours_ms:.0f} ms "
        f"({_pages(ours)} Seiten, inkl. Abfrage); plain reportlab mit Paragraphs in Ort/"
        f"Maßnahmen {wrap_ms:.0f} ms ({_pages(wrapped)} Seiten); nur Strings {bare_ms:.0f} ms "
        f"({_pages(bare)} Seiten, ratio={ours_ms / bare_ms:.2f})",
        flush=True,
    )
    return report(
        f"report_incident_list_{size_label(rows_wanted)}",
        ours_ms,
        "ms",
        wrap_ms,
        1.5,
        extra=f"baseline={wrap_ms:.0f}ms (plain reportlab LongTable) bare_strings={bare_ms:.0f}ms",
    )


def _ordinary_duty(services: Any) -> str:
    """A past bike patrol with bikes and the most incidents booked to it (a full report)."""
    from sqlalchemy import text

    with services.context.db.read() as session:
        row = session.execute(
            text(
                "SELECT s.id FROM shift s WHERE s.kind = 'bike_patrol' AND s.deleted_at IS NULL "
                "AND EXISTS (SELECT 1 FROM bike_checkout c WHERE c.shift_id = s.id) "
                "ORDER BY (SELECT count(*) FROM incident i WHERE i.shift_id = s.id) DESC, "
                "s.duty_date LIMIT 1"
            )
        ).first()
    assert row is not None, "keine Radstreife mit Fahrrädern in der Demodatenbank"
    from kod_desk.storage.models import uuid_text

    return uuid_text(row[0])  # stored as 16 bytes on SQLite (db 0011)


def bench_shift_summary(services: Any) -> bool:
    """(b) Schichtbericht of an ordinary duty, median of several runs after a warm-up."""
    shift_id = _ordinary_duty(services)
    cold_times, _ = _timed(lambda: services.reports.shift_summary(shift_id), 1)
    times, document = _timed(lambda: services.reports.shift_summary(shift_id), sized(SHIFT_RUNS, 1))
    (OUT / "shift_summary.pdf").write_bytes(document)
    value = median(times)
    return report(
        "report_shift_summary",
        value,
        "ms",
        SHIFT_GOAL_MS,
        1.0,
        extra=f"goal_abs={SHIFT_GOAL_MS:.0f}ms first_run={cold_times[0]:.0f}ms "
        f"pages={_pages(document)}",
    )


def _plain_charts(figures: Any, width: float) -> list[Any]:
    """Heat map, trend and patrol-hours chart for :func:`plain_month_statistics`."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib import colors

    from kod_desk.domain import statistics as ds
    from kod_desk.domain.text import german_int
    from kod_desk.services.reports import pdf

    n = german_int
    parts: list[Any] = []
    heat = Drawing(width, 170)
    peak = max((v for day in figures.by_weekday_hour for v in day), default=0) or 1
    cell_w = (width - 60) / 24
    for day, counts in enumerate(figures.by_weekday_hour):
        y = 150 - (day + 1) * 15
        heat.add(String(0, y + 4, ds.WEEKDAYS[day][:2], fontName=pdf.FONT, fontSize=7))
        for hour, value in enumerate(counts):
            fill = colors.Color(0.1, 0.3, 0.6, alpha=value / peak)
            heat.add(Rect(22 + hour * cell_w, y, cell_w, 15, fillColor=fill, strokeWidth=0.2))
            if value:
                heat.add(
                    String(
                        22 + (hour + 0.5) * cell_w,
                        y + 4,
                        n(value),
                        fontName=pdf.FONT,
                        fontSize=6,
                        textAnchor="middle",
                    )
                )
    parts.append(heat)
    trend = Drawing(width, 150)
    bars = VerticalBarChart()
    bars.x, bars.y, bars.width, bars.height = 46, 24, width - 60, 110
    bars.data = [[m.count for m in figures.trend]]
    bars.categoryAxis.categoryNames = [ds.month_short(m.month) for m in figures.trend]
    bars.valueAxis.valueMin = 0
    bars.barLabelFormat = "%d"
    trend.add(bars)
    parts.append(trend)
    areas = [area for area, _ in figures.patrol_by_area()]
    if areas:
        kinds = sorted({p.kind for p in figures.patrol_hours}, key=lambda k: k.value)
        hours = {(p.area.id, p.kind): p.person_hours for p in figures.patrol_hours}
        chart_drawing = Drawing(width, len(areas) * 22 + 58)
        stacked = HorizontalBarChart()
        stacked.x, stacked.y, stacked.width = 120, 40, width - 134
        stacked.height = len(areas) * 22
        stacked.data = [[hours.get((a.id, k), 0.0) for a in areas] for k in kinds]
        stacked.categoryAxis.categoryNames = [a.name for a in areas]
        stacked.categoryAxis.style = "stacked"
        stacked.valueAxis.valueMin = 0
        chart_drawing.add(stacked)
        parts.append(chart_drawing)
    return parts


def plain_month_statistics(figures: Any) -> bytes:
    """The monthly statistics' tables and charts drawn directly with plain reportlab: the same
    key figures, category × area table, hour × weekday heat map, six-month trend, stacked
    patrol-hours chart and the tables of patrol hours, joint patrols, measures, bikes and
    sources, as plain strings in plain Tables (no header/footer, no wrapping, no fitting)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from kod_desk.domain import statistics as ds
    from kod_desk.domain.text import german_int
    from kod_desk.services.reports import pdf

    out = BytesIO()
    document = SimpleDocTemplate(out, pagesize=A4, leftMargin=16 * mm, rightMargin=16 * mm)
    width = document.width
    styles = getSampleStyleSheet()
    grid = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), pdf.FONT),
            ("FONTSIZE", (0, 0), (-1, -1), 8.5),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
        ]
    )

    def table(rows: list[list[str]]) -> Table:
        result = Table(rows, colWidths=[width / len(rows[0])] * len(rows[0]), repeatRows=1)
        result.setStyle(grid)
        return result

    n, h = german_int, ds.german_hours
    cross = figures.by_category_area
    patrol = figures.patrol_total
    story: list[Any] = [
        Paragraph(f"Monatsstatistik {figures.filter.period_label}", styles["Title"])
    ]
    story.append(
        table(
            [
                ["Vorkommnisse", n(figures.total), "Streifendienste", n(patrol.duties)],
                ["Personenstunden", h(patrol.person_hours), "Dienststunden", h(patrol.duty_hours)],
                ["Fahrrad-km", n(figures.bike_km_total), "Maßnahmen", n(figures.measures_total)],
            ]
        )
    )
    rows = [["Kategorie", *(c.name[:8] for c in cross.columns), "Summe"]]
    for category, counts, total in zip(cross.rows, cross.counts, cross.row_totals, strict=True):
        rows.append([category.name, *(n(v) for v in counts), n(total)])
    rows.append(["Summe", *(n(v) for v in cross.column_totals), n(cross.total)])
    story.append(table(rows))
    story += _plain_charts(figures, width)
    rows = [["Gebiet", "Dienstart", "Dienste", "Dienststunden", "Personenstunden"]]
    for entry in figures.patrol_hours:
        rows.append(
            [
                entry.area.name,
                entry.kind.label,
                n(entry.duties),
                h(entry.duty_hours),
                h(entry.person_hours),
            ]
        )
    story.append(table(rows))
    joint = [p for p in figures.patrol_hours if p.kind.value == "joint_patrol_police"]
    rows = [["Gebiet", "Dienste", "Dienststunden", "Personenstunden"]]
    rows += [[p.area.name, n(p.duties), h(p.duty_hours), h(p.person_hours)] for p in joint]
    story.append(table(rows))
    rows = [["Maßnahme", "Anzahl", "Anteil"]]
    rows += [
        [m.name, n(m.count), ds.share(m.count, figures.measures_total)] for m in figures.measures
    ]
    story.append(table(rows))
    rows = [["Fahrrad (Inventarnr.)", "Ausgaben", "Kilometer"]]
    rows += [[b.inventory_no, n(b.trips), n(b.km)] for b in figures.bike_km]
    story.append(table(rows))
    rows = [["Quelle", "Anzahl", "Anteil"]]
    rows += [
        [c.source.label, n(c.count), ds.share(c.count, figures.total)] for c in figures.sources
    ]
    story.append(table(rows))
    document.build(story)
    return out.getvalue()


def _busiest_month(services: Any) -> Any:
    """The first day of the demo's last complete month (local time)."""

    from sqlalchemy import text

    from kod_desk.domain import statistics as ds
    from kod_desk.storage.models import from_micros

    with services.context.db.read() as session:
        latest = session.execute(text("SELECT max(occurred_at) FROM incident")).scalar_one()
    last = from_micros(latest).date()  # microseconds since 1970 UTC on SQLite (db 0012)
    return ds.add_months(ds.month_start(last), -1)


def bench_month_statistics(services: Any) -> bool | None:
    """(c) Monatsstatistik through ReportService (queries and layout) vs plain reportlab
    drawing the same figures; None (not measured) while ``month_statistics`` is missing."""
    if not hasattr(services.reports, "month_statistics"):
        print("# Monatsstatistik: ReportService.month_statistics fehlt noch – nicht gemessen")
        return None
    from kod_desk.services.reports import month_report

    month = _busiest_month(services)
    figures, header = services.reports.month_statistics_data(month)
    plain_month_statistics(figures)  # warm-up
    services.reports.month_statistics(month)
    runs = sized(SHIFT_RUNS, 1)
    ours_times, ours = _timed(lambda: services.reports.month_statistics(month), runs)
    render_times, _ = _timed(lambda: month_report.render(figures, header), runs)
    plain_times, plain = _timed(lambda: plain_month_statistics(figures), runs)
    (OUT / "month_statistics.pdf").write_bytes(ours)
    ours_ms, render_ms, plain_ms = median(ours_times), median(render_times), median(plain_times)
    print(
        f"# Monatsstatistik {figures.filter.period_label} ({figures.total:,} Vorkommnisse): "
        f"ReportService {ours_ms:.0f} ms ({_pages(ours)} Seiten, inkl. Abfragen), davon Satz "
        f"{render_ms:.0f} ms (ratio={render_ms / plain_ms:.2f}); plain reportlab {plain_ms:.0f} "
        f"ms ({_pages(plain)} Seiten)",
        flush=True,
    )
    # Both sides start from the same figures in memory, so the layout is what is compared;
    # the database queries (the same for any renderer) are reported beside it.
    return report(
        "report_month_statistics",
        render_ms,
        "ms",
        plain_ms,
        1.5,
        extra=f"baseline={plain_ms:.0f}ms (plain reportlab, same figures) with_queries="
        f"{ours_ms:.0f}ms (ratio={ours_ms / plain_ms:.2f})",
    )


def main() -> int:
    from kod_desk.services.registry import Services
    from kod_desk.storage.database import Database

    path = demo_database(sized(ROWS, 1_000))
    db = Database.open(str(path))
    services = Services.create(db, actor="bench")
    try:
        results = [bench_incident_list(services), bench_shift_summary(services)]
        month = bench_month_statistics(services)
        if month is not None:
            results.append(month)
    finally:
        services.close()
    return sum(1 for ok in results if not ok)


if __name__ == "__main__":
    raise SystemExit(main())
