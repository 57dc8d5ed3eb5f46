"""Berichte: choose a report and its parameters, preview it, print it, save it as PDF.

Rendering runs on a worker thread (a month of statistics or a long list takes a moment); the
page shows a busy bar meanwhile and stays usable. A newer request supersedes an older one: its
result is dropped when it arrives. What the preview shows is exactly what is printed and
saved. Other pages open a report here with ``navigate("reports", "shift:<id>")`` (the shift
summary, one click from a duty) or ``"incident:<id>"``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain.changes import Entity
from kod_desk.domain.errors import UserError
from kod_desk.domain.reports import report_file_name, shift_report_file_names
from kod_desk.domain.timeutil import to_local, utcnow
from kod_desk.services.files import write_atomically
from kod_desk.ui.background import Background
from kod_desk.ui.messages import show_error
from kod_desk.ui.pages.base import ChangeBus, Page
from kod_desk.ui.qt_dates import from_qdate, to_qdate
from kod_desk.ui.widgets.pdf_preview import PdfPreview

if TYPE_CHECKING:
    from kod_desk.ui.settings import Settings

log = logging.getLogger(__name__)

_NOTE = "QLabel { background: #fff3cd; color: #664d03; padding: 6px; border-radius: 3px; }"
SHIFT, DAY, WEEK, INCIDENT, BIKE, MONTH = "shift", "day", "week", "incident", "bike", "month"


@dataclass(frozen=True)
class Job:
    """One report to render: what the worker calls, and the file name it suggests."""

    render: Callable[[], bytes]
    file_name: str


class ReportsPage(Page):
    key = "reports"

    def __init__(self, settings: Settings, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(settings, bus, parent)
        self.setObjectName("reportsPage")
        self.setWindowTitle(self.tr("Berichte"))
        self.worker = Background("report", self)
        self.rendered = self.worker.finished  # request number, PDF bytes or the exception
        self._busy = False
        self._pending_shift: str | None = None
        self._shift_file_names: dict[str, str] = {}  # shift id → its report's file name
        self.last_job: Job | None = None
        self.shown_job: Job | None = None
        self.current_dialog: Any = None
        self._build()
        self.rendered.connect(self._on_rendered)

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        heading = QLabel(self.tr("Berichte"))
        heading.setObjectName("pageHeading")
        self.kind_list = QListWidget()
        self.kind_list.setObjectName("reportKinds")
        self.kind_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for key, title, tip in (
            (
                SHIFT,
                self.tr("Schichtbericht"),
                self.tr("Ein Dienst: Besatzung, Fahrräder, Chronologie, Übergabe, Unterschriften"),
            ),
            (DAY, self.tr("Tagesdienstbericht"), self.tr("Alle Dienste eines Tages, verdichtet")),
            (
                WEEK,
                self.tr("Wochendienstplan"),
                self.tr(
                    "Dienstkräfte × Tage im Querformat, Änderungen nach Veröffentlichung "
                    "und Regelhinweise"
                ),
            ),
            (
                INCIDENT,
                self.tr("Vorkommnisbericht"),
                self.tr(
                    "Ein Vorkommnis mit Vermerken und Maßnahmen; Personen nur mit Berechtigung"
                ),
            ),
            (BIKE, self.tr("Fahrtenbuch"), self.tr("Ein Fahrrad, ein Zeitraum")),
            (
                MONTH,
                self.tr("Monatsstatistik"),
                self.tr("Für das Controlling, ohne personenbezogene Daten"),
            ),
        ):
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(tip)
            self.kind_list.addItem(item)
        self.kind_list.setStyleSheet("QListWidget#reportKinds::item { padding: 3px 4px; }")
        self.kind_list.setFixedHeight(self.kind_list.sizeHintForRow(0) * 6 + 8)
        self.kind_note = QLabel()
        self.kind_note.setObjectName("reportKindNote")
        self.kind_note.setWordWrap(True)
        self.kind_note.setStyleSheet("color: #5b6573;")
        self._build_form()
        side = self.side = self._build_side()
        self.preview = PdfPreview(
            self.tr("Noch keine Vorschau: links einen Bericht wählen und „Vorschau erstellen“.")
        )
        splitter = self.splitter = QSplitter()
        splitter.addWidget(side)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 800])
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(splitter, 1)
        self._connect()

    def _build_form(self) -> None:

        self.date_edit = QDateEdit()
        self.date_edit.setObjectName("reportDate")
        self.date_edit.setDisplayFormat("dd.MM.yyyy")
        self.date_edit.setCalendarPopup(True)
        self.week_hint = QLabel()
        self.week_hint.setObjectName("weekHint")
        self.shift_combo = QComboBox()
        self.shift_combo.setObjectName("reportShift")
        self.shift_combo.setMinimumContentsLength(18)
        # As wide as the longest duty of the day ("06:00–14:00 Streife · Bahnhofsumfeld
        # (Hoffmann, Markus)"): the side panel grows with it, the preview gives way.
        self.shift_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.reference_edit = QLineEdit()
        self.reference_edit.setObjectName("reportReference")
        self.reference_edit.setPlaceholderText(self.tr("z. B. VK-2025-000123"))
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("reportReason")
        self.reason_edit.setPlaceholderText(self.tr("wird mit protokolliert (optional)"))
        self.bike_combo = QComboBox()
        self.bike_combo.setObjectName("reportBike")
        self.from_edit = QDateEdit()
        self.from_edit.setObjectName("reportFrom")
        self.to_edit = QDateEdit()
        self.to_edit.setObjectName("reportTo")
        for edit in (self.from_edit, self.to_edit):
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.setCalendarPopup(True)
        self.month_edit = QDateEdit()
        self.month_edit.setObjectName("reportMonth")
        self.month_edit.setDisplayFormat("MM.yyyy")

        self.form = QFormLayout()
        self.form.addRow(self.tr("Datum:"), self.date_edit)
        self.form.addRow("", self.week_hint)
        self.form.addRow(self.tr("Dienst:"), self.shift_combo)
        self.form.addRow(self.tr("Aktenzeichen:"), self.reference_edit)
        self.form.addRow(self.tr("Anlass:"), self.reason_edit)
        self.form.addRow(self.tr("Fahrrad:"), self.bike_combo)
        self.form.addRow(self.tr("von:"), self.from_edit)
        self.form.addRow(self.tr("bis:"), self.to_edit)
        self.form.addRow(self.tr("Monat:"), self.month_edit)

    def _build_side(self) -> QWidget:

        self.render_button = QPushButton(self.tr("&Vorschau erstellen"))
        self.render_button.setObjectName("renderReport")
        self.render_button.setDefault(True)
        self.render_button.setToolTip(
            self.tr("Bericht mit diesen Angaben erstellen (Eingabetaste)")
        )
        self.progress = QProgressBar()
        self.progress.setObjectName("reportProgress")
        self.progress.setRange(0, 0)  # busy: reportlab reports no steps
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.hide()
        self.status_label = QLabel()
        self.status_label.setObjectName("reportStatus")
        self.status_label.setWordWrap(True)
        self.message_label = QLabel()
        self.message_label.setObjectName("reportMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet(_NOTE)
        self.message_label.hide()
        self.print_button = QPushButton(self.tr("&Drucken…"))
        self.print_button.setObjectName("printReport")
        self.print_button.setToolTip(self.tr("Die Vorschau drucken (Strg+P)"))
        self.save_button = QPushButton(self.tr("Als PDF &speichern…"))
        self.save_button.setObjectName("saveReport")
        self.save_button.setToolTip(self.tr("Die Vorschau als PDF-Datei speichern (Strg+S)"))

        side = QWidget()
        side.setObjectName("reportSide")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 8, 0)
        side_layout.addWidget(QLabel(self.tr("Bericht")))
        side_layout.addWidget(self.kind_list)
        side_layout.addWidget(self.kind_note)
        side_layout.addLayout(self.form)
        side_layout.addWidget(self.render_button)
        side_layout.addWidget(self.progress)
        side_layout.addWidget(self.status_label)
        side_layout.addWidget(self.message_label)
        side_layout.addStretch(1)
        outputs = QHBoxLayout()
        outputs.addWidget(self.print_button)
        outputs.addWidget(self.save_button)
        side_layout.addLayout(outputs)
        return side

    def _connect(self) -> None:
        self.kind_list.currentItemChanged.connect(lambda *_: self._kind_changed())
        self.date_edit.dateChanged.connect(lambda _d: self._date_changed())
        self.shift_combo.currentTextChanged.connect(self.shift_combo.setToolTip)
        self.render_button.clicked.connect(lambda _checked=False: self.render_report())
        self.reference_edit.returnPressed.connect(self.render_report)
        self.reason_edit.returnPressed.connect(self.render_report)
        self.print_button.clicked.connect(lambda _checked=False: self.print_report())
        self.save_button.clicked.connect(lambda _checked=False: self.save_report())
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_report)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_report)

        today = to_local(utcnow()).date()
        self.date_edit.setDate(to_qdate(today))
        self.from_edit.setDate(to_qdate(today.replace(day=1)))
        self.to_edit.setDate(to_qdate(today))
        self.month_edit.setDate(to_qdate(today.replace(day=1)))
        self.kind_list.setCurrentRow(0)
        self._update_outputs()

    # ------------------------------------------------------------ page protocol

    def shows(self) -> tuple[Any, ...]:
        return (Entity.SHIFTS, Entity.BIKES)

    def reload(self) -> None:
        if self.services is None:
            return
        chosen = self.bike_combo.currentData()
        self.bike_combo.clear()
        for bike in self.services.bikes.list_bikes():
            self.bike_combo.addItem(
                f"{bike.inventory_no} – {bike.model}" if bike.model else bike.inventory_no,
                bike.inventory_no,
            )
        index = self.bike_combo.findData(chosen) if chosen is not None else 0
        self.bike_combo.setCurrentIndex(max(0, index))
        self._fill_shifts()

    def show_record(self, record_id: str) -> bool:
        """``shift:<id>`` or ``incident:<id>``: choose that report and render it."""
        kind, _sep, ident = record_id.partition(":")
        if self.services is None or not ident:
            return False
        try:
            if kind == SHIFT:
                shift = self.services.roster.shift(ident)
                self._pending_shift = ident
                self._select_kind(SHIFT)
                self.date_edit.setDate(to_qdate(shift.duty_date))
                self._fill_shifts()
            elif kind == INCIDENT:
                detail = self.services.incidents.get(ident)
                self._select_kind(INCIDENT)
                self.reference_edit.setText(detail.row.reference)
            else:
                return False
        except UserError as error:
            self._say(error.message)
            return False
        # Arrived from another page: the keys go on here (Strg+S, Strg+P, another duty).
        (self.shift_combo if kind == SHIFT else self.reference_edit).setFocus()
        self.render_report()
        return True

    # ------------------------------------------------------------ parameters

    def kind(self) -> str:
        item = self.kind_list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else SHIFT

    def _select_kind(self, key: str) -> None:
        for row in range(self.kind_list.count()):
            if self.kind_list.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.kind_list.setCurrentRow(row)
                return

    def _kind_changed(self) -> None:
        kind = self.kind()
        item = self.kind_list.currentItem()
        self.kind_note.setText(item.toolTip() if item is not None else "")
        visible = {
            self.date_edit: kind in (SHIFT, DAY, WEEK),
            self.week_hint: kind == WEEK,
            self.shift_combo: kind == SHIFT,
            self.reference_edit: kind == INCIDENT,
            self.reason_edit: kind == INCIDENT,
            self.bike_combo: kind == BIKE,
            self.from_edit: kind == BIKE,
            self.to_edit: kind == BIKE,
            self.month_edit: kind == MONTH,
        }
        for widget, show in visible.items():
            self.form.setRowVisible(widget, show)
        self.message_label.hide()
        self._date_changed()

    def _date_changed(self) -> None:
        day = from_qdate(self.date_edit.date())
        monday = day - timedelta(days=day.weekday())
        sunday = monday + timedelta(days=6)
        self.week_hint.setText(
            self.tr("KW {week}: {first} bis {last}").format(
                week=day.isocalendar().week,
                first=f"{monday:%d.%m.}",
                last=f"{sunday:%d.%m.%Y}",
            )
        )
        if self.kind() == SHIFT:
            self._fill_shifts()

    def _fill_shifts(self) -> None:
        if self.services is None:
            return
        day = from_qdate(self.date_edit.date())
        wanted = self._pending_shift or self.shift_combo.currentData()
        self._pending_shift = None
        self.shift_combo.clear()
        shifts = self.services.roster.period(day, day).shifts
        self._shift_file_names = shift_report_file_names(shifts)
        for shift in shifts:
            times = f"{to_local(shift.starts_at):%H:%M}–{to_local(shift.ends_at):%H:%M}"
            area = f" · {shift.area}" if shift.area else ""
            lead = next((c for c in shift.crew if c.is_lead), None)
            crew = f" ({lead.name})" if lead is not None else ""
            self.shift_combo.addItem(f"{times} {shift.kind.label}{area}{crew}", shift.id)
        if self.shift_combo.count() == 0:
            self.shift_combo.addItem(self.tr("kein Dienst an diesem Tag"), None)
        index = self.shift_combo.findData(wanted) if wanted else 0
        self.shift_combo.setCurrentIndex(max(0, index))
        QTimer.singleShot(0, self._fit_side)

    def showEvent(self, event: QShowEvent) -> None:
        """Override of QWidget.showEvent: the side panel fits its form once laid out."""
        super().showEvent(event)
        QTimer.singleShot(0, self._fit_side)

    def _fit_side(self) -> None:
        """Widen the side panel to what its form needs (a long duty), taken from the preview."""
        sizes = self.splitter.sizes()
        need = self.side.sizeHint().width()
        if len(sizes) == 2 and sizes[0] < need < sum(sizes) * 2 // 3:
            self.splitter.setSizes([need, sum(sizes) - need])

    def job(self) -> Job:
        """The report the form describes; a German UserError when something is missing."""
        if self.services is None:
            raise UserError(self.tr("Die Datenbank ist noch nicht geöffnet."))
        reports = self.services.reports
        kind = self.kind()
        day = from_qdate(self.date_edit.date())
        if kind == SHIFT:
            shift_id = self.shift_combo.currentData()
            if not shift_id:
                raise UserError(
                    self.tr("Am {day} ist kein Dienst geplant.").format(day=f"{day:%d.%m.%Y}")
                )
            name = self._shift_file_names.get(shift_id) or report_file_name(
                "Schichtbericht", f"{day:%Y-%m-%d}"
            )
            return Job(lambda: reports.shift_summary(shift_id), name)
        if kind == DAY:
            return Job(
                lambda: reports.day_report(day),
                report_file_name("Tagesdienstbericht", f"{day:%Y-%m-%d}"),
            )
        if kind == WEEK:
            year, week, _weekday = day.isocalendar()
            return Job(
                lambda: reports.week_roster(day),
                report_file_name("Wochendienstplan", f"{year}-KW{week:02d}"),
            )
        if kind == INCIDENT:
            text = self.reference_edit.text().strip()
            if not text:
                raise UserError(self.tr("Bitte das Aktenzeichen des Vorkommnisses angeben."))
            reason = self.reason_edit.text()
            incident_id = reports.incident_id(text)
            return Job(
                lambda: reports.incident_report(incident_id, reason),
                report_file_name("Vorkommnisbericht", text.upper()),
            )
        if kind == BIKE:
            inventory_no = self.bike_combo.currentData()
            first, last = from_qdate(self.from_edit.date()), from_qdate(self.to_edit.date())
            if not inventory_no:
                raise UserError(self.tr("Bitte ein Fahrrad wählen."))
            if last < first:
                raise UserError(self.tr("„bis“ liegt vor „von“."))
            return Job(
                lambda: reports.bike_logbook(inventory_no, first, last),
                report_file_name(
                    "Fahrtenbuch", inventory_no, f"{first:%Y-%m-%d}", f"{last:%Y-%m-%d}"
                ),
            )
        month = from_qdate(self.month_edit.date()).replace(day=1)
        return Job(
            lambda: reports.month_statistics(month),
            report_file_name("Monatsstatistik", f"{month:%Y-%m}"),
        )

    # ------------------------------------------------------------ rendering

    def render_report(self) -> bool:
        """Start rendering what the form describes; False when the form is incomplete."""
        try:
            job = self.job()
        except UserError as error:
            self._say(error.message)
            return False
        self.last_job = job
        self._set_busy(True)
        self.worker.start(lambda _progress: job.render())
        return True

    def _on_rendered(self, request: int, result: Any) -> None:
        if not self.worker.is_current(request):
            return  # superseded by a newer request
        self._set_busy(False)
        if isinstance(result, UserError):
            self._say(result.message)
            return
        if isinstance(result, Exception):
            show_error(self, result, self.tr("Bericht"))
            return
        try:
            self.preview.set_pdf(bytes(result))
        except UserError as error:
            self._say(error.message)
            return
        self.shown_job = self.last_job
        self.message_label.hide()
        count = self.preview.page_count()
        self.status_label.setText(
            self.tr("Vorschau: 1 Seite.")
            if count == 1
            else self.tr("Vorschau: {n} Seiten.").format(n=count)
        )
        self._update_outputs()

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        if busy:
            self.status_label.setText(self.tr("Bericht wird erstellt …"))
            self.message_label.hide()
        self._update_outputs()

    def _say(self, text: str) -> None:
        self.status_label.setText("")
        self.message_label.setText(text)
        self.message_label.show()

    def _update_outputs(self) -> None:
        ready = self.preview.has_pdf and not self._busy
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    # ------------------------------------------------------------ output

    def print_report(self) -> QPrintDialog | None:
        """The Qt print dialog for the previewed report; printing starts when it is accepted."""
        if not self.preview.has_pdf or self._busy:
            return None
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.shown_job.file_name if self.shown_job else "KOD Desk")
        printer.setFromTo(1, self.preview.page_count())
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, self.preview.page_count())
        dialog.setWindowTitle(self.tr("Bericht drucken"))
        dialog.finished.connect(lambda result: self._print_finished(result, printer))
        self.current_dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()
        return dialog

    def _print_finished(self, result: int, printer: QPrinter) -> None:
        self.current_dialog = None
        if result == QDialog.DialogCode.Accepted:
            self._print(printer)

    def _print(self, printer: QPrinter) -> None:
        try:
            pages = self.preview.print_to(printer)
        except UserError as error:
            self._say(error.message)
            return
        self.status_label.setText(
            self.tr("Gedruckt: 1 Seite.")
            if pages == 1
            else self.tr("Gedruckt: {n} Seiten.").format(n=pages)
        )

    def save_report(self) -> None:
        if not self.preview.has_pdf or self._busy:
            return
        name = self.shown_job.file_name if self.shown_job else "Bericht.pdf"
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Bericht als PDF speichern"), name, self.tr("PDF-Dateien (*.pdf)")
        )
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        """Write the previewed PDF to ``path`` (a .pdf suffix is added when missing)."""
        if not self.preview.has_pdf:
            return False
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            write_atomically(path, self.preview.data)
        except UserError as error:
            show_error(self, error, self.tr("Bericht speichern"))
            return False
        self.status_label.setText(self.tr("Gespeichert: {path}").format(path=str(path)))
        return True
