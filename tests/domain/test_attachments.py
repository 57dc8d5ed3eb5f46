"""Attachment rules: type by magic bytes, size limit with a German message, clean names."""

from __future__ import annotations

import pytest

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
    usable_thumbnail,
)
from kod_desk.domain.errors import ValidationError

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("foto.jpg", JPEG_BYTES, JPEG),
        ("IMG_0001.JPEG", JPEG_BYTES, JPEG),
        ("scan.png", PNG_BYTES, PNG),
        ("ohne_endung", PNG_BYTES, PNG),  # the content decides
        ("bild.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        ("iphone.heic", b"\x00\x00\x00\x18ftypheic\x00\x00", "image/heic"),
        ("anzeige.pdf", b"%PDF-1.7\n", PDF),
        ("notiz.txt", "Zeugin sagt: Ärger am Kiosk".encode(), TEXT),
        ("liste.csv", "a;b\n1;2\n".encode("cp1252"), TEXT),
        (
            "bericht.docx",
            b"PK\x03\x04rest",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("alt.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "application/msword"),
    ],
)
def test_allowed_types(name: str, data: bytes, expected: str) -> None:
    assert detect_type(name, data) == expected


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("tool.exe", b"MZ\x90\x00"),
        ("archiv.zip", b"PK\x03\x04rest"),  # a zip is no office document
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
