"""Errors a user can cause. Their text is German and shown as it is."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class UserError(Exception):
    """Something the user can fix; the message is German and complete."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One broken rule: the field it concerns and the complete German message.

    ``field`` is a stable key named after the draft's attribute ("occurred_at", "area_id",
    "service_number"), so a form finds the widget to focus without reading the text; "" when
    the problem is tied to no single field.
    """

    field: str
    message: str

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """Input that breaks one or more rules; each message names the field and the problem.

    Takes plain messages, FieldProblems or a mix; ``messages`` is the text for everyone who
    shows it, ``problems`` the same as FieldProblems (a plain message has the field "").
    """

    def __init__(self, problems: str | FieldProblem | Iterable[str | FieldProblem]) -> None:
        items = [problems] if isinstance(problems, str | FieldProblem) else list(problems)
        self.problems = [p if isinstance(p, FieldProblem) else FieldProblem("", p) for p in items]
        self.messages = [p.message for p in self.problems]
        super().__init__("\n".join(self.messages))


class NotFoundError(UserError):
    """A record the user referred to does not exist (or was deleted)."""


class StaleEditError(UserError):
    """The record changed since the user opened it; saving would overwrite someone's change."""


class DatabaseError(UserError):
    """The database cannot be opened or used (too new, damaged, locked …)."""


class StorageError(DatabaseError):
    """The disk or the database server failed: full, I/O error, unreachable, login refused.

    Not damage: the data is left exactly as it was, and the same step can simply be tried again
    once the cause is gone. ``cause`` is the reason alone ("der Datenträger ist voll"), for a
    caller that words the sentence around it ("Speichern fehlgeschlagen: …").
    """

    def __init__(self, message: str, cause: str) -> None:
        super().__init__(message)
        self.cause = cause


class PermissionDenied(UserError):  # noqa: N818 - the name the issue uses
    """The acting user's role may not do this; the message starts "Keine Berechtigung: …"."""


_OS_ERRORS = {
    "ENOSPC": "kein Platz mehr auf dem Datenträger",
    "EFBIG": "kein Platz mehr für die Datei – Datenträger voll oder Größengrenze erreicht",
    "EDQUOT": "das Speicherkontingent ist erschöpft",
    "EACCES": "keine Berechtigung",
    "EPERM": "keine Berechtigung",
    "EROFS": "der Datenträger ist schreibgeschützt",
    "ENOENT": "der Ordner existiert nicht",
    "EISDIR": "das ist ein Ordner",
    "EIO": "Ein-/Ausgabefehler des Datenträgers",
}


def os_error_text(error: OSError) -> str:
    """A German reason for a file error the user can act on (disk full, no permission …)."""
    import errno

    name = errno.errorcode.get(error.errno or 0, "")
    return _OS_ERRORS.get(name, error.strerror or str(error))
