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

    data = _read_json(request_file)
    gettext, language = cli_gettext(), cli_settings().language
    document = verdict_document(judge(parse_request(data)), gettext, language)
    lines = [gettext("Eligible.") if document["eligible"] else gettext("Not eligible yet.")]
    lines += [f"- {r['reason']}" for r in document["refusals"]]
    lines += [gettext("Missing: {fact}").format(fact=m["label"]) for m in document["missing"]]
    emit(as_json, document, "\n".join(lines))


def _read_json(path: Path) -> object:
    """The JSON in ``path``, or one sentence saying why there is none (in the reader's words,
    not the parser's)."""
    if path.is_dir():
        raise InvalidInput(N_("{path} is a folder, not a file."), field="intake", path=str(path))
    if not path.is_file():
        raise InvalidInput(N_("There is no file {path}."), field="intake", path=str(path))
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise InvalidInput(
            N_("{path} is not text in UTF-8: save it as UTF-8 JSON."),
            field="intake",
            path=str(path),
        ) from None
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            N_("{path} is not JSON: line {line}, column {column} breaks JSON's rules."),
            field="intake",
            path=str(path),
            line=exc.lineno,
            column=exc.colno,
        ) from None
