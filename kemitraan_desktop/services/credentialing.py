"""Step 4 for BPJS: the evidence of each credentialing requirement, as the form lists it.

Each administrative requirement is shown by a document: the scan or photo of the SIP, STR and
NPWP and of the accreditation certificate (attached here, to the requirement), the signed PKS
of the practice's jejaring (taken from those partnerships: their signed scans), and the surat
pernyataan (printed from a template, signed over a meterai and scanned back). The credentialing
form and the submission bundle read what is here; none of them looks for a file itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kemitraan_desktop.domain import readiness as checklist
from kemitraan_desktop.domain.credentialing_form import CredentialingForm, credentialing_form
from kemitraan_desktop.domain.dates import format_date, long_date_id
from kemitraan_desktop.domain.enums import AgreementKind, DraftedBy, PartnerType
from kemitraan_desktop.domain.errors import NotFoundError, UserError
from kemitraan_desktop.i18n import _, babel_locale
from kemitraan_desktop.storage import models as m

from .activities import store_file
from .app import Services
from .crud import Deleted, conflicts_explained
from .files import read_stored
from .partner_of_record import partner_named
from .partnerships import SIGNED_STATES, Readiness, readiness
from .records import to_record

# What the submission can bind: a page image or a PDF. A Word file would have to be printed
# and scanned first, so it is refused when attached rather than missing from the bundle later.
EVIDENCE_SUFFIXES = frozenset({".pdf", ".jpg", ".jpeg", ".png"})
# What a met requirement still lacks, by the kind of evidence it takes.
EVIDENCE_TO_DO = {
    "scan": "pindaian atau foto dokumen belum dilampirkan.",
    "partnership": "pindaian PKS yang sudah ditandatangani belum dilampirkan.",
    "template": "cetak, tanda tangani di atas meterai, lalu lampirkan pindaiannya.",
}
# Printed where a requirement has no number or expiry of its own (the NPWP never expires).
NOT_APPLICABLE = "–"


@dataclass(frozen=True)
class EvidenceFile:
    attachment_id: int
    name: str
    caption: str
    sha256: str
    media_type: str
    size: int
    attached: bool  # attached to the requirement here (False: taken from a jejaring partnership)

    @property
    def is_pdf(self) -> bool:
        return self.media_type == "application/pdf" or self.name.lower().endswith(".pdf")


@dataclass(frozen=True)
class Lapse:
    """A jejaring PKS that ends before the PKS with BPJS it supports: the practice would be
    without an apotek or laboratorium for the rest of its FKTP term."""

    partner_name: str
    ends: date
    fktp_ends: date

    @property
    def printed(self) -> str:
        """As the credentialing form says it (Indonesian, whatever the screen)."""
        return (f"PKS dengan {self.partner_name} berakhir pada {long_date_id(self.ends)}, "
                f"sebelum PKS dengan BPJS Kesehatan berakhir pada "
                f"{long_date_id(self.fktp_ends)}: perpanjang dengan adendum agar jejaring "
                "tersedia selama jangka waktu kerja sama.")

    @property
    def shown(self) -> str:
        """As the screen says it."""
        return _("The PKS with {partner} ends on {ends}, before the PKS with BPJS Kesehatan "
                 "ends on {fktp_ends}: extend it with an adendum so the jejaring covers the "
                 "whole term.").format(partner=self.partner_name,
                                       ends=format_date(self.ends, babel_locale()),
                                       fktp_ends=format_date(self.fktp_ends, babel_locale()))


@dataclass(frozen=True)
class Requirement:
    """One administrative requirement with the document that shows it is met."""

    item_id: int
    code: str
    label: str  # as the screen names it (translated)
    form_label: str  # as the credentialing form words it (Indonesian)
    met: bool
    derived: bool
    evidence: str  # "scan" | "partnership" | "template" (domain.readiness)
    document: str  # the agreement the evidence is, "PKS dengan Apotek Sehat Sentosa" ("" else)
    number: str
    valid_until: str  # "3 Mei 2027", "Berlaku seumur hidup", "–"
    files: tuple[EvidenceFile, ...]
    note: str = ""
    optional: bool = False  # asked for only where it exists (a PKS with a bidan, "jika ada")
    lapses: tuple[Lapse, ...] = ()  # jejaring PKS that end before the PKS with BPJS

    @property
    def absent(self) -> bool:
        """An optional requirement the practice does not have: nothing is missing."""
        return self.optional and not self.met and not self.files

    @property
    def has_evidence(self) -> bool:
        return bool(self.files)

    @property
    def missing(self) -> str:
        """What the form and the submission say is still missing ("" when nothing is), in
        Indonesian: they go to BPJS whatever the screen language."""
        if self.absent:
            return ""
        if not self.met:
            return "belum terpenuhi."
        if not self.has_evidence:
            return EVIDENCE_TO_DO[self.evidence]
        return ""


def _evidence_file(attachment: m.Attachment, attached: bool) -> EvidenceFile:
    return EvidenceFile(attachment.id, attachment.original_name, attachment.caption,
                        attachment.sha256, attachment.media_type, attachment.size, attached)


def _attached(session: Session, item_ids: list[int]) -> dict[int, list[EvidenceFile]]:
    files: dict[int, list[EvidenceFile]] = {item_id: [] for item_id in item_ids}
    rows = session.execute(
        select(m.ReadinessEvidence.readiness_item_id, m.Attachment)
        .join(m.Attachment, m.Attachment.id == m.ReadinessEvidence.attachment_id)
        .where(m.ReadinessEvidence.readiness_item_id.in_(item_ids))
        .order_by(m.Attachment.id)
    )
    for item_id, attachment in rows:
        files[item_id].append(_evidence_file(attachment, attached=True))
    return files


@dataclass(frozen=True)
class SignedPks:
    """A jejaring partnership's signed PKS as the credentialing form cites it: the agreement
    itself (the PERJANJIAN INDUK), with the adenda signed since as further evidence."""

    partner_name: str
    numbers: str  # the PKS's own numbers, one per party
    end_date: date | None  # as the latest signed adendum leaves it
    scans: tuple[m.Attachment, ...]  # the PKS's signed scan, then each adendum's
    addenda: tuple[str, ...] = ()  # the numbers of each signed adendum, oldest first


def _numbers(agreement: m.Agreement) -> str:
    return " / ".join(p.number for p in agreement.parties if p.number.strip())


def _record_of(session: Session, agreement: m.Agreement) -> m.Attachment | None:
    """The signed scan of our text; of one the partner drafted, the file recorded as its
    document of record (their signed PDF): "Belum dilampirkan" beside it was untrue."""
    kept = agreement.signed_scan_attachment_id
    if not kept and agreement.drafted_by == DraftedBy.PARTNER:
        kept = agreement.final_pdf_attachment_id
    return session.get(m.Attachment, kept) if kept else None


def _signed_pks(session: Session, practice_id: int, partner_type: str) -> list[SignedPks]:
    """The signed PKS of each of the practice's partnerships with *partner_type*: its numbers
    and signed scan, and the adenda signed after it. A signed adendum changes the PKS, it does
    not take its place: the submission sent only the 4-page adendum, the form cited its number
    as "the PKS with the apotek" (walker2 #1)."""
    rows = session.scalars(
        select(m.Agreement)
        .join(m.Partnership, m.Partnership.id == m.Agreement.partnership_id)
        .where(m.Partnership.practice_id == practice_id,
               m.Partnership.partner_type == partner_type,
               m.Agreement.status.in_(SIGNED_STATES))
        .order_by(m.Agreement.partnership_id, m.Agreement.version, m.Agreement.id)
    )
    by_partnership: dict[int, list[m.Agreement]] = {}
    for agreement in rows:
        by_partnership.setdefault(agreement.partnership_id, []).append(agreement)
    found = []
    for partnership_id, signed in by_partnership.items():
        pks = [a for a in signed if a.kind != AgreementKind.ADDENDUM.value]
        induk = pks[-1] if pks else signed[0]
        addenda = [a for a in signed
                   if a.kind == AgreementKind.ADDENDUM.value and a.version > induk.version]
        end = induk.end_date
        for addendum in addenda:
            end = addendum.end_date or end
        partnership = session.get(m.Partnership, partnership_id)
        scans = tuple(scan for scan in (_record_of(session, a) for a in [induk, *addenda])
                      if scan is not None)
        found.append(SignedPks(partner_named(induk) or partnership.title,
                               _numbers(induk), end, scans,
                               tuple(_numbers(a) for a in addenda)))
    return found


def _cited(pks: SignedPks) -> str:
    """The evidence as the form names it: "PKS dengan Apotek Sehat Sentosa", and each adendum
    signed since by its numbers."""
    text = f"PKS dengan {pks.partner_name}"
    numbers = [number for number in pks.addenda if number]
    if numbers:
        text += " beserta adendum Nomor " + "; ".join(numbers)
    elif pks.addenda:
        text += " beserta adendumnya"
    return text


def _date_text(value: date | None) -> str:
    return long_date_id(value) if value else ""


def _requirements(session: Session, partnership: m.Partnership, ready: Readiness,
                  form: CredentialingForm) -> tuple[Requirement, ...]:
    items = {item.id: item for item in session.scalars(
        select(m.ReadinessItem).where(m.ReadinessItem.partnership_id == partnership.id))}
    lines = [line for line in ready.lines if line.category == "administrative"]
    attached = _attached(session, [line.id for line in lines])
    practice = partnership.practice
    fktp_ends = _fktp_end(session, partnership)
    out = []
    for line in lines:
        item = items[line.id]
        entry = checklist.BY_CODE.get(line.code)
        kind = entry.evidence if entry else "scan"
        files = list(attached[line.id])
        lapses: list[Lapse] = []
        document = ""
        number, valid_until = item.number.strip(), _date_text(item.expires)
        if line.code == "sip":
            number, valid_until = practice.sip_number, _date_text(practice.sip_expires)
        elif line.code == "str":
            number, valid_until = practice.str_number, form.str_valid_until(practice.str_number)
        elif line.code == "npwp":
            number, valid_until = practice.npwp, NOT_APPLICABLE
        elif kind == "partnership":
            signed = _signed_pks(session, practice.id, checklist.PKS_PARTNER_TYPES[line.code])
            if signed:
                document = "; ".join(_cited(pks) for pks in signed)
                number = "; ".join(pks.numbers for pks in signed if pks.numbers) or number
                ends = [pks.end_date for pks in signed if pks.end_date]
                valid_until = "; ".join(long_date_id(end) for end in ends) or valid_until
                files = [_evidence_file(scan, attached=False)
                         for pks in signed for scan in pks.scans] + files
                if fktp_ends is not None:
                    lapses = [Lapse(pks.partner_name, pks.end_date, fktp_ends) for pks in signed
                              if pks.end_date is not None and pks.end_date < fktp_ends]
        elif kind == "template" and not valid_until:
            valid_until = NOT_APPLICABLE
        out.append(Requirement(
            line.id, line.code, line.label, form.requirement(line.code, line.label), line.met,
            line.derived, kind, document, number.strip(), valid_until, tuple(files), line.note,
            line.optional, tuple(lapses)))
    return tuple(out)


def _fktp_end(session: Session, partnership: m.Partnership) -> date | None:
    """The last day of the PKS with BPJS the jejaring supports (its signed agreement, else its
    draft), which each jejaring PKS should reach (the apotek PKS's own Pasal says so)."""
    from .documents import agreement_term

    return agreement_term(session, partnership)[1]


def bpjs_partnership(session: Session, partnership_id: int) -> m.Partnership:
    """The partnership, if it is with BPJS Kesehatan: credentialing (its form, the submission,
    the surat pernyataan) is BPJS's; a form addressed to an apotek would be sent nowhere."""
    partnership = session.get(m.Partnership, partnership_id)
    if partnership is None:
        raise NotFoundError(_("Partnership #{id} not found.").format(id=partnership_id))
    if partnership.partner_type != PartnerType.BPJS:
        raise UserError(_("The credentialing papers (the form, the submission and its surat "
                          "pernyataan) are made for a partnership with BPJS Kesehatan; this "
                          "partnership is with {kind}.").format(
            kind=PartnerType(partnership.partner_type).label.lower()))
    return partnership


def requirements(svc: Services, partnership_id: int, today: date | None = None
                 ) -> tuple[Requirement, ...]:
    """Every administrative requirement of a BPJS partnership with its evidence, in order."""
    form = credentialing_form()
    with svc.db.session() as session:
        bpjs_partnership(session, partnership_id)
    ready = readiness(svc, partnership_id, today)
    with svc.db.session() as session:
        return _requirements(session, session.get(m.Partnership, partnership_id), ready, form)


# -- attaching and removing evidence ---------------------------------------------------------
def check_evidence_file(path: Path | str) -> None:
    """Refuse, in Indonesian, a file the submission could not bind (only PDF, JPG and PNG)."""
    suffix = Path(path).suffix.lower()
    if suffix not in EVIDENCE_SUFFIXES:
        raise UserError(_(
            "{name} cannot go into the credentialing submission: attach a scan or photo as "
            "PDF, JPG or PNG.").format(name=Path(path).name))


def check_evidence_readable(path: Path | str) -> None:
    """Refuse, in the screen's language, a scan the submission could not bind: a damaged file,
    a PDF locked with a password or without a page. It would count as evidence and print
    "BERKAS RUSAK" in the berkas pengajuan instead of the SIP."""
    from kemitraan_desktop.reports.submission import unreadable_evidence

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError:
        return  # store_file says why the file cannot be read
    is_pdf = path.suffix.lower() == ".pdf"
    why = unreadable_evidence(data, is_pdf)
    if why == "locked":
        raise UserError(_("{name} is locked with a password, so the credentialing submission "
                          "cannot bind it. Save it again without a password, then attach it.")
                        .format(name=path.name))
    if why == "empty":
        raise UserError(_("{name} has no page. Scan the document again, then attach the new "
                          "file.").format(name=path.name))
    if why:
        raise UserError((_("{name} is damaged or is not a PDF that can be read. Scan the "
                           "document again, then attach the new file.") if is_pdf else
                         _("{name} is damaged or is not a picture that can be read. Photograph "
                           "or scan the document again, then attach the new file."))
                        .format(name=path.name))


def attach_evidence(svc: Services, item_id: int, path: Path | str, caption: str = "") -> Any:
    """Copy the file at *path* into the store as evidence of the requirement *item_id*."""
    check_evidence_file(path)
    check_evidence_readable(path)
    item = svc.readiness_items.get(item_id)
    if item.category != "administrative":
        raise UserError(_("Evidence is attached to an administrative requirement."))
    with conflicts_explained(), svc.db.session() as session:
        attachment = store_file(svc, session, item.partnership_id, path, caption=caption)
        svc.readiness_evidence.create_in(
            session, {"readiness_item_id": item_id, "attachment_id": attachment.id})
        return to_record(attachment)


def evidence_files(svc: Services, item_id: int) -> list[EvidenceFile]:
    """The files attached to one requirement, oldest first."""
    with svc.db.session() as session:
        if session.get(m.ReadinessItem, item_id) is None:
            raise NotFoundError(_("Record not found (it may have been deleted): {kind} #{id}.")
                                .format(kind="readiness_item", id=item_id))
        return _attached(session, [item_id])[item_id]


def _evidence_of(session: Session, item_id: int, attachment_id: int) -> m.Attachment:
    linked = session.scalar(select(m.ReadinessEvidence).where(
        m.ReadinessEvidence.readiness_item_id == item_id,
        m.ReadinessEvidence.attachment_id == attachment_id))
    attachment = session.get(m.Attachment, attachment_id)
    if linked is None or attachment is None:
        raise NotFoundError(_("This file is no longer attached to the requirement (it may have "
                              "been removed in another window)."))
    return attachment


def remove_evidence(svc: Services, item_id: int, attachment_id: int) -> Deleted:
    """Take a file off the requirement *item_id* (only one attached here: a jejaring PKS scan
    belongs to that partnership's step 5). The result puts it back (``restore_evidence``)."""
    with svc.db.session() as session:
        _evidence_of(session, item_id, attachment_id)
    return svc.attachments.delete(attachment_id)


def restore_evidence(svc: Services, deleted: Deleted) -> None:
    """Undo ``remove_evidence``: the file is attached again, with the same ids."""
    svc.attachments.restore(deleted)


def evidence_content(svc: Services, file: EvidenceFile) -> bytes:
    """The stored bytes of an evidence file, checked against its fingerprint, to show it; a
    missing or changed file is said (a FileProblem), never shown as if it were the one kept."""
    return read_stored(svc.db.attachments, file.sha256,
                       _("The file {name}").format(name=file.name))


__all__ = [
    "EVIDENCE_SUFFIXES",
    "EvidenceFile",
    "Requirement",
    "attach_evidence",
    "bpjs_partnership",
    "check_evidence_file",
    "evidence_content",
    "evidence_files",
    "remove_evidence",
    "requirements",
    "restore_evidence",
]
