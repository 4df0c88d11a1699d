"""The tables: a practice, its partners, and the data of the eight steps of each partnership.

Vocabulary columns hold the ``value`` of the enums in ``domain.enums`` as plain strings, so a
new value never needs a schema change. Money columns are integer sen (``Sen``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Sen, Stamped, new_uid, utc_now


def _text(default: str = "") -> Mapped[str]:
    return mapped_column(Text, default=default, server_default="")


class Practice(Stamped, Base):
    """The doctor and the clinic: PIHAK PERTAMA of every agreement."""

    __tablename__ = "practice"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), default=new_uid, unique=True)
    doctor_name: Mapped[str] = mapped_column(String(200))
    degree: Mapped[str] = mapped_column(String(100), default="")
    clinic_name: Mapped[str] = mapped_column(String(200), default="")
    nik: Mapped[str] = mapped_column(String(16), default="")
    npwp: Mapped[str] = mapped_column(String(16), default="")
    str_number: Mapped[str] = mapped_column(String(100), default="")
    sip_number: Mapped[str] = mapped_column(String(100), default="")
    sip_issued: Mapped[date | None]
    sip_expires: Mapped[date | None]
    street: Mapped[str] = _text()
    rt_rw: Mapped[str] = mapped_column(String(20), default="")
    kelurahan: Mapped[str] = mapped_column(String(100), default="")
    kecamatan: Mapped[str] = mapped_column(String(100), default="")
    kota: Mapped[str] = mapped_column(String(100), default="")
    provinsi: Mapped[str] = mapped_column(String(100), default="")
    postal_code: Mapped[str] = mapped_column(String(5), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    kode_faskes: Mapped[str] = mapped_column(String(20), default="")
    practice_hours: Mapped[str] = _text()
    number_unit: Mapped[str] = mapped_column(String(50), default="")
    number_pattern: Mapped[str] = mapped_column(String(200), default="")

    partnerships: Mapped[list[Partnership]] = relationship(back_populates="practice")
    people: Mapped[list[PracticePerson]] = relationship(
        back_populates="practice", cascade="all, delete-orphan", order_by="PracticePerson.id"
    )


class _Person(Stamped):
    """Who a person is, as the papers name them: picked in every "who" field, and the source an
    agreement party's signatory is filled from (name, position, identity number, authority)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), default=new_uid, unique=True)
    name: Mapped[str] = mapped_column(String(200))
    job_title: Mapped[str] = mapped_column(String(200), default="")
    nik: Mapped[str] = mapped_column(String(16), default="")
    # NPP of BPJS Kesehatan staff, NIP of a civil servant: the number a PKS prints for them.
    staff_number: Mapped[str] = mapped_column(String(30), default="")
    # Why they may sign: a Keputusan Direksi or surat kuasa (number and date), an SIA, an SIP.
    authority: Mapped[str] = _text()
    signs: Mapped[bool] = mapped_column(default=False)
    phone: Mapped[str] = mapped_column(String(20), default="")


class PracticePerson(_Person, Base):
    """Someone of the practice besides the doctor (the doctor is the practice profile)."""

    __tablename__ = "practice_person"

    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id", ondelete="CASCADE"))

    practice: Mapped[Practice] = relationship(back_populates="people")


class PartnerPerson(_Person, Base):
    """Someone of a partner: who signs for it, who is the contact."""

    __tablename__ = "partner_person"

    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"))

    partner: Mapped[Partner] = relationship(back_populates="people")


class Partner(Stamped, Base):
    """An organisation the practice works with, kept in the partner registry."""

    __tablename__ = "partner"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), default=new_uid, unique=True)
    name: Mapped[str] = mapped_column(String(200))
    partner_type: Mapped[str] = mapped_column(String(30))
    street: Mapped[str] = _text()
    kelurahan: Mapped[str] = mapped_column(String(100), default="")
    kecamatan: Mapped[str] = mapped_column(String(100), default="")
    kota: Mapped[str] = mapped_column(String(100), default="")
    provinsi: Mapped[str] = mapped_column(String(100), default="")
    postal_code: Mapped[str] = mapped_column(String(5), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    kode_faskes: Mapped[str] = mapped_column(String(20), default="")
    notes: Mapped[str] = _text()

    people: Mapped[list[PartnerPerson]] = relationship(
        back_populates="partner", cascade="all, delete-orphan", order_by="PartnerPerson.id"
    )
    licences: Mapped[list[PartnerLicence]] = relationship(
        back_populates="partner", cascade="all, delete-orphan", order_by="PartnerLicence.id"
    )

    __table_args__ = (Index("ix_partner_name", "name"),)


class PartnerLicence(Stamped, Base):
    """A partner's licence (SIA of an apotek, SIO of a laboratory, SIPB of a bidan …)."""

    __tablename__ = "partner_licence"

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    number: Mapped[str] = mapped_column(String(100), default="")
    issued: Mapped[date | None]
    expires: Mapped[date | None]

    partner: Mapped[Partner] = relationship(back_populates="licences")


class Partnership(Stamped, Base):
    """One partnership, walked through the eight steps. Step 1 lives on this row."""

    __tablename__ = "partnership"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), default=new_uid, unique=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id", ondelete="RESTRICT"))
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default="planning")
    current_step: Mapped[int] = mapped_column(default=1)
    partner_type: Mapped[str] = mapped_column(String(30), default="other")
    # Step 1: the idea and both sides' vision and mission.
    idea: Mapped[str] = _text()
    practice_vision: Mapped[str] = _text()
    practice_mission: Mapped[str] = _text()
    partner_vision: Mapped[str] = _text()
    partner_mission: Mapped[str] = _text()
    # Step 1: alignment with the three principles of partnership (Pusat Promkes).
    kesetaraan_met: Mapped[bool] = mapped_column(default=False)
    kesetaraan_note: Mapped[str] = _text()
    keterbukaan_met: Mapped[bool] = mapped_column(default=False)
    keterbukaan_note: Mapped[str] = _text()
    saling_menguntungkan_met: Mapped[bool] = mapped_column(default=False)
    saling_menguntungkan_note: Mapped[str] = _text()
    # Step 2: the weights of the candidate criteria (each 0..10).
    weight_shared_vision: Mapped[int] = mapped_column(default=3)
    weight_capacity: Mapped[int] = mapped_column(default=2)
    weight_access: Mapped[int] = mapped_column(default=2)
    weight_reputation: Mapped[int] = mapped_column(default=1)
    weight_acceptance: Mapped[int] = mapped_column(default=2)
    # Step 4: the weights (percent) of the four technical credentialing areas.
    weight_sdm: Mapped[int] = mapped_column(default=25)
    weight_sarana: Mapped[int] = mapped_column(default=25)
    weight_lingkup: Mapped[int] = mapped_column(default=25)
    weight_komitmen: Mapped[int] = mapped_column(default=25)
    imported_from: Mapped[str] = mapped_column(String(200), default="")

    practice: Mapped[Practice] = relationship(back_populates="partnerships")
    candidates: Mapped[list[Candidate]] = relationship(
        back_populates="partnership", cascade="all, delete-orphan", order_by="Candidate.id"
    )

    __table_args__ = (Index("ix_partnership_title", "title"),)


class Candidate(Stamped, Base):
    """Step 2: a possible partner, scored 1–5 on each weighted criterion."""

    __tablename__ = "candidate"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="RESTRICT"))
    score_shared_vision: Mapped[int] = mapped_column(default=3)
    score_capacity: Mapped[int] = mapped_column(default=3)
    score_access: Mapped[int] = mapped_column(default=3)
    score_reputation: Mapped[int] = mapped_column(default=3)
    score_acceptance: Mapped[int] = mapped_column(default=3)
    chosen: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str] = _text()

    partnership: Mapped[Partnership] = relationship(back_populates="candidates")
    partner: Mapped[Partner] = relationship()

    __table_args__ = (UniqueConstraint("partnership_id", "partner_id"),)


class Goal(Stamped, Base):
    """Step 3: a shared goal with a measurable target and a date."""

    __tablename__ = "goal"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    description: Mapped[str] = _text()
    target: Mapped[str] = _text()
    target_date: Mapped[date | None]


class Role(Stamped, Base):
    """Step 3: one role or responsibility of one party (becomes Hak dan Kewajiban)."""

    __tablename__ = "role"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"))
    party: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(default=0)
    description: Mapped[str] = _text()


class ReadinessItem(Stamped, Base):
    """Step 4: one item of the credentialing readiness checklist."""

    __tablename__ = "readiness_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(20))
    area: Mapped[str] = mapped_column(String(20), default="")
    label: Mapped[str] = _text()
    position: Mapped[int] = mapped_column(default=0)
    met: Mapped[bool] = mapped_column(default=False)
    score: Mapped[int | None]
    note: Mapped[str] = _text()
    # The evidence of an item the doctor ticks (the accreditation certificate, the surat
    # pernyataan): its number and how long it is valid, as the credentialing form lists them.
    number: Mapped[str] = mapped_column(String(100), default="", server_default="")
    expires: Mapped[date | None]

    __table_args__ = (UniqueConstraint("partnership_id", "code"),)


class BudgetLine(Stamped, Base):
    """Step 4: one line of the budget (RAB)."""

    __tablename__ = "budget_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    description: Mapped[str] = _text()
    quantity: Mapped[Decimal] = mapped_column(default=Decimal(1))
    unit: Mapped[str] = mapped_column(String(50), default="")
    unit_cost_sen: Mapped[Sen]
    funded_by: Mapped[str] = mapped_column(String(10), default="practice")
    note: Mapped[str] = _text()


class Agreement(Stamped, Base):
    """Step 5: one version of an agreement (MoU, PKS or addendum). Locked once final.

    Most are printed from our clause templates (``drafted_by`` "practice"). One the partner
    drafted (a BPJS branch's own PKS, a hospital's) has no clauses of ours: its document of
    record is the partner's PDF or scan, held where our final PDF is held
    (``final_pdf_attachment_id`` from the moment it is attached, ``final_pdf_sha256`` once it
    is recorded as signed), so verifying, exchanging and archiving treat both alike.
    """

    __tablename__ = "agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), default=new_uid, unique=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agreement.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(10), default="pks")
    version: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    template: Mapped[str] = mapped_column(String(40), default="")
    subject: Mapped[str] = _text()
    place: Mapped[str] = mapped_column(String(200), default="")
    agreement_date: Mapped[date | None]
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    paper: Mapped[str] = mapped_column(String(4), default="a4")
    drafted_by: Mapped[str] = mapped_column(
        String(10), default="practice", server_default="practice"
    )
    # Kapitasi per peserta per bulan as the agreement states it; 0 while not stated.
    capitation_rate_sen: Mapped[Sen] = mapped_column(server_default="0")
    finalized_at: Mapped[datetime | None]
    final_pdf_sha256: Mapped[str] = mapped_column(String(64), default="")
    final_pdf_attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachment.id", ondelete="RESTRICT", use_alter=True)
    )
    signed_on: Mapped[date | None]
    signed_by: Mapped[str] = _text()
    signed_scan_attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachment.id", ondelete="RESTRICT", use_alter=True)
    )
    # 2: the clauses hold their template's {placeholders}, filled from the data when printed;
    # 1: a draft made before that, its facts typed into the text (turned into 2 when next read).
    text_format: Mapped[int] = mapped_column(default=2, server_default="1")
    # The city of the Pengadilan Negeri that hears disputes ("Sleman"), proposed from the
    # practice's regency; a court's name does not always follow its regency's.
    court: Mapped[str] = mapped_column(String(100), default="", server_default="")
    # What the final version says, facts filled in (JSON of the printed document): every
    # re-print, A4 or F4, prints exactly this even when the data later changes. A whole PKS
    # with its lampiran is longer than the limit of a field a person types (a BPJS PKS alone
    # is some 23,000 characters): it carries a limit of its own.
    snapshot: Mapped[str] = mapped_column(Text, default="", server_default="",
                                          info={"max_chars": 2_000_000})

    parties: Mapped[list[AgreementParty]] = relationship(
        cascade="all, delete-orphan", order_by="AgreementParty.ordinal"
    )
    clauses: Mapped[list[Clause]] = relationship(
        cascade="all, delete-orphan", order_by="Clause.position"
    )


class AgreementParty(Stamped, Base):
    """A party of an agreement: its own agenda number and its signatory."""

    __tablename__ = "agreement_party"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(default=1)
    party: Mapped[str] = mapped_column(String(10))
    organisation: Mapped[str] = mapped_column(String(300), default="")
    number: Mapped[str] = mapped_column(String(100), default="")
    signatory_name: Mapped[str] = mapped_column(String(200), default="")
    signatory_position: Mapped[str] = mapped_column(String(200), default="")
    authority: Mapped[str] = _text()  # more basis of authority, as typed (after the one below)
    authority_kind: Mapped[str] = mapped_column(String(30), default="", server_default="")
    authority_number: Mapped[str] = mapped_column(String(200), default="", server_default="")
    authority_date: Mapped[date | None]
    signatory_id_number: Mapped[str] = mapped_column(String(30), default="")
    id_kind: Mapped[str] = mapped_column(String(10), default="", server_default="")  # nik npp nip
    # A doctor in solo practice signs "untuk dan atas nama sendiri", not for an organisation.
    own_behalf: Mapped[bool] = mapped_column(default=False, server_default=false())
    address: Mapped[str] = _text()

    __table_args__ = (UniqueConstraint("agreement_id", "ordinal"),)


class Clause(Stamped, Base):
    """A recital ("bahwa …;") or an article (Pasal) of an agreement, in order."""

    __tablename__ = "clause"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10), default="article")
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = _text()


class Activity(Stamped, Base):
    """Steps 4 and 6: a planned activity of the work plan."""

    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"))
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goal.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = _text()
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    person_in_charge: Mapped[str] = mapped_column(String(200), default="")
    party: Mapped[str] = mapped_column(String(10), default="both")
    location: Mapped[str] = mapped_column(String(300), default="")
    planned_cost_sen: Mapped[Sen]

    __table_args__ = (
        Index("ix_activity_partnership_start", "partnership_id", "start_date"),
        Index("ix_activity_name", "name"),
    )


class ActivityReport(Stamped, Base):
    """Step 7: what was done in one activity, on one date."""

    __tablename__ = "activity_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    report_date: Mapped[date]
    participants: Mapped[str] = _text()
    attendance: Mapped[str] = _text()
    done: Mapped[str] = _text()
    results: Mapped[str] = _text()
    problems: Mapped[str] = _text()
    follow_up: Mapped[str] = _text()
    actual_cost_sen: Mapped[Sen]

    __table_args__ = (Index("ix_activity_report_activity", "activity_id", "report_date"),)


class Attachment(Base):
    """A file kept in the content-addressed store (named by its SHA-256), owned by a partnership."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"))
    report_id: Mapped[int | None] = mapped_column(
        ForeignKey("activity_report.id", ondelete="CASCADE")
    )
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    size: Mapped[int] = mapped_column(default=0)
    caption: Mapped[str] = _text()
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class ReadinessEvidence(Base):
    """Step 4: a stored file that shows a credentialing requirement is met (the scan of the SIP,
    the signed surat pernyataan …). The file is an attachment of the partnership."""

    __tablename__ = "readiness_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    readiness_item_id: Mapped[int] = mapped_column(
        ForeignKey("readiness_item.id", ondelete="CASCADE"), index=True
    )
    attachment_id: Mapped[int] = mapped_column(
        ForeignKey("attachment.id", ondelete="CASCADE"), unique=True
    )


class Indicator(Stamped, Base):
    """Step 8: a measure of the partnership's progress."""

    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(50), default="")
    baseline: Mapped[Decimal] = mapped_column(default=Decimal(0))
    target: Mapped[Decimal] = mapped_column(default=Decimal(0))
    direction: Mapped[str] = mapped_column(String(4), default="up")
    frequency: Mapped[str] = mapped_column(String(10), default="monthly")
    target_date: Mapped[date | None]


class IndicatorValue(Stamped, Base):
    """Step 8: the value of an indicator for one period (e.g. ``2026-10`` or ``2026-Q3``)."""

    __tablename__ = "indicator_value"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(10))
    value: Mapped[Decimal]
    note: Mapped[str] = _text()

    __table_args__ = (UniqueConstraint("indicator_id", "period"),)


class KeyAssessment(Stamped, Base):
    """Step 8: one party's scoring of the five keys, filled in separately from the other's."""

    __tablename__ = "key_assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"))
    party: Mapped[str] = mapped_column(String(10))
    assessed_on: Mapped[date]
    assessor: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = _text()

    answers: Mapped[list[KeyAnswer]] = relationship(
        cascade="all, delete-orphan", order_by="KeyAnswer.id"
    )


class KeyAnswer(Base):
    """The score (1–5) one party gave one statement of the five-keys questionnaire."""

    __tablename__ = "key_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("key_assessment.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(20))
    statement: Mapped[str] = mapped_column(String(40))
    score: Mapped[int]

    __table_args__ = (UniqueConstraint("assessment_id", "statement"),)


class ActionItem(Stamped, Base):
    """Step 8: something to do after the evaluation, with an owner and a date."""

    __tablename__ = "action_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(20), default="")
    description: Mapped[str] = _text()
    owner: Mapped[str] = mapped_column(String(200), default="")
    due_date: Mapped[date | None]
    done: Mapped[bool] = mapped_column(default=False)


class AuditEntry(Base):
    """Append-only log of every change; each entry carries the hash of the one before."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utc_now)
    actor: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None]
    partnership_id: Mapped[int | None] = mapped_column(index=True)
    summary: Mapped[str] = _text()
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64), default="")


class Setting(Base):
    """A program setting kept with the data (weights, thresholds, rates): editable, not code."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = _text()


class Counter(Base):
    """A practice's running number (``name`` "agreement": the sequence in its agreement
    numbers), taken under a lock so that two writers never get the same one."""

    __tablename__ = "counter"

    practice_id: Mapped[int] = mapped_column(
        ForeignKey("practice.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(default=0)


class IssuedNumber(Base):
    """A sequence number given to an agreement of the practice. The unique pair is the last
    wall against one number printed on two agreements; the row stays when the agreement is
    erased, so its number is not given again."""

    __tablename__ = "issued_number"
    __table_args__ = (UniqueConstraint("practice_id", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id", ondelete="CASCADE"))
    sequence: Mapped[int]
    agreement_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreement.id", ondelete="SET NULL"), unique=True)
    number: Mapped[str] = _text()
    issued_at: Mapped[datetime] = mapped_column(default=utc_now)


class AttachmentBlob(Base):
    """A stored file's content on a server database, once per SHA-256 however many records
    name it: every computer on the server reads it there (on the data folder's SQLite file the
    files stay in the folder and this table stays empty). Written in one transaction with its
    chunks, so a file is there whole or not at all."""

    __tablename__ = "attachment_blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    stored_at: Mapped[datetime] = mapped_column(default=utc_now)


class AttachmentChunk(Base):
    """One piece (1 MiB) of a stored file, in order: a file is written and read a piece at a
    time, never held whole in memory."""

    __tablename__ = "attachment_chunk"

    sha256: Mapped[str] = mapped_column(
        ForeignKey("attachment_blob.sha256", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class AppUser(Stamped, Base):
    """A person who signs in to a server database (``domain.roles``: dokter, staf, pemantau),
    with their own password: scrypt, as the program password (``domain.password``). The data
    folder's own file has no users: there the program is used by one person without sign-in.
    ("user" is a reserved word in PostgreSQL, hence the table's name.)"""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), default=new_uid, unique=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=True)
