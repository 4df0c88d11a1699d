"""KBBI spells the change to an agreement "adendum": the Indonesian screens and guidance say so.

The English source may keep "addendum"; a doctor reading the program in Indonesian never meets the
English spelling on a button, a message or a guidance page.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
ENGLISH_SPELLING = re.compile(r"addendum", re.IGNORECASE)


def _indonesian_catalog() -> dict[str, str]:
    with (ROOT / "i18n" / "id" / "LC_MESSAGES" / "kemitraan.po").open("rb") as handle:
        catalog = read_po(handle, locale="id")
    texts = {}
    for message in catalog:
        if message.id:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            texts[str(message.id)] = " ".join(strings).replace("&", "")  # accelerators
    return texts


def test_no_indonesian_translation_spells_addendum() -> None:
    texts = _indonesian_catalog()
    wrong = {english: indonesian for english, indonesian in texts.items()
             if ENGLISH_SPELLING.search(indonesian)}
    assert wrong == {}
    assert texts["Addendum"] == "Adendum"
    assert texts["Make an &addendum"] == "Buat adendum"


def test_the_indonesian_guidance_spells_adendum() -> None:
    pages = sorted((ROOT / "resources" / "guidance" / "id").glob("*.html"))
    assert pages
    wrong = [page.name for page in pages if ENGLISH_SPELLING.search(page.read_text("utf-8"))]
    assert wrong == []
    assert "<b>Adendum</b>: untuk perubahan" in (pages[0].parent / "step5.html").read_text("utf-8")


def test_the_user_guide_spells_adendum() -> None:
    """The guide (Bantuan -> Panduan) is Indonesian only: KBBI's spelling throughout."""
    chapters = sorted((ROOT / "docs" / "panduan").glob("*.md"))
    assert len(chapters) > 5
    wrong = [chapter.name for chapter in chapters
             if ENGLISH_SPELLING.search(chapter.read_text("utf-8"))]
    assert wrong == []
    assert "## Adendum: bila isi perjanjian perlu berubah" in (
        ROOT / "docs" / "panduan" / "11-perjanjian.md").read_text("utf-8")
