"""The credentialing submission of a BPJS partnership, and its surat pernyataan.

``submission_document`` gathers what the binder needs: the credentialing form (printed without
its own page line: the bundle numbers its pages as a whole), then each requirement's evidence in
the order the branch asks (resources/credentialing: bundle_order), read from the attachment
store and checked against its fingerprint. ``statement_document`` fills the surat pernyataan
template with the doctor's identity. Both print in Indonesian whatever the screen language.
"""

from __future__ import annotations

import io
from datetime import date

from kemitraan_desktop.domain.credentialing_form import FORM_PART, credentialing_form
from kemitraan_desktop.domain.places import place_name
from kemitraan_desktop.domain.submission import (
    SUBMISSION_TITLE,
    EvidenceContent,
    StatementDocument,
    SubmissionDocument,
    SubmissionPart,
)
from kemitraan_desktop.storage.errors import StorageError

from .app import Services
from .credentialing import EvidenceFile, bpjs_partnership, requirements

FORM_TITLE = "Formulir kredensialing (penilaian mandiri)"


def _content(svc: Services, file: EvidenceFile) -> EvidenceContent:
    """The stored bytes of one evidence file, or why they are not what was attached."""
    try:
        data = svc.db.attachments.read_verified(file.sha256)
    except (StorageError, OSError):
        return EvidenceContent(
            file.name, file.caption, None, file.is_pdf,
            f"Berkas {file.name} hilang dari folder data atau isinya berubah sejak disimpan. "
            "Pulihkan cadangan yang memuatnya, atau lampirkan lagi di langkah 4.")
    return EvidenceContent(file.name, file.caption, data, file.is_pdf)


def submission_document(svc: Services, partnership_id: int, today: date | None = None,
                        paper: str = "a4") -> SubmissionDocument:
    """Everything the credentialing submission binds, in the order the branch asks."""
    from kemitraan_desktop.reports.readiness import render_readiness

    from .documents import _doctor_name, readiness_document
    from .partner_of_record import partner_names

    today = today or date.today()
    with svc.db.session() as session:
        partnership = bpjs_partnership(session, partnership_id)
        practice = partnership.practice
        practice_name = practice.clinic_name or practice.doctor_name
        doctor, branch, title = _doctor_name(practice), partner_names(partnership), \
            partnership.title
    form = credentialing_form()
    printed = io.BytesIO()
    bound_form = readiness_document(svc, partnership_id, today)
    render_readiness(bound_form, printed, paper, page_numbers=False)
    needs = {need.code: need for need in requirements(svc, partnership_id, today)}
    order = list(form.bundle_order) + [code for code in needs if code not in form.bundle_order]
    parts = []
    for code in order:
        if code == FORM_PART:
            parts.append(SubmissionPart(FORM_PART, FORM_TITLE, "", pdf=printed.getvalue()))
            continue
        need = needs.get(code)
        # An optional requirement the practice does not have (no bidan, "jika ada") binds
        # nothing: a "BELUM DILAMPIRKAN" page for it would read as a shortfall.
        if need is None or need.absent:
            continue
        parts.append(SubmissionPart(
            code, need.form_label, need.document,
            tuple(_content(svc, file) for file in need.files), need.missing))
    # The cover lists all the bound form's "Yang masih kurang" says: what a part's evidence
    # lacks is said with that part; the rest (a jejaring PKS ending before the PKS with BPJS,
    # a criterion not scored) after them.
    said = {f"{part.title}: {part.missing}" for part in parts if part.missing}
    notes = tuple(item for item in bound_form.missing if item not in said)
    return SubmissionDocument(SUBMISSION_TITLE, practice_name, doctor, branch, title, today,
                              tuple(parts), notes)


def statement_document(svc: Services, partnership_id: int, today: date | None = None
                       ) -> StatementDocument:
    """The surat pernyataan of a BPJS partnership's credentialing, to sign over a meterai."""
    from kemitraan_desktop.reports.layout import BLANK

    from .agreements import _address
    from .documents import _doctor_name

    template = credentialing_form().surat_pernyataan
    with svc.db.session() as session:
        practice = bpjs_partnership(session, partnership_id).practice

        def value(text: str) -> str:
            return text.strip() or BLANK

        identity = (
            ("Nama", value(_doctor_name(practice))),
            ("NIK", value(practice.nik)),
            ("Nomor SIP", value(practice.sip_number)),
            ("Nomor STR", value(practice.str_number)),
            ("Nama fasilitas kesehatan", value(practice.clinic_name)),
            ("Alamat praktik", value(_address(practice))),
            ("Kode faskes", value(practice.kode_faskes)),
        )
        place, signer, sip = place_name(practice.kota), _doctor_name(practice), \
            practice.sip_number
    return StatementDocument(
        template.title, template.opening, identity, template.declaration, template.points,
        template.closing, place, today or date.today(), template.signer_title, signer,
        f"SIP. {sip}" if sip.strip() else f"SIP. {BLANK}")


__all__ = ["FORM_TITLE", "statement_document", "submission_document"]
