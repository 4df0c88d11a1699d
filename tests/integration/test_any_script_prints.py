"""Whatever a user can type prints, or the field refuses it: never a silent box on the paper.

A name in Arabic script (an ustaz who signs for a pesantren clinic, a doctor who writes his name
so) is drawn in Noto Naskh Arabic, embedded in the PDF, its letters joined and right to left; a
pasted emoji, which no embedded font draws, is refused at its field with an Indonesian message
and nothing is saved (tests/gui/test_emoji_refused.py pastes one into a field). Read on the
rendered page with pypdfium2: which face draws each
character, and that it leaves ink.
"""

from __future__ import annotations

import ctypes
import io
import unicodedata
from datetime import date

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from pypdf import PdfReader

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.services import agreements, partnerships
from tests.integration.test_agreement_facts import practice

SIGNATORY = "محمد عبد الله"  # Muhammad Abdullah
PHARMACY = "Apotek دار الشفاء"  # Dar al-Syifa


def _arabic(ch: str) -> bool:
    return "ARABIC" in unicodedata.name(ch, "")


def _drawn(data: bytes) -> list[tuple[str, str, tuple[float, float, float, float], int]]:
    """Each Arabic character on the pages: itself (as the reader gives it back), the face that
    draws it, its box, and the dark pixels inside that box on the page rendered at 150 dpi."""
    pdf = pdfium.PdfDocument(data)
    found = []
    try:
        for page in pdf:
            text = page.get_textpage()
            image = page.render(scale=150 / 72).to_pil().convert("L")
            height = page.get_size()[1]
            face = ctypes.create_string_buffer(128)
            flags = ctypes.c_int()
            for index in range(text.count_chars()):
                ch = chr(pdfium_c.FPDFText_GetUnicode(text.raw, index))
                if not _arabic(ch):
                    continue
                pdfium_c.FPDFText_GetFontInfo(text.raw, index, face, 128, ctypes.byref(flags))
                left, bottom, right, top = text.get_charbox(index)
                box = image.crop((int(left * 150 / 72), int((height - top) * 150 / 72),
                                  int(right * 150 / 72) + 1, int((height - bottom) * 150 / 72) + 1))
                ink = sum(box.histogram()[:128])
                found.append((ch, face.value.decode(), (left, bottom, right, top), ink))
    finally:
        pdf.close()
    return found


@pytest.fixture
def pharmacy_pks(svc) -> bytes:  # noqa: ANN001
    """A draft PKS with a pharmacy named in Arabic script, whose signatory writes his name so."""
    practice(svc)
    partner = svc.partners.create(name=PHARMACY, partner_type="apotek")
    svc.partner_people.create(partner_id=partner.id, name=SIGNATORY, signs=True,
                              job_title="Apoteker Penanggung Jawab")
    pid = partnerships.start_partnership(svc, "Obat", "apotek", partner.id).id
    draft = agreements.draft_agreement(svc, pid, "pks", start=date(2027, 1, 1))
    return agreements.agreement_pdf(svc, draft.id)


def test_an_arabic_name_is_drawn_in_the_embedded_naskh_face_not_as_boxes(pharmacy_pks) -> None:  # noqa: ANN001
    drawn = _drawn(pharmacy_pks)
    # Every Arabic letter on the pages is drawn by Noto Naskh Arabic (the serif family has no
    # Arabic glyph: drawn by it, each would be its notdef box) and leaves ink.
    assert drawn
    assert {face for _ch, face, _box, _ink in drawn} == {"NotoNaskhArabic-Regular",
                                                         "NotoNaskhArabic-Bold"}
    assert all(ink > 0 for *_rest, ink in drawn)
    letters = "".join(ch for ch, *_rest in drawn)
    # The title, the identification (bold), the signature block (bold) and the paraf strip's
    # neighbours: the signatory's name and the pharmacy's come back letter for letter.
    assert letters.count("محمد") >= 2 and letters.count("الشفاء") >= 2
    # Right to left: the first letter of محمد stands to the right of its last.
    at = letters.index("محمد")
    boxes = [box for _ch, _face, box, _ink in drawn[at:at + 4]]
    assert [box[0] for box in boxes] == sorted((box[0] for box in boxes), reverse=True)
    fonts = {str(font["/BaseFont"]).split("+")[-1]
             for page in PdfReader(io.BytesIO(pharmacy_pks)).pages
             for font in page["/Resources"]["/Font"].values()
             if "/FontFile2" in font.get_object()["/FontDescriptor"]}
    assert {"NotoNaskhArabic-Regular", "NotoNaskhArabic-Bold"} <= fonts


def test_the_pdf_title_keeps_the_arabic_name_as_typed(pharmacy_pks) -> None:  # noqa: ANN001
    title = PdfReader(io.BytesIO(pharmacy_pks)).metadata.title
    assert title.startswith("PERJANJIAN KERJA SAMA ANTARA ")
    assert "DENGAN Apotek دار الشفاء TENTANG" in title and "□" not in title


def test_an_emoji_is_refused_at_the_service_and_nothing_is_saved(svc) -> None:  # noqa: ANN001
    partner = svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek")
    with pytest.raises(UserError) as refused:
        svc.partners.update(partner.id, name="Apotek Sehat Sentosa 😷")
    assert refused.value.message == (
        "Nama: “😷” tidak dapat dicetak pada perjanjian dan laporan (emoji, atau huruf yang tidak "
        "tersedia pada huruf cetak PDF). Hapus, atau tulis dengan huruf Latin atau Arab.")
    assert svc.partners.get(partner.id).name == "Apotek Sehat Sentosa"
