"""Step 8 on paper, for a review meeting: indicators, the five keys, statements, action items.

The blocks of this report (:func:`indicator_flowables`, :func:`five_keys_flowables`) are also
the step-8 part of the partnership archive, and :func:`report_styles` gives every report (as
opposed to the agreement, which follows legal drafting) its headings and small print.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    HRFlowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kemitraan_desktop.domain.dates import date_span_id, long_date_id
from kemitraan_desktop.domain.documents import (
    EvaluationDocument,
    IndicatorSeries,
    KeyScore,
    TableBlock,
)
from kemitraan_desktop.domain.five_keys import DISAGREEMENT, judgement
from kemitraan_desktop.domain.numbers import format_number
from kemitraan_desktop.i18n import N_, _

from .charts import TrafficLight, progress_chart, radar_chart
from .errors import atomic_output
from .flowables import HeadedTable, InitialsStrip, data_table
from .layout import FONTS, DocumentRenderer, FontNames, clean_text, escape_text, one_line

__all__ = [
    "EvaluationRenderer",
    "HEADING_COLOUR",
    "HIGHLIGHT_FILL",
    "GRID_COLOUR",
    "LABEL_FILL",
    "date_text",
    "reached",
    "with_unit",
    "RULE_COLOUR",
    "TABLE_FONT",
    "five_keys_flowables",
    "heading",
    "indicator_flowables",
    "is_long_text",
    "label_value_flowables",
    "long_value_flowables",
    "meta_lines",
    "render_evaluation",
    "report_styles",
    "statements_table",
    "table_flowables",
]

HEADING_COLOUR = colors.HexColor("#17324d")
LABEL_FILL = colors.HexColor("#eef1f5")
HIGHLIGHT_FILL = colors.HexColor("#fde9d9")
RULE_COLOUR = colors.HexColor("#9aa7b4")
GRID_COLOUR = colors.HexColor("#9a9a9a")
NOTE_COLOUR = colors.HexColor("#4a4a4a")
# Tables name their font even when every cell is a paragraph; without this ReportLab pulls in
# Helvetica, which is not embedded.
TABLE_FONT = ("FONTNAME", (0, 0), (-1, -1), FONTS.regular)

# What takes the place of the five keys' chart and tables before either party has scored.
NOT_SCORED = N_("Not assessed yet: neither party has scored the five keys.")
_LABEL_COLUMN = 3.6 * cm
_CHART_HEIGHT = 5.4 * cm
_RADAR_HEIGHT = 9 * cm


# --- styles and small building blocks shared by the reports ---------------------------------


def report_styles(sheet: StyleSheet1, fonts: FontNames) -> StyleSheet1:
    """Add the styles of a report to *sheet*: ``report_title``, ``report_subtitle``, ``h1`` …
    ``h3``, ``cell_label``, ``note``, ``caption``, ``fingerprint``."""
    base = sheet["base"]

    def add(name: str, parent: ParagraphStyle = base, **kw) -> None:
        sheet.add(ParagraphStyle(name, parent=parent, **kw))

    add(
        "report_title",
        fontName=fonts.bold,
        fontSize=17,
        leading=21,
        alignment=TA_CENTER,
        textColor=HEADING_COLOUR,
        spaceAfter=4,
    )
    add(
        "report_subtitle",
        fontName=fonts.bold,
        fontSize=13,
        leading=16.5,
        alignment=TA_CENTER,
        spaceAfter=4,
    )
    add(
        "h1",
        fontName=fonts.bold,
        fontSize=14,
        leading=17.5,
        alignment=TA_LEFT,
        textColor=HEADING_COLOUR,
        spaceBefore=14,
        spaceAfter=1,
        keepWithNext=1,
    )
    add(
        "h2",
        fontName=fonts.bold,
        fontSize=12,
        leading=15,
        alignment=TA_LEFT,
        textColor=HEADING_COLOUR,
        spaceBefore=10,
        spaceAfter=4,
        keepWithNext=1,
    )
    add(
        "h3",
        fontName=fonts.bold,
        fontSize=10.5,
        leading=13,
        alignment=TA_LEFT,
        spaceBefore=8,
        spaceAfter=3,
        keepWithNext=1,
    )
    add("cell_label", sheet["table_cell"], fontName=fonts.bold)
    add("cell_heading", sheet["table_cell"], fontName=fonts.bold, fontSize=10.5, leading=13)
    add(
        "note",
        fontName=fonts.italic,
        fontSize=8.5,
        leading=10.8,
        textColor=NOTE_COLOUR,
        spaceAfter=4,
    )
    add("caption", fontName=fonts.italic, fontSize=7.5, leading=9, alignment=TA_CENTER)
    add("not_assessed", fontName=fonts.bold, fontSize=9.5, leading=12, textColor=NOTE_COLOUR,
        spaceBefore=2, spaceAfter=6)
    add("fingerprint", fontSize=7, leading=8.6, textColor=NOTE_COLOUR)
    add("list_item", sheet["body_left"], leftIndent=14, bulletIndent=2, spaceAfter=2)
    add(
        "long_label",
        fontName=fonts.bold,
        fontSize=9.5,
        leading=12,
        spaceBefore=6,
        spaceAfter=2,
    )
    return sheet


def date_text(value: object) -> str:
    """ "22 November 2026"; "–" when there is no date."""
    try:
        return long_date_id(value)  # type: ignore[arg-type]
    except (AttributeError, TypeError, IndexError):
        return "–"


def heading(text: str, styles: StyleSheet1, level: int = 1) -> list[Flowable]:
    """A heading (user or program text, escaped here); a level-1 heading has a rule under it."""
    out: list[Flowable] = [Paragraph(escape_text(text), styles[f"h{level}"])]
    if level == 1:
        rule = HRFlowable(
            width="100%", thickness=0.7, color=RULE_COLOUR, spaceBefore=1, spaceAfter=6
        )
        rule.keepWithNext = 1
        out.append(rule)
    return out


def _cell(text: str, styles: StyleSheet1, style: str = "table_cell") -> Paragraph:
    return Paragraph(escape_text(clean_text(text).strip()) or "–", styles[style])


# A value longer than this leaves the label/value table and is printed under it as running
# text: a table row must fit on one page, and splitting a row is slow for very long text.
LONG_VALUE = 3000
# The label column is narrow: a label longer than this is printed as a heading instead.
LONG_LABEL = 300


def is_long_text(text: str, limit: int = LONG_VALUE) -> bool:
    text = clean_text(text)
    return len(text) > limit or text.count("\n") > limit // 75


def long_value_flowables(label: str, value: str, styles: StyleSheet1) -> list[Flowable]:
    """A value too long for a table cell: its label as a small heading, then the text, which
    runs on over as many pages as it needs (the label only moves on with its first lines)."""
    label_style = styles["long_label"]
    return [
        CondPageBreak(label_style.leading + label_style.spaceBefore + 3 * styles["body"].leading),
        Paragraph(escape_text(one_line(label)) or "–", label_style),
        Paragraph(escape_text(clean_text(value).strip()) or "–", styles["body_left"]),
    ]


def label_value_flowables(
    lines: Sequence[tuple[str, str]],
    styles: StyleSheet1,
    width: float,
    label_width: float = _LABEL_COLUMN,
) -> list[Flowable]:
    """Label/value lines as a two-column table; very long values follow it as running text."""
    short = [
        (label, value)
        for label, value in lines
        if not is_long_text(value) and not is_long_text(label, LONG_LABEL)
    ]
    out: list[Flowable] = []
    if short:
        rows = [
            [_cell(label, styles, "cell_label"), _cell(value, styles)] for label, value in short
        ]
        out.append(
            HeadedTable(
                rows,
                colWidths=[label_width, width - label_width],
                splitInRow=1,
                hAlign="LEFT",
                style=TableStyle(
                    [
                        TABLE_FONT,
                        ("GRID", (0, 0), (-1, -1), 0.4, GRID_COLOUR),
                        ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
                    ]
                ),
            )
        )
    for label, value in lines:
        if (label, value) not in short:
            out += long_value_flowables(label, value, styles)
    return out


def table_flowables(
    block: TableBlock, styles: StyleSheet1, width: float, under: str = ""
) -> list[Flowable]:
    """A titled table of a TableBlock, with its note under it.

    *under* is the heading the table sits under: a table title that only repeats it is left out.
    """
    out: list[Flowable] = []
    title = one_line(block.title)
    if title and title.casefold() != one_line(under).casefold():
        out += heading(title, styles, 3)
    if block.header or block.rows:
        out.append(data_table(block, styles, width))
    else:
        out.append(Paragraph(escape_text(_("Nothing recorded yet.")), styles["note"]))
    note = clean_text(block.note).strip()
    if note:
        out.append(Spacer(1, 3))
        out.append(Paragraph(escape_text(note), styles["note"]))
    out.append(Spacer(1, 6))
    return out


# --- indicators -----------------------------------------------------------------------------


def _finite(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def reached(series: IndicatorSeries) -> tuple[float | None, bool | None]:
    """The latest value of *series* and whether it has reached the target (None: no value yet,
    or no target or direction to judge it by)."""
    values = [_finite(v) for _period, v in series.points]
    values = [v for v in values if v is not None]
    if not values:
        return None, None
    latest, target = values[-1], _finite(series.target)
    if target is None or series.direction not in ("up", "down"):
        return latest, None
    return latest, latest >= target if series.direction == "up" else latest <= target


def with_unit(value: float | None, unit: str) -> str:
    """ "22 jam", "71%" (a percent sign follows the number without a space, as KBBI writes)."""
    text = format_number(value)
    unit = one_line(unit)
    if not unit or value is None:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def _indicator_summary(series: IndicatorSeries) -> str:
    def amount(value: float | None) -> str:
        return with_unit(value, series.unit)

    parts = [
        _("Baseline: {amount}").format(amount=amount(_finite(series.baseline))),
        _("Target: {amount}").format(amount=amount(_finite(series.target))),
    ]
    points = [(p, _finite(v)) for p, v in series.points if _finite(v) is not None]
    if points:
        period, latest = points[-1]
        parts.append(_("Latest ({period}): {amount}").format(period=one_line(period),
                                                             amount=amount(latest)))
        _latest, done = reached(series)
        if done is not None:
            parts.append(_("target reached") if done else _("target not reached yet"))
    return " · ".join(parts)


def indicator_flowables(
    series: IndicatorSeries, styles: StyleSheet1, width: float,
    lead: Sequence[Flowable] = (),
) -> list[Flowable]:
    """One indicator: its name, a line of figures and its chart, kept on one page with *lead*
    (the heading above the first indicator: a heading kept with a KeepTogether by
    keepWithNext alone stayed behind at the foot of a page)."""
    name = one_line(series.name) or "–"
    unit = one_line(series.unit)
    title = f"{name} ({unit})" if unit else name
    if reached(series)[0] is None:
        # An empty frame says nothing: the words do.
        return [
            KeepTogether(
                [
                    *lead,
                    *heading(title, styles, 3),
                    Paragraph(escape_text(_indicator_summary(series)), styles["note"]),
                    Paragraph(
                        escape_text(_("Not assessed yet: no value recorded for any period.")),
                        styles["not_assessed"],
                    ),
                    Spacer(1, 8),
                ]
            )
        ]
    chart = progress_chart(series, width, _CHART_HEIGHT)
    chart.hAlign = "LEFT"
    return [
        KeepTogether(
            [
                *lead,
                *heading(title, styles, 3),
                Paragraph(escape_text(_indicator_summary(series)), styles["note"]),
                chart,
                Spacer(1, 8),
            ]
        )
    ]


# --- the five keys --------------------------------------------------------------------------


def five_keys_flowables(
    keys: Sequence[KeyScore],
    styles: StyleSheet1,
    width: float,
    practice_label: str | None = None,
    partner_label: str | None = None,
) -> list[Flowable]:
    """The radar of both parties' averages and the table under it; keys the parties see very
    differently are highlighted so the meeting talks them through."""
    if not keys:
        return [Paragraph(escape_text(_("Nothing recorded yet.")), styles["note"])]
    if all(_finite(k.practice) is None and _finite(k.partner) is None for k in keys):
        return [Paragraph(escape_text(_(NOT_SCORED)), styles["not_assessed"])]
    practice_label = one_line(practice_label) or _("Practice")
    partner_label = one_line(partner_label) or _("Partner")
    radar = radar_chart(keys, min(width, 15 * cm), _RADAR_HEIGHT, practice_label, partner_label)
    radar.hAlign = "CENTER"

    score_width = 2.7 * cm
    difference_width = 1.9 * cm
    note_width = 2.6 * cm
    key_width = width - 2 * score_width - difference_width - note_width
    header = [
        _cell(_("Key"), styles, "table_header"),
        _cell(practice_label, styles, "table_header"),
        _cell(partner_label, styles, "table_header"),
        _cell(_("Difference"), styles, "table_header"),
        _cell(_("Note"), styles, "table_header"),
    ]
    rows: list[list[Flowable]] = [header]
    commands: list[tuple] = [
        TABLE_FONT,
        ("GRID", (0, 0), (-1, -1), 0.4, GRID_COLOUR),
        ("BACKGROUND", (0, 0), (-1, 0), LABEL_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for index, key in enumerate(keys, start=1):
        practice, partner = _finite(key.practice), _finite(key.partner)
        difference = (
            abs(practice - partner) if practice is not None and partner is not None else None
        )
        wide = bool(key.disagree)
        rows.append(
            [
                _cell(key.key, styles, "cell_label"),
                TrafficLight(key.light_practice, format_number(practice, 2, fixed=True)),
                TrafficLight(key.light_partner, format_number(partner, 2, fixed=True)),
                _cell(
                    format_number(difference, 2, fixed=True),
                    styles,
                    "table_total_right" if wide else "table_cell_right",
                ),
                _cell(judgement(key.light, key.disagree), styles,
                      "table_total" if wide else "table_cell"),
            ]
        )
        if wide:
            commands.append(("BACKGROUND", (0, index), (-1, index), HIGHLIGHT_FILL))
    table = HeadedTable(
        rows,
        colWidths=[key_width, score_width, score_width, difference_width, note_width],
        repeatRows=1,
        splitInRow=1,
        hAlign="LEFT",
        style=TableStyle(commands),
    )
    note = _(
        "Each party scores every statement from 1 (strongly disagree) to 5 (strongly agree); "
        "the figures are each party's average per key. Highlighted rows are keys the two "
        "parties see very differently: talk them through at the review meeting."
    )
    # Five rows and their note stay together: split, the last key began a page on its own.
    return [radar, Spacer(1, 6), KeepTogether(
        [table, Spacer(1, 3), Paragraph(escape_text(note), styles["note"])])]


# --- statements -----------------------------------------------------------------------------

_SCORE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*$")


def _as_score(text: str) -> float | None:
    match = _SCORE.match(clean_text(text))
    return float(match[1].replace(",", ".")) if match else None


def statements_table(
    block: TableBlock, styles: StyleSheet1, width: float, under: str = ""
) -> list[Flowable]:
    """The statement table; a row whose two score columns differ widely is highlighted."""
    out = table_flowables(block, styles, width, under)
    columns = max((len(row) for row in block.rows), default=0)
    scored = [
        i
        for i in range(columns)
        if block.rows
        and all(
            _as_score(row[i]) is not None or not clean_text(row[i]).strip()
            for row in block.rows
            if i < len(row)
        )
        and any(i < len(row) and _as_score(row[i]) is not None for row in block.rows)
    ]
    table = next((f for f in out if isinstance(f, Table)), None)
    if table is None or len(scored) < 2:
        return out
    first, second = scored[0], scored[1]
    commands = []
    for index, row in enumerate(block.rows, start=1):
        a = _as_score(row[first]) if first < len(row) else None
        b = _as_score(row[second]) if second < len(row) else None
        if a is not None and b is not None and abs(a - b) >= DISAGREEMENT:
            commands.append(("BACKGROUND", (0, index), (-1, index), HIGHLIGHT_FILL))
    if commands:
        table.setStyle(TableStyle(commands))
    return out


# --- the report -----------------------------------------------------------------------------


def meta_lines(lines: Sequence[tuple[str, str]], styles: StyleSheet1, width: float) -> Table:
    """The "Practice: … / Partner: … / Date: …" lines under a report's title, without a grid."""
    rows = [[_cell(label, styles, "cell_label"), _cell(value, styles)] for label, value in lines]
    return HeadedTable(
        rows,
        colWidths=[_LABEL_COLUMN, width - _LABEL_COLUMN],
        splitInRow=1,
        hAlign="LEFT",
        style=TableStyle(
            [
                TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        ),
    )


class EvaluationRenderer(DocumentRenderer):
    """Lays out one :class:`EvaluationDocument`."""

    body_size = 11.0
    body_leading = 14.0

    def __init__(self, document: EvaluationDocument, paper: str = "a4") -> None:
        from .berita_acara import LegalFromHere

        self.document = document
        self._berita_acara = LegalFromHere()
        minutes = document.berita_acara
        super().__init__(
            paper,
            title=_("Partnership evaluation: {title}").format(title=one_line(document.title)),
            author=one_line(document.practice_name),
            subject=_("Monitoring and evaluation (step 8)"),
            # Room for both parties' paraf under every page of a berita acara that runs over
            # more than one page: each of its pages is initialled, like the PKS's.
            initials_strip=None if minutes is None else InitialsStrip(
                [party.role for party in minutes.signatories.parties]),
        )

    def draw_footer(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """Nothing while the page is laid out: the paraf strip is drawn with the page line,
        once it is known over how many pages the berita acara runs."""

    def draw_page_number(self, canv: Canvas, page: int, pages: int) -> None:
        start = self._berita_acara.page
        on_minutes = start is not None and page >= start
        if on_minutes:
            from .berita_acara import page_label

            text = page_label(page, pages)
        else:
            text = _("Page {page} of {pages}").format(page=page, pages=pages)
        canv.saveState()
        canv.setFont(self.fonts.regular, self.page_number_size)
        canv.setFillColor(colors.black)
        strip = self.initials_strip
        if on_minutes and strip is not None and pages > start:
            width, _height = strip.wrap(self.frame_width, self.footer_height)
            strip.drawOn(canv, self.page_width - self.margins.right - width, self.margins.bottom)
            canv.drawString(self.margins.left, self.margins.bottom + 2, text)
        else:
            canv.drawCentredString(self.page_width / 2, self.margins.bottom, text)
        canv.restoreState()

    def build_styles(self) -> StyleSheet1:
        from .berita_acara import berita_acara_styles

        return berita_acara_styles(report_styles(super().build_styles(), self.fonts), self.fonts)

    def story(self) -> list[Flowable]:
        doc, styles, width = self.document, self.styles, self.frame_width
        story: list[Flowable] = [
            Paragraph(escape_text(_("PARTNERSHIP EVALUATION")), styles["report_title"]),
            Paragraph(escape_text(one_line(doc.title)) or "–", styles["report_subtitle"]),
            Spacer(1, 6),
            meta_lines(
                [
                    (_("Practice"), doc.practice_name),
                    (_("Partner"), doc.partner_names),
                    (_("Period"), date_span_id(doc.period_start, doc.period_end)),
                    (_("Date"), date_text(doc.generated_on)),
                ],
                styles,
                width,
            ),
            HRFlowable(width="100%", thickness=0.7, color=RULE_COLOUR, spaceBefore=6, spaceAfter=2),
        ]
        title = heading(_("Indicators"), styles)
        if doc.indicators:
            for index, series in enumerate(doc.indicators):
                story += indicator_flowables(series, styles, width, title if index == 0 else ())
        else:
            story += title
            story.append(Paragraph(escape_text(_("Nothing recorded yet.")), styles["note"]))
        story += heading(_("The five keys of success"), styles)
        story += five_keys_flowables(doc.keys, styles, width)
        story += heading(_("Statements"), styles)
        if doc.statements is not None:
            story += statements_table(doc.statements, styles, width, _("Statements"))
        else:
            story.append(Paragraph(escape_text(_(NOT_SCORED)), styles["not_assessed"]))
        story += heading(_("Action items"), styles)
        if doc.action_items is not None:
            story += table_flowables(doc.action_items, styles, width, _("Action items"))
        else:
            story.append(Paragraph(escape_text(_("Nothing recorded yet.")), styles["note"]))
        if doc.berita_acara is not None:
            from .berita_acara import berita_acara_flowables

            story += [PageBreak(), self._berita_acara]
            story += berita_acara_flowables(
                doc.berita_acara, doc.title, (doc.period_start, doc.period_end),
                doc.indicators, doc.keys, styles, width)
        return story


def render_evaluation(doc: EvaluationDocument, out: BinaryIO, paper: str = "a4") -> None:
    """Write the step-8 report of *doc* to a binary stream, on ``"a4"`` or ``"f4"``.

    A failed render writes nothing to the stream.
    """
    renderer = EvaluationRenderer(doc, paper)
    with atomic_output(out) as target:
        renderer.render(target)
