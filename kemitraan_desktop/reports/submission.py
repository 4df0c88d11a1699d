"""Binds the credentialing submission (berkas pengajuan kredensialing) into one PDF.

A cover list (each part, its file, the page it starts on, and what is still missing), the
credentialing form, then the evidence of each requirement in the order the branch asks. A photo
or scan (JPG, PNG) becomes a page of its own, fitted to A4 and captioned; a PDF is appended as
it is. Every page of the bundle is then numbered as a whole ("Halaman 5 dari 14"), the scans too,
so the officer can check the cover against the pages.

Evidence PDFs are read and appended with pypdfium2, already a runtime dependency (pypdf is for
tests only and is left out of the bundle, build.spec). A damaged or password-locked evidence
file, or one missing from the data folder, never stops the binding: a placeholder page says,
in Indonesian, which file it was and what to do, and the cover lists it as missing.

Printed in Indonesian whatever the screen language: the words are constants here.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

import pypdfium2 as pdfium
from PIL import Image, ImageOps, UnidentifiedImageError
from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from kemitraan_desktop.domain.dates import long_date_id
from kemitraan_desktop.domain.submission import (
    EvidenceContent,
    SubmissionDocument,
    SubmissionPart,
)

from .berita_acara import page_label
from .errors import Checkpoints, atomic_output
from .evaluation import GRID_COLOUR, HIGHLIGHT_FILL, LABEL_FILL, TABLE_FONT, meta_lines
from .evaluation import report_styles as _report_styles
from .flowables import HeadedTable, JointWrapped
from .layout import (
    BLANK,
    FONTS,
    PAPERS,
    DocumentRenderer,
    clean_text,
    draw_text,
    escape_text,
    one_line,
    truncate_to_width,
)

__all__ = ["BindResult", "bind_submission"]

# Photos from a phone are 12 megapixels; 2400 pixels on the long side is 300 dpi on an A5 and
# about 200 dpi on A4, plenty for a licence, and keeps the bundle a size e-mail accepts.
LONGEST_SIDE = 2400
JPEG_QUALITY = 85
_MISSING_BORDER = colors.HexColor("#c0504d")
_TEXT_MISSING = colors.HexColor("#9c2a22")
_PDFIUM_PASSWORD = 4  # FPDF_ERR_PASSWORD


@dataclass(frozen=True)
class BindResult:
    pages: int
    missing: tuple[str, ...]  # what the cover lists as missing, damaged files included


@dataclass
class _Piece:
    """Pages of the bundle from one source, ready to append."""

    part: SubmissionPart
    label: str  # the file name, or "" for a placeholder
    pdf: bytes
    pages: int
    problem: str = ""  # the file could not be bound: why (the piece is a placeholder)


# --- our own pages (cover, photos, placeholders) -------------------------------------------


class _Sheets(DocumentRenderer):
    """A few pages of our own inside the bundle: numbered later with the whole."""

    body_size = 10.5
    body_leading = 13.5
    language = "id-ID"

    def __init__(self, flowables: list[Flowable], paper: str, title: str) -> None:
        self._flowables = flowables
        super().__init__(paper, title=title, author="Kemitraan Desktop",
                         subject="Berkas pengajuan kredensialing")

    def story(self) -> list[Flowable]:
        return self._flowables

    def draw_page_number(self, canv: Canvas, page: int, pages: int) -> None:
        return  # the bundle's own numbers are stamped on every page at the end


def _styles() -> StyleSheet1:
    sheet = _report_styles(_Sheets([], "a4", "").build_styles(), FONTS)

    def add(name: str, parent: ParagraphStyle, **kw) -> None:
        sheet.add(ParagraphStyle(name, parent=parent, **kw))

    add("bundle_title", sheet["report_title"], fontSize=15, leading=19, spaceAfter=2)
    add("bundle_section", sheet["h2"], fontSize=11, leading=14, spaceBefore=12, spaceAfter=4)
    add("cell", sheet["table_cell"], fontSize=9, leading=11)
    add("cell_bold", sheet["cell"], fontName=FONTS.bold)
    add("cell_right", sheet["cell"], alignment=2)
    add("cell_missing", sheet["cell"], textColor=_TEXT_MISSING, fontName=FONTS.bold)
    add("header", sheet["cell"], fontName=FONTS.bold, alignment=1)
    add("missing_item", sheet["base"], fontSize=9.5, leading=12, leftIndent=12,
        bulletIndent=2)
    add("placeholder_title", sheet["base"], fontName=FONTS.bold, fontSize=13, leading=17,
        alignment=1, spaceAfter=10)
    add("placeholder_mark", sheet["base"], fontName=FONTS.bold, fontSize=18, leading=24,
        alignment=1, textColor=_TEXT_MISSING, spaceBefore=40, spaceAfter=14)
    add("placeholder_text", sheet["base"], fontSize=11, leading=15, alignment=1)
    return sheet


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape_text(clean_text(text).strip()) or "–", style)


def _sheets_pdf(flowables: list[Flowable], paper: str, title: str) -> bytes:
    return _Sheets(flowables, paper, title).pdf_bytes()


def _placeholder(part: SubmissionPart, number: int, mark: str, text: str, paper: str) -> bytes:
    styles = _styles()
    flowables: list[Flowable] = [
        _p(f"{number}. {part.title}", styles["placeholder_title"]),
    ]
    if part.document:
        flowables.append(_p(part.document, styles["placeholder_text"]))
    flowables += [_p(mark, styles["placeholder_mark"]), _p(text, styles["placeholder_text"])]
    return _sheets_pdf(flowables, paper, f"{number}. {part.title}")


def _image_page(data: bytes, caption: str, paper: str) -> bytes:
    """The photo or scan fitted to one page (landscape for a landscape picture), captioned."""
    with Image.open(io.BytesIO(data)) as opened:
        picture = ImageOps.exif_transpose(opened)  # a phone's photo stands as it was taken
        picture.load()
    if picture.mode not in ("RGB", "L"):
        background = Image.new("RGB", picture.size, "white")
        rgba = picture.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        picture = background
    picture.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    jpeg = io.BytesIO()
    picture.save(jpeg, "JPEG", quality=JPEG_QUALITY)
    width_px, height_px = picture.size
    size = PAPERS.get(paper, PAPERS["a4"])
    if width_px > height_px:
        size = landscape(size)
    page_width, page_height = size
    margin, caption_room, bottom_room = 1.5 * cm, 1.0 * cm, 1.2 * cm
    box_width = page_width - 2 * margin
    box_height = page_height - margin - caption_room - bottom_room
    scale = min(box_width / width_px, box_height / height_px)
    draw_width, draw_height = width_px * scale, height_px * scale
    out = io.BytesIO()
    canv = Canvas(out, pagesize=size, invariant=1, initialFontName=FONTS.regular)
    canv.setTitle(caption)
    canv.setFont(FONTS.regular, 9)
    draw_text(canv, margin, page_height - margin,
              truncate_to_width(caption, FONTS.regular, 9, box_width), FONTS.regular, 9)
    canv.drawImage(ImageReader(io.BytesIO(jpeg.getvalue())),
                   (page_width - draw_width) / 2,
                   bottom_room + (box_height - draw_height) / 2 + 0.2 * cm,
                   draw_width, draw_height)
    canv.showPage()
    canv.save()
    return out.getvalue()


def _page_count(data: bytes) -> int:
    document = pdfium.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def unreadable_evidence(data: bytes, is_pdf: bool) -> str:
    """Why the submission could not bind a scan or photo: ``"locked"`` (a PDF with a
    password), ``"empty"`` (a PDF without a page), ``"damaged"`` (not a PDF or picture that can
    be read); ``""`` when it can. Step 4 refuses such a file when it is attached."""
    if is_pdf:
        try:
            return "" if _page_count(data) else "empty"
        except pdfium.PdfiumError as error:
            return "locked" if getattr(error, "err_code", None) == _PDFIUM_PASSWORD else "damaged"
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError,
            Image.DecompressionBombError):
        return "damaged"
    return ""


def _evidence_piece(part: SubmissionPart, number: int, file: EvidenceContent,
                    paper: str) -> _Piece:
    """The pages of one evidence file, or a placeholder saying why it could not be bound."""
    name = one_line(file.name)
    problem = file.problem
    if file.data is not None and not problem:
        if file.is_pdf:
            # A file attached before step 4 refused unreadable ones, or from a package.
            why = unreadable_evidence(file.data, is_pdf=True)
            if not why:
                return _Piece(part, name, file.data, _page_count(file.data))
            problem = {
                "locked": (f"Berkas {name} terkunci dengan kata sandi, sehingga tidak dapat "
                           "dijilid. Simpan ulang tanpa kata sandi, lalu lampirkan lagi di "
                           "langkah 4."),
                "damaged": (f"Berkas {name} rusak atau bukan PDF yang dapat dibaca. Pindai "
                            "ulang dokumennya, lalu lampirkan lagi di langkah 4."),
                "empty": (f"Berkas {name} tidak memuat satu halaman pun. Pindai ulang "
                          "dokumennya, lalu lampirkan lagi di langkah 4."),
            }[why]
        else:
            caption = f"{number}. {part.title} · {name}"
            if one_line(file.caption):
                caption += f" · {one_line(file.caption)}"
            try:
                return _Piece(part, name, _image_page(file.data, caption, paper), 1)
            except (UnidentifiedImageError, OSError, ValueError, SyntaxError,
                    Image.DecompressionBombError):
                problem = (f"Berkas {name} rusak atau bukan gambar yang dapat dibaca. Foto atau "
                           "pindai ulang dokumennya, lalu lampirkan lagi di langkah 4.")
    pdf = _placeholder(part, number, "BERKAS TIDAK DAPAT DIJILID", problem, paper)
    return _Piece(part, name, pdf, _page_count(pdf), problem)


def _missing_piece(part: SubmissionPart, number: int, paper: str) -> _Piece:
    pdf = _placeholder(part, number, "BELUM DILAMPIRKAN", part.missing, paper)
    return _Piece(part, "", pdf, _page_count(pdf), part.missing)


# --- the cover ------------------------------------------------------------------------------


def _cover(doc: SubmissionDocument, numbered: list[tuple[int, SubmissionPart, list[_Piece]]],
           starts: dict[int, int], missing: list[str], paper: str) -> bytes:
    styles = _styles()
    width = _Sheets([], paper, "").frame_width
    rows: list[list] = [[_p(h, styles["header"]) for h in
                         ("No.", "Dokumen", "Berkas", "Halaman", "Keterangan")]]
    commands = [
        TABLE_FONT,
        ("GRID", (0, 0), (-1, -1), 0.5, GRID_COLOUR),
        ("BACKGROUND", (0, 0), (-1, 0), LABEL_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for number, part, pieces in numbered:
        title = part.title if not part.document else f"{part.title} ({part.document})"
        files = ", ".join(piece.label for piece in pieces if piece.label) or "–"
        first = starts[id(pieces[0])]
        last = first + sum(piece.pages for piece in pieces) - 1
        pages = str(first) if last == first else f"{first}–{last}"
        problems = [piece for piece in pieces if piece.problem]
        if not problems:
            note = _p("Terlampir", styles["cell"])
        elif part.missing:
            note = _p("BELUM ADA", styles["cell_missing"])
        else:
            note = _p("BERKAS RUSAK", styles["cell_missing"])
        if problems:
            commands.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), HIGHLIGHT_FILL))
        # The document names an adendum by its numbers, which wrap at their slashes.
        rows.append([_p(f"{number}.", styles["cell_right"]), JointWrapped(title, styles["cell"]),
                     JointWrapped(files, styles["cell"]), _p(pages, styles["cell_right"]), note])
    shares = [0.9, 7.4, 4.3, 1.7, 2.4]
    scale = width / (sum(shares) * cm)
    table = HeadedTable(rows, colWidths=[w * cm * scale for w in shares], repeatRows=1,
                  splitInRow=1, hAlign="CENTER", style=TableStyle(commands))
    total = sum(piece.pages for _n, _part, pieces in numbered for piece in pieces)
    flowables: list[Flowable] = [
        _p(doc.title, styles["bundle_title"]),
        _p("Fasilitas Kesehatan Tingkat Pertama — Praktik Mandiri Dokter",
           styles["report_subtitle"]),
        Spacer(1, 6),
        meta_lines([
            ("Kepada", doc.branch or BLANK),
            ("Fasilitas kesehatan", doc.practice_name or BLANK),
            ("Dokter penanggung jawab", doc.doctor_name or BLANK),
            ("Kemitraan", doc.partnership_title or "–"),
            ("Tanggal", long_date_id(doc.generated_on)),
        ], styles, width),
        _p("Daftar isi berkas", styles["bundle_section"]),
        table,
        Spacer(1, 4),
        _p(f"Berkas ini berisi {total + starts[-1]} halaman "
           "termasuk daftar isi ini; setiap halaman bernomor “Halaman x dari y” di bagian "
           "bawah.", styles["note"]),
        _p("Yang masih kurang", styles["bundle_section"]),
    ]
    if missing:
        items = [[Paragraph(escape_text(one_line(item)), styles["missing_item"], bulletText="•")]
                 for item in missing]
        flowables.append(Table(items, colWidths=[width], splitInRow=1, style=TableStyle([
            TABLE_FONT,
            ("BACKGROUND", (0, 0), (-1, -1), HIGHLIGHT_FILL),
            ("BOX", (0, 0), (-1, -1), 1.0, _MISSING_BORDER),
            ("TOPPADDING", (0, 0), (-1, 0), 6),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
        ])))
    else:
        flowables.append(_p("Tidak ada: setiap persyaratan terlampir.", styles["base"]))
    return _sheets_pdf(flowables, paper, doc.title)


# --- numbering every page -----------------------------------------------------------------


def _stamp_pdf(sizes: list[tuple[float, float, float, float, int]], text_for: Callable[[int], str]
               ) -> bytes:
    """One page per page of the bundle, of its size, with its number at the visible bottom
    (a scan saved turned a quarter is numbered where the reader sees its bottom)."""
    out = io.BytesIO()
    canv = Canvas(out, invariant=1, initialFontName=FONTS.regular)
    for index, (_left, _bottom, width, height, rotation) in enumerate(sizes):
        canv.setPageSize((width, height))
        canv.saveState()
        visible_width = height if rotation in (90, 270) else width
        if rotation == 90:
            canv.translate(width, 0)
            canv.rotate(90)
        elif rotation == 180:
            canv.translate(width, height)
            canv.rotate(180)
        elif rotation == 270:
            canv.translate(0, height)
            canv.rotate(270)
        text = text_for(index)
        size = 8.5
        text_width = canv.stringWidth(text, FONTS.regular, size)
        x = (visible_width - text_width) / 2
        canv.setFillColor(colors.white)
        canv.rect(x - 4, 0.55 * cm, text_width + 8, size + 5, stroke=0, fill=1)
        canv.setFillColor(colors.black)
        canv.setFont(FONTS.regular, size)
        canv.drawString(x, 0.55 * cm + 3.2, text)
        canv.restoreState()
        canv.showPage()
    canv.save()
    return out.getvalue()


def _assemble(pieces: list[_Piece], parts: list[int], checkpoints: Checkpoints) -> bytes:
    """The pieces as one PDF, every page numbered; *parts* gives each page's number in the
    cover list (0 for the cover), so a page taken out of the stack still says where it goes."""
    bundle = pdfium.PdfDocument.new()
    sources = []
    try:
        for piece in pieces:
            source = pdfium.PdfDocument(piece.pdf)
            sources.append(source)
            bundle.import_pages(source)
            checkpoints.advance()
        sizes = []
        for index in range(len(bundle)):
            page = bundle[index]
            left, bottom, right, top = page.get_cropbox()
            sizes.append((left, bottom, right - left, top - bottom, page.get_rotation() % 360))
            page.close()
        pages = len(sizes)
        def footer(index: int) -> str:
            text = f"Berkas pengajuan kredensialing · {page_label(index + 1, pages)}"
            return f"{text} · Bagian {parts[index]}" if parts[index] else text

        stamps = pdfium.PdfDocument(_stamp_pdf(sizes, footer))
        sources.append(stamps)
        for index, (left, bottom, _w, _h, _r) in enumerate(sizes):
            page = bundle[index]
            stamp = stamps.page_as_xobject(index, bundle).as_pageobject()
            if left or bottom:
                stamp.transform(pdfium.PdfMatrix().translate(left, bottom))
            page.insert_obj(stamp)
            page.gen_content()
            page.close()
            checkpoints.advance()
        out = io.BytesIO()
        bundle.save(out)
        return out.getvalue()
    finally:
        for source in sources:
            source.close()
        bundle.close()


def bind_submission(
    doc: SubmissionDocument,
    out: BinaryIO,
    paper: str = "a4",
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> BindResult:
    """Bind *doc* into one PDF on *out* (written whole at the end, or not at all)."""
    files = sum(max(len(part.files), 1) for part in doc.parts)
    checkpoints = Checkpoints(files * 3 + 4, progress, cancelled)
    numbered: list[tuple[int, SubmissionPart, list[_Piece]]] = []
    missing: list[str] = []
    for number, part in enumerate(doc.parts, start=1):
        pieces: list[_Piece] = []
        if part.pdf is not None:
            pieces.append(_Piece(part, "", part.pdf, _page_count(part.pdf)))
        for file in part.files:
            pieces.append(_evidence_piece(part, number, file, paper))
            checkpoints.advance()
            if pieces[-1].problem:
                missing.append(f"{part.title}: {pieces[-1].problem}")
        if part.missing:
            missing.append(f"{part.title}: {part.missing}")
            if not pieces:
                pieces.append(_missing_piece(part, number, paper))
        if not pieces:  # neither printed nor attached nor said missing: say so, never skip
            pieces.append(_missing_piece(
                SubmissionPart(part.code, part.title, part.document,
                               missing="belum dilampirkan."), number, paper))
        numbered.append((number, part, pieces))
    missing += doc.notes
    checkpoints.advance()
    # The cover's own length decides where the parts start: lay it out until it stays put.
    cover_pages, cover = 1, b""
    for _attempt in range(3):
        starts, page = {}, cover_pages + 1
        for _number, _part, pieces in numbered:
            for piece in pieces:
                starts[id(piece)] = page
                page += piece.pages
        starts[-1] = cover_pages
        cover = _cover(doc, numbered, starts, missing, paper)
        if _page_count(cover) == cover_pages:
            break
        cover_pages = _page_count(cover)
    checkpoints.advance()
    cover_piece = _Piece(SubmissionPart("cover", "Daftar isi berkas", ""), "", cover, cover_pages)
    everything = [cover_piece] + [piece for _n, _p2, pieces in numbered for piece in pieces]
    parts = [0] * cover_pages + [number for number, _p3, pieces in numbered
                                 for piece in pieces for _page in range(piece.pages)]
    data = _assemble(everything, parts, checkpoints)
    with atomic_output(out) as target:
        target.write(data)
    checkpoints.finish()
    return BindResult(sum(piece.pages for piece in everything), tuple(missing))
