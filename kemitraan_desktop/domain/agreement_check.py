"""What finalize checks in an agreement's text: facts typed by hand that the data contradicts.

A draft's clauses hold their template's ``{placeholders}``, filled from the data whenever the
agreement is printed. Where the user typed a fact over a placeholder (a date, a name, the term),
the text no longer follows the data: :func:`text_disagreements` finds each such place by lining
the clause up with the template text it came from, and, for text the user wrote anew, by the
facts that can be read in any sentence (the term in months, a number and its words, a party
label the agreement does not have). Finalize refuses with the list.

:func:`restore_placeholders` turns a draft made before placeholders were kept (its facts written
into the text when it was drafted) back into placeholders where the text still says what the
data says, so such a draft follows the data from then on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kemitraan_desktop.i18n import N_, _

from .clauses import (
    BLANK,
    FALLBACKS,
    TAIL_FIELDS,
    TYPED_ONLY_FIELDS,
    placeholders_in,
    rewrite_slots,
    slot_values,
)
from .indicators import target_wording
from .money import terbilang

# The name a person reads for each fact a clause may state.
FACT_LABELS: dict[str, str] = {
    "practice_name": N_("the practice's name"),
    "doctor_name": N_("the doctor's name"),
    "partner_name": N_("the partner's name"),
    "partner_type_name": N_("the kind of partner"),
    "place": N_("the place of signing"),
    "city": N_("the Pengadilan Negeri"),
    "start_date": N_("the start date"),
    "end_date": N_("the end date"),
    "duration_months": N_("the term in months"),
    "duration_words": N_("the term in words"),
    "duration_days": N_("the days of the term past its whole months"),
    "credentialing_pending": N_("the note that step 4 does not show credentialing passed"),
    "goals": N_("the goals (step 3)"),
    "practice_roles": N_("the practice's roles (step 3)"),
    "partner_roles": N_("the partner's roles (step 3)"),
    "budget_total": N_("the budget total (step 4)"),
    "budget_per_party": N_("the budget shares (step 4)"),
    "budget_lampiran": N_("the lampiran of the budget (step 4)"),
    "capitation_rate": N_("the capitation rate"),
    "payment_days": N_("the payment period"),
    "notice_days": N_("the notice period"),
    "idea": N_("the partnership idea (step 1)"),
    "shared_vision": N_("the shared vision (step 1)"),
    "vision_statement": N_("the parties' visions (step 1)"),
    "kbk_targets": N_("the KBK indicators and targets"),
    "first_party_role": N_("the first party's label"),
    "second_party_role": N_("the second party's label"),
    "listed_lampiran": N_("the lampiran the text cites"),
    "lampiran_list": N_("the lampiran of the agreement"),
    "amendments": N_("what the addendum changes (a date or the capitation rate on the General "
                     "tab, or the new wording of a Pasal typed here)"),
    "amendment_basis": N_("the ground of the change (step 8)"),
}

# Facts the user may state by hand where the data hold none: an adendum whose dates and rate
# are the Induk's changes what its Pasal 1 says in the user's own words.
WORDED_BY_HAND_WHEN_EMPTY: frozenset[str] = frozenset({"amendments"})

_ROLE = re.compile(r"\bPIHAK\s+(PERTAMA|KESATU|KEDUA|KETIGA|KEEMPAT)\b")
_TERM = re.compile(r"jangka\s+waktu\s+(\d{1,3})\s*\(([^()]*)\)\s*bulan", re.IGNORECASE)
# "30 (tiga puluh)": a count and its words. Not "3 x 24 (tiga kali …)", not "2% (dua persen)".
_COUNT = re.compile(r"(?<![\dx×.,]\s)(?<![\d.,])\b(\d{1,3}(?:\.\d{3})*)\s+\(([a-z][a-z ]*)\)")


@dataclass(frozen=True)
class Disagreement:
    """One place where the text says something other than the data."""

    where: str  # "Pasal 9 (Jangka Waktu)", "butir b" … as the user finds it
    fact: str  # translated: "the end date"
    written: str
    expected: str

    @property
    def message(self) -> str:
        if not self.expected:
            return _("{where}: “{written}” — {fact}.").format(
                where=self.where, written=self.written, fact=self.fact)
        return _("{where}: {fact} is written “{written}”; the data say “{expected}”.").format(
            where=self.where, fact=self.fact, written=self.written, expected=self.expected)


def fact_label(name: str) -> str:
    """The translated name of the fact a placeholder holds."""
    text = FACT_LABELS.get(name)
    return _(text) if text else name


# How the clause editor shows a fact the program fills in: «the start date», never {start_date}.
_SHOWN_FACT = re.compile(r"«([^«»\n]+)»")


def editable_text(text: str) -> str:
    """*text* as the clause editor shows it: each placeholder as the readable name of its fact
    in the screen language (``«the start date»``); the stored text keeps the placeholder."""
    return _PLACEHOLDER.sub(
        lambda m: f"«{fact_label(m.group(0)[1:-1])}»" if m.group(0)[1:-1] in FACT_LABELS
        else m.group(0), str(text or ""))


def stored_text(edited: str) -> str:
    """What the clause editor stores of *edited*: each fact's name it shows (see
    :func:`editable_text`) its placeholder again; anything else as typed."""
    names = {fact_label(name): name for name in FACT_LABELS}
    return _SHOWN_FACT.sub(
        lambda m: "{" + names[m.group(1)] + "}" if m.group(1) in names else m.group(0),
        str(edited or ""))


def unfilled_facts(text: str, values: Mapping[str, str]) -> list[str]:
    """The facts *text* cites that the data leave empty, in order: printed, they would read
    ``…………`` or a list's stand-in ("Rincian tujuan tersebut disepakati …") after "sebagai
    berikut:". A final text states each fact, so finalize names what is still to be entered.
    A recital quoting only what was typed is left out instead (see ``fill_recital``)."""
    found: list[str] = []
    for name in placeholders_in(text):
        if name in found or name in TYPED_ONLY_FIELDS or name in TAIL_FIELDS \
                or name not in values:
            continue
        value = values[name]
        if not value.strip() or BLANK in value or value == FALLBACKS.get(name):
            found.append(name)
    return found


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _short(text: str, limit: int | None = 80) -> str:
    text = " ".join(text.split())
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def _aligned(text: str, template_texts: Iterable[str]) -> list[tuple[str, str]] | None:
    template_texts = list(template_texts)
    if any(_same(text, template_text) for template_text in template_texts):
        return []  # the template's own text, placeholders and all
    for template_text in template_texts:
        if len(_PLACEHOLDER.sub(" ", template_text).split()) < 3:
            # "bahwa {vision_statement};" lines up with any recital: it says nothing of one.
            continue
        slots = slot_values(template_text, text)
        if slots is not None:
            return slots
    return None


def text_disagreements(
    where: str,
    text: str,
    filled: str,
    template_texts: Iterable[str],
    values: Mapping[str, str],
    roles: Iterable[str],
    whole: bool = False,
) -> list[Disagreement]:
    """The facts of one clause that its text (*text*, as stored; *filled*, as printed) states
    otherwise than the data (*values*, each placeholder's printed value). *template_texts* are
    the template's texts this clause may come from; *roles* the party labels of the agreement.
    Each side is quoted in its first 80 characters (a list of refusals stays readable), or
    *whole*: a note that must let the doctor see what differs between them.
    """
    found: list[Disagreement] = []
    seen: set[tuple[str, str]] = set()
    limit = None if whole else 80

    def add(fact: str, written: str, expected: str) -> None:
        key = (fact, " ".join(written.split()))
        if key not in seen:
            seen.add(key)
            found.append(Disagreement(where, fact, _short(written, limit), _short(expected, limit)))

    slots = _aligned(text, template_texts)
    for name, written in slots or ():
        if written == "{" + name + "}" or name not in values:
            continue
        if name in WORDED_BY_HAND_WHEN_EMPTY and BLANK in values[name]:
            continue
        if not _same(written, values[name]) and not (
                # A text signed before targets were worded ("≥ 95%") states the same goal.
                name == "goals" and _same(target_wording(written), values[name])):
            add(fact_label(name), written, values[name])

    allowed = set(roles) | {""}
    for match in _ROLE.finditer(filled):
        label = " ".join(match.group(0).split())
        if label not in allowed:
            add(_("a party this agreement does not have"), label, "")
    months = values.get("duration_months", "")
    days = values.get("duration_days", "")
    for match in _TERM.finditer(filled):
        if months.isdigit() and match.group(1) != months:
            add(fact_label("duration_months"), match.group(1), months)
        elif days and not filled[match.end():].startswith(days):
            # "12 (dua belas) bulan" for 15 Desember 2026 – 31 Desember 2027: 17 days unsaid.
            add(fact_label("duration_days"), " ".join(match.group(0).split()),
                " ".join(match.group(0).split()) + days)
    for match in _COUNT.finditer(filled):
        number = int(match.group(1).replace(".", ""))
        words = " ".join(match.group(2).split())
        if words != terbilang(number) and not words.startswith(terbilang(number) + " "):
            add(_("a number and its words"), f"{match.group(1)} ({words})",
                f"{match.group(1)} ({terbilang(number)})")
    return found


def restore_placeholders(
    text: str, template_texts: Iterable[str], accepted: Mapping[str, Iterable[str]]
) -> str:
    """*text* with each fact that still reads as the program wrote it (a value in *accepted*
    for its placeholder) put back as the placeholder; text that no template text lines up with
    is returned as it is, to be checked as hand-written."""
    for template_text in template_texts:
        slots = slot_values(template_text, text)
        if slots is None:
            continue

        def placeholder_if_known(name: str, written: str) -> str:
            known = {" ".join(v.split()) for v in accepted.get(name, ())}
            return ("{" + name + "}" if " ".join(written.split()) in known
                    or written == "{" + name + "}" else written)

        return rewrite_slots(template_text, slots, placeholder_if_known)
    return text
