"""The surat pernyataan of the credentialing submission: the doctor declares to comply with the
JKN rules, signs over a meterai Rp10.000, scans it and attaches the scan to step 4.

A statement to BPJS: Indonesian whatever the screen language. Its wording is data
(resources/credentialing/fktp_dokter.json, ``surat_pernyataan``), so a branch's own version can
replace it without a change of code.
"""

from __future__ import annotations

from typing import BinaryIO

from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from kemitraan_desktop.domain.dates import long_date_id
from kemitraan_desktop.domain.submission import StatementDocument

from .berita_acara import page_label
from .errors import atomic_output
from .flowables import MeteraiSpace
from .layout import BLANK, FONTS, DocumentRenderer, clean_text, escape_text, one_line

__all__ = ["StatementRenderer", "render_statement"]


class StatementRenderer(DocumentRenderer):
    body_size = 11.5
    body_leading = 16.0
    language = "id-ID"

    def __init__(self, document: StatementDocument, paper: str = "a4") -> None:
        self.document = document
        super().__init__(paper, title=f"{one_line(document.title)}: "
                                      f"{one_line(document.signer_name)}",
                         author=one_line(document.signer_name),
                         subject="Surat pernyataan kredensialing FKTP")

    def build_styles(self) -> StyleSheet1:
        sheet = super().build_styles()
        sheet.add(ParagraphStyle("statement_title", sheet["title"], fontSize=14, leading=18,
                                 spaceAfter=18))
        sheet.add(ParagraphStyle("point", sheet["body"], leftIndent=22, bulletIndent=4,
                                 spaceAfter=4))
        return sheet

    def draw_page_number(self, canv, page: int, pages: int) -> None:  # noqa: ANN001
        if pages > 1:  # one page, as the letter usually is: no page line
            canv.saveState()
            canv.setFont(self.fonts.regular, self.page_number_size)
            canv.drawCentredString(self.page_width / 2, self.margins.bottom,
                                   page_label(page, pages))
            canv.restoreState()

    def _p(self, text: str, style: str, **kw) -> Paragraph:
        return Paragraph(escape_text(clean_text(text).strip()) or BLANK, self.styles[style], **kw)

    def story(self) -> list[Flowable]:
        doc, styles, width = self.document, self.styles, self.frame_width
        label_width = 5.0 * cm
        identity = Table(
            [[self._p(label, "body_left"), self._p(":", "body_left"),
              self._p(value or BLANK, "body_left")] for label, value in doc.identity],
            colWidths=[label_width, 0.4 * cm, width - label_width - 0.4 * cm],
            hAlign="LEFT",
            style=TableStyle([
                ("FONTNAME", (0, 0), (-1, -1), FONTS.regular),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]),
        )
        points = [self._p(point, "point", bulletText=f"{index}.")
                  for index, point in enumerate(doc.points, start=1)]
        name = one_line(doc.signer_name)
        column = 8.0 * cm
        signature = Table(
            [[p] for p in (
                self._p(f"{one_line(doc.place) or BLANK}, {long_date_id(doc.signed_on)}",
                        "signature"),
                self._p(doc.signer_title, "signature"),
                MeteraiSpace(),
                Paragraph(f"<u>{escape_text(name, bold=True)}</u>" if name else BLANK,
                          styles["signature_name"]),
                self._p(doc.signer_line, "signature"),
            )],
            colWidths=[column], hAlign="RIGHT",
            style=TableStyle([("FONTNAME", (0, 0), (-1, -1), FONTS.regular),
                              ("TOPPADDING", (0, 0), (-1, -1), 0),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]),
        )
        return [
            self._p(doc.title, "statement_title"),
            self._p(doc.opening, "body"),
            identity,
            Spacer(1, 10),
            self._p(doc.declaration, "body"),
            *points,
            Spacer(1, 6),
            # The closing sentence goes with the signature over the meterai: a signed page with
            # no line of the statement on it could be stapled to any other text.
            KeepTogether([self._p(doc.closing, "body"), Spacer(1, 14), signature]),
        ]


def render_statement(doc: StatementDocument, out: BinaryIO, paper: str = "a4") -> None:
    """Write the surat pernyataan to a binary stream; a failed render writes nothing."""
    renderer = StatementRenderer(doc, paper)
    with atomic_output(out) as target:
        renderer.render(target)
