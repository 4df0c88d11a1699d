"""Clause templates (resources/clauses/*.json) and the filler that makes a draft of them."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kemitraan_desktop.domain.clauses import (
    BLANK,
    FALLBACKS,
    PLACEHOLDERS,
    ClauseTemplate,
    ClauseTemplateError,
    FillContext,
    build_context,
    clear_template_cache,
    fill,
    filled_clauses,
    goal_text,
    kbk_targets,
    lettered_list,
    load_templates,
    months_between,
    numbered_list,
    template_for,
    term_in_months,
)
from kemitraan_desktop.paths import resource_path

CLAUSES_DIR = resource_path("clauses")
EXPECTED_CODES = {
    "bpjs_fktp_pks",
    "apotek_pks",
    "laboratorium_pks",
    "bidan_pks",
    "rujukan_pks",
    "mou_umum",
    "pks_umum",
    "addendum",
}
# The fixed set, written out here rather than taken from the module under test.
FIXED_PLACEHOLDERS = {
    "practice_name",
    "doctor_name",
    "partner_name",
    "partner_type_name",
    "place",
    "city",
    "start_date",
    "end_date",
    "duration_months",
    "duration_words",
    "duration_days",
    "credentialing_pending",
    "goals",
    "vision_statement",
    "kbk_targets",
    "amendments",
    "amendment_basis",
    "practice_roles",
    "partner_roles",
    "budget_total",
    "budget_lampiran",
    "budget_per_party",
    "capitation_rate",
    "payment_days",
    "notice_days",
    "idea",
    "shared_vision",
    "first_party_role",
    "second_party_role",
    "listed_lampiran",
    "lampiran_list",
}
# DOMAIN.md, "The agreement document": the order of the articles.
REQUIRED_ORDER = (
    "Maksud dan Tujuan",
    "Hak dan Kewajiban",
    "Jangka Waktu",
    "Keadaan Kahar",
    "Penyelesaian Perselisihan",
    "Penutup",
)
FULL_ORDER = (
    "Maksud dan Tujuan",
    "Ruang Lingkup",
    "Hak dan Kewajiban",
    "Pembiayaan",
    "Jangka Waktu",
    "Monitoring dan Evaluasi",
    "Kerahasiaan dan Pelindungan Data",
    "Keadaan Kahar",
    "Penyelesaian Perselisihan",
    "Pengakhiran",
    "Perubahan",
    "Penutup",
)

TEMPLATES = load_templates()
AGREEMENTS = sorted(code for code, t in TEMPLATES.items() if t.kind in ("pks", "mou"))


def realistic_context(**overrides) -> FillContext:
    values = dict(
        practice_name="Praktik Mandiri dr. Sari Wulandari",
        doctor_name="dr. Sari Wulandari",
        partner_name="Apotek Sehat Sentosa",
        partner_type="apotek",
        place="Bandung",
        city="Bandung",
        start_date=date(2027, 1, 1),
        end_date=date(2027, 12, 31),
        goals=[
            "Angka kontak peserta JKN paling sedikit 150 per mil setiap bulan",
            "Rasio rujukan rawat jalan non-spesialistik paling tinggi 2%",
        ],
        practice_roles=["Menulis resep sesuai Formularium Nasional"],
        partner_roles=["Menyediakan obat Fornas", "Melaporkan pemakaian obat setiap bulan."],
        budget_total_sen=295_000_000,
        budget_practice_sen=200_000_000,
        budget_partner_sen=95_000_000,
        capitation_rate_sen=880_000,
        payment_days=15,
        notice_days=30,
        idea="Obat untuk pasien JKN dekat dari tempat praktik",
        shared_vision="Masyarakat sehat dan mandiri",
    )
    values.update(overrides)
    return build_context(**values)


def all_texts(template: ClauseTemplate) -> list[str]:
    return [template.title, template.subject, *template.recitals] + [
        part for article in template.articles for part in article
    ]


def article(articles: list[tuple[str, str]], title: str) -> str:
    matches = [body for t, body in articles if t == title]
    assert len(matches) == 1, f"expected one article titled {title!r}"
    return matches[0]


# --- The files ------------------------------------------------------------------------------------


def test_every_template_loads():
    assert set(TEMPLATES) == EXPECTED_CODES
    on_disk = {path.stem for path in CLAUSES_DIR.glob("*.json")}
    assert on_disk == EXPECTED_CODES
    for code, template in TEMPLATES.items():
        assert template.code == code
        assert template.kind in ("pks", "mou", "addendum")
        assert template.name and template.title and template.subject.startswith("TENTANG ")
        assert template.recitals and template.articles


@pytest.mark.parametrize("code", sorted(EXPECTED_CODES))
def test_raw_placeholders_are_all_in_the_fixed_set(code: str):
    """Parsed from the JSON itself: every {…} is a known placeholder, no brace is left over."""
    data = json.loads((CLAUSES_DIR / f"{code}.json").read_text(encoding="utf-8"))
    texts = [data["title"], data["subject"], *data["recitals"]]
    texts += [part for a in data["articles"] for part in (a["title"], a["body"])]
    for text in texts:
        for name in re.findall(r"\{([^{}]*)\}", text):
            assert name in FIXED_PLACEHOLDERS, f"{code}: unknown placeholder {{{name}}}"
        leftover = re.sub(r"\{[^{}]*\}", "", text)
        assert "{" not in leftover and "}" not in leftover, f"{code}: stray brace in {text!r}"
    assert PLACEHOLDERS == FIXED_PLACEHOLDERS


@pytest.mark.parametrize("code", sorted(EXPECTED_CODES))
def test_every_recital_starts_with_bahwa_and_ends_with_a_semicolon(code: str):
    for recital in TEMPLATES[code].recitals:
        assert recital.startswith("bahwa "), recital
        assert recital.endswith(";"), recital


@pytest.mark.parametrize("code", AGREEMENTS)
def test_agreements_have_the_articles_in_the_domain_order(code: str):
    titles = [title for title, _ in TEMPLATES[code].articles]
    assert len(titles) >= 10

    def first(keyword: str) -> int:
        found = [i for i, title in enumerate(titles) if keyword in title]
        assert found, f"{code}: no article about {keyword!r} in {titles}"
        return found[0]

    assert [first(k) for k in REQUIRED_ORDER] == sorted(first(k) for k in REQUIRED_ORDER)
    assert [first(k) for k in FULL_ORDER] == sorted(first(k) for k in FULL_ORDER)
    assert titles[-1] == "Penutup"


@pytest.mark.parametrize("code", AGREEMENTS)
def test_each_party_gets_its_own_roles(code: str):
    template = TEMPLATES[code]
    bodies = dict(template.articles)
    assert "{practice_roles}" in bodies[f"Hak dan Kewajiban {template.practice_role}"]
    assert "{partner_roles}" in bodies[f"Hak dan Kewajiban {template.partner_role}"]
    assert "{goals}" in bodies["Maksud dan Tujuan"]


@pytest.mark.parametrize("code", AGREEMENTS)
def test_common_clauses_carry_the_required_content(code: str):
    bodies = dict(TEMPLATES[code].articles)
    assert (
        "Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi"
        in (bodies["Kerahasiaan dan Pelindungan Data"])
    )
    disputes = bodies["Penyelesaian Perselisihan"]
    if TEMPLATES[code].kind == "pks":
        assert disputes.index("musyawarah untuk mufakat") < \
            disputes.index("Pengadilan Negeri {city}")
    else:  # an MoU binds no one to a court: musyawarah, then mediation
        assert "musyawarah untuk mufakat" in disputes and "mediasi" in disputes
        assert "Pengadilan Negeri" not in disputes
    assert "{start_date}" in bodies["Jangka Waktu"] and "{end_date}" in bodies["Jangka Waktu"]
    assert "rangkap 2 (dua)" in bodies["Penutup"]


def test_bpjs_template_is_written_from_the_bpjs_side():
    template = TEMPLATES["bpjs_fktp_pks"]
    assert template.kind == "pks"
    assert template.first_party_role == "PIHAK KESATU"
    assert template.second_party_role == "PIHAK KEDUA"
    assert template.first_party == "partner"
    assert template.practice_role == "PIHAK KEDUA"
    assert template.partner_role == "PIHAK KESATU"


def test_bpjs_template_holds_the_credentialing_and_capitation_facts():
    template = TEMPLATES["bpjs_fktp_pks"]
    text = "\n".join(all_texts(template))
    assert "paling lambat 3 (tiga) bulan sebelum" in text  # re-credentialing
    assert "{capitation_rate}" in text  # the rate is data, never a constant
    assert "8.800" not in text and "8.300" not in text
    kbk = dict(template.articles)["Kapitasi Berbasis Kinerja"]
    assert "{kbk_targets}" in kbk  # the targets are data (resources/bpjs), worded in one place


def test_other_templates_use_the_default_roles():
    for code, template in TEMPLATES.items():
        if code != "bpjs_fktp_pks":
            assert template.first_party_role == "PIHAK PERTAMA"
            assert template.second_party_role == "PIHAK KEDUA"
            assert template.practice_role == "PIHAK PERTAMA"


def test_templates_name_their_domain_subjects():
    text = {code: "\n".join(all_texts(t)) for code, t in TEMPLATES.items()}
    assert "Formularium Nasional" in text["apotek_pks"]
    assert "Spesimen" in text["laboratorium_pks"] and "Nilai Kritis" in text["laboratorium_pks"]
    for word in ("Pelayanan Antenatal", "Persalinan Normal", "Keluarga Berencana"):
        assert word in text["bidan_pks"]
    assert "Rujuk Balik" in text["rujukan_pks"]
    assert "tidak menimbulkan kewajiban keuangan" in text["mou_umum"]
    assert TEMPLATES["mou_umum"].title == "NOTA KESEPAHAMAN"


def test_the_general_pks_is_worded_as_a_pks_not_as_the_mou():
    """A PKS with a klinik, a dinas kesehatan or another partner printed the MoU's text under
    "PERJANJIAN KERJA SAMA": "Nota Kesepahaman ini" in every Pasal, no court."""
    template = TEMPLATES["pks_umum"]
    assert (template.kind, template.title) == ("pks", "PERJANJIAN KERJA SAMA")
    assert set(template.partner_types) == {"klinik", "dinas_kesehatan", "other"}
    text = "\n".join(all_texts(template))
    assert "Nota Kesepahaman" not in text and "kesepahaman" not in text.lower()
    assert "tidak menimbulkan kewajiban keuangan" not in text
    assert "melalui Pengadilan Negeri {city}" in text
    assert text.count("Perjanjian ini") > 20


def test_addendum_recites_the_parent_and_keeps_the_rest_in_force():
    template = TEMPLATES["addendum"]
    assert template.kind == "addendum"
    assert "Perjanjian Induk" in template.recitals[0]
    text = "\n".join(body for _, body in template.articles)
    assert "tetap berlaku dan mengikat PARA PIHAK" in text


# --- Choosing a template --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("partner_type", "kind", "code"),
    [
        ("bpjs", "pks", "bpjs_fktp_pks"),
        ("apotek", "pks", "apotek_pks"),
        ("laboratorium", "pks", "laboratorium_pks"),
        ("bidan", "pks", "bidan_pks"),
        ("puskesmas", "pks", "rujukan_pks"),
        ("rumah_sakit", "pks", "rujukan_pks"),
        ("klinik", "pks", "pks_umum"),
        ("dinas_kesehatan", "pks", "pks_umum"),
        ("other", "pks", "pks_umum"),
        ("something-new", "pks", "pks_umum"),
        ("bpjs", "mou", "mou_umum"),
        ("apotek", "mou", "mou_umum"),
        ("bidan", "addendum", "addendum"),
        ("bpjs", "addendum", "addendum"),
    ],
)
def test_template_for(partner_type: str, kind: str, code: str):
    assert template_for(partner_type, kind).code == code


def test_template_for_defaults_to_pks_and_refuses_an_unknown_kind():
    assert template_for("apotek").code == "apotek_pks"
    with pytest.raises(ValueError, match="kind"):
        template_for("apotek", "kontrak")


def test_load_templates_is_cached_and_returns_a_fresh_dict():
    first = load_templates()
    first.pop("addendum")
    second = load_templates()
    assert "addendum" in second
    assert second["apotek_pks"] is load_templates()["apotek_pks"]


# --- Malformed files ------------------------------------------------------------------------------


def _write(directory: Path, name: str, content: str) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(content, encoding="utf-8")


def _valid(code: str) -> dict:
    return {
        "code": code,
        "kind": "pks",
        "partner_types": ["apotek"],
        "name": "Uji",
        "title": "PERJANJIAN KERJA SAMA",
        "subject": "TENTANG UJI",
        "recitals": ["bahwa {practice_name} ada;"],
        "articles": [{"title": "Penutup", "body": "Selesai."}],
    }


def test_a_valid_extra_file_loads_with_default_roles(tmp_path: Path):
    _write(tmp_path, "uji.json", json.dumps(_valid("uji")))
    template = load_templates(tmp_path)["uji"]
    assert template.first_party_role == "PIHAK PERTAMA"
    assert template.second_party_role == "PIHAK KEDUA"
    assert template.first_party == "practice"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{ not json", "not valid JSON"),
        ("[]", "one JSON object"),
        (json.dumps({**_valid("rusak"), "kind": "kontrak"}), "'kind'"),
        (json.dumps({**_valid("rusak"), "code": "lain"}), "file name"),
        (json.dumps({k: v for k, v in _valid("rusak").items() if k != "articles"}), "articles"),
        (json.dumps({**_valid("rusak"), "partner_types": ["dukun"]}), "dukun"),
        (json.dumps({**_valid("rusak"), "recitals": ["bahwa {nama_dokter};"]}), "nama_dokter"),
        (json.dumps({**_valid("rusak"), "articles": [{"title": "X"}]}), "article 1"),
        (json.dumps({**_valid("rusak"), "recitles": []}), "recitles"),
        (json.dumps({**_valid("rusak"), "subject": "TENTANG {"}), "stray brace"),
    ],
)
def test_a_malformed_file_raises_an_error_naming_it(tmp_path: Path, content: str, message: str):
    _write(tmp_path, "rusak.json", content)
    with pytest.raises(ClauseTemplateError) as excinfo:
        load_templates(tmp_path)
    assert "rusak.json" in str(excinfo.value)
    assert message in str(excinfo.value)


def test_a_fixed_file_is_read_again(tmp_path: Path):
    _write(tmp_path, "rusak.json", "{")
    with pytest.raises(ClauseTemplateError):
        load_templates(tmp_path)
    _write(tmp_path, "rusak.json", json.dumps(_valid("rusak")))
    clear_template_cache()
    assert "rusak" in load_templates(tmp_path)


def test_a_missing_folder_is_a_clear_error(tmp_path: Path):
    with pytest.raises(ClauseTemplateError, match="does not exist"):
        load_templates(tmp_path / "nowhere")


# --- Filling --------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(EXPECTED_CODES))
def test_filling_with_a_realistic_context_leaves_no_placeholder(code: str):
    context = realistic_context()
    recitals, articles = filled_clauses(TEMPLATES[code], context)
    assert len(recitals) == len(TEMPLATES[code].recitals)
    assert len(articles) == len(TEMPLATES[code].articles)
    for text in recitals + [part for a in articles for part in a]:
        assert "{" not in text and "}" not in text, text
        assert text.strip()
    subject = fill(TEMPLATES[code].subject, context)
    assert "{" not in subject


def test_filling_writes_the_values_the_document_way():
    recitals, articles = filled_clauses(TEMPLATES["apotek_pks"], realistic_context())
    term = article(articles, "Jangka Waktu")
    assert "12 (dua belas) bulan" in term
    assert "sejak tanggal 1 Januari 2027 sampai dengan tanggal 31 Desember 2027" in term
    assert "30 (tiga puluh) hari kalender" in term
    money = article(articles, "Pembiayaan dan Tata Cara Pembayaran")
    assert "Rp2.950.000,00 (dua juta sembilan ratus lima puluh ribu rupiah)" in money
    assert "15 (lima belas) Hari Kerja" in money
    assert "PIHAK PERTAMA menanggung Rp2.000.000,00 (dua juta rupiah)" in money
    goals = article(articles, "Maksud dan Tujuan")
    assert "(1) Angka kontak peserta JKN paling sedikit 150 per mil setiap bulan; dan\n" in goals
    assert "(2) Rasio rujukan rawat jalan non-spesialistik paling tinggi 2%." in goals
    partner = article(articles, "Hak dan Kewajiban PIHAK KEDUA")
    assert "(1) Menyediakan obat Fornas; dan\n(2) Melaporkan pemakaian obat setiap bulan." in (
        partner
    )
    assert "“Obat untuk pasien JKN dekat dari tempat praktik”" in "\n".join(recitals)
    disputes = article(articles, "Penyelesaian Perselisihan")
    assert "Pengadilan Negeri Bandung" in disputes


def test_bpjs_filling_puts_the_capitation_rate_and_roles_in_place():
    context = realistic_context(
        partner_name="BPJS Kesehatan Kantor Cabang Bandung",
        partner_type="bpjs",
        practice_roles=["Melayani peserta terdaftar"],
        partner_roles=["Membayar kapitasi tepat waktu"],
    )
    _, articles = filled_clauses(template_for("bpjs"), context)
    money = article(articles, "Pembiayaan dan Tata Cara Pembayaran")
    assert "Rp8.800,00 (delapan ribu delapan ratus rupiah) per Peserta per bulan" in money
    practice_article = article(articles, "Hak dan Kewajiban PIHAK KEDUA")
    assert "sebagai berikut:\n\nMelayani peserta terdaftar.\n" in practice_article
    assert "(1) Melayani" not in practice_article
    assert "sebagai berikut:\n\nMembayar kapitasi tepat waktu.\n" in article(
        articles, "Hak dan Kewajiban PIHAK KESATU"
    )


def test_user_values_are_kept_literally():
    context = realistic_context(
        doctor_name="dr. Budi",
        partner_name="{doctor_name} & <b>",
        partner_roles=["{goals} {{x}} %s {0}"],
        idea="{practice_name}",
    )
    recitals, articles = filled_clauses(TEMPLATES["apotek_pks"], context)
    text = "\n".join(recitals + [body for _, body in articles])
    assert "{doctor_name} & <b>" in text
    assert "dr. Budi & <b>" not in text
    assert "\n{goals} {{x}} %s {0}.\n" in text
    assert "“{practice_name}”" in text
    assert fill("{partner_name}", context) == "{doctor_name} & <b>"


def test_empty_lists_produce_the_fallback_sentence_never_an_empty_article():
    context = realistic_context(goals=[], practice_roles=[], partner_roles=["", "  "])
    assert context.goals == context.practice_roles == context.partner_roles == ""
    for code in EXPECTED_CODES:
        recitals, articles = filled_clauses(TEMPLATES[code], context)
        for title, body in articles:
            assert body.strip(), f"{code}: article {title!r} is empty"
        bodies = dict(articles)
        if TEMPLATES[code].kind != "addendum":
            assert FALLBACKS["goals"] in bodies["Maksud dan Tujuan"]
            for title, body in articles:
                if title.startswith("Hak dan Kewajiban"):
                    assert FALLBACKS["practice_roles"] in body
    # An adendum states the goals of the Induk by reference: its step-3 list may have moved on.
    assert (
        "tujuan bersama PARA PIHAK sebagaimana tercantum dalam Perjanjian Induk."
        in dict(filled_clauses(TEMPLATES["addendum"], context)[1])["Perubahan Ketentuan"]
    )


def test_an_empty_context_fills_everything_with_fallbacks_or_blanks():
    for code, template in TEMPLATES.items():
        recitals, articles = filled_clauses(template, FillContext())
        text = "\n".join(recitals + [part for a in articles for part in a])
        assert "{" not in text and "}" not in text, code
        if "{practice_name}" in "\n".join(all_texts(template)):
            assert BLANK in text
    recitals, _ = filled_clauses(TEMPLATES["apotek_pks"], FillContext())
    joined = "\n".join(recitals)
    # Nobody typed an idea or a vision: no recital quotes one.
    assert "gagasan kerja sama, yaitu" not in joined and "visi" not in joined
    assert FALLBACKS["shared_vision"] not in joined


def test_a_recital_states_each_partys_vision_as_typed():
    bpjs = template_for("bpjs")

    def recital(practice_vision: str, partner_vision: str) -> str:
        context = build_context(shared_vision=practice_vision, partner_vision=partner_vision,
                                template=bpjs)
        recitals, _ = filled_clauses(bpjs, context)
        return "\n".join(recitals)

    both = recital("Dokter keluarga yang dekat", "Peserta JKN sehat")
    assert ("bahwa PIHAK KESATU memiliki visi “Peserta JKN sehat” dan PIHAK KEDUA memiliki "
            "visi “Dokter keluarga yang dekat”;") in both
    assert "kesamaan visi" not in both
    assert ("bahwa PIHAK KEDUA memiliki visi “Dokter keluarga yang dekat”;"
            in recital("Dokter keluarga yang dekat", ""))
    assert ("bahwa PARA PIHAK memiliki kesamaan visi, yaitu “Peserta JKN sehat”;"
            in recital("Peserta JKN sehat.", "peserta JKN  sehat"))
    neither = recital("", "")
    assert "visi" not in neither
    assert ("bahwa PARA PIHAK sepakat bekerja sama berlandaskan prinsip kesetaraan, "
            "keterbukaan, dan saling menguntungkan;") in neither


def test_unknown_placeholders_stay_visible():
    context = FillContext(practice_name="Praktik A")
    assert fill("{practice_name} {nomor_sip} {Practice_Name}", context) == (
        "Praktik A {nomor_sip} {Practice_Name}"
    )


@pytest.mark.parametrize(
    "text",
    ["", "{", "}", "{}", "{{practice_name}}", "{ practice_name }", "{0}", "{practice_name!r}"]
    + [None],
)
def test_fill_never_raises_on_odd_templates(text):
    result = fill(text, FillContext(practice_name="A"))
    assert isinstance(result, str)


def test_fill_never_raises_on_an_odd_context():
    class Odd:
        practice_name = 12
        goals = None

        def __getattr__(self, name):
            raise AttributeError(name)

    assert fill("{practice_name} {goals}", Odd()) == "12 " + FALLBACKS["goals"]
    assert fill("{practice_name}", None) == BLANK


@given(st.text())
def test_fill_inserts_any_user_value_once_and_literally(value: str):
    expected = " ".join(value.split()) or BLANK
    assert fill("<{partner_name}>", FillContext(partner_name=value)) == f"<{expected}>"


@given(st.text())
def test_fill_never_raises_on_any_template_text(text: str):
    assert isinstance(fill(text, FillContext(goals="(1) a.")), str)


def test_inline_values_are_one_line_and_phrases_lose_closing_punctuation():
    context = FillContext(partner_name="Apotek\n\n(1) Sehat", idea="Obat dekat rumah.\n")
    assert fill("{partner_name}", context) == "Apotek (1) Sehat"
    assert fill("“{idea}”", context) == "“Obat dekat rumah”"


# --- Helpers --------------------------------------------------------------------------------------


def test_numbered_list():
    assert numbered_list([]) == ""
    assert numbered_list(["satu"]) == "Satu."  # a list of one is a sentence, not "(1)"
    assert numbered_list(["satu;", " dua. ", "", "tiga\nbaris"]) == (
        "(1) satu;\n(2) dua; dan\n(3) tiga baris."
    )
    assert FillContext.numbered_list(["a", "b"]) == "(1) a; dan\n(2) b."


def test_lettered_list():
    assert lettered_list(["satu"]) == "Satu."
    assert lettered_list(["satu", "dua", "tiga"]) == "a. satu;\nb. dua; dan\nc. tiga."


def test_a_goal_states_its_target_and_date_only_when_given():
    assert goal_text("Angka kontak") == "Angka kontak"
    assert goal_text("Angka kontak.", "paling sedikit 150 (seratus lima puluh) per mil") == (
        "Angka kontak, dengan target paling sedikit 150 (seratus lima puluh) per mil")
    assert goal_text("Senam Prolanis", "40 orang", date(2027, 6, 30)) == (
        "Senam Prolanis, dengan target 40 orang, dicapai paling lambat tanggal 30 Juni 2027")


def test_the_kbk_pasal_lists_each_target_with_its_number_in_words():
    assert kbk_targets() == (
        "a. angka kontak, dengan target paling sedikit 150 (seratus lima puluh) per mil;\n"
        "b. rasio rujukan rawat jalan kasus nonspesialistik, dengan target paling tinggi 2% "
        "(dua persen); dan\n"
        "c. rasio peserta Prolanis terkendali, dengan target paling sedikit 5% (lima persen).")


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2027, 1, 1), date(2027, 12, 31), 12),
        (date(2026, 11, 22), date(2027, 11, 21), 12),
        (date(2026, 11, 22), date(2027, 11, 22), 12),
        (date(2027, 1, 31), date(2027, 2, 27), 1),
        (date(2027, 1, 1), date(2027, 1, 15), None),
        (date(2027, 2, 1), date(2027, 1, 1), None),
    ],
)
def test_months_between(start: date, end: date, months: int | None):
    assert months_between(start, end) == months


@pytest.mark.parametrize(
    ("start", "end", "term"),
    [
        (date(2027, 1, 1), date(2027, 12, 31), "12 (dua belas) bulan"),
        (date(2026, 12, 15), date(2027, 12, 31), "12 (dua belas) bulan 17 (tujuh belas) hari"),
        (date(2026, 11, 22), date(2027, 11, 22), "12 (dua belas) bulan 1 (satu) hari"),
        (date(2027, 1, 31), date(2027, 2, 27), "1 (satu) bulan"),
        (date(2027, 1, 1), date(2027, 1, 15), ""),
    ],
)
def test_the_term_counts_the_days_past_whole_months(start: date, end: date, term: str):
    assert term_in_months(start, end) == term
    context = build_context(start_date=start, end_date=end)
    if term:
        assert f"{context.duration_months} ({context.duration_words}) bulan" \
            f"{' ' + context.duration_days if context.duration_days else ''}" == term


def test_build_context_formats_every_value():
    context = realistic_context()
    assert context.partner_type_name == "apotek"
    assert context.start_date == "1 Januari 2027"
    assert context.duration_months == "12" and context.duration_words == "dua belas"
    assert context.capitation_rate == "Rp8.800,00 (delapan ribu delapan ratus rupiah)"
    assert context.payment_days == "15 (lima belas)"
    assert context.notice_days == "30 (tiga puluh)"
    assert context.budget_per_party.endswith(
        "PIHAK KEDUA menanggung Rp950.000,00 (sembilan ratus lima puluh ribu rupiah)"
    )
    explicit = build_context(duration_months=6, start_date=date(2027, 1, 1))
    assert explicit.duration_months == "6" and explicit.duration_words == "enam"
    empty = build_context()
    assert empty.budget_total == empty.budget_per_party == empty.duration_months == ""


@pytest.mark.parametrize(("today", "partner_type", "expected"), [
    (date(2026, 12, 4), "bpjs", date(2027, 1, 1)),
    (date(2027, 1, 31), "bpjs", date(2027, 2, 1)),
    (date(2027, 3, 1), "bpjs", date(2027, 3, 1)),
    (date(2026, 12, 4), "apotek", date(2026, 12, 4)),
])
def test_a_bpjs_draft_is_proposed_to_start_on_the_next_first_of_a_month(today, partner_type,
                                                                       expected):
    from kemitraan_desktop.domain.clauses import proposed_start_date

    assert proposed_start_date(today, partner_type) == expected
