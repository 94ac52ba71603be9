"""The one Vietnamese text normalization, applied once at the ingest boundary.

`normalize_text` makes text from any source comparable: Unicode NFC, vowel marks before tone
marks, one tone-mark placement ("hoà" → "hòa", "thuỷ" → "thủy", the convention of the 2018
orthography rules and of most current input methods), look-alikes fixed (Ð U+00D0 → Đ),
quotes and dashes unified, invisible characters dropped, words split by a line-end hyphen
rejoined, lines trimmed, paragraph breaks (one blank line) kept.

`fold_diacritics` strips all marks (đ → d) for accent-insensitive matching.
"""

from __future__ import annotations

import re
import unicodedata

TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền sắc ngã hỏi nặng
VOWEL_MARKS = {"\u0302", "\u0306", "\u031b"}  # circumflex, breve, horn

_TRANSLATE = str.maketrans(
    {
        "\u00d0": "Đ",
        "\u00f0": "đ",
        "\u0189": "Đ",  # Ð ð Ɖ look-alikes from OCR and old fonts
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\t": " ",
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,
        "\u00ad": None,
        "\u2026": "...",
        "\r": None,
    }
)

# Old-style placement: the tone on the second vowel of an open oa/oe/uy rime.
_OLD_STYLE = re.compile(
    r"(?<![\w])([^\W\d_]*?)([oOuU])([aAeEyY])([\u0300\u0301\u0303\u0309\u0323])"
    r"(?![^\W\d_])"
)
_HYPHEN_BREAK = re.compile(r"([^\W\d_])-\n[ ]*([^\W\d_A-ZĐ])")


def _order_marks(text: str) -> str:
    """NFD with vowel marks before tone marks in each combining run, so NFC composes fully."""
    out: list[str] = []
    run: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            run.append(ch)
            continue
        if run:
            out.extend(sorted(run, key=lambda c: c in TONE_MARKS))
            run = []
        out.append(ch)
    out.extend(sorted(run, key=lambda c: c in TONE_MARKS))
    return "".join(out)


def _move_tone(match: re.Match[str]) -> str:
    """hoà → hòa, thuỷ → thủy; leaves qu- (quý, quả) and gi- alone: there u/i is the onset."""
    onset, first, second, tone = match.groups()
    if onset.lower().endswith("q") or (onset.lower().endswith("g") and first in "iI"):
        return match.group(0)
    return f"{onset}{first}{tone}{second}"


def normalize_tone_placement(text: str) -> str:
    """Put tone marks of open oa/oe/uy rimes on the first vowel (the new convention)."""
    decomposed = _order_marks(text)
    return unicodedata.normalize("NFC", _OLD_STYLE.sub(_move_tone, decomposed))


def normalize_text(text: str) -> str:
    """Normalize Vietnamese text once: NFC, one tone convention, unified punctuation, clean lines."""
    text = normalize_tone_placement(text.translate(_TRANSLATE))
    text = _HYPHEN_BREAK.sub(r"\1\2", text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def fold_diacritics(text: str) -> str:
    """Remove every diacritic (tone and vowel marks; đ → d) for accent-insensitive matching."""
    stripped = "".join(
        c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)
    )
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))
