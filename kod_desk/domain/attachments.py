"""Photos and documents attached to incidents: allowed types, size limit, names (issue 5, 13).

One whitelist decides, by content AND extension, wherever a file enters (file dialog, drop,
service, sync import) and before one is opened: photos, PDF, plain text, office documents.
The type is read from the first bytes (the "magic"); the extension must be one of the
whitelist and agree with the content. Zip-based office files must look like the format their
extension names (OOXML parts, the ODF ``mimetype`` member, no macro parts) and OLE files must
carry no VBA project. A file with a valid PDF/PNG/JPEG head but an unknown or dangerous
extension (``.bat``, ``.exe``, ``.html`` …) is refused: the desktop opens files by extension.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath, PureWindowsPath

from kod_desk.domain.errors import ValidationError
from kod_desk.domain.text import german_decimal

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
ALLOWED_EXTENSIONS = frozenset(MAGIC_EXTENSIONS) | TEXT_EXTENSIONS | set(ZIP_TYPES) | set(OLE_TYPES)
# The extension a copy of each allowed type gets (opening, a name without extension). Text
# opens as .txt: a .csv would go to a spreadsheet program, which runs formulas.
TYPE_EXTENSIONS = {
    JPEG: "jpg",
    PNG: "png",
    WEBP: "webp",
    HEIC: "heic",
    PDF: "pdf",
    TEXT: "txt",
    **{mime: ext for ext, mime in ZIP_TYPES.items()},
    **{mime: ext for ext, mime in OLE_TYPES.items()},
}
ALLOWED_HINT = "Bilder (JPEG, PNG, WebP, HEIC), PDF, Text und Office-Dokumente"

_HEIC_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1")
_OOXML_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
MAX_ZIP_MEMBERS = 5_000
MAX_CONTENT_TYPES_BYTES = 256 * 1024
_OLE_VBA = "_VBA_PROJECT".encode("utf-16-le")  # OLE directory names are UTF-16LE


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
    if b"\x00" in data:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            data[:65536].decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _small_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    """A member's bytes when it exists and is at most ``limit`` bytes (read, never extracted;
    the read stops after ``limit`` + 1 bytes whatever the header claims)."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limit:
        return None
    with archive.open(info) as member:
        data = member.read(limit + 1)
    return data if len(data) <= limit else None


def _macro_part(name: str) -> bool:
    """A VBA project (OOXML) or Basic/script macros (ODF)."""
    return "vbaproject" in name.lower() or name.startswith(("Basic/", "Scripts/"))


def _office_zip(ext: str, data: bytes) -> bool:
    """Whether a zip looks like the office format its extension names, without macros."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if not infos or len(infos) > MAX_ZIP_MEMBERS:
                return False
            names = [info.filename for info in infos]
            if any(_macro_part(n) for n in names):
                return False
            part = _OOXML_PARTS.get(ext)
            if part is not None:
                types = _small_member(archive, "[Content_Types].xml", MAX_CONTENT_TYPES_BYTES)
                return (
                    types is not None
                    and b"macroenabled" not in types.lower()
                    and any(n.startswith(part) for n in names)
                )
            mimetype = _small_member(archive, "mimetype", 100)
            return mimetype is not None and mimetype.strip() == ZIP_TYPES[ext].encode()
    except Exception:  # hostile bytes may break the zip reader in any way: not an office file
        return False


def detect_type(filename: str, data: bytes) -> str | None:
    """The MIME type to store, or None when the file is not an allowed type.

    The extension must be on the whitelist and agree with the content; a name without an
    extension is accepted only for formats the content proves (check_file then adds one).
    """
    ext = extension(filename)
    if ext and ext not in ALLOWED_EXTENSIONS:
        return None
    found = sniff(data[:32])
    if found == "zip":
        return ZIP_TYPES[ext] if ext in ZIP_TYPES and _office_zip(ext, data) else None
    if found == "ole":
        return OLE_TYPES[ext] if ext in OLE_TYPES and _OLE_VBA not in data else None
    if found is not None:
        return found if not ext or MAGIC_EXTENSIONS.get(ext) == found else None
    if ext in TEXT_EXTENSIONS and _looks_like_text(data):
        return TEXT
    return None


def is_image(mime_type: str) -> bool:
    return mime_type.startswith("image/")


def format_size(size: int) -> str:
    """German size text: "14,2 MB", "830 KB", "12 Byte"."""
    if size >= MB:
        return f"{german_decimal(size / MB, 1, trim=True)} MB"
    if size >= 1024:
        return f"{round(size / 1024)} KB"
    return f"{size} Byte"


_RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{n}" for port in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")}
)
_NOT_IN_NAMES = re.compile(r'[<>:"/\\|?*]')  # Windows refuses them; ":" opens NTFS streams
_EDGES = re.compile(r"^[\s.]+|[\s.]+$")


def clean_filename(filename: str) -> str:
    """A safe base name: the last path part (either separator), without control characters or
    characters Windows forbids, no leading/trailing dots or spaces, no reserved device name
    (CON, NUL, COM1 … get a leading "_"), at most 200 characters (keeps the extension).
    Applying it twice changes nothing more (the sync import relies on that)."""
    name = filename
    for _round in range(4):  # each round only shortens or prefixes: stable after a few
        cleaner = _clean_once(name)
        if cleaner == name:
            break
        name = cleaner
    return name or "Anhang"


def _clean_once(filename: str) -> str:
    name = PureWindowsPath(PurePosixPath(filename.replace("\\", "/")).name).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = unicodedata.normalize("NFC", name)
    name = _EDGES.sub("", _NOT_IN_NAMES.sub("_", name))
    if len(name) > MAX_FILENAME:
        ext = extension(name)
        keep = MAX_FILENAME - len(ext) - 2
        name = f"{name[:keep]}….{ext}" if ext and len(ext) < 10 else name[:MAX_FILENAME]
        name = _EDGES.sub("", name)
    if name.split(".", 1)[0].rstrip().upper() in _RESERVED_NAMES:
        name = f"_{name}"[:MAX_FILENAME]
    return name or "Anhang"


def shown_name(filename: str, limit: int = 80) -> str:
    """A stored (maybe hostile) name as a message may show it: no control characters, short."""
    text = "".join(ch for ch in filename if unicodedata.category(ch)[0] != "C")
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def proposed_name(filename: str, mime_type: str) -> str:
    """The name "Speichern unter …" proposes: cleaned, with an extension of the stored type."""
    name = clean_filename(filename)
    wanted = TYPE_EXTENSIONS.get(mime_type)
    ext = extension(name)
    if wanted is None or ext == wanted or _type_of_extension(ext) == mime_type:
        return name
    return clean_filename(f"{name}.{wanted}")


def _type_of_extension(ext: str) -> str | None:
    if ext in TEXT_EXTENSIONS:
        return TEXT
    return MAGIC_EXTENSIONS.get(ext) or ZIP_TYPES.get(ext) or OLE_TYPES.get(ext)


def _size_refusal(name: str, size: int, max_bytes: int) -> str | None:
    """Empty or too big, as a German clause without the full stop."""
    if size == 0:
        return f"Die Datei „{name}“ ist leer"
    if size > max_bytes:
        return (
            f"Die Datei „{name}“ ist {format_size(size)} groß; erlaubt sind "
            f"höchstens {format_size(max_bytes)}"
        )
    return None


def _type_refusal(name: str) -> str:
    return (
        f"Die Datei „{name}“ hat keinen erlaubten Dateityp (oder ihr Inhalt passt nicht zur Endung)"
    )


def size_problem(filename: str, size: int, max_bytes: int = DEFAULT_MAX_BYTES) -> str | None:
    """The German refusal of a file over the limit (the UI asks before reading a huge file)."""
    if size <= max_bytes:
        return None
    return f"{_size_refusal(clean_filename(filename), size, max_bytes)}."


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """A file that may be attached: cleaned name, type, size and SHA-256."""

    filename: str
    mime_type: str
    size_bytes: int
    sha256: str


def check_file(filename: str, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> CheckedFile:
    """Raise a German ValidationError naming the file unless it may be attached.

    The stored name is the cleaned base name; one without an extension gets that of its type.
    """
    name = clean_filename(filename)
    refused = _size_refusal(name, len(data), max_bytes)
    if refused:
        raise ValidationError(f"{refused}.")
    mime_type = detect_type(name, data)
    if mime_type is None:
        raise ValidationError(f"{_type_refusal(name)}. Erlaubt sind {ALLOWED_HINT}.")
    if not extension(name):
        name = clean_filename(f"{name}.{TYPE_EXTENSIONS[mime_type]}")
    return CheckedFile(name, mime_type, len(data), hashlib.sha256(data).hexdigest())


def record_problem(
    filename: str, mime_type: str, size_bytes: int, sha256: str, data: bytes
) -> str | None:
    """What is wrong with an attachment record from elsewhere (a sync package), as a German
    clause naming the file, or None. The same check as :func:`check_file` (at the default
    10 MB), and the record's name, type, size and hash must be exactly what it gives."""
    shown = shown_name(filename)
    if clean_filename(filename) != filename:
        return f"Der Dateiname „{shown}“ ist nicht sicher (Pfad, Steuer- oder Sonderzeichen)"
    refused = _size_refusal(shown, len(data), DEFAULT_MAX_BYTES)
    if refused:
        return refused
    detected = detect_type(filename, data)
    if detected is None:
        return _type_refusal(shown)
    if not extension(filename):
        return f"Der Dateiname „{shown}“ hat keine Endung"
    if detected != mime_type:
        return f"Der Dateityp der Datei „{shown}“ passt nicht zu ihrem Inhalt"
    if len(data) != size_bytes:
        return f"Die Größe der Datei „{shown}“ passt nicht zu ihrem Inhalt"
    if hashlib.sha256(data).hexdigest() != sha256:
        return f"Die Prüfsumme (SHA-256) der Datei „{shown}“ passt nicht zu ihrem Inhalt"
    return None


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
