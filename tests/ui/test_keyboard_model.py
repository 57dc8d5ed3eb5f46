"""The keyboard model every form dialog shares (issue 14 item 1, README "Tastatur").

Driven by key presses on the focused widget: the focus starts in the first field, Strg+Enter
saves from any field (a multi-line note included), Enter in the last single-line field saves,
Alt+S saves and never changes a focused combo, Esc asks only when something was typed, and an
error after the commit is reported as saved.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from kod_desk.domain.enums import Role, Unit
from kod_desk.domain.errors import ValidationError
from kod_desk.domain.incidents import Note
from kod_desk.domain.masterdata import Officer
from kod_desk.ui.dialogs.incident_forms import CorrectNoteDialog
from kod_desk.ui.dialogs.officer_dialog import PasswordDialog
from kod_desk.ui.dialogs.shift_dialog import ShiftDialog
from tests.ui.keyboard import Keyboard

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def areas() -> list[Any]:
    return [
        SimpleNamespace(id=f"a{n}", name=name, active=True)
        for n, name in enumerate(("Bahnhofsumfeld", "Innenstadt", "Stadtpark Nord"))
    ]


def open_shift_dialog(
    qtbot: Any, saved: list[Any], parent: QWidget | None = None, note_label: str = ""
) -> ShiftDialog:
    dialog = ShiftDialog(saved.append, date(2026, 12, 7), [], areas(), parent)
    qtbot.addWidget(dialog)
    if note_label:
        dialog.form.labelForField(dialog.note_edit).setText(note_label)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return dialog


def officer() -> Officer:
    return Officer(
        id="o1",
        service_number="K-77",
        last_name="Schulte",
        first_name="Jana",
        unit=Unit.KOD,
        role=Role.OFFICER,
        qualifications=(),
        weekly_hours=39.0,
        active=True,
        version=1,
    )


def test_the_focus_starts_in_the_first_field_and_tab_ends_on_speichern(qtbot: Any) -> None:
    saved: list[Any] = []
    dialog = open_shift_dialog(qtbot, saved)
    keyboard = Keyboard(qtbot)
    assert keyboard.focus is dialog.template_combo
    # Tab walks the fields, and after the last one comes Speichern, then Abbrechen.
    for _ in range(20):
        if keyboard.focus is dialog.note_edit:
            break
        keyboard.press(Qt.Key.Key_Tab)
    assert keyboard.focus is dialog.note_edit
    keyboard.press(Qt.Key.Key_Tab)
    assert keyboard.focus is dialog.save_button
    keyboard.press(Qt.Key.Key_Tab)
    assert keyboard.focus is dialog.cancel_button


def test_enter_in_the_last_single_line_field_saves(qtbot: Any) -> None:
    saved: list[Any] = []
    dialog = open_shift_dialog(qtbot, saved)
    dialog.note_edit.setFocus()
    keyboard = Keyboard(qtbot)
    keyboard.type("Stadtfest")
    keyboard.press(Qt.Key.Key_Return)
    assert [draft.note for draft in saved] == ["Stadtfest"]
    assert not dialog.isVisible()


def test_alt_s_saves_and_leaves_a_focused_combo_alone(qtbot: Any) -> None:
    """Neuer Dienst: Alt+S in "Gebiet" changed the area to "Stadtpark Nord" (issue 14)."""
    saved: list[Any] = []
    dialog = open_shift_dialog(qtbot, saved)
    dialog.area_combo.setFocus()
    keyboard = Keyboard(qtbot)
    keyboard.press(Qt.Key.Key_Down)  # Bahnhofsumfeld
    assert dialog.area_combo.currentText() == "Bahnhofsumfeld"
    keyboard.press(Qt.Key.Key_S, ALT)
    qtbot.waitUntil(lambda: len(saved) == 1)  # a mnemonic clicks its button animated
    assert saved[0].area_id == "a0"
    assert dialog.area_combo.currentText() == "Bahnhofsumfeld"

    # With Speichern disabled Alt+S reaches nothing at all – not the combo either.
    again: list[Any] = []
    other = open_shift_dialog(qtbot, again)
    other.save_button.setEnabled(False)
    other.area_combo.setFocus()
    keyboard.press(Qt.Key.Key_S, ALT)
    qtbot.wait(150)  # longer than a mnemonic's animated click
    assert other.area_combo.currentText() == "— kein Gebiet —"
    assert again == []


def test_no_label_keeps_alt_s_from_speichern(qtbot: Any) -> None:
    from kod_desk.ui.dialogs.form import mnemonic_of

    saved: list[Any] = []
    # A form whose label claims Alt+S …
    dialog = open_shift_dialog(qtbot, saved, note_label="&Sonstiges:")
    label = dialog.form.labelForField(dialog.note_edit)
    assert label.text().replace("&", "") == "Sonstiges:"
    assert mnemonic_of(label.text()) not in ("s", "")  # … gets another letter when shown
    dialog.template_combo.setFocus()
    Keyboard(qtbot).press(Qt.Key.Key_S, ALT)
    qtbot.waitUntil(lambda: len(saved) == 1)


def test_ctrl_enter_saves_from_a_multi_line_note(qtbot: Any) -> None:
    saved: list[str] = []
    note = Note("n1", datetime(2026, 12, 7, 18, tzinfo=UTC), None, "Koch", "Alter Text", None)
    dialog = CorrectNoteDialog(saved.append, note)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    keyboard = Keyboard(qtbot)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.text_edit)
    keyboard.press(Qt.Key.Key_End, CTRL)
    keyboard.press(Qt.Key.Key_Return)  # Enter in a note is a new line …
    keyboard.type("Zweite Zeile")
    assert saved == []
    keyboard.press(Qt.Key.Key_Return, CTRL)  # … Strg+Enter saves
    assert saved == ["Alter Text\nZweite Zeile"]
    assert not dialog.isVisible()


def discard_box(dialog: QWidget) -> QMessageBox | None:
    boxes = [b for b in dialog.findChildren(QMessageBox) if b.isVisible()]
    return boxes[0] if boxes else None


def test_esc_closes_at_once_when_nothing_was_typed(qtbot: Any) -> None:
    dialog = open_shift_dialog(qtbot, [])
    Keyboard(qtbot).press(Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert discard_box(dialog) is None


def test_esc_asks_before_discarding_what_was_typed(qtbot: Any) -> None:
    saved: list[Any] = []
    dialog = open_shift_dialog(qtbot, saved)
    dialog.note_edit.setFocus()
    keyboard = Keyboard(qtbot)
    keyboard.type("Stadtfest")
    keyboard.press(Qt.Key.Key_Escape)
    box = discard_box(dialog)
    assert box is not None and box.windowTitle() == "Eingaben verwerfen?"
    keyboard.press(Qt.Key.Key_Escape)  # "Weiter bearbeiten": the form stays, with the text
    qtbot.waitUntil(lambda: discard_box(dialog) is None)
    assert dialog.isVisible() and dialog.note_edit.text() == "Stadtfest"

    # Tab+Enter from the last field lands on Speichern, never on a silent Abbrechen.
    dialog.note_edit.setFocus()
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.press(Qt.Key.Key_Tab)
    assert keyboard.focus is dialog.cancel_button
    keyboard.press(Qt.Key.Key_Return)
    box = discard_box(dialog)
    assert box is not None
    keyboard.press(Qt.Key.Key_V, ALT)  # "Verwerfen"
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert discard_box(dialog) is None
    assert saved == []


def test_the_password_dialog_by_keyboard(qtbot: Any) -> None:
    """Passwort setzen: focus in the first field, a mismatch at its field, Enter saves."""
    saved: list[tuple[str, str]] = []
    dialog = PasswordDialog(saved.append, officer())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    keyboard = Keyboard(qtbot)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.password_edit)
    keyboard.type("Streife-am-Markt-7")
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.type("Streife-am-Markt-8")
    keyboard.press(Qt.Key.Key_Return)
    assert saved == []
    assert dialog.repeat_error.isVisible()
    assert dialog.repeat_error.text() == (
        "Passwort-Wiederholung: stimmt nicht mit dem Passwort überein."
    )
    assert keyboard.focus is dialog.repeat_edit
    keyboard.type("Streife-am-Markt-7")  # the field's text is selected: typing replaces it
    assert not dialog.repeat_error.isVisible()
    keyboard.press(Qt.Key.Key_Return)
    assert saved == [("Streife-am-Markt-7", "Streife-am-Markt-7")]
    assert not dialog.isVisible()
    keyboard.report("Passwort setzen")
    assert keyboard.count == 3  # Tab, Enter, Enter


class _Bus(QObject):
    changed = Signal(object)


class _Page(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.bus = _Bus()


@pytest.mark.parametrize("committed", [True, False])
def test_an_error_after_the_commit_is_reported_as_saved(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, committed: bool
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda _parent, _title, text, *a, **k: shown.append(text)
    )
    page = _Page()
    qtbot.addWidget(page)

    def save(_draft: Any) -> None:
        if committed:
            page.bus.changed.emit("changes")  # the service committed and the page published
        raise KeyError("kaputt")  # … then the page's own code fails

    dialog = open_shift_dialog(qtbot, [], page)
    dialog._save = save
    dialog.note_edit.setFocus()
    Keyboard(qtbot).press(Qt.Key.Key_Return, CTRL)
    assert len(shown) == 1
    if committed:
        assert shown[0].startswith("Gespeichert, aber")
        assert "nichts gespeichert" not in shown[0]
        assert not dialog.isVisible()  # saved: the form must not invite a second save
    else:
        assert "Es wurde nichts gespeichert" in shown[0]
        assert dialog.isVisible()


def test_a_refusal_keeps_the_form_open_with_the_message(qtbot: Any) -> None:
    def refuse(_draft: Any) -> None:
        raise ValidationError(["Bemerkung: zu lang."])

    dialog = open_shift_dialog(qtbot, [])
    dialog._save = refuse
    dialog.note_edit.setFocus()
    Keyboard(qtbot).press(Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible() and dialog.error_text() == "Bemerkung: zu lang."
    assert QApplication.focusWidget() is dialog.note_edit  # back where the user was
