"""Facts proposed instead of typed again: each proposal is shown and marked, the doctor's to
change, and never put over what the doctor typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kemitraan_desktop.services import partnerships
from kemitraan_desktop.ui.proposals import is_proposed


@pytest.fixture
def bpjs(svc):
    svc.practices.create(doctor_name="dr. Siti Rahmawati", kota="Kabupaten Sleman")
    partner = svc.partners.create(name="BPJS Kesehatan Kantor Cabang Sleman",
                                  partner_type="bpjs")
    svc.partner_people.create(partner_id=partner.id, name="Drs. Bambang Hartono, M.M.",
                              job_title="Kepala Kantor Cabang", signs=True)
    return partnerships.start_partnership(svc, "Menjadi FKTP BPJS", "bpjs", partner.id)


def show_page(qtbot, page, partnership_id: int):
    qtbot.addWidget(page)
    page.resize(1200, 720)
    page.show()
    page.show_partnership(partnership_id)
    qtbot.waitExposed(page)
    return page


def retype(qtbot, editor, text: str) -> None:
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def capitation_article(svc, agreement_id: int) -> str:
    return next(c.body for c in svc.clauses.list(agreement_id, kind="article")
                if "Kapitasi" in c.body and "per Peserta per bulan" in c.body)


def test_the_capitation_is_asked_in_step_5_proposed_from_the_regulation(qtbot, svc, bpjs):
    from kemitraan_desktop.ui.pages.step5_agreement import AgreementPage

    page = show_page(qtbot, AgreementPage(svc), bpjs.id)
    field = page.start_capitation
    assert field.isVisible() and field.text() == "8.800" and is_proposed(field)
    retype(qtbot, field, "8.300")
    assert not is_proposed(field)  # typed over: the doctor's own figure now
    qtbot.mouseClick(next(b for b in page.start_panel.findChildren(type(page.preview_button))
                          if b.text() == "Buat draf"), Qt.MouseButton.LeftButton)
    [agreement] = svc.agreements.list(bpjs.id)
    assert agreement.capitation_rate_sen == 830_000
    assert "sebesar Rp8.300,00 (delapan ribu tiga ratus rupiah) per Peserta per bulan" in \
        capitation_article(svc, agreement.id)

    # Changed on the draft: the field, the stored rate and the article's words follow.
    assert page.capitation.isVisible() and page.capitation.text() == "8.300"
    retype(qtbot, page.capitation, "8.800")
    assert svc.agreements.get(agreement.id).capitation_rate_sen == 880_000
    assert "sebesar Rp8.800,00 (delapan ribu delapan ratus rupiah) per Peserta per bulan" in \
        capitation_article(svc, agreement.id)
    retype(qtbot, page.capitation, "nol")
    assert page.capitation_error.isVisible()
    assert svc.agreements.get(agreement.id).capitation_rate_sen == 880_000


def test_an_agreement_with_a_pharmacy_states_no_capitation(qtbot, svc):
    from kemitraan_desktop.services import agreements
    from kemitraan_desktop.ui.pages.step5_agreement import AgreementPage

    svc.practices.create(doctor_name="dr. Siti Rahmawati")
    apotek = partnerships.start_partnership(svc, "Pelayanan obat", "apotek")
    page = show_page(qtbot, AgreementPage(svc), apotek.id)
    assert not page.start_capitation.isVisible()
    draft = agreements.draft_agreement(svc, apotek.id)
    page.load()
    assert draft.capitation_rate_sen == 0 and not page.capitation.isVisible()
