"""The optional program password: asked at start, set, changed and removed in the settings.

What it is, honestly: a lock on the program's door. It keeps a casual person (a visitor, a
colleague at the reception desk) out of the window and the command line. It does NOT encrypt
the database file: whoever can copy the file can read it with other tools. A forgotten password
cannot be recovered; someone who can sign in to the computer's account removes it from the
command line (``password remove --forgotten``), and the audit trail records that.

The record (``domain/password.py``: scrypt, its parameters, salt and key) is one row of the
database's ``setting`` table, so it travels with backups. Neither the password nor the record is
ever written to the audit trail.

Only :func:`password_at_start` runs before the window shows anything; this module therefore
imports neither SQLAlchemy nor the hashing at the top (without a password, the start must not get
slower). The functions over a :class:`Services` import what they need when called.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kemitraan_desktop import paths
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.domain.roles import Action
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage.password_record import (
    PASSWORD_KEY,
    RecordUnreadable,
    read_password_record,
)

if TYPE_CHECKING:
    from .app import Services

ENTITY = "program_password"  # its name in the audit trail


class Gate:
    OPEN = "open"  # no password is set (or there is no database yet)
    LOCKED = "locked"  # a password is set: ask for it
    UNKNOWN = "unknown"  # the file could not be read now; the services will say why


class AtStart:
    """What the start found: the gate, and the stored record when a password is set."""

    __slots__ = ("gate", "record")

    def __init__(self, gate: str, record: str | None = None) -> None:
        self.gate = gate
        self.record = record

    def check(self, password: str) -> bool:
        from kemitraan_desktop.domain.password import verify_password

        return self.record is not None and verify_password(password, self.record)


def password_at_start(data_dir: Path) -> AtStart:
    """Whether *data_dir*'s database asks for a password, read straight from the file (no
    SQLAlchemy, no change to the file)."""
    try:
        record = read_password_record(data_dir)
    except RecordUnreadable:
        return AtStart(Gate.UNKNOWN)
    return AtStart(Gate.OPEN) if record is None else AtStart(Gate.LOCKED, record)


def program_command(data_dir: Path | None = None) -> str:
    """The program as it is typed on this computer, with the data folder when not the default."""
    program = Path(sys.executable).name if getattr(sys, "frozen", False) else "kemitraan-desktop"
    folder = ""
    if data_dir is not None and Path(data_dir) != paths.default_data_dir():
        folder = f' --data-dir "{data_dir}"'
    return f"{program}{folder}"


def forgotten_command(data_dir: Path | None = None) -> str:
    """The command that removes a forgotten password, as it is typed on this computer."""
    return f"{program_command(data_dir)} password remove --forgotten"


# -- over the services --------------------------------------------------------------------------


class WrongPassword(UserError):
    def __init__(self) -> None:
        super().__init__(_("The password is not right."), "current_password")


def stored_record(svc: Services) -> str | None:
    from kemitraan_desktop.storage import models as m

    with svc.db.session() as session:
        row = session.get(m.Setting, PASSWORD_KEY)
        return row.value if row is not None and row.value else None


def password_is_set(svc: Services) -> bool:
    return stored_record(svc) is not None


def check_password(svc: Services, password: str) -> bool:
    """Whether *password* opens this database (any does when none is set)."""
    from kemitraan_desktop.domain.password import verify_password

    record = stored_record(svc)
    return record is None or verify_password(password, record)


def set_password(svc: Services, new: str, repeated: str, current: str | None = None) -> None:
    """Set the program password, or change it: then *current* must be the one set now."""
    from kemitraan_desktop.domain.password import (
        check_new_password,
        hash_password,
        verify_password,
    )
    from kemitraan_desktop.storage import models as m

    from . import audit

    svc.access.require(Action.MANAGE_USERS)
    if svc.access.has_users():  # it would never be asked: each person signs in instead
        raise UserError(_("This server database has named users, and each signs in with their "
                          "own password: a program password is not used here. To give a user a "
                          "new password: user password NAME."))
    check_new_password(new, repeated)
    record = hash_password(new).encode()  # before the transaction: it takes a moment
    with svc.db.session() as session:
        row = session.get(m.Setting, PASSWORD_KEY)
        had = row is not None and bool(row.value)
        if had and (current is None or not verify_password(current, row.value)):
            raise WrongPassword()
        if row is None:
            session.add(m.Setting(key=PASSWORD_KEY, value=record))
        else:
            row.value = record
        audit.log(session, "update" if had else "create", ENTITY, None, actor=svc.actor)


def remove_password(svc: Services, current: str | None, *, forgotten: bool = False) -> bool:
    """Remove the program password; *current* must be it, unless *forgotten* (the command line,
    by someone who can sign in to this computer's account; recorded as such). False when no
    password was set."""
    from kemitraan_desktop.domain.password import verify_password
    from kemitraan_desktop.storage import models as m

    from . import audit

    svc.access.require(Action.MANAGE_USERS)
    with svc.db.session() as session:
        row = session.get(m.Setting, PASSWORD_KEY)
        if row is None or not row.value:
            return False
        if not forgotten and (current is None or not verify_password(current, row.value)):
            raise WrongPassword()
        session.delete(row)
        audit.log(session, "delete", ENTITY, None,
                  changes={"forgotten": True} if forgotten else None, actor=svc.actor)
    return True
