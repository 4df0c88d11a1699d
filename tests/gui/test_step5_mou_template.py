"""Step 5 of a puskesmas partnership, as the doctor starts it: choosing "Nota Kesepahaman (MoU)"
as the kind offers the MoU text (not the rujukan PKS it showed for a PKS), and the draft made
from it is an MoU that calls itself "Nota Kesepahaman ini"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from table_walk import click, show

from kemitraan_desktop.services import partnerships
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.ui.pages.step5_agreement import AgreementPage


def test_choosing_mou_offers_the_mou_template_and_drafts_a_nota_kesepahaman(
        qtbot, svc: Services) -> None:
    svc.practices.create(doctor_name="dr. Siti Rahmawati", kota="Kabupaten Sleman")
    partner = svc.partners.create(name="Puskesmas Ngaglik I", partner_type="puskesmas")
    pid = partnerships.start_partnership(svc, "Rujukan", "puskesmas", partner.id).id
    page = AgreementPage(svc)
    show(qtbot, page, 1100, 760)
    page.show_partnership(pid)
    qtbot.wait(5)

    offered = [page.template.itemText(n) for n in range(page.template.count())]
    assert offered == ["PKS rujukan dan rujuk balik (puskesmas / rumah sakit)"]

    page.kind.setFocus()
    qtbot.keyClick(page.kind, Qt.Key.Key_Down)  # PKS → Nota Kesepahaman (MoU)
    assert page.kind.currentText() == "Nota Kesepahaman (MoU)"
    offered = [page.template.itemText(n) for n in range(page.template.count())]
    assert offered == ["Nota Kesepahaman (MoU) umum"]

    create = next(b for b in page.start_panel.findChildren(QPushButton)
                  if b.text() == "Buat draf")
    click(qtbot, create)

    (draft,) = svc.agreements.list(pid)
    assert (draft.kind, draft.template) == ("mou", "mou_umum")
    bodies = [c.body for c in svc.clauses.list(draft.id) if c.kind == "article"]
    assert bodies[0].startswith("Maksud Nota Kesepahaman ini adalah sebagai landasan")
    assert not any("Perjanjian ini" in body or "Pengadilan Negeri" in body for body in bodies)
