"""The Dienstplan's week-wide flows: the Vorschlag (computed off the GUI thread), staffing an
open duty, publishing and copying a week.

RosterPlanning gets the week shown, the selection, the writer and the dialog host in its
constructor, and the few page controls it changes; the page is reached only through the
RosterScreen protocol (show a week, read it again, the officers after the filters).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from kod_desk.domain.errors import UserError, ValidationError
from kod_desk.domain.roster import RosterShift
from kod_desk.domain.roster_suggest import ProposedAssignment, Suggestion
from kod_desk.ui.background import Background
from kod_desk.ui.dialogs.assign_dialog import AssignDialog, Candidate
from kod_desk.ui.dialogs.suggest_dialog import SuggestDialog
from kod_desk.ui.dialogs.week_confirm_dialog import (
    WeekConfirmDialog,
    copy_lines,
    publish_lines,
    week_title,
)
from kod_desk.ui.messages import show_error
from kod_desk.ui.models.week_model import short_code
from kod_desk.ui.pages.roster_state import translate
from kod_desk.ui.roster_commands import AcceptSuggestionCommand, CopyWeekCommand

if TYPE_CHECKING:
    from kod_desk.domain.masterdata import Officer
    from kod_desk.ui.dialog_host import DialogHost
    from kod_desk.ui.pages.roster_actions import RosterActions
    from kod_desk.ui.pages.roster_state import (
        RosterSelection,
        RosterWeek,
        RosterWriter,
        ServicesSource,
    )


class RosterScreen(Protocol):
    """What the planning flows ask of the page."""

    def show_week(self, monday: date) -> None: ...

    def reload(self) -> None: ...

    def visible_officers(self) -> list[Officer]: ...


class RosterPlanning(QObject):
    """Vorschlag, open duties, Veröffentlichen and Woche kopieren.

    A QObject child of the page so that the suggestion's answer, emitted on the worker
    thread, reaches ``_suggestion_done`` on the GUI thread (the receiver's thread)."""

    def __init__(
        self,
        parent: QWidget,
        screen: RosterScreen,
        services: ServicesSource,
        week: RosterWeek,
        selection: RosterSelection,
        writer: RosterWriter,
        dialogs: DialogHost,
        actions: RosterActions,
        controls: tuple[QPushButton, QLabel],
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._screen = screen
        self._services = services
        self._week = week
        self._selection = selection
        self._writer = writer
        self._dialogs = dialogs
        self._actions = actions
        self._suggest_button, self._state_label = controls
        self.suggester = Background("roster-suggest", self)
        self.suggester.finished.connect(self._suggestion_done)
        self._suggesting = False
        self._suggest_text = self._suggest_button.text()  # with its Alt key
        self._suggest_monday: date | None = None

    # ------------------------------------------------------------ Vorschlag

    def suggest_week(self) -> bool:
        """Compute a suggestion off the GUI thread (CP-SAT may take seconds)."""
        services = self._services()
        if services is None or self._suggesting:
            return False
        self._suggesting = True
        self._suggest_text = self._suggest_button.text()
        self._suggest_button.setEnabled(False)
        self._suggest_button.setText(translate("RosterPage", "Vorschlag wird berechnet …"))
        service = services.roster_suggest
        monday = self._week.monday
        self._suggest_monday = monday
        self.suggester.start(lambda _progress: service.suggest(monday))
        return True

    def _suggestion_done(self, request: int, result: object) -> None:
        if not self.suggester.is_current(request):
            return  # a newer request's answer is the one to show
        self._suggesting = False
        self._suggest_button.setEnabled(True)
        self._suggest_button.setText(self._suggest_text)
        if isinstance(result, UserError):
            message = result.message
        elif isinstance(result, Exception):  # a bug: say so instead of a silent dead button
            message = f"{type(result).__name__}: {result}"
        else:
            assert isinstance(result, Suggestion)
            monday = self._suggest_monday
            if monday is not None and monday != self._week.monday:
                # The user moved on while it was computed: show the week it is for.
                self._screen.show_week(monday)
            self._show_suggestion(result)
            return
        show_error(self._parent, UserError(message), translate("RosterPage", "Vorschlag"))

    def _show_suggestion(self, suggestion: Suggestion) -> None:
        services = self._services()
        if services is None:
            return
        service = services.roster_suggest

        def accept(proposals: list[ProposedAssignment]) -> bool:
            command = AcceptSuggestionCommand(service, self._writer.notify, proposals)
            try:
                command.perform()
            except UserError as error:
                show_error(self._parent, error, translate("RosterPage", "Vorschlag"))
                return False
            self._writer.undo_stack.push(command)
            return True

        dialog = SuggestDialog(
            suggestion, self._week.shifts, self._week.officers, accept, self._parent
        )
        self._dialogs.open(dialog, self._selection.focus_grid)

    # ------------------------------------------------------------ open duties

    def candidates_for(self, shift: RosterShift) -> list[Candidate]:
        """Who could take ``shift``: free officers first, then those with a duty or absence
        that day (the rules still check); its own crew is left out."""
        on_crew = {c.officer_id for c in shift.crew}
        day = shift.duty_date
        busy: dict[str, list[str]] = {}
        for other in self._week.shifts:
            if other.duty_date != day or other.id == shift.id:
                continue
            for member in other.crew:
                busy.setdefault(member.officer_id, []).append(
                    f"{short_code(other)} {other.kind.short} "
                    f"{self._selection.model.area_text(other)}".strip()
                )
        for absence in self._week.absences:
            if absence.starts_on <= day <= absence.ends_on:
                busy.setdefault(absence.officer_id, []).insert(0, absence.kind.label)
        found = [
            Candidate(o, ", ".join(busy.get(o.id, [])))
            for o in self._screen.visible_officers()
            if o.id not in on_crew
        ]
        return sorted(found, key=lambda c: bool(c.busy))

    def staff_open_duty(self) -> AssignDialog | None:
        """Enter on an open duty: choose who takes it (one undo step per officer)."""
        shift = self._selection.open_shift()
        if shift is None or self._services() is None:
            return None
        if not self._writer.writable():  # says why nothing can be changed
            return None
        dialog = AssignDialog(
            shift,
            self.candidates_for(shift),
            lambda officer_id: self._actions.assign(shift.id, officer_id),
            self._parent,
        )
        return self._dialogs.open(dialog, self._selection.focus_grid)

    # ------------------------------------------------------------ publish, copy

    def publish_week(self) -> WeekConfirmDialog | None:
        """Veröffentlichen…: show what will be published (and replaced), then ask."""
        services = self._services()
        if services is None:
            return None
        monday = self._week.monday
        summary = services.roster.week_summary(monday)
        reason_needed = ""
        if summary.errors:
            reason_needed = translate(
                "RosterPage",
                "Die Woche hat {n} Fehler nach Arbeitszeitgesetz/Dienstregeln. Veröffentlichen "
                "nur mit einem Grund.",
            ).format(n=summary.errors)
        dialog = WeekConfirmDialog(
            translate("RosterPage", "{week} veröffentlichen?").format(week=week_title(monday)),
            publish_lines(summary),
            translate("RosterPage", "&Veröffentlichen"),
            self.publish_now,
            self._parent,
            reason_needed=reason_needed,
        )
        return self._dialogs.open(dialog, self._selection.focus_grid)

    def publish_now(self, reason: str | None = None) -> bool:
        """Publish the shown week (with rule errors only with a reason)."""
        services = self._services()
        if services is None:
            return False
        try:
            services.roster.publish_week(self._week.monday, reason)
        except (ValidationError, UserError) as error:
            show_error(self._parent, error, translate("RosterPage", "Veröffentlichen"))
            return False
        self._screen.reload()
        return True

    def copy_week_forward(self) -> WeekConfirmDialog | None:
        """Woche kopieren…: show what comes into the next week (and what is there), then ask."""
        services = self._services()
        if services is None:
            return None
        if not self._writer.writable():
            return None
        monday = self._week.monday
        target = monday + timedelta(days=7)
        summary = services.roster.copy_summary(monday, target)
        if not summary.duties:
            show_error(
                self._parent,
                UserError(translate("RosterPage", "Diese Woche hat keine Dienste zum Kopieren.")),
                translate("RosterPage", "Woche kopieren"),
            )
            return None
        dialog = WeekConfirmDialog(
            translate("RosterPage", "Woche nach {week} kopieren?").format(week=week_title(target)),
            copy_lines(summary),
            translate("RosterPage", "&Kopieren"),
            lambda _reason: self.copy_now(),
            self._parent,
        )
        return self._dialogs.open(dialog, self._selection.focus_grid)

    def copy_now(self) -> bool:
        """Copy the shown week into the next (one undo step) and show the next week, saying so."""
        services = self._services()
        if services is None:
            return False
        source = self._week.monday
        target = source + timedelta(days=7)
        command = CopyWeekCommand(services.roster, self._writer.notify, source, target)
        if not self._writer.run(command):
            return False
        self._screen.show_week(target)
        self._state_label.setText(
            self._state_label.text()
            + translate("RosterPage", " · kopiert aus KW {week} (Strg+Z nimmt es zurück)").format(
                week=source.isocalendar().week
            )
        )
        return True
