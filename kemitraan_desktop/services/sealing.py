"""What seals an agreement once it is final: its lifecycle as stored, checked against the rules
of :mod:`~kemitraan_desktop.domain.lifecycle` (by import, and by ``check`` over the database)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kemitraan_desktop.domain.lifecycle import AgreementState, lifecycle_problem
from kemitraan_desktop.domain.validation import ValidationError
from kemitraan_desktop.storage import models as m


def agreement_state(session: Session, agreement: m.Agreement) -> AgreementState:
    final_pdf = (session.get(m.Attachment, agreement.final_pdf_attachment_id)
                 if agreement.final_pdf_attachment_id else None)
    return AgreementState(
        status=agreement.status, drafted_by=agreement.drafted_by,
        finalized_at=agreement.finalized_at, final_pdf_sha256=agreement.final_pdf_sha256,
        final_pdf_attachment_sha256=final_pdf.sha256 if final_pdf is not None else None,
        signed_on=agreement.signed_on, signed_by=agreement.signed_by,
        has_signed_scan=agreement.signed_scan_attachment_id is not None,
    )


def lifecycle_refusal(session: Session, agreement: m.Agreement) -> ValidationError | None:
    """The rule of its lifecycle *agreement* breaks, or None."""
    return lifecycle_problem(agreement_state(session, agreement))
