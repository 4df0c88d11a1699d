"""Facts proposed instead of typed again: each proposal is shown and marked, the doctor's to
change, and never put over what the doctor typed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from table_walk import double_click_cell, editing, press, type_keys

from kemitraan_desktop.services import partnerships
from kemitraan_desktop.ui.autosave import SAVE_DELAY_MS
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
    """The PKS as printed (the rate is filled into its Pasal when the document is rendered)."""
    import io

    from pypdf import PdfReader

    from kemitraan_desktop.services import agreements

    reader = PdfReader(io.BytesIO(agreements.agreement_pdf(svc, agreement_id)))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


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


class FourthOfDecember(date):
    """Step 5 opened on 4 Desember 2026 (a Friday)."""

    @classmethod
    def today(cls):
        return date(2026, 12, 4)


def test_a_bpjs_draft_is_proposed_from_the_next_first_of_a_month_for_a_year(qtbot, svc, bpjs,
                                                                            monkeypatch):
    from kemitraan_desktop.ui.pages import step5_agreement

    monkeypatch.setattr(step5_agreement, "date", FourthOfDecember)
    page = show_page(qtbot, step5_agreement.AgreementPage(svc), bpjs.id)
    assert (page.start_date.text(), page.end_date.text()) == ("01/01/2027", "31/12/2027")
    assert is_proposed(page.start_date)
    assert page.signing_date.text() == "04/12/2026"  # signed today, in force from the first
    create = next(b for b in page.start_panel.findChildren(type(page.preview_button))
                  if b.text() == "Buat draf")
    qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
    [agreement] = svc.agreements.list(bpjs.id)
    assert (agreement.start_date, agreement.end_date) == (date(2027, 1, 1), date(2027, 12, 31))


def test_a_start_typed_over_the_proposal_is_the_doctors_and_the_end_follows(qtbot, svc, bpjs,
                                                                           monkeypatch):
    from table_walk import show

    from kemitraan_desktop.ui.pages import step5_agreement

    monkeypatch.setattr(step5_agreement, "date", FourthOfDecember)
    page = show(qtbot, step5_agreement.AgreementPage(svc))
    page.show_partnership(bpjs.id)
    click_inside(qtbot, page.start_date, 0.2)  # selects the proposal whole: the keys replace it
    type_keys(qtbot, "01022027")
    press(qtbot, Qt.Key.Key_Tab)
    assert (page.start_date.text(), page.end_date.text()) == ("01/02/2027", "31/01/2028")
    assert not is_proposed(page.start_date)


def test_a_pharmacy_draft_is_proposed_from_today(qtbot, svc, monkeypatch):
    from kemitraan_desktop.ui.pages import step5_agreement

    monkeypatch.setattr(step5_agreement, "date", FourthOfDecember)
    svc.practices.create(doctor_name="dr. Siti Rahmawati")
    apotek = partnerships.start_partnership(svc, "Pelayanan obat", "apotek")
    page = show_page(qtbot, step5_agreement.AgreementPage(svc), apotek.id)
    assert (page.start_date.text(), page.end_date.text()) == ("04/12/2026", "03/12/2027")
    assert not is_proposed(page.start_date)


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


def test_the_sip_expiry_is_proposed_from_its_issue_date_and_the_npwp_from_the_nik(qtbot, svc):
    from kemitraan_desktop.ui.dialogs.practice_profile import PracticeProfileDialog

    practice = svc.practices.create(doctor_name="dr. Siti Rahmawati")
    dialog = PracticeProfileDialog(svc)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    retype(qtbot, dialog.editors["nik"], "3404 0762 0885 0003")
    npwp = dialog.editors["npwp"]
    assert npwp.text() == "3404076208850003" and is_proposed(npwp)
    retype(qtbot, dialog.editors["sip_issued"], "03012026")
    expires = dialog.editors["sip_expires"]
    assert expires.text() == "02/01/2031" and is_proposed(expires)
    stored = svc.practices.get(practice.id)
    assert (stored.npwp, stored.sip_expires) == ("3404076208850003", date(2031, 1, 2))

    # What the doctor types stands: a later issue date no longer moves a typed expiry.
    retype(qtbot, expires, "31122030")
    assert not is_proposed(expires)
    retype(qtbot, dialog.editors["sip_issued"], "04012026")
    assert expires.text() == "31/12/2030"
    retype(qtbot, npwp, "01.234.567.8-901.000")
    retype(qtbot, dialog.editors["nik"], "3404 0762 0885 0004")
    qtbot.wait(SAVE_DELAY_MS + 100)
    stored = svc.practices.get(practice.id)
    assert (stored.npwp, stored.sip_expires) == ("0012345678901000", date(2030, 12, 31))


def test_a_new_partner_is_proposed_the_practice_region(qtbot, svc):
    from kemitraan_desktop.ui.dialogs.partner_registry import PartnerEditor

    svc.practices.create(doctor_name="dr. Siti Rahmawati", kota="Kabupaten Sleman",
                         provinsi="Daerah Istimewa Yogyakarta")
    editor = PartnerEditor(svc, partner_type="apotek")
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    kota, provinsi = editor.editors["kota"], editor.editors["provinsi"]
    assert (kota.text(), provinsi.text()) == ("Kabupaten Sleman", "Daerah Istimewa Yogyakarta")
    assert is_proposed(kota) and is_proposed(provinsi)
    retype(qtbot, kota, "Kota Yogyakarta")
    assert not is_proposed(kota)
    retype(qtbot, editor.editors["name"], "Apotek Sehat Sentosa")
    qtbot.wait(SAVE_DELAY_MS + 100)
    [partner] = svc.partners.list()
    assert (partner.name, partner.kota, partner.provinsi) == (
        "Apotek Sehat Sentosa", "Kota Yogyakarta", "Daerah Istimewa Yogyakarta")


def test_step_8_offers_the_bpjs_indicators_and_the_step_3_goals(qtbot, svc, bpjs):
    from kemitraan_desktop.ui.pages.step8_evaluation import EvaluationPage

    svc.goals.create(partnership_id=bpjs.id, description="Peserta Prolanis ikut senam",
                     target="paling sedikit 40 orang", target_date=date(2027, 6, 30))
    svc.goals.create(partnership_id=bpjs.id, description="Rujukan nonspesialistik turun",
                     target="≤ 1,5%")
    svc.goals.create(partnership_id=bpjs.id, description="Angka kontak peserta terdaftar",
                     target="150 per mil")  # the KBK indicator already: offered once
    page = show_page(qtbot, EvaluationPage(svc), bpjs.id)
    assert page.offer_button.isVisible()
    assert page.offer_label.text() == (
        "Siap ditambahkan: Angka kontak; Rasio rujukan rawat jalan kasus nonspesialistik; "
        "Rasio peserta Prolanis terkendali; Peserta Prolanis ikut senam; Rujukan "
        "nonspesialistik turun.")
    qtbot.mouseClick(page.offer_button, Qt.MouseButton.LeftButton)
    rows = [(i.name, i.unit, i.target, i.direction, i.target_date)
            for i in svc.indicators.list(bpjs.id)]
    assert rows == [
        ("Angka kontak", "per mil", Decimal(150), "up", None),
        ("Rasio rujukan rawat jalan kasus nonspesialistik", "%", Decimal(2), "down", None),
        ("Rasio peserta Prolanis terkendali", "%", Decimal(5), "up", None),
        ("Peserta Prolanis ikut senam", "orang", Decimal(40), "up", date(2027, 6, 30)),
        ("Rujukan nonspesialistik turun", "%", Decimal("1.5"), "down", None),
    ]
    assert page.indicators.model.rowCount() == 5
    assert not page.offer_button.isVisible()  # nothing left to offer
    assert page.bar.text == "5 indikator ditambahkan: periksa nilai awal dan targetnya."


def test_a_pharmacy_partnership_is_offered_its_goals_only(qtbot, svc):
    from kemitraan_desktop.services import evaluation

    svc.practices.create(doctor_name="dr. Siti Rahmawati")
    apotek = partnerships.start_partnership(svc, "Pelayanan obat", "apotek")
    svc.goals.create(partnership_id=apotek.id, description="Resep JKN terlayani",
                     target="95 persen")
    assert [(p.name, p.unit, str(p.target)) for p in
            evaluation.offered_indicators(svc, apotek.id)] == [
        ("Resep JKN terlayani", "persen", "95")]


def test_a_bpjs_partnership_starts_step_3_with_the_kbk_goals_and_the_template_roles(
        qtbot, svc, bpjs):
    from kemitraan_desktop.ui.pages.step3_goals import GoalsPage

    page = show_page(qtbot, GoalsPage(svc), bpjs.id)
    goals = page.goals.model
    shown = [(goals.index(row, 0).data(), goals.index(row, 1).data())
             for row in range(goals.rowCount())]
    assert shown == [("Angka kontak", "paling sedikit 150 (seratus lima puluh) per mil"),
                     ("Rasio rujukan rawat jalan kasus nonspesialistik",
                      "paling tinggi 2% (dua persen)"),
                     ("Rasio peserta Prolanis terkendali", "paling sedikit 5% (lima persen)")]
    assert page.roles["practice"].model.index(0, 0).data() == \
        "Melayani Peserta JKN sesuai standar pelayanan FKTP"
    assert page.roles["partner"].model.index(0, 0).data() == \
        "Melakukan pembinaan mutu pelayanan PIHAK KEDUA bersama dinas kesehatan setempat"
    assert page.proposal_note.isVisible()
    assert "Peraturan BPJS Kesehatan 7/2019" in page.proposal_note.text()

    # The doctor agrees a lower referral ratio with the branch: typed over the proposal.
    view = page.goals.view
    double_click_cell(qtbot, view, 1, 1)
    view.focusWidget().selectAll()
    type_keys(qtbot, "paling banyak 1,5%")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not editing(view))
    assert [(g.description, g.target) for g in svc.goals.list(bpjs.id)] == [
        ("Angka kontak", "paling sedikit 150 (seratus lima puluh) per mil"),
        ("Rasio rujukan rawat jalan kasus nonspesialistik", "paling banyak 1,5%"),
        ("Rasio peserta Prolanis terkendali", "paling sedikit 5% (lima persen)")]

    # The PKS states the goals and the roles as step 3 holds them.
    from kemitraan_desktop.services import agreements

    draft = agreements.draft_agreement(svc, bpjs.id)
    text = capitation_article(svc, draft.id)
    assert "Rasio rujukan rawat jalan kasus nonspesialistik" in text
    assert "paling banyak 1,5%" in text
    assert "Melayani Peserta JKN sesuai standar pelayanan FKTP" in text
    assert "Melakukan pembinaan mutu pelayanan PIHAK KEDUA bersama dinas kesehatan setempat" in text


def test_a_pharmacy_partnership_starts_step_3_empty(qtbot, svc):
    from kemitraan_desktop.ui.pages.step3_goals import GoalsPage

    svc.practices.create(doctor_name="dr. Siti Rahmawati")
    apotek = partnerships.start_partnership(svc, "Pelayanan obat", "apotek")
    page = show_page(qtbot, GoalsPage(svc), apotek.id)
    assert page.goals.model.rowCount() == 0
    assert page.roles["practice"].model.rowCount() == 0
    assert not page.proposal_note.isVisible()


def test_the_clinic_name_and_the_unit_code_are_proposed_from_the_doctors_name(qtbot, svc):
    from kemitraan_desktop.ui.dialogs.practice_profile import PracticeProfileDialog

    dialog = PracticeProfileDialog(svc)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    clinic, unit = dialog.editors["clinic_name"], dialog.editors["number_unit"]
    assert clinic.text() == "" and unit.text() == ""
    retype(qtbot, dialog.editors["doctor_name"], "dr. Siti Rahmawati")
    assert clinic.text() == "Praktik Dokter Siti Rahmawati" and is_proposed(clinic)
    assert unit.text() == "DR-SR" and is_proposed(unit)
    assert "DR-SR" in dialog.number_example.text()
    qtbot.wait(SAVE_DELAY_MS + 100)
    [practice] = svc.practices.list()
    assert (practice.clinic_name, practice.number_unit) == ("Praktik Dokter Siti Rahmawati",
                                                            "DR-SR")

    # Typed over, the doctor's own values stay when the name is corrected afterwards.
    retype(qtbot, clinic, "Klinik Pratama Sehat Ngaglik")
    assert not is_proposed(clinic)
    retype(qtbot, dialog.editors["doctor_name"], "dr. Siti Rahmawati Putri")
    assert clinic.text() == "Klinik Pratama Sehat Ngaglik"
    assert unit.text() == "DR-SRP" and is_proposed(unit)
    retype(qtbot, unit, "SR-NGK")
    retype(qtbot, dialog.editors["doctor_name"], "dr. Siti Rahmawati")
    qtbot.wait(SAVE_DELAY_MS + 100)
    practice = svc.practices.get(practice.id)
    assert (practice.doctor_name, practice.clinic_name, practice.number_unit) == (
        "dr. Siti Rahmawati", "Klinik Pratama Sehat Ngaglik", "SR-NGK")


def test_a_new_bpjs_partner_is_proposed_the_branch_office_and_its_signatorys_title(qtbot, svc):
    from kemitraan_desktop.ui.dialogs.partner_registry import PartnerEditor

    svc.practices.create(doctor_name="dr. Siti Rahmawati", kota="Kabupaten Sleman",
                         provinsi="Daerah Istimewa Yogyakarta")
    editor = PartnerEditor(svc, partner_type="bpjs")
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    name = editor.editors["name"]
    assert name.text() == "BPJS Kesehatan Kantor Cabang Sleman" and is_proposed(name)
    assert svc.partners.list() == []  # only proposed: nothing saved until the doctor types
    retype(qtbot, editor.editors["phone"], "0274 868456")
    qtbot.wait(SAVE_DELAY_MS + 100)
    [partner] = svc.partners.list()
    assert (partner.name, partner.partner_type, partner.kota) == (
        "BPJS Kesehatan Kantor Cabang Sleman", "bpjs", "Kabupaten Sleman")

    # The first person added is the one who signs, with the branch head's title shown.
    editor.lists.setCurrentIndex(0)
    qtbot.mouseClick(editor.people.add_button, Qt.MouseButton.LeftButton)
    view = editor.people.view
    column = next(n for n, c in enumerate(editor.people.model.columns) if c.field == "job_title")
    assert editor.people.model.index(0, column).data() == "Kepala Kantor Cabang"
    double_click_cell(qtbot, view, 0, column)
    view.focusWidget().selectAll()
    type_keys(qtbot, "Plt. Kepala Kantor Cabang")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not editing(view))
    [person] = svc.partner_people.list(partner_id=partner.id)
    assert (person.job_title, person.signs) == ("Plt. Kepala Kantor Cabang", True)


def test_the_branch_office_name_follows_the_type_picked_and_a_typed_name_stays(qtbot, svc,
                                                                              monkeypatch):
    from kemitraan_desktop.ui.dialogs import partner_registry
    from kemitraan_desktop.ui.dialogs.partner_registry import PartnerEditor

    monkeypatch.setattr(partner_registry, "ask_close_unsaved", lambda parent, why: True)
    monkeypatch.setattr(partner_registry, "ask_close_with_errors", lambda parent: True)

    svc.practices.create(doctor_name="dr. Siti Rahmawati", kota="Kabupaten Sleman")
    editor = PartnerEditor(svc)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    name, kinds = editor.editors["name"], editor.type_combo
    assert name.text() == ""
    kinds.setFocus()
    for _step in range(kinds.count()):
        if kinds.currentData() == "bpjs":
            break
        qtbot.keyClick(kinds, Qt.Key.Key_Down)
    assert name.text() == "BPJS Kesehatan Kantor Cabang Sleman" and is_proposed(name)
    [partner] = svc.partners.list()  # picked as BPJS with the name shown: saved with it
    assert (partner.name, partner.partner_type) == ("BPJS Kesehatan Kantor Cabang Sleman",
                                                    "bpjs")
    qtbot.keyClick(kinds, Qt.Key.Key_Down)  # not BPJS after all: its proposal goes
    assert kinds.currentData() != "bpjs" and name.text() == "" and not is_proposed(name)
    retype(qtbot, name, "Apotek Sehat Sentosa")
    qtbot.keyClick(kinds, Qt.Key.Key_Up)
    assert kinds.currentData() == "bpjs"
    assert name.text() == "Apotek Sehat Sentosa"  # typed: never replaced by a proposal
    qtbot.wait(SAVE_DELAY_MS + 100)
    assert [(p.name, p.partner_type) for p in svc.partners.list()] == [
        ("Apotek Sehat Sentosa", "bpjs")]


def click_inside(qtbot, editor, where: float = 0.5) -> None:
    """A mouse click into *editor* at *where* of its width (0.5: the middle of the text)."""
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QScrollArea

    scroll = editor.parent()
    while scroll is not None and not isinstance(scroll, QScrollArea):
        scroll = scroll.parent()
    if scroll is not None:
        scroll.ensureWidgetVisible(editor)
    assert editor.isVisible() and editor.visibleRegion().boundingRect().height() > 10
    point = QPoint(int(editor.width() * where), editor.height() // 2)
    QTest.mouseClick(editor, Qt.MouseButton.LeftButton, pos=point)
    qtbot.wait(20)


def test_a_click_into_a_proposal_selects_it_whole_so_typing_replaces_it(qtbot, svc):
    """The walker clicked into the proposed "Praktik Dokter Budi Santoso" and typed the name:
    it went into the middle of the proposal. Now the first key replaces the proposal."""
    from table_walk import focused

    from kemitraan_desktop.ui.dialogs.practice_profile import PracticeProfileDialog

    dialog = PracticeProfileDialog(svc)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    retype(qtbot, dialog.editors["doctor_name"], "dr. Budi Santoso")
    retype(qtbot, dialog.editors["nik"], "3404 0762 0885 0003")
    retype(qtbot, dialog.editors["sip_issued"], "03012026")
    clinic, npwp = dialog.editors["clinic_name"], dialog.editors["npwp"]
    unit, expires = dialog.editors["number_unit"], dialog.editors["sip_expires"]
    assert clinic.text() == "Praktik Dokter Budi Santoso" and is_proposed(clinic)

    click_inside(qtbot, clinic, 0.1)  # a click between "Pr" and "aktik": the focus comes in
    assert focused() is clinic and clinic.selectedText() == "Praktik Dokter Budi Santoso"
    type_keys(qtbot, "Klinik Sehat")
    assert clinic.text() == "Klinik Sehat" and not is_proposed(clinic)
    click_inside(qtbot, clinic, 0.0)  # the doctor's own text: a click places the cursor
    type_keys(qtbot, "A")
    assert clinic.text() == "AKlinik Sehat"

    assert npwp.text() == "3404076208850003" and is_proposed(npwp)
    click_inside(qtbot, npwp, 0.05)
    type_keys(qtbot, "0012345678901000")
    assert npwp.text() == "0012345678901000"

    click_inside(qtbot, unit)  # focus comes in with the first click…
    click_inside(qtbot, unit, 0.02)  # …and a second click on the selected proposal keeps it so
    assert unit.selectedText() == "DR-BS"
    type_keys(qtbot, "BS-NGK")
    assert unit.text() == "BS-NGK"

    assert expires.text() == "02/01/2031" and is_proposed(expires)
    click_inside(qtbot, expires, 0.05)
    type_keys(qtbot, "31122030")
    press(qtbot, Qt.Key.Key_Tab)
    assert expires.text() == "31/12/2030"
    qtbot.wait(SAVE_DELAY_MS + 100)
    [practice] = svc.practices.list()
    assert (practice.clinic_name, practice.npwp, practice.number_unit, practice.sip_expires) == (
        "AKlinik Sehat", "0012345678901000", "BS-NGK", date(2030, 12, 31))


def test_a_new_partnership_is_proposed_its_title_from_the_kind_of_partner(qtbot, svc):
    """The doctor opens the dialog, picks the kind with the keyboard, and the title stands
    proposed: one click on Mulai kemitraan starts it."""
    from kemitraan_desktop.ui.dialogs.new_partnership import NewPartnershipDialog

    svc.practices.create(doctor_name="dr. Siti Rahmawati", clinic_name="Praktik dr. Siti")
    from table_walk import show

    dialog = show(qtbot, NewPartnershipDialog(svc), 640, 300)
    assert dialog.focusWidget() is dialog.partner_type  # asked first: the title follows
    assert dialog.title.text() == "" and not is_proposed(dialog.title)
    qtbot.keyClicks(dialog.partner_type, "Kantor")  # "Kantor Cabang BPJS Kesehatan"
    assert dialog.partner_type.currentData() == "bpjs"
    assert dialog.title.text() == "Menjadi FKTP BPJS Kesehatan" and is_proposed(dialog.title)
    qtbot.wait(500)  # a new search in the list, not "KantorApotek"
    qtbot.keyClicks(dialog.partner_type, "Apotek")  # another kind: the proposal follows
    assert dialog.title.text() == "Kerja sama pelayanan obat peserta JKN"
    qtbot.wait(500)
    qtbot.keyClicks(dialog.partner_type, "Kantor")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert svc.partnerships.get(dialog.created_id).title == "Menjadi FKTP BPJS Kesehatan"


def test_a_title_typed_stays_whatever_kind_is_picked(qtbot, svc):
    from kemitraan_desktop.ui.dialogs.new_partnership import NewPartnershipDialog

    svc.practices.create(doctor_name="dr. Siti Rahmawati", clinic_name="Praktik dr. Siti")
    from table_walk import show

    dialog = show(qtbot, NewPartnershipDialog(svc), 640, 300)
    qtbot.keyClicks(dialog.partner_type, "Kantor")
    click_inside(qtbot, dialog.title, 0.3)  # selects the proposal whole: the keys replace it
    type_keys(qtbot, "Kapitasi 2027")
    assert not is_proposed(dialog.title)
    qtbot.wait(500)  # a new search in the list, not "KantorApotek"
    qtbot.keyClicks(dialog.partner_type, "Apotek")
    assert dialog.partner_type.currentData() == "apotek"
    assert dialog.title.text() == "Kapitasi 2027"
    qtbot.wait(500)
    qtbot.keyClicks(dialog.partner_type, "Lain")
    assert dialog.partner_type.currentData() == "other"  # "Lainnya": no proposal, the title stays
    assert dialog.title.text() == "Kapitasi 2027"
