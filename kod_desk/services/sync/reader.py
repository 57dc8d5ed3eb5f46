"""Reading ``.kodsync`` files (issues 8 and 13, DESIGN.md §8): every check before one record.

:class:`PackageReader` checks a package in the order of the format spec – decryption with this
station's key (every chunk authenticated, sync/envelope.py), zip structure, member names, sizes
(zip bombs), manifest, versions, signature, trust, recipients, hashes – before the caller sees
one record, and streams every member: memory does not grow with the package. Every refusal is a
:class:`~kod_desk.domain.sync_format.SyncRefused` with one German sentence. No database here;
the sync service calls this (the writing side is sync/package.py).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from pathlib import Path, PurePosixPath, PureWindowsPath
from types import TracebackType
from typing import IO, Any, TypeVar

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kod_desk.domain.errors import os_error_text
from kod_desk.domain.sync_format import (
    MANIFEST_NAME,
    MAX_CENTRAL_DIRECTORY_BYTES,
    MAX_LINE_BYTES,
    MAX_MANIFEST_BYTES,
    MAX_MEMBER_BYTES,
    MAX_MEMBERS,
    MAX_RATIO,
    MAX_SIGNATURE_BYTES,
    MAX_TOTAL_BYTES,
    MIB,
    RATIO_CHECK_FROM_BYTES,
    SIGNATURE_BYTES,
    SIGNATURE_NAME,
    Manifest,
    MemberEntry,
    SyncRefused,
    is_member_name,
    load_json,
    table_of,
)
from kod_desk.domain.text import german_decimal
from kod_desk.services.sync.envelope import EnvelopeReader, is_envelope

_CHUNK = MIB
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED = 0x1
_T = TypeVar("_T")


class PackageReader:
    """Checks and reads one ``.kodsync`` file::

    with PackageReader(path, known_tables=..., schema_version="0008",
                       is_trusted=lambda station_id, key, enc_key: ...,
                       station_id=..., private_key=...) as package:
        manifest = package.open()          # every check; SyncRefused on the first failure
        for table in package.tables():     # manifest order
            for record in package.records(table):
                ...
    """

    def __init__(
        self,
        path: Path,
        *,
        known_tables: Collection[str],
        schema_version: str,
        is_trusted: Callable[[str, bytes, bytes], bool],
        station_id: str,
        private_key: bytes,
    ) -> None:
        self.path = Path(path)
        self._known = frozenset(known_tables)
        self._schema_version = schema_version
        self._is_trusted = is_trusted
        self._station_id = station_id
        self._private_key = private_key  # X25519: this station's half of the envelope
        self._raw: IO[bytes] | None = None
        self._file: IO[bytes] | None = None
        self._zip: zipfile.ZipFile | None = None
        self._infos: dict[str, zipfile.ZipInfo] = {}
        self.manifest: Manifest | None = None

    def __enter__(self) -> PackageReader:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
            self._zip = None
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._raw is not None:
            self._raw.close()
            self._raw = None

    def open(self) -> Manifest:
        """Run every check of the spec's reading order; the manifest of a sound package."""
        archive = self._open_zip()
        self._infos = self._check_names(archive)
        self._check_sizes()
        manifest_data = self._read_small(MANIFEST_NAME, MAX_MANIFEST_BYTES)
        manifest = Manifest.from_json(manifest_data)
        if manifest.schema_version > self._schema_version:
            raise SyncRefused(
                "Das Paket stammt aus einer neueren Datenbankversion von KOD Desk "
                f"(Schema {manifest.schema_version}, hier {self._schema_version}); "
                "bitte KOD Desk aktualisieren."
            )
        self._check_signature(manifest, manifest_data)
        if not self._is_trusted(manifest.station_id, manifest.public_key, manifest.enc_public_key):
            raise SyncRefused(
                f"Die Station „{manifest.station_name}“ (Fingerabdruck {manifest.fingerprint}) "
                "ist nicht als vertrauenswürdig eingetragen."
            )
        if self._station_id not in manifest.recipients:
            # A recipient re-encrypted a package that was signed for it alone.
            raise SyncRefused(
                "Das Paket ist für eine andere Station bestimmt – es wird hier nicht eingespielt."
            )
        self._check_member_list(manifest)
        for entry in manifest.members:
            self._check_member_data(entry)
        self.manifest = manifest
        return manifest

    def tables(self) -> tuple[str, ...]:
        """The tables of the package in the order of the manifest (the exporter's order)."""
        return self._opened().tables

    def records(self, table: str) -> Iterator[dict[str, Any]]:
        """The records of ``table`` one by one (nothing when the package has none of it).

        The member is read again and hashed on the way, so a file changed after :meth:`open`
        is refused at its end; the caller must roll back what it did with the records then.
        """
        entry = self._opened().member(table)
        if entry is None:
            return
        digest = hashlib.sha256()
        size = 0
        number = 0
        pending: list[bytes] = []  # the start of a line that runs on into the next chunk
        waiting = 0
        # Read in chunks, hashed as they come, and split into lines here: one digest update
        # and one read per MiB instead of per line (the import's hot path, bench sync).
        with self._open_member(entry.name) as stream:
            while chunk := self._guard(stream.read, _CHUNK):
                size += len(chunk)
                if size > entry.size:
                    raise _changed(entry.name)
                digest.update(chunk)
                if b"\n" not in chunk:
                    pending.append(chunk)
                    waiting += len(chunk)
                    if waiting > MAX_LINE_BYTES:
                        raise _too_long(number + 1, entry.name)
                    continue
                if pending:
                    chunk = b"".join([*pending, chunk])
                    pending.clear()
                lines = chunk.split(b"\n")
                tail = lines.pop()
                for line in lines:
                    number += 1
                    if len(line) >= MAX_LINE_BYTES:  # with its newline: longer than allowed
                        raise _too_long(number, entry.name)
                    yield _record(line, number, entry.name)
                if tail:
                    pending.append(tail)
                waiting = len(tail)
                if waiting > MAX_LINE_BYTES:
                    raise _too_long(number + 1, entry.name)
        if pending:
            raise SyncRefused(f"Die letzte Zeile von {entry.name} ist unvollständig.")
        if size != entry.size or number != entry.records or digest.hexdigest() != entry.sha256:
            raise _changed(entry.name)

    # --- checks, in the order of the spec ---

    def _open_zip(self) -> zipfile.ZipFile:
        self.close()
        try:
            self._raw = open(self.path, "rb")  # noqa: SIM115 - kept open until close()
            start = self._raw.read(16)
            if not start:
                raise SyncRefused("Das ist kein Synchronisationspaket (die Datei ist leer).")
            if start.startswith(_ZIP_MAGIC):
                raise SyncRefused(
                    "Das Paket ist unverschlüsselt (Format 1 einer älteren KOD-Desk-Version) – "
                    "angenommen werden nur verschlüsselte Pakete; bitte an der sendenden Station "
                    "KOD Desk aktualisieren und das Paket neu erzeugen."
                )
            if not is_envelope(start):
                raise SyncRefused("Das ist kein Synchronisationspaket.")
            plain: IO[bytes] = EnvelopeReader(  # type: ignore[assignment] # a binary stream
                self._raw, self._private_key, os.fstat(self._raw.fileno()).st_size
            )
            self._file = plain
            start = plain.read(4)
            _check_central_directory(plain, start)
            plain.seek(0)
            self._zip = zipfile.ZipFile(plain)
        except FileNotFoundError:
            self.close()
            raise SyncRefused(f"Die Datei „{self.path.name}“ gibt es nicht.") from None
        except OSError as error:
            self.close()
            raise SyncRefused(
                f"Die Datei „{self.path.name}“ lässt sich nicht lesen: {os_error_text(error)}."
            ) from error
        except SyncRefused:
            self.close()
            raise
        except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError, struct.error):
            self.close()
            raise _not_a_zip(start) from None
        return self._zip

    def _check_names(self, archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS + 2:
            raise SyncRefused(f"Das Paket enthält mehr als {MAX_MEMBERS} Tabellen – abgelehnt.")
        for info in infos:
            _check_name(info.filename, self._known)
        counts = Counter(info.filename for info in infos)
        for name, count in counts.items():
            if count > 1:
                raise SyncRefused(f"Der Name „{name}“ kommt im Paket mehrfach vor.")
        for required in (MANIFEST_NAME, SIGNATURE_NAME):
            if required not in counts:
                raise SyncRefused(f"Im Paket fehlt {required}.")
        return {info.filename: info for info in infos}

    def _check_sizes(self) -> None:
        total = 0
        for name, info in self._infos.items():
            if info.flag_bits & _ENCRYPTED:
                raise SyncRefused(f"{name} ist verschlüsselt – das kommt in Paketen nicht vor.")
            if info.compress_type not in {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}:
                raise SyncRefused(f"{name} ist mit einem unbekannten Verfahren gepackt.")
            limit = {MANIFEST_NAME: MAX_MANIFEST_BYTES, SIGNATURE_NAME: MAX_SIGNATURE_BYTES}.get(
                name, MAX_MEMBER_BYTES
            )
            if info.file_size > limit:
                raise SyncRefused(
                    f"{name} ist größer als erlaubt (entpackt über {_amount(limit)}) – abgelehnt."
                )
            if info.file_size > RATIO_CHECK_FROM_BYTES and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise SyncRefused(
                    f"{name} ist verdächtig stark gepackt (mehr als {MAX_RATIO}:1) – "
                    "abgelehnt, weil es eine ZIP-Bombe sein kann."
                )
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise SyncRefused(
                    "Das Paket ist größer als erlaubt "
                    f"(entpackt über {_amount(MAX_TOTAL_BYTES)}) – abgelehnt."
                )

    def _read_small(self, name: str, limit: int) -> bytes:
        if self._infos[name].file_size > limit:
            raise _too_big(name)
        with self._open_member(name) as stream:
            return self._guard(stream.readall)  # the stream stops at the declared size

    def _check_signature(self, manifest: Manifest, data: bytes) -> None:
        signature = self._read_small(SIGNATURE_NAME, MAX_SIGNATURE_BYTES)
        try:
            if len(signature) != SIGNATURE_BYTES:
                raise InvalidSignature
            Ed25519PublicKey.from_public_bytes(manifest.public_key).verify(signature, data)
        except (InvalidSignature, ValueError):
            raise SyncRefused("Die Signatur des Pakets ist ungültig.") from None

    def _check_member_list(self, manifest: Manifest) -> None:
        listed = {entry.name for entry in manifest.members}
        for entry in manifest.members:
            if entry.table not in self._known:
                raise SyncRefused(f"Das Manifest nennt eine unbekannte Tabelle: „{entry.name}“.")
            if entry.name not in self._infos:
                raise SyncRefused(f"Im Paket fehlt {entry.name}, das im Manifest steht.")
        for name in self._infos:
            if name not in listed and name not in {MANIFEST_NAME, SIGNATURE_NAME}:
                raise SyncRefused(f"{name} liegt im Paket, steht aber nicht im Manifest.")

    def _check_member_data(self, entry: MemberEntry) -> None:
        if self._infos[entry.name].file_size != entry.size:
            raise _changed(entry.name)
        digest = hashlib.sha256()
        size = 0
        lines = 0
        with self._open_member(entry.name) as stream:
            while chunk := self._guard(stream.read, _CHUNK):
                size += len(chunk)
                if size > entry.size:
                    raise _too_big(entry.name)
                lines += chunk.count(b"\n")
                digest.update(chunk)
        if size != entry.size or lines != entry.records or digest.hexdigest() != entry.sha256:
            raise _changed(entry.name)

    # --- helpers ---

    def _opened(self) -> Manifest:
        if self.manifest is None or self._zip is None:
            raise RuntimeError("PackageReader.open() was not called or did not succeed")
        return self.manifest

    def _open_member(self, name: str) -> _MemberStream:
        assert self._file is not None
        return self._guard(_MemberStream, self._file, self._infos[name])

    def decrypted_size(self) -> int:
        """The size of the zip inside the envelope (tests, the bench)."""
        return int(getattr(self._file, "size", 0))

    def _guard(self, action: Callable[..., _T], *args: Any) -> _T:
        """Run a read; a file error becomes one German sentence."""
        try:
            return action(*args)
        except OSError as error:
            raise SyncRefused(
                f"Die Datei „{self.path.name}“ lässt sich nicht lesen: {os_error_text(error)}."
            ) from error


class _MemberStream(io.RawIOBase):
    """The uncompressed bytes of one member, never more than the central directory declares.

    The zip module would quietly cut a member at its declared size; this stream refuses a member
    whose data runs on (a lying header) as soon as one byte too many comes out of the
    decompressor, checks the CRC itself and keeps its own file position, so two members can be
    read at once from the same file.
    """

    def __init__(self, file: IO[bytes], info: zipfile.ZipInfo) -> None:
        super().__init__()
        self._file = file
        self._name = info.filename
        self._declared = info.file_size
        self._expected_crc = info.CRC
        self._crc = 0
        self._produced = 0
        self._compressed_left = info.compress_size
        self._tail = b""
        self._done = False
        self._decompressor = (
            zlib.decompressobj(-zlib.MAX_WBITS)
            if info.compress_type == zipfile.ZIP_DEFLATED
            else None
        )
        if self._decompressor is None and info.compress_size != info.file_size:
            raise _damaged(self._name)
        file.seek(info.header_offset)
        header = file.read(30)
        if len(header) != 30 or not header.startswith(_ZIP_MAGIC):
            raise _damaged(self._name)
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        name = file.read(name_length)
        encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
        if name.decode(encoding, "replace") != info.orig_filename:
            raise _damaged(self._name)
        self._position = info.header_offset + 30 + name_length + extra_length

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        """Override of io.RawIOBase.readinto: decompress at most ``len(buffer)`` bytes."""
        view = memoryview(buffer).cast("B")
        while view and not self._done:
            data = self._next(len(view))
            if data:
                view[: len(data)] = data
                return len(data)
        return 0

    def _next(self, wanted: int) -> bytes:
        if self._decompressor is None:
            data = self._read_compressed(wanted)
            if not data:
                self._finish()
            return self._count(data)
        compressed = self._tail or self._read_compressed(_CHUNK)
        if not compressed and not self._decompressor.eof:
            raise _damaged(self._name)  # the compressed data ends before the stream does
        try:
            data = self._decompressor.decompress(compressed, wanted)
        except zlib.error:
            raise _damaged(self._name) from None
        self._tail = self._decompressor.unconsumed_tail
        if self._decompressor.eof:
            if self._decompressor.unused_data or self._compressed_left:
                raise _damaged(self._name)
            self._count(data)
            self._finish()
            return data
        return self._count(data)

    def _read_compressed(self, wanted: int) -> bytes:
        size = min(wanted, self._compressed_left)
        if size <= 0:
            return b""
        self._file.seek(self._position)
        data = self._file.read(size)
        if not data:
            raise _damaged(self._name)  # the file ends inside the member
        self._position += len(data)
        self._compressed_left -= len(data)
        return data

    def _count(self, data: bytes) -> bytes:
        self._produced += len(data)
        if self._produced > self._declared:
            raise _too_big(self._name)
        self._crc = zlib.crc32(data, self._crc)
        return data

    def _finish(self) -> None:
        self._done = True
        if self._produced != self._declared or self._crc != self._expected_crc:
            raise _damaged(self._name)


def _check_central_directory(stream: IO[bytes], start: bytes) -> None:
    """Refuse a central directory too big for our packages before the zip module parses it.

    The zip module builds one object per entry of the central directory at once; a small file
    with millions of entries would take gigabytes before any other check could run.
    """
    find_end = getattr(zipfile, "_EndRecData", None)
    if find_end is None:  # the private helper moved: the entry limit below still holds
        return
    try:
        end = find_end(stream)
    except (OSError, struct.error):
        end = None
    if not end:
        raise _not_a_zip(start)
    if end[5] > MAX_CENTRAL_DIRECTORY_BYTES or end[4] > MAX_MEMBERS + 2:  # size, entries
        raise SyncRefused(f"Das Paket enthält mehr als {MAX_MEMBERS} Tabellen – abgelehnt.")


def _check_name(name: str, known: frozenset[str]) -> None:
    if name in {MANIFEST_NAME, SIGNATURE_NAME}:
        return
    path_like = (
        "/" in name
        or "\\" in name
        or ".." in name
        or ":" in name
        or PurePosixPath(name).is_absolute()
        or PureWindowsPath(name).is_absolute()
    )
    if path_like or not is_member_name(name):
        raise SyncRefused(f"Unzulässiger Name im Paket: „{name}“.")
    if table_of(name) not in known:
        raise SyncRefused(f"Unbekannter Eintrag im Paket: „{name}“.")


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")  # NaN, Infinity: refused, as load_json does


# The line as one JSON value and where it ended: what load_json decodes, without its wrapping
# (a third of the decoding of a typical record); anything else goes through load_json.
_DECODE = json.JSONDecoder(parse_constant=_no_constant).raw_decode


def _record(line: bytes, number: int, name: str) -> dict[str, Any]:
    try:
        text = line.decode("utf-8")
        record, end = _DECODE(text)
        if end != len(text):
            raise ValueError("not one value")  # trailing spaces, or junk: load_json decides
    except (ValueError, RecursionError):
        try:
            record = load_json(line)
        except ValueError:
            raise SyncRefused(f"Zeile {number} von {name} ist kein gültiges JSON.") from None
    if not isinstance(record, dict):
        raise SyncRefused(f"Zeile {number} von {name} ist kein JSON-Objekt.")
    return record


def _too_long(number: int, name: str) -> SyncRefused:
    return SyncRefused(
        f"Zeile {number} von {name} ist länger als {MAX_LINE_BYTES // MIB} MiB – abgelehnt."
    )


def _not_a_zip(start: bytes) -> SyncRefused:
    if start.startswith(_ZIP_MAGIC):
        return SyncRefused("Das Paket ist beschädigt oder unvollständig (ZIP-Struktur defekt).")
    return SyncRefused("Das ist kein Synchronisationspaket (keine ZIP-Datei).")


def _damaged(name: str) -> SyncRefused:
    return SyncRefused(f"Das Paket ist beschädigt: {name} lässt sich nicht fehlerfrei entpacken.")


def _too_big(name: str) -> SyncRefused:
    return SyncRefused(f"{name} ist größer als im Paket angegeben – abgelehnt.")


def _changed(name: str) -> SyncRefused:
    return SyncRefused(
        f"Prüfsumme von {name} stimmt nicht – die Datei wurde verändert oder ist beschädigt."
    )


def _amount(size: int) -> str:
    for unit, factor in (("GiB", 1024 * MIB), ("MiB", MIB), ("KiB", 1024)):
        if size >= factor:
            return f"{german_decimal(size / factor, 1, trim=True)} {unit}"
    return f"{size} Bytes"
