"""Quick entry of an incident (Ctrl+N): keyboard first, with a crash-safe draft (issue 5, item 1).

Tab runs through the fields in the order of the form, Enter in a single-line field moves on
(in the category it first completes the type-ahead), Ctrl+Enter saves from anywhere. Every
change is written (debounced) as JSON to ``draft_path``; a new dialog restores that draft, a
successful save or "Verwerfen" deletes it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, QStringListModel, Qt, QTime, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain.enums import CatalogKind, IncidentSource
from kod_desk.domain.errors import ValidationError
from kod_desk.domain.geo import parse_coordinates
from kod_desk.domain.incidents import MAX_PLACE, IncidentDraft, validate_incident
from kod_desk.domain.timeutil import to_local, utcnow
from kod_desk.paths import user_data_dir
from kod_desk.ui.dialogs.bike_dialogs import from_qdatetime, to_qdatetime
from kod_desk.ui.dialogs.officer_dialog import FormDialog

if TYPE_CHECKING:
    from kod_desk.domain.dashboard import DutyRow
    from kod_desk.domain.masterdata import Area, CatalogEntry, Officer
    from kod_desk.services.registry import Services

log = logging.getLogger(__name__)

DRAFT_DELAY_MS = 500
DRAFT_FORMAT = 1
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def default_draft_path() -> Path:
    return user_data_dir() / "drafts" / "vorkommnis.json"


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file and os.replace (never half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


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


class QuickEntryDialog(FormDialog[IncidentDraft]):
    """A new incident, fast: defaults from the duty running now, type-ahead, draft on disk."""

    def __init__(
        self,
        services: Services,
        save: Callable[[IncidentDraft], None],
        draft_path: Path | None = None,
        now: datetime | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(save, parent)
        self.setObjectName("quickEntryDialog")
        self.setWindowTitle(self.tr("Neues Vorkommnis"))
        self.services = services
        self.draft_path = draft_path if draft_path is not None else default_draft_path()
        self._now = now
        self._loading = True
        self.restored = False

        self._areas: dict[str, Area] = {
            a.id: a for a in services.masterdata.areas(include_inactive=False)
        }
        officers = services.masterdata.officers(include_inactive=False)
        self._by_service_number = {o.service_number.casefold(): o.id for o in officers}
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
        self._update_footage_hint()
        self.setMinimumWidth(520)
        self.time_edit.setFocus()

    def _build_fields(self, officers: Sequence[Officer], measures: Sequence[CatalogEntry]) -> None:
        self.notice_label = QLabel()
        self.notice_label.setObjectName("draftNoticeLabel")
        self.notice_label.setStyleSheet("color: #2d5285; font-weight: 600;")
        self.notice_label.hide()

        self.time_edit = QDateTimeEdit()
        self.time_edit.setObjectName("timeEdit")
        self.time_edit.setDisplayFormat("dd.MM.yyyy HH:mm")
        self.time_edit.setCalendarPopup(True)

        self.area_combo = QComboBox()
        self.area_combo.setObjectName("areaCombo")
        for area in self._areas.values():
            self.area_combo.addItem(area.name, area.id)
        self.area_combo.setPlaceholderText(self.tr("– bitte wählen –"))
        self.area_combo.setCurrentIndex(-1)

        self.officer_list = check_list(
            "officerList", [(o.id, f"{o.display_name} ({o.service_number})") for o in officers]
        )

        self._build_category()
        self.measure_list = check_list("measureList", [(m.id, m.name) for m in measures])

        self.source_combo = QComboBox()
        self.source_combo.setObjectName("sourceCombo")
        for source in IncidentSource:
            self.source_combo.addItem(source.label, source.value)
        self.source_combo.setCurrentIndex(self.source_combo.findData(IncidentSource.PATROL.value))

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
        self.description_edit.setMinimumHeight(90)

        self.footage_label = QLabel()
        self.footage_label.setObjectName("footageLabel")
        self.footage_label.setStyleSheet("color: #8a5a00; font-weight: 600;")
        self.footage_label.hide()

    def _build_category(self) -> None:
        """An editable combo of the categories; typing completes on any part of a name."""
        self.category_combo = QComboBox()
        self.category_combo.setObjectName("categoryCombo")
        self.category_combo.setEditable(True)
        self.category_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
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
        self.category_edit.setPlaceholderText(self.tr("tippen, z. B. „ruhe“"))

    def _build_form(self) -> None:
        self.form.addRow(self.tr("&Zeit:"), self.time_edit)
        self.form.addRow(self.tr("&Gebiet:"), self.area_combo)
        self.form.addRow("", self.footage_label)
        self.form.addRow(self.tr("&Dienstkräfte:"), self.officer_list)
        self.form.addRow(self.tr("&Kategorie:"), self.category_combo)
        self.form.addRow(self.tr("&Maßnahmen:"), self.measure_list)
        self.form.addRow(self.tr("&Quelle:"), self.source_combo)
        self.form.addRow(self.tr("&Ort:"), self.place_edit)
        self.form.addRow(self.tr("Koord&inaten:"), self.coordinates_edit)
        self.form.addRow(self.tr("&Beschreibung:"), self.description_edit)
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(0, self.notice_label)

        self.discard_button = QPushButton(self.tr("Verwerfen"))
        self.discard_button.setObjectName("discardButton")
        self.discard_button.setAutoDefault(False)
        self.buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.discard_button.clicked.connect(self.discard)
        self.save_button.setToolTip(self.tr("Speichern (Strg+Enter)"))

    def _wire_keyboard(self) -> None:
        self.fields: tuple[QWidget, ...] = (
            self.time_edit,
            self.area_combo,
            self.officer_list,
            self.category_combo,
            self.measure_list,
            self.source_combo,
            self.place_edit,
            self.coordinates_edit,
            self.description_edit,
        )
        for first, second in zip(self.fields, self.fields[1:], strict=False):
            QWidget.setTabOrder(first, second)
        QWidget.setTabOrder(self.description_edit, self.save_button)
        for field in (*self.fields, self.category_edit):
            if field is not None:
                field.installEventFilter(self)
        # With a completer's popup open, Enter reaches the line edit past the event filter.
        for line in (self.category_edit, self.place_edit):
            line.returnPressed.connect(
                lambda line=line: QTimer.singleShot(0, lambda: self._enter_pressed(line))
            )
        for sequence in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self.try_save)

    # ------------------------------------------------------------ defaults

    def _apply_defaults(self) -> None:
        now = self._now or utcnow()
        self.time_edit.setDateTime(to_qdatetime(now))
        acting = self._acting_officer_id()
        duty = self._current_duty(now, acting)
        if duty is not None:
            by_name = {a.name: a.id for a in self._areas.values()}
            area_id = by_name.get(duty.area)
            if area_id is not None:
                self.area_combo.setCurrentIndex(self.area_combo.findData(area_id))
            set_checked_ids(self.officer_list, [c.officer_id for c in duty.crew])
        elif acting is not None:
            set_checked_ids(self.officer_list, [acting])

    def _acting_officer_id(self) -> str | None:
        """The officer whose service number is the acting user's name, if any."""
        return self._by_service_number.get(self.services.context.actor.casefold())

    def _current_duty(self, now: datetime, acting: str | None) -> DutyRow | None:
        """The acting officer's duty running now, else the first duty running now."""
        try:
            running = self.services.dashboard.snapshot(now).on_duty_now
        except Exception:  # defaults are a convenience: never block the entry form
            log.exception("Dienste für die Schnellerfassung nicht lesbar")
            return None
        for duty in running:
            if acting is not None and any(c.officer_id == acting for c in duty.crew):
                return duty
        return running[0] if running else None

    # ------------------------------------------------------------ keyboard

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            if event.key() not in _ENTER_KEYS:
                return super().eventFilter(watched, event)
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.try_save()
                return True
            if watched is not self.description_edit:
                self._enter_pressed(watched)
                return True
        return super().eventFilter(watched, event)

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
        if not text or self._category_id(text, exact=True):
            return
        match = self._category_id(text, exact=False)
        if match is not None:
            self.category_combo.setCurrentIndex(self.category_combo.findData(match))
        completer = self.category_combo.completer()
        popup = completer.popup() if completer is not None else None
        if popup is not None:
            popup.hide()

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
        problems: list[str] = []
        text = self.category_combo.currentText().strip()
        category_id = self._category_id(text, exact=True)
        if text and category_id is None:
            message = self.tr("Kategorie: „{text}“ steht nicht im Katalog.")
            problems.append(message.format(text=text))
        source = self.source_combo.currentData()
        coordinates = None
        try:
            coordinates = parse_coordinates(self.coordinates_edit.text())
        except ValidationError as refused:
            problems += refused.messages
        draft = IncidentDraft(
            occurred_at=from_qdatetime(self.time_edit.dateTime()),
            area_id=self.area_combo.currentData(),
            category_id=category_id,
            source=IncidentSource(source) if source else None,
            place=self.place_edit.text(),
            latitude=coordinates[0] if coordinates else None,
            longitude=coordinates[1] if coordinates else None,
            description=self.description_edit.toPlainText(),
            officer_ids=checked_ids(self.officer_list),
            measure_ids=checked_ids(self.measure_list),
        )
        if problems:
            others = validate_incident(draft.normalized(), utcnow())
            known = ("Kategorie", "Koordinaten")
            raise ValidationError(problems + [p for p in others if not p.startswith(known)])
        return draft

    def fields_for_messages(self) -> Sequence[tuple[str, QWidget]]:
        return (
            ("Zeitpunkt", self.time_edit),
            ("Einsatzgebiet", self.area_combo),
            ("Dienstkräfte", self.officer_list),
            ("Kategorie", self.category_combo),
            ("Maßnahme", self.measure_list),
            ("Quelle", self.source_combo),
            ("Ort:", self.place_edit),
            ("Koordinaten", self.coordinates_edit),
            ("Beschreibung", self.description_edit),
        )

    def try_save(self) -> bool:
        self.complete_category()
        saved = super().try_save()
        if saved:
            self.delete_draft()
        return saved

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
        self.time_edit.dateTimeChanged.connect(self._changed)
        self.area_combo.currentIndexChanged.connect(self._changed)
        self.officer_list.itemChanged.connect(self._changed)
        self.category_combo.editTextChanged.connect(self._changed)
        self.measure_list.itemChanged.connect(self._changed)
        self.source_combo.currentIndexChanged.connect(self._changed)
        self.place_edit.textChanged.connect(self._changed)
        self.coordinates_edit.textChanged.connect(self._changed)
        self.description_edit.textChanged.connect(self._changed)

    def _changed(self, *_: object) -> None:
        if self._loading:
            return
        self._update_footage_hint()
        self._draft_timer.start()

    def state(self) -> dict[str, Any]:
        """The form as JSON-ready values (the draft file's content)."""
        value = self.time_edit.dateTime()
        return {
            "format": DRAFT_FORMAT,
            "occurred_at": value.toString("yyyy-MM-ddTHH:mm"),
            "area_id": self.area_combo.currentData(),
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
            write_atomically(self.draft_path, json.dumps(self.state(), ensure_ascii=False))
        except OSError:
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
        moment = datetime.fromisoformat(str(state.get("occurred_at", "")))
        self.time_edit.setDateTime(
            QDateTime(
                QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute)
            )
        )
        self.area_combo.setCurrentIndex(self.area_combo.findData(state.get("area_id")))
        set_checked_ids(self.officer_list, [str(x) for x in state.get("officer_ids", [])])
        self.category_combo.setEditText(str(state.get("category", "")))
        set_checked_ids(self.measure_list, [str(x) for x in state.get("measure_ids", [])])
        source_index = self.source_combo.findData(state.get("source"))
        if source_index >= 0:
            self.source_combo.setCurrentIndex(source_index)
        self.place_edit.setText(str(state.get("place", "")))
        self.coordinates_edit.setText(str(state.get("coordinates", "")))
        self.description_edit.setPlainText(str(state.get("description", "")))

    # ------------------------------------------------------------ footage

    def footage_deadline(self) -> datetime | None:
        """When the area's video footage of the chosen time is overwritten, if it is filmed."""
        area = self._areas.get(str(self.area_combo.currentData()))
        if area is None:
            return None
        occurred_at = from_qdatetime(self.time_edit.dateTime())
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
