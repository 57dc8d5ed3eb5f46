"""Fahrtenbuch: one bike over one period: its facts, every check-out in time order with duty,
rider, times, km and battery, its inspections and repairs, totals and the fleet manager's
signature (issue 7, report 5). Landscape: the ride table has ten columns."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from reportlab.platypus import Flowable

from kod_desk.domain.bikes import km
from kod_desk.domain.report_lists import BikeLogbookData, LogbookEntry
from kod_desk.domain.reports import ReportHeader
from kod_desk.domain.timeutil import to_local
from kod_desk.services.reports import pdf

TITLE = "Fahrtenbuch"


def _number(value: int | None, unit: str = "") -> str:
    return "–" if value is None else f"{km(value)}{unit}"


def _clock(moment: datetime | None) -> str:
    return "" if moment is None else f"{to_local(moment):%H:%M}"


def _back(entry: LogbookEntry) -> str:
    """The check-in time, with its date when the ride ended on a later day."""
    if entry.in_at is None:
        return "noch aus"
    back, out = to_local(entry.in_at), to_local(entry.out_at)
    return f"{back:%H:%M}" if back.date() == out.date() else f"{back:%d.%m.} {back:%H:%M}"


def _facts(data: BikeLogbookData, width: float) -> list[Flowable]:
    bike = data.bike
    kind = "Pedelec" if bike.is_pedelec else "Fahrrad ohne Motor"
    if bike.is_pedelec and bike.range_km:
        kind += f", Reichweite {bike.range_km} km"
    inspection = []
    if bike.next_inspection_on:
        inspection.append(f"{bike.next_inspection_on:%d.%m.%Y}")
    if bike.next_inspection_km is not None:
        inspection.append(f"bei {km(bike.next_inspection_km)} km")
    pairs = [
        ("Inventarnummer", bike.inventory_no),
        ("Modell", bike.model or "–"),
        ("Art", kind),
        ("Rahmennummer", bike.frame_no or "–"),
        ("Zustand", bike.condition.label),
        ("km-Stand heute", f"{km(bike.odometer_km)} km"),
        ("Saison", bike.season.label if bike.season else "ganzjährig"),
        ("Nächste Inspektion", " oder ".join(inspection) or "–"),
    ]
    wide = [("Bemerkung", bike.note)] if bike.note else []
    return [pdf.facts(pairs, width, wide=wide)]


def _rides(data: BikeLogbookData, width: float) -> list[Flowable]:
    if not data.entries:
        return [pdf.paragraph("Keine Ausgaben in diesem Zeitraum.", pdf.STYLES.note)]
    rows: list[list[Any]] = [
        [
            "Datum",
            "Dienst",
            "Dienstkraft",
            "Ausgabe",
            "Rücknahme",
            "km aus",
            "km ein",
            "gefahren",
            "Akku aus / ein",
            "Bemerkungen / Mängel",
        ]
    ]
    for entry in data.entries:
        battery = ""
        if entry.battery_out is not None or entry.battery_in is not None:
            battery = f"{_number(entry.battery_out, ' %')} / {_number(entry.battery_in, ' %')}"
        rows.append(
            [
                f"{to_local(entry.out_at):%d.%m.%Y}",
                entry.duty or "ohne Dienst",
                f"{entry.officer_name} ({entry.service_number})",
                _clock(entry.out_at),
                _back(entry),
                _number(entry.km_out),
                _number(entry.km_in),
                _number(entry.km_driven, " km"),
                battery,
                entry.defect,
            ]
        )
    head = pdf.STYLES.cell_head
    total = [pdf.paragraph("Summe", head), pdf.paragraph(_number(data.km_total, " km"), head)]
    rows.append(["", "", "", "", "", "", *total, "", ""])
    fractions = [0.075, 0.19, 0.17, 0.062, 0.075, 0.058, 0.058, 0.067, 0.085, 0.16]
    return [pdf.table(rows, fractions, width)]


def _services(data: BikeLogbookData, width: float) -> list[Flowable]:
    if not data.services:
        return [
            pdf.paragraph(
                "Keine Inspektionen oder Reparaturen in diesem Zeitraum.", pdf.STYLES.note
            )
        ]
    rows: list[list[str]] = [
        ["Gemeldet", "Art", "Beschreibung", "Werkstatt", "km-Stand", "Kosten", "Erledigt"]
    ]
    for record in data.services:
        cost = ""
        if record.cost_cents is not None:
            euros, cents = divmod(record.cost_cents, 100)
            cost = f"{km(euros)},{cents:02d} €"
        rows.append(
            [
                f"{to_local(record.reported_at):%d.%m.%Y %H:%M}",
                record.kind.label,
                record.description,
                record.workshop,
                _number(record.odometer_km),
                cost,
                f"{record.done_on:%d.%m.%Y}" if record.done_on else "offen",
            ]
        )
    return [pdf.table(rows, [0.1, 0.08, 0.42, 0.16, 0.07, 0.08, 0.09], width)]


def _totals(data: BikeLogbookData) -> list[Flowable]:
    driven = f"{km(data.km_total)} km"
    if data.open_trips:
        rides = "Fahrt" if data.open_trips == 1 else "Fahrten"
        driven += f" ({data.open_trips} {rides} noch ohne km-Stand bei Rücknahme)"
    line = (
        f"Fahrten: <b>{data.trips}</b> · Gefahrene km: <b>{pdf.text(driven)}</b> · "
        f"Einsatztage: <b>{data.days_in_use}</b> · "
        f"Inspektionen und Reparaturen: <b>{len(data.services)}</b>"
    )
    return [pdf.paragraph(pdf.Markup(line))]


def story(data: BikeLogbookData, width: float) -> list[Flowable]:
    sub = f"{data.bike.name} · {data.first:%d.%m.%Y}–{data.last:%d.%m.%Y}"
    parts: list[Flowable] = [*pdf.title(TITLE, sub), *_facts(data, width)]
    parts += [pdf.heading("Fahrten im Zeitraum"), *_rides(data, width)]
    parts += [pdf.heading("Inspektionen und Reparaturen"), *_services(data, width)]
    parts += [pdf.heading("Summen"), *_totals(data)]
    parts.append(
        pdf.signature_lines(["Datum, Unterschrift Fuhrparkverantwortliche/r", "Gesehen"], width)
    )
    return parts


def render(data: BikeLogbookData, header: ReportHeader) -> bytes:
    """The bike logbook as PDF bytes (A4 landscape)."""
    width = pdf.frame_width(landscape_=True)
    return pdf.render_document(story(data, width), TITLE, header, landscape_=True)
