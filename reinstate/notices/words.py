"""A notice report in words, in the reader's language: the sentences the notice page shows, for
``reinstate notice check`` (codes only in ``--json``). Addresses in signals are defanged so
nothing copied from the terminal is clickable.

Example::

    print(report_text(report_document(report, "zh_CN"), "zh_CN"))
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ..i18n import gettext_for
from ..labels import SIGNAL_LABELS, VERDICT_LABELS
from ..policies.schema import Pack
from ..timezones import zone_name
from .kinds import ACTIONABLE_VERDICTS, INFORMATIONAL, KIND_LABELS, OFFER_LABELS

Gettext = Callable[[str], str]
# signals whose details name addresses, and the parameters that hold one whatever the signal:
# shown unclickable (hxxps://evil[.]example)
_ADDRESSES = ("link_", "sender_", "reply_", "return_")
_ADDRESS_PARAMS = frozenset({"host", "sender", "address", "link", "domain", "url"})
_MARKS = {"strong": "!!", "medium": "!", "weak": "·", "good": "+"}  # how much a signal weighs


def defang(value: str) -> str:
    """Make an address unclickable anywhere it is copied: hxxps://evil[.]example/."""
    text = str(value).replace("http://", "hxxp://").replace("https://", "hxxps://")
    return text.replace(".", "[.]")


def signal_sentence(signal: dict[str, Any], _: Gettext) -> str:
    """A signal's detail in the reader's language; addresses defanged."""
    unclickable = str(signal.get("code", "")).startswith(_ADDRESSES)
    message, params = signal.get("message"), signal.get("params") or {}
    if not message:  # a report stored before details had messages, or raw text (a sentence)
        detail = str(signal.get("detail", ""))
        return defang(detail) if unclickable else detail
    values = {
        k: defang(v) if unclickable or k in _ADDRESS_PARAMS else str(_(v))
        for k, v in params.items()
    }
    try:
        return str(_(message)).format(**values)
    except (KeyError, IndexError, ValueError):
        return str(message).format(**values)


_CLAUSES = re.compile(r"\s*(?:[:;](?=\s)|[：；])\s*")  # "https://" is no clause


def beside(label: str, detail: str) -> str:
    """``detail`` as shown after ``label``: without a clause the label already says (a check's
    label and its detail were written apart, and may end alike).

    >>> beside("No headers: the sender cannot be checked", "a page: the sender cannot be checked")
    'a page'
    >>> beside("Sender", "sender"), beside("Link", "points to evil.example")
    ('', 'points to evil.example')
    """
    said = {c.casefold().rstrip(".。") for c in _CLAUSES.split(label) if c}
    kept = [c for c in _CLAUSES.split(detail) if c and c.casefold().rstrip(".。") not in said]
    if len(kept) == len([c for c in _CLAUSES.split(detail) if c]):
        return detail  # nothing repeated: the detail as it was written, punctuation and all
    return "; ".join(kept)


def _deadline(document: dict[str, Any], _: Gettext) -> str:
    if document["verdict"] not in ACTIONABLE_VERDICTS:
        return _("None: do not act on this notice.")
    moment = document.get("deadline_at")
    if not moment:
        return document.get("deadline") or "—"
    local = datetime.fromisoformat(moment)  # in the zone the notice is written in
    shown = f"{local:%Y-%m-%d %H:%M} {zone_name(local)}"
    if document.get("deadline_source") in ("platform_default", "platform_window"):
        shown += " (" + _("estimated") + ")"
    return shown


def report_text(document: dict[str, Any], language: str, pack: Pack | None = None) -> str:
    """``document`` (:func:`reinstate.notices.check.report_document`) as lines of words."""
    _ = gettext_for(language)
    verdict = document["verdict"]
    head = _(VERDICT_LABELS[verdict])
    if pack is not None:
        head += " · " + _("claims to be from") + " " + pack.names.get(language)
    if document.get("from"):
        head += " · " + _("sent by") + " " + defang(document["from"])
    lines = [head] + ([_("Why")] if document["signals"] else [])
    for s in document["signals"]:
        label = _(SIGNAL_LABELS.get(s["code"], s["code"]))
        detail = beside(label, signal_sentence(s, _))
        mark = _MARKS.get(s["weight"], "")
        lines.append(f"  {mark:<2} {label}" + (f": {detail}" if detail else ""))
    kind = document.get("kind") or INFORMATIONAL
    facts = [
        (_("Kind"), _(KIND_LABELS.get(kind, KIND_LABELS[INFORMATIONAL]))),
        (_("Deadline"), _deadline(document, _)),
        (_("Reference"), document.get("reference_id") or ""),
        (_("Reply to"), ", ".join(document.get("reply_to") or [])),
        (_("Order numbers"), ", ".join(document.get("order_ids") or [])),
        ("SKU", ", ".join(document.get("skus") or [])),
        ("ASIN", ", ".join(document.get("asins") or [])),
        (_("Product IDs"), ", ".join(document.get("product_ids") or [])),
    ]
    if verdict in ACTIONABLE_VERDICTS and document.get("violations"):
        names = [
            pack.violations[c].name.get(language) if pack and c in pack.violations else c
            for c in document["violations"]
        ]
        facts.append((_("Violations"), ", ".join(names)))
    lines += [f"{name}: {value}" for name, value in facts if value]
    diagnosis = document["diagnosis"]
    if verdict in ACTIONABLE_VERDICTS:
        lines += _diagnosis_lines(diagnosis, _, pack, language)
    lines.append(_("What to do"))
    lines += [f"  - {_(advice)}" for advice in diagnosis["advice"]]
    for triage in diagnosis.get("triage") or []:
        lines.append(f"  ? {triage['question']}")
        for answer in triage["answers"]:
            lines.append(f"    {answer['answer']}: {answer['meaning']}")
            lines += [f"      - {step}" for step in answer.get("next_steps") or []]
    offer = document.get("offers")
    if verdict in ACTIONABLE_VERDICTS and offer and offer != "none":
        lines.append(_("In the workbench:") + " " + _(OFFER_LABELS[offer]))
    return "\n".join(lines)


def _diagnosis_lines(
    diagnosis: dict[str, Any], _: Gettext, pack: Pack | None, language: str
) -> list[str]:
    """What the notice page shows of the diagnosis: each violation's likely root causes, the
    materials, the review time, the attempts and what follows the last one."""
    lines: list[str] = []
    for code, causes in (diagnosis.get("root_causes") or {}).items():
        name = (
            pack.violations[code].name.get(language) if pack and code in pack.violations else code
        )
        lines.append(f"{_('Likely root causes')} ({name})")
        lines += [f"  - {cause}" for cause in causes]
    if diagnosis.get("materials"):
        lines.append(_("Materials"))
        for m in diagnosis["materials"]:
            need = _("required") if m.get("mandatory") else _("optional")
            lines.append(
                f"  - {m['name']} ({need})"
                + (f": {m['valid_when']}" if m.get("valid_when") else "")
            )
    review = diagnosis.get("review_working_days")
    if review:
        days = _("{low} to {high} working days").format(low=review[0], high=review[1])
        lines.append(f"{_('Review time')}: {days}")
    attempts = []
    if diagnosis.get("max_attempts"):
        attempts.append(_("at most {n}").format(n=diagnosis["max_attempts"]))
    if diagnosis.get("min_resubmit_hours"):
        hours = diagnosis["min_resubmit_hours"]
        attempts.append(_("at least {hours} hours before resubmitting").format(hours=hours))
    if diagnosis.get("after_max_attempts"):
        attempts.append(diagnosis["after_max_attempts"])
    if attempts:
        lines.append(f"{_('Attempts')}: " + "; ".join(attempts))
    return lines
