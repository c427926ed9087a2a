"""``reinstate letter lint``: read a letter as the platform's reviewer would."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from ..cases.service import get_case
from ..errors import N_, InvalidInput
from ..events import visible_events
from ..i18n import gettext_for, render
from ..letters.lint import lint
from ..letters.model import ExhibitRange, Letter
from ..notices.check import check_notice
from ..notices.parse import decode_bytes
from ..policies.loader import PLATFORMS_DIR, load_policies
from ..settings import Settings
from ..storage.tables import Notice
from .cases import case_actor
from .common import JsonFlag, emit, opened, sub_app

letter_app = sub_app("letter", "Appeal letters: lint them before the platform reads them.")
MAX_LETTER_BYTES = 1024 * 1024


def _text(path: Path) -> str:
    if not path.is_file():
        raise InvalidInput(N_("There is no file {path}."), field="file", path=str(path))
    data = path.read_bytes()
    if len(data) > MAX_LETTER_BYTES:
        raise InvalidInput(
            N_("{path} is larger than {limit} MB."), field="file", path=str(path), limit=1
        )
    return decode_bytes(data)


def _exhibits(document: Any) -> list[ExhibitRange]:
    return [
        ExhibitRange(e["exhibit"], int(e["first_page"]), int(e["last_page"]))
        for e in document.get("exhibits", [])
    ]


def _from_case(case_id: int) -> tuple[str, list[str], list[str], list[ExhibitRange] | None]:
    with opened() as wb:
        actor = case_actor(wb, case_id)
        case = get_case(wb, actor, case_id)
        items: list[str] = []
        with wb.db.reading() as session:
            notice = session.get(Notice, case.notice_id) if case.notice_id else None
            events = visible_events(session, actor, case_id=case_id, limit=1000)
        if notice is not None:
            report = notice.report
            items = report.get("skus", []) + report.get("asins", []) + report.get("order_ids", [])
        built = next((e for e in events if e.name == "evidence.pack_built" and e.after), None)
        exhibits = _exhibits(built.after) if built and built.after else None
        return case.platform, list(case.violations), items, exhibits


@letter_app.command("lint")
def letter_lint(
    file: Path,
    notice: Annotated[Path | None, typer.Option(help="The platform's notice (.eml, …).")] = None,
    platform: Annotated[str | None, typer.Option(help="joom, amazon, taobao, …")] = None,
    case: Annotated[int | None, typer.Option(help="A case: its violations and pack.")] = None,
    pack: Annotated[Path | None, typer.Option(help="JSON from 'evidence pack --json'.")] = None,
    against: Annotated[
        list[Path] | None, typer.Option(help="Another account's letter, to compare; repeat.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Score a letter and list what a reviewer would reject."""
    settings = Settings()
    packs = load_policies(PLATFORMS_DIR, settings.policy_overrides)
    violations: list[str] = []
    items: list[str] = []
    exhibits = None
    if case is not None:
        case_platform, violations, items, exhibits = _from_case(case)
        platform = platform or case_platform
    if notice is not None:
        report = check_notice(
            notice.read_bytes() if notice.is_file() else _text(notice).encode(),
            notice.name,
            packs,
            today=datetime.now(UTC).date(),
        )
        platform = platform or report.judgement.platform
        violations = violations or report.facts.violations
        items = items or report.facts.skus + report.facts.asins + report.facts.order_ids
    if platform is None:
        raise InvalidInput(
            N_("Say which platform the letter is for: --platform, --notice or --case."),
            field="platform",
        )
    if pack is not None:
        try:
            exhibits = _exhibits(json.loads(_text(pack)))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
            raise InvalidInput(
                N_("{path} is not the JSON 'reinstate evidence pack --json' prints."),
                field="pack",
                path=str(pack),
            ) from None
    others = {path.stem: _text(path) for path in against or []}
    letter = Letter(_text(file), packs.get_pack(platform), violations, items, exhibits, others)
    result = lint(letter)
    _ = gettext_for(settings.language)
    document: dict[str, Any] = {
        "score": result.score,
        "problems": [
            {
                "code": f.code,
                "severity": f.severity,
                "line": f.line,
                "detail": render(_, f.message, f.params),
            }
            for f in result.findings
        ],
        "covered": result.covered,
        "uncovered": result.uncovered,
    }
    lines = [f"score {result.score}/100"] + [
        f"  {p['line'] or '-':>4} [{p['code']}] {p['detail']}" for p in document["problems"]
    ]
    emit(as_json, document, "\n".join(lines))
