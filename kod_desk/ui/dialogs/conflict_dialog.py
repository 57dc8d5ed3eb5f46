"""A synchronisation conflict: both versions of one record side by side, the differing fields
highlighted and listed first; the supervisor keeps ours, takes theirs, or ticks single fields.

Nothing was overwritten when the conflict arose; the decision is written (and audited) by
``services.sync.resolve`` and travels on with the next package.
"""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain import sync as ds
from kod_desk.domain.errors import UserError
from kod_desk.domain.text import german_decimal, german_int
from kod_desk.domain.timeutil import format_date, format_local, to_local

if TYPE_CHECKING:
    from kod_desk.services.base import Result
    from kod_desk.services.registry import Services

INTERNAL = ("id", "_vv", "created_at", "updated_at", "updated_by", "version", "origin")
_DIFFERS = QColor("#fff3cd")
_TAKEN = QColor("#d1e7dd")
_GREY = QBrush(QColor("#7a7f87"))
_BAD = "QLabel { background: #fbe9e7; color: #a4262c; padding: 8px; border-radius: 3px; }"
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
FIELD, OURS, THEIRS, TAKE = range(4)


def field_labels() -> dict[str, str]:
    """German names of the fields a user knows (others show their technical name)."""
    return {
        "reference": QCoreApplication.translate("ConflictDialog", "Nummer"),
        "occurred_at": QCoreApplication.translate("ConflictDialog", "Zeitpunkt"),
        "area_id": QCoreApplication.translate("ConflictDialog", "Einsatzgebiet"),
        "category_id": QCoreApplication.translate("ConflictDialog", "Kategorie"),
        "shift_id": QCoreApplication.translate("ConflictDialog", "Dienst"),
        "source": QCoreApplication.translate("ConflictDialog", "Quelle"),
        "place": QCoreApplication.translate("ConflictDialog", "Ort"),
        "latitude": QCoreApplication.translate("ConflictDialog", "Breitengrad"),
        "longitude": QCoreApplication.translate("ConflictDialog", "Längengrad"),
        "description": QCoreApplication.translate("ConflictDialog", "Beschreibung"),
        "status": QCoreApplication.translate("ConflictDialog", "Status"),
        "status_changed_at": QCoreApplication.translate("ConflictDialog", "Status geändert am"),
        "status_changed_by": QCoreApplication.translate("ConflictDialog", "Status geändert von"),
        "outcome": QCoreApplication.translate("ConflictDialog", "Ergebnis"),
        "footage_reminder": QCoreApplication.translate("ConflictDialog", "Videosicherung erinnern"),
        "personal_data_purged_at": QCoreApplication.translate(
            "ConflictDialog", "Personendaten gelöscht am"
        ),
        "deleted_at": QCoreApplication.translate("ConflictDialog", "Gelöscht"),
        "name": QCoreApplication.translate("ConflictDialog", "Name"),
        "last_name": QCoreApplication.translate("ConflictDialog", "Nachname"),
        "first_name": QCoreApplication.translate("ConflictDialog", "Vorname"),
        "service_number": QCoreApplication.translate("ConflictDialog", "Dienstnummer"),
        "unit": QCoreApplication.translate("ConflictDialog", "Bereich"),
        "role": QCoreApplication.translate("ConflictDialog", "Rolle"),
        "active": QCoreApplication.translate("ConflictDialog", "Aktiv"),
        "note": QCoreApplication.translate("ConflictDialog", "Bemerkung"),
        "text": QCoreApplication.translate("ConflictDialog", "Text"),
        "duty_date": QCoreApplication.translate("ConflictDialog", "Diensttag"),
        "starts_at": QCoreApplication.translate("ConflictDialog", "Beginn"),
        "ends_at": QCoreApplication.translate("ConflictDialog", "Ende"),
        "kind": QCoreApplication.translate("ConflictDialog", "Art"),
        "break_minutes": QCoreApplication.translate("ConflictDialog", "Pause (Minuten)"),
        "min_staff": QCoreApplication.translate("ConflictDialog", "Mindestbesetzung"),
        "officer_id": QCoreApplication.translate("ConflictDialog", "Dienstkraft"),
        "starts_on": QCoreApplication.translate("ConflictDialog", "Von"),
        "ends_on": QCoreApplication.translate("ConflictDialog", "Bis"),
        "inventory_no": QCoreApplication.translate("ConflictDialog", "Inventarnummer"),
        "model": QCoreApplication.translate("ConflictDialog", "Modell"),
        "condition": QCoreApplication.translate("ConflictDialog", "Zustand"),
        "odometer_km": QCoreApplication.translate("ConflictDialog", "km-Stand"),
        "subject": QCoreApplication.translate("ConflictDialog", "Gegenstand"),
        "address": QCoreApplication.translate("ConflictDialog", "Anschrift"),
        "due_on": QCoreApplication.translate("ConflictDialog", "Fällig am"),
        "received_on": QCoreApplication.translate("ConflictDialog", "Eingegangen am"),
        "result": QCoreApplication.translate("ConflictDialog", "Ergebnis"),
        "written_at": QCoreApplication.translate("ConflictDialog", "Geschrieben am"),
        "id": QCoreApplication.translate("ConflictDialog", "Kennung"),
        "_vv": QCoreApplication.translate("ConflictDialog", "Versionsstand"),
        "created_at": QCoreApplication.translate("ConflictDialog", "Angelegt am"),
        "updated_at": QCoreApplication.translate("ConflictDialog", "Zuletzt geändert am"),
        "updated_by": QCoreApplication.translate("ConflictDialog", "Zuletzt geändert von"),
        "version": QCoreApplication.translate("ConflictDialog", "Version"),
        "origin": QCoreApplication.translate("ConflictDialog", "Angelegt an Station"),
    }


def reference_names(services: Services, shift_ids: set[str]) -> dict[str, str]:
    """Names of the master data, bikes and duties a record may point to, by id."""
    try:
        data = services.masterdata.load()
        bikes = services.bikes.list_bikes()
    except UserError:
        return {}
    names = {o.id: o.display_name for o in data.officers}
    names.update({a.id: a.name for a in data.areas})
    names.update({c.id: c.name for c in data.catalog})
    names.update({t.id: t.name for t in data.templates})
    names.update({b.id: b.inventory_no for b in bikes})
    for ident in shift_ids:
        try:
            duty = services.roster.shift(ident)
        except UserError:
            continue
        names[ident] = f"{format_local(duty.starts_at)} {duty.label}".strip()
    return names


def precise(value: Any) -> str | None:
    """A point in time to the millisecond (when two differ only within their minute)."""
    if isinstance(value, str) and _DATETIME.match(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
        local = to_local(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
        return local.strftime("%d.%m.%Y %H:%M:%S,") + f"{local.microsecond // 1000:03d}"
    return None


def readable(table: str, field: str, value: Any, names: dict[str, str] | None = None) -> str:
    """A stored (JSON-encoded) value as a person reads it; ``names`` resolves referenced ids."""
    if names and field.endswith("_id") and isinstance(value, str) and value in names:
        return names[value]
    if field == "deleted_at":
        if value is None:
            return QCoreApplication.translate("ConflictDialog", "nicht gelöscht")
        return QCoreApplication.translate("ConflictDialog", "gelöscht am {when}").format(
            when=readable(table, "", value)
        )
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return (
            QCoreApplication.translate("ConflictDialog", "ja")
            if value
            else QCoreApplication.translate("ConflictDialog", "nein")
        )
    if field == "password_hash":
        return QCoreApplication.translate("ConflictDialog", "(Kennwort gesetzt)")
    if isinstance(value, dict) and set(value) == {"$b64"}:
        size = len(str(value["$b64"])) * 3 // 4
        return QCoreApplication.translate("ConflictDialog", "Binärdaten ({size} Bytes)").format(
            size=german_int(size)
        )
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return german_decimal(value, 6, trim=True, grouping=False)
    if isinstance(value, str):
        enum = ds.CHOICES.get((table, field))
        if enum is not None:
            try:
                return str(getattr(enum(value), "label", value))
            except ValueError:
                return value
        return _date_text(value)
    return str(value)


def _date_text(value: str) -> str:
    try:
        if _DATETIME.match(value):
            moment = datetime.fromisoformat(value)
            return format_local(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
        if _DATE.match(value):
            return format_date(date.fromisoformat(value))
        if _TIME.match(value):
            return time.fromisoformat(value).strftime("%H:%M")
    except ValueError:
        pass
    return value


def _vector(value: Any) -> str:
    if not isinstance(value, dict):
        return readable("", "", value)
    return ", ".join(f"{str(k)[:8]}: {v}" for k, v in sorted(value.items()))


def record_hint(conflict: ds.ConflictView) -> str:
    """What a person recognises the record by: an incident's number, a duty's date and time,
    otherwise the first text of the record."""
    row = conflict.ours or conflict.theirs
    if conflict.table in ("incident", "investigation_case") and row.get("reference"):
        return str(row["reference"])
    if conflict.table == "shift" and row.get("starts_at"):
        return readable("shift", "starts_at", row["starts_at"])
    if conflict.table in ("officer", "incident_person") and row.get("last_name"):
        return ", ".join(str(row[k]) for k in ("last_name", "first_name") if row.get(k))
    for key, value in row.items():
        if key in INTERNAL or key.endswith("_id") or key == "password_hash":
            continue
        if isinstance(value, str) and value and not ds.CHOICES.get((conflict.table, key)):
            text = readable(conflict.table, key, value)
            return text if len(text) <= 60 else text[:59] + "…"
    return ""


class ConflictDialog(QDialog):
    """Both versions of one conflicting record; the decision goes to ``services.sync``."""

    def __init__(
        self, services: Services, conflict: ds.ConflictView, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self._services = services
        self.conflict = conflict
        self.result_value: Result[Any] | None = None
        hint = record_hint(conflict)
        self.setWindowTitle(
            self.tr("Konflikt: {label} {hint}").format(label=conflict.label, hint=hint).strip()
        )
        self.resize(980, 640)
        heading = QLabel(f"<h3>{html.escape(f'{conflict.label} {hint}')}</h3>")
        intro = QLabel(
            self.tr(
                "Dieser Datensatz wurde hier und an einer anderen Station geändert, seit beide "
                "zuletzt Daten getauscht haben. Es wurde nichts überschrieben. Gelb markiert "
                "sind die Felder, die sich unterscheiden. Entscheiden Sie, welche Fassung gilt "
                "– oder haken Sie einzelne Felder an, die aus der eingegangenen Fassung "
                "übernommen werden sollen."
            )
        )
        intro.setWordWrap(True)
        self.deleted_note = QLabel()
        self.deleted_note.setWordWrap(True)
        self.deleted_note.setStyleSheet(
            "QLabel { background: #fff3cd; color: #664d03; padding: 6px; border-radius: 3px; }"
        )
        self._note_deletions()
        self._build_table()

        self.details_box = QCheckBox(self.tr("Interne Angaben anzeigen (Kennung, Versionsstand …)"))
        self.details_box.setObjectName("conflictDetails")
        self.details_box.toggled.connect(self._show_details)
        self._show_details(False)
        self.error_label = QLabel()
        self.error_label.setObjectName("conflictError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(_BAD)
        self.error_label.hide()

        buttons = self._build_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.deleted_note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details_box)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        self.table.setFocus()

    def _build_table(self) -> None:
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("conflictFields")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Feld"),
                self.tr("Unsere Fassung"),
                # The station on a second line: a long station name would cut the header.
                self.tr("Eingegangene Fassung\n({station})").format(station=self.conflict.source)
                if self.conflict.source
                else self.tr("Eingegangene Fassung"),
                self.tr("Übernehmen"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(FIELD, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(OURS, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(THEIRS, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TAKE, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(FIELD, 190)
        self.table.setColumnWidth(TAKE, 110)
        self._internal_rows: list[int] = []
        self._fill()
        self.table.itemChanged.connect(self._ticked)

    def _build_buttons(self) -> QHBoxLayout:
        self.ours_button = QPushButton(self.tr("&Unsere behalten"))
        self.ours_button.setObjectName("keepOurs")
        self.ours_button.setToolTip(self.tr("Alle Felder bleiben, wie sie hier sind."))
        self.theirs_button = QPushButton(self.tr("&Eingegangene übernehmen"))
        self.theirs_button.setObjectName("takeTheirs")
        self.theirs_button.setToolTip(
            self.tr("Alle abweichenden Felder werden aus der eingegangenen Fassung übernommen.")
        )
        self.fields_button = QPushButton()
        self.fields_button.setObjectName("takeFields")
        self.fields_button.setToolTip(
            self.tr(
                "Die angehakten Felder kommen aus der eingegangenen Fassung, alle anderen "
                "bleiben wie hier."
            )
        )
        cancel = QPushButton(self.tr("Später entscheiden"))
        cancel.setAutoDefault(False)
        self.ours_button.clicked.connect(lambda: self.decide(ds.Choice.OURS))
        self.theirs_button.clicked.connect(lambda: self.decide(ds.Choice.THEIRS))
        self.fields_button.clicked.connect(lambda: self.decide(ds.Choice.FIELDS))
        cancel.clicked.connect(self.reject)
        self._update_fields_button()

        buttons = QHBoxLayout()
        buttons.addWidget(self.ours_button)
        buttons.addWidget(self.theirs_button)
        buttons.addWidget(self.fields_button)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        return buttons

    # ------------------------------------------------------------ filling

    def _note_deletions(self) -> None:
        ours_gone = bool(self.conflict.ours.get("deleted_at"))
        theirs_gone = bool(self.conflict.theirs.get("deleted_at"))
        if theirs_gone and not ours_gone:
            text = self.tr("Die eingegangene Fassung löscht diesen Datensatz; hier gilt er noch.")
        elif ours_gone and not theirs_gone:
            text = self.tr(
                "Hier wurde dieser Datensatz gelöscht; die andere Station hat ihn geändert."
            )
        else:
            text = ""
        self.deleted_note.setText(text)
        self.deleted_note.setVisible(bool(text))

    def _fill(self) -> None:
        conflict = self.conflict
        labels = field_labels()
        shifts = {
            str(v)
            for row in (conflict.ours, conflict.theirs)
            for k, v in row.items()
            if k == "shift_id" and v
        }
        names = reference_names(self._services, shifts)
        differing = list(conflict.differing)
        keys = list(dict.fromkeys([*conflict.ours, *conflict.theirs]))
        same = [k for k in keys if k not in differing and k not in INTERNAL]
        internal = [k for k in INTERNAL if k in keys]
        bold = QFont()
        bold.setBold(True)
        self.table.setRowCount(len(differing) + len(same) + len(internal))
        for row, key in enumerate([*differing, *same, *internal]):
            ours, theirs = conflict.ours.get(key), conflict.theirs.get(key)
            if key == "_vv":
                texts = (_vector(ours), _vector(theirs))
            else:
                texts = (
                    readable(conflict.table, key, ours, names),
                    readable(conflict.table, key, theirs, names),
                )
                if key in differing and texts[0] == texts[1]:  # only the seconds differ
                    texts = (precise(ours) or texts[0], precise(theirs) or texts[1])
            name = labels.get(key, key)
            items = [QTableWidgetItem(name), QTableWidgetItem(texts[0]), QTableWidgetItem(texts[1])]
            items[0].setData(Qt.ItemDataRole.UserRole, key)
            items[0].setToolTip(key)
            for column, item in enumerate(items):
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                if column and len(item.text()) > 40:
                    item.setToolTip(item.text())
                self.table.setItem(row, column, item)
            take = QTableWidgetItem()
            take.setFlags(Qt.ItemFlag.ItemIsEnabled)
            if key in differing:
                for item in items:
                    item.setBackground(_DIFFERS)
                    item.setFont(bold)
                take.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                take.setCheckState(Qt.CheckState.Unchecked)
                take.setBackground(_DIFFERS)
                take.setToolTip(self.tr("Dieses Feld aus der eingegangenen Fassung übernehmen"))
            elif key in INTERNAL:
                for item in items:
                    item.setForeground(_GREY)
                self._internal_rows.append(row)
            self.table.setItem(row, TAKE, take)
        self.table.resizeRowsToContents()
        self.table.setCurrentCell(-1, -1)
        self.table.horizontalHeader().sectionResized.connect(
            lambda *_: self.table.resizeRowsToContents()
        )

    def showEvent(self, event: QShowEvent) -> None:
        """Override: wrap long texts once the columns have their real widths."""
        super().showEvent(event)
        QTimer.singleShot(0, self.table.resizeRowsToContents)

    def _show_details(self, shown: bool) -> None:
        for row in self._internal_rows:
            self.table.setRowHidden(row, not shown)
        if shown:
            self.table.resizeRowsToContents()

    # ------------------------------------------------------------ reading the table

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None  # every cell is filled in _fill
        return item

    def _rows(self) -> list[tuple[str, QTableWidgetItem, QTableWidgetItem]]:
        found = []
        for row in range(self.table.rowCount()):
            name = self._cell(row, FIELD)
            found.append((str(name.data(Qt.ItemDataRole.UserRole)), name, self._cell(row, TAKE)))
        return found

    def highlighted_fields(self) -> list[str]:
        """The fields shown highlighted (bold on the differing background), in table order."""
        return [key for key, name, _take in self._rows() if name.font().bold()]

    def shown_text(self, field: str) -> tuple[str, str]:
        """(ours, theirs) as the table shows them."""
        for row in range(self.table.rowCount()):
            if self._cell(row, FIELD).data(Qt.ItemDataRole.UserRole) == field:
                return self._cell(row, OURS).text(), self._cell(row, THEIRS).text()
        raise KeyError(field)

    def set_taken(self, field: str, taken: bool) -> None:
        """Tick (or untick) the field's "übernehmen" box, as a click does."""
        for key, _name, take in self._rows():
            if key == field and take.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                take.setCheckState(Qt.CheckState.Checked if taken else Qt.CheckState.Unchecked)
                return
        raise KeyError(field)

    def taken_fields(self) -> frozenset[str]:
        return frozenset(
            key
            for key, _name, take in self._rows()
            if take.flags() & Qt.ItemFlag.ItemIsUserCheckable
            and take.checkState() == Qt.CheckState.Checked
        )

    def _ticked(self, item: QTableWidgetItem) -> None:
        if item.column() != TAKE:
            return
        taken = item.checkState() == Qt.CheckState.Checked
        self.table.blockSignals(True)
        self._cell(item.row(), THEIRS).setBackground(_TAKEN if taken else _DIFFERS)
        self._cell(item.row(), OURS).setBackground(_DIFFERS)
        self.table.blockSignals(False)
        self._update_fields_button()

    def _update_fields_button(self) -> None:
        count = len(self.taken_fields())
        self.fields_button.setText(
            self.tr("&Auswahl übernehmen ({count} von {total} Feldern)").format(
                count=count, total=len(self.conflict.differing)
            )
        )
        self.fields_button.setEnabled(count > 0)

    # ------------------------------------------------------------ deciding

    def decide(self, choice: ds.Choice) -> bool:
        """Write the decision; a refusal is shown here and the dialog stays open."""
        taken = self.taken_fields() if choice is ds.Choice.FIELDS else frozenset()
        try:
            self.result_value = self._services.sync.resolve(self.conflict.id, choice, taken)
        except UserError as error:
            self.error_label.setText(error.message)
            self.error_label.show()
            return False
        self.accept()
        return True
