"""Writing a file the user asked for (exports, reports) without leaving half of it behind."""

from __future__ import annotations

import os
from pathlib import Path

from kod_desk.domain.errors import UserError, os_error_text


def write_atomically(path: Path, data: bytes) -> Path:
    """Write via a temporary file and a rename: a full disk leaves no half-written file, and
    an existing file of that name stays as it was until the new one is complete."""
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise UserError(
            f"{path}: Datei lässt sich nicht schreiben ({os_error_text(error)}); "
            "es wurde nichts geschrieben."
        ) from None
    return path
