"""The base of every form dialog, and the keyboard model they share (README "Tastatur").

- The dialog opens with the focus in its first field (or the field the form chose).
- Strg+Enter saves from any field, multi-line notes included; Enter in a single-line field
  presses the default button, *Speichern* (Alt+S, a mnemonic no field label of the form keeps).
- Alt+letter never reaches a combo box or a list (it would pick an entry by that letter).
- Esc, *Abbrechen* and closing the window ask before typed or changed input is thrown away.
- An error after the service committed says so ("Gespeichert, aber …").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QEvent, QLocale, QObject, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain.errors import FieldProblem, UserError, ValidationError
from kod_desk.ui.messages import show_error

DraftT = TypeVar("DraftT")

SAVE_KEYS = ("Ctrl+Return", "Ctrl+Enter")
_MNEMONIC = re.compile(r"&([^&\s])")


# Numbers in forms are German whatever the system locale is (decimal comma, thousands point).
GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)


def split_list(text: str, separators: str = ",;\n") -> list[str]:
    """Split free text on any of ``separators``; empty parts are dropped."""
    for separator in separators[1:]:
        text = text.replace(separator, separators[0])
    return [part.strip() for part in text.split(separators[0]) if part.strip()]


def mnemonic_of(text: str) -> str:
    """The mnemonic letter of a label text ("&Speichern" -> "s"), "" without one."""
    match = _MNEMONIC.search(text.replace("&&", ""))
    return match.group(1).casefold() if match else ""


def move_mnemonic(text: str, taken: set[str]) -> str:
    """``text`` with its mnemonic on the first letter not in ``taken`` (none if all are)."""
    plain = text.replace("&&", "\0").replace("&", "").replace("\0", "&&")
    for index, char in enumerate(plain):
        if char.isalnum() and char.casefold() not in taken and plain[index - 1 : index] != "&":
            return plain[:index] + "&" + plain[index:]
    return plain


def is_input(widget: QWidget) -> bool:
    """A field the user types into or chooses in (not a button, not a label)."""
    if isinstance(widget, QLineEdit) and isinstance(
        widget.parentWidget(), QAbstractSpinBox | QComboBox
    ):
        return False  # the line edit inside a spin box or an editable combo: the box counts
    return isinstance(
        widget,
        QLineEdit
        | QPlainTextEdit
        | QTextEdit
        | QComboBox
        | QAbstractSpinBox
        | QAbstractItemView
        | QAbstractButton,
    ) and not isinstance(widget, QPushButton)


def _focusable(widget: QWidget) -> bool:
    return (
        widget.isVisibleTo(widget.window())
        and widget.isEnabled()
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
    )


class _AltGuard(QObject):
    """Swallows Alt+letter in combo boxes and lists: a mnemonic must never change a choice."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Override of QObject.eventFilter."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            modifiers = event.modifiers()
            alt = modifiers & Qt.KeyboardModifier.AltModifier
            alt_gr = modifiers & Qt.KeyboardModifier.ControlModifier  # AltGr: Strg+Alt
            if alt and not alt_gr and Qt.Key.Key_0 <= event.key() <= Qt.Key.Key_Z:
                return True
        return False


class FormDialog(QDialog, Generic[DraftT]):
    """A form: builds a draft, hands it to ``save`` and stays open on errors.

    ``save`` is the page's callable (draft -> None) that raises UserError with German text
    when the service refuses; the dialog then shows the messages above the form, keeps every
    typed value and puts the focus on the field of the first problem that names one
    (``FieldProblem.field``, looked up in ``field_widgets``).
    """

    def __init__(self, save: Callable[[DraftT], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self._saving = False
        self._baseline: tuple[Any, ...] | None = None
        self._arranged = False
        self._discard_box: QMessageBox | None = None
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")  # red box, resources/styles/app.qss
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("&Speichern"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        self.save_button.setToolTip(self.tr("Speichern (Strg+Enter)"))
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Abbrechen"))
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setToolTip(self.tr("Abbrechen (Esc)"))
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.request_cancel)
        self._alt_guard = _AltGuard(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    # ------------------------------------------------------------ what subclasses give

    def build_draft(self) -> DraftT:
        """The draft the fields describe; raises ValidationError for text that cannot parse."""
        raise NotImplementedError

    def field_widgets(self) -> Mapping[str, QWidget]:
        """The widget of each problem key (``FieldProblem.field``: the draft's attribute names)."""
        return {}

    def first_field(self) -> QWidget | None:
        """Where the focus starts: the field the form focused itself, else the first field."""
        chosen = self.focusWidget()
        if chosen is not None and chosen is not self and is_input(chosen) and _focusable(chosen):
            return chosen
        return next((w for w in self.input_fields() if _focusable(w)), None)

    def input_fields(self) -> list[QWidget]:
        """The form's input fields in tab order (the buttons below excluded)."""
        found: list[QWidget] = []
        widget = self.nextInFocusChain()
        while widget is not None and widget is not self and widget not in found:
            if (
                is_input(widget)
                and widget.window() is self
                and not self.buttons.isAncestorOf(widget)
            ):
                found.append(widget)
            widget = widget.nextInFocusChain()
        return found

    # ------------------------------------------------------------ keyboard model

    def showEvent(self, event: QShowEvent) -> None:
        """Override of QDialog.showEvent: arrange the keys once, focus the first field."""
        super().showEvent(event)
        if self._arranged:
            return
        self._arranged = True
        self._buttons_last_in_tab_order()
        self._keep_save_mnemonic()
        self._add_save_keys()
        for widget in self.findChildren(QWidget):
            if isinstance(widget, QComboBox | QAbstractItemView):
                widget.installEventFilter(self._alt_guard)
        first = self.first_field()
        if first is not None:
            first.setFocus(Qt.FocusReason.TabFocusReason)
        self._baseline = self.field_state()

    def _buttons_last_in_tab_order(self) -> None:
        """Tab from the last field goes to Speichern, then Abbrechen (they were built first)."""
        fields = [w for w in self.input_fields() if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        if not fields:
            return
        previous = fields[-1]
        first = [self.save_button, self.cancel_button]
        for button in first + [b for b in self.buttons.buttons() if b not in first]:
            QWidget.setTabOrder(previous, button)
            previous = button

    def _add_save_keys(self) -> None:
        """Strg+Enter saves, unless the form gave the key a meaning of its own."""
        taken = {
            shortcut.key().toString()
            for shortcut in self.findChildren(QShortcut)
            if shortcut.isEnabled()
        }
        for sequence in SAVE_KEYS:
            key = QKeySequence(sequence)
            if key.toString() not in taken:
                shortcut = QShortcut(key, self)
                shortcut.setObjectName("saveShortcut")
                shortcut.activated.connect(self._save_from_keyboard)

    def _keep_save_mnemonic(self) -> None:
        """The save button's Alt key (Alt+S for Speichern) is its own: a label that has it too
        gets another letter; a save button named without one ("Buchen") gets a free letter."""
        texts: list[QLabel | QAbstractButton | QGroupBox] = [
            w
            for w in self.findChildren(QWidget)
            if isinstance(w, QLabel | QAbstractButton | QGroupBox) and w is not self.save_button
        ]
        save_key = mnemonic_of(self.save_button.text())
        if not save_key:
            labelled = {mnemonic_of(_text(w)) for w in texts} - {""}
            self.save_button.setText(move_mnemonic(self.save_button.text(), labelled))
            save_key = mnemonic_of(self.save_button.text())
            if not save_key:
                return
        taken = {save_key} | ({mnemonic_of(_text(w)) for w in texts} - {""})
        for widget in texts:
            text = _text(widget)
            if mnemonic_of(text) == save_key:
                new = move_mnemonic(text, taken)
                taken.add(mnemonic_of(new))
                widget.setTitle(new) if isinstance(widget, QGroupBox) else widget.setText(new)

    def field_state(self) -> tuple[Any, ...]:
        """What the fields hold now (compared with the state at opening: anything typed?)."""
        state: list[Any] = []
        for widget in self.findChildren(QWidget):
            if not is_input(widget) or self.buttons.isAncestorOf(widget):
                continue
            if isinstance(widget, QLineEdit):
                state.append(widget.text())
            elif isinstance(widget, QPlainTextEdit | QTextEdit):
                state.append(widget.toPlainText())
            elif isinstance(widget, QComboBox):
                state.append((widget.currentIndex(), widget.currentText()))
            elif isinstance(widget, QAbstractSpinBox):
                state.append(widget.text())
            elif isinstance(widget, QAbstractButton):
                state.append(widget.isChecked())
            elif isinstance(widget, QListWidget):
                state.append(
                    tuple(widget.item(i).checkState().value for i in range(widget.count()))
                )
        return tuple(state)

    def has_changes(self) -> bool:
        """True when a field differs from what the dialog opened with."""
        return self._baseline is not None and self.field_state() != self._baseline

    def _save_from_keyboard(self) -> None:
        """Strg+Enter: press Speichern (the focus leaves the field, so its text is taken)."""
        if not (self.save_button.isEnabled() and self.save_button.isVisible()):
            return
        field = self.focusWidget()
        self.save_button.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.save_button.click()
        if self.isVisible() and self.focusWidget() is self.save_button and field is not None:
            field.setFocus(Qt.FocusReason.OtherFocusReason)  # refused: back where the user was

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Override of QDialog.keyPressEvent: Esc asks before typed input is discarded."""
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            event.accept()
            self.request_cancel()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Override of QDialog.closeEvent: the window's close button asks like Esc does.

        A close from the program (the lock, another dialog replacing this one) does not ask.
        """
        if event.spontaneous() and self.has_changes():
            event.ignore()
            self.request_cancel()
            return
        super().closeEvent(event)

    def request_cancel(self) -> None:
        """Esc / Abbrechen: close at once when nothing changed, otherwise ask first."""
        if not self.has_changes():
            self.reject()
            return
        if self._discard_box is not None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Eingaben verwerfen?"),
            self.tr("Die Eingaben in diesem Formular sind noch nicht gespeichert."),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("discardBox")
        discard = box.addButton(self.tr("&Verwerfen"), QMessageBox.ButtonRole.DestructiveRole)
        discard.setObjectName("discardButton")
        keep = box.addButton(self.tr("&Weiter bearbeiten"), QMessageBox.ButtonRole.RejectRole)
        keep.setObjectName("keepEditingButton")
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        self._discard_box = box
        field = self.focusWidget()

        def answered(_result: int) -> None:
            self._discard_box = None
            box.deleteLater()
            if box.clickedButton() is discard:
                self.reject()
                return
            self.activateWindow()  # back to the form, where the user was
            if field is not None:
                field.setFocus(Qt.FocusReason.OtherFocusReason)

        box.finished.connect(answered)
        box.open()

    # ------------------------------------------------------------ saving

    def _change_bus(self) -> Any:
        """The window's ChangeBus (through the parent pages): it announces every commit."""
        widget: QObject | None = self.parent()
        while widget is not None:
            bus = getattr(widget, "bus", None)
            if bus is not None and hasattr(bus, "changed"):
                return bus
            widget = widget.parent()
        return None

    def try_save(self) -> bool:
        """Save through the page's callable; close on success, show the messages otherwise."""
        if self._saving:
            return False
        try:
            draft = self.build_draft()
        except UserError as error:
            self.show_refusal(error)
            return False
        except Exception as error:  # a bug before anything was written
            show_error(self, error)
            return False
        committed: list[object] = []
        bus = self._change_bus()
        if bus is not None:
            bus.changed.connect(committed.append)
        self._saving = True
        try:
            self._save(draft)
        except Exception as error:
            if not committed:  # refused or failed before the commit: nothing was saved
                if isinstance(error, UserError):
                    self.show_refusal(error)
                else:
                    show_error(self, error)
                return False
            show_error(self, error, saved=True)
        finally:
            self._saving = False
            if bus is not None:
                bus.changed.disconnect(committed.append)
        self.error_label.hide()
        try:
            self.accept()
        except Exception as error:  # the dialog's own code after a save that committed
            show_error(self, error, saved=True)
        return True

    def show_refusal(self, error: UserError) -> None:
        """Show why ``error`` refused the save, at the field it names (see show_problems)."""
        self.show_problems(problems_of(error))

    def show_problems(self, problems: Sequence[FieldProblem]) -> None:
        """Show every message above the form; focus the field of the first problem that has one
        (a line edit's text selected, so typing replaces it)."""
        self.error_label.setText("\n".join(problem.message for problem in problems))
        self.error_label.show()
        self.adjustSize()
        widgets = self.field_widgets()
        field = next((widgets[p.field] for p in problems if p.field in widgets), None)
        if field is not None:
            field.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(field, QLineEdit):
                field.selectAll()

    def error_text(self) -> str:
        """What the error label says ("" while it is hidden)."""
        return self.error_label.text() if not self.error_label.isHidden() else ""


def problems_of(error: UserError) -> list[FieldProblem]:
    """What a refusal says, as problems (an error that is no ValidationError names no field)."""
    if isinstance(error, ValidationError):
        return list(error.problems)
    return [FieldProblem("", error.message)]


def _text(widget: QLabel | QAbstractButton | QGroupBox) -> str:
    return widget.title() if isinstance(widget, QGroupBox) else widget.text()
