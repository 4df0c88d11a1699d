"""The partnership archive: everything one partnership holds, for both parties to keep (step 7).

Cover, contents (with page numbers), the sections of steps 1–6 and the agreements, every activity
report with its photos, the indicators with their charts, the five keys, the action items, and the
list of every attachment with its SHA-256 fingerprint, so either party can show that a file is
the one both received.

Built for size: a thousand reports with a few hundred photos lay out in one pass. The contents'
page numbers and the PDF outline are written when the pages are stamped ("Halaman x dari y"),
once layout knows where each heading fell, so no second layout pass is needed. Photos are
embedded as JPEG bytes, never decoded to pixels for the PDF, and an identical photo (same
SHA-256) is stored once however often it appears.
"""

from __future__ import annotations

import hashlib
import io
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from PIL import Image, ImageOps
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.pdfutils import readJPEGInfo
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    HRFlowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kemitraan_desktop.domain.dates import date_span_id
from kemitraan_desktop.domain.documents import (
    ArchiveDocument,
    AttachmentLine,
    Photo,
    ReportEntry,
    Section,
)
from kemitraan_desktop.domain.money import format_rupiah, rupiah_with_words
from kemitraan_desktop.domain.report_dates import planned_mark
from kemitraan_desktop.domain.steps import step
from kemitraan_desktop.i18n import _

from .charts import format_number
from .errors import CancelCallback, Checkpoints, ProgressCallback, RenderCancelled, atomic_output
from .evaluation import (
    GRID_COLOUR,
    HEADING_COLOUR,
    LABEL_FILL,
    RULE_COLOUR,
    TABLE_FONT,
    date_text,
    five_keys_flowables,
    heading,
    indicator_flowables,
    is_long_text,
    label_value_flowables,
    long_value_flowables,
    meta_lines,
    report_styles,
    table_flowables,
)
from .flowables import HeadedTable, signing_columns
from .layout import (
    BLANK,
    FONTS,
    DocumentRenderer,
    clean_text,
    draw_text,
    escape_text,
    one_line,
    text_width,
    truncate_to_width,
)

__all__ = ["ArchiveRenderer", "RenderCancelled", "render_archive"]

# A photo is printed at most this wide; larger originals are scaled down to this many pixels on
# their longer side before they are embedded (about 500 dpi at 8 cm: more than print needs).
PHOTO_MAX_WIDTH = 8 * cm
PHOTO_MAX_PIXELS = 1600
_JPEG_QUALITY = 85
# Attachments are listed in runs of this many lines between progress reports.
_ATTACHMENTS_PER_STEP = 100
_OUTLINE_LIMIT = 120
_TITLE_LIMIT = 200
# A report field longer than this is printed under the report's table rather than in it.
_LONG_FIELD = 1500
# A caption under a photo shares a table row with it, and a row never splits: a longer caption
# is cut there (its whole text is printed with the file in the list of attachments).
_CAPTION_LIMIT = 300
_ENTRY_HEADER_FILL = colors.HexColor("#dde5ee")
_MISSING_PHOTO_FILL = colors.HexColor("#f2f2f2")


# --- photos -------------------------------------------------------------------------------


class _EmbeddedJpeg(ImageReader):
    """A JPEG that ReportLab embeds as its own bytes (DCTDecode), never decoded to pixels.

    ``Canvas.drawImage`` names an image by hashing ``getRGBData()``, which would decode the
    whole picture and keep its pixels for as long as the reader lives (megabytes per photo,
    until the PDF is written). The SHA-256 of the bytes names it just as well; the image object
    itself reads the JPEG stream through ``jpeg_fh``.
    """

    def __init__(self, data: bytes, digest: str) -> None:
        super().__init__(io.BytesIO(data))
        self._digest = digest.encode("ascii")
        self._dataA = None

    def getRGBData(self) -> bytes:  # noqa: N802 - ReportLab's name
        return self._digest


@dataclass(frozen=True)
class _Picture:
    reader: _EmbeddedJpeg
    width_px: int
    height_px: int


def _is_embeddable_jpeg(data: bytes) -> bool:
    try:
        width, height, components, _dpi = readJPEGInfo(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - ReportLab raises bare struct/PDF errors on odd files
        return False
    return width > 0 and height > 0 and components in (1, 3)


def _print_ready(data: bytes) -> tuple[bytes, int, int] | None:
    """JPEG bytes of at most PHOTO_MAX_PIXELS on a side, upright, RGB or grey; None if unreadable.

    A JPEG that already fits is kept byte for byte; anything else (PNG, a large or sideways
    photo, CMYK) is decoded once here, at reduced size where the format allows, and re-encoded.
    """
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            orientation = image.getexif().get(0x0112, 1) if image.format == "JPEG" else 1
            if (
                image.format == "JPEG"
                and image.mode in ("RGB", "L")
                and max(width, height) <= PHOTO_MAX_PIXELS
                and orientation in (1, None)
                and _is_embeddable_jpeg(data)
            ):
                return data, width, height
            if image.format == "JPEG":
                # Decode at 1/2, 1/4 or 1/8 scale when that still leaves enough pixels: a
                # 4000 × 3000 original then takes 9 MB instead of 36 MB (and a copy or two).
                scale = min(PHOTO_MAX_PIXELS / max(width, height), 1.0)
                image.draft("RGB", (max(int(width * scale), 1), max(int(height * scale), 1)))
            picture = image if orientation in (1, None) else ImageOps.exif_transpose(image)
            if picture.mode not in ("RGB", "L", "RGBA", "LA"):
                has_alpha = "transparency" in picture.info or picture.mode in ("PA", "RGBa")
                picture = picture.convert("RGBA" if has_alpha else "RGB")
            # Scaled down first, so the conversions below copy the small picture.
            picture.thumbnail(
                (PHOTO_MAX_PIXELS, PHOTO_MAX_PIXELS), resample=Image.Resampling.BICUBIC
            )
            if picture.mode in ("RGBA", "LA"):
                # Transparent parts print as paper, not black.
                background = Image.new("RGB", picture.size, "white")
                background.paste(picture.convert("RGBA"), mask=picture.getchannel("A"))
                picture = background
            out = io.BytesIO()
            picture.save(out, "JPEG", quality=_JPEG_QUALITY, optimize=False)
            return out.getvalue(), picture.width, picture.height
    except Exception:  # noqa: BLE001 - a damaged or hostile file prints as a placeholder
        return None


class _PictureCache:
    """Each distinct photo prepared once and shared by every place that prints it."""

    def __init__(self) -> None:
        self._pictures: dict[str, _Picture | None] = {}

    def get(self, photo: Photo) -> _Picture | None:
        data = bytes(photo.data) if isinstance(photo.data, bytes | bytearray) else b""
        # Keyed by a fingerprint taken here (milliseconds for a photo) rather than the one
        # given: two different pictures must never share a name inside the PDF.
        digest = hashlib.sha256(data).hexdigest()
        if digest not in self._pictures:
            ready = _print_ready(data) if data else None
            self._pictures[digest] = (
                None if ready is None else _Picture(_EmbeddedJpeg(ready[0], digest), *ready[1:])
            )
        return self._pictures[digest]


class _PhotoBox(Flowable):
    """A photo scaled to fit *max_width* × *max_height*, or a grey box saying it is unreadable."""

    def __init__(
        self, picture: _Picture | None, max_width: float, max_height: float, missing_text: str
    ) -> None:
        super().__init__()
        self.picture = picture
        self.max_width = max_width
        self.max_height = max_height
        self.missing_text = missing_text
        self.hAlign = "CENTER"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        box_w = min(self.max_width, avail_width)
        if self.picture is None:
            self.width, self.height = box_w, min(self.max_height, box_w * 0.6)
        else:
            scale = min(box_w / self.picture.width_px, self.max_height / self.picture.height_px)
            self.width = self.picture.width_px * scale
            self.height = self.picture.height_px * scale
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        if self.picture is not None:
            canv.drawImage(self.picture.reader, 0, 0, self.width, self.height)
            return
        canv.saveState()
        canv.setFillColor(_MISSING_PHOTO_FILL)
        canv.setStrokeColor(GRID_COLOUR)
        canv.rect(0, 0, self.width, self.height, stroke=1, fill=1)
        canv.setFillColor(colors.Color(0.35, 0.35, 0.35))
        size = 7.5
        canv.setFont(FONTS.italic, size)
        text = truncate_to_width(self.missing_text, FONTS.italic, size, self.width - 6)
        draw_text(canv, self.width / 2, self.height / 2 - size / 3, text, FONTS.italic, size,
                  "middle")
        canv.restoreState()


# --- contents and outline -----------------------------------------------------------------


class _Anchor(Flowable):
    """Where a heading of the contents and the PDF outline starts; takes no room.

    It is kept with the heading after it, so both land on the same page.
    """

    keepWithNext = 1

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class _Milestone(Flowable):
    """One step of progress, reported when layout reaches it; takes no room."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class _OutlinedTable(HeadedTable):
    """A table whose first part, wherever it falls, marks an outline entry (an activity report)."""

    outline_key: str | None = None

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts = super().split(avail_width, avail_height)
        for index, part in enumerate(parts):
            part.outline_key = self.outline_key if index == 0 else None
        return parts


def contents_form_name(key: str) -> str:
    return f"contents-page-{key}"


@dataclass
class _ContentsLine:
    key: str
    lines: list[str]
    indent: float = 0.0


class _Contents(Flowable):
    """The contents list; its page numbers are written in when pages are stamped.

    Each number is drawn as a PDF form that :meth:`ArchiveRenderer.draw_page_number` defines
    once layout is done and the page of every heading is known; each line links to its heading.
    """

    number_width = 1.4 * cm
    indent = 0.6 * cm  # of a part within a step (Laporan kegiatan under step 7)

    def __init__(
        self,
        entries: Sequence[tuple[str, str, int]],
        slots: list,
        font: str,
        size: float = 10.5,
        leading: float = 15.0,
    ) -> None:
        super().__init__()
        self.entries = list(entries)
        self.slots = slots
        self.font = font
        self.size = size
        self.leading = leading
        self._lines: list[_ContentsLine] = []

    def _lay_out(self, width: float) -> list[_ContentsLine]:
        laid: list[_ContentsLine] = []
        for key, title, level in self.entries:
            indent = self.indent * max(level, 0)
            room = max(width - self.number_width - 8 - indent, 20)
            text = one_line(title) or "–"
            lines = simpleSplit(text, self.font, self.size, room) or [text]
            if len(lines) > 2:
                lines = [lines[0], " ".join(lines[1:])]
            lines = [truncate_to_width(line, self.font, self.size, room) for line in lines]
            laid.append(_ContentsLine(key, lines, indent))
        return laid

    def _entry_height(self, line: _ContentsLine) -> float:
        return len(line.lines) * self.leading + 3

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self._lines = self._lay_out(avail_width)
        self.height = sum(self._entry_height(line) for line in self._lines)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        laid = self._lay_out(avail_width)
        used, count = 0.0, 0
        for line in laid:
            if used + self._entry_height(line) > avail_height:
                break
            used += self._entry_height(line)
            count += 1
        if count == 0 or count == len(laid):
            return []
        return [
            _Contents(self.entries[:count], self.slots, self.font, self.size, self.leading),
            _Contents(self.entries[count:], self.slots, self.font, self.size, self.leading),
        ]

    def draw(self) -> None:
        canv = self.canv
        y = self.height
        right = self.width
        for line in self._lines:
            top = y
            for index, text in enumerate(line.lines):
                y -= self.leading
                canv.setFont(self.font, self.size)
                canv.setFillColor(colors.black)
                draw_text(canv, line.indent, y + 4, text, self.font, self.size)
                if index == len(line.lines) - 1:
                    start = line.indent + self._text_end(text) + 4
                    end = right - self.number_width + 6
                    if end > start:
                        canv.saveState()
                        canv.setStrokeColor(colors.Color(0.55, 0.55, 0.55))
                        canv.setLineWidth(0.6)
                        canv.setDash(0.6, 2.6)
                        canv.line(start, y + 5, end, y + 5)
                        canv.restoreState()
                    # The number is a form defined once layout is over; drawing it here keeps
                    # it after its title in the text, for copying and for screen readers.
                    canv.saveState()
                    canv.translate(right, y + 4)
                    canv.doForm(contents_form_name(line.key))
                    canv.restoreState()
                    self.slots.append(line.key)
            y -= 3
            canv.linkRect("", line.key, (0, y, right, top), relative=1, thickness=0)

    def _text_end(self, text: str) -> float:
        return text_width(text, self.font, self.size)


# --- the document -------------------------------------------------------------------------


def _file_size(size: int) -> str:
    if not isinstance(size, int) or size < 0:
        return "–"
    if size < 1024:
        return f"{size} B"
    value = float(size)
    for unit in ("KB", "MB", "GB", "TB"):
        value /= 1024
        if value < 1024 or unit == "TB":
            return f"{format_number(value, 1)} {unit}"
    return f"{size} B"  # pragma: no cover


def _money(sen: object) -> str:
    """Digits and words; digits alone when the amount is too large to write out."""
    if isinstance(sen, bool) or not isinstance(sen, int):
        return "–"
    try:
        return rupiah_with_words(sen)
    except (TypeError, ValueError):
        return format_rupiah(sen)


class ArchiveRenderer(DocumentRenderer):
    """Lays out one :class:`ArchiveDocument`."""

    body_size = 11.0
    body_leading = 14.0
    header_size = 7.5

    def __init__(
        self,
        document: ArchiveDocument,
        paper: str = "a4",
        progress: ProgressCallback | None = None,
        cancelled: CancelCallback | None = None,
    ) -> None:
        self.document = document
        super().__init__(
            paper,
            title=_("Partnership archive: {title}").format(title=one_line(document.title)),
            author=one_line(document.practice_name),
            subject=_("Partnership archive (steps 1–8)"),
            keywords=[one_line(document.partner_names)],
        )
        self.pictures = _PictureCache()
        self._label_fits: dict[str, bool] = {}
        self.header_text = one_line(_("Partnership archive · {title}").format(
            title=one_line(document.title)))
        self._progress = progress
        self._cancelled = cancelled
        self._start_bookkeeping()

    def _start_bookkeeping(self) -> None:
        """Fresh progress, contents and outline records for one render."""
        document = self.document
        steps = (
            1  # cover and contents
            + len(document.sections)
            + 1  # step 7 and the reports' heading
            + len(document.reports)
            + 1  # step 8
            + max(len(document.indicators), 1)
            + 1  # five keys
            + 1  # action items
            + 1  # both parties' "Mengetahui"
            + max(math.ceil(len(document.attachments) / _ATTACHMENTS_PER_STEP), 1)
        )
        # Each step is counted once when its flowables are built and once when laid out; the
        # final step is the file written.
        self.checkpoints = Checkpoints(2 * steps + 1, self._progress, self._cancelled)
        self._contents_slots: list[str] = []
        self._anchor_pages: dict[str, int] = {}
        self._outline_by_page: dict[int, list[str]] = defaultdict(list)
        self._outline: dict[str, tuple[str, int]] = {}
        self._contents_entries: list[tuple[str, str, int]] = []
        # Outline entries shown folded: a thousand reports would bury the other headings.
        self._closed: set[str] = set()
        self._doc: BaseDocTemplate | None = None

    def build_styles(self) -> StyleSheet1:
        sheet = report_styles(super().build_styles(), self.fonts)
        base = sheet["base"]
        sheet.add(
            ParagraphStyle(
                "cover_title", parent=sheet["report_title"], fontSize=24, leading=30, spaceAfter=10
            )
        )
        sheet.add(
            ParagraphStyle(
                "cover_name", parent=sheet["report_subtitle"], fontSize=16, leading=20, spaceAfter=6
            )
        )
        sheet.add(
            ParagraphStyle(
                "cover_note",
                parent=base,
                fontSize=10,
                leading=13.5,
                borderColor=RULE_COLOUR,
                borderWidth=0.6,
                borderPadding=8,
                backColor=LABEL_FILL,
            )
        )
        sheet.add(ParagraphStyle("note_with_next", parent=sheet["note"], keepWithNext=1))
        sheet.add(
            ParagraphStyle(
                "attachment",
                parent=base,
                fontSize=9,
                leading=11.2,
                leftIndent=26,
                bulletIndent=0,
                bulletFontSize=9,
                spaceAfter=1,
                # A file's name never ends a page without its fingerprint.
                keepWithNext=1,
            )
        )
        sheet.add(
            ParagraphStyle(
                "attachment_hash", parent=sheet["fingerprint"], leftIndent=26, spaceAfter=4
            )
        )
        return sheet

    # --- outline bookkeeping ---

    def _anchor(self, title: str, level: int = 0, contents: bool = True) -> _Anchor:
        key = f"k{len(self._outline)}"
        text = one_line(title) or "–"
        if len(text) > _OUTLINE_LIMIT:
            text = text[: _OUTLINE_LIMIT - 1] + "…"
        self._outline[key] = (text, level)
        if contents:
            self._contents_entries.append((key, title, level))
        return _Anchor(key)

    def _step(self, story: list[Flowable]) -> None:
        """End of one unit of work: counted now (built) and again when layout reaches it."""
        self.checkpoints.advance()
        milestone = _Milestone()
        # Invisible to keep-with-next: a heading stays with what follows the milestone.
        if story and story[-1].getKeepWithNext():
            milestone.keepWithNext = 1
        story.append(milestone)

    # --- the parts ---

    def story(self) -> list[Flowable]:
        doc = self.document
        story: list[Flowable] = []
        body: list[Flowable] = []
        for section in doc.sections:
            body += self._section(section)
            self._step(body)
        # Steps 7 and 8 are sections like the others, with the reports, indicators, keys and
        # action items under their headings.
        body += self._step_section(doc.implementation, 7)
        body += self._reports_heading()
        self._step(body)
        for number, entry in enumerate(doc.reports, start=1):
            body += self._report(number, entry)
            self._step(body)
        body += self._step_section(doc.evaluation, 8)
        self._step(body)
        body += self._indicators()
        body += self._keys()
        self._step(body)
        body += self._action_items()
        self._step(body)
        body += self._acknowledgement()
        self._step(body)
        body += self._attachments()
        # The contents lists the headings collected above, so it is built last.
        story += self._cover_and_contents()
        self._step(story)
        return story + body

    def _cover_and_contents(self) -> list[Flowable]:
        doc, styles, width = self.document, self.styles, self.frame_width
        counts = _(
            "{sections} sections, {reports} activity reports, {indicators} indicators, "
            "{attachments} attachments"
        ).format(
            sections=format_number(len(doc.sections) + 2),  # and steps 7 and 8
            reports=format_number(len(doc.reports)),
            indicators=format_number(len(doc.indicators)),
            attachments=format_number(len(doc.attachments)),
        )
        note = _(
            "This archive is made for both parties. Each party keeps an identical copy: the "
            "SHA-256 fingerprint listed for every attachment shows that both hold the same files."
        )
        return [
            Spacer(1, 4.5 * cm),
            Paragraph(escape_text(_("PARTNERSHIP ARCHIVE")), styles["cover_title"]),
            HRFlowable(width="60%", thickness=1.2, color=HEADING_COLOUR, spaceAfter=14),
            Paragraph(escape_text(doc.title) or "–", styles["cover_name"]),
            Spacer(1, 1.2 * cm),
            meta_lines(
                [
                    (_("Practice"), doc.practice_name),
                    (_("Partner"), doc.partner_names),
                    (_("Period"), date_span_id(doc.period_start, doc.period_end)),
                    (_("Generated on"), date_text(doc.generated_on)),
                    (_("In this archive"), counts),
                ],
                styles,
                width,
            ),
            Spacer(1, 1.5 * cm),
            Paragraph(escape_text(note), styles["cover_note"]),
            PageBreak(),
            Paragraph(escape_text(_("Contents")), styles["h1"]),
            HRFlowable(width="100%", thickness=0.7, color=RULE_COLOUR, spaceAfter=10),
            _Contents(self._contents_entries, self._contents_slots, self.fonts.regular),
            PageBreak(),
        ]

    def _titled(self, title: str, level: int = 1) -> list[Flowable]:
        return [
            self._anchor(title, level - 1, contents=level <= 2),
            *heading(title, self.styles, level),
        ]

    def _step_section(self, section: Section | None, number: int) -> list[Flowable]:
        """Step 7 or 8: its heading and what it sums up; the parts below it follow."""
        if section is None:
            return self._titled(step(number).heading)
        out = self._section(section, empty_note=False)
        return out

    def _section(self, section: Section, empty_note: bool = True) -> list[Flowable]:
        styles, width = self.styles, self.frame_width
        out = self._titled(one_line(section.title) or "–")
        if section.lines:
            out += label_value_flowables(section.lines, styles, width)
            out.append(Spacer(1, 6))
        for paragraph in section.paragraphs:
            text = clean_text(paragraph).strip()
            if text:
                out.append(Paragraph(escape_text(text), styles["body"]))
        for block in section.tables:
            out += table_flowables(block, styles, width, section.title)
        if empty_note and not (section.lines or section.paragraphs or section.tables):
            out.append(Paragraph(escape_text(_("Nothing recorded yet.")), styles["note"]))
        return out

    def _reports_heading(self) -> list[Flowable]:
        doc = self.document
        out = self._titled(_("Activity reports"), 2)
        self._closed.add(out[0].key)
        costs = [
            e.actual_cost_sen
            for e in doc.reports
            if isinstance(e.actual_cost_sen, int) and not isinstance(e.actual_cost_sen, bool)
        ]
        summary = _("{count} reports; actual cost in total {amount}.").format(
            count=format_number(len(doc.reports)), amount=format_rupiah(sum(costs))
        )
        out.append(Paragraph(escape_text(summary), self.styles["note_with_next"]))
        if not doc.reports:
            out.append(Paragraph(escape_text(_("Nothing recorded yet.")), self.styles["note"]))
        return out

    def _report(self, number: int, entry: ReportEntry) -> list[Flowable]:
        styles, width = self.styles, self.frame_width
        full_title = one_line(entry.activity) or "–"
        # The title row repeats on every page the report runs over, so it stays short.
        title = full_title if len(full_title) <= _TITLE_LIMIT else full_title[:_TITLE_LIMIT] + "…"
        date = date_text(entry.report_date)
        if mark := planned_mark(entry.report_date, self.document.generated_on):
            date = f"{date} ({mark})"  # dated after the day the archive is made: not done yet
        key = self._anchor(f"{number}. {title}", level=2, contents=False).key
        header = Paragraph(
            f"{number}. {escape_text(title)}"
            f"<font name='{self.fonts.regular}' size='9'>  ·  {escape_text(date)}</font>",
            styles["cell_heading"],
        )
        fields = [
            *([(_("Activity"), full_title)] if title != full_title else []),
            (_("Participants"), entry.participants),
            (_("Attendance"), entry.attendance),
            (_("What was done"), entry.done),
            (_("Results"), entry.results),
            (_("Problems"), entry.problems),
            (_("Follow-up"), entry.follow_up),
            (_("Actual cost"), _money(entry.actual_cost_sen)),
        ]
        if entry.other_files:
            names = "\n".join(one_line(name) for name in entry.other_files)
            fields.append((_("Other files"), names))

        def cell(text: str, style: str) -> Paragraph:
            return Paragraph(escape_text(clean_text(text).strip()) or "–", styles[style])

        # Long text follows the table: a row never splits (see below), and a row of half a page
        # that does not fit would leave half a page empty.
        long_fields = [
            (label, value) for label, value in fields if is_long_text(value, _LONG_FIELD)
        ]
        label_width = 3.6 * cm
        rows: list[list[Flowable | str]] = [[header, ""]]
        rows += [
            [self._label_cell(label, label_width), cell(value, "table_cell")]
            for label, value in fields
            if (label, value) not in long_fields
        ]
        fields_end = len(rows) - 1
        rows += [[grid, ""] for grid in self._photo_grids(entry.photos)]
        commands: list[tuple] = [
            TABLE_FONT,
            ("SPAN", (0, 0), (-1, 0)),
            ("BACKGROUND", (0, 0), (-1, 0), _ENTRY_HEADER_FILL),
            ("BACKGROUND", (0, 1), (0, fields_end), LABEL_FILL),
            ("GRID", (0, 0), (-1, -1), 0.4, GRID_COLOUR),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ("TOPPADDING", (0, 0), (-1, 0), 4),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
            # The report's title (with its date) never ends a page without two of its lines.
            ("NOSPLIT", (0, 0), (-1, min(2, fields_end))),
            # Labels that fit on one line are plain strings in the bold face (see _label_cell).
            ("FONTNAME", (0, 1), (0, fields_end), self.fonts.bold),
            ("FONTSIZE", (0, 1), (0, fields_end), styles["cell_label"].fontSize),
            ("LEADING", (0, 1), (0, fields_end), styles["cell_label"].leading),
        ]
        for row in range(fields_end + 1, len(rows)):
            commands += [
                ("SPAN", (0, row), (-1, row)),
                ("LEFTPADDING", (0, row), (-1, row), 0),
                ("RIGHTPADDING", (0, row), (-1, row), 0),
                ("LINEBELOW", (0, row - 1), (-1, row - 1), 0.4, GRID_COLOUR),
            ]
        if len(rows) > fields_end + 1:
            # Photos never start a page without at least the cost line of their report.
            commands.append(("NOSPLIT", (0, fields_end), (-1, fields_end + 1)))
        table = _OutlinedTable(
            rows,
            colWidths=[label_width, width - label_width],
            # A report continued on the next page repeats its title there. Rows are never
            # split inside: every cell is short enough to fit a page (long text follows the
            # table), and a photo stays with its caption.
            repeatRows=1,
            hAlign="LEFT",
            style=TableStyle(commands),
        )
        table.outline_key = key
        out: list[Flowable] = [table]
        short_title = title if len(title) <= 60 else title[:59] + "…"
        for label, value in long_fields:
            out += long_value_flowables(f"{label} · {number}. {short_title}", value, styles)
        out.append(Spacer(1, 12))
        return out

    def _label_cell(self, label: str, column: float) -> str | Paragraph:
        """A field label of a report: a plain string when it fits on one line.

        The same few labels are printed a thousand times; as strings the table draws them
        directly instead of parsing and wrapping a paragraph each time.
        """
        fits = self._label_fits.get(label)
        if fits is None:
            style = self.styles["cell_label"]
            text = one_line(label)
            fits = text == label and (
                stringWidth(text, style.fontName, style.fontSize) <= column - 13
            )
            self._label_fits[label] = fits
        if fits:
            return label
        return Paragraph(escape_text(label) or "–", self.styles["cell_label"])

    def _photo_grids(self, photos: Sequence[Photo]) -> list[Flowable]:
        """Photos two or three to a row, each with its caption under it; one table per row."""
        if not photos:
            return []
        width = self.frame_width
        per_row = 2 if len(photos) <= 2 else 3
        column = width / per_row
        photo_width = min(PHOTO_MAX_WIDTH, column - 12)
        photo_height = photo_width * (0.75 if per_row == 2 else 0.8)
        missing = _("The image could not be read")
        grids: list[Flowable] = []
        for start in range(0, len(photos), per_row):
            cells: list[list[Flowable] | str] = []
            for photo in photos[start : start + per_row]:
                picture = self.pictures.get(photo)
                caption = clean_text(photo.caption).strip()
                if is_long_text(caption, _CAPTION_LIMIT):
                    caption = one_line(caption)[: _CAPTION_LIMIT - 1] + "…"
                cells.append(
                    [
                        _PhotoBox(picture, photo_width, photo_height, missing),
                        Spacer(1, 2),
                        Paragraph(escape_text(caption), self.styles["caption"]),
                    ]
                )
            cells += [""] * (per_row - len(cells))
            grids.append(
                Table(
                    [cells],
                    colWidths=[column] * per_row,
                    hAlign="CENTER",
                    style=TableStyle(
                        [
                            TABLE_FONT,
                            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                            ("TOPPADDING", (0, 0), (-1, -1), 5),
                            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                        ]
                    ),
                )
            )
        return grids

    def _indicators(self) -> list[Flowable]:
        doc, styles, width = self.document, self.styles, self.frame_width
        # The anchor and heading go inside the first indicator's KeepTogether: left outside
        # it, they stayed at the foot of a page with the contents pointing there.
        out: list[Flowable] = []
        lead = self._titled(_("Indicators"), 2)
        if not doc.indicators:
            out += lead
            out.append(Paragraph(escape_text(_("Nothing recorded yet.")), styles["note"]))
            self._step(out)
        for index, series in enumerate(doc.indicators):
            out += indicator_flowables(series, styles, width, lead if index == 0 else ())
            self._step(out)
        return out

    def _keys(self) -> list[Flowable]:
        out = self._titled(_("The five keys of success"), 2)
        out += five_keys_flowables(self.document.keys, self.styles, self.frame_width)
        return out

    def _action_items(self) -> list[Flowable]:
        out = self._titled(_("Action items"), 2)
        block = self.document.action_items
        if block is None:
            out.append(Paragraph(escape_text(_("Nothing recorded yet.")), self.styles["note"]))
        else:
            out += table_flowables(block, self.styles, self.frame_width, _("Action items"))
        return out

    def _acknowledgement(self) -> list[Flowable]:
        """ "Mengetahui": both parties sign that this is the record they keep (Indonesian, and
        each party named as its agreement names it)."""
        out = self._titled(_("Acknowledgement by both parties"))
        signatories = self.document.signatories
        if signatories is None or not signatories.parties:
            out.append(Paragraph(escape_text(_("Nothing recorded yet.")), self.styles["note"]))
            return out
        styles = self.styles
        columns = []
        for party in signatories.parties:
            name = one_line(party.signatory_name)
            columns.append([
                Paragraph(f"{escape_text(one_line(party.role) or BLANK)},",
                          styles["signature_name"]),
                Paragraph(escape_text(one_line(party.organisation)) or BLANK, styles["signature"]),
                Paragraph(f"<u>{escape_text(name, bold=True)}</u>" if name else BLANK,
                          styles["signature_name"]),
                Paragraph(escape_text(one_line(party.signatory_position)) or BLANK,
                          styles["signature"]),
            ])
        # The heading never stays behind on a page without the signatures.
        return [out[0], KeepTogether([
            *out[1:],
            Paragraph(escape_text(
                "Arsip kemitraan ini disusun bersama dan disimpan oleh PARA PIHAK dengan isi "
                "yang sama."), styles["body"]),
            Spacer(1, 8),
            Paragraph("Mengetahui,", styles["signature"]),
            Spacer(1, 4),
            signing_columns(columns, self.frame_width, gap_rows=(2,)),
        ])]

    def _attachments(self) -> list[Flowable]:
        styles = self.styles
        out = self._titled(_("Attachments"))
        out.append(
            Paragraph(
                escape_text(
                    _(
                        "Every file kept with this partnership, with its SHA-256 fingerprint. "
                        "A copy whose fingerprint is the same is the same file, byte for byte."
                    )
                ),
                styles["note_with_next"],
            )
        )
        attachments = self.document.attachments
        if not attachments:
            out.append(Paragraph(escape_text(_("Nothing recorded yet.")), styles["note"]))
            self._step(out)
        for index, line in enumerate(attachments, start=1):
            out += self._attachment(index, line)
            if index % _ATTACHMENTS_PER_STEP == 0 or index == len(attachments):
                self._step(out)
        return out

    def _attachment(self, index: int, line: AttachmentLine) -> list[Flowable]:
        styles = self.styles
        name = escape_text(one_line(line.name)) or "–"
        caption = escape_text(one_line(line.caption))
        text = f"<b>{name}</b>"
        if caption:
            text += f" — {caption}"
        text += f" ({escape_text(_file_size(line.size))})"
        fingerprint = one_line(line.sha256) or "–"
        return [
            Paragraph(text, styles["attachment"], bulletText=f"{index}."),
            Paragraph(f"SHA-256: {escape_text(fingerprint)}", styles["attachment_hash"]),
        ]

    # --- layout hooks ---

    def _template(self, out: str | BinaryIO) -> BaseDocTemplate:
        doc = super()._template(out)
        doc.afterFlowable = self._after_flowable
        self._doc = doc
        return doc

    def _after_flowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, _Milestone):
            self.checkpoints.advance()
            return
        key = (
            flowable.key
            if isinstance(flowable, _Anchor)
            else getattr(flowable, "outline_key", None)
        )
        if key is not None and key not in self._anchor_pages and self._doc is not None:
            self._anchor_pages[key] = self._doc.page
            self._outline_by_page[self._doc.page].append(key)

    def draw_header(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        self.checkpoints.check()
        if doc.page == 1:
            return
        top = self.page_height - self.margins.top + 0.6 * cm
        left, right = self.margins.left, self.page_width - self.margins.right
        date = date_text(self.document.generated_on)
        canv.saveState()
        canv.setFont(self.fonts.regular, self.header_size)
        canv.setFillColor(colors.Color(0.35, 0.35, 0.35))
        date_width = stringWidth(date, self.fonts.regular, self.header_size)
        text = truncate_to_width(
            self.header_text, self.fonts.regular, self.header_size, right - left - date_width - 12
        )
        draw_text(canv, left, top, text, self.fonts.regular, self.header_size)
        canv.drawRightString(right, top, date)
        canv.setStrokeColor(RULE_COLOUR)
        canv.setLineWidth(0.5)
        canv.line(left, top - 4, right, top - 4)
        canv.restoreState()

    def draw_page_number(self, canv: Canvas, page: int, pages: int) -> None:
        """After layout: the page number, the outline entries starting here and, on the
        contents pages, the page number of every heading."""
        self.checkpoints.check()
        super().draw_page_number(canv, page, pages)
        for key in self._outline_by_page.get(page, ()):
            title, level = self._outline[key]
            canv.bookmarkPage(key, fit="XYZ", top=None, left=None, zoom=None)
            canv.addOutlineEntry(title, key, level=level, closed=key in self._closed or None)
        if page == 1:
            self._define_contents_numbers(canv)

    def _define_contents_numbers(self, canv: Canvas) -> None:
        for key in self._contents_slots:
            canv.beginForm(contents_form_name(key), lowerx=-60, lowery=-4, upperx=2, uppery=14)
            canv.setFont(self.fonts.regular, 10.5)
            canv.setFillColor(colors.black)
            canv.drawRightString(0, 0, str(self._anchor_pages.get(key, "")))
            canv.endForm()

    # --- output ---

    def write(self, out: BinaryIO) -> None:
        """Render to a stream: whole or not at all, reporting progress."""
        self._start_bookkeeping()
        # Streams are written binary, not ASCII85 (layout.py sets that for every document):
        # with the pure-Python encoder, ASCII85 cost seconds for a few hundred photos.
        with atomic_output(out) as target:
            self.render(target)
        self.checkpoints.finish()


def render_archive(
    doc: ArchiveDocument,
    out: BinaryIO,
    paper: str = "a4",
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """Write the archive of *doc* to a binary stream, on ``"a4"`` or ``"f4"``.

    *progress* is called with ``(done, total)``, values that only grow and end at
    ``(total, total)`` once the PDF is written; *cancelled* is asked regularly and, when it
    returns True, the render stops with :class:`RenderCancelled`. A cancelled or failed render
    writes nothing to the stream (a file is made of it by ``services.files.private_output``,
    which then leaves the file as it was).
    """
    ArchiveRenderer(doc, paper, progress=progress, cancelled=cancelled).write(out)
