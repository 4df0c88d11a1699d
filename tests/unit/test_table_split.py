"""Walker #17: the archive's five-key table printed its header row as the last line of a page,
with no key under it, and again at the top of the next page (a table allowed to split inside a
row ended the page with the header over an empty slice of the first row). Wherever a table
falls on the page, a page that shows a table's header shows at least one of its rows."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer
from test_archive_pdf import sample_evaluation

from kemitraan_desktop.reports.evaluation import EvaluationRenderer, five_keys_flowables

RENDERER = EvaluationRenderer(sample_evaluation())
WIDTH = RENDERER.frame_width
MARGIN = 72.0


def _pages_after(room: float, flowables: list[Flowable]) -> list[str]:
    """The text of each rendered page when *flowables* start *room* points above the foot of
    the first page."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN)
    frame_height = A4[1] - 2 * MARGIN - 12  # the frame's own padding, 6 pt above and below
    doc.build([Spacer(WIDTH, frame_height - room), *flowables])
    pdf = pdfium.PdfDocument(out.getvalue())
    return [" ".join(page.get_textpage().get_text_range().split()) for page in pdf]


def _five_keys_table() -> Flowable:
    """The five keys' table itself, out of the KeepTogether that holds it with its note."""
    keys = sample_evaluation().keys
    [table] = [f for f in five_keys_flowables(keys, RENDERER.styles, WIDTH)[-1]._content
               if hasattr(f, "repeatRows")]
    return table


HEADER = "Kunci Praktik Mitra Selisih Catatan"
FIRST_ROW = "Kerja sama (cooperation) 4,30 4,00 0,30 –"


# From a page foot with no room for the header up to room for the header and a row: every
# height in between, 2 pt apart.
@pytest.mark.parametrize("room", range(4, 48, 2))
def test_the_five_keys_header_always_has_a_key_under_it(room: int) -> None:
    pages = _pages_after(room, [_five_keys_table()])
    assert HEADER in " ".join(pages)
    for number, text in enumerate(pages, start=1):
        assert not text.endswith(HEADER), f"page {number} ends with the header alone"
    assert " ".join(pages).count("Komitmen (commitment) 4,70 4,30 0,40") == 1


def test_with_room_for_the_header_only_the_table_starts_on_the_next_page() -> None:
    first, second = _pages_after(24, [_five_keys_table()])
    assert first == ""
    assert second.startswith(f"{HEADER} {FIRST_ROW} Koordinasi (coordination) 3,70")


def test_a_long_table_of_blank_rows_still_prints_across_pages() -> None:
    """Blank rows are the table's own: refusing every split of them would leave a table longer
    than a page nowhere to go."""
    from kemitraan_desktop.reports.flowables import HeadedTable

    blank = HeadedTable([["Nama", "Tanda tangan"], *([["", ""]] * 90)], repeatRows=1,
                        splitInRow=1)
    pages = _pages_after(60, [blank])
    assert pages == ["Nama Tanda tangan"] * 4  # 90 rows of 18 pt from a page foot
