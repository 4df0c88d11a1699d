"""The berita acara of a monitoring and evaluation, signed by both parties.

Every PKS the program drafts says, in its Pasal on monitoring: "Hasil monitoring dan evaluasi
dituangkan dalam berita acara yang ditandatangani PARA PIHAK". This is that berita acara: who
met, what was evaluated over which period, what it found (indicators against their targets, the
five keys and where the parties disagree, the follow-up agreed) and its conclusion, with room
for the parties' own notes and both signatures.

It is a legal document: Indonesian whatever the screen language (UU 24/2009 Pasal 31), so its
words are constants here and the parties are named as their agreement's template names them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from statistics import mean

from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from kemitraan_desktop.domain.clauses import count_with_words
from kemitraan_desktop.domain.dates import long_date_id, opening_date_phrase, period_phrase_id
from kemitraan_desktop.domain.documents import BeritaAcara, IndicatorSeries, KeyScore, PartyBlock
from kemitraan_desktop.domain.money import rupiah_with_words
from kemitraan_desktop.domain.numbers import format_number

from .evaluation import reached, with_unit
from .flowables import signing_columns
from .layout import BLANK, FontNames, escape_text, one_line, page_label

__all__ = [
    "LegalFromHere",
    "berita_acara_flowables",
    "berita_acara_styles",
    "conclusion_points",
    "page_label",
]


class LegalFromHere(Flowable):
    """Takes no room; remembers the page it lands on, from which the pages are a document
    printed in Indonesian (their page line too) inside a report in the screen's language."""

    def __init__(self) -> None:
        super().__init__()
        self.page: int | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.page = self.canv.getPageNumber()


def berita_acara_styles(sheet: StyleSheet1, fonts: FontNames) -> StyleSheet1:
    base = sheet["base"]

    def add(name: str, parent: ParagraphStyle = base, **kw) -> None:
        sheet.add(ParagraphStyle(name, parent=parent, **kw))

    add("ba_title", fontName=fonts.bold, fontSize=13, leading=16.5, alignment=1, spaceAfter=1)
    add("ba_subtitle", fontName=fonts.bold, fontSize=11, leading=14, alignment=1, spaceAfter=2)
    add("ba_number", fontSize=10.5, leading=14, alignment=1, spaceAfter=12)
    add("ba_body", sheet["body"], fontSize=10.5, leading=14.5, spaceAfter=5)
    add("ba_item", sheet["ba_body"], leftIndent=18, bulletIndent=0, spaceAfter=3)
    add("ba_heading", fontName=fonts.bold, fontSize=10.5, leading=14.5, spaceBefore=6,
        spaceAfter=3, keepWithNext=1)
    add("ba_dots", fontSize=10.5, leading=19)
    add("ba_sign", sheet["signature"], fontSize=10.5, leading=13.5)
    add("ba_sign_name", sheet["signature_name"], fontSize=10.5, leading=13.5)
    return sheet


def _party_line(party: PartyBlock) -> str:
    who = ", ".join(one_line(part) for part in (party.signatory_name, party.signatory_position,
                                                 party.organisation) if one_line(part))
    return f"{who or BLANK}, selanjutnya disebut {one_line(party.role) or BLANK};"


def _indicator_point(indicators: Sequence[IndicatorSeries]) -> str:
    if not indicators:
        return "Indikator kerja sama: belum ada indikator yang ditetapkan."
    judged = [(series, *reached(series)) for series in indicators]
    done = [(s, latest) for s, latest, ok in judged if ok]
    short = [(s, latest) for s, latest, ok in judged if ok is False]
    open_ = [s for s, latest, _ok in judged if latest is None]

    def name(series: IndicatorSeries) -> str:
        return one_line(series.name) or "–"

    def figures(series: IndicatorSeries, latest: float | None) -> str:
        return (f"{name(series)}: {with_unit(latest, series.unit)}, target "
                f"{with_unit(series.target, series.unit)}")

    parts = [f"Indikator kerja sama: dari {count_with_words(len(indicators))} indikator"]
    found = []
    if done:
        found.append(f"{count_with_words(len(done))} telah mencapai target ("
                     + "; ".join(figures(s, latest) for s, latest in done) + ")")
    if short:
        found.append(f"{count_with_words(len(short))} belum mencapai target ("
                     + "; ".join(figures(s, latest) for s, latest in short) + ")")
    if open_:
        found.append(f"{count_with_words(len(open_))} belum dinilai ("
                     + "; ".join(name(s) for s in open_) + ")")
    others = len(indicators) - len(done) - len(short) - len(open_)
    if others:
        found.append(f"{count_with_words(others)} tanpa target yang dapat dibandingkan")
    return parts[0] + ", " + ", ".join(found) + "."


def _outside_term_point(minutes: BeritaAcara) -> str:
    """The values recorded for a period outside the agreement's term, named for the parties to
    check ("" when there are none)."""
    if not minutes.outside_term:
        return ""
    return ("Nilai indikator yang dicatat untuk periode di luar jangka waktu perjanjian "
            f"({period_phrase_id(minutes.term_start, minutes.term_end)}): "
            + "; ".join(one_line(value) for value in minutes.outside_term)
            + "; PARA PIHAK memeriksa kembali nilai tersebut.")


def _not_begun_point(minutes: BeritaAcara) -> str:
    """The values recorded for a period that begins after the minutes are held ("" when none)."""
    if not minutes.not_begun:
        return ""
    return ("Nilai indikator yang dicatat untuk periode yang belum dimulai pada tanggal berita "
            "acara ini: " + "; ".join(one_line(value) for value in minutes.not_begun)
            + "; PARA PIHAK memeriksa kembali nilai tersebut.")


def _term_not_begun_point(minutes: BeritaAcara) -> str:
    """Minutes held before the agreement's term begins say so ("" otherwise): a monitoring of
    a PKS "tanggal 15 Desember 2026" from 1 Januari 2027 was dated 4 Desember 2026."""
    if minutes.term_start is None or minutes.held_on >= minutes.term_start:
        return ""
    return ("Berita acara ini dibuat sebelum jangka waktu perjanjian dimulai pada tanggal "
            f"{long_date_id(minutes.term_start)}; monitoring dan evaluasi atas pelaksanaan "
            "perjanjian dilakukan dalam jangka waktunya.")


def _keys_point(keys: Sequence[KeyScore], minutes: BeritaAcara) -> str:
    roles = minutes.signatories
    practice = [k.practice for k in keys if k.practice is not None]
    partner = [k.partner for k in keys if k.partner is not None]
    if not practice and not partner:
        return "Lima kunci keberhasilan: belum dinilai oleh PARA PIHAK."
    scores = []
    for role, values in ((roles.practice_role, practice), (roles.partner_role, partner)):
        scores.append(f"{role} {format_number(mean(values), 2, fixed=True)}" if values
                      else f"{role} belum menilai")
    text = ("Lima kunci keberhasilan: rata-rata penilaian " + " dan ".join(scores)
            + " pada skala 1 sampai 5")
    if minutes.disputed_keys:
        text += ("; kunci yang dinilai sangat berbeda oleh PARA PIHAK dan perlu dibahas: "
                 + ", ".join(minutes.disputed_keys))
    elif practice and partner:
        text += "; tidak ada kunci yang dinilai sangat berbeda oleh PARA PIHAK"
    return text + "."


def _actions_point(minutes: BeritaAcara) -> str:
    opened, done = minutes.open_actions, minutes.done_actions
    if not opened and not done:
        return "Rencana tindak lanjut: belum ada rencana tindak lanjut yang dicatat."
    found = []
    if opened:
        found.append(f"{count_with_words(opened)} tindak lanjut belum selesai")
    if done:
        found.append(f"{count_with_words(done)} tindak lanjut telah selesai")
    return ("Rencana tindak lanjut: " + " dan ".join(found)
            + ", sebagaimana tercantum dalam laporan ini.")


def _activities_point(minutes: BeritaAcara) -> str:
    planned, reports = minutes.planned_activities, minutes.activity_reports
    if not planned and not reports:
        return "Pelaksanaan kegiatan: belum ada kegiatan yang direncanakan maupun dilaporkan."
    if not reports:
        return (f"Pelaksanaan kegiatan: dari {count_with_words(planned)} kegiatan yang "
                "direncanakan, belum ada yang dilaporkan pada periode ini.")
    return (f"Pelaksanaan kegiatan: dari {count_with_words(planned)} kegiatan yang "
            f"direncanakan, {count_with_words(reports)} laporan kegiatan tercatat pada periode "
            f"ini, dengan biaya nyata {rupiah_with_words(minutes.actual_cost_sen)}.")


def _not_yet_judged(minutes: BeritaAcara, indicators: Sequence[IndicatorSeries],
                    keys: Sequence[KeyScore]) -> list[str]:
    """What the monitoring could not judge yet, each as a clause of the conclusion."""
    gaps = []
    if not minutes.activity_reports:
        gaps.append("belum ada kegiatan yang dilaporkan")
    if not indicators:
        gaps.append("belum ada indikator yang ditetapkan")
    else:
        open_ = sum(1 for series in indicators if reached(series)[0] is None)
        if open_:
            gaps.append(f"{count_with_words(open_)} indikator belum memiliki nilai")
    roles = minutes.signatories
    unscored = [role for role, side in ((roles.practice_role, "practice"),
                                        (roles.partner_role, "partner"))
                if all(getattr(key, side) is None for key in keys)]
    if len(unscored) == 2 or not keys:
        gaps.append("lima kunci keberhasilan belum dinilai oleh PARA PIHAK")
    elif unscored:
        gaps.append(f"lima kunci keberhasilan belum dinilai oleh {unscored[0]}")
    return gaps


def conclusion_points(minutes: BeritaAcara, indicators: Sequence[IndicatorSeries],
                      keys: Sequence[KeyScore]) -> tuple[tuple[str, ...], str]:
    """The findings, one sentence each, and the conclusion the parties sign: the targets met,
    or which were not, or what could not be judged yet; never "not met or not judged"."""
    points = tuple(filter(None, (
        _term_not_begun_point(minutes), _activities_point(minutes),
        _indicator_point(indicators), _outside_term_point(minutes), _not_begun_point(minutes),
        _keys_point(keys, minutes), _actions_point(minutes))))
    judged = [reached(series)[1] for series in indicators]
    short = sum(1 for ok in judged if ok is False)
    gaps = _not_yet_judged(minutes, indicators, keys)
    if minutes.open_actions:
        follow_up = ("PARA PIHAK menindaklanjutinya sesuai rencana tindak lanjut dalam "
                     "laporan ini.")
    else:
        follow_up = "PARA PIHAK menuangkan tindak lanjutnya dalam Catatan PARA PIHAK."
    if short:
        conclusion = (f"Pelaksanaan kerja sama pada periode ini belum mencapai seluruh target "
                      f"yang disepakati: {count_with_words(short)} dari "
                      f"{count_with_words(len(indicators))} indikator belum mencapai "
                      f"target. {follow_up}")
    elif gaps:
        conclusion = ("Pelaksanaan kerja sama pada periode ini belum dapat dinilai "
                      "seluruhnya: " + "; ".join(gaps) + f". {follow_up}")
    elif minutes.disputed_keys or minutes.open_actions:
        sentences = ["Pelaksanaan kerja sama pada periode ini telah mencapai seluruh target "
                     "yang disepakati."]
        if minutes.disputed_keys:
            sentences.append("PARA PIHAK membahas kunci yang dinilainya sangat berbeda.")
        sentences.append(follow_up)
        conclusion = " ".join(sentences)
    else:
        conclusion = ("Pelaksanaan kerja sama pada periode ini telah mencapai seluruh target "
                      "yang disepakati, dan PARA PIHAK menilainya sejalan.")
    return points, conclusion


def berita_acara_flowables(
    minutes: BeritaAcara,
    title: str,
    period: tuple[date | None, date | None],
    indicators: Sequence[IndicatorSeries],
    keys: Sequence[KeyScore],
    styles: StyleSheet1,
    width: float,
) -> list[Flowable]:
    """The berita acara, to begin on a page of its own."""
    def p(text: str, style: str = "ba_body", bullet: str | None = None) -> Paragraph:
        return Paragraph(escape_text(text), styles[style], bulletText=bullet)

    signatories = minutes.signatories
    place = one_line(minutes.place) or BLANK
    venue = one_line(minutes.venue) or place
    what = (one_line(minutes.agreement) if minutes.agreement
            else f"kerja sama “{one_line(title) or BLANK}”")
    start, end = period
    points, conclusion = conclusion_points(minutes, indicators, keys)
    story: list[Flowable] = [
        p("BERITA ACARA", "ba_title"),
        p("MONITORING DAN EVALUASI PELAKSANAAN KERJA SAMA", "ba_subtitle"),
        p(f"Nomor: {BLANK}", "ba_number"),
        p(f"{opening_date_phrase(minutes.held_on)}, bertempat di {venue}, kami yang bertanda "
          "tangan di bawah ini:"),
    ]
    story += [p(_party_line(party), "ba_item", f"{n}.")
              for n, party in enumerate(signatories.parties, start=1)]
    story.append(p(
        f"telah melaksanakan monitoring dan evaluasi atas pelaksanaan {what} untuk "
        f"{period_phrase_id(start, end)}, dengan hasil sebagai berikut:"))
    story += [p(point, "ba_item", f"{n}.") for n, point in enumerate(points, start=1)]
    story += [
        p("Kesimpulan", "ba_heading"),
        p(conclusion),
    ]
    columns = []
    for party in signatories.parties:
        name = one_line(party.signatory_name)
        columns.append([
            p(f"{one_line(party.role) or BLANK},", "ba_sign_name"),
            p(one_line(party.organisation) or BLANK, "ba_sign"),
            Paragraph(f"<u>{escape_text(name, bold=True)}</u>" if name else BLANK,
                      styles["ba_sign_name"]),
            p(one_line(party.signatory_position) or BLANK, "ba_sign"),
        ])
    # The parties' notes, the closing sentence and the signatures on one page: a signed page
    # with no line of the berita acara on it could be stapled to any other text.
    story.append(KeepTogether([
        p("Catatan PARA PIHAK", "ba_heading"),
        *[p("." * 150, "ba_dots") for _line in range(3)],
        Spacer(1, 4),
        p("Demikian Berita Acara ini dibuat dengan sebenarnya dalam rangkap 2 (dua), "
          "masing-masing mempunyai kekuatan hukum yang sama, dan ditandatangani oleh "
          "PARA PIHAK."),
        Spacer(1, 10),
        p(f"{place}, {long_date_id(minutes.held_on)}", "ba_sign"),
        Spacer(1, 6),
        signing_columns(columns, width, gap_rows=(2,)),
        Spacer(1, 0.4 * cm),
    ]))
    return story
