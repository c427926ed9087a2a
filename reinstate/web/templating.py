"""Jinja2 pages, autoescaped, with the request's language and CSRF token in every context.

For a new page, nothing of its own is needed to be readable everywhere:

- times: ``{{ moment | when }}`` writes the reader's time with its zone (2026-12-16 15:59 UTC+8);
  a deadline a platform gives as a day: ``{{ deadline_at(day, platform) | when }}``, the same
  moment a case stores, so every page shows one time;
- messages with parameters: ``{{ say(message, params) }}`` translates the parameters too
  (``_(message).format(**params)`` would leave "file of unknown type" in English);
- codes: ``{{ code | label }}`` gives the words for any stored code, in the reader's language
  (tests/test_words.py fails on a page that shows ``snake_case`` or untranslated English);
- phones: style.css makes any page fit 390 px; a ``<table>`` with a ``<thead>`` becomes cards of
  "heading: value" lines there (static/ui.js labels its cells), so no page-specific CSS;
- charts: ``{% block head %}{% include "_plotly_head.html" %}{% endblock %}`` and
  ``<script src="{{ plotly_js }}" defer>``, data in a ``<script type="application/json">``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
)
from jinja2.bccache import Bucket
from jinja2.runtime import Context
from starlette.responses import Response

from .. import __version__
from ..cases.rules import WAITING, end_of_day
from ..errors import ReinstateError
from ..events import EVENT_LABELS
from ..evidence.checks.name import pattern_example
from ..i18n import LANGUAGE_NAMES, LANGUAGES, gettext_for, ngettext_for, pattern_in_words
from ..i18n import render as render_message
from ..labels import (
    ACCOUNT_CHANGE_LABELS,
    APPEAL_RESULT_LABELS,
    CASE_EVENT_LABELS,
    CASE_STATE_LABELS,
    CHECKLIST_STATE_LABELS,
    FIELD_LABELS,
    LETTER_PROBLEM_LABELS,
    LETTER_TYPE_LABELS,
    RATING_BAND_LABELS,
    SIGNAL_LABELS,
    TRIAGE_ANSWER_LABELS,
    VERDICT_LABELS,
    VERIFICATION_EVENT_LABELS,
    VERIFICATION_STATE_LABELS,
    VIOLATION_LABELS,
)
from ..metrics.compute import MISSING_INPUT, NOT_COMPUTABLE
from ..metrics.definitions import (
    BREAKDOWN_LABELS,
    BREAKDOWN_VALUE_LABELS,
    DEFINITIONS,
    METRIC_LABELS,
    STATUS_LABELS,
    TREND_LABELS,
)
from ..metrics.importer import REASONS
from ..notices.kinds import KIND_LABELS, OFFER_LABELS
from ..notices.words import defang
from ..platforms import platform_choices, platform_label
from ..policies.schema import Pack
from ..storage.tables import ROLES
from ..timezones import DEFAULT_ZONE, in_zone, shown, zone_names
from .context import csrf_token, language, signed_in_user, time_zone, workbench
from .vendor import PLOTLY_JS, plotly_style_ids
from .words import event_value, label, signal_detail, translated

TEMPLATES = Path(__file__).parent / "templates"


class _CompiledOnce(BytecodeCache):
    """Each template's compiled code, kept for the process and shared by every app made in it
    (a server makes one; the tests one per test). Jinja checks it against the source's checksum,
    so an edited template is compiled again, never served stale."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledOnce()


def make_templates(*, auto_reload: bool = True) -> Jinja2Templates:
    """``auto_reload``: look at each template file's time on every page (for development);
    without it a template is read once per app, and compiled once per process."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        bytecode_cache=_COMPILED,
        auto_reload=auto_reload,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = _when
    env.filters["defang"] = defang
    env.filters["label"] = label
    env.filters["event_value"] = event_value
    env.filters["translated"] = translated
    env.filters["signal_detail"] = signal_detail
    env.globals["say"] = _say
    env.globals["name_pattern"] = _name_pattern
    env.globals["letter_problem_labels"] = LETTER_PROBLEM_LABELS
    env.globals["deadline_at"] = _deadline_at
    env.globals["notice_deadline"] = _notice_deadline
    env.globals["platform_day"] = _platform_day
    env.globals.update(
        platform_choices=platform_choices,
        platform_label=platform_label,
        roles=ROLES,
        languages=LANGUAGES,
        language_names=LANGUAGE_NAMES,
        field_labels=FIELD_LABELS,
        event_labels=EVENT_LABELS,
        appeal_results=APPEAL_RESULT_LABELS,
        verdict_labels=VERDICT_LABELS,
        signal_labels=SIGNAL_LABELS,
        kind_labels=KIND_LABELS,
        offer_labels=OFFER_LABELS,
        case_states=CASE_STATE_LABELS,
        case_events=CASE_EVENT_LABELS,
        checklist_states=CHECKLIST_STATE_LABELS,
        waiting_states=WAITING,
        metric_labels=METRIC_LABELS,
        missing_input=MISSING_INPUT,
        not_computable=NOT_COMPUTABLE,
        metric_summaries={code: d.summary for code, d in DEFINITIONS.items()},
        status_labels=STATUS_LABELS,
        trend_labels=TREND_LABELS,
        breakdown_labels=BREAKDOWN_LABELS,
        breakdown_value_labels=BREAKDOWN_VALUE_LABELS,
        reason_labels=REASONS,
        verification_states=VERIFICATION_STATE_LABELS,
        verification_events=VERIFICATION_EVENT_LABELS,
        letter_types=LETTER_TYPE_LABELS,
        rating_bands=RATING_BAND_LABELS,
        triage_answers=TRIAGE_ANSWER_LABELS,
        violation_labels=VIOLATION_LABELS,
        change_kinds=ACCOUNT_CHANGE_LABELS,
        version=__version__,
        plotly_js=PLOTLY_JS,
        zone_names=zone_names,
        plotly_style_ids=plotly_style_ids,
    )
    return Jinja2Templates(env=env)


@pass_context
def _when(context: Context, value: datetime | str | None) -> str:
    """``{{ moment | when }}``: the reader's time and zone, 2026-12-16 15:59 UTC+8."""
    return shown(value, context.get("time_zone") or DEFAULT_ZONE)


@pass_context
def _say(context: Context, message: str, params: dict[str, object] | None = None) -> str:
    """``{{ say(p.message, p.params) }}``: a message id with its parameters, both in the reader's
    language (a parameter may itself be a message id: a file type, a kind)."""
    return render_message(context["_"], message, dict(params or {}))


@pass_context
def _name_pattern(context: Context, pack: Pack) -> str:
    """``{{ name_pattern(pack) }}``: the platform's file-name pattern in the reader's words, with
    today's date (StoreName_ViolationType_20261201), not its placeholders."""
    request: Request | None = context.get("request")
    today = workbench(request).clock.now().date() if request is not None else date.today()
    example = pattern_example(pack.files.name_pattern or "", pack.files.date_format, today)
    return pattern_in_words(example, context["_"])


def _pack(context: Context, platform: str | None) -> Pack | None:
    request: Request | None = context.get("request")
    if request is None or not platform:
        return None
    try:
        return workbench(request).policies.get_pack(platform)
    except ReinstateError:
        return None


@pass_context
def _deadline_at(context: Context, day: date | str | None, platform: str | None) -> datetime | None:
    """``{{ deadline_at(notice.deadline, platform) | when }}``: a deadline a platform gives as a
    day is its last second in the platform's zone, the moment a case stores as ``due_at``, so
    the notice, the case and the calendar show one time."""
    if not day:
        return None
    if isinstance(day, str):
        day = date.fromisoformat(day[:10])
    pack = _pack(context, platform)
    if pack is None:
        return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)
    return end_of_day(day, pack)


@pass_context
def _notice_deadline(context: Context, notice: Any) -> datetime | None:
    """``{{ notice_deadline(n) | when }}``: a stored notice's one deadline, to the minute when
    it gives one, else the last second of its day on the platform's clock (the moment a case
    opened from it stores); None for a notice nobody should act on (phishing, suspicious)."""
    from ..errors import Conflict
    from ..notices.service import notice_deadline

    try:
        moment = notice_deadline(notice)
    except Conflict:
        return None
    if moment is not None:
        return moment
    deadline_day: date | None = notice.deadline
    return _deadline_at(context, deadline_day, notice.platform) if deadline_day else None


@pass_context
def _platform_day(context: Context, moment: datetime | None, platform: str | None) -> str:
    """The day a deadline falls on in the platform's zone (for a date field that is saved back
    through ``end_of_day``), as YYYY-MM-DD."""
    if moment is None:
        return ""
    pack = _pack(context, platform)
    zone = pack.appeal.timezone if pack is not None else DEFAULT_ZONE
    return in_zone(moment, zone).date().isoformat()


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200
) -> Response:
    lang = language(request)
    user = signed_in_user(request)
    base: dict[str, Any] = {
        "_": gettext_for(lang),
        "ngettext": ngettext_for(lang),
        "lang": lang,
        "user": user,
        "time_zone": time_zone(request),
        "csrf_token": csrf_token(request),
        "path": request.url.path,
        "error": None,
        "field": None,
    }
    base.update(context or {})
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(request, name, base, status_code=status)
    response.headers["Content-Language"] = lang.replace("_", "-")
    return response
