"""Regressions found by pushing hostile text through the services (tests/integration/
test_hostile_input.py): each rule here once let a crash, an English message or a wrong match by."""

from __future__ import annotations

import os

import pytest

from kemitraan_desktop.domain import fields
from kemitraan_desktop.domain.fields import TEXT_LIMIT, check_length, clean_value
from kemitraan_desktop.domain.validation import ValidationError, one_line, quoted


def test_half_a_character_is_refused_in_indonesian_not_a_unicode_error() -> None:
    # SQLite's driver raised UnicodeEncodeError ("surrogates not allowed") on the save.
    with pytest.raises(ValidationError) as refused:
        clean_value("partnership", "title", "Kerja sama \ud83d")
    assert refused.value.field == "title"
    assert refused.value.message.startswith("Judul berisi karakter yang rusak")


def test_a_wrong_vocabulary_value_is_quoted_short_and_on_one_line() -> None:
    # The whole value was repeated: 100,000 characters, newlines and a bidi override included.
    with pytest.raises(ValidationError) as refused:
        clean_value("partner", "partner_type", "\u202e<b>\n" * 30_000)
    message = refused.value.message
    assert message.startswith("Jenis mitra: nilai “<b> <b> ")
    assert "\n" not in message and "\u202e" not in message and len(message) < 100
    assert quoted("a\x1b[31m b") == "“a [31m b”"


def test_the_paper_of_an_agreement_is_a4_or_f4() -> None:
    # Any 4 characters were saved, and printing then failed with an English ValueError.
    assert clean_value("agreement", "paper", "f4") == "f4"
    with pytest.raises(ValidationError):
        clean_value("agreement", "paper", "é")


def test_free_text_is_kept_up_to_the_limit_and_refused_beyond() -> None:
    # 100,000 characters in one field kept the agreement's preview busy for a minute.
    from kemitraan_desktop.services.records import length_limits
    from kemitraan_desktop.storage import models as m

    assert length_limits(m.Clause) == {"kind": 10, "title": 300, "body": TEXT_LIMIT}
    check_length("body", "x" * TEXT_LIMIT, TEXT_LIMIT)
    with pytest.raises(ValidationError) as refused:
        check_length("body", "x" * (TEXT_LIMIT + 1), TEXT_LIMIT)
    assert refused.value.message == (
        f"{fields.label('body')} terlalu panjang (paling banyak {TEXT_LIMIT} karakter).")


@pytest.mark.skipif(os.name != "posix", reason="file names are bytes on POSIX only")
def test_a_file_name_in_a_foreign_encoding_is_kept_readable() -> None:
    from kemitraan_desktop.services.files import readable_name

    assert readable_name(os.fsdecode(b"foto-\xff.png")) == "foto-\ufffd.png"
    assert readable_name("<b>foto</b> 👍.png") == "<b>foto</b> 👍.png"


def test_a_search_is_for_the_characters_typed_not_a_like_pattern() -> None:
    from kemitraan_desktop.storage.listing import like_pattern

    assert like_pattern("50%_a\\") == "%50\\%\\_a\\\\%"


def test_user_text_printed_to_a_terminal_stays_on_one_clean_line() -> None:
    typed = "Judul\n\x1b]0;jendela\x07<b>\x1b[31mmerah\r\u202eterbalik\ttab"
    assert one_line(typed) == "Judul ]0;jendela <b> [31mmerah terbalik tab"
