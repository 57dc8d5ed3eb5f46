"""Photos and documents attached to incidents: allowed types, size limit, names (issue 5).

The type is read from the first bytes (the "magic") wherever a format has one; the file name's
extension only decides between formats that share a container (zip: docx/xlsx/odt …, OLE:
doc/xls/ppt) and for plain text, which has no magic. A file whose content contradicts its
extension (a ``.jpg`` that is no JPEG) is refused rather than stored under a wrong type.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath, PureWindowsPath

from kod_desk.domain.errors import ValidationError

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 10 * MB
MAX_FILENAME = 200
MAX_THUMBNAIL_BYTES = 256 * 1024

JPEG, PNG, WEBP, HEIC, PDF, TEXT = (
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/heic",
    "application/pdf",
    "text/plain",
)
_OOXML = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."

# Formats stored in a zip or OLE container: told apart by the extension.
ZIP_TYPES = {
    "docx": _OOXML + "wordprocessingml.document",
    "xlsx": _OOXML + "spreadsheetml.sheet",
    "pptx": _OOXML + "presentationml.presentation",
    "odt": _ODF + "text",
    "ods": _ODF + "spreadsheet",
    "odp": _ODF + "presentation",
}
OLE_TYPES = {
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
}
TEXT_EXTENSIONS = frozenset({"txt", "csv", "log"})
# What each extension promises; a known-magic file must keep that promise.
MAGIC_EXTENSIONS = {
    "jpg": JPEG,
    "jpeg": JPEG,
    "png": PNG,
    "webp": WEBP,
    "heic": HEIC,
    "heif": HEIC,
    "pdf": PDF,
}
ALLOWED_HINT = "Bilder (JPEG, PNG, WebP, HEIC), PDF, Text und Office-Dokumente"

_HEIC_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1")


def extension(filename: str) -> str:
    return PurePosixPath(filename).suffix.lower().lstrip(".")


def sniff(head: bytes) -> str | None:
    """The type the first bytes prove, or None; "zip"/"ole" for the two containers."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    if head[4:8] == b"ftyp" and head[8:12] in _HEIC_BRANDS:
        return HEIC
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    return None


def _looks_like_text(data: bytes) -> bool:
    if b"\x00" in data[:8192]:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            data[:65536].decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def detect_type(filename: str, data: bytes) -> str | None:
    """The MIME type to store, or None when the file is not an allowed type."""
    ext = extension(filename)
    found = sniff(data[:32])
    if found == "zip":
        return ZIP_TYPES.get(ext)
    if found == "ole":
        return OLE_TYPES.get(ext)
    if found is not None:
        promised = MAGIC_EXTENSIONS.get(ext)
        return found if promised in (None, found) else None
    if ext in MAGIC_EXTENSIONS or ext in ZIP_TYPES or ext in OLE_TYPES:
        return None  # the extension promises a format the content does not have
    if ext in TEXT_EXTENSIONS and _looks_like_text(data):
        return TEXT
    return None


def is_image(mime_type: str) -> bool:
    return mime_type.startswith("image/")


def format_size(size: int) -> str:
    """German size text: "14,2 MB", "830 KB", "12 Byte"."""
    if size >= MB:
        text = f"{size / MB:.1f}".replace(".", ",")
        return f"{text.removesuffix(',0')} MB"
    if size >= 1024:
        return f"{round(size / 1024)} KB"
    return f"{size} Byte"


def clean_filename(filename: str) -> str:
    """The last path part, without control characters, at most 200 characters (keeps the end)."""
    name = PureWindowsPath(PurePosixPath(filename).name).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    if len(name) > MAX_FILENAME:
        ext = extension(name)
        keep = MAX_FILENAME - len(ext) - 2
        name = f"{name[:keep]}….{ext}" if ext and len(ext) < 10 else name[:MAX_FILENAME]
    return name or "Anhang"


def size_problem(filename: str, size: int, max_bytes: int = DEFAULT_MAX_BYTES) -> str | None:
    """The German refusal of a file over the limit (the UI asks before reading a huge file)."""
    if size <= max_bytes:
        return None
    return (
        f"Die Datei „{clean_filename(filename)}“ ist {format_size(size)} groß; erlaubt sind "
        f"höchstens {format_size(max_bytes)}."
    )


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """A file that may be attached: cleaned name, type, size and SHA-256."""

    filename: str
    mime_type: str
    size_bytes: int
    sha256: str


def check_file(filename: str, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> CheckedFile:
    """Raise a German ValidationError naming the file unless it may be attached."""
    name = clean_filename(filename)
    size = len(data)
    if size == 0:
        raise ValidationError(f"Die Datei „{name}“ ist leer.")
    too_big = size_problem(name, size, max_bytes)
    if too_big:
        raise ValidationError(too_big)
    mime_type = detect_type(name, data)
    if mime_type is None:
        raise ValidationError(
            f"Die Datei „{name}“ hat keinen erlaubten Dateityp (oder ihr Inhalt passt nicht zur "
            f"Endung). Erlaubt sind {ALLOWED_HINT}."
        )
    return CheckedFile(name, mime_type, size, hashlib.sha256(data).hexdigest())


def usable_thumbnail(thumbnail: bytes | None) -> bytes | None:
    """A thumbnail is kept only if it is a small JPEG or PNG; otherwise the strip shows an icon."""
    if not thumbnail or len(thumbnail) > MAX_THUMBNAIL_BYTES:
        return None
    return thumbnail if sniff(thumbnail[:32]) in (JPEG, PNG) else None


def duplicate_message(filename: str, existing_name: str) -> str:
    if filename == existing_name:
        return f"Die Datei „{filename}“ ist bereits an diesem Vorkommnis angehängt."
    return (
        f"Die Datei „{filename}“ ist bereits an diesem Vorkommnis angehängt "
        f"(als „{existing_name}“)."
    )


@dataclass(frozen=True, slots=True)
class AttachmentInfo:
    """What the strip shows of an attachment: everything but the file's bytes."""

    id: str
    incident_id: str
    filename: str
    mime_type: str
    size_bytes: int
    sha256: str
    thumbnail: bytes | None
    added_at: datetime
    added_by: str

    @property
    def is_image(self) -> bool:
        return is_image(self.mime_type)
