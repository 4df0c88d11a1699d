"""What seals an agreement once it is final: its lifecycle as stored, checked against the rules
of :mod:`~kemitraan_desktop.domain.lifecycle` (by import, and by ``check`` over the database),
and the audit entry written at finalize, which names the final PDF's SHA-256 and the content
hash: sealed in the chain, so a status set back to draft or a final PDF swapped is seen."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from kemitraan_desktop.domain.documents import Article, PartyBlock, document_from_json
from kemitraan_desktop.domain.enums import AgreementStatus, DraftedBy
from kemitraan_desktop.domain.lifecycle import (
    AgreementState,
    StoredText,
    final_text_problem,
    lifecycle_problem,
)
from kemitraan_desktop.domain.validation import ValidationError
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage import models as m
from kemitraan_desktop.storage.attachments import AttachmentStore
from kemitraan_desktop.storage.errors import StorageError


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


def recorded_numbers(session: Session, agreement: m.Agreement) -> tuple[str | None, ...]:
    """Per party row of *agreement*, the number its audit entries last record (created with,
    filled at signing, brought by an import); None where none records a number."""
    ids = [p.id for p in agreement.parties]
    last: dict[int, str] = {}
    for entity_id, summary in session.execute(
            select(m.AuditEntry.entity_id, m.AuditEntry.summary)
            .where(m.AuditEntry.entity == "agreement_party", m.AuditEntry.entity_id.in_(ids))
            .order_by(m.AuditEntry.id)):
        try:
            changes = json.loads(summary)
        except ValueError:
            continue
        if isinstance(changes, dict) and isinstance(changes.get("number"), str):
            last[entity_id] = changes["number"]
    return tuple(last.get(i) for i in ids)


def stored_text(agreement: m.Agreement,
                numbers: tuple[str | None, ...] = ()) -> StoredText:
    """What *agreement*'s own rows say: the agreement row, its clauses and its party rows
    (with *numbers*, the party numbers its audit entries record)."""
    return StoredText(
        subject=agreement.subject, place=agreement.place,
        agreement_date=agreement.agreement_date, start_date=agreement.start_date,
        end_date=agreement.end_date,
        recitals=tuple(c.body for c in agreement.clauses if c.kind == "recital"),
        articles=tuple(Article(c.title, c.body)
                       for c in agreement.clauses if c.kind == "article"),
        parties=tuple(PartyBlock(
            role="", organisation=p.organisation, number=p.number,
            signatory_name=p.signatory_name, signatory_position=p.signatory_position,
            authority=p.authority, signatory_id_number=p.signatory_id_number, address=p.address,
            authority_kind=p.authority_kind, authority_number=p.authority_number,
            authority_date=p.authority_date, id_kind=p.id_kind, own_behalf=p.own_behalf,
        ) for p in agreement.parties),
        recorded_numbers=numbers,
    )


def final_text_refusal(agreement: m.Agreement) -> ValidationError | None:
    """What a final *agreement*'s rows say differently from its final text (kept at finalize,
    what it printed), or None: a clause, a party or a date edited in the file or changed in a
    package. A draft, the partner's own text and a final from before the text was kept have
    no final text to hold the rows against."""
    if (agreement.status == AgreementStatus.DRAFT or not agreement.snapshot
            or agreement.drafted_by != DraftedBy.PRACTICE):
        return None
    try:
        kept = document_from_json(agreement.snapshot)
    except (ValueError, TypeError, KeyError, AttributeError):
        return ValidationError("snapshot", _(
            "its final text (kept at finalize) cannot be read: it was changed outside the "
            "program."))
    session = object_session(agreement)
    numbers = recorded_numbers(session, agreement) if session is not None else ()
    return final_text_problem(kept, stored_text(agreement, numbers))


# The stored bytes of an attachment by its SHA-256; None when they cannot be read (a missing
# or changed file is said by the attachment check, not here).
ReadStored = Callable[[str], "bytes | None"]

# What a final print states beside its QR code: "ID dokumen: <uid> · SHA-256 isi: 6e6b3f85…".
_PRINTED_HASH = re.compile(r"SHA-256 isi:\s*([0-9a-f]{16})")


def stored_reader(store: AttachmentStore) -> ReadStored:
    """Read from the data folder's attachment store; None for a file missing or changed."""
    def read(sha256: str) -> bytes | None:
        try:
            return store.read_verified(sha256)
        except (StorageError, OSError):
            return None
    return read


def printed_content_hash(data: bytes) -> str | None:
    """The content hash (its first 16 digits) a final print of ours states beside its QR code,
    read from the PDF's text; None for a file that states none (not a PDF, not our print)."""
    from pypdf import PdfReader  # only when a final PDF is read: not at start-up
    from pypdf.errors import PyPdfError

    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # "invalid pdf header" on a scan is said by our refusal
    try:
        pages = PdfReader(io.BytesIO(data)).pages
        for page in reversed(pages):  # beside the signatures, before the lampiran
            found = _PRINTED_HASH.search(page.extract_text() or "")
            if found:
                return found.group(1)
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None
    finally:
        quiet.setLevel(level)
    return None


def final_pdf_refusal(session: Session, agreement: m.Agreement,
                      read: ReadStored) -> ValidationError | None:
    """Why a final *agreement*'s final PDF is not the print of its final text, or None.

    The rows are held against the final text (``final_text_refusal``); this holds the final
    text against the paper: the content hash worked out from the text must be the one its
    final PDF prints. A final text rewritten together with its rows (in a package, or in the
    file with the seal and the audit chain made again) still has the signed PDF against it, and
    so has a scan or another file put in the final PDF's place."""
    if (agreement.status == AgreementStatus.DRAFT or not agreement.snapshot
            or agreement.drafted_by != DraftedBy.PRACTICE or not agreement.final_pdf_sha256):
        return None
    data = read(agreement.final_pdf_sha256)
    if data is None:
        return None
    from .agreements import sealed_document

    printed = printed_content_hash(data)
    if printed is None:
        return ValidationError("final_pdf_attachment_id", _(
            "its final PDF is not a print of this agreement: it states no content hash "
            "beside its QR code."))
    expected = sealed_document(session, agreement).content_hash
    if not expected.startswith(printed):
        return ValidationError("snapshot", _(
            "its final text is not what its final PDF prints (the PDF states the content hash "
            "{printed}, the text gives {expected}): it was changed outside the program."
        ).format(printed=printed, expected=expected[:16]))
    return None


def lifecycle_refusal(session: Session, agreement: m.Agreement,
                      read: ReadStored | None = None) -> ValidationError | None:
    """The rule of its lifecycle *agreement* breaks, or None; a final one's rows must also
    say what its final text says, and (with *read*) its final PDF print that text (refused
    by import, reported by check)."""
    return (lifecycle_problem(agreement_state(session, agreement))
            or final_text_refusal(agreement)
            or (final_pdf_refusal(session, agreement, read) if read is not None else None))


@dataclass(frozen=True)
class SealFinding:
    """An agreement whose stored state breaks its lifecycle or its seal in the audit log."""

    agreement_id: int
    version: int
    problem: str


@dataclass(frozen=True)
class Seal:
    """What the audit entry written at finalize names: the final PDF's SHA-256 and the hash of
    what the agreement says (its content hash, printed in its QR code)."""

    entry_id: int
    sha256: str
    content_hash: str  # "" for an agreement finalized before the hash was sealed


def sealed_at_finalize(session: Session) -> dict[int, Seal]:
    """For each agreement finalized, the audit entry that sealed it and what it names."""
    sealed: dict[int, Seal] = {}
    for entry in session.scalars(select(m.AuditEntry).where(
            m.AuditEntry.action == "finalize", m.AuditEntry.entity == "agreement")
            .order_by(m.AuditEntry.id)):
        try:
            named = json.loads(entry.summary)
        except ValueError:
            named = {}
        if not isinstance(named, dict):
            named = {}
        sha, content = named.get("sha256", ""), named.get("content_hash", "")
        if entry.entity_id is not None:
            sealed[entry.entity_id] = Seal(entry.id, sha if isinstance(sha, str) else "",
                                           content if isinstance(content, str) else "")
    return sealed


def _changes(summary: str) -> dict:
    try:
        changes = json.loads(summary)
    except ValueError:
        return {}
    return changes if isinstance(changes, dict) else {}


def signing_refusal(session: Session, agreement: m.Agreement) -> ValidationError | None:
    """Why *agreement*'s status or signing is not what its audit entries record, or None.

    The content hash seals what an agreement says; its life after finalize (signed, amended,
    ended) and its signing (the day, who signed) are written by the program with an audit
    entry each. A status or a signing day edited in the file (the held-out re-run of issue 16
    set a PKS to ended, and moved its signing day, which an adendum recites) no longer agrees
    with them. An agreement whose life the log does not hold (imported, or from before the
    log) has nothing to be held against; a draft again is said by its seal."""
    if agreement.status == AgreementStatus.DRAFT.value:
        return None
    expected: str | None = None
    signing: tuple[int, dict] | None = None
    for entry_id, action, summary in session.execute(
            select(m.AuditEntry.id, m.AuditEntry.action, m.AuditEntry.summary)
            .where(m.AuditEntry.entity == "agreement", m.AuditEntry.entity_id == agreement.id)
            .order_by(m.AuditEntry.id)):
        changes = _changes(summary)
        if action == "finalize":
            expected = AgreementStatus.FINAL.value
        elif action == "sign":
            expected, signing = AgreementStatus.SIGNED.value, (entry_id, changes)
        elif action == "update" and isinstance(changes.get("status"), str):
            expected = changes["status"]
    if expected is None:
        return None
    if expected == AgreementStatus.SIGNED.value:
        children = list(session.scalars(select(m.Agreement.id).where(
            m.Agreement.parent_id == agreement.id)))
        if children and session.scalar(select(m.AuditEntry.id).where(
                m.AuditEntry.entity == "agreement", m.AuditEntry.action == "sign",
                m.AuditEntry.entity_id.in_(children)).limit(1)) is not None:
            expected = AgreementStatus.AMENDED.value  # a signed adendum amends it
    same = (agreement.status in (AgreementStatus.SIGNED.value, AgreementStatus.ACTIVE.value)
            if expected == AgreementStatus.SIGNED.value else agreement.status == expected)
    if not same:
        return ValidationError("status", _(
            "its status ({status}) is not the one its audit entries record ({expected}): it "
            "was changed outside the program.").format(
                status=_status_label(agreement.status), expected=_status_label(expected)))
    if signing is not None and agreement.status != AgreementStatus.FINAL.value:
        entry_id, changes = signing
        signed_on = agreement.signed_on.isoformat() if agreement.signed_on else None
        if changes.get("signed_on") != signed_on or changes.get("signed_by", "") != \
                agreement.signed_by:
            return ValidationError("signed_on", _(
                "its signing (the day, who signed) is not what was recorded when it was "
                "signed (audit entry #{entry}): it was changed outside the program.").format(
                    entry=entry_id))
    return None


def _status_label(status: str) -> str:
    try:
        return AgreementStatus(status).label
    except ValueError:
        return status


def seal_problem(session: Session, agreement: m.Agreement, seal: Seal | None,
                 read: ReadStored | None = None) -> str | None:
    """Why *agreement* as stored is not what was sealed when it was finalized, or None.

    The content hash is worked out again from what the agreement says now (the text kept at
    finalize): a clause, a party or a date changed in the file behind the program's back no
    longer gives the hash that was sealed."""
    from .agreements import sealed_document

    problem = (lifecycle_problem(agreement_state(session, agreement))
               or signing_refusal(session, agreement))
    if problem is not None:
        return problem.message
    if seal is None:
        text_problem = lifecycle_refusal(session, agreement, read)
        return text_problem.message if text_problem is not None else None
    if agreement.status == AgreementStatus.DRAFT:
        return _("it was finalized (audit entry #{entry}) yet it is a draft again.").format(
            entry=seal.entry_id)
    if seal.sha256 != agreement.final_pdf_sha256:
        return _("its final PDF is not the one sealed when it was finalized (audit entry "
                 "#{entry}).").format(entry=seal.entry_id)
    if (seal.content_hash and agreement.drafted_by == DraftedBy.PRACTICE
            and sealed_document(session, agreement).content_hash != seal.content_hash):
        return _("what it says (text, parties or dates) is not what was sealed when it was "
                 "finalized (audit entry #{entry}).").format(entry=seal.entry_id)
    text_problem = lifecycle_refusal(session, agreement, read)
    return text_problem.message if text_problem is not None else None


def seal_findings(session: Session, read: ReadStored | None = None) -> list[SealFinding]:
    """Every agreement whose lifecycle is broken, that was rolled back after its finalize was
    sealed in the audit log, whose final PDF is not the one sealed, or whose content no longer
    gives the content hash sealed."""
    sealed = sealed_at_finalize(session)
    findings: list[SealFinding] = []
    for agreement in session.scalars(select(m.Agreement).order_by(m.Agreement.id)):
        problem = seal_problem(session, agreement, sealed.get(agreement.id), read)
        if problem is not None:
            findings.append(SealFinding(agreement.id, agreement.version, problem))
    return findings
