"""One way to host a page's form dialogs: one at a time, window-modal, no nested event loop.

Pages and the incident dialog open their forms with ``open()`` rather than ``exec()`` (a nested
event loop would let the change bus re-enter a page mid-write, and tests could not reach the
dialog). The host keeps the open dialog reachable as ``current`` (tests and screenshots find it
there), closes the previous one when another opens, and deletes each dialog once it finished.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QDialog

DialogT = TypeVar("DialogT", bound=QDialog)


class DialogHost:
    """Shows one dialog at a time for its owner and cleans up after it."""

    def __init__(self) -> None:
        self.current: QDialog | None = None

    def open(self, dialog: DialogT, closed: Callable[[], None] | None = None) -> DialogT:
        """Show ``dialog`` window-modal without a nested event loop; keep it as ``current``.

        A dialog still open from before is rejected first (its own discard question is not
        asked: the user started something new on the same page). ``closed`` runs once the
        dialog finished, e.g. to put the focus back into the Dienstplan grid.
        """
        if self.current is not None:
            self.current.reject()
        self.current = dialog
        dialog.finished.connect(lambda _result: self._finished(dialog, closed))
        dialog.open()
        return dialog

    def _finished(self, dialog: QDialog, closed: Callable[[], None] | None) -> None:
        if self.current is dialog:
            self.current = None
        if closed is not None:
            closed()
        dialog.deleteLater()
