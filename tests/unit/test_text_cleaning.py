"""User text on paper: the fast cleaning keeps what the character-by-character rule keeps."""

from __future__ import annotations

from kemitraan_desktop.reports import layout


def test_the_pattern_refuses_exactly_the_characters_the_rule_refuses() -> None:
    disagree = [code for code in range(0x110000)
                if layout._printable(chr(code)) == bool(layout._UNPRINTABLE.match(chr(code)))]
    assert disagree == []


def test_a_doctor_s_typing_is_kept_and_controls_are_dropped() -> None:
    typed = "Rapat\tkoordinasi\r\nbulanan\x00 \u00a0dr. Siti \u2013 apotek\ud800\ue000\ufffe"
    assert layout.clean_text(typed) == "Rapat\tkoordinasi\nbulanan \u00a0dr. Siti \u2013 apotek"


def test_a_character_the_fonts_lack_is_printed_as_a_box() -> None:
    assert layout.printable_text("Tim 👍 solid") == f"Tim {layout.MISSING_GLYPH} solid"
    assert layout.printable_text("Kerja sama\nterbuka\tdan setara – 100%") == (
        "Kerja sama\nterbuka\tdan setara – 100%")
