"""Who may do what on a server database shared by several people (issue 15.3).

Three roles. The doctor (dokter), who owns the practice (pemilik), may do everything: finalize
and sign agreements, erase, and name the other users. Staff (staf) at the front desk type and
edit the data of every step but do not finalize, sign or erase. An observer (pemantau), such as
the Dinas Kesehatan following the partnerships of its district, reads and prints but changes
nothing.

The embedded single-user mode (the data folder's own SQLite file) has no users and no sign-in:
whoever opens the program is the doctor there.
"""

from __future__ import annotations

import re
from enum import StrEnum

from kemitraan_desktop.i18n import N_, _

from .enums import Labelled
from .errors import UserError


class UserRole(Labelled):
    DOKTER = "dokter"
    STAF = "staf"
    PEMANTAU = "pemantau"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "dokter": N_("doctor (owner of the practice)"),
            "staf": N_("staff"),
            "pemantau": N_("observer (read only)"),
        }


# "pemilik" (owner) is the doctor's role by another name, as the practice may say it.
ROLE_ALIASES = {"pemilik": UserRole.DOKTER}


class Action(StrEnum):
    EDIT = "edit"  # type and change the data of the steps, import a package
    FINALIZE = "finalize"  # lock a draft agreement and print its final text
    SIGN = "sign"  # record the signing (or the partner's signed agreement)
    ERASE = "erase"  # delete a whole partnership, erase a person's data
    BACKUP = "backup"  # copy the whole database to a file
    MANAGE_USERS = "manage_users"  # add users, set what the program asks at the door


_ALLOWED: dict[UserRole, frozenset[Action]] = {
    UserRole.DOKTER: frozenset(Action),
    UserRole.STAF: frozenset({Action.EDIT, Action.BACKUP}),
    UserRole.PEMANTAU: frozenset(),
}


def may(role: UserRole | str, action: Action) -> bool:
    """Whether a user of *role* may do *action*."""
    return action in _ALLOWED.get(UserRole(role), frozenset())


def parse_role(text: str) -> UserRole:
    """The role typed on the command line ("dokter", "pemilik", "staf", "pemantau")."""
    word = text.strip().lower()
    if word in ROLE_ALIASES:
        return ROLE_ALIASES[word]
    try:
        return UserRole(word)
    except ValueError:
        raise UserError(_("Unknown role {role}: choose dokter, staf or pemantau.").format(
            role=text.strip() or "-"), "role") from None


class NotAllowedError(UserError):
    """The signed-in user's role does not allow this; nothing was changed."""


def refusal(name: str, role: UserRole | str, action: Action) -> NotAllowedError:
    """What a user is told when their role does not allow *action*."""
    doing = {
        Action.EDIT: _("change the data"),
        Action.FINALIZE: _("finalize an agreement"),
        Action.SIGN: _("record the signing of an agreement"),
        Action.ERASE: _("erase data"),
        Action.BACKUP: _("make a backup of the whole database"),
        Action.MANAGE_USERS: _("add users or change what the program asks at the door"),
    }[action]
    return NotAllowedError(_("{name} signed in as {role} and may not {doing}. Nothing was "
                             "changed; ask the doctor of the practice.").format(
        name=name, role=UserRole(role).label, doing=doing))


NAME_MAX = 60
_NAME = re.compile(r"^[\w.@-]+$")


def check_user_name(name: str) -> str:
    """The user name as it is kept (no spaces around, lower case so "Rina" and "rina" are one
    user); ``UserError`` at the field when it cannot be one."""
    cleaned = name.strip().lower()
    if not cleaned:
        raise UserError(_("Type the user name."), "user_name")
    if len(cleaned) > NAME_MAX:
        raise UserError(_("A user name has at most {count} characters.").format(count=NAME_MAX),
                        "user_name")
    if not _NAME.match(cleaned):
        raise UserError(_("A user name is one word: letters, digits, dot, dash or underscore "
                          "(for example rina.staf)."), "user_name")
    return cleaned
