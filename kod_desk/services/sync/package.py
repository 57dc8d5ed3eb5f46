"""Writing ``.kodsync`` files (issues 8 and 13, DESIGN.md §8): the container.

:class:`PackageWriter` streams records into a zip, encrypted on the way to the recipients
(sync/envelope.py), next to the target, and renames it into place only when the signed
manifest is written, so a full disk or an exception never leaves half a package. The station's
signing keys are made here too. No database here; the sync service calls this (the reading side,
with every check, is sync/reader.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import queue
import tempfile
import threading
import uuid
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from kod_desk.domain.errors import UserError, os_error_text
from kod_desk.domain.sync_format import (
    MANIFEST_NAME,
    MIB,
    SIGNATURE_NAME,
    AuditMark,
    Manifest,
    MemberEntry,
    encode_value,
    member_name,
)
from kod_desk.domain.timeutil import utcnow
from kod_desk.services.sync.envelope import EnvelopeWriter, Recipient

_FLUSH_AT = MIB  # lines are collected up to this size before one compressed write


def _not_json(value: Any) -> Any:
    encoded = encode_value(value)
    if encoded is value:
        raise TypeError(f"{type(value).__name__} cannot go into a sync package")
    return encoded


# domain/sync_format.dump_line with one encoder for every line: json.dumps builds an encoder
# per call when given options (a fifth of the export's encoding, bench sync). The same bytes
# (tests/services/test_sync_package.py).
_ENCODE = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_not_json
).encode


def dump_line(record: Mapping[str, Any]) -> bytes:
    """One JSON Lines record as sync_format.dump_line writes it."""
    return _ENCODE(record).encode("utf-8") + b"\n"


def new_key_pair() -> tuple[bytes, bytes]:
    """A new Ed25519 signing key of a station: (raw 32-byte private key, raw public key)."""
    private = Ed25519PrivateKey.generate()
    return _raw_private(private), _raw_public(private.public_key())


def public_key_of(private_key: bytes) -> bytes:
    return _raw_public(Ed25519PrivateKey.from_private_bytes(private_key).public_key())


def _raw_private(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _write_failed(error: OSError) -> UserError:
    return UserError(f"Das Paket konnte nicht geschrieben werden: {os_error_text(error)}.")


# --- writing -----------------------------------------------------------------------------


class MemberWriter:
    """Lines of one table member; the zip member is opened at the first record, so a table
    without records leaves no member. Use as a context manager from
    :meth:`PackageWriter.member`."""

    def __init__(self, package: PackageWriter, table: str) -> None:
        self._package = package
        self.name = member_name(table)
        self._stream: IO[bytes] | None = None
        self._pending: list[bytes] = []
        self._pending_bytes = 0
        self._digest = hashlib.sha256()
        self.size = 0
        self.records = 0
        # Hashing, compressing and writing run on a helper thread (zlib and hashlib let go of
        # the interpreter lock), while this one encodes the next records.
        self._pipe = _Pipe(self._sink)

    def write(self, record: Mapping[str, Any]) -> None:
        """Append one record; datetimes, dates, times and bytes are encoded as the spec says."""
        line = dump_line(record)
        self._pending.append(line)
        self._pending_bytes += len(line)
        self.records += 1
        if self._pending_bytes >= _FLUSH_AT:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        data = b"".join(self._pending)
        self._pending.clear()
        self._pending_bytes = 0
        self.size += len(data)
        try:
            self._pipe.put(data)
        except OSError as error:
            self._package.abort()
            raise _write_failed(error) from error

    def _sink(self, data: bytes) -> None:
        self._digest.update(data)
        if self._stream is None:
            self._stream = self._package._open_member(self.name)
        self._stream.write(data)

    def close(self) -> None:
        self._flush()
        try:
            self._pipe.close()
            if self._stream is not None:
                self._stream.close()
        except OSError as error:
            self._package.abort()
            raise _write_failed(error) from error
        if self._stream is not None:
            self._package._member_done(
                MemberEntry(
                    name=self.name,
                    sha256=self._digest.hexdigest(),
                    size=self.size,
                    records=self.records,
                )
            )
        self._package._active = None

    def discard(self) -> None:
        """Stop the helper thread without writing more (the package is being aborted)."""
        self._pending.clear()
        with contextlib.suppress(BaseException):  # the package is abandoned anyway
            self._pipe.close()

    def __enter__(self) -> MemberWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if error is None:
            self.close()
        else:
            self.discard()
            self._package.abort()


class _Pipe:
    """Hands chunks to ``sink`` on a helper thread, at most a few ahead (bounded memory);
    the sink's first error is raised to the producer on its next ``put`` or on ``close``."""

    def __init__(self, sink: Callable[[bytes], None]) -> None:
        self._sink = sink
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=4)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="kodsync-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (data := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._sink(data)
                except BaseException as error:  # handed to the producer
                    self._error = error

    def put(self, data: bytes) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(data)

    def close(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        if self._error is not None:
            raise self._error


class PackageWriter:
    """Writes one ``.kodsync`` file::

        with PackageWriter(path, private_key=..., ...) as package:
            with package.member("incident") as out:
                for row in rows:
                    out.write(row)
            manifest = package.finish()

    Leaving the ``with`` block without :meth:`finish` (or with an exception) removes the
    temporary file and leaves ``path`` as it was. A file error raises ``UserError``.
    """

    def __init__(
        self,
        path: Path,
        *,
        private_key: bytes,
        station_id: str,
        station_name: str,
        schema_version: str,
        recipients: Sequence[Recipient],
        enc_public_key: bytes,
        seq_from: int,
        seq_to: int,
        compresslevel: int = 1,
    ) -> None:
        # Level 1 deflates JSON about 2.5× faster than the default 6 at ~10 % more bytes.
        if not recipients:
            raise UserError("Ein Paket braucht mindestens eine Empfängerstation.")
        self.path = Path(path)
        self._key = Ed25519PrivateKey.from_private_bytes(private_key)
        self._station_id = station_id
        self._station_name = station_name
        self._schema_version = schema_version
        self._recipients = tuple(recipients)
        self._enc_public_key = enc_public_key
        self._seq_from = seq_from
        self._seq_to = seq_to
        self.acked_seq: int | None = None  # see Manifest.acked_seq
        self.audit_head: AuditMark | None = None  # see Manifest.audit_head
        self.audit_checkpoints: tuple[AuditMark, ...] = ()
        self._entries: list[MemberEntry] = []
        self._active: MemberWriter | None = None
        self._stream: IO[bytes] | None = None
        self._done = False
        self._aborted = False
        try:
            handle, name = tempfile.mkstemp(
                dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp"
            )
        except OSError as error:
            raise _write_failed(error) from error
        self.temp_path = Path(name)
        self._file = os.fdopen(handle, "w+b")
        try:
            self._envelope = EnvelopeWriter(self._file, [r.public_key for r in self._recipients])
        except OSError as error:
            self.abort()
            raise _write_failed(error) from error
        # The envelope cannot seek: the zip writer streams (data descriptors after members).
        self._zip = zipfile.ZipFile(
            self._envelope, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=compresslevel
        )

    def member(self, table: str) -> MemberWriter:
        """A writer for the records of ``table``; one member at a time, each table once."""
        self._check_open()
        if self._active is not None:
            raise RuntimeError(f"member {self._active.name} is still open")
        name = member_name(table)
        if any(entry.name == name for entry in self._entries):
            raise ValueError(f"table {table} written twice")
        self._active = MemberWriter(self, table)
        return self._active

    def _open_member(self, name: str) -> IO[bytes]:
        info = zipfile.ZipInfo(name, date_time=utcnow().timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        self._stream = self._zip.open(info, "w", force_zip64=True)
        return self._stream

    def _member_done(self, entry: MemberEntry) -> None:
        self._stream = None
        self._entries.append(entry)

    def finish(self) -> Manifest:
        """Write manifest.json and its signature, then move the file into place."""
        self._check_open()
        if self._active is not None:
            raise RuntimeError(f"member {self._active.name} is still open")
        manifest = Manifest(
            schema_version=self._schema_version,
            package_id=str(uuid.uuid4()),
            station_id=self._station_id,
            station_name=self._station_name,
            public_key=_raw_public(self._key.public_key()),
            enc_public_key=self._enc_public_key,
            recipients=tuple(r.station_id for r in self._recipients),
            created_at=utcnow().replace(microsecond=0),
            seq_from=self._seq_from,
            seq_to=self._seq_to,
            members=tuple(self._entries),
            acked_seq=self.acked_seq,
            audit_head=self.audit_head,
            audit_checkpoints=self.audit_checkpoints,
        )
        data = manifest.to_json()
        try:
            self._zip.writestr(MANIFEST_NAME, data)
            self._zip.writestr(SIGNATURE_NAME, self._key.sign(data))
            self._zip.close()
            self._envelope.close()
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            os.replace(self.temp_path, self.path)
        except OSError as error:
            self.abort()
            raise _write_failed(error) from error
        self._done = True
        _sync_directory(self.path.parent)
        return manifest

    def abort(self) -> None:
        """Give up: close everything without caring for errors and remove the temporary file."""
        if self._done or self._aborted:
            return
        self._aborted = True
        for close in (
            getattr(self._stream, "close", None),
            getattr(getattr(self, "_zip", None), "close", None),
            self._file.close,
        ):
            if close is not None:
                with contextlib.suppress(Exception):
                    close()
        with contextlib.suppress(OSError):
            self.temp_path.unlink()

    def _check_open(self) -> None:
        if self._done or self._aborted:
            raise RuntimeError("package writer is closed")

    def __enter__(self) -> PackageWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if not self._done:
            self.abort()


def _sync_directory(folder: Path) -> None:
    """Make the rename durable where the platform allows it (not on Windows)."""
    with contextlib.suppress(OSError, AttributeError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
