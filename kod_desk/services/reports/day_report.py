"""Tagesdienstbericht: all duties of one day, each a compact block with the parts of the shift
summary (times, crew with lead, bikes, incidents with measures, hand-over, remarks), a day
summary on top and the signature of the Dienstgruppenleitung at the end (issue 7, report 2)."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Table

from kod_desk.domain.report_roster import DayReportData
from kod_desk.domain.reports import ChronologyEntry, ReportHeader, ShiftSummaryData
from kod_desk.services.reports import pdf
from kod_desk.services.reports.pdf import Markup, text
from kod_desk.services.reports.shift_summary import WEEKDAYS, _clock, _number, _span

TITLE = "Tagesdienstbericht"
LABEL = 0.15  # share of the label column in a duty block


def _summary(data: DayReportData, width: float) -> Flowable:
    pairs = [
        ("Dienste", str(len(data.duties))),
        ("Dienstkräfte", str(data.officer_count)),
        ("Vorkommnisse", str(data.incident_count)),
        ("Offene Punkte", str(data.open_item_count)),
        ("Gefahrene km", _number(data.km_total, " km")),
        ("Feiertag", data.holiday or "–"),
    ]
    return pdf.facts(pairs, width)


def _duty_title(number: int, duty: ShiftSummaryData) -> str:
    parts = [f"{number}. {_span(duty.planned_start, duty.planned_end)}", duty.kind.label]
    if duty.area:
        parts.append(duty.area)
    if duty.template:
        parts.append(duty.template)
    return " · ".join(parts)


def _times(duty: ShiftSummaryData) -> str:
    planned = f"Soll {_span(duty.planned_start, duty.planned_end)}"
    if duty.break_minutes:
        planned += f", Pause {duty.break_minutes} min"
    return f"{planned} · Ist {_span(duty.actual_start, duty.actual_end)}"


def _crew(duty: ShiftSummaryData) -> str:
    if not duty.crew:
        return Markup("<i>keine Dienstkräfte eingeteilt</i>")
    names = []
    for member in duty.crew:
        name = f"{text(member.name)} ({text(member.service_number)})"
        names.append(f"<b>{name} – Streifenführer/in</b>" if member.is_lead else name)
    if len(duty.crew) < duty.min_staff:
        names.append(f"<i>Mindestbesetzung {duty.min_staff} unterschritten</i>")
    return Markup("; ".join(names))


def _bikes(duty: ShiftSummaryData) -> list[str]:
    lines = []
    for bike in duty.bikes:
        times = f"{_clock(bike.out_at) or bike.status.label}–{_clock(bike.in_at) or 'noch aus'}"
        km = f"{_number(bike.km_out)} → {_number(bike.km_in)} km"
        if bike.km_driven is not None:
            km += f" ({_number(bike.km_driven, ' km')})"
        battery = f"Akku {_number(bike.battery_out, ' %')} → {_number(bike.battery_in, ' %')}"
        parts = [bike.inventory_no, bike.officer_name, times, km, battery]
        if bike.defect:
            parts.append(f"Mängel: {bike.defect}")
        lines.append(" · ".join(parts))
    return lines


def _incident(entry: ChronologyEntry, duty: ShiftSummaryData) -> str:
    place = entry.place
    if entry.area and entry.area != duty.area:
        place = f"{entry.area}: {place}" if place else entry.area
    parts = [f"<b>{_clock(entry.occurred_at)}</b> {text(entry.reference)}"]
    parts += [text(p) for p in (entry.category, place) if p]
    measures = ", ".join(entry.measures) if entry.measures else "keine Maßnahme"
    parts += [text(measures), text(entry.status.label)]
    return Markup(" · ".join(parts))


def _handover(entry: ChronologyEntry) -> str:
    line = f"{entry.reference} ({entry.category or 'ohne Kategorie'}): {entry.status.label}"
    for case in entry.cases:
        department = f" an {case.department}" if case.department else ""
        line += f"; übergeben als {case.reference}{department} ({case.status_label})"
    if entry.footage_reminder:
        line += "; Videoaufnahmen sichern"
    return line


def _block(number: int, duty: ShiftSummaryData, width: float) -> list[Flowable]:
    """The duty as one two-column table: a label, then one row per crew line, bike,
    incident and open item, so a long chronology breaks between rows across pages."""
    groups: list[tuple[str, list[Any]]] = [
        ("Zeit", [_times(duty)]),
        ("Besatzung", [_crew(duty)]),
        ("Fahrräder", _bikes(duty) or ["–"]),
        ("Vorkommnisse", [_incident(e, duty) for e in duty.incidents] or ["keine"]),
        ("Übergabe", [_handover(e) for e in duty.open_items] or ["keine offenen Punkte"]),
        ("Bemerkungen", [duty.note.strip() or "–"]),
    ]
    rows: list[list[Any]] = []
    style: list[tuple[Any, ...]] = [
        ("BOX", (0, 0), (-1, -1), 0.6, pdf.GRID),
        ("LINEAFTER", (0, 0), (0, -1), 0.4, pdf.GRID),
        ("BACKGROUND", (0, 0), (0, -1), pdf.LABEL_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for label, values in groups:
        if rows:
            style.append(("LINEABOVE", (0, len(rows)), (-1, len(rows)), 0.4, pdf.GRID))
        for index, value in enumerate(values):
            rows.append(
                [
                    pdf.paragraph(label if index == 0 else "", pdf.STYLES.cell_label),
                    pdf.paragraph(value, pdf.STYLES.cell),
                ]
            )
    grid = Table(rows, colWidths=[width * LABEL, width * (1 - LABEL)], hAlign="LEFT")
    grid.setStyle(pdf.table_style(style))
    return [pdf.heading(_duty_title(number, duty)), grid]


def story(data: DayReportData, width: float) -> list[Flowable]:
    day = f"{WEEKDAYS[data.day.weekday()]}, {data.day:%d.%m.%Y}"
    sub = f"{day} · {data.holiday}" if data.holiday else day
    parts: list[Flowable] = [*pdf.title(TITLE, sub), _summary(data, width)]
    if not data.duties:
        parts.append(pdf.heading("Dienste"))
        parts.append(
            pdf.paragraph("Für diesen Tag sind keine Dienste eingetragen.", pdf.STYLES.note)
        )
    for number, duty in enumerate(data.duties, start=1):
        parts += _block(number, duty, width)
    parts.append(
        pdf.signature_lines(["Datum", "Gesehen: Unterschrift Dienstgruppenleitung"], width)
    )
    return parts


def render(data: DayReportData, header: ReportHeader) -> bytes:
    """The daily duty report as PDF bytes (A4 portrait)."""
    title = f"{TITLE} {data.day:%d.%m.%Y}"
    return pdf.render_document(story(data, pdf.frame_width()), title, header)
