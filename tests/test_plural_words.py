"""Counts are said in the right form: "1 file", "2 files", and in Chinese one form for all,
from plural entries (``msgid_plural``) that every ``ngettext`` message has in the catalog."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from reinstate.cases.service import open_case
from reinstate.cli import main
from reinstate.evidence import service
from reinstate.i18n import ngettext_for, plural_catalog
from reinstate.workbench import Workbench

from .conftest import World
from .test_evidence_checks import image_bytes, image_pdf

ROOT = Path(__file__).resolve().parents[1] / "reinstate"
METHODS = [("**.py", "python"), ("web/templates/**.html", "jinja2")]


def _notice(folder: Path) -> None:
    msg = EmailMessage()
    msg["From"] = "Joom <support@joom.com>"
    msg["Subject"] = "Your store has been suspended"
    msg["Date"] = "Tue, 17 Nov 2026 14:00:00 +0300"
    msg.set_content("Your store has been suspended for counterfeit goods.")
    (folder / "one.eml").write_bytes(msg.as_bytes(policy=SMTP))


@pytest.mark.parametrize(("language", "head"), [("en", "1 file"), ("zh_CN", "1 个文件")])
def test_notice_eval_of_one_file_says_one_file(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    head: str,
) -> None:
    monkeypatch.setenv("REINSTATE_LANGUAGE", language)
    _notice(tmp_path)
    assert main(["notice", "eval", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == head


def test_every_counted_message_has_its_chinese_form() -> None:
    found = extract_from_dir(str(ROOT), METHODS, keywords={"ngettext": (1, 2)})
    singulars = {message[0] for _, _, message, _, _ in found if isinstance(message, tuple)}
    assert len(singulars) >= 5
    assert sorted(singulars - set(plural_catalog("zh_CN"))) == []


def test_english_says_one_day_and_two_days() -> None:
    say = ngettext_for("en")
    assert say("{n} day left", "{n} days left", 1).format(n=1) == "1 day left"
    assert say("{n} day left", "{n} days left", 2).format(n=2) == "2 days left"
    assert ngettext_for("zh_CN")("{n} day left", "{n} days left", 1).format(n=1) == "还剩 1 天"


def test_a_pack_part_of_one_page_says_one_page(
    wb: Workbench,
    world: World,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
) -> None:
    agent = world.actor(wb, "teammate")
    case = open_case(wb, agent, world.account_a, ["counterfeit"]).id  # Joom: 10 MB a file
    for number in range(3):  # three 4.4 MB scans: two go in the first part, one alone
        scan = image_pdf(image_bytes((2000, 1500), noise=True))
        service.add_document(wb, agent, case, f"scan-{number}.pdf", scan, [])
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_DATA_DIR", str(wb.settings.data_dir))
    assert main(["evidence", "pack", str(case), "--out", str(tmp_path)]) == 0
    heads = [line for line in capsys.readouterr().out.splitlines() if line.endswith(")")]
    assert any(line.endswith("(1 page)") for line in heads), heads
    assert not any(line.endswith("(1 pages)") for line in heads)
