"""Text helpers shared by the domain and the UI (cheap to import: the window needs it first)."""

from __future__ import annotations

import math
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

_BIGGEST_DECIMAL = 1e15  # beyond this a float has no decimals worth printing


def german_sort_key(text: str) -> str:
    """Sort like a German list (DIN 5007-1): 'Öztürk' with O, 'ß' as 'ss', case ignored."""
    folded = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss"))
    return "".join(char for char in folded if not unicodedata.combining(char))


def german_int(value: int) -> str:
    """A whole number with the German thousands separator: 1234567 → "1.234.567"."""
    return f"{value:,}".replace(",", ".")


def german_decimal(
    value: float, places: int = 1, *, trim: bool = False, grouping: bool = True
) -> str:
    """A number as a German reads it: 1234.25 → "1.234,3" (the one way to print a decimal).

    ``places`` decimals, halves rounded up as on paper (2.25 → "2,3"); ``trim`` drops trailing
    zeros (11.0 → "11", 2.50 → "2,5"); ``grouping`` sets the thousands points (off for
    coordinates). Never "-0"; infinity and NaN print as "∞", "-∞" and "–".
    """
    if not math.isfinite(value):
        return "–" if math.isnan(value) else ("∞" if value > 0 else "-∞")
    if abs(value) >= _BIGGEST_DECIMAL:
        return german_int(round(value)) if grouping else str(round(value))
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    text = f"{rounded:{',' if grouping else ''}.{places}f}"
    text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    if trim and "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


SHARP_S_SPELLINGS = 8  # spellings of one search word at most (a word has rarely two "ss")
_SHARP_S_SPOTS = 6  # "ss" places looked at per word (their choices grow like Fibonacci)


def sharp_s_spellings(word: str, limit: int = SHARP_S_SPELLINGS) -> tuple[str, ...]:
    """The spellings a search for ``word`` must find, case folded, "ß" and "ss" exchanged.

    "HAUPTSTRASSE" and "Hauptstraße" both give ("hauptstrasse", "hauptstraße"), so each finds
    what the other finds whichever way the text was written; a word without either gives one
    spelling. At most ``limit`` spellings: the one with "ss" and the one with "ß" everywhere
    come first, then those with fewer "ß" ("Schlossstraße": "schloßstrasse" …)."""
    folded = word.casefold()  # "ß" and "ẞ" become "ss"
    spots = [i for i in range(len(folded) - 1) if folded.startswith("ss", i)][:_SHARP_S_SPOTS]
    if not spots:
        return (folded,)
    choices: list[tuple[int, ...]] = []

    def choose(start: int, chosen: tuple[int, ...]) -> None:
        choices.append(chosen)
        for spot in spots:
            if spot >= start:
                choose(spot + 2, (*chosen, spot))

    choose(0, ())
    greedy: list[int] = []
    for spot in spots:
        if not greedy or spot >= greedy[-1] + 2:
            greedy.append(spot)
    first = [(), tuple(greedy)]
    ranked = first + sorted((c for c in choices if c not in first), key=lambda c: (len(c), c))
    spellings = []
    for chosen in ranked[: max(1, limit)]:
        text = folded
        for spot in reversed(chosen):
            text = text[:spot] + "ß" + text[spot + 2 :]
        spellings.append(text)
    return tuple(spellings)
