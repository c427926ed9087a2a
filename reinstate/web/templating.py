"""Jinja2 pages, autoescaped, with the request's language and CSRF token in every context."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.responses import Response

from .. import __version__
from ..cases.rules import WAITING
from ..events import EVENT_LABELS
from ..i18n import LANGUAGE_NAMES, LANGUAGES, gettext_for
from ..labels import (
    APPEAL_RESULT_LABELS,
    CASE_EVENT_LABELS,
    CASE_STATE_LABELS,
    CHECKLIST_STATE_LABELS,
    FIELD_LABELS,
    SIGNAL_LABELS,
    VERDICT_LABELS,
    VERIFICATION_EVENT_LABELS,
    VERIFICATION_STATE_LABELS,
)
from ..metrics.compute import MISSING_INPUT
from ..metrics.definitions import (
    BREAKDOWN_LABELS,
    DEFINITIONS,
    METRIC_LABELS,
    STATUS_LABELS,
    TREND_LABELS,
)
from ..metrics.importer import REASONS
from ..notices.kinds import KIND_LABELS, OFFER_LABELS
from ..platforms import platform_choices, platform_label
from ..storage.tables import ROLES
from .context import csrf_token, language, signed_in_user

TEMPLATES = Path(__file__).parent / "templates"


def make_templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = _when
    env.filters["defang"] = defang
    env.filters["moment"] = moment
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
        metric_summaries={code: d.summary for code, d in DEFINITIONS.items()},
        status_labels=STATUS_LABELS,
        trend_labels=TREND_LABELS,
        breakdown_labels=BREAKDOWN_LABELS,
        reason_labels=REASONS,
        verification_states=VERIFICATION_STATE_LABELS,
        verification_events=VERIFICATION_EVENT_LABELS,
        version=__version__,
    )
    return Jinja2Templates(env=env)


def defang(value: str) -> str:
    """Make an address unclickable anywhere it is copied: hxxps://evil[.]example/."""
    text = str(value).replace("http://", "hxxp://").replace("https://", "hxxps://")
    return text.replace(".", "[.]")


def _when(value: datetime | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.strftime("%Y-%m-%d %H:%M UTC")


def moment(value: datetime | str | None) -> str:
    """A time to the minute in its own zone, with that zone's offset: 2026-11-13 03:20 UTC+08:00."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return str(value)
    offset = value.strftime("%z") or "+0000"
    return f"{value:%Y-%m-%d %H:%M} UTC{offset[:3]}:{offset[3:]}"


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200
) -> Response:
    lang = language(request)
    base: dict[str, Any] = {
        "_": gettext_for(lang),
        "lang": lang,
        "user": signed_in_user(request),
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
