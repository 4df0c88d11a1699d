"""Read models of the printed documents: plain data the services fill and the reports print.

Nothing here knows where the data came from or how it is drawn. All text is user text, exactly
as typed: the reports escape it before it reaches a paragraph.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class PartyBlock:
    """One party of an agreement, as identified in its opening and signature block."""

    role: str  # "PIHAK PERTAMA" / "PIHAK KEDUA" (or "PIHAK KESATU" for BPJS)
    organisation: str
    number: str  # this party's own agenda number of the agreement
    signatory_name: str
    signatory_position: str
    authority: str  # more basis of authority, as typed, after the structured one below
    signatory_id_number: str  # NIK, NPP or NIP, printed in the signature block
    address: str
    authority_kind: str = ""  # see domain.identity.AUTHORITY_KINDS: sip, keputusan_direksi …
    authority_number: str = ""
    authority_date: date | None = None
    id_kind: str = ""  # nik | npp | nip
    own_behalf: bool = False  # "bertindak untuk dan atas nama sendiri" (a doctor in solo practice)


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
    # An addendum: the agreement it changes at the root (the Perjanjian Induk), and the
    # addenda signed since, oldest first ("Adendum Pertama …" before the second).
    parent: ParentReference | None = None
    amended_by: tuple[ParentReference, ...] = field(default_factory=tuple)
    draft: bool = True
    # "PIHAK": the template writes "… disebut PARA PIHAK dan masing-masing disebut PIHAK".
    each_party_called: str = ""
    # Set on the final version: the QR code carries the document id and this hash.
    content_hash: str = ""


def document_to_json(document: AgreementDocument) -> str:
    """*document* as JSON text: what a final agreement keeps of what it said."""
    return json.dumps(asdict(document), default=_json_default, ensure_ascii=False, sort_keys=True)


def _json_default(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def _date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def _build(kind: type, data: dict) -> object:
    known = {f.name for f in fields(kind)}
    return kind(**{key: value for key, value in data.items() if key in known})


def document_from_json(text: str) -> AgreementDocument:
    """The :class:`AgreementDocument` :func:`document_to_json` wrote."""
    data = json.loads(text)
    parties = tuple(
        _build(PartyBlock, {**p, "authority_date": _date(p.get("authority_date"))})
        for p in data.get("parties", ())
    )
    attachments = tuple(
        _build(TableBlock, {**t, "header": tuple(t["header"]),
                            "rows": tuple(tuple(row) for row in t["rows"]),
                            "total": tuple(t["total"]) if t.get("total") else None})
        for t in data.get("attachments", ())
    )
    def reference(ref: dict) -> ParentReference:
        return ParentReference(ref["title"], tuple(ref["numbers"]), _date(ref["agreement_date"]))

    parent = data.get("parent")
    return _build(AgreementDocument, {
        **data,
        "agreement_date": _date(data.get("agreement_date")),
        "start_date": _date(data.get("start_date")),
        "end_date": _date(data.get("end_date")),
        "parties": parties,
        "recitals": tuple(data.get("recitals", ())),
        "articles": tuple(_build(Article, a) for a in data.get("articles", ())),
        "attachments": attachments,
        "parent": reference(parent) if parent else None,
        "amended_by": tuple(reference(ref) for ref in data.get("amended_by", ())),
    })


# -- the archive, evaluation and readiness reports -------------------------------------------
@dataclass(frozen=True)
class Photo:
    """An image attachment, as bytes already scaled down for print (JPEG or PNG)."""

    caption: str
    data: bytes
    sha256: str


@dataclass(frozen=True)
class ReportEntry:
    """One activity report of step 7."""

    activity: str
    report_date: date
    participants: str
    attendance: str
    done: str
    results: str
    problems: str
    follow_up: str
    actual_cost_sen: int
    photos: tuple[Photo, ...] = ()
    other_files: tuple[str, ...] = ()  # names of non-image attachments


@dataclass(frozen=True)
class IndicatorSeries:
    name: str
    unit: str
    baseline: float
    target: float
    direction: str  # "up" | "down"
    points: tuple[tuple[str, float], ...]  # (period, value)


@dataclass(frozen=True)
class KeyScore:
    key: str  # the key's translated label
    practice: float | None
    partner: float | None
    light_practice: str  # "green" | "amber" | "red" | ""
    light_partner: str
    disagree: bool
    light: str = ""  # of both parties together, as step 8 judges the key (five_keys.judgement)


@dataclass(frozen=True)
class Section:
    """A titled block of label/value lines and tables: the generic part of every report."""

    title: str
    lines: tuple[tuple[str, str], ...] = ()  # (label, text)
    paragraphs: tuple[str, ...] = ()
    tables: tuple[TableBlock, ...] = ()


@dataclass(frozen=True)
class AttachmentLine:
    name: str
    caption: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Signatories:
    """Who signs for each party, named as the partnership's agreement (its template) names them:
    in a BPJS PKS the branch is PIHAK KESATU and the practice PIHAK KEDUA."""

    parties: tuple[PartyBlock, ...]  # in the agreement's order
    practice_role: str  # "PIHAK PERTAMA" / "PIHAK KEDUA"
    partner_role: str


@dataclass(frozen=True)
class ArchiveDocument:
    """Everything one partnership holds, for both parties to keep (steps 1–8)."""

    title: str  # the partnership's title
    practice_name: str
    partner_names: str
    generated_on: date
    sections: tuple[Section, ...]  # steps 1–6 and the agreements, in order
    reports: tuple[ReportEntry, ...]
    indicators: tuple[IndicatorSeries, ...]
    keys: tuple[KeyScore, ...]
    action_items: TableBlock | None
    attachments: tuple[AttachmentLine, ...]
    period_start: date | None = None  # the span the archive covers
    period_end: date | None = None
    implementation: Section | None = None  # step 7: its title and what it sums up
    evaluation: Section | None = None  # step 8
    signatories: Signatories | None = None  # the "Mengetahui" block of both parties


@dataclass(frozen=True)
class BeritaAcara:
    """The minutes of the monitoring and evaluation, signed by both parties (the PKS's Pasal on
    monitoring: "dituangkan dalam berita acara yang ditandatangani PARA PIHAK"). Printed in
    Indonesian whatever the screen language."""

    place: str
    held_on: date
    agreement: str  # "Perjanjian Kerja Sama Nomor … dan … tanggal …", or "" when none is signed
    signatories: Signatories
    disputed_keys: tuple[str, ...] = ()  # the keys' Indonesian names
    open_actions: int = 0
    done_actions: int = 0
    disagreement: float = 2.0  # from which difference the parties are said to disagree
    planned_activities: int = 0  # in the work plan (step 6)
    activity_reports: int = 0  # reported within the period (step 7)
    actual_cost_sen: int = 0  # what those reported activities cost
    # Where it is held as the agreement says it ("bertempat di Kabupaten Sleman"); *place* is
    # the town the signatures are dated at ("Sleman, 4 Desember 2026"). Empty: *place*.
    venue: str = ""
    # The signed agreement's term, and the indicator values recorded for a period wholly
    # outside it ("Angka kontak (2026-11)"), which the parties check before they sign.
    term_start: date | None = None
    term_end: date | None = None
    outside_term: tuple[str, ...] = ()
    # Values recorded for a period that begins after the day it is held ("Angka kontak
    # (2027-01)" in minutes of 4 Desember 2026): what has not happened is not evaluated.
    not_begun: tuple[str, ...] = ()


@dataclass(frozen=True)
class EvaluationDocument:
    """Step 8 alone, for a review meeting."""

    title: str
    practice_name: str
    partner_names: str
    generated_on: date
    indicators: tuple[IndicatorSeries, ...]
    keys: tuple[KeyScore, ...]
    statements: TableBlock | None  # each statement with both parties' scores
    action_items: TableBlock | None
    period_start: date | None = None  # the span evaluated
    period_end: date | None = None
    berita_acara: BeritaAcara | None = None


@dataclass(frozen=True)
class RequirementRow:
    """One administrative requirement of the credentialing form, with its evidence."""

    requirement: str  # as the form words it
    document: str  # the agreement that shows it, "PKS dengan Apotek Sehat Sentosa" ("" else)
    number: str
    valid_until: str
    met: bool
    files: tuple[str, ...] = ()  # names of the scans and photos that show it
    note: str = ""  # the practice's own note on it ("the original is in the clinic's safe")
    absent: bool = False  # an optional requirement ("jika ada") the practice does not have


@dataclass(frozen=True)
class CriterionRow:
    """One technical criterion: its sub-criteria, bobot, the self-assessed skor and skor × bobot."""

    name: str
    sub_criteria: tuple[str, ...]
    weight: int  # bobot, percent
    score: int | None  # skor 0–100, None when not scored
    weighted: Decimal | None  # skor × bobot


@dataclass(frozen=True)
class ReadinessDocument:
    """The FKTP credentialing form of a practice, self-assessed (printed in Indonesian)."""

    title: str  # "FORMULIR KREDENSIALING"
    subtitle: str
    partnership_title: str
    practice_name: str
    branch: str  # the BPJS branch office the form goes to
    generated_on: date
    identity: tuple[tuple[str, str], ...]  # (label, value) of the identity block
    requirements: tuple[RequirementRow, ...]
    criteria: tuple[CriterionRow, ...]
    technical_score: float | None  # None: not scored (administrative items missing, or none)
    missing: tuple[str, ...]  # what is still missing, each a sentence
    statement: str  # what the doctor signs
    place: str
    signer_name: str
    signer_line: str  # under the name: "SIP. 503/…"

    @property
    def administrative_complete(self) -> bool:
        return all(row.met or row.absent for row in self.requirements)
