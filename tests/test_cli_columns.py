"""The command line's tables line up in a terminal in Chinese too: a Chinese character takes two
columns, and padding that counted it as one pushed every column after a Chinese heading or value
(平台, 亚马逊, 是, a site 中国, 24 小时内到期) out of line with the rows above and below."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

from reinstate.cases.service import open_case
from reinstate.cli import main
from reinstate.cli.quoting import columns
from reinstate.provider.service import QuoteOptions, accept_quote
from reinstate.workbench import Workbench

from .conftest import World


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    assert main(list(args)) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out.splitlines()


def _starts(line: str) -> list[int]:
    """The terminal column each run of letters of ``line`` starts at."""
    return [columns(line[: word.start()]) for word in re.finditer(r"\S+", line)]


def _lined_up(lines: list[str], *fields: int) -> None:
    """Field ``n`` (the n-th run of letters, counted from the end when negative) starts at the
    same terminal column on every line."""
    for field in fields:
        at = {line: _starts(line)[field] for line in lines}
        assert len(set(at.values())) == 1, "\n".join(f"{c:>3} {line}" for line, c in at.items())


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")


def test_policy_list_lines_up_in_chinese(
    cli: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = _run(capsys, "policy", "list")
    assert listed[0].split() == ["平台", "名称", "扣分制度", "违规类型"]
    assert any("亚马逊" in line for line in listed) and any(" 是 " in line for line in listed)
    _lined_up(listed, 1, -2, -1)  # the name, penalties (是/否) and the count of violations
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    _lined_up(_run(capsys, "policy", "list"), 1, -2, -1)


def test_account_list_lines_up_in_chinese(
    cli: None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    empty_database_url: str,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", empty_database_url)
    monkeypatch.setenv("REINSTATE_DATA_DIR", str(tmp_path / "data"))
    _run(capsys, "org", "create", "蓝海")
    stores = [
        ("taobao", "中国", "蓝海家居旗舰店", "2208812345678"),
        ("amazon", "US", "Blue Ocean Home US", "A2BLUEOCEAN7Q3"),
        ("joom", "欧盟", "BlueOceanHome", "5f1a9c0e2b7d4a0012c3e9f1"),
    ]
    for platform, site, store, seller in stores:
        _run(capsys, "account", "create", "--org", "1", "--platform", platform,
             "--store-name", store, "--marketplace", site, "--seller-id", seller)  # fmt: skip
    listed = _run(capsys, "account", "list", "--org", "1")
    assert listed[0].split() == ["ID", "平台", "站点", "卖家编号", "店铺"] and len(listed) == 4
    _lined_up(listed, 1, 2, 3, 4)  # the store's first word too (the ID is set right)
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    _lined_up(_run(capsys, "account", "list", "--org", "1"), 1, 2, 3)  # "SELLER ID": two words


def test_engagement_list_lines_up_in_chinese(
    cli: None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    wb: Workbench,
    world: World,
    database_url: str,
) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_DATA_DIR", str(wb.settings.data_dir))
    owner = world.actor(wb, "owner")
    overdue = open_case(wb, owner, world.account_a, ["counterfeit"]).id
    accept_quote(wb, owner, overdue, QuoteOptions())  # on the tests' clock, long before today
    for rush in (["--rush"], []):  # accepted today: due within 24 hours, and on track
        case = str(open_case(wb, owner, world.account_a, ["counterfeit"]).id)
        _run(capsys, "engagement", "accept", case, "--org", str(world.org_a), *rush)
    listed = _run(capsys, "engagement", "list", "--org", str(world.org_a))
    for label in ("24 小时内到期", "进度正常", "已逾期"):
        assert sum(label in line for line in listed) == 1, listed
    _lined_up(listed, -1)  # the agent
