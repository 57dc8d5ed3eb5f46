"""The Dienstplan's edits of single duties: crews, duties, absences, actual times, the rule
thresholds and bike bookings. Each edit is one undo step (ui/roster_commands.py).

RosterActions gets what it works on in its constructor: the week shown, the selection, the
writer (undo steps and the change bus) and the dialog host; the page wires buttons and keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from kod_desk.domain.bikes import Checkout
from kod_desk.domain.errors import UserError
from kod_desk.domain.roster import AbsenceDraft, RosterShift, ShiftDraft
from kod_desk.domain.roster_rules import RuleSettings
from kod_desk.ui.dialogs.absence_dialog import AbsenceDialog
from kod_desk.ui.dialogs.actual_times_dialog import ActualTimes, ActualTimesDialog
from kod_desk.ui.dialogs.booking_dialog import BookingDialog, bike_choices
from kod_desk.ui.dialogs.rule_settings_dialog import RuleSettingsDialog
from kod_desk.ui.dialogs.shift_dialog import ShiftDialog
from kod_desk.ui.messages import show_error
from kod_desk.ui.pages.roster_state import translate
from kod_desk.ui.roster_commands import (
    ActualTimesCommand,
    AddAbsenceCommand,
    AssignCommand,
    BookBikeCommand,
    CancelBookingCommand,
    CreateShiftCommand,
    DeleteAbsenceCommand,
    DeleteShiftCommand,
    LeadCommand,
    UnassignCommand,
    UpdateShiftCommand,
)

if TYPE_CHECKING:
    from kod_desk.domain.masterdata import Officer
    from kod_desk.ui.dialog_host import DialogHost
    from kod_desk.ui.pages.base import ChangeBus
    from kod_desk.ui.pages.roster_state import (
        RosterSelection,
        RosterWeek,
        RosterWriter,
        ServicesSource,
    )


class RosterActions:
    """Edits of the selected duty, officer and cell; dialogs open on ``parent``."""

    def __init__(
        self,
        parent: QWidget,
        services: ServicesSource,
        week: RosterWeek,
        selection: RosterSelection,
        writer: RosterWriter,
        dialogs: DialogHost,
        bus: ChangeBus,
    ) -> None:
        self._parent = parent
        self._services = services
        self._week = week
        self._selection = selection
        self._writer = writer
        self._dialogs = dialogs
        self._bus = bus

    def is_on_crew(self, officer: Officer, shift: RosterShift) -> bool:
        """True when the officer is on the duty; otherwise says so to the user."""
        if any(c.officer_id == officer.id for c in shift.crew):
            return True
        show_error(
            self._parent,
            UserError(
                translate("RosterPage", "{name} ist für diesen Dienst nicht eingeteilt.").format(
                    name=officer.display_name
                )
            ),
            translate("RosterPage", "Dienstplan"),
        )
        return False

    # ------------------------------------------------------------ crews

    def assign(self, shift_id: str, officer_id: str) -> bool:
        """Put the officer on the duty (a drop, Enter, the open-duty dialog)."""
        services = self._services()
        shift = self._week.shift(shift_id)
        officer = self._week.officer(officer_id)
        if shift is None or officer is None or services is None:
            return False
        if any(c.officer_id == officer_id for c in shift.crew):
            return False
        return self._writer.run(
            AssignCommand(
                services.roster, self._writer.notify, shift, officer_id, officer.display_name
            )
        )

    def assign_selected(self) -> bool:
        shift = self._selection.shift()
        officer = self._selection.officer()
        if shift is None or officer is None:
            return False
        return self.assign(shift.id, officer.id)

    def unassign_selected(self) -> bool:
        """Entf: take the officer off the cell's duty (the marked one when there are two)."""
        services = self._services()
        officer = self._selection.officer()
        if officer is None or services is None:
            return False
        on_cell = self._selection.cell_shifts()
        chosen = self._selection.shift()
        targets = [s for s in on_cell if chosen is None or s.id == chosen.id] or on_cell
        if not targets:
            return False
        return self._writer.run(
            UnassignCommand(
                services.roster, self._writer.notify, targets[0], officer.id, officer.display_name
            )
        )

    def make_lead_selected(self) -> bool:
        services = self._services()
        officer = self._selection.officer()
        shift = self._selection.shift()
        if officer is None or shift is None or services is None:
            return False
        if not self.is_on_crew(officer, shift):
            return False
        return self._writer.run(
            LeadCommand(
                services.roster, self._writer.notify, shift, officer.id, officer.display_name
            )
        )

    def edit_actual_times(self) -> ActualTimesDialog | None:
        services = self._services()
        officer = self._selection.officer()
        shift = self._selection.shift()
        if officer is None or shift is None or services is None:
            return None
        if not self.is_on_crew(officer, shift):
            return None
        roster = services.roster

        def save(times: ActualTimes) -> None:
            self._writer.push(
                ActualTimesCommand(
                    roster,
                    self._writer.notify,
                    shift,
                    officer.id,
                    (times.start, times.end, times.break_minutes),
                )
            )

        return self._dialogs.open(ActualTimesDialog(save, shift, officer.id, self._parent))

    # ------------------------------------------------------------ duties

    def new_shift(self) -> ShiftDialog | None:
        services = self._services()
        if services is None:
            return None
        roster = services.roster

        def save(draft: ShiftDraft) -> None:
            # A UserError goes to the dialog, which stays open.
            self._writer.push(CreateShiftCommand(roster, self._writer.notify, draft))
            self._week.selected_day = draft.duty_date

        masterdata = services.masterdata.load()
        dialog = ShiftDialog(
            save, self._week.selected_day, masterdata.templates, masterdata.areas, self._parent
        )
        return self._dialogs.open(dialog)

    def edit_selected_shift(self) -> ShiftDialog | None:
        services = self._services()
        shift = self._selection.shift()
        if shift is None or services is None:
            return None
        roster = services.roster

        def save(draft: ShiftDraft) -> None:
            self._writer.push(UpdateShiftCommand(roster, self._writer.notify, shift, draft))

        masterdata = services.masterdata.load()
        dialog = ShiftDialog(
            save, shift.duty_date, masterdata.templates, masterdata.areas, self._parent, shift=shift
        )
        return self._dialogs.open(dialog)

    def delete_selected_shift(self) -> bool:
        services = self._services()
        shift = self._selection.shift()
        if shift is None or services is None:
            return False
        return self._writer.run(DeleteShiftCommand(services.roster, self._writer.notify, shift))

    def open_shift_report(self) -> bool:
        """The marked duty's Schichtbericht on the Berichte page (preview, print, save)."""
        shift = self._selection.shift()
        if shift is None:
            show_error(
                self._parent,
                UserError(translate("RosterPage", "Bitte zuerst einen Dienst markieren.")),
                translate("RosterPage", "Schichtbericht"),
            )
            return False
        self._bus.navigate.emit("reports", f"shift:{shift.id}")
        return True

    def edit_rules(self) -> RuleSettingsDialog | None:
        services = self._services()
        if services is None:
            return None
        roster = services.roster

        def save(settings: RuleSettings) -> None:
            self._writer.publish(roster.save_rule_settings(settings))

        return self._dialogs.open(RuleSettingsDialog(save, roster.rule_settings(), self._parent))

    # ------------------------------------------------------------ absences

    def new_absence(self) -> AbsenceDialog | None:
        services = self._services()
        if services is None:
            return None
        roster = services.roster
        officer = self._selection.officer()

        def save(draft: AbsenceDraft) -> None:
            self._writer.push(AddAbsenceCommand(roster, self._writer.notify, draft))

        dialog = AbsenceDialog(
            save,
            self._week.officers,
            officer.id if officer else None,
            self._week.selected_day,
            self._parent,
        )
        return self._dialogs.open(dialog)

    def delete_selected_absence(self) -> bool:
        services = self._services()
        absence = self._selection.absence()
        if absence is None or services is None:
            return False
        return self._writer.run(DeleteAbsenceCommand(services.roster, self._writer.notify, absence))

    # ------------------------------------------------------------ bikes

    def selected_booking(self) -> Checkout | None:
        """The selected officer's active booking on the selected duty."""
        officer = self._selection.officer()
        shift = self._selection.shift()
        if officer is None or shift is None:
            return None
        return next(
            (
                b
                for b in self._week.bookings
                if b.shift_id == shift.id and b.officer_id == officer.id
            ),
            None,
        )

    def book_bike(self) -> BookingDialog | None:
        """Book a bike to the selected officer on the selected bike patrol (one undo step)."""
        services = self._services()
        officer = self._selection.officer()
        shift = self._selection.shift()
        if officer is None or shift is None or services is None or self._week.read_only:
            return None
        if not self.is_on_crew(officer, shift):
            return None
        bikes = services.bikes
        choices = bike_choices(bikes.list_bikes(), bikes.active_checkouts(), shift)

        def save(bike_id: str) -> None:
            bike = next(c.bike for c in choices if c.bike.id == bike_id)
            text = translate("RosterPage", "Fahrrad {bike} für {name} buchen").format(
                bike=bike.inventory_no, name=officer.display_name
            )
            self._writer.push(
                BookBikeCommand(bikes, self._writer.notify, bike_id, shift.id, officer.id, text)
            )

        return self._dialogs.open(BookingDialog(save, officer, shift, choices, self._parent))

    def cancel_bike_booking(self) -> bool:
        """Cancel the selected officer's booking on the selected duty (one undo step)."""
        services = self._services()
        if services is None:
            return False
        booking = self.selected_booking()
        if booking is None:
            officer = self._selection.officer()
            if officer is not None and self._selection.shift() is not None:
                show_error(
                    self._parent,
                    UserError(
                        translate(
                            "RosterPage", "{name} hat für diesen Dienst kein Fahrrad gebucht."
                        ).format(name=officer.display_name)
                    ),
                    translate("RosterPage", "Dienstplan"),
                )
            return False
        return self._writer.run(CancelBookingCommand(services.bikes, self._writer.notify, booking))
