"""The roster as Excel reads and writes it (DESIGN.md §12), parsed and written without side effects.

``Datum;Beginn;Ende;Dienstnummer;Art;Gebiet`` – semicolons, UTF-8 with or without BOM, a header
row that names the columns (in any order), German dates (ISO dates are accepted too), local
wall-clock times in Europe/Berlin; an end at or before the start means the next day.

One line is one officer on one duty: lines with the same date, times, Art and Gebiet are one
duty with several officers. An empty Dienstnummer stands for a duty nobody is assigned to yet,
so that an export of open duties re-imports without loss.

The parser resolves nothing against the database: service numbers and area names stay text and
the import service looks them up. Per-line problems are collected, not raised, so a caller can
report every bad line at once or import only the good duties.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time

from kod_desk.domain.enums import ShiftKind
from kod_desk.domain.errors import ValidationError
from kod_desk.domain.officer_csv import decode
from kod_desk.domain.spreadsheet import ExcelCsv, unguard_cell
from kod_desk.domain.timeutil import format_date, format_time, parse_date, parse_time

COLUMNS = ("Datum", "Beginn", "Ende", "Dienstnummer", "Art", "Gebiet")
# Gebiet may be left out entirely by a file that lists only office and investigation duties.
REQUIRED = ("Datum", "Beginn", "Ende", "Dienstnummer", "Art")

KINDS: dict[str, ShiftKind] = {kind.label.casefold(): kind for kind in ShiftKind}

# (date, start, end, kind, area name casefolded): the lines of one duty share it.
DutyKey = tuple[date, time, time, ShiftKind, str]


@dataclass(frozen=True, slots=True)
class RosterLine:
    """One officer on one duty, as a line of the file says it (``line`` 0: not from a file)."""

    duty_date: date
    start: time
    end: time  # at or before start: the duty ends the next day
    service_number: str  # "" for a duty without anyone assigned
    kind: ShiftKind
    area: str = ""  # area name as written; "" only for kinds that need no area
    line: int = 0

    @property
    def duty_key(self) -> DutyKey:
        return (self.duty_date, self.start, self.end, self.kind, self.area.casefold())


@dataclass(frozen=True, slots=True, order=True)
class LineProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"Zeile {self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class LineNames:
    """The names a data line mentions, kept even when its date or times are bad, so the
    importer can report an unknown officer or area on that line as well."""

    line: int
    service_number: str
    area: str


@dataclass(frozen=True, slots=True)
class ParsedRoster:
    """Lines whose fields could all be read, the problems per line, and the data line count.

    A line with a problem may still appear in ``lines`` (e.g. an officer listed twice for one
    duty): that lets the importer skip every line of the same duty, not just the bad one.
    """

    lines: tuple[RosterLine, ...]
    problems: tuple[LineProblem, ...]
    line_count: int  # non-empty data lines
    names: tuple[LineNames, ...] = ()

    @property
    def bad_lines(self) -> frozenset[int]:
        return frozenset(p.line for p in self.problems)


def parse_roster(data: bytes) -> ParsedRoster:
    """Parse the file; a file without a usable header is refused as a whole (ValidationError)."""
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    header: list[str] | None = None
    positions: dict[str, int] = {}
    lines: list[RosterLine] = []
    problems: list[LineProblem] = []
    names: list[LineNames] = []
    seen: dict[tuple[DutyKey, str], int] = {}
    count = 0
    previous_end = 0
    for row in reader:
        # line_num counts physical lines, so a quoted line break in a cell keeps numbers right.
        line, previous_end = previous_end + 1, reader.line_num
        if header is None:
            header = row
            positions = _positions(row)
            continue
        if not any(cell.strip() for cell in row):
            continue  # Excel leaves empty lines (or lines of bare semicolons) at the end
        count += 1
        parsed, messages = _parse_line(row, positions, line)
        names.append(
            LineNames(line, _cell(row, positions, "Dienstnummer"), _cell(row, positions, "Gebiet"))
        )
        if parsed is not None and parsed.service_number:
            duty_officer = (parsed.duty_key, parsed.service_number.casefold())
            if duty_officer in seen:
                messages.append(
                    f"Dienstnummer {parsed.service_number} steht für denselben Dienst schon in "
                    f"Zeile {seen[duty_officer]}."
                )
            seen.setdefault(duty_officer, line)
        if parsed is not None:
            lines.append(parsed)
        problems.extend(LineProblem(line, message) for message in messages)
    if header is None:
        raise ValidationError(f"Die Datei ist leer; erwartet wird eine Kopfzeile mit {_cols()}")
    if count == 0:
        raise ValidationError("Die Datei enthält keine Dienste (nur die Kopfzeile).")
    return ParsedRoster(tuple(lines), tuple(problems), count, tuple(names))


def _positions(header: list[str]) -> dict[str, int]:
    names = [cell.strip().casefold() for cell in header]
    positions = {name: names.index(name.casefold()) for name in COLUMNS if name.casefold() in names}
    missing = [name for name in REQUIRED if name not in positions]
    if missing:
        hint = ""
        if len(header) == 1 and ("," in header[0] or "\t" in header[0]):
            hint = " Trennzeichen muss das Semikolon sein (Excel: „CSV UTF-8“)."
        raise ValidationError(
            f"Zeile 1: Spalte(n) {', '.join(missing)} fehlen in der Kopfzeile. "
            f"Erwartet: {_cols()}.{hint}"
        )
    return positions


def _parse_line(
    row: list[str], positions: dict[str, int], line: int
) -> tuple[RosterLine | None, list[str]]:
    def cell(name: str) -> str:
        return _cell(row, positions, name)

    messages: list[str] = []

    def required(name: str) -> str | None:
        value = cell(name)
        if not value:
            messages.append(f"{name} fehlt.")
            return None
        return value

    duty_date: date | None = None
    start: time | None = None
    end: time | None = None
    if (text := required("Datum")) is not None:
        try:
            duty_date = parse_date(text, "Datum")
        except ValidationError as error:
            messages.append(error.message)
    if (text := required("Beginn")) is not None:
        try:
            start = parse_time(text, "Beginn")
        except ValidationError as error:
            messages.append(error.message)
    if (text := required("Ende")) is not None:
        try:
            end = parse_time(text, "Ende")
        except ValidationError as error:
            messages.append(error.message)
    kind: ShiftKind | None = None
    if (text := required("Art")) is not None:
        kind = KINDS.get(" ".join(text.split()).casefold())
        if kind is None:
            allowed = ", ".join(k.label for k in ShiftKind)
            messages.append(f"Art „{text}“ unbekannt (erlaubt: {allowed}).")
    area = cell("Gebiet")
    if kind is not None and kind.needs_area and not area:
        messages.append(
            f"Gebiet fehlt: {kind.label} braucht ein Einsatzgebiet "
            "(leer nur bei Ermittlungsdienst und Innendienst)."
        )
    if start is not None and end is not None and start == end:
        messages.append("Ende gleich Beginn: ein Dienst muss eine Dauer haben.")
    if duty_date is None or start is None or end is None or kind is None:
        return None, messages
    return RosterLine(duty_date, start, end, cell("Dienstnummer"), kind, area, line), messages


def _cell(row: list[str], positions: dict[str, int], name: str) -> str:
    index = positions.get(name)
    return unguard_cell(row[index].strip()) if index is not None and index < len(row) else ""


def group_duties(lines: Iterable[RosterLine]) -> dict[DutyKey, list[RosterLine]]:
    """The lines of each duty, duties in the order they first appear."""
    duties: dict[DutyKey, list[RosterLine]] = {}
    for line in lines:
        duties.setdefault(line.duty_key, []).append(line)
    return duties


def write_roster(lines: Iterable[RosterLine]) -> bytes:
    """The export in exactly the import format, as Excel opens it: BOM, ``;``, CRLF."""
    buffer = io.StringIO(newline="")
    writer = ExcelCsv(buffer)  # an area name "=…" stays text (and reads back unguarded)
    writer.writerow(COLUMNS)
    for item in lines:
        writer.writerow(
            (
                format_date(item.duty_date),
                format_time(item.start),
                format_time(item.end),
                item.service_number,
                item.kind.label,
                item.area,
            )
        )
    return buffer.getvalue().encode("utf-8-sig")


def _cols() -> str:
    return ";".join(COLUMNS)
