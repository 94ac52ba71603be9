"""Vietnamese syllable validity, and the correction pass built on it.

Vietnamese writes a closed set of syllables: onset + rime + one tone, where stop-final rimes
(-p, -t, -c, -ch) take only the sắc or nặng tone. `is_valid_syllable` checks that structure;
`valid_ratio` says how Vietnamese a text looks (used to tell a real PDF text layer from junk);
`correct_syllables` fixes the OCR errors that the structure exposes.
"""

from __future__ import annotations

import re
import unicodedata

from ingest.normalize import TONE_MARKS

_ONSETS = (
    "ngh",
    "ng",
    "nh",
    "ch",
    "gh",
    "gi",
    "kh",
    "ph",
    "qu",
    "th",
    "tr",
    "b",
    "c",
    "d",
    "đ",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "x",
    "",
)
_OPEN_RIMES = [
    "a",
    "ă",
    "â",
    "e",
    "ê",
    "i",
    "y",
    "o",
    "ô",
    "ơ",
    "u",
    "ư",
    "ia",
    "ya",
    "ua",
    "ưa",
    "oa",
    "oe",
    "uê",
    "uy",
    "uơ",
    "ai",
    "ao",
    "au",
    "ay",
    "âu",
    "ây",
    "eo",
    "êu",
    "iu",
    "oi",
    "ôi",
    "ơi",
    "ui",
    "ưi",
    "ưu",
    "iêu",
    "yêu",
    "oai",
    "oay",
    "oao",
    "oeo",
    "uây",
    "uôi",
    "ươi",
    "ươu",
    "uya",
    "uyu",
]
_CODA_RIMES = {
    "a": "m n ng nh p t c ch",
    "ă": "m n ng p t c",
    "â": "m n ng p t c",
    "e": "m n ng p t c",
    "ê": "m n nh p t ch",
    "i": "m n nh p t ch",
    "y": "",
    "o": "m n ng p t c",
    "ô": "m n ng p t c",
    "ơ": "m n p t",
    "u": "m n ng p t c",
    "ư": "m n ng t c",
    "iê": "m n ng p t c",
    "yê": "m n ng p t",
    "uô": "m n ng t c",
    "ươ": "m n ng p t c",
    "oa": "m n ng nh p t c ch",
    "oă": "m n ng t c",
    "oe": "m n t",
    "uâ": "n ng t",
    "uê": "nh ch n",
    "uy": "n nh t ch p",
    "uyê": "n t",
    "oo": "ng c",
    "uơ": "",
}
_RIMES = set(_OPEN_RIMES) | {n + c for n, codas in _CODA_RIMES.items() for c in codas.split()}
_STOPS = ("p", "t", "c", "ch")
_WORD = re.compile(r"[^\W\d_]+")
_VIET_LETTERS = set("ăâđêôơư")


def split_tone(syllable: str) -> tuple[str, str | None, int]:
    """(toneless lowercase syllable in NFC, tone mark or None, number of tone marks)."""
    decomposed = unicodedata.normalize("NFD", syllable.lower())
    tones = [c for c in decomposed if c in TONE_MARKS]
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    return base, (tones[0] if tones else None), len(tones)


def is_valid_syllable(token: str) -> bool:
    """True if the token is a well-formed Vietnamese syllable (case-insensitive)."""
    base, tone, n_tones = split_tone(token)
    if n_tones > 1 or not base:
        return False
    for onset in _ONSETS:
        if not base.startswith(onset):
            continue
        rime = base[len(onset) :]
        if onset == "gi" and rime == "":
            rime = "i"
        if rime in _RIMES and (not rime.endswith(_STOPS) or tone in (None, "\u0301", "\u0323")):
            return True
    return False


def valid_ratio(text: str) -> float:
    """Share of letter tokens (weighted by length) that are valid syllables; 0 if none."""
    tokens = _WORD.findall(text)
    total = sum(len(t) for t in tokens)
    if not total:
        return 0.0
    return sum(len(t) for t in tokens if is_valid_syllable(t)) / total


def _fix_case(token: str) -> str:
    """viỆc → việc, ĐƠn → ĐƠN: a case flip inside a word follows the majority of its tail."""
    if len(token) < 2 or token.islower() or token.isupper() or token.istitle():
        return token
    tail = token[1:]
    uppers = sum(c.isupper() for c in tail)
    if token[0].isupper() and uppers * 2 >= len(tail):
        return token.upper()
    return token[0] + tail.lower()


def _looks_vietnamese(token: str) -> bool:
    """Has Vietnamese-only letters or marks (so it is not an English word, code or name)."""
    base, tone, _ = split_tone(token)
    return tone is not None or any(c in _VIET_LETTERS for c in base)


def correct_token(token: str) -> str:
    """Fix one token if its case is flipped mid-word and the fix is a valid syllable."""
    fixed = _fix_case(token)
    if fixed != token and is_valid_syllable(fixed) and _looks_vietnamese(fixed):
        return fixed
    return token


def correct_syllables(text: str) -> str:
    """The correction pass: rewrite tokens whose structure shows an OCR error."""
    return _WORD.sub(lambda m: correct_token(m.group(0)), text)
