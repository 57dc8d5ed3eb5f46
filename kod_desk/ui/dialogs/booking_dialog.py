"""Book a service bike to an officer on a bike patrol (Radstreife), from the roster.

The dialog lists the fleet for the duty's time: free usable bikes first, then the ones that
are taken, out of season or not usable (they can be chosen; the service then says why not).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableWidget, QTableWidgetItem, QWidget

from kod_desk.domain import bikes as bk
from kod_desk.domain.enums import BikeCondition
from kod_desk.domain.errors import ValidationError
from kod_desk.domain.masterdata import Officer
from kod_desk.domain.roster import RosterShift
from kod_desk.domain.timeutil import to_local
from kod_desk.ui.dialogs.form import FormDialog


@dataclass(frozen=True, slots=True)
class BikeChoice:
    """A bike as the booking dialog lists it for one duty."""

    bike: bk.Bike
    free: bool  # usable, in season and not taken during the duty
    state: str  # e.g. "einsatzbereit · frei" or "defekt"


def bike_choices(
    bikes: Sequence[bk.Bike], active: Sequence[bk.Checkout], shift: RosterShift
) -> list[BikeChoice]:
    """The fleet (without retired bikes) for the duty: free usable bikes first."""
    span = (shift.starts_at, shift.ends_at)
    choices = []
    for bike in bikes:
        if bike.condition is BikeCondition.RETIRED:
            continue
        taken = bk.conflicting(bike.id, span, active)
        in_season = bk.in_season(bike, shift.duty_date)
        if taken:
            availability = f"{taken[0].status.label} an {taken[0].officer_name}"
        elif not in_season:
            availability = "außerhalb der Saison"
        else:
            availability = bk.Availability.FREE.label
        free = bike.is_usable and in_season and not taken
        choices.append(BikeChoice(bike, free, f"{bike.condition.label} · {availability}"))
    choices.sort(key=lambda c: (not c.free, not c.bike.is_usable, c.bike.inventory_no))
    return choices


class BookingDialog(FormDialog[str]):
    """Choose a bike for the officer on the duty; the draft is the bike's id."""

    def __init__(
        self,
        save: Callable[[str], None],
        officer: Officer,
        shift: RosterShift,
        choices: Sequence[BikeChoice],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(save, parent)
        self.setObjectName("bookingDialog")
        self.setWindowTitle(self.tr("Fahrrad buchen"))
        self.save_button.setText(self.tr("Buchen"))
        self.choices = list(choices)
        start, end = to_local(shift.starts_at), to_local(shift.ends_at)
        duty = QLabel(
            f"{shift.kind.label} {shift.area} {start:%d.%m.%Y %H:%M}–{end:%H:%M}".replace("  ", " ")
        )
        duty.setObjectName("bookingDuty")
        self.table = QTableWidget(len(self.choices), 4)
        self.table.setObjectName("bikeTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Inventarnr."), self.tr("Pedelec"), self.tr("Reichweite"), self.tr("Zustand")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, choice in enumerate(self.choices):
            bike = choice.bike
            cells = (
                bike.inventory_no,
                self.tr("ja") if bike.is_pedelec else self.tr("nein"),
                f"{bk.km(bike.range_km)} km" if bike.range_km else "—",
                choice.state,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not choice.free:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        # As wide as its columns (the state can be a long booking text), up to a laptop screen.
        needed = (
            self.table.horizontalHeader().length()
            + 2 * self.table.frameWidth()
            + self.table.verticalScrollBar().sizeHint().width()
        )
        self.table.setMinimumWidth(min(needed, 1000))
        self.table.horizontalHeader().setStretchLastSection(True)
        if any(c.free for c in self.choices):
            self.table.selectRow(0)
        self.table.doubleClicked.connect(lambda _index: self.try_save())
        self.form.addRow(self.tr("Dienstkraft:"), QLabel(officer.display_name))
        self.form.addRow(self.tr("Dienst:"), duty)
        self.form.addRow(self.table)
        self.resize(560, 360)

    def select_bike(self, inventory_no: str) -> bool:
        """Select the row of the bike with this inventory number."""
        for row, choice in enumerate(self.choices):
            if choice.bike.inventory_no == inventory_no:
                self.table.selectRow(row)
                return True
        return False

    def build_draft(self) -> str:
        """Override of FormDialog.build_draft: the chosen bike's id."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            raise ValidationError(self.tr("Bitte ein Fahrrad wählen."))
        return self.choices[rows[0].row()].bike.id
