"""A PKS, its adendum and the MoU print in Indonesian whatever language the screens speak.

UU 24/2009 Pasal 31(1): an agreement with an Indonesian party is made in Bahasa Indonesia. The
doctor who reads the program in English still hands the branch office an Indonesian PKS: its
page line says "Halaman 1 dari 13" and a draft is marked DRAF, not "Page 1 of 13" and DRAFT.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from kemitraan_desktop import i18n
from kemitraan_desktop.services import agreements, partnerships
from tests.integration.test_agreement_facts import (
    bpjs_partnership,
    credentialing_met,
    pdf_text,
    practice,
    sign_the_bpjs_signatory,
)

ENGLISH_CHROME = re.compile(r"\b(Page \d+ of \d+|DRAFT|Attachment|Signature|Party)\b")


def _pages(data: bytes) -> list[str]:
    from io import BytesIO

    from pypdf import PdfReader

    return [" ".join((page.extract_text() or "").split())
            for page in PdfReader(BytesIO(data)).pages]


def _indonesian_throughout(data: bytes, *, draft: bool) -> None:
    pages = _pages(data)
    count = len(pages)
    assert count >= 8
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {count}" in page
        assert not ENGLISH_CHROME.search(page), ENGLISH_CHROME.search(page)
        assert ("DRAF" in page) is draft


@pytest.fixture
def english_screen() -> None:
    i18n.set_language("en")
    # The screen really speaks English: the program's own words come out in English.
    assert i18n._("Page {page} of {pages}") == "Page {page} of {pages}"


def test_a_draft_pks_on_an_english_screen_is_indonesian(svc, english_screen) -> None:  # noqa: ANN001
    _pid, agreement_id = bpjs_partnership(svc)
    data = agreements.agreement_pdf(svc, agreement_id)
    _indonesian_throughout(data, draft=True)
    text = pdf_text(data)
    assert "PERJANJIAN KERJA SAMA" in text and "Pasal 1" in text
    assert "LAMPIRAN 1" in text and "Paraf PIHAK KESATU" in text


@pytest.mark.parametrize("paper", ["a4", "f4"])
def test_the_final_pks_and_its_reprint_on_an_english_screen_are_indonesian(
    svc, tmp_path: Path, english_screen, paper: str,  # noqa: ANN001
) -> None:
    _pid, agreement_id = bpjs_partnership(svc)
    sign_the_bpjs_signatory(svc, agreement_id)
    credentialing_met(svc, svc.agreements.get(agreement_id).partnership_id)
    agreements.finalize_agreement(svc, agreement_id, paper="a4")
    data = agreements.agreement_pdf(svc, agreement_id, paper)
    _indonesian_throughout(data, draft=False)
    assert "ID dokumen:" in pdf_text(data)


def test_an_adendum_and_a_mou_on_an_english_screen_are_indonesian(svc, tmp_path: Path,
                                                                  english_screen) -> None:  # noqa: ANN001
    from tests.integration.workflow import png_file

    _pid, agreement_id = bpjs_partnership(svc)
    sign_the_bpjs_signatory(svc, agreement_id)
    credentialing_met(svc, svc.agreements.get(agreement_id).partnership_id)
    agreements.finalize_agreement(svc, agreement_id)
    agreements.sign_agreement(svc, agreement_id, date.today(), "Para pihak",
                              png_file(tmp_path / "scan.png"))
    addendum = agreements.start_addendum(svc, agreement_id)
    data = agreements.agreement_pdf(svc, addendum.id)
    pages = _pages(data)
    assert "ADENDUM PERTAMA PERJANJIAN KERJA SAMA ANTARA" in pages[0]
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in page and "DRAF" in page
        assert not ENGLISH_CHROME.search(page)

    partner = svc.partners.create(name="Klinik Pratama Harapan", partner_type="klinik")
    mou = agreements.draft_agreement(
        svc, partnerships.start_partnership(svc, "MoU klinik", "klinik", partner.id).id, "mou")
    pages = _pages(agreements.agreement_pdf(svc, mou.id))
    assert "NOTA KESEPAHAMAN ANTARA" in pages[0]
    assert f"Halaman 1 dari {len(pages)}" in pages[0]
    assert not any(ENGLISH_CHROME.search(page) for page in pages)


@pytest.mark.parametrize("kind", ["evaluation", "archive"])
def test_the_evaluation_and_archive_both_parties_keep_are_indonesian_on_an_english_screen(
        svc, english_screen, kind: str) -> None:  # noqa: ANN001
    """They are kept by both parties beside the PKS (the berita acara inside the evaluation is
    signed by both): Indonesian headings, labels, dates and page line, like the PKS; the screen
    goes on speaking English."""
    import io

    from kemitraan_desktop.services import documents
    from tests.gui.test_no_english_left import english_words

    practice(svc)
    partner = svc.partners.create(name="Apotek Sehat Sentosa", partner_type="apotek")
    pid = partnerships.start_partnership(svc, "Obat", "apotek", partner.id).id
    out = io.BytesIO()
    documents.render_report(svc, kind, pid, out)
    pages = _pages(out.getvalue())
    title = {"evaluation": "EVALUASI KEMITRAAN", "archive": "ARSIP KEMITRAAN"}[kind]
    assert pages[0].startswith(title)
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in page
        assert not ENGLISH_CHROME.search(page), ENGLISH_CHROME.search(page)
        assert english_words(page) == [], page
    assert "Periode " in pages[0]
    assert i18n._("Page {page} of {pages}") == "Page {page} of {pages}"


def test_printing_in_indonesian_leaves_the_screen_s_thread_in_english(english_screen) -> None:
    """While a report prints in Indonesian on a worker thread, the window goes on in English."""
    import threading

    inside, seen = threading.Event(), {}
    release = threading.Event()

    def printing() -> None:
        with i18n.printed_in_indonesian():
            seen["worker"] = i18n._("Period")
            inside.set()
            release.wait(5)

    worker = threading.Thread(target=printing)
    worker.start()
    assert inside.wait(5)
    seen["screen"] = i18n._("Period")
    release.set()
    worker.join(5)
    assert seen == {"worker": "Periode", "screen": "Period"}
    assert i18n.current_language() == "en"
