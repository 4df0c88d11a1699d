"""What a doctor types into the partner and practice forms, and what the program says back."""

from __future__ import annotations

import contextlib
import pickle
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kemitraan_desktop import i18n
from kemitraan_desktop.domain.validation import (
    ValidationError,
    check_kode_faskes,
    format_phone,
    mask_id_number,
    mask_nik,
    mask_npwp,
    mask_numbers_in,
    mask_personal_number,
    normalize_kode_faskes,
    normalize_npwp,
    require_text,
    validate_date_range,
    validate_email,
    validate_money_sen,
    validate_nik,
    validate_phone,
    validate_postal_code,
)

# --- ValidationError ---------------------------------------------------------------------------


# These tests read the rules' source wording; the Indonesian is checked below.
pytestmark = pytest.mark.usefixtures("english")


def test_messages_are_indonesian_by_default():
    i18n.set_language("id")
    with pytest.raises(ValidationError) as refused:
        validate_nik("1234")
    assert refused.value.message.startswith("NIK harus")


def test_validation_error_names_the_field_and_reads_as_its_message():
    err = ValidationError("nik", "NIK may contain digits only.")
    assert err.field == "nik"
    assert err.message == "NIK may contain digits only."
    assert str(err) == "NIK may contain digits only."
    assert isinstance(err, ValueError)


def test_validation_error_survives_pickling_for_worker_threads_and_processes():
    copy = pickle.loads(pickle.dumps(ValidationError("npwp", "NPWP cannot be all zeros.")))
    assert copy.field == "npwp"
    assert copy.message == str(copy) == "NPWP cannot be all zeros."


# --- NIK ---------------------------------------------------------------------------------------

MAN_NIK = "3471011503850001"  # Kota Yogyakarta, born 15-03-1985
WOMAN_NIK = "3471015503850002"  # same date, day + 40


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (MAN_NIK, MAN_NIK),
        (WOMAN_NIK, WOMAN_NIK),
        ("3471 0115 0385 0001", MAN_NIK),  # as read aloud from the KTP
        ("34.71.01.150385.0001", MAN_NIK),
        ("34-71-01-150385-0001", MAN_NIK),
        ("  3471011503850001  ", MAN_NIK),
        ("3471012902000001", "3471012902000001"),  # 29 Feb 2000: a leap year
        ("3471016902000001", "3471016902000001"),  # a woman born 29 Feb 2000
        ("3471017101900001", "3471017101900001"),  # a woman born 31 Jan 1990 (day 71)
        ("3471014101900001", "3471014101900001"),  # a woman born 1 Jan 1990 (day 41)
        ("1101010101900001", "1101010101900001"),  # Aceh, the lowest province code
        ("9501010101900001", "9501010101900001"),  # Papua Pegunungan, created 2022
        ("9601010101900001", "9601010101900001"),  # Papua Barat Daya, created 2022
    ],
)
def test_valid_nik_is_normalised_to_16_digits(typed, expected):
    assert validate_nik(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("347101150385001", "NIK must have 16 digits (found 15)."),
        ("34710115038500011", "NIK must have 16 digits (found 17)."),
        ("34710115O3850001", "NIK may contain digits only."),  # letter O, not zero
        ("3471 0115 abcd 0001", "NIK may contain digits only."),
        ("３４７１０１１５０３８５０００１", "NIK may contain digits only."),  # full-width digits
        ("", "NIK must be filled in."),
        ("   ", "NIK must be filled in."),
        ("0071011503850001", "The province code in the NIK (digits 1–2) does not exist."),
        ("1071011503850001", "The province code in the NIK (digits 1–2) does not exist."),
        ("9771011503850001", "The province code in the NIK (digits 1–2) does not exist."),
        ("3400011503850001", "The regency code in the NIK (digits 3–4) cannot be 00."),
        ("3471001503850001", "The district code in the NIK (digits 5–6) cannot be 00."),
        ("3471013102990001", "The birth date in the NIK (digits 7–12) is not a valid date."),
        ("3471012902010001", "The birth date in the NIK (digits 7–12) is not a valid date."),
        ("3471016902010001", "The birth date in the NIK (digits 7–12) is not a valid date."),
        ("3471010003850001", "The birth date in the NIK (digits 7–12) is not a valid date."),
        ("3471013203850001", "The birth date in the NIK (digits 7–12) is not a valid date."),
        ("3471014003850001", "The birth date in the NIK (digits 7–12) is not a valid date."),
        ("3471017203850001", "The birth date in the NIK (digits 7–12) is not a valid date."),
        ("3471013104850001", "The birth date in the NIK (digits 7–12) is not a valid date."),
        ("3471011500850001", "The birth month in the NIK (digits 9–10) must be 01 to 12."),
        ("3471011513850001", "The birth month in the NIK (digits 9–10) must be 01 to 12."),
        ("3471011503850000", "The serial number in the NIK (digits 13–16) cannot be 0000."),
    ],
)
def test_invalid_nik_says_exactly_what_is_wrong(typed, message):
    with pytest.raises(ValidationError) as caught:
        validate_nik(typed)
    assert caught.value.message == message
    assert caught.value.field == "nik"


def test_nik_error_carries_the_form_field_it_belongs_to():
    with pytest.raises(ValidationError) as caught:
        validate_nik("123", field="signatory_nik")
    assert caught.value.field == "signatory_nik"


# --- NPWP --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("01.234.567.8-901.000", "0012345678901000"),  # legacy 15 digits, as printed on the card
        ("012345678901000", "0012345678901000"),
        ("0012345678901000", "0012345678901000"),
        (MAN_NIK, MAN_NIK),  # since 2024 an individual's NPWP is the NIK
        ("3471 0115 0385 0001", MAN_NIK),
    ],
)
def test_npwp_is_normalised_to_16_digits(typed, expected):
    assert normalize_npwp(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("01.234.567.8-901", "NPWP must have 16 digits, or 15 for an old NPWP (found 12)."),
        ("00123456789010001", "NPWP must have 16 digits, or 15 for an old NPWP (found 17)."),
        ("01.234.567.8-901.00A", "NPWP may contain digits only."),
        ("00.000.000.0-000.000", "NPWP cannot be all zeros."),
        ("", "NPWP must be filled in."),
    ],
)
def test_invalid_npwp_is_refused(typed, message):
    with pytest.raises(ValidationError) as caught:
        normalize_npwp(typed)
    assert caught.value.message == message
    assert caught.value.field == "npwp"


# --- Phone -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("+62 812-3456-7890", "081234567890"),
        ("+6281234567890", "081234567890"),
        ("6281234567890", "081234567890"),
        ("0812 3456 7890", "081234567890"),
        ("0812-3456-78", "0812345678"),  # 08 + 8 digits, the shortest mobile
        ("0812-3456-7890-1", "0812345678901"),  # 08 + 11 digits, the longest
        ("(0274) 512345", "0274512345"),  # Yogyakarta, a 6-digit subscriber number
        ("(021) 5790-1234", "02157901234"),  # Jakarta
        ("+62 (0)274 512345", "0274512345"),
        ("+62 274 512345", "0274512345"),
        ("0361.234567", "0361234567"),
    ],
)
def test_phone_is_normalised_to_the_national_0_form(typed, expected):
    assert validate_phone(typed) == expected


@pytest.mark.parametrize(
    ("stored", "printed"),
    [
        ("081234567890", "0812 3456 7890"),
        ("+62 812-3456-7890", "0812 3456 7890"),
        ("0812345678", "0812 345 678"),
        ("08123456789", "0812 3456 789"),
        ("0812345678901", "0812 345 678 901"),
        ("0274895123", "0274 895123"),
        ("(0274) 512345", "0274 512345"),
        ("02157901234", "021 57901234"),
        ("0361234567", "0361 234567"),
        ("ext. 12", "ext. 12"),  # not a phone number: shown as stored
        ("", ""),
    ],
)
def test_a_phone_number_is_written_in_its_groups(stored, printed):
    assert format_phone(stored) == printed


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0812-ABCD-7890", "A phone number may contain only digits, spaces, +, - and parentheses."),
        ("0812 3456 7890 12", "A mobile number must be 08 followed by 8 to 11 digits."),
        ("0812345", "A mobile number must be 08 followed by 8 to 11 digits."),
        ("812 3456 7890", "A phone number must start with +62 or 0."),
        ("+1 212 555 0100", "A phone number must start with +62 or 0."),
        ("+0812 3456 7890", "A phone number must start with +62 or 0."),
        (
            "0274 5123",
            "A landline number must be 0, the area code and the subscriber number "
            "(9 to 12 digits in all).",
        ),
        (
            "0274 5123 4567 8",
            "A landline number must be 0, the area code and the subscriber number "
            "(9 to 12 digits in all).",
        ),
        (
            "00 62 274 512345",
            "A landline number must be 0, the area code and the subscriber number "
            "(9 to 12 digits in all).",
        ),
        ("", "Phone number must be filled in."),
    ],
)
def test_invalid_phone_is_refused(typed, message):
    with pytest.raises(ValidationError) as caught:
        validate_phone(typed)
    assert caught.value.message == message
    assert caught.value.field == "phone"


# --- Postal code, e-mail -------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["55281", " 55281 ", "10110", "99351"])
def test_valid_postal_code(typed):
    assert validate_postal_code(typed) == typed.strip()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("05281", "A postal code cannot start with 0."),
        ("5528", "A postal code must have 5 digits."),
        ("552811", "A postal code must have 5 digits."),
        ("55 281", "A postal code must have 5 digits."),
        ("5528a", "A postal code must have 5 digits."),
        ("", "Postal code must be filled in."),
    ],
)
def test_invalid_postal_code(typed, message):
    with pytest.raises(ValidationError) as caught:
        validate_postal_code(typed)
    assert caught.value.message == message


@pytest.mark.parametrize(
    "typed", ["klinik.sehat@gmail.com", " dr.andi@puskesmas-depok.go.id ", "a+b@x.co.id"]
)
def test_valid_email_is_stripped(typed):
    assert validate_email(typed) == typed.strip()


@pytest.mark.parametrize(
    "typed", ["klinik.sehat", "klinik@sehat", "@gmail.com", "a b@gmail.com", "a@@b.com", "a@b..com"]
)
def test_invalid_email(typed):
    with pytest.raises(ValidationError) as caught:
        validate_email(typed)
    assert caught.value.message == (
        "This is not a valid e-mail address (for example: name@example.com)."
    )


# --- Kode faskes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["0173U048", "0173u048", " 0173U048 ", "10270101"])
def test_usual_kode_faskes_shapes_give_no_warning(typed):
    assert check_kode_faskes(typed) == []


@pytest.mark.parametrize("typed", ["0173U48", "0173UU48", "173U0480", "0173-U048", "ABCDEFGH"])
def test_unusual_kode_faskes_gives_one_warning_but_is_not_refused(typed):
    warnings = check_kode_faskes(typed)
    assert len(warnings) == 1
    assert normalize_kode_faskes(typed) in warnings[0]
    assert "Please check it." in warnings[0]


def test_empty_kode_faskes_warns():
    assert check_kode_faskes("  ") == ["The Faskes code is empty."]


def test_kode_faskes_is_stored_upper_case():
    assert normalize_kode_faskes(" 0173u048 ") == "0173U048"


# --- Dates, money, required text -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 11, 22), date(2027, 11, 21)),
        (date(2026, 11, 22), date(2026, 11, 22)),  # a one-day activity
        (None, date(2026, 11, 22)),
        (date(2026, 11, 22), None),  # open-ended
        (None, None),
    ],
)
def test_date_range_accepts(start, end):
    assert validate_date_range(start, end) is None


def test_date_range_refuses_an_end_before_the_start():
    with pytest.raises(ValidationError) as caught:
        validate_date_range(date(2026, 11, 22), date(2026, 11, 21), field="valid_until")
    assert caught.value.field == "valid_until"
    assert caught.value.message == "The end date cannot be before the start date."


@pytest.mark.parametrize("amount", [0, 1, 295_000_000, 10**17])
def test_money_sen_accepts_whole_non_negative_amounts(amount):
    assert validate_money_sen(amount) == amount


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (-1, "The amount cannot be negative."),
        (10**17 + 1, "The amount is too large."),
        (2950000.0, "The amount must be a whole number of sen."),
        (True, "The amount must be a whole number of sen."),
        ("2950000", "The amount must be a whole number of sen."),
    ],
)
def test_money_sen_refuses(amount, message):
    with pytest.raises(ValidationError) as caught:
        validate_money_sen(amount, field="budget")
    assert (caught.value.field, caught.value.message) == ("budget", message)


def test_money_sen_custom_maximum():
    with pytest.raises(ValidationError):
        validate_money_sen(1_001, maximum=1_000)


def test_require_text_strips_and_names_the_label():
    assert require_text("  Apotek Sehat  ", "name", "Partner name") == "Apotek Sehat"
    for empty in (None, "", "   \n"):
        with pytest.raises(ValidationError) as caught:
            require_text(empty, "name", "Partner name")
        assert caught.value.message == "Partner name must be filled in."
        assert caught.value.field == "name"


# --- Masking -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("function", "value", "expected"),
    [
        (mask_nik, MAN_NIK, "************0001"),
        (mask_nik, "3471 0115 0385 1234", "************1234"),
        (mask_nik, "", ""),
        (mask_nik, "1234", "****"),  # a fragment is hidden whole
        (mask_npwp, "0012345678901000", "************1000"),
        (mask_npwp, "01.234.567.8-901.000", "************1000"),  # legacy: still 16 chars
    ],
)
def test_masking_shows_only_the_last_four_digits(function, value, expected):
    assert function(value) == expected


@given(st.text(alphabet="0123456789", min_size=16, max_size=16))
def test_masked_nik_never_reveals_more_than_four_digits(nik):
    masked = mask_nik(nik)
    assert len(masked) == 16
    assert masked[:12] == "*" * 12
    assert masked[-4:] == nik[-4:]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("nik", "3404076208850003", "************0003"),
        ("npwp", "3404076208850003", "************0003"),
        ("signatory_id_number", "NIP. 19780312 200501 1 002", "NIP. ******** ****** 1 002"),
        ("signatory_id_number", "3404076208850003", "************0003"),
        ("signatory_id_number", "-", "-"),  # nothing to hide
        ("nik", "", ""),
    ],
)
def test_a_personal_number_is_masked_as_it_was_typed(field, value, expected):
    assert mask_personal_number(field, value) == expected


def test_long_numbers_in_a_text_are_masked_and_phone_numbers_are_not():
    text = "NIK 3404 0762 0885 0003, NIP 197803122005011002, telp 081227654321."
    assert mask_numbers_in(text) == (
        "NIK **** **** **** 0003, NIP **************1002, telp 081227654321.")
    assert len(mask_numbers_in(text)) == len(text)  # a place found in the text stays put


@given(st.text(max_size=40))
def test_a_masked_id_number_keeps_its_length_and_at_most_four_digits(text):
    masked = mask_id_number(text)
    assert len(masked) == len(text)
    assert sum(character.isascii() and character.isdigit() for character in masked) <= 4


@given(st.text(max_size=40))
def test_validators_raise_only_validation_errors_on_any_text(text):
    for validator in (
        validate_nik,
        normalize_npwp,
        validate_phone,
        validate_postal_code,
        validate_email,
    ):
        with contextlib.suppress(ValidationError):
            validator(text)
    assert isinstance(check_kode_faskes(text), list)


def test_zero_is_a_value_an_empty_field_is_not(english):
    from decimal import Decimal

    from kemitraan_desktop.domain.fields import clean_fields

    cleaned = clean_fields("indicator_value", {"period": "2027", "value": Decimal(0)},
                           creating=True)
    assert cleaned["value"] == Decimal(0)
    with pytest.raises(ValidationError, match="must be filled in"):
        clean_fields("indicator_value", {"period": "  ", "value": Decimal(3)}, creating=True)
