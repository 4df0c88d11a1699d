"""The figures printed over an indicator's dots stay readable: no dashed baseline or target line
runs through them. Checked on the rendered page (pypdfium2), where the officer would see it.
"""

from __future__ import annotations

import io
from dataclasses import replace

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from test_archive_pdf import sample_evaluation

from kemitraan_desktop.domain.documents import IndicatorSeries
from kemitraan_desktop.reports.evaluation import render_evaluation

TARGET_GREEN = (0x2E, 0x7D, 0x32)
BASELINE_GREY = (0x6B, 0x6B, 0x6B)
SCALE = 4.0

# The demo's waiting time for laboratory results: 22 jam in the last quarter, just under the
# target line of 24 (the figure used to print struck through by it).
WAITING_TIME = IndicatorSeries(
    "Waktu tunggu hasil", "jam", 48, 24, "down",
    (("2026-Q1", 40), ("2026-Q2", 30), ("2026-Q3", 26), ("2026-Q4", 22)))
# Figures just under the baseline and just under the target, in the middle of the chart.
JUST_UNDER = IndicatorSeries(
    "Kunjungan rumah", "kali", 10, 30, "up",
    (("Jan", 12), ("Feb", 8), ("Mar", 28), ("Apr", 35)))


def _first_page(series: IndicatorSeries) -> pypdfium2.PdfPage:
    buffer = io.BytesIO()
    render_evaluation(replace(sample_evaluation(), indicators=(series,), keys=(),
                              statements=None, action_items=None), buffer)
    return pypdfium2.PdfDocument(buffer.getvalue())[0]


def _figure_boxes(page: pypdfium2.PdfPage, figure: str) -> list[tuple[float, ...]]:
    """Boxes (left, bottom, right, top) of *figure* where it is printed over a dot (6.5 pt; the
    axis ticks are 7.5 pt, the headline above the chart 9 pt)."""
    text = page.get_textpage()
    search = text.search(figure, match_whole_word=True)
    boxes = []
    while (found := search.get_next()) is not None:
        index, count = found
        chars = [text.get_charbox(i) for i in range(index, index + count)]
        box = (min(c[0] for c in chars), min(c[1] for c in chars),
               max(c[2] for c in chars), max(c[3] for c in chars))
        if abs(pdfium_c.FPDFText_GetFontSize(text.raw, index) - 6.5) < 0.01:
            boxes.append(box)
    return boxes


def _line_pixels_in(page: pypdfium2.PdfPage, box: tuple[float, ...],
                    colour: tuple[int, int, int]) -> int:
    image = page.render(scale=SCALE).to_pil().convert("RGB")
    height = page.get_height()
    left, bottom, right, top = box
    crop = image.crop((int(left * SCALE), int((height - top) * SCALE),
                       int(right * SCALE) + 1, int((height - bottom) * SCALE) + 1))
    return sum(1 for pixel in crop.get_flattened_data()
               if all(abs(a - b) <= 40 for a, b in zip(pixel, colour, strict=True)))


@pytest.mark.parametrize(("series", "figures"), [
    (WAITING_TIME, ("40", "30", "26", "22")),
    (JUST_UNDER, ("12", "8", "28", "35")),
])
def test_no_reference_line_runs_through_a_value_s_figure(series, figures) -> None:  # noqa: ANN001
    page = _first_page(series)
    for figure in figures:
        boxes = _figure_boxes(page, figure)
        assert len(boxes) == 1, (figure, boxes)
        assert _line_pixels_in(page, boxes[0], TARGET_GREEN) == 0, figure
        assert _line_pixels_in(page, boxes[0], BASELINE_GREY) == 0, figure


def test_a_per_mil_axis_starts_at_zero_never_below() -> None:
    """Walker #15: angka kontak (awal 0, target 150, 162 in 2027-01) was drawn on an axis
    running down to -50 per mil, a value no practice can have. Read on the rendered page."""
    contacts = IndicatorSeries("Angka kontak", "per mil", 0, 150, "up", (("2027-01", 162),))
    page = _first_page(contacts)
    words = page.get_textpage().get_text_range().split()
    assert "-50" not in words and not any(w.startswith(("-", "−")) for w in words)
    assert [w for w in ("0", "50", "100", "150", "200") if w in words] == [
        "0", "50", "100", "150", "200"]
