"""The key suggested for a new additional field, made from its label.

A key is what integrations see (small Latin letters, digits, - and _), so a Cyrillic label is
transliterated: «Аллергия» -> "allergiya". The page makes the same suggestion as one types
(field_new.html applies `LATIN_LETTERS` the same way), and the form falls back on
`suggest_key` when the key is left empty.
"""

from __future__ import annotations

import re
import unicodedata

# Russian letters (and the Ukrainian and Belarusian ones Russian lacks), as they are commonly
# written in Latin letters in addresses and URLs. Lower case only: the label is lowered first.
LATIN_LETTERS = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "є": "ye",
    "і": "i",
    "ї": "yi",
    "ґ": "g",
    "ў": "u",
}

KEY_LENGTH = 50


def suggest_key(label: str) -> str:
    """A key for `label`: transliterated, accents dropped, every run of other characters made
    one "_", at most 50 characters. Empty when nothing Latin-like is left (an emoji label)."""
    text = "".join(LATIN_LETTERS.get(c, c) for c in label.lower())
    # After the table: NFKD would split «й» into «и» and a breve.
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")[:KEY_LENGTH]
