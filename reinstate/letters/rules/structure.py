"""missing_root_cause / missing_actions / missing_prevention: the Plan of Action's three parts
(a statement has none of them)."""

from __future__ import annotations

import re

from ...errors import N_
from ..model import Finding, Letter
from .overpromise import overpromises
from .vague_promise import is_empty_promise

PARTS = (
    (
        "missing_root_cause",
        N_("The letter does not say what caused the problem (root cause)."),
        re.compile(
            r"root cause|caused by|the cause|the reason|because|due to|resulted from|"
            r"why (this|it) happened|our (investigation|review) (found|showed)|we found that|"
            r"根本原因|原因|由于|导致|"
            # German, French, Spanish, Italian (Japanese shares 原因)
            r"ursache|aufgrund|\bweil\b|^\W*caus[ea]\b|la cause|parce que|en raison d|"
            r"debido a|\bporque\b|la causa|a causa d|perch[eé]\b",
            re.I,
        ),
    ),
    (
        "missing_actions",
        N_("The letter does not say what has already been done (actions taken)."),
        re.compile(
            r"actions? (we )?(have )?(already )?taken|we have (\w+ )?(removed|updated|replaced|"
            r"corrected|refunded|contacted|deleted|retrained|hired|changed|suspended|"
            r"stopped|audited|reviewed|implemented|added)|we (removed|updated|replaced|"
            r"corrected|refunded|contacted|deleted|retrained|changed|stopped|audited|"
            r"reviewed|implemented|added)|"
            r"(corrective|remedial|immediate) (actions?|steps|measures)|"
            r"steps (we have )?(already )?taken|actions? (completed|already)|"
            r"what we have (already )?done|"
            r"已采取|已经|已完成|已(删除|下架|更换|整改|退款|联系|培训)|"
            r"ergriffene maßnahmen|umgesetzte|korrekturmaßnahmen|mesures (prises|correctives)|"
            r"nous avons (déjà )?(retiré|supprimé|remboursé|corrigé|remplacé|mis en place)|"
            r"medidas adoptadas|acciones correctivas|"
            r"hemos (retirado|eliminado|reembolsado|corregido|sustituido|implementado)|"
            r"azioni (intraprese|correttive)|"
            r"abbiamo (già )?(rimosso|eliminato|rimborsato|corretto|sostituito|implementato)|"
            r"是正措置|実施した対応|実施済み|対応済み",
            re.I,
        ),
    ),
    (
        "missing_prevention",
        N_("The letter does not say how recurrence will be prevented."),
        re.compile(
            r"prevent|preventive|going forward|from now on|in the future|to ensure|"
            r"to avoid|will not recur|recurrence|safeguards?|controls? (now )?in place|"
            r"(to|so as to|in order to) make sure|from (happening|occurring) again|"
            r"预防|今后|避免再次|杜绝|防止|确保|"
            r"vorbeugend|wiederholung|künftig|in zukunft|préventi|récidive|à l'avenir|"
            r"désormais|que se repita|en el futuro|ripetersi|in futuro|再発防止|防止策|今後",
            re.I,
        ),
    ),
)


QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”|「[^」\n]*」|『[^』\n]*』')


def _own_sentences(letter: Letter, skip: frozenset[int] = frozenset()) -> list[str]:
    """The letter's sentences without quoted words: a quote from the notice ("suspended
    because ...") is the platform speaking, not the seller explaining. Lines in ``skip`` (its
    headings) are left out."""
    found = []
    for number, line in enumerate(letter.lines):
        if number in skip:
            continue
        for sentence in re.split(r"(?<=[.!?。！？])\s*", QUOTED.sub(" ", line)):
            if sentence.strip():
                found.append(sentence.strip())
    return found


# A heading: a short line, perhaps numbered or marked up ("## 2. Actions taken:", "一、原因").
_HEADING_MARKS = re.compile(
    r"^\s*(?:#{1,6}\s*|[*_]{1,3})?(?:[0-9]{1,2}(?:\.[0-9]{1,2})*[.)、]?\s*|[一二三四五六七八九十]{1,3}[、.．]\s*"
    r"|[(（][0-9一二三四五六七八九十]{1,3}[)）]\s*|[a-z][.)]\s+)?",
    re.I,
)
_WORD = re.compile(r"[A-Za-z0-9]+|[\u4e00-\u9fff]{2}")
_SAYS_SOMETHING = 4  # words (or pairs of Chinese characters) under a heading that say something


def is_heading(line: str) -> bool:
    bare = _HEADING_MARKS.sub("", line).strip(" *_:：")
    return bool(bare) and len(_WORD.findall(bare)) <= 8 and not re.search(r"[.!?。！？]$", bare)


def _parts_named(line: str) -> set[str]:
    return {code for code, _, pattern in PARTS if pattern.search(QUOTED.sub(" ", line))}


# a letter's own sections besides the three parts, named in its headings
_SECTION_NAMES = re.compile(
    r"plan of action|statement|appeal|introduction|summary|conclusion|background|"
    r"evidence|attachments?|exhibits?|申诉|说明|附件",
    re.I,
)


def is_section_heading(line: str) -> bool:
    """A heading that starts with the name of a section of the letter ("ROOT CAUSE
    ANALYSIS", "## 3. Evidence"); "PLEASE REVIEW MY APPEAL" is not one.

    >>> is_section_heading("**ROOT CAUSE ANALYSIS**"), is_section_heading("PLEASE READ MY APPEAL")
    (True, False)
    """
    bare = _HEADING_MARKS.sub("", line).strip(" *_:：")
    named = (pattern for _, _, pattern in PARTS)
    return is_heading(line) and any(p.match(bare) for p in (*named, _SECTION_NAMES))


def _headed_parts(letter: Letter) -> tuple[set[str], frozenset[int]]:
    """The parts whose heading has something under it (or after it on its line), and the
    lines that are headings of a part: a heading alone ("Preventive measures:" over "TBD",
    "Root cause: see attachment") is not the part."""
    present: set[str] = set()
    headings: set[int] = set()
    named: set[str] = set()
    words = 0
    for number, line in enumerate(letter.lines):
        label, _, rest = line.replace("：", ":").partition(":")
        parts = _parts_named(label) if is_heading(label) else set()
        if parts:
            if words >= _SAYS_SOMETHING:
                present |= named
            named, words = parts, len(_WORD.findall(rest))
            headings.add(number)
        elif named:
            words += len(_WORD.findall(line))
    if words >= _SAYS_SOMETHING:
        present |= named
    return present, frozenset(headings)


def check(letter: Letter) -> list[Finding]:
    """Only a Plan of Action has these parts (a statement's are checked by ``statement``).
    A part is there when some sentence of the seller's speaks of it. A sentence naming all
    three at once
    ("below we give the root cause, the actions taken and the prevention") only announces them,
    so it counts for none: a letter of announcements alone has no Plan of Action."""
    if letter.letter_type != "plan_of_action":
        return []
    present, headings = _headed_parts(letter)
    for sentence in _own_sentences(letter, skip=headings):
        found = {code for code, _, pattern in PARTS if pattern.search(sentence)}
        if is_empty_promise(sentence) or overpromises(sentence):
            # "we will do better in the future" names no measure: it prevents nothing
            found.discard("missing_prevention")
        if len(found) < len(PARTS):
            present |= found
    return [Finding(code, message, None) for code, message, _ in PARTS if code not in present]
