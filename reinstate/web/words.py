"""Template filters that turn stored codes and values into words in the reader's language:
``{{ code | label }}`` for any code, ``{{ value | event_value(key) }}`` for what an event
changed (lists of files, parts of a pack, codes, times)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

from ..labels import SIGNAL_LABELS, code_label, known_code
from ..metrics.definitions import METRIC_LABELS, STATUS_LABELS
from ..notices.words import beside, signal_sentence
from ..timezones import DEFAULT_ZONE, shown

_CODE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")
_MOMENT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")
# what names an item of a list of objects (a pack's parts, a letter's exhibits)
_NAMES = ("file", "name", "filename", "title", "code")
# keys whose values are ids a platform pack names in both languages
_PACK_KEYS = {"materials": "materials", "material": "materials", "violations": "violations"}


def _gettext(context: Context) -> Any:
    return context.get("_") or (lambda message: message)


@pass_context
def label(context: Context, code: Any) -> str:
    """A code as words, translated: ``missing_root_cause`` → "No root cause" / "缺少根本原因"."""
    if not isinstance(code, str):
        return "" if code is None else str(code)
    if code in METRIC_LABELS:
        return str(_gettext(context)(METRIC_LABELS[code]))
    if code in STATUS_LABELS:
        return str(_gettext(context)(STATUS_LABELS[code]))
    return str(_gettext(context)(code_label(code)))


def _pack_name(context: Context, key: str, code: str) -> str | None:
    """The name a platform pack gives a material or violation id, in the reader's language."""
    request = context.get("request")
    if key not in _PACK_KEYS or request is None:
        return None
    from .context import workbench

    for pack in workbench(request).policies.values():
        found = getattr(pack, _PACK_KEYS[key]).get(code)
        if found is not None:
            return str(found.name.get(context.get("lang") or "en"))
    return None


def _one(context: Context, value: Any, key: str = "") -> str:
    _ = _gettext(context)
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if value is True or value is False:
        return str(_("yes") if value else _("no"))
    if isinstance(value, datetime):
        return shown(value, context.get("time_zone") or DEFAULT_ZONE)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        for key in _NAMES:
            if value.get(key):
                return _one(context, value[key])
        return ", ".join(f"{label(context, k)} {_one(context, v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_one(context, item, key) for item in value)
    text = str(value)
    named = _pack_name(context, key, text)
    if named is not None:
        return named
    if _MOMENT.match(text):
        try:
            return shown(text, context.get("time_zone") or DEFAULT_ZONE)
        except ValueError:
            return text
    if _CODE.match(text) or known_code(text) or text in METRIC_LABELS or text in STATUS_LABELS:
        # a code of one word ("counterfeit", "odr", "breach") is a code too
        return label(context, text)
    return text


@pass_context
def translated(context: Context, table: dict[str, str]) -> dict[str, str]:
    """A label table in the reader's language, for a script: ``{{ t | translated | tojson }}``."""
    _ = _gettext(context)
    return {code: str(_(message)) for code, message in table.items()}


@pass_context
def signal_detail(context: Context, signal: dict[str, Any]) -> str:
    """A phishing check's signal detail in the reader's language; addresses defanged; without
    what the signal's label before it already says."""
    _ = _gettext(context)
    label = _(SIGNAL_LABELS.get(str(signal.get("code", "")), str(signal.get("code", ""))))
    return beside(label, signal_sentence(signal, _))


@pass_context
def event_value(context: Context, value: Any, key: str = "") -> str:
    """What an event recorded under ``key``, for a reader: codes as words, times in the
    reader's zone, lists of objects by their names, a pack's material and violation ids by
    the names the pack gives them."""
    return _one(context, value, key)
