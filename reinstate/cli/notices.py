"""``reinstate notice``: check a notice file, or measure verdicts over a folder. No database."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from ..errors import N_, InvalidInput, ReinstateError
from ..notices.check import check_notice, report_document
from ..notices.parse import MAX_BYTES
from ..policies.loader import PLATFORMS_DIR, Policies, load_policies
from .common import JsonFlag, cli_gettext, cli_ngettext, cli_settings, emit, sub_app

notice_app = sub_app("notice", "Platform notices: is it genuine, what does it say, what to do.")


def _packs() -> Policies:
    return load_policies(PLATFORMS_DIR, cli_settings().policy_overrides)


def _read(path: Path) -> bytes:
    if path.is_dir():
        raise InvalidInput(N_("{path} is a folder, not a file."), field="file", path=str(path))
    if not path.is_file():
        raise InvalidInput(N_("There is no file {path}."), field="file", path=str(path))
    if path.stat().st_size > MAX_BYTES:  # said before a file of gigabytes is read whole
        limit = MAX_BYTES // (1024 * 1024)
        raise InvalidInput(N_("The notice is larger than {limit} MB."), field="file", limit=limit)
    return path.read_bytes()


@notice_app.command("check")
def notice_check(file: Path, as_json: JsonFlag = False) -> None:
    """Tell whether a notice (.eml, .html, .txt) is genuine, and what it says."""
    from ..notices.words import report_text

    language = cli_settings().language
    packs = _packs()
    # a relative window in text without a Date counts from now, as when the notice is stored
    now = datetime.now(UTC).replace(microsecond=0)
    report = check_notice(_read(file), file.name, packs, today=now.date(), now=now)
    document = report_document(report, language)
    platform = report.judgement.platform
    pack = packs[platform] if platform and platform in packs else None
    emit(as_json, document, report_text(document, language, pack))


@notice_app.command("eval")
def notice_eval(
    folder: Path,
    pattern: Annotated[str, typer.Option(help="Which files to read.")] = "*.eml",
    as_json: JsonFlag = False,
) -> None:
    """Count verdicts over every notice in a folder (files that cannot be read are counted too)."""
    if not folder.is_dir():
        raise InvalidInput(N_("There is no folder {path}."), field="folder", path=str(folder))
    packs, today = _packs(), datetime.now(UTC).date()
    counts: Counter[str] = Counter()
    files = sorted(folder.glob(pattern))
    for path in files:
        try:
            counts[
                check_notice(path.read_bytes(), path.name, packs, today=today).judgement.verdict
            ] += 1
        except ReinstateError:
            counts["unreadable"] += 1
    total = len(files)
    flagged = counts["phishing"] + counts["suspicious"]
    document = {
        "files": total,
        "verdicts": dict(counts),
        "flagged_share": round(flagged / total, 4) if total else None,
    }
    from ..labels import VERDICT_LABELS

    _ = cli_gettext()
    labels = {**VERDICT_LABELS, "unreadable": N_("Cannot be read")}
    ngettext = cli_ngettext()
    text = [ngettext("{count} file", "{count} files", total).format(count=total)]
    text += [f"  {_(labels.get(k, k))}: {v}" for k, v in sorted(counts.items())]
    if total:
        text.append(
            "  " + _("phishing or suspicious: {share}").format(share=f"{flagged / total:.1%}")
        )
    emit(as_json, document, "\n".join(text))
