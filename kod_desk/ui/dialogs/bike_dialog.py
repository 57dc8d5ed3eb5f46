"""A bike's master data: numbers, model, motor, range, odometer, inspection and season.

A FormDialog: it builds a BikeDraft, hands it to the page's save callable and stays open with
the service's German messages when the write is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QWidget

from kod_desk.domain.bikes import Bike, BikeDraft, Season
from kod_desk.domain.errors import FieldProblem, ValidationError
from kod_desk.domain.timeutil import local_today
from kod_desk.ui.dialogs.form import FormDialog
from kod_desk.ui.qt_dates import from_qdate, to_qdate
from kod_desk.ui.widgets.bike_fields import km_spin, optional_value

_SEASON_SPLIT = re.compile(r"\s*[–—-]\s*")


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
