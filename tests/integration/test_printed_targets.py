"""The demo's apotek PKS, as the officer reads it: its goals state their targets in words."""

from __future__ import annotations

import io

from pypdf import PdfReader

from kemitraan_desktop.services import agreements
from kemitraan_desktop.services.demo import create_demo


def test_the_apotek_pks_states_its_targets_in_words_not_symbols(svc) -> None:  # noqa: ANN001
    demo = create_demo(svc)
    apotek = next(p for p in svc.partnerships.list() if p.partner_type == "apotek")
    assert apotek.id in demo.partnership_ids
    [pks] = [a for a in svc.agreements.list(apotek.id) if a.kind == "pks"]
    reader = PdfReader(io.BytesIO(agreements.agreement_pdf(svc, pks.id)))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert ("Resep peserta JKN terlayani di apotek mitra, dengan target paling sedikit 95% "
            "(sembilan puluh lima persen) resep terlayani lengkap") in text
    assert ("Waktu tunggu obat singkat, dengan target paling lama 15 (lima belas) menit per "
            "resep") in text
    assert "≥" not in text and "≤" not in text
