"""Ids: UUID text made where a row is born (DESIGN.md §4)."""

from __future__ import annotations

import os
import time


def uuid7_from(millis: int, random: bytes) -> str:
    """A version-7 UUID (RFC 9562): 48 bits of Unix time in milliseconds, then ten random
    bytes with the version and variant bits set."""
    raw = bytearray(millis.to_bytes(6, "big") + random)
    raw[6] = 0x70 | (raw[6] & 0x0F)
    raw[8] = 0x80 | (raw[8] & 0x3F)
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def new_id() -> str:
    """A new row id: a version-7 UUID. Ids made later sort later, so every index that holds
    ids (the rows' own, the links to an incident) grows at its end instead of splitting pages
    all over: fuller pages (issue 15, storage weight) and backups whose unchanged parts stay
    unchanged. Any UUID a peer sends is still accepted as it is."""
    return uuid7_from(time.time_ns() // 1_000_000, os.urandom(10))
