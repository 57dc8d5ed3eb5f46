"""Test helpers for the encrypted sync envelope (format 2): open a package as its recipient and
seal a (changed) inner zip again, so tests can forge or alter what a station receives."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from kod_desk.services.sync.envelope import EnvelopeReader, seal
from kod_desk.storage.repos import sync as repo


def station_keys(services: Any) -> tuple[bytes, bytes]:
    """A station's X25519 key pair (private, public), made if it has none yet."""
    services.sync.ensure_key()
    with services.db.read() as session:
        station = repo.station(session)
        return bytes(station.enc_private_key), bytes(station.enc_public_key)


def inner_zip(path: Path, private_key: bytes) -> bytes:
    """The signed zip inside the envelope at ``path``, decrypted with ``private_key``."""
    data = path.read_bytes()
    return EnvelopeReader(io.BytesIO(data), private_key, len(data)).read()


def opened(path: Path, recipient: Any) -> bytes:
    """The inner zip of a package for the station ``recipient`` (Services)."""
    return inner_zip(path, station_keys(recipient)[0])


def seal_for(path: Path, inner: bytes, *recipients: Any) -> Path:
    """Write ``inner`` to ``path``, encrypted to the stations ``recipients`` (Services)."""
    path.write_bytes(seal(inner, [station_keys(r)[1] for r in recipients]))
    return path
