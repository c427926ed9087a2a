"""Write an appeal letter from a Draft: the platform's template, the phrase bank of its language,
and the seller's own answers, per violation.

The same draft always gives the same letter. The wording (greeting, headings, how dates, citations
and measures are written) is chosen per ``draft.variant`` (one per account), so two accounts of one
organisation do not send the same boilerplate. What the seller did is never invented: a part left
empty is left out of the letter and reported in ``gaps``, for the linter and the person to see.

>>> from reinstate.policies.loader import load_policies
>>> from reinstate.letters.draft import parse_draft
>>> draft = parse_draft({"platform": "joom", "store_name": "Lumen", "variant": "1/2",
...     "answers": [{"violation": "counterfeit", "root_causes": ["No supplier checks"]}]})
>>> letter = compose(draft, load_policies()["joom"])
>>> "Counterfeit goods" in letter.text, [gap.part for gap in letter.gaps]
(True, ['actions', 'prevention', 'evidence'])
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import yaml

from ..errors import N_, InvalidInput
from ..policies.loader import PLATFORMS_DIR
from ..policies.schema import Pack
from ..policies.triage import default_letter_type
from .draft import Action, Citation, Draft, Measure, Proof

HERE = Path(__file__).resolve().parent
MONTHS = (
    "January February March April May June July August September October November December"
).split()
CHINESE_NUMBERS = "一二三四五六七八九十"
# The languages a letter can be written in (a template and a phrase bank each); a platform's
# own language is the default. Written in CJK script: Chinese and Japanese.
LETTER_LANGUAGES = ("en", "zh", "de", "fr", "es", "it", "ja")
CJK_LANGUAGES = ("zh", "ja")
# Chinese and Japanese characters and full-width punctuation
_CJK_TEXT = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u4e00-\u9fff\uff01-\uff60]")


def in_script(text: str, language: str) -> bool:
    """Whether ``text`` may stand in a letter in ``language``: Chinese characters only in a
    Chinese or Japanese one. A platform that reads English takes a Chinese quotation or file
    name for a letter in the wrong language (and the linter says so).

    >>> in_script("营业执照.pdf", "en"), in_script("licence.pdf", "en"), in_script("营业执照", "zh")
    (False, True, True)
    """
    return language in CJK_LANGUAGES or not _CJK_TEXT.search(text)


@dataclass(frozen=True)
class Gap:
    violation: str
    part: str  # root_cause | actions | prevention | evidence | statement | facts


@dataclass(frozen=True)
class Composed:
    text: str
    language: str
    gaps: list[Gap]
    letter_type: str = "plan_of_action"


@cache
def phrases(language: str) -> dict[str, list[str]]:
    with (HERE / "phrases" / f"{language}.yaml").open(encoding="utf-8") as handle:
        loaded: dict[str, list[str]] = yaml.safe_load(handle)
    return loaded


@cache
def environment(platforms_dir: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(HERE / "templates"), str(platforms_dir)]),
        autoescape=False,  # plain text, never HTML: pages escape it when they show it
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


class Wording:
    """Chooses, per slot, the variant that belongs to one account."""

    def __init__(self, language: str, variant: str) -> None:
        self.bank = phrases(language)
        self.language = language
        self.variant = variant

    def pick(self, slot: str) -> str:
        choices = self.bank[slot]
        digest = hashlib.sha256(f"{self.variant}|{slot}".encode()).digest()
        return choices[int.from_bytes(digest[:4], "big") % len(choices)]

    def say(self, slot: str, **values: Any) -> str:
        return self.pick(slot).format(**values)

    def day(self, value: date) -> str:
        style = self.pick("date")
        if style == "zh":
            return f"{value.year}年{value.month}月{value.day}日"
        if style == "dmy":
            return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
        if style == "mdy":
            return f"{MONTHS[value.month - 1]} {value.day}, {value.year}"
        return value.isoformat()

    def sentence(self, text: str) -> str:
        """Capitalised, and closed with a full stop unless it already ends a sentence."""
        text = text.strip()
        if self.language in CJK_LANGUAGES:
            return text if re.search(r"[。！？.!?]$", text) else text + "。"
        text = text[:1].upper() + text[1:]
        return text if re.search(r"[.!?:)\]]$", text) else text + "."

    def clause(self, text: str) -> str:
        """A fragment that a template continues: no closing full stop."""
        cjk = self.language in CJK_LANGUAGES
        text = text.strip().rstrip("。." if cjk else ".")
        return text if cjk else text[:1].upper() + text[1:]

    def cite(self, citation: Citation) -> str:
        if not citation.given:
            return ""
        page = self.say("page", page=citation.page) if citation.page else ""
        return self.say("cite", exhibit=citation.exhibit, page=page)

    def action(self, action: Action) -> str:
        cite = self.cite(action)
        if action.done_on is None:
            line = self.say("action", text=self.clause(action.text), cite=cite)
        else:
            line = self.say(
                "action_dated",
                text=self.clause(action.text),
                date=self.day(action.done_on),
                cite=cite,
            )
        return self.close(line)

    def measure(self, measure: Measure) -> str:
        slot = (
            "measure_full"
            if measure.owner and measure.frequency
            else "measure_owner"
            if measure.owner
            else "measure_frequency"
            if measure.frequency
            else "measure"
        )
        return self.close(
            self.say(
                slot,
                text=self.clause(measure.text),
                owner=measure.owner,
                frequency=measure.frequency,
            )
        )

    def proof(self, proof: Proof) -> str:
        if not proof.given:
            return self.close(self.say("proof_uncited", text=self.clause(proof.text)))
        page = self.say("page", page=proof.page) if proof.page else ""
        return self.close(
            self.say("proof", text=self.clause(proof.text), exhibit=proof.exhibit, page=page)
        )

    def close(self, line: str) -> str:
        end = "。" if self.language in CJK_LANGUAGES else "."
        return line if re.search(r"[。！？.!?]$", line) else line + end


def violation_name(pack: Pack, code: str, language: str) -> str:
    violation = pack.violation(code)
    return violation.name.get(language) if violation else code.replace("_", " ")


def letter_type_for(draft: Draft, pack: Pack, letter_type: str | None = None) -> str:
    """``letter_type``, else the draft's, else the one its violations call for."""
    codes = [answer.violation for answer in draft.answers]
    return letter_type or draft.letter_type or default_letter_type(pack, codes)


def _parts(letter_type: str) -> tuple[tuple[str, str], ...]:
    """The parts each violation's answer needs: a statement has facts, not a Plan of Action."""
    if letter_type == "statement":
        return (("facts", "facts"),)
    return (("root_cause", "root_causes"), ("actions", "actions"), ("prevention", "prevention"))


def compose(
    draft: Draft,
    pack: Pack,
    platforms_dir: Path = PLATFORMS_DIR,
    *,
    letter_type: str | None = None,
    language: str | None = None,
) -> Composed:
    """The letter of ``letter_type`` (default: :func:`letter_type_for`) in ``language`` (one of
    LETTER_LANGUAGES, by default the platform's own), from the platform's template for that type
    when it is in the platform's language, else the language's."""
    draft = draft.cleaned()
    kind = letter_type_for(draft, pack, letter_type)
    language = language or pack.appeal.language
    words = Wording(language, draft.variant or draft.store_name)
    platform_name = pack.names.get(language)
    reference = words.say("reference", reference=draft.reference_id) if draft.reference_id else ""
    separator = "、" if language in CJK_LANGUAGES else ", "
    gaps: list[Gap] = []
    wants_statement = "statement_of_compliance" in pack.appeal.letter_structure
    if (wants_statement or kind == "statement") and not draft.statement:
        gaps.append(Gap("", "statement"))
    violations = []
    for n, answer in enumerate(draft.answers, 1):
        for part, attribute in _parts(kind):
            if not getattr(answer, attribute):
                gaps.append(Gap(answer.violation, part))
        cited = any(a.given for a in answer.actions) or any(p.given for p in answer.evidence)
        if not cited and not answer.evidence:
            gaps.append(Gap(answer.violation, "evidence"))
        name = violation_name(pack, answer.violation, language)
        violations.append(
            {
                "heading": words.say(
                    "violation",
                    n=n,
                    cn=CHINESE_NUMBERS[n - 1] if n <= len(CHINESE_NUMBERS) else n,
                    name=name,
                ),
                "quote": words.say("quote", quote=answer.quote)
                if answer.quote and in_script(answer.quote, language)
                else "",
                "facts": [f"- {words.sentence(f)}" for f in answer.facts],
                "root_causes": [f"- {words.sentence(c)}" for c in answer.root_causes],
                "actions": [words.action(a) for a in answer.actions],
                "prevention": [words.measure(m) for m in answer.prevention],
                "evidence": [words.proof(p) for p in answer.evidence],
            }
        )
    exhibits = [
        words.say(
            "exhibit",
            exhibit=e.exhibit,
            title=e.title if in_script(e.title, language) else words.say("document"),
            pages=words.say("pages_one", first=e.first_page)
            if e.first_page == e.last_page
            else words.say("pages_many", first=e.first_page, last=e.last_page),
        )
        for e in draft.exhibits
    ]
    defaults = {
        "platform": platform_name,
        "store": draft.store_name,
        "reference": reference,
        "items": separator.join(draft.items),
        "restore": words.pick("restore"),
    }
    context = {
        "d": draft,
        "platform": platform_name,
        "store": draft.store_name,
        "reference": reference,
        "items": separator.join(draft.items),
        "violations": violations,
        "exhibits": exhibits,
        "say": lambda slot, **values: words.say(slot, **(defaults | values)),
    }
    env = environment(platforms_dir)
    stem = "letter" if kind == "plan_of_action" else kind
    own = f"{pack.platform}/{stem}.txt.j2"  # the platform's wording, in its own language
    mine = language == pack.appeal.language and (platforms_dir / own).is_file()
    general = f"{language}.txt.j2" if kind == "plan_of_action" else f"{language}_{kind}.txt.j2"
    if not mine and not (HERE / "templates" / general).is_file():
        raise InvalidInput(
            N_("A statement can be written in English or Chinese only, not in this language."),
            field="language",
        )
    name = own if mine else general
    text = env.get_template(name).render(context)
    return Composed(tidy(text), language, gaps, kind)


def substance(draft: Draft) -> str:
    """What the seller wrote, without the wording the composer chose: the part of a letter that
    must not be the same for two accounts. (Varied boilerplate would otherwise hide copied
    answers from the similarity index.)"""
    parts = [draft.statement]
    for answer in draft.cleaned().answers:
        parts += answer.facts
        parts += answer.root_causes
        parts += [a.text for a in answer.actions]
        parts += [f"{m.text} {m.owner} {m.frequency}" for m in answer.prevention]
        parts += [p.text for p in answer.evidence]
    return "\n".join(part for part in parts if part)


def tidy(text: str) -> str:
    """No trailing spaces, never more than one empty line, one final newline."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"
