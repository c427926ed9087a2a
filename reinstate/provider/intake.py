"""An intake request and whether the provider takes it on: eligibility rules as data
(``eligibility.yaml``): out-of-scope categories refused with their reason, missing facts listed.

Example::

    verdict = judge(IntakeRequest.model_validate(json.loads(text)))
    verdict.eligible, [r.code for r in verdict.refusals], verdict.missing
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from ..errors import N_, InvalidInput, Phrase
from ..policies.schema import Text
from ..reasons import REASONS

RULES_FILE = Path(__file__).with_name("eligibility.yaml")
# the refusal of a platform no policy pack describes (no rules, deadlines or letter for it)
PLATFORM_REFUSAL = "unsupported_platform"

# What each fact is called when it is listed as missing.
FACT_LABELS = {
    "platform": N_("the platform"),
    "store": N_("the store's name"),
    "violation": N_("the violation or metric penalised"),
    "happened_on": N_("the date it happened"),
    "order_ids": N_("3 to 5 typical order ids"),
    "screenshot": N_("a screenshot of the account's status"),
    "earlier_attempts": N_("whether an appeal was already tried"),
    "wanted_by": N_("the wanted delivery date"),
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Keywords(_Strict):
    en: list[str] = []
    zh: list[str] = []


class OutOfScope(_Strict):
    reason: Text
    keywords: Keywords = Keywords()
    unless: str | None = None


class Span(_Strict):
    min: Annotated[int, Field(ge=1)]
    max: Annotated[int, Field(ge=1)]


class Rules(_Strict):
    out_of_scope: dict[str, OutOfScope]
    # words after a keyword that make it a thing for or of the category, not the category
    # ("cosmetic bag", "surgical steel", "口红收纳盒"), and words before it that deny it
    accessory_words: Keywords = Keywords()
    negations: Keywords = Keywords()
    required_facts: list[str]
    order_ids: Span
    unsupported_platform: Text


def _order_ids(value: Any) -> Any:
    """Order ids as a client writes them: a list, or one text of ids apart by commas, spaces or
    new lines ("114-1, 114-2"); an id written as a number (AliExpress's are all digits) is its
    digits."""
    if isinstance(value, str):
        return [part for part in re.split(r"[\s,，;；、]+", value) if part]
    if isinstance(value, list):
        return [str(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in value]
    return value


class IntakeRequest(_Strict):
    """What a seller or a client member tells the provider about a case."""

    platform: str = ""
    store: str = ""
    category: str = ""  # one of the out-of-scope codes, or any other category the seller names
    description: Annotated[str, Field(max_length=4000)] = ""
    cosmetics_registered: bool | None = None
    violation: str = ""
    happened_on: date | None = None
    order_ids: Annotated[list[str], Field(max_length=50), BeforeValidator(_order_ids)] = []
    screenshot: str = ""  # the uploaded file's name
    earlier_attempts: str = ""
    wanted_by: date | None = None


@cache
def rules(path: Path = RULES_FILE) -> Rules:
    loaded: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    parsed = Rules.model_validate(loaded)
    unknown = [f for f in parsed.required_facts if f not in FACT_LABELS]
    if unknown:
        raise ValueError(f"{path}: required_facts names unknown facts {unknown}")
    return parsed


@dataclass(frozen=True)
class Refusal:
    code: str
    reason: Text


@dataclass(frozen=True)
class Verdict:
    refusals: list[Refusal]
    missing: list[str]

    @property
    def eligible(self) -> bool:
        return not self.refusals and not self.missing


def _given(request: IntakeRequest, fact: str, span: Span) -> bool:
    value = getattr(request, fact)
    if fact == "order_ids":  # the same order twice is one order
        return span.min <= len({o.strip().casefold() for o in value if o.strip()}) <= span.max
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w.casefold()).replace(r"\ ", r"[\s_-]+") for w in words)


def _names(text: str, keywords: Keywords, chosen: Rules) -> bool:
    """Whether ``text`` names the category by one of ``keywords``: an English keyword as the
    start of a word, not denied just before ("not a medical device", "非医疗器械"), not followed
    by a word that makes it an accessory or a material ("cosmetic bag", "surgical steel")."""
    denied = _alternatives(chosen.negations.en + chosen.negations.zh)
    accessory = _alternatives(chosen.accessory_words.en + chosen.accessory_words.zh)
    for words, start in ((keywords.en, r"(?<![a-z0-9])"), (keywords.zh, "")):
        if not words:
            continue
        pattern = start + "(?:" + _alternatives(words) + r")[a-z]*"
        for found in re.finditer(pattern, text):
            before, after = text[: found.start()], text[found.end() :]
            if denied and re.search(rf"(?:{denied})[\s-]*$", before):
                continue
            if accessory and re.match(rf"[\s-]*(?:{accessory})", after):
                continue
            return True
    return False


def _code(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", unicodedata.normalize("NFKC", text).strip().casefold())


def reason_of(code: str, rules_: Rules | None = None) -> Text | None:
    """The reason a stored refusal's code stands for (None for a code the rules dropped)."""
    chosen = rules_ or rules()
    if code == PLATFORM_REFUSAL:
        return chosen.unsupported_platform
    scope = chosen.out_of_scope.get(code)
    return scope.reason if scope is not None else None


def _known_platform(name: str) -> bool:
    from ..policies.loader import load_policies

    return load_policies().code_of(name) is not None


def judge(request: IntakeRequest, rules_: Rules | None = None) -> Verdict:
    chosen = rules_ or rules()
    refusals = []
    if request.platform.strip() and not _known_platform(request.platform):
        refusals.append(Refusal(PLATFORM_REFUSAL, chosen.unsupported_platform))
    text = unicodedata.normalize("NFKC", f"{request.category} {request.description}").casefold()
    for code, scope in chosen.out_of_scope.items():
        named = _code(request.category) == code or _names(text, scope.keywords, chosen)
        excused = scope.unless is not None and getattr(request, scope.unless, None) is True
        if named and not excused:
            refusals.append(Refusal(code, scope.reason))
    missing = [f for f in chosen.required_facts if not _given(request, f, chosen.order_ids)]
    return Verdict(refusals, missing)


def parse_request(data: Any) -> IntakeRequest:
    try:
        return IntakeRequest.model_validate(data)
    except ValidationError as exc:
        problem = exc.errors()[0]
        raise InvalidInput(
            N_("The intake request is not valid at {path}: {problem}."),
            field="intake",
            path=".".join(str(p) for p in problem["loc"]) or "(top)",
            problem=_why(problem),
        ) from None


def _why(problem: Any) -> Phrase | str:
    """Why pydantic refused a value, in words the reader's language has (its own are English)."""
    kind = str(problem["type"])
    if kind == "extra_forbidden":
        return Phrase(N_("not a fact an intake request has"))
    if kind in REASONS:
        try:
            return Phrase(REASONS[kind], **(problem.get("ctx") or {}))
        except (KeyError, IndexError):
            pass
    return str(problem["msg"]).removeprefix("Value error, ")


def verdict_document(verdict: Verdict, gettext: Any, language: str) -> dict[str, Any]:
    return {
        "eligible": verdict.eligible,
        "refusals": [
            {"category": r.code, "reason": r.reason.get(language)} for r in verdict.refusals
        ],
        "missing": [{"fact": f, "label": gettext(FACT_LABELS[f])} for f in verdict.missing],
    }
