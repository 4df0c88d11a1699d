"""Agreement numbers (nomor surat) such as ``013/PKS/DR-X/XI/2026``, from a pattern the user sets.

Each party numbers an agreement from its own agenda, so the shape is a setting. The pattern is
user text: it is parsed here field by field and never handed to ``str.format``, which would let
``{seq.__class__}`` or ``{unit[0]}`` reach into Python objects.
"""

from __future__ import annotations

import re
from datetime import date
from string import Formatter

from kemitraan_desktop.i18n import _

from .dates import roman_month
from .people import name_initials
from .validation import ValidationError, require_text

DEFAULT_NUMBER_PATTERN = "{seq:03d}/{kind}/{unit}/{roman_month}/{year}"

ALLOWED_FIELDS: tuple[str, ...] = ("seq", "kind", "unit", "roman_month", "month", "year")

_PATTERN_FIELD = "number_pattern"
# A width like {seq:999999999} would build a gigabyte string; no real number needs more than this.
_MAX_WIDTH = 32
_NUMBERS_IN_SPEC = re.compile(r"[0-9]+")

_Part = tuple[str, str | None, str]


def _braced(name: str) -> str:
    return "{" + name + "}"


def _pattern_error(message: str) -> ValidationError:
    return ValidationError(_PATTERN_FIELD, message)


def _parse(pattern: str) -> list[_Part]:
    """The literal text and checked fields of *pattern*; a ValidationError says what is wrong."""
    try:
        pieces = list(Formatter().parse(pattern))
    except ValueError as exc:
        raise _pattern_error(
            _("The number pattern has a { or } without its partner. Write {{ or }} for a brace.")
        ) from exc
    parts: list[_Part] = []
    for literal, name, spec, conversion in pieces:
        if name is None:
            parts.append((literal, None, ""))
            continue
        if name not in ALLOWED_FIELDS:
            raise _pattern_error(
                _(
                    "The number pattern contains the unknown field {field}. "
                    "Allowed fields: {allowed}."
                ).format(field=_braced(name), allowed=", ".join(map(_braced, ALLOWED_FIELDS)))
            )
        spec = spec or ""
        if conversion is not None or "{" in spec or "}" in spec:
            raise _pattern_error(
                _(
                    "The field {field} in the number pattern has a format that is not allowed."
                ).format(field=_braced(name))
            )
        # Length first: int() refuses digit strings longer than 4300 with a ValueError.
        if any(len(n) > 2 or int(n) > _MAX_WIDTH for n in _NUMBERS_IN_SPEC.findall(spec)):
            raise _pattern_error(
                _(
                    "The field {field} in the number pattern is wider than {width} characters."
                ).format(field=_braced(name), width=_MAX_WIDTH)
            )
        parts.append((literal, name, spec))
    if not any(name == "seq" for _literal, name, _spec in parts):
        raise _pattern_error(
            _("The number pattern must contain {seq}, or every agreement gets the same number.")
        )
    return parts


def _render(parts: list[_Part], values: dict[str, object]) -> str:
    out: list[str] = []
    for literal, name, spec in parts:
        out.append(literal)
        if name is None:
            continue
        try:
            out.append(format(values[name], spec))
        except (ValueError, TypeError, OverflowError) as exc:
            # e.g. {kind:03d}: "d" is a format for numbers, and kind is text.
            raise _pattern_error(
                _(
                    "The format “{spec}” in the number pattern does not suit the field {field}."
                ).format(spec=spec, field=_braced(name))
            ) from exc
    return "".join(out)


def _values(*, seq: int, kind: str, unit: str, on: date) -> dict[str, object]:
    return {
        "seq": seq,
        "kind": kind,
        "unit": unit,
        "roman_month": roman_month(on),
        "month": on.month,
        "year": on.year,
    }


def validate_number_pattern(pattern: str) -> str:
    """*pattern* if it can produce numbers, so a settings form can refuse a bad one on save."""
    parts = _parse(pattern)
    _render(parts, _values(seq=13, kind="PKS", unit="DR-X", on=date(2026, 11, 22)))
    return pattern


def format_agreement_number(pattern: str, *, seq: int, kind: str, unit: str, on: date) -> str:
    """The agreement number: pattern ``DEFAULT_NUMBER_PATTERN`` gives ``013/PKS/DR-X/XI/2026``."""
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
        raise ValidationError("seq", _("The sequence number must be a whole number from 1."))
    parts = _parse(pattern)
    used = {name for _literal, name, _spec in parts}
    # An empty kind or unit would leave "013//DR-X/…", which looks like a typing slip on paper.
    if "kind" in used:
        kind = require_text(kind, "kind", _("Kind of agreement"))
    if "unit" in used:
        unit = require_text(unit, "unit", _("Unit code"))
    return _render(parts, _values(seq=seq, kind=kind, unit=unit, on=on))


def unit_from_name(doctor_name: str) -> str:
    """The unit code proposed for a doctor's own agenda numbers: ``DR-`` and the doctor's
    initials (``DR-SR`` for dr. Siti Rahmawati), as in ``013/PKS/DR-SR/XI/2026``."""
    initials = name_initials(doctor_name)
    return f"DR-{initials}" if initials else ""
