"""Indicators proposed from what the partnership already states: each step-3 goal with its target
("≥150 per mil", "paling sedikit 95 persen", "≤ 2%"), and for BPJS the performance indicators of
capitation (domain/bpjs.py). A proposal is added only when the doctor asks, and is theirs to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from .bpjs import figure_with_words, kbk_indicators
from .enums import Direction, Frequency

_NUMBER = re.compile(r"(\d+(?:[.,]\d+)?)")
_LOWER = re.compile(r"(≤|<|paling\s+banyak|paling\s+tinggi|maksimal|maks\.?|"
                    r"tidak\s+lebih\s+dari|kurang\s+dari|at\s+most|below|under)",
                    re.IGNORECASE)


@dataclass(frozen=True)
class ProposedIndicator:
    name: str
    unit: str
    target: Decimal
    direction: str  # Direction value
    frequency: str  # Frequency value
    target_date: date | None = None


def _decimal(text: str) -> Decimal | None:
    # "1.500" is fifteen hundred in Indonesian writing, "2,5" two and a half.
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits numbers only
        return None


def parse_target(target: str) -> tuple[Decimal, str, str]:
    """The figure, unit and direction a goal's target states: "≥150 per mil" is (150, "per mil",
    up), "≤ 2%" is (2, "%", down), "95 persen" is (95, "persen", up). A target without a figure
    gives (0, "", up): the doctor fills them in."""
    text = " ".join((target or "").split())
    found = _NUMBER.search(text)
    if found is None:
        return Decimal(0), "", Direction.HIGHER_IS_BETTER.value
    figure = _decimal(found.group(1)) or Decimal(0)
    # "150 (seratus lima puluh) per mil": the figure's words are not its unit.
    unit = re.sub(r"\s*\([^()]*\)", "", text[found.end():]).strip(" .;:")
    unit = unit.split(",")[0].strip()[:50]
    direction = (Direction.LOWER_IS_BETTER if _LOWER.search(text[:found.start()])
                 else Direction.HIGHER_IS_BETTER).value
    return figure, unit, direction


# A bound written as a symbol, its figure and what the figure counts ("≥ 95% resep", "≤15 menit").
_SYMBOL_BOUND = re.compile(
    r"(?P<symbol>≥|>=|=>|≤|<=|=<|>|<)\s*(?P<figure>\d+(?:[.,]\d+)*)(?P<percent>\s*%)?"
    r"(?P<words>\s*\([^()]*\))?(?P<after>\s+(?P<unit>\w+))?")
_DURATIONS = frozenset({"detik", "menit", "jam", "hari", "minggu", "pekan", "bulan", "tahun"})


def target_wording(target: str) -> str:
    """A target as legal text states it: ``≥ 95% resep terlayani lengkap`` is ``paling sedikit
    95% (sembilan puluh lima persen) resep terlayani lengkap``, ``≤ 15 menit per resep`` is
    ``paling lama 15 (lima belas) menit per resep``, ``≤ 2%`` is ``paling tinggi 2% (dua
    persen)``, ``> 80`` is ``lebih dari 80 (delapan puluh)``. A target already in words
    (``paling sedikit 150 (seratus lima puluh) per mil``) stays as typed. Every agreement and
    report that states a step-3 target reads it here; the KBK targets are worded alike
    (:func:`~.bpjs.indicator_target`)."""

    def worded(match: re.Match[str]) -> str:
        figure = _decimal(match.group("figure"))
        if figure is None:  # pragma: no cover - the pattern admits numbers only
            return match.group(0)
        symbol, unit = match.group("symbol"), (match.group("unit") or "").lower()
        if symbol in ("≥", ">=", "=>"):
            bound = "paling sedikit"
        elif symbol in ("≤", "<=", "=<"):
            bound = "paling lama" if unit in _DURATIONS else "paling tinggi"
        else:
            bound = "lebih dari" if symbol == ">" else "kurang dari"
        percent = "%" if match.group("percent") else ""
        words = (match.group("words") or "").strip()
        # Words the user wrote after the figure are kept; else they are written out.
        stated = (f"{match.group('figure')}{percent} {words}" if words
                  else figure_with_words(figure, percent))
        return f"{bound} {stated}{match.group('after') or ''}"

    return _SYMBOL_BOUND.sub(worded, " ".join((target or "").split()))


def indicator_from_goal(description: str, target: str,
                        target_date: date | None = None) -> ProposedIndicator:
    figure, unit, direction = parse_target(target)
    return ProposedIndicator(" ".join(description.split())[:300], unit, figure, direction,
                             Frequency.MONTHLY.value, target_date)


def proposed_indicators(goals: list[tuple[str, str, date | None]], bpjs: bool,
                        existing: list[str]) -> list[ProposedIndicator]:
    """What step 8 offers: the KBK indicators for a BPJS partnership, then each goal (its
    description, target, date), leaving out any whose name an indicator already has."""
    taken = [" ".join(name.split()).casefold() for name in existing]
    offered: list[ProposedIndicator] = []
    if bpjs:
        offered += [ProposedIndicator(t.name, t.unit, t.target, t.direction, t.frequency)
                    for t in kbk_indicators()]
    offered += [indicator_from_goal(*goal) for goal in goals if goal[0].strip()]
    result: list[ProposedIndicator] = []
    for proposal in offered:
        key = proposal.name.casefold()
        # One measure named twice ("Angka kontak" and the goal "Angka kontak peserta
        # terdaftar") is offered once, as the first names it.
        if not any(key in name or name in key for name in taken):
            taken.append(key)
            result.append(proposal)
    return result
