"""Übersicht: who is on duty now and today, bikes, open incidents, overdue orders, warnings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain.changes import Entity
from kod_desk.domain.timeutil import to_local
from kod_desk.ui.dialog_host import DialogHost
from kod_desk.ui.models.row_table_model import AnyIndex, Column, RowTableModel
from kod_desk.ui.pages.base import ChangeBus, Page
from kod_desk.ui.widgets.data_table import DataTable

if TYPE_CHECKING:
    # The bike dialogs and rules load when first used: the start page must show fast.
    from kod_desk.domain.bikes import Checkout
    from kod_desk.domain.dashboard import BikeOutRow, CaseDueRow, Dashboard, DutyRow
    from kod_desk.services.base import Result
    from kod_desk.services.bikes import CheckIn
    from kod_desk.ui.dialogs.bike_handover_dialogs import (
        CheckInDialog,
        CheckInDraft,
        CheckOutDialog,
        CheckOutDraft,
    )
    from kod_desk.ui.settings import Settings

WEEKDAYS = (
    QT_TRANSLATE_NOOP("OverviewPage", "Montag"),
    QT_TRANSLATE_NOOP("OverviewPage", "Dienstag"),
    QT_TRANSLATE_NOOP("OverviewPage", "Mittwoch"),
    QT_TRANSLATE_NOOP("OverviewPage", "Donnerstag"),
    QT_TRANSLATE_NOOP("OverviewPage", "Freitag"),
    QT_TRANSLATE_NOOP("OverviewPage", "Samstag"),
    QT_TRANSLATE_NOOP("OverviewPage", "Sonntag"),
)
REFRESH_MS = 60_000
DUE_BACK_COLUMN = 3
_OVERDUE = QBrush(QColor("#c62828"))


def _times(duty: DutyRow) -> str:
    start, end = to_local(duty.starts_at), to_local(duty.ends_at)
    suffix = "" if start.date() == end.date() else " (+1)"
    return f"{start:%H:%M}–{end:%H:%M}{suffix}"


def _crew(duty: DutyRow) -> str:
    if not duty.crew:
        return QCoreApplication.translate("OverviewPage", "niemand eingeteilt")
    return "; ".join(f"{m.name}{' (SF)' if m.is_lead else ''}" for m in duty.crew)


def duty_columns(status: Any) -> list[Column[DutyRow]]:
    return [
        Column(QCoreApplication.translate("OverviewPage", "Status"), status),
        Column(
            QCoreApplication.translate("OverviewPage", "Zeit"),
            _times,
            sort_key=lambda d: d.starts_at.timestamp(),
        ),
        Column(QCoreApplication.translate("OverviewPage", "Art"), lambda d: d.kind.label),
        Column(QCoreApplication.translate("OverviewPage", "Gebiet"), lambda d: d.area or "—"),
        Column(
            QCoreApplication.translate("OverviewPage", "Ist/Soll"),
            lambda d: f"{len(d.crew)}/{d.min_staff}",
            sort_key=lambda d: len(d.crew) - d.min_staff,
            align_right=True,
        ),
        Column(QCoreApplication.translate("OverviewPage", "Besatzung"), _crew, tooltip=_crew),
    ]


class BikesOutModel(RowTableModel["BikeOutRow"]):
    """Bikes out now; a return that is overdue shows its row in red."""

    def __init__(self, columns: list[Column[BikeOutRow]], page: OverviewPage) -> None:
        super().__init__(columns, parent=page)
        self._page = page

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Override of RowTableModel.data: overdue returns in red."""
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.isValid()
            and index.row() < self.rowCount()
            and self._page.is_overdue(self.row_at(index.row()))
        ):
            return _OVERDUE
        return super().data(index, role)


class Tile(QFrame):
    """A figure with a caption; red when it needs attention."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        self.value = QLabel("–")
        self.value.setObjectName("tileValue")
        self.caption = QLabel(caption)
        self.caption.setObjectName("tileCaption")
        self.caption.setWordWrap(True)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def set_value(self, value: int, *, alert: bool = False, detail: str = "") -> None:
        self.value.setText(str(value))
        self.setProperty("alert", alert)
        self.setToolTip(detail)
        self.style().unpolish(self)
        self.style().polish(self)


class OverviewPage(Page):
    key = "overview"

    def __init__(self, settings: Settings, bus: ChangeBus, parent: Any = None) -> None:
        super().__init__(settings, bus, parent)
        self.setWindowTitle(self.tr("Übersicht"))
        self.dashboard: Dashboard | None = None
        self.dialogs = DialogHost()
        self.last_message: QMessageBox | None = None
        layout = QVBoxLayout(self)

        head = QHBoxLayout()
        self.heading = QLabel(self.tr("Übersicht"))
        self.heading.setObjectName("pageHeading")
        self.refresh_button = QPushButton(self.tr("Aktualisieren"))
        self.refresh_button.setShortcut("F5")
        self.refresh_button.setToolTip(self.tr("Neu laden (F5)"))
        head.addWidget(self.heading, 1)
        head.addWidget(self.refresh_button)
        layout.addLayout(head)

        self.empty_note = QLabel(
            self.tr(
                "Diese Datenbank enthält noch keine Dienstkräfte. Unter <b>Stammdaten</b> "
                "lassen sie sich anlegen, oder die Personalliste wird mit "
                "<code>kod-desk officers import DATEI.csv</code> eingelesen."
            )
        )
        self.empty_note.setObjectName("infoBanner")
        self.empty_note.setWordWrap(True)
        self.empty_note.hide()
        layout.addWidget(self.empty_note)

        self.warnings = QLabel()
        self.warnings.setObjectName("warningBox")
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.RichText)
        self.warnings.hide()
        layout.addWidget(self.warnings)

        tiles = QHBoxLayout()
        self.tile_now = Tile(self.tr("Dienstkräfte jetzt im Dienst"))
        self.tile_incidents = Tile(self.tr("offene Vorkommnisse"))
        self.tile_bikes_out = Tile(self.tr("Fahrräder ausgegeben"))
        self.tile_bikes_broken = Tile(self.tr("Fahrräder nicht einsatzbereit"))
        self.tile_cases = Tile(self.tr("Ermittlungsaufträge überfällig"))
        for tile in (
            self.tile_now,
            self.tile_incidents,
            self.tile_bikes_out,
            self.tile_bikes_broken,
            self.tile_cases,
        ):
            tiles.addWidget(tile)
        layout.addLayout(tiles)

        layout.addLayout(self._build_tables(settings), 1)

        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._tick)
        self.refresh_button.clicked.connect(self.reload)

    def _build_tables(self, settings: Settings) -> QGridLayout:
        grid = QGridLayout()
        self.today_model: RowTableModel[DutyRow] = RowTableModel(
            duty_columns(self._status),
            muted=self._is_over,
            emphasized=self._is_running,
            parent=self,
        )
        self.today_table = DataTable(self.today_model, settings, "overview/today")
        self.bikes_model = BikesOutModel(
            [
                Column(self.tr("Fahrrad"), lambda b: b.inventory_no),
                Column(self.tr("Dienstkraft"), lambda b: b.officer),
                Column(
                    self.tr("seit"),
                    lambda b: f"{to_local(b.out_at):%d.%m. %H:%M}" if b.out_at else "—",
                    sort_key=lambda b: b.out_at.timestamp() if b.out_at else 0.0,
                ),
                Column(self.tr("zurück bis"), self._due_back, sort_key=self._due_key),
            ],
            self,
        )
        self.bikes_table = DataTable(self.bikes_model, settings, "overview/bikes")
        self.bikes_table.setObjectName("bikesOutTable")
        self.bikes_table.activated_row.connect(lambda _row: self.check_in_bike())
        self.cases_model: RowTableModel[CaseDueRow] = RowTableModel(
            [
                Column(
                    self.tr("fällig"),
                    lambda c: f"{c.due_on:%d.%m.%Y}",
                    sort_key=lambda c: c.due_on.toordinal(),
                ),
                Column(self.tr("Aktenzeichen"), lambda c: c.reference),
                Column(self.tr("Stelle"), lambda c: c.department),
                Column(self.tr("Gegenstand"), lambda c: c.subject),
                Column(self.tr("Bearbeitung"), lambda c: c.officer),
            ],
            parent=self,
        )
        self.cases_table = DataTable(self.cases_model, settings, "overview/cases")
        self.cases_table.setToolTip(self.tr("Doppelklick oder Eingabetaste öffnet den Auftrag"))
        self.cases_table.activated_row.connect(
            lambda row: self.bus.navigate.emit("cases", row.case_id)
        )
        self.bikes_broken = QLabel()
        self.bikes_broken.setObjectName("bikesBroken")
        self.bikes_broken.setWordWrap(True)
        self.inspections_label = QLabel()
        self.inspections_label.setObjectName("inspectionsDue")
        self.inspections_label.setWordWrap(True)
        self.inspections_label.setTextFormat(Qt.TextFormat.RichText)
        self.check_out_button = QPushButton(self.tr("&Ausgeben…"))
        self.check_out_button.setObjectName("overviewCheckOutButton")
        self.check_out_button.setToolTip(self.tr("Freies Fahrrad an eine Dienstkraft ausgeben"))
        self.check_out_button.clicked.connect(lambda _checked=False: self.check_out_bike())
        self.check_in_button = QPushButton(self.tr("&Zurücknehmen…"))
        self.check_in_button.setObjectName("overviewCheckInButton")
        self.check_in_button.setToolTip(
            self.tr("Ausgegebenes Fahrrad zurücknehmen, Defekte melden (Eingabetaste in der Liste)")
        )
        self.check_in_button.clicked.connect(lambda _checked=False: self.check_in_bike())
        self.check_in_button.setEnabled(False)

        self.shift_report_button = QPushButton(self.tr("&Schichtbericht"))
        self.shift_report_button.setObjectName("overviewShiftReport")
        self.shift_report_button.setToolTip(
            self.tr("Schichtbericht des markierten Dienstes (Doppelklick oder Eingabetaste)")
        )
        self.shift_report_button.clicked.connect(lambda _checked=False: self.open_shift_report())
        self.today_table.activated_row.connect(lambda _row: self.open_shift_report())
        grid.addWidget(
            self._section(self.tr("Dienste heute"), self.today_table, [self.shift_report_button]),
            0,
            0,
            1,
            2,
        )
        bikes_box = QWidget()
        bikes_layout = QVBoxLayout(bikes_box)
        bikes_layout.setContentsMargins(0, 0, 0, 0)
        bikes_layout.addWidget(self.bikes_table, 1)
        bikes_layout.addWidget(self.bikes_broken)
        bikes_layout.addWidget(self.inspections_label)
        grid.addWidget(
            self._section(
                self.tr("Fahrräder unterwegs"),
                bikes_box,
                [self.check_out_button, self.check_in_button],
            ),
            1,
            0,
        )
        grid.addWidget(
            self._section(self.tr("Überfällige Ermittlungsaufträge"), self.cases_table), 1, 1
        )
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        return grid

    def _section(
        self, title: str, body: QWidget, buttons: list[QPushButton] | None = None
    ) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 6, 0, 0)
        label = QLabel(title)
        label.setObjectName("sectionHeading")
        head = QHBoxLayout()
        head.addWidget(label, 1)
        for button in buttons or []:
            head.addWidget(button)
        layout.addLayout(head)
        layout.addWidget(body, 1)
        return box

    def open_shift_report(self) -> bool:
        """The marked duty's Schichtbericht on the Berichte page; False when none is marked."""
        duty = self.today_table.selected_row()
        if duty is None:
            return False
        self.bus.navigate.emit("reports", f"shift:{duty.shift_id}")
        return True

    def is_overdue(self, row: BikeOutRow) -> bool:
        return self.dashboard is not None and row.is_overdue(self.dashboard.as_of)

    def _due_back(self, row: BikeOutRow) -> str:
        if row.due_back is None:
            return "—"
        text = f"{to_local(row.due_back):%d.%m. %H:%M}"
        return self.tr("⚠ {time} (überfällig)").format(time=text) if self.is_overdue(row) else text

    def _due_key(self, row: BikeOutRow) -> float:
        return row.due_back.timestamp() if row.due_back is not None else float("inf")

    def _is_over(self, duty: DutyRow) -> bool:
        return self.dashboard is not None and duty.ends_at <= self.dashboard.as_of

    def _is_running(self, duty: DutyRow) -> bool:
        board = self.dashboard
        return board is not None and duty.starts_at <= board.as_of < duty.ends_at

    def _status(self, duty: DutyRow) -> str:
        if self._is_running(duty):
            return self.tr("im Dienst")
        if self._is_over(duty):
            return self.tr("beendet")
        return self.tr("geplant")

    def shows(self) -> tuple[Any, ...]:
        return (
            Entity.OFFICERS,
            Entity.AREAS,
            Entity.SHIFTS,
            Entity.ABSENCES,
            Entity.BIKES,
            Entity.INCIDENTS,
            Entity.CASES,
        )

    def _tick(self) -> None:
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        """Override of Page.reload: read a fresh snapshot and show it."""
        if self.services is None:
            return
        self.show_dashboard(self.services.dashboard.snapshot())
        if not self._timer.isActive():
            self._timer.start()

    def show_dashboard(self, board: Dashboard) -> None:
        self.dashboard = board
        local = to_local(board.as_of)
        self.heading.setText(
            self.tr("Übersicht – {weekday}, {date}, Stand {time}").format(
                weekday=QCoreApplication.translate(
                    "OverviewPage", str(WEEKDAYS[board.today.weekday()])
                ),
                date=f"{board.today:%d.%m.%Y}",
                time=f"{local:%H:%M}",
            )
        )
        self.empty_note.setVisible(board.is_empty)
        if board.warnings:
            items = "".join(
                f"<li style='color:{'#b00020' if w.severity == 'error' else '#8a5300'}'>"
                f"{_escape(w.text)}</li>"
                for w in board.warnings
            )
            self.warnings.setText(f"<b>{self.tr('Hinweise')}</b><ul>{items}</ul>")
            self.warnings.show()
        else:
            self.warnings.hide()
        on_duty = sum(len(d.crew) for d in board.on_duty_now)
        self.tile_now.set_value(on_duty)
        self.tile_incidents.set_value(
            board.open_incidents,
            detail=self.tr("{n} in den letzten 24 Stunden gemeldet").format(
                n=board.incidents_last_24h
            ),
        )
        self.tile_bikes_out.set_value(len(board.bikes_out))
        self.tile_bikes_broken.set_value(
            len(board.bikes_unusable), alert=bool(board.bikes_unusable)
        )
        self.tile_cases.set_value(len(board.overdue_cases), alert=bool(board.overdue_cases))
        # Today's duties plus a night duty of yesterday that is still running.
        today_ids = {d.shift_id for d in board.today_duties}
        carried = [d for d in board.on_duty_now if d.shift_id not in today_ids]
        self.today_model.set_rows(
            sorted([*carried, *board.today_duties], key=lambda d: d.starts_at)
        )
        self.bikes_model.set_rows(board.bikes_out)
        self.cases_model.set_rows(board.overdue_cases)
        self.check_in_button.setEnabled(bool(board.bikes_out))
        self._show_inspections(board)
        if board.bikes_unusable:
            self.bikes_broken.setText(
                self.tr("Nicht einsatzbereit: {bikes}").format(
                    bikes=", ".join(
                        f"{b.inventory_no} ({b.condition.label})" for b in board.bikes_unusable
                    )
                )
            )
        else:
            self.bikes_broken.setText(self.tr("Alle Fahrräder einsatzbereit."))

    def _show_inspections(self, board: Dashboard) -> None:
        from kod_desk.domain.bikes import InspectionState

        if not board.inspections_due:
            self.inspections_label.setText(self.tr("Keine Inspektion in den nächsten 14 Tagen."))
            self.inspections_label.setToolTip("")
            return
        parts = []
        for row in board.inspections_due:
            if row.state is InspectionState.OVERDUE:
                parts.append(
                    "<span style='color:#c62828'>"
                    + _escape(self.tr("{bike} überfällig").format(bike=row.inventory_no))
                    + "</span>"
                )
            elif row.due_on is not None:
                parts.append(
                    _escape(
                        self.tr("{bike} am {date}").format(
                            bike=row.inventory_no, date=f"{row.due_on:%d.%m.}"
                        )
                    )
                )
            else:
                parts.append(_escape(row.inventory_no))
        self.inspections_label.setText(
            _escape(self.tr("Inspektion fällig (14 Tage): ")) + ", ".join(parts)
        )
        self.inspections_label.setToolTip("\n".join(r.message for r in board.inspections_due))

    # ------------------------------------------------------------ check-out and check-in

    def check_out_bike(self) -> CheckOutDialog | None:
        """Hand out a bike (Alt+A): the dialog starts on the bike and crew booked for now.

        Supervisors and administrators choose among the free usable bikes; an officer among
        the bikes booked to their own duty (what the service lets them hand out).
        """
        from kod_desk.domain.bikes import Availability
        from kod_desk.ui.dialogs.bike_handover_dialogs import CheckOutDialog

        if self.services is None:
            return None
        services = self.services
        bookings = services.bikes.bookings_to_hand_out()
        free = [
            r.bike
            for r in services.bikes.fleet()
            if r.bike.is_usable and r.availability is not Availability.OUT
        ]
        keeper = services.bikes.may_keep_fleet()
        if not keeper:
            booked = {b.bike_id for b in bookings}
            free = [bike for bike in free if bike.id in booked]
        if not free:
            self._inform(
                self.tr("Kein einsatzbereites Fahrrad ist frei.")
                if keeper
                else self.tr(
                    "Für Ihren Dienst ist jetzt kein einsatzbereites Fahrrad gebucht. Andere "
                    "Fahrräder gibt die Dienstgruppenleitung oder die Administration aus."
                )
            )
            return None
        officers = services.masterdata.officers(include_inactive=False)

        def save(draft: CheckOutDraft) -> None:
            self._write(
                services.bikes.check_out(
                    draft.bike_id,
                    draft.officer_id,
                    draft.at,
                    draft.km,
                    draft.battery,
                    draft.shift_id,
                )
            )

        dialog = CheckOutDialog(
            save, free[0], officers, self, bikes=free, bookings=bookings, booked_only=not keeper
        )
        return self.dialogs.open(dialog)

    def check_in_bike(self) -> CheckInDialog | None:
        """Take back a bike out now (Alt+Z); the selected one is preselected.

        An officer chooses among the bikes of their own duty.
        """
        from kod_desk.ui.dialogs.bike_handover_dialogs import CheckInDialog
        from kod_desk.ui.dialogs.bike_service_dialogs import defect_message

        if self.services is None:
            return None
        services = self.services
        bikes = {b.id: b for b in services.bikes.list_bikes()}
        out: list[Checkout] = sorted(services.bikes.returnable(), key=lambda c: c.inventory_no)
        choices = [(bikes[c.bike_id], c) for c in out if c.bike_id in bikes]
        if not choices:
            self._inform(
                self.tr("Es ist kein Fahrrad ausgegeben.")
                if services.bikes.may_keep_fleet()
                else self.tr("Kein Fahrrad Ihres Dienstes ist ausgegeben.")
            )
            return None
        selected: BikeOutRow | None = self.bikes_table.selected_row()
        me = services.context.officer_id
        first = next(
            (pair for pair in choices if selected and pair[1].id == selected.checkout_id),
            next((pair for pair in choices if pair[1].officer_id == me), choices[0]),
        )

        def save(draft: CheckInDraft) -> None:
            result: Result[CheckIn] = services.bikes.check_in(
                draft.checkout_id, draft.at, draft.km, draft.battery, draft.defect_text
            )
            self._write(result)
            if result.value.repair is not None:
                bike = bikes[result.value.checkout.bike_id]
                self.last_message = defect_message(
                    self,
                    bike,
                    result.value,
                    lambda: self._rebook(result.value),
                    may_rebook=services.bikes.may_keep_fleet(),
                )

        return self.dialogs.open(CheckInDialog(save, first[0], first[1], self, choices=choices))

    def _rebook(self, result: CheckIn) -> None:
        """The defect message's *Umbuchen*: the broken bookings to the suggested bikes."""
        from kod_desk.ui.dialogs.bike_service_dialogs import rebook_suggested

        if self.services is not None:
            box = rebook_suggested(self, self.services.bikes, result, self._write)
            if box is not None:
                self.last_message = box

    def _write(self, result: Result[Any]) -> None:
        self.publish(result)  # the page reloads from the Changes like every other page

    def _inform(self, text: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Fahrräder"),
            text,
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_message = box
        box.open()

    @property
    def current_dialog(self) -> QDialog | None:
        """The form open on this page, if any (``dialogs`` hosts it)."""
        return self.dialogs.current


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
