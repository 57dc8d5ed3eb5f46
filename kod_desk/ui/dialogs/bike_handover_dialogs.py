"""Handing a bike out and taking it back (check-out and check-in).

Each dialog is a FormDialog: it builds a small frozen draft, hands it to the page's save
callable and stays open with the service's German messages when the write is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QWidget

from kod_desk.domain.bike_rides import implausible_ride
from kod_desk.domain.bikes import Bike, Checkout, km
from kod_desk.domain.errors import FieldProblem, ValidationError
from kod_desk.domain.masterdata import Officer
from kod_desk.domain.timeutil import format_local, utcnow
from kod_desk.ui.dialogs.form import FormDialog
from kod_desk.ui.qt_dates import from_qdatetime, to_qdatetime
from kod_desk.ui.widgets.bike_fields import (
    battery_spin,
    date_time_edit,
    focus_reading,
    km_spin,
    optional_value,
)


@dataclass(frozen=True, slots=True)
class CheckOutDraft:
    """Who takes the bike, when, with which odometer and battery reading."""

    officer_id: str
    at: datetime  # aware UTC
    km: int
    battery: int | None
    bike_id: str = ""  # the bike chosen (the dialog's bike when there was no choice)
    shift_id: str | None = None  # the duty of the booking it fulfils


@dataclass(frozen=True, slots=True)
class CheckInDraft:
    """When the bike came back, its readings and a defect (empty when none)."""

    at: datetime  # aware UTC
    km: int
    battery: int | None
    defect_text: str = ""
    checkout_id: str = ""  # the check-out taken back


class CheckOutDialog(FormDialog[CheckOutDraft]):
    """Hand a bike out: officer (trained ones first), time, km and battery.

    With ``bikes`` (the Übersicht: the free usable bikes) a combo box chooses the bike first.
    ``bookings`` are the bookings due now: the dialog starts on the first one's bike and
    rider, and choosing a booked bike chooses its rider. With ``booked_only`` (an officer)
    only booked bikes and their riders are offered: what the service would refuse is not.
    """

    def __init__(
        self,
        save: Callable[[CheckOutDraft], None],
        bike: Bike,
        officers: Sequence[Officer],
        parent: QWidget | None = None,
        now: datetime | None = None,
        bikes: Sequence[Bike] = (),
        bookings: Sequence[Checkout] = (),
        *,
        booked_only: bool = False,
    ) -> None:
        super().__init__(save, parent)
        self.setObjectName("checkOutDialog")
        self.bike = bike
        self.save_button.setText(self.tr("&Ausgeben"))
        self._bookings = list(bookings)
        booked_bikes = {b.bike_id for b in self._bookings}
        choices = list(bikes) or [bike]
        if booked_only:
            choices = [b for b in choices if b.id in booked_bikes]
        self._bikes = choices
        self._booked_only = booked_only
        self.bike_combo = QComboBox()
        self.bike_combo.setObjectName("bikeCombo")
        for choice in self._bikes:
            kind = self.tr("Pedelec") if choice.is_pedelec else self.tr("Fahrrad")
            text = f"{choice.inventory_no} ({kind})"
            riders = [b.officer_name for b in self._bookings if b.bike_id == choice.id]
            if riders:
                text += self.tr(" – gebucht für {names}").format(names="; ".join(riders))
            self.bike_combo.addItem(text, choice.id)

        self.officer_combo = QComboBox()
        self.officer_combo.setObjectName("officerCombo")
        self._officers = sorted(
            (o for o in officers if o.active),
            key=lambda o: (not o.has_bike_training, o.display_name.casefold()),
        )
        self.at_edit = date_time_edit()
        self.at_edit.setDateTime(to_qdatetime(now or utcnow()))
        self.km_spin = km_spin("kmSpin")
        self.battery_spin = battery_spin(required=bike.is_pedelec)

        if bikes:
            self.form.addRow(self.tr("&Fahrrad:"), self.bike_combo)
        else:
            self.bike_combo.hide()
        self.form.addRow(self.tr("&Dienstkraft:"), self.officer_combo)
        self.form.addRow(self.tr("Ze&it:"), self.at_edit)
        self.form.addRow(self.tr("&km-Stand:"), self.km_spin)
        self.form.addRow(self.tr("Akku&stand:"), self.battery_spin)
        self.setMinimumWidth(480)
        # Start on the named bike, or (the Übersicht) on the first bike booked for now.
        start = bike.id
        if bikes and self._bookings:
            start = next(
                (b.bike_id for b in self._bookings if b.bike_id in {c.id for c in choices}),
                bike.id,
            )
        index = next((i for i, b in enumerate(self._bikes) if b.id == start), 0)
        self.bike_combo.setCurrentIndex(index)
        self._show_bike(index)
        self.bike_combo.currentIndexChanged.connect(self._show_bike)
        if self.booking() is not None:
            # Bike and rider come from the booking: the officer's part starts at the reading.
            focus_reading(self.km_spin)
        elif self.bike_combo.isVisibleTo(self):
            self.bike_combo.setFocus()
        else:
            self.officer_combo.setFocus()

    def _show_bike(self, index: int) -> None:
        """Take the chosen bike's odometer, battery rule and booked rider."""
        if not 0 <= index < len(self._bikes):
            return
        self.bike = self._bikes[index]
        self.setWindowTitle(self.tr("Ausgeben – {name}").format(name=self.bike.name))
        self.km_spin.setValue(self.bike.odometer_km)
        self.battery_spin.setValue(100 if self.bike.is_pedelec else -1)
        self._fill_officers()

    def _fill_officers(self) -> None:
        """The riders booked to the bike first (chosen), then the others (trained first)."""
        booked = [b.officer_id for b in self._bookings if b.bike_id == self.bike.id]
        ordered = sorted(
            self._officers, key=lambda o: booked.index(o.id) if o.id in booked else len(booked)
        )
        if self._booked_only:
            ordered = [o for o in ordered if o.id in booked]
        self.officer_combo.clear()
        for officer in ordered:
            text = f"{officer.display_name} ({officer.service_number})"
            if officer.id in booked:
                text += self.tr(" – gebucht")
            elif not officer.has_bike_training:
                text += self.tr(" – ohne Radstreifen-Schulung")
            self.officer_combo.addItem(text, officer.id)
        self.officer_combo.setCurrentIndex(0 if ordered else -1)

    def booking(self) -> Checkout | None:
        """The booking the chosen bike and rider fulfil, if any."""
        officer_id = self.officer_combo.currentData()
        return next(
            (b for b in self._bookings if b.bike_id == self.bike.id and b.officer_id == officer_id),
            None,
        )

    def build_draft(self) -> CheckOutDraft:
        """The check-out the fields describe."""
        officer_id = self.officer_combo.currentData()
        if not officer_id:
            raise ValidationError(
                FieldProblem("officer_id", self.tr("Bitte eine Dienstkraft wählen."))
            )
        booking = self.booking()
        return CheckOutDraft(
            officer_id=str(officer_id),
            at=from_qdatetime(self.at_edit.dateTime()),
            km=self.km_spin.value(),
            battery=optional_value(self.battery_spin),
            bike_id=self.bike.id,
            shift_id=booking.shift_id if booking is not None else None,
        )

    def field_widgets(self) -> Mapping[str, QWidget]:
        """The fields by the CheckOutDraft attribute they fill (the problems' keys)."""
        return {
            "bike_id": self.bike_combo,
            "officer_id": self.officer_combo,
            "at": self.at_edit,
            "km": self.km_spin,
            "battery": self.battery_spin,
        }


class CheckInDialog(FormDialog[CheckInDraft]):
    """Take a bike back: time, km, battery and an optional defect.

    With ``choices`` (the Übersicht: the bikes out now) a combo box chooses the bike first.
    """

    def __init__(
        self,
        save: Callable[[CheckInDraft], None],
        bike: Bike,
        checkout: Checkout,
        parent: QWidget | None = None,
        now: datetime | None = None,
        choices: Sequence[tuple[Bike, Checkout]] = (),
    ) -> None:
        super().__init__(save, parent)
        self.setObjectName("checkInDialog")
        self.bike = bike
        self.checkout = checkout
        self._now = now
        self._choices = list(choices) or [(bike, checkout)]
        self.save_button.setText(self.tr("&Zurücknehmen"))
        self.bike_combo = QComboBox()
        self.bike_combo.setObjectName("bikeCombo")
        for choice, taken in self._choices:
            self.bike_combo.addItem(f"{choice.inventory_no} – {taken.officer_name}", taken.id)

        self.info_label = QLabel()
        self.info_label.setObjectName("checkoutInfoLabel")
        self.info_label.setWordWrap(True)
        self.at_edit = date_time_edit()
        self.km_spin = km_spin("kmSpin")
        self.battery_spin = battery_spin(required=bike.is_pedelec)
        self.defect_edit = QPlainTextEdit()
        self.defect_edit.setObjectName("defectEdit")
        self.defect_edit.setPlaceholderText(
            self.tr("leer lassen, wenn alles in Ordnung ist – ein Defekt sperrt das Fahrrad")
        )
        self.defect_edit.setTabChangesFocus(True)
        self.defect_edit.setFixedHeight(72)

        if choices:
            self.form.addRow(self.tr("&Fahrrad:"), self.bike_combo)
        else:
            self.bike_combo.hide()
        self.form.addRow(self.info_label)
        self.form.addRow(self.tr("Ze&it:"), self.at_edit)
        self.form.addRow(self.tr("&km-Stand:"), self.km_spin)
        self.form.addRow(self.tr("Akku&stand:"), self.battery_spin)
        self.form.addRow(self.tr("&Defekt:"), self.defect_edit)
        self.setMinimumWidth(480)
        index = next((i for i, (_b, c) in enumerate(self._choices) if c.id == checkout.id), 0)
        self.bike_combo.setCurrentIndex(index)
        self._show_checkout(index)
        self.bike_combo.currentIndexChanged.connect(self._show_checkout)
        # The readings a warning about implausible km was shown for: saving them unchanged
        # again is the confirmation (no nested message loop, Enter twice from the keyboard).
        self._asked: tuple[str, int, datetime] | None = None
        for signal in (
            self.km_spin.valueChanged,
            self.at_edit.dateTimeChanged,
            self.bike_combo.currentIndexChanged,
        ):
            signal.connect(self._readings_changed)
        if len(self._choices) > 1:
            self.bike_combo.setFocus()
        else:  # nothing to choose: the officer's part starts at the reading
            focus_reading(self.km_spin)

    def _readings_changed(self, *_: object) -> None:
        if self._asked is not None:
            self._asked = None
            self.save_button.setText(self.tr("&Zurücknehmen"))

    def _show_checkout(self, index: int) -> None:
        """Show who has the chosen bike since when, and prefill its readings."""
        if not 0 <= index < len(self._choices):
            return
        bike, checkout = self._choices[index]
        self.bike, self.checkout = bike, checkout
        self.setWindowTitle(self.tr("Zurücknehmen – {name}").format(name=bike.name))
        out = ""
        if checkout.out_at is not None:
            out = self.tr(" seit {time}").format(time=format_local(checkout.out_at))
        self.info_label.setText(
            self.tr("Ausgegeben an {name}{since}, {km} km").format(
                name=checkout.officer_name,
                since=out,
                km=km(checkout.km_out if checkout.km_out is not None else bike.odometer_km),
            )
        )
        moment = to_qdatetime(self._now or utcnow())
        if checkout.out_at is not None:  # the same minute would not be after the check-out
            earliest = to_qdatetime(checkout.out_at).addSecs(60)
            moment = max(moment, earliest)
        self.at_edit.setDateTime(moment)
        self.km_spin.setValue(max(bike.odometer_km, checkout.km_out or 0))
        if checkout.battery_out is not None:
            self.battery_spin.setValue(checkout.battery_out)
        else:
            self.battery_spin.setValue(100 if bike.is_pedelec else -1)

    def build_draft(self) -> CheckInDraft:
        """The return the fields describe; implausible km ask once before they are saved."""
        at = from_qdatetime(self.at_edit.dateTime())
        readings = (self.checkout.id, self.km_spin.value(), at)
        warning = implausible_ride(
            self.bike, self.checkout.out_at, at, self.checkout.km_out, self.km_spin.value()
        )
        if warning is not None and readings != self._asked:
            self._asked = readings
            self.save_button.setText(self.tr("&Trotzdem zurücknehmen"))
            raise ValidationError(
                FieldProblem(
                    "km",
                    self.tr(
                        "{warning}\nBitte km-Stand und Zeit prüfen. Stimmen sie, noch einmal "
                        "„Trotzdem zurücknehmen“ (Eingabetaste) wählen."
                    ).format(warning=warning),
                )
            )
        return CheckInDraft(
            at=at,
            km=self.km_spin.value(),
            battery=optional_value(self.battery_spin),
            defect_text=self.defect_edit.toPlainText(),
            checkout_id=self.checkout.id,
        )

    def field_widgets(self) -> Mapping[str, QWidget]:
        """The fields by the CheckInDraft attribute they fill (the problems' keys)."""
        return {
            "checkout_id": self.bike_combo,
            "at": self.at_edit,
            "km": self.km_spin,
            "battery": self.battery_spin,
            "defect_text": self.defect_edit,
        }
