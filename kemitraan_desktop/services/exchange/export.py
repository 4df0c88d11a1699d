"""Export: the records and files of one partnership, collected into a new package."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import kemitraan_desktop
from kemitraan_desktop.domain.errors import NotFoundError, UserError
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage import models as m
from kemitraan_desktop.storage.attachments import AttachmentStore
from kemitraan_desktop.storage.base import Base
from kemitraan_desktop.storage.errors import StorageError

from .. import audit
from ..app import Services
from ..audit_anchor import audit_log_missing, current_head, renew_anchor
from ..records import to_jsonable, to_record
from . import limits
from .layout import BY_KEY, CHILD_TABLES, FORMAT_NAME, FORMAT_VERSION
from .progress import Steps
from .writing import attachment_missing, write_package


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    records: dict[str, int]  # per list of package.json ("practice", "partners", "goals" …)
    attachments: int  # attachment files in the package (one per distinct content)
    sha256: str  # of the package file

    @property
    def total_records(self) -> int:
        return sum(self.records.values())


def export_partnership(svc: Services, partnership_id: int, out: Path,
                       progress: Callable[[int, int], None] | None = None,
                       cancelled: Callable[[], bool] | None = None) -> ExportSummary:
    """Write the exchange package of one partnership to *out* (a new zip file).

    *progress(done, total)* hears how far the writing is; when *cancelled()* turns true the
    half-written file is removed and ``ExchangeCancelled`` raised."""
    out = Path(out)
    if out.is_dir():
        raise UserError(
            _("Choose a file name for the package, not a folder: {path}.").format(path=out)
        )
    if not out.parent.is_dir():
        raise UserError(_("The folder {folder} does not exist.").format(folder=out.parent))
    exported_at = datetime.now(UTC).replace(microsecond=0)
    with svc.db.session() as session:
        package, files = _collect(session, partnership_id)
    package = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "exported_at": exported_at.isoformat(),
        "program_version": str(getattr(kemitraan_desktop, "__version__", "0")),
        **package,
    }
    data = json.dumps(package, ensure_ascii=False, indent=1).encode("utf-8")
    sizes = _check_export_limits(svc.db.attachments, data, files)
    steps = Steps(progress, cancelled, lambda: _("Cancelled: no package was written."))
    steps.total = 2 * (len(data) + sum(sizes.values()))  # written, then read for its checksum
    head = current_head(svc)
    if head is None:  # the export could not be logged (UU 27/2022): not written at all
        raise audit_log_missing()
    sha256 = write_package(svc.db.attachments, out, data, sizes, exported_at, steps,
                           head.to_json())
    records = {key: (len(value) if isinstance(value, list) else 1)
               for key, value in package.items()
               if key in ("practice", "partners", "partnership") or key in BY_KEY}
    with svc.db.session() as session:
        audit.log(
            session, "export", "partnership", partnership_id, partnership_id=partnership_id,
            changes={"file": out.name, "sha256": sha256, "records": sum(records.values()),
                     "attachments": len(sizes)},
            actor=svc.actor,
        )
    renew_anchor(svc)
    return ExportSummary(out, records, len(sizes), sha256)


def _json_record(instance: Base) -> dict[str, Any]:
    record = to_record(instance)
    return {f.name: to_jsonable(getattr(record, f.name)) for f in dataclasses.fields(record)}


def _collect(session: Session, partnership_id: int) -> tuple[dict[str, Any], dict[str, str]]:
    """The records of package.json, and the attachment files to include (sha256 -> name)."""
    partnership = session.get(m.Partnership, partnership_id)
    if partnership is None:
        raise NotFoundError(_("Partnership #{id} not found.").format(id=partnership_id))

    def rows(model: type[Base], *conditions: Any) -> list[Any]:
        query = select(model).where(*conditions).order_by(model.id)  # type: ignore[attr-defined]
        return list(session.scalars(query))

    pid = partnership_id
    candidates = rows(m.Candidate, m.Candidate.partnership_id == pid)
    partner_ids = sorted({candidate.partner_id for candidate in candidates})
    agreements = rows(m.Agreement, m.Agreement.partnership_id == pid)
    agreement_ids = [agreement.id for agreement in agreements]
    activities = rows(m.Activity, m.Activity.partnership_id == pid)
    reports = rows(m.ActivityReport,
                   m.ActivityReport.activity_id.in_([a.id for a in activities]))
    indicators = rows(m.Indicator, m.Indicator.partnership_id == pid)
    assessments = rows(m.KeyAssessment, m.KeyAssessment.partnership_id == pid)
    # The final PDF and the signed scan of an agreement are attachments of its partnership; the
    # ids are added in case one was ever filed under another partnership.
    agreement_files = {
        attachment_id
        for agreement in agreements
        for attachment_id in (agreement.final_pdf_attachment_id,
                              agreement.signed_scan_attachment_id)
        if attachment_id is not None
    }
    attachments = rows(
        m.Attachment,
        (m.Attachment.partnership_id == pid) | m.Attachment.id.in_(sorted(agreement_files)),
    )
    tables: dict[str, list[Any]] = {
        "partner_licences": rows(m.PartnerLicence, m.PartnerLicence.partner_id.in_(partner_ids)),
        "candidates": candidates,
        "goals": rows(m.Goal, m.Goal.partnership_id == pid),
        "roles": rows(m.Role, m.Role.partnership_id == pid),
        "readiness_items": rows(m.ReadinessItem, m.ReadinessItem.partnership_id == pid),
        "budget_lines": rows(m.BudgetLine, m.BudgetLine.partnership_id == pid),
        "agreements": agreements,
        "agreement_parties": rows(m.AgreementParty,
                                  m.AgreementParty.agreement_id.in_(agreement_ids)),
        "clauses": rows(m.Clause, m.Clause.agreement_id.in_(agreement_ids)),
        "activities": activities,
        "activity_reports": reports,
        "attachments": attachments,
        "readiness_evidence": rows(
            m.ReadinessEvidence,
            m.ReadinessEvidence.attachment_id.in_([a.id for a in attachments]),
        ),
        "indicators": indicators,
        "indicator_values": rows(m.IndicatorValue,
                                 m.IndicatorValue.indicator_id.in_([i.id for i in indicators])),
        "key_assessments": assessments,
        "key_answers": rows(m.KeyAnswer,
                            m.KeyAnswer.assessment_id.in_([a.id for a in assessments])),
        "action_items": rows(m.ActionItem, m.ActionItem.partnership_id == pid),
    }
    package: dict[str, Any] = {
        "practice": _json_record(partnership.practice),
        "partners": [_json_record(p) for p in rows(m.Partner, m.Partner.id.in_(partner_ids))],
        "partnership": _json_record(partnership),
    }
    report_ids = {report.id for report in reports}
    for table in CHILD_TABLES:
        package[table.key] = [_json_record(row) for row in tables[table.key]]
    for record in package["attachments"]:
        if record["partnership_id"] != pid:
            record["partnership_id"] = pid
            if record["report_id"] not in report_ids:
                record["report_id"] = None
    files = {}
    for attachment in attachments:
        files.setdefault(attachment.sha256, attachment.original_name)
    return package, files


def _check_export_limits(
    store: AttachmentStore, data: bytes, files: dict[str, str]
) -> dict[str, int]:
    """Never write a package an import would refuse. Returns the size of each attachment file."""
    sizes: dict[str, int] = {}
    for sha256, name in files.items():
        try:
            size = store.file_for(sha256).stat().st_size  # fetched first on a server
        except (OSError, ValueError, StorageError):
            raise UserError(attachment_missing(name)) from None
        if size > limits.MAX_ENTRY_SIZE:
            raise UserError(
                _("The attachment {name} is larger than {limit} MB: too large for an exchange "
                  "package.").format(name=name, limit=limits.MAX_ENTRY_SIZE // limits.MB)
            )
        sizes[sha256] = size
    if len(data) > limits.MAX_ENTRY_SIZE or len(data) + sum(sizes.values()) > limits.MAX_TOTAL_SIZE:
        raise UserError(
            _("This partnership is too large for one exchange package (at most {limit} MB).")
            .format(limit=limits.MAX_TOTAL_SIZE // limits.MB)
        )
    if len(sizes) + 2 > limits.MAX_ENTRIES:
        raise UserError(
            _("This partnership has too many attachments for one exchange package "
              "(at most {limit}).").format(limit=limits.MAX_ENTRIES - 2)
        )
    return sizes
