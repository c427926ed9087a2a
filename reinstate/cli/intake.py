"""``reinstate intake check``: does the provider take this request on? Reads files only."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import N_, InvalidInput
from .common import JsonFlag, cli_gettext, cli_settings, emit, sub_app

intake_app = sub_app("intake", "Intake requests: eligibility and missing facts (reads files only).")


@intake_app.command("check")
def intake_check(request_file: Path, as_json: JsonFlag = False) -> None:
    """Check an intake request (JSON) against the eligibility rules: refusals and missing facts."""
    from ..provider.intake import judge, parse_request, verdict_document

    try:
        data = json.loads(request_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(
            N_("{path} is not a readable JSON file: {problem}"),
            field="intake",
            path=str(request_file),
            problem=getattr(exc, "strerror", None) or str(exc),
        ) from None
    gettext, language = cli_gettext(), cli_settings().language
    document = verdict_document(judge(parse_request(data)), gettext, language)
    lines = [gettext("Eligible.") if document["eligible"] else gettext("Not eligible yet.")]
    lines += [f"- {r['reason']}" for r in document["refusals"]]
    lines += [gettext("Missing: {fact}").format(fact=m["label"]) for m in document["missing"]]
    emit(as_json, document, "\n".join(lines))
