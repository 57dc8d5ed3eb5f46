"""Fahrräder: the bike fleet with check-out, check-in, repairs and retiring.

The page is the controller: it composes the toolbar (ui/widgets/fleet_toolbar.py), the fleet
table (ui/models/fleet_models.py) and the selected bike's logbook and maintenance
(ui/widgets/bike_details.py), decides what each button may do for the selection and the role,
and runs the writes. Every write goes through BikeService; the page publishes the result's
Changes and refreshes from them like every other page. Dialogs open with ``open()`` (no nested
event loop) and stay reachable as ``current_dialog``; refused writes keep the dialog open with
the German message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain.bikes import Availability, ServiceRecord
from kod_desk.domain.changes import Entity
from kod_desk.domain.enums import BikeCondition, Role
from kod_desk.domain.permissions import Permission
from kod_desk.ui.dialog_host import DialogHost
from kod_desk.ui.dialogs.bike_dialog import BikeDialog
from kod_desk.ui.dialogs.bike_handover_dialogs import (
    CheckInDialog,
    CheckInDraft,
    CheckOutDialog,
    CheckOutDraft,
)
from kod_desk.ui.dialogs.bike_service_dialogs import (
    CompleteServiceDialog,
    OpenServiceDialog,
    ServiceDoneDraft,
    ServiceDraft,
    defect_message,
    defect_report,
    rebook_suggested,
)
from kod_desk.ui.messages import show_error
from kod_desk.ui.models.fleet_models import FleetModel
from kod_desk.ui.pages.base import ChangeBus, Page
from kod_desk.ui.widgets.bike_details import BikeDetails
from kod_desk.ui.widgets.data_table import DataTable
from kod_desk.ui.widgets.fleet_toolbar import FleetToolbar

if TYPE_CHECKING:
    from kod_desk.domain.bikes import Bike, BikeDraft, Checkout
    from kod_desk.services.base import Result
    from kod_desk.services.bikes import CheckIn, FleetRow
    from kod_desk.ui.settings import Settings

DraftT = TypeVar("DraftT")


def permit(button: QPushButton, *, allowed: bool, enabled: bool, refusal: str) -> None:
    """Enable ``button`` when the user may and the selection fits; else say who may.

    A button the user may not use stays disabled and its tooltip gives the reason (issue 14);
    its own tooltip comes back when it is allowed again. Kept small so that the general
    role mechanism of the pages can take it over.
    """
    own = button.property("ownToolTip")
    if own is None:
        own = button.toolTip()
        button.setProperty("ownToolTip", own)
    button.setEnabled(allowed and enabled)
    button.setToolTip(str(own) if allowed else refusal)


def keep_headers_readable(table: DataTable) -> None:
    """Widen a column (not the stretching last one) whose header text would be cut off."""
    header = table.horizontalHeader()
    for column in range(header.count() - 1):
        needed = header.sectionSizeFromContents(column).width()
        if table.columnWidth(column) < needed:
            table.setColumnWidth(column, needed)


class FleetPage(Page):
    """Fahrräder: the fleet table and what is done with a bike."""

    key = "bikes"

    def __init__(self, settings: Settings, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(settings, bus, parent)
        self.setObjectName("fleetPage")
        self.setWindowTitle(self.tr("Fahrräder"))
        self.dialogs = DialogHost()
        self.last_message: QMessageBox | None = None
        self._open_records: dict[str, list[ServiceRecord]] = {}
        self._select_id: str | None = None
        # Bookings due for check-out now and bikes out, as far as this user may hand them over.
        self._hand_out: list[Checkout] = []
        self._returnable: set[str] = set()

        self.heading = QLabel(self.tr("Fahrräder"))
        self.heading.setObjectName("pageHeading")
        self.toolbar = FleetToolbar()
        self.new_button = self.toolbar.new_button
        self.edit_button = self.toolbar.edit_button
        self.check_out_button = self.toolbar.check_out_button
        self.check_in_button = self.toolbar.check_in_button
        self.open_service_button = self.toolbar.open_service_button
        self.service_button = self.toolbar.service_button
        self.retire_button = self.toolbar.retire_button
        self.show_retired_check = self.toolbar.show_retired_check
        self.model = FleetModel(self)
        self.table = DataTable(self.model, settings, "bikes/fleet", self)
        self.table.setObjectName("fleetTable")
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        self.proxy = self.table.proxy
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.details = BikeDetails(settings)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("fleetSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.count_label)
        self._connect()
        self._refresh_filter()
        for control in (self.new_button, self.edit_button, self.service_button, self.retire_button):
            self.gate(control, Permission.MANAGE_FLEET)

    def _connect(self) -> None:
        for button, slot in (
            (self.new_button, self.new_bike),
            (self.edit_button, self.edit_selected),
            (self.check_out_button, self.check_out_selected),
            (self.check_in_button, self.check_in_selected),
            (self.open_service_button, self.open_service_selected),
            (self.service_button, self.complete_service_selected),
            (self.retire_button, self.retire_selected),
        ):
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
        self.show_retired_check.toggled.connect(self._refresh_filter)
        self.table.selectionModel().selectionChanged.connect(self.update_actions)
        self.table.selectionModel().selectionChanged.connect(self._load_details)
        self.table.activated_row.connect(lambda _row: self._activated())
        # After the table fitted its columns to the first rows: no header may be cut off.
        self.model.modelReset.connect(
            lambda: QTimer.singleShot(0, lambda: keep_headers_readable(self.table))
        )
        for signal in (self.proxy.modelReset, self.proxy.layoutChanged):
            signal.connect(self.update_actions)

    # ------------------------------------------------------------ Page

    def search_field(self) -> QWidget | None:
        """Override of Page.search_field: the logbook's officer filter."""
        return self.details.officer_filter_edit

    def shows(self) -> tuple[Any, ...]:
        """Override of Page.shows: bikes, the officers they go to and their duties."""
        return (Entity.BIKES, Entity.OFFICERS, Entity.SHIFTS)

    def reload(self) -> None:
        """Override of Page.reload: read the fleet and open service records again."""
        if self.services is None:
            return
        bikes = self.services.bikes
        current = self.selected_row()
        select = self._select_id or (current.bike.id if current is not None else None)
        self._select_id = None
        rows = bikes.fleet()
        records: dict[str, list[ServiceRecord]] = {}
        for record in bikes.service_records():
            if record.is_open:
                records.setdefault(record.bike_id, []).append(record)
        for bike_records in records.values():
            bike_records.sort(key=lambda r: r.reported_at)
        self._open_records = records
        self._hand_out = bikes.bookings_to_hand_out()
        self._returnable = {c.id for c in bikes.returnable()}
        self.model.set_rows(rows)
        if select is not None:
            self.select_bike(select)
        self.update_actions()
        self._load_details()

    # ------------------------------------------------------------ rows

    def rows(self) -> list[FleetRow]:
        return self.model.rows()

    def selected_row(self) -> FleetRow | None:
        row: FleetRow | None = self.table.selected_row()
        return row

    def select_bike(self, bike_id: str) -> bool:
        if self.table.select_where(lambda r: r.bike.id == bike_id):
            return True
        if not self.show_retired_check.isChecked():
            self.show_retired_check.setChecked(True)
            return self.table.select_where(lambda r: r.bike.id == bike_id)
        return False

    def _load_details(self, *_: Any) -> None:
        """Show the selected bike's logbook and maintenance records below the table."""
        row = self.selected_row()
        self.details.show_bike(
            self.services.bikes if self.services is not None else None,
            row.bike.id if row is not None else None,
        )

    def open_record(self, bike_id: str) -> ServiceRecord | None:
        """The oldest open repair or inspection of the bike."""
        records = self._open_records.get(bike_id, [])
        return records[0] if records else None

    def _refresh_filter(self) -> None:
        show_retired = self.show_retired_check.isChecked()
        self.proxy.set_row_filter(
            lambda r: show_retired or r.bike.condition is not BikeCondition.RETIRED
        )
        self.update_actions()

    def is_leader(self) -> bool:
        return self.services is not None and self.services.context.role in (
            Role.SUPERVISOR,
            Role.ADMIN,
        )

    def update_actions(self, *_: Any) -> None:
        row = self.selected_row()
        selected = row is not None
        out = row is not None and row.current is not None
        retired = row is not None and row.bike.condition is BikeCondition.RETIRED
        # The fleet's books are kept by supervisors and administrators (the service refuses
        # others); an officer hands out and takes back the bikes of their own duty and
        # reports defects.
        leader = self.is_leader()
        # The keepers' buttons are gated by role (self.gate in __init__): here only whether
        # they make sense for the selection.
        self.new_button.setEnabled(True)
        self.edit_button.setEnabled(selected)
        booked = row is not None and any(b.bike_id == row.bike.id for b in self._hand_out)
        permit(
            self.check_out_button,
            allowed=leader or not selected or booked,
            enabled=row is not None
            and row.bike.is_usable
            and row.availability is not Availability.OUT,
            refusal=self.tr(
                "Dienstkräfte geben nur das Fahrrad aus, das jetzt für ihren eigenen Dienst "
                "gebucht ist."
            ),
        )
        mine = row is not None and row.current is not None and row.current.id in self._returnable
        permit(
            self.check_in_button,
            allowed=leader or not out or mine,
            enabled=out,
            refusal=self.tr(
                "Dienstkräfte nehmen nur Fahrräder ihres eigenen Dienstes zurück; alle anderen "
                "die Dienstgruppenleitung oder die Administration."
            ),
        )
        # Every officer may report a defect (it locks the bike); inspections are the keepers'.
        if leader:
            self.open_service_button.setText(self.tr("Wartung eintragen…"))
            self.open_service_button.setToolTip(
                self.tr("Fällige Inspektion oder einen Defekt außerhalb der Rücknahme eintragen")
            )
        else:
            self.open_service_button.setText(self.tr("Defekt melden…"))
            self.open_service_button.setToolTip(
                self.tr(
                    "Einen Defekt außerhalb der Rücknahme melden (sperrt das Fahrrad); "
                    "Inspektionen trägt die Dienstgruppenleitung oder die Administration ein."
                )
            )
        self.open_service_button.setEnabled(selected and not retired)
        self.service_button.setEnabled(
            row is not None and self.open_record(row.bike.id) is not None
        )
        self.retire_button.setEnabled(selected and not retired and not out)
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            self.count_label.setText(self.tr("{total} Fahrräder").format(total=total))
        else:
            self.count_label.setText(
                self.tr("{shown} von {total} Fahrrädern angezeigt").format(shown=shown, total=total)
            )

    def _activated(self) -> None:
        """Enter or a double-click on a bike: edit it (who keeps the fleet), else hand it
        out or take it back (an officer)."""
        if self.is_leader():
            self.edit_selected()
        elif self.check_in_button.isEnabled():
            self.check_in_selected()
        elif self.check_out_button.isEnabled():
            self.check_out_selected()

    # ------------------------------------------------------------ actions

    def new_bike(self) -> BikeDialog | None:
        return self._edit_bike(None)

    def edit_selected(self) -> BikeDialog | None:
        row = self.selected_row()
        return None if row is None else self._edit_bike(row.bike)

    def _edit_bike(self, bike: Bike | None) -> BikeDialog | None:
        if self.services is None:
            return None
        service = self.services.bikes

        def write(draft: BikeDraft) -> Result[Bike]:
            if bike is None:
                return service.save_bike(draft)
            return service.save_bike(draft, bike.id, bike.version)

        return self.dialogs.open(BikeDialog(self._saver(write, lambda b: b.id), bike, self))

    def check_out_selected(self) -> CheckOutDialog | None:
        row = self.selected_row()
        if self.services is None or row is None:
            return None
        service = self.services.bikes
        bike = row.bike
        officers = self.services.masterdata.officers(include_inactive=False)

        def write(draft: CheckOutDraft) -> Result[Any]:
            return service.check_out(
                bike.id, draft.officer_id, draft.at, draft.km, draft.battery, draft.shift_id
            )

        dialog = CheckOutDialog(
            self._saver(write, lambda _c: bike.id),
            bike,
            officers,
            self,
            bookings=[b for b in self._hand_out if b.bike_id == bike.id],
            booked_only=not self.is_leader(),
        )
        return self.dialogs.open(dialog)

    def check_in_selected(self) -> CheckInDialog | None:
        row = self.selected_row()
        if self.services is None or row is None or row.current is None:
            return None
        service = self.services.bikes
        bike, checkout = row.bike, row.current

        def write(draft: CheckInDraft) -> Result[CheckIn]:
            return service.check_in(
                checkout.id, draft.at, draft.km, draft.battery, draft.defect_text
            )

        def after(result: CheckIn) -> None:
            if result.repair is not None:
                self.show_defect_report(bike, result)

        save = self._saver(write, lambda _r: bike.id, after)
        return self.dialogs.open(CheckInDialog(save, bike, checkout, self))

    def open_service_selected(self) -> OpenServiceDialog | None:
        row = self.selected_row()
        if self.services is None or row is None:
            return None
        service = self.services.bikes
        bike = row.bike

        def write(draft: ServiceDraft) -> Result[ServiceRecord]:
            return service.open_service(
                bike.id, draft.kind, draft.description, workshop=draft.workshop
            )

        dialog = OpenServiceDialog(
            self._saver(write, lambda _r: bike.id), bike, self, repairs_only=not self.is_leader()
        )
        return self.dialogs.open(dialog)

    def complete_service_selected(self) -> CompleteServiceDialog | None:
        row = self.selected_row()
        if self.services is None or row is None:
            return None
        record = self.open_record(row.bike.id)
        if record is None:
            return None
        service = self.services.bikes
        bike = row.bike

        def write(draft: ServiceDoneDraft) -> Result[ServiceRecord]:
            return service.complete_service(
                record.id, draft.done_on, draft.cost_cents, draft.workshop, draft.odometer
            )

        dialog = CompleteServiceDialog(self._saver(write, lambda _r: bike.id), bike, record, self)
        return self.dialogs.open(dialog)

    def retire_selected(self) -> bool:
        """Ask, then retire the selected bike; True when it was retired."""
        row = self.selected_row()
        if self.services is None or row is None or not self.confirm_retire(row.bike):
            return False
        try:
            result = self.services.bikes.retire_bike(row.bike.id)
        except Exception as error:  # user errors in German, bugs as bugs
            show_error(self, error)
            return False
        self._select_id = row.bike.id
        self.publish(result)
        return True

    def confirm_retire(self, bike: Bike) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Ausmustern"),
            self.tr(
                "{name} ausmustern?\n\nDas Fahrrad wird nicht mehr ausgegeben oder gebucht; "
                "sein Fahrtenbuch und die Wartungen bleiben erhalten."
            ).format(name=bike.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def defect_report(self, bike: Bike, result: CheckIn) -> str:
        """German text: the bike is locked, and which bookings need another bike."""
        return defect_report(bike, result)

    def show_defect_report(self, bike: Bike, result: CheckIn) -> QMessageBox:
        """Tell about the defect without blocking (kept as ``last_message``)."""
        box = defect_message(
            self, bike, result, lambda: self._rebook(result), may_rebook=self.is_leader()
        )
        self.last_message = box
        box.finished.connect(lambda _r: self._message_closed(box))
        return box

    def _rebook(self, result: CheckIn) -> QMessageBox | None:
        """The defect message's *Umbuchen*: the broken bookings to the suggested bikes."""
        if self.services is None:
            return None
        box = rebook_suggested(self, self.services.bikes, result, self.publish)
        if box is not None:
            self.last_message = box
            box.finished.connect(lambda _r: self._message_closed(box))
        return box

    def _message_closed(self, box: QMessageBox) -> None:
        if self.last_message is box:
            self.last_message = None

    # ------------------------------------------------------------ helpers

    @property
    def current_dialog(self) -> QDialog | None:
        """The form open on this page, if any (``dialogs`` hosts it)."""
        return self.dialogs.current

    def _saver(
        self,
        write: Callable[[DraftT], Result[Any]],
        bike_of: Callable[[Any], str],
        then: Callable[[Any], None] | None = None,
    ) -> Callable[[DraftT], None]:
        """The dialog's save callable: write, then select the bike, publish and ``then``."""

        def save(draft: DraftT) -> None:
            result = write(draft)  # a UserError propagates to the dialog, which stays open
            self._select_id = bike_of(result.value)
            self.publish(result)
            if then is not None:
                then(result.value)

        return save
