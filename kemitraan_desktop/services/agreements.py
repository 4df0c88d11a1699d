"""Step 5: draft an agreement from a template, finalize it, record its signing, verify a PDF.

A version is editable only while it is a draft. Finalizing assigns the practice's number, prints
the final PDF, stores it with its SHA-256 and locks the content; from then on a change means an
addendum, a new version that recites its parent.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kemitraan_desktop.domain import agreement_check, amendments, lampiran, numbering, signing
from kemitraan_desktop.domain import clauses as templates
from kemitraan_desktop.domain.bpjs import proposed_capitation_sen
from kemitraan_desktop.domain.dates import long_date_id, screen_date
from kemitraan_desktop.domain.documents import (
    AgreementDocument,
    Article,
    ParentReference,
    PartyBlock,
    TableBlock,
    document_from_json,
    document_to_json,
)
from kemitraan_desktop.domain.enums import (
    AgreementKind,
    AgreementStatus,
    DraftedBy,
    Paper,
    PartnerType,
    Party,
)
from kemitraan_desktop.domain.errors import LockedError, NotFoundError, UserError
from kemitraan_desktop.domain.fields import TEXT_LIMIT, check_length, clean_value
from kemitraan_desktop.domain.identity import read_authority
from kemitraan_desktop.domain.money import (
    format_rupiah,
    line_total_sen,
    rupiah_with_words,
    terbilang,
)
from kemitraan_desktop.domain.places import place_name
from kemitraan_desktop.domain.roles import Action
from kemitraan_desktop.domain.signing import date_after_agreement, signing_date_refusal
from kemitraan_desktop.domain.validation import validate_nik
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage import models as m
from kemitraan_desktop.storage.write_order import lock_row, take_next

from . import audit, people
from .app import Services
from .evaluation import period_days
from .partner_of_record import chosen_partner_problem
from .partnerships import SIGNED_STATES, _readiness
from .records import to_record

PARTY_NUMBER_LIMIT = m.AgreementParty.__table__.c.number.type.length

KIND_CODES = {"mou": "MOU", "pks": "PKS", "addendum": "ADD"}
# The basis of authority a partner's signatory usually shows, proposed in the draft.
AUTHORITY_FOR_PARTNER = {
    PartnerType.BPJS.value: "keputusan_direksi",
    PartnerType.APOTEK.value: "sia",
    PartnerType.LABORATORIUM.value: "izin",
    PartnerType.BIDAN.value: "sipb",
    PartnerType.PUSKESMAS.value: "sk",
    PartnerType.RUMAH_SAKIT.value: "izin",
}


def _load(session: Session, agreement_id: int, *, lock: bool = False) -> m.Agreement:
    """The agreement; with *lock*, read fresh and locked until the transaction ends (finalize,
    sign: what another writer did a moment ago is seen, and nobody else changes it meanwhile)."""
    agreement = (lock_row(session, m.Agreement, agreement_id) if lock
                 else session.get(m.Agreement, agreement_id))
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


def _budget_per_party(session: Session, partnership: m.Partnership) -> dict[str, int]:
    """The RAB's total per funding party (step 4), in sen."""
    per_party: dict[str, int] = {}
    for line in session.scalars(
        select(m.BudgetLine).where(m.BudgetLine.partnership_id == partnership.id)
    ):
        total = line_total_sen(line.quantity, line.unit_cost_sen)
        per_party[line.funded_by] = per_party.get(line.funded_by, 0) + total
    return per_party


def _fill_context(
    session: Session, partnership: m.Partnership, partner: m.Partner | None,
    start: date | None, end: date | None, template: templates.ClauseTemplate,
    place: str = "", court: str = "", capitation_sen: int = 0,
    lampiran_titles: tuple[str, ...] = (),
    changes: str = "",
    credentialing_note: str = "",
    amendment_basis: str = "",
) -> templates.FillContext:
    """The facts of steps 1–4 as the clauses print them, the parties named as *template* names
    them (for an addendum: the template of the agreement it changes); the capitation rate as
    the agreement states it (0: not stated)."""
    practice = partnership.practice
    goals = session.scalars(
        select(m.Goal).where(m.Goal.partnership_id == partnership.id)
        .order_by(m.Goal.position, m.Goal.id)
    )
    roles = list(session.scalars(
        select(m.Role).where(m.Role.partnership_id == partnership.id)
        .order_by(m.Role.position, m.Role.id)
    ))
    per_party = _budget_per_party(session, partnership)
    return templates.build_context(
        practice_name=practice.clinic_name or practice.doctor_name,
        doctor_name=people.doctor(practice).name,
        partner_name=partner.name if partner else "",
        partner_type=partnership.partner_type,
        place=place or place_name(practice.kota),
        city=court or templates.court_city(practice.kota),
        start_date=start,
        end_date=end,
        goals=[templates.goal_text(g.description, g.target, g.target_date) for g in goals],
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
        partner_vision=partnership.partner_vision,
        template=template,
        lampiran_titles=lampiran_titles,
        amendments=changes,
        amendment_basis=amendment_basis,
        credentialing_note=credentialing_note,
    )


def _states_capitation(template: templates.ClauseTemplate) -> bool:
    texts = [template.subject, *template.recitals, *(t + b for t, b in template.articles)]
    return any("capitation_rate" in templates.placeholders_in(text) for text in texts)


def draft_agreement(
    svc: Services, partnership_id: int, kind: str = "pks", template_code: str | None = None,
    start: date | None = None, end: date | None = None, capitation_sen: int | None = None,
    signing: date | None = None,
) -> object:
    """A new draft from the template of the partner type; its clauses keep the template's
    placeholders, filled from steps 1–4 whenever it is printed.

    A PKS whose text states the capitation rate (BPJS) keeps *capitation_sen* with the
    agreement (the regulation's figure when not given); other agreements state none (0).
    *signing* is the day it is planned to be signed (the opening "Pada hari ini …"): today
    unless given, never silently the term's start, which is often a day still to come."""
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
        if kind != AgreementKind.ADDENDUM.value:
            problem = chosen_partner_problem(partnership)
            if problem:
                raise UserError(problem)
        offered = templates.templates_offered(partnership.partner_type, kind)
        template = offered[0]
        if template_code:
            template = next((t for t in offered if t.code == template_code), None)
            if template is None:
                chosen = templates.template_named(template_code)
                raise UserError(_(
                    "The template “{template}” is not written for a {kind} with this partner: "
                    "choose {offered}.").format(
                        template=chosen.name or template_code,
                        kind=AgreementKind(kind).label,
                        offered=_(" or ").join(f"“{t.name}”" for t in offered)), "template")
        partner = _chosen_partner(session, partnership)
        start = start or date.today()
        end = end or templates.default_end_date(start)
        practice = partnership.practice
        # The clauses keep the template's placeholders: the facts are filled in when printed.
        agreement = svc.agreements.create_in(session, {
            "partnership_id": partnership_id, "kind": kind, "template": template.code,
            # Signed "bertempat di Sleman", as the letters are dated "Sleman, …": one place name.
            "subject": template.subject, "place": place_name(practice.kota),
            "court": templates.court_city(practice.kota),
            "agreement_date": signing or date.today(), "start_date": start, "end_date": end,
            "capitation_rate_sen": (
                (proposed_capitation_sen() if capitation_sen is None else capitation_sen)
                if _states_capitation(template) else 0),
        })
        recitals = list(template.recitals)
        articles = list(template.articles)
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
    """The capitation rate a draft BPJS PKS states: its text reads it when printed."""
    with svc.db.session() as session:
        agreement = _load(session, agreement_id)
        _upgrade_draft(session, agreement)  # an old draft's text wrote the rate out
        return to_record(svc.agreements.update_in(
            session, agreement_id, {"capitation_rate_sen": rate_sen}))


def _root(session: Session, agreement: m.Agreement) -> m.Agreement:
    """The agreement an addendum (or an addendum of an addendum) changes, or *agreement*."""
    chain = _ancestors(session, agreement)
    return chain[-1] if chain else agreement


def _labels(session: Session, agreement: m.Agreement) -> templates.ClauseTemplate:
    """The template that names the parties of *agreement*: an addendum speaks of them as the
    agreement it changes did (BPJS stays PIHAK KESATU)."""
    return templates.template_named(_root(session, agreement).template)


def party_blocks(
    partnership: m.Partnership, partner: m.Partner | None, template: templates.ClauseTemplate,
) -> list[dict]:
    """The two parties of a new agreement as the practice and the chosen partner are known, in
    the template's order; a partner-drafted agreement starts from the same."""
    practice_block = {
        "party": "practice", **_practice_identity(partnership.practice),
        # Document wording is Indonesian whatever the screen language: it is printed as typed.
        "signatory_position": people.DOCTOR_POSITION, "own_behalf": True,
    }
    partner_block = {
        "party": "partner", "organisation": partner.name if partner else "",
        "address": _address(partner) if partner else "",
        "authority_kind": AUTHORITY_FOR_PARTNER.get(partnership.partner_type, ""),
        "id_kind": "npp" if partnership.partner_type == PartnerType.BPJS.value else "nik",
    }
    # Who signs for the partner comes from its people, kept once.
    signer = people.partner_signatory(partner) if partner else None
    if signer is not None:
        partner_block.update(signatory_name=signer.name, signatory_position=signer.job_title,
                             signatory_id_number=signer.id_number)
        if signer.staff_number:
            partner_block["id_kind"] = ("npp" if partnership.partner_type == PartnerType.BPJS
                                        else "nip")
        elif signer.nik:
            partner_block["id_kind"] = "nik"
    typed = read_authority(signer.authority) if signer is not None else None
    licence = partner.licences[0] if partner is not None and partner.licences else None
    if typed is not None and (typed.kind == partner_block["authority_kind"]
                              or licence is None or not licence.number):
        # Their authority typed with the person (a Keputusan Direksi, a surat kuasa), read as
        # its kind, number and date: printed once, in the form of every other basis.
        partner_block.update(authority_kind=typed.kind, authority_number=typed.number,
                             authority_date=typed.issued)
    else:
        if licence is not None and licence.number:
            # The partner's own licence (an apotek's SIA, a laboratory's izin) as registered,
            # of the kind its name says ("SIPA" is no SIA).
            named = read_authority(f"{licence.name} {licence.number}")
            partner_block.update(
                authority_kind=named.kind if named else partner_block["authority_kind"],
                authority_number=licence.number, authority_date=licence.issued)
        if signer is not None and signer.authority.strip():
            # Typed with the person beside the licence (the apoteker's SIPA beside the SIA),
            # or in words no kind reads: printed after it, as typed.
            partner_block["authority"] = signer.authority
            if licence is None or not licence.number:
                partner_block["authority_kind"] = ""
    # BPJS drafts its PKS with itself as PIHAK KESATU: the template says who comes first.
    by_party = {Party.PRACTICE.value: practice_block, Party.PARTNER.value: partner_block}
    return [by_party[party] for party in template.party_order]


def _practice_identity(practice: m.Practice) -> dict:
    """What the practice's party row says of a doctor in solo practice: all of it from the
    profile, so the PKS names the doctor, the SIP and the NIK as the profile holds them."""
    return {
        "organisation": practice.clinic_name or practice.doctor_name,
        "signatory_name": people.doctor(practice).name,
        "authority_kind": "sip" if practice.sip_number else "",
        "authority_number": practice.sip_number,
        "authority_date": practice.sip_issued,
        "id_kind": "nik", "signatory_id_number": practice.nik,
        "address": _address(practice),
    }


def _live_party(party: m.AgreementParty, partnership: m.Partnership,
                partner: m.Partner | None) -> dict:
    """The facts of a draft's party row that the profile or the registry holds, as they are
    now: a partner renamed in the registry is named anew in the draft."""
    if party.party == Party.PRACTICE.value:
        identity = _practice_identity(partnership.practice)
        if not party.own_behalf:  # someone else signs for a clinic: only its name and address
            identity = {key: identity[key] for key in ("organisation", "address")}
        return identity
    if party.party == Party.PARTNER.value and partner is not None:
        return {"organisation": partner.name, "address": _address(partner)}
    return {}


def _refresh_parties(session: Session, agreement: m.Agreement) -> None:
    """Write the live facts into a draft's party rows (shown in step 5, frozen at finalize)."""
    if agreement.status != AgreementStatus.DRAFT:
        return
    partnership = session.get(m.Partnership, agreement.partnership_id)
    assert partnership is not None
    partner = _chosen_partner(session, partnership)
    for party in agreement.parties:
        for key, value in _live_party(party, partnership, partner).items():
            if getattr(party, key) != value:
                setattr(party, key, value)


def refresh_draft(svc: Services, agreement_id: int) -> None:
    """Bring a draft up to date with the data: its party rows follow the profile and the
    registry, and a draft made before placeholders were kept gets them back."""
    with svc.access.session_to_read() as session:
        agreement = _load(session, agreement_id)
        if agreement.status == AgreementStatus.DRAFT:
            _upgrade_draft(session, agreement)
            _refresh_parties(session, agreement)


def _template_texts(template: templates.ClauseTemplate, kind: str, part: str) -> list[str]:
    if kind == "recital":
        return list(template.recitals)
    if part == "title":
        return [title for title, _body in template.articles]
    return [body for _title, body in template.articles]


@dataclass(frozen=True)
class _Facts:
    """What a draft prints, read from the data once: each placeholder's value and the lampiran.
    The text that cites "Lampiran II" and the lampiran printed come from the same reading: on a
    server another computer may add a step-6 activity (a new work plan lampiran) between two."""

    values: dict[str, str]
    lampiran: tuple[TableBlock, ...]


def _facts(session: Session, agreement: m.Agreement) -> _Facts:
    """The facts *agreement* prints, from the data as it is now."""
    partnership = session.get(m.Partnership, agreement.partnership_id)
    assert partnership is not None
    labels = _labels(session, agreement)
    printed = _lampiran(session, partnership, labels, _cited_lampiran(agreement))
    context = _fill_context(
        session, partnership, _chosen_partner(session, partnership), agreement.start_date,
        agreement.end_date, labels, place=agreement.place,
        court=agreement.court, capitation_sen=agreement.capitation_rate_sen,
        lampiran_titles=tuple(block.title for block in printed),
        changes=_changes_text(session, agreement, labels, printed),
        credentialing_note=_credentialing_note(session, agreement, partnership),
        amendment_basis=_amendment_basis(session, agreement))
    return _Facts(templates.filled_values(context), printed)


def _credentialing_note(session: Session, agreement: m.Agreement,
                        partnership: m.Partnership) -> str:
    """A draft that recites the practice passed credentialing says, there, what step 4 still
    lacks (the same reading finalize refuses on: :func:`_readiness_problems`)."""
    if agreement.status != AgreementStatus.DRAFT \
            or not templates.template_named(agreement.template).claims_credentialing:
        return ""
    readiness = _readiness(session, partnership, date.today())
    unscored = sum(1 for line in readiness.lines
                   if line.category == "technical" and line.score is None)
    return templates.credentialing_pending(len(readiness.missing), unscored)


def _amendment_basis(session: Session, agreement: m.Agreement) -> str:
    """Why an adendum changes its Induk, as step 8 holds it: a five-key scoring or an indicator
    value recorded between the Induk's signing and the adendum's date
    (:func:`~kemitraan_desktop.domain.amendments.amendment_basis`); ``""`` for no adendum."""
    if agreement.kind != "addendum" or not agreement.parent_id:
        return ""
    root = _root(session, agreement)
    since = root.signed_on or root.agreement_date
    until = agreement.agreement_date or date.today()
    scored = select(m.KeyAssessment.id).where(
        m.KeyAssessment.partnership_id == agreement.partnership_id,
        m.KeyAssessment.assessed_on <= until)
    if since:
        scored = scored.where(m.KeyAssessment.assessed_on >= since)
    evaluated = session.scalar(scored.limit(1)) is not None
    monitored = False
    if not evaluated:
        periods = session.scalars(
            select(m.IndicatorValue.period).join(m.Indicator)
            .where(m.Indicator.partnership_id == agreement.partnership_id))
        monitored = any(
            (days := period_days(period)) is not None and days[0] <= until
            and (since is None or days[1] >= since) for period in periods)
    return amendments.amendment_basis(evaluated, monitored)


def _values(session: Session, agreement: m.Agreement) -> dict[str, str]:
    """Each placeholder's printed value for *agreement*, from the data as it is now."""
    return _facts(session, agreement).values


def _term_facts(row: m.Agreement, labels: templates.ClauseTemplate) -> dict[str, str]:
    """The facts an adendum may change, as *row*'s text prints them (its dates, its rate)."""
    return templates.filled_values(templates.build_context(
        start_date=row.start_date, end_date=row.end_date,
        capitation_rate_sen=row.capitation_rate_sen or None, template=labels))


def _signed_articles(agreement: m.Agreement) -> list[str]:
    """The bodies of *agreement*'s articles as it was finalized (none for a partner's text)."""
    if agreement.snapshot:
        return [article.body for article in document_from_json(agreement.snapshot).articles]
    return [c.body for c in agreement.clauses if c.kind == "article"]


def _changes_text(session: Session, agreement: m.Agreement, labels: templates.ClauseTemplate,
                  printed: tuple[TableBlock, ...] | None = None) -> str:
    """What an adendum changes in the Perjanjian Induk, computed from its dates and rate
    against those of the version it changes (:mod:`~kemitraan_desktop.domain.amendments`)."""
    if agreement.kind != "addendum" or not agreement.parent_id:
        return ""
    parent = session.get(m.Agreement, agreement.parent_id)
    if parent is None:
        return ""
    root = _root(session, agreement)
    root_template = templates.load_templates().get(root.template)
    found = amendments.changes(
        _signed_articles(root),
        [body for _title, body in root_template.articles] if root_template else [],
        _term_facts(root, labels), _term_facts(parent, labels), _term_facts(agreement, labels))
    if root.snapshot and printed is not None:
        # Lampiran as the version it changes printed them (a partner's text has none of ours).
        was = parent if parent.snapshot else root
        found += amendments.lampiran_changes(
            document_from_json(was.snapshot).attachments, printed)
    return amendments.changes_text(found)


def _cited_lampiran(agreement: m.Agreement) -> tuple[templates.CitedLampiran, ...]:
    """The lampiran the text of *agreement* cites, as its own template declares them."""
    return templates.template_named(agreement.template).lampiran


def _legacy_values(session: Session, agreement: m.Agreement) -> dict[str, set[str]]:
    """What drafts made before placeholders were kept wrote for each fact: the values of today
    and those the old filler computed (its month count, its budget shares), all machine-made."""
    values = _values(session, agreement)
    accepted = {name: {value} for name, value in values.items()}
    start, end = agreement.start_date, agreement.end_date
    if start and end:
        months = max((end.year - start.year) * 12 + end.month - start.month, 1)
        accepted["duration_months"].add(str(months))
        accepted["duration_words"].add(terbilang(months))
    partnership = session.get(m.Partnership, agreement.partnership_id)
    assert partnership is not None
    old_names = {"practice": "PIHAK PERTAMA", "partner": "PIHAK KEDUA", "both": "PARA PIHAK"}
    accepted["budget_per_party"].add("; ".join(
        f"{old_names.get(party, party)}: {format_rupiah(total)}"
        for party, total in sorted(_budget_per_party(session, partnership).items())))
    accepted["partner_type_name"].add(PartnerType(partnership.partner_type).label)
    accepted["city"].add(partnership.practice.kota)
    return accepted


_OLD_PARENT_RECITAL = "bahwa PARA PIHAK telah menandatangani Perjanjian Kerja Sama Nomor"


def _upgrade_draft(session: Session, agreement: m.Agreement) -> None:
    """A draft from before placeholders were kept: every fact still as the program wrote it
    becomes its placeholder again; what the user typed stays and finalize checks it. A
    template's retired wording still in a draft word for word takes the present one."""
    if agreement.status != AgreementStatus.DRAFT:
        return
    for clause in agreement.clauses:
        worded = templates.current_wording(clause.body)
        if worded != clause.body:
            clause.body = worded
            session.flush()
            audit.log(session, "update", "clause", clause.id,
                      partnership_id=agreement.partnership_id, changes={"body": worded})
    if agreement.text_format >= 2:
        return
    template = templates.load_templates().get(agreement.template)
    if template is not None:
        if not agreement.capitation_rate_sen and _states_capitation(template):
            # Its text wrote the rate of the setting then; the rate is the agreement's now.
            agreement.capitation_rate_sen = proposed_capitation_sen()
        accepted = _legacy_values(session, agreement)
        agreement.subject = agreement_check.restore_placeholders(
            agreement.subject, [template.subject], accepted)
        for clause in list(agreement.clauses):
            if (agreement.kind == "addendum" and clause.kind == "recital"
                    and clause.body.startswith(_OLD_PARENT_RECITAL)):
                # The print recites the agreement it changes itself; the copy said it twice.
                agreement.clauses.remove(clause)
                continue
            clause.body = agreement_check.restore_placeholders(
                clause.body, _template_texts(template, clause.kind, "body"), accepted)
    agreement.text_format = 2
    session.flush()
    audit.log(session, "update", "agreement", agreement.id,
              partnership_id=agreement.partnership_id, changes={"text_format": 2})


def _where(clause: m.Clause, number: int) -> str:
    if clause.kind == "recital":
        return _("Recital {letter}").format(letter=chr(ord("a") + (number - 1) % 26))
    return _("Pasal {number} ({title})").format(number=number, title=clause.title)


def text_problems(session: Session, agreement: m.Agreement) -> list[str]:
    """The places where a draft's text states a fact otherwise than the data (see
    :mod:`~kemitraan_desktop.domain.agreement_check`), as messages to show."""
    template = templates.template_named(agreement.template)
    labels = _labels(session, agreement)
    values = _values(session, agreement)
    roles = (labels.first_party_role, labels.second_party_role, templates.BOTH_PARTIES)
    found = []
    numbers = {"recital": 0, "article": 0}
    for clause in agreement.clauses:
        numbers[clause.kind] = numbers.get(clause.kind, 0) + 1
        where = _where(clause, numbers[clause.kind])
        for text, part in ((clause.body, "body"), (clause.title, "title")):
            if not text:
                continue
            found += agreement_check.text_disagreements(
                where, text, templates.fill_with(text, values),
                _template_texts(template, clause.kind, part), values, roles)
    found += agreement_check.text_disagreements(
        _("Subject (TENTANG)"), agreement.subject,
        templates.fill_with(agreement.subject, values), [template.subject], values, roles)
    return [problem.message for problem in found]


# The facts of step 3 a signed text states: changed after signing, they take an adendum.
STEP_3_FACTS = ("goals", "practice_roles", "partner_roles")


@dataclass(frozen=True)
class SignedFactsChanged:
    """Where the data no longer say what a signed agreement states (step 3's goals, roles)."""

    number: str  # the agreement's first number, "001/PKS/DR-SR/II/2026"
    places: tuple[str, ...]  # "Pasal 2 (Maksud dan Tujuan): the goals (step 3) is written …"


def changed_since_signed(svc: Services, partnership_id: int,
                         names: tuple[str, ...] = STEP_3_FACTS) -> SignedFactsChanged | None:
    """The facts *names* that the partnership's latest signed agreement of our text states
    otherwise than the data do now, read from the signed text itself; None when they agree
    (or nothing of ours is signed). The signed text stays as signed: the doctor is told."""
    from .partnerships import SIGNED_STATES

    with svc.db.session() as session:
        agreement = session.scalars(
            select(m.Agreement).where(m.Agreement.partnership_id == partnership_id,
                                      m.Agreement.status.in_(SIGNED_STATES),
                                      m.Agreement.drafted_by == DraftedBy.PRACTICE.value,
                                      m.Agreement.snapshot != "",
                                      m.Agreement.text_format >= 2)
            .order_by(m.Agreement.version.desc(), m.Agreement.id.desc())).first()
        if agreement is None:
            return None
        signed = document_from_json(agreement.snapshot).articles
        values = {name: value for name, value in _values(session, agreement).items()
                  if name in names}
        # The signed text has its facts written in: lined up with the template's own wording,
        # each place yields what was signed there.
        wording = _template_texts(templates.template_named(agreement.template), "article",
                                  "body")
        places: list[str] = []
        for number, article in enumerate(signed, start=1):
            where = _("Pasal {number} ({title})").format(number=number, title=article.title)
            places += [problem.message for problem in agreement_check.text_disagreements(
                where, article.body, "", wording, values, (), whole=True)]
        if not places:
            return None
        number = next((p.number for p in agreement.parties if p.number.strip()), "")
        return SignedFactsChanged(number, tuple(places))


def _document(session: Session, agreement: m.Agreement,
              facts: _Facts | None = None) -> AgreementDocument:
    """What *agreement* says: a final one exactly as it was finalized; a draft with its facts
    filled from the data as it is now (or from *facts*, read once by the caller)."""
    draft = agreement.status == AgreementStatus.DRAFT
    if not draft and agreement.snapshot:
        return document_from_json(agreement.snapshot)
    partnership = session.get(m.Partnership, agreement.partnership_id)
    assert partnership is not None
    if draft:
        _upgrade_draft(session, agreement)
    labels = _labels(session, agreement)
    if draft and facts is None:
        facts = _facts(session, agreement)
    if draft and agreement.text_format >= 2:
        assert facts is not None
        values = facts.values

        def filled(text: str) -> str:
            return templates.fill_with(text, values)
    else:  # a final from before snapshots: its text was frozen when it was drafted

        def filled(text: str) -> str:
            return text
    partner = _chosen_partner(session, partnership)
    parties = []
    for p in agreement.parties:
        live = _live_party(p, partnership, partner) if draft else {}

        def value(key: str, p: m.AgreementParty = p, live: dict = live) -> object:
            return live.get(key, getattr(p, key))

        parties.append(PartyBlock(
            role=labels.role_of(p.party), organisation=value("organisation"), number=p.number,
            signatory_name=value("signatory_name"), signatory_position=p.signatory_position,
            authority=p.authority, signatory_id_number=value("signatory_id_number"),
            address=value("address"), authority_kind=value("authority_kind"),
            authority_number=value("authority_number"), authority_date=value("authority_date"),
            id_kind=value("id_kind"), own_behalf=p.own_behalf,
        ))
    if draft and agreement.text_format >= 2:
        recitals = tuple(templates.fill_recital(c.body, values)
                         for c in agreement.clauses if c.kind == "recital")
    else:
        recitals = tuple(filled(c.body) for c in agreement.clauses if c.kind == "recital")
    articles = tuple(Article(filled(c.title), filled(c.body))
                     for c in agreement.clauses if c.kind == "article")
    chain = _ancestors(session, agreement)  # the agreement changed first, the root last
    references = [
        ParentReference(
            title=_title(source.kind, _addendum_ordinal(session, source)),
            numbers=tuple(p.number for p in source.parties if p.number),
            # Cited by the date its own text prints, as the berita acara cites it.
            agreement_date=signing.date_of_agreement(source.agreement_date, source.signed_on),
        )
        for source in reversed(chain)
    ]
    return AgreementDocument(
        document_id=agreement.uid, kind=agreement.kind, version=agreement.version,
        title=_title(agreement.kind, _addendum_ordinal(session, agreement)),
        subject=filled(agreement.subject), place=agreement.place,
        agreement_date=agreement.agreement_date, start_date=agreement.start_date,
        end_date=agreement.end_date, parties=tuple(parties), recitals=recitals,
        articles=articles,
        attachments=(facts.lampiran if facts is not None
                     else _lampiran(session, partnership, labels, _cited_lampiran(agreement))),
        parent=references[0] if references else None, amended_by=tuple(references[1:]),
        draft=draft, each_party_called=labels.each_party_called,
    )


def printed_text(svc: Services, agreement_id: int, text: str) -> str:
    """*text* (a clause as typed in step 5) as the agreement prints it, facts filled in."""
    with svc.db.session() as session:
        agreement = _load(session, agreement_id)
        if agreement.status != AgreementStatus.DRAFT or agreement.text_format < 2:
            return text
        return templates.fill_with(text, _values(session, agreement))


def _title(kind: str, ordinal: int = 0) -> str:
    """The document's title: "ADENDUM KEDUA PERJANJIAN KERJA SAMA" for the second addendum."""
    if kind == "addendum":
        which = f" {templates.ordinal_word(ordinal).upper()}" if ordinal else ""
        return f"ADENDUM{which} PERJANJIAN KERJA SAMA"
    return {"mou": "NOTA KESEPAHAMAN"}.get(kind, "PERJANJIAN KERJA SAMA")


def _ancestors(session: Session, agreement: m.Agreement) -> list[m.Agreement]:
    """The versions *agreement* changes: its parent first, the root (the Perjanjian Induk)
    last; empty for an agreement that changes none."""
    chain: list[m.Agreement] = []
    seen = {agreement.id}
    current = agreement
    while current.parent_id and current.parent_id not in seen:
        parent_row = session.get(m.Agreement, current.parent_id)
        if parent_row is None:
            break
        chain.append(parent_row)
        seen.add(parent_row.id)
        current = parent_row
    return chain


def _addendum_ordinal(session: Session, agreement: m.Agreement) -> int:
    """1 for the first addendum of an agreement, 2 for the one that changes that one, …;
    0 for an agreement that is no addendum."""
    if agreement.kind != "addendum":
        return 0
    return 1 + sum(1 for row in _ancestors(session, agreement) if row.kind == "addendum")


def _lampiran(
    session: Session, partnership: m.Partnership, labels: templates.ClauseTemplate,
    cited: tuple[templates.CitedLampiran, ...] = (),
) -> tuple[TableBlock, ...]:
    """The lampiran, in the order they are printed and numbered: the work plan (step 6), the
    budget (step 4), then the lists the text cites. The work plan says whether its total
    agrees with the budget's."""
    blocks = []
    activities = list(session.scalars(
        select(m.Activity).where(m.Activity.partnership_id == partnership.id)
        .order_by(m.Activity.start_date, m.Activity.position, m.Activity.id)
    ))
    lines = list(session.scalars(
        select(m.BudgetLine).where(m.BudgetLine.partnership_id == partnership.id)
        .order_by(m.BudgetLine.position, m.BudgetLine.id)
    ))
    totals = [line_total_sen(line.quantity, line.unit_cost_sen) for line in lines]
    grand = sum(totals)
    if activities:
        planned = sum(a.planned_cost_sen for a in activities)
        blocks.append(TableBlock(
            title=lampiran.WORK_PLAN_TITLE,
            header=("No.", "Kegiatan", "Waktu", "Penanggung Jawab", "Pelaksana", "Biaya"),
            rows=tuple(
                (str(i), a.name,
                 " – ".join(long_date_id(d) for d in (a.start_date, a.end_date) if d),
                 a.person_in_charge, labels.role_of(a.party),
                 format_rupiah(a.planned_cost_sen))
                for i, a in enumerate(activities, start=1)
            ),
            total=("", "Jumlah", "", "", "", format_rupiah(planned)),
            # The budget is printed next, as the following lampiran.
            note=lampiran.plan_against_budget(planned, grand if lines else None, 2),
        ))
    if lines:
        blocks.append(TableBlock(
            title=lampiran.BUDGET_TITLE,
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
    for block in cited:
        blocks.append(TableBlock(
            title=block.title, header=block.header,
            rows=tuple((str(number), *("" for _column in block.header[1:]))
                       for number in range(1, block.blank_rows + 1)),
            note=block.note,
        ))
    return tuple(blocks)


@dataclass(frozen=True)
class ChangedLampiran:
    """A lampiran of a signed agreement (the work plan, the RAB) that the data no longer
    matches: the plan changed after signing, which takes an adendum."""

    agreement_id: int
    label: str  # "Lampiran 1 Rencana Kerja", as the agreement numbers it
    signed_total: str  # "Rp1.500.000,00"
    now_total: str  # "Rp1.750.000,00", or "–" when nothing is planned now


def _total_of(block: TableBlock | None) -> str:
    figures = [cell for cell in (block.total or ()) if cell.startswith("Rp")] if block else []
    return figures[-1] if figures else "–"


def changed_lampiran(svc: Services, partnership_id: int) -> tuple[ChangedLampiran, ...]:
    """The work plan and RAB lampiran of the partnership's latest signed agreement that carries
    them, where the rows printed from today's data differ from what was signed."""
    with svc.db.session() as session:
        signed = session.scalars(
            select(m.Agreement).where(m.Agreement.partnership_id == partnership_id,
                                      m.Agreement.status.in_(SIGNED_STATES),
                                      m.Agreement.snapshot != "")
            .order_by(m.Agreement.version.desc(), m.Agreement.id.desc()))
        kept = {lampiran.WORK_PLAN_TITLE, lampiran.BUDGET_TITLE}
        for agreement in signed:
            annexed = {block.title: (number, block) for number, block in enumerate(
                document_from_json(agreement.snapshot).attachments, start=1)
                if block.title in kept}
            if annexed:
                break
        else:
            return ()
        partnership = session.get(m.Partnership, partnership_id)
        now = _lampiran(session, partnership, _labels(session, agreement))
        signed_blocks = [block for _number, block in sorted(annexed.values(),
                                                            key=lambda pair: pair[0])]
        return tuple(
            ChangedLampiran(
                agreement.id,
                f"{lampiran.lampiran_label(annexed[d.title][0])} {d.title}",
                _total_of(d.signed), _total_of(d.now))
            for d in lampiran.lampiran_differences(
                signed_blocks, [block for block in now if block.title in annexed])
            if d.signed is not None)


def _quantity(value: object) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def agreement_document(svc: Services, agreement_id: int) -> AgreementDocument:
    with svc.access.session_to_read() as session:
        return _document(session, _load(session, agreement_id))


def agreement_pdf(svc: Services, agreement_id: int, paper: str | None = None) -> bytes:
    """The agreement as printed: the stored final PDF once final, else a fresh draft print."""
    from kemitraan_desktop.reports.agreement import agreement_pdf_bytes

    with svc.access.session_to_read() as session:
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
    return replace(document, draft=False, content_hash=_content_hash(document))


def sealed_document(session: Session, agreement: m.Agreement) -> AgreementDocument:
    """What a final *agreement* prints, with the content hash worked out from what it says."""
    return _sealed(_document(session, agreement))


def _next_sequence(session: Session, practice_id: int, year: int) -> int:
    """The practice's next agreement sequence: after its finalized agreements (as it always
    was), and never one given before (an agreement erased, two writers at once): the counter
    is locked before the finalized agreements are counted."""
    del year  # numbering runs on across the year in this first version

    def finalized() -> int:
        # Only the practice's own texts took a number of this sequence: a partner's own PKS
        # recorded as signed carries the numbers written on it, and counting it skipped one
        # (003/PKS, then 005/ADD with nothing of ours finalized between: walker4).
        return session.scalar(
            select(func.count()).select_from(m.Agreement)
            .join(m.Partnership, m.Partnership.id == m.Agreement.partnership_id)
            .where(m.Partnership.practice_id == practice_id,
                   m.Agreement.finalized_at.is_not(None),
                   m.Agreement.drafted_by == DraftedBy.PRACTICE.value)
        ) or 0

    return take_next(session, practice_id, "agreement", after=finalized)


def finalize_problems_in(session: Session, agreement: m.Agreement) -> list[str]:
    """Everything that stops *agreement* from being finalized, as messages to show."""
    problems: list[str] = []
    if not agreement.parties:
        problems.append(_("The agreement has no parties."))
    labels = _labels(session, agreement)
    partnership = session.get(m.Partnership, agreement.partnership_id)
    assert partnership is not None
    partner = _chosen_partner(session, partnership)
    if agreement.kind != AgreementKind.ADDENDUM.value and chosen_partner_problem(partnership):
        problems.append(chosen_partner_problem(partnership))
    for party in agreement.parties:
        live = _live_party(party, partnership, partner)

        def value(key: str, party: m.AgreementParty = party, live: dict = live) -> object:
            return live.get(key, getattr(party, key))

        role = labels.role_of(party.party)
        if not str(value("signatory_name")).strip():
            problems.append(_("{role}: the signatory's name is missing.").format(role=role))
        elif not party.signatory_position.strip():
            # The signature block would print "…………" under the name (and the opening no
            # "selaku …"): the position is typed with the party, on the Para pihak tab.
            problems.append(_("{role}: the signatory's position (jabatan) is missing.").format(
                role=role))
        number = str(value("signatory_id_number")).strip()
        if not number:
            problems.append(_("{role}: the signatory's identity number (NIK, NPP or NIP) is "
                              "missing.").format(role=role))
        elif value("id_kind") == "nik" and number[:1].isdigit():
            try:
                validate_nik(number, "signatory_id_number")
            except UserError as refusal:
                problems.append(f"{role}: {refusal.message}")
        kind = str(value("authority_kind"))
        has_basis = kind and kind != "other" and str(value("authority_number")).strip()
        if kind and kind != "other" and value("authority_date") is None:
            problems.append(_("{role}: the date of the basis of authority is missing.").format(
                role=role))
        if not has_basis and not party.authority.strip():
            problems.append(_("{role}: the basis of authority (Keputusan Direksi, surat kuasa, "
                              "SIP, SIA …: its number and date) is missing.").format(role=role))
    if agreement.capitation_rate_sen <= 0 and any(
            "capitation_rate" in templates.placeholders_in(c.body) for c in agreement.clauses):
        problems.append(_("The capitation rate the agreement states is not given."))
    problems += text_problems(session, agreement)
    problems += _unfilled_problems(session, agreement)
    problems += _readiness_problems(session, agreement, partnership)
    problems += _work_plan_problems(session, agreement, partnership)
    return problems


def _unfilled_problems(session: Session, agreement: m.Agreement) -> list[str]:
    """Each fact the text cites that steps 1–4 do not hold yet (no goal, no role of a party,
    no budget while a Pasal states its shares …): a final text never prints "sebagai berikut:"
    over nothing, nor ``…………``. The capitation rate has its own message."""
    values = _values(session, agreement)
    problems = []
    numbers = {"recital": 0, "article": 0}
    for clause in agreement.clauses:
        numbers[clause.kind] = numbers.get(clause.kind, 0) + 1
        where = _where(clause, numbers[clause.kind])
        for name in agreement_check.unfilled_facts(f"{clause.title}\n{clause.body}", values):
            if name != "capitation_rate":
                problems.append(_("{where}: {fact} is not entered yet.").format(
                    where=where, fact=agreement_check.fact_label(name)))
        if templates.BLANK in f"{clause.title}\n{clause.body}":
            # A blank the text itself holds ("ketentuan Pasal ………… diubah"), typed or kept
            # from an older template: a final text never prints one.
            problems.append(_("{where}: the text still has a blank “{blank}” to fill in.").format(
                where=where, blank=templates.BLANK))
    for name in agreement_check.unfilled_facts(agreement.subject, values):
        problems.append(_("{where}: {fact} is not entered yet.").format(
            where=_("Subject (TENTANG)"), fact=agreement_check.fact_label(name)))
    return problems


def _work_plan_problems(
    session: Session, agreement: m.Agreement, partnership: m.Partnership,
) -> list[str]:
    """The work plan printed as a lampiran may not contradict the agreement: every activity in
    its term, and no credentialing still to come where the text says it is done."""
    activities = session.scalars(
        select(m.Activity).where(m.Activity.partnership_id == partnership.id)
        .order_by(m.Activity.start_date, m.Activity.position, m.Activity.id))
    return lampiran.work_plan_problems(
        [lampiran.PlannedActivity(a.name, a.start_date, a.end_date) for a in activities],
        agreement.start_date, agreement.end_date, agreement.agreement_date,
        templates.template_named(agreement.template).claims_credentialing)


def _readiness_problems(
    session: Session, agreement: m.Agreement, partnership: m.Partnership,
) -> list[str]:
    """A PKS whose text says the practice passed credentialing ("telah … dinyatakan memenuhi
    persyaratan") may not be finalized while step 4 shows requirements unmet: the paper would
    claim what the data does not show."""
    if not templates.template_named(agreement.template).claims_credentialing:
        return []
    readiness = _readiness(session, partnership, date.today())
    problems = [
        _("Step 4 still lacks a credentialing requirement: {item}.").format(item=line.label)
        for line in readiness.missing
    ]
    problems += [
        _("Step 4: the technical area “{item}” has no score yet.").format(item=line.label)
        for line in readiness.lines if line.category == "technical" and line.score is None
    ]
    return problems


def finalize_problems(svc: Services, agreement_id: int) -> list[str]:
    """What must be put right before *agreement_id* can be finalized (empty: nothing)."""
    with svc.access.session_to_read() as session:
        agreement = _load(session, agreement_id)
        if agreement.status != AgreementStatus.DRAFT:
            return []
        _upgrade_draft(session, agreement)
        return finalize_problems_in(session, agreement)


def finalize_remarks(svc: Services, agreement_id: int) -> list[str]:
    """What the doctor should look at before finalizing, though nothing stops it: a work plan
    whose total differs from the RAB's (walker2 #6)."""
    with svc.db.session() as session:
        agreement = _load(session, agreement_id)
        partnership = session.get(m.Partnership, agreement.partnership_id)
        assert partnership is not None
        planned = [a.planned_cost_sen for a in session.scalars(
            select(m.Activity).where(m.Activity.partnership_id == partnership.id))]
        per_party = _budget_per_party(session, partnership)
        if not planned or not per_party:
            return []
        remark = lampiran.plan_budget_remark(sum(planned), sum(per_party.values()))
        return [remark] if remark else []


def finalize_agreement(svc: Services, agreement_id: int, paper: str | None = None) -> object:
    """Lock the draft: number it, print the final PDF, store it with its SHA-256."""
    svc.access.require(Action.FINALIZE)
    from kemitraan_desktop.reports.agreement import agreement_pdf_bytes

    with svc.db.locked_session() as session:
        agreement = _load(session, agreement_id, lock=True)
        if agreement.status != AgreementStatus.DRAFT:
            raise LockedError(_("This agreement is already final."))
        if agreement.drafted_by == DraftedBy.PARTNER:
            raise UserError(_("This agreement is the partner's own text: nothing of ours is "
                              "printed. Attach their file and record it as signed."))
        sealed = session.scalar(select(m.AuditEntry.id).where(
            m.AuditEntry.action == "finalize", m.AuditEntry.entity == "agreement",
            m.AuditEntry.entity_id == agreement.id).limit(1))
        if sealed is not None:
            # Set back to draft outside the program: finalizing it again would seal a second
            # text over the one already signed (the held-out re-run of issue 16 did so).
            raise LockedError(_(
                "This agreement was finalized already (audit entry #{entry}) and has been set "
                "back to a draft outside the program: it is not finalized again. Run “check”, "
                "and restore a backup made before the change.").format(entry=sealed))
        partnership = session.get(m.Partnership, agreement.partnership_id)
        assert partnership is not None
        practice = partnership.practice
        on = agreement.agreement_date or date.today()
        _upgrade_draft(session, agreement)
        _refresh_parties(session, agreement)
        problems = finalize_problems_in(session, agreement)
        if problems:
            raise UserError(
                _("The agreement cannot be finalized yet:") + "\n"
                + "\n".join(f"• {problem}" for problem in problems))
        for party in agreement.parties:
            if party.party == "practice" and not party.number.strip():
                sequence = _next_sequence(session, practice.id, on.year)
                party.number = numbering.format_agreement_number(
                    practice.number_pattern or numbering.DEFAULT_NUMBER_PATTERN,
                    seq=sequence, kind=KIND_CODES.get(agreement.kind, "PKS"),
                    unit=practice.number_unit or "DR", on=on,
                )
                session.add(m.IssuedNumber(practice_id=practice.id, sequence=sequence,
                                           agreement_id=agreement.id, number=party.number))
        if paper:
            agreement.paper = paper
        # What it says now is what it says for good: the facts are written into the text and
        # the whole document is kept, so every re-print (A4 or F4) prints exactly this.
        # One reading of the facts for the text kept and the clause rows: read twice, a row
        # another computer saved in between made them differ (check: "Pasal 7 … diubah").
        facts = _facts(session, agreement)
        document = _document(session, agreement, facts)
        values = facts.values
        agreement.subject = templates.fill_with(agreement.subject, values)
        for clause in agreement.clauses:
            clause.title = templates.fill_with(clause.title, values)
            clause.body = (templates.fill_recital(clause.body, values)
                           if clause.kind == "recital"
                           else templates.fill_with(clause.body, values))
        agreement.status = AgreementStatus.FINAL.value
        agreement.finalized_at = datetime.now(UTC)
        agreement.snapshot = document_to_json(replace(document, draft=False))
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
    partner_number: str = "", later_stated: bool = False,
) -> object:
    """Record that both parties signed the final version (with the scan of the signed copy).

    *partner_number* is the partner's own agenda number, as written on the signed copy where the
    final text left its Nomor line blank (a branch office gives its number on the day it signs).
    It is kept with the partner's party, where every document that cites the agreement reads it.
    *signed_on* is the date the agreement prints, or a later one with *later_stated*
    (domain.signing); the audit log then keeps the printed date beside it.
    """
    svc.access.require(Action.SIGN)
    signed_by = clean_value("agreement", "signed_by", signed_by)
    check_length("signed_by", signed_by, TEXT_LIMIT)
    with svc.db.locked_session() as session:
        agreement = _load(session, agreement_id, lock=True)
        if agreement.signed_on is not None:
            raise LockedError(_("This agreement is already signed (on {date}).").format(
                date=screen_date(agreement.signed_on)))
        if agreement.status != AgreementStatus.FINAL:
            raise UserError(_("Only a final agreement can be signed (finalize the draft first)."))
        printed = agreement.agreement_date
        refusal = signing_date_refusal(signed_on, date.today(), printed, later_stated)
        if refusal:
            raise UserError(refusal, "signed_on")
        if scan is not None:
            _keep_scan(session, agreement, svc, scan)
        _keep_partner_number(svc, session, agreement, partner_number)
        mark_signed(svc, session, agreement, signed_on, signed_by,
                    printed=printed if printed is not None and printed != signed_on else None)
        return to_record(agreement)


def complete_signing(svc: Services, agreement_id: int, partner_number: str = "",
                     scan: Path | None = None) -> object:
    """Add to a signed agreement what its signing was recorded without: the partner's number
    as written on the signed copy, the scan of that copy. Neither changes the signed text (its
    final PDF and fingerprint stay); each is kept in the audit log."""
    svc.access.require(Action.SIGN)
    number = " ".join(partner_number.split())
    if not number and scan is None:
        raise UserError(_("Fill in the partner's number or choose the scan of the signed copy."),
                        "partner_number")
    with svc.db.locked_session() as session:
        agreement = _load(session, agreement_id, lock=True)
        if agreement.signed_on is None:
            raise UserError(_("Record the signing first."))
        if scan is not None:
            if agreement.signed_scan_attachment_id is not None:
                raise UserError(_("The scan of the signed copy is already kept."), "scan")
            _keep_scan(session, agreement, svc, scan)
            audit.log(session, "update", "agreement", agreement.id,
                      partnership_id=agreement.partnership_id,
                      changes={"signed_scan_attachment_id": agreement.signed_scan_attachment_id},
                      actor=svc.actor)
        _keep_partner_number(svc, session, agreement, number)
        return to_record(agreement)


def signing_gaps(svc: Services, agreement_id: int) -> tuple[str, ...]:
    """What the record of a signed agreement still lacks: "partner_number", "scan" (none for
    an agreement not signed yet)."""
    with svc.db.session() as session:
        agreement = _load(session, agreement_id)
        if agreement.signed_on is None:
            return ()
        partner = next((p for p in agreement.parties if p.party == Party.PARTNER.value), None)
        gaps = []
        if partner is not None and not partner.number.strip():
            gaps.append("partner_number")
        if agreement.signed_scan_attachment_id is None:
            gaps.append("scan")
        return tuple(gaps)


def _keep_scan(session: Session, agreement: m.Agreement, svc: Services, scan: Path) -> None:
    """Copy *scan* (the signed copy) into the archive as the agreement's signed scan."""
    from .files import readable_name

    if not scan.is_file():
        raise UserError(_("The scan file was not found: {path}").format(path=scan), "scan")
    if _is_our_print(agreement, scan):
        # The final PDF itself, or its re-print on other paper: the Arsip listed the "signed
        # copy" with the final's own SHA-256 (walker4).
        raise UserError(_("This file is the agreement as the program printed it, not a scan of "
                          "the copy both parties signed: choose the scan or photo of the signed "
                          "copy with both meterai."), "scan")
    sha, size = svc.db.attachments.add_file(scan)
    attachment = m.Attachment(
        partnership_id=agreement.partnership_id, sha256=sha, size=size,
        original_name=readable_name(scan.name)[:255], media_type=_media_type(scan),
        caption=_("Signed copy of the agreement"),
    )
    session.add(attachment)
    session.flush()
    agreement.signed_scan_attachment_id = attachment.id


def _is_our_print(agreement: m.Agreement, scan: Path) -> bool:
    """*scan* is this agreement's final PDF or a re-print of it (which carries its id), not a
    scan of the signed paper."""
    with scan.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    if agreement.final_pdf_sha256 and digest == agreement.final_pdf_sha256:
        return True
    if scan.stat().st_size > 20_000_000:  # no print of ours is that large
        return False
    return bool(agreement.uid) and _document_id_in(scan.read_bytes()) == agreement.uid


def _keep_partner_number(svc: Services, session: Session, agreement: m.Agreement,
                         number: str) -> None:
    number = " ".join(number.split())
    if not number:
        return
    if len(number) > PARTY_NUMBER_LIMIT:
        raise UserError(_("The partner's number is too long (at most {limit} characters)."
                          ).format(limit=PARTY_NUMBER_LIMIT), "partner_number")
    party = next((p for p in agreement.parties if p.party == Party.PARTNER.value), None)
    if party is None:
        return
    printed = party.number.strip()
    if printed == number:
        return
    if printed:
        # The final text prints it: a record that said otherwise would disagree with the paper.
        raise UserError(_("The agreement already prints the partner's number {number}. A "
                          "number in the final text is changed only by an addendum.").format(
                              number=printed), "partner_number")
    party.number = number
    audit.log(session, "update", "agreement_party", party.id,
              partnership_id=agreement.partnership_id, changes={"number": number},
              actor=svc.actor)


def mark_signed(svc: Services, session: Session, agreement: m.Agreement, signed_on: date,
                signed_by: str, printed: date | None = None) -> None:
    """The version is signed, whoever drafted it: its parent becomes amended and the
    partnership active, on to step 6. *printed*: the earlier date the text prints, stated by
    the person to differ from the signing (kept in the audit log)."""
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
              changes={"signed_on": signed_on, "signed_by": signed_by,
                       **({"printed_date": printed, "signed_after_printed_date": True}
                          if printed is not None else {})}, actor=svc.actor)


def end_agreement(svc: Services, agreement_id: int) -> object:
    svc.access.require(Action.SIGN)  # the signed agreement's life: the signer's to end
    with svc.db.session() as session:
        agreement = _load(session, agreement_id)
        if agreement.status not in ("signed", "active"):
            raise UserError(_("Only a signed agreement can be ended."))
        agreement.status = AgreementStatus.ENDED.value
        audit.log(session, "update", "agreement", agreement.id,
                  partnership_id=agreement.partnership_id, changes={"status": "ended"},
                  actor=svc.actor)
        return to_record(agreement)


def start_addendum(svc: Services, agreement_id: int, signing: date | None = None, *,
                   start: date | None = None, end: date | None = None) -> object:
    """A new draft version that changes a signed agreement and recites it; *signing* is the
    day it is planned to be signed (unless given: today, or the agreement's own date when that
    is still to come, never a day before the agreement it amends). Its term is the agreement's
    unless *start* or *end* moves it: its Pasal 1 then states the Induk's term Pasal anew."""
    with svc.db.session() as session:
        parent = _load(session, agreement_id)
        if parent.status not in ("signed", "active"):
            raise UserError(_("An addendum can only change a signed agreement."))
        latest = session.scalar(
            select(func.max(m.Agreement.version))
            .where(m.Agreement.partnership_id == parent.partnership_id)
        ) or parent.version
        template = templates.template_for("", "addendum")
        # The print recites the agreement it changes (its numbers and date) itself.
        recitals = list(template.recitals)
        articles = list(template.articles)
        child = svc.agreements.create_in(session, {
            "partnership_id": parent.partnership_id, "kind": "addendum",
            "template": template.code, "subject": parent.subject, "place": parent.place,
            "court": parent.court,
            "agreement_date": signing or date_after_agreement(
                date.today(), parent.agreement_date, parent.signed_on),
            "capitation_rate_sen": parent.capitation_rate_sen,
            "start_date": start or parent.start_date, "end_date": end or parent.end_date,
        })
        child.parent_id = parent.id
        child.version = latest + 1
        copied = ("ordinal", "party", "organisation", "signatory_name", "signatory_position",
                  "authority", "authority_kind", "authority_number", "authority_date",
                  "signatory_id_number", "id_kind", "own_behalf", "address")
        for party in parent.parties:
            svc.agreement_parties.create_in(session, {
                "agreement_id": child.id, **{key: getattr(party, key) for key in copied}})
        for position, text in enumerate(recitals):
            svc.clauses.create_in(session, {"agreement_id": child.id, "kind": "recital",
                                            "position": position, "body": text})
        for position, (title, body) in enumerate(articles):
            svc.clauses.create_in(session, {"agreement_id": child.id, "kind": "article",
                                            "position": position, "title": title, "body": body})
        return to_record(child)


def discard_draft_version(svc: Services, agreement_id: int) -> object:
    """Throw away a draft adendum (ours or the partner's) nobody wants: the signed agreement it
    would change stays as it was, and step 5 is done again. ``svc.agreements.restore`` of the
    result undoes it. A draft adendum started by a click could not be removed, and the signed
    partnership showed Langkah 5 unfinished for good."""
    agreement = svc.agreements.get(agreement_id)
    if agreement.status != AgreementStatus.DRAFT.value or agreement.parent_id is None:
        raise UserError(_("Only a draft addendum can be deleted: a final or signed version is "
                          "kept."))
    return svc.agreements.delete(agreement_id)


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
    paper: str = ""  # the paper of the print it is ("a4", "f4")
    content_hash: str = ""  # what the agreement says, as sealed at finalize
    refusal: str = ""  # why a file naming one of our final agreements is not one of its prints

    @property
    def message(self) -> str:
        if not self.genuine and self.refusal:
            return _(
                "NOT VERIFIED: this file names the agreement of “{title}”, version {version}, "
                "but {refusal} (SHA-256 {sha})."
            ).format(title=self.partnership_title, version=self.version, refusal=self.refusal,
                     sha=self.sha256[:16])
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
            "VERIFIED: this is exactly the final agreement of “{title}”, version {version}, "
            "as printed on {paper} (status: {status}; content hash {content}, sealed at "
            "finalize; SHA-256 {sha})."
        ).format(title=self.partnership_title, version=self.version,
                 paper=self.paper.upper(), status=AgreementStatus(self.status).label,
                 content=self.content_hash[:16], sha=self.sha256[:16])


_DOCUMENT_ID = re.compile(rb"/Keywords \(([0-9a-f]{32})\)")


def _document_id_in(data: bytes) -> str:
    """The agreement id our prints carry in their metadata (any other file: "")."""
    found = _DOCUMENT_ID.search(data)
    return found.group(1).decode("ascii") if found else ""


def verify_document(svc: Services, data: bytes) -> Verification:
    """Whether *data* is a print of a final agreement in this database: the stored final PDF,
    or the same agreement printed again on A4 or F4 (a copy is the same bytes: the print is
    deterministic). A print counts only while the agreement is what was sealed at finalize:
    the audit chain intact, the final PDF and the content hash the ones its seal names. The
    partner's own text is held as a file: only that very file is it."""
    from kemitraan_desktop.reports.agreement import agreement_pdf_bytes

    from .sealing import seal_problem, sealed_at_finalize, stored_reader

    sha = hashlib.sha256(data).hexdigest()
    with svc.db.session() as session:
        def found(agreement: m.Agreement, genuine: bool = True, paper: str = "",
                  content_hash: str = "", refusal: str = "") -> Verification:
            partnership = session.get(m.Partnership, agreement.partnership_id)
            return Verification(genuine, sha, agreement.id, agreement.version,
                                partnership.title if partnership else "", agreement.status,
                                agreement.finalized_at, agreement.drafted_by, paper,
                                content_hash, refusal)

        stored = list(session.scalars(select(m.Agreement)
                                      .where(m.Agreement.final_pdf_sha256 == sha)))
        for agreement in stored:
            if agreement.drafted_by == DraftedBy.PARTNER:
                return found(agreement)
        uid = _document_id_in(data)
        named = list(session.scalars(select(m.Agreement).where(m.Agreement.uid == uid))) \
            if uid else []
        candidates = {a.id: a for a in [*stored, *named]
                      if a.drafted_by == DraftedBy.PRACTICE}
        if not candidates:
            return Verification(False, sha)
        chain = audit.verify_chain(session)
        seals = sealed_at_finalize(session)
        refused: Verification | None = None
        for agreement in candidates.values():
            seal = seals.get(agreement.id)
            if agreement.status == AgreementStatus.DRAFT:
                refusal = _("it is a draft: only a final agreement is printed for signing")
            elif not chain.intact:
                refusal = _("the audit log that seals it is broken (entry #{entry}): run "
                            "“check”").format(entry=chain.broken_at)
            elif seal is None:
                refusal = _("no seal of its finalizing is in the audit log")
            elif problem := seal_problem(session, agreement, seal,
                                         stored_reader(svc.db.attachments)):
                refusal = problem.rstrip(".")
            else:
                document = sealed_document(session, agreement)
                if sha == seal.sha256:
                    return found(agreement, paper=agreement.paper,
                                 content_hash=document.content_hash)
                for paper in sorted(Paper, key=lambda p: p.value != agreement.paper):
                    if hashlib.sha256(agreement_pdf_bytes(document, paper.value)
                                      ).hexdigest() == sha:
                        return found(agreement, paper=paper.value,
                                     content_hash=document.content_hash)
                refusal = _("it is none of its prints (A4 or F4): what it shows is not what "
                            "was sealed")
            refused = found(agreement, genuine=False, refusal=refusal)
        assert refused is not None
        return refused


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
