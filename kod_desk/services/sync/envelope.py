"""The encrypted envelope of a ``.kodsync`` package, format v2 (issue 13, DESIGN.md §8).

A package is the signed zip of format v1 (sync/package.py), encrypted to the
station(s) it is for with the construction of the ``age`` format, built from the primitives of
``cryptography`` (no home-made cipher; the Python bindings of ``age`` itself either need a Rust
toolchain or cannot stream into a seekable view, which the zip reader needs):

- a random 32-byte *file key* per package;
- per recipient an X25519 key agreement with a fresh ephemeral key, HKDF-SHA256 over the shared
  secret (salted with both public keys) gives a wrapping key, ChaCha20-Poly1305 wraps the file
  key (a *stanza*);
- an HMAC-SHA256 over the header, with a key derived from the file key, so no recipient entry
  can be added, dropped or changed;
- the payload in chunks of 64 KiB, each sealed with ChaCha20-Poly1305 under a key derived from
  the file key and a random nonce; the chunk's 12-byte nonce is its number (11 bytes) and a
  last-chunk flag. Reordered, dropped, truncated, appended or re-encrypted chunks fail
  authentication.

Layout::

    MAGIC | u32 header length | header (JSON) | HMAC-SHA256 (32) | chunks …

:class:`EnvelopeWriter` is a write-only stream (the zip writer streams into it: memory stays
flat); :class:`EnvelopeReader` authenticates the whole file once and then serves the plaintext
as a read-only, seekable stream, decrypting the chunk a read needs (the zip reader seeks).
Nothing plain ever touches the disk. Every refusal is a :class:`SyncRefused` in German.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import io
import json
import os
import struct
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kod_desk.domain.sync_format import SyncRefused

MAGIC = b"KODSYNC2\n"
CHUNK = 64 * 1024
TAG = 16
SEALED_CHUNK = CHUNK + TAG
MAX_HEADER_BYTES = 64 * 1024
MAX_RECIPIENTS = 64
KEY_BYTES = 32
_LENGTH = struct.Struct(">I")
_HEADER_INFO = b"kodsync-v2 header"
_PAYLOAD_INFO = b"kodsync-v2 payload"
_WRAP_INFO = b"kodsync-v2 X25519"
_ZERO_NONCE = bytes(12)
_CACHED_CHUNKS = 4


def new_encryption_key_pair() -> tuple[bytes, bytes]:
    """A station's X25519 key: (raw private, raw public), 32 bytes each."""
    private = X25519PrivateKey.generate()
    return (
        private.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        ),
        _raw_public(private.public_key()),
    )


def key_id(public_key: bytes) -> str:
    """What a stanza names its recipient by: 16 hex digits of the key's SHA-256."""
    return hashlib.sha256(b"kodsync-v2 recipient" + public_key).hexdigest()[:16]


def is_envelope(start: bytes) -> bool:
    return start.startswith(MAGIC)


@dataclass(frozen=True, slots=True)
class Recipient:
    station_id: str
    public_key: bytes  # X25519, 32 bytes


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _hkdf(secret: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=info).derive(secret)


def _chunk_nonce(number: int, last: bool) -> bytes:
    return number.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def _wrap(file_key: bytes, recipient: bytes) -> dict[str, str]:
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = _raw_public(ephemeral.public_key())
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
    wrapping = _hkdf(shared, ephemeral_public + recipient, _WRAP_INFO)
    wrapped = ChaCha20Poly1305(wrapping).encrypt(_ZERO_NONCE, file_key, None)
    return {
        "to": key_id(recipient),
        "epk": base64.b64encode(ephemeral_public).decode("ascii"),
        "key": base64.b64encode(wrapped).decode("ascii"),
    }


def _unwrap(stanza: dict[str, Any], private_key: bytes) -> bytes | None:
    """The file key from ``stanza`` with our key, or None when it is not ours."""
    private = X25519PrivateKey.from_private_bytes(private_key)
    own_public = _raw_public(private.public_key())
    try:
        ephemeral_public = base64.b64decode(str(stanza["epk"]), validate=True)
        wrapped = base64.b64decode(str(stanza["key"]), validate=True)
        shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
        wrapping = _hkdf(shared, ephemeral_public + own_public, _WRAP_INFO)
        file_key = ChaCha20Poly1305(wrapping).decrypt(_ZERO_NONCE, wrapped, None)
    except (KeyError, ValueError, binascii.Error, InvalidTag):
        return None
    return file_key if len(file_key) == KEY_BYTES else None


# --- writing -----------------------------------------------------------------------------


class EnvelopeWriter(io.RawIOBase):
    """A write-only, non-seekable stream that encrypts what is written into ``target``.

    The zip writer sees a stream it cannot seek and writes data descriptors instead of going
    back to the local headers. :meth:`close` seals the last chunk; without it the file has no
    last chunk and every reader refuses it as incomplete.
    """

    def __init__(self, target: IO[bytes], recipients: Sequence[bytes]) -> None:
        super().__init__()
        if not recipients:
            raise ValueError("an envelope needs at least one recipient")
        self._target = target
        file_key = os.urandom(KEY_BYTES)
        nonce = os.urandom(16)
        header = json.dumps(
            {
                "format": "kodsync-envelope",
                "version": 2,
                "nonce": base64.b64encode(nonce).decode("ascii"),
                "recipients": [_wrap(file_key, key) for key in recipients],
            },
            separators=(",", ":"),
        ).encode("ascii")
        start = MAGIC + _LENGTH.pack(len(header)) + header
        mac = hmac.new(_hkdf(file_key, b"", _HEADER_INFO), start, hashlib.sha256).digest()
        target.write(start + mac)
        self._aead = ChaCha20Poly1305(_hkdf(file_key, nonce, _PAYLOAD_INFO))
        self._buffer = bytearray()
        self._number = 0
        self._position = 0
        self._sealed = False

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        """Override of io.RawIOBase.write: buffer, and seal every chunk that is not the last."""
        if self._sealed:
            raise ValueError("write to a sealed envelope")
        view = memoryview(data).cast("B")
        self._buffer += view
        self._position += len(view)
        # A chunk is sealed only once more data follows it: the last one carries the flag.
        while len(self._buffer) > CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(view)

    def tell(self) -> int:
        """Override of io.IOBase.tell: the plaintext position (the zip writer's offsets)."""
        return self._position

    def seekable(self) -> bool:
        return False

    def seek(self, offset: int, whence: int = 0) -> int:
        """Override of io.IOBase.seek: an envelope is written front to back only."""
        raise io.UnsupportedOperation("an envelope cannot seek")

    def flush(self) -> None:
        """Override of io.IOBase.flush: the sealed chunks so far go to the target."""
        if not self.closed:
            self._target.flush()

    def close(self) -> None:
        """Override of io.IOBase.close: seal the last chunk (the target stays open)."""
        if not self.closed and not self._sealed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._sealed = True
            self._target.flush()
        super().close()

    def _seal(self, plain: bytes, *, last: bool) -> None:
        self._target.write(self._aead.encrypt(_chunk_nonce(self._number, last), plain, None))
        self._number += 1


def seal(plain: bytes, recipients: Sequence[bytes]) -> bytes:
    """``plain`` in an envelope for ``recipients`` (small data: tests and key checks)."""
    out = io.BytesIO()
    writer = EnvelopeWriter(out, recipients)
    writer.write(plain)
    writer.close()
    return out.getvalue()


# --- reading -----------------------------------------------------------------------------


def _not_ours() -> SyncRefused:
    return SyncRefused(
        "Das Paket ist nicht für diese Station verschlüsselt (es ist für eine andere Station "
        "bestimmt oder mit einem alten Schlüssel dieser Station erzeugt)."
    )


def _damaged() -> SyncRefused:
    return SyncRefused(
        "Das Paket ist beschädigt oder wurde verändert (die Entschlüsselung schlägt fehl)."
    )


def _incomplete() -> SyncRefused:
    return SyncRefused("Das Paket ist unvollständig (das Ende der verschlüsselten Daten fehlt).")


class EnvelopeReader(io.RawIOBase):
    """The plaintext of an envelope as a read-only, seekable stream.

    The constructor reads the header, finds our stanza, checks the header's MAC, and
    authenticates every chunk once (streamed: memory stays flat). Reads then decrypt the
    chunks they touch again (a few are cached), so a file changed after opening is refused at
    the changed chunk rather than read.
    """

    def __init__(self, file: IO[bytes], private_key: bytes, size: int) -> None:
        super().__init__()
        self._file = file
        file.seek(0)
        start = file.read(len(MAGIC) + _LENGTH.size)
        if not is_envelope(start) or len(start) < len(MAGIC) + _LENGTH.size:
            raise SyncRefused("Das ist kein verschlüsseltes Synchronisationspaket.")
        (length,) = _LENGTH.unpack(start[len(MAGIC) :])
        if length > MAX_HEADER_BYTES:
            raise SyncRefused("Der Kopf des Pakets ist zu groß – abgelehnt.")
        header = file.read(length)
        mac = file.read(32)
        if len(header) != length or len(mac) != 32:
            raise _incomplete()
        file_key, nonce = self._open_header(header, private_key)
        expected = hmac.new(
            _hkdf(file_key, b"", _HEADER_INFO), start + header, hashlib.sha256
        ).digest()
        if not hmac.compare_digest(mac, expected):
            raise _damaged()
        self._aead = ChaCha20Poly1305(_hkdf(file_key, nonce, _PAYLOAD_INFO))
        self._offset = len(start) + length + 32
        sealed = size - self._offset
        self._chunks = max(1, -(-sealed // SEALED_CHUNK))
        last_sealed = sealed - (self._chunks - 1) * SEALED_CHUNK
        if sealed < TAG or last_sealed < TAG:
            raise _incomplete()
        self.size = sealed - self._chunks * TAG
        self._cache: OrderedDict[int, bytes] = OrderedDict()
        self._position = 0
        for number in range(self._chunks):  # authenticate everything before anyone reads
            self._decrypt(number, keep=False)

    @staticmethod
    def _open_header(header: bytes, private_key: bytes) -> tuple[bytes, bytes]:
        try:
            document = json.loads(header.decode("ascii"))
            if not isinstance(document, dict) or document.get("format") != "kodsync-envelope":
                raise ValueError
            version = document.get("version")
            stanzas = document.get("recipients")
            nonce = base64.b64decode(str(document.get("nonce")), validate=True)
        except (UnicodeDecodeError, ValueError, binascii.Error):
            raise SyncRefused("Der Kopf des Pakets ist ungültig.") from None
        if not isinstance(version, int) or isinstance(version, bool) or version > 2:
            raise SyncRefused(
                "Das Paket stammt aus einer neueren Version von KOD Desk; "
                "bitte KOD Desk aktualisieren."
            )
        if version < 2 or not isinstance(stanzas, list) or len(nonce) != 16:
            raise SyncRefused("Der Kopf des Pakets ist ungültig.")
        if not 1 <= len(stanzas) <= MAX_RECIPIENTS:
            raise SyncRefused("Der Kopf des Pakets nennt zu viele oder keine Empfänger.")
        own = key_id(_raw_public(X25519PrivateKey.from_private_bytes(private_key).public_key()))
        for stanza in stanzas:
            if isinstance(stanza, dict) and stanza.get("to") == own:
                file_key = _unwrap(stanza, private_key)
                if file_key is not None:
                    return file_key, nonce
        raise _not_ours()

    def _decrypt(self, number: int, *, keep: bool = True) -> bytes:
        cached = self._cache.get(number)
        if cached is not None:
            self._cache.move_to_end(number)
            return cached
        last = number == self._chunks - 1
        self._file.seek(self._offset + number * SEALED_CHUNK)
        sealed = self._file.read(SEALED_CHUNK)
        try:
            plain = self._aead.decrypt(_chunk_nonce(number, last), sealed, None)
        except InvalidTag:
            if last and self._is_cut(number, sealed):
                raise _incomplete() from None
            raise _damaged() from None
        if not last and len(plain) != CHUNK:
            raise _damaged()
        if keep:
            self._cache[number] = plain
            if len(self._cache) > _CACHED_CHUNKS:
                self._cache.popitem(last=False)
        return plain

    def _is_cut(self, number: int, sealed: bytes) -> bool:
        """A full chunk that authenticates as a middle chunk: the file was cut after it."""
        try:
            self._aead.decrypt(_chunk_nonce(number, False), sealed, None)
        except InvalidTag:
            return False
        return True

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        """Override of io.IOBase.tell."""
        return self._position

    def seek(self, offset: int, whence: int = 0) -> int:
        """Override of io.IOBase.seek over the plaintext."""
        bases: dict[int, int] = {0: 0, 1: self._position, 2: self.size}
        if whence not in bases:
            raise ValueError(f"invalid whence {whence}")
        position: int = bases[whence] + offset
        if position < 0:
            raise OSError("negative seek position")
        self._position = position
        return position

    def readinto(self, buffer: Any) -> int:
        """Override of io.RawIOBase.readinto: plaintext from the current position."""
        view = memoryview(buffer).cast("B")
        done = 0
        while done < len(view) and self._position < self.size:
            number, inside = divmod(self._position, CHUNK)
            plain = self._decrypt(number)
            piece = plain[inside : inside + len(view) - done]
            if not piece:
                break
            view[done : done + len(piece)] = piece
            done += len(piece)
            self._position += len(piece)
        return done
