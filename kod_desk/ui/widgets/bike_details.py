"""The lower panel of the Fahrräder page: the selected bike's logbook and maintenance records.

It reads what it shows from the bike service itself (the page tells it which bike); the texts
keep the translation context of the page ("FleetPage"), so the English translation applies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain.bikes import LogbookRow, ServiceRecord
from kod_desk.ui.models.fleet_models import logbook_columns, ride_order, service_columns
from kod_desk.ui.models.row_table_model import RowTableModel
from kod_desk.ui.qt_dates import from_qdate, today_qdate
from kod_desk.ui.widgets.data_table import DataTable

if TYPE_CHECKING:
    from kod_desk.services.bikes import BikeService
    from kod_desk.ui.settings import Settings

translate = QCoreApplication.translate

LOGBOOK_DAYS = 90


def _date_edit(name: str, day: QDate) -> QDateEdit:
    edit = QDateEdit(day)
    edit.setObjectName(name)
    edit.setDisplayFormat("dd.MM.yyyy")
    edit.setCalendarPopup(True)
    return edit


class BikeDetails(QTabWidget):
    """Fahrtenbuch (rides in a date range, filtered by officer) and Wartung of one bike."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bikeDetailTabs")
        self._bikes: BikeService | None = None
        self._bike_id: str | None = None
        self.addTab(self._create_logbook(settings), translate("FleetPage", "Fahrtenbuch"))
        self.addTab(self._create_services(settings), translate("FleetPage", "Wartung"))
        self.from_edit.dateChanged.connect(self._load_logbook)
        self.to_edit.dateChanged.connect(self._load_logbook)
        self.officer_filter_edit.textChanged.connect(self._filter_logbook)

    def _create_logbook(self, settings: Settings) -> QWidget:
        today = today_qdate()
        self.from_edit = _date_edit("logbookFromEdit", today.addDays(-LOGBOOK_DAYS))
        self.to_edit = _date_edit("logbookToEdit", today)
        self.officer_filter_edit = QLineEdit()
        self.officer_filter_edit.setObjectName("logbookOfficerEdit")
        self.officer_filter_edit.setPlaceholderText(
            translate("FleetPage", "Name oder Dienstnummer")
        )
        self.officer_filter_edit.setClearButtonEnabled(True)
        self.officer_filter_edit.setMinimumWidth(220)
        self.logbook_count = QLabel()
        self.logbook_count.setObjectName("logbookCount")
        filters = QHBoxLayout()
        for text, widget in (
            (translate("FleetPage", "&Von:"), self.from_edit),
            (translate("FleetPage", "&Bis:"), self.to_edit),
            (translate("FleetPage", "Dienst&kraft:"), self.officer_filter_edit),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.logbook_count)
        self.logbook_model: RowTableModel[LogbookRow] = RowTableModel(
            logbook_columns(), emphasized=lambda r: bool(r.defect), parent=self
        )
        self.logbook_table = DataTable(self.logbook_model, settings, "bikes/logbook")
        self.logbook_table.setObjectName("logbookTable")
        logbook = QWidget()
        logbook_layout = QVBoxLayout(logbook)
        logbook_layout.addLayout(filters)
        logbook_layout.addWidget(self.logbook_table, 1)
        return logbook

    def _create_services(self, settings: Settings) -> DataTable:
        self.service_model: RowTableModel[ServiceRecord] = RowTableModel(
            service_columns(), emphasized=lambda r: r.is_open, parent=self
        )
        self.service_table = DataTable(self.service_model, settings, "bikes/services")
        self.service_table.setObjectName("serviceTable")
        # The tab is hidden when the rows first arrive: size the short columns by their content.
        header = self.service_table.horizontalHeader()
        for column in (0, 1, 2, 4, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.service_table.setColumnWidth(3, 180)
        return self.service_table

    def show_bike(self, bikes: BikeService | None, bike_id: str | None) -> None:
        """Fill both tabs for the bike ``bike_id`` (empty without a bike or a service)."""
        self._bikes, self._bike_id = bikes, bike_id
        self._load_logbook()
        if bikes is None or bike_id is None:
            self.service_model.set_rows([])
            return
        records = bikes.service_records(bike_id)
        # Open ones first (oldest first: they have waited longest), then the newest done.
        open_records = sorted((r for r in records if r.is_open), key=lambda r: r.reported_at)
        done = sorted(
            (r for r in records if not r.is_open), key=lambda r: r.reported_at, reverse=True
        )
        self.service_model.set_rows([*open_records, *done])

    def _load_logbook(self, *_: Any) -> None:
        if self._bikes is None or self._bike_id is None:
            self.logbook_model.set_rows([])
        else:
            first, last = from_qdate(self.from_edit.date()), from_qdate(self.to_edit.date())
            rides = self._bikes.logbook(self._bike_id, first, last) if first <= last else []
            self.logbook_model.set_rows(sorted(rides, key=ride_order))
        self._filter_logbook()

    def _filter_logbook(self, *_: Any) -> None:
        words = self.officer_filter_edit.text().casefold().split()

        def wanted(ride: LogbookRow) -> bool:
            who = f"{ride.officer_name} {ride.service_number}".casefold()
            return all(word in who for word in words)

        self.logbook_table.proxy.set_row_filter(wanted)
        shown, total = self.logbook_table.proxy.rowCount(), self.logbook_model.rowCount()
        if shown == total:
            self.logbook_count.setText(
                translate("FleetPage", "{total} Fahrten").format(total=total)
            )
        else:
            self.logbook_count.setText(
                translate("FleetPage", "{shown} von {total} Fahrten").format(
                    shown=shown, total=total
                )
            )
