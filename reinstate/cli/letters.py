"""``reinstate letter lint``: read a letter as the platform's reviewer would."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from ..cases.service import get_case
from ..cases.triage import letter_type_of
from ..errors import N_, InvalidInput, NotFound
from ..evidence.service import latest_pack
from ..i18n import gettext_for
from ..letters import service as letters_service
from ..letters.draft import Draft, parse_draft
from ..letters.export import letter_pdf, letter_text
from ..letters.lint import lint
from ..letters.model import ExhibitRange, Letter
from ..letters.report import lint_document, review_document
from ..letters.views import letter_versions as letter_versions_of
from ..notices.charsets import decode_bytes
from ..notices.check import check_notice
from ..notices.extract import scanned_text
from ..notices.parse import from_utf16, is_binary
from ..policies.loader import PLATFORMS_DIR, load_policies
from ..policies.schema import LETTER_TYPES
from ..policies.triage import default_letter_type, for_letter_type
from ..storage.tables import Notice
from .cases import case_actor
from .common import JsonFlag, cli_gettext, cli_settings, emit, opened, sub_app, write_file

letter_app = sub_app("letter", "Appeal letters: compose, lint, keep versions, export.")
MAX_LETTER_BYTES = 1024 * 1024


def _text(path: Path) -> str:
    if path.is_dir():
        raise InvalidInput(N_("{path} is a folder, not a file."), field="file", path=str(path))
    if not path.is_file():
        raise InvalidInput(N_("There is no file {path}."), field="file", path=str(path))
    if path.stat().st_size > 4 * MAX_LETTER_BYTES:  # UTF-16 takes up to twice; never read it
        raise InvalidInput(
            N_("{path} is larger than {limit} MB."), field="file", path=str(path), limit=1
        )
    data = from_utf16(path.read_bytes())
    if len(data) > MAX_LETTER_BYTES:
        raise InvalidInput(
            N_("{path} is larger than {limit} MB."), field="file", path=str(path), limit=1
        )
    if not data.strip():
        raise InvalidInput(
            N_("{path} is empty: there is no letter to check."), field="file", path=path.name
        )
    if is_binary(data):  # a .docx, a PDF or an image would be scored as gibberish
        raise InvalidInput(
            N_("{path} is not a text file: save the letter as plain text (.txt) first."),
            field="file",
            path=path.name,
        )
    return decode_bytes(data)


def _exhibits(document: Any) -> list[ExhibitRange]:
    return ExhibitRange.from_map(document.get("exhibits", []))


def _from_case(
    case_id: int,
) -> tuple[str, list[str], list[str], list[ExhibitRange] | None, str, str]:
    with opened() as wb:
        actor = case_actor(wb, case_id)
        case = get_case(wb, actor, case_id)
        items: list[str] = []
        reference = ""
        with wb.db.reading() as session:
            notice = session.get(Notice, case.notice_id) if case.notice_id else None
        if notice is not None:
            report = notice.report
            items = [
                *report.get("skus", []),
                *report.get("asins", []),
                *report.get("product_ids", []),
                *report.get("order_ids", []),
            ]
            reference = notice.reference_id or ""
        built = latest_pack(wb, actor, case_id)
        exhibits = _exhibits(built) if built else None
        letter_type = letter_type_of(case, wb.policies.get_pack(case.platform))
        return case.platform, list(case.violations), items, exhibits, letter_type, reference


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
    letter_type: Annotated[
        str | None,
        typer.Option(
            "--type",
            help="plan_of_action or statement (no violation); default from the case or notice.",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Score a letter and list what a reviewer would reject."""
    settings = cli_settings()
    packs = load_policies(PLATFORMS_DIR, settings.policy_overrides)
    if letter_type is not None and letter_type not in LETTER_TYPES:
        raise InvalidInput(
            N_("{field} “{value}” is not known: choose one of {choices}."),
            field="type",
            value=letter_type,
            choices=", ".join(LETTER_TYPES),
        )
    violations: list[str] = []
    items: list[str] = []
    exhibits = None
    case_type = None
    notice_text = ""
    reference = ""
    if case is not None:
        case_platform, violations, items, exhibits, case_type, reference = _from_case(case)
        platform = platform or case_platform
    if notice is not None:
        report = check_notice(
            notice.read_bytes() if notice.is_file() else _text(notice).encode(),
            notice.name,
            packs,
            today=datetime.now(UTC).date(),
        )
        if report.judgement.verdict == "phishing":  # nobody should answer it, nor copy its items
            raise InvalidInput(
                N_(
                    "{path} looks like phishing, not a platform's notice: do not answer it "
                    "('reinstate notice check' says why)."
                ),
                field="notice",
                path=notice.name,
            )
        found = report.judgement.platform
        # a genuine notice's platform is known from its sender: a letter for another is a mix-up
        genuine = report.judgement.verdict == "genuine"
        if genuine and platform and found and packs.resolve(platform) != found:
            language = settings.language
            raise InvalidInput(
                N_(
                    "{path} is a notice from {found}, but the letter is for {platform}: give "
                    "the notice it answers, or leave out --platform."
                ),
                field="notice",
                path=notice.name,
                found=packs.get_pack(found).names.get(language),
                platform=packs.get_pack(platform).names.get(language),
            )
        platform = platform or found
        notice_text = scanned_text(report.notice)
        violations = violations or report.facts.violations
        facts = report.facts
        items = items or facts.skus + facts.asins + facts.product_ids + facts.order_ids
        reference = reference or report.facts.reference_id or ""
    if platform is None:
        raise InvalidInput(
            N_("Say which platform the letter is for: --platform, --notice or --case."),
            field="platform",
        )
    if pack is not None:
        try:
            if not pack.is_file() or pack.stat().st_size > 4 * MAX_LETTER_BYTES:
                _text(pack)  # the sentence for a missing file, a folder or one too large
            exhibits = _exhibits(json.loads(decode_bytes(pack.read_bytes())))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
            # an empty or binary file too: it is not a letter, and not the pack's JSON
            raise InvalidInput(
                N_("{path} is not the JSON 'reinstate evidence pack --json' prints."),
                field="pack",
                path=str(pack),
            ) from None
    others = {path.stem: _text(path) for path in against or []}
    chosen = packs.get_pack(platform)
    if letter_type is not None and case is None:  # a statement answers the triage for the notice
        violations = for_letter_type(chosen, violations, notice_text, letter_type)
    letter_type = letter_type or case_type or default_letter_type(chosen, violations)
    letter = Letter(_text(file), chosen, violations, items, exhibits, others, reference=reference)
    letter.letter_type = letter_type
    result = lint(letter)
    document = {"type": letter_type, **lint_document(result, gettext_for(settings.language))}
    emit(as_json, document, _lint_lines(document))


def _lint_lines(document: dict[str, Any]) -> str:
    """The score, then one line per problem: its line, the rule's code (kept, as a linter's rule
    id is) and the sentence in the reader's language."""
    _ = cli_gettext()
    score = _("score {score}/100").format(score=document["score"])
    kind = " " + _("(statement)") if document.get("type") == "statement" else ""
    return "\n".join(
        [score + kind]
        + [f"  {p['line'] or '-':>4} [{p['code']}] {p['detail']}" for p in document["problems"]]
    )


def _read_draft(path: Path) -> Draft:
    if not path.is_file() or path.stat().st_size > 4 * MAX_LETTER_BYTES:
        _text(path)  # the sentence for a missing file, a folder or one too large
    data = path.read_bytes()
    if not data.strip() or is_binary(data):  # answers, not a letter: no JSON in it
        raise InvalidInput(
            N_("{path} is not the JSON of a draft ('reinstate letter compose --json')."),
            field="input",
            path=path.name,
        )
    try:
        loaded = json.loads(decode_bytes(from_utf16(data)))
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            N_("{path} is not JSON: line {line}, column {column} breaks JSON's rules."),
            field="input",
            path=str(path),
            line=exc.lineno,
            column=exc.colno,
        ) from None
    if isinstance(loaded, dict) and "draft" in loaded:  # the output of 'letter compose --json'
        loaded = loaded["draft"]
    return parse_draft(loaded)


def _write(out: Path, text: str, title: str) -> None:
    suffix = out.suffix.lower()
    if suffix not in (".txt", ".pdf"):
        raise InvalidInput(
            N_("Write the letter to a .txt or a .pdf file, not {name}."),
            field="out",
            name=out.name,
        )
    data = letter_pdf(text, title) if suffix == ".pdf" else letter_text(text)
    write_file(out, data)


@letter_app.command("compose")
def letter_compose(
    case_id: int,
    input_file: Annotated[
        Path | None,
        typer.Option(
            "--input",
            help="The answers as JSON (the 'draft' of 'letter compose --json'); "
            "without it, the case's last saved version or its prefilled draft.",
        ),
    ] = None,
    save: Annotated[bool, typer.Option(help="Keep it as the next version.")] = False,
    out: Annotated[Path | None, typer.Option(help="Also write the letter: .txt or .pdf.")] = None,
    language: Annotated[
        str | None,
        typer.Option(
            "--language",
            help="The letter's language: en zh de fr es it ja (default: the platform's).",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Write the case's appeal letter from its answers, lint it, and optionally keep it."""
    settings = cli_settings()
    gettext = gettext_for(settings.language)
    with opened() as wb:
        actor = case_actor(wb, case_id)
        draft = (
            _read_draft(input_file)
            if input_file is not None
            else letters_service.draft_for_case(wb, actor, case_id)
        )
        review = letters_service.preview(wb, actor, case_id, draft, language)
        saved = letters_service.save_letter(wb, actor, case_id, draft, language) if save else None
        pack = wb.policies.get_pack(review.draft.platform)
    if out is not None:
        _write(out, review.composed.text, f"{pack.names.en} appeal: {review.draft.store_name}")
    document = {
        "case_id": case_id,
        "version": saved.version if saved else None,
        **review_document(review, pack, gettext, settings.language),
        "suggestions": {
            a.violation: {
                "root_causes": letters_service.suggestions(
                    pack, a.violation, review.composed.language
                )
            }
            for a in review.draft.answers
        },
        "draft": review.draft.model_dump(mode="json"),
    }
    gaps = [g["detail"] for g in document["gaps"]]
    emit(as_json, document, "\n".join([review.composed.text, _lint_lines(document), *gaps]))


@letter_app.command("versions")
def letter_versions(case_id: int, as_json: JsonFlag = False) -> None:
    """The case's saved letter versions, newest first."""
    with opened() as wb:
        saved = letter_versions_of(wb, case_actor(wb, case_id), case_id)
    rows = saved.document()["letters"]
    emit(
        as_json,
        rows,
        "\n".join(f"v{r['version']}  {r['score']:>3}/100  {r['created_at']}" for r in rows) or "-",
    )


@letter_app.command("export")
def letter_export(
    case_id: int,
    out: Annotated[Path, typer.Option(help="The file to write: .txt or .pdf.")],
    version: Annotated[int | None, typer.Option(help="Saved version; default latest.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Write a saved letter to a text or PDF file."""
    with opened() as wb:
        actor = case_actor(wb, case_id)
        if version is None:
            saved = letters_service.letters_of(wb, actor, case_id)
            if not saved:
                raise NotFound(N_("Case {case} has no saved letter yet."), case=case_id)
            chosen = saved[0]
        else:
            chosen = letters_service.get_letter(wb, actor, case_id, version)
        title = f"{wb.policies.get_pack(chosen.platform).names.en} appeal"
    _write(out, chosen.text, title)
    emit(
        as_json,
        {"case_id": case_id, "version": chosen.version, "path": str(out)},
        str(out),
    )
