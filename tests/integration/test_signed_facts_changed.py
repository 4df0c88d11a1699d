"""Step 3 changed after the PKS was signed: the places where the signed text now says otherwise
than the data are named, read from the signed text itself (the PDF stays as signed)."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from kemitraan_desktop.services import agreements, documents
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.services.demo import create_demo


def test_a_role_changed_after_signing_is_named_with_its_pasal(svc: Services) -> None:
    create_demo(svc, today=date(2026, 11, 22))
    apotek = next(p.id for p in svc.partnerships.list() if p.partner_type == "apotek")
    assert agreements.changed_since_signed(svc, apotek) is None

    role = next(r for r in svc.roles.list(apotek)
                if r.description.startswith("Menyediakan obat sesuai Formularium Nasional"))
    svc.roles.update(role.id, description="Menyediakan obat generik")

    changed = agreements.changed_since_signed(svc, apotek)
    assert changed is not None
    assert changed.number == "001/PKS/DR-SR/II/2026"
    assert changed.places == (
        "Pasal 5 (Hak dan Kewajiban PIHAK KEDUA): peran mitra (langkah 3) tertulis “(1) "
        "Menyediakan obat sesuai Formularium Nasional; (2) Memberikan informasi obat kepada "
        "pasien; dan (3) Mengajukan klaim sesuai ketentuan.”; menurut data “(1) Menyediakan obat "
        "generik; (2) Memberikan informasi obat kepada pasien; dan (3) Mengajukan klaim sesuai "
        "ketentuan.”.",)  # whole: the doctor reads what differs, not an 80-character cut

    # The archive both parties keep says it beside step 3.
    buffer = io.BytesIO()
    documents.render_report(svc, "archive", apotek, buffer)
    archive = " ".join(" ".join((page.extract_text() or "").split())
                       for page in PdfReader(io.BytesIO(buffer.getvalue())).pages)
    assert ("Berubah setelah ditandatangani Pasal 5 (Hak dan Kewajiban PIHAK KEDUA): peran "
            "mitra (langkah 3) tertulis") in archive
    assert ("Perubahan atas naskah yang sudah ditandatangani dibuat dengan adendum."
            in archive)

    svc.roles.update(role.id, description=role.description)  # put back as signed
    assert agreements.changed_since_signed(svc, apotek) is None
