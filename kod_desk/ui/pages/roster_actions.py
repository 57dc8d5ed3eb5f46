"""Bike booking, the week suggestion, staffing an open duty, publishing and copying a week:
the roster page's flows, apart from its widgets.

A mixin on RosterPage: the flows live here, the page keeps its widgets and wiring.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any, cast

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from kod_desk.domain.bikes import Checkout
from kod_desk.domain.errors import UserError, ValidationError
from kod_desk.domain.roster import RosterShift
from kod_desk.ui.dialogs.assign_dialog import AssignDialog, Candidate
from kod_desk.ui.dialogs.booking_dialog import BookingDialog, bike_choices
from kod_desk.ui.dialogs.suggest_dialog import SuggestDialog
from kod_desk.ui.dialogs.week_confirm_dialog import (
    WeekConfirmDialog,
    copy_lines,
    publish_lines,
    week_title,
)
from kod_desk.ui.messages import show_error
from kod_desk.ui.models.week_model import WeekModel, short_code
from kod_desk.ui.roster_commands import (
    AcceptSuggestionCommand,
    BookBikeCommand,
    CancelBookingCommand,
    CopyWeekCommand,
)
from kod_desk.ui.widgets.week_grid import WeekGrid


def _tr(text: str) -> str:
    return QCoreApplication.translate("RosterPage", text)


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
    _absences: Any
    grid: WeekGrid
    week_model: WeekModel
    week_state: Any
    state_label: Any
    assign: Callable[[str, str], bool]
    show_week: Callable[[Any], None]
    reload: Callable[[], None]
    visible_officers: Callable[[], Any]

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
        dialog.finished.connect(lambda _result: self._dialog_closed())
        self.current_dialog = dialog
        dialog.open()

    # ------------------------------------------------------------ open duties

    def candidates_for(self, shift: RosterShift) -> list[Candidate]:
        """Who could take ``shift``: free officers first, then those with a duty or absence
        that day (the rules still check); its own crew is left out."""
        on_crew = {c.officer_id for c in shift.crew}
        day = shift.duty_date
        busy: dict[str, list[str]] = {}
        for other in self.shifts:
            if other.duty_date != day or other.id == shift.id:
                continue
            for member in other.crew:
                busy.setdefault(member.officer_id, []).append(
                    f"{short_code(other)} {other.kind.short} "
                    f"{self.week_model.area_text(other)}".strip()
                )
        for absence in self._absences:
            if absence.starts_on <= day <= absence.ends_on:
                busy.setdefault(absence.officer_id, []).insert(0, absence.kind.label)
        found = [
            Candidate(o, ", ".join(busy.get(o.id, [])))
            for o in self.visible_officers()
            if o.id not in on_crew
        ]
        return sorted(found, key=lambda c: bool(c.busy))

    def staff_open_duty(self) -> AssignDialog | None:
        """Enter on an open duty: choose who takes it (one undo step per officer)."""
        shift = self.week_model.open_shift_at(self.grid.currentIndex())
        if shift is None or self.services is None:
            return None
        if self.read_only:
            self.run(None)  # says why nothing can be changed
            return None
        dialog = AssignDialog(
            shift,
            self.candidates_for(shift),
            lambda officer_id: self.assign(shift.id, officer_id),
            self._widget(),
        )
        dialog.finished.connect(lambda _result: self._dialog_closed())
        self.current_dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self) -> None:
        self.current_dialog = None
        self.grid.setFocus()

    # ------------------------------------------------------------ publish, copy

    def publish_week(self) -> WeekConfirmDialog | None:
        """Veröffentlichen…: show what will be published (and replaced), then ask."""
        if self.services is None:
            return None
        summary = self.services.roster.week_summary(self.monday)
        reason_needed = ""
        if summary.errors:
            reason_needed = _tr(
                "Die Woche hat {n} Fehler nach Arbeitszeitgesetz/Dienstregeln. Veröffentlichen "
                "nur mit einem Grund."
            ).format(n=summary.errors)
        dialog = WeekConfirmDialog(
            _tr("{week} veröffentlichen?").format(week=week_title(self.monday)),
            publish_lines(summary),
            _tr("&Veröffentlichen"),
            self.publish_now,
            self._widget(),
            reason_needed=reason_needed,
        )
        dialog.finished.connect(lambda _result: self._dialog_closed())
        self.current_dialog = dialog
        dialog.open()
        return dialog

    def publish_now(self, reason: str | None = None) -> bool:
        """Publish the shown week (with rule errors only with a reason)."""
        if self.services is None:
            return False
        try:
            self.services.roster.publish_week(self.monday, reason)
        except (ValidationError, UserError) as error:
            show_error(self._widget(), error, _tr("Veröffentlichen"))
            return False
        self.reload()
        return True

    def copy_week_forward(self) -> WeekConfirmDialog | None:
        """Woche kopieren…: show what comes into the next week (and what is there), then ask."""
        if self.services is None:
            return None
        if self.read_only:
            self.run(None)
            return None
        target = self.monday + timedelta(days=7)
        summary = self.services.roster.copy_summary(self.monday, target)
        if not summary.duties:
            show_error(
                self._widget(),
                UserError(_tr("Diese Woche hat keine Dienste zum Kopieren.")),
                _tr("Woche kopieren"),
            )
            return None
        dialog = WeekConfirmDialog(
            _tr("Woche nach {week} kopieren?").format(week=week_title(target)),
            copy_lines(summary),
            _tr("&Kopieren"),
            lambda _reason: self.copy_now(),
            self._widget(),
        )
        dialog.finished.connect(lambda _result: self._dialog_closed())
        self.current_dialog = dialog
        dialog.open()
        return dialog

    def copy_now(self) -> bool:
        """Copy the shown week into the next (one undo step) and show the next week, saying so."""
        if self.services is None:
            return False
        source = self.monday
        target = source + timedelta(days=7)
        if not self.run(CopyWeekCommand(self.services.roster, self._notify, source, target)):
            return False
        self.show_week(target)
        self.state_label.setText(
            self.state_label.text()
            + _tr(" · kopiert aus KW {week} (Strg+Z nimmt es zurück)").format(
                week=source.isocalendar().week
            )
        )
        return True
