"""Vorkommnisbericht: one incident with its measures, officers and notes (corrections stay
visible, struck through), persons only when the reader may see them (issue 7, report 4)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from kod_desk.domain.geo import format_coordinates
from kod_desk.domain.incidents import Note
from kod_desk.domain.reports import IncidentReportData, ReportHeader
from kod_desk.domain.timeutil import format_local
from kod_desk.services.reports import pdf

TITLE = "Vorkommnisbericht"
PERSONAL_DATA = (
    "Personenbezogene Daten – nur für den Dienstgebrauch. Der Abruf wurde protokolliert."
)


def _when(moment: datetime | None) -> str:
    return "" if moment is None else f"{format_local(moment)} Uhr"


def _facts(data: IncidentReportData, width: float) -> list[Flowable]:
    status = data.status.label
    if data.status_changed_at is not None:
        status += f" (seit {_when(data.status_changed_at)})"
    where = data.place or "–"
    if data.latitude is not None and data.longitude is not None:
        where += f" ({format_coordinates(data.latitude, data.longitude)})"
    pairs: list[tuple[str, Any]] = [
        ("Aktenzeichen", data.reference),
        ("Zeitpunkt", _when(data.occurred_at)),
        ("Einsatzgebiet", data.area or "–"),
        ("Ort", where),
        ("Kategorie", data.category or "–"),
        ("Quelle", data.source.label),
        ("Status", status),
        ("Dienst", data.duty or "–"),
    ]
    officers = "; ".join(data.officers) if data.officers else "–"
    lines: list[tuple[str, Any]] = [("Dienstkräfte", officers)]
    if data.cases:
        handed = [
            f"{c.reference} ({', '.join(x for x in (c.department, c.status_label) if x)})"
            for c in data.cases
        ]
        lines.append(("Übergabe an ED", "; ".join(handed)))
    if data.footage_reminder:
        lines.append(("Video", "Im Videozeitraum: Aufnahmen rechtzeitig sichern."))
    return [pdf.facts(pairs, width, wide=lines)]


def _measures(data: IncidentReportData) -> list[Flowable]:
    if not data.measures:
        return [pdf.paragraph("Keine Maßnahmen erfasst.", pdf.STYLES.note)]
    return pdf.bullets([f"{name}: {note}" if note else name for name, note in data.measures])


def _note_text(note: Note, by_id: dict[str, Note]) -> pdf.Markup:
    body = pdf.text(note.text)
    if note.corrected_by:
        later = [by_id[i] for i in note.corrected_by if i in by_id]
        when = ", ".join(format_local(n.written_at) for n in later)
        return pdf.Markup(
            f"<strike>{body}</strike><br/><font color='#5b6573' size='7.5'>"
            f"berichtigt am {pdf.text(when)}</font>"
        )
    if note.corrects_id and note.corrects_id in by_id:
        earlier = by_id[note.corrects_id]
        return pdf.Markup(
            f"<font color='#5b6573' size='7.5'>Berichtigung des Vermerks vom "
            f"{pdf.text(format_local(earlier.written_at))}:</font><br/>{body}"
        )
    return pdf.Markup(body)


def _notes(data: IncidentReportData, width: float) -> list[Flowable]:
    if not data.notes:
        return [pdf.paragraph("Keine Vermerke.", pdf.STYLES.note)]
    by_id = {n.id: n for n in data.notes}
    rows: list[list[Any]] = [["Zeit", "Verfasser/in", "Vermerk"]]
    rows += [[format_local(n.written_at), n.author_name, _note_text(n, by_id)] for n in data.notes]
    return [pdf.table(rows, [0.15, 0.2, 0.65], width)]


def _persons(data: IncidentReportData, width: float) -> list[Flowable]:
    heading = pdf.heading("Beteiligte Personen (personenbezogene Daten)")
    if data.persons is None:
        if data.person_count == 0:
            return [heading, pdf.paragraph("Keine Personen erfasst.", pdf.STYLES.note)]
        return [
            heading,
            pdf.paragraph(
                f"Beteiligte Personen: {data.person_count} (geschwärzt – keine Berechtigung)"
            ),
        ]
    if not data.persons:
        return [heading, pdf.paragraph("Keine Personen erfasst.", pdf.STYLES.note)]
    rows: list[list[Any]] = [["Rolle", "Name", "Geburtsdatum", "Anschrift", "Beschreibung"]]
    for person in data.persons:
        name = ", ".join(x for x in (person.last_name, person.first_name) if x)
        born = f"{person.birth_date:%d.%m.%Y}" if person.birth_date else ""
        rows.append([person.role.label, name, born, person.address, person.note])
    return [
        heading,
        pdf.paragraph(PERSONAL_DATA, pdf.STYLES.note),
        Spacer(1, 1.5 * mm),
        pdf.table(rows, [0.13, 0.2, 0.14, 0.25, 0.28], width),
    ]


def story(data: IncidentReportData, width: float) -> list[Flowable]:
    sub = f"{data.reference} · {data.category or 'ohne Kategorie'} · {_when(data.occurred_at)}"
    parts: list[Flowable] = [*pdf.title(TITLE, sub), *_facts(data, width)]
    parts += [pdf.heading("Sachverhalt"), pdf.paragraph(data.description or "–")]
    parts += [pdf.heading("Maßnahmen"), *_measures(data)]
    if data.outcome:
        parts += [pdf.heading("Ergebnis"), pdf.paragraph(data.outcome)]
    parts += [pdf.heading("Vermerke"), *_notes(data, width)]
    parts += _persons(data, width)
    parts.append(
        pdf.signature_lines(
            ["Datum, Unterschrift Sachbearbeiter/in", "Gesehen: Dienstgruppenleitung"], width
        )
    )
    return parts


def render(data: IncidentReportData, header: ReportHeader) -> bytes:
    """The incident report as PDF bytes (A4 portrait)."""
    return pdf.render_document(story(data, pdf.frame_width()), TITLE, header)
