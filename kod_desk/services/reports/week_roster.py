"""Wochendienstplan: the wall roster of one week on landscape A4 (issue 7, report 3).

A grid officers (grouped by former unit, name and service number) × Monday–Sunday; a cell shows
the officer's duties (times, kind short form, area) and absences. Duties changed after the week
was published carry "*", explained in the legend; an unpublished week says "Entwurf". The rule
findings of the week follow the grid. The header row repeats on every page.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from kod_desk.domain.enums import ShiftKind, Unit
from kod_desk.domain.report_roster import RosterDay, RosterOfficer, WeekRosterData
from kod_desk.domain.reports import ReportHeader
from kod_desk.domain.roster import RosterShift
from kod_desk.domain.timeutil import format_local, to_local
from kod_desk.services.reports import pdf
from kod_desk.services.reports.pdf import Markup, text

TITLE = "Wochendienstplan"
WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
CHANGED_MARK = "*"
NAME_SHARE = 0.16  # the officer column; the seven days share the rest
SEVERITY = {"error": "Fehler", "warning": "Warnung"}

# Grid cells are narrower than report tables elsewhere: a smaller face, tight leading.
GRID_CELL = ParagraphStyle("grid_cell", parent=pdf.STYLES.cell, fontSize=7.2, leading=8.6)
GRID_HEAD = ParagraphStyle("grid_head", parent=GRID_CELL, fontName=pdf.BOLD)
GRID_GROUP = ParagraphStyle(
    "grid_group", parent=GRID_HEAD, fontSize=8, leading=9.5, textColor=colors.white
)
GROUP_FILL = colors.HexColor("#3a4b61")
# The findings heading: not glued to its (long) table, which would push the whole list to a
# new page; a conditional page break keeps the heading off the bottom of a page instead.
FINDINGS_HEAD = ParagraphStyle("findings_head", parent=pdf.STYLES.heading, keepWithNext=0)
FREE_DAY_FILL = colors.HexColor("#f4f5f7")  # weekends and public holidays
ABSENCE_FILL = colors.HexColor("#dfe2e7")


def _clock(shift: RosterShift) -> str:
    return f"{to_local(shift.starts_at):%H:%M}–{to_local(shift.ends_at):%H:%M}"


def _duty(shift: RosterShift, officer_id: str, changed: bool) -> str:
    lead = any(c.is_lead and c.officer_id == officer_id for c in shift.crew)
    first = _clock(shift) + (" SF" if lead else "") + (CHANGED_MARK if changed else "")
    second = shift.kind.short + (f" {shift.area}" if shift.area else "")
    return f"<b>{text(first)}</b><br/>{text(second)}"


def _cell(data: WeekRosterData, officer: RosterOfficer, day: RosterDay) -> Paragraph:
    parts: list[str] = []
    absence = data.absence_of(officer.id, day.day)
    if absence is not None:
        parts.append(f"<i>{text(absence.kind.label)}</i>")
    parts += [
        _duty(s, officer.id, s.id in data.changed) for s in data.duties_of(officer.id, day.day)
    ]
    return Paragraph("<br/>".join(parts), GRID_CELL)


def _head(day: RosterDay) -> Paragraph:
    markup = f"{WEEKDAYS[day.day.weekday()]} {day.day:%d.%m.}"
    if day.holiday:
        markup += f"<br/><font name='{pdf.FONT}'>Feiertag: {text(day.holiday)}</font>"
    return Paragraph(markup, GRID_HEAD)


def _officer(officer: RosterOfficer) -> Paragraph:
    number = officer.service_number + ("" if officer.active else " · inaktiv")
    return Paragraph(f"<b>{text(officer.name)}</b><br/>{text(number)}", GRID_CELL)


def _grid(data: WeekRosterData, width: float) -> Flowable:
    rows: list[list[Any]] = [[Paragraph("Dienstkraft", GRID_HEAD), *map(_head, data.days)]]
    extra: list[tuple[Any, ...]] = []
    for column, day in enumerate(data.days, start=1):
        if day.holiday or day.is_weekend:
            extra.append(("BACKGROUND", (column, 1), (column, -1), FREE_DAY_FILL))
    for unit in (Unit.KOD, Unit.INVESTIGATION):
        members = data.officers_of(unit)
        if not members:
            continue
        row = len(rows)
        rows.append([Paragraph(text(unit.label), GRID_GROUP), *[""] * 7])
        extra += [
            ("SPAN", (0, row), (-1, row)),
            ("BACKGROUND", (0, row), (-1, row), GROUP_FILL),
            ("NOSPLIT", (0, row), (-1, row + 1)),  # a unit's heading never ends a page alone
        ]
        for officer in members:
            row = len(rows)
            cells = [_cell(data, officer, day) for day in data.days]
            rows.append([_officer(officer), *cells])
            for column, day in enumerate(data.days, start=1):
                if data.absence_of(officer.id, day.day) is not None:
                    extra.append(("BACKGROUND", (column, row), (column, row), ABSENCE_FILL))
    day_share = (1 - NAME_SHARE) / 7
    grid = pdf.table(rows, [NAME_SHARE, *[day_share] * 7], width, extra=extra)
    grid.setStyle([("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)])
    return grid


def _subtitle(data: WeekRosterData) -> str:
    week = data.monday.isocalendar().week
    span = f"KW {week} · {data.monday:%d.%m.%Y} – {data.sunday:%d.%m.%Y}"
    state = data.state
    if state.published_at is None:
        return Markup(f"{text(span)} · <b>Entwurf – nicht veröffentlicht</b>")
    by = f" von {state.published_by}" if state.published_by else ""
    return f"{span} · veröffentlicht am {format_local(state.published_at)}{by}"


def _legend(data: WeekRosterData) -> list[Flowable]:
    kinds = " · ".join(f"{k.short} {k.label}" for k in ShiftKind)
    lines = [f"Dienstarten: {kinds}. SF: Streifenführung. Grau hinterlegt: Abwesenheit."]
    if data.state.is_published:
        count = len(data.changed)
        lines.append(
            f"{CHANGED_MARK} nach der Veröffentlichung geändert "
            f"({count} {'Dienst' if count == 1 else 'Dienste'} in dieser Woche)."
        )
    return [Spacer(1, 1.5 * mm), pdf.paragraph(" ".join(lines), pdf.STYLES.small)]


def _findings(data: WeekRosterData, width: float) -> list[Flowable]:
    errors = sum(1 for f in data.findings if f.severity == "error")
    warnings = len(data.findings) - errors
    head = [
        CondPageBreak(30 * mm),
        pdf.paragraph(f"Regelprüfung: {errors} Fehler, {warnings} Warnungen", FINDINGS_HEAD),
    ]
    if not data.findings:
        return [*head, pdf.paragraph("Keine Befunde für diese Woche.", pdf.STYLES.note)]
    rows: list[list[Any]] = [["Art", "Dienstkraft", "Datum", "Befund"]]
    ordered = sorted(
        data.findings,
        key=lambda f: (f.severity != "error", data.finding_day(f) or data.monday, f.message),
    )
    for finding in ordered:
        name = data.officer_name(finding.officer)
        who = f"{name} ({finding.officer})" if name else (finding.officer or "–")
        day = data.finding_day(finding)
        message = finding.message
        if finding.paragraph and finding.paragraph not in message:
            message += f" ({finding.paragraph})"
        rows.append(
            [
                SEVERITY.get(finding.severity, finding.severity),
                who,
                "ganze Woche" if day is None else f"{WEEKDAYS[day.weekday()]} {day:%d.%m.%Y}",
                message,
            ]
        )
    return [*head, pdf.table(rows, [0.07, 0.19, 0.1, 0.64], width)]


def story(data: WeekRosterData, width: float) -> list[Flowable]:
    parts: list[Flowable] = [*pdf.title(TITLE, _subtitle(data)), _grid(data, width)]
    parts += _legend(data)
    parts += _findings(data, width)
    return parts


def render(data: WeekRosterData, header: ReportHeader) -> bytes:
    """The weekly roster as PDF bytes (A4 landscape)."""
    title = f"{TITLE} KW {data.monday.isocalendar().week}/{data.monday.isocalendar().year}"
    return pdf.render_document(
        story(data, pdf.frame_width(landscape_=True)), title, header, landscape_=True
    )
