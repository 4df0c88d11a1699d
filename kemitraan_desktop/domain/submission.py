"""The credentialing submission (berkas pengajuan kredensialing) as plain data for its binder.

One file a BPJS branch receives: a cover list, the credentialing form, then the evidence of each
administrative requirement in the order the branch asks (resources/credentialing: bundle_order).
The services fill it in from step 4 (the files attached to each requirement, the signed scans of
the jejaring PKS); reports/submission.py binds it. It prints in Indonesian whatever the screen
language, so its words are not translations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

SUBMISSION_TITLE = "BERKAS PENGAJUAN KREDENSIALING"


@dataclass(frozen=True)
class EvidenceContent:
    """One file of evidence as it will be bound: its bytes, or why they could not be read."""

    name: str
    caption: str
    data: bytes | None  # None: the stored file is missing or was changed (see problem)
    is_pdf: bool
    problem: str = ""  # Indonesian sentence: why there is no data


@dataclass(frozen=True)
class SubmissionPart:
    """One part of the submission: the form itself, or the evidence of one requirement."""

    code: str  # "form" or the requirement's code ("sip", "pks_apotek" …)
    title: str  # as the credentialing form words it
    document: str  # "PKS dengan Apotek Sehat Sentosa" ("" when the title says it all)
    files: tuple[EvidenceContent, ...] = ()
    missing: str = ""  # what is still missing, a sentence; "" when the evidence is here
    pdf: bytes | None = None  # a part the program printed itself (the form)


@dataclass(frozen=True)
class SubmissionDocument:
    title: str
    practice_name: str
    doctor_name: str
    branch: str  # the BPJS branch office it goes to
    partnership_title: str
    generated_on: date
    parts: tuple[SubmissionPart, ...]
    # What else the bound form says is still missing, beyond a part's evidence ("PKS dengan
    # Apotek Sehat Sentosa berakhir pada …, sebelum PKS dengan BPJS Kesehatan berakhir …").
    notes: tuple[str, ...] = ()

    @property
    def missing(self) -> tuple[str, ...]:
        """What the submission still lacks, one sentence per part in the order bound, then the
        form's other notes."""
        return tuple(f"{part.title}: {part.missing}" for part in self.parts
                     if part.missing) + self.notes


@dataclass(frozen=True)
class StatementDocument:
    """The surat pernyataan of the submission, filled in with the doctor's identity, to print,
    sign over a meterai and scan back (its words: resources/credentialing, surat_pernyataan)."""

    title: str
    opening: str
    identity: tuple[tuple[str, str], ...]  # (label, value): name, NIK, SIP, STR, facility …
    declaration: str
    points: tuple[str, ...]
    closing: str
    place: str
    signed_on: date
    signer_title: str  # "Yang membuat pernyataan,"
    signer_name: str
    signer_line: str  # under the name: "SIP. 503/…"
