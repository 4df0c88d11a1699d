"""The credentialing readiness checklist of step 4, with what is still missing.

Administrative items first (all must be met before BPJS scores the technical ones), then the
technical areas with their weights and scores, the weighted total, and a highlighted list of
what is still missing.

The embedded font has no check mark or cross, so "met" is drawn: a green tick or a red cross
with the word beside it ("Ya" / "Belum"), which also reads in black and white and in the text of
the PDF.
"""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kemitraan_desktop.domain.documents import ReadinessDocument, TableBlock
from kemitraan_desktop.i18n import _

from .charts import LIGHT_COLOURS, format_number
from .errors import atomic_output
from .evaluation import (
    HIGHLIGHT_FILL,
    RULE_COLOUR,
    date_text,
    heading,
    is_long_text,
    meta_lines,
    report_styles,
    table_flowables,
)
from .layout import FONTS, DocumentRenderer, clean_text, escape_text, one_line

__all__ = ["MetMark", "ReadinessRenderer", "met_value", "render_readiness"]

# What a "met" cell of the administrative table may hold, as the services or a person write it.
# Not digits or dashes: a column of running numbers or of "-" notes is not a "met" column.
_MET = {"✓", "✔", "☑", "v", "ya", "yes", "y", "true", "met", "terpenuhi", "sudah", "ada"}
_NOT_MET = {
    "✗", "✘", "☐", "x", "belum", "tidak", "no", "n", "false", "not met",
    "belum terpenuhi", "tidak terpenuhi", "tidak ada", "not yet",
}  # fmt: skip
_MISSING_BORDER = colors.HexColor("#c0504d")
_DONE_FILL = colors.HexColor("#e6f2e6")


def met_value(text: str) -> bool | None:
    """True or False when *text* says an item is met or not; None when it says something else."""
    value = unicodedata.normalize("NFKC", clean_text(text)).strip().lower().rstrip(".")
    if value in _MET:
        return True
    if value in _NOT_MET:
        return False
    return None


class MetMark(Flowable):
    """A drawn tick (met) or cross (not met) followed by "Ya" or "Belum"."""

    def __init__(self, met: bool, size: float = 9.0) -> None:
        super().__init__()
        self.met = met
        self.size = size
        self.text = _("Yes") if met else _("Not yet")

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = min(avail_width, self.size + 4 + stringWidth(self.text, FONTS.bold, 9))
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
        else:
            canv.setStrokeColor(LIGHT_COLOURS["red"])
            canv.line(s * 0.15, y + s * 0.15, s * 0.85, y + s * 0.85)
            canv.line(s * 0.15, y + s * 0.85, s * 0.85, y + s * 0.15)
        canv.setFillColor(colors.black)
        canv.setFont(FONTS.bold, 9)
        canv.drawString(s + 4, y + s * 0.15, self.text)
        canv.restoreState()


def _met_columns(block: TableBlock) -> list[int]:
    """Columns whose every filled cell says met or not met."""
    columns = max((len(row) for row in block.rows), default=0)
    found = []
    for i in range(columns):
        cells = [clean_text(row[i]).strip() for row in block.rows if i < len(row)]
        filled = [c for c in cells if c]
        if filled and all(met_value(c) is not None for c in filled):
            found.append(i)
    return found


def administrative_table(
    block: TableBlock, styles: StyleSheet1, width: float, under: str = ""
) -> list[Flowable]:
    """The administrative items; a "met" column is drawn as ticks and crosses, and a row not
    met is tinted so it stands out."""
    columns = _met_columns(block)
    if not columns or not block.rows:
        return table_flowables(block, styles, width, under)
    count = max(len(block.header), *(len(row) for row in block.rows))
    header = list(block.header) + [""] * (count - len(block.header))

    def cell(text: str, style: str = "table_cell") -> Paragraph:
        return Paragraph(escape_text(clean_text(text).strip()), styles[style])

    # The running number ("No.") is narrow and centred, as Indonesian tables print it.
    counters = {
        c
        for c in range(count)
        if c not in columns
        and one_line(header[c]).rstrip(".").casefold() in {"no", "nomor", "no urut"}
        and all(one_line(row[c]).isdigit() for row in block.rows if c < len(row) and row[c])
    }
    data: list[list[Flowable]] = [[cell(h, "table_header") for h in header]]
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), FONTS.regular),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.Color(0.35, 0.35, 0.35)),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for r, row in enumerate(block.rows, start=1):
        cells: list[Flowable] = []
        for c in range(count):
            text = row[c] if c < len(row) else ""
            if c in columns and clean_text(text).strip():
                met = bool(met_value(text))
                cells.append(MetMark(met))
                if not met:
                    commands.append(("BACKGROUND", (0, r), (-1, r), HIGHLIGHT_FILL))
            else:
                cells.append(cell(text, "table_cell_center" if c in counters else "table_cell"))
        data.append(cells)
    # Marks get a narrow column each; the text columns share the rest by how much they hold.
    mark_width = 2.3 * cm
    counter_width = 1.0 * cm
    text_columns = [c for c in range(count) if c not in columns and c not in counters]
    natural = {
        c: max(
            stringWidth(clean_text(r[c]) if c < len(r) else "", FONTS.regular, 9)
            for r in (*block.rows, header)
        )
        + 1
        for c in text_columns
    }
    rest = max(width - mark_width * len(columns) - counter_width * len(counters), width * 0.3)
    weights = {c: min(natural[c], rest) ** 0.5 for c in text_columns}
    total = sum(weights.values()) or 1
    widths = [
        mark_width
        if c in columns
        else counter_width
        if c in counters
        else rest * weights[c] / total
        for c in range(count)
    ]
    table = Table(data, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="CENTER")
    table.setStyle(TableStyle(commands))
    out: list[Flowable] = []
    title = one_line(block.title)
    if title and title.casefold() != one_line(under).casefold():
        out += heading(title, styles, 3)
    out.append(table)
    note = clean_text(block.note).strip()
    if note:
        out += [Spacer(1, 3), Paragraph(escape_text(note), styles["note"])]
    out.append(Spacer(1, 6))
    return out


class ReadinessRenderer(DocumentRenderer):
    """Lays out one :class:`ReadinessDocument`."""

    body_size = 11.0
    body_leading = 14.0

    def __init__(self, document: ReadinessDocument, paper: str = "a4") -> None:
        self.document = document
        super().__init__(
            paper,
            title=_("Credentialing readiness: {title}").format(title=one_line(document.title)),
            author=one_line(document.practice_name),
            subject=_("BPJS Kesehatan credentialing readiness checklist (step 4)"),
        )

    def build_styles(self) -> StyleSheet1:
        sheet = report_styles(super().build_styles(), self.fonts)
        base = sheet["base"]
        sheet.add(
            ParagraphStyle(
                "score",
                parent=base,
                fontName=self.fonts.bold,
                fontSize=12.5,
                leading=16,
                borderColor=RULE_COLOUR,
                borderWidth=0.6,
                borderPadding=7,
                backColor=colors.HexColor("#eef1f5"),
                spaceBefore=6,
                spaceAfter=12,
            )
        )
        sheet.add(
            ParagraphStyle(
                "missing_item", parent=sheet["list_item"], backColor=HIGHLIGHT_FILL, spaceAfter=4
            )
        )
        return sheet

    def story(self) -> list[Flowable]:
        doc, styles, width = self.document, self.styles, self.frame_width
        story: list[Flowable] = [
            Paragraph(escape_text(_("CREDENTIALING READINESS")), styles["report_title"]),
            Paragraph(escape_text(one_line(doc.title)) or "–", styles["report_subtitle"]),
            Spacer(1, 6),
            meta_lines(
                [(_("Practice"), doc.practice_name), (_("Date"), date_text(doc.generated_on))],
                styles,
                width,
            ),
            HRFlowable(width="100%", thickness=0.7, color=RULE_COLOUR, spaceBefore=6, spaceAfter=2),
        ]
        story += heading(_("Administrative requirements"), styles)
        story.append(
            Paragraph(
                escape_text(
                    _(
                        "Every administrative item must be met before the technical areas "
                        "are scored."
                    )
                ),
                styles["note"],
            )
        )
        story += administrative_table(
            doc.administrative, styles, width, _("Administrative requirements")
        )
        story += heading(_("Technical assessment"), styles)
        story += table_flowables(doc.technical, styles, width, _("Technical assessment"))
        score = doc.technical_score
        score_text = format_number(score, 1) if isinstance(score, int | float) else "–"
        if isinstance(score, float) and not math.isfinite(score):
            score_text = "–"
        story.append(
            Paragraph(
                escape_text(_("Weighted technical score: {score} of 100").format(score=score_text)),
                styles["score"],
            )
        )
        story += self._missing()
        return story

    def _missing(self) -> list[Flowable]:
        styles, width = self.styles, self.frame_width
        items = [clean_text(item).strip() for item in self.document.missing]
        items = [item for item in items if item]
        title = heading(_("What is still missing"), styles)
        if not items:
            box = Table(
                [[Paragraph(escape_text(_("Nothing is missing.")), styles["body_left"])]],
                colWidths=[width],
                style=TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, -1), FONTS.regular),
                        ("BACKGROUND", (0, 0), (-1, -1), _DONE_FILL),
                        ("BOX", (0, 0), (-1, -1), 0.8, LIGHT_COLOURS["green"]),
                    ]
                ),
            )
            return [KeepTogether([*title, box])]
        if any(is_long_text(item) for item in items):
            # Text as long as a book is not boxed: a table row must fit on a page.
            return [
                *title,
                *(
                    Paragraph(escape_text(item), styles["missing_item"], bulletText="•")
                    for item in items
                ),
            ]
        rows = [
            [Paragraph(escape_text(item), styles["list_item"], bulletText="•")] for item in items
        ]
        box = Table(
            rows,
            colWidths=[width],
            splitInRow=1,
            style=TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONTS.regular),
                    ("BACKGROUND", (0, 0), (-1, -1), HIGHLIGHT_FILL),
                    ("BOX", (0, 0), (-1, -1), 1.0, _MISSING_BORDER),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ("TOPPADDING", (0, 0), (-1, 0), 6),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
                ]
            ),
        )
        return [*title, box]


def render_readiness(doc: ReadinessDocument, out: Path | BinaryIO, paper: str = "a4") -> None:
    """Write the readiness checklist of *doc* to a path or a binary stream (``"a4"``/``"f4"``).

    A failed render leaves no file at the path and writes nothing to the stream.
    """
    renderer = ReadinessRenderer(doc, paper)
    with atomic_output(out) as target:
        renderer.render(target)
