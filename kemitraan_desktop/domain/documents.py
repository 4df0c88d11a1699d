"""Read models of the printed documents: plain data the services fill and the reports print.

Nothing here knows where the data came from or how it is drawn. All text is user text, exactly
as typed: the reports escape it before it reaches a paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class PartyBlock:
    """One party of an agreement, as identified in its opening and signature block."""

    role: str  # "PIHAK PERTAMA" / "PIHAK KEDUA" (or "PIHAK KESATU" for BPJS)
    organisation: str
    number: str  # this party's own agenda number of the agreement
    signatory_name: str
    signatory_position: str
    authority: str  # basis of authority: SK, SIP or SIO number and date
    signatory_id_number: str  # NIK/NIP, printed in the signature block
    address: str


@dataclass(frozen=True)
class Article:
    title: str
    body: str  # paragraphs separated by blank lines; lines starting "(1)" or "a." are items


@dataclass(frozen=True)
class TableBlock:
    """An attachment (Lampiran) table: header row, body rows, an optional total row."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None = None
    note: str = ""


@dataclass(frozen=True)
class ParentReference:
    """What an addendum recites of the agreement it changes."""

    title: str
    numbers: tuple[str, ...]
    agreement_date: date | None


@dataclass(frozen=True)
class AgreementDocument:
    document_id: str  # the agreement version's uid, printed in the QR code
    kind: str  # "mou" | "pks" | "addendum"
    version: int
    title: str  # e.g. "PERJANJIAN KERJA SAMA"
    subject: str  # "TENTANG …"
    place: str
    agreement_date: date | None
    start_date: date | None
    end_date: date | None
    parties: tuple[PartyBlock, ...]
    recitals: tuple[str, ...]
    articles: tuple[Article, ...]
    copies: int = 2
    meterai_text: str = "METERAI Rp10.000"
    attachments: tuple[TableBlock, ...] = field(default_factory=tuple)
    parent: ParentReference | None = None
    draft: bool = True
    # Set on the final version: the QR code carries the document id and this hash.
    content_hash: str = ""
