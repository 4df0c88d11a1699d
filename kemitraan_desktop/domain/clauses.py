"""Clause templates of agreements (MoU, PKS, addendum) and the filler that makes a draft of them.

Templates are data: one JSON file per template in ``resources/clauses/``, so wording, rates and
targets change without a code change. A template's text carries ``{name}`` placeholders from a
fixed set, the fields of :class:`FillContext`.

Filling never runs ``str.format``: one regular-expression pass over the *template* replaces each
known placeholder with its value, so what the user typed (``{doctor_name}``, ``<b>``, a lone
``{``) is inserted as it is and never read as a placeholder. An unknown placeholder stays visible
as ``{name}`` for the doctor to see; a known one with an empty value becomes a fallback sentence
(lists), a neutral phrase (idea, vision) or a dotted blank ``…………`` to fill in by hand.

The sentences below are Indonesian document text, like the day and month names in ``dates``:
an agreement is Indonesian whatever language the screens use, so they are constants, not
translations.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from kemitraan_desktop.paths import resource_path

from .bpjs import indicator_target, kbk_indicators
from .dates import add_months, long_date_id
from .enums import PartnerType, Party
from .indicators import target_wording
from .lampiran import BUDGET_TITLE, lampiran_label, lampiran_list
from .money import rupiah_with_words, terbilang
from .places import place_name

KINDS: tuple[str, ...] = ("pks", "mou", "addendum")
DEFAULT_FIRST_PARTY_ROLE = "PIHAK PERTAMA"
DEFAULT_SECOND_PARTY_ROLE = "PIHAK KEDUA"
BOTH_PARTIES = "PARA PIHAK"

# A blank to fill in by hand, as on Indonesian paper forms; the UI can look for it in a draft.
BLANK = "…………"

# Which template a PKS with each partner type starts from; other types get the general PKS.
GENERAL_PKS_TEMPLATE = "pks_umum"
PKS_TEMPLATE_FOR: dict[str, str] = {
    PartnerType.BPJS.value: "bpjs_fktp_pks",
    PartnerType.APOTEK.value: "apotek_pks",
    PartnerType.LABORATORIUM.value: "laboratorium_pks",
    PartnerType.BIDAN.value: "bidan_pks",
    PartnerType.PUSKESMAS.value: "rujukan_pks",
    PartnerType.RUMAH_SAKIT.value: "rujukan_pks",
    PartnerType.KLINIK.value: GENERAL_PKS_TEMPLATE,
    PartnerType.DINKES.value: GENERAL_PKS_TEMPLATE,
    PartnerType.OTHER.value: GENERAL_PKS_TEMPLATE,
}
GENERAL_TEMPLATE = "mou_umum"
ADDENDUM_TEMPLATE = "addendum"

# How an agreement names each kind of partner: "{partner_name}, {partner_type_name} yang …".
PARTNER_TYPE_NAMES_ID: dict[str, str] = {
    PartnerType.BPJS.value: "Badan Penyelenggara Jaminan Sosial Kesehatan",
    PartnerType.APOTEK.value: "apotek",
    PartnerType.LABORATORIUM.value: "laboratorium",
    PartnerType.BIDAN.value: "praktik mandiri bidan",
    PartnerType.PUSKESMAS.value: "pusat kesehatan masyarakat (puskesmas)",
    PartnerType.RUMAH_SAKIT.value: "rumah sakit",
    PartnerType.KLINIK.value: "klinik",
    PartnerType.DINKES.value: "dinas kesehatan",
    PartnerType.OTHER.value: "mitra",
}

# The title a new partnership is proposed with, by the kind of partner: what the practice seeks
# from it, as a doctor would name it in the list (Indonesian: the archive prints it). A kind
# without one here is named by the doctor.
PROPOSED_TITLES_ID: dict[str, str] = {
    PartnerType.BPJS.value: "Menjadi FKTP BPJS Kesehatan",
    PartnerType.APOTEK.value: "Kerja sama pelayanan obat peserta JKN",
    PartnerType.LABORATORIUM.value: "Kerja sama pemeriksaan laboratorium peserta JKN",
    PartnerType.BIDAN.value: "Kerja sama pelayanan kebidanan peserta JKN",
    PartnerType.PUSKESMAS.value: "Kerja sama rujukan dengan puskesmas",
    PartnerType.RUMAH_SAKIT.value: "Kerja sama rujukan ke rumah sakit",
}


def proposed_title(partner_type: str | None) -> str:
    """The title a new partnership with this kind of partner is proposed ("" for none)."""
    return PROPOSED_TITLES_ID.get(partner_type or "", "")


_PARTIES = (Party.PRACTICE.value, Party.PARTNER.value)
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_TRAILING_PUNCTUATION = " \t.;:,"


class ClauseTemplateError(ValueError):
    """A clause template file is missing or malformed: a fault of the program's files."""


@dataclass(frozen=True)
class CitedLampiran:
    """A lampiran the template's text cites ("dicantumkan dalam {listed_lampiran}"): a list the
    parties fill in and initial (prices, tariffs, the services that take referrals), printed
    with its columns and numbered blank rows so the Pasal never points at a page that is not
    there."""

    title: str
    header: tuple[str, ...]
    blank_rows: int = 10
    note: str = ""


@dataclass(frozen=True)
class ClauseTemplate:
    code: str
    kind: str  # "pks" | "mou" | "addendum"
    name: str  # Indonesian display name
    partner_types: tuple[str, ...]
    title: str  # e.g. "PERJANJIAN KERJA SAMA"
    subject: str  # "TENTANG …", may hold placeholders
    first_party_role: str
    second_party_role: str
    recitals: tuple[str, ...]
    articles: tuple[tuple[str, str], ...]  # (title, body)
    # Which side signs as the first party: "practice", or "partner" where the partner writes
    # itself first (BPJS Kesehatan is PIHAK KESATU). Whoever drafts, the order stays.
    first_party: str = Party.PRACTICE.value
    # "PIHAK" where the template names each party also on its own ("masing-masing disebut").
    each_party_called: str = ""
    # The template's text says the practice passed BPJS credentialing: finalize requires
    # step 4's credentialing requirements to be met.
    claims_credentialing: bool = False
    # The lampiran its text cites besides the work plan and the budget.
    lampiran: tuple[CitedLampiran, ...] = ()
    # The roles a partnership with this template starts with in step 3, as (party, text):
    # proposed from the template's own Hak dan Kewajiban, each the doctor's to change or delete.
    proposed_roles: tuple[tuple[str, str], ...] = ()

    @property
    def practice_role(self) -> str:
        """The practice's role in this template: ``PIHAK PERTAMA`` or ``PIHAK KEDUA``."""
        if self.first_party == Party.PRACTICE.value:
            return self.first_party_role
        return self.second_party_role

    @property
    def partner_role(self) -> str:
        if self.first_party == Party.PRACTICE.value:
            return self.second_party_role
        return self.first_party_role

    def role_of(self, party: str) -> str:
        """How this template names *party* (``practice``, ``partner`` or ``both``) in its text,
        lampiran, closing and paraf strip: the one place a party label comes from."""
        if party == Party.PRACTICE.value:
            return self.practice_role
        if party == Party.PARTNER.value:
            return self.partner_role
        return BOTH_PARTIES

    @property
    def party_order(self) -> tuple[str, str]:
        """``("practice", "partner")``, or the reverse where the partner writes itself first."""
        if self.first_party == Party.PRACTICE.value:
            return (Party.PRACTICE.value, Party.PARTNER.value)
        return (Party.PARTNER.value, Party.PRACTICE.value)

    def texts(self) -> tuple[str, ...]:
        """Every text of the template that the filler fills."""
        return (
            self.title,
            self.subject,
            *self.recitals,
            *(part for article in self.articles for part in article),
        )

    @property
    def placeholders(self) -> frozenset[str]:
        return frozenset(name for text in self.texts() for name in placeholders_in(text))


def _one_line(value: object) -> str:
    return " ".join(_as_text(value).split())


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    try:
        return str(value)
    except Exception:  # a filler that never raises: an unprintable value is an empty one
        return ""


def numbered_list(items: Sequence[str]) -> str:
    """``"(1) …;\\n(2) …; dan\\n(3) …."``: items as an agreement lists them.

    Each item becomes one line (a line break inside an item would start a false item), loses its
    own closing punctuation and gets the list's: ``;`` between items, ``; dan`` before the last,
    ``.`` at the end. Empty items are skipped; no items give ``""``. A single item is not
    numbered: a list of one is a sentence, as an ayat alone carries no "(1)".
    """
    if items is None:
        return ""
    if isinstance(items, str):
        items = [items]
    cleaned = [_one_line(item).rstrip(_TRAILING_PUNCTUATION) for item in items]
    cleaned = [item for item in cleaned if item]
    last = len(cleaned)
    if last == 1:
        return cleaned[0][:1].upper() + cleaned[0][1:] + "."
    lines = []
    for number, item in enumerate(cleaned, 1):
        ending = "." if number == last else "; dan" if number == last - 1 else ";"
        lines.append(f"({number}) {item}{ending}")
    return "\n".join(lines)


def lettered_list(items: Sequence[str]) -> str:
    """``"a. …;\nb. …; dan\nc. …."``: the points of an ayat, as :func:`numbered_list` ends
    them; one item alone is a sentence."""
    numbered = numbered_list(items)
    return re.sub(r"^\((\d+)\) ", lambda m: f"{chr(ord('a') + int(m.group(1)) - 1)}. ",
                  numbered, flags=re.MULTILINE)


def goal_text(description: str, target: str = "", target_date: date | None = None) -> str:
    """A goal as the agreement states it: ``Angka kontak, dengan target paling sedikit 150
    (seratus lima puluh) per mil, dicapai paling lambat tanggal 31 Desember 2027``; the target
    and its date only when step 3 holds them."""
    text = _one_line(description).rstrip(_TRAILING_PUNCTUATION)
    target = target_wording(_one_line(target).rstrip(_TRAILING_PUNCTUATION))
    if target:
        text += f", dengan target {target}"
    if target_date is not None:
        text += f", dicapai paling lambat tanggal {long_date_id(target_date)}"
    return text


def credentialing_pending(unmet: int, unscored: int) -> str:
    """What a draft PKS says where it recites that the practice passed credentialing while
    step 4 does not show it: ``[catatan draf: Langkah 4 masih mencatat 3 (tiga) persyaratan
    administrasi belum terpenuhi dan 4 (empat) area teknis belum dinilai]``; ``""`` when
    nothing is missing (finalize refuses until then, so a final text never carries it)."""
    missing = []
    if unmet:
        missing.append(f"{count_with_words(unmet)} persyaratan belum terpenuhi")
    if unscored:
        missing.append(f"{count_with_words(unscored)} area teknis belum dinilai")
    if not missing:
        return ""
    return f"[catatan draf: Langkah 4 masih mencatat {' dan '.join(missing)}]"


def kbk_targets() -> str:
    """The KBK indicators with their targets, as Pasal Kapitasi Berbasis Kinerja lists them
    (``a. angka kontak, dengan target paling sedikit 150 (seratus lima puluh) per mil;``):
    the same wording step 3 proposes for the goals (:func:`~.bpjs.indicator_target`)."""
    return lettered_list([
        goal_text(i.name[:1].lower() + i.name[1:], indicator_target(i)) for i in kbk_indicators()
    ])


def join_words(items: Sequence[str]) -> str:
    """``"A dan B"``, ``"A, B, dan C"``: a list in running Indonesian text."""
    items = [item for item in items if item]
    if len(items) <= 2:
        return " dan ".join(items)
    return ", ".join(items[:-1]) + ", dan " + items[-1]


def ordinal_word(n: int) -> str:
    """``"pertama"``, ``"kedua"``, ``"kesebelas"``, ``"kedua belas"``: the nth, in words."""
    return "pertama" if n == 1 else "ke" + terbilang(n)


def count_with_words(n: int) -> str:
    """``"15 (lima belas)"``: a count as agreements write it."""
    return f"{n} ({terbilang(n)})"


@dataclass(frozen=True)
class FillContext:
    """The values of the placeholders, each already formatted as the document prints it.

    Build one with :func:`build_context` from plain values, or directly with strings. Every field
    may be empty: the filler then writes a fallback (see :data:`FALLBACKS`) or :data:`BLANK`.
    """

    practice_name: str = ""
    doctor_name: str = ""
    partner_name: str = ""
    partner_type_name: str = ""  # "apotek", "rumah sakit", … (see PARTNER_TYPE_NAMES_ID)
    place: str = ""  # where the agreement is signed
    city: str = ""  # whose Pengadilan Negeri hears disputes: "Bandung"
    start_date: str = ""  # "1 Januari 2027"
    end_date: str = ""
    duration_months: str = ""  # "12"
    duration_words: str = ""  # "dua belas"
    # " 17 (tujuh belas) hari" after "bulan" where the term runs past whole months; else ""
    duration_days: str = ""
    goals: str = ""  # numbered list "(1) …\n(2) …" (step 3 goals)
    practice_roles: str = ""  # numbered list (step 3 roles of the practice)
    partner_roles: str = ""  # numbered list (step 3 roles of the partner)
    budget_total: str = ""  # "Rp2.950.000,00 (dua juta … rupiah)"
    # "Rencana Anggaran Biaya pada Lampiran 2": where the RAB the text quotes is printed
    budget_lampiran: str = ""
    budget_per_party: str = ""  # "PIHAK KESATU menanggung Rp… (…) dan PIHAK KEDUA menanggung …"
    capitation_rate: str = ""  # "Rp8.800,00 (delapan ribu delapan ratus rupiah)"
    payment_days: str = ""  # "15 (lima belas)"
    notice_days: str = ""  # "30 (tiga puluh)"
    idea: str = ""  # step 1 idea, a phrase: quoted inside a recital
    shared_vision: str = ""  # the vision both parties entered alike, quoted inside a recital
    # "PARA PIHAK memiliki kesamaan visi, yaitu “…”", or each party's own: see vision_statement
    vision_statement: str = ""
    first_party_role: str = ""  # "PIHAK KESATU" in a BPJS PKS, "PIHAK PERTAMA" elsewhere
    second_party_role: str = ""  # "PIHAK KEDUA"
    # "Lampiran 3": the number the template's own lampiran (prices, tariffs) is printed under.
    listed_lampiran: str = ""
    # "Lampiran 1 Rencana Kerja dan Lampiran 2 Rencana Anggaran Biaya": what the Penutup
    # declares part of the agreement, exactly the lampiran printed.
    lampiran_list: str = ""
    # The KBK indicators and targets, lettered (Pasal Kapitasi Berbasis Kinerja): kbk_targets
    kbk_targets: str = ""
    # An adendum's changes to the Perjanjian Induk, lettered: see amendments.changes_text
    amendments: str = ""
    # Recital b of an adendum: why the parties change the Induk, as step 8 holds it ("berdasarkan
    # hasil monitoring dan evaluasi …" only after an evaluation): see amendments.amendment_basis
    amendment_basis: str = ""
    # A draft's note beside "dinyatakan memenuhi persyaratan" while step 4 does not show it:
    # see credentialing_pending ("" once it does, and always in a final text)
    credentialing_pending: str = ""

    numbered_list = staticmethod(numbered_list)


PLACEHOLDERS: frozenset[str] = frozenset(f.name for f in fields(FillContext))

# Fields holding a numbered list: kept as lines, a whole sentence when empty.
LIST_FIELDS: frozenset[str] = frozenset({"goals", "practice_roles", "partner_roles"})
# Lists the program writes from its own data (the KBK targets, an adendum's changes): kept as
# lines; empty, a blank (finalize names what is missing).
LINE_FIELDS: frozenset[str] = frozenset({"kbk_targets", "amendments"})
# Fields quoted mid-sentence: one line without closing punctuation, a neutral phrase when empty.
PHRASE_FIELDS: frozenset[str] = frozenset({"idea", "shared_vision"})
# Fields that only quote what the user typed: empty, the recital stating them is left out,
# never filled with words nobody typed.
TYPED_ONLY_FIELDS: frozenset[str] = frozenset({"idea", "shared_vision", "vision_statement"})
# A tail a sentence carries only where the data have one, its leading space included ("bulan"
# + " 17 (tujuh belas) hari"): empty is no blank.
TAIL_FIELDS: frozenset[str] = frozenset({"duration_days", "credentialing_pending"})

_LIST_FALLBACK_TAIL = (
    "disepakati PARA PIHAK secara tertulis dan dituangkan dalam rencana kerja kemitraan yang "
    "merupakan bagian tidak terpisahkan dari kerja sama ini."
)
FALLBACKS: dict[str, str] = {
    "goals": "Rincian tujuan tersebut " + _LIST_FALLBACK_TAIL,
    "practice_roles": "Rincian peran dan tanggung jawab tersebut " + _LIST_FALLBACK_TAIL,
    "partner_roles": "Rincian peran dan tanggung jawab tersebut " + _LIST_FALLBACK_TAIL,
    "idea": "meningkatkan mutu dan keterjangkauan pelayanan kesehatan bagi masyarakat",
    "shared_vision": (
        "mewujudkan pelayanan kesehatan yang bermutu, mudah dijangkau, dan berkesinambungan"
    ),
}


def _field_value(name: str, raw: object) -> str:
    if name in TAIL_FIELDS:
        text = _one_line(raw)
        return f" {text}" if text else ""
    if name in TYPED_ONLY_FIELDS:
        return _one_line(raw).rstrip(_TRAILING_PUNCTUATION)
    if name in LIST_FIELDS or name in LINE_FIELDS:
        text = _as_text(raw).replace("\r\n", "\n").replace("\r", "\n").strip()
        return text or FALLBACKS.get(name, BLANK)
    text = _one_line(raw)
    if name in PHRASE_FIELDS:
        text = text.rstrip(_TRAILING_PUNCTUATION)
        return text or FALLBACKS[name]
    return text or BLANK


def _values(context: object) -> dict[str, str]:
    return {name: _field_value(name, getattr(context, name, "")) for name in PLACEHOLDERS}


def filled_values(context: object) -> dict[str, str]:
    """Every placeholder's printed value from *context* (fallbacks and blanks included)."""
    return _values(context)


def fill_with(text: str, values: dict[str, str]) -> str:
    """*text* filled from :func:`filled_values`: one pass, unknown placeholders kept."""
    return _substitute(text, values)


def slot_values(template_text: str, text: str) -> list[tuple[str, str]] | None:
    """What *text* holds where *template_text* has its placeholders, if *text* is the template
    with only those places changed (whitespace aside): ``[("start_date", "1 Februari 2027")…]``.

    A place still holding its placeholder gives ``"{name}"``. None when the wording around the
    placeholders is not the template's (the user rewrote the sentence).
    """
    pieces = _PLACEHOLDER.split(_as_text(template_text))
    literals, names = pieces[0::2], pieces[1::2]
    if not names:
        return None
    pattern = []
    for index, literal in enumerate(literals):
        words = literal.split()
        lead = r"\s*" if literal[:1].isspace() or not words else ""
        tail = r"\s*" if literal[-1:].isspace() and words else ""
        pattern.append(lead + r"\s+".join(re.escape(word) for word in words) + tail)
        if index < len(names):
            pattern.append(f"(?P<s{index}>.*?)")
    match = re.fullmatch("".join(pattern), _as_text(text).strip(), re.DOTALL)
    if match is None:
        return None
    return [(name, match.group(f"s{index}")) for index, name in enumerate(names)]


def rewrite_slots(template_text: str, slots: Sequence[tuple[str, str]],
                  value: Callable[[str, str], str]) -> str:
    """*template_text* with its placeholders, in order, replaced by ``value(name, written)``
    for each of the *slots* :func:`slot_values` found (a placeholder past them is dropped)."""
    pieces = _PLACEHOLDER.split(template_text)
    out = []
    for index, literal in enumerate(pieces[0::2]):
        out.append(literal)
        if index < len(slots):
            out.append(value(*slots[index]))
    return "".join(out)


# Wording earlier templates gave every draft, for a fact the data now state: a draft that still
# reads so word for word takes the present wording (the adendum's recital b cited a monitoring
# and evaluation that step 8 may not hold).
RETIRED_WORDING: dict[str, str] = {
    "bahwa berdasarkan hasil monitoring dan evaluasi pelaksanaan Perjanjian Induk, PARA PIHAK "
    "memandang perlu mengubah beberapa ketentuan dalam Perjanjian Induk;":
    "bahwa {amendment_basis}, PARA PIHAK memandang perlu mengubah beberapa ketentuan dalam "
    "Perjanjian Induk;",
}


def current_wording(text: str) -> str:
    """*text* as the templates word it now: a retired wording (:data:`RETIRED_WORDING`)
    replaced, anything else (the user's own) as it is."""
    return RETIRED_WORDING.get(_one_line(text), text)


def fill_recital(text: str, values: dict[str, str]) -> str:
    """A recital filled from :func:`filled_values`, or ``""`` (left out) when it quotes a
    field the user left empty: a recital states only what was typed."""
    if any(name in TYPED_ONLY_FIELDS and not values.get(name, "").strip()
           for name in placeholders_in(text)):
        return ""
    return _substitute(text, values)


def _same_words(a: str, b: str) -> bool:
    return _one_line(a).rstrip(_TRAILING_PUNCTUATION).casefold() == \
        _one_line(b).rstrip(_TRAILING_PUNCTUATION).casefold()


def vision_entered_as_shared(practice_vision: str, partner_vision: str) -> str:
    """The vision entered as shared: both parties' visions typed and the same; else ``""``."""
    practice = _one_line(practice_vision).rstrip(_TRAILING_PUNCTUATION)
    if practice and _same_words(practice, partner_vision):
        return practice
    return ""


def vision_statement(
    practice_vision: str, partner_vision: str, template: ClauseTemplate | None = None,
) -> str:
    """What a recital says of the parties' visions, only as typed in step 1:
    ``PARA PIHAK memiliki kesamaan visi, yaitu “…”`` when both typed the same one, else each
    party's own (``PIHAK KESATU memiliki visi “…” dan PIHAK KEDUA memiliki visi “…”``, in the
    template's order), one party's alone, or ``""`` when neither was typed."""
    template = template or _DEFAULT_ROLES
    shared = vision_entered_as_shared(practice_vision, partner_vision)
    if shared:
        return f"{BOTH_PARTIES} memiliki kesamaan visi, yaitu “{shared}”"
    typed = {Party.PRACTICE.value: practice_vision, Party.PARTNER.value: partner_vision}
    own = [
        f"{template.role_of(party)} memiliki visi “{vision}”"
        for party in template.party_order
        if (vision := _one_line(typed[party]).rstrip(_TRAILING_PUNCTUATION))
    ]
    return " dan ".join(own)


def placeholders_in(text: str) -> list[str]:
    """The ``{name}`` placeholders of *text*, in order, known or not."""
    return _PLACEHOLDER.findall(_as_text(text))


def fill(text: str, context: FillContext) -> str:
    """*text* with every known ``{name}`` replaced by its value from *context*.

    One pass over the template: inserted values are never searched again, so user text with
    braces stays as typed. Unknown placeholders stay visible. Never raises.
    """
    return _substitute(text, _values(context))


def _substitute(text: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), _as_text(text))


def filled_clauses(
    template: ClauseTemplate, context: FillContext
) -> tuple[list[str], list[tuple[str, str]]]:
    """The template's recitals and articles (title, body), filled: a draft's clauses."""
    values = _values(context)
    recitals = [_substitute(text, values) for text in template.recitals
                if fill_recital(text, values)]
    articles = [
        (_substitute(title, values), _substitute(body, values)) for title, body in template.articles
    ]
    return recitals, articles


# --- Building a context from plain values -------------------------------------------------------

# The labels of an agreement whose template is not known: the practice first, PIHAK PERTAMA.
_DEFAULT_ROLES = ClauseTemplate(
    code="", kind="pks", name="", partner_types=(), title="", subject="",
    first_party_role=DEFAULT_FIRST_PARTY_ROLE, second_party_role=DEFAULT_SECOND_PARTY_ROLE,
    recitals=(), articles=(),
)


def practice_roles() -> tuple[str, str]:
    """How agreements name the practice: in its own (jejaring) agreements, and in a BPJS PKS,
    where the branch writes itself first ("PIHAK PERTAMA", "PIHAK KEDUA")."""
    return (_DEFAULT_ROLES.role_of(Party.PRACTICE.value),
            template_for(PartnerType.BPJS.value).role_of(Party.PRACTICE.value))


def months_between(start: date, end: date) -> int | None:
    """Whole months from *start* to *end* inclusive: 1 Jan – 31 Dec is 12; None under a month."""
    if end < start:
        return None
    months = (end.year - start.year) * 12 + (end.month - start.month) + 1
    day_after = end + timedelta(days=1)
    while months > 0 and add_months(start, months) > day_after:
        months -= 1
    return months or None


def days_after_months(start: date, end: date) -> int:
    """The days a term runs past its whole months (:func:`months_between`): 15 Desember 2026
    – 31 Desember 2027 is 12 bulan and 17 hari; 1 Januari – 31 Desember has none."""
    if end < start:
        return 0
    months = months_between(start, end) or 0
    return (end + timedelta(days=1) - add_months(start, months)).days


def court_city(regency: str) -> str:
    """The Pengadilan Negeri a regency's name proposes: "Kabupaten Sleman" → "Sleman" (its name
    is "Pengadilan Negeri Sleman"), the place name letters use (:func:`~.places.place_name`).
    Only a proposal: some courts are named after another town (Gunungkidul's sits in
    Wonosari), so the agreement keeps its own, editable."""
    return place_name(_as_text(regency))


def proposed_start_date(today: date, partner_type: str) -> date:
    """The first day a new draft proposes. A BPJS PKS runs from the first of a month, as
    capitation is paid by the month for the members registered that month: the next first
    (today when it is the first), 4 Desember 2026 → 1 Januari 2027. Other partners: today."""
    if partner_type != PartnerType.BPJS.value or today.day == 1:
        return today
    return add_months(today.replace(day=1), 1)


def default_end_date(start: date, months: int = 12) -> date:
    """The last day of a term of *months* from *start*: 1 Januari 2027 → 31 Desember 2027."""
    return add_months(start, months) - timedelta(days=1)


def term_in_months(start: date | None, end: date | None) -> str:
    """The term as agreements write it, ``"12 (dua belas) bulan"`` (``"12 (dua belas) bulan 17
    (tujuh belas) hari"`` past whole months), counted from the dates by :func:`months_between`
    and :func:`days_after_months`; empty while a date is missing or the term is under a month."""
    months = months_between(start, end) if start and end else None
    if not months:
        return ""
    days = days_after_months(start, end)
    return f"{count_with_words(months)} bulan" + (f" {count_with_words(days)} hari" if days else "")


def build_context(
    *,
    practice_name: str = "",
    doctor_name: str = "",
    partner_name: str = "",
    partner_type: str = "",
    place: str = "",
    city: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
    duration_months: int | None = None,
    goals: Sequence[str] = (),
    practice_roles: Sequence[str] = (),
    partner_roles: Sequence[str] = (),
    budget_total_sen: int | None = None,
    budget_practice_sen: int | None = None,
    budget_partner_sen: int | None = None,
    budget_shared_sen: int | None = None,
    capitation_rate_sen: int | None = None,
    payment_days: int | None = None,
    notice_days: int | None = None,
    idea: str = "",
    shared_vision: str = "",
    partner_vision: str | None = None,
    template: ClauseTemplate | None = None,
    lampiran_titles: Sequence[str] = (),
    amendments: str = "",
    amendment_basis: str = "",
    credentialing_note: str = "",
) -> FillContext:
    """A :class:`FillContext` from plain values, formatted the way agreements write them.

    Dates become ``"1 Januari 2027"``, money ``"Rp2.950.000,00 (dua juta … rupiah)"``, counts
    ``"15 (lima belas)"``. Without *duration_months* the duration is counted from the dates.
    The parties are named by the labels of *template* (its roles and its order: BPJS writes
    itself first as PIHAK KESATU); without one, the practice is PIHAK PERTAMA.
    *lampiran_titles* are the lampiran printed, in order: the Penutup lists them and the
    template's own lampiran is cited by its number among them. *amendments* is an adendum's
    list of changes (:func:`~.amendments.changes_text`), *credentialing_note* a draft's
    :func:`credentialing_pending`.
    A value left out stays empty and the filler writes its fallback.
    """
    extra_days = 0
    if duration_months is None and start_date is not None and end_date is not None:
        duration_months = months_between(start_date, end_date)
        extra_days = days_after_months(start_date, end_date) if duration_months else 0
    template = template or _DEFAULT_ROLES

    share_of = {Party.PRACTICE.value: budget_practice_sen, Party.PARTNER.value: budget_partner_sen}
    shares = [
        f"{template.role_of(party)} menanggung {rupiah_with_words(share_of[party])}"
        for party in template.party_order
        if share_of[party] is not None
    ]
    if budget_shared_sen:
        shares.append(f"{BOTH_PARTIES} menanggung bersama {rupiah_with_words(budget_shared_sen)}")

    def money(sen: int | None) -> str:
        return "" if sen is None else rupiah_with_words(sen)

    def count(n: int | None) -> str:
        return "" if n is None else count_with_words(n)

    return FillContext(
        practice_name=practice_name,
        doctor_name=doctor_name,
        partner_name=partner_name,
        partner_type_name=PARTNER_TYPE_NAMES_ID.get(_as_text(partner_type), ""),
        place=place,
        city=city,
        start_date=long_date_id(start_date) if start_date else "",
        end_date=long_date_id(end_date) if end_date else "",
        duration_months="" if duration_months is None else str(duration_months),
        duration_words="" if duration_months is None else terbilang(duration_months),
        duration_days=f"{count_with_words(extra_days)} hari" if extra_days else "",
        goals=numbered_list(goals),
        practice_roles=numbered_list(practice_roles),
        partner_roles=numbered_list(partner_roles),
        budget_total=money(budget_total_sen),
        budget_per_party=join_words(shares),
        capitation_rate=money(capitation_rate_sen),
        payment_days=count(payment_days),
        notice_days=count(notice_days),
        idea=idea,
        # Without the partner's vision the one given is taken as shared (as callers meant it).
        shared_vision=(shared_vision if partner_vision is None
                       else vision_entered_as_shared(shared_vision, partner_vision)),
        vision_statement=vision_statement(
            shared_vision, shared_vision if partner_vision is None else partner_vision, template),
        first_party_role=template.first_party_role,
        second_party_role=template.second_party_role,
        listed_lampiran=next(
            (lampiran_label(number) for number, title in enumerate(lampiran_titles, 1)
             if template.lampiran and title == template.lampiran[0].title), ""),
        lampiran_list=lampiran_list(lampiran_titles),
        # The total quoted is the RAB's: cited as the RAB, by its number, not as the work plan
        # (whose own total may differ; its lampiran says by how much).
        budget_lampiran=next(
            (f"{BUDGET_TITLE} pada {lampiran_label(number)}"
             for number, title in enumerate(lampiran_titles, 1) if title == BUDGET_TITLE),
            # No RAB printed: its shares are missing too, and finalize names those.
            BUDGET_TITLE),
        kbk_targets=kbk_targets(),
        amendments=amendments,
        amendment_basis=amendment_basis,
        credentialing_pending=credentialing_note,
    )


# --- Loading the templates ----------------------------------------------------------------------

_REQUIRED_KEYS = (
    "code",
    "kind",
    "name",
    "partner_types",
    "title",
    "subject",
    "recitals",
    "articles",
)
_OPTIONAL_KEYS = (
    "first_party_role", "second_party_role", "first_party", "each_party_called",
    "claims_credentialing", "lampiran", "proposed_roles",
)


def templates_dir() -> Path:
    return resource_path("clauses")


def _parse_template(path: Path) -> ClauseTemplate:
    def fail(problem: str) -> ClauseTemplateError:
        return ClauseTemplateError(f"Clause template {path.name} ({path}): {problem}")

    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise fail(f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"cannot be read: {exc}") from exc
    if not isinstance(data, dict):
        raise fail("the file must hold one JSON object")

    missing = [key for key in _REQUIRED_KEYS if key not in data]
    if missing:
        raise fail("missing " + ", ".join(repr(key) for key in missing))
    unknown = sorted(
        key
        for key in data
        if key not in _REQUIRED_KEYS and key not in _OPTIONAL_KEYS and not key.startswith("_")
    )
    if unknown:
        raise fail("unknown " + ", ".join(repr(key) for key in unknown))

    def text(key: str, *, allow_empty: bool = False) -> str:
        value = data.get(key)
        if not isinstance(value, str) or (not allow_empty and not value.strip()):
            raise fail(f"{key!r} must be a non-empty string")
        return value

    code = text("code")
    if code != path.stem:
        raise fail(f"'code' is {code!r} but must match the file name {path.stem!r}")
    kind = text("kind")
    if kind not in KINDS:
        raise fail(f"'kind' is {kind!r}; expected one of {', '.join(KINDS)}")

    partner_types = data["partner_types"]
    if not isinstance(partner_types, list) or not partner_types:
        raise fail("'partner_types' must be a non-empty list")
    known_types = {member.value for member in PartnerType}
    for value in partner_types:
        if value not in known_types:
            raise fail(f"unknown partner type {value!r} in 'partner_types'")

    first_party = data.get("first_party", Party.PRACTICE.value)
    if first_party not in _PARTIES:
        raise fail(f"'first_party' is {first_party!r}; expected 'practice' or 'partner'")

    recitals = data["recitals"]
    if not isinstance(recitals, list) or not all(
        isinstance(r, str) and r.strip() for r in recitals
    ):
        raise fail("'recitals' must be a list of non-empty strings")

    raw_articles = data["articles"]
    if not isinstance(raw_articles, list) or not raw_articles:
        raise fail("'articles' must be a non-empty list")
    articles = []
    for number, article in enumerate(raw_articles, 1):
        if (
            not isinstance(article, dict)
            or set(article) != {"title", "body"}
            or not all(isinstance(article[k], str) and article[k].strip() for k in article)
        ):
            raise fail(f"article {number} must be an object with a non-empty 'title' and 'body'")
        articles.append((article["title"], article["body"]))

    cited = []
    for number, block in enumerate(data.get("lampiran") or [], 1):
        if (not isinstance(block, dict) or not isinstance(block.get("title"), str)
                or not block["title"].strip() or not isinstance(block.get("header"), list)
                or not all(isinstance(h, str) for h in block["header"])
                or not isinstance(block.get("blank_rows", 10), int)
                or not isinstance(block.get("note", ""), str)):
            raise fail(f"lampiran {number} must have a 'title', a 'header' list of strings, "
                       "and may have 'blank_rows' (a number) and a 'note'")
        cited.append(CitedLampiran(block["title"], tuple(block["header"]),
                                   block.get("blank_rows", 10), block.get("note", "")))
    raw_roles = data.get("proposed_roles", {})
    if not isinstance(raw_roles, dict) or not set(raw_roles) <= set(_PARTIES) or not all(
        isinstance(texts, list) and all(isinstance(t, str) and t.strip() for t in texts)
        for texts in raw_roles.values()
    ):
        raise fail("'proposed_roles' must map 'practice' and 'partner' to lists of texts")
    proposed_roles = tuple((party, " ".join(text.split()))
                           for party in _PARTIES for text in raw_roles.get(party, ()))

    template = ClauseTemplate(
        code=code,
        kind=kind,
        name=text("name"),
        partner_types=tuple(partner_types),
        title=text("title"),
        subject=text("subject", allow_empty=True),
        first_party_role=data.get("first_party_role") or DEFAULT_FIRST_PARTY_ROLE,
        second_party_role=data.get("second_party_role") or DEFAULT_SECOND_PARTY_ROLE,
        recitals=tuple(recitals),
        articles=tuple(articles),
        first_party=first_party,
        each_party_called=data.get("each_party_called") or "",
        claims_credentialing=data.get("claims_credentialing") is True,
        lampiran=tuple(cited),
        proposed_roles=proposed_roles,
    )
    for role in (template.first_party_role, template.second_party_role):
        if not isinstance(role, str):
            raise fail("party roles must be strings")

    # Every placeholder must be one the filler knows, and no other brace may be left over:
    # a typo here would otherwise reach a printed agreement.
    for piece in template.texts():
        for name in placeholders_in(piece):
            if name not in PLACEHOLDERS:
                raise fail(f"unknown placeholder {{{name}}}")
        if "{" in _PLACEHOLDER.sub("", piece) or "}" in _PLACEHOLDER.sub("", piece):
            raise fail(f"a stray brace in {piece[:60]!r}")
    return template


@lru_cache(maxsize=8)
def _load_directory(directory: str) -> tuple[tuple[str, ClauseTemplate], ...]:
    root = Path(directory)
    if not root.is_dir():
        raise ClauseTemplateError(f"The clause template folder {root} does not exist.")
    return tuple((path.stem, _parse_template(path)) for path in sorted(root.glob("*.json")))


def load_templates(directory: Path | str | None = None) -> dict[str, ClauseTemplate]:
    """Every template by code, read once from ``resources/clauses/`` (or *directory*).

    A malformed file raises :class:`ClauseTemplateError` naming it.
    """
    root = Path(directory) if directory is not None else templates_dir()
    return dict(_load_directory(str(root.resolve())))


def clear_template_cache() -> None:
    _load_directory.cache_clear()


def template_code_for(partner_type: str, kind: str = "pks") -> str:
    """The code of the template an agreement of *kind* with *partner_type* starts from."""
    kind = _as_text(kind).strip().lower()
    if kind == "addendum":
        return ADDENDUM_TEMPLATE
    if kind == "mou":
        return GENERAL_TEMPLATE
    if kind == "pks":
        # klinik, dinas kesehatan and other partners have no PKS of their own: the general PKS
        # (a PKS printed from the MoU's text called itself "Nota Kesepahaman ini" in every Pasal).
        return PKS_TEMPLATE_FOR.get(_as_text(partner_type).strip().lower(),
                                    GENERAL_PKS_TEMPLATE)
    raise ValueError(f"Unknown agreement kind {kind!r}; expected one of {', '.join(KINDS)}")


def templates_offered(partner_type: str, kind: str = "pks") -> tuple[ClauseTemplate, ...]:
    """The templates an agreement of *kind* with *partner_type* may start from: the one
    :func:`template_for` proposes first, then any other of that kind written for that partner
    type. An MoU is offered only MoU texts and an apotek only the apotek's PKS: a "NOTA
    KESEPAHAMAN" printed from a PKS text called itself "Perjanjian ini" in every Pasal."""
    proposed = template_for(partner_type, kind)
    partner_type = _as_text(partner_type).strip().lower()
    others = tuple(template for code, template in sorted(load_templates().items())
                   if code != proposed.code and template.kind == proposed.kind
                   and partner_type in template.partner_types)
    return (proposed, *others)


def template_named(code: str) -> ClauseTemplate:
    """The template *code*; an agreement whose template file is gone keeps the default labels
    (the practice first as PIHAK PERTAMA) rather than failing to print."""
    return load_templates().get(_as_text(code), _DEFAULT_ROLES)


def template_for(partner_type: str, kind: str = "pks") -> ClauseTemplate:
    """The template an agreement of *kind* (pks, mou, addendum) with *partner_type* starts from.

    bpjs → bpjs_fktp_pks, apotek → apotek_pks, laboratorium → laboratorium_pks, bidan →
    bidan_pks, puskesmas and rumah_sakit → rujukan_pks; a PKS with another partner type (klinik,
    dinas kesehatan, other) → pks_umum; any MoU → mou_umum; any addendum → addendum.
    """
    code = template_code_for(partner_type, kind)
    templates = load_templates()
    try:
        return templates[code]
    except KeyError:
        raise ClauseTemplateError(
            f"The clause template {code}.json is missing from {templates_dir()}."
        ) from None
