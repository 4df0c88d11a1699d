"""Named users of a server database: added, listed, signed in (issue 15.3).

Each user has a name, a role (``domain.roles``) and a password of their own, hashed with scrypt
as the program password is (``domain.password``). The first user of a server database is added
without a sign-in and must be the doctor; after that only a signed-in doctor adds users. The data
folder's own SQLite file has no users: one person uses it without sign-in.

Neither a password nor its record is ever written to the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import func, select, text

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.domain.password import check_new_password, hash_password, verify_password
from kemitraan_desktop.domain.roles import Action, UserRole, check_user_name, parse_role
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage.models import AppUser

from . import audit
from .access import SignedIn

if TYPE_CHECKING:
    from .app import Services

ENTITY = "user"  # its name in the audit trail


@dataclass(frozen=True)
class UserRecord:
    id: int
    name: str
    role: UserRole
    active: bool


class WrongSignIn(UserError):
    def __init__(self) -> None:
        # The same words whether the name or the password is wrong: a guess learns nothing.
        super().__init__(_("The user name or the password is not right."), "password")


def _record(row: AppUser) -> UserRecord:
    return UserRecord(row.id, row.name, UserRole(row.role), row.active)


def _server_only(svc: Services) -> None:
    if not svc.access.on_server:
        raise UserError(_("Named users and sign-in are for a server database. This data "
                          "folder's own file is used by one person, without sign-in."))


def list_users(svc: Services) -> list[UserRecord]:
    _server_only(svc)
    with svc.db.session() as session:
        return [_record(row) for row in session.scalars(
            select(AppUser).where(AppUser.active).order_by(AppUser.name))]


def add_user(svc: Services, name: str, role: UserRole | str, new: str,
             repeated: str) -> UserRecord:
    """Add a user. The first of a server database needs no sign-in and must be the doctor
    (who is then signed in: the window they added it from goes on as them); later ones are
    added by a signed-in doctor. ``UserError`` at the field otherwise."""
    _server_only(svc)
    name = check_user_name(name)
    role = role if isinstance(role, UserRole) else parse_role(role)
    check_new_password(new, repeated)
    record = hash_password(new).encode()  # before the transaction: it takes a moment
    with svc.db.locked_session() as session:
        # Two "first users" added at once from two computers: one of them is the first.
        session.execute(text("LOCK TABLE app_user IN SHARE ROW EXCLUSIVE MODE"))
        count = session.scalar(select(func.count()).select_from(AppUser)) or 0
        if count == 0:
            if role is not UserRole.DOKTER:
                raise UserError(_("The first user of a server database is the doctor of the "
                                  "practice: add them first with the role dokter."), "role")
        else:
            svc.access.require(Action.MANAGE_USERS)
        row = session.scalars(select(AppUser).where(AppUser.name == name)).first()
        if row is not None and row.active:
            raise UserError(_("There is already a user named {name}.").format(name=name),
                            "user_name")
        if row is None:
            row = AppUser(name=name, role=role.value, password=record)
            session.add(row)
            session.flush()
            action = "create"
        else:  # removed once, back now: the same row, so the audit trail is one person's
            row.role, row.password, row.active = role.value, record, True
            action = "update"
        audit.log(session, action, ENTITY, row.id, changes={"name": name, "role": role.value},
                  actor=svc.actor)
        added = _record(row)
        first = count == 0
    svc.access.users_added()
    if first:  # whoever added the doctor just typed the password: they are the doctor now
        svc.access.user = SignedIn(added.id, added.name, added.role)
        svc.actor = added.name
    return added


@cache
def _no_such_user() -> str:
    """A record no password matches, checked when the name is unknown so that a wrong name
    takes as long as a wrong password."""
    return hash_password("-").encode()


def sign_in(svc: Services, name: str, password: str) -> SignedIn:
    """Sign *name* in: from now on the services act as them (their role, their name in the
    audit trail). ``WrongSignIn`` when the name or the password is not right."""
    _server_only(svc)
    with svc.db.session() as session:
        row = session.scalars(select(AppUser).where(
            AppUser.name == name.strip().lower())).first()
        found = row is not None and row.active
        stored = row.password if found and row is not None else _no_such_user()
        if not verify_password(password, stored) or not found or row is None:
            raise WrongSignIn()
        user = SignedIn(row.id, row.name, UserRole(row.role))
    svc.access.user = user
    svc.actor = user.name
    return user


def resume(svc: Services, user: SignedIn) -> bool:
    """Sign *user* in again without the password (the window restarting into the same
    database, e.g. after the language changed), if they are still an active user with the same
    name. False when they are not: then the person signs in again."""
    with svc.db.session() as session:
        row = session.get(AppUser, user.id)
        if row is None or not row.active or row.name != user.name:
            return False
        svc.access.user = SignedIn(row.id, row.name, UserRole(row.role))
    svc.actor = user.name
    return True


def set_user_password(svc: Services, name: str, new: str, repeated: str) -> UserRecord:
    """Give user *name* a new password: the doctor does it for anyone (a forgotten password
    cannot be recovered), a user for themselves."""
    _server_only(svc)
    name = check_user_name(name)
    user = svc.access.user
    if user is None or user.name != name:
        svc.access.require(Action.MANAGE_USERS)
    check_new_password(new, repeated)
    record = hash_password(new).encode()
    with svc.db.session() as session:
        session.info["allowed"] = True  # an observer may change their own password too
        row = session.scalars(select(AppUser).where(AppUser.name == name)).first()
        if row is None:
            raise UserError(_("There is no user named {name}.").format(name=name), "user_name")
        row.password = record
        audit.log(session, "update", ENTITY, row.id, changes={"name": name, "password": True},
                  actor=svc.actor)
        return _record(row)


def remove_user(svc: Services, name: str) -> UserRecord:
    """User *name* may no longer sign in (someone who left the practice). The row stays, so
    the audit trail still says who they were; the last doctor is never removed, or nobody could
    add users again."""
    _server_only(svc)
    svc.access.require(Action.MANAGE_USERS)
    name = check_user_name(name)
    with svc.db.locked_session() as session:
        session.execute(text("LOCK TABLE app_user IN SHARE ROW EXCLUSIVE MODE"))
        row = session.scalars(select(AppUser).where(AppUser.name == name)).first()
        if row is None or not row.active:
            raise UserError(_("There is no user named {name}.").format(name=name), "user_name")
        doctors = session.scalar(select(func.count()).select_from(AppUser).where(
            AppUser.role == UserRole.DOKTER.value, AppUser.active)) or 0
        if row.role == UserRole.DOKTER.value and doctors <= 1:
            raise UserError(_("{name} is the only doctor of this server database and stays: add "
                              "another doctor first.").format(name=name), "user_name")
        row.active = False
        audit.log(session, "delete", ENTITY, row.id, changes={"name": name}, actor=svc.actor)
        return _record(row)
