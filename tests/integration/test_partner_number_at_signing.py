"""The partner writes its own agenda number on the signed copy: a BPJS PKS is finalized with
the branch's number empty and the number is typed at Catat penandatanganan. That is a change
the program makes itself (audited), not a forgery: the walker's package of such a PKS was
refused by the import ("Nomor PIHAK KESATU tidak sama dengan isi perjanjian saat difinalkan")
and check called the folder changed. A number changed where the final text printed one is
still refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import ready_to_finalize
from sqlalchemy import text
from test_exchange import repackaged

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.services import agreements, maintenance
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.services.demo import create_demo
from kemitraan_desktop.services.exchange import export_partnership, import_package
from kemitraan_desktop.storage.database import Database

NUMBER = "1234/KC-SLM/XII/2026"


def finalized_without_number(svc: Services) -> int:
    """The demo's BPJS PKS finalized with the branch's number empty; its agreement id."""
    create_demo(svc)
    bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
    draft = svc.agreements.list(bpjs.id)[-1]
    ready_to_finalize(svc, draft.id)
    svc.agreements.update(draft.id, agreement_date=date.today())
    agreements.finalize_agreement(svc, draft.id)
    return draft.id


def final_pdf(svc: Services, agreement_id: int) -> bytes:
    return svc.db.attachments.read_verified(svc.agreements.get(agreement_id).final_pdf_sha256)


@pytest.mark.parametrize("when", ["at signing", "completed later"])
def test_the_final_pdf_verifies_after_the_partner_number_is_written(
        svc: Services, tmp_path: Path, when: str) -> None:
    """walker4: after 'Catat penandatanganan' with the number, or 'Lengkapi
    penandatanganan…' later, verify called the program's own untouched final PDF TIDAK
    TERVERIFIKASI and check counted the agreement as not matching its seal."""
    agreement_id = finalized_without_number(svc)
    if when == "at signing":
        agreements.sign_agreement(svc, agreement_id, date.today(), "Para pihak",
                                  partner_number=NUMBER)
    else:
        agreements.sign_agreement(svc, agreement_id, date.today(), "Para pihak")
        agreements.complete_signing(svc, agreement_id, partner_number=NUMBER)
    assert agreements.verify_document(svc, final_pdf(svc, agreement_id)).genuine
    assert maintenance.check(svc).ok
    package = tmp_path / "pks.zip"
    export_partnership(svc, svc.agreements.get(agreement_id).partnership_id, package)
    other = Services(Database.open(tmp_path / "kantor-cabang"), actor="petugas")
    try:
        import_package(other, package)
        assert maintenance.check(other).ok
    finally:
        other.db.close()


@pytest.fixture
def signed_with_number(svc: Services) -> int:
    create_demo(svc)
    bpjs = next(p for p in svc.partnerships.list() if p.partner_type == "bpjs")
    draft = svc.agreements.list(bpjs.id)[-1]
    branch = next(p for p in svc.agreement_parties.list(draft.id) if p.party == "partner")
    assert branch.number == ""  # the branch writes its own number on the paper
    ready_to_finalize(svc, draft.id)
    svc.agreements.update(draft.id, agreement_date=date.today())
    agreements.finalize_agreement(svc, draft.id)
    agreements.sign_agreement(svc, draft.id, date.today(), "Para pihak", partner_number=NUMBER)
    assert svc.agreement_parties.get(branch.id).number == NUMBER
    return bpjs.id


def test_a_number_written_at_signing_is_exported_imported_and_checked_sound(
        svc: Services, signed_with_number: int, tmp_path: Path) -> None:
    assert maintenance.check(svc).ok
    package = tmp_path / "pks-bpjs.zip"
    export_partnership(svc, signed_with_number, package)
    other = Services(Database.open(tmp_path / "kantor-cabang"), actor="petugas")
    try:
        imported = import_package(other, package)
        pks = other.agreements.list(imported.partnership_id)[-1]
        assert pks.status == "signed"
        assert [p.number for p in other.agreement_parties.list(pks.id) if p.party == "partner"
                ] == [NUMBER]
        assert maintenance.check(other).ok
    finally:
        other.db.close()


def test_a_number_changed_after_signing_is_still_refused(
        svc: Services, signed_with_number: int, tmp_path: Path) -> None:
    """Once the record holds a number, another number is an edit outside the program; and a
    number the final text printed may not be emptied or changed either."""
    with svc.db.session() as session:
        session.execute(text("UPDATE agreement_party SET number = '9999/LAIN/2026' "
                             "WHERE number = :n"), {"n": NUMBER})
    assert not maintenance.check(svc).ok  # held against the signing's audit entry
    with svc.db.session() as session:
        session.execute(text("UPDATE agreement_party SET number = '' "
                             "WHERE number LIKE '%/PKS/%' AND party = 'practice'"))
    result = maintenance.check(svc)
    assert any("Nomor" in finding.problem for finding in result.seals), result.seals


def test_a_package_whose_signed_number_was_changed_is_refused(
        svc: Services, signed_with_number: int, tmp_path: Path) -> None:
    """The number written at signing travels in the package as the row's; a different one in
    the final text's place (printed there) is still a changed final text."""
    package = tmp_path / "pks-bpjs.zip"
    export_partnership(svc, signed_with_number, package)
    other = Services(Database.open(tmp_path / "kantor-cabang"), actor="petugas")
    try:
        practice_number = next(
            p.number for p in svc.agreement_parties.list(
                svc.agreements.list(signed_with_number)[-1].id) if p.party == "practice")

        def renumbered(content: dict) -> None:
            for party in content["agreement_parties"]:
                if party["number"] == practice_number:
                    party["number"] = "999/PKS/LAIN/2026"

        forged = repackaged(package, tmp_path / "forged.zip", renumbered)
        with pytest.raises(UserError, match="Nomor"):
            import_package(other, forged)
    finally:
        other.db.close()
