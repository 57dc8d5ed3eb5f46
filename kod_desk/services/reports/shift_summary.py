"""Schichtbericht: the duty, its crew, bikes, the incidents in time order, open items, remarks
and signature lines, on one page for an ordinary shift (issue 7, report 1)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from kod_desk.domain.reports import ChronologyEntry, ReportHeader, ShiftSummaryData
from kod_desk.domain.text import german_int
from kod_desk.domain.timeutil import to_local
from kod_desk.services.reports import pdf

TITLE = "Schichtbericht"
WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


def _clock(moment: datetime | None) -> str:
    return "" if moment is None else f"{to_local(moment):%H:%M}"


def _span(start: datetime | None, end: datetime | None) -> str:
    """ "14:00–22:00 Uhr"; a duty begun and not yet ended is "seit 14:00 (läuft)"."""
    if start is None and end is None:
        return "nicht erfasst"
    if end is None:
        return f"seit {_clock(start)} (läuft)"
    return f"{_clock(start) or '?'}–{_clock(end)} Uhr"


def _number(value: int | None, unit: str = "") -> str:
    if value is None:
        return "–"
    return f"{german_int(value)}{unit}"


def _duty(data: ShiftSummaryData, width: float) -> list[Flowable]:
    planned = _span(data.planned_start, data.planned_end)
    if data.break_minutes:
        planned += f", Pause {data.break_minutes} min"
    actual = _span(data.actual_start, data.actual_end)
    pairs = [
        ("Datum", f"{WEEKDAYS[data.duty_date.weekday()]}, {data.duty_date:%d.%m.%Y}"),
        ("Dienstart", data.kind.label),
        ("Einsatzgebiet", data.area or "–"),
        ("Dienstvorlage", data.template or "–"),
        ("Zeit (Soll)", planned),
        ("Zeit (Ist)", actual),
    ]
    return [pdf.facts(pairs, width)]


def _crew(data: ShiftSummaryData, width: float) -> list[Flowable]:
    if not data.crew:
        return [pdf.paragraph("Keine Dienstkräfte eingeteilt.", pdf.STYLES.note)]
    rows: list[list[Any]] = [["Dienstkraft", "Dienstnr.", "Funktion", "Ist-Zeit", "Pause"]]
    for member in data.crew:
        pause = member.actual_break_minutes
        rows.append(
            [
                pdf.paragraph(member.name, pdf.STYLES.cell_head) if member.is_lead else member.name,
                member.service_number,
                "Streifenführer/in" if member.is_lead else "",
                _span(member.actual_start, member.actual_end),
                "" if pause is None else f"{pause} min",
            ]
        )
    return [pdf.table(rows, [0.34, 0.13, 0.2, 0.21, 0.12], width)]


def _bikes(data: ShiftSummaryData, width: float) -> list[Flowable]:
    if not data.bikes:
        return [pdf.paragraph("Keine Dienstfahrräder gebucht.", pdf.STYLES.note)]
    rows: list[list[str]] = [
        [
            "Fahrrad",
            "Dienstkraft",
            "Ausgabe",
            "Rücknahme",
            "km aus",
            "km ein",
            "gefahren",
            "Akku aus / ein",
            "Mängel",
        ]
    ]
    for bike in data.bikes:
        battery = f"{_number(bike.battery_out, ' %')} / {_number(bike.battery_in, ' %')}"
        rows.append(
            [
                bike.inventory_no,
                bike.officer_name,
                _clock(bike.out_at) or bike.status.label,
                _clock(bike.in_at) or ("–" if bike.out_at is None else "noch aus"),
                _number(bike.km_out),
                _number(bike.km_in),
                _number(bike.km_driven, " km"),
                battery,
                bike.defect or "",
            ]
        )
    if len(data.bikes) > 1:
        rows.append(["", "", "", "", "", "Summe", _number(data.km_total, " km"), "", ""])
    return [pdf.table(rows, [0.08, 0.16, 0.09, 0.13, 0.08, 0.08, 0.09, 0.12, 0.17], width)]


def _measures(entry: ChronologyEntry) -> str:
    return ", ".join(entry.measures) if entry.measures else "–"


def _chronology(data: ShiftSummaryData, width: float) -> list[Flowable]:
    if not data.incidents:
        return [pdf.paragraph("Keine Vorkommnisse in diesem Dienst.", pdf.STYLES.note)]
    rows: list[list[str]] = [["Zeit", "Aktenzeichen", "Kategorie", "Ort", "Maßnahmen", "Status"]]
    for entry in data.incidents:
        place = entry.place
        if entry.area and entry.area != data.area:
            place = f"{entry.area}: {place}" if place else entry.area
        rows.append(
            [
                _clock(entry.occurred_at),
                entry.reference,
                entry.category,
                place,
                _measures(entry),
                entry.status.label,
            ]
        )
    return [pdf.table(rows, [0.06, 0.15, 0.24, 0.22, 0.2, 0.13], width)]


def _open_items(data: ShiftSummaryData) -> list[Flowable]:
    items: list[str] = []
    for entry in data.open_items:
        line = f"{entry.reference} ({entry.category or 'ohne Kategorie'}): {entry.status.label}"
        for case in entry.cases:
            department = f" an {case.department}" if case.department else ""
            line += (
                f"; übergeben an den Ermittlungsdienst als {case.reference}{department} "
                f"({case.status_label})"
            )
        if entry.footage_reminder:
            line += "; Videoaufnahmen sichern"
        items.append(line)
    if not items:
        return [pdf.paragraph("Keine offenen Punkte.", pdf.STYLES.note)]
    return pdf.bullets(items, pdf.STYLES.cell)


def story(data: ShiftSummaryData, width: float) -> list[Flowable]:
    sub = f"{data.kind.label}"
    if data.area:
        sub += f" · {data.area}"
    sub += f" · {data.duty_date:%d.%m.%Y}"
    parts: list[Flowable] = [*pdf.title(TITLE, sub)]
    parts += _duty(data, width)
    parts += [pdf.heading("Besatzung"), *_crew(data, width)]
    parts += [pdf.heading("Dienstfahrräder"), *_bikes(data, width)]
    parts += [pdf.heading("Chronologie der Vorkommnisse"), *_chronology(data, width)]
    parts += [pdf.heading("Offene Punkte und Übergabe"), *_open_items(data)]
    remarks = pdf.blank_box(width, 24 * mm, data.note)
    parts.append(KeepTogether([pdf.heading("Bemerkungen"), remarks]))
    parts.append(
        pdf.signature_lines(
            ["Datum, Unterschrift Streifenführer/in", "Gesehen: Dienstgruppenleitung"], width
        )
    )
    return parts


def render(data: ShiftSummaryData, header: ReportHeader) -> bytes:
    """The shift summary as PDF bytes (A4 portrait)."""
    return pdf.render_document(story(data, pdf.frame_width()), TITLE, header)
