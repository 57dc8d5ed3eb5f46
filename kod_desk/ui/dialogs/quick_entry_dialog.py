"""Quick entry of an incident (Ctrl+N): built for the street (issue 5 item 1, issue 14 item 2).

The officer's information comes first: focus starts in *Kategorie*, then *Ort*, *Beschreibung*,
*Maßnahmen*; *Zeit* is one line ("18:46", "gestern 22:10", empty = now; domain/quick_entry.py)
and the running duty fills area, crew and duty, shown as one line at the top that changes
together (another area → that area's running duty and crew). Tab or Enter in the category
resolves the type-ahead visibly. Ctrl+Enter saves and closes; *Speichern und neu*
(Ctrl+Shift+Enter) saves, keeps area and crew and starts the next entry in *Kategorie*, with
"VK-… gespeichert" and a button to open it. Every change is written (debounced) as JSON to
``draft_path``; a new dialog restores that draft, a successful save or "Verwerfen" deletes it.

The parts live in ui/dialogs/quick_entry/: the time line with its echo (time_field), the
category type-ahead (category_field), the running-duty line (running_duty), the keys
(keyboard) and the draft file (draft_file); this dialog composes them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain.enums import CatalogKind, IncidentSource
from kod_desk.domain.errors import FieldProblem, UserError, ValidationError
from kod_desk.domain.geo import parse_coordinates
from kod_desk.domain.incidents import IncidentDraft, IncidentSaved, validate_incident
from kod_desk.domain.timeutil import utcnow
from kod_desk.ui.dialogs.form import FormDialog
from kod_desk.ui.dialogs.quick_entry.category_field import CategoryCombo
from kod_desk.ui.dialogs.quick_entry.draft_file import DraftFile, default_draft_path
from kod_desk.ui.dialogs.quick_entry.footage_hint import FootageHint, footage_deadline
from kod_desk.ui.dialogs.quick_entry.keyboard import QuickEntryKeys
from kod_desk.ui.dialogs.quick_entry.place_field import PlaceEdit
from kod_desk.ui.dialogs.quick_entry.running_duty import RunningDutyLine
from kod_desk.ui.dialogs.quick_entry.saved_bar import SavedBar
from kod_desk.ui.dialogs.quick_entry.time_field import TimeField
from kod_desk.ui.messages import show_error
from kod_desk.ui.widgets.check_list import check_list, checked_ids, set_checked_ids

if TYPE_CHECKING:
    from kod_desk.domain.masterdata import Area, CatalogEntry, Officer
    from kod_desk.services.registry import Services

log = logging.getLogger(__name__)

# The IncidentDraft fields this dialog parses from text itself (time, category, coordinates).
_PARSED_HERE = frozenset({"occurred_at", "category_id", "latitude", "longitude"})

SaveIncident = Callable[[IncidentDraft], "IncidentSaved | None"]


class QuickEntryDialog(FormDialog[IncidentDraft]):
    """A new incident, fast: the running duty's area and crew, type-ahead, draft on disk.

    ``save`` creates the incident and returns its detail (the reference is shown after
    *Speichern und neu*); ``open_incident(id)`` opens a saved one (the "Öffnen" button).
    """

    def __init__(
        self,
        services: Services,
        save: SaveIncident,
        draft_path: Path | None = None,
        now: datetime | None = None,
        parent: QWidget | None = None,
        open_incident: Callable[[str], object] | None = None,
    ) -> None:
        # try_save is overridden: the base class never calls ``save`` itself.
        super().__init__(cast("Callable[[IncidentDraft], None]", save), parent)
        self.setObjectName("quickEntryDialog")
        self.setWindowTitle(self.tr("Neues Vorkommnis"))
        self.services = services
        self._create = save
        self._open_incident = open_incident
        self.draft_path = draft_path if draft_path is not None else default_draft_path()
        self._now = now
        self._loading = True
        self.restored = False
        self.saved: list[IncidentSaved] = []  # this dialog's saves, oldest first

        self._areas: dict[str, Area] = {
            a.id: a for a in services.masterdata.areas(include_inactive=False)
        }
        officers = services.masterdata.officers(include_inactive=False)
        catalog = services.masterdata.catalog()
        categories = [c for c in catalog if c.kind is CatalogKind.INCIDENT_CATEGORY and c.active]
        measures = [c for c in catalog if c.kind is CatalogKind.MEASURE and c.active]

        self._build_fields(officers, categories, measures)
        self._build_form()
        self._wire_keyboard()
        self.draft = DraftFile(self.draft_path, self)

        self.running.apply_defaults(self.now())
        self.place_edit.suggest("")
        if self.draft.restore():
            self.restored = True
            self.notice_label.setText(self.tr("Entwurf wiederhergestellt"))
            self.notice_label.show()
        self._connect_changes()
        self._loading = False
        self.time_field.update_echo()
        self._update_footage_hint()
        self.setMinimumWidth(560)
        self.category_combo.setFocus()

    def now(self) -> datetime:
        return self._now or utcnow()

    def _build_fields(
        self,
        officers: Sequence[Officer],
        categories: Sequence[CatalogEntry],
        measures: Sequence[CatalogEntry],
    ) -> None:
        self.notice_label = QLabel()
        self.notice_label.setObjectName("draftNoticeLabel")
        self.notice_label.setStyleSheet("color: #2d5285; font-weight: 600;")
        self.notice_label.hide()
        self.saved_bar = SavedBar()  # after Speichern und neu
        self.saved_label = self.saved_bar.label
        self.open_saved_button = self.saved_bar.open_button
        self.open_saved_button.clicked.connect(self.open_last_saved)

        self.area_combo = QComboBox()
        self.area_combo.setObjectName("areaCombo")
        for area in self._areas.values():
            self.area_combo.addItem(area.name, area.id)
        self.area_combo.setPlaceholderText(self.tr("– bitte wählen –"))
        self.area_combo.setCurrentIndex(-1)
        self.area_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.officer_list = check_list(
            "officerList", [(o.id, f"{o.display_name} ({o.service_number})") for o in officers]
        )
        self.running = RunningDutyLine(
            self.services.incidents,
            list(self._areas),
            {o.id: (o.last_name, o.first_name) for o in officers},
            self.area_combo,
            self.officer_list,
            self,
        )
        self.duty_label = self.running.label
        self.time_field = TimeField(self.now)
        self.time_edit = self.time_field.edit
        self.time_echo = self.time_field.echo

        self.category_combo = CategoryCombo(categories)
        self.category_edit = self.category_combo.edit
        self.measure_list = check_list("measureList", [(m.id, m.name) for m in measures])

        self.source_combo = QComboBox()
        self.source_combo.setObjectName("sourceCombo")
        for source in IncidentSource:
            self.source_combo.addItem(source.label, source.value)
        self._default_source()

        self._build_text_fields()

    def _build_text_fields(self) -> None:
        self.place_edit = PlaceEdit(self.services.incidents.places)
        self.place_model = self.place_edit.place_model
        self.coordinates_edit = QLineEdit()
        self.coordinates_edit.setObjectName("coordinatesEdit")
        self.coordinates_edit.setMaxLength(60)
        self.coordinates_edit.setPlaceholderText(self.tr("optional, z. B. 54,0758; 9,9805"))

        self.description_edit = QPlainTextEdit()
        self.description_edit.setObjectName("descriptionEdit")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setPlaceholderText(self.tr("Was geschah? Strg+Enter speichert."))
        self.description_edit.setMinimumHeight(72)

        self.footage_label = FootageHint()

    def _build_form(self) -> None:
        self.form.addRow(self.duty_label)
        self.form.addRow(self.tr("&Kategorie:"), self.category_combo)
        self.form.addRow(self.tr("&Ort:"), self.place_edit)
        self.form.addRow(self.tr("&Beschreibung:"), self.description_edit)
        self.form.addRow(self.tr("&Maßnahmen:"), self.measure_list)
        self.form.addRow(self.tr("&Zeit:"), self.time_field)
        label = self.form.labelForField(self.time_field)
        if isinstance(label, QLabel):
            label.setBuddy(self.time_edit)
        self.form.addRow(self.tr("&Gebiet:"), self.area_combo)
        self.form.addRow("", self.footage_label)
        self.form.addRow(self.tr("&Dienstkräfte:"), self.officer_list)
        self.form.addRow(self.tr("&Quelle:"), self.source_combo)
        self.form.addRow(self.tr("Koord&inaten:"), self.coordinates_edit)
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(0, self.notice_label)
            layout.insertWidget(0, self.saved_bar)

        self.discard_button = QPushButton(self.tr("Verwerfen"))
        self.discard_button.setObjectName("discardButton")
        self.discard_button.setAutoDefault(False)
        self.buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.discard_button.clicked.connect(self.discard)
        self.save_new_button = QPushButton(self.tr("Speichern und &neu"))
        self.save_new_button.setObjectName("saveNewButton")
        self.save_new_button.setAutoDefault(False)
        self.save_new_button.setToolTip(
            self.tr(
                "Speichern, Gebiet und Besatzung behalten, nächstes Vorkommnis "
                "(Strg+Umschalt+Enter)"
            )
        )
        self.buttons.addButton(self.save_new_button, QDialogButtonBox.ButtonRole.ApplyRole)
        self.save_new_button.clicked.connect(self.save_and_new)
        self.save_button.setToolTip(self.tr("Speichern und schließen (Strg+Enter)"))

    def _wire_keyboard(self) -> None:
        self.fields: tuple[QWidget, ...] = (
            self.category_combo,
            self.place_edit,
            self.description_edit,
            self.measure_list,
            self.time_edit,
            self.area_combo,
            self.officer_list,
            self.source_combo,
            self.coordinates_edit,
        )
        for first, second in zip(self.fields, self.fields[1:], strict=False):
            QWidget.setTabOrder(first, second)
        QWidget.setTabOrder(self.coordinates_edit, self.save_button)
        QWidget.setTabOrder(self.save_button, self.save_new_button)
        self.keys = QuickEntryKeys(
            self,
            self.fields,
            self.category_combo,
            self.place_edit,
            self.description_edit,
            self.try_save,
            self.save_and_new,
        )
        self.time_edit.editingFinished.connect(self._time_finished)
        self.area_combo.activated.connect(self._area_chosen)

    # ------------------------------------------------------------ defaults: the running duty

    def _default_source(self) -> None:
        self.source_combo.setCurrentIndex(self.source_combo.findData(IncidentSource.PATROL.value))

    def _area_chosen(self, _index: int = -1) -> None:
        """Another area: that area's running duty and its crew."""
        self.running.area_chosen()
        self._changed()

    def _time_finished(self) -> None:
        """A new time: the area's duty running then (see RunningDutyLine.time_changed)."""
        self.time_field.update_echo()
        moment = self.occurred_at_or_none()
        if moment is not None:
            self.running.time_changed(moment)

    def duty_text(self) -> str:
        return self.duty_label.text()

    def occurred_at(self) -> datetime:
        """The typed time (empty = now); raises ValidationError ("Zeit: …")."""
        return self.time_field.occurred_at()

    def occurred_at_or_none(self) -> datetime | None:
        return self.time_field.occurred_at_or_none()

    def complete_category(self) -> None:
        """Type-ahead: the typed text becomes the first category that contains it."""
        self.keys.complete_category()

    # ------------------------------------------------------------ the draft

    def build_draft(self) -> IncidentDraft:
        problems: list[FieldProblem] = []
        occurred_at: datetime | None = None
        try:
            occurred_at = self.occurred_at()
        except ValidationError as refused:
            problems += refused.problems
        text = self.category_combo.currentText().strip()
        category_id = self.category_combo.category_id(text, exact=True)
        if text and category_id is None:
            message = self.tr("Kategorie: „{text}“ steht nicht im Katalog.")
            problems.append(FieldProblem("category_id", message.format(text=text)))
        source = self.source_combo.currentData()
        coordinates = None
        try:
            coordinates = parse_coordinates(self.coordinates_edit.text())
        except ValidationError as refused:
            problems += refused.problems
        draft = IncidentDraft(
            occurred_at=occurred_at,
            area_id=self.area_combo.currentData(),
            category_id=category_id,
            source=IncidentSource(source) if source else None,
            place=self.place_edit.text(),
            latitude=coordinates[0] if coordinates else None,
            longitude=coordinates[1] if coordinates else None,
            description=self.description_edit.toPlainText(),
            officer_ids=checked_ids(self.officer_list),
            measure_ids=checked_ids(self.measure_list),
            shift_id=self.running.shift_id(),
        )
        if problems:
            # The fields parsed above speak for themselves; the rules add the rest.
            others = validate_incident(draft.normalized(), utcnow())
            raise ValidationError(problems + [p for p in others if p.field not in _PARSED_HERE])
        return draft

    def field_widgets(self) -> Mapping[str, QWidget]:
        """The fields by the IncidentDraft attribute they fill (the problems' keys)."""
        return {
            "occurred_at": self.time_edit,
            "area_id": self.area_combo,
            "officer_ids": self.officer_list,
            "category_id": self.category_combo,
            "measure_ids": self.measure_list,
            "source": self.source_combo,
            "place": self.place_edit,
            "latitude": self.coordinates_edit,
            "longitude": self.coordinates_edit,
            "description": self.description_edit,
        }

    def _save_incident(self) -> bool:
        """Build and save through the window's callable; False (messages shown) when refused.

        Only an error inside the callable means "nothing saved"; the draft goes once the
        incident is saved, whatever this dialog does afterwards.
        """
        self.complete_category()
        try:
            draft = self.build_draft()
            saved = self._create(draft)
        except UserError as error:
            self.show_refusal(error)
            return False
        except Exception as error:  # a bug: say so, keep the user's input
            show_error(self, error)
            return False
        self.draft.delete()
        self.error_label.hide()
        if isinstance(saved, IncidentSaved):
            self.saved.append(saved)
        return True

    def try_save(self) -> bool:
        """Override of FormDialog.try_save: save and close (Strg+Enter)."""
        if not self._save_incident():
            return False
        self.accept()
        return True

    def save_and_new(self) -> bool:
        """Speichern und neu (Strg+Umschalt+Enter): save, keep area and crew, start over."""
        count = len(self.saved)
        if not self._save_incident():
            return False
        self._loading = True
        self.category_combo.clear_choice()
        self.place_edit.clear()
        self.description_edit.clear()
        self.coordinates_edit.clear()
        self.time_edit.clear()
        set_checked_ids(self.measure_list, [])
        if self.measure_list.count():
            self.measure_list.setCurrentRow(0)
        self._default_source()
        self.notice_label.hide()
        self._loading = False
        self.time_field.update_echo()
        self._update_footage_hint()
        if len(self.saved) > count:
            self.show_saved(self.saved[-1])
        self.category_combo.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def show_saved(self, saved: IncidentSaved) -> None:
        self.saved_bar.show_saved(saved.reference, can_open=self._open_incident is not None)

    def set_open_incident(self, open_incident: Callable[[str], object] | None) -> None:
        self._open_incident = open_incident

    def open_last_saved(self) -> bool:
        if not self.saved or self._open_incident is None:
            return False
        self._open_incident(self.saved[-1].id)
        return True

    def discard(self) -> None:
        """ "Verwerfen": forget the draft and close."""
        self.draft.delete()
        super().reject()

    def reject(self) -> None:
        """Abbrechen/Esc closes; typed text stays in the draft for the next quick entry."""
        if self.draft.pending():
            self.draft.write()
        super().reject()

    # ------------------------------------------------------------ crash-safe draft

    def _connect_changes(self) -> None:
        self.time_edit.textChanged.connect(self._changed)
        self.area_combo.currentIndexChanged.connect(self._changed)
        self.officer_list.itemChanged.connect(self._crew_changed)
        self.category_combo.editTextChanged.connect(self._changed)
        self.measure_list.itemChanged.connect(self._changed)
        self.source_combo.currentIndexChanged.connect(self._changed)
        self.place_edit.textChanged.connect(self._changed)
        self.coordinates_edit.textChanged.connect(self._changed)
        self.description_edit.textChanged.connect(self._changed)

    def _crew_changed(self, *_: object) -> None:
        if self._loading or self.running.filling:
            return
        self.running.crew_ticked()
        self._changed()

    def _changed(self, *_: object) -> None:
        if self._loading:
            return
        self._update_footage_hint()
        self.draft.schedule()

    # ------------------------------------------------------------ footage

    def footage_deadline(self) -> datetime | None:
        """When the area's video footage of the chosen time is overwritten, if it is filmed."""
        area = self._areas.get(str(self.area_combo.currentData()))
        return footage_deadline(area, self.occurred_at_or_none())

    def _update_footage_hint(self) -> None:
        self.footage_label.show_deadline(self.footage_deadline())
