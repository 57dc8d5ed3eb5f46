"""The Vorkommnisse page's "Exportieren" button: the filtered list as Excel CSV, its places as
GeoJSON, or printed to a PDF file (issue 8 item 6).

Each entry takes the page's current filter and sort (its ListPlan), asks where to save, and
then works on a worker thread (a large database takes seconds); the page shows a German
confirmation with the count. None of the files holds persons or descriptions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QLabel, QMenu, QToolButton, QWidget

from kod_desk.domain.errors import UserError
from kod_desk.domain.incident_list import IncidentSort
from kod_desk.domain.incidents import IncidentFilter
from kod_desk.domain.text import german_int
from kod_desk.domain.timeutil import local_today
from kod_desk.services.files import write_atomically
from kod_desk.ui.background import Background
from kod_desk.ui.messages import show_error

CSV, GEOJSON, PDF = "csv", "geojson", "pdf"
SUFFIXES = {CSV: ".csv", GEOJSON: ".geojson", PDF: ".pdf"}


class IncidentExporter(QObject):
    """Owns the tool button with its menu and the confirmation label; the page places both."""

    done = Signal(str)  # the confirmation or refusal shown, once a job has ended

    def __init__(self, page: Any) -> None:
        super().__init__(page)
        self._page = page
        self._busy = False
        self.worker = Background("incident-export", self)
        self._job: tuple[str, Path] = (CSV, Path())  # kind and file of the running job
        self._listed = 0  # the list's count when the running job started (the PDF's rows)
        parent: QWidget = page

        self.button = QToolButton(parent)
        self.button.setObjectName("incidentExportButton")
        self.button.setText(self.tr("Exportieren"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setToolTip(
            self.tr(
                "Die gefilterte Liste in ihrer Sortierung als Datei für andere Programme oder "
                "zum Drucken. Ohne beteiligte Personen und ohne Sachverhalt: Beschreibungen "
                "können Namen enthalten, und Listen zeigen keine personenbezogenen Daten."
            )
        )
        self.menu = QMenu(self.button)
        self.csv_action = self.menu.addAction(self.tr("Liste als CSV (Excel)…"))
        self.csv_action.setToolTip(
            self.tr(
                "Aktenzeichen, Zeit, Gebiet, Kategorie, Quelle, Status, Ort, Koordinaten und "
                "Maßnahmen; ohne Personen und ohne Sachverhalt"
            )
        )
        self.geojson_action = self.menu.addAction(self.tr("Orte als GeoJSON…"))
        self.geojson_action.setToolTip(
            self.tr(
                "Vorkommnisse mit Koordinaten als Punkte für ein GIS; Vorkommnisse ohne "
                "Koordinaten werden ausgelassen und gezählt"
            )
        )
        self.menu.addSeparator()
        self.pdf_action = self.menu.addAction(self.tr("Liste drucken (PDF)…"))
        self.pdf_action.setToolTip(self.tr("Die Vorkommnisliste als PDF-Datei (A4 quer)"))
        self.menu.setToolTipsVisible(True)
        self.button.setMenu(self.menu)
        self.csv_action.triggered.connect(lambda _checked=False: self.choose(CSV))
        self.geojson_action.triggered.connect(lambda _checked=False: self.choose(GEOJSON))
        self.pdf_action.triggered.connect(lambda _checked=False: self.choose(PDF))

        self.status_label = QLabel(parent)
        self.status_label.setObjectName("incidentExportStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setStyleSheet("color: #5b6573;")
        self.status_label.hide()
        self.worker.finished.connect(self._on_finished)

    @property
    def busy(self) -> bool:
        return self._busy

    def _current(self) -> tuple[IncidentFilter, IncidentSort]:
        plan = self._page.plan
        if plan is None:
            return self._page.current_filter(), IncidentSort()
        return plan.filter, plan.sort  # the sort the list really has (a refused one fell back)

    def choose(self, kind: str) -> None:
        """Ask where to save, then export the page's current filter and sort there."""
        if self._page.services is None or self._busy:
            return
        titles = {
            CSV: self.tr("Vorkommnisse als CSV exportieren"),
            GEOJSON: self.tr("Orte der Vorkommnisse als GeoJSON exportieren"),
            PDF: self.tr("Vorkommnisliste als PDF speichern"),
        }
        filters = {
            CSV: self.tr("CSV-Dateien (*.csv)"),
            GEOJSON: self.tr("GeoJSON-Dateien (*.geojson)"),
            PDF: self.tr("PDF-Dateien (*.pdf)"),
        }
        name = f"Vorkommnisse_{local_today():%Y-%m-%d}{SUFFIXES[kind]}"
        path, _filter = QFileDialog.getSaveFileName(self._page, titles[kind], name, filters[kind])
        if path:
            self.export_to(kind, Path(path))

    def export_to(self, kind: str, path: Path) -> bool:
        """Start writing ``kind`` of the current list to ``path`` (its suffix added when
        missing) on a worker thread; ``done`` tells the outcome. False when nothing started."""
        services = self._page.services
        if services is None or self._busy:
            return False
        if path.suffix.lower() != SUFFIXES[kind]:
            path = path.with_name(path.name + SUFFIXES[kind])
        flt, sort = self._current()
        self._listed = self._page.plan.total if self._page.plan is not None else 0
        self._set_busy(True)

        def job(_progress: Any) -> Any:
            if kind == PDF:
                data = services.reports.incident_list(flt, sort)
                write_atomically(path, data)
                return data
            result = services.exports.export(kind, flt, sort)
            write_atomically(path, result.data)
            return result

        self._job = (kind, path)
        self.worker.start(job)
        return True

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.button.setEnabled(not busy)
        if busy:
            self.status_label.setText(self.tr("Export läuft …"))
            self.status_label.show()

    def _count(self, n: int) -> str:
        if n == 1:
            return self.tr("1 Vorkommnis")
        return self.tr("{n} Vorkommnisse").format(n=german_int(n))

    def _on_finished(self, request: int, result: Any) -> None:
        if not self.worker.is_current(request):
            return
        kind, path = self._job
        self._set_busy(False)
        if isinstance(result, UserError):
            text = result.message
        elif isinstance(result, Exception):
            self.status_label.hide()
            show_error(self._page, result, self.tr("Exportieren"))
            self.done.emit("")
            return
        elif kind == PDF:
            text = self.tr("Vorkommnisliste ({count}) als PDF gespeichert: {path}").format(
                count=self._count(self._listed), path=str(path)
            )
        elif kind == GEOJSON:
            text = self.tr("{count} exportiert, {m} ohne Koordinaten ausgelassen: {path}").format(
                count=self._count(result.exported),
                m=german_int(result.without_coordinates),
                path=str(path),
            )
        else:
            text = self.tr("{count} als CSV exportiert: {path}").format(
                count=self._count(result.exported), path=str(path)
            )
        self.status_label.setText(text)
        self.status_label.show()
        self.done.emit(text)
