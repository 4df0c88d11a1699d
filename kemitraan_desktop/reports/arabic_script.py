"""Arabic script as a PDF page draws it: each letter in its joined form, right to left.

ReportLab lays text out one glyph after another, left to right, from the characters it is
given. A name typed in Arabic letters (a doctor's name in Arabic, a pesantren's in Jawi) comes
in logical order and in the letters' base forms: drawn like that it would read backwards, every
letter on its own. :func:`visual_order` returns the text a page must draw instead: each Arabic
letter replaced by its presentation form (isolated, initial, medial or final, and lam-alef as
one ligature, as the font draws them joined), each run of Arabic words reversed, with the
digits inside a run kept left to right. Hebrew, which has no joined forms, is only reversed.

The forms come from Unicode's own decompositions of the presentation-form blocks
(``unicodedata``), so no table is copied here; a letter without presentation forms is drawn in
its base form. A run longer than its line is wrapped after being reversed: names and short
phrases, what a user types in Arabic script here, fit on a line.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_FORMS = ("isolated", "final", "initial", "medial")
_LAM = "\u0644"
_ALEFS = frozenset("\u0622\u0623\u0625\u0627")
_TATWEEL = "\u0640"
# Arabic script, and Hebrew (the serif family draws its letters, but left to right).
_LETTERS = ("\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb1d-\ufb4f"
            "\ufb50-\ufdff\ufe70-\ufeff")
# A run of right-to-left words: their letters and marks, with the spaces between two of them.
ARABIC_RUN = re.compile(f"[{_LETTERS}]+(?:[ \u00a0]+[{_LETTERS}]+)*")
_DIGITS = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]+")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """``{letter: {form: glyph}}`` and ``{lam + alef: {form: ligature}}``, from the
    presentation forms B block first (the forms every Arabic font carries), then A."""
    letters: dict[str, dict[str, str]] = {}
    ligatures: dict[str, dict[str, str]] = {}
    for code in [*range(0xFE70, 0xFF00), *range(0xFB50, 0xFE00)]:
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) < 2 or parts[0].strip("<>") not in _FORMS:
            continue
        form, base = parts[0].strip("<>"), "".join(chr(int(p, 16)) for p in parts[1:])
        if len(base) == 1:
            letters.setdefault(base, {}).setdefault(form, chr(code))
        elif len(base) == 2 and base[0] == _LAM and base[1] in _ALEFS:
            ligatures.setdefault(base, {}).setdefault(form, chr(code))
    return letters, ligatures


def _transparent(ch: str) -> bool:
    """A vowel mark (harakat) sits on its letter: joining looks through it."""
    return unicodedata.category(ch) == "Mn"


def _joins_next(ch: str) -> bool:
    forms = _tables()[0].get(ch, {})
    return ch == _TATWEEL or "initial" in forms or "medial" in forms


def _joins_previous(ch: str) -> bool:
    forms = _tables()[0].get(ch, {})
    return ch == _TATWEEL or "final" in forms or "medial" in forms


def _neighbour(chars: list[str], index: int, step: int) -> str:
    index += step
    while 0 <= index < len(chars) and _transparent(chars[index]):
        index += step
    return chars[index] if 0 <= index < len(chars) else ""


def _joined(run: str) -> str:
    """*run* (logical order) with each letter in the form its neighbours give it."""
    letters, ligatures = _tables()
    chars = list(run)
    out: list[str] = []
    index = 0
    while index < len(chars):
        ch = chars[index]
        before = _neighbour(chars, index, -1)
        after = _neighbour(chars, index, 1)
        joined_before = bool(before) and _joins_next(before) and _joins_previous(ch)
        if ch == _LAM and index + 1 < len(chars) and _LAM + chars[index + 1] in ligatures:
            forms = ligatures[_LAM + chars[index + 1]]
            out.append(forms.get("final" if joined_before else "isolated", ch + chars[index + 1]))
            index += 2
            continue
        forms = letters.get(ch)
        if forms:
            joined_after = bool(after) and _joins_previous(after) and _joins_next(ch)
            form = ("medial" if joined_before and joined_after else "final" if joined_before
                    else "initial" if joined_after else "isolated")
            out.append(forms.get(form) or forms.get("isolated") or ch)
        else:
            out.append(ch)
        index += 1
    return "".join(out)


def _reversed_run(run: str) -> str:
    """The run right to left: letters with their marks as units, digits kept in order."""
    clusters: list[str] = []
    for ch in run:
        if clusters and _transparent(ch):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    reversed_text = "".join(reversed(clusters))
    return _DIGITS.sub(lambda match: match.group()[::-1], reversed_text)


def visual_order(text: str) -> str:
    """*text* with every run of Arabic script joined and in the order a page draws it; text
    without Arabic script is returned as it is."""
    if text.isascii() or not ARABIC_RUN.search(text):
        return text
    return ARABIC_RUN.sub(lambda match: _reversed_run(_joined(match.group())), text)
