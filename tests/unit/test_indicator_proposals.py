"""A goal's target read as an indicator's figure, unit and direction."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kemitraan_desktop.domain.indicators import parse_target


@pytest.mark.parametrize(("target", "expected"), [
    ("≥150 per mil", (Decimal(150), "per mil", "up")),
    ("≤ 2%", (Decimal(2), "%", "down")),
    ("paling sedikit 95 persen", (Decimal(95), "persen", "up")),
    ("paling banyak 2 persen", (Decimal(2), "persen", "down")),
    ("1.500 kunjungan per tahun", (Decimal(1500), "kunjungan per tahun", "up")),
    ("2,5 %", (Decimal("2.5"), "%", "up")),
    ("naik terus", (Decimal(0), "", "up")),
    ("", (Decimal(0), "", "up")),
])
def test_a_goal_target_is_read_as_figure_unit_and_direction(target, expected):
    assert parse_target(target) == expected
