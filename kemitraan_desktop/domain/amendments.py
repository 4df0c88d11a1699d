"""What an adendum changes in the agreement it amends, worded from the data.

An adendum's own dates and capitation rate are the agreement's as amended. Where one of them
differs from the version the adendum changes, its Pasal 1 states the change: the ayat of the
Perjanjian Induk that states the fact, quoted in its new wording ("ketentuan Pasal 8 ayat (1)
Perjanjian Induk diubah sehingga berbunyi sebagai berikut: “Perjanjian ini berlaku untuk jangka
waktu … sampai dengan tanggal 31 Desember 2027.”"). The wording around the facts stays the
Induk's own; a fact no ayat of the Induk states (an agreement the partner drafted) is stated in
plain words. A lampiran printed otherwise than the Induk was signed with (the work plan, the
budget) is stated as replaced or added, one no longer printed as struck out. Nothing changed in
the data gives no change: the text then asks for one by hand.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .clauses import BLANK, rewrite_slots, slot_values
from .documents import TableBlock
from .lampiran import BUDGET_TITLE, WORK_PLAN_TITLE, lampiran_differences, lampiran_label

# The facts an adendum's General tab changes, as placeholders of the agreement's text.
TERM_FACTS: tuple[str, ...] = (
    "start_date", "end_date", "duration_months", "duration_words", "duration_days")
AMENDABLE_FACTS: tuple[str, ...] = (*TERM_FACTS, "capitation_rate")

_AYAT = re.compile(r"^\((\d{1,2})\)\s+", re.MULTILINE)


@dataclass(frozen=True)
class Change:
    """One provision of the Perjanjian Induk in its new wording, or a fact stated plainly."""

    pasal: int | None  # the Induk's Pasal; None: no Pasal of the Induk states the fact
    ayat: int | None  # its ayat; None: the Pasal has no numbered ayat
    wording: str  # the provision's new text (without its "(n)"), or the plain statement

    @property
    def text(self) -> str:
        if self.pasal is None:
            return self.wording
        where = f"Pasal {self.pasal}" + (f" ayat ({self.ayat})" if self.ayat else "")
        return (f"ketentuan {where} Perjanjian Induk diubah sehingga berbunyi sebagai "
                f"berikut: “{self.wording}”")


def _words(text: str) -> str:
    return " ".join(str(text or "").split())


def ayat_of(body: str) -> list[tuple[int | None, str]]:
    """An article's ayat as ``(number, text without "(n)")``; an article without numbered
    ayat is one provision ``(None, text)``."""
    body = str(body or "").strip()
    found = list(_AYAT.finditer(body))
    if not found or found[0].start() != 0:
        return [(None, body)] if body else []
    return [
        (int(match.group(1)),
         body[match.end():found[i + 1].start() if i + 1 < len(found) else len(body)].strip())
        for i, match in enumerate(found)
    ]


def _known(value: str) -> bool:
    return bool(value.strip()) and BLANK not in value


def _reworded_from_template(text: str, template_ayat: Sequence[str], changed: set[str],
                            new: Mapping[str, str]) -> tuple[str, set[str]] | None:
    """*text* (an ayat of the Induk) with its amendable facts refilled from *new*, and the
    changed facts it states, when it lines up with an ayat of its template (one that states
    none of them comes back as it is: its other facts, a goal's date, are no term); None
    when it lines up with none (the user wrote it)."""
    aligned = False
    for template_text in template_ayat:
        slots = slot_values(template_text, text)
        aligned = aligned or bool(slots)
        stated = changed & {name for name, _written in slots or ()}
        if not stated:
            continue
        rewritten = rewrite_slots(
            template_text, slots or (),
            lambda name, written: new[name] if name in AMENDABLE_FACTS and name in new
            else written)
        return _words(rewritten), stated
    return (_words(text), set()) if aligned else None


def _term(values: Mapping[str, str]) -> str:
    """``"12 (dua belas) bulan 17 (tujuh belas) hari"``: the term as the values print it."""
    return (f"{values.get('duration_months', '')} ({values.get('duration_words', '')}) bulan"
            f"{values.get('duration_days', '')}")


def _reworded_by_value(text: str, changed: set[str], induk: Mapping[str, str],
                       new: Mapping[str, str]) -> tuple[str, set[str]]:
    """A hand-written ayat: each changed fact read where the Induk's printed value stands."""
    stated: set[str] = set()
    text = _words(text)
    old_term, new_term = _term(induk), _term(new)
    if changed & {"duration_months", "duration_words", "duration_days"} \
            and _known(old_term) and old_term in text:
        text = text.replace(old_term, new_term)
        stated |= {"duration_months", "duration_words", "duration_days"}
    for name in ("start_date", "end_date", "capitation_rate"):
        old = induk.get(name, "")
        # "1 Januari 2027" is not the end of "11 Januari 2027".
        where = re.compile(rf"(?<![\d.,]){re.escape(old)}")
        if name in changed and _known(old) and where.search(text):
            text = where.sub(lambda _m, name=name: new.get(name, ""), text)
            stated.add(name)
    return text, stated


def changes(
    induk_articles: Sequence[str],
    template_articles: Sequence[str],
    induk: Mapping[str, str],
    before: Mapping[str, str],
    after: Mapping[str, str],
) -> list[Change]:
    """What the adendum changes, in order of the Induk's Pasal.

    *induk_articles* are the bodies of the Perjanjian Induk's articles as it was signed (Pasal 1
    first), *template_articles* those of the template it was drafted from; *induk*, *before*
    and *after* each fact's printed value (see ``clauses.filled_values``) in the Induk, in the
    version the adendum changes (the Induk, or the adendum before this one) and in the adendum.
    """
    changed = {name for name in AMENDABLE_FACTS
               if _words(before.get(name, "")) != _words(after.get(name, ""))}
    if not changed:
        return []
    template_ayat = [text for body in template_articles for _n, text in ayat_of(body)]
    found: list[Change] = []
    covered: set[str] = set()
    for pasal, body in enumerate(induk_articles, start=1):
        for ayat, text in ayat_of(body):
            reworded = (_reworded_from_template(text, template_ayat, changed, after)
                        or _reworded_by_value(text, changed, induk, after))
            wording, stated = reworded
            if stated and wording != _words(text):
                found.append(Change(pasal, ayat, wording))
                covered |= stated
    if changed & set(TERM_FACTS) and not covered & set(TERM_FACTS):
        term = f"{_term(after)}, " if _known(after.get("duration_months", "")) else ""
        found.append(Change(None, None, (
            f"jangka waktu Perjanjian Induk diubah menjadi {term}terhitung sejak tanggal "
            f"{after.get('start_date', BLANK)} sampai dengan tanggal {after.get('end_date', BLANK)}"
        )))
    if "capitation_rate" in changed and "capitation_rate" not in covered:
        found.append(Change(None, None, (
            "tarif Kapitasi dalam Perjanjian Induk diubah menjadi "
            f"{after.get('capitation_rate', BLANK)} per Peserta per bulan")))
    return found


def lampiran_changes(induk: Sequence[TableBlock], adendum: Sequence[TableBlock]) -> list[Change]:
    """The lampiran the adendum prints otherwise than the Perjanjian Induk was signed with (a
    work plan changed in step 6 after the signing, a budget line added): each replaces the
    Induk's lampiran of its title, or is added where the Induk had none; one the data no longer
    print (every step-6 activity deleted) is struck out, not left for Pasal 3 to keep in force
    unsaid. A list the parties fill in by hand (prices, tariffs) is the Induk's own and an
    adendum does not print it: it stays."""
    found = []
    for difference in lampiran_differences(induk, adendum):
        if difference.now_number is None:
            if difference.title not in (WORK_PLAN_TITLE, BUDGET_TITLE):
                continue
            found.append(Change(None, None, (
                f"{lampiran_label(difference.signed_number or 0)} {difference.title} "
                "Perjanjian Induk dihapus dan dinyatakan tidak berlaku")))
            continue
        here = f"{lampiran_label(difference.now_number)} Adendum ini"
        if difference.signed_number is None:
            found.append(Change(None, None, (
                f"{difference.title} sebagaimana tercantum dalam {here} ditambahkan sebagai "
                "lampiran yang merupakan bagian tidak terpisahkan dari Perjanjian Induk")))
        else:
            found.append(Change(None, None, (
                f"{lampiran_label(difference.signed_number)} {difference.title} Perjanjian "
                f"Induk diubah sehingga menjadi sebagaimana tercantum dalam {here}")))
    return found


# Why the adendum's recital b says the parties change the Induk: the evaluation is cited only
# where step 8 holds one, never a monitoring nobody did.
EVALUATED = "berdasarkan hasil monitoring dan evaluasi pelaksanaan Perjanjian Induk"
MONITORED = "berdasarkan hasil monitoring pelaksanaan Perjanjian Induk"
NOT_EVALUATED = "dalam pelaksanaan Perjanjian Induk"


def amendment_basis(evaluated: bool, monitored: bool) -> str:
    """What recital b of an adendum gives as the ground of the change ("bahwa …, PARA PIHAK
    memandang perlu mengubah …"): the monitoring and evaluation where the five keys were
    scored since the Induk was signed (*evaluated*), the monitoring where only indicator values
    were recorded (*monitored*), else the neutral "dalam pelaksanaan Perjanjian Induk"."""
    if evaluated:
        return EVALUATED
    return MONITORED if monitored else NOT_EVALUATED


def changes_text(found: Sequence[Change]) -> str:
    """The changes as Pasal 1 ayat (1) lists them after "sebagai berikut:": lettered
    (``a. …;`` ``b. …; dan`` ``c. ….``), one change alone a sentence; ``""`` for none."""
    items = [change.text for change in found]
    last = len(items)
    if last == 1:
        item = items[0]
        return item[:1].upper() + item[1:] + ("" if item.endswith("”") else ".")
    lines = []
    for number, item in enumerate(items, start=1):
        if number == last:
            ending = "" if item.endswith("”") else "."
        else:
            ending = "; dan" if number == last - 1 else ";"
        lines.append(f"{chr(ord('a') + number - 1)}. {item}{ending}")
    return "\n".join(lines)
