"""Writing a file the user asked for (exports, reports) without leaving half of it behind, and
the private folder that copies of attachments are opened from."""

from __future__ import annotations

import os
import re
import stat
import time
import uuid
from pathlib import Path

from kod_desk.domain.errors import UserError, os_error_text
from kod_desk.paths import viewing_dir
from kod_desk.storage import atomic_file


def write_atomically(path: Path, data: bytes | str, *, make_parents: bool = False) -> Path:
    """Write via a temporary file and a rename (storage/atomic_file.py): a full disk leaves no
    half-written file, and an existing file of that name stays as it was until the new one is
    complete.

    Text is written as UTF-8. The file is flushed to the disk before the rename and the folder
    after it, so a power cut right after leaves the old or the new file, never an empty one.
    ``make_parents`` creates missing folders (the app's own files, e.g. the incident draft);
    a file the user named is written only into a folder that exists. Any failure raises a
    German UserError and leaves nothing behind.
    """
    content = data.encode("utf-8") if isinstance(data, str) else data
    try:
        return atomic_file.write_atomically(path, content, make_parents=make_parents)
    except OSError as error:
        raise UserError(
            f"{path}: Datei lässt sich nicht schreiben ({os_error_text(error)}); "
            "es wurde nichts geschrieben."
        ) from None


VIEWING_MAX_AGE_SECONDS = 3600  # a copy opened an hour ago is removed at the next opening
_VIEWING_NAME = re.compile(r"[0-9a-f]{32}\.[a-z0-9]{1,5}")
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


class ViewingFolder:
    """The app's own folder for copies of attachments opened with the system's viewer (issue
    13): one fixed folder (``paths.viewing_dir()`` unless given), only the user may enter it,
    copies get a generated name (a UUID) and the extension the caller names, never a stored
    file name, and old copies are removed whenever a new one is written."""

    def __init__(
        self, root: Path | None = None, max_age_seconds: float = VIEWING_MAX_AGE_SECONDS
    ) -> None:
        self._root = root
        self._max_age = max_age_seconds

    @property
    def root(self) -> Path:
        return self._root if self._root is not None else viewing_dir()

    def write(self, data: bytes, extension: str) -> Path:
        """Write ``data`` as a new file ``<uuid>.<extension>`` inside the folder."""
        folder = self._prepare()
        target = folder / f"{uuid.uuid4().hex}.{extension}"
        if not _VIEWING_NAME.fullmatch(target.name) or target.parent.resolve() != folder:
            raise ValueError(f"not a viewing copy name: {target.name!r}")  # a bug, not input
        try:
            handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW, 0o600)
            with os.fdopen(handle, "wb") as out:
                out.write(data)
        except OSError as error:
            target.unlink(missing_ok=True)
            raise UserError(
                f"Der Anhang kann nicht zum Ansehen bereitgelegt werden "
                f"({os_error_text(error)}); es wurde nichts geöffnet."
            ) from None
        return target

    def _prepare(self) -> Path:
        """The folder, made if missing, refused if it is a link or not a folder, private."""
        folder = self.root
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            if folder.is_symlink() or not folder.is_dir():
                raise UserError(
                    f"{folder}: Der Ordner zum Ansehen von Anhängen ist kein gewöhnlicher "
                    "Ordner; es wurde nichts geöffnet."
                )
            os.chmod(folder, 0o700)  # made earlier with wider permissions: only the user
        except OSError as error:
            raise UserError(
                f"{folder}: Der Ordner zum Ansehen von Anhängen lässt sich nicht anlegen "
                f"({os_error_text(error)}); es wurde nichts geöffnet."
            ) from None
        self.clean()
        return folder.resolve()

    def clean(self, max_age_seconds: float | None = None) -> int:
        """Remove copies older than the maximum age (all with 0); returns how many went.
        A copy still open in a viewer that locks it (Windows) stays until a later call."""
        limit = self._max_age if max_age_seconds is None else max_age_seconds
        removed = 0
        now = time.time()
        try:
            entries = list(os.scandir(self.root))
        except OSError:
            return 0
        for entry in entries:
            try:
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISDIR(info.st_mode) or now - info.st_mtime < limit:
                    continue
                os.unlink(entry.path)
            except OSError:
                continue
            removed += 1
        return removed
