"""Checks of what a user types: NIK, NPWP, phone, postal code, kode faskes, e-mail, money, dates.

Each validator returns the normalised value or raises ``ValidationError`` naming the field, with a
message already translated, so a form can show it beside the right input without knowing the rule.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from kemitraan_desktop.i18n import _

from .errors import UserError

# Only ASCII digits count: str.isdigit() and \d also accept Arabic-Indic or superscript digits,
# which int() would silently turn into a different number.
_DIGITS = re.compile(r"[0-9]+")
# People copy NIK/NPWP from cards and letters with spaces, dots and dashes as separators.
_ID_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015]")
_PHONE_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015()]")

# Kemendagri province codes run from 11 (Aceh) to 96 (Papua Barat Daya, created 2022); the
# 2022 Papua provinces (93–96) issue NIKs too, so the upper bound must not stop at 94.
NIK_PROVINCE_MIN = 11
NIK_PROVINCE_MAX = 96
# Women's NIKs carry the birth day plus 40.
_NIK_WOMAN_OFFSET = 40

MAX_MONEY_SEN = 10**17


class ValidationError(UserError, ValueError):
    """A value a user typed breaks a rule; ``message`` is translated and ready to show."""

    def __init__(self, field: str, message: str) -> None:
        UserError.__init__(self, message, field)

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[type[ValidationError], tuple[str, str]]:
        # The default pickling passes only args[0]; errors cross process boundaries in workers.
        return (type(self), (self.field, self.message))


# What a message may quote of a value a user typed: enough to recognise it, on one line.
QUOTE_LIMIT = 40
# Controls, format characters (the bidi overrides that would turn the rest of the message
# around), lone surrogates and private use: none of them belongs inside a message.
_NOT_QUOTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
                           r"\ufeff\ud800-\udfff\ue000-\uf8ff]")


def one_line(value: object) -> str:
    """*value* as text on one line: controls (a terminal's escape sequences among them), bidi
    overrides, lone surrogates and private use become spaces; runs of spaces become one."""
    return " ".join(_NOT_QUOTABLE.sub(" ", str(value)).split())


def quoted(value: object) -> str:
    """*value* as a message quotes it: in quotation marks, on one line, cut when long.

    A message that named a wrong value by repeating it whole could be 100,000 characters long,
    run over several lines or be turned around by a right-to-left override."""
    text = one_line(value)
    if len(text) > QUOTE_LIMIT:
        text = text[: QUOTE_LIMIT - 1] + "…"
    return f"“{text}”"


def _is_digits(value: str) -> bool:
    return _DIGITS.fullmatch(value) is not None


def _must_be_filled(field: str, label: str) -> ValidationError:
    return ValidationError(field, _("{label} must be filled in.").format(label=label))


def require_text(value: str | None, field: str, label: str) -> str:
    """The stripped text, which must not be empty; *label* is the (translated) name shown."""
    text = (value or "").strip()
    if not text:
        raise _must_be_filled(field, label)
    return text


# --- NIK -----------------------------------------------------------------------------------


def _date_exists(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def validate_nik(value: str, field: str = "nik") -> str:
    """The 16 digits of a valid NIK (Nomor Induk Kependudukan)."""
    digits = _ID_SEPARATORS.sub("", value or "")
    if not digits:
        raise _must_be_filled(field, "NIK")
    if not _is_digits(digits):
        raise ValidationError(field, _("NIK may contain digits only."))
    if len(digits) != 16:
        raise ValidationError(
            field, _("NIK must have 16 digits (found {count}).").format(count=len(digits))
        )
    province = int(digits[0:2])
    if not NIK_PROVINCE_MIN <= province <= NIK_PROVINCE_MAX:
        raise ValidationError(field, _("The province code in the NIK (digits 1–2) does not exist."))
    if digits[2:4] == "00":
        raise ValidationError(field, _("The regency code in the NIK (digits 3–4) cannot be 00."))
    if digits[4:6] == "00":
        raise ValidationError(field, _("The district code in the NIK (digits 5–6) cannot be 00."))
    day, month, year2 = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    if not 1 <= month <= 12:
        raise ValidationError(
            field, _("The birth month in the NIK (digits 9–10) must be 01 to 12.")
        )
    if day > _NIK_WOMAN_OFFSET:
        day -= _NIK_WOMAN_OFFSET
    # The century is not stored; accept the date if it exists in either century, so 29 February
    # passes whenever 19YY or 20YY is a leap year.
    if not any(_date_exists(century + year2, month, day) for century in (1900, 2000)):
        raise ValidationError(
            field, _("The birth date in the NIK (digits 7–12) is not a valid date.")
        )
    if digits[12:16] == "0000":
        raise ValidationError(
            field, _("The serial number in the NIK (digits 13–16) cannot be 0000.")
        )
    return digits


# --- NPWP ----------------------------------------------------------------------------------


def normalize_npwp(value: str, field: str = "npwp") -> str:
    """The 16 digits of an NPWP; a legacy 15-digit number gets the leading 0 DJP gives it."""
    digits = _ID_SEPARATORS.sub("", value or "")
    if not digits:
        raise _must_be_filled(field, "NPWP")
    if not _is_digits(digits):
        raise ValidationError(field, _("NPWP may contain digits only."))
    if len(digits) == 15:
        digits = "0" + digits
    if len(digits) != 16:
        raise ValidationError(
            field,
            _("NPWP must have 16 digits, or 15 for an old NPWP (found {count}).").format(
                count=len(digits)
            ),
        )
    if set(digits) == {"0"}:
        raise ValidationError(field, _("NPWP cannot be all zeros."))
    return digits


def proposed_npwp(nik: str) -> str | None:
    """A resident individual's NPWP is their NIK (since 2024): the NIK's digits when it is a
    valid one, to propose in an empty NPWP field; else None."""
    try:
        return validate_nik(nik)
    except ValidationError:
        return None


# --- Phone, postal code, e-mail ------------------------------------------------------------

_MOBILE_PREFIX = "08"
_MOBILE_LENGTHS = range(10, 14)  # "08" + 8 to 11 digits
_LANDLINE_LENGTHS = range(9, 13)  # lenient: small towns have 6-digit subscriber numbers


def validate_phone(value: str, field: str = "phone") -> str:
    """A phone number in the national ``0…`` form, e.g. ``081234567890`` or ``0274512345``."""
    text = _PHONE_SEPARATORS.sub("", value or "")
    if not text:
        raise _must_be_filled(field, _("Phone number"))
    international = text.startswith("+")
    if international:
        text = text[1:]
    if not _is_digits(text):
        raise ValidationError(
            field,
            _("A phone number may contain only digits, spaces, +, - and parentheses."),
        )
    if text.startswith("62"):
        rest = text[2:]
        # "+62 (0)274 …" is a common way to write it; the (0) is not dialled after +62.
        number = rest if rest.startswith("0") else "0" + rest
    elif text.startswith("0") and not international:
        number = text
    else:
        raise ValidationError(field, _("A phone number must start with +62 or 0."))
    if number.startswith(_MOBILE_PREFIX):
        if len(number) not in _MOBILE_LENGTHS:
            raise ValidationError(
                field, _("A mobile number must be 08 followed by 8 to 11 digits.")
            )
        return number
    if number.startswith("00") or len(number) not in _LANDLINE_LENGTHS:
        raise ValidationError(
            field,
            _(
                "A landline number must be 0, the area code and the subscriber number "
                "(9 to 12 digits in all)."
            ),
        )
    return number


# Area codes of two digits after the 0 (Jakarta, Bandung, Semarang, Surabaya, Medan); every other
# area code has three ("0274" Yogyakarta, "0361" Denpasar).
_TWO_DIGIT_AREAS = frozenset({"21", "22", "24", "31", "61"})


def format_phone(value: str) -> str:
    """A phone number as documents and screens write it: ``0812 3456 7890`` (a mobile number in
    groups after its 4-digit prefix), ``0274 895123`` or ``021 57901234`` (the area code, then the
    subscriber number). Whatever was typed (``+62 812-3456-7890``) is read as
    :func:`validate_phone` reads it; a stored text that is no phone number is shown as it is."""
    text = " ".join(str(value or "").split())
    try:
        number = validate_phone(text)
    except ValidationError:
        return text
    if number.startswith(_MOBILE_PREFIX):
        rest = number[4:]  # 6 to 9 digits, never a group of one or two
        if len(rest) == 9:
            groups = [rest[:3], rest[3:6], rest[6:]]
        elif len(rest) == 8:
            groups = [rest[:4], rest[4:]]
        else:
            groups = [rest[:-3], rest[-3:]]
        return " ".join([number[:4], *groups])
    area = 3 if number[1:3] in _TWO_DIGIT_AREAS else 4
    return f"{number[:area]} {number[area:]}"


def validate_postal_code(value: str, field: str = "postal_code") -> str:
    """A 5-digit Indonesian postal code (kode pos); none starts with 0."""
    code = (value or "").strip()
    if not code:
        raise _must_be_filled(field, _("Postal code"))
    if len(code) != 5 or not _is_digits(code):
        raise ValidationError(field, _("A postal code must have 5 digits."))
    if code[0] == "0":
        raise ValidationError(field, _("A postal code cannot start with 0."))
    return code


# Deliberately lenient: one @, something before it, a dot in the domain, no spaces. Whether the
# address really receives mail is the user's business, not a regex's.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def validate_email(value: str, field: str = "email") -> str:
    """A plausible e-mail address, stripped; callers skip empty optional fields themselves."""
    address = (value or "").strip()
    if not address:
        raise _must_be_filled(field, _("E-mail address"))
    if len(address) > 254 or not _EMAIL.fullmatch(address) or ".." in address:
        raise ValidationError(
            field, _("This is not a valid e-mail address (for example: name@example.com).")
        )
    return address


# --- Kode faskes ---------------------------------------------------------------------------

# Observed in BPJS letters, not specified anywhere: so these shapes only ever warn.
_KODE_FASKES_SHAPES = (re.compile(r"[0-9]{4}[A-Z][0-9]{3}"), re.compile(r"[0-9]{8}"))


def normalize_kode_faskes(value: str) -> str:
    return (value or "").strip().upper()


def check_kode_faskes(value: str) -> list[str]:
    """Warnings about a kode faskes that does not look like the usual shapes; never raises."""
    code = normalize_kode_faskes(value)
    if not code:
        return [_("The Faskes code is empty.")]
    if any(shape.fullmatch(code) for shape in _KODE_FASKES_SHAPES):
        return []
    return [
        _(
            "The Faskes code {code} does not look like a BPJS facility code (usually 4 digits, "
            "a letter and 3 digits, such as 0173U048, or 8 digits). Please check it."
        ).format(code=code)
    ]


# --- Dates and money -----------------------------------------------------------------------


def validate_date_range(start: date | None, end: date | None, field: str = "end_date") -> None:
    """An open range (either end missing) is fine; a range that ends before it starts is not."""
    if start is not None and end is not None and end < start:
        raise ValidationError(field, _("The end date cannot be before the start date."))


def validate_money_sen(amount: int, field: str = "amount", maximum: int = MAX_MONEY_SEN) -> int:
    """An amount of money in sen: a whole, non-negative int no larger than *maximum*."""
    # bool is an int subclass and float loses sen above 2**53: both are bugs, never amounts.
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValidationError(field, _("The amount must be a whole number of sen."))
    if amount < 0:
        raise ValidationError(field, _("The amount cannot be negative."))
    if amount > maximum:
        raise ValidationError(field, _("The amount is too large."))
    return amount


# --- Masking (UU 27/2022: show personal numbers only where needed) -------------------------


def _mask_digits(digits: str) -> str:
    if len(digits) <= 4:
        # Showing "the last 4" of a 4-digit fragment would show all of it.
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]


def mask_nik(value: str) -> str:
    """``************1234``: only the last 4 digits of the NIK stay visible."""
    return _mask_digits("".join(_DIGITS.findall(value or "")))


def mask_npwp(value: str) -> str:
    """``************1000``: the NPWP as 16 characters with only the last 4 digits visible."""
    digits = "".join(_DIGITS.findall(value or ""))
    if len(digits) == 15:
        digits = "0" + digits
    return _mask_digits(digits)


_DIGITS_ONE = re.compile(r"[0-9]")


def mask_id_number(value: str) -> str:
    """A NIK or NIP as it was typed, every digit but the last 4 shown as ``*``:
    ``NIP. 19780312 200501 1 002`` → ``NIP. ******** ****** 1 002``."""
    digits = len(_DIGITS_ONE.findall(value or ""))
    keep = 4 if digits > 4 else 0
    seen = 0
    shown = []
    for character in value or "":
        if "0" <= character <= "9":
            seen += 1
            shown.append(character if seen > digits - keep else "*")
        else:
            shown.append(character)
    return "".join(shown)


# The fields that hold a person's identity number: shown masked wherever the full digits are not
# needed (lists, the audit trail, search results); full only in the editor and the agreement.
PERSONAL_NUMBER_FIELDS = frozenset({"nik", "npwp", "signatory_id_number", "staff_number"})


def mask_personal_number(field: str, value: str) -> str:
    """*value* of one of ``PERSONAL_NUMBER_FIELDS`` masked; a value without digits unchanged."""
    if not value or not _DIGITS.search(value):
        return value or ""
    if field == "nik":
        return mask_nik(value)
    if field == "npwp":
        return mask_npwp(value)
    return mask_id_number(value)


# A NIK, NPWP or NIP written in a text: 15 to 18 digits, perhaps in groups ("3404 0762 …").
_LONG_NUMBER = re.compile(r"(?<![0-9])[0-9](?:[\s.\-]?[0-9]){14,17}(?![0-9])")


def mask_numbers_in(text: str) -> str:
    """*text* with every NIK-, NPWP- or NIP-long number in it masked (phone numbers stay)."""
    return _LONG_NUMBER.sub(lambda match: mask_id_number(match.group()), text or "")


# What in an error's message may be a person's data: text in quotes (a name, an address as a
# value's repr), an e-mail address, and any number of 6 digits or more (NIK, NPWP, phone, STR).
_QUOTED = re.compile(r"""'[^'\n]*'|"[^"\n]*"|“[^”\n]*”""")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SIX_DIGITS_OR_MORE = re.compile(r"(?<![0-9])[0-9](?:[\s.\-/]?[0-9]){5,}(?![0-9])")


def mask_personal_in(text: str) -> str:
    """*text* (an error's message, for a log file) with what may be personal data masked: quoted
    text becomes ``'…'``, e-mail addresses ``…@…``, long numbers keep only their last 4 digits."""
    text = _QUOTED.sub(lambda match: match.group()[0] + "…" + match.group()[-1], text or "")
    text = _EMAIL.sub("…@…", text)
    return _SIX_DIGITS_OR_MORE.sub(lambda match: mask_id_number(match.group()), text)
