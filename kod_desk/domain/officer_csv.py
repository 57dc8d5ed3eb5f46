"""The staff list as HR exports it from Excel (DESIGN.md §12), parsed without side effects.

``Dienstnummer;Nachname;Vorname;Einheit;Rolle;Qualifikationen;Wochenstunden`` – semicolons,
UTF-8 with or without BOM, a header row that names the columns (in any order).
"""

from __future__ import annotations

import csv
import io

from kod_desk.domain.enums import Role, Unit
from kod_desk.domain.errors import ValidationError
from kod_desk.domain.masterdata import OfficerDraft, validate_officer

COLUMNS = (
    "Dienstnummer",
    "Nachname",
    "Vorname",
    "Einheit",
    "Rolle",
    "Qualifikationen",
    "Wochenstunden",
)
REQUIRED = ("Dienstnummer", "Nachname", "Vorname", "Einheit", "Rolle")

UNITS = {"kod": Unit.KOD, "ermittlungsdienst": Unit.INVESTIGATION, "ed": Unit.INVESTIGATION}
ROLES = {
    "einsatzkraft": Role.OFFICER,
    "dienstgruppenleitung": Role.SUPERVISOR,
    "administration": Role.ADMIN,
}


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            "Die Datei ist nicht UTF-8-kodiert. In Excel bitte „CSV UTF-8 (durch Trennzeichen "
            "getrennt)“ wählen."
        ) from None


def parse_officers(data: bytes) -> list[tuple[int, OfficerDraft]]:
    """Every data line as (line number, draft); all problems at once as one ValidationError."""
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    rows = list(reader)
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ValidationError("Die Datei ist leer; erwartet wird eine Kopfzeile mit " + _cols())
    header = [cell.strip().casefold() for cell in rows[0]]
    positions: dict[str, int] = {}
    for name in COLUMNS:
        if name.casefold() in header:
            positions[name] = header.index(name.casefold())
    missing = [name for name in REQUIRED if name not in positions]
    if missing:
        raise ValidationError(
            f"Zeile 1: Spalte(n) {', '.join(missing)} fehlen in der Kopfzeile. Erwartet: {_cols()}"
        )
    drafts: list[tuple[int, OfficerDraft]] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # Excel leaves empty lines at the end
        draft, line_problems = _parse_line(row, positions)
        key = draft.service_number.casefold()
        if key and key in seen:
            line_problems.append(
                f"Dienstnummer {draft.service_number} steht schon in Zeile {seen[key]}."
            )
        seen.setdefault(key, line)
        problems.extend(f"Zeile {line}: {p}" for p in line_problems)
        drafts.append((line, draft))
    if problems:
        raise ValidationError(problems)
    if not drafts:
        raise ValidationError("Die Datei enthält keine Dienstkräfte (nur die Kopfzeile).")
    return drafts


def _parse_line(row: list[str], positions: dict[str, int]) -> tuple[OfficerDraft, list[str]]:
    def cell(name: str) -> str:
        index = positions.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    problems: list[str] = []
    unit = UNITS.get(cell("Einheit").casefold())
    if unit is None:
        problems.append(f"Einheit „{cell('Einheit')}“ unbekannt (erlaubt: KOD, Ermittlungsdienst).")
    role = ROLES.get(cell("Rolle").casefold())
    if role is None:
        problems.append(
            f"Rolle „{cell('Rolle')}“ unbekannt (erlaubt: Einsatzkraft, "
            "Dienstgruppenleitung, Administration)."
        )
    hours_text = cell("Wochenstunden")
    hours = 39.0
    if hours_text:
        try:
            hours = float(hours_text.replace(",", "."))
        except ValueError:
            problems.append(f"Wochenstunden „{hours_text}“ ist keine Zahl.")
    draft = OfficerDraft(
        service_number=cell("Dienstnummer"),
        last_name=cell("Nachname"),
        first_name=cell("Vorname"),
        unit=unit or Unit.KOD,
        role=role or Role.OFFICER,
        qualifications=tuple(q.strip() for q in cell("Qualifikationen").split(",") if q.strip()),
        weekly_hours=hours,
    ).normalized()
    problems.extend(problem.message for problem in validate_officer(draft))
    return draft, problems


def _cols() -> str:
    return ";".join(COLUMNS)
