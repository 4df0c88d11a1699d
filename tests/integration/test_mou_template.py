"""An MoU prints as an MoU: a Nota Kesepahaman calls itself "Nota Kesepahaman ini", names no
court and binds no money; the templates offered follow the kind and the partner type.

The walker chose "Nota Kesepahaman (MoU)" for a puskesmas and kept the rujukan PKS text: the
printed NOTA KESEPAHAMAN said "Perjanjian ini" in every Pasal and "Pengadilan Negeri Sleman".
"""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader

from kemitraan_desktop.domain.clauses import templates_offered
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.services import agreements, partnerships
from kemitraan_desktop.services.app import Services


def _text(data: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(BytesIO(data)).pages)


@pytest.fixture
def puskesmas(svc: Services) -> int:
    svc.practices.create(doctor_name="dr. Siti Rahmawati", kota="Kabupaten Sleman")
    partner = svc.partners.create(name="Puskesmas Ngaglik I", partner_type="puskesmas")
    return partnerships.start_partnership(svc, "Rujukan", "puskesmas", partner.id).id


def test_the_templates_offered_follow_the_kind_and_the_partner_type() -> None:
    assert [t.name for t in templates_offered("puskesmas", "mou")] == [
        "Nota Kesepahaman (MoU) umum"]
    assert [t.code for t in templates_offered("puskesmas", "pks")] == ["rujukan_pks"]
    assert [t.code for t in templates_offered("apotek", "pks")] == ["apotek_pks"]
    assert [t.code for t in templates_offered("bpjs", "pks")] == ["bpjs_fktp_pks"]


def test_an_mou_for_a_puskesmas_prints_as_a_nota_kesepahaman(svc: Services, puskesmas) -> None:
    mou = agreements.draft_agreement(svc, puskesmas, "mou")
    text = _text(agreements.agreement_pdf(svc, mou.id))

    assert "NOTA KESEPAHAMAN ANTARA" in text
    assert "Maksud Nota Kesepahaman ini adalah sebagai landasan bagi PARA PIHAK" in text
    assert "Perjanjian ini" not in text
    assert "Pengadilan Negeri" not in text
    assert ("Nota Kesepahaman ini tidak mengikat PARA PIHAK untuk menyelesaikan perbedaan "
            "pendapat melalui pengadilan") in text
    assert "tidak menimbulkan kewajiban keuangan yang mengikat" in text


def test_an_mou_from_a_pks_text_is_refused_and_nothing_is_drafted(svc: Services,
                                                                   puskesmas) -> None:
    with pytest.raises(UserError) as refused:
        agreements.draft_agreement(svc, puskesmas, "mou", template_code="rujukan_pks")
    assert refused.value.field == "template"
    assert refused.value.message == (
        "Templat “PKS rujukan dan rujuk balik (puskesmas / rumah sakit)” tidak ditulis untuk "
        "Nota Kesepahaman (MoU) dengan mitra ini: pilih “Nota Kesepahaman (MoU) umum”.")
    with pytest.raises(UserError):
        agreements.draft_agreement(svc, puskesmas, "pks", template_code="apotek_pks")
    assert svc.agreements.list(puskesmas) == []
