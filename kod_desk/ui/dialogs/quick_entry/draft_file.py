"""The quick entry's unsaved draft on disk: written (debounced) as JSON, read back once.

A crash, a lock or Esc loses nothing typed: the next quick entry restores the file; a
successful save or "Verwerfen" deletes it. The file holds the form's fields by name
(``form_state``); ``fill_form`` puts them back.
"""

from __future__ import annotations

import contextlib
import json
import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

from kod_desk.domain.errors import UserError
from kod_desk.paths import user_data_dir
from kod_desk.services.files import write_atomically
from kod_desk.ui.widgets.check_list import checked_first, checked_ids, set_checked_ids

if TYPE_CHECKING:
    from kod_desk.ui.dialogs.quick_entry_dialog import QuickEntryDialog

log = logging.getLogger(__name__)

DRAFT_DELAY_MS = 500
DRAFT_FORMAT = 2  # 2: "time" is the typed (absolute) text; 1 had "occurred_at"


def default_draft_path() -> Path:
    return user_data_dir() / "drafts" / "vorkommnis.json"


def form_state(form: QuickEntryDialog) -> dict[str, Any]:
    """The form as JSON-ready values (the draft file's content).

    The time is stored absolute ("07.12.2026 18:46"): "now" or "gestern 22:10" must not
    move when the draft is restored later; text that does not parse is kept as typed.
    """
    return {
        "format": DRAFT_FORMAT,
        "time": form.time_field.stored_text(),
        "area_id": form.area_combo.currentData(),
        "shift_id": form.running.stored_shift_id(),
        "officer_ids": list(checked_ids(form.officer_list)),
        "category": form.category_combo.currentText(),
        "measure_ids": list(checked_ids(form.measure_list)),
        "source": form.source_combo.currentData(),
        "place": form.place_edit.text(),
        "coordinates": form.coordinates_edit.text(),
        "description": form.description_edit.toPlainText(),
    }


def fill_form(form: QuickEntryDialog, state: dict[str, Any]) -> None:
    """Put a stored state back into the form; raises ValueError or TypeError when it is bad."""
    if "time" in state:
        form.time_edit.setText(str(state["time"]))
    else:  # format 1: "yyyy-MM-ddTHH:mm", Berlin wall clock
        moment = datetime.fromisoformat(str(state.get("occurred_at", "")))
        form.time_edit.setText(f"{moment:%d.%m.%Y %H:%M}")
    form.area_combo.setCurrentIndex(form.area_combo.findData(state.get("area_id")))
    form.running.restore(form.occurred_at_or_none(), state.get("shift_id"))
    set_checked_ids(form.officer_list, [str(x) for x in state.get("officer_ids", [])])
    checked_first(form.officer_list)
    form.category_combo.setEditText(str(state.get("category", "")))
    set_checked_ids(form.measure_list, [str(x) for x in state.get("measure_ids", [])])
    source_index = form.source_combo.findData(state.get("source"))
    if source_index >= 0:
        form.source_combo.setCurrentIndex(source_index)
    form.place_edit.setText(str(state.get("place", "")))
    form.coordinates_edit.setText(str(state.get("coordinates", "")))
    form.description_edit.setPlainText(str(state.get("description", "")))
    form.running.update_line()


class DraftFile(QObject):
    """``path`` holds the state of ``form``; ``schedule()`` writes it a moment later."""

    def __init__(self, path: Path, form: QuickEntryDialog) -> None:
        super().__init__(form)
        self.path = path
        self._form = form
        self._timer = QTimer(self)
        self._timer.setObjectName("draftTimer")
        self._timer.setSingleShot(True)
        self._timer.setInterval(DRAFT_DELAY_MS)
        self._timer.timeout.connect(self.write)

    def schedule(self) -> None:
        """Write the state once the typing pauses (DRAFT_DELAY_MS)."""
        self._timer.start()

    def pending(self) -> bool:
        """True while a change waits to be written."""
        return self._timer.isActive()

    def write(self) -> None:
        self._timer.stop()
        try:
            write_atomically(
                self.path, json.dumps(form_state(self._form), ensure_ascii=False), make_parents=True
            )
        except UserError:
            log.exception("Entwurf nicht gespeichert: %s", self.path)

    def delete(self) -> None:
        self._timer.stop()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def restore(self) -> bool:
        """Fill the form from the file; False when there is none or it cannot be read (logged)."""
        if not self.path.exists():
            return False
        try:
            state = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(state, dict):
                raise ValueError("kein Objekt")
            fill_form(self._form, state)
        except (OSError, ValueError, TypeError):
            log.exception("Entwurf nicht lesbar: %s", self.path)
            return False
        return True
