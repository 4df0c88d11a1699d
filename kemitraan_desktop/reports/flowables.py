"""Reusable pieces of printed documents: signature block with meterai, initials strip, tables, QR.

Every function here takes user text as typed and escapes it itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import groupby

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import cm, mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from kemitraan_desktop.domain.documents import PartyBlock, TableBlock
from kemitraan_desktop.domain.identity import id_line

from .layout import (
    BLANK,
    FONTS,
    clean_text,
    escape_text,
    fit_font_size,
    italicise_foreign,
    one_line,
    truncate_to_width,
)

_GRID = colors.Color(0.35, 0.35, 0.35)
# A Table sets its cells' font even when the cells are flowables; without this it would pull
# Helvetica, which is not embedded, into the PDF.
_TABLE_FONT = ("FONTNAME", (0, 0), (-1, -1), FONTS.regular)
_HEADER_FILL = colors.Color(0.9, 0.9, 0.9)


# --- numbers that wrap at their joints -------------------------------------------------------

_SLASH_PARTS = re.compile(r"[^/]*/+|[^/]+")


def code_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """*text* cut into lines of at most *width* at a space, or after a slash inside a number
    too long for a line of its own, never inside one of its parts: ``… adendum Nomor
    004/ADD/DR-SR/XI/2026`` ends a line at ``004/ADD/``, not at ``004/ADD/D``. A part longer
    than the line stands on a line of its own (the Paragraph then cuts it, as it must)."""

    def fits(candidate: str) -> bool:
        return pdfmetrics.stringWidth(candidate, font, size) <= width

    lines: list[str] = []
    line = ""
    for word in one_line(text).split(" "):
        joined = f"{line} {word}" if line else word
        if fits(joined):
            line = joined
            continue
        if fits(word):
            lines.append(line)
            line = word
            continue
        # Too long for any line: filled in after the words before it, slash by slash.
        for index, part in enumerate(_SLASH_PARTS.findall(word)):
            joined = f"{line} {part}" if line and not index else line + part
            if line and not fits(joined):
                lines.append(line)
                line = part
            else:
                line = joined
    if line:
        lines.append(line)
    return lines or [""]


class JointWrapped(Flowable):
    """A Paragraph of *text* whose lines end only at a space or after a slash (see
    :func:`code_lines`), for table cells that hold agreement numbers: a cell's width is known
    only when the table lays it out, so the lines are cut then. The text is user text, escaped
    here."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self._paragraph: Paragraph | None = None

    def _at(self, width: float) -> Paragraph:
        room = width - self.style.leftIndent - self.style.rightIndent
        lines = code_lines(self.text, self.style.fontName, self.style.fontSize, room)
        return Paragraph("<br/>".join(escape_text(line) for line in lines), self.style)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._paragraph = self._at(avail_width)
        self.width, self.height = self._paragraph.wrap(avail_width, avail_height)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return self._at(avail_width).split(avail_width, avail_height)

    def draw(self) -> None:
        if self._paragraph is not None:
            self._paragraph.drawOn(self.canv, 0, 0)

    def getSpaceBefore(self) -> float:  # noqa: N802 (ReportLab's name)
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:  # noqa: N802 (ReportLab's name)
        return self.style.spaceAfter


# --- tables that split well ------------------------------------------------------------------


class HeadedTable(Table):
    """A table that never leaves its header, or an empty slice of a row, at the foot of a page.

    A table that may split inside a row (``splitInRow``, for a cell taller than a page) lets
    ReportLab end a page with the header over a slice of the first row that holds no line of
    it: the header stood alone under the chart, and was repeated over its rows on the next
    page. Such a split is refused, so the table starts on the next page with its rows.
    """

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts = super().split(avail_width, avail_height)
        if parts and _header_over_nothing(parts[0], _header_rows(self.repeatRows)):
            return []
        return parts


def _header_rows(repeat_rows: int | Sequence[int]) -> int:
    if isinstance(repeat_rows, int):
        return repeat_rows
    return max(repeat_rows) + 1 if repeat_rows else 0


def _header_over_nothing(table: Table, header_rows: int) -> bool:
    """Whether under the header there is at most one row (a slice of it) and nothing in it.
    Several blank rows are a table's own and may end a page; refusing them could leave a long
    table of blank rows nowhere to go."""
    body = table._cellvalues[header_rows:]
    return len(body) <= 1 and not any(_filled(cell) for row in body for cell in row)


def _filled(cell: object) -> bool:
    if cell is None:
        return False
    if isinstance(cell, str):
        return bool(cell.strip())
    if isinstance(cell, (list, tuple)):
        return any(_filled(part) for part in cell)
    return True


# --- signature block ---------------------------------------------------------------------


class MeteraiSpace(Flowable):
    """The space a party signs in, with a dashed box where the meterai is stuck.

    The meterai goes where the signature goes: the box sits at the left of the signing space and
    the signature crosses its right edge, as on the paper copies offices accept.
    """

    def __init__(
        self,
        label: str = "METERAI Rp10.000",
        height: float = 3.6 * cm,
        box_width: float = 3.5 * cm,
        box_height: float = 2 * cm,
    ) -> None:
        super().__init__()
        self.label = one_line(label)
        self.space_height = height
        self.box_width = box_width
        self.box_height = box_height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.space_height

    def draw(self) -> None:
        canv = self.canv
        width = min(self.box_width, self.width)
        # Left of the centre line, which is where the name (and so the signature) is centred;
        # the right third of the box lies under the signature.
        x = max(0.0, self.width / 2 - width * 0.72)
        y = (self.space_height - self.box_height) / 2
        canv.saveState()
        canv.setStrokeColor(colors.Color(0.45, 0.45, 0.45))
        canv.setLineWidth(0.6)
        canv.setDash(3, 2)
        canv.rect(x, y, width, self.box_height, stroke=1, fill=0)
        canv.setDash()
        if self.label:
            size = 7.5
            # "METERAI" over "Rp10.000", as the stamp itself reads.
            lines = [
                line
                for part in re.split(r" (?=Rp)", self.label)
                for line in simpleSplit(part, FONTS.regular, size, width - 6)
            ][:4]
            lines = [truncate_to_width(line, FONTS.regular, size, width - 6) for line in lines]
            canv.setFillColor(colors.Color(0.4, 0.4, 0.4))
            canv.setFont(FONTS.regular, size)
            line_height = size * 1.25
            top = y + self.box_height / 2 + line_height * (len(lines) - 1) / 2 - size * 0.35
            for index, line in enumerate(lines):
                canv.drawCentredString(x + width / 2, top - index * line_height, line)
        canv.restoreState()


def _party_cells(party: PartyBlock, styles: StyleSheet1, meterai_text: str) -> list[Flowable]:
    role = one_line(party.role) or BLANK
    name = one_line(party.signatory_name)
    name_markup = f"<u>{escape_text(name, bold=True)}</u>" if name else BLANK
    return [
        Paragraph(f"{escape_text(role)},", styles["signature_name"]),
        Paragraph(escape_text(one_line(party.organisation), bold=True) or BLANK,
                  styles["signature_name"]),
        MeteraiSpace(meterai_text),
        Paragraph(name_markup, styles["signature_name"]),
        Paragraph(escape_text(one_line(party.signatory_position)) or BLANK, styles["signature"]),
        Paragraph(escape_text(id_line(party.id_kind, one_line(party.signatory_id_number))),
                  styles["signature"]),
    ]


def signature_block(
    parties: Sequence[PartyBlock],
    styles: StyleSheet1,
    width: float,
    max_height: float,
    meterai_text: str = "METERAI Rp10.000",
) -> list[Flowable]:
    """The parties' signature blocks, two side by side, each with its meterai box.

    Each line of the block is one table row, so the two signing spaces and the two names stay
    level even when one organisation's name wraps to more lines than the other's. A block taller
    than a page (only hostile text does that) is printed party after party instead, since a
    table row cannot be split across pages.
    """
    flowables: list[Flowable] = []
    for start in range(0, len(parties), 2):
        pair = parties[start : start + 2]
        columns = [_party_cells(party, styles, meterai_text) for party in pair]
        rows = [list(cells) for cells in zip(*columns, strict=True)]
        column_width = width / 2
        table = Table(
            rows,
            colWidths=[column_width] * len(pair),
            hAlign="CENTER",
            style=TableStyle(
                [
                    _TABLE_FONT,
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 8),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                    # Breathing space under the role/organisation lines.
                    ("BOTTOMPADDING", (0, 1), (-1, 1), 2),
                ]
            ),
        )
        if table.wrap(width, max_height)[1] <= max_height:
            flowables.append(table)
        else:
            for cells in columns:
                flowables.extend(cells)
                flowables.append(Spacer(1, 12))
        if start + 2 < len(parties):
            flowables.append(Spacer(1, 18))
    return flowables


def signing_columns(
    columns: Sequence[Sequence[Flowable | str]], width: float, gap_rows: Sequence[int] = ()
) -> Table:
    """Signing blocks without a meterai, side by side (a berita acara, a form's statement, a
    "Mengetahui" block): one table row per line, so the names stay level whatever wraps above
    them. Columns shorter than the others are padded at the end."""
    depth = max((len(column) for column in columns), default=0)
    padded = [list(column) + [""] * (depth - len(column)) for column in columns]
    rows = [list(cells) for cells in zip(*padded, strict=True)]
    column_width = width / max(len(columns), 1)
    return Table(
        rows,
        colWidths=[column_width] * len(columns),
        hAlign="CENTER",
        style=TableStyle(
            [
                _TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                *(("TOPPADDING", (0, row), (-1, row), 2.2 * cm) for row in gap_rows),
            ]
        ),
    )


# --- initials (paraf) strip --------------------------------------------------------------


class InitialsStrip(Flowable):
    """Small boxes where each party initials the page: "Paraf PIHAK PERTAMA" / "… KEDUA"."""

    def __init__(
        self,
        roles: Sequence[str],
        box_width: float = 2.9 * cm,
        box_height: float = 1.0 * cm,
        label_height: float = 0.42 * cm,
        font_size: float = 6.5,
    ) -> None:
        super().__init__()
        self.labels = [f"Paraf {one_line(role) or BLANK}" for role in roles]
        self.box_width = box_width
        self.box_height = box_height
        self.label_height = label_height
        self.font_size = font_size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        count = max(len(self.labels), 1)
        self.cell_width = min(self.box_width, avail_width / count)
        self.width = self.cell_width * len(self.labels)
        self.height = self.box_height + self.label_height
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setLineWidth(0.5)
        canv.setStrokeColor(_GRID)
        inner = self.cell_width - 4
        for index, label in enumerate(self.labels):
            x = index * self.cell_width
            canv.rect(x, 0, self.cell_width, self.height, stroke=1, fill=0)
            canv.line(x, self.box_height, x + self.cell_width, self.box_height)
            size = fit_font_size(label, FONTS.regular, self.font_size, inner)
            text = truncate_to_width(label, FONTS.regular, size, inner)
            canv.setFont(FONTS.regular, size)
            canv.setFillColor(colors.black)
            baseline = self.box_height + (self.label_height - size * 0.7) / 2
            canv.drawCentredString(x + self.cell_width / 2, baseline, text)
        canv.restoreState()


# --- QR code -----------------------------------------------------------------------------


class QrCode(Flowable):
    """A square QR code of *data*, *size* wide, with the quiet zone the standard asks for.

    Drawn straight on the canvas as one filled path (one rectangle per run of dark modules):
    a graphics Drawing would encode the code twice and build a shape object per module.
    """

    quiet_zone = 4  # modules of white around the code, as the standard asks

    def __init__(self, data: str, size: float = 2.2 * cm) -> None:
        super().__init__()
        self.size = size
        self.runs, self.modules = _qr_runs(clean_text(data))

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        canv = self.canv
        box = self.size / (self.modules + 2 * self.quiet_zone)
        path = canv.beginPath()
        for row, column, count in self.runs:
            x = (column + self.quiet_zone) * box
            y = self.size - (row + self.quiet_zone + 1) * box
            path.rect(x, y, count * box, box)
        canv.saveState()
        canv.setFillColor(colors.black)
        canv.drawPath(path, stroke=0, fill=1)
        canv.restoreState()


@lru_cache(maxsize=32)
def _qr_runs(data: str) -> tuple[tuple[tuple[int, int, int], ...], int]:
    """The runs of dark modules of the QR code of *data* (row, first column, length), and its
    number of modules a side. Error correction level M, as printed agreements have always used."""
    from reportlab.graphics.barcode import qrencoder

    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(data)
    code.make()
    runs = []
    for row, modules in enumerate(code.modules):
        column = 0
        for dark, group in groupby(bool(m) for m in modules):
            count = sum(1 for _ in group)
            if dark:
                runs.append((row, column, count))
            column += count
    return tuple(runs), code.getModuleCount()


# --- tables ------------------------------------------------------------------------------

# An amount or a plain number as documents write it: Rp2.950.000,00, 1.500, 12,5, 40%.
_NUMERIC = re.compile(r"^-?(?:Rp\s?)?-?\d{1,3}(?:\.\d{3})*(?:,\d+|,-)?%?$|^-?\d+(?:,\d+)?%?$")
_MIN_TEXT_COLUMN = 2.2 * cm
_NARROW_COLUMN = 2.0 * cm


def _is_numeric_column(values: Sequence[str]) -> bool:
    filled = [v for v in values if v]
    return bool(filled) and all(_NUMERIC.match(v) for v in filled)


def _is_counter_column(header: str, values: Sequence[str]) -> bool:
    label = header.strip().rstrip(".").lower()
    return label in {"no", "nomor", "no urut"} and all(v.isdigit() for v in values if v)


def _natural_width(text: str, font: str, size: float) -> float:
    return max((pdfmetrics.stringWidth(line, font, size) for line in text.split("\n")), default=0)


def _column_widths(natural: list[float], numeric: list[bool], avail: float) -> list[float]:
    """Full-width columns: numbers keep their natural width, text columns share the rest."""
    flexible = [i for i, is_number in enumerate(numeric) if not is_number and natural[i] > 0]
    if not flexible:
        flexible = list(range(len(natural)))
    total = sum(natural)
    if total <= avail:
        extra = avail - total
        share = sum(natural[i] for i in flexible) or len(flexible)
        return [
            w + (extra * (natural[i] or 1) / share if i in flexible else 0)
            for i, w in enumerate(natural)
        ]
    fixed = [i for i in range(len(natural)) if i not in flexible or natural[i] <= _NARROW_COLUMN]
    fixed_width = sum(natural[i] for i in fixed)
    wrapping = [i for i in range(len(natural)) if i not in fixed]
    rest = avail - fixed_width
    if not wrapping or rest < _MIN_TEXT_COLUMN * len(wrapping):
        return [avail * w / total for w in natural]
    # Wrapping columns share what is left by the square root of their natural widths, so one
    # long description does not starve a short one.
    weights = {i: natural[i] ** 0.5 for i in wrapping}
    weight_sum = sum(weights.values())
    return [
        natural[i] if i in fixed else rest * weights[i] / weight_sum for i in range(len(natural))
    ]


def data_table(block: TableBlock, styles: StyleSheet1, width: float) -> Table:
    """A table of a TableBlock across *width*: repeated header, numbers right, total in bold."""
    header = [clean_text(h) for h in block.header]
    rows = [[clean_text(c) for c in row] for row in block.rows]
    total = [clean_text(c) for c in block.total] if block.total else None
    columns = max([len(header), *(len(r) for r in rows), len(total or ())], default=1) or 1
    header += [""] * (columns - len(header))
    rows = [r + [""] * (columns - len(r)) for r in rows]

    total_row: list[str] | None = None
    total_span = 0
    if total is not None:
        # A short total ("Jumlah", "Rp2.950.000,00") puts its label across the first columns and
        # its figures under the last ones.
        total_span = columns - len(total)
        total_row = [total[0], *([""] * total_span), *total[1:]]

    numeric = [
        bool(rows)
        and _is_numeric_column(
            [r[i] for r in rows] + ([total_row[i]] if total_row and i > total_span else [])
        )
        for i in range(columns)
    ]
    # The running number ("No.") is centred, as Indonesian tables print it.
    counter = [
        numeric[i] and _is_counter_column(header[i], [r[i] for r in rows]) for i in range(columns)
    ]
    cell, bold = styles["table_cell"], styles["table_header"]
    padding = 8.0
    natural = []
    for i in range(columns):
        body = [_natural_width(r[i], cell.fontName, cell.fontSize) for r in rows]
        head = _natural_width(header[i], bold.fontName, bold.fontSize)
        natural.append(min(max([head, *body], default=0) + 2 * padding, width))
    if total_row is not None:
        for i in range(total_span + 1, columns):
            label = _natural_width(total_row[i], bold.fontName, bold.fontSize) + 2 * padding
            natural[i] = min(max(natural[i], label), width)
    widths = _column_widths(natural, numeric, width)

    def paragraph(text: str, style_name: str) -> Paragraph:
        return Paragraph(italicise_foreign(escape_text(text)), styles[style_name])

    data: list[list[Flowable]] = [[paragraph(h, "table_header") for h in header]]

    def body_style(i: int) -> str:
        if counter[i]:
            return "table_cell_center"
        return "table_cell_right" if numeric[i] else "table_cell"

    for r in rows:
        data.append([paragraph(c, body_style(i)) for i, c in enumerate(r)])
    commands: list[tuple] = [
        _TABLE_FONT,
        ("GRID", (0, 0), (-1, -1), 0.5, _GRID),
        ("BACKGROUND", (0, 0), (-1, 0), _HEADER_FILL),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("VALIGN", (0, 1), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding / 2 + 1),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding / 2 + 1),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if total_row is not None:
        data.append(
            [
                paragraph(
                    c, "table_total_right" if numeric[i] and i > total_span else "table_total"
                )
                for i, c in enumerate(total_row)
            ]
        )
        if total_span:
            commands.append(("SPAN", (0, -1), (total_span, -1)))
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 1.0, colors.black))
    return HeadedTable(
        data,
        colWidths=widths,
        repeatRows=1,
        # A cell taller than a page (hostile text) is split inside the row instead of failing.
        splitInRow=1,
        hAlign="CENTER",
        style=TableStyle(commands),
    )


def labelled_code(qr: QrCode, text: str, styles: StyleSheet1, width: float) -> Table:
    """A QR code with a short caption to its right (the caption is program text, escaped here)."""
    gap = 4 * mm
    return Table(
        [[qr, Paragraph(escape_text(text), styles["small"])]],
        colWidths=[qr.size + gap, width - qr.size - gap],
        hAlign="LEFT",
        style=TableStyle(
            [
                _TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
