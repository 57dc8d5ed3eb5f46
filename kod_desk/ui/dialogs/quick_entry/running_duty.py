"""The running duty of the quick entry: area, duty and crew as one line that changes together.

At opening, the acting officer's running duty (or the first one) gives area and crew; another
area takes that area's running duty and crew; another time takes the duty running then,
unless the crew was ticked by hand. ``duty_line`` (domain/quick_entry.py) words the line.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QComboBox, QLabel, QListWidget

from kod_desk.domain.quick_entry import RunningDuty, duty_line, pick_duty
from kod_desk.ui.widgets.check_list import checked_first, checked_ids, set_checked_ids

if TYPE_CHECKING:
    from kod_desk.services.incidents import IncidentService

log = logging.getLogger(__name__)


class RunningDutyLine(QObject):
    """Keeps ``area_combo``, the ticked ``officer_list`` and ``label`` ("dutyLine") in step.

    ``filling`` is True while the crew is ticked from a duty (not by the user's hand).
    """

    def __init__(
        self,
        incidents: IncidentService,
        area_ids: Sequence[str],
        names: Mapping[str, tuple[str, str]],
        area_combo: QComboBox,
        officer_list: QListWidget,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._incidents = incidents
        self._area_ids = set(area_ids)
        self._names = names
        self._area_combo = area_combo
        self._officer_list = officer_list
        self.duties: list[RunningDuty] = []
        self.duty: RunningDuty | None = None
        self.crew_touched = False
        self.filling = False
        self.label = QLabel()
        self.label.setObjectName("dutyLine")
        self.label.setWordWrap(True)
        self.label.setStyleSheet(
            "QLabel { font-weight: 600; background: #eef3fa; padding: 6px; border-radius: 3px; }"
        )
        self.label.setToolTip(
            QCoreApplication.translate(
                "QuickEntryDialog",
                "Gebiet, Dienst und Besatzung: mit Gebiet und Dienstkräfte unten ändern",
            )
        )

    def shift_id(self) -> str | None:
        """The duty the incident belongs to: the running duty of the chosen area, if any."""
        duty = self.duty
        area_id = self._area_combo.currentData()
        return duty.shift_id if duty is not None and duty.area_id == area_id else None

    def stored_shift_id(self) -> str | None:
        """The running duty for the draft file (whatever area is chosen)."""
        return self.duty.shift_id if self.duty is not None else None

    def acting_officer_id(self) -> str | None:
        try:
            return self._incidents.acting_officer_id()
        except Exception:  # defaults are a convenience: never block the entry form
            log.exception("Angemeldete Dienstkraft nicht lesbar")
            return None

    def running_duties(self, at: datetime) -> list[RunningDuty]:
        try:
            return self._incidents.running_duties(at)
        except Exception:  # defaults are a convenience: never block the entry form
            log.exception("Dienste für die Schnellerfassung nicht lesbar")
            return []

    def apply_defaults(self, now: datetime) -> None:
        """At opening: the acting officer's running duty gives area and crew."""
        self.duties = self.running_duties(now)
        duty = pick_duty(self.duties, officer_id=self.acting_officer_id())
        if duty is not None and duty.area_id in self._area_ids:
            self._area_combo.setCurrentIndex(self._area_combo.findData(duty.area_id))
        self.fill_crew(duty)

    def fill_crew(self, duty: RunningDuty | None) -> None:
        """Tick the duty's crew (or the acting officer alone), ticked names on top."""
        self.duty = duty
        if duty is not None:
            crew: Sequence[str] = duty.crew_ids
        else:
            acting = self.acting_officer_id()
            crew = [acting] if acting is not None else []
        was_filling, self.filling = self.filling, True
        set_checked_ids(self._officer_list, crew)
        checked_first(self._officer_list)
        self.filling = was_filling
        self.crew_touched = False
        self.update_line()

    def area_chosen(self) -> None:
        """Another area: that area's running duty and its crew."""
        area_id = self._area_combo.currentData()
        self.fill_crew(pick_duty(self.duties, area_id=area_id, officer_id=self.acting_officer_id()))

    def time_changed(self, moment: datetime) -> None:
        """A new time: the area's duty running then; its crew unless ticked by hand.

        When no duty of the area ran then, the crew stays as it is (nobody is dropped
        silently) and the line says so.
        """
        self.duties = self.running_duties(moment)
        duty = pick_duty(
            self.duties,
            area_id=self._area_combo.currentData(),
            officer_id=self.acting_officer_id(),
        )
        if duty is not None and duty != self.duty and not self.crew_touched:
            self.fill_crew(duty)
            return
        self.duty = duty
        self.update_line()

    def crew_ticked(self) -> None:
        """The user ticked or unticked a name: a new time keeps this crew."""
        self.crew_touched = True
        self.update_line()

    def restore(self, moment: datetime | None, shift_id: object) -> None:
        """A restored draft: the duties running at its time, its duty among them."""
        if moment is not None:
            self.duties = self.running_duties(moment)
        self.duty = next((d for d in self.duties if d.shift_id == shift_id), None)

    def update_line(self) -> None:
        crew = [self._names.get(i, (i, "")) for i in checked_ids(self._officer_list)]
        duty = (
            self.duty
            if self.duty is not None and (self.duty.area_id == self._area_combo.currentData())
            else None
        )
        self.label.setText(duty_line(duty, self._area_combo.currentText(), crew))
