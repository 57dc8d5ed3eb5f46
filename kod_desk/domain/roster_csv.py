"""The roster as Excel reads and writes it (DESIGN.md §12), parsed and written without side effects.

``Datum;Beginn;Ende;Dienstnummer;Art;Gebiet`` – a header row that names the columns (in any
order), German dates (ISO dates are accepted too), local wall-clock times in Europe/Berlin; an
end at or before the start means the next day.

What is read is what Excel and LibreOffice write when they save the file again: semicolons,
commas or tabs between cells; UTF-8 with or without BOM, UTF-16 or Windows-1252; times as
``6:00``, ``06:00`` or ``06:00:00``; dates as ``07.12.2026``, ``7.12.26`` or ``2026-12-07``
(two-digit years 00–69 are 20xx, 70–99 are 19xx); empty columns and lines at the end. The same
rows come from an ``.xlsx`` worksheet (services/roster_xlsx.py), whose cells may also be real
dates, times and numbers: :func:`parse_rows` reads both.

One line is one officer on one duty: lines with the same date, times, Art and Gebiet are one
duty with several officers. An empty Dienstnummer stands for a duty nobody is assigned to yet,
so that an export of open duties re-imports without loss.

The parser resolves nothing against the database: service numbers and area names stay text and
the import service looks them up. Per-line problems are collected, not raised, so a caller can
report every bad line at once or import only the good duties.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from kod_desk.domain.enums import ShiftKind
from kod_desk.domain.errors import ValidationError
from kod_desk.domain.spreadsheet import ExcelCsv, unguard_cell
from kod_desk.domain.timeutil import FIRST_DAY, LAST_DAY, format_date, format_time

COLUMNS = ("Datum", "Beginn", "Ende", "Dienstnummer", "Art", "Gebiet")
# Gebiet may be left out entirely by a file that lists only office and investigation duties.
REQUIRED = ("Datum", "Beginn", "Ende", "Dienstnummer", "Art")

DELIMITERS = (";", ",", "\t")
# Two-digit years below the pivot are 20xx, the others 19xx (7.12.26 is 7 December 2026).
TWO_DIGIT_YEAR_PIVOT = 70

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})$")
_MIDNIGHT = re.compile(r"[ T]0?0:00(:00)?$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")

# One cell of a CSV file (text) or of a worksheet (text or a typed value).
SheetValue = str | int | float | bool | date | datetime | time | timedelta | None
# A row with the line (CSV) or row number (worksheet) it starts on.
SheetRow = tuple[int, Sequence[SheetValue]]
_T = TypeVar("_T")

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
    """Parse a CSV file; a file without a usable header is refused as a whole (ValidationError)."""
    return parse_rows(csv_rows(decode_text(data)))


def decode_text(data: bytes) -> str:
    """The text of a CSV file as Excel or LibreOffice save it: UTF-8 with or without BOM,
    UTF-16 with BOM (Excel's "Unicode-Text"), or else Windows-1252 (Excel's "CSV (Trennzeichen-
    getrennt)" on a German Windows). UTF-8 is tried first: a Windows-1252 text with umlauts is
    almost never valid UTF-8, while every UTF-8 text would decode as Windows-1252 garbage."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    raise ValidationError(
        "Die Datei ist weder UTF-8 noch Windows-1252 (ANSI) kodiert. In Excel bitte "
        "„CSV UTF-8 (durch Trennzeichen getrennt)“ oder „Excel-Arbeitsmappe (.xlsx)“ wählen."
    )


def csv_rows(text: str) -> Iterator[SheetRow]:
    """The rows of a CSV text with the line each starts on; the delimiter (``;``, ``,`` or tab)
    is the one that splits the header into the most known column names."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    previous_end = 0
    for row in reader:
        # line_num counts physical lines, so a quoted line break in a cell keeps numbers right.
        line, previous_end = previous_end + 1, reader.line_num
        yield line, row


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    known = {name.casefold() for name in COLUMNS}

    def score(delimiter: str) -> tuple[int, bool]:
        cells = next(csv.reader([first], delimiter=delimiter), [])
        return sum(cell.strip().casefold() in known for cell in cells), delimiter == ";"

    return max(DELIMITERS, key=score)


def parse_rows(rows: Iterable[SheetRow]) -> ParsedRoster:
    """Parse the rows of a CSV file or a worksheet: the first non-empty row is the header, the
    others are duties; cells may be text or typed values (dates, times, numbers)."""
    header: list[str] | None = None
    positions: dict[str, int] = {}
    lines: list[RosterLine] = []
    problems: list[LineProblem] = []
    names: list[LineNames] = []
    seen: dict[tuple[DutyKey, str], int] = {}
    count = 0
    for line, row in rows:
        if not any(cell_text(cell) for cell in row):
            continue  # Excel leaves empty lines (or lines of bare semicolons) at the end
        if header is None:
            header = [cell_text(cell) for cell in row]
            positions = _positions(header, line)
            continue
        count += 1
        parsed, messages = _parse_line(row, positions)
        names.append(
            LineNames(line, _cell(row, positions, "Dienstnummer"), _cell(row, positions, "Gebiet"))
        )
        if parsed is not None:
            parsed = replace(parsed, line=line)
            if parsed.service_number:
                duty_officer = (parsed.duty_key, parsed.service_number.casefold())
                if duty_officer in seen:
                    messages.append(
                        f"Dienstnummer {parsed.service_number} steht für denselben Dienst schon in "
                        f"Zeile {seen[duty_officer]}."
                    )
                seen.setdefault(duty_officer, line)
            lines.append(parsed)
        problems.extend(LineProblem(line, message) for message in messages)
    if header is None:
        raise ValidationError(f"Die Datei ist leer; erwartet wird eine Kopfzeile mit {_cols()}")
    if count == 0:
        raise ValidationError("Die Datei enthält keine Dienste (nur die Kopfzeile).")
    return ParsedRoster(tuple(lines), tuple(problems), count, tuple(names))


def _positions(header: list[str], line: int) -> dict[str, int]:
    names = [cell.casefold() for cell in header]
    positions = {name: names.index(name.casefold()) for name in COLUMNS if name.casefold() in names}
    missing = [name for name in REQUIRED if name not in positions]
    if missing:
        hint = ""
        if len([cell for cell in header if cell]) == 1:
            hint = " Trennzeichen: Semikolon, Komma oder Tabulator."
        raise ValidationError(
            f"Zeile {line}: Spalte(n) {', '.join(missing)} fehlen in der Kopfzeile. "
            f"Erwartet: {_cols()}.{hint}"
        )
    return positions


def _parse_line(
    row: Sequence[SheetValue], positions: dict[str, int]
) -> tuple[RosterLine | None, list[str]]:
    messages: list[str] = []

    def required(name: str) -> SheetValue:
        index = positions.get(name)
        value = row[index] if index is not None and index < len(row) else None
        if not cell_text(value):
            messages.append(f"{name} fehlt.")
            return None
        return value

    def read(name: str, reader: Callable[[SheetValue, str], _T]) -> _T | None:
        value = required(name)
        if value is None:
            return None
        try:
            return reader(value, name)
        except ValidationError as error:
            messages.append(error.message)
            return None

    duty_date = read("Datum", sheet_date)
    start = read("Beginn", sheet_time)
    end = read("Ende", sheet_time)
    kind: ShiftKind | None = None
    if (value := required("Art")) is not None:
        text = cell_text(value)
        kind = KINDS.get(" ".join(text.split()).casefold())
        if kind is None:
            allowed = ", ".join(k.label for k in ShiftKind)
            messages.append(f"Art „{text}“ unbekannt (erlaubt: {allowed}).")
    area = _cell(row, positions, "Gebiet")
    if kind is not None and kind.needs_area and not area:
        messages.append(
            f"Gebiet fehlt: {kind.label} braucht ein Einsatzgebiet "
            "(leer nur bei Ermittlungsdienst und Innendienst)."
        )
    if start is not None and end is not None and start == end:
        messages.append("Ende gleich Beginn: ein Dienst muss eine Dauer haben.")
    if duty_date is None or start is None or end is None or kind is None:
        return None, messages
    number = _cell(row, positions, "Dienstnummer")
    return RosterLine(duty_date, start, end, number, kind, area), messages


def _cell(row: Sequence[SheetValue], positions: dict[str, int], name: str) -> str:
    index = positions.get(name)
    return cell_text(row[index]) if index is not None and index < len(row) else ""


# ---------------------------------------------------------------- cells


def cell_text(value: SheetValue) -> str:
    """A cell as text: stripped, our export's formula guard removed; a whole number typed into
    Excel (a service number 1041 is stored as 1041.0) without its ``.0``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return unguard_cell(value.strip())
    if isinstance(value, bool):
        return "WAHR" if value else "FALSCH"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return f"{format_date(value.date())} {value:%H:%M:%S}"
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    return str(value)


def sheet_date(value: SheetValue, field: str) -> date:
    """A date cell (Excel's date or date-time) or text: ``07.12.2026``, ``7.12.26``,
    ``2026-12-07``, each optionally followed by a midnight time (``07.12.2026 00:00``).

    Two-digit years: 00–69 are 2000–2069, 70–99 are 1970–1999 (the POSIX window; a roster
    never plans duties before 1970).
    """
    parsed: date | None = None
    if isinstance(value, datetime):
        parsed = value.date()
    elif isinstance(value, date):
        parsed = value
    elif isinstance(value, str):
        parsed = _text_date(value.strip())
    if parsed is None:
        raise ValidationError(
            f"{field}: „{cell_text(value)}“ ist kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT)."
        )
    if not FIRST_DAY <= parsed <= LAST_DAY:
        raise ValidationError(
            f"{field}: {format_date(parsed)} liegt außerhalb von "
            f"{format_date(FIRST_DAY)} bis {format_date(LAST_DAY)}."
        )
    return parsed


def _text_date(text: str) -> date | None:
    text = _MIDNIGHT.sub("", text)
    try:
        if match := _ISO_DATE.match(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _GERMAN_DATE.match(text):
            year = int(match[3])
            if len(match[3]) == 2:
                year += 2000 if year < TWO_DIGIT_YEAR_PIVOT else 1900
            return date(year, int(match[2]), int(match[1]))
    except ValueError:
        return None
    return None


def sheet_time(value: SheetValue, field: str) -> time:
    """A time cell (Excel's time, date-time or duration below a day, or a bare fraction of a
    day) or text ``6:00``, ``06:00`` or ``06:00:00``; ``24:00`` is midnight. Seconds must be
    zero: duties are planned in whole minutes."""
    seconds: int | None = None
    if isinstance(value, datetime):
        seconds = _seconds(value.time())
    elif isinstance(value, time):
        seconds = _seconds(value)
    elif isinstance(value, timedelta):
        if timedelta(0) <= value <= timedelta(days=1):
            seconds = round(value.total_seconds())
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if 0 <= value < 1:  # a time whose cell lost its format: Excel's fraction of a day
            seconds = round(value * 86_400)
    elif isinstance(value, str) and (match := _TIME.match(value.strip())):
        hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
        if hour <= 24 and minute < 60 and second < 60 and (hour < 24 or minute == second == 0):
            seconds = hour * 3600 + minute * 60 + second
    if seconds is None:
        raise ValidationError(f"{field}: „{cell_text(value)}“ ist keine gültige Uhrzeit (HH:MM).")
    if seconds % 60:
        raise ValidationError(
            f"{field}: „{cell_text(value)}“ hat Sekunden; Dienste werden in ganzen Minuten "
            "geplant (HH:MM)."
        )
    minutes = seconds // 60 % (24 * 60)  # 24:00 is midnight
    return time(minutes // 60, minutes % 60)


def _seconds(clock: time) -> int:
    # Excel stores times as fractions of a day: 06:00 may come back as 05:59:59.9995.
    return round(clock.hour * 3600 + clock.minute * 60 + clock.second + clock.microsecond / 1e6)


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
