"""A step-3 target as legal text states it: words for the bound and the figure, never ≥ or ≤
(the coordinator's reading of the apotek PKS, 2026-12-04: "target ≥ 95% resep terlayani
lengkap", "≤ 15 menit per resep" beside the BPJS PKS's "paling sedikit 150 (seratus lima
puluh) per mil")."""

from __future__ import annotations

import pytest

from kemitraan_desktop.domain.agreement_check import text_disagreements
from kemitraan_desktop.domain.clauses import goal_text
from kemitraan_desktop.domain.indicators import target_wording


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("≥ 95% resep terlayani lengkap",
         "paling sedikit 95% (sembilan puluh lima persen) resep terlayani lengkap"),
        ("≤ 15 menit per resep", "paling lama 15 (lima belas) menit per resep"),
        ("≤ 2%", "paling tinggi 2% (dua persen)"),
        ("≥150 per mil", "paling sedikit 150 (seratus lima puluh) per mil"),
        ("≥ 1.500 peserta", "paling sedikit 1.500 (seribu lima ratus) peserta"),
        (">= 2,5 kali", "paling sedikit 2,5 (dua koma lima) kali"),
        ("< 30 hari", "kurang dari 30 (tiga puluh) hari"),
        ("Skor teknis > 80", "Skor teknis lebih dari 80 (delapan puluh)"),
        ("≥ 95 % (sembilan puluh lima persen) resep",
         "paling sedikit 95% (sembilan puluh lima persen) resep"),
        ("paling sedikit 150 (seratus lima puluh) per mil",
         "paling sedikit 150 (seratus lima puluh) per mil"),
        ("semua resep terlayani", "semua resep terlayani"),
    ],
)
def test_a_target_is_worded_as_legal_text(typed: str, printed: str) -> None:
    assert target_wording(typed) == printed


def test_a_goal_states_its_target_in_words() -> None:
    assert goal_text("Waktu tunggu obat singkat", "≤ 15 menit per resep") == (
        "Waktu tunggu obat singkat, dengan target paling lama 15 (lima belas) menit per resep")


def test_a_goal_signed_with_the_symbol_is_not_a_change_of_the_goal() -> None:
    """A PKS signed before targets were worded states "≥ 95%": the same goal as the data."""
    template = ["Tujuan kerja sama ini adalah {goals}"]
    data = {"goals": "A, dengan target paling sedikit 95% (sembilan puluh lima persen)."}
    signed = "Tujuan kerja sama ini adalah A, dengan target ≥ 95%."
    assert text_disagreements("Pasal 2", signed, "", template, data, ()) == []
    other = "Tujuan kerja sama ini adalah A, dengan target ≥ 90%."
    [changed] = text_disagreements("Pasal 2", other, "", template, data, ())
    assert changed.written == "A, dengan target ≥ 90%."
