"""Attachment rules: one whitelist by content and extension, office containers, size limit
with a German message, safe base names, and the check of a record from a sync package."""

from __future__ import annotations

import hashlib
import io
import unicodedata
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kod_desk.domain.attachments import (
    JPEG,
    MB,
    PDF,
    PNG,
    TEXT,
    check_file,
    clean_filename,
    detect_type,
    duplicate_message,
    format_size,
    proposed_name,
    record_problem,
    usable_thumbnail,
)
from kod_desk.domain.errors import ValidationError

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32
PDF_BYTES = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
_TYPES_XML = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def ooxml(part: str, types: bytes = _TYPES_XML, **extra: bytes) -> bytes:
    return zipped({"[Content_Types].xml": types, f"{part}document.xml": b"<x/>", **extra})


def odf(mime: str, **extra: bytes) -> bytes:
    return zipped({"mimetype": mime.encode(), "content.xml": b"<x/>", **extra})


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("foto.jpg", JPEG_BYTES, JPEG),
        ("IMG_0001.JPEG", JPEG_BYTES, JPEG),
        ("scan.png", PNG_BYTES, PNG),
        ("ohne_endung", PNG_BYTES, PNG),  # the content decides
        ("bild.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        ("bild.heif", b"\x00\x00\x00\x18ftypmif1\x00\x00", "image/heic"),
        ("iphone.heic", b"\x00\x00\x00\x18ftypheic\x00\x00", "image/heic"),
        ("anzeige.pdf", b"%PDF-1.7\n", PDF),
        ("notiz.txt", "Zeugin sagt: Ärger am Kiosk".encode(), TEXT),
        ("liste.csv", "a;b\n1;2\n".encode("cp1252"), TEXT),
        ("dienst.log", b"08:00 Beginn\n", TEXT),
        ("bericht.docx", ooxml("word/"), DOCX),
        ("tabelle.xlsx", ooxml("xl/"), XLSX),
        ("folien.pptx", ooxml("ppt/"), PPTX),
        ("brief.odt", odf(ODT), ODT),
        ("liste.ods", odf(ODS), ODS),
        ("vortrag.odp", odf(ODP), ODP),
        ("alt.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "application/msword"),
        ("alt.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "application/vnd.ms-excel"),
    ],
)
def test_allowed_types(name: str, data: bytes, expected: str) -> None:
    assert detect_type(name, data) == expected


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("tool.exe", b"MZ\x90\x00"),
        ("archiv.zip", b"PK\x03\x04rest"),  # a zip is no office document
        ("bericht.docx", b"PK\x03\x04rest"),  # only the magic: no office container
        ("bericht.docx", zipped({"word/document.xml": b"<x/>"})),  # no [Content_Types].xml
        ("bericht.docx", ooxml("xl/")),  # a spreadsheet's parts under a .docx name
        ("bericht.docx", ooxml("word/", types=_TYPES_XML.replace(b"main+", b"macroEnabled+"))),
        ("bericht.docx", ooxml("word/", **{"word/vbaProject.bin": b"\x00"})),
        ("brief.odt", odf(ODS)),  # mimetype says spreadsheet
        ("brief.odt", zipped({"content.xml": b"<x/>"})),  # no mimetype member
        ("brief.odt", odf(ODT, **{"Basic/Standard/Module1.xml": b"<x/>"})),  # macros
        ("alt.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "_VBA_PROJECT".encode("utf-16-le")),
        ("foto.txt", PNG_BYTES),  # a PNG is no text
        ("foto", b"plain words"),  # no extension and no magic
        ("foto.jpg", b"not a jpeg at all"),  # content contradicts the extension
        ("foto.jpg", PNG_BYTES),  # a PNG named .jpg is refused, not stored as JPEG
        ("daten.txt", b"\x00\x01\x02binary"),
        ("skript.sh", b"#!/bin/sh\nrm -rf /\n"),
    ],
)
def test_refused_types(name: str, data: bytes) -> None:
    assert detect_type(name, data) is None


def test_size_limit_message_names_file_and_sizes() -> None:
    data = JPEG_BYTES + b"\x00" * int(14.2 * MB)
    with pytest.raises(ValidationError) as refused:
        check_file("foto.jpg", data)
    assert refused.value.message == (
        "Die Datei „foto.jpg“ ist 14,2 MB groß; erlaubt sind höchstens 10 MB."
    )
    check_file("foto.jpg", JPEG_BYTES + b"\x00" * (10 * MB - len(JPEG_BYTES)))  # exactly 10 MB


def test_empty_and_unknown_files_are_refused_by_name() -> None:
    with pytest.raises(ValidationError, match=r"„leer\.pdf“ ist leer"):
        check_file("leer.pdf", b"")
    with pytest.raises(ValidationError, match=r"„tool\.exe“ hat keinen erlaubten Dateityp"):
        check_file("C:\\Users\\kod\\tool.exe", b"MZ\x90\x00")


def test_checked_file_has_hash_and_clean_name() -> None:
    checked = check_file("/home/kod/Bilder/foto.png", PNG_BYTES)
    assert checked.filename == "foto.png" and checked.mime_type == PNG
    assert checked.size_bytes == len(PNG_BYTES) and len(checked.sha256) == 64


def test_clean_filename() -> None:
    assert clean_filename("C:\\temp\\scan 1.pdf") == "scan 1.pdf"
    assert clean_filename("a\x00b\nc.txt") == "abc.txt"
    assert clean_filename("...") == "Anhang"
    long = clean_filename("x" * 300 + ".jpeg")
    assert len(long) <= 200 and long.endswith(".jpeg")


def test_format_size_is_german() -> None:
    assert format_size(int(14.2 * MB)) == "14,2 MB"
    assert format_size(10 * MB) == "10 MB"
    assert format_size(850 * 1024) == "850 KB"
    assert format_size(12) == "12 Byte"


def test_thumbnail_kept_only_when_small_image() -> None:
    assert usable_thumbnail(JPEG_BYTES) == JPEG_BYTES
    assert usable_thumbnail(b"%PDF-1.4") is None
    assert usable_thumbnail(JPEG_BYTES + b"\x00" * 300_000) is None
    assert usable_thumbnail(None) is None


def test_duplicate_message_names_both_files() -> None:
    assert "„kopie.png“" in duplicate_message("kopie.png", "foto.png")
    assert "(als „foto.png“)" in duplicate_message("kopie.png", "foto.png")


DANGEROUS = ("bat", "hta", "js", "vbs", "ps1", "exe", "scr", "lnk", "svg", "url", "html")


@pytest.mark.parametrize("ext", [*DANGEROUS, "cmd", "msi", "jar", "zip", "docm", "xlsm", ""])
@pytest.mark.parametrize("content", [PDF_BYTES, PNG_BYTES, JPEG_BYTES], ids=["pdf", "png", "jpeg"])
def test_a_valid_head_does_not_excuse_a_dangerous_extension(ext: str, content: bytes) -> None:
    """Issue 13, hole 2: beweis.bat with a PDF head was stored and opened by the desktop."""
    if not ext:  # no extension at all: the content decides, and the name gets its extension
        assert check_file("beweis", content).filename.startswith("beweis.")
        return
    with pytest.raises(ValidationError, match=rf"„beweis\.{ext}“ hat keinen erlaubten Dateityp"):
        check_file(f"beweis.{ext}", content)
    with pytest.raises(ValidationError):
        check_file(f"beweis.pdf.{ext.upper()}", content)  # double extension, upper case


def test_a_name_without_extension_gets_the_extension_of_its_type() -> None:
    assert check_file("IMG_0001", JPEG_BYTES).filename == "IMG_0001.jpg"
    assert check_file("scan", PDF_BYTES).filename == "scan.pdf"
    assert check_file("CON", PDF_BYTES).filename == "_CON.pdf"


@pytest.mark.parametrize(
    ("hostile", "clean"),
    [
        ("../../../../tmp/x.txt", "x.txt"),
        ("/etc/cron.d/x.txt", "x.txt"),
        ("C:\\Windows\\System32\\x.txt", "x.txt"),
        ("\\\\server\\freigabe\\x.txt", "x.txt"),
        ("C:x.txt", "x.txt"),
        ("..\\..\\x.txt", "x.txt"),
        ("x.txt/..", "Anhang"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("Com1.pdf", "_Com1.pdf"),
        ("LPT9 .tar.gz", "_LPT9 .tar.gz"),
        ("bericht.pdf. . .", "bericht.pdf"),
        ("  .versteckt.txt", "versteckt.txt"),
        ("foto.jpg:boese.exe", "foto.jpg_boese.exe"),  # no NTFS stream
        ('a<b>c|d?e*f"g.txt', "a_b_c_d_e_f_g.txt"),
        ("\u202efdp.exe", "fdp.exe"),  # right-to-left override removed
        ("zeile\r\numbruch\t.txt", "zeileumbruch.txt"),
    ],
)
def test_hostile_names_become_safe_base_names(hostile: str, clean: str) -> None:
    assert clean_filename(hostile) == clean


@given(st.text(max_size=400))
def test_clean_filename_is_safe_and_stable(name: str) -> None:
    cleaned = clean_filename(name)
    assert clean_filename(cleaned) == cleaned  # the sync import compares a name to this
    assert 0 < len(cleaned) <= 200
    assert not any(ch in cleaned for ch in '/\\:<>"|?*')
    assert cleaned == cleaned.strip(" .")
    assert not any(unicodedata.category(ch).startswith("C") for ch in cleaned)
    stem = cleaned.split(".", 1)[0].rstrip().upper()
    assert stem not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}


def test_an_office_zip_is_read_with_limits_not_trusted() -> None:
    many = {f"word/p{n}.xml": b"" for n in range(5_001)}
    assert detect_type("viele.docx", ooxml("word/", **many)) is None  # too many members
    huge = ooxml("word/", types=_TYPES_XML + b" " * (300 * 1024))
    assert detect_type("gross.docx", huge) is None  # [Content_Types].xml over its cap
    broken = ooxml("word/")[:-30]  # central directory cut off
    assert detect_type("kaputt.docx", broken) is None


def test_proposed_name_for_saving_is_clean_and_fits_the_type() -> None:
    assert proposed_name("../../../../tmp/x.txt", TEXT) == "x.txt"
    assert proposed_name("beweis.bat", PDF) == "beweis.bat.pdf"
    assert proposed_name("foto.JPEG", JPEG) == "foto.JPEG"
    assert proposed_name("liste.csv", TEXT) == "liste.csv"


def _record(name: str, data: bytes, **changes: object) -> dict[str, object]:
    record: dict[str, object] = {
        "filename": name,
        "mime_type": PDF,
        "size_bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "data": data,
    }
    record.update(changes)
    return record


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (_record("../../../../tmp/x.txt", b"Text", mime_type=TEXT), "„../../../../tmp/x.txt“"),
        (_record("/tmp/x.txt", b"Text", mime_type=TEXT), "„/tmp/x.txt“ ist nicht sicher"),
        (_record("tool.exe", b"MZ\x90\x00", mime_type="application/x-msdownload"), "„tool.exe“"),
        (_record("beweis.bat", PDF_BYTES), "„beweis.bat“ hat keinen erlaubten Dateityp"),
        (_record("gross.pdf", PDF_BYTES + b"\x00" * (20 * MB)), "„gross.pdf“ ist 20 MB groß"),
        (_record("leer.pdf", b""), "„leer.pdf“ ist leer"),
        (_record("scan.pdf", PDF_BYTES, sha256="0" * 64), "Prüfsumme (SHA-256) der Datei „scan"),
        (_record("scan.pdf", PDF_BYTES, size_bytes=3), "Größe der Datei „scan.pdf“"),
        (_record("scan.pdf", PDF_BYTES, mime_type=PNG), "Dateityp der Datei „scan.pdf“"),
        (_record("scan", PDF_BYTES), "„scan“ hat keine Endung"),
        (_record("CON.pdf", PDF_BYTES), "„CON.pdf“ ist nicht sicher"),
    ],
)
def test_a_record_from_a_package_must_be_exactly_what_the_check_gives(
    record: dict[str, object], expected: str
) -> None:
    problem = record_problem(**record)  # type: ignore[arg-type]
    assert problem is not None and expected in problem
    assert "\n" not in problem and not problem.endswith(".")


def test_a_good_record_from_a_package_passes() -> None:
    assert record_problem(**_record("scan.pdf", PDF_BYTES)) is None  # type: ignore[arg-type]
    assert record_problem(**_record("brief.odt", odf(ODT), mime_type=ODT)) is None  # type: ignore[arg-type]
