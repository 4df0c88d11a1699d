"""BPJS figures kept as data, not code (DOMAIN.md): the capitation rates of the regulation and
the performance indicators of capitation (KBK), read from ``resources/bpjs/``.

Both are *proposed*: the PKS states the rate the branch office agrees, and a partnership's
indicators are its own once added.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from kemitraan_desktop.paths import resource_path

from .enums import Direction, Frequency
from .money import terbilang
from .places import place_name


class BpjsDataError(Exception):
    """A file of ``resources/bpjs/`` is missing or malformed (a broken installation)."""


@dataclass(frozen=True)
class CapitationRate:
    rate_sen: int
    ratio: str  # "rasio dokter dengan peserta sampai dengan 1:5.000"
    members_per_doctor_up_to: int | None  # None: above every other bound


@dataclass(frozen=True)
class IndicatorTemplate:
    name: str
    unit: str
    target: Decimal
    direction: str  # Direction value
    frequency: str  # Frequency value


def _read(name: str, directory: Path | None = None) -> dict:
    path = (directory or resource_path("bpjs")) / name
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BpjsDataError(f"{path}: {error}") from error
    if not isinstance(data, dict):
        raise BpjsDataError(f"{path}: not a JSON object")
    return data


@cache
def capitation_rates(directory: Path | None = None) -> tuple[CapitationRate, ...]:
    """The regulation's rates, the lowest ratio first."""
    try:
        rates = tuple(
            CapitationRate(int(entry["rupiah"]) * 100, str(entry["ratio"]),
                           None if entry["members_per_doctor_up_to"] is None
                           else int(entry["members_per_doctor_up_to"]))
            for entry in _read("capitation.json", directory)["rates"])
    except (KeyError, TypeError, ValueError) as error:
        raise BpjsDataError(f"capitation.json: {error}") from error
    if not rates:
        raise BpjsDataError("capitation.json: no rates")
    return rates


def proposed_capitation_sen(members_per_doctor: int | None = None) -> int:
    """The rate the regulation gives a solo practice (at the lowest ratio unless told more)."""
    for rate in capitation_rates():
        bound = rate.members_per_doctor_up_to
        if members_per_doctor is None or bound is None or members_per_doctor <= bound:
            return rate.rate_sen
    return capitation_rates()[-1].rate_sen


@cache
def kbk_indicators(directory: Path | None = None) -> tuple[IndicatorTemplate, ...]:
    """The performance indicators a BPJS partnership is measured on, ready to add in step 8."""
    try:
        return tuple(
            IndicatorTemplate(str(entry["name"]), str(entry["unit"]),
                              Decimal(str(entry["target"])),
                              Direction(entry["direction"]).value,
                              Frequency(entry["frequency"]).value)
            for entry in _read("kbk_indicators.json", directory)["indicators"])
    except (KeyError, TypeError, ValueError, InvalidOperation) as error:
        raise BpjsDataError(f"kbk_indicators.json: {error}") from error


def _figure(value: Decimal) -> str:
    """A figure as Indonesian writes it: ``150``, ``2``, ``1,5``, ``1.000``."""
    whole, comma, decimals = format(value.normalize(), "f").partition(".")
    return f"{int(whole):,}".replace(",", ".") + ("," + decimals if comma else "")


def _figure_words(value: Decimal) -> str:
    """``seratus lima puluh``, ``satu koma lima``: a figure in words."""
    whole, _comma, decimals = format(value.normalize(), "f").partition(".")
    words = terbilang(int(whole))
    if decimals:
        words += " koma " + " ".join(terbilang(int(digit)) if digit != "0" else "nol"
                                     for digit in decimals)
    return words


def figure_with_words(value: Decimal, unit: str = "") -> str:
    """A target's figure as legal text writes it, digits then words: ``150 (seratus lima
    puluh) per mil``, ``2% (dua persen)``."""
    unit = unit.strip()
    if unit in ("%", "persen"):
        return f"{_figure(value)}% ({_figure_words(value)} persen)"
    return f"{_figure(value)} ({_figure_words(value)})" + (f" {unit}" if unit else "")


def indicator_target(indicator: IndicatorTemplate) -> str:
    """An indicator's target as the PKS and a goal state it: ``paling sedikit 150 (seratus
    lima puluh) per mil``, ``paling tinggi 2% (dua persen)`` (legal wording, never ≥ and ≤).
    The one wording of a KBK target: Pasal Kapitasi Berbasis Kinerja and step 3 read it here."""
    bound = ("paling tinggi" if indicator.direction == Direction.LOWER_IS_BETTER.value
             else "paling sedikit")
    return f"{bound} {figure_with_words(indicator.target, indicator.unit)}"


def kbk_goals() -> tuple[tuple[str, str], ...]:
    """The goals a BPJS partnership starts with in step 3: each KBK indicator (name, target),
    since they are what the branch office measures the practice on."""
    return tuple((indicator.name, indicator_target(indicator)) for indicator in kbk_indicators())


@dataclass(frozen=True)
class BranchOffice:
    name: str  # "BPJS Kesehatan Kantor Cabang Sleman"
    signatory_title: str  # "Kepala Kantor Cabang"


def branch_office(regency: str, directory: Path | None = None) -> BranchOffice:
    """The BPJS branch office proposed for a practice in *regency* ("Kabupaten Sleman"), named
    after the place, and the title of who signs for it (resources/bpjs/branch_office.json)."""
    data = _read("branch_office.json", directory)
    try:
        pattern, title = str(data["name"]), str(data["signatory_title"])
    except KeyError as error:
        raise BpjsDataError(f"branch_office.json: {error}") from error
    place = place_name(regency)
    return BranchOffice(pattern.replace("{place}", place) if place else "", title)
