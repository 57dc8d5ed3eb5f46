"""One write_atomically for every file the app writes (exports, reports, the incident draft)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from kod_desk.domain.errors import UserError
from kod_desk.services import files


def test_text_and_bytes_land_complete_and_flushed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        synced.append(descriptor)
        real_fsync(descriptor)

    monkeypatch.setattr(files.os, "fsync", fsync)
    draft = tmp_path / "drafts" / "vorkommnis.json"
    assert files.write_atomically(draft, '{"place": "Marktstraße"}', make_parents=True) == draft
    assert draft.read_bytes() == '{"place": "Marktstraße"}'.encode()
    # The file before the rename, its folder after it (POSIX; Windows flushes the rename).
    assert len(synced) == (1 if os.name == "nt" else 2)

    export = tmp_path / "export.csv"
    files.write_atomically(export, b"a;b\r\n")
    assert export.read_bytes() == b"a;b\r\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["drafts", "export.csv"]


def test_a_file_the_user_named_needs_its_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="es wurde nichts geschrieben"):
        files.write_atomically(tmp_path / "fehlt" / "bericht.pdf", b"%PDF")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = tmp_path / "plan.csv"
    old.write_bytes(b"alt")

    def disk_full(source: object, target: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "replace", disk_full)
    with pytest.raises(UserError, match="Datei lässt sich nicht schreiben"):
        files.write_atomically(old, "neu")
    assert old.read_bytes() == b"alt"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.csv"]  # no temporary file left
