"""The fixed vocabularies of the domain, each with a label marked for translation.

Values are stored as their English ``value`` strings; labels are translated where shown.
"""

from __future__ import annotations

from enum import StrEnum

from kemitraan_desktop.i18n import N_, NP_, _, pgettext


class Labelled(StrEnum):
    """A string enum whose members carry a translatable label."""

    @property
    def label(self) -> str:
        return _(self._labels()[self.value])

    @classmethod
    def _labels(cls) -> dict[str, str]:
        raise NotImplementedError

    @classmethod
    def parse(cls, value: str) -> Labelled:
        try:
            return cls(value)
        except ValueError:
            from kemitraan_desktop.domain.validation import ValidationError, quoted

            raise ValidationError(
                cls.__name__, _("Unknown value: {value}.").format(value=quoted(value))
            ) from None


class PartnerType(Labelled):
    BPJS = "bpjs"
    APOTEK = "apotek"
    LABORATORIUM = "laboratorium"
    BIDAN = "bidan"
    PUSKESMAS = "puskesmas"
    RUMAH_SAKIT = "rumah_sakit"
    KLINIK = "klinik"
    DINKES = "dinas_kesehatan"
    OTHER = "other"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "bpjs": N_("BPJS Kesehatan branch office"),
            "apotek": N_("Pharmacy (apotek)"),
            "laboratorium": N_("Laboratory"),
            "bidan": N_("Midwife (bidan)"),
            "puskesmas": N_("Puskesmas"),
            "rumah_sakit": N_("Hospital"),
            "klinik": N_("Clinic"),
            "dinas_kesehatan": N_("District health office (Dinas Kesehatan)"),
            "other": N_("Other"),
        }


class PartnershipStatus(Labelled):
    PLANNING = "planning"
    NEGOTIATING = "negotiating"
    ACTIVE = "active"
    EVALUATING = "evaluating"
    ENDED = "ended"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "planning": N_("Planning"),
            "negotiating": N_("Negotiating"),
            "active": N_("Active"),
            "evaluating": N_("Evaluating"),
            "ended": N_("Ended"),
        }


class Party(Labelled):
    """Which side of the partnership: the practice (PIHAK PERTAMA) or the partner."""

    PRACTICE = "practice"
    PARTNER = "partner"
    BOTH = "both"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "practice": N_("Practice"),
            "partner": N_("Partner"),
            "both": N_("Both parties"),
        }


class AgreementKind(Labelled):
    MOU = "mou"
    PKS = "pks"
    ADDENDUM = "addendum"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "mou": N_("Memorandum of Understanding (MoU)"),
            "pks": N_("Cooperation agreement (PKS)"),
            "addendum": N_("Addendum"),
        }


class AgreementStatus(Labelled):
    DRAFT = "draft"
    FINAL = "final"
    SIGNED = "signed"
    ACTIVE = "active"
    AMENDED = "amended"
    ENDED = "ended"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "draft": N_("Draft"),
            "final": N_("Final"),
            "signed": N_("Signed"),
            "active": N_("Active"),
            "amended": N_("Amended"),
            "ended": N_("Ended"),
        }

    @property
    def locked(self) -> bool:
        """Content can no longer change: a change means an addendum, a new version."""
        return self is not AgreementStatus.DRAFT


class DraftedBy(Labelled):
    """Whose text an agreement is: ours, printed from a template, or the partner's own (a BPJS
    branch's PKS), held as the PDF or scan they brought."""

    PRACTICE = "practice"
    PARTNER = "partner"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "practice": N_("Our text (from the program's template)"),
            "partner": N_("The partner's own text"),
        }


class Paper(Labelled):
    """The paper an agreement is printed on (the printed reports know these two)."""

    A4 = "a4"
    F4 = "f4"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"a4": N_("A4 (210 × 297 mm)"), "f4": N_("F4 / folio (215 × 330 mm)")}


class ClauseKind(Labelled):
    RECITAL = "recital"
    ARTICLE = "article"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"recital": N_("Recital"), "article": N_("Article (Pasal)")}


class ReadinessCategory(Labelled):
    ADMINISTRATIVE = "administrative"
    TECHNICAL = "technical"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"administrative": N_("Administrative"), "technical": N_("Technical")}


class SuccessKey(Labelled):
    """The program's five keys of success (DOMAIN.md)."""

    COOPERATION = "cooperation"
    COORDINATION = "coordination"
    COLLABORATION = "collaboration"
    DYNAMIC_TEAM = "dynamic_team"
    COMMITMENT = "commitment"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "cooperation": N_("Cooperation"),
            "coordination": N_("Coordination"),
            "collaboration": N_("Collaboration"),
            "dynamic_team": N_("Creation of a dynamic team"),
            "commitment": N_("Commitment"),
        }

    @property
    def printed_label(self) -> str:
        """The key's name as a document prints it, in the document's language alone: the
        Indonesian screen shows "Kerja sama (Cooperation)" beside the framework's English name,
        a berita acara or an archive prints "Kerja sama"."""
        return pgettext(PRINTED, _PRINTED_KEYS[self.value])


# The context of a word as documents print it, where the screen words it otherwise.
PRINTED = "printed document"
_PRINTED_KEYS = {
    "cooperation": NP_("printed document", "Cooperation"),
    "coordination": NP_("printed document", "Coordination"),
    "collaboration": NP_("printed document", "Collaboration"),
    "dynamic_team": NP_("printed document", "Creation of a dynamic team"),
    "commitment": NP_("printed document", "Commitment"),
}


class Direction(Labelled):
    HIGHER_IS_BETTER = "up"
    LOWER_IS_BETTER = "down"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"up": N_("Higher is better"), "down": N_("Lower is better")}


class Frequency(Labelled):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"monthly": N_("Monthly"), "quarterly": N_("Quarterly"), "yearly": N_("Yearly")}


class AuditAction(Labelled):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    FINALIZE = "finalize"
    SIGN = "sign"
    EXPORT = "export"
    IMPORT = "import"
    BACKUP = "backup"
    RESTORE = "restore"
    ERASE = "erase"  # a person's data erased on request (UU 27/2022); the values are not logged

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "create": N_("Created"),
            "update": N_("Changed"),
            "delete": N_("Deleted"),
            "finalize": N_("Finalized"),
            "sign": N_("Signed"),
            "export": N_("Exported"),
            "import": N_("Imported"),
            "backup": N_("Backed up"),
            "restore": N_("Restored"),
            "erase": N_("Personal data erased"),
        }
