"""The roster week grid: officers (grouped by former unit) × days, each cell the duties of that day.

Above the officers, the open duties (fewer officers than they need), one per row and day, so a
supervisor can select one and staff it from the keyboard. Cells are one line in the compact
density (the whole unit on a 1366×768 laptop) and two in the comfortable one; areas appear by
name where the column is wide enough, else by their short code (BHF, INN …).

Holds plain rows only (officers, RosterShift, Absence, Finding) and answers Qt's questions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from kod_desk.domain.enums import ShiftKind, Unit
from kod_desk.domain.masterdata import Officer, derive_short_code
from kod_desk.domain.roster import Absence, Finding, RosterShift, open_places
from kod_desk.domain.timeutil import local_today, to_local

AnyIndex = QModelIndex | QPersistentModelIndex
SHIFT_IDS_ROLE = Qt.ItemDataRole.UserRole + 10
OFFICER_ROLE = Qt.ItemDataRole.UserRole + 11
DAY_ROLE = Qt.ItemDataRole.UserRole + 12
SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 13
ABSENCE_ROLE = Qt.ItemDataRole.UserRole + 14
OPEN_SHIFT_ROLE = Qt.ItemDataRole.UserRole + 15

WEEKDAY_SHORT = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")

KIND_COLORS = {
    ShiftKind.PATROL: "#e3eefb",
    ShiftKind.BIKE_PATROL: "#e2f4e6",
    ShiftKind.JOINT_PATROL_POLICE: "#e6e4f7",
    ShiftKind.CONTACT_POINT: "#fdf0dc",
    ShiftKind.INVESTIGATION: "#efe6dc",
    ShiftKind.OFFICE: "#eceff3",
}
ERROR_COLOR = QColor("#f6c7cc")
WARNING_COLOR = QColor("#fde7b0")
ABSENCE_COLOR = QColor("#d9dce1")
GROUP_COLOR = QColor("#1f3a5f")
OPEN_COLOR = QColor("#fff4d6")  # an open duty: it still needs officers
OPEN_TEXT_COLOR = QColor("#8a3b00")


@dataclass(frozen=True, slots=True)
class GridRow:
    """A group heading (no officer), an officer's row, or the ``open``-th row of open duties."""

    title: str
    officer: Officer | None = None
    open: int | None = None


def _tr(text: str) -> str:
    return QCoreApplication.translate("WeekModel", text)


def duty_code(shift: RosterShift) -> str:
    start, end = to_local(shift.starts_at), to_local(shift.ends_at)
    return f"{start:%H:%M}–{end:%H:%M}"


def _short_clock(hour: int, minute: int) -> str:
    return f"{hour:02d}" if minute == 0 else f"{hour:02d}:{minute:02d}"


def short_code(shift: RosterShift) -> str:
    """06–14 for whole hours, 07:30–16 otherwise: fits the grid's narrow cells."""
    start, end = to_local(shift.starts_at), to_local(shift.ends_at)
    return f"{_short_clock(start.hour, start.minute)}–{_short_clock(end.hour, end.minute)}"


def duty_text(
    shift: RosterShift,
    officer_id: str | None = None,
    *,
    where: str | None = None,
    changed: bool = False,
    compact: bool = False,
) -> str:
    """What a grid cell shows: times ("*" when changed after publishing, SF for the patrol
    lead), then kind and area (``where``: the name or short code; default the name); on one
    line when ``compact``, else on two."""
    lead = any(c.is_lead and c.officer_id == officer_id for c in shift.crew)
    area = shift.area if where is None else where
    head = f"{short_code(shift)}{'*' if changed else ''}{' SF' if lead else ''}"
    tail = f"{shift.kind.short} {area}".strip()
    return f"{head}{' ' if compact else chr(10)}{tail}"


def duty_long_text(shift: RosterShift, officer_id: str | None = None) -> str:
    lead = any(c.is_lead and c.officer_id == officer_id for c in shift.crew)
    where = f" · {shift.area}" if shift.area else ""
    return f"{duty_code(shift)}{' (Streifenführung)' if lead else ''} – {shift.kind.label}{where}"


class WeekModel(QAbstractTableModel):
    """Rows: officers grouped by unit (with heading rows); columns: the seven days."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.monday = local_today() - timedelta(days=local_today().weekday())
        self._rows: list[GridRow] = []
        self._cells: dict[tuple[str, date], list[RosterShift]] = {}
        self._absences: dict[tuple[str, date], Absence] = {}
        self._severity: dict[tuple[str, str], str] = {}  # (officer id, shift id) -> severity
        self._findings_by_cell: dict[tuple[str, date], list[Finding]] = defaultdict(list)
        self._changed: frozenset[str] = frozenset()
        self._open: dict[date, list[RosterShift]] = {}
        self._codes: dict[str, str] = {}  # area id -> short code
        self.compact = True
        self.use_names = False  # area names instead of codes (set by the grid when they fit)

    # ------------------------------------------------------------ data in

    def set_week(
        self,
        monday: date,
        officers: Sequence[Officer],
        shifts: Sequence[RosterShift],
        absences: Sequence[Absence],
        findings: Sequence[Finding] = (),
        changed: frozenset[str] = frozenset(),
        area_codes: Mapping[str, str] | None = None,
    ) -> None:
        self.beginResetModel()
        self.monday = monday
        self._changed = changed
        if area_codes is not None:
            self._codes = dict(area_codes)
        self._open = defaultdict(list)
        for shift in sorted(shifts, key=lambda s: s.starts_at):
            if open_places(shift):
                self._open[shift.duty_date].append(shift)
        open_rows = max((len(day) for day in self._open.values()), default=0)
        self._rows = [
            GridRow(_tr("Offen") if k == 0 else _tr("Offen ({n})").format(n=k + 1), open=k)
            for k in range(max(1, open_rows))
        ]
        for unit in (Unit.KOD, Unit.INVESTIGATION):
            members = [o for o in officers if o.unit is unit]
            if members:
                self._rows.append(GridRow(unit.label))
                self._rows.extend(GridRow(o.display_name, o) for o in members)
        self._cells = defaultdict(list)
        for shift in shifts:
            for member in shift.crew:
                self._cells[(member.officer_id, shift.duty_date)].append(shift)
        self._absences = {}
        for absence in absences:
            day = max(absence.starts_on, monday)
            while day <= min(absence.ends_on, monday + timedelta(days=6)):
                self._absences[(absence.officer_id, day)] = absence
                day += timedelta(days=1)
        self._set_findings(officers, shifts, findings)
        self.endResetModel()

    def _set_findings(
        self,
        officers: Sequence[Officer],
        shifts: Sequence[RosterShift],
        findings: Sequence[Finding],
    ) -> None:
        by_number = {o.service_number: o.id for o in officers}
        days = {s.id: s.duty_date for s in shifts}
        self._severity = {}
        self._findings_by_cell = defaultdict(list)
        for finding in findings:
            officer_id = by_number.get(finding.officer or "")
            if officer_id is None:
                continue
            for shift_id in finding.shifts:
                key = (officer_id, shift_id)
                if self._severity.get(key) != "error":
                    self._severity[key] = finding.severity
                if shift_id in days:
                    self._findings_by_cell[(officer_id, days[shift_id])].append(finding)

    def set_density(self, *, compact: bool | None = None, use_names: bool | None = None) -> None:
        """One line per duty (compact) or two; area names or short codes."""
        changed = False
        if compact is not None and compact != self.compact:
            self.compact, changed = compact, True
        if use_names is not None and use_names != self.use_names:
            self.use_names, changed = use_names, True
        if changed and self._rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._rows) - 1, 6),
                [Qt.ItemDataRole.DisplayRole],
            )

    def area_text(self, shift: RosterShift, *, names: bool | None = None) -> str:
        """The area as the cells show it: the name, or its short code where space is short."""
        if not shift.area:
            return ""
        if self.use_names if names is None else names:
            return shift.area
        return self._codes.get(shift.area_id or "") or derive_short_code(shift.area)

    def cell_text(
        self, shift: RosterShift, officer_id: str | None, names: bool | None = None
    ) -> str:
        return duty_text(
            shift,
            officer_id,
            where=self.area_text(shift, names=names),
            changed=shift.id in self._changed,
            compact=self.compact,
        )

    def open_text(self, shift: RosterShift, names: bool | None = None) -> str:
        """An open duty: its line and how many officers it has of how many it needs."""
        staffed = f"{len(shift.crew)}/{shift.min_staff}"
        return f"{self.cell_text(shift, None, names)} {staffed}"

    def lines(self, names: bool) -> set[str]:
        """Every line the cells would show with ``names`` or codes (the grid measures them to
        decide whether area names fit its columns)."""
        found: set[str] = set()
        for shifts in self._cells.values():
            for shift in shifts:
                lead = next((c.officer_id for c in shift.crew if c.is_lead), None)
                found.update(self.cell_text(shift, lead, names).split("\n"))
        for day in self._open.values():
            for shift in day:
                found.update(self.open_text(shift, names).split("\n"))
        return found

    def open_shift_at(self, index: AnyIndex) -> RosterShift | None:
        """The open duty in an ``Offen`` cell, if any."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        k = self._rows[index.row()].open
        if k is None:
            return None
        day = self._open.get(self.day(index.column()), [])
        return day[k] if k < len(day) else None

    def open_cells(self) -> list[tuple[int, int]]:
        """(row, column) of every open duty, day by day."""
        return [
            (k, column)
            for column in range(7)
            for k in range(len(self._open.get(self.day(column), [])))
        ]

    def open_count(self) -> int:
        return sum(len(day) for day in self._open.values())

    def severities(self) -> dict[tuple[str, str], str]:
        """(officer id, shift id) → "error" | "warning" for the duties with findings."""
        return dict(self._severity)

    def day(self, column: int) -> date:
        return self.monday + timedelta(days=column)

    def row(self, row: int) -> GridRow:
        return self._rows[row]

    def officer_row_starting(self, text: str) -> int:
        """The first officer row whose name starts with ``text`` (type-ahead), or -1."""
        wanted = text.casefold()
        for row, grid_row in enumerate(self._rows):
            if grid_row.officer is not None and grid_row.title.casefold().startswith(wanted):
                return row
        return -1

    def officer_row(self, officer_id: str) -> int:
        for row, grid_row in enumerate(self._rows):
            if grid_row.officer is not None and grid_row.officer.id == officer_id:
                return row
        return -1

    def shifts_at(self, index: AnyIndex) -> list[RosterShift]:
        officer = self._rows[index.row()].officer
        if officer is None:
            return []
        return list(self._cells.get((officer.id, self.day(index.column())), []))

    def findings_at(self, index: AnyIndex) -> list[Finding]:
        officer = self._rows[index.row()].officer
        if officer is None:
            return []
        return list(self._findings_by_cell.get((officer.id, self.day(index.column())), []))

    # ------------------------------------------------------------ Qt overrides

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Override of QAbstractTableModel.rowCount."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Override of QAbstractTableModel.columnCount: Monday to Sunday."""
        return 0 if parent.isValid() else 7

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Override of QAbstractTableModel.data: duties, absences and rule markers per cell."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        grid_row = self._rows[index.row()]
        if grid_row.open is not None:
            return self._open_data(index, role)
        if grid_row.officer is None:
            return self._group_data(grid_row, index.column(), role)
        return self._officer_data(grid_row.officer, index.column(), role)

    def _open_data(self, index: AnyIndex, role: int) -> Any:
        shift = self.open_shift_at(index)
        if shift is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.open_text(shift)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(OPEN_COLOR)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(OPEN_TEXT_COLOR)
        if role == Qt.ItemDataRole.ToolTipRole:
            crew = ", ".join(c.name for c in shift.crew) or _tr("noch niemand")
            return "\n".join(
                (
                    duty_long_text(shift),
                    _tr("Offen: {have} von {need} eingeteilt ({crew})").format(
                        have=len(shift.crew), need=shift.min_staff, crew=crew
                    ),
                    _tr("Eingabe: Dienstkraft wählen und einteilen"),
                )
            )
        if role == OPEN_SHIFT_ROLE:
            return shift
        if role == SHIFT_IDS_ROLE:
            return [shift.id]
        if role == DAY_ROLE:
            return shift.duty_date.isoformat()
        return None

    def _officer_data(self, officer: Officer, column: int, role: int) -> Any:
        day = self.day(column)
        shifts = self._cells.get((officer.id, day), [])
        absence = self._absences.get((officer.id, day))
        severity = self._cell_severity(officer.id, shifts)
        if role == Qt.ItemDataRole.DisplayRole:
            # "*" marks a duty changed after the week was published (planned vs changed).
            parts = [self.cell_text(s, officer.id) for s in shifts]
            if absence is not None:
                parts.insert(0, absence.kind.label)
            return (" + " if self.compact else "\n").join(parts)
        if role == Qt.ItemDataRole.BackgroundRole:
            if severity == "error":
                return QBrush(ERROR_COLOR)
            if severity == "warning":
                return QBrush(WARNING_COLOR)
            if absence is not None:
                return QBrush(ABSENCE_COLOR)
            if shifts:
                return QBrush(QColor(KIND_COLORS[shifts[0].kind]))
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(officer, day, shifts, absence)
        plain: Callable[[], Any] | None = {
            SHIFT_IDS_ROLE: lambda: [s.id for s in shifts],
            OFFICER_ROLE: lambda: officer.id,
            DAY_ROLE: day.isoformat,
            SEVERITY_ROLE: lambda: severity or "",
            ABSENCE_ROLE: lambda: absence,
        }.get(role)
        return plain() if plain is not None else None

    def _cell_severity(self, officer_id: str, shifts: list[RosterShift]) -> str | None:
        found = {self._severity.get((officer_id, s.id)) for s in shifts}
        if "error" in found:
            return "error"
        if "warning" in found:
            return "warning"
        return None

    def _group_data(self, grid_row: GridRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and column == 0:
            return grid_row.title
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(GROUP_COLOR)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#ffffff"))
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _tooltip(
        self, officer: Officer, day: date, shifts: list[RosterShift], absence: Absence | None
    ) -> str:
        lines = [f"{officer.display_name} – {WEEKDAY_SHORT[day.weekday()]} {day:%d.%m.%Y}"]
        if absence is not None:
            lines.append(
                f"{absence.kind.label} {absence.starts_on:%d.%m.}–{absence.ends_on:%d.%m.}"
            )
        for shift in shifts:
            crew = ", ".join(c.name for c in shift.crew if c.officer_id != officer.id)
            lines.append(duty_long_text(shift, officer.id))
            if shift.id in self._changed:
                lines.append(_tr("* nach der Veröffentlichung geändert"))
            if crew:
                lines.append(_tr("mit {crew}").format(crew=crew))
        lines.extend(f"⚠ {f.message}" for f in self._findings_by_cell.get((officer.id, day), []))
        return "\n".join(lines)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Override of QAbstractTableModel.headerData: days across, officers down."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < 7:
            day = self.day(section)
            return f"{WEEKDAY_SHORT[section]} {day:%d.%m.}"
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            grid_row = self._rows[section]
            if grid_row.open is not None:
                return grid_row.title
            return "" if grid_row.officer is None else grid_row.title
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Override of QAbstractTableModel.flags: officer cells take dropped duties."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()].open is not None:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._rows[index.row()].officer is None:
            return Qt.ItemFlag.ItemIsEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled
        )
