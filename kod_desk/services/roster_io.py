"""Roster files: CSV and .xlsx import and export (DESIGN.md §12), an officer's duties as
iCalendar.

Import is all or nothing: any bad line refuses the file with a report naming every bad line.
With ``good_rows_only`` the duties without a bad line are imported and the lines of the others
are listed as skipped – a duty is skipped as a whole, since half a crew would silently break the
double-patrol rule.

Importing the same file twice adds nothing: a duty with the same date, start, end, kind and area
as one already planned is that duty, and only officers not yet on it are added (never removed,
and an existing lead flag is left alone). A deleted duty is not matched: importing it again
plans it anew.

The file carries no template, break, min staff or lead. A new duty takes name, break and min
staff from an active template with the same times (one made for its kind first, else a general
one); without one it gets min staff 2 on patrols and 1 otherwise, and the legal minimum break.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from kod_desk.domain import masterdata as dm
from kod_desk.domain import roster as dr
from kod_desk.domain.enums import ShiftKind
from kod_desk.domain.errors import NotFoundError, ValidationError
from kod_desk.domain.roster_csv import (
    LineProblem,
    ParsedRoster,
    RosterLine,
    group_duties,
    parse_roster,
    write_roster,
)
from kod_desk.domain.timeutil import BERLIN, duty_bounds, format_date, to_local, utcnow
from kod_desk.services.backups import IMPORT_REASON, BackupService
from kod_desk.services.base import (
    LEADERS,
    Entity,
    Op,
    Result,
    Service,
    ServiceContext,
    require,
)
from kod_desk.services.ical_zone import vtimezone
from kod_desk.services.roster import ROSTER_ACTION
from kod_desk.storage.repos import masterdata as masterdata_repo
from kod_desk.storage.repos import roster as repo

PRODID = "-//Stadt//KOD Desk//DE"
UID_DOMAIN = "kod-desk"

# (day, UTC start, UTC end, kind, area id): the identity of a duty for import and de-duplication.
_DutyId = tuple[date, datetime, datetime, ShiftKind, str | None]


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did; ``problems`` explains each skipped line (good-rows-only)."""

    line_count: int
    duties_created: int
    duties_extended: int  # duties already planned that got officers added
    duties_unchanged: int  # duties already planned with everyone on them (re-import)
    assignments_added: int
    skipped_lines: tuple[int, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        text = (
            f"{_count(self.line_count - len(self.skipped_lines), 'Zeile', 'Zeilen')} "
            f"eingelesen: {_count(self.duties_created, 'Dienst', 'Dienste')} angelegt, "
            f"{self.duties_extended} ergänzt, {self.duties_unchanged} unverändert, "
            f"{_count(self.assignments_added, 'Einteilung', 'Einteilungen')} neu."
        )
        if self.skipped_lines:
            text += f" {_count(len(self.skipped_lines), 'Zeile', 'Zeilen')} übersprungen."
        return text


class ImportRefusedError(ValidationError):
    """Nothing was imported; ``messages[0]`` says how many lines are bad, the rest name them."""

    def __init__(self, problems: Iterable[LineProblem], line_count: int) -> None:
        # By line only: a line's problems keep the order of its columns.
        self.line_problems = tuple(sorted(problems, key=_by_line))
        self.bad_lines = tuple(sorted({p.line for p in self.line_problems}))
        self.line_count = line_count
        head = (
            f"{len(self.bad_lines)} von {_count(line_count, 'Zeile', 'Zeilen')} fehlerhaft – "
            "nichts importiert."
        )
        super().__init__([head, *(str(p) for p in self.line_problems)])


class RosterIOService(Service):
    def __init__(
        self,
        context: ServiceContext,
        backups: BackupService,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        super().__init__(context)
        self._backups = backups
        self._clock = clock

    # ------------------------------------------------------------ import

    def import_csv(self, data: bytes, *, good_rows_only: bool = False) -> Result[ImportReport]:
        """Import a roster CSV in one transaction; see the module text for the rules.

        Raises ImportRefusedError (nothing written) when a line is bad and ``good_rows_only`` is
        not set, or when no good duty is left; a file without a usable header raises a
        plain ValidationError.
        """
        require(self._context, *LEADERS, action=ROSTER_ACTION)  # before any backup is made
        return self._import(parse_roster(data), good_rows_only)

    def import_xlsx(self, data: bytes, *, good_rows_only: bool = False) -> Result[ImportReport]:
        """Import a roster workbook (.xlsx) like :meth:`import_csv`; a workbook that is not
        safe to read (services/roster_xlsx.py) is refused whole before anything is written."""
        from kod_desk.services.roster_xlsx import parse_roster_xlsx

        require(self._context, *LEADERS, action=ROSTER_ACTION)  # before any backup is made
        return self._import(parse_roster_xlsx(data), good_rows_only)

    def import_file(
        self, data: bytes, file_format: str, *, good_rows_only: bool = False
    ) -> Result[ImportReport]:
        """Import ``data`` as ``"xlsx"`` or ``"csv"`` (see :func:`roster_format`)."""
        if file_format == "xlsx":
            return self.import_xlsx(data, good_rows_only=good_rows_only)
        return self.import_csv(data, good_rows_only=good_rows_only)

    def _import(self, parsed: ParsedRoster, good_rows_only: bool) -> Result[ImportReport]:
        if parsed.lines:  # a verified backup first (SQLite); refuses the import when it fails
            self._backups.before(IMPORT_REASON)
        with self._op("roster.import", roles=LEADERS, action=ROSTER_ACTION) as op:
            session = op.session
            officers = {
                o.service_number.casefold(): o for o in masterdata_repo.list_officers(session)
            }
            areas = {a.name.casefold(): a for a in masterdata_repo.list_areas(session)}
            templates = [t for t in masterdata_repo.list_templates(session) if t.active]
            problems = [*parsed.problems, *_resolve_problems(parsed, officers, areas)]
            bad = {p.line for p in problems}
            good: list[list[RosterLine]] = []
            skipped: list[LineProblem] = []
            for lines in group_duties(parsed.lines).values():
                bad_here = sorted(item.line for item in lines if item.line in bad)
                if not bad_here:
                    good.append(lines)
                    continue
                skipped.extend(
                    LineProblem(
                        item.line,
                        f"übersprungen, weil derselbe Dienst in Zeile {bad_here[0]} "
                        "fehlerhaft ist.",
                    )
                    for item in lines
                    if item.line not in bad
                )
            if bad and (not good_rows_only or not good):
                raise ImportRefusedError(problems, parsed.line_count)
            created, extended, unchanged, added = self._write(op, good, officers, areas, templates)
            report = ImportReport(
                line_count=parsed.line_count,
                duties_created=created,
                duties_extended=extended,
                duties_unchanged=unchanged,
                assignments_added=added,
                skipped_lines=tuple(sorted(bad | {p.line for p in skipped})),
                problems=tuple(str(p) for p in sorted([*problems, *skipped], key=_by_line)),
            )
            op.audit(
                "import",
                "roster_csv",
                None,
                after={
                    "lines": report.line_count,
                    "duties_created": created,
                    "duties_extended": extended,
                    "assignments_added": added,
                    "skipped_lines": list(report.skipped_lines),
                },
                # The explicit choice to import only part of a file belongs in the audit log.
                reason="nur fehlerfreie Dienste importiert" if report.skipped_lines else None,
            )
            op.touch(Entity.SHIFTS)
            return op.result(report)

    def _write(
        self,
        op: Op,
        duties: list[list[RosterLine]],
        officers: dict[str, dm.Officer],
        areas: dict[str, dm.Area],
        templates: list[dm.ShiftTemplate],
    ) -> tuple[int, int, int, int]:
        """Insert or extend the duties; returns (created, extended, unchanged, assignments)."""
        session = op.session
        days = [lines[0].duty_date for lines in duties]
        # Duty identity -> (shift id, officer ids on it); duties created here join in, so two
        # spellings of one duty (e.g. a time in the spring gap) still make one duty.
        planned: dict[_DutyId, tuple[str, set[str]]] = {}
        if days:
            for shift in repo.shifts_between(session, min(days), max(days)):
                key = (shift.duty_date, shift.starts_at, shift.ends_at, shift.kind, shift.area_id)
                # Several identical duties already planned: the first one takes the import.
                planned.setdefault(key, (shift.id, {member.officer_id for member in shift.crew}))
        created_ids: set[str] = set()
        extended_ids: set[str] = set()
        touched_ids: set[str] = set()
        added = 0
        now = self._clock()
        for lines in duties:
            first = lines[0]
            area_id = areas[first.area.casefold()].id if first.area else None
            # Compared in UTC: wall-clock spellings of the same moment are the same duty.
            starts_at, ends_at = duty_bounds(first.duty_date, first.start, first.end)
            key = (first.duty_date, starts_at, ends_at, first.kind, area_id)
            if key not in planned:
                shift_id, after = repo.insert_shift(session, _draft(first, area_id, templates))
                op.audit("import", "shift", shift_id, None, after)
                planned[key] = (shift_id, set())
                created_ids.add(shift_id)
            shift_id, crew = planned[key]
            touched_ids.add(shift_id)
            for item in lines:
                if not item.service_number:
                    continue
                officer_id = officers[item.service_number.casefold()].id
                if officer_id in crew:
                    continue  # already on the duty: keep its lead flag as it is
                row_id, _, after_row = repo.set_assignment(
                    session, shift_id, officer_id, present=True, is_lead=False, now=now
                )
                op.audit("import", "assignment", row_id, None, after_row)
                crew.add(officer_id)
                extended_ids.add(shift_id)
                added += 1
        extended = len(extended_ids - created_ids)
        unchanged = len(touched_ids - created_ids - extended_ids)
        created = len(created_ids)
        return created, extended, unchanged, added

    # ------------------------------------------------------------ export

    def export_csv(self, first: date, last: date) -> bytes:
        """Every duty whose day lies in [first, last], one line per officer (open duties: one
        line without a service number), in the import format."""
        return write_roster(self.export_lines(first, last))

    def export_xlsx(self, first: date, last: date) -> bytes:
        """The lines of :meth:`export_csv` as a workbook with real date and time cells."""
        from kod_desk.services.roster_xlsx import write_roster_xlsx

        return write_roster_xlsx(self.export_lines(first, last))

    def export_file(self, first: date, last: date, file_format: str) -> bytes:
        """The export as ``"xlsx"`` or ``"csv"`` (see :func:`roster_format`)."""
        return write_lines(self.export_lines(first, last), file_format)

    def export_lines(self, first: date, last: date) -> list[RosterLine]:
        """The export's lines: one per officer on a duty, one for a duty without anyone."""
        _check_period(first, last)
        with self._read() as session:
            shifts = repo.shifts_between(session, first, last)
        # A stable order (not the lead first, which the file cannot show), so that exporting
        # a re-imported file gives the same bytes and two exports diff cleanly.
        shifts.sort(key=lambda s: (s.starts_at, s.ends_at, s.kind.label, s.area, s.id))
        lines: list[RosterLine] = []
        for shift in shifts:
            start, end = to_local(shift.starts_at).time(), to_local(shift.ends_at).time()
            crew = sorted(shift.crew, key=lambda c: (c.name, c.service_number))
            numbers = [member.service_number for member in crew] or [""]
            lines.extend(
                RosterLine(shift.duty_date, start, end, number, shift.kind, shift.area)
                for number in numbers
            )
        return lines

    def export_ical(self, service_number: str, first: date, last: date) -> bytes:
        """The duties of one officer in [first, last] as an iCalendar file (RFC 5545).

        UIDs are the shift ids, so a calendar that imports the file again updates its events
        instead of doubling them; SEQUENCE follows the duty's version for the same reason.
        """
        from icalendar import Calendar, Event  # deferred: only this export needs it

        _check_period(first, last)
        with self._read() as session:
            officer_id = masterdata_repo.officer_id_by_service_number(session, service_number)
            officer = masterdata_repo.get_officer(session, officer_id) if officer_id else None
            if officer is None:
                raise NotFoundError(f"Dienstnummer {service_number.strip()} unbekannt.")
            shifts = [
                s
                for s in repo.shifts_between(session, first, last)
                if any(member.officer_id == officer.id for member in s.crew)
            ]
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", f"Dienste {officer.display_name} ({officer.service_number})")
        calendar.add("x-wr-timezone", "Europe/Berlin")
        # Made from the tz database with RFC 5545's onsets (services/ical_zone.py), for the
        # years the file can mention, ahead of the events that refer to it.
        calendar.add_component(vtimezone(BERLIN, first.year, last.year + 1))
        stamp = self._clock()
        for shift in shifts:
            event = Event()
            event.add("uid", f"{shift.id}@{UID_DOMAIN}")
            event.add("dtstamp", stamp)
            event.add("sequence", max(shift.version - 1, 0))
            event.add("dtstart", shift.starts_at.astimezone(BERLIN))
            event.add("dtend", shift.ends_at.astimezone(BERLIN))
            event.add("summary", summary(shift))
            if shift.area:
                event.add("location", shift.area)
            event.add("description", description(shift))
            event.add("categories", [shift.kind.label])
            calendar.add_component(event)
        ical: bytes = calendar.to_ical()
        return ical


def roster_format(name: str) -> str:
    """``"xlsx"`` for a workbook (by its extension), ``"csv"`` for everything else."""
    return "xlsx" if name.lower().endswith((".xlsx", ".xlsm")) else "csv"


def write_lines(lines: list[RosterLine], file_format: str) -> bytes:
    """Export lines as a workbook (``"xlsx"``) or as the CSV."""
    if file_format == "xlsx":
        from kod_desk.services.roster_xlsx import write_roster_xlsx

        return write_roster_xlsx(lines)
    return write_roster(lines)


def summary(shift: dr.RosterShift) -> str:
    """ "Spätdienst – Streife Bahnhofsumfeld", or without template "Streife Bahnhofsumfeld"."""
    what = f"{shift.kind.label} {shift.area}".strip()
    return f"{shift.label} – {what}" if shift.label else what


def description(shift: dr.RosterShift) -> str:
    local_start, local_end = to_local(shift.starts_at), to_local(shift.ends_at)
    next_day = ", +1 Tag" if local_end.date() != local_start.date() else ""
    # Elapsed time, not clock difference: a night across a DST change says 7 or 9 h.
    minutes = int((shift.ends_at - shift.starts_at).total_seconds() // 60)
    parts = [
        f"{shift.kind.label}{', ' + shift.area if shift.area else ''}",
        f"{format_date(shift.duty_date)} {local_start:%H:%M}–{local_end:%H:%M} "
        f"({minutes // 60}:{minutes % 60:02d} h{next_day})",
    ]
    lead = next((member for member in shift.crew if member.is_lead), None)
    parts.append(
        f"Streifenführung: {lead.name} ({lead.service_number})"
        if lead
        else "Streifenführung: nicht festgelegt"
    )
    crew = "; ".join(f"{member.name} ({member.service_number})" for member in shift.crew)
    parts.append(f"Besatzung: {crew or '–'}")
    if shift.note:
        parts.append(f"Hinweis: {shift.note}")
    return "\n".join(parts)


def _resolve_problems(
    parsed: ParsedRoster, officers: dict[str, dm.Officer], areas: dict[str, dm.Area]
) -> list[LineProblem]:
    problems: list[LineProblem] = []
    for item in parsed.names:
        if item.service_number:
            officer = officers.get(item.service_number.casefold())
            if officer is None:
                problems.append(
                    LineProblem(item.line, f"Dienstnummer {item.service_number} unbekannt.")
                )
            elif not officer.active:
                problems.append(
                    LineProblem(
                        item.line,
                        f"{officer.display_name} ({officer.service_number}) ist deaktiviert und "
                        "kann nicht eingeteilt werden.",
                    )
                )
        if item.area:
            area = areas.get(item.area.casefold())
            if area is None:
                known = ", ".join(a.name for a in areas.values() if a.active)
                problems.append(
                    LineProblem(item.line, f"Gebiet „{item.area}“ unbekannt (vorhanden: {known}).")
                )
            elif not area.active:
                problems.append(LineProblem(item.line, f"Gebiet „{area.name}“ ist deaktiviert."))
    return problems


def _draft(
    line: RosterLine, area_id: str | None, templates: list[dm.ShiftTemplate]
) -> dr.ShiftDraft:
    """A new duty: a template with the same times lends its name, break and min staff."""
    matching = [t for t in templates if t.start == line.start and t.end == line.end]
    template = next((t for t in matching if t.kind == line.kind), None) or next(
        (t for t in matching if t.kind is None), None
    )
    if template is not None and template.kind == line.kind:
        min_staff = template.min_staff
    else:
        # Without a template made for this kind: two for a patrol (double-patrol rule), else one.
        min_staff = 2 if line.kind.is_patrol else 1
    return dr.ShiftDraft(
        duty_date=line.duty_date,
        start=line.start,
        end=line.end,
        kind=line.kind,
        area_id=area_id,
        template_id=template.id if template else None,
        min_staff=min_staff,
        break_minutes=template.break_minutes if template else None,
    )


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _check_period(first: date, last: date) -> None:
    if last < first:
        raise ValidationError(
            f"Zeitraum: Ende {format_date(last)} liegt vor Beginn {format_date(first)}."
        )


def _by_line(problem: LineProblem) -> int:
    return problem.line
