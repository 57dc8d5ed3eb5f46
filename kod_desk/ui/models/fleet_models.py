"""The tables of the Fahrräder page: the fleet, a bike's logbook and its maintenance records.

The texts keep the translation context of the page they were written for ("FleetPage"), so
the English translation applies unchanged.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from kod_desk.domain.bikes import InspectionState, LogbookRow, ServiceRecord, km
from kod_desk.domain.enums import BikeCondition
from kod_desk.domain.text import german_decimal
from kod_desk.domain.timeutil import format_date, format_local
from kod_desk.ui.models.columns import natural_key, one_line
from kod_desk.ui.models.row_table_model import AnyIndex, Column, RowTableModel

if TYPE_CHECKING:
    from kod_desk.services.bikes import FleetRow

translate = QCoreApplication.translate

CONDITION_COLUMN = 4
INSPECTION_COLUMN = 6
_OVERDUE = QBrush(QColor("#c62828"))
_SOON = QBrush(QColor("#b26a00"))
_MUTED = QBrush(QColor("#7a7f87"))


def euro(cents: int | None) -> str:
    """German money: 1.234,50 €."""
    if cents is None:
        return "—"
    return f"{german_decimal(cents / 100, 2)} €"


def reading(value: int | None, suffix: str = "") -> str:
    """A reading such as a km count or a battery level, "—" when not taken."""
    return "—" if value is None else f"{km(value)}{suffix}"


def from_to(out: int | None, back: int | None, suffix: str = "") -> str:
    """A reading at check-out and at return: "1.601 → 1.624", "88 % → 60 %"."""
    if out is None and back is None:
        return "—"
    if back is None:
        return reading(out, suffix)
    return f"{reading(out, suffix)} → {reading(back, suffix)}"


class FleetModel(RowTableModel["FleetRow"]):
    """Fleet rows; the inspection cell turns red when overdue, retired bikes are grey."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(fleet_columns(), parent=parent)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Override of RowTableModel.data: colour the inspection due and retired bikes."""
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.isValid()
            and index.row() < self.rowCount()
        ):
            row = self.row_at(index.row())
            if row.bike.condition is BikeCondition.RETIRED:
                return _MUTED
            if index.column() == INSPECTION_COLUMN:
                if row.inspection.state is InspectionState.OVERDUE:
                    return _OVERDUE
                if row.inspection.state is InspectionState.SOON:
                    return _SOON
            if index.column() == CONDITION_COLUMN and not row.bike.is_usable:
                return _OVERDUE
            return None
        return super().data(index, role)


def fleet_columns() -> list[Column[FleetRow]]:
    def inspection(row: FleetRow) -> str:
        bike = row.bike
        parts = []
        if bike.next_inspection_on is not None:
            parts.append(f"{bike.next_inspection_on:%d.%m.%Y}")
        if bike.next_inspection_km is not None:
            parts.append(f"{km(bike.next_inspection_km)} km")
        text = " / ".join(parts) or "—"
        if row.inspection.state is InspectionState.OVERDUE:
            return translate("FleetPage", "⚠ {text} (überfällig)").format(text=text)
        return text

    def inspection_key(row: FleetRow) -> Any:
        bike = row.bike
        day = bike.next_inspection_on.isoformat() if bike.next_inspection_on else "9999"
        return (day, bike.next_inspection_km if bike.next_inspection_km is not None else 0)

    pedelec, plain = translate("FleetPage", "Pedelec"), translate("FleetPage", "Fahrrad")
    return [
        Column(
            translate("FleetPage", "Inventar-Nr."),
            lambda r: r.bike.inventory_no,
            sort_key=lambda r: natural_key(r.bike.inventory_no),
            tooltip=lambda r: r.bike.model or r.bike.inventory_no,
        ),
        Column(translate("FleetPage", "Typ"), lambda r: pedelec if r.bike.is_pedelec else plain),
        Column(
            translate("FleetPage", "Reichweite"),
            lambda r: f"{km(r.bike.range_km)} km" if r.bike.range_km is not None else "—",
            sort_key=lambda r: r.bike.range_km if r.bike.range_km is not None else -1,
            align_right=True,
        ),
        Column(
            translate("FleetPage", "km-Stand"),
            lambda r: km(r.bike.odometer_km),
            sort_key=lambda r: r.bike.odometer_km,
            align_right=True,
        ),
        Column(translate("FleetPage", "Zustand"), lambda r: r.bike.condition.label),
        Column(translate("FleetPage", "Verfügbarkeit"), lambda r: r.availability.label),
        Column(
            translate("FleetPage", "nächste Inspektion"),
            inspection,
            sort_key=inspection_key,
            tooltip=lambda r: r.inspection.message or inspection(r),
        ),
        Column(
            translate("FleetPage", "bei"),
            lambda r: r.current.officer_name if r.current is not None else "",
        ),
        Column(
            translate("FleetPage", "Bemerkung"),
            lambda r: one_line(r.bike.note),
            tooltip=lambda r: r.bike.note,
        ),
    ]


def logbook_columns() -> list[Column[LogbookRow]]:
    def who(row: LogbookRow) -> str:
        return f"{row.officer_name} ({row.service_number})"

    def when(moment: datetime | None) -> str:
        return format_local(moment) if moment is not None else "—"

    def stamp(moment: datetime | None) -> float:
        return moment.timestamp() if moment is not None else 0.0

    on_the_road = translate("FleetPage", "unterwegs")
    return [
        Column(translate("FleetPage", "Dienstkraft"), who),
        Column(
            translate("FleetPage", "Ausgabe"),
            lambda r: when(r.out_at),
            sort_key=lambda r: stamp(r.out_at),
        ),
        Column(
            translate("FleetPage", "Rückgabe"),
            lambda r: when(r.in_at) if r.in_at is not None else on_the_road,
            sort_key=lambda r: stamp(r.in_at),
        ),
        # Reading out → back in one column each: the logbook fits a 1280 px window.
        Column(
            translate("FleetPage", "km-Stand"),
            lambda r: from_to(r.km_out, r.km_in),
            sort_key=lambda r: r.km_out or 0,
            align_right=True,
        ),
        Column(
            translate("FleetPage", "gefahren"),
            lambda r: reading(r.km_driven, " km"),
            sort_key=lambda r: r.km_driven or 0,
            align_right=True,
        ),
        Column(
            translate("FleetPage", "Akku"),
            lambda r: from_to(r.battery_out, r.battery_in, " %"),
            sort_key=lambda r: r.battery_out if r.battery_out is not None else -1,
            align_right=True,
        ),
        Column(translate("FleetPage", "Defekt"), lambda r: one_line(r.defect)),
    ]


def service_columns() -> list[Column[ServiceRecord]]:
    open_text = translate("FleetPage", "offen")
    return [
        Column(translate("FleetPage", "Art"), lambda r: r.kind.label),
        Column(
            translate("FleetPage", "gemeldet"),
            lambda r: format_local(r.reported_at),
            sort_key=lambda r: r.reported_at.timestamp(),
        ),
        Column(
            translate("FleetPage", "erledigt"),
            lambda r: format_date(r.done_on) if r.done_on is not None else open_text,
            sort_key=lambda r: r.done_on.toordinal() if r.done_on is not None else 10**9,
        ),
        Column(translate("FleetPage", "Werkstatt"), lambda r: r.workshop),
        Column(
            translate("FleetPage", "Kosten"),
            lambda r: euro(r.cost_cents),
            sort_key=lambda r: r.cost_cents if r.cost_cents is not None else -1,
            align_right=True,
        ),
        Column(
            translate("FleetPage", "km"),
            lambda r: reading(r.odometer_km),
            sort_key=lambda r: r.odometer_km or 0,
            align_right=True,
        ),
        Column(translate("FleetPage", "Beschreibung"), lambda r: one_line(r.description)),
    ]


def ride_order(ride: LogbookRow) -> float:
    """Newest ride first."""
    return -(ride.out_at.timestamp() if ride.out_at is not None else 0.0)
