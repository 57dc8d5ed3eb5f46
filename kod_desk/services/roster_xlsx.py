"""The roster as an Excel workbook (.xlsx): the same columns and line report as the CSV.

Reading: a workbook is a zip of XML parts from outside, so it is checked before openpyxl sees
it – a zip at all (an old .xls or a password-protected workbook is named as such), at most
MAX_FILE_BYTES, MAX_PARTS parts and MAX_UNPACKED bytes unpacked (zipfile never unpacks more
than a part declares, so a zip bomb is refused by its directory), no DTD in any part (entity
expansion). openpyxl then reads in read-only mode (streaming, no formulas run) with the values
Excel stored (``data_only``); a formula without a stored value is refused, since its cell would
otherwise read as empty. At most MAX_COLUMNS columns and MAX_ROWS rows are read. Every refusal
is one German ValidationError, raised before anything is written.

The sheet is the one named "Dienstplan", else the one Excel shows first (the active sheet).
Cells may be text (as in the CSV) or Excel's dates, times and numbers; row numbers are Excel's,
so "Zeile 5" is row 5 on screen.

Writing: real date and time cells with German number formats, a bold header row, a frozen
pane, a filter and column widths; text cells stay text even when they start with "=".
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any
from xml.etree import ElementTree

from kod_desk.domain.errors import ValidationError
from kod_desk.domain.roster_csv import (
    COLUMNS,
    ParsedRoster,
    RosterLine,
    SheetRow,
    SheetValue,
    cell_text,
    parse_rows,
)

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED = 32 * 1024 * 1024  # a year of a large unit's roster is about 5 MB unpacked
MAX_PARTS = 500
MAX_ROWS = 50_000  # data rows; a year of 60 officers is about 14,000
MAX_COLUMNS = 50

SHEET_TITLE = "Dienstplan"
DATE_FORMAT = "DD.MM.YYYY"
TIME_FORMAT = "HH:MM"
WIDTHS = {"Datum": 12, "Beginn": 8, "Ende": 8, "Dienstnummer": 14, "Art": 27, "Gebiet": 24}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
# Characters XML 1.0 cannot carry; openpyxl refuses them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def parse_roster_xlsx(data: bytes) -> ParsedRoster:
    """Parse a roster workbook; a workbook that is not safe to read, or has no usable header,
    is refused as a whole (ValidationError)."""
    _check_container(data)
    from openpyxl import load_workbook  # deferred: only .xlsx files need it

    try:
        with warnings.catch_warnings():
            # openpyxl warns about what it ignores (data validation, odd dates); not ours.
            warnings.simplefilter("ignore")
            workbook = load_workbook(
                io.BytesIO(data), read_only=True, data_only=True, keep_links=False
            )
            try:
                sheet = _roster_sheet(workbook)
                _refuse_formulas_without_values(data, sheet)
                rows = list(_sheet_rows(sheet))
            finally:
                workbook.close()
    except ValidationError:
        raise
    except Exception as error:  # a broken workbook can fail anywhere inside openpyxl
        raise ValidationError(
            "Die Excel-Arbeitsmappe ist beschädigt oder kein gültiges .xlsx "
            f"({type(error).__name__}). Bitte in Excel oder LibreOffice öffnen und neu speichern."
        ) from None
    try:
        return parse_rows(rows)
    except ValidationError as error:
        raise ValidationError(f"Tabellenblatt „{sheet.title}“: {error.message}") from None


def _check_container(data: bytes) -> None:
    if data.startswith(_OLE_MAGIC):
        raise ValidationError(
            "Die Datei ist eine alte Excel-Arbeitsmappe (.xls) oder mit einem Kennwort "
            "geschützt. Bitte in Excel als „Excel-Arbeitsmappe (.xlsx)“ ohne Kennwort speichern."
        )
    if not data.startswith(b"PK\x03\x04"):
        raise ValidationError("Die Datei ist keine Excel-Arbeitsmappe (.xlsx).")
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(
            f"Die Excel-Arbeitsmappe ist größer als {MAX_FILE_BYTES // 2**20} MB; "
            "ein Dienstplan ist viel kleiner. Bitte nur das Blatt „Dienstplan“ speichern."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                raise ValidationError(
                    f"Die Excel-Arbeitsmappe hat {len(parts)} Bestandteile (höchstens "
                    f"{MAX_PARTS}) und wird nicht gelesen."
                )
            unpacked = sum(part.file_size for part in parts)
            if unpacked > MAX_UNPACKED:
                raise ValidationError(
                    f"Die Excel-Arbeitsmappe wäre entpackt {unpacked // 2**20} MB groß "
                    f"(höchstens {MAX_UNPACKED // 2**20} MB) und wird nicht gelesen."
                )
            for part in parts:
                if part.flag_bits & 0x1:
                    raise ValidationError("Die Excel-Arbeitsmappe ist verschlüsselt.")
                # Read whole: the sizes above bound it, and zipfile stops at the declared size.
                if _DTD.search(archive.read(part)):
                    raise ValidationError(
                        "Die Excel-Arbeitsmappe enthält XML-Definitionen (DOCTYPE/ENTITY), "
                        "die Excel nie schreibt, und wird nicht gelesen."
                    )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
        raise ValidationError(
            "Die Excel-Arbeitsmappe ist beschädigt (kein lesbares ZIP-Archiv). Bitte in Excel "
            "oder LibreOffice öffnen und neu speichern."
        ) from None


def _roster_sheet(workbook: Any) -> Any:
    sheets = workbook.worksheets  # worksheets only, no chart sheets
    if not sheets:
        raise ValidationError("Die Excel-Arbeitsmappe enthält kein Tabellenblatt.")
    named = [s for s in sheets if s.title.strip().casefold() == SHEET_TITLE.casefold()]
    if named:
        return named[0]
    active = workbook.active
    return active if active in sheets else sheets[0]


def _sheet_rows(sheet: Any) -> Iterator[SheetRow]:
    # The stored dimension may be wrong (or a lie): read what is there, not what it claims.
    sheet.reset_dimensions()
    rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    for number, row in enumerate(rows, start=1):
        values: tuple[SheetValue, ...] = row
        if number > MAX_ROWS + 1 and any(cell_text(value) for value in values):
            raise ValidationError(
                f"Das Tabellenblatt „{sheet.title}“ hat Einträge in Zeile {number}; gelesen "
                f"werden höchstens {MAX_ROWS:,} Zeilen.".replace(",", ".")
            )
        yield number, values


def _refuse_formulas_without_values(data: bytes, sheet: Any) -> None:
    """A formula Excel or LibreOffice never calculated (a file written by a program) has no
    value to import: refuse it by name instead of reading its cell as empty."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read(sheet._worksheet_path.lstrip("/"))
    if b"<f" not in xml and b":f" not in xml:
        return
    missing: list[str] = []
    for _, element in ElementTree.iterparse(io.BytesIO(xml)):
        if _local(element.tag) != "c":
            continue
        children = {_local(child.tag): child for child in element}
        value = children.get("v")
        if "f" in children and (value is None or not (value.text or "").strip()):
            missing.append(element.get("r", "?"))
        element.clear()
    if missing:
        cells = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
        raise ValidationError(
            f"Tabellenblatt „{sheet.title}“: Formeln ohne berechneten Wert (Zelle {cells}). "
            "Bitte die Datei in Excel oder LibreOffice öffnen und speichern, oder die Werte "
            "statt der Formeln einfügen."
        )


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


# ---------------------------------------------------------------- writing


def write_roster_xlsx(lines: Iterable[RosterLine]) -> bytes:
    """The roster as a workbook: one sheet "Dienstplan" in the import's columns."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    row = 1
    for item in lines:
        row += 1
        _put(sheet, row, 1, item.duty_date, DATE_FORMAT)
        _put(sheet, row, 2, item.start, TIME_FORMAT)
        _put(sheet, row, 3, item.end, TIME_FORMAT)
        _put(sheet, row, 4, item.service_number, "@")
        _put(sheet, row, 5, item.kind.label, "@")
        _put(sheet, row, 6, item.area, "@")
    for index, name in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[name]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{row}"
    workbook.properties.creator = "KOD Desk"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _put(sheet: Any, row: int, column: int, value: object, number_format: str) -> None:
    if isinstance(value, str):
        value = _ILLEGAL.sub("", value) or None
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # "=…" is a name here, never a formula
    cell.number_format = number_format
