"""Text helpers shared by the domain and the UI (cheap to import: the window needs it first)."""

from __future__ import annotations

import unicodedata


def german_sort_key(text: str) -> str:
    """Sort like a German list (DIN 5007-1): 'Öztürk' with O, 'ß' as 'ss', case ignored."""
    folded = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss"))
    return "".join(char for char in folded if not unicodedata.combining(char))


def german_int(value: int) -> str:
    """A whole number with the German thousands separator: 1234567 → "1.234.567"."""
    return f"{value:,}".replace(",", ".")
