"""The refusals of the exchange package: the exceptions a caller may catch, and the messages
that tell a person why a package was refused (one wording for each reason)."""

from __future__ import annotations

import re

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import _

from . import limits


class ExchangeCancelled(UserError):
    """The person cancelled an export or an import: no package was written, nothing imported."""


class AlreadyImported(UserError):
    """The package's partnership is in this database already, as ``partnership_id``."""

    def __init__(self, message: str, partnership_id: int) -> None:
        super().__init__(message)
        self.partnership_id = partnership_id


_WHERE = re.compile(r"^([a-z_]+)(?:\[(\d+)\])?(?:\.([a-z_0-9]+))?$")
_OBJECTS = {"practice": "practice", "partnership": "partnership", "partners": "partner"}


def where_in_words(where: str) -> str:
    """*where* ("agreements[0].agreement_parties") as a person reads it ("Perjanjian ke-1,
    Pihak dalam perjanjian"); "" for a file of the package (package.json, manifest.json)."""
    from kemitraan_desktop.domain.fields import label, record_label

    from .layout import BY_KEY

    found = _WHERE.match(where)
    if not found:
        return ""
    table, index, field = found.groups()
    kind = BY_KEY[table].kind if table in BY_KEY else _OBJECTS.get(table)
    if kind is None:
        return ""
    words = record_label(kind)
    if index is not None:
        words = _("{record} no. {number}").format(record=words, number=int(index) + 1)
    if field:
        words += ", " + (record_label(BY_KEY[field].kind) if field in BY_KEY else label(field))
    return words


def invalid(where: str, problem: str) -> UserError:
    """A package refused for a value of one record: said in words first, then where in
    package.json it is (for the IT person who opens the file)."""
    place = where_in_words(where)
    if not place:
        return UserError(_("The exchange package is not valid ({where}): {problem}").format(
            where=where, problem=problem))
    return UserError(_("The exchange package is not valid — {place}: {problem} (in the "
                       "package: {where})").format(place=place, problem=problem, where=where))


def damaged(name: str) -> UserError:
    return UserError(
        _("The exchange package is damaged and cannot be read ({name}).").format(name=name)
    )


def too_many_entries() -> UserError:
    return UserError(
        _("The exchange package was refused: it holds more than {limit} files.")
        .format(limit=limits.MAX_ENTRIES)
    )


def unexpected_file(name: str) -> UserError:
    return UserError(
        _("The exchange package contains an unexpected file: {name}.").format(name=name)
    )


def changed() -> UserError:
    return UserError(
        _("The exchange package changed while it was being imported. Nothing was imported.")
    )


def not_a_package() -> UserError:
    return UserError(_("This file is not a Kemitraan exchange package."))
