"""Checking the data folder: database integrity, schema version and shape, audit chain,
agreements against their seal, attachments."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage import models as m
from kemitraan_desktop.storage.schema_check import SchemaCheck, SchemaDifference, check_schema

from . import audit
from .app import Services
from .sealing import SealFinding, seal_findings


@dataclass(frozen=True)
class CheckResult:
    schema_version: str
    problems: tuple[str, ...]
    audit_entries: int
    audit_intact: bool
    attachments_checked: int
    bad_attachments: tuple[str, ...]
    schema: SchemaCheck | None = None  # None where the file could not be read as SQLite
    agreements_checked: int = 0
    seals: tuple[SealFinding, ...] = ()

    @property
    def schema_problems(self) -> tuple[str, ...]:
        return tuple(schema_message(d) for d in (self.schema.differences if self.schema else ()))

    @property
    def problem_count(self) -> int:
        """Everything found wrong, each counted once: the summary never says "0 problems" beside
        a broken chain."""
        return (len(self.problems) + len(self.schema_problems) + (not self.audit_intact)
                + len(self.bad_attachments) + len(self.seals))

    @property
    def ok(self) -> bool:
        return self.problem_count == 0


_SCHEMA_MESSAGES = {
    "missing_table": lambda name: _("Schema: the table {name} is missing.").format(name=name),
    "extra_table": lambda name: _("Schema: a table {name} the program does not make.").format(
        name=name),
    "missing_column": lambda name: _("Schema: the column {name} is missing.").format(name=name),
    "extra_column": lambda name: _("Schema: a column {name} the program does not make.").format(
        name=name),
    "changed_column": lambda name: _("Schema: {name} differs from what the program makes.")
    .format(name=name),
    "missing_index": lambda name: _("Schema: the index {name} is missing.").format(name=name),
    "extra_index": lambda name: _("Schema: an index {name} the program does not make.").format(
        name=name),
    "trigger": lambda name: _("Schema: a trigger {name} the program does not make: it could "
                              "change data behind the program's back.").format(name=name),
}


def schema_message(difference: SchemaDifference) -> str:
    return _SCHEMA_MESSAGES[difference.kind](difference.name)


def seal_message(finding: SealFinding) -> str:
    return _("Agreement #{id} (version {version}): {problem}").format(
        id=finding.agreement_id, version=finding.version, problem=finding.problem)


def check(svc: Services) -> CheckResult:
    problems = svc.db.integrity_check()
    schema = check_schema(svc.db.engine)
    with svc.db.session() as session:
        chain = audit.verify_chain(session)
        hashes = sorted(set(session.scalars(select(m.Attachment.sha256))))
        agreements = len(session.scalars(select(m.Agreement.id)).all())
        seals = tuple(seal_findings(session))
    bad = tuple(sha for sha in hashes if not svc.db.attachments.verify(sha))
    return CheckResult(svc.db.schema_version() or "-", tuple(problems), chain.entries,
                       chain.intact, len(hashes), bad, schema, agreements, seals)
