"""How the UI tells the user about problems: German text, never a traceback for user errors."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from kod_desk.domain.errors import UserError

log = logging.getLogger(__name__)


def show_error(
    parent: QWidget | None, error: BaseException, title: str = "", *, saved: bool | None = False
) -> None:
    """User errors show their German text; anything else is logged and reported as a bug.

    ``saved`` says what is known about the write: False (it failed before the commit: "nothing
    was saved"), True (the service committed, the error came after: "Gespeichert, aber …") or
    None (unknown, e.g. an error in any slot: no claim either way).
    """
    if isinstance(error, UserError):
        text = error.message
        if saved:
            text = f"Gespeichert, aber danach: {text}"
        QMessageBox.warning(parent, title or parent_title(parent), text)
        return
    log.exception("Unerwarteter Fehler", exc_info=error)
    technical = f"Technische Angabe für die IT: {type(error).__name__}: {error}"
    if saved:
        text = (
            "Gespeichert, aber danach ist ein Programmfehler aufgetreten. Die Änderung ist "
            "gespeichert; bitte die Anzeige prüfen und nicht noch einmal speichern."
        )
    elif saved is None:
        text = "Das hat nicht geklappt – ein Programmfehler."
    else:
        text = "Das hat nicht geklappt – ein Programmfehler. Es wurde nichts gespeichert."
    QMessageBox.critical(parent, title or "Unerwarteter Fehler", f"{text}\n\n{technical}")


def parent_title(parent: Any) -> str:
    if parent is not None and hasattr(parent, "windowTitle") and parent.windowTitle():
        return str(parent.windowTitle())
    return "KOD Desk"
