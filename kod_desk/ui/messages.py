"""How the UI tells the user about problems: German text, never a traceback for user errors."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from kod_desk.domain.errors import UserError

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, error: BaseException, title: str = "") -> None:
    """User errors show their German text; anything else is logged and reported as a bug."""
    if isinstance(error, UserError):
        QMessageBox.warning(parent, title or parent_title(parent), error.message)
        return
    log.exception("Unerwarteter Fehler", exc_info=error)
    QMessageBox.critical(
        parent,
        title or "Unerwarteter Fehler",
        "Das hat nicht geklappt – ein Programmfehler. Es wurde nichts gespeichert.\n\n"
        f"Technische Angabe für die IT: {type(error).__name__}: {error}",
    )


def parent_title(parent: Any) -> str:
    if parent is not None and hasattr(parent, "windowTitle") and parent.windowTitle():
        return str(parent.windowTitle())
    return "KOD Desk"
