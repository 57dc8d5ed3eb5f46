"""A bike's repairs and inspections, and what a defect means for its bookings.

``OpenServiceDialog`` records a due inspection or a defect, ``CompleteServiceDialog`` closes
one; ``defect_message`` says which bookings a bike reported defective at its return leaves
without a bike, and ``rebook_suggested`` moves them to the suggested bikes in one step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from kod_desk.domain.bikes import Bike, Checkout, ServiceRecord
from kod_desk.domain.enums import BikeServiceKind
from kod_desk.domain.timeutil import format_local, local_today
from kod_desk.ui.dialogs.form import GERMAN, FormDialog
from kod_desk.ui.messages import show_error
from kod_desk.ui.qt_dates import from_qdate, to_qdate
from kod_desk.ui.widgets.bike_fields import km_spin

if TYPE_CHECKING:
    from kod_desk.services.base import Result
    from kod_desk.services.bikes import BikeService, CheckIn

REBOOK_REFUSED = QT_TRANSLATE_NOOP(
    "FleetPage", "Nur Dienstgruppenleitung und Administration dürfen Fahrräder umbuchen."
)


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
