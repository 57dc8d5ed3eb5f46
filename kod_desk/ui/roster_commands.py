"""Undo/redo for roster edits: one QUndoCommand per user verb (orange-canvas-core's pattern).

Each command does its work through the roster service and hands the Changes on; the first
``redo`` is the edit itself, run before the command is pushed so that a refused edit (a German
UserError) never lands on the undo stack.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from kod_desk.domain.roster import AbsenceDraft, ShiftDraft
from kod_desk.domain.timeutil import to_local

if TYPE_CHECKING:
    from kod_desk.domain.bikes import Checkout
    from kod_desk.domain.changes import Changes
    from kod_desk.domain.roster import Absence, RosterShift
    from kod_desk.domain.roster_suggest import ProposedAssignment
    from kod_desk.services.bikes import BikeService
    from kod_desk.services.roster import RosterService
    from kod_desk.services.roster_suggest import RosterSuggestService

Notify = Callable[["Changes"], None]


class ServiceCommand(QUndoCommand):
    """Base: runs ``_do``/``_undo`` through a service and passes each result's changes on."""

    def __init__(self, text: str, notify: Notify) -> None:
        super().__init__(text)
        self.notify = notify
        self._done_once = False

    def perform(self) -> None:
        """Do the edit now (may raise UserError); the stack's first redo then does nothing."""
        self._do()
        self._done_once = True

    def redo(self) -> None:
        """Override of QUndoCommand.redo."""
        if self._done_once:
            self._done_once = False
            return
        self._do()

    def undo(self) -> None:
        """Override of QUndoCommand.undo."""
        self._undo()

    def _do(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError

    def _emit(self, result: Any) -> Any:
        self.notify(result.changes)
        return result.value


class RosterCommand(ServiceCommand):
    """A roster edit through the roster service."""

    def __init__(self, text: str, roster: RosterService, notify: Notify) -> None:
        super().__init__(text, notify)
        self.roster = roster


class AssignCommand(RosterCommand):
    """Put an officer on a duty."""

    def __init__(
        self, roster: RosterService, notify: Notify, shift: RosterShift, officer_id: str, name: str
    ) -> None:
        super().__init__(f"{name} einteilen", roster, notify)
        self.shift_id = shift.id
        self.officer_id = officer_id

    def _do(self) -> None:
        self._emit(self.roster.assign(self.shift_id, self.officer_id))

    def _undo(self) -> None:
        self._emit(self.roster.unassign(self.shift_id, self.officer_id))


class UnassignCommand(RosterCommand):
    """Take an officer off a duty; undo restores the lead flag too."""

    def __init__(
        self, roster: RosterService, notify: Notify, shift: RosterShift, officer_id: str, name: str
    ) -> None:
        super().__init__(f"{name} austragen", roster, notify)
        self.shift_id = shift.id
        self.officer_id = officer_id
        self.was_lead = any(c.is_lead for c in shift.crew if c.officer_id == officer_id)

    def _do(self) -> None:
        self._emit(self.roster.unassign(self.shift_id, self.officer_id))

    def _undo(self) -> None:
        self._emit(self.roster.assign(self.shift_id, self.officer_id, is_lead=self.was_lead))


class LeadCommand(RosterCommand):
    """Make an officer the patrol lead (Streifenführung) of a duty."""

    def __init__(
        self, roster: RosterService, notify: Notify, shift: RosterShift, officer_id: str, name: str
    ) -> None:
        super().__init__(f"{name} als Streifenführung", roster, notify)
        self.shift_id = shift.id
        self.officer_id = officer_id
        self.previous = next((c.officer_id for c in shift.crew if c.is_lead), None)

    def _do(self) -> None:
        self._emit(self.roster.assign(self.shift_id, self.officer_id, is_lead=True))

    def _undo(self) -> None:
        if self.previous is not None:
            self._emit(self.roster.assign(self.shift_id, self.previous, is_lead=True))
        else:
            self._emit(self.roster.assign(self.shift_id, self.officer_id, is_lead=False))


class CreateShiftCommand(RosterCommand):
    """Create a duty; undo tombstones it, redo brings the same duty back."""

    def __init__(self, roster: RosterService, notify: Notify, draft: ShiftDraft) -> None:
        super().__init__(f"Dienst {draft.duty_date:%d.%m.} anlegen", roster, notify)
        self.draft = draft
        self.created: RosterShift | None = None

    def _do(self) -> None:
        if self.created is None:
            self.created = self._emit(self.roster.create_shift(self.draft))
        else:
            self._emit(self.roster.restore_shift(self.created))

    def _undo(self) -> None:
        assert self.created is not None
        self.created = self._emit(self.roster.delete_shift(self.created.id))


class DeleteShiftCommand(RosterCommand):
    """Delete a duty with its crew; undo brings both back."""

    def __init__(self, roster: RosterService, notify: Notify, shift: RosterShift) -> None:
        super().__init__(f"Dienst {shift.duty_date:%d.%m.} löschen", roster, notify)
        self.shift = shift

    def _do(self) -> None:
        self.shift = self._emit(self.roster.delete_shift(self.shift.id))

    def _undo(self) -> None:
        self._emit(self.roster.restore_shift(self.shift))


class AddAbsenceCommand(RosterCommand):
    """Record an absence; undo removes it again."""

    def __init__(self, roster: RosterService, notify: Notify, draft: AbsenceDraft) -> None:
        super().__init__(f"{draft.kind.label} eintragen", roster, notify)
        self.draft = draft
        self.absence_id: str | None = None

    def _do(self) -> None:
        self.absence_id = self._emit(self.roster.add_absence(self.draft))

    def _undo(self) -> None:
        assert self.absence_id is not None
        self._emit(self.roster.delete_absence(self.absence_id))


class DeleteAbsenceCommand(RosterCommand):
    """Remove an absence; undo records it again."""

    def __init__(self, roster: RosterService, notify: Notify, absence: Absence) -> None:
        super().__init__(f"{absence.kind.label} löschen", roster, notify)
        self.absence_id = absence.id
        self.draft = AbsenceDraft(
            absence.officer_id, absence.kind, absence.starts_on, absence.ends_on, absence.note
        )

    def _do(self) -> None:
        self._emit(self.roster.delete_absence(self.absence_id))

    def _undo(self) -> None:
        self.absence_id = self._emit(self.roster.add_absence(self.draft))


class CopyWeekCommand(RosterCommand):
    """Copy a week's duties and crews to another week; undo deletes the copies."""

    def __init__(self, roster: RosterService, notify: Notify, source: date, target: date) -> None:
        super().__init__(f"Woche {source:%d.%m.} nach {target:%d.%m.} kopieren", roster, notify)
        self.source = source
        self.target = target
        self.created: list[str] = []

    def _do(self) -> None:
        self.created = self._emit(self.roster.copy_week(self.source, self.target))

    def _undo(self) -> None:
        self._emit(self.roster.delete_shifts(self.created))


class ActualTimesCommand(RosterCommand):
    """Record actual times of one officer on one duty; undo restores what was there."""

    def __init__(
        self,
        roster: RosterService,
        notify: Notify,
        shift: RosterShift,
        officer_id: str,
        times: tuple[datetime, datetime, int],
    ) -> None:
        member = next(c for c in shift.crew if c.officer_id == officer_id)
        super().__init__(f"Ist-Zeiten {member.name}", roster, notify)
        self.shift_id = shift.id
        self.officer_id = officer_id
        self.times = times
        self.previous = (member.actual_start, member.actual_end, member.actual_break_minutes)

    def _do(self) -> None:
        start, end, minutes = self.times
        self._emit(self.roster.record_actual(self.shift_id, self.officer_id, start, end, minutes))

    def _undo(self) -> None:
        start, end, minutes = self.previous
        self._emit(self.roster.record_actual(self.shift_id, self.officer_id, start, end, minutes))


class AcceptSuggestionCommand(ServiceCommand):
    """Accept proposed assignments in one step; undo revokes exactly those."""

    def __init__(
        self, service: RosterSuggestService, notify: Notify, proposals: list[ProposedAssignment]
    ) -> None:
        super().__init__(f"Vorschlag übernehmen ({len(proposals)} Einteilungen)", notify)
        self.service = service
        self.proposals = proposals

    def _do(self) -> None:
        self._emit(self.service.accept(self.proposals))

    def _undo(self) -> None:
        self._emit(self.service.revoke(self.proposals))


class UpdateShiftCommand(RosterCommand):
    """Change a duty's times, kind, area or staffing; undo restores what it was."""

    def __init__(
        self, roster: RosterService, notify: Notify, shift: RosterShift, draft: ShiftDraft
    ) -> None:
        super().__init__(f"Dienst {draft.duty_date:%d.%m.} ändern", roster, notify)
        self.shift_id = shift.id
        self.draft = draft
        start, end = to_local(shift.starts_at), to_local(shift.ends_at)
        self.previous = ShiftDraft(
            duty_date=shift.duty_date,
            start=start.time(),
            end=end.time(),
            kind=shift.kind,
            area_id=shift.area_id,
            template_id=shift.template_id,
            min_staff=shift.min_staff,
            break_minutes=shift.break_minutes,
            note=shift.note,
        )

    def _do(self) -> None:
        self._emit(self.roster.update_shift(self.shift_id, self.draft))

    def _undo(self) -> None:
        self._emit(self.roster.update_shift(self.shift_id, self.previous))


class BikeCommand(ServiceCommand):
    """A bike booking on a bike patrol, through the bike service."""

    def __init__(self, text: str, bikes: BikeService, notify: Notify) -> None:
        super().__init__(text, notify)
        self.bikes = bikes


class BookBikeCommand(BikeCommand):
    """Book a bike to an officer on a bike patrol; undo cancels the booking."""

    def __init__(
        self,
        bikes: BikeService,
        notify: Notify,
        bike_id: str,
        shift_id: str,
        officer_id: str,
        text: str,
    ) -> None:
        super().__init__(text, bikes, notify)
        self.bike_id = bike_id
        self.shift_id = shift_id
        self.officer_id = officer_id
        self.booking: Checkout | None = None

    def _do(self) -> None:
        self.booking = self._emit(self.bikes.book(self.bike_id, self.shift_id, self.officer_id))

    def _undo(self) -> None:
        assert self.booking is not None
        self._emit(self.bikes.cancel_booking(self.booking.id))


class CancelBookingCommand(BikeCommand):
    """Cancel an officer's bike booking; undo books the same bike again."""

    def __init__(self, bikes: BikeService, notify: Notify, booking: Checkout) -> None:
        super().__init__(
            f"Buchung {booking.inventory_no} ({booking.officer_name}) stornieren", bikes, notify
        )
        self.booking = booking

    def _do(self) -> None:
        self._emit(self.bikes.cancel_booking(self.booking.id))

    def _undo(self) -> None:
        assert self.booking.shift_id is not None
        self.booking = self._emit(
            self.bikes.book(self.booking.bike_id, self.booking.shift_id, self.booking.officer_id)
        )
