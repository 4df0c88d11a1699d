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
from .audit_anchor import (
    AUDIT_TABLE,
    AnchorFinding,
    ChainHead,
    anchor_findings,
    chain_head,
    write_anchor,
)
from .sealing import SealFinding, seal_findings, stored_reader


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
    audit_missing: bool = False  # the audit table itself is gone
    head: ChainHead | None = None  # the chain's head now (kept in the anchor file if sound)
    anchors_compared: int = 0  # the anchor file and the automatic backups held against it
    anchors: tuple[AnchorFinding, ...] = ()

    @property
    def schema_problems(self) -> tuple[str, ...]:
        return tuple(schema_message(d) for d in (self.schema.differences if self.schema else ()))

    @property
    def problem_count(self) -> int:
        """Everything found wrong, each counted once: the summary never says "0 problems" beside
        a broken chain."""
        missing_table = self.audit_missing and any(
            d.kind == "missing_table" and d.name == AUDIT_TABLE
            for d in (self.schema.differences if self.schema else ()))
        return (len(self.problems) + len(self.schema_problems)
                + (not self.audit_intact and not missing_table)
                + len(self.bad_attachments) + len(self.seals) + len(self.anchors))

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


def anchor_message(finding: AnchorFinding) -> str:
    return _("Audit log against {source}: {problem}").format(
        source=finding.source, problem=finding.problem)


def check(svc: Services) -> CheckResult:
    problems = svc.db.integrity_check()
    schema = check_schema(svc.db.engine)
    missing = {d.name for d in schema.differences if d.kind == "missing_table"}
    with svc.db.session() as session:
        hashes = sorted(set(session.scalars(select(m.Attachment.sha256))))
        if AUDIT_TABLE in missing:
            # Nothing to hold against the backups, and no seal to read: said once, plainly.
            return CheckResult(svc.db.schema_version() or "-", tuple(problems), 0, False,
                               len(hashes), _bad(svc, hashes), schema, 0, (),
                               audit_missing=True)
        chain = audit.verify_chain(session)
        agreements = len(session.scalars(select(m.Agreement.id)).all())
        seals = tuple(seal_findings(session, stored_reader(svc.db.attachments)))
        compared, anchors = anchor_findings(session, svc.db.data_dir)
        # The head moves on only from a sound chain: a broken one is never written as the
        # state the next check must agree with.
        head = chain_head(session)
        if chain.intact and not anchors:
            write_anchor(svc.db.data_dir, head)
    return CheckResult(svc.db.schema_version() or "-", tuple(problems), chain.entries,
                       chain.intact, len(hashes), _bad(svc, hashes), schema, agreements, seals,
                       head=head, anchors_compared=compared, anchors=tuple(anchors))


def _bad(svc: Services, hashes: list[str]) -> tuple[str, ...]:
    return tuple(sha for sha in hashes if not svc.db.attachments.verify(sha))
