"""Bike booking and the week suggestion of the roster page, apart from its widgets.

A mixin on RosterPage: the flows live here, the page keeps its widgets and wiring.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from kod_desk.domain.bikes import Checkout
from kod_desk.domain.errors import UserError
from kod_desk.domain.roster import RosterShift
from kod_desk.ui.dialogs.booking_dialog import BookingDialog, bike_choices
from kod_desk.ui.dialogs.suggest_dialog import SuggestDialog
from kod_desk.ui.messages import show_error
from kod_desk.ui.roster_commands import (
    AcceptSuggestionCommand,
    BookBikeCommand,
    CancelBookingCommand,
)


class RosterActionsMixin:
    """Needs the page's services, selection, undo stack, run() and suggestion signals."""

    # Provided by RosterPage / Page (annotations only: nothing here shadows them in the MRO).
    services: Any
    monday: Any
    shifts: Any
    officers: Any
    bookings: Any
    read_only: bool
    current_dialog: Any
    undo_stack: Any
    day_table: Any
    suggest_button: Any
    suggestion_ready: Any
    suggestion_failed: Any
    _suggesting: bool
    _suggest_thread: threading.Thread | None
    selected_officer: Callable[[], Any]
    run: Callable[[Any], bool]
    _notify: Callable[[Any], None]
    _is_on_crew: Callable[[Any, Any], bool]

    def _widget(self) -> QWidget:
        return cast(QWidget, self)

    def _bikes_text(self, shift: RosterShift) -> str:
        """The bikes booked to the duty, e.g. "Lange, Nicole: DF-02"."""
        return "; ".join(
            f"{b.officer_name}: {b.inventory_no}" for b in self.bookings if b.shift_id == shift.id
        )

    def selected_booking(self) -> Checkout | None:
        """The selected officer's active booking on the selected duty."""
        officer = self.selected_officer()
        shift = self.day_table.selected_row()
        if officer is None or shift is None:
            return None
        return next(
            (b for b in self.bookings if b.shift_id == shift.id and b.officer_id == officer.id),
            None,
        )

    def book_bike(self) -> BookingDialog | None:
        """Book a bike to the selected officer on the selected bike patrol (one undo step)."""
        officer = self.selected_officer()
        shift = self.day_table.selected_row()
        if officer is None or shift is None or self.services is None or self.read_only:
            return None
        if not self._is_on_crew(officer, shift):
            return None
        bikes = self.services.bikes
        choices = bike_choices(bikes.list_bikes(), bikes.active_checkouts(), shift)

        def save(bike_id: str) -> None:
            bike = next(c.bike for c in choices if c.bike.id == bike_id)
            text = QCoreApplication.translate(
                "RosterPage", "Fahrrad {bike} für {name} buchen"
            ).format(bike=bike.inventory_no, name=officer.display_name)
            command = BookBikeCommand(bikes, self._notify, bike_id, shift.id, officer.id, text)
            command.perform()  # raises UserError: the dialog shows it and stays open
            self.undo_stack.push(command)

        dialog = BookingDialog(save, officer, shift, choices, self._widget())
        dialog.finished.connect(lambda _result: setattr(self, "current_dialog", None))
        self.current_dialog = dialog
        dialog.open()
        return dialog

    def cancel_bike_booking(self) -> bool:
        """Cancel the selected officer's booking on the selected duty (one undo step)."""
        if self.services is None:
            return False
        booking = self.selected_booking()
        if booking is None:
            officer = self.selected_officer()
            if officer is not None and self.day_table.selected_row() is not None:
                show_error(
                    self._widget(),
                    UserError(
                        QCoreApplication.translate(
                            "RosterPage", "{name} hat für diesen Dienst kein Fahrrad gebucht."
                        ).format(name=officer.display_name)
                    ),
                    QCoreApplication.translate("RosterPage", "Dienstplan"),
                )
            return False
        return self.run(CancelBookingCommand(self.services.bikes, self._notify, booking))

    def suggest_week(self) -> bool:
        """Compute a suggestion off the GUI thread (CP-SAT may take seconds)."""
        if self.services is None or self._suggesting:
            return False
        self._suggesting = True
        self.suggest_button.setEnabled(False)
        self.suggest_button.setText(
            QCoreApplication.translate("RosterPage", "Vorschlag wird berechnet …")
        )
        service = self.services.roster_suggest
        monday = self.monday

        def work() -> None:
            try:
                suggestion = service.suggest(monday)
            except UserError as error:
                self.suggestion_failed.emit(error.message)
                return
            except Exception as error:  # a bug: say so instead of a silent dead button
                self.suggestion_failed.emit(f"{type(error).__name__}: {error}")
                return
            self.suggestion_ready.emit(suggestion)

        self._suggest_thread = threading.Thread(target=work, name="roster-suggest", daemon=True)
        self._suggest_thread.start()
        return True

    def _end_suggesting(self) -> None:
        self._suggesting = False
        self.suggest_button.setEnabled(True)
        self.suggest_button.setText(QCoreApplication.translate("RosterPage", "Vorschlag…"))

    def _suggestion_failed(self, message: str) -> None:
        self._end_suggesting()
        show_error(
            self._widget(),
            UserError(message),
            QCoreApplication.translate("RosterPage", "Vorschlag"),
        )

    def _show_suggestion(self, suggestion: Any) -> None:
        self._end_suggesting()
        if self.services is None:
            return
        service = self.services.roster_suggest

        def accept(proposals: list[Any]) -> bool:
            command = AcceptSuggestionCommand(service, self._notify, proposals)
            try:
                command.perform()
            except UserError as error:
                show_error(
                    self._widget(), error, QCoreApplication.translate("RosterPage", "Vorschlag")
                )
                return False
            self.undo_stack.push(command)
            return True

        dialog = SuggestDialog(suggestion, self.shifts, self.officers, accept, self._widget())
        dialog.finished.connect(lambda _result: setattr(self, "current_dialog", None))
        self.current_dialog = dialog
        dialog.open()
