"""The name a person sees for each field, and the rules every record's fields follow.

Field names are shared across records (``phone`` is a phone number wherever it appears), so one
table of labels and one set of rules serve the practice, the partners and every step.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from kemitraan_desktop.i18n import N_, _, babel_locale

from . import enums, five_keys, validation
from .periods import normalize_period
from .steps import STEPS
from .validation import MAX_MONEY_SEN, ValidationError

LABELS: dict[str, str] = {
    "doctor_name": N_("Doctor's name"),
    "degree": N_("Degree"),
    "clinic_name": N_("Practice name"),
    "nik": N_("NIK"),
    "npwp": N_("NPWP"),
    "str_number": N_("STR number"),
    "sip_number": N_("SIP number"),
    "sip_issued": N_("SIP issued on"),
    "sip_expires": N_("SIP valid until"),
    "street": N_("Street address"),
    "rt_rw": N_("RT/RW"),
    "kelurahan": N_("Kelurahan/Desa"),
    "kecamatan": N_("Kecamatan"),
    "kota": N_("Regency/City"),
    "provinsi": N_("Province"),
    "postal_code": N_("Postal code"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "kode_faskes": N_("Kode faskes"),
    "practice_hours": N_("Practice hours"),
    "number_unit": N_("Unit code in agreement numbers"),
    "number_pattern": N_("Agreement number pattern"),
    "name": N_("Name"),
    "partner_type": N_("Partner type"),
    # A partner's contact before people were kept apart (issue 13.5): old audit entries.
    "contact_person": N_("Contact person"),
    "contact_position": N_("Contact person's position"),
    "job_title": N_("Position"),
    "staff_number": N_("NIP/NPP"),
    "signs": N_("Signs agreements"),
    "notes": N_("Notes"),
    "number": N_("Number"),
    "issued": N_("Issued on"),
    "expires": N_("Valid until"),
    "title": N_("Title"),
    "status": N_("Status"),
    "current_step": N_("Current step"),
    "idea": N_("Partnership idea"),
    "practice_vision": N_("Practice's vision"),
    "practice_mission": N_("Practice's mission"),
    "partner_vision": N_("Partner's vision"),
    "partner_mission": N_("Partner's mission"),
    "description": N_("Description"),
    "target": N_("Target"),
    "target_date": N_("Target date"),
    "party": N_("Party"),
    "label": N_("Item"),
    "score": N_("Score"),
    "note": N_("Note"),
    "quantity": N_("Quantity"),
    "unit": N_("Unit"),
    "unit_cost_sen": N_("Unit cost"),
    "funded_by": N_("Funded by"),
    "kind": N_("Kind"),
    "subject": N_("Subject"),
    "place": N_("Place"),
    "agreement_date": N_("Date of agreement"),
    "start_date": N_("Start date"),
    "end_date": N_("End date"),
    "organisation": N_("Organisation"),
    "signatory_name": N_("Signatory"),
    "signatory_position": N_("Signatory's position"),
    "authority": N_("Basis of authority"),
    "signatory_id_number": N_("NIK/NIP of the signatory"),
    "authority_kind": N_("Kind of basis of authority"),
    "authority_number": N_("Number of the basis of authority"),
    "authority_date": N_("Date of the basis of authority"),
    "id_kind": N_("Kind of identity number"),
    "own_behalf": N_("Acts on their own behalf"),
    "court": N_("Pengadilan Negeri"),
    "address": N_("Address"),
    "body": N_("Text"),
    "person_in_charge": N_("Person in charge"),
    "location": N_("Location"),
    "planned_cost_sen": N_("Planned cost"),
    "report_date": N_("Report date"),
    "participants": N_("Participants"),
    "attendance": N_("Attendance list"),
    "done": N_("What was done"),
    "results": N_("Results"),
    "problems": N_("Problems"),
    "follow_up": N_("Follow-up"),
    "actual_cost_sen": N_("Actual cost"),
    "baseline": N_("Baseline"),
    "direction": N_("Direction"),
    "frequency": N_("Frequency"),
    "period": N_("Period"),
    "value": N_("Value"),
    "assessed_on": N_("Assessed on"),
    "assessor": N_("Assessor"),
    "owner": N_("Owner"),
    "due_date": N_("Due date"),
    "caption": N_("Caption"),
    # Fields the audit trail names although no form shows them under a label of their own.
    "category": N_("Category"),
    "area": N_("Area"),
    "code": N_("Code"),
    "position": N_("Order"),
    "ordinal": N_("Order"),
    "chosen": N_("Chosen"),
    "met": N_("Met"),
    "key": N_("Key"),
    "statement": N_("Statement"),
    "version": N_("Version"),
    "template": N_("Template"),
    "paper": N_("Paper"),
    "drafted_by": N_("Drafted by"),
    "text_format": N_("Text format"),
    "snapshot": N_("Final text"),
    "capitation_rate_sen": N_("Capitation rate (per member per month)"),
    "signed_by": N_("Signed by"),
    "signed_on": N_("Signed on"),
    "finalized_at": N_("Finalized"),
    "final_pdf_sha256": "SHA-256",
    "final_pdf_attachment_id": N_("Final PDF"),
    "signed_scan_attachment_id": N_("Scan of the signed copy"),
    "sha256": "SHA-256",
    "original_name": N_("File name"),
    "media_type": N_("File type"),
    "size": N_("Size"),
    "imported_from": N_("Imported from"),
    "summary": N_("Summary"),
    "kesetaraan_met": N_("Equity (kesetaraan)"),
    "kesetaraan_note": N_("Equity (kesetaraan)"),
    "keterbukaan_met": N_("Openness (keterbukaan)"),
    "keterbukaan_note": N_("Openness (keterbukaan)"),
    "saling_menguntungkan_met": N_("Mutual benefit (saling menguntungkan)"),
    "saling_menguntungkan_note": N_("Mutual benefit (saling menguntungkan)"),
    "score_shared_vision": N_("Shared vision"),
    "score_capacity": N_("Capacity"),
    "score_access": N_("Access/distance"),
    "score_reputation": N_("Reputation"),
    "score_acceptance": N_("Likelihood of acceptance"),
    "weight_shared_vision": N_("Weight: shared vision"),
    "weight_capacity": N_("Weight: capacity"),
    "weight_access": N_("Weight: access/distance"),
    "weight_reputation": N_("Weight: reputation"),
    "weight_acceptance": N_("Weight: likelihood of acceptance"),
    "weight_sdm": N_("Weight: human resources"),
    "weight_sarana": N_("Weight: facilities and equipment"),
    "weight_lingkup": N_("Weight: scope of services"),
    "weight_komitmen": N_("Weight: service commitment"),
}


# The name a person sees for each kind of record (the audit trail, the personal data search).
RECORD_LABELS: dict[str, str] = {
    "practice": N_("Practice"),
    "partner": N_("Partner"),
    "partner_licence": N_("Partner licence"),
    "practice_person": N_("Person of the practice"),
    "partner_person": N_("Person of a partner"),
    "partnership": N_("Partnership"),
    "candidate": N_("Candidate partner"),
    "goal": N_("Goal"),
    "role": N_("Role"),
    "readiness_item": N_("Readiness item"),
    "budget_line": N_("Budget line"),
    "agreement": N_("Agreement"),
    "agreement_party": N_("Party to the agreement"),
    "clause": N_("Clause"),
    "activity": N_("Activity"),
    "activity_report": N_("Activity report"),
    "attachment": N_("Attachment"),
    "readiness_evidence": N_("Credentialing evidence"),
    "indicator": N_("Indicator"),
    "indicator_value": N_("Indicator value"),
    "key_assessment": N_("Five-key assessment"),
    "key_answer": N_("Five-key answer"),
    "action_item": N_("Action item"),
}


def record_label(kind: str) -> str:
    """The translated name of a record *kind* (the kind itself when none is known)."""
    text = RECORD_LABELS.get(kind)
    return _(text) if text else kind


def label(field: str) -> str:
    """The translated name of *field* (the field name itself when none is known)."""
    text = LABELS.get(field)
    return _(text) if text else field


# Which fields each kind of record cannot be saved without.
REQUIRED: dict[str, tuple[str, ...]] = {
    "practice": ("doctor_name",),
    "partner": ("name", "partner_type"),
    "partner_licence": ("name",),
    "practice_person": ("name",),
    "partner_person": ("name",),
    "partnership": ("title",),
    "candidate": ("partner_id",),
    "role": ("party",),
    "readiness_item": ("code", "label", "category"),
    "agreement_party": ("party",),
    "clause": ("kind",),
    "activity": ("name",),
    "activity_report": ("report_date",),
    "attachment": ("original_name",),
    "readiness_evidence": ("readiness_item_id", "attachment_id"),
    "indicator": ("name",),
    "indicator_value": ("period", "value"),
    "key_assessment": ("party", "assessed_on"),
    "key_answer": ("key", "statement", "score"),
}

# Fields holding one value of a fixed vocabulary, per record kind ("*" = any record).
VOCABULARIES: dict[tuple[str, str], type[enums.Labelled]] = {
    ("*", "partner_type"): enums.PartnerType,
    ("*", "party"): enums.Party,
    ("*", "funded_by"): enums.Party,
    ("*", "direction"): enums.Direction,
    ("*", "frequency"): enums.Frequency,
    ("*", "category"): enums.ReadinessCategory,
    ("partnership", "status"): enums.PartnershipStatus,
    ("agreement", "status"): enums.AgreementStatus,
    ("agreement", "kind"): enums.AgreementKind,
    ("agreement", "paper"): enums.Paper,
    ("agreement", "drafted_by"): enums.DraftedBy,
    ("clause", "kind"): enums.ClauseKind,
    ("key_answer", "key"): enums.SuccessKey,
    ("action_item", "key"): enums.SuccessKey,  # or "" for an action item of no key
}

# Pairs of dates where the second may not come before the first.
DATE_RANGES = (
    ("sip_issued", "sip_expires"),
    ("issued", "expires"),
    ("start_date", "end_date"),
)

_BY_NAME: dict[str, Callable[[Any, str], Any]] = {
    "nik": lambda value, field: validation.validate_nik(value, field),
    "npwp": lambda value, field: validation.normalize_npwp(value, field),
    "phone": lambda value, field: validation.validate_phone(value, field),
    "postal_code": lambda value, field: validation.validate_postal_code(value, field),
    "email": lambda value, field: validation.validate_email(value, field),
    "kode_faskes": lambda value, field: validation.normalize_kode_faskes(value),
}


def _score(value: Any, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(
            field,
            _("{label} must be a whole number from {low} to {high}.").format(
                label=label(field), low=low, high=high
            ),
        )
    return value


# The range of each decimal field, and the places the database keeps (Numeric(18, 4)). A budget
# line's total (quantity × unit cost) must also stay within the money limit, MAX_MONEY_SEN.
MAX_QUANTITY = Decimal(10) ** 9
MAX_MEASURE = Decimal(10) ** 12
DECIMAL_RANGES: dict[str, tuple[Decimal, Decimal]] = {
    "quantity": (Decimal(0), MAX_QUANTITY),
    "baseline": (-MAX_MEASURE, MAX_MEASURE),
    "target": (-MAX_MEASURE, MAX_MEASURE),
    "value": (-MAX_MEASURE, MAX_MEASURE),
}
DECIMAL_PLACES = 4


def _shown_number(number: Decimal) -> str:
    from babel.numbers import format_decimal  # Babel: not at start-up

    return format_decimal(number, locale=babel_locale())


def _decimal(value: Any, field: str) -> Decimal:
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError):
        number = Decimal("NaN")
    if not number.is_finite():
        raise ValidationError(field, _("{label} must be a number.").format(label=label(field)))
    low, high = DECIMAL_RANGES[field]
    # Compared as they are: abs() or rounding would apply the context, and 1e999999999
    # overflows it (decimal.Overflow instead of a message).
    if number < low or number > high:
        raise ValidationError(field, _("{label} must be from {low} to {high}.").format(
            label=label(field), low=_shown_number(low), high=_shown_number(high)))
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -DECIMAL_PLACES and number != number.quantize(
            Decimal(1).scaleb(-DECIMAL_PLACES)):
        raise ValidationError(field, _("{label} can have at most {places} decimal places.").format(
            label=label(field), places=DECIMAL_PLACES))
    return number


def _budget_line_total(merged: Mapping[str, Any], field: str) -> None:
    from .money import line_total_sen  # Babel and num2words: not at start-up

    quantity = merged.get("quantity", Decimal(1))
    unit_cost = merged.get("unit_cost_sen", 0)
    if line_total_sen(quantity, unit_cost) > MAX_MONEY_SEN:
        raise ValidationError(field, _("The line total (quantity × unit cost) is too large."))


# Free text (a clause, a report, a note) is kept as typed up to this many characters; more is
# refused with a message. Nobody types 20,000 characters into one field: a paste that long is
# a mistake, and ReportLab lays a paragraph out again on every page it runs over, so one field
# of 100,000 characters kept the agreement's preview busy for a minute while the doctor waited.
TEXT_LIMIT = 20_000

# A lone surrogate is half of a character (an emoji cut in two, a file name in a foreign
# encoding): no file or database can hold it, so it is refused rather than silently changed.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(field, _("{label} must be text.").format(label=label(field)))
    if _SURROGATE.search(value):
        raise ValidationError(
            field,
            _("{label} contains a broken character (half of an emoji or of a letter, often from "
              "copying and pasting). Delete it and type it again.").format(label=label(field)),
        )
    # NUL cannot be stored or printed; every other character is kept exactly as typed.
    return value.replace("\x00", "")


def check_length(field: str, value: Any, limit: int | None) -> None:
    """Refuse text longer than *limit* characters (a column's length, or ``TEXT_LIMIT``)."""
    if limit and isinstance(value, str) and len(value) > limit:
        raise ValidationError(
            field,
            _("{label} is too long (at most {limit} characters).").format(
                label=label(field), limit=limit),
        )


def _blank(value: Any) -> bool:
    """Nothing given: no value or only spaces. Zero is a value (an indicator may be 0)."""
    return value is None or not str(value).strip()


def clean_fields(
    record: str, fields: Mapping[str, Any], *, creating: bool, current: Mapping[str, Any] = {}
) -> dict[str, Any]:
    """Validate and normalise *fields* of a *record* kind; raise ``ValidationError`` on the first
    problem. *current* holds the stored values, so a date range is checked against both."""
    cleaned: dict[str, Any] = {}
    for field, value in fields.items():
        cleaned[field] = clean_value(record, field, value)
    if creating:
        for field in REQUIRED.get(record, ()):
            if _blank(cleaned.get(field)):
                raise ValidationError(
                    field, _("{label} must be filled in.").format(label=label(field))
                )
    else:
        for field in REQUIRED.get(record, ()):
            if field in cleaned and _blank(cleaned[field]):
                raise ValidationError(
                    field, _("{label} must be filled in.").format(label=label(field))
                )
    merged = {**current, **cleaned}
    for first, second in DATE_RANGES:
        if first in cleaned or second in cleaned:
            validation.validate_date_range(merged.get(first), merged.get(second), second)
    if record == "budget_line" and ("quantity" in cleaned or "unit_cost_sen" in cleaned):
        _budget_line_total(merged, "quantity" if "quantity" in cleaned else "unit_cost_sen")
    if record == "key_answer" and ("statement" in cleaned or "key" in cleaned):
        statement = five_keys.check_statement(merged.get("statement"))
        five_keys.check_answer_key(statement, merged.get("key"))
    return cleaned


def edited_text(field: str, value: Any) -> str:
    """*value* as its field's editor shows it: a phone number in its groups
    (:func:`~.validation.format_phone`; stored as digits), anything else as it is."""
    if field == "phone" and isinstance(value, str):
        return validation.format_phone(value)
    return value


def shown_value(record: str, field: str, value: Any) -> str:
    """*value* of *field* as a person reads it: a vocabulary's label, a yes or no, a checklist
    item in the active language (the checklist stores its English source text)."""
    if value is None or value == "":
        return "–"
    vocabulary = VOCABULARIES.get((record, field)) or VOCABULARIES.get(("*", field))
    if vocabulary is not None:
        try:
            return vocabulary(value).label
        except ValueError:
            return str(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field == "phone" and isinstance(value, str):
        return validation.format_phone(value)
    if record == "readiness_item" and field == "label" and isinstance(value, str):
        return _(value)
    if field.endswith("_sen") and isinstance(value, int):
        from .money import format_rupiah  # Babel and num2words: not at start-up

        return format_rupiah(value)
    return str(value)


def clean_value(record: str, field: str, value: Any) -> Any:
    if record == "action_item" and field == "key" and value == "":
        return value
    vocabulary = VOCABULARIES.get((record, field)) or VOCABULARIES.get(("*", field))
    if vocabulary is not None:
        try:
            return vocabulary(value).value
        except ValueError:
            raise ValidationError(
                field,
                _("{label}: unknown value {value}.").format(
                    label=label(field), value=validation.quoted(value)),
            ) from None
    if field.endswith("_sen"):
        return validation.validate_money_sen(value, field)
    if field.startswith("score_"):
        return _score(value, field, 1, 5)
    if field.startswith("weight_"):
        return _score(value, field, 0, 100)
    if record == "key_answer" and field == "score":
        return five_keys.check_score(value)
    if record == "key_answer" and field == "statement":
        return five_keys.check_statement(value).code
    if field == "score":
        return None if value is None else _score(value, field, 0, 100)
    if field == "current_step":
        return _score(value, field, STEPS[0].number, STEPS[-1].number)
    if record == "indicator_value" and field == "period":
        period = _text(value, field)  # a blank one is said by REQUIRED: "must be filled in"
        return normalize_period(period) if period.strip() else period
    if field in DECIMAL_RANGES and record != "goal":
        return _decimal(value, field)
    if isinstance(value, date) or value is None or isinstance(value, bool | int | Decimal):
        return value
    text = _text(value, field)
    if field in _BY_NAME and text.strip():
        return _BY_NAME[field](text, field)
    return text
