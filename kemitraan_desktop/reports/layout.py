"""What every printed document of the program shares: paper, margins, fonts, styles, page furniture.

One :class:`DocumentRenderer` owns the page set-up and the named paragraph styles; a document
subclasses it, returns its flowables from :meth:`DocumentRenderer.story` and overrides the small
hooks (:meth:`~DocumentRenderer.draw_header`, :meth:`~DocumentRenderer.draw_footer`) it needs.
"Page x of y" is written by :class:`NumberedCanvas` once layout knows how many pages there are.

User text is never markup: whatever a user typed reaches a Paragraph only through
:func:`escape_text`.
"""

from __future__ import annotations

import io
import math
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from itertools import groupby
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import cm, mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from kemitraan_desktop import paths
from kemitraan_desktop.domain.foreign_terms import FOREIGN_TERM
from kemitraan_desktop.i18n import _

from .arabic_script import visual_order

PAPERS: dict[str, tuple[float, float]] = {
    "a4": A4,
    # Folio as Indonesian offices cut it (8.5 × 13 in is 215.9 × 330.2 mm; 215 × 330 is the norm).
    "f4": (215 * mm, 330 * mm),
}

# Placeholder printed where a value is missing, so the paper copy can be filled in by hand.
BLANK = "…………………………"

# Compressed streams are written as binary, not ASCII85 text: a quarter smaller, and the pure
# Python encoder cost a PKS a tenth of its time (and an archive of photos far more).
rl_config.useA85 = 0

# Metadata is not meant to hold a novel; hostile titles are cut, the page keeps the full text.
_METADATA_LIMIT = 500


# --- fonts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FontNames:
    regular: str
    bold: str
    italic: str
    bold_italic: str


FONT_FAMILY = "LiberationSerif"
FONTS = FontNames(
    regular="LiberationSerif",
    bold="LiberationSerif-Bold",
    italic="LiberationSerif-Italic",
    bold_italic="LiberationSerif-BoldItalic",
)
_FONT_FILES = {
    FONTS.regular: "LiberationSerif-Regular.ttf",
    FONTS.bold: "LiberationSerif-Bold.ttf",
    FONTS.italic: "LiberationSerif-Italic.ttf",
    FONTS.bold_italic: "LiberationSerif-BoldItalic.ttf",
}
# The fallback for what the serif family cannot draw: Arabic script (a name in Arabic or Jawi
# letters), in Noto Naskh Arabic (SIL OFL 1.1, resources/fonts/LICENSE-NotoNaskhArabic.txt).
# It has no italic: an italic run keeps the upright face.
ARABIC_FONTS = FontNames(
    regular="NotoNaskhArabic",
    bold="NotoNaskhArabic-Bold",
    italic="NotoNaskhArabic",
    bold_italic="NotoNaskhArabic-Bold",
)
_FALLBACK_FILES = {
    ARABIC_FONTS.regular: "NotoNaskhArabic-Regular.ttf",
    ARABIC_FONTS.bold: "NotoNaskhArabic-Bold.ttf",
}
_fonts_lock = threading.Lock()
_fonts_registered = False


class FontsMissingError(RuntimeError):
    """The TrueType fonts embedded in every PDF are not where the program expects them."""


def register_fonts() -> FontNames:
    """Register the serif family with ReportLab, once per process; later calls are free.

    Fonts are embedded (subset) in every PDF so a document prints the same on any machine.
    """
    global _fonts_registered
    if _fonts_registered:
        return FONTS
    with _fonts_lock:
        if _fonts_registered:
            return FONTS
        folder = paths.resource_path("fonts")
        files = {**_FONT_FILES, **_FALLBACK_FILES}
        missing = [file for file in files.values() if not (folder / file).is_file()]
        if missing:
            raise FontsMissingError(
                _(
                    "The PDF fonts {names} are missing from {folder}. Reinstall Kemitraan Desktop."
                ).format(names=", ".join(missing), folder=folder)
            )
        for name, file in files.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / file)))
        pdfmetrics.registerFontFamily(
            FONT_FAMILY,
            normal=FONTS.regular,
            bold=FONTS.bold,
            italic=FONTS.italic,
            boldItalic=FONTS.bold_italic,
        )
        # Also under the regular face's own name, which is what styles refer to.
        pdfmetrics.registerFontFamily(
            FONTS.regular,
            normal=FONTS.regular,
            bold=FONTS.bold,
            italic=FONTS.italic,
            boldItalic=FONTS.bold_italic,
        )
        # <font face="NotoNaskhArabic"> inside <b> draws the bold face.
        pdfmetrics.registerFontFamily(
            ARABIC_FONTS.regular,
            normal=ARABIC_FONTS.regular,
            bold=ARABIC_FONTS.bold,
            italic=ARABIC_FONTS.italic,
            boldItalic=ARABIC_FONTS.bold_italic,
        )
        _fonts_registered = True
    return FONTS


# --- user text ---------------------------------------------------------------------------


def _printable(ch: str) -> bool:
    if ch in "\n\t":
        return True
    category = unicodedata.category(ch)
    if category in ("Cc", "Cs", "Co"):  # controls, lone surrogates, private use
        return False
    code = ord(ch)
    # Noncharacters (U+FDD0..U+FDEF and every U+xxFFFE/U+xxFFFF) are never text.
    return not (0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE)


# Exactly the characters _printable refuses: C0/C1 controls but newline and tab, surrogates,
# private use (the planes 15 and 16 are private use or noncharacters throughout), noncharacters.
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\uf8ff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"\\U{plane:04x}fffe\\U{plane:04x}ffff" for plane in range(1, 15))
    + "\U000f0000-\U0010ffff]"
)


def clean_text(text: object) -> str:
    """*text* as a string with newlines normalised and control characters dropped.

    Keeps newline and tab; drops other C0/C1 controls, lone surrogates (they cannot even be
    encoded), private-use code points and noncharacters. ``None`` becomes "".
    """
    if text is None:
        return ""
    s = str(text).replace("\r\n", "\n").replace("\r", "\n")
    if s.isascii() and s.isprintable():
        return s
    # One regular-expression pass (in C) instead of a Python test per character.
    return _UNPRINTABLE.sub("", s)


# Printed for a character no embedded font has a glyph for (an emoji pasted from a chat): a
# visible box tells the signer something was typed there, where an empty glyph would hide it.
# The fields refuse such characters with a message (domain.validation.unprintable_characters),
# so only text from elsewhere (an old database, an imported package) can still bring one.
MISSING_GLYPH = "\u25a1"
_coverage: tuple[frozenset[int], frozenset[int]] | None = None


def _font_coverage() -> tuple[frozenset[int], frozenset[int]]:
    """What every face of the serif family draws, and what only the fallback draws."""
    global _coverage
    if _coverage is None:
        register_fonts()

        def drawn(names: Iterable[str]) -> frozenset[int]:
            faces = [pdfmetrics.getFont(name).face for name in names]
            return frozenset.intersection(*(frozenset(face.charToGlyph) for face in faces))

        primary = drawn(_FONT_FILES) | {ord("\n"), ord("\t")}
        _coverage = (primary, drawn(_FALLBACK_FILES) - primary)
    return _coverage


def _without_glyph(ch: str) -> str:
    """What is printed for a character no font draws: a space for a space (an ideographic
    space, a line separator pasted from a web page), nothing for an invisible format character
    (a direction mark, an emoji's variation selector), a box for anything one would see."""
    category = unicodedata.category(ch)
    if category in ("Zs", "Zl", "Zp"):
        return " "
    if category == "Cf" or 0xFE00 <= ord(ch) <= 0xFE0F or 0xE0100 <= ord(ch) <= 0xE01EF:
        return ""
    return MISSING_GLYPH


def _font_safe(text: str) -> str:
    if text.isascii():
        return text
    primary, fallback = _font_coverage()
    if primary.issuperset(map(ord, text)):  # the usual case, checked in C
        return text
    return "".join(ch if ord(ch) in primary or ord(ch) in fallback else _without_glyph(ch)
                   for ch in text)


def unprintable_characters(text: str) -> str:
    """The characters of *text* that no embedded font draws and a print would show as a box
    (an emoji, a letter of a script without a face here), each once, in order. Characters the
    print drops or turns into a space (controls, private use, format characters, odd spaces)
    are not among them."""
    if text.isascii():
        return ""
    primary, fallback = _font_coverage()
    found: dict[str, None] = {}
    for ch in clean_text(text):
        if (ord(ch) not in primary and ord(ch) not in fallback
                and _without_glyph(ch) == MISSING_GLYPH):
            found[ch] = None
    return "".join(found)


def printable_text(text: object) -> str:
    """:func:`clean_text`, with characters no embedded font can draw shown as a box."""
    return _font_safe(clean_text(text))


def _font_runs(text: str) -> list[tuple[str, bool]]:
    """*text* (already in visual order) cut into runs the serif family draws (False) and runs
    only the fallback draws (True)."""
    if text.isascii():
        return [(text, False)] if text else []
    fallback = _font_coverage()[1]
    return [("".join(run), uses_fallback)
            for uses_fallback, run in groupby(text, key=lambda ch: ord(ch) in fallback)]


def escape_text(text: object, *, bold: bool = False) -> str:
    """User text made safe for a Paragraph: printed literally, newlines kept as line breaks,
    Arabic script joined, right to left, in the fallback face. A ``<font>`` tag resets the
    weight it stands in, so text printed bold (a signatory's name) says so with *bold*."""
    cleaned = visual_order(printable_text(text).replace("\t", " "))
    face = ARABIC_FONTS.bold if bold else ARABIC_FONTS.regular
    markup = "".join(
        f'<font face="{face}">{escape(run)}</font>' if uses_fallback
        else escape(run)
        for run, uses_fallback in _font_runs(cleaned))
    return markup.replace("\n", "<br/>")


def _fallback_face(font: str) -> str:
    return ARABIC_FONTS.bold if "Bold" in font else ARABIC_FONTS.regular


def text_width(text: str, font: str, size: float) -> float:
    """The width of one line of user text on the canvas, each run in the face that draws it."""
    return sum(pdfmetrics.stringWidth(run, _fallback_face(font) if uses_fallback else font,
                                      size)
               for run, uses_fallback in _font_runs(visual_order(text)))


def draw_text(canv: Canvas, x: float, y: float, text: str, font: str, size: float,
              anchor: str = "start") -> None:
    """One line of user text drawn on the canvas at *x* (its start, ``"middle"`` or ``"end"``),
    Arabic script joined, right to left, in the fallback face; the canvas keeps *font*."""
    runs = _font_runs(visual_order(text))
    widths = [pdfmetrics.stringWidth(run, _fallback_face(font) if uses_fallback else font, size)
              for run, uses_fallback in runs]
    x -= {"start": 0.0, "middle": sum(widths) / 2, "end": sum(widths)}[anchor]
    for (run, uses_fallback), width in zip(runs, widths, strict=True):
        canv.setFont(_fallback_face(font) if uses_fallback else font, size)
        canv.drawString(x, y, run)
        x += width
    canv.setFont(font, size)


def italicise_foreign(markup: str) -> str:
    """Paragraph *markup* (already escaped) with each foreign term in italics (PUEBI):
    ``hasil <i>monitoring</i> dan evaluasi``. The terms hold only letters, spaces and hyphens,
    so they never match inside a tag or an entity."""
    return FOREIGN_TERM.sub(lambda match: f"<i>{match.group()}</i>", markup)


def one_line(text: object) -> str:
    """User text for a single line drawn on the canvas (no markup there): whitespace collapsed."""
    return " ".join(printable_text(text).split())


def _metadata(text: object) -> str:
    # Metadata is not drawn with our fonts: every character the user typed can stay.
    value = " ".join(clean_text(text).split())
    return value if len(value) <= _METADATA_LIMIT else value[: _METADATA_LIMIT - 1] + "…"


def fit_font_size(text: str, font: str, size: float, width: float, minimum: float = 5) -> float:
    """The largest size from *size* down to *minimum* at which *text* fits in *width*."""
    natural = pdfmetrics.stringWidth(text, font, size)
    if natural <= width:
        return size
    return max(minimum, size * width / natural)


def truncate_to_width(text: str, font: str, size: float, width: float) -> str:
    """*text* cut with an ellipsis so that it fits *width* on one line."""
    if text_width(text, font, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if text_width(text[:mid] + "…", font, size) <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low] + "…"


# --- page set-up -------------------------------------------------------------------------


def page_label(page: int, pages: int) -> str:
    """The page line of a document printed in Indonesian: "Halaman 2 dari 5"."""
    return f"Halaman {page} dari {pages}"


# The watermark of a legal document not yet final, in Indonesian (KBBI: draf).
DRAFT_LABEL_ID = "DRAF"


@dataclass(frozen=True)
class Margins:
    """Distances from the paper's edges; the left one leaves room for binding."""

    left: float = 3 * cm
    right: float = 2 * cm
    top: float = 2.5 * cm
    bottom: float = 1.5 * cm


PageDecorator = Callable[[Canvas, int, int], None]


class NumberedCanvas(Canvas):
    """A canvas that holds every page back until the end, then stamps "page x of y" on each."""

    def __init__(self, *args, page_decorator: PageDecorator | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._page_decorator = page_decorator
        self._saved_page_states: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._saved_page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        pages = len(self._saved_page_states)
        for number, state in enumerate(self._saved_page_states, start=1):
            self.__dict__.update(state)
            if self._page_decorator is not None:
                self._page_decorator(self, number, pages)
            super().showPage()
        super().save()


def _style(name: str, parent: ParagraphStyle | None = None, **kw) -> ParagraphStyle:
    return ParagraphStyle(name, parent=parent, **kw)


class DocumentRenderer:
    """Page set-up, named styles and page furniture of one printed document.

    Subclasses implement :meth:`story`. Hooks, all optional: :meth:`draw_header`,
    :meth:`draw_footer` (draws :attr:`initials_strip` when one is set), :meth:`draw_page_number`.
    Styles are in :attr:`styles` by name: ``title``, ``title_line``, ``centered``, ``heading``,
    ``heading_title``, ``body``, ``body_left``, ``item0`` … ``item3`` (hanging indent, one per
    nesting level), ``small``, ``small_center``, ``signature``, ``signature_name``,
    ``table_cell``, ``table_cell_right``, ``table_cell_center``, ``table_header``, ``table_total``,
    ``table_total_right``.
    """

    margins = Margins()
    body_size = 12.0
    body_leading = 16.0
    # Step of the hanging indent: room for "(10)" or "aa." in the body size.
    item_indent = 24.0
    # Room kept free between the last line of text and the footer.
    footer_gap = 5 * mm
    header_height = 0.0
    creator = "Kemitraan Desktop"
    language = "id-ID"
    # A legal document (PKS, MoU, adendum, berita acara) is Indonesian whatever the screen
    # language (UU 24/2009 Pasal 31): its page line and watermark too, not only its text.
    legal = False

    def __init__(
        self,
        paper: str = "a4",
        *,
        title: str = "",
        author: str = "",
        subject: str = "",
        keywords: Iterable[str] = (),
        draft: bool = False,
        initials_strip: Flowable | None = None,
    ) -> None:
        try:
            self.pagesize = PAPERS[paper.lower()]
        except (KeyError, AttributeError):
            raise ValueError(
                f"unknown paper {paper!r}; choose one of {', '.join(sorted(PAPERS))}"
            ) from None
        self.paper = paper.lower()
        self.fonts = register_fonts()
        self.title = _metadata(title)
        self.author = _metadata(author)
        self.subject = _metadata(subject)
        self.keywords = [_metadata(k) for k in keywords]
        self.draft = draft
        self.initials_strip = initials_strip
        self.styles = self.build_styles()

    # --- geometry ---

    @property
    def page_width(self) -> float:
        return self.pagesize[0]

    @property
    def page_height(self) -> float:
        return self.pagesize[1]

    @property
    def footer_height(self) -> float:
        """Height of the footer drawn inside the bottom margin area (page number, paraf)."""
        strip = 0.0
        if self.initials_strip is not None:
            strip = self.initials_strip.wrap(self.frame_width, self.page_height)[1]
        return max(strip, self.page_number_size * 1.5)

    @property
    def frame_width(self) -> float:
        return self.page_width - self.margins.left - self.margins.right

    @property
    def frame_bottom(self) -> float:
        return self.margins.bottom + self.footer_height + self.footer_gap

    @property
    def frame_height(self) -> float:
        return self.page_height - self.margins.top - self.header_height - self.frame_bottom

    # --- styles ---

    def build_styles(self) -> StyleSheet1:
        f = self.fonts
        size, leading = self.body_size, self.body_leading
        sheet = StyleSheet1()
        base = _style(
            "base",
            fontName=f.regular,
            fontSize=size,
            leading=leading,
            splitLongWords=1,
            bulletFontName=f.regular,
            bulletFontSize=size,
            allowOrphans=0,
            allowWidows=0,
        )
        sheet.add(base)
        sheet.add(_style("body", base, alignment=TA_JUSTIFY, spaceAfter=6))
        sheet.add(_style("body_left", base, alignment=TA_LEFT, spaceAfter=6))
        sheet.add(_style("centered", base, alignment=TA_CENTER))
        sheet.add(
            _style(
                "title",
                base,
                fontName=f.bold,
                fontSize=size + 2,
                leading=leading + 2,
                alignment=TA_CENTER,
                spaceAfter=2,
            )
        )
        sheet.add(_style("title_line", base, fontName=f.bold, alignment=TA_CENTER, spaceAfter=2))
        sheet.add(
            _style(
                "heading",
                base,
                fontName=f.bold,
                alignment=TA_CENTER,
                spaceBefore=10,
                keepWithNext=1,
            )
        )
        sheet.add(
            _style(
                "heading_title",
                base,
                fontName=f.bold,
                alignment=TA_CENTER,
                spaceAfter=6,
                keepWithNext=1,
            )
        )
        for level in range(4):
            sheet.add(
                _style(
                    f"item{level}",
                    sheet["body"],
                    leftIndent=self.item_indent * (level + 1),
                    bulletIndent=self.item_indent * level,
                    spaceAfter=3,
                )
            )
        small = size - 3
        sheet.add(_style("small", base, fontSize=small, leading=small * 1.25))
        sheet.add(_style("small_center", sheet["small"], alignment=TA_CENTER))
        sheet.add(_style("signature", base, alignment=TA_CENTER, leading=leading - 1))
        sheet.add(_style("signature_name", sheet["signature"], fontName=f.bold))
        cell = size - 2
        sheet.add(_style("table_cell", base, fontSize=cell, leading=cell * 1.2))
        sheet.add(_style("table_cell_right", sheet["table_cell"], alignment=TA_RIGHT))
        sheet.add(_style("table_cell_center", sheet["table_cell"], alignment=TA_CENTER))
        sheet.add(_style("table_header", sheet["table_cell"], fontName=f.bold, alignment=TA_CENTER))
        sheet.add(_style("table_total", sheet["table_cell"], fontName=f.bold))
        sheet.add(_style("table_total_right", sheet["table_total"], alignment=TA_RIGHT))
        return sheet

    # --- content ---

    def story(self) -> list[Flowable]:
        raise NotImplementedError

    # --- hooks ---

    page_number_size = 9.0
    watermark_grey = 0.86

    def draw_header(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """Draw above the frame on every page; nothing by default."""

    def draw_footer(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """Draw below the frame on every page: the initials strip, at the right, if set."""
        strip = self.initials_strip
        if strip is None:
            return
        width, _height = strip.wrap(self.frame_width, self.footer_height)
        strip.drawOn(canv, self.page_width - self.margins.right - width, self.margins.bottom)

    def draw_page_number(self, canv: Canvas, page: int, pages: int) -> None:
        """Called after layout, once the number of pages is known."""
        text = (page_label(page, pages) if self.legal
                else _("Page {page} of {pages}").format(page=page, pages=pages))
        canv.saveState()
        canv.setFont(self.fonts.regular, self.page_number_size)
        canv.setFillColor(colors.black)
        if self.initials_strip is None:
            canv.drawCentredString(self.page_width / 2, self.margins.bottom, text)
        else:
            # Beside the initials strip, on the binding side, level with its bottom line.
            canv.drawString(self.margins.left, self.margins.bottom + 2, text)
        canv.restoreState()

    def draw_watermark(self, canv: Canvas, label: str) -> None:
        """A light diagonal word across the page, under the text."""
        label = one_line(label)
        if not label:
            return
        width, height = self.pagesize
        angle = math.degrees(math.atan2(height, width))
        diagonal = math.hypot(width, height)
        size = 0.55 * diagonal / max(pdfmetrics.stringWidth(label, self.fonts.bold, 1), 1)
        size = min(size, 160)
        canv.saveState()
        canv.setFillColor(colors.Color(*(self.watermark_grey,) * 3))
        canv.setFont(self.fonts.bold, size)
        canv.translate(width / 2, height / 2)
        canv.rotate(angle)
        canv.drawCentredString(0, -size * 0.35, label)
        canv.restoreState()

    def _on_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        # Under the text, so the watermark never hides a word.
        if self.draft:
            self.draw_watermark(canv, DRAFT_LABEL_ID if self.legal else _("DRAFT"))
        self.draw_header(canv, doc)

    def _on_page_end(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        # After the text, so a reader (or a screen reader) meets the page's content first.
        self.draw_footer(canv, doc)

    # --- output ---

    def _template(self, out: BinaryIO) -> BaseDocTemplate:
        doc = BaseDocTemplate(
            out,
            pagesize=self.pagesize,
            leftMargin=self.margins.left,
            rightMargin=self.margins.right,
            topMargin=self.margins.top + self.header_height,
            bottomMargin=self.frame_bottom,
            title=self.title,
            author=self.author,
            subject=self.subject,
            creator=self.creator,
            producer=self.creator,
            keywords=self.keywords,
            lang=self.language,
            # The canvas opens every page with this font: our embedded face, never Helvetica.
            initialFontName=self.fonts.regular,
            initialFontSize=self.body_size,
            initialLeading=self.body_leading,
            # Same input, same bytes: no time stamp and no random file id.
            invariant=1,
        )
        frame = Frame(
            self.margins.left,
            self.frame_bottom,
            self.frame_width,
            self.frame_height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        template = PageTemplate(
            id="page", frames=[frame], onPage=self._on_page, onPageEnd=self._on_page_end
        )
        doc.addPageTemplates([template])
        return doc

    def render(self, out: BinaryIO) -> None:
        """Lay the document out and write the PDF to a binary file object."""
        doc = self._template(out)
        doc.build(
            self.story(),
            canvasmaker=partial(NumberedCanvas, page_decorator=self.draw_page_number),
        )

    def pdf_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.render(buffer)
        return buffer.getvalue()
