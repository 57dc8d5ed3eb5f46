"""The filter row of the Statistik page: period (this month, the previous one, a chosen month or
free dates), area and category. ``changed`` fires on every edit; ``current_filter`` reads it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from kod_desk.domain import statistics as ds
from kod_desk.domain.timeutil import to_local, utcnow
from kod_desk.ui.qt_dates import from_qdate, to_qdate
from kod_desk.ui.widgets.choices import fill_choices

THIS_MONTH, PREVIOUS_MONTH, CHOSEN_MONTH, FREE = "this", "previous", "month", "free"


class StatisticsFilterBar(QWidget):
    """Zeitraum, Monat, von, bis, Gebiet, Kategorie in one row."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statisticsFilters")
        self._setting_period = False
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("statisticsPeriod")
        self.period_combo.addItem(self.tr("dieser Monat"), THIS_MONTH)
        self.period_combo.addItem(self.tr("Vormonat"), PREVIOUS_MONTH)
        self.period_combo.addItem(self.tr("Monat wählen"), CHOSEN_MONTH)
        self.period_combo.addItem(self.tr("freier Zeitraum"), FREE)
        self.month_edit = QDateEdit()
        self.month_edit.setObjectName("statisticsMonth")
        self.month_edit.setDisplayFormat("MM.yyyy")
        self.month_edit.setToolTip(self.tr("Monat"))
        self.from_edit = QDateEdit()
        self.from_edit.setObjectName("statisticsFrom")
        self.to_edit = QDateEdit()
        self.to_edit.setObjectName("statisticsTo")
        for edit in (self.from_edit, self.to_edit):
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.setCalendarPopup(True)
        self.area_combo = QComboBox()
        self.area_combo.setObjectName("statisticsArea")
        self.category_combo = QComboBox()
        self.category_combo.setObjectName("statisticsCategory")
        for combo in (self.area_combo, self.category_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumContentsLength(10)
            combo.setMaximumWidth(230)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)  # lines up with the heading and the tiles
        for text, widget in (
            (self.tr("&Zeitraum:"), self.period_combo),
            ("", self.month_edit),
            (self.tr("&von:"), self.from_edit),
            (self.tr("&bis:"), self.to_edit),
            (self.tr("&Gebiet:"), self.area_combo),
            (self.tr("&Kategorie:"), self.category_combo),
        ):
            if text:
                label = QLabel(text)
                label.setBuddy(widget)
                row.addWidget(label)
            row.addWidget(widget)
        row.addStretch(1)

        today = to_local(utcnow()).date()
        self._set_period(ds.month_start(today), ds.month_end(today))
        self.month_edit.setDate(to_qdate(ds.month_start(today)))
        self.period_combo.currentIndexChanged.connect(lambda _i: self._period_chosen())
        self.month_edit.dateChanged.connect(lambda _d: self._month_chosen())
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(lambda _d: self._dates_edited())
        for combo in (self.area_combo, self.category_combo):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def set_choices(self, areas: Sequence[ds.Choice], categories: Sequence[ds.Choice]) -> None:
        """The areas and categories to choose from (inactive ones say so); keeps the choice."""
        fill_choices(self.area_combo, self.tr("alle"), self._named(areas))
        fill_choices(self.category_combo, self.tr("alle"), self._named(categories))

    def _named(self, choices: Sequence[ds.Choice]) -> list[tuple[str, str]]:
        inactive = self.tr("{name} (inaktiv)")
        return [
            (c.id, c.name if c.active else inactive.format(name=c.name))
            for c in choices
            if c.id is not None
        ]

    def current_filter(self) -> ds.StatisticsFilter:
        """The filter as set (unchecked: the dates may be in the wrong order)."""
        area, category = self.area_combo.currentData(), self.category_combo.currentData()
        return ds.StatisticsFilter(
            from_qdate(self.from_edit.date()),
            from_qdate(self.to_edit.date()),
            (area,) if area else (),
            (category,) if category else (),
        )

    def choose_month(self, day: date) -> None:
        """Show the calendar month of ``day`` (as choosing it in the month picker does)."""
        self.month_edit.setDate(to_qdate(ds.month_start(day)))
        self._month_chosen()

    # ------------------------------------------------------------ the period

    def _set_period(self, first: date, last: date) -> None:
        self._setting_period = True
        self.from_edit.setDate(to_qdate(first))
        self.to_edit.setDate(to_qdate(last))
        self._setting_period = False

    def _choose_kind(self, kind: str) -> None:
        self.period_combo.blockSignals(True)
        self.period_combo.setCurrentIndex(self.period_combo.findData(kind))
        self.period_combo.blockSignals(False)

    def _period_chosen(self) -> None:
        kind = self.period_combo.currentData()
        today = to_local(utcnow()).date()
        if kind == THIS_MONTH:
            month = ds.month_start(today)
        elif kind == PREVIOUS_MONTH:
            month = ds.add_months(today, -1)
        elif kind == CHOSEN_MONTH:
            month = ds.month_start(from_qdate(self.month_edit.date()))
        else:
            self.changed.emit()
            return
        self._set_period(month, ds.month_end(month))
        self.changed.emit()

    def _month_chosen(self) -> None:
        month = ds.month_start(from_qdate(self.month_edit.date()))
        self._choose_kind(CHOSEN_MONTH)
        self._set_period(month, ds.month_end(month))
        self.changed.emit()

    def _dates_edited(self) -> None:
        if not self._setting_period:
            self._choose_kind(FREE)
        self.changed.emit()
