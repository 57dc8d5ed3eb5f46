"""Quick entry of an incident (Ctrl+N): built for the street (issue 5 item 1, issue 14 item 2).

The officer's information comes first: focus starts in *Kategorie*, then *Ort*, *Beschreibung*,
*Maßnahmen*; *Zeit* is one line ("18:46", "gestern 22:10", empty = now; domain/quick_entry.py)
and the running duty fills area, crew and duty, shown as one line at the top that changes
together (another area → that area's running duty and crew). Tab or Enter in the category
resolves the type-ahead visibly. Ctrl+Enter saves and closes; *Speichern und neu*
(Ctrl+Shift+Enter) saves, keeps area and crew and starts the next entry in *Kategorie*, with
"VK-… gespeichert" and a button to open it. Every change is written (debounced) as JSON to
``draft_path``; a new dialog restores that draft, a successful save or "Verwerfen" deletes it.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain.enums import CatalogKind, IncidentSource
from kod_desk.domain.errors import FieldProblem, UserError, ValidationError
from kod_desk.domain.geo import parse_coordinates
from kod_desk.domain.incidents import MAX_PLACE, IncidentDraft, IncidentSaved, validate_incident
from kod_desk.domain.quick_entry import (
    RunningDuty,
    describe_moment,
    duty_line,
    format_moment,
    parse_occurred_at,
    pick_duty,
)
from kod_desk.domain.timeutil import to_local, utcnow
from kod_desk.paths import user_data_dir
from kod_desk.services.files import write_atomically
from kod_desk.ui.dialogs.form import FormDialog
from kod_desk.ui.messages import show_error

if TYPE_CHECKING:
    from kod_desk.domain.masterdata import Area, CatalogEntry, Officer
    from kod_desk.services.registry import Services

log = logging.getLogger(__name__)

DRAFT_DELAY_MS = 500
DRAFT_FORMAT = 2  # 2: "time" is the typed (absolute) text; 1 had "occurred_at"
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_TIME_PLACEHOLDER = "leer = jetzt, z. B. 18:46 oder gestern 22:10"
# The IncidentDraft fields this dialog parses from text itself (time, category, coordinates).
_PARSED_HERE = frozenset({"occurred_at", "category_id", "latitude", "longitude"})


def default_draft_path() -> Path:
    return user_data_dir() / "drafts" / "vorkommnis.json"


def check_list(object_name: str, entries: Sequence[tuple[str, str]]) -> QListWidget:
    """A list of checkable (id, label) entries; Space toggles, typing jumps to an entry."""
    widget = QListWidget()
    widget.setObjectName(object_name)
    widget.setTabKeyNavigation(False)
    for entry_id, label in entries:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, entry_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        widget.addItem(item)
    if widget.count():
        widget.setCurrentRow(0)
    rows = min(max(widget.count(), 3), 5)
    widget.setFixedHeight(widget.sizeHintForRow(0) * rows + 2 * widget.frameWidth() + 4)
    return widget


def checked_ids(widget: QListWidget) -> tuple[str, ...]:
    return tuple(
        str(widget.item(row).data(Qt.ItemDataRole.UserRole))
        for row in range(widget.count())
        if widget.item(row).checkState() == Qt.CheckState.Checked
    )


def set_checked_ids(widget: QListWidget, ids: Sequence[str]) -> None:
    wanted = set(ids)
    for row in range(widget.count()):
        item = widget.item(row)
        checked = item.data(Qt.ItemDataRole.UserRole) in wanted
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


def checked_first(widget: QListWidget) -> None:
    """Move the ticked entries to the top (in their order), so none is ticked out of sight."""
    items = [widget.takeItem(0) for _ in range(widget.count())]
    ticked = [i for i in items if i.checkState() == Qt.CheckState.Checked]
    for item in ticked + [i for i in items if i.checkState() != Qt.CheckState.Checked]:
        widget.addItem(item)
    if widget.count():
        widget.setCurrentRow(0)


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
        self._duties: list[RunningDuty] = []
        self._duty: RunningDuty | None = None
        self._crew_touched = False

        self._areas: dict[str, Area] = {
            a.id: a for a in services.masterdata.areas(include_inactive=False)
        }
        officers = services.masterdata.officers(include_inactive=False)
        self._names = {o.id: (o.last_name, o.first_name) for o in officers}
        catalog = services.masterdata.catalog()
        self._categories = [
            c for c in catalog if c.kind is CatalogKind.INCIDENT_CATEGORY and c.active
        ]
        measures = [c for c in catalog if c.kind is CatalogKind.MEASURE and c.active]

        self._build_fields(officers, measures)
        self._build_form()
        self._wire_keyboard()

        self._draft_timer = QTimer(self)
        self._draft_timer.setObjectName("draftTimer")
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.write_draft)

        self._apply_defaults()
        self._suggest_places("")
        if self.draft_path.exists():
            self.restored = self._restore_draft()
        self._connect_changes()
        self._loading = False
        self._update_time_echo()
        self._update_footage_hint()
        self.setMinimumWidth(560)
        self.category_combo.setFocus()

    def now(self) -> datetime:
        return self._now or utcnow()

    def _build_fields(self, officers: Sequence[Officer], measures: Sequence[CatalogEntry]) -> None:
        self.notice_label = QLabel()
        self.notice_label.setObjectName("draftNoticeLabel")
        self.notice_label.setStyleSheet("color: #2d5285; font-weight: 600;")
        self.notice_label.hide()
        self._build_saved_bar()

        self.duty_label = QLabel()
        self.duty_label.setObjectName("dutyLine")
        self.duty_label.setWordWrap(True)
        self.duty_label.setStyleSheet(
            "QLabel { font-weight: 600; background: #eef3fa; padding: 6px; border-radius: 3px; }"
        )
        self.duty_label.setToolTip(
            self.tr("Gebiet, Dienst und Besatzung: mit Gebiet und Dienstkräfte unten ändern")
        )

        self.time_edit = QLineEdit()
        self.time_edit.setObjectName("timeEdit")
        self.time_edit.setMaxLength(40)
        self.time_edit.setPlaceholderText(self.tr(_TIME_PLACEHOLDER))
        self.time_edit.setToolTip(
            self.tr("Leer lassen für jetzt, oder z. B. „18:46“, „gestern 22:10“, „7.12. 18:46“")
        )
        self.time_echo = QLabel()
        self.time_echo.setObjectName("timeEcho")
        self.time_echo.setWordWrap(True)

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

        self._build_category()
        self.measure_list = check_list("measureList", [(m.id, m.name) for m in measures])

        self.source_combo = QComboBox()
        self.source_combo.setObjectName("sourceCombo")
        for source in IncidentSource:
            self.source_combo.addItem(source.label, source.value)
        self._default_source()

        self._build_text_fields()

    def _build_text_fields(self) -> None:
        self.place_edit = QLineEdit()
        self.place_edit.setObjectName("placeEdit")
        self.place_edit.setMaxLength(MAX_PLACE)
        self.place_model = QStringListModel(self)
        place_completer = QCompleter(self.place_model, self.place_edit)
        place_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        place_completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.place_edit.setCompleter(place_completer)
        self.place_edit.textEdited.connect(self._suggest_places)
        self.coordinates_edit = QLineEdit()
        self.coordinates_edit.setObjectName("coordinatesEdit")
        self.coordinates_edit.setMaxLength(60)
        self.coordinates_edit.setPlaceholderText(self.tr("optional, z. B. 54,0758; 9,9805"))

        self.description_edit = QPlainTextEdit()
        self.description_edit.setObjectName("descriptionEdit")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setPlaceholderText(self.tr("Was geschah? Strg+Enter speichert."))
        self.description_edit.setMinimumHeight(72)

        self.footage_label = QLabel()
        self.footage_label.setObjectName("footageLabel")
        self.footage_label.setStyleSheet("color: #8a5a00; font-weight: 600;")
        self.footage_label.hide()

    def _build_saved_bar(self) -> None:
        """ "VK-2026-000301 gespeichert" and a button to open it (after Speichern und neu)."""
        self.saved_bar = QWidget()
        self.saved_bar.setObjectName("savedBar")
        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedLabel")
        self.saved_label.setStyleSheet("color: #1e6b34; font-weight: 600;")
        self.open_saved_button = QPushButton(self.tr("Ö&ffnen"))
        self.open_saved_button.setObjectName("openSavedButton")
        self.open_saved_button.setAutoDefault(False)
        self.open_saved_button.setToolTip(self.tr("Das gespeicherte Vorkommnis öffnen"))
        self.open_saved_button.clicked.connect(self.open_last_saved)
        row = QHBoxLayout(self.saved_bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.saved_label)
        row.addWidget(self.open_saved_button)
        row.addStretch(1)
        self.saved_bar.hide()

    def _build_category(self) -> None:
        """An editable combo of the categories; typing completes on any part of a name."""
        self.category_combo = QComboBox()
        self.category_combo.setObjectName("categoryCombo")
        self.category_combo.setEditable(True)
        self.category_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.category_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        for category in self._categories:
            self.category_combo.addItem(category.name, category.id)
        self.category_combo.setCurrentIndex(-1)
        self.category_combo.setEditText("")
        completer = QCompleter(self.category_combo.model(), self.category_combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.category_combo.setCompleter(completer)
        category_edit = self.category_combo.lineEdit()
        assert category_edit is not None
        self.category_edit = category_edit
        self.category_edit.setObjectName("categoryEdit")
        self.category_edit.setPlaceholderText(self.tr("tippen, z. B. „ruhe“, dann Tab"))

    def _build_form(self) -> None:
        self.form.addRow(self.duty_label)
        self.form.addRow(self.tr("&Kategorie:"), self.category_combo)
        self.form.addRow(self.tr("&Ort:"), self.place_edit)
        self.form.addRow(self.tr("&Beschreibung:"), self.description_edit)
        self.form.addRow(self.tr("&Maßnahmen:"), self.measure_list)
        time_row = QVBoxLayout()  # the echo below: a message has the whole width
        time_row.setSpacing(2)
        time_row.addWidget(self.time_edit)
        time_row.addWidget(self.time_echo)
        self.form.addRow(self.tr("&Zeit:"), time_row)
        label = self.form.labelForField(time_row)
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
        for field in (*self.fields, self.category_edit):
            field.installEventFilter(self)
        # With a completer's popup open, Enter reaches the line edit past the event filter.
        for line in (self.category_edit, self.place_edit):
            line.returnPressed.connect(
                lambda line=line: QTimer.singleShot(0, lambda: self._enter_pressed(line))
            )
        for sequence, slot in (
            ("Ctrl+Return", self.try_save),
            ("Ctrl+Enter", self.try_save),
            ("Ctrl+Shift+Return", self.save_and_new),
            ("Ctrl+Shift+Enter", self.save_and_new),
        ):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
        self.time_edit.editingFinished.connect(self._time_finished)
        # Leaving the category (Tab, also from the completer's popup, or a click) resolves the
        # type-ahead where the officer sees it; a focus event alone misses the popup's Tab.
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self.area_combo.activated.connect(self._area_chosen)

    # ------------------------------------------------------------ defaults: the running duty

    def _default_source(self) -> None:
        self.source_combo.setCurrentIndex(self.source_combo.findData(IncidentSource.PATROL.value))

    def _apply_defaults(self) -> None:
        self._duties = self._running_duties(self.now())
        acting = self._acting_officer_id()
        duty = pick_duty(self._duties, officer_id=acting)
        if duty is not None and duty.area_id in self._areas:
            self.area_combo.setCurrentIndex(self.area_combo.findData(duty.area_id))
        self._fill_crew(duty)

    def _acting_officer_id(self) -> str | None:
        try:
            return self.services.incidents.acting_officer_id()
        except Exception:  # defaults are a convenience: never block the entry form
            log.exception("Angemeldete Dienstkraft nicht lesbar")
            return None

    def _running_duties(self, at: datetime) -> list[RunningDuty]:
        try:
            return self.services.incidents.running_duties(at)
        except Exception:  # defaults are a convenience: never block the entry form
            log.exception("Dienste für die Schnellerfassung nicht lesbar")
            return []

    def _fill_crew(self, duty: RunningDuty | None) -> None:
        """Tick the duty's crew (or the acting officer alone), ticked names on top."""
        self._duty = duty
        if duty is not None:
            crew: Sequence[str] = duty.crew_ids
        else:
            acting = self._acting_officer_id()
            crew = [acting] if acting is not None else []
        was_loading, self._loading = self._loading, True
        set_checked_ids(self.officer_list, crew)
        checked_first(self.officer_list)
        self._loading = was_loading
        self._crew_touched = False
        self._update_duty_line()

    def _area_chosen(self, _index: int = -1) -> None:
        """Another area: that area's running duty and its crew."""
        area_id = self.area_combo.currentData()
        self._fill_crew(
            pick_duty(self._duties, area_id=area_id, officer_id=self._acting_officer_id())
        )
        self._changed()

    def _time_finished(self) -> None:
        """A new time: the area's duty running then; its crew unless ticked by hand.

        When no duty of the area ran then, the crew stays as it is (nobody is dropped
        silently) and the line says so.
        """
        self._update_time_echo()
        moment = self.occurred_at_or_none()
        if moment is None:
            return
        self._duties = self._running_duties(moment)
        duty = pick_duty(
            self._duties,
            area_id=self.area_combo.currentData(),
            officer_id=self._acting_officer_id(),
        )
        if duty is not None and duty != self._duty and not self._crew_touched:
            self._fill_crew(duty)
            return
        self._duty = duty
        self._update_duty_line()

    def duty_text(self) -> str:
        return self.duty_label.text()

    def _update_duty_line(self) -> None:
        crew = [self._names.get(i, (i, "")) for i in checked_ids(self.officer_list)]
        duty = (
            self._duty
            if self._duty is not None and (self._duty.area_id == self.area_combo.currentData())
            else None
        )
        self.duty_label.setText(duty_line(duty, self.area_combo.currentText(), crew))

    # ------------------------------------------------------------ the time

    def occurred_at(self) -> datetime:
        """The typed time (empty = now); raises ValidationError ("Zeit: …")."""
        return parse_occurred_at(self.time_edit.text(), self.now())

    def occurred_at_or_none(self) -> datetime | None:
        try:
            return self.occurred_at()
        except ValidationError:
            return None

    def _update_time_echo(self) -> None:
        try:
            moment = self.occurred_at()
        except ValidationError as refused:
            self.time_echo.setText(refused.messages[0])
            self.time_echo.setStyleSheet("color: #b00020;")
            return
        self.time_echo.setStyleSheet("color: #5f6368;")
        if self.time_edit.text().strip():
            self.time_echo.setText("= " + describe_moment(moment, self.now()))
        else:
            self.time_echo.setText(
                self.tr("= jetzt ({moment})").format(moment=describe_moment(moment, self.now()))
            )

    # ------------------------------------------------------------ keyboard

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Override of QObject.eventFilter: Enter moves on (Ctrl+Enter saves)."""
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                self._hide_popup_of(watched)  # Tab leaves the field even with suggestions open
                self._reclaim_activation()
            if event.key() not in _ENTER_KEYS:
                return super().eventFilter(watched, event)
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.save_and_new()
                else:
                    self.try_save()
                return True
            if watched is not self.description_edit:
                self._enter_pressed(watched)
                return True
        return super().eventFilter(watched, event)

    def _close_popup(self, popup: QWidget) -> None:
        popup.hide()
        self._reclaim_activation()

    def _reclaim_activation(self) -> None:
        """Some platforms leave a hidden completer popup the active window, and Tab would then
        go nowhere: the form becomes the active window again."""
        active = QApplication.activeWindow()
        popups = []
        for line in (self.category_edit, self.place_edit):
            completer = line.completer()
            if completer is not None and completer.popup() is not None:
                popups.append(completer.popup())
        if active in popups and active is not None and not active.isVisible():
            self.activateWindow()

    def _hide_popup_of(self, watched: QObject) -> None:
        line = self.category_edit if watched is self.category_combo else watched
        completer = line.completer() if isinstance(line, QLineEdit) else None
        popup = completer.popup() if completer is not None else None
        if popup is not None and popup.isVisible():
            self._close_popup(popup)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        category = (self.category_combo, self.category_edit)
        completer = self.category_combo.completer()
        popup = completer.popup() if completer is not None else None
        if old in category and new is not None and new not in (*category, popup):
            self.complete_category()
            self._reclaim_activation()

    def _enter_pressed(self, watched: QObject) -> None:
        """Enter in a single-line field: complete the category, then go to the next field."""
        if watched in (self.category_combo, self.category_edit):
            self.complete_category()
        widget = watched if isinstance(watched, QWidget) else None
        if widget is self.category_edit:
            widget = self.category_combo
        if widget in self.fields:
            index = self.fields.index(widget)
            if index + 1 < len(self.fields):
                self.fields[index + 1].setFocus(Qt.FocusReason.TabFocusReason)

    def complete_category(self) -> None:
        """Type-ahead: the typed text becomes the first category that contains it."""
        text = self.category_combo.currentText().strip()
        completer = self.category_combo.completer()
        popup = completer.popup() if completer is not None else None
        if popup is not None and popup.isVisible():
            self._close_popup(popup)
        if not text or self._category_id(text, exact=True):
            return
        match = self._category_id(text, exact=False)
        if match is not None:
            self.category_combo.setCurrentIndex(self.category_combo.findData(match))

    def _category_id(self, text: str, *, exact: bool) -> str | None:
        wanted = text.strip().casefold()
        if not wanted:
            return None
        for category in self._categories:
            if category.name.casefold() == wanted:
                return category.id
        if exact:
            return None
        for category in self._categories:
            if wanted in category.name.casefold():
                return category.id
        return None

    def _suggest_places(self, text: str) -> None:
        try:
            places = self.services.incidents.places(text.strip())
        except Exception:
            log.exception("Ortsvorschläge nicht lesbar")
            return
        self.place_model.setStringList(places)

    # ------------------------------------------------------------ the draft

    def build_draft(self) -> IncidentDraft:
        problems: list[FieldProblem] = []
        occurred_at: datetime | None = None
        try:
            occurred_at = self.occurred_at()
        except ValidationError as refused:
            problems += refused.problems
        text = self.category_combo.currentText().strip()
        category_id = self._category_id(text, exact=True)
        if text and category_id is None:
            message = self.tr("Kategorie: „{text}“ steht nicht im Katalog.")
            problems.append(FieldProblem("category_id", message.format(text=text)))
        source = self.source_combo.currentData()
        coordinates = None
        try:
            coordinates = parse_coordinates(self.coordinates_edit.text())
        except ValidationError as refused:
            problems += refused.problems
        area_id = self.area_combo.currentData()
        duty = self._duty
        draft = IncidentDraft(
            occurred_at=occurred_at,
            area_id=area_id,
            category_id=category_id,
            source=IncidentSource(source) if source else None,
            place=self.place_edit.text(),
            latitude=coordinates[0] if coordinates else None,
            longitude=coordinates[1] if coordinates else None,
            description=self.description_edit.toPlainText(),
            officer_ids=checked_ids(self.officer_list),
            measure_ids=checked_ids(self.measure_list),
            shift_id=duty.shift_id if duty is not None and duty.area_id == area_id else None,
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
        self.delete_draft()
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
        self.category_combo.setCurrentIndex(-1)
        self.category_combo.setEditText("")
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
        self._update_time_echo()
        self._update_footage_hint()
        if len(self.saved) > count:
            self.show_saved(self.saved[-1])
        self.category_combo.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def show_saved(self, saved: IncidentSaved) -> None:
        self.saved_label.setText(
            self.tr("{reference} gespeichert").format(reference=saved.reference)
        )
        self.open_saved_button.setVisible(self._open_incident is not None)
        self.saved_bar.show()

    def set_open_incident(self, open_incident: Callable[[str], object] | None) -> None:
        self._open_incident = open_incident

    def open_last_saved(self) -> bool:
        if not self.saved or self._open_incident is None:
            return False
        self._open_incident(self.saved[-1].id)
        return True

    def discard(self) -> None:
        """ "Verwerfen": forget the draft and close."""
        self.delete_draft()
        super().reject()

    def reject(self) -> None:
        """Abbrechen/Esc closes; typed text stays in the draft for the next quick entry."""
        if self._draft_timer.isActive():
            self.write_draft()
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
        if self._loading:
            return
        self._crew_touched = True
        self._update_duty_line()
        self._changed()

    def _changed(self, *_: object) -> None:
        if self._loading:
            return
        self._update_footage_hint()
        self._draft_timer.start()

    def state(self) -> dict[str, Any]:
        """The form as JSON-ready values (the draft file's content).

        The time is stored absolute ("07.12.2026 18:46"): "now" or "gestern 22:10" must not
        move when the draft is restored later; text that does not parse is kept as typed.
        """
        moment = self.occurred_at_or_none()
        return {
            "format": DRAFT_FORMAT,
            "time": format_moment(moment) if moment is not None else self.time_edit.text(),
            "area_id": self.area_combo.currentData(),
            "shift_id": self._duty.shift_id if self._duty is not None else None,
            "officer_ids": list(checked_ids(self.officer_list)),
            "category": self.category_combo.currentText(),
            "measure_ids": list(checked_ids(self.measure_list)),
            "source": self.source_combo.currentData(),
            "place": self.place_edit.text(),
            "coordinates": self.coordinates_edit.text(),
            "description": self.description_edit.toPlainText(),
        }

    def write_draft(self) -> None:
        self._draft_timer.stop()
        try:
            write_atomically(
                self.draft_path, json.dumps(self.state(), ensure_ascii=False), make_parents=True
            )
        except UserError:
            log.exception("Entwurf nicht gespeichert: %s", self.draft_path)

    def delete_draft(self) -> None:
        self._draft_timer.stop()
        with contextlib.suppress(FileNotFoundError):
            self.draft_path.unlink()

    def _restore_draft(self) -> bool:
        try:
            state = json.loads(self.draft_path.read_text(encoding="utf-8"))
            if not isinstance(state, dict):
                raise ValueError("kein Objekt")
            self._fill(state)
        except (OSError, ValueError, TypeError):
            log.exception("Entwurf nicht lesbar: %s", self.draft_path)
            return False
        self.notice_label.setText(self.tr("Entwurf wiederhergestellt"))
        self.notice_label.show()
        return True

    def _fill(self, state: dict[str, Any]) -> None:
        if "time" in state:
            self.time_edit.setText(str(state["time"]))
        else:  # format 1: "yyyy-MM-ddTHH:mm", Berlin wall clock
            moment = datetime.fromisoformat(str(state.get("occurred_at", "")))
            self.time_edit.setText(f"{moment:%d.%m.%Y %H:%M}")
        self.area_combo.setCurrentIndex(self.area_combo.findData(state.get("area_id")))
        restored_at = self.occurred_at_or_none()
        if restored_at is not None:
            self._duties = self._running_duties(restored_at)
        shift_id = state.get("shift_id")
        self._duty = next((d for d in self._duties if d.shift_id == shift_id), None)
        set_checked_ids(self.officer_list, [str(x) for x in state.get("officer_ids", [])])
        checked_first(self.officer_list)
        self.category_combo.setEditText(str(state.get("category", "")))
        set_checked_ids(self.measure_list, [str(x) for x in state.get("measure_ids", [])])
        source_index = self.source_combo.findData(state.get("source"))
        if source_index >= 0:
            self.source_combo.setCurrentIndex(source_index)
        self.place_edit.setText(str(state.get("place", "")))
        self.coordinates_edit.setText(str(state.get("coordinates", "")))
        self.description_edit.setPlainText(str(state.get("description", "")))
        self._update_duty_line()

    # ------------------------------------------------------------ footage

    def footage_deadline(self) -> datetime | None:
        """When the area's video footage of the chosen time is overwritten, if it is filmed."""
        area = self._areas.get(str(self.area_combo.currentData()))
        occurred_at = self.occurred_at_or_none()
        if area is None or occurred_at is None:
            return None
        if not area.video_active_on(to_local(occurred_at).date()):
            return None
        return occurred_at + timedelta(hours=area.footage_retention_hours)

    def _update_footage_hint(self) -> None:
        deadline = self.footage_deadline()
        if deadline is None:
            self.footage_label.hide()
            return
        self.footage_label.setText(
            self.tr("Videoaufnahmen sichern bis {deadline}").format(
                deadline=f"{to_local(deadline):%d.%m.%Y %H:%M}"
            )
        )
        self.footage_label.show()
