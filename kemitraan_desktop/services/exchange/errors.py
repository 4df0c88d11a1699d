"""The refusals of the exchange package: the exceptions a caller may catch, and the messages
that tell a person why a package was refused (one wording for each reason)."""

from __future__ import annotations

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


def invalid(where: str, problem: str) -> UserError:
    return UserError(
        _("The exchange package is not valid ({where}): {problem}").format(
            where=where, problem=problem
        )
    )


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
