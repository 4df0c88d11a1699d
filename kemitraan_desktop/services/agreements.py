"""Step 5: draft an agreement from a template, finalize it, record its signing, verify a PDF.

A version is editable only while it is a draft. Finalizing assigns the practice's number, prints
the final PDF, stores it with its SHA-256 and locks the content; from then on a change means an
addendum, a new version that recites its parent.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kemitraan_desktop.domain import clauses as templates
from kemitraan_desktop.domain import numbering
from kemitraan_desktop.domain.bpjs import proposed_capitation_sen
from kemitraan_desktop.domain.dates import long_date_id
from kemitraan_desktop.domain.documents import (
    AgreementDocument,
    Article,
    ParentReference,
    PartyBlock,
    TableBlock,
)
from kemitraan_desktop.domain.enums import (
    AgreementKind,
    AgreementStatus,
    DraftedBy,
    PartnerType,
    Party,
)
from kemitraan_desktop.domain.errors import LockedError, NotFoundError, UserError
from kemitraan_desktop.domain.fields import TEXT_LIMIT, check_length, clean_value
from kemitraan_desktop.domain.money import format_rupiah, rupiah_with_words
from kemitraan_desktop.domain.signing import signing_date_refusal
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage import models as m

from . import audit, people
from .app import Services
from .partnerships import line_total_sen
from .records import to_record

KIND_CODES = {"mou": "MOU", "pks": "PKS", "addendum": "ADD"}


def _load(session: Session, agreement_id: int) -> m.Agreement:
    agreement = session.get(m.Agreement, agreement_id)
    if agreement is None:
        raise NotFoundError(_("Agreement #{id} not found.").format(id=agreement_id))
    return agreement


def _chosen_partner(session: Session, partnership: m.Partnership) -> m.Partner | None:
    for candidate in partnership.candidates:
        if candidate.chosen:
            return candidate.partner
    return None


def _address(record: m.Practice | m.Partner) -> str:
    parts = [record.street]
    if isinstance(record, m.Practice) and record.rt_rw:
        parts.append(f"RT/RW {record.rt_rw}")
    parts += [record.kelurahan, record.kecamatan, record.kota, record.provinsi, record.postal_code]
    return ", ".join(part.strip() for part in parts if part and part.strip())


def _fill_context(
    session: Session, partnership: m.Partnership, partner: m.Partner | None,
    start: date | None, end: date | None, template: templates.ClauseTemplate,
    capitation_sen: int = 0,
) -> templates.FillContext:
    """The facts of steps 1–4 as the clauses print them, the parties named as *template* names
    them (for an addendum: the template of the agreement it changes); the capitation rate as
    the agreement states it (0: none)."""
    practice = partnership.practice
    goals = session.scalars(
        select(m.Goal).where(m.Goal.partnership_id == partnership.id)
        .order_by(m.Goal.position, m.Goal.id)
    )
    roles = list(session.scalars(
        select(m.Role).where(m.Role.partnership_id == partnership.id)
        .order_by(m.Role.position, m.Role.id)
    ))
    lines = list(session.scalars(
        select(m.BudgetLine).where(m.BudgetLine.partnership_id == partnership.id)
    ))
    per_party: dict[str, int] = {}
    for line in lines:
        total = line_total_sen(line.quantity, line.unit_cost_sen)
        per_party[line.funded_by] = per_party.get(line.funded_by, 0) + total
    return templates.build_context(
        practice_name=practice.clinic_name or practice.doctor_name,
        doctor_name=people.doctor(practice).name,
        partner_name=partner.name if partner else "",
        partner_type=partnership.partner_type,
        place=practice.kota,
        city=practice.kota,
        start_date=start,
        end_date=end,
        goals=[f"{g.description} ({g.target})" if g.target else g.description for g in goals],
        practice_roles=[r.description for r in roles if r.party == Party.PRACTICE],
        partner_roles=[r.description for r in roles if r.party == Party.PARTNER],
        budget_total_sen=sum(per_party.values()),
        budget_practice_sen=per_party.get(Party.PRACTICE.value),
        budget_partner_sen=per_party.get(Party.PARTNER.value),
        budget_shared_sen=per_party.get(Party.BOTH.value),
        capitation_rate_sen=capitation_sen or None,
        payment_days=15,
        notice_days=30,
        idea=partnership.idea,
        shared_vision=partnership.practice_vision,
        template=template,
    )


def draft_agreement(
    svc: Services, partnership_id: int, kind: str = "pks", template_code: str | None = None,
    start: date | None = None, end: date | None = None, capitation_sen: int | None = None,
) -> object:
    """A new draft from the template of the partner type, filled from steps 1–4.

    A BPJS PKS states the capitation rate *capitation_sen* (the regulation's figure when not
    given), which is kept with the agreement; other agreements state none (0)."""
    kind = AgreementKind.parse(kind).value
    with svc.db.session() as session:
        partnership = session.get(m.Partnership, partnership_id)
        if partnership is None:
            raise NotFoundError(_("Partnership #{id} not found.").format(id=partnership_id))
        existing = session.scalar(
            select(func.count()).select_from(m.Agreement)
            .where(m.Agreement.partnership_id == partnership_id)
        )
        if existing and kind != "addendum":
            raise UserError(
                _("This partnership already has an agreement. Edit its draft, or make an "
                  "addendum to the signed one.")
            )
        template = (templates.load_templates()[template_code] if template_code
                    else templates.template_for(partnership.partner_type, kind))
        partner = _chosen_partner(session, partnership)
        start = start or date.today()
        end = end or templates.default_end_date(start)
        if partnership.partner_type != PartnerType.BPJS:
            capitation_sen = 0
        elif capitation_sen is None:
            capitation_sen = proposed_capitation_sen()
        context = _fill_context(session, partnership, partner, start, end, template,
                                capitation_sen)
        recitals, articles = templates.filled_clauses(template, context)
        practice = partnership.practice
        agreement = svc.agreements.create_in(session, {
            "partnership_id": partnership_id, "kind": kind, "template": template.code,
            "subject": templates.fill(template.subject, context), "place": practice.kota,
            "agreement_date": start, "start_date": start, "end_date": end,
            "capitation_rate_sen": capitation_sen,
        })
        for ordinal, block in enumerate(party_blocks(partnership, partner, template), start=1):
            svc.agreement_parties.create_in(
                session, {"agreement_id": agreement.id, "ordinal": ordinal, **block})
        for position, text in enumerate(recitals):
            svc.clauses.create_in(session, {"agreement_id": agreement.id, "kind": "recital",
                                            "position": position, "body": text})
        for position, (title, body) in enumerate(articles):
            svc.clauses.create_in(session, {"agreement_id": agreement.id, "kind": "article",
                                            "position": position, "title": title, "body": body})
        if partnership.current_step < 5:
            partnership.current_step = 5
        if partnership.status == "planning":
            partnership.status = "negotiating"
        return to_record(agreement)


def set_capitation(svc: Services, agreement_id: int, rate_sen: int) -> object:
    """The capitation rate a draft BPJS PKS states, and the article text that states it."""
    with svc.db.session() as session:
        agreement = _load(session, agreement_id)
        old = agreement.capitation_rate_sen
        record = svc.agreements.update_in(session, agreement_id, {"capitation_rate_sen": rate_sen})
        if old and rate_sen and old != rate_sen:
            # The drafted article wrote the rate out; until the printed PKS reads every fact
            # from the data, the text follows the field here.
            before, after = rupiah_with_words(old), rupiah_with_words(rate_sen)
            for clause in agreement.clauses:
                if before in clause.body:
                    svc.clauses.update_in(session, clause.id,
                                          {"body": clause.body.replace(before, after)})
        return to_record(record)


def _root(session: Session, agreement: m.Agreement) -> m.Agreement:
    """The agreement an addendum (or an addendum of an addendum) changes, or *agreement*."""
    root = agreement
    seen = {root.id}
    while root.parent_id and root.parent_id not in seen:
        parent_row = session.get(m.Agreement, root.parent_id)
        if parent_row is None:
            break
        seen.add(parent_row.id)
        root = parent_row
    return root


def _labels(session: Session, agreement: m.Agreement) -> templates.ClauseTemplate:
    """The template that names the parties of *agreement*: an addendum speaks of them as the
    agreement it changes did (BPJS stays PIHAK KESATU)."""
    return templates.template_named(_root(session, agreement).template)


def party_blocks(
    partnership: m.Partnership, partner: m.Partner | None, template: templates.ClauseTemplate,
) -> list[dict[str, str]]:
    """The two parties of a new agreement as the practice and the chosen partner are known, in
    the template's order; a partner-drafted agreement starts from the same."""
    practice = partnership.practice
    # Who signs comes from the people kept once: the doctor, the partner's signatory.
    practice_block = {
        "party": "practice", "organisation": practice.clinic_name or practice.doctor_name,
        **people.signatory_fields(people.doctor(practice)), "address": _address(practice),
    }
    signer = people.partner_signatory(partner) if partner else None
    partner_block = {
        "party": "partner", "organisation": partner.name if partner else "",
        **(people.signatory_fields(signer) if signer else {}),
        "address": _address(partner) if partner else "",
    }
    # BPJS drafts its PKS with itself as PIHAK KESATU: the template says who comes first.
    by_party = {Party.PRACTICE.value: practice_block, Party.PARTNER.value: partner_block}
    return [by_party[party] for party in template.party_order]


def _document(session: Session, agreement: m.Agreement) -> AgreementDocument:
    partnership = session.get(m.Partnership, agreement.partnership_id)
    assert partnership is not None
    labels = _labels(session, agreement)
    parties = tuple(
        PartyBlock(
            role=labels.role_of(p.party), organisation=p.organisation, number=p.number,
            signatory_name=p.signatory_name, signatory_position=p.signatory_position,
            authority=p.authority, signatory_id_number=p.signatory_id_number, address=p.address,
        )
        for p in agreement.parties
    )
    recitals = tuple(c.body for c in agreement.clauses if c.kind == "recital")
    articles = tuple(Article(c.title, c.body) for c in agreement.clauses if c.kind == "article")
    parent = None
    if agreement.parent_id:
        source = session.get(m.Agreement, agreement.parent_id)
        if source is not None:
            parent = ParentReference(
                title=_title(source.kind),
                numbers=tuple(p.number for p in source.parties if p.number),
                agreement_date=source.agreement_date,
            )
    return AgreementDocument(
        document_id=agreement.uid, kind=agreement.kind, version=agreement.version,
        title=_title(agreement.kind), subject=agreement.subject, place=agreement.place,
        agreement_date=agreement.agreement_date, start_date=agreement.start_date,
        end_date=agreement.end_date, parties=parties, recitals=recitals, articles=articles,
        attachments=_lampiran(session, partnership, labels), parent=parent,
        draft=agreement.status == AgreementStatus.DRAFT,
    )


def _title(kind: str) -> str:
    return {"mou": "NOTA KESEPAHAMAN", "addendum": "ADDENDUM PERJANJIAN KERJA SAMA"}.get(
        kind, "PERJANJIAN KERJA SAMA")


def _lampiran(
    session: Session, partnership: m.Partnership, labels: templates.ClauseTemplate,
) -> tuple[TableBlock, ...]:
    blocks = []
    activities = list(session.scalars(
        select(m.Activity).where(m.Activity.partnership_id == partnership.id)
        .order_by(m.Activity.start_date, m.Activity.position, m.Activity.id)
    ))
    if activities:
        blocks.append(TableBlock(
            title="Rencana Kerja",
            header=("No.", "Kegiatan", "Waktu", "Penanggung Jawab", "Pelaksana", "Biaya"),
            rows=tuple(
                (str(i), a.name,
                 " – ".join(long_date_id(d) for d in (a.start_date, a.end_date) if d),
                 a.person_in_charge, labels.role_of(a.party),
                 format_rupiah(a.planned_cost_sen))
                for i, a in enumerate(activities, start=1)
            ),
            total=("", "Jumlah", "", "", "",
                   format_rupiah(sum(a.planned_cost_sen for a in activities))),
        ))
    lines = list(session.scalars(
        select(m.BudgetLine).where(m.BudgetLine.partnership_id == partnership.id)
        .order_by(m.BudgetLine.position, m.BudgetLine.id)
    ))
    if lines:
        totals = [line_total_sen(line.quantity, line.unit_cost_sen) for line in lines]
        grand = sum(totals)
        blocks.append(TableBlock(
            title="Rencana Anggaran Biaya",
            header=("No.", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah", "Sumber Dana"),
            rows=tuple(
                (str(i), line.description, _quantity(line.quantity), line.unit,
                 format_rupiah(line.unit_cost_sen), format_rupiah(total),
                 labels.role_of(line.funded_by))
                for i, (line, total) in enumerate(zip(lines, totals, strict=True), start=1)
            ),
            total=("", "Jumlah", "", "", "", format_rupiah(grand), ""),
            note="Terbilang: " + rupiah_with_words(grand),
        ))
    return tuple(blocks)


def _quantity(value: object) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def agreement_document(svc: Services, agreement_id: int) -> AgreementDocument:
    with svc.db.session() as session:
        return _document(session, _load(session, agreement_id))


def agreement_pdf(svc: Services, agreement_id: int, paper: str | None = None) -> bytes:
    """The agreement as printed: the stored final PDF once final, else a fresh draft print."""
    from kemitraan_desktop.reports.agreement import agreement_pdf_bytes

    with svc.db.session() as session:
        agreement = _load(session, agreement_id)
        if agreement.drafted_by == DraftedBy.PARTNER:
            from .external_agreements import record_pdf

            return record_pdf(svc, session, agreement)
        if agreement.final_pdf_sha256 and (paper is None or paper == agreement.paper):
            return _final_pdf(svc, agreement)
        document = _document(session, agreement)
        if agreement.status != AgreementStatus.DRAFT:
            document = _sealed(document)
        return agreement_pdf_bytes(document, paper or agreement.paper)


def _final_pdf(svc: Services, agreement: m.Agreement) -> bytes:
    """The stored final PDF, checked against its fingerprint. A missing or changed one is not
    printed again from the data: the new print would not be the document that was finalized
    (and signed), and ``verify`` would rightly refuse it."""
    from .files import read_stored

    return read_stored(
        svc.db.attachments, agreement.final_pdf_sha256 or "",
        _("The final PDF of the agreement (version {version})").format(version=agreement.version),
        _("It is not printed again from the data: a new print would not be the document that "
          "was finalized."))


def _content_hash(document: AgreementDocument) -> str:
    """A hash of what the agreement says (not of the PDF bytes), printed in its QR code."""
    from dataclasses import asdict

    payload = asdict(document)
    payload.pop("draft", None)
    payload.pop("content_hash", None)
    text = json.dumps(payload, default=str, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _sealed(document: AgreementDocument) -> AgreementDocument:
    from dataclasses import replace

    return replace(document, draft=False, content_hash=_content_hash(document))


def _next_sequence(session: Session, practice_id: int, year: int) -> int:
    count = session.scalar(
        select(func.count()).select_from(m.Agreement)
        .join(m.Partnership, m.Partnership.id == m.Agreement.partnership_id)
        .where(m.Partnership.practice_id == practice_id, m.Agreement.finalized_at.is_not(None))
    ) or 0
    del year  # numbering runs on across the year in this first version
    return count + 1


def finalize_agreement(svc: Services, agreement_id: int, paper: str | None = None) -> object:
    """Lock the draft: number it, print the final PDF, store it with its SHA-256."""
    from kemitraan_desktop.reports.agreement import agreement_pdf_bytes

    with svc.db.session() as session:
        agreement = _load(session, agreement_id)
        if agreement.status != AgreementStatus.DRAFT:
            raise LockedError(_("This agreement is already final."))
        if agreement.drafted_by == DraftedBy.PARTNER:
            raise UserError(_("This agreement is the partner's own text: nothing of ours is "
                              "printed. Attach their file and record it as signed."))
        partnership = session.get(m.Partnership, agreement.partnership_id)
        assert partnership is not None
        practice = partnership.practice
        on = agreement.agreement_date or date.today()
        missing = [p for p in agreement.parties if not p.signatory_name.strip()]
        if missing or not agreement.parties:
            raise UserError(_("Fill in the signatory of each party before finalizing."))
        for party in agreement.parties:
            if party.party == "practice" and not party.number.strip():
                party.number = numbering.format_agreement_number(
                    practice.number_pattern or numbering.DEFAULT_NUMBER_PATTERN,
                    seq=_next_sequence(session, practice.id, on.year),
                    kind=KIND_CODES.get(agreement.kind, "PKS"),
                    unit=practice.number_unit or "DR", on=on,
                )
        if paper:
            agreement.paper = paper
        agreement.status = AgreementStatus.FINAL.value
        agreement.finalized_at = datetime.now(UTC)
        session.flush()
        document = _sealed(_document(session, agreement))
        pdf = agreement_pdf_bytes(document, agreement.paper)
        sha, size = svc.db.attachments.add_bytes(pdf)
        stored = m.Attachment(
            partnership_id=partnership.id, sha256=sha, size=size, media_type="application/pdf",
            original_name=f"perjanjian-{agreement.uid[:8]}-v{agreement.version}.pdf",
            caption=_("Final agreement, version {version}").format(version=agreement.version),
        )
        session.add(stored)
        session.flush()
        agreement.final_pdf_sha256 = sha
        agreement.final_pdf_attachment_id = stored.id
        audit.log(session, "finalize", "agreement", agreement.id, partnership_id=partnership.id,
                  changes={"sha256": sha, "content_hash": document.content_hash},
                  actor=svc.actor)
        return to_record(agreement)


def sign_agreement(
    svc: Services, agreement_id: int, signed_on: date, signed_by: str, scan: Path | None = None,
) -> object:
    """Record that both parties signed the final version (with the scan of the signed copy)."""
    from .files import readable_name

    signed_by = clean_value("agreement", "signed_by", signed_by)
    check_length("signed_by", signed_by, TEXT_LIMIT)
    with svc.db.session() as session:
        agreement = _load(session, agreement_id)
        if agreement.status != AgreementStatus.FINAL:
            raise UserError(_("Only a final agreement can be signed (finalize the draft first)."))
        refusal = signing_date_refusal(signed_on, date.today())
        if refusal:
            raise UserError(refusal, "signed_on")
        if scan is not None:
            if not scan.is_file():
                raise UserError(_("The scan file was not found: {path}").format(path=scan), "scan")
            sha, size = svc.db.attachments.add_file(scan)
            attachment = m.Attachment(
                partnership_id=agreement.partnership_id, sha256=sha, size=size,
                original_name=readable_name(scan.name)[:255], media_type=_media_type(scan),
                caption=_("Signed copy of the agreement"),
            )
            session.add(attachment)
            session.flush()
            agreement.signed_scan_attachment_id = attachment.id
        mark_signed(svc, session, agreement, signed_on, signed_by)
        return to_record(agreement)


def mark_signed(svc: Services, session: Session, agreement: m.Agreement, signed_on: date,
                signed_by: str) -> None:
    """The version is signed, whoever drafted it: its parent becomes amended and the
    partnership active, on to step 6."""
    agreement.status = AgreementStatus.SIGNED.value
    agreement.signed_on = signed_on
    agreement.signed_by = signed_by
    if agreement.parent_id:
        parent = session.get(m.Agreement, agreement.parent_id)
        if parent is not None:
            parent.status = AgreementStatus.AMENDED.value
    partnership = session.get(m.Partnership, agreement.partnership_id)
    assert partnership is not None
    partnership.status = "active"
    partnership.current_step = max(partnership.current_step, 6)
    audit.log(session, "sign", "agreement", agreement.id,
              partnership_id=agreement.partnership_id,
              changes={"signed_on": signed_on, "signed_by": signed_by}, actor=svc.actor)


def end_agreement(svc: Services, agreement_id: int) -> object:
    with svc.db.session() as session:
        agreement = _load(session, agreement_id)
        if agreement.status not in ("signed", "active"):
            raise UserError(_("Only a signed agreement can be ended."))
        agreement.status = AgreementStatus.ENDED.value
        audit.log(session, "update", "agreement", agreement.id,
                  partnership_id=agreement.partnership_id, changes={"status": "ended"},
                  actor=svc.actor)
        return to_record(agreement)


def start_addendum(svc: Services, agreement_id: int) -> object:
    """A new draft version that changes a signed agreement and recites it."""
    with svc.db.session() as session:
        parent = _load(session, agreement_id)
        if parent.status not in ("signed", "active"):
            raise UserError(_("An addendum can only change a signed agreement."))
        latest = session.scalar(
            select(func.max(m.Agreement.version))
            .where(m.Agreement.partnership_id == parent.partnership_id)
        ) or parent.version
        template = templates.template_for("", "addendum")
        partnership = session.get(m.Partnership, parent.partnership_id)
        assert partnership is not None
        context = _fill_context(session, partnership, _chosen_partner(session, partnership),
                                parent.start_date, parent.end_date, _labels(session, parent),
                                parent.capitation_rate_sen)
        recitals, articles = templates.filled_clauses(template, context)
        parent_numbers = " dan ".join(p.number for p in parent.parties if p.number)
        recitals = [
            f"bahwa PARA PIHAK telah menandatangani Perjanjian Kerja Sama Nomor {parent_numbers} "
            f"tanggal {long_date_id(parent.agreement_date) if parent.agreement_date else '…'};",
            *recitals,
        ]
        child = svc.agreements.create_in(session, {
            "partnership_id": parent.partnership_id, "kind": "addendum",
            "template": template.code, "subject": parent.subject, "place": parent.place,
            "agreement_date": date.today(), "start_date": parent.start_date,
            "end_date": parent.end_date, "capitation_rate_sen": parent.capitation_rate_sen,
        })
        child.parent_id = parent.id
        child.version = latest + 1
        for party in parent.parties:
            svc.agreement_parties.create_in(session, {
                "agreement_id": child.id, "ordinal": party.ordinal, "party": party.party,
                "organisation": party.organisation, "signatory_name": party.signatory_name,
                "signatory_position": party.signatory_position, "authority": party.authority,
                "signatory_id_number": party.signatory_id_number, "address": party.address,
            })
        for position, text in enumerate(recitals):
            svc.clauses.create_in(session, {"agreement_id": child.id, "kind": "recital",
                                            "position": position, "body": text})
        for position, (title, body) in enumerate(articles):
            svc.clauses.create_in(session, {"agreement_id": child.id, "kind": "article",
                                            "position": position, "title": title, "body": body})
        return to_record(child)


def _media_type(path: Path) -> str:
    import mimetypes

    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


@dataclass(frozen=True)
class Verification:
    genuine: bool
    sha256: str
    agreement_id: int | None = None
    version: int | None = None
    partnership_title: str = ""
    status: str = ""
    finalized_at: datetime | None = None
    drafted_by: str = DraftedBy.PRACTICE.value

    @property
    def message(self) -> str:
        if not self.genuine:
            return _(
                "NOT VERIFIED: this file is not exactly a final agreement held in this database "
                "(SHA-256 {sha})."
            ).format(sha=self.sha256[:16])
        if self.drafted_by == DraftedBy.PARTNER:
            return _(
                "VERIFIED: this is exactly the partner's own text held as the agreement of "
                "record of “{title}”, version {version} (status: {status}, SHA-256 {sha})."
            ).format(title=self.partnership_title, version=self.version,
                     status=AgreementStatus(self.status).label, sha=self.sha256[:16])
        return _(
            "VERIFIED: this is exactly the final agreement of “{title}”, version {version} "
            "(status: {status}, SHA-256 {sha})."
        ).format(title=self.partnership_title, version=self.version,
                 status=AgreementStatus(self.status).label, sha=self.sha256[:16])


def verify_document(svc: Services, data: bytes) -> Verification:
    """Whether *data* is byte for byte the final PDF of an agreement in this database."""
    sha = hashlib.sha256(data).hexdigest()
    with svc.db.session() as session:
        row = session.execute(
            select(m.Agreement, m.Partnership.title)
            .join(m.Partnership, m.Partnership.id == m.Agreement.partnership_id)
            .where(m.Agreement.final_pdf_sha256 == sha)
        ).first()
        if row is None:
            return Verification(False, sha)
        agreement, title = row
        return Verification(True, sha, agreement.id, agreement.version, title, agreement.status,
                            agreement.finalized_at, agreement.drafted_by)


def add_clause(svc: Services, agreement_id: int, kind: str, title: str = "",
               body: str = "") -> object:
    """A new recital or article at the end of its list."""
    kind = clean_value("clause", "kind", kind)
    with svc.db.session() as session:
        last = session.scalar(
            select(func.max(m.Clause.position))
            .where(m.Clause.agreement_id == agreement_id, m.Clause.kind == kind)
        )
        clause = svc.clauses.create_in(session, {
            "agreement_id": agreement_id, "kind": kind, "title": title, "body": body,
            "position": (last if last is not None else -1) + 1,
        })
        return to_record(clause)


def move_clause(svc: Services, clause_id: int, delta: int) -> None:
    """Move a recital or article up (-1) or down (+1) among those of its kind."""
    with svc.db.session() as session:
        clause = session.get(m.Clause, clause_id)
        if clause is None:
            raise NotFoundError(_("Record not found (it may have been deleted)."))
        siblings = list(session.scalars(
            select(m.Clause)
            .where(m.Clause.agreement_id == clause.agreement_id, m.Clause.kind == clause.kind)
            .order_by(m.Clause.position, m.Clause.id)
        ))
        index = siblings.index(clause)
        target = index + delta
        if not 0 <= target < len(siblings):
            return
        siblings[index], siblings[target] = siblings[target], siblings[index]
        for position, sibling in enumerate(siblings):
            if sibling.position != position:
                svc.clauses.update_in(session, sibling.id, {"position": position})


def save_agreement_pdf(svc: Services, agreement_id: int, out: Path, paper: str | None = None,
                       data: bytes | None = None) -> Path:
    """Write the agreement's PDF to *out* (whole or not at all) and log the export.

    *data* is the PDF already printed for the preview, to save exactly what was seen.
    """
    from .files import write_atomically

    pdf = data if data is not None else agreement_pdf(svc, agreement_id, paper)
    write_atomically(out, pdf)
    with svc.db.session() as session:
        agreement = _load(session, agreement_id)
        audit.log(session, "export", "agreement", agreement.id,
                  partnership_id=agreement.partnership_id,
                  changes={"file": str(out), "version": agreement.version,
                           "status": agreement.status},
                  actor=svc.actor)
    return out
