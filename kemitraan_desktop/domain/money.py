"""Money: always an ``int`` of sen (1 rupiah = 100 sen), never a float.

Documents write amounts the PUEBI way, ``Rp2.950.000,00 (dua juta sembilan ratus lima puluh ribu
rupiah)``, whatever language the screens use; screens use the active locale through Babel.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, DecimalException

from babel.numbers import format_currency, format_decimal
from num2words import num2words

from kemitraan_desktop.i18n import _

from .validation import MAX_MONEY_SEN, ValidationError

SEN_PER_RUPIAH = 100

# Indonesian documents always group the Indonesian way, whatever the interface language.
_DOCUMENT_LOCALE = "id_ID"

# Above kuadriliun num2words invents words ("kuantiliun") no document uses; money stops at
# MAX_MONEY_SEN long before.
TERBILANG_LIMIT = 10**18

# Indonesian grouping: dots between thousands, a comma before sen. "Rp", "Rp." and "IDR" are all
# seen in front, ",-" behind means "whole rupiah".
_AMOUNT = re.compile(
    r"""
    (?P<sign>-)?\s*
    (?:(?:rp|idr)\.?\s*)?
    (?P<sign2>-)?\s*
    (?P<whole>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)
    (?:,(?:(?P<sen>[0-9]+)|-))?
    """,
    re.IGNORECASE | re.VERBOSE,
)

_SCALE_WORDS = ("juta", "miliar", "triliun", "kuadriliun")
# num2words says "satu juta satu ribu" for 1.001.000; a thousands group of exactly one is
# "seribu" wherever it stands, unlike "seratus satu ribu" (101.000) where "satu" ends a group.
_LONE_SATU_RIBU = re.compile(r"(^|\b(?:" + "|".join(_SCALE_WORDS) + r") )satu ribu\b")


def _require_int(value: object, what: str) -> int:
    # bool is an int subclass: True would silently become one sen.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int of sen, not {type(value).__name__}")
    return value


def _not_an_amount(field: str) -> ValidationError:
    return ValidationError(field, _("Enter an amount in rupiah, for example Rp2.950.000,00."))


def _too_many_decimals(field: str) -> ValidationError:
    return ValidationError(field, _("An amount in rupiah can have at most 2 decimals (sen)."))


def _too_large(field: str) -> ValidationError:
    return ValidationError(field, _("The amount is too large."))


def _checked_size(sen: int, field: str) -> int:
    if abs(sen) > MAX_MONEY_SEN:
        raise _too_large(field)
    return sen


def rupiah_to_sen(value: Decimal | int | str, field: str = "amount") -> int:
    """Sen from rupiah: ``"Rp2.950.000,50"`` → 295000050; an int or Decimal counts rupiah.

    Strings are read the Indonesian way only: ``"1.500"`` is one thousand five hundred rupiah.
    """
    if isinstance(value, (bool, float)):
        # A float has already lost sen; refusing it keeps that bug visible.
        raise TypeError(f"rupiah must be Decimal, int or str, not {type(value).__name__}")
    if isinstance(value, int):
        return _checked_size(value * SEN_PER_RUPIAH, field)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _not_an_amount(field)
        try:
            sen = value.scaleb(2)
            # Compare before int(): Decimal("1E+999990") would become a million-digit int.
            too_large = abs(sen) > MAX_MONEY_SEN
            whole_sen = too_large or sen == sen.to_integral_value()
        except DecimalException as exc:  # e.g. Decimal("1E+999999999") overflows the context
            raise _too_large(field) from exc
        if too_large:
            raise _too_large(field)
        if not whole_sen:
            raise _too_many_decimals(field)
        return int(sen)
    if not isinstance(value, str):
        raise TypeError(f"rupiah must be Decimal, int or str, not {type(value).__name__}")

    match = _AMOUNT.fullmatch(value.strip())
    if match is None or (match["sign"] and match["sign2"]):
        raise _not_an_amount(field)
    fraction = match["sen"] or ""
    if len(fraction) > 2:
        raise _too_many_decimals(field)
    whole_digits = match["whole"].replace(".", "").lstrip("0") or "0"
    # Python refuses int() of very long digit strings; such an amount is too large anyway.
    if len(whole_digits) > len(str(MAX_MONEY_SEN)):
        raise _too_large(field)
    whole = int(whole_digits)
    sen = whole * SEN_PER_RUPIAH + int(fraction.ljust(2, "0"))
    if match["sign"] or match["sign2"]:
        sen = -sen
    return _checked_size(sen, field)


def line_total_sen(quantity: Decimal, unit_cost_sen: int) -> int:
    """A budget line's total: quantity × unit cost, rounded half up to a whole sen."""
    return int((Decimal(quantity) * unit_cost_sen).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _rupiah_decimal(sen: int) -> Decimal:
    return Decimal(sen).scaleb(-2)


def format_rupiah(sen: int, with_cents: bool = True) -> str:
    """``Rp2.950.000,00``: the document form, Indonesian grouping, no space after Rp (PUEBI).

    With ``with_cents=False`` a whole amount is written ``Rp2.950.000``; an amount with sen keeps
    its sen, since a document must never round money away.
    """
    _require_int(sen, "sen")
    pattern = "#,##0.00" if with_cents or sen % SEN_PER_RUPIAH else "#,##0"
    digits = format_decimal(_rupiah_decimal(abs(sen)), format=pattern, locale=_DOCUMENT_LOCALE)
    # Babel versions differ on spaces (some put a no-break space next to the symbol); PUEBI
    # wants none anywhere in the amount.
    digits = "".join(digits.split())
    return ("-Rp" if sen < 0 else "Rp") + digits


def format_amount(sen: int, locale: str) -> str:
    """An amount for the screen in the active locale, as Babel writes it (``Rp1.500,00``)."""
    _require_int(sen, "sen")
    return format_currency(_rupiah_decimal(sen), "IDR", locale=locale)


def terbilang(n: int) -> str:
    """Indonesian number words: 11 → "sebelas", 1.000 → "seribu", 1.000.000 → "satu juta"."""
    _require_int(n, "n")
    if n < 0:
        return "minus " + terbilang(-n)
    if n >= TERBILANG_LIMIT:
        raise ValueError(f"{n} is too large to write out in words")
    words = " ".join(num2words(n, lang="id").lower().split())
    return _LONE_SATU_RIBU.sub(r"\1seribu", words)


def rupiah_in_words(sen: int) -> str:
    """``"dua juta sembilan ratus lima puluh ribu rupiah"``; sen follow: ``"… rupiah lima sen"``."""
    _require_int(sen, "sen")
    if sen < 0:
        return "minus " + rupiah_in_words(-sen)
    rupiah, cents = divmod(sen, SEN_PER_RUPIAH)
    parts = []
    # 0,50 is "lima puluh sen", not "nol rupiah lima puluh sen"; 0 itself is "nol rupiah".
    if rupiah or not cents:
        parts.append(f"{terbilang(rupiah)} rupiah")
    if cents:
        parts.append(f"{terbilang(cents)} sen")
    return " ".join(parts)


def rupiah_with_words(sen: int) -> str:
    """``Rp2.950.000,00 (dua juta … ribu rupiah)``: digits, then words, as documents write it."""
    return f"{format_rupiah(sen)} ({rupiah_in_words(sen)})"
