"""The five keys of success as a short questionnaire each party fills in on its own.

Each statement is scored 1 (strongly disagree) to 5 (strongly agree). Where the two parties'
averages for a key differ by ``DISAGREEMENT`` or more, the key is worth talking about.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean
from typing import Any

from kemitraan_desktop.i18n import N_, _

from .enums import SuccessKey
from .validation import ValidationError, quoted

DISAGREEMENT = 2.0
DEFAULT_GREEN = 4.0  # average at or above: green
DEFAULT_AMBER = 3.0  # average at or above (and below green): amber; below: red
LOWEST_SCORE = 1  # strongly disagree
HIGHEST_SCORE = 5  # strongly agree


@dataclass(frozen=True)
class Statement:
    code: str
    key: SuccessKey
    text: str  # marked with N_

    @property
    def label(self) -> str:
        return _(self.text)


STATEMENTS: tuple[Statement, ...] = (
    Statement("coop_vision", SuccessKey.COOPERATION,
              N_("Both parties share the same vision and mission for this partnership.")),
    Statement("coop_principles", SuccessKey.COOPERATION,
              N_("The partnership treats both parties as equals (kesetaraan).")),
    Statement("coop_benefit", SuccessKey.COOPERATION,
              N_("Both parties benefit from the partnership (saling menguntungkan).")),
    Statement("coord_goals", SuccessKey.COORDINATION,
              N_("The goals are shared and understood by both parties.")),
    Statement("coord_formal", SuccessKey.COORDINATION,
              N_("Formal communication (meetings, letters, reports) runs well.")),
    Statement("coord_informal", SuccessKey.COORDINATION,
              N_("Informal communication (phone, messages) is quick and friendly.")),
    Statement("collab_resources", SuccessKey.COLLABORATION,
              N_("Each party shares its resources openly (keterbukaan).")),
    Statement("collab_gaps", SuccessKey.COLLABORATION,
              N_("Each party fills the other's gaps.")),
    Statement("collab_costs", SuccessKey.COLLABORATION,
              N_("Costs and contributions are shared as agreed.")),
    Statement("team_performance", SuccessKey.DYNAMIC_TEAM,
              N_("The joint team performs well.")),
    Statement("team_strengths", SuccessKey.DYNAMIC_TEAM,
              N_("Team members know each other's strengths and weaknesses.")),
    Statement("team_opportunities", SuccessKey.DYNAMIC_TEAM,
              N_("The team uses new opportunities creatively.")),
    Statement("commit_duties", SuccessKey.COMMITMENT,
              N_("Both parties carry out the agreed duties.")),
    Statement("commit_long_term", SuccessKey.COMMITMENT,
              N_("Both parties intend to continue the partnership for the long term.")),
    Statement("commit_resources", SuccessKey.COMMITMENT,
              N_("Leaders of both parties give the partnership time and support.")),
)

BY_CODE = {statement.code: statement for statement in STATEMENTS}


def check_statement(code: Any) -> Statement:
    """The statement of *code*, or ``ValidationError`` for a code the questionnaire lacks."""
    statement = BY_CODE.get(code) if isinstance(code, str) else None
    if statement is None:
        raise ValidationError("statement", _("Unknown statement: {code}.").format(
            code=quoted(code)))
    return statement


def check_score(score: Any) -> int:
    """A statement's score: a whole number from 1 to 5, or ``ValidationError``."""
    if (isinstance(score, bool) or not isinstance(score, int)
            or not LOWEST_SCORE <= score <= HIGHEST_SCORE):
        raise ValidationError(
            "score", _("Each statement is scored from 1 (strongly disagree) to 5 "
                       "(strongly agree)."))
    return score


def check_answer_key(statement: Statement, key: Any) -> str:
    """The key an answer is filed under: the key its statement belongs to, no other."""
    if key != statement.key.value:
        raise ValidationError("key", _("The statement {code} belongs to the key {key}, not to "
                                       "{given}.").format(code=quoted(statement.code),
                                                          key=statement.key.label,
                                                          given=quoted(key)))
    return key


def statements_for(key: SuccessKey) -> tuple[Statement, ...]:
    return tuple(s for s in STATEMENTS if s.key is key)


def key_averages(scores: dict[str, int]) -> dict[SuccessKey, float | None]:
    """Per-key mean of the statements answered (None where none was answered).

    Kept to six decimals, not two: a difference taken from means rounded for print is off by a
    hundredth (4⅓ − 3⅔ came out 0,66 beside 4,33 and 3,67); six only clears float noise, so a
    difference of exactly 2 stays 2. Pages round when they print (numbers.format_number)."""
    result: dict[SuccessKey, float | None] = {}
    for key in SuccessKey:
        answered = [scores[s.code] for s in statements_for(key) if s.code in scores]
        result[key] = round(mean(answered), 6) if answered else None
    return result


def traffic_light(average: float | None, green: float = DEFAULT_GREEN,
                  amber: float = DEFAULT_AMBER) -> str:
    """"green", "amber", "red", or "" when the key was not scored."""
    if average is None:
        return ""
    if average >= green:
        return "green"
    if average >= amber:
        return "amber"
    return "red"


def judgement(light: str, disagree: bool) -> str:
    """What the comparison of both parties' scores says of one key, the same on the step-8
    screen and in the evaluation and archive: "Discuss" where the parties differ widely, else
    the word of the traffic light of both together ("Needs attention" for amber); ``""`` for a
    key nobody scored. The screen said "Perlu perhatian" where the archive's note stayed empty
    (walker4 F-j)."""
    if disagree:
        return _("Discuss")
    return {"green": _("Good"), "amber": _("Needs attention"), "red": _("Weak")}.get(light, "")


def disagreements(practice: dict[SuccessKey, float | None],
                  partner: dict[SuccessKey, float | None],
                  threshold: float = DISAGREEMENT) -> tuple[SuccessKey, ...]:
    """Keys where the two parties' averages differ by *threshold* or more."""
    return tuple(
        key for key in SuccessKey
        if practice.get(key) is not None and partner.get(key) is not None
        and round(abs(practice[key] - partner[key]), 6) >= threshold  # type: ignore[operator]
    )
