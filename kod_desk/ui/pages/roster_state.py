"""What the Dienstplan's parts share: the week on screen, the selection in grid and day table,
the open dialog, and the one way an edit is written (an undo step or an announced result).

The page fills the week and owns the widgets; its flows (roster_actions, roster_planning,
roster_files) receive these objects in their constructors instead of reaching into the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from kod_desk.domain.enums import Role
from kod_desk.domain.errors import UserError
from kod_desk.domain.roster import Absence, Finding, RosterShift, WeekState
from kod_desk.ui.messages import show_error
from kod_desk.ui.models.week_model import ABSENCE_ROLE

if TYPE_CHECKING:
    from kod_desk.domain.bikes import Checkout
    from kod_desk.domain.changes import Changes
    from kod_desk.domain.masterdata import Officer
    from kod_desk.services.base import Result
    from kod_desk.services.registry import Services
    from kod_desk.ui.models.week_model import WeekModel
    from kod_desk.ui.pages.base import ChangeBus
    from kod_desk.ui.roster_commands import ServiceCommand
    from kod_desk.ui.widgets.week_grid import DayDuties, WeekGrid

translate = QCoreApplication.translate  # the page's strings keep the page's context

# The services once the database is open (None before), asked at the moment of use.
ServicesSource = Callable[[], "Services | None"]
Value = TypeVar("Value")


def may_plan(services: Services | None) -> bool:
    """Whether the logged-in role may change the roster (the service refuses the others)."""
    return services is not None and services.context.role in (Role.SUPERVISOR, Role.ADMIN)


@dataclass
class RosterWeek:
    """The week the page shows, as last read; the page fills it, its flows read it."""

    monday: date
    selected_day: date
    state: WeekState  # published or not, by whom
    officers: list[Officer] = field(default_factory=list)
    shifts: list[RosterShift] = field(default_factory=list)
    absences: list[Absence] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    bookings: list[Checkout] = field(default_factory=list)  # active bike bookings of its duties
    changed: frozenset[str] = frozenset()  # duties changed since the week was published
    area_codes: dict[str, str] = field(default_factory=dict)
    read_only: bool = False  # the published version shown, or a role that may not plan

    @property
    def last(self) -> date:
        return self.monday + timedelta(days=6)

    def shift(self, shift_id: str) -> RosterShift | None:
        return next((s for s in self.shifts if s.id == shift_id), None)

    def officer(self, officer_id: str) -> Officer | None:
        return next((o for o in self.officers if o.id == officer_id), None)

    def bikes_text(self, shift: RosterShift) -> str:
        """The bikes booked to the duty, e.g. "Lange, Nicole: DF-02"."""
        return "; ".join(
            f"{b.officer_name}: {b.inventory_no}" for b in self.bookings if b.shift_id == shift.id
        )


class RosterSelection:
    """What is selected: the grid's cell (an officer on a day) and the day table's duty."""

    def __init__(self, grid: WeekGrid, model: WeekModel, day_table: DayDuties) -> None:
        self.grid = grid
        self.model = model
        self.day_table = day_table

    def officer(self) -> Officer | None:
        """The officer of the grid's current row (None on a heading or the open duties)."""
        index = self.grid.currentIndex()
        if not index.isValid():
            return None
        return self.model.row(index.row()).officer

    def shift(self) -> RosterShift | None:
        """The duty selected in the day table."""
        shift: RosterShift | None = self.day_table.selected_row()
        return shift

    def open_shift(self) -> RosterShift | None:
        """The open duty under the grid's current cell (first row)."""
        return self.model.open_shift_at(self.grid.currentIndex())

    def cell_shifts(self) -> list[RosterShift]:
        """The duties in the grid's current cell."""
        return self.model.shifts_at(self.grid.currentIndex())

    def absence(self) -> Absence | None:
        """The absence in the grid's current cell."""
        absence: Absence | None = self.grid.currentIndex().data(ABSENCE_ROLE)
        return absence

    def focus_grid(self) -> None:
        self.grid.setFocus()

    def focus_grid_by_key(self) -> None:
        self.grid.setFocus(Qt.FocusReason.ShortcutFocusReason)


class RosterWriter:
    """Every write of the Dienstplan: an undo step through a command, or a service result whose
    changes go on the change bus. A published view or a role that may not plan writes nothing
    and says why."""

    def __init__(
        self,
        parent: QWidget,
        services: ServicesSource,
        bus: ChangeBus,
        undo_stack: QUndoStack,
        week: RosterWeek,
        announce: Callable[[Result[Any]], Any],
    ) -> None:
        self._parent = parent
        self._services = services
        self._bus = bus
        self.undo_stack = undo_stack
        self._week = week
        self._announce = announce  # Page.publish: the changes go out as the page's

    def notify(self, changes: Changes) -> None:
        """Announce what changed (the commands call it after each do and undo)."""
        self._bus.changed.emit(changes)

    def publish(self, result: Result[Value]) -> Value:
        """Announce a write's changes (through the page); returns the result's value."""
        self._announce(result)
        return result.value

    def writable(self) -> bool:
        """False, after telling the user why, when the shown roster may not be changed."""
        if not self._week.read_only:
            return True
        text = (
            translate(
                "RosterPage",
                "Die veröffentlichte Fassung ist schreibgeschützt. Zum Ändern "
                "„Veröffentlichte Fassung“ ausschalten.",
            )
            if may_plan(self._services())
            else translate(
                "RosterPage", "Den Dienstplan ändern nur Dienstgruppenleitung und Verwaltung."
            )
        )
        show_error(self._parent, UserError(text), translate("RosterPage", "Dienstplan"))
        return False

    def run(self, command: ServiceCommand) -> bool:
        """Do an edit; only an edit that succeeded becomes an undo step."""
        if not self.writable():
            return False
        try:
            command.perform()
        except UserError as error:
            show_error(self._parent, error, translate("RosterPage", "Dienstplan"))
            return False
        self.undo_stack.push(command)
        return True

    def push(self, command: ServiceCommand) -> None:
        """Do an edit a dialog saves; a UserError goes to the dialog, which stays open."""
        command.perform()
        self.undo_stack.push(command)
