"""Step 4 for a BPJS partnership: the credentialing readiness checklist (DOMAIN.md).

Administrative items must all be met before the technical areas are scored. Some items are
judged from data the program already has (the SIP and its expiry, the NPWP, signed PKS with the
jejaring); the rest the doctor ticks. Technical area weights are editable per partnership: only
the SDM weight is seen in a public form, the others are unconfirmed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kemitraan_desktop.i18n import N_, _


@dataclass(frozen=True)
class ChecklistEntry:
    code: str
    category: str  # "administrative" | "technical"
    label: str  # marked with N_
    area: str = ""  # technical area code, for its weight
    derived: bool = False  # judged from data the program holds


BPJS_CHECKLIST: tuple[ChecklistEntry, ...] = (
    ChecklistEntry("sip", "administrative", N_("SIP (Surat Izin Praktik), valid"), derived=True),
    ChecklistEntry("str", "administrative", N_("STR (Surat Tanda Registrasi)"), derived=True),
    ChecklistEntry("npwp", "administrative", N_("NPWP"), derived=True),
    ChecklistEntry(
        "pks_apotek", "administrative", N_("Signed PKS with a pharmacy (apotek)"), derived=True
    ),
    ChecklistEntry(
        "pks_laboratorium", "administrative", N_("Signed PKS with a laboratory"), derived=True
    ),
    ChecklistEntry(
        "pks_bidan", "administrative", N_("Signed PKS with a midwife or other jejaring (if any)")
    ),
    ChecklistEntry(
        "surat_pernyataan", "administrative", N_("Surat pernyataan to comply with the JKN rules")
    ),
    ChecklistEntry("akreditasi", "administrative", N_("Accreditation of the practice")),
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

BY_CODE = {entry.code: entry for entry in BPJS_CHECKLIST}
PKS_PARTNER_TYPES = {
    "pks_apotek": "apotek",
    "pks_laboratorium": "laboratorium",
    "pks_bidan": "bidan",
}


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


def technical_score(scores: dict[str, int | None], weights: dict[str, int]) -> TechnicalScore:
    """The weighted self-assessment score of the technical areas (0–100)."""
    total_weight = sum(weights.get(area, 0) for area, score in scores.items() if score is not None)
    scored = sum(1 for score in scores.values() if score is not None)
    if total_weight == 0:
        return TechnicalScore(0.0, scored)
    weighted = sum(
        score * weights.get(area, 0) for area, score in scores.items() if score is not None
    )
    return TechnicalScore(round(weighted / total_weight, 1), scored)


def entry_label(code: str) -> str:
    entry = BY_CODE.get(code)
    return _(entry.label) if entry else code
