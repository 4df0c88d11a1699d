"""A goal's target read as an indicator's figure, unit and direction."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kemitraan_desktop.domain.bpjs import figure_with_words
from kemitraan_desktop.domain.indicators import parse_target


@pytest.mark.parametrize(("target", "expected"), [
    ("≥150 per mil", (Decimal(150), "per mil", "up")),
    ("≤ 2%", (Decimal(2), "%", "down")),
    ("paling sedikit 95 persen", (Decimal(95), "persen", "up")),
    ("paling banyak 2 persen", (Decimal(2), "persen", "down")),
    ("1.500 kunjungan per tahun", (Decimal(1500), "kunjungan per tahun", "up")),
    ("2,5 %", (Decimal("2.5"), "%", "up")),
    ("paling sedikit 150 (seratus lima puluh) per mil", (Decimal(150), "per mil", "up")),
    ("paling tinggi 2% (dua persen)", (Decimal(2), "%", "down")),
    ("naik terus", (Decimal(0), "", "up")),
    ("", (Decimal(0), "", "up")),
])
def test_a_goal_target_is_read_as_figure_unit_and_direction(target, expected):
    assert parse_target(target) == expected


@pytest.mark.parametrize(("value", "unit", "expected"), [
    (Decimal(150), "per mil", "150 (seratus lima puluh) per mil"),
    (Decimal("1.5"), "%", "1,5% (satu koma lima persen)"),
    (Decimal(1000), "orang", "1.000 (seribu) orang"),
    (Decimal(5), "", "5 (lima)"),
])
def test_a_target_figure_is_written_in_digits_then_words(value, unit, expected):
    assert figure_with_words(value, unit) == expected
