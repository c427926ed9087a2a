"""``reinstate association scan`` names the risk, the kinds and the strengths in the
installation's language, as the page does: a Chinese operator read "Group 1 (risk high) ...
legal_person_id ... (strong)" (found by an exploratory tester)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from reinstate.cli import main


def test_the_scan_speaks_chinese_under_a_chinese_installation(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))

    def run(language: str, *args: str) -> str:
        monkeypatch.setenv("REINSTATE_LANGUAGE", language)
        assert main(list(args)) == 0
        return capsys.readouterr().out

    org = str(json.loads(run("en", "org", "create", "鲸跃", "--kind", "seller", "--json"))["id"])
    for name in ("Shop A", "Shop B"):
        run(
            "en", "account", "create", "--org", org, "--platform", "temu",
            "--store-name", name, "--phone", "+86 138 0013 8000",
        )  # fmt: skip
    chinese = run("zh_CN", "association", "scan", "--org", org)
    assert chinese.splitlines()[0].startswith("第 1 组 (风险: ")
    assert "手机号 ••••8000 (中)" in chinese
    assert "phone" not in chinese and "medium" not in chinese and "risk" not in chinese
    english = run("en", "association", "scan", "--org", org)
    assert english.splitlines()[0].startswith("Group 1 (risk: ")
    assert "phone number ••••8000 (medium)" in english


def test_the_import_summary_speaks_chinese_under_a_chinese_installation(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    assert main(["org", "create", "鲸跃", "--kind", "seller", "--json"]) == 0
    org = str(json.loads(capsys.readouterr().out)["id"])
    assert main(["account", "create", "--org", org, "--platform", "temu", "--store-name", "A"]) == 0
    capsys.readouterr()
    path = tmp_path / "ids.csv"
    path.write_text("account_id,kind,value,first_seen,last_seen\n999999,ip,203.0.113.9,,\n")
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")
    assert main(["association", "import", "--org", org, str(path)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == "1 行：为 0 个店铺保存了 0 个标识，1 行有误。"
    # one of each is said in the singular in English, many in the plural
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    assert main(["association", "import", "--org", org, str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "1 row: 0 identifiers kept for 0 accounts, 1 bad row."
    )
    assert main(["account", "list", "--org", org, "--json"]) == 0
    account = str(json.loads(capsys.readouterr().out)[0]["id"])
    path.write_text(
        "account_id,kind,value,first_seen,last_seen\n"
        f"{account},ip,203.0.113.9,,\n{account},ip,203.0.113.9,,\n{account},email,a@b.example,,\n"
    )
    assert main(["association", "import", "--org", org, str(path)]) == 0
    said = capsys.readouterr().out.splitlines()[0]
    assert said.startswith("3 rows: 2 identifiers kept for 1 account, 0 bad rows.")
    assert said.endswith(" 1 row repeated an identifier already kept.")
