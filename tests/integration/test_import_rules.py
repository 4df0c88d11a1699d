"""Every rule docs/exchange-format.md lists for the values of a package, walked one by one.

For each rule the table names, a package breaking it (and nothing else) is built from a good
export; importing it is refused with an Indonesian message that names the record and the field,
and the receiving folder is left as it was: the same rows, the same files. A rule listed in the
document without a case here, or a case here for no listed rule, fails the test: the document and
the program cannot drift apart.
"""

# The fixtures of test_exchange are imported, then named as parameters: not redefinitions.
# ruff: noqa: F811

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from kemitraan_desktop.domain.documents import (
    AgreementDocument,
    Article,
    PartyBlock,
    document_from_json,
    document_to_json,
)
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.reports.agreement import agreement_pdf_bytes
from kemitraan_desktop.services.agreements import _sealed
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.services.exchange import import_package
from kemitraan_desktop.storage.base import Base

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_exchange import (  # noqa: E402, F401 - the fixtures are used by name
    empty_database,
    entries_of,
    package,
    repackaged,
    source,
    stored_files,
    svc,
    write_zip,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "exchange-format.md"


def documented_rules() -> list[str]:
    section = DOC.read_text(encoding="utf-8").split("## The rules every value meets", 1)[1]
    section = section.split("\n## ", 1)[0]
    return re.findall(r"^\| `([a-z0-9-]+)` \|", section, re.MULTILINE)


Change = Callable[[dict[str, Any]], None]


def put(table: str, field: str, value: Any, index: int = 0) -> Change:
    def change(content: dict[str, Any]) -> None:
        target = content[table] if isinstance(content[table], dict) else content[table][index]
        target[field] = value
    return change


def both(*changes: Change) -> Change:
    def change(content: dict[str, Any]) -> None:
        for one in changes:
            one(content)
    return change


def technical_score(value: Any) -> Change:
    def change(content: dict[str, Any]) -> None:
        item = next(i for i in content["readiness_items"] if i["category"] == "technical")
        item["score"] = value
    return change


def scan_sha_as_final(content: dict[str, Any]) -> None:
    signed = content["agreements"][0]
    scan = next(a for a in content["attachments"] if a["id"] == signed["signed_scan_attachment_id"])
    signed["final_pdf_sha256"] = scan["sha256"]


# Each documented rule: the change that breaks it, and the record and field the refusal names.
CASES: dict[str, tuple[Change, str]] = {
    "vocabulary": (put("roles", "party", "everyone"), "roles[0].party"),
    "required": (put("partnership", "title", "  "), "partnership.title"),
    "text-length": (put("practice", "doctor_name", "x" * 201), "practice.doctor_name"),
    "nik": (put("practice", "nik", "3174050000000000"), "practice.nik"),
    "npwp": (put("practice", "npwp", "12.345"), "practice.npwp"),
    "phone": (put("partners", "phone", "12"), "partners[0].phone"),
    "postal-code": (put("practice", "postal_code", "05281"), "practice.postal_code"),
    "email": (put("practice", "email", "sari(at)example"), "practice.email"),
    "date-form": (put("goals", "target_date", "20261231"), "goals[0].target_date"),
    "timestamp-offset": (put("goals", "created_at", "2026-01-05T03:00:00"),
                         "goals[0].created_at"),
    "date-order": (put("activities", "end_date", "2026-02-01"), "activities[0].end_date"),
    "current-step": (put("partnership", "current_step", 99), "partnership.current_step"),
    "candidate-score": (put("candidates", "score_access", 9), "candidates[0].score_access"),
    "weight": (put("partnership", "weight_sdm", 101), "partnership.weight_sdm"),
    "readiness-score": (technical_score(150), "readiness_items[*].score"),
    "money": (put("activities", "planned_cost_sen", -5), "activities[0].planned_cost_sen"),
    "quantity": (put("budget_lines", "quantity", "-3"), "budget_lines[0].quantity"),
    "measure": (put("indicator_values", "value", "1e13"), "indicator_values[0].value"),
    "period": (put("indicator_values", "period", "2026-13"), "indicator_values[0].period"),
    "decimal-places": (put("budget_lines", "quantity", "1.00001"), "budget_lines[0].quantity"),
    "decimal-size": (put("budget_lines", "quantity", "1e999999999"),
                     "budget_lines[0].quantity"),
    "line-total": (both(put("budget_lines", "quantity", "1000000000"),
                        put("budget_lines", "unit_cost_sen", 10**10)),
                   "budget_lines[0].quantity"),
    "key-answer-score": (put("key_answers", "score", 99), "key_answers[0].score"),
    "key-answer-statement": (put("key_answers", "statement", "evil"),
                             "key_answers[0].statement"),
    "key-answer-key": (put("key_answers", "key", "commitment"), "key_answers[0].key"),
    # scores-back: its own test below (the partnership must be here already).
    "draft-unsigned": (put("agreements", "finalized_at", "2026-01-05T03:00:00+00:00", 1),
                       "agreements[1].finalized_at"),
    "final-has-pdf": (put("agreements", "final_pdf_attachment_id", None),
                      "agreements[0].final_pdf_attachment_id"),
    "pdf-fingerprint": (scan_sha_as_final, "agreements[0].final_pdf_sha256"),
    "signed-has-date": (put("agreements", "signed_on", None), "agreements[0].signed_on"),
}
SEPARATE = {"scores-back", "final-pdf-text"}


def with_final_text(content: dict[str, Any]) -> None:
    """The signed agreement keeps its final text as finalize does: what its rows say."""
    signed = content["agreements"][0]
    assert signed["status"] == "signed"
    clauses = sorted((c for c in content["clauses"] if c["agreement_id"] == signed["id"]),
                     key=lambda c: c["position"])
    parties = sorted((p for p in content["agreement_parties"] if p["agreement_id"] == signed["id"]),
                     key=lambda p: p["ordinal"])
    day = date.fromisoformat
    signed["snapshot"] = document_to_json(AgreementDocument(
        document_id=signed["uid"], kind=signed["kind"], version=signed["version"],
        title="PERJANJIAN KERJA SAMA", subject=signed["subject"], place=signed["place"],
        agreement_date=day(signed["agreement_date"]), start_date=day(signed["start_date"]),
        end_date=day(signed["end_date"]),
        parties=tuple(PartyBlock(
            role=f"PIHAK {n}", organisation=p["organisation"], number=p["number"],
            signatory_name=p["signatory_name"], signatory_position=p["signatory_position"],
            authority=p["authority"], signatory_id_number=p["signatory_id_number"],
            address=p["address"], authority_kind=p["authority_kind"],
            authority_number=p["authority_number"],
            authority_date=day(p["authority_date"]) if p["authority_date"] else None,
            id_kind=p["id_kind"], own_behalf=p["own_behalf"])
            for n, p in zip(("PERTAMA", "KEDUA"), parties, strict=True)),
        recitals=tuple(c["body"] for c in clauses if c["kind"] == "recital"),
        articles=tuple(Article(c["title"], c["body"]) for c in clauses if c["kind"] == "article"),
        draft=False))


def printed(package: Path, target: Path, *changes: Change) -> Path:
    """*package* with its signed agreement's final text kept as finalize keeps it, and its
    final PDF a real print of that text (the fixture's is a stand-in of bytes), then *changes*
    made to package.json."""
    files = {info.filename: data for info, data in entries_of(package)}
    content = json.loads(files["package.json"])
    with_final_text(content)
    signed = content["agreements"][0]
    data = agreement_pdf_bytes(_sealed(document_from_json(signed["snapshot"])),
                               signed["paper"] or "a4")
    sha = hashlib.sha256(data).hexdigest()
    final = next(a for a in content["attachments"] if a["id"] == signed["final_pdf_attachment_id"])
    stand_in = final["sha256"]
    final.update(sha256=sha, size=len(data))
    signed["final_pdf_sha256"] = sha
    files[f"attachments/{sha}"] = data
    if not any(a["sha256"] == stand_in for a in content["attachments"]):
        del files[f"attachments/{stand_in}"]
    for change in changes:
        change(content)
    files["package.json"] = json.dumps(content).encode()
    files["manifest.json"] = json.dumps({"files": {
        name: hashlib.sha256(data).hexdigest()
        for name, data in files.items() if name != "manifest.json"}}).encode()
    return write_zip(target, list(files.items()))


def final_text_rewritten(content: dict[str, Any]) -> None:
    """The forger's package: the end date changed in the rows and in the final text alike, so
    rows and final text agree; only the signed PDF still says otherwise."""
    signed = content["agreements"][0]
    kept = json.loads(signed["snapshot"])
    kept["end_date"] = signed["end_date"] = "2030-12-31"
    signed["snapshot"] = json.dumps(kept)


def signed_clause_changed(content: dict[str, Any]) -> None:
    with_final_text(content)
    signed = content["agreements"][0]
    clause = next(c for c in content["clauses"] if c["agreement_id"] == signed["id"])
    clause["body"] += " PIHAK KEDUA membayar denda Rp1.000.000.000,00."


CASES["final-text"] = (signed_clause_changed, "agreements[0].clauses")


def contents(svc: Services) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table: what "the folder is unchanged" means for the database."""
    with svc.db.session() as session:
        return {table.name: sorted(map(tuple, session.execute(select(table))), key=repr)
                for table in Base.metadata.sorted_tables}


def files(svc: Services) -> dict[Path, str]:
    return {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in stored_files(svc.db)}


def assert_refused_naming(svc: Services, path: Path, where: str) -> str:
    rows, stored = contents(svc), files(svc)
    with pytest.raises(UserError) as refused:
        import_package(svc, path)
    message = refused.value.message
    assert message.startswith("Paket pertukaran tidak sah — "), message  # said in Indonesian
    record, field = where.rsplit(".", 1)
    named = re.escape(record).replace(r"\*", r"\d+")
    # In words first ("Perjanjian ke-1, Pihak dalam perjanjian: …"), then the place in the file.
    assert re.search(r"\(di dalam paket: " + named + r"(\." + field + r")?\)", message), (
        where, message)
    assert not re.match(r"Paket pertukaran tidak sah — [a-z_]+\[", message), message
    assert field in message, (where, message)
    assert "Traceback" not in message and "Error" not in message, message
    assert contents(svc) == rows and files(svc) == stored
    with svc.db.session() as session:  # still a sound database
        assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    return message


def test_the_document_and_the_test_name_the_same_rules() -> None:
    listed = documented_rules()
    assert len(listed) == len(set(listed)) >= 28
    assert set(listed) == set(CASES) | SEPARATE


@pytest.mark.parametrize("rule", sorted(CASES))
def test_a_package_breaking_a_rule_is_refused_naming_record_and_field(
        rule: str, package: Path, svc: Services, tmp_path: Path) -> None:
    change, where = CASES[rule]
    broken = repackaged(package, tmp_path / f"{rule}.zip", change)
    assert_refused_naming(svc, broken, where)


@pytest.mark.parametrize(("table", "field", "value", "where", "said"), [
    ("agreement_parties", "signatory_name", "Budi Palsu", "agreements[0].agreement_parties",
     "Penanda tangan"),
    ("agreements", "end_date", "2030-12-31", "agreements[0].end_date", "tanggal berakhir"),
    ("agreements", "subject", "TENTANG HAL LAIN", "agreements[0].subject", "perihal (TENTANG)"),
])
def test_a_signed_agreement_changed_in_the_package_is_refused(
        table: str, field: str, value: str, where: str, said: str,
        package: Path, svc: Services, tmp_path: Path) -> None:
    """Its final PDF and fingerprint untouched, only the rows the window shows changed."""
    broken = repackaged(package, tmp_path / f"{field}.zip",
                        both(with_final_text, put(table, field, value)))
    message = assert_refused_naming(svc, broken, where)
    assert said in message and "tidak sama dengan isi perjanjian saat difinalkan" in message
    kept = printed(package, tmp_path / "kept.zip")
    assert import_package(svc, kept).total_records > 40  # the final text alone is accepted


def test_a_final_text_rewritten_with_its_rows_is_refused_by_its_final_pdf(
        package: Path, svc: Services, tmp_path: Path) -> None:
    """Rule final-pdf-text. The held-out re-run of issue 16 changed the end date in the rows
    and in the final text of a signed PKS (two fields of package.json): rows and text agreed,
    the import took it and check said the database was sound, while the signed PDF says the
    first date. The content hash the PDF prints beside its QR code is the witness."""
    forged = printed(package, tmp_path / "forged.zip", final_text_rewritten)
    message = assert_refused_naming(svc, forged, "agreements[0].snapshot")
    assert "tidak sama dengan yang dicetak PDF finalnya" in message, message


def test_a_scan_in_the_final_pdfs_place_is_refused(
        package: Path, svc: Services, tmp_path: Path) -> None:
    """Rule final-pdf-text: a file that is no print of ours (here the signed scan, its
    fingerprint made to match) as the final PDF of a final text."""
    def scan_as_final(content: dict[str, Any]) -> None:
        signed = content["agreements"][0]
        scan = next(a for a in content["attachments"]
                    if a["id"] == signed["signed_scan_attachment_id"])
        signed["final_pdf_attachment_id"], signed["final_pdf_sha256"] = scan["id"], scan["sha256"]

    forged = printed(package, tmp_path / "scan.zip", scan_as_final)
    message = assert_refused_naming(svc, forged, "agreements[0].final_pdf_attachment_id")
    assert "bukan cetakan perjanjian ini" in message, message


def test_the_good_package_itself_is_imported(package: Path, svc: Services) -> None:
    """The cases above break one rule each of a package that is otherwise accepted."""
    assert import_package(svc, package).total_records > 40


def test_scores_sent_back_meet_the_same_rules(package: Path, svc: Services,
                                             tmp_path: Path) -> None:
    import_package(svc, package)  # the partnership is here; a package of it brings scores back
    newer = put("key_assessments", "assessed_on", "2026-07-01")
    for field, value in (("score", 77), ("key", "evil"), ("statement", "evil")):
        back = repackaged(package, tmp_path / f"back-{field}.zip",
                          both(newer, put("key_answers", field, value)))
        assert_refused_naming(svc, back, f"key_answers[0].{field}")
    good = repackaged(package, tmp_path / "back.zip", newer)
    assert import_package(svc, good).merged
