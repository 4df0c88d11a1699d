"""The agreement as the parties sign it: MoU (Nota Kesepahaman), PKS or addendum.

Order and wording follow the Indonesian convention (see DOMAIN.md, "The agreement document"):
title, numbers, opening with the date in words, the parties, recitals, articles, closing,
signatures over meterai, then the attachments. The fixed words (Pasal, PIHAK, Nomor, bahwa,
Lampiran …) are the legal wording of the document, printed in Indonesian whatever the
interface language, and so are its page line ("Halaman 1 dari 13") and draft watermark.
"""

from __future__ import annotations

import re
from typing import BinaryIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from kemitraan_desktop.domain.clauses import join_words
from kemitraan_desktop.domain.dates import long_date_id, opening_date_phrase
from kemitraan_desktop.domain.documents import (
    AgreementDocument,
    Article,
    ParentReference,
    PartyBlock,
)
from kemitraan_desktop.domain.identity import authority_phrase
from kemitraan_desktop.domain.money import terbilang

from .flowables import InitialsStrip, QrCode, data_table, labelled_code, signature_block
from .layout import BLANK, DocumentRenderer, clean_text, escape_text, italicise_foreign, one_line

__all__ = ["AgreementRenderer", "agreement_pdf_bytes", "render_agreement"]

# How the document names itself in running text ("Demikian Perjanjian Kerja Sama ini …").
_KIND_NAMES = {
    "pks": "Perjanjian Kerja Sama",
    "mou": "Nota Kesepahaman",
    "addendum": "Adendum",
}
_DEFAULT_TITLES = {
    "pks": "PERJANJIAN KERJA SAMA",
    "mou": "NOTA KESEPAHAMAN",
    "addendum": "ADENDUM",
}
_PLACEHOLDER_PARTIES = (
    PartyBlock("PIHAK PERTAMA", "", "", "", "", "", "", ""),
    PartyBlock("PIHAK KEDUA", "", "", "", "", "", "", ""),
)
_BLANK_OPENING_DATE = (
    f"Pada hari ini, {BLANK}, tanggal {BLANK} bulan {BLANK} tahun {BLANK} ({BLANK})"
)
NBSP = "\u00a0"
_PARA_PIHAK = f"PARA{NBSP}PIHAK"
_LEADING_TENTANG = re.compile(r"^\s*tentang\b[\s:]*", re.IGNORECASE)


def _subject(text: str) -> str:
    """The subject without a leading "TENTANG": the title block prints that word itself."""
    return _LEADING_TENTANG.sub("", one_line(text))


# Roles longer than this may wrap like any text.
_NO_BREAK_LIMIT = 30
# A QR code holds about 2 kB; a longer id is not one the program made, so it gets no code.
_QR_LIMIT = 1000

# A line that starts an item: "(1)", "(a)", "1.", "1)", "a.", "a)", "-", "•".
_ITEM = re.compile(
    r"^\s*(?P<marker>\(\d{1,3}\)|\([a-z]\)|\d{1,3}[.)]|[a-z][.)]|[-•–])\s+(?P<text>\S.*)$"
)
_BLANK_LINES = re.compile(r"\n[ \t]*\n")


def _marker_kind(marker: str) -> str:
    """The family of a marker: "(1)" and "(12)" are one kind, "a." and "b." another."""
    return re.sub(r"[a-z]", "a", re.sub(r"\d+", "1", marker)).replace("•", "-").replace("–", "-")


def _letter(index: int) -> str:
    """a, b, … z, aa, ab …: the letters of lettered lists."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _upper(text: str) -> str:
    """Capitals for titles, taken before the font check (a capital may lack a glyph)."""
    return one_line(clean_text(text).upper())


def _running_title(title: str) -> str:
    """A title in running text: "ADENDUM PERTAMA PERJANJIAN KERJA SAMA" → "Adendum Pertama
    Perjanjian Kerja Sama"."""
    words = one_line(title).split() or ["PERJANJIAN", "KERJA", "SAMA"]
    return " ".join(word.capitalize() if word.isupper() else word for word in words)


def _cited(ref: ParentReference) -> str:
    """``"Perjanjian Kerja Sama Nomor 1234/… dan Nomor 013/… tanggal 22 November 2026"``."""
    numbers = [escape_text(one_line(n)) for n in ref.numbers if one_line(n)]
    numbers_text = join_words([f"Nomor {n}" for n in numbers]) or f"Nomor {BLANK}"
    when = long_date_id(ref.agreement_date) if ref.agreement_date else BLANK
    return f"{escape_text(_running_title(ref.title))} {numbers_text} tanggal {when}"


def _clause(text: str) -> str:
    """One field of running text: on one line, without the separator the user may have typed."""
    return one_line(text).rstrip(" ,;:")


class AgreementRenderer(DocumentRenderer):
    """Lays out one :class:`AgreementDocument`."""

    legal = True

    def __init__(self, document: AgreementDocument, paper: str = "a4") -> None:
        self.document = document
        self.parties = tuple(document.parties) or _PLACEHOLDER_PARTIES
        self.kind_name = _KIND_NAMES.get(document.kind, _KIND_NAMES["pks"])
        title = one_line(document.title) or _DEFAULT_TITLES.get(document.kind, "PERJANJIAN")
        self.title_text = _upper(title)
        organisations = [one_line(p.organisation) for p in self.parties]
        full_title = " ".join(
            [self.title_text, "ANTARA", organisations[0] if organisations else ""]
            + [f"DENGAN {o}" for o in organisations[1:]]
            + ([f"TENTANG {_subject(document.subject)}"] if _subject(document.subject) else [])
        )
        super().__init__(
            paper,
            title=full_title,
            author=join_words([o for o in organisations if o]),
            subject=one_line(document.subject) or self.kind_name,
            keywords=[one_line(document.document_id)] if one_line(document.document_id) else [],
            draft=document.draft,
            initials_strip=InitialsStrip([p.role for p in self.parties]),
        )

    # --- helpers ---

    def _p(self, markup: str, style: str = "body") -> Paragraph:
        return Paragraph(markup, self.styles[style])

    def _role(self, party: PartyBlock) -> str:
        """The party's role, kept on one line: "PIHAK" and "PERTAMA" are never torn apart."""
        role = one_line(party.role)
        if len(role) <= _NO_BREAK_LIMIT:
            role = role.replace(" ", NBSP)
        return escape_text(role) or BLANK

    # --- the parts, in order ---

    def story(self) -> list[Flowable]:
        story: list[Flowable] = []
        story += self._title_block()
        story += self._opening()
        story += self._recitals()
        for number, article in enumerate(self.document.articles, start=1):
            story += self._article(number, article)
        story += self._closing_and_signatures()
        story += self._attachments()
        return story

    def _title_block(self) -> list[Flowable]:
        doc = self.document
        out = [self._p(escape_text(self.title_text), "title")]
        for index, party in enumerate(self.parties):
            joiner = "ANTARA" if index == 0 else ("DENGAN" if index == 1 else "DAN")
            out.append(self._p(joiner, "title_line"))
            organisation = _upper(party.organisation)
            out.append(self._p(escape_text(organisation, bold=True) or BLANK, "title_line"))
        subject = _upper(_subject(doc.subject))
        if subject:
            out.append(self._p("TENTANG", "title_line"))
            out.append(self._p(escape_text(subject, bold=True), "title_line"))
        out.append(Spacer(1, 10))
        for party in self.parties:
            # Each party numbers the agreement in its own agenda: the line says whose number.
            number = escape_text(one_line(party.number)) or BLANK
            role = self._role(party) if one_line(party.role) else ""
            out.append(self._p(f"Nomor {role}: {number}" if role else f"Nomor: {number}",
                               "centered"))
        out.append(Spacer(1, 18))
        return out

    def _opening(self) -> list[Flowable]:
        doc = self.document
        phrase = (
            opening_date_phrase(doc.agreement_date)
            if doc.agreement_date is not None
            else _BLANK_OPENING_DATE
        )
        place = escape_text(_clause(doc.place)) or BLANK
        out = [
            self._p(
                f"{escape_text(phrase)}, bertempat di {place}, yang bertanda tangan di bawah ini:"
            )
        ]
        for number, party in enumerate(self.parties, start=1):
            out.append(
                Paragraph(
                    self._identification(party), self.styles["item0"], bulletText=f"{number}."
                )
            )
        if len(self.parties) >= 2:
            roles = join_words([self._role(p) for p in self.parties])
            out.append(
                # Left-aligned: justifying it stretches the line before the unbreakable name.
                self._p(
                    f"{roles} selanjutnya secara bersama-sama disebut <b>{_PARA_PIHAK}</b>"
                    + (f" dan masing-masing disebut <b>{escape_text(each)}</b>."
                       if (each := one_line(self.document.each_party_called)) else "."),
                    "body_left",
                )
            )
        return out

    def _identification(self, party: PartyBlock) -> str:
        name = escape_text(_clause(party.signatory_name), bold=True) or BLANK
        parts = [f"<b>{name}</b>"]
        position = _clause(party.signatory_position)
        if position:
            if not position.lower().startswith(("selaku", "dalam jabatan")):
                position = f"selaku {position}"
            parts.append(escape_text(position))
        authority = authority_phrase(
            party.authority_kind, _clause(party.authority_number), party.authority_date,
            _clause(party.authority))
        if authority:
            parts.append(escape_text(authority))
        address = _clause(party.address)
        if address:
            if not address.lower().startswith(("beralamat", "berkedudukan", "bertempat")):
                address = f"beralamat di {address}"
            parts.append(escape_text(address))
        organisation = escape_text(_clause(party.organisation)) or BLANK
        if party.own_behalf:
            # A doctor in solo practice is the party: there is no organisation to act for.
            acting = "dalam hal ini bertindak untuk dan atas nama sendiri"
            if _clause(party.organisation) and _clause(party.organisation) != _clause(
                    party.signatory_name):
                acting += f" selaku penyelenggara {organisation}"
            parts.append(acting)
        else:
            parts.append(f"dalam hal ini bertindak untuk dan atas nama {organisation}")
        parts.append(f"selanjutnya disebut <b>{self._role(party)}</b>.")
        return ", ".join(parts)

    def _recital_texts(self) -> list[str]:
        """Recitals as markup, each "bahwa …;"; an addendum first recites what it changes."""
        doc = self.document
        texts: list[str] = []
        if doc.kind == "addendum" and doc.parent is not None:
            texts.append(
                f"bahwa PARA PIHAK telah membuat dan menandatangani {_cited(doc.parent)}, "
                "yang selanjutnya disebut Perjanjian Induk;"
            )
            if doc.amended_by:
                changes = join_words([_cited(ref) for ref in doc.amended_by])
                texts.append(f"bahwa Perjanjian Induk telah diubah dengan {changes};")
        for recital in doc.recitals:
            text = clean_text(recital).strip().rstrip(" .;,:")
            if not text:
                continue
            first, _space, rest = text.partition(" ")
            if first.lower() == "bahwa":
                text = "bahwa" + (" " + rest if rest else "")
            else:
                text = f"bahwa {text}"
            texts.append(italicise_foreign(escape_text(text)) + ";")
        return texts

    def _recitals(self) -> list[Flowable]:
        doc = self.document
        texts = self._recital_texts()
        if doc.kind == "addendum" and doc.parent is not None:
            what = f"{escape_text(_running_title(doc.title))} atas Perjanjian Induk tersebut"
        else:
            what = self.kind_name
        if not texts:
            return [
                self._p(
                    f"PARA PIHAK sepakat untuk mengadakan {what} dengan ketentuan sebagai berikut:"
                )
            ]
        out = [self._p("PARA PIHAK terlebih dahulu menerangkan hal-hal sebagai berikut:")]
        for index, text in enumerate(texts):
            out.append(Paragraph(text, self.styles["item0"], bulletText=f"{_letter(index)}."))
        out.append(
            self._p(
                "Berdasarkan hal-hal tersebut di atas, PARA PIHAK sepakat untuk mengadakan "
                f"{what} dengan ketentuan sebagai berikut:"
            )
        )
        return out

    def _article(self, number: int, article: Article) -> list[Flowable]:
        out = [self._p(f"Pasal {number}", "heading")]
        title = one_line(article.title)
        if title:
            out.append(self._p(italicise_foreign(escape_text(title)), "heading_title"))
        else:
            # The title style adds the space below the heading; without one keep that space.
            out[0] = Paragraph(f"Pasal {number}", self.styles["heading_title"])
        out += self._body(article.body)
        return out

    def _body(self, body: str) -> list[Flowable]:
        """Paragraphs of an article; lines starting "(1)", "a.", "1." … become hanging items.

        Nesting follows the order markers first appear in the article: with "(1)" then "a."
        then "1)", the "(1)" items are the outer level, as Indonesian drafting nests them.
        """
        levels: dict[str, int] = {}
        out: list[Flowable] = []
        text = clean_text(body).strip()
        if not text:
            return out
        for block in _BLANK_LINES.split(text):
            # Each entry: [marker or None, level, lines]
            entries: list[list] = []
            for line in block.split("\n"):
                if not line.strip():
                    continue
                match = _ITEM.match(line)
                if match:
                    kind = _marker_kind(match["marker"])
                    level = levels.setdefault(kind, min(len(levels), 3))
                    entries.append([match["marker"], level, [match["text"].strip()]])
                elif entries:
                    entries[-1][2].append(line.strip())
                else:
                    entries.append([None, 0, [line.strip()]])
            for marker, level, lines in entries:
                markup = italicise_foreign(escape_text("\n".join(lines)))
                style = self.styles["body" if marker is None else f"item{level}"]
                if lines[-1].endswith(":"):
                    # "Hak PIHAK PERTAMA:" never ends a page without its first item.
                    style = self._lead_in(style)
                out.append(Paragraph(markup, style, bulletText=marker and escape_text(marker)))
        return out

    def _lead_in(self, style: ParagraphStyle) -> ParagraphStyle:
        name = f"{style.name}_lead_in"
        if name not in self.styles:
            self.styles.add(ParagraphStyle(name, parent=style, keepWithNext=1))
        return self.styles[name]

    def _closing_and_signatures(self) -> list[Flowable]:
        doc = self.document
        copies = doc.copies
        if isinstance(copies, int) and not isinstance(copies, bool) and 1 <= copies <= 100:
            copies_text = f"{copies} ({terbilang(copies)})"
        else:
            copies_text = f"{BLANK} ({BLANK})"
        if any("rangkap" in article.body for article in doc.articles):
            # The Penutup already says how many copies and who keeps which: said once.
            closing = self._p(
                f"Demikian {self.kind_name} ini ditandatangani oleh PARA PIHAK pada hari dan "
                "tanggal tersebut di atas."
            )
        else:
            closing = self._p(
                f"Demikian {self.kind_name} ini dibuat dalam rangkap {copies_text}, masing-masing "
                "bermeterai cukup dan mempunyai kekuatan hukum yang sama, ditandatangani oleh "
                "PARA PIHAK pada hari dan tanggal tersebut di atas."
            )
        group: list[Flowable] = [closing, Spacer(1, 16)]
        group += signature_block(
            self.parties,
            self.styles,
            self.frame_width,
            self.frame_height * 0.85,
            meterai_text=doc.meterai_text or "METERAI Rp10.000",
        )
        group += self._verification()
        return [KeepTogether(group)]

    def _verification(self) -> list[Flowable]:
        """On the final version: a QR code with the document id and the hash of its content."""
        doc = self.document
        content_hash = one_line(doc.content_hash)
        if doc.draft or not content_hash:
            return []
        document_id = one_line(doc.document_id)
        caption = f"ID dokumen: {document_id} · SHA-256 isi: {content_hash[:16]}…"
        payload = f"KEMITRAAN:{document_id}:{content_hash}"
        if len(payload.encode("utf-8")) > _QR_LIMIT:
            return [Spacer(1, 14), self._p(escape_text(caption), "small")]
        return [
            Spacer(1, 14),
            labelled_code(QrCode(payload, size=2.0 * cm), caption, self.styles, self.frame_width),
        ]

    def _attachments(self) -> list[Flowable]:
        doc = self.document
        numbers = [escape_text(one_line(p.number)) for p in self.parties if one_line(p.number)]
        reference = f"{self.kind_name} Nomor: {' dan '.join(numbers) or BLANK}"
        out: list[Flowable] = []
        for index, block in enumerate(doc.attachments, start=1):
            out.append(PageBreak())
            out.append(self._p(f"LAMPIRAN {index}", "title_line"))
            out.append(self._p(reference, "small_center"))
            out.append(Spacer(1, 8))
            title = _upper(block.title)
            if title:
                out.append(self._p(escape_text(title), "title_line"))
                out.append(Spacer(1, 6))
            out.append(data_table(block, self.styles, self.frame_width))
            note = clean_text(block.note).strip()
            if note:
                out.append(Spacer(1, 8))
                out.append(self._p(escape_text(note), "body_left"))
        return out


def render_agreement(doc: AgreementDocument, out: BinaryIO, paper: str = "a4") -> None:
    """Write *doc* as a PDF to a binary file, on paper ``"a4"`` or ``"f4"``."""
    AgreementRenderer(doc, paper).render(out)


def agreement_pdf_bytes(doc: AgreementDocument, paper: str = "a4") -> bytes:
    """*doc* as PDF bytes; the same document always gives the same bytes."""
    return AgreementRenderer(doc, paper).pdf_bytes()
