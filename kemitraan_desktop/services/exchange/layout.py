"""What an exchange package holds: its file names, its format version, and the lists of
``package.json`` with the table each one comes from and where its references point."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from kemitraan_desktop.storage import models as m
from kemitraan_desktop.storage.base import Base

FORMAT_NAME = "kemitraan-exchange"
FORMAT_VERSION = 1

PACKAGE_JSON = "package.json"
MANIFEST_JSON = "manifest.json"
ATTACHMENTS_DIR = "attachments/"


CHUNK = 1024 * 1024


SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class ChildTable:
    """A list in ``package.json``: its table, its record kind, and where its references point."""

    key: str
    model: type[Base]
    kind: str  # the record kind of services.app.SPECS and domain.fields
    refs: Mapping[str, str]  # foreign-key column -> the package list it refers to


# In the order of package.json. "partnership" as a target means the one partnership's id.
CHILD_TABLES: tuple[ChildTable, ...] = (
    ChildTable("partner_licences", m.PartnerLicence, "partner_licence",
               {"partner_id": "partners"}),
    ChildTable("candidates", m.Candidate, "candidate",
               {"partnership_id": "partnership", "partner_id": "partners"}),
    ChildTable("goals", m.Goal, "goal", {"partnership_id": "partnership"}),
    ChildTable("roles", m.Role, "role", {"partnership_id": "partnership"}),
    ChildTable("readiness_items", m.ReadinessItem, "readiness_item",
               {"partnership_id": "partnership"}),
    ChildTable("budget_lines", m.BudgetLine, "budget_line", {"partnership_id": "partnership"}),
    ChildTable("agreements", m.Agreement, "agreement",
               {"partnership_id": "partnership", "parent_id": "agreements",
                "final_pdf_attachment_id": "attachments",
                "signed_scan_attachment_id": "attachments"}),
    ChildTable("agreement_parties", m.AgreementParty, "agreement_party",
               {"agreement_id": "agreements"}),
    ChildTable("clauses", m.Clause, "clause", {"agreement_id": "agreements"}),
    ChildTable("activities", m.Activity, "activity",
               {"partnership_id": "partnership", "goal_id": "goals"}),
    ChildTable("activity_reports", m.ActivityReport, "activity_report",
               {"activity_id": "activities"}),
    ChildTable("attachments", m.Attachment, "attachment",
               {"partnership_id": "partnership", "report_id": "activity_reports"}),
    ChildTable("readiness_evidence", m.ReadinessEvidence, "readiness_evidence",
               {"readiness_item_id": "readiness_items", "attachment_id": "attachments"}),
    ChildTable("indicators", m.Indicator, "indicator", {"partnership_id": "partnership"}),
    ChildTable("indicator_values", m.IndicatorValue, "indicator_value",
               {"indicator_id": "indicators"}),
    ChildTable("key_assessments", m.KeyAssessment, "key_assessment",
               {"partnership_id": "partnership"}),
    ChildTable("key_answers", m.KeyAnswer, "key_answer",
               {"assessment_id": "key_assessments"}),
    ChildTable("action_items", m.ActionItem, "action_item", {"partnership_id": "partnership"}),
)
BY_KEY = {table.key: table for table in CHILD_TABLES}
