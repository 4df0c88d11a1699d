"""Step 5, the partner's own text: an agreement the partner drafted (a BPJS branch's PKS, a
hospital's), recorded without our text and held as their PDF or scan.

Most BPJS branches bring their own PKS. The doctor records what it says — both parties' numbers,
the date, the term, the capitation rate, the signatories — and attaches the file the partner
gave, which is the document of record. The lifecycle is ours (services.agreements): a draft
while it is being recorded, signed once everything is there, then amended by an addendum (ours
or theirs) or ended. The file sits where our final PDF sits (``final_pdf_attachment_id`` from the
moment it is attached, ``final_pdf_sha256`` once recorded as signed), so `verify`, the exchange
package, the archive, the personal-data rules and the reminders treat both kinds alike.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kemitraan_desktop.domain import clauses as templates
from kemitraan_desktop.domain.clauses import months_between, term_in_months
from kemitraan_desktop.domain.enums import (
    AgreementKind,
    AgreementStatus,
    DraftedBy,
    PartnerType,
)
from kemitraan_desktop.domain.errors import NotFoundError, UserError
from kemitraan_desktop.domain.readiness import recredentialing_due
from kemitraan_desktop.domain.roles import Action
from kemitraan_desktop.domain.signing import signing_date_refusal
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage import models as m
from kemitraan_desktop.storage.write_order import lock_row

from . import audit
from .agreements import _labels as party_labels
from .agreements import mark_signed, party_blocks
from .app import Services
from .records import to_record

# What a partner hands over: a PDF, or a scan or photo of the signed paper.
RECORD_TYPES = {"application/pdf": b"%PDF-", "image/jpeg": b"\xff\xd8\xff",
                "image/png": b"\x89PNG\r\n\x1a\n"}
# A scanned PKS of twenty pages at 300 dpi is 10–30 MB; anything far beyond is not one.
RECORD_MAX_BYTES = 100 * 1024 * 1024


@dataclass(frozen=True)
class RecordFile:
    """The partner's file held as the document of record."""

    attachment_id: int
    name: str
    media_type: str
    sha256: str
    size: int

    @property
    def is_pdf(self) -> bool:
        return self.media_type == "application/pdf"


@dataclass(frozen=True)
class PartnerAgreement:
    """A partner-drafted agreement as step 5 shows it while it is recorded and after."""

    agreement: Any  # AgreementRecord
    parties: tuple[Any, ...]  # AgreementPartyRecord, in order (PIHAK KESATU/PERTAMA first)
    roles: tuple[str, ...]  # what the agreement calls each party: "PIHAK KESATU" …
    record: RecordFile | None
    term: str  # "12 (dua belas) bulan", from the dates; "" while they are incomplete
    capitation_needed: bool  # a BPJS PKS or addendum states the capitation rate
    recredentialing_due: date | None  # BPJS: 3 months before the PKS ends
    missing: tuple[str, ...]  # what is still needed before it can be recorded as signed


def is_partner_drafted(agreement: Any) -> bool:
    return getattr(agreement, "drafted_by", "") == DraftedBy.PARTNER


# -- starting one -----------------------------------------------------------------------------
def start_partner_agreement(
    svc: Services, partnership_id: int, kind: str = "pks", parent_id: int | None = None,
) -> Any:
    """A draft of the partner's agreement to record: the parties as far as they are known, no
    text of ours. An addendum (*kind* "addendum") changes the signed agreement *parent_id*."""
    with svc.db.session() as session:
        return to_record(_start(svc, session, partnership_id, kind, parent_id))


def _start(svc: Services, session: Session, partnership_id: int, kind: str,
           parent_id: int | None) -> m.Agreement:
    kind = AgreementKind.parse(kind).value
    partnership = session.get(m.Partnership, partnership_id)
    if partnership is None:
        raise NotFoundError(_("Partnership #{id} not found.").format(id=partnership_id))
    system: dict[str, Any] = {"drafted_by": DraftedBy.PARTNER.value}
    if kind == AgreementKind.ADDENDUM:
        parent = session.get(m.Agreement, parent_id) if parent_id else None
        if parent is None or parent.partnership_id != partnership_id:
            raise UserError(_("Choose the signed agreement this addendum changes."))
        if parent.status not in ("signed", "active"):
            raise UserError(_("An addendum can only change a signed agreement."))
        latest = session.scalar(
            select(func.max(m.Agreement.version))
            .where(m.Agreement.partnership_id == partnership_id)
        ) or parent.version
        system.update(parent_id=parent.id, version=latest + 1)
        values = {"template": parent.template, "subject": parent.subject,
                  "start_date": parent.start_date, "end_date": parent.end_date,
                  "capitation_rate_sen": parent.capitation_rate_sen}
        blocks = [{"party": p.party, "organisation": p.organisation,
                   "signatory_name": p.signatory_name,
                   "signatory_position": p.signatory_position, "authority": p.authority,
                   "signatory_id_number": p.signatory_id_number, "address": p.address}
                  for p in parent.parties]
    else:
        existing = session.scalar(
            select(func.count()).select_from(m.Agreement)
            .where(m.Agreement.partnership_id == partnership_id)
        )
        if existing:
            raise UserError(
                _("This partnership already has an agreement. Edit its draft, or make an "
                  "addendum to the signed one.")
            )
        # The template is not printed: it only says who is PIHAK KESATU (BPJS) or PERTAMA.
        template = templates.template_for(partnership.partner_type, kind)
        values = {"template": template.code}
        blocks = party_blocks(partnership, _chosen_partner(partnership), template)
    agreement = svc.agreements.create_in(
        session, {"partnership_id": partnership_id, "kind": kind, **values}, system=system)
    for ordinal, block in enumerate(blocks, start=1):
        svc.agreement_parties.create_in(
            session, {"agreement_id": agreement.id, "ordinal": ordinal, **block})
    if partnership.current_step < 5:
        partnership.current_step = 5
    if partnership.status == "planning":
        partnership.status = "negotiating"
    return agreement


def _chosen_partner(partnership: m.Partnership) -> m.Partner | None:
    return next((c.partner for c in partnership.candidates if c.chosen), None)


# -- its file ---------------------------------------------------------------------------------
def attach_record(svc: Services, agreement_id: int, path: Path) -> RecordFile:
    """Attach the partner's PDF or scan as the document of record (replacing one attached
    before, while the agreement is still being recorded)."""
    with svc.db.session() as session:
        return _attach(svc, session, _load_partner_draft(session, agreement_id), path)


def _media_type_of(head: bytes) -> str | None:
    return next((kind for kind, magic in RECORD_TYPES.items() if head.startswith(magic)), None)


def _readable(data: bytes, media_type: str) -> bool:
    try:
        if media_type == "application/pdf":
            import pypdfium2

            document = pypdfium2.PdfDocument(data)
            try:
                return len(document) > 0
            finally:
                document.close()
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        return True
    except Exception:  # noqa: BLE001 - a damaged or hostile file is refused, never a crash
        return False


def _attach(svc: Services, session: Session, agreement: m.Agreement, path: Path) -> RecordFile:
    from .files import readable_name

    name = readable_name(path.name)
    if not path.is_file():
        raise UserError(_("The file was not found: {path}").format(path=readable_name(str(path))))
    try:
        if path.stat().st_size > RECORD_MAX_BYTES:
            raise UserError(_("The file {name} is larger than {limit} MB. Scan the "
                              "agreement at a lower resolution.").format(
                name=name, limit=RECORD_MAX_BYTES // (1024 * 1024)))
        data = path.read_bytes()
    except OSError as error:
        raise UserError(_("The file cannot be read: {path} ({reason})").format(
            path=name, reason=error.strerror or error)) from error
    media_type = _media_type_of(data[:16])
    if media_type is None:
        raise UserError(_("{name} is not a PDF, JPEG or PNG file. Attach the partner's "
                          "agreement as a PDF, or a scan or photo of it.").format(name=name))
    if not _readable(data, media_type):
        raise UserError(_("{name} is damaged: it cannot be opened. Ask the partner for the "
                          "file again, or scan the paper.").format(name=name))
    sha, size = svc.db.attachments.add_bytes(data)
    previous = (session.get(m.Attachment, agreement.final_pdf_attachment_id)
                if agreement.final_pdf_attachment_id else None)
    attachment = m.Attachment(
        partnership_id=agreement.partnership_id, sha256=sha, size=size,
        original_name=name[:255], media_type=media_type,
        caption=_("The partner's own text of the agreement (document of record)"),
    )
    session.add(attachment)
    session.flush()
    agreement.final_pdf_attachment_id = attachment.id
    if previous is not None:
        session.flush()
        session.delete(previous)  # the file picked by mistake leaves no trace in the archive
    audit.log(session, "update", "agreement", agreement.id,
              partnership_id=agreement.partnership_id,
              changes={"record": attachment.original_name, "sha256": sha}, actor=svc.actor)
    return _record_file(attachment)


def _record_file(attachment: m.Attachment) -> RecordFile:
    return RecordFile(attachment.id, attachment.original_name, attachment.media_type,
                      attachment.sha256, attachment.size)


def _record_of(session: Session, agreement: m.Agreement) -> m.Attachment | None:
    if not agreement.final_pdf_attachment_id:
        return None
    return session.get(m.Attachment, agreement.final_pdf_attachment_id)


def record_file(svc: Services, agreement_id: int) -> tuple[RecordFile, bytes]:
    """The partner's file (its description and its bytes), to show, open or save a copy."""
    with svc.db.session() as session:
        agreement = _load_partner(session, agreement_id)
        attachment = _record_of(session, agreement)
        if attachment is None:
            raise UserError(_("No file of the partner's agreement is attached yet."))
        return _record_file(attachment), svc.db.attachments.read_bytes(attachment.sha256)


def record_pdf(svc: Services, session: Session, agreement: m.Agreement) -> bytes:
    """The partner's PDF as the agreement's print (services.agreements.agreement_pdf)."""
    attachment = _record_of(session, agreement)
    if attachment is None:
        raise UserError(_("No file of the partner's agreement is attached yet."))
    if attachment.media_type != "application/pdf":
        raise UserError(_("The partner's agreement is held as a scan ({name}), not a PDF: "
                          "open it or save a copy of it from step 5.").format(
            name=attachment.original_name))
    return svc.db.attachments.read_bytes(attachment.sha256)


def save_record_copy(svc: Services, agreement_id: int, out: Path) -> Path:
    """Write a copy of the partner's file, byte for byte, to *out*; the export is logged."""
    from .files import write_atomically

    record, data = record_file(svc, agreement_id)
    write_atomically(out, data)
    with svc.db.session() as session:
        agreement = _load_partner(session, agreement_id)
        audit.log(session, "export", "agreement", agreement.id,
                  partnership_id=agreement.partnership_id,
                  changes={"file": str(out), "record": record.name, "version": agreement.version},
                  actor=svc.actor)
    return out


def record_statement(session: Session, agreement: m.Agreement) -> str:
    """What the archive (and anyone reading it years later) is told of a partner-drafted
    agreement: the text is theirs, and the document of record is their file, by name and
    SHA-256 (the fingerprint `verify` matches)."""
    attachment = _record_of(session, agreement)
    if attachment is None:
        return _("The partner's own text; its file is not attached yet.")
    return _("The partner's own text; the document of record is their file {name} "
             "(SHA-256 {sha}).").format(name=attachment.original_name, sha=attachment.sha256)


# -- what it says, and what is missing --------------------------------------------------------
def _capitation_needed(partnership: m.Partnership, agreement: m.Agreement) -> bool:
    return (partnership.partner_type == PartnerType.BPJS
            and agreement.kind != AgreementKind.MOU)


def _missing(session: Session, agreement: m.Agreement, today: date) -> list[str]:
    partnership = session.get(m.Partnership, agreement.partnership_id)
    assert partnership is not None
    missing = []
    if _record_of(session, agreement) is None:
        missing.append(_("Attach the partner's PDF or scan: it is the document of record."))
    if agreement.agreement_date is None:
        missing.append(_("Fill in the date of the agreement (the day it was signed)."))
    elif refusal := signing_date_refusal(agreement.agreement_date, today):
        missing.append(refusal)
    if agreement.start_date is None or agreement.end_date is None:
        missing.append(_("Fill in the start and end dates of the term."))
    elif months_between(agreement.start_date, agreement.end_date) is None:
        missing.append(_("The term must run at least one month: check the start and end "
                         "dates."))
    if _capitation_needed(partnership, agreement) and agreement.capitation_rate_sen <= 0:
        missing.append(_("Fill in the capitation rate the PKS states (per member per month)."))
    if len(agreement.parties) < 2:
        missing.append(_("An agreement has two parties."))
    for party in agreement.parties:
        who = party.organisation.strip() or _("Party {number}").format(number=party.ordinal)
        if not party.organisation.strip():
            missing.append(_("{party}: fill in the name of the organisation.").format(party=who))
        if not party.number.strip():
            missing.append(_("{party}: fill in its number of the agreement.").format(party=who))
        if not party.signatory_name.strip():
            missing.append(_("{party}: fill in who signed.").format(party=who))
        if not party.signatory_position.strip():
            missing.append(_("{party}: fill in the signatory's position.").format(party=who))
    return missing


def partner_agreement(svc: Services, agreement_id: int, today: date | None = None
                      ) -> PartnerAgreement:
    with svc.db.session() as session:
        agreement = _load_partner(session, agreement_id)
        partnership = session.get(m.Partnership, agreement.partnership_id)
        assert partnership is not None
        attachment = _record_of(session, agreement)
        bpjs = partnership.partner_type == PartnerType.BPJS
        labels = party_labels(session, agreement)
        return PartnerAgreement(
            agreement=to_record(agreement),
            parties=tuple(to_record(p) for p in agreement.parties),
            roles=tuple(labels.role_of(p.party) for p in agreement.parties),
            record=_record_file(attachment) if attachment else None,
            term=term_in_months(agreement.start_date, agreement.end_date),
            capitation_needed=_capitation_needed(partnership, agreement),
            recredentialing_due=(recredentialing_due(agreement.end_date)
                                 if bpjs and agreement.end_date else None),
            missing=(tuple(_missing(session, agreement, today or date.today()))
                     if agreement.status == AgreementStatus.DRAFT else ()),
        )


# -- recording it as signed -------------------------------------------------------------------
def record_as_signed(svc: Services, agreement_id: int, today: date | None = None) -> Any:
    """The partner's agreement is signed as recorded: its file becomes the document of record
    (its SHA-256 fixed, the content locked), signed on the date of the agreement."""
    svc.access.require(Action.SIGN)
    with svc.db.locked_session() as session:
        agreement = _load_partner_draft(session, agreement_id, lock=True)
        _record_signed(svc, session, agreement, today or date.today())
        return to_record(agreement)


def _record_signed(svc: Services, session: Session, agreement: m.Agreement, today: date) -> None:
    session.flush()
    session.refresh(agreement)
    missing = _missing(session, agreement, today)
    if missing:
        raise UserError("\n".join(
            [_("The agreement cannot be recorded as signed yet:")]
            + [f"• {line}" for line in missing]))
    attachment = _record_of(session, agreement)
    assert attachment is not None and agreement.agreement_date is not None
    agreement.final_pdf_sha256 = attachment.sha256
    agreement.finalized_at = datetime.now(UTC)
    audit.log(session, "finalize", "agreement", agreement.id,
              partnership_id=agreement.partnership_id,
              changes={"sha256": attachment.sha256, "drafted_by": DraftedBy.PARTNER.value},
              actor=svc.actor)
    signed_by = " dan ".join(p.signatory_name.strip() for p in agreement.parties)
    mark_signed(svc, session, agreement, agreement.agreement_date, signed_by)


def record_partner_agreement(
    svc: Services, partnership_id: int, *, file: Path, agreement_date: date, start: date,
    end: date, numbers: Mapping[str, str], capitation_rate_sen: int | None = None,
    subject: str | None = None, signatories: Mapping[str, Mapping[str, str]] | None = None,
    kind: str = "pks", parent_id: int | None = None, today: date | None = None,
) -> Any:
    """The whole of it at once (the command line): start, fill in, attach, record as signed,
    in one transaction, so a refusal leaves nothing half recorded.

    *numbers* and *signatories* are keyed by party ("practice", "partner"); a signatory is a
    mapping of the party's fields (``signatory_name``, ``signatory_position`` …)."""
    svc.access.require(Action.SIGN)
    with svc.db.session() as session:
        agreement = _start(svc, session, partnership_id, kind, parent_id)
        values: dict[str, Any] = {"agreement_date": agreement_date, "start_date": start,
                                  "end_date": end}
        if capitation_rate_sen is not None:
            values["capitation_rate_sen"] = capitation_rate_sen
        if subject is not None:
            values["subject"] = subject
        svc.agreements.update_in(session, agreement.id, values)
        for party in agreement.parties:
            fields = dict((signatories or {}).get(party.party, {}))
            if party.party in numbers:
                fields["number"] = numbers[party.party]
            if fields:
                svc.agreement_parties.update_in(session, party.id, fields)
        _attach(svc, session, agreement, file)
        _record_signed(svc, session, agreement, today or date.today())
        return to_record(agreement)


# -- loading ----------------------------------------------------------------------------------
def _load_partner(session: Session, agreement_id: int, *, lock: bool = False) -> m.Agreement:
    agreement = (lock_row(session, m.Agreement, agreement_id) if lock
                 else session.get(m.Agreement, agreement_id))
    if agreement is None:
        raise NotFoundError(_("Agreement #{id} not found.").format(id=agreement_id))
    if agreement.drafted_by != DraftedBy.PARTNER:
        raise UserError(_("This agreement is printed from our text, not the partner's."))
    return agreement


def _load_partner_draft(session: Session, agreement_id: int, *, lock: bool = False,
                        ) -> m.Agreement:
    agreement = _load_partner(session, agreement_id, lock=lock)
    if agreement.status != AgreementStatus.DRAFT:
        raise UserError(_("This agreement is already recorded as signed: a change means an "
                          "addendum."))
    return agreement
