"""What an agreement carries at each point of its life, and what it may not.

A draft is only text: it has not been finalized, has no final PDF and is not signed (a partner's
own text may already have its file of record attached). From finalize on, a version carries the
moment it was finalized and its final PDF, the attachment whose SHA-256 it names; once signed it
also carries the day. The program's own use cases make only such states; a state that breaks
these rules came from outside (a package, a hand-edited database) and is refused by import and
reported by ``check``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from kemitraan_desktop.i18n import _

from .documents import AgreementDocument, Article, PartyBlock
from .enums import AgreementStatus, DraftedBy
from .fields import label
from .validation import ValidationError, quoted

SIGNED_STATES = frozenset({AgreementStatus.SIGNED.value, AgreementStatus.ACTIVE.value,
                           AgreementStatus.AMENDED.value, AgreementStatus.ENDED.value})


@dataclass(frozen=True)
class AgreementState:
    """The lifecycle fields of one agreement version, as stored."""

    status: str
    drafted_by: str
    finalized_at: datetime | None
    final_pdf_sha256: str
    # The SHA-256 of the attachment final_pdf_attachment_id points at; None when it points at
    # none.
    final_pdf_attachment_sha256: str | None
    signed_on: date | None
    signed_by: str
    has_signed_scan: bool


def _label(status: str) -> str:
    try:
        return AgreementStatus(status).label
    except ValueError:  # a status written by hand into the database
        return status


def lifecycle_problem(state: AgreementState) -> ValidationError | None:
    """The first rule *state* breaks, naming its field; None when it breaks none."""
    status = state.status
    if status not in {member.value for member in AgreementStatus}:
        return ValidationError("status", _("{status} is not a status an agreement has.").format(
            status=quoted(status)))
    if status == AgreementStatus.DRAFT:
        if state.finalized_at is not None:
            return ValidationError("finalized_at", _(
                "a draft has not been finalized, yet it carries the moment of finalizing."))
        if state.final_pdf_sha256:
            return ValidationError("final_pdf_sha256", _(
                "a draft has no final PDF, yet it carries the fingerprint of one."))
        if (state.final_pdf_attachment_sha256 is not None
                and state.drafted_by != DraftedBy.PARTNER):
            return ValidationError("final_pdf_attachment_id", _(
                "a draft has no final PDF, yet it points at one."))
        if state.signed_on is not None or state.signed_by.strip() or state.has_signed_scan:
            return ValidationError("signed_on", _("a draft is not signed, yet it carries a "
                                                  "signing."))
        return None
    if state.finalized_at is None:
        return ValidationError("finalized_at", _(
            "an agreement that is {status} must carry the moment it was finalized.").format(
            status=_label(status)))
    if not state.final_pdf_sha256 or state.final_pdf_attachment_sha256 is None:
        return ValidationError("final_pdf_attachment_id", _(
            "an agreement that is {status} must carry its final PDF.").format(
            status=_label(status)))
    if state.final_pdf_attachment_sha256 != state.final_pdf_sha256:
        return ValidationError("final_pdf_sha256", _(
            "the fingerprint of the final PDF does not match the file it points at."))
    if status in SIGNED_STATES and state.signed_on is None:
        return ValidationError("signed_on", _(
            "an agreement that is {status} must carry the day it was signed.").format(
            status=_label(status)))
    if status == AgreementStatus.FINAL and (state.signed_on is not None or state.has_signed_scan):
        return ValidationError("signed_on", _(
            "an agreement that is final is not signed yet, yet it carries a signing."))
    return None


@dataclass(frozen=True)
class StoredText:
    """What a final agreement's own rows say (the agreement row, its clauses and its party
    rows), to be held against the final text kept when it was finalized."""

    subject: str
    place: str
    agreement_date: date | None
    start_date: date | None
    end_date: date | None
    recitals: tuple[str, ...]
    articles: tuple[Article, ...]
    parties: tuple[PartyBlock, ...]  # their role is not stored in the rows and not compared
    # Per party row, the agreement number its audit entries last record (None: none records
    # one). The partner writes its own number on the signed copy: a number the final text
    # left empty, filled at signing, is what the record says, not a change behind its back.
    recorded_numbers: tuple[str | None, ...] = ()


# What a party row holds of what was printed; the role ("PIHAK PERTAMA") is the template's.
_PARTY_FIELDS = ("organisation", "number", "signatory_name", "signatory_position", "authority",
                 "signatory_id_number", "address", "authority_kind", "authority_number",
                 "authority_date", "id_kind", "own_behalf")


def final_text_problem(kept: AgreementDocument, stored: StoredText) -> ValidationError | None:
    """The first thing the rows of a final agreement say differently from its final text (what
    it printed, kept at finalize), naming the field; None when they agree.

    At finalize the rows are filled with the same facts as the final text, and from then on
    the program changes neither (a change is an addendum): rows that disagree were edited
    outside the program, or came so in a package, and would show or print a text that was
    never signed."""
    def changed(field: str, part: str) -> ValidationError:
        return ValidationError(field, _(
            "{part} is not what the agreement said when it was finalized (its final text): "
            "it was changed outside the program.").format(part=part))

    for field, part in (("subject", _("the subject (TENTANG)")), ("place", _("the place")),
                        ("agreement_date", _("the date of the agreement")),
                        ("start_date", _("the start date")), ("end_date", _("the end date"))):
        if getattr(stored, field) != getattr(kept, field):
            return changed(field, part)
    if len(stored.recitals) != len(kept.recitals) or len(stored.articles) != len(kept.articles):
        return changed("clauses", _("the number of recitals and articles"))
    for number, (row, text) in enumerate(zip(stored.recitals, kept.recitals, strict=True)):
        if row != text:
            return changed("clauses", _("recital {letter}").format(letter=chr(ord("a") + number)
                                                                   if number < 26 else number + 1))
    for number, (row, article) in enumerate(zip(stored.articles, kept.articles, strict=True), 1):
        if row != article:
            return changed("clauses", _("Pasal {number}").format(number=number))
    if len(stored.parties) != len(kept.parties):
        return changed("agreement_parties", _("the number of parties"))
    for index, (row, party) in enumerate(zip(stored.parties, kept.parties, strict=True)):
        recorded = (stored.recorded_numbers[index]
                    if index < len(stored.recorded_numbers) else None)
        for field in _PARTY_FIELDS:
            if field == "number" and not party.number and row.number and row.number == recorded:
                continue  # left empty in the final text, written on the signed copy
            if getattr(row, field) != getattr(party, field):
                return changed("agreement_parties", _("{field} of {role}").format(
                    field=label(field), role=party.role))
    return None
