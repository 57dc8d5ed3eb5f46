"""The fleet's forms: a bike, handing one out, taking it back and closing a repair.

Each dialog is a FormDialog: it builds a small frozen draft, hands it to the page's save
callable and stays open with the service's German messages when the write is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from kod_desk.domain.bike_rides import implausible_ride
from kod_desk.domain.bikes import (
    Bike,
    BikeDraft,
    Checkout,
    Season,
    ServiceRecord,
    km,
)
from kod_desk.domain.enums import BikeServiceKind
from kod_desk.domain.errors import FieldProblem, ValidationError
from kod_desk.domain.masterdata import Officer
from kod_desk.domain.timeutil import format_local, local_today, utcnow
from kod_desk.ui.dialogs.form import GERMAN, FormDialog
from kod_desk.ui.messages import show_error
from kod_desk.ui.qt_dates import from_qdate, from_qdatetime, to_qdate, to_qdatetime

if TYPE_CHECKING:
    from kod_desk.services.base import Result
    from kod_desk.services.bikes import BikeService, CheckIn

MAX_KM = 9_999_999
REBOOK_REFUSED = QT_TRANSLATE_NOOP(
    "FleetPage", "Nur Dienstgruppenleitung und Administration dürfen Fahrräder umbuchen."
)
_SEASON_SPLIT = re.compile(r"\s*[–—-]\s*")


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


@dataclass(frozen=True, slots=True)
class ServiceDoneDraft:
    """The closing data of a repair or inspection."""

    done_on: date
    cost_cents: int | None
    workshop: str
    odometer: int


def _tr(text: str) -> str:
    # The fleet page's context: the texts were written for it and are shared with the Übersicht.
    return QCoreApplication.translate("FleetPage", text)


def defect_report(bike: Bike, result: CheckIn) -> str:
    """German text: the bike is locked, and which bookings need another bike."""
    lines = [_tr("{name} ist als defekt gesperrt.").format(name=bike.name)]
    if not result.broken:
        lines.append(_tr("Keine Buchungen sind betroffen."))
        return "\n".join(lines)
    lines.append(_tr("Diese Buchungen brauchen ein anderes Fahrrad:"))
    for broken in result.broken:
        if broken.suggestion is not None:
            hint = _tr("Vorschlag: {name}").format(name=broken.suggestion.name)
        else:
            hint = _tr("kein freies Fahrrad")
        lines.append(f"– {_who_when(broken.booking)}: {hint}")
    if any(b.suggestion is not None for b in result.broken):
        lines.append(_tr("„Umbuchen“ bucht sie in einem Schritt auf die Vorschläge um."))
    return "\n".join(lines)


def _who_when(booking: Checkout) -> str:
    span = booking.span()
    when = format_local(span[0]) if span is not None else ""
    return f"{booking.officer_name}, {when}" if when else booking.officer_name


def defect_message(
    parent: QWidget,
    bike: Bike,
    result: CheckIn,
    rebook: Callable[[], object] | None = None,
    *,
    may_rebook: bool = True,
) -> QMessageBox:
    """The defect report as a window-modal message box, opened without a nested event loop.

    With ``rebook`` and a suggested bike for a broken booking, an *Umbuchen* button moves the
    bookings in one click (disabled, saying who may, when the user may not book bikes).
    """
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        _tr("Defekt gemeldet"),
        defect_report(bike, result),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("defectReport")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if rebook is not None and any(b.suggestion is not None for b in result.broken):
        button = box.addButton(_tr("&Umbuchen"), QMessageBox.ButtonRole.ActionRole)
        button.setObjectName("rebookButton")
        if may_rebook:
            button.setToolTip(_tr("Die betroffenen Buchungen auf die Vorschläge umbuchen"))
            button.clicked.connect(lambda _checked=False: rebook())
        else:
            button.setEnabled(False)
            button.setToolTip(_tr(str(REBOOK_REFUSED)))
    box.open()
    return box


def rebook_suggested(
    parent: QWidget,
    bikes: BikeService,
    result: CheckIn,
    publish: Callable[[Result[Any]], None],
) -> QMessageBox | None:
    """Re-book every broken booking to its suggested bike in one step; say what was done.

    Returns the message telling what was re-booked (or None when the service refused: the
    German reason is shown instead).
    """
    movable = [b for b in result.broken if b.suggestion is not None]
    try:
        done = bikes.rebook([(b.booking.id, b.suggestion.id) for b in movable if b.suggestion])
    except Exception as error:  # user errors in German, bugs as bugs
        show_error(parent, error)
        return None
    publish(done)
    lines = [_tr("Umgebucht:")]
    for broken, new in zip(movable, done.value, strict=True):
        lines.append(
            _tr("– {who}: {new} statt {old}").format(
                who=_who_when(broken.booking),
                new=f"Fahrrad {new.inventory_no}",
                old=f"Fahrrad {broken.booking.inventory_no}",
            )
        )
    box = QMessageBox(
        QMessageBox.Icon.Information,
        _tr("Umgebucht"),
        "\n".join(lines),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("rebookedReport")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def parse_season(text: str) -> Season | None:
    """ "01.04.–31.10." (also with "-") as a Season; empty text means all year."""
    value = text.strip()
    if not value:
        return None
    parts = _SEASON_SPLIT.split(value)
    if len(parts) != 2 or not all(parts):
        raise ValidationError(
            FieldProblem("season", f"Saison: „{text}“ bitte als „01.04.–31.10.“ angeben.")
        )
    return Season.parse(parts[0], parts[1])


def km_spin(object_name: str, *, optional: bool = False) -> QSpinBox:
    """A km field; an optional one shows "—" at 0 and means "not set"."""
    spin = QSpinBox()
    spin.setObjectName(object_name)
    spin.setLocale(GERMAN)
    spin.setGroupSeparatorShown(True)
    spin.setRange(0, MAX_KM)
    spin.setSuffix(" km")
    spin.setSingleStep(10)
    if optional:
        spin.setSpecialValueText("—")
    return spin


def battery_spin(*, required: bool) -> QSpinBox:
    """Battery in percent; for a bike without motor "—" (-1) means none."""
    spin = QSpinBox()
    spin.setObjectName("batterySpin")
    spin.setRange(-1, 100)
    spin.setSuffix(" %")
    spin.setSpecialValueText("—")
    spin.setValue(100 if required else -1)
    return spin


def focus_reading(spin: QSpinBox) -> None:
    """Start in ``spin`` with its text selected: the typed reading replaces the old one."""
    spin.setFocus()
    spin.selectAll()


def optional_value(spin: QSpinBox) -> int | None:
    return None if spin.value() == spin.minimum() else spin.value()


def date_time_edit() -> QDateTimeEdit:
    edit = QDateTimeEdit()
    edit.setObjectName("atEdit")
    edit.setDisplayFormat("dd.MM.yyyy HH:mm")
    edit.setCalendarPopup(True)
    return edit


class BikeDialog(FormDialog[BikeDraft]):
    """Create or edit a bike: numbers, model, motor, range, odometer, inspection and season."""

    def __init__(
        self,
        save: Callable[[BikeDraft], None],
        bike: Bike | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(save, parent)
        self.setObjectName("bikeDialog")
        self.bike = bike
        if bike is None:
            self.setWindowTitle(self.tr("Neues Fahrrad"))
        else:
            self.setWindowTitle(self.tr("Fahrrad bearbeiten – {name}").format(name=bike.name))
        self._create_fields()
        self._lay_out()
        self.pedelec_check.toggled.connect(self.range_spin.setEnabled)
        self.inspection_check.toggled.connect(self.inspection_date.setEnabled)
        if bike is not None:
            self._fill(bike)
        self.setMinimumWidth(520)
        self.inventory_edit.setFocus()

    def _create_fields(self) -> None:
        self.inventory_edit = QLineEdit()
        self.inventory_edit.setObjectName("inventoryEdit")
        self.inventory_edit.setMaxLength(30)
        self.inventory_edit.setPlaceholderText(self.tr("z. B. R-07"))
        self.frame_edit = QLineEdit()
        self.frame_edit.setObjectName("frameEdit")
        self.frame_edit.setMaxLength(40)
        self.model_edit = QLineEdit()
        self.model_edit.setObjectName("modelEdit")
        self.pedelec_check = QCheckBox(self.tr("Pedelec (mit Motor)"))
        self.pedelec_check.setObjectName("pedelecCheck")
        self.pedelec_check.setChecked(True)
        self.range_spin = km_spin("rangeSpin", optional=True)
        self.range_spin.setRange(0, 300)
        self.odometer_spin = km_spin("odometerSpin")
        self.inspection_check = QCheckBox(self.tr("am"))
        self.inspection_check.setObjectName("inspectionCheck")
        self.inspection_date = QDateEdit()
        self.inspection_date.setObjectName("inspectionDateEdit")
        self.inspection_date.setDisplayFormat("dd.MM.yyyy")
        self.inspection_date.setCalendarPopup(True)
        self.inspection_date.setDate(to_qdate(local_today()).addYears(1))
        self.inspection_date.setEnabled(False)
        self.inspection_km_spin = km_spin("inspectionKmSpin", optional=True)
        self.interval_spin = km_spin("intervalSpin", optional=True)
        self.interval_spin.setRange(0, 50_000)
        self.interval_spin.setSingleStep(500)
        self.season_edit = QLineEdit()
        self.season_edit.setObjectName("seasonEdit")
        self.season_edit.setPlaceholderText(self.tr("ganzjährig, oder z. B. 01.04.–31.10."))
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("noteEdit")

    def _lay_out(self) -> None:
        inspection = QWidget()
        row = QHBoxLayout(inspection)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.inspection_check)
        row.addWidget(self.inspection_date)
        row.addWidget(QLabel(self.tr("oder bei")))
        row.addWidget(self.inspection_km_spin, 1)

        self.form.addRow(self.tr("&Inventar-Nr.:"), self.inventory_edit)
        self.form.addRow(self.tr("&Rahmen-Nr.:"), self.frame_edit)
        self.form.addRow(self.tr("&Modell:"), self.model_edit)
        self.form.addRow("", self.pedelec_check)
        self.form.addRow(self.tr("Reich&weite:"), self.range_spin)
        self.form.addRow(self.tr("&km-Stand:"), self.odometer_spin)
        self.form.addRow(self.tr("Nächste Ins&pektion:"), inspection)
        self.form.addRow(self.tr("Inspektion &alle:"), self.interval_spin)
        self.form.addRow(self.tr("Saiso&n:"), self.season_edit)
        self.form.addRow(self.tr("&Bemerkung:"), self.note_edit)

    def _fill(self, bike: Bike) -> None:
        self.inventory_edit.setText(bike.inventory_no)
        self.frame_edit.setText(bike.frame_no)
        self.model_edit.setText(bike.model)
        self.pedelec_check.setChecked(bike.is_pedelec)
        self.range_spin.setValue(bike.range_km or 0)
        self.odometer_spin.setValue(bike.odometer_km)
        if bike.next_inspection_on is not None:
            self.inspection_check.setChecked(True)
            self.inspection_date.setDate(to_qdate(bike.next_inspection_on))
        self.inspection_km_spin.setValue(bike.next_inspection_km or 0)
        self.interval_spin.setValue(bike.inspection_interval_km or 0)
        self.season_edit.setText(bike.season.label if bike.season else "")
        self.note_edit.setText(bike.note)

    def build_draft(self) -> BikeDraft:
        """The bike the fields describe; an unreadable season is a German error."""
        pedelec = self.pedelec_check.isChecked()
        return BikeDraft(
            inventory_no=self.inventory_edit.text(),
            frame_no=self.frame_edit.text(),
            model=self.model_edit.text(),
            is_pedelec=pedelec,
            range_km=optional_value(self.range_spin) if pedelec else None,
            odometer_km=self.odometer_spin.value(),
            next_inspection_on=(
                from_qdate(self.inspection_date.date())
                if self.inspection_check.isChecked()
                else None
            ),
            next_inspection_km=optional_value(self.inspection_km_spin),
            inspection_interval_km=optional_value(self.interval_spin),
            season=parse_season(self.season_edit.text()),
            note=self.note_edit.text(),
        )

    def field_widgets(self) -> Mapping[str, QWidget]:
        """The fields by the BikeDraft attribute they fill (the problems' keys)."""
        return {
            "inventory_no": self.inventory_edit,
            "frame_no": self.frame_edit,
            "model": self.model_edit,
            "range_km": self.range_spin,
            "odometer_km": self.odometer_spin,
            "next_inspection_on": self.inspection_date,
            "next_inspection_km": self.inspection_km_spin,
            "inspection_interval_km": self.interval_spin,
            "season": self.season_edit,
        }


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


class CompleteServiceDialog(FormDialog[ServiceDoneDraft]):
    """Close an open repair or inspection: date, cost, workshop and odometer."""

    def __init__(
        self,
        save: Callable[[ServiceDoneDraft], None],
        bike: Bike,
        record: ServiceRecord,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(save, parent)
        self.setObjectName("completeServiceDialog")
        self.bike = bike
        self.record = record
        self.setWindowTitle(
            self.tr("{kind} erledigt – {name}").format(kind=record.kind.label, name=bike.name)
        )
        what = record.description or record.kind.label
        self.info_label = QLabel(
            self.tr("{kind} gemeldet am {time}: {what}").format(
                kind=record.kind.label, time=format_local(record.reported_at), what=what
            )
        )
        self.info_label.setObjectName("serviceInfoLabel")
        self.info_label.setWordWrap(True)
        self.done_edit = QDateEdit()
        self.done_edit.setObjectName("doneEdit")
        self.done_edit.setDisplayFormat("dd.MM.yyyy")
        self.done_edit.setCalendarPopup(True)
        self.done_edit.setDate(to_qdate(local_today()))
        self.cost_spin = QDoubleSpinBox()
        self.cost_spin.setObjectName("costSpin")
        self.cost_spin.setLocale(GERMAN)
        self.cost_spin.setRange(-0.01, 99_999.99)
        self.cost_spin.setDecimals(2)
        self.cost_spin.setSpecialValueText("—")
        self.cost_spin.setValue(-0.01)
        self.cost_spin.setSuffix(" €")
        self.workshop_edit = QLineEdit(record.workshop)
        self.workshop_edit.setObjectName("workshopEdit")
        self.km_spin = km_spin("kmSpin")
        self.km_spin.setValue(bike.odometer_km)

        self.form.addRow(self.info_label)
        self.form.addRow(self.tr("&Erledigt am:"), self.done_edit)
        self.form.addRow(self.tr("K&osten:"), self.cost_spin)
        self.form.addRow(self.tr("&Werkstatt:"), self.workshop_edit)
        self.form.addRow(self.tr("&km-Stand:"), self.km_spin)
        self.setMinimumWidth(460)
        self.done_edit.setFocus()

    def build_draft(self) -> ServiceDoneDraft:
        """The closing data the fields describe; cost "—" means unknown."""
        cost = self.cost_spin.value()
        return ServiceDoneDraft(
            done_on=from_qdate(self.done_edit.date()),
            cost_cents=None if cost < 0 else round(cost * 100),
            workshop=self.workshop_edit.text(),
            odometer=self.km_spin.value(),
        )

    def field_widgets(self) -> Mapping[str, QWidget]:
        """The fields by the ServiceDoneDraft attribute they fill (the problems' keys)."""
        return {
            "done_on": self.done_edit,
            "cost_cents": self.cost_spin,
            "workshop": self.workshop_edit,
            "odometer": self.km_spin,
        }


@dataclass(frozen=True, slots=True)
class ServiceDraft:
    kind: BikeServiceKind
    description: str
    workshop: str


class OpenServiceDialog(FormDialog[ServiceDraft]):
    """Record a due inspection or a defect found outside a check-in (a repair locks the bike)."""

    def __init__(
        self,
        save: Callable[[ServiceDraft], None],
        bike: Bike,
        parent: QWidget | None = None,
        *,
        repairs_only: bool = False,
    ) -> None:
        super().__init__(save, parent)
        self.setObjectName("openServiceDialog")
        if repairs_only:  # an officer reports a defect; inspections are the fleet keepers'
            self.setWindowTitle(self.tr("Defekt melden – {name}").format(name=bike.name))
        else:
            self.setWindowTitle(self.tr("Wartung eintragen – {name}").format(name=bike.name))
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("serviceKindCombo")
        for kind in BikeServiceKind:
            if kind is BikeServiceKind.REPAIR or not repairs_only:
                self.kind_combo.addItem(kind.label, kind.value)
        self.description_edit = QLineEdit()
        self.description_edit.setObjectName("serviceDescriptionEdit")
        self.description_edit.setPlaceholderText(
            self.tr("z. B. Jahresinspektion, Bremse vorn schleift")
        )
        self.workshop_edit = QLineEdit()
        self.workshop_edit.setObjectName("serviceWorkshopEdit")
        self.form.addRow(self.tr("&Art:"), self.kind_combo)
        self.form.addRow(self.tr("&Beschreibung:"), self.description_edit)
        self.form.addRow(self.tr("&Werkstatt:"), self.workshop_edit)
        self.setMinimumWidth(440)
        self.kind_combo.setFocus()

    def build_draft(self) -> ServiceDraft:
        """The record the fields describe."""
        return ServiceDraft(
            BikeServiceKind(self.kind_combo.currentData()),
            self.description_edit.text(),
            self.workshop_edit.text(),
        )

    def field_widgets(self) -> Mapping[str, QWidget]:
        """The fields by the ServiceDraft attribute they fill (the problems' keys)."""
        return {
            "kind": self.kind_combo,
            "description": self.description_edit,
            "workshop": self.workshop_edit,
        }
