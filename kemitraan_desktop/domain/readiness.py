"""Step 4 for a BPJS partnership: the credentialing readiness checklist (DOMAIN.md).

Administrative items must all be met before the technical areas are scored. Some items are
judged from data the program already has (the SIP and its expiry, the NPWP, signed PKS with the
jejaring); the rest the doctor ticks. Technical area weights are editable per partnership: only
the SDM weight is seen in a public form, the others are unconfirmed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from kemitraan_desktop.i18n import N_, _

from .clauses import default_end_date
from .dates import add_months

# Re-credentialing is due no later than this many months before the PKS ends (DOMAIN.md).
RECREDENTIALING_MONTHS_BEFORE_END = 3
SIP_VALID_MONTHS = 60  # a SIP is valid five years (DOMAIN.md)


@dataclass(frozen=True)
class ChecklistEntry:
    code: str
    category: str  # "administrative" | "technical"
    label: str  # marked with N_
    area: str = ""  # technical area code, for its weight
    derived: bool = False  # judged from data the program holds
    # What shows the item is met, in the credentialing submission: a scan or photo the doctor
    # attaches ("scan"), the signed PKS of that partnership ("partnership"), or a letter the
    # program prints to sign over a meterai and that is scanned back ("template").
    evidence: str = ""
    # Asked for only where it exists ("jika ada"): a practice without a bidan is not held back
    # by having no PKS with one.
    optional: bool = False


BPJS_CHECKLIST: tuple[ChecklistEntry, ...] = (
    ChecklistEntry(
        "sip", "administrative", N_("SIP (Surat Izin Praktik), valid"), derived=True,
        evidence="scan",
    ),
    ChecklistEntry(
        "str", "administrative", N_("STR (Surat Tanda Registrasi)"), derived=True,
        evidence="scan",
    ),
    ChecklistEntry("npwp", "administrative", N_("NPWP"), derived=True, evidence="scan"),
    ChecklistEntry(
        "pks_apotek", "administrative", N_("Signed PKS with a pharmacy (apotek)"), derived=True,
        evidence="partnership",
    ),
    ChecklistEntry(
        "pks_laboratorium", "administrative", N_("Signed PKS with a laboratory"), derived=True,
        evidence="partnership",
    ),
    ChecklistEntry(
        "pks_bidan", "administrative", N_("Signed PKS with a midwife or other jejaring (if any)"),
        evidence="partnership", optional=True,
    ),
    ChecklistEntry(
        "surat_pernyataan", "administrative", N_("Surat pernyataan to comply with the JKN rules"),
        evidence="template",
    ),
    ChecklistEntry(
        "akreditasi", "administrative", N_("Accreditation of the practice"), evidence="scan"
    ),
    ChecklistEntry("sdm", "technical", N_("Human resources (sumber daya manusia)"), area="sdm"),
    ChecklistEntry(
        "sarana",
        "technical",
        N_("Facilities and infrastructure (kelengkapan sarana prasarana)"),
        area="sarana",
    ),
    ChecklistEntry(
        "lingkup", "technical", N_("Scope of services (lingkup pelayanan)"), area="lingkup"
    ),
    ChecklistEntry(
        "komitmen", "technical", N_("Service commitment (komitmen pelayanan)"), area="komitmen"
    ),
)

def recredentialing_due(pks_end: date) -> date:
    """The last day for BPJS re-credentialing: 3 months before the PKS ends (31 December 2027
    gives 30 September 2027), whoever drafted the PKS."""
    return add_months(pks_end, -RECREDENTIALING_MONTHS_BEFORE_END)


BY_CODE = {entry.code: entry for entry in BPJS_CHECKLIST}
PKS_PARTNER_TYPES = {
    "pks_apotek": "apotek",
    "pks_laboratorium": "laboratorium",
    "pks_bidan": "bidan",
}


def is_optional(code: str) -> bool:
    """Whether the requirement *code* is asked for only where it exists (a PKS with a bidan)."""
    entry = BY_CODE.get(code)
    return entry.optional if entry else False


def holds_back(code: str, met: bool) -> bool:
    """Whether an administrative requirement still stands between the practice and the
    scoring of the technical criteria: one not met, unless it is only asked for where it
    exists (the PKS with a bidan "jika ada")."""
    return not met and not is_optional(code)


def jejaring_in_force(ends: date | None, fktp_starts: date | None, today: date) -> bool:
    """Whether a signed jejaring PKS that ends on *ends* (``None``: no end) counts for the
    credentialing of the PKS with BPJS that starts on *fktp_starts*: it must still be in force
    on that day, and today. A PKS with the apotek that ended on 31 Desember 2027 does not
    support a BPJS term from 1 Januari 2028 (walker4 F-r); one that ends during the term
    does, and the form asks for an adendum to extend it (services.credentialing.Lapse)."""
    if ends is None:
        return True
    return ends >= max(today, fktp_starts) if fktp_starts is not None else ends >= today


def derived_met(
    code: str,
    *,
    sip_number: str,
    sip_expires: date | None,
    str_number: str,
    npwp: str,
    signed_partner_types: set[str],
    today: date,
) -> bool | None:
    """Whether a derived item is met; None for items the doctor ticks."""
    if code == "sip":
        return bool(sip_number) and (sip_expires is None or sip_expires >= today)
    if code == "str":
        return bool(str_number)
    if code == "npwp":
        return bool(npwp)
    if code in ("pks_apotek", "pks_laboratorium"):
        return PKS_PARTNER_TYPES[code] in signed_partner_types
    return None


@dataclass(frozen=True)
class TechnicalScore:
    weighted: float  # 0..100
    scored_areas: int


def weighted_part(score: int | None, weight: int) -> Decimal | None:
    """Skor × bobot of one technical area, as the form writes it: 85 × 25% is 21,25."""
    if score is None:
        return None
    return Decimal(score) * Decimal(weight) / 100


def technical_score(scores: dict[str, int | None], weights: dict[str, int]) -> TechnicalScore:
    """The weighted self-assessment score of the technical areas (0–100, two decimals).

    The sum of the areas' skor × bobot: the total the form prints under that column. When the
    weights of the areas scored do not add up to 100 the sum is weighed by theirs.
    """
    scored = {area: score for area, score in scores.items() if score is not None}
    total_weight = sum(weights.get(area, 0) for area in scored)
    if total_weight == 0:
        return TechnicalScore(0.0, len(scored))
    parts = sum(
        (weighted_part(score, weights.get(area, 0)) for area, score in scored.items()),
        Decimal(0),
    )
    value = (parts * 100 / total_weight).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return TechnicalScore(float(value), len(scored))


def entry_label(code: str) -> str:
    entry = BY_CODE.get(code)
    return _(entry.label) if entry else code


def proposed_sip_expiry(issued: date) -> date:
    """The last day of a SIP issued on *issued*, five years on: 3 Januari 2026 → 2 Januari 2031
    (proposed; the SIP's own date stands when it differs)."""
    return default_end_date(issued, SIP_VALID_MONTHS)
