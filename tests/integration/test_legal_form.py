"""Every template, printed as the parties sign it, read against the rules of Indonesian legal form.

One final agreement per partner type (BPJS, apotek, laboratorium, bidan, puskesmas, rumah sakit,
klinik, dinas kesehatan, other) and an adendum, on A4 and F4, with the screen in Indonesian and
in English, is read from the PDF as a BPJS officer reads it. The rules are data below, each with
where it comes from, so a reader can check the list itself:

- KBBI/PUEBI spellings (iktikad, adendum, nonspesialistik, Pengadilan Negeri Sleman …);
- a defined term (JKN, BPJS Kesehatan, PIHAK …) is defined before it is used, and once defined
  in Pasal 1 it is written with its capitals;
- a foreign term is printed in italics, with the italic face embedded in the PDF;
- ayat (1), (2) … and points a., b. … run without a gap, and so do the Pasal;
- no obligation is stated twice in one Pasal;
- no brace placeholder, no blank "……" in a final, no English word.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from kemitraan_desktop import i18n
from kemitraan_desktop.domain.bpjs import kbk_indicators
from kemitraan_desktop.services import agreements, partnerships
from kemitraan_desktop.services.app import Services
from kemitraan_desktop.storage.database import Database
from tests.gui.test_no_english_left import english_words
from tests.integration.test_agreement_facts import (
    bpjs_partnership,
    credentialing_met,
    sign_the_bpjs_signatory,
)
from tests.integration.workflow import png_file

# --- the rules ----------------------------------------------------------------------------------

# (wrong, as a regular expression; right; the source). Case-sensitive where the capital matters.
SPELLING: tuple[tuple[str, str, str], ...] = (
    (r"(?i)\bitikad\b", "iktikad", "KBBI"),
    (r"(?i)\baddendum\b", "adendum", "KBBI"),
    (r"\bnon[- ](?=[a-z])", "non- joined to the word: nonspesialistik, nonmedis", "PUEBI"),
    (r"(?i)\bPengadilan Negeri (Kabupaten|Kota)\b", "Pengadilan Negeri Sleman: the court's "
     "name, without Kabupaten or Kota", "the courts' own names"),
    (r"[≥≤<>]", "paling sedikit / paling banyak, in words", "legal drafting (UU 12/2011 lamp. II)"),
    (r"(?i)\bpraktek\b", "praktik", "KBBI"),
    (r"(?i)\bijin\b", "izin", "KBBI"),
    (r"(?i)\bresiko\b", "risiko", "KBBI"),
    (r"(?i)\bsistim\b", "sistem", "KBBI"),
    (r"(?i)\bapotik\b", "apotek", "KBBI"),
    (r"(?i)\bkwitansi\b", "kuitansi", "KBBI"),
    (r"(?i)\bpropinsi\b", "provinsi", "KBBI"),
    (r"(?i)\bmerubah\b", "mengubah", "KBBI"),
    (r"(?i)\b(meng)?analisa\b", "analisis, menganalisis", "KBBI"),
    (r"(?i)\bobyek\b", "objek", "KBBI"),
    (r"(?i)\bsubyek\b", "subjek", "KBBI"),
    (r"(?i)\bjadual\b", "jadwal", "KBBI"),
    (r"(?i)\baktifitas\b", "aktivitas", "KBBI"),
    (r"(?i)\befektifitas\b", "efektivitas", "KBBI"),
    (r"(?i)\bkadaluw?arsa\b", "kedaluwarsa", "KBBI"),
    (r"(?i)\bsekedar\b", "sekadar", "KBBI"),
    (r"(?i)\bnasehat\b", "nasihat", "KBBI"),
    (r"(?i)\bsyah\b", "sah", "KBBI"),
    (r"(?i)\btehnis\b", "teknis", "KBBI"),
    (r"(?i)\bstandarisasi\b", "standardisasi", "KBBI"),
    (r"(?i)\bmentaati\b", "menaati", "KBBI"),
    (r"(?i)\b(meng)?himbau(an)?\b", "imbau, mengimbau, imbauan", "KBBI"),
    (r"(?i)\bfoto ?copy\b", "fotokopi", "KBBI"),
    (r"(?i)\bdimana\b", "di mana", "PUEBI: di before a place is written apart"),
    (r"(?i)\bdiantara\b", "di antara", "PUEBI"),
    (r"(?i)\bdisamping\b", "di samping", "PUEBI"),
    (r"(?i)\bdi tandatangani\b", "ditandatangani", "PUEBI"),
    (r"(?i)\bbertandatangan\b", "bertanda tangan", "PUEBI"),
    (r"(?i)\bdan atau\b", "dan/atau", "legal drafting (UU 12/2011 lamp. II)"),
)

# A term the text defines and how its definition reads: the first use after the parties'
# identification (which quotes names as typed, "BPJS Kesehatan Kantor Cabang Sleman") must be
# that definition or come after it.
DEFINED_TERMS: tuple[tuple[str, str], ...] = (
    ("JKN", r"Jaminan Kesehatan\b[^.;]*selanjutnya disingkat JKN"
            r"|Jaminan Kesehatan Nasional \(JKN\)"),
    ("BPJS Kesehatan", r"Badan Penyelenggara Jaminan Sosial Kesehatan(, yang selanjutnya "
                       r"disebut | \()BPJS Kesehatan|BPJS Kesehatan adalah Badan Penyelenggara"),
    ("FKTP", r"Fasilitas Kesehatan Tingkat Pertama[^.;]*(selanjutnya disingkat | \()FKTP"),
    ("KBK", r"Kapitasi Berbasis Kinerja[^.;]*(selanjutnya disingkat | \()KBK"),
    ("PIHAK PERTAMA", r"selanjutnya disebut PIHAK PERTAMA"),
    ("PIHAK KESATU", r"selanjutnya disebut PIHAK KESATU"),
    ("PIHAK KEDUA", r"selanjutnya disebut PIHAK KEDUA"),
    ("PARA PIHAK", r"bersama-sama disebut PARA PIHAK"),
)
# A definition in Pasal 1: "(5) Resep adalah …", "(1) Jaminan Kesehatan Nasional, yang …".
_DEFINITION = re.compile(r"^\(\d+\) (?P<term>(?:[A-Z][\w-]*(?: |(?=[ ,])))+)(?:,| adalah)",
                         re.MULTILINE)

# Foreign words (not in KBBI) that a legal text may use, printed in italics (PUEBI).
FOREIGN_TERMS: tuple[str, ...] = (
    "monitoring", "force majeure", "online", "offline", "e-mail", "email", "website",
    "software", "hardware", "self assessment", "feedback", "upload", "download", "screening",
    "home care", "real time", "softcopy", "hardcopy", "bridging",
)
ITALIC_FACE = "LiberationSerif-Italic"

# Where a word a Pasal 1 defines stands lowercase as part of another name, not as the defined
# term: "surat rujukan" is a letter, "fasilitas kesehatan rujukan tingkat lanjutan" a hospital;
# and the KBK indicators keep the names Peraturan BPJS 7/2019 gives them.
OTHER_NAMES: tuple[str, ...] = (
    "fasilitas kesehatan rujukan", "surat rujukan", "sistem rujukan", "surat rujuk balik",
    "Pasien rujukan", *(indicator.name.lower() for indicator in kbk_indicators()),
)

BLANK = "……"
# English words a legal text has no reason to print (the foreign terms above aside).
ENGLISH_ALLOWED = frozenset(word for term in FOREIGN_TERMS for word in term.split())

# --- printing every template --------------------------------------------------------------------

PARTNER_TYPES = ("bpjs", "apotek", "laboratorium", "bidan", "puskesmas", "rumah_sakit", "klinik",
                 "dinas_kesehatan", "other")
TODAY = date.today()


@dataclass(frozen=True)
class Printed:
    svc: Services
    agreement_ids: dict[str, int]


def _jejaring(svc: Services, partner_type: str, number: int) -> int:
    """A partnership of *partner_type* as a doctor fills it in, ready to finalize: two goals,
    two roles of each party, a budget line, the partner's signatory with its basis of
    authority, NIK and its own agenda number."""
    partner = svc.partners.create(name=f"Mitra Sehat {number}", partner_type=partner_type,
                                  kota="Kabupaten Sleman")
    svc.partner_people.create(partner_id=partner.id, name="Ns. Dewi Lestari, S.Kep.",
                              job_title="Penanggung Jawab", signs=True)
    svc.licences.create(partner_id=partner.id, name="Izin operasional",
                        number=f"503/{number:03d}/IZIN/2024", issued=date(2024, 2, 1))
    p = partnerships.start_partnership(svc, f"Kemitraan {partner_type}", partner_type,
                                       partner.id)
    svc.goals.create(partnership_id=p.id, description="Mutu pelayanan kesehatan meningkat")
    svc.goals.create(partnership_id=p.id, description="Laporan bulanan tersusun tepat waktu")
    for party, role in (("practice", "Menyampaikan data pelayanan setiap bulan"),
                        ("practice", "Menghadiri pertemuan evaluasi"),
                        ("partner", "Memberikan pelayanan sesuai standar"),
                        ("partner", "Menyampaikan laporan pelayanan setiap bulan")):
        svc.roles.create(partnership_id=p.id, party=party, description=role)
    svc.budget_lines.create(partnership_id=p.id, description="Leaflet", quantity=Decimal(100),
                            unit="lembar", unit_cost_sen=1_500_00, funded_by="partner")
    draft = agreements.draft_agreement(svc, p.id, "pks", start=date(2027, 1, 1))
    for party in svc.agreement_parties.list(draft.id):
        if party.party == "partner":
            svc.agreement_parties.update(
                party.id, number=f"{number:03d}/PKS/MS/XII/2026",
                signatory_id_number="3404016504850002", authority_kind="izin",
                authority_number=f"503/{number:03d}/IZIN/2024", authority_date=date(2024, 2, 1))
    return draft.id


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    folder = tmp_path_factory.mktemp("legal-form")
    database = Database.open(folder / "data")
    svc = Services(database, actor="dr. Penguji")
    pid, bpjs_id = bpjs_partnership(svc)
    sign_the_bpjs_signatory(svc, bpjs_id)
    credentialing_met(svc, pid)
    ids = {"bpjs": bpjs_id}
    for number, partner_type in enumerate(PARTNER_TYPES[1:], start=1):
        ids[partner_type] = _jejaring(svc, partner_type, number)
    for agreement_id in ids.values():
        agreements.finalize_agreement(svc, agreement_id)
    agreements.sign_agreement(svc, ids["apotek"], TODAY, "Para pihak",
                              png_file(folder / "scan.png"))
    addendum = agreements.start_addendum(svc, ids["apotek"], end=date(2028, 12, 31))
    for party in svc.agreement_parties.list(addendum.id):
        if party.party == "partner":
            svc.agreement_parties.update(party.id, number="002/ADD/MS/XII/2026")
    agreements.finalize_agreement(svc, addendum.id)
    ids["adendum"] = addendum.id
    yield Printed(svc, ids)
    database.close()


# --- reading the print --------------------------------------------------------------------------


@dataclass(frozen=True)
class Print:
    text: str  # every line, its spaces collapsed, pages joined
    body: str  # from the opening "Pada hari ini" to the closing "Demikian"
    italic: str  # the words drawn in an italic face, space-joined
    fonts: frozenset[str]  # the faces embedded (FontFile2) in the PDF


def _read(data: bytes) -> Print:
    reader = PdfReader(io.BytesIO(data))
    lines, italic = [], []
    for page in reader.pages:
        def visit(text: str, _cm: object, _tm: object, font: object, _size: object) -> None:
            if font is not None and "Italic" in str(font.get("/BaseFont", "")):
                italic.append(text)

        text = page.extract_text(visitor_text=visit) or ""
        lines += [" ".join(line.split()) for line in text.splitlines()]
    text = "\n".join(lines)
    start = text.index("Pada hari ini")
    end = text.rindex("Demikian")
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is not None and "/FontFile2" in descriptor.get_object():
                    fonts.add(str(descendant.get_object()["/BaseFont"]).split("+")[-1])
    return Print(text, text[start:end], " ".join(" ".join(italic).split()), frozenset(fonts))


def _pasal(body: str) -> list[tuple[int, str]]:
    """Each Pasal's number and text, in the order printed."""
    parts = re.split(r"^Pasal (\d+)$", body, flags=re.MULTILINE)
    return [(int(parts[i]), parts[i + 1]) for i in range(1, len(parts), 2)]


def _flat(text: str) -> str:
    return " ".join(text.split())


def spelling_faults(printed: Print) -> list[str]:
    return [f"{match.group()!r}: write {right} ({source})"
            for wrong, right, source in SPELLING
            for match in re.finditer(wrong, _flat(printed.text))]


def definition_faults(printed: Print) -> list[str]:
    body = _flat(printed.body)
    recitals = body.find("PIHAK terlebih dahulu menerangkan")
    faults = []
    for term, definition in DEFINED_TERMS:
        uses = [m.start() for m in re.finditer(rf"\b{re.escape(term)}\b", body)
                if m.start() > recitals or term.startswith(("PIHAK", "PARA"))]
        if not uses:
            continue
        defined = re.search(definition, body)
        if defined is None:
            faults.append(f"{term} is used but never defined")
        elif uses[0] < defined.start():
            faults.append(f"{term} is used before it is defined: "
                          f"…{body[max(0, uses[0] - 60):uses[0] + len(term)]}")
    pasal = _pasal(printed.body)
    if pasal and pasal[0][0] == 1:
        after = _flat("".join(text for _number, text in pasal[1:]))
        for name in OTHER_NAMES:
            after = re.sub(re.escape(name), "…", after, flags=re.IGNORECASE)
        for match in _DEFINITION.finditer(pasal[0][1]):
            term = match["term"].strip()
            for lower in re.finditer(rf"(?<![\w-]){re.escape(term.lower())}(?![\w-])", after):
                faults.append(f"{term} is defined in Pasal 1 but written {lower.group()!r}: "
                              f"…{after[max(0, lower.start() - 50):lower.end() + 10]}")
    return faults


def italic_faults(printed: Print) -> list[str]:
    faults = []
    text, italic = _flat(printed.text).lower(), printed.italic.lower()
    for term in FOREIGN_TERMS:
        count = len(re.findall(rf"\b{re.escape(term)}\b", text))
        drawn = len(re.findall(rf"\b{re.escape(term)}\b", italic))
        if count != drawn:
            faults.append(f"{term!r} printed {count} times, {drawn} of them in italics")
        if count and ITALIC_FACE not in printed.fonts:
            faults.append(f"{ITALIC_FACE} is not embedded in the PDF")
    return faults


def numbering_faults(printed: Print) -> list[str]:
    faults = []
    pasal = _pasal(printed.body)
    if [number for number, _text in pasal] != list(range(1, len(pasal) + 1)):
        faults.append(f"Pasal numbered {[number for number, _text in pasal]}")
    preamble = printed.body.split("\nPasal 1\n")[0]
    for where, text in [("the recitals", preamble),
                        *((f"Pasal {number}", text) for number, text in pasal)]:
        ayat = [int(n) for n in re.findall(r"^\((\d+)\) ", text, flags=re.MULTILINE)]
        if ayat != list(range(1, len(ayat) + 1)):
            faults.append(f"{where}: ayat numbered {ayat}")
        previous = None
        for letter in re.findall(r"^([a-z])\. ", text, flags=re.MULTILINE):
            if letter != "a" and (previous is None or ord(letter) != ord(previous) + 1):
                faults.append(f"{where}: point {letter}. follows {previous}.")
            previous = letter
    return faults


def repetition_faults(printed: Print) -> list[str]:
    faults = []
    for number, text in _pasal(printed.body):
        # An item ends at its marker's successor or at a line closing with ; : or . (its
        # last line), so a sentence after a list is not read as part of the last point.
        items = re.split(r"(?<=[;:.])\n|\n(?=\(\d+\) |[a-z]\. )", text)
        seen: set[str] = set()
        for item in items:
            said = re.sub(r"paraf pihak \w+ paraf pihak \w+ halaman \d+ dari \d+", "",
                          _flat(item).lower())
            said = re.sub(r"^(\(\d+\)|[a-z]\.) |[.;:,]?( dan| atau)?[.;:]?$", "", said.strip())
            if len(said) > 12 and said in seen:
                faults.append(f"Pasal {number} says twice: {said!r}")
            seen.add(said)
    return faults


def leftover_faults(printed: Print, final: bool) -> list[str]:
    faults = [f"a brace placeholder: {m.group()!r}"
              for m in re.finditer(r"\{[^{}]*\}|[{}]", printed.text)]
    if final and BLANK in printed.text:
        at = printed.text.index(BLANK)
        faults.append(f"a blank in the final: …{printed.text[max(0, at - 60):at + 8]}")
    # An agenda number ("002/ADD/MS/XII/2026") is a code, not words.
    words = re.sub(r"\S*/\S*|\b[0-9a-f]{16,}\b", " ", printed.text)  # and the document id
    english = [word for word in english_words(words) if word not in ENGLISH_ALLOWED]
    if english:
        faults.append(f"English words: {sorted(set(english))}")
    return faults


# --- the test -----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("paper", ["a4", "f4"])
@pytest.mark.parametrize("which", [*PARTNER_TYPES, "adendum"])
def test_every_template_prints_in_indonesian_legal_form(
        printed: Printed, which: str, paper: str, language: str) -> None:
    i18n.set_language(language)
    data = agreements.agreement_pdf(printed.svc, printed.agreement_ids[which], paper)
    assert i18n.current_language() == language  # the screen goes on in its language
    page = _read(data)
    assert page.text.startswith("ADENDUM" if which == "adendum" else ("PERJANJIAN KERJA SAMA",
                                                                      "NOTA KESEPAHAMAN"))
    # Something to read: the Pasal of a PKS (an adendum has its few), each rule below on them.
    assert len(_pasal(page.body)) >= (3 if which == "adendum" else 10)
    faults = (spelling_faults(page) + definition_faults(page) + italic_faults(page)
              + numbering_faults(page) + repetition_faults(page)
              + leftover_faults(page, final=True))
    assert faults == []


def test_the_rules_catch_what_they_are_meant_to_catch() -> None:
    """Each rule, shown a text that breaks it, says so: none of them can pass on anything."""
    wrong = Print(
        text=("Pada hari ini\nbahwa kerja sama dengan BPJS Kesehatan dilandasi itikad baik;\n"
              "Pasal 1\n(1) Jaminan Kesehatan Nasional, yang selanjutnya disingkat JKN, adalah "
              "jaminan.\n(2) Pasien adalah setiap orang.\n(4) Hari Kerja adalah hari Senin.\n"
              "Pasal 3\na. melayani pasien non-spesialistik;\nc. membayar kapitasi;\n"
              "d. membayar kapitasi;\nhasil monitoring disampaikan {partner_name} ……\n"
              "Pasal 4\nrasio ≥ 150 di Pengadilan Negeri Kabupaten Sleman, signed.\nDemikian"),
        body="", italic="", fonts=frozenset({"LiberationSerif"}))
    wrong = Print(wrong.text, wrong.text[:wrong.text.rindex("Demikian")], "", wrong.fonts)
    assert [fault.split(":")[0] for fault in spelling_faults(wrong)] == [
        "'itikad'", "'non-'", "'Pengadilan Negeri Kabupaten'", "'≥'"]
    assert definition_faults(wrong) == [
        "BPJS Kesehatan is used but never defined",
        "Pasien is defined in Pasal 1 but written 'pasien': …a. melayani pasien non-spesi"]
    assert italic_faults(wrong) == [
        "'monitoring' printed 1 times, 0 of them in italics",
        "LiberationSerif-Italic is not embedded in the PDF"]
    assert numbering_faults(wrong) == ["Pasal numbered [1, 3, 4]",
                                       "Pasal 1: ayat numbered [1, 2, 4]",
                                       "Pasal 3: point c. follows a."]
    assert repetition_faults(wrong) == ["Pasal 3 says twice: 'membayar kapitasi'"]
    assert leftover_faults(wrong, final=True) == [
        "a brace placeholder: '{partner_name}'",
        "a blank in the final: …bayar kapitasi;\nhasil monitoring disampaikan {partner_name} "
        "……\nPasal",
        "English words: ['signed']"]
    assert leftover_faults(wrong, final=False)[1:] == ["English words: ['signed']"]
