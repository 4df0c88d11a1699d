"""Checking the data folder: database integrity, schema version, audit chain, attachments."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from kemitraan_desktop.storage import models as m

from . import audit
from .app import Services


@dataclass(frozen=True)
class CheckResult:
    schema_version: str
    problems: tuple[str, ...]
    audit_entries: int
    audit_intact: bool
    attachments_checked: int
    bad_attachments: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems and self.audit_intact and not self.bad_attachments


def check(svc: Services) -> CheckResult:
    problems = svc.db.integrity_check()
    with svc.db.session() as session:
        chain = audit.verify_chain(session)
        hashes = sorted(set(session.scalars(select(m.Attachment.sha256))))
    bad = tuple(sha for sha in hashes if not svc.db.attachments.verify(sha))
    return CheckResult(svc.db.schema_version() or "-", tuple(problems), chain.entries,
                       chain.intact, len(hashes), bad)
