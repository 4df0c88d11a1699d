"""The FKTP credentialing form of step 4, filled in by the practice (penilaian mandiri).

In the shape of the form a BPJS branch office uses: the identity of the facility (SIP and STR
with their validity, kode faskes, practice hours), each administrative requirement with the
document that shows it (its number and expiry), the technical criteria with their
sub-criteria, bobot, skor and skor × bobot, a column of the self-assessment beside an empty one
for the Tim Kredensialing, and the statement the doctor signs.

Administrative requirements come first: BPJS scores the technical criteria only once every one
is met, so while one is missing the form says so where the scores would be.

The form goes to BPJS: it prints in Indonesian whatever the screen language (its words are
constants here and in the form's template, not translations). The embedded font has no check
mark or cross, so "met" is drawn: a green tick or a red cross with "Ya" / "Belum" beside it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kemitraan_desktop.domain.dates import long_date_id
from kemitraan_desktop.domain.documents import CriterionRow, ReadinessDocument, RequirementRow
from kemitraan_desktop.domain.numbers import format_number

from .berita_acara import page_label
from .charts import LIGHT_COLOURS
from .errors import atomic_output
from .evaluation import (
    GRID_COLOUR,
    HIGHLIGHT_FILL,
    LABEL_FILL,
    RULE_COLOUR,
    TABLE_FONT,
    label_value_flowables,
    meta_lines,
    report_styles,
)
from .flowables import HeadedTable, JointWrapped, signing_columns
from .layout import BLANK, FONTS, DocumentRenderer, clean_text, escape_text, one_line

__all__ = ["MetMark", "ReadinessRenderer", "render_readiness"]

_MISSING_BORDER = colors.HexColor("#c0504d")
_DONE_FILL = colors.HexColor("#e6f2e6")
_TEXT_MISSING = colors.HexColor("#9c2a22")
MET_TEXT, NOT_MET_TEXT, ABSENT_TEXT = "Ya", "Belum", "Tidak ada"


class MetMark(Flowable):
    """A drawn tick (met) or cross (not met) followed by its word ("Ya" / "Belum"); an
    optional requirement the practice does not have ("jika ada") is the word "Tidak ada" with
    no mark: not a failure."""

    def __init__(self, met: bool, size: float = 9.0, text: str | None = None,
                 absent: bool = False) -> None:
        super().__init__()
        self.met = met
        self.absent = absent and not met
        self.size = size
        default = MET_TEXT if met else (ABSENT_TEXT if self.absent else NOT_MET_TEXT)
        self.text = text if text is not None else default
        self.font_size = 9.0
        self._indent = 0.0 if self.absent else self.size + 4

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # The word shrinks to its cell rather than run into the Tim Kredensialing column.
        room = avail_width - self._indent
        self.font_size = 9.0
        while self.font_size > 6 and stringWidth(self.text, FONTS.bold, self.font_size) > room:
            self.font_size -= 0.25
        self.width = min(avail_width,
                         self._indent + stringWidth(self.text, FONTS.bold, self.font_size))
        self.height = self.size * 1.25
        return self.width, self.height

    def draw(self) -> None:
        canv, s = self.canv, self.size
        y = (self.height - s) / 2
        canv.saveState()
        canv.setLineWidth(1.6)
        canv.setLineCap(1)
        canv.setLineJoin(1)
        if self.met:
            canv.setStrokeColor(LIGHT_COLOURS["green"])
            path = canv.beginPath()
            path.moveTo(s * 0.1, y + s * 0.5)
            path.lineTo(s * 0.4, y + s * 0.18)
            path.lineTo(s * 0.95, y + s * 0.9)
            canv.drawPath(path, stroke=1, fill=0)
        elif self.absent:
            pass  # no mark: neither a tick nor a cross, the word alone
        else:
            canv.setStrokeColor(LIGHT_COLOURS["red"])
            canv.line(s * 0.15, y + s * 0.15, s * 0.85, y + s * 0.85)
            canv.line(s * 0.15, y + s * 0.85, s * 0.85, y + s * 0.15)
        canv.setFillColor(colors.black)
        canv.setFont(FONTS.bold, self.font_size)
        canv.drawString(self._indent, y + s * 0.15, self.text)
        canv.restoreState()


def _grid(header_rows: int = 1) -> list[tuple]:
    return [
        TABLE_FONT,
        ("GRID", (0, 0), (-1, -1), 0.5, GRID_COLOUR),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), LABEL_FILL),
        ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"),
        ("VALIGN", (0, header_rows), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]


class ReadinessRenderer(DocumentRenderer):
    """Lays out one :class:`ReadinessDocument` as the credentialing form.

    *page_numbers* False leaves the page line off, for a form bound into the submission, whose
    pages are numbered as a whole.
    """

    body_size = 10.5
    body_leading = 13.5
    language = "id-ID"

    def __init__(
        self, document: ReadinessDocument, paper: str = "a4", page_numbers: bool = True
    ) -> None:
        self.document = document
        self.page_numbers = page_numbers
        super().__init__(
            paper,
            title=f"{one_line(document.title)}: {one_line(document.practice_name)}",
            author=one_line(document.practice_name),
            subject="Formulir kredensialing FKTP, penilaian mandiri (langkah 4)",
        )

    def build_styles(self) -> StyleSheet1:
        sheet = report_styles(super().build_styles(), self.fonts)
        base, cell = sheet["base"], sheet["table_cell"]

        def add(name: str, parent: ParagraphStyle, **kw) -> None:
            sheet.add(ParagraphStyle(name, parent=parent, **kw))

        add("form_title", sheet["report_title"], fontSize=15, leading=19, spaceAfter=2)
        add("form_subtitle", sheet["report_subtitle"], fontSize=11, leading=14, spaceAfter=8)
        add("form_cell", cell, fontSize=8.5, leading=10.5)
        add("form_cell_center", sheet["form_cell"], alignment=1)
        add("form_cell_right", sheet["form_cell"], alignment=2)
        add("form_header", sheet["form_cell"], fontName=self.fonts.bold, alignment=1)
        # Agreement numbers are long and break badly: a size smaller keeps most on one line.
        add("form_number", sheet["form_cell"], fontSize=8, leading=10)
        add("form_file", sheet["form_cell"], fontName=self.fonts.italic, fontSize=7.5,
            leading=9, textColor=colors.HexColor("#3a3a3a"))
        add("form_file_missing", sheet["form_file"], textColor=_TEXT_MISSING)
        add("criterion", sheet["form_cell"], fontName=self.fonts.bold)
        add("sub_criterion", sheet["form_cell"], leftIndent=11, bulletIndent=0, fontSize=8,
            leading=10, bulletFontSize=8)
        add("form_total", sheet["form_cell"], fontName=self.fonts.bold)
        add("form_total_right", sheet["form_total"], alignment=2)
        add("score_line", base, fontName=self.fonts.bold, fontSize=11, leading=14)
        add("not_scored", base, fontSize=9.5, leading=12.5)
        add("missing_item", sheet["list_item"], fontSize=9.5, leading=12)
        add("statement", sheet["body"], fontSize=10.5, leading=14, spaceBefore=2)
        add("sign", sheet["signature"], fontSize=10.5, leading=13.5)
        add("sign_name", sheet["signature_name"], fontSize=10.5, leading=13.5)
        add("section", sheet["h2"], fontSize=11, leading=14, spaceBefore=12, spaceAfter=4)
        return sheet

    def draw_page_number(self, canv: Canvas, page: int, pages: int) -> None:
        if not self.page_numbers:
            return
        canv.saveState()
        canv.setFont(self.fonts.regular, self.page_number_size)
        canv.setFillColor(colors.black)
        canv.drawCentredString(self.page_width / 2, self.margins.bottom, page_label(page, pages))
        canv.restoreState()

    # --- the form ---

    def _p(self, text: str, style: str) -> Paragraph:
        return Paragraph(escape_text(clean_text(text).strip()), self.styles[style])

    def _section(self, text: str) -> Paragraph:
        return Paragraph(escape_text(text), self.styles["section"])

    def story(self) -> list[Flowable]:
        doc, styles, width = self.document, self.styles, self.frame_width
        story: list[Flowable] = [
            Paragraph(escape_text(one_line(doc.title)) or "–", styles["form_title"]),
            Paragraph(escape_text(one_line(doc.subtitle)), styles["form_subtitle"]),
            meta_lines(
                [
                    ("Kepada", doc.branch or BLANK),
                    ("Kemitraan", doc.partnership_title or "–"),
                    ("Tanggal", long_date_id(doc.generated_on)),
                ],
                styles,
                width,
            ),
            HRFlowable(width="100%", thickness=0.7, color=RULE_COLOUR, spaceBefore=6, spaceAfter=2),
            self._section("A. IDENTITAS FASILITAS KESEHATAN"),
            *label_value_flowables(doc.identity, styles, width, label_width=5.2 * cm),
            self._section("B. PERSYARATAN ADMINISTRASI"),
            self._p(
                "Seluruh persyaratan administrasi harus terpenuhi sebelum kriteria teknis "
                "dinilai. Kolom Tim Kredensialing diisi oleh BPJS Kesehatan.",
                "note",
            ),
            self._requirements_table(),
            self._section("C. KRITERIA TEKNIS"),
            *self._criteria(),
            *self._missing(),
            *self._statement(),
        ]
        return story

    def _requirements_table(self) -> Table:
        rows = self.document.requirements
        header = ["No.", "Persyaratan", "Dokumen bukti", "Nomor", "Masa berlaku",
                  "Penilaian mandiri", "Tim Kredensialing"]
        data: list[list[Flowable | str]] = [[self._p(h, "form_header") for h in header]]
        commands = _grid()
        # No, requirement, evidence, number, expiry, self-assessment, the team's verification.
        shares = [0.7, 3.4, 2.7, 3.3, 1.9, 1.6, 2.1]
        widths = [w * cm * self.frame_width / (sum(shares) * cm) for w in shares]
        for index, row in enumerate(rows, start=1):
            data.append([
                self._p(str(index), "form_cell_center"),
                self._p(row.requirement, "form_cell"),
                self._evidence_cell(row),
                self._number(row.number or "–"),
                self._p(row.valid_until or "–", "form_cell"),
                MetMark(row.met, absent=row.absent),
                "",
            ])
            if not row.met and not row.absent:
                commands.append(("BACKGROUND", (0, index), (5, index), HIGHLIGHT_FILL))
        if not rows:
            data.append(["", self._p("Tidak ada persyaratan yang tercatat.", "form_cell"),
                         "", "", "", "", ""])
        table = HeadedTable(data, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="CENTER")
        table.setStyle(TableStyle(commands))
        return table

    def _number(self, text: str) -> Flowable:
        return JointWrapped(text, self.styles["form_number"])

    def _evidence_cell(self, row: RequirementRow) -> list[Flowable]:
        # The evidence names the adendum by its numbers: they wrap at their slashes, as the
        # Nomor column does ("004/ADD/D" + "R-SR/XI/2026" was printed).
        cell: list[Flowable] = (
            [JointWrapped(row.document, self.styles["form_cell"])] if row.document else [])
        if row.files:
            cell += [JointWrapped(name, self.styles["form_file"]) for name in row.files]
        elif row.absent:
            cell.append(self._p("Tidak ada", "form_file"))
        else:
            cell.append(self._p("Belum dilampirkan", "form_file_missing"))
        if clean_text(row.note).strip():
            cell.append(self._p(f"Catatan: {clean_text(row.note).strip()}", "form_file"))
        return cell

    def _criteria(self) -> list[Flowable]:
        doc = self.document
        out: list[Flowable] = []
        unmet = sum(1 for row in doc.requirements if not row.met and not row.absent)
        if unmet:
            out += [self._boxed(self._p(
                f"Kriteria teknis belum dinilai: {unmet} persyaratan administrasi belum "
                "terpenuhi (lihat bagian B). BPJS Kesehatan menilai kriteria teknis setelah "
                "seluruh persyaratan administrasi terpenuhi.",
                "not_scored",
            ), HIGHLIGHT_FILL, _MISSING_BORDER), Spacer(1, 6)]
        out.append(self._criteria_table(doc.criteria))
        weights = sum(row.weight for row in doc.criteria)
        if doc.criteria and weights != 100:
            out.append(self._p(
                f"Bobot berjumlah {weights}%, bukan 100%: nilai dihitung atas jumlah bobot "
                "kriteria yang dinilai.", "note"))
        if doc.technical_score is not None:
            score = format_number(doc.technical_score, 2, fixed=True)
            text = f"Nilai kriteria teknis (penilaian mandiri): {score} dari 100"
        elif not unmet:
            text = "Nilai kriteria teknis: belum dinilai."
        else:
            return out
        return [*out, Spacer(1, 8), self._boxed(self._p(text, "score_line"), LABEL_FILL,
                                                RULE_COLOUR)]

    def _boxed(self, content: Flowable, fill: colors.Color, border: colors.Color) -> Table:
        return Table(
            [[content]], colWidths=[self.frame_width],
            style=TableStyle([TABLE_FONT, ("BACKGROUND", (0, 0), (-1, -1), fill),
                              ("BOX", (0, 0), (-1, -1), 0.9, border),
                              ("TOPPADDING", (0, 0), (-1, -1), 5),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]),
        )

    def _criteria_table(self, criteria: tuple[CriterionRow, ...]) -> Table:
        p = self._p
        data: list[list[Flowable | str]] = [
            [p("No.", "form_header"), p("Kriteria dan subkriteria", "form_header"),
             p("Bobot (%)", "form_header"), p("Penilaian mandiri", "form_header"), "",
             p("Tim Kredensialing", "form_header"), ""],
            ["", "", "", p("Skor", "form_header"), p("Skor × Bobot", "form_header"),
             p("Skor", "form_header"), p("Skor × Bobot", "form_header")],
        ]
        commands = _grid(header_rows=2) + [
            ("SPAN", (0, 0), (0, 1)),
            ("SPAN", (1, 0), (1, 1)),
            ("SPAN", (2, 0), (2, 1)),
            ("SPAN", (3, 0), (4, 0)),
            ("SPAN", (5, 0), (6, 0)),
        ]
        total = Decimal(0)
        scored = False
        for index, row in enumerate(criteria, start=1):
            name: list[Flowable] = [p(row.name, "criterion")]
            name += [
                Paragraph(escape_text(clean_text(sub).strip()), self.styles["sub_criterion"],
                          bulletText=f"{chr(ord('a') + n)}." if n < 26 else "•")
                for n, sub in enumerate(row.sub_criteria)
            ]
            data.append([
                p(str(index), "form_cell_center"),
                name,
                p(str(row.weight), "form_cell_center"),
                p("–" if row.score is None else str(row.score), "form_cell_center"),
                p(format_number(row.weighted, 2, fixed=True), "form_cell_right"),
                "",
                "",
            ])
            if row.weighted is not None:
                total += row.weighted
                scored = True
        data.append([
            "",
            p("Jumlah", "form_total"),
            p(str(sum(row.weight for row in criteria)), "form_total_right"),
            "",
            p(format_number(total, 2, fixed=True) if scored else "–", "form_total_right"),
            "",
            "",
        ])
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 1.0, colors.black))
        shares = [0.8, 7.1, 1.4, 1.4, 1.9, 1.4, 1.9]
        scale = self.frame_width / (sum(shares) * cm)
        # A criterion is never split between pages: on F4 its name ended page 1 and its
        # sub-criteria began page 2 without it.
        table = Table(data, colWidths=[w * cm * scale for w in shares], repeatRows=2,
                      splitInRow=0, hAlign="CENTER")
        table.setStyle(TableStyle(commands))
        return table

    def _missing(self) -> list[Flowable]:
        width = self.frame_width
        items = [one_line(item) for item in self.document.missing]
        items = [item for item in items if item]
        title = self._section("D. YANG MASIH KURANG")
        if not items:
            box = self._boxed(
                self._p("Tidak ada: seluruh persyaratan terpenuhi dan buktinya terlampir.",
                        "body_left"), _DONE_FILL, LIGHT_COLOURS["green"])
            return [KeepTogether([title, box])]
        rows = [[Paragraph(escape_text(item), self.styles["missing_item"], bulletText="•")]
                for item in items]
        box = HeadedTable(
            rows, colWidths=[width], splitInRow=1,
            style=TableStyle([
                TABLE_FONT,
                ("BACKGROUND", (0, 0), (-1, -1), HIGHLIGHT_FILL),
                ("BOX", (0, 0), (-1, -1), 1.0, _MISSING_BORDER),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, 0), 6),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
            ]),
        )
        return [title, box]

    def _statement(self) -> list[Flowable]:
        doc, width = self.document, self.frame_width
        place = one_line(doc.place) or BLANK
        name = one_line(doc.signer_name)
        p = self._p
        signatures = signing_columns(
            [
                [p("Diverifikasi oleh,", "sign"), p("Tim Kredensialing", "sign"),
                 p(doc.branch or "BPJS Kesehatan", "sign"),
                 Paragraph(f"({BLANK})", self.styles["sign_name"]), p(f"NPP. {BLANK}", "sign")],
                [p(f"{place}, {long_date_id(doc.generated_on)}", "sign"),
                 p("Dokter penanggung jawab,", "sign"), "",
                 Paragraph(f"<u>{escape_text(name, bold=True)}</u>" if name else BLANK,
                           self.styles["sign_name"]),
                 p(doc.signer_line, "sign")],
            ],
            width,
            gap_rows=(3,),
        )
        return [KeepTogether([
            self._section("E. PERNYATAAN"),
            self._p(doc.statement, "statement"),
            Spacer(1, 8),
            signatures,
        ])]


def render_readiness(
    doc: ReadinessDocument, out: BinaryIO, paper: str = "a4", page_numbers: bool = True
) -> None:
    """Write the credentialing form of *doc* to a binary stream (``"a4"``/``"f4"``).

    A failed render writes nothing to the stream.
    """
    renderer = ReadinessRenderer(doc, paper, page_numbers)
    with atomic_output(out) as target:
        renderer.render(target)
