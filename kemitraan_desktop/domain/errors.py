"""Errors a user can act on. Each carries a message already in the user's language."""

from __future__ import annotations


class UserError(Exception):
    """Something the person can fix; shown as a one-line message, never as a traceback."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class NotStoredError(UserError):
    """What was typed is fine, but the disk would not take it (full): nothing was saved. The
    window keeps it to save again, and says so at the field."""


class NotFoundError(UserError):
    pass


class LockedError(UserError):
    """The record is part of a final or signed agreement and may not change."""
