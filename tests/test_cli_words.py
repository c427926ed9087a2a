"""The command line in the reader's language: under zh-CN every result is said in words from
the catalog (states, violations, metrics, restrictions by name), with no English sentence and
no raw code left; ``--json`` keeps the codes, for machines."""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reinstate.cases.service import open_case
from reinstate.cli import main
from reinstate.evidence import service as evidence
from reinstate.policies.loader import load_policies
from reinstate.storage.blobs import BlobStore
from reinstate.workbench import Workbench

from .conftest import VALID_ID, World
from .test_evidence_checks import text_pdf

CHINESE = re.compile(r"[\u4e00-\u9fff]")
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")  # a code such as late_shipment_rate


def _run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    language: str = "zh_CN",
) -> str:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    monkeypatch.setenv("REINSTATE_LANGUAGE", language)
    code = main(list(args))
    out, err = capsys.readouterr()
    assert err == "" and code in (0, 1), (code, err)
    return out


def _words_only(out: str, *english: str) -> None:
    """Every line has Chinese in it; none of the English sentences or codes given remains."""
    for line in out.strip().splitlines():
        assert CHINESE.search(line), line
    for word in english:
        assert word not in out, word


Run = Callable[..., str]


@pytest.fixture
def zh(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    return lambda *args, language="zh_CN": _run(capsys, monkeypatch, *args, language=language)


@pytest.fixture
def no_db(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule and file commands need no database: one that cannot be reached proves it."""
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")


# -- the rule commands: no database ------------------------------------------------------------


def test_the_penalty_simulators_answer_in_chinese(zh: Run, no_db: None) -> None:
    run = zh
    shopee = run("penalty", "shopee", "--points", "9", "--region", "PH", "--as-of", "2026-11-22")
    assert "处罚等级：3" in shopee and "不能参加活动" in shopee and "28 天" in shopee
    _words_only(shopee, "no_campaigns", "tier", "restrictions", "penalty_days", "next_reset")
    tiktok = run(
        "penalty", "tiktok", "--points", "48@2026-11-01", "--points", "3@2025-01-01",
        "--violation", "counterfeit", "--as-of", "2026-11-22",
    )  # fmt: skip
    assert "有效扣分：48" in tiktok and "假货的扣分：4–48" in tiktok
    assert "2025-06-30 失效（已失效）" in tiktok
    _words_only(tiktok, "counterfeit", "active_points", "milestone", "True", "None", "expires")
    taobao = run(
        "penalty", "taobao-fake-transaction", "--offence", "1", "--orders", "3", "--serious"
    )
    assert "分数：48" in taobao and "处罚生效 30 天后永久冻结" in taobao
    _words_only(taobao, "points", "True", "False", "None", "appealable")
    nodes = run("penalty", "taobao-points", "--current", "10", "--add", "40")
    assert "跨越的节点：12, 24, 36, 48" in nodes and "查封账户：是" in nodes
    _words_only(nodes, "crossed", "node", "account_sealed", "True")


def test_the_penalty_simulators_keep_codes_in_json_and_words_in_english(
    zh: Run, no_db: None
) -> None:
    run = zh
    args = ("penalty", "shopee", "--points", "9", "--region", "PH", "--as-of", "2026-11-22")
    document = json.loads(run(*args, "--json"))
    assert document["restrictions"] == ["no_campaigns", "no_shipping_subsidy", "severe_deboost"]
    english = run(*args, language="en")
    assert english.splitlines() == [
        "Tier: 3",
        "Restrictions: Cannot join campaigns; Shipping subsidy removed; "
        "Listings severely deboosted",
        "Lasts: 28 days",
        "Points reset on: 2026-12-28",
    ]


def test_policy_show_list_and_check_answer_in_chinese(zh: Run, no_db: None) -> None:
    run = zh
    shown = run("policy", "show", "amazon")
    assert "信函语言为英文" in shown and "指标 迟发率：< 4%，统计周期 10 / 30 天" in shown
    assert (
        "违规 迟发率超标（late_shipment）" in shown
    )  # the code stays beside: --violation takes it
    ours = [line for line in shown.splitlines() if not line.strip().startswith("待核实")]
    _words_only(
        "\n".join(ours[1:]),  # the first line is the pack's name, 亚马逊 (amazon)
        "official", "appeal:", "attempts", "encrypted", "metric ", "violation ", "letter in",
    )  # fmt: skip
    assert not SNAKE.search("\n".join(line.split("（")[0] for line in ours))
    english = run("policy", "show", "amazon", language="en")
    assert "letter in English" in english
    assert "metric Late shipment rate: < 4% over 10 / 30 days" in english
    listed = run("policy", "list").splitlines()
    assert listed[0].split() == ["平台", "名称", "扣分制度", "违规类型"]
    tiktok_kinds = str(len(load_policies()["tiktok_shop"].violations))
    assert listed[-1].split()[-2:] == ["是", tiktok_kinds] and "tiktok " not in "\n".join(listed)
    assert run("policy", "check").strip() == "7 个平台规则包均有效。"


# -- commands on the database ------------------------------------------------------------------


@pytest.fixture
def db(database_url: str, wb: Workbench, monkeypatch: pytest.MonkeyPatch) -> Workbench:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_DATA_DIR", str(wb.settings.data_dir))
    return wb


def test_storage_check_answers_in_chinese(db: Workbench, world: World, zh: Run) -> None:
    run = zh
    agent = world.actor(db, "teammate")
    case = open_case(db, agent, world.account_a, ["counterfeit"]).id
    lost = evidence.add_document(db, agent, case, "lost.pdf", text_pdf("Lost"), [])
    store = BlobStore(db.settings.data_dir / "blobs")
    (store.root / lost.sha256[:2] / lost.sha256[2:4] / lost.sha256).unlink()
    out = run("storage", "check")
    assert "文件缺失的记录：1" in out and f"缺失：文件 {lost.id}：{lost.sha256}" in out
    assert out.strip().endswith("仍有问题")
    _words_only(out, "missing", "document", "problems remain", "temporary", "removed")
    english = run("storage", "check", language="en")
    assert "rows whose file is missing: 1" in english
    assert f"  missing document {lost.id}: {lost.sha256}" in english


def test_case_commands_answer_in_chinese(db: Workbench, world: World, zh: Run) -> None:
    run = zh
    # the command line runs on the real clock: a notice of two days ago, due in five
    sent = (datetime.now(UTC) - timedelta(days=2)).replace(second=0, microsecond=0)
    out = run(
        "case", "open", "--account", str(world.account_a), "--platform", "joom",
        "--violation", "counterfeit", "--notice-date", sent.isoformat(),
    )  # fmt: skip
    case_id = re.search(r"案件 (\d+)", out)
    due = sent + timedelta(days=7)
    assert case_id and out.strip() == f"案件 {case_id[1]}：新建，截止 {due:%Y-%m-%d %H:%M} UTC"
    out = run("case", "event", case_id[1], "preparing")
    assert out.strip() == f"案件 {case_id[1]}：准备中，已用申诉次数 0，剩余 3"
    amazon = open_case(
        db, world.actor(db, "teammate"), world.account_a2, ["inaccurate_information"]
    ).id
    out = run("case", "triage", str(amazon), "yes")
    assert "信函：情况说明（未违规）" in out
    _words_only(out, "buyer_account_association", "statement", "letter")
    english = run("case", "triage", str(amazon), "yes", language="en")
    assert "letter: Statement (no violation)" in english


def test_a_case_opened_on_another_platform_names_it_in_words(
    db: Workbench, world: World, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    args = ["case", "open", "--account", str(world.account_a), "--violation", "counterfeit"]
    for language, said in (("zh_CN", "不在 TikTok Shop 平台"), ("en", "is not on TikTok Shop.")):
        monkeypatch.setenv("REINSTATE_LANGUAGE", language)
        assert main([*args, "--platform", "tiktok"]) == 1  # a Joom store
        err = capsys.readouterr().err
        assert said in err and "tiktok_shop" not in err, err


def test_reminders_and_verification_answer_in_chinese(db: Workbench, world: World, zh: Run) -> None:
    run = zh
    out = run("remind", "--dry-run")
    assert out.startswith("提醒：到期 ") and "演练：没有发送任何消息。" in out
    _words_only(out, "due=", "sent", "dry_run", "alerts")
    out = run("engagement", "remind", "--dry-run")
    assert out.startswith("服务时限提醒：到期 ") and "演练" in out
    _words_only(out, "due=", "sent", "without_channel")
    out = run("org", "notify", str(world.org_a), "--hours", "72", "--hours", "24")
    assert out.strip() == "截止前 72, 24 小时提醒；渠道：无"
    out = run("verify", "open", str(world.account_a2), "--invited-at", "2026-11-18T15:00:00+08:00")
    assert "：已邀请，可预约时间 2026-11-20T07:00:00+00:00" in out
    _words_only(out, "invited", "Verification", "book ", "slot")


def test_association_scan_and_import_answer_in_chinese(
    db: Workbench, world: World, zh: Run, tmp_path: Path
) -> None:
    run = zh
    rows = [
        f"{account},bank_account,6222 0212 3456 3021,2026-01-01,"
        for account in (world.account_a, world.account_a2)
    ]
    ids = tmp_path / "ids.csv"
    ids.write_text("account_id,kind,value,first_seen,last_seen\n" + "\n".join(rows) + "\n")
    out = run("association", "import", str(ids), "--org", str(world.org_a))
    assert out.startswith("2 行：为 2 个店铺保存了 2 个标识")
    out = run("association", "scan", "--org", str(world.org_a))
    assert out.startswith("第 1 组 (风险: 无问题店铺): 1 Blue Ocean Home, 2 Blue Ocean US")
    assert "1 - 2: 银行账户 ••••3021 (强)" in out
    _words_only(out, "bank_account", "strong", "Group", "risk ")


# -- files and administration ------------------------------------------------------------------


def test_ids_evidence_and_notice_checks_answer_in_chinese(
    zh: Run, tmp_path: Path, no_db: None
) -> None:
    run = zh
    assert run("ids", "check", "cn-id", VALID_ID).strip() == "有效"
    assert run("ids", "check", "cn-id", "110101199003074478").startswith("无效：")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + b"x" * 200)
    out = run("evidence", "check", str(broken), "--platform", "joom")
    assert out.startswith("不通过 ") and "[corrupt]" in out  # the check's code, as a rule id
    assert "FAIL" not in out
    folder = tmp_path / "notices"
    folder.mkdir()
    (folder / "a.eml").write_bytes(b"not a notice at all")
    out = run("notice", "eval", str(folder))
    assert out.startswith("1 个文件") and "files" not in out and "phishing" not in out


def test_the_admin_commands_answer_in_chinese(
    empty_database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, zh: Run
) -> None:
    run = zh
    monkeypatch.setenv("REINSTATE_DATABASE_URL", empty_database_url)
    monkeypatch.setenv("REINSTATE_DATA_DIR", str(tmp_path / "data"))
    assert run("db", "upgrade").strip() == "数据库已是最新。"
    assert run("org", "create", "蓝海").strip() == "组织 1：蓝海"
    out = run("user", "create", "chen@example.com", "--org", "1", "--role", "owner")
    assert out.startswith("成员 ") and "（所有者）" in out and "\n密码：" in out
    assert run("account", "list", "--org", "1").strip() == "没有店铺。"
    out = run("account", "create", "--org", "1", "--platform", "tiktok_shop", "--store-name", "S")
    assert out.strip() == "店铺 1：S（TikTok Shop）"
    assert run("account", "list", "--org", "1").split()[1:5] == ["平台", "站点", "卖家编号", "店铺"]


def test_metrics_history_and_breakdown_name_the_metric(
    db: Workbench, world: World, zh: Run, tmp_path: Path
) -> None:
    from reinstate.metrics import service

    from .test_metrics import demo_orders

    path = demo_orders(tmp_path / "o.csv", f"store-{world.account_a2}")
    service.import_orders(db, world.actor(db, "owner"), profile="canonical", path=path)
    args = [str(world.account_a2), "--org", str(world.org_a), "--metric", "odr"]
    history = zh("metrics", "history", *args, "--days", "3")
    assert history.startswith("订单缺陷率 (60 天) — 目标")
    breakdown = zh("metrics", "breakdown", *args, "--by", "sku")
    assert breakdown.startswith("订单缺陷率 (60 天) ")
    for out in (history, breakdown):
        assert "odr" not in out and " d)" not in out
    assert zh("metrics", "history", *args, "--days", "3", language="en").startswith(
        "Order defect rate (60 days) — target"
    )


def test_letter_lint_scores_in_chinese_and_keeps_the_english_golden(zh: Run, no_db: None) -> None:
    from .test_letters import HERE, NOTICE

    bad = HERE / "fixtures" / "letters" / "joom-bad.txt"
    out = zh("letter", "lint", str(bad), "--notice", str(NOTICE))
    assert out.startswith("得分 0/100\n") and "The letter does not" not in out
    assert "申诉信没有回应违规“假冒商品”" in out  # the violation in words, not its code
    golden = (HERE / "golden" / "lint_joom_bad.txt").read_text(encoding="utf-8")
    assert zh("letter", "lint", str(bad), "--notice", str(NOTICE), language="en") == golden
