"""Vorkommnisse: the incident list with filters and full-text search, opened in one keystroke.

The list is windowed (IncidentModel holds a few blocks of rows around what is painted); the
filters, the search and the sort go to the database as one ListPlan, whose total is the count.
Opening an incident shows IncidentDetailDialog, whose writes publish their Changes like every
other page.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain.changes import Changes, Entity
from kod_desk.domain.enums import CatalogKind, IncidentSource, IncidentStatus
from kod_desk.domain.errors import UserError
from kod_desk.domain.incident_list import FREE_SORT_LIMIT, IncidentSort, ListPlan
from kod_desk.domain.incidents import MAX_SEARCH_CHARS, IncidentFilter, IncidentRow
from kod_desk.domain.text import german_int
from kod_desk.domain.timeutil import local_to_utc, to_local
from kod_desk.ui.dialog_host import DialogHost
from kod_desk.ui.dialogs.incident_detail_dialog import IncidentDetailDialog
from kod_desk.ui.models.incident_model import IncidentModel
from kod_desk.ui.pages.base import ChangeBus, Page
from kod_desk.ui.pages.incident_exports import IncidentExporter
from kod_desk.ui.widgets.choices import fill_choices
from kod_desk.ui.widgets.data_table import DataTable

if TYPE_CHECKING:
    from kod_desk.ui.settings import Settings

SEARCH_DELAY_MS = 250
_NO_DATE = QDate(2000, 1, 1)  # the minimum of the date edits: shown as "beliebig"
FILTER_LINK = "filter:"  # navigate("incidents", filter_link(...)): open the list filtered


def filter_link(flt: IncidentFilter) -> str:
    """The ``navigate`` record id that shows the list with ``flt`` (a drill-down from the
    Statistik page). The filter bar shows one area, category and source, whole local days."""
    return FILTER_LINK + json.dumps(
        {
            "since": flt.since.isoformat() if flt.since else None,
            "until": flt.until.isoformat() if flt.until else None,
            "area_ids": sorted(flt.area_ids),
            "category_ids": sorted(flt.category_ids),
            "measure_id": flt.measure_id,
            "sources": sorted(s.value for s in flt.sources),
        }
    )


def _parse_filter_link(record_id: str) -> IncidentFilter | None:
    if not record_id.startswith(FILTER_LINK):
        return None
    try:
        data = json.loads(record_id[len(FILTER_LINK) :])
        return IncidentFilter(
            since=datetime.fromisoformat(data["since"]) if data.get("since") else None,
            until=datetime.fromisoformat(data["until"]) if data.get("until") else None,
            area_ids=frozenset(data.get("area_ids") or ()),
            category_ids=frozenset(data.get("category_ids") or ()),
            measure_id=data.get("measure_id") or None,
            sources=frozenset(IncidentSource(s) for s in data.get("sources") or ()),
        )
    except (ValueError, KeyError, TypeError):
        return None


def _day(edit: QDateEdit) -> date | None:
    value = edit.date()
    if value == edit.minimumDate():
        return None
    return date(value.year(), value.month(), value.day())


class IncidentsPage(Page):
    """Vorkommnisse: filter bar, count, the lazy list; Enter opens the incident."""

    key = "incidents"

    def __init__(self, settings: Settings, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(settings, bus, parent)
        self.setObjectName("incidentsPage")
        self.setWindowTitle(self.tr("Vorkommnisse"))
        self.dialogs = DialogHost()
        self._filter = IncidentFilter()
        self._sort = IncidentSort()
        self.plan: ListPlan | None = None

        self.heading = QLabel(self.tr("Vorkommnisse"))
        self.heading.setObjectName("pageHeading")

        self._create_filters()
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.sort_hint = QLabel()
        self.sort_hint.setObjectName("infoBanner")
        self.sort_hint.setWordWrap(True)
        self.sort_hint.hide()

        self.model = IncidentModel(parent=self)
        self.table = DataTable(self.model, settings, "incidents/list", self, proxy=False)
        self.table.setObjectName("incidentTable")
        # The database sorts (IncidentModel.sort asks for a new plan); newest first to start.
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        # Fitting columns looks at the first rows only (Qt's default reads 1,000 of them).
        self.table.horizontalHeader().setResizeContentsPrecision(100)
        self.table.setToolTip(self.tr("Eingabetaste oder Doppelklick öffnet das Vorkommnis"))

        # Exportieren: CSV, GeoJSON and the printed list of the current filter and sort.
        self.exports = IncidentExporter(self)
        self._build_layout()

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_edit.returnPressed.connect(self.apply_filter)
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(lambda _d: self.apply_filter())
        for widget in (
            self.area_combo,
            self.category_combo,
            self.measure_combo,
            self.status_combo,
            self.source_combo,
            self.officer_combo,
        ):
            widget.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.table.activated_row.connect(self.open_incident)
        self.model.sort_requested.connect(self.sort_by)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sort_indicator_changed)

    def _create_filters(self) -> None:
        def date_edit(name: str) -> QDateEdit:
            edit = QDateEdit()
            edit.setObjectName(name)
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.setCalendarPopup(True)
            edit.setMinimumDate(_NO_DATE)
            edit.setSpecialValueText(self.tr("beliebig"))
            edit.setDate(_NO_DATE)
            return edit

        def combo(name: str, tip: str) -> QComboBox:
            widget = QComboBox()
            widget.setObjectName(name)
            widget.setToolTip(tip)
            widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            widget.setMinimumContentsLength(8)
            return widget

        self.from_edit = date_edit("incidentFromEdit")
        self.to_edit = date_edit("incidentToEdit")
        self.area_combo = combo("areaFilterCombo", self.tr("Einsatzgebiet"))
        self.category_combo = combo("categoryFilterCombo", self.tr("Kategorie"))
        self.category_combo.setMaximumWidth(260)
        self.measure_combo = combo("measureFilterCombo", self.tr("Getroffene Maßnahme"))
        self.measure_combo.setMaximumWidth(260)
        self.officer_combo = combo("officerFilterCombo", self.tr("Beteiligte Dienstkraft"))
        self.officer_combo.setMaximumWidth(240)
        self.status_combo = combo("statusFilterCombo", self.tr("Status"))
        self.source_combo = combo("sourceFilterCombo", self.tr("Quelle"))
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("incidentSearchEdit")
        self.search_edit.setPlaceholderText(self.tr("Volltext: Beschreibung und Vermerke"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMaxLength(MAX_SEARCH_CHARS)
        self.search_edit.setMinimumWidth(200)
        self._fill_fixed_combos()

    def _build_layout(self) -> None:
        first = QHBoxLayout()
        second = QHBoxLayout()
        for row, items in (
            (
                first,
                (
                    (self.tr("&Von:"), self.from_edit),
                    (self.tr("&Bis:"), self.to_edit),
                    (self.tr("&Gebiet:"), self.area_combo),
                    (self.tr("&Kategorie:"), self.category_combo),
                    (self.tr("&Maßnahme:"), self.measure_combo),
                ),
            ),
            (
                second,
                (
                    (self.tr("S&tatus:"), self.status_combo),
                    (self.tr("&Quelle:"), self.source_combo),
                    (self.tr("&Dienstkraft:"), self.officer_combo),
                    (self.tr("S&uche:"), self.search_edit),
                ),
            ),
        ):
            for text, widget in items:
                label = QLabel(text)
                label.setBuddy(widget)
                row.addWidget(label)
                row.addWidget(widget, 1 if widget is self.search_edit else 0)
        first.addStretch(1)
        second.addWidget(self.count_label)
        second.addWidget(self.exports.button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(self.sort_hint)
        layout.addWidget(self.exports.status_label)
        layout.addWidget(self.table, 1)

    def _fill_fixed_combos(self) -> None:
        everything = self.tr("alle")
        self.status_combo.addItem(everything, None)
        for status in IncidentStatus:
            self.status_combo.addItem(status.label, status.value)
        self.source_combo.addItem(everything, None)
        for source in IncidentSource:
            self.source_combo.addItem(source.label, source.value)

    def _fill_combo(self, widget: QComboBox, items: list[tuple[str, str]]) -> None:
        fill_choices(widget, self.tr("alle"), items)

    # ------------------------------------------------------------ Page protocol

    def search_field(self) -> QWidget | None:
        """Override of Page.search_field: the full-text search."""
        return self.search_edit

    def shows(self) -> tuple[Any, ...]:
        return (Entity.INCIDENTS, Entity.AREAS, Entity.CATALOG, Entity.OFFICERS)

    def refresh_for(self, changes: Changes) -> None:
        """Override of Page.refresh_for: a change of incidents alone re-reads the list only.

        The filter lists (areas, categories, measures, officers) are read again only when
        master data changed; an incident saved, corrected or handed over plans the list anew
        (its count and the block on screen), the selection and scroll position kept.
        """
        if changes.touches(Entity.AREAS, Entity.CATALOG, Entity.OFFICERS):
            self.reload()
        else:
            self.apply_filter()

    def reload(self) -> None:
        if self.services is None:
            return
        masterdata = self.services.masterdata
        self._fill_combo(self.area_combo, [(a.id, a.name) for a in masterdata.areas()])
        categories = masterdata.catalog(CatalogKind.INCIDENT_CATEGORY)
        self._fill_combo(self.category_combo, [(c.id, c.name) for c in categories])
        measures = masterdata.catalog(CatalogKind.MEASURE)
        self._fill_combo(self.measure_combo, [(c.id, c.name) for c in measures])
        officers = masterdata.officers()
        self._fill_combo(self.officer_combo, [(o.id, o.display_name) for o in officers])
        self.apply_filter()

    # ------------------------------------------------------------ filter and list

    def current_filter(self) -> IncidentFilter:
        """What the filter bar says; ``until`` is the local midnight after the Bis day."""
        since_day, until_day = _day(self.from_edit), _day(self.to_edit)
        area, category = self.area_combo.currentData(), self.category_combo.currentData()
        status, source = self.status_combo.currentData(), self.source_combo.currentData()
        measure, officer = self.measure_combo.currentData(), self.officer_combo.currentData()
        return IncidentFilter(
            since=local_to_utc(since_day, time(0)) if since_day else None,
            until=local_to_utc(until_day + timedelta(days=1), time(0)) if until_day else None,
            area_ids=frozenset({area}) if area else frozenset(),
            category_ids=frozenset({category}) if category else frozenset(),
            statuses=frozenset({IncidentStatus(status)}) if status else frozenset(),
            sources=frozenset({IncidentSource(source)}) if source else frozenset(),
            measure_id=measure or None,
            officer_id=officer or None,
            text=self.search_edit.text().strip(),
        )

    def apply_filter(self) -> None:
        """Plan the list for the filter bar's filter and the current sort; show its first rows."""
        self._search_timer.stop()
        if self.services is None:
            return
        service = self.services.incidents
        selected = self.selected_row()
        position = self.table.currentIndex().row()
        scrolled = self.table.verticalScrollBar().value()
        flt = self.current_filter()
        try:
            plan = service.plan(flt, self._sort)
        except UserError as error:  # too many words, or the search ran too long
            self.sort_hint.setText(error.message)
            self.sort_hint.show()
            return
        self._filter = flt
        self.plan = plan

        def load(offset: int, limit: int) -> list[IncidentRow]:
            return service.window(plan, offset, limit)

        self.model.reset(load, plan.total)
        self.count_label.setText(self.count_text(plan.total))
        self.sort_hint.setVisible(plan.sort_refused)
        if plan.sort_refused:
            self._sort = plan.sort
            self._show_sort(plan.sort)
            self.sort_hint.setText(
                self.tr(
                    "Nach Ort lässt sich sortieren, wenn höchstens {limit} Vorkommnisse "
                    "gefiltert sind. Die Liste bleibt nach Zeit sortiert."
                ).format(limit=german_int(FREE_SORT_LIMIT))
            )
        if selected is not None:
            # Same place in the list after a refresh: load the old position's block, look there.
            self.model.row_at(min(max(position, 0), plan.total - 1))
            number = self.model.index_of(selected.id)
            if number >= 0:
                self.table.selectRow(number)
                self.table.verticalScrollBar().setValue(scrolled)

    def show_record(self, record_id: str) -> bool:
        """Override of Page.show_record: ``filter:<json>`` (see :func:`filter_link`) puts that
        filter into the filter bar and shows its list."""
        flt = _parse_filter_link(record_id)
        if flt is None or self.services is None:
            return False
        self.show_filter(flt)
        return True

    def show_filter(self, flt: IncidentFilter) -> None:
        """Set the filter bar to ``flt`` (status, officer and search cleared) and apply it once."""

        def qdate(moment: datetime | None, days: int = 0) -> QDate:
            if moment is None:
                return _NO_DATE
            day = to_local(moment).date() + timedelta(days=days)
            return QDate(day.year, day.month, day.day)

        def choose(widget: QComboBox, values: frozenset[str] | set[str]) -> None:
            index = widget.findData(next(iter(values))) if len(values) == 1 else 0
            widget.setCurrentIndex(max(index, 0))

        widgets = (
            self.from_edit,
            self.to_edit,
            self.area_combo,
            self.category_combo,
            self.measure_combo,
            self.status_combo,
            self.source_combo,
            self.officer_combo,
            self.search_edit,
        )
        for widget in widgets:
            widget.blockSignals(True)
        self.from_edit.setDate(qdate(flt.since))
        self.to_edit.setDate(qdate(flt.until, -1))  # ``until`` is the midnight after Bis
        choose(self.area_combo, flt.area_ids)
        choose(self.category_combo, flt.category_ids)
        choose(self.measure_combo, {flt.measure_id} if flt.measure_id else set())
        choose(self.source_combo, {s.value for s in flt.sources})
        self.status_combo.setCurrentIndex(0)
        self.officer_combo.setCurrentIndex(0)
        self.search_edit.clear()
        for widget in widgets:
            widget.blockSignals(False)
        self.apply_filter()

    def sort_by(self, sort: IncidentSort) -> None:
        """Sort the list (the database sorts; the rows shown start again at the top)."""
        if sort == self._sort:
            return
        self._sort = sort
        self.apply_filter()
        self.table.scrollToTop()

    def _show_sort(self, sort: IncidentSort) -> None:
        header = self.table.horizontalHeader()
        order = Qt.SortOrder.DescendingOrder if sort.descending else Qt.SortOrder.AscendingOrder
        header.blockSignals(True)
        header.setSortIndicator(self.model.column_of(sort.key), order)
        header.blockSignals(False)
        header.viewport().update()

    def _sort_indicator_changed(self, column: int, _order: Qt.SortOrder) -> None:
        # The short text cannot be sorted: put the arrow back where the list is sorted.
        if self.model.sort_key_of(column) is None:
            self._show_sort(self._sort)

    def count_text(self, total: int) -> str:
        if total == 1:
            return self.tr("1 Vorkommnis")
        return self.tr("{n} Vorkommnisse").format(n=german_int(total))

    def selected_row(self) -> IncidentRow | None:
        row = self.table.selected_row()
        return row if isinstance(row, IncidentRow) else None

    # ------------------------------------------------------------ opening

    def open_selected(self) -> IncidentDetailDialog | None:
        row = self.selected_row()
        return None if row is None else self.open_incident(row)

    def open_incident(self, row: IncidentRow) -> IncidentDetailDialog | None:
        """Show the incident (without personal data) in the detail dialog."""
        if self.services is None:
            return None
        service = self.services.incidents
        detail = service.get(row.id)
        departments = self.services.masterdata.catalog(CatalogKind.DEPARTMENT)
        dialog = IncidentDetailDialog(
            service,
            detail,
            self.publish,
            [d for d in departments if d.active],
            self,
            open_report=self.open_incident_report,
        )
        return self.dialogs.open(dialog)

    @property
    def current_dialog(self) -> QDialog | None:
        """The incident open from this page, if any (``dialogs`` hosts it)."""
        return self.dialogs.current
