"""The API and the command line show a case's quote before accepting it, as the case page does:
``POST /api/v1/cases/{id}/engagement/quote`` and ``reinstate engagement accept --dry-run`` price
it from the organisation's saved price list (each line, the total, the currency and a digest)
and store nothing; accepting with that digest takes exactly that quote, and a quote whose
choices or prices differ from it is refused in one sentence (409, exit 1). Without a digest
the API and the command line accept as before. ``reinstate quote --org`` prices from the
organisation's saved list too."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from reinstate.cases.service import open_case
from reinstate.cli import main
from reinstate.provider import service
from reinstate.storage.tables import Engagement, Event
from reinstate.workbench import Workbench

from .conftest import World, bearer
from .test_engagements import _cli

GOLDEN = Path(__file__).parent / "golden"
CHOICES: dict[str, Any] = {"kind": "suspension", "rush": True, "languages": ["de"]}
CHOICES |= {"working_days": 2}
OPTIONS = service.QuoteOptions(kind="suspension", rush=True, languages=("de",), working_days=2)
FLAGS = ["--kind", "suspension", "--rush", "--languages", "de", "--working-days", "2"]
FIELDS = {"case_id", "currency", "lines", "total", "digest"}
NOT_SHOWN = "These choices or prices are not those of the quote shown"


def _case(wb: Workbench, world: World) -> int:
    return open_case(wb, world.actor(wb, "owner"), world.account_a, ["counterfeit"]).id


def _stored(wb: Workbench, case: int) -> tuple[int, int]:
    """The case's engagements and every event of the database."""
    with wb.db.reading() as session:
        engaged = select(func.count()).select_from(Engagement).where(Engagement.case_id == case)
        events = select(func.count()).select_from(Event)
        return int(session.scalar(engaged) or 0), int(session.scalar(events) or 0)


def _preview(client: TestClient, world: World, case: int, **choices: Any) -> dict[str, Any]:
    shown = client.post(
        f"/api/v1/cases/{case}/engagement/quote",
        headers=bearer(world, "teammate"),
        json=choices or CHOICES,
    )
    assert shown.status_code == 200, shown.text
    document: dict[str, Any] = shown.json()
    return document


def _accept(client: TestClient, world: World, case: int, body: dict[str, Any]) -> Any:
    url = f"/api/v1/cases/{case}/engagement"
    return client.post(url, headers=bearer(world, "teammate"), json=body)


def test_the_api_shows_the_quote_and_accepting_its_digest_stores_that_total(
    client: TestClient, wb: Workbench, world: World
) -> None:
    case = _case(wb, world)
    before = _stored(wb, case)
    preview = _preview(client, world, case)
    assert set(preview) == FIELDS and preview["case_id"] == case
    assert _stored(wb, case) == before  # no engagement, not even an event
    assert [line["item"] for line in preview["lines"]] == [
        "Base fee: Joom, suspended account appeal",
        "Letter in German",
        "Rush delivery within 24 hours (+40%)",
    ]
    amounts = [Decimal(line["amount"]) for line in preview["lines"]]
    assert sum(amounts) == Decimal(preview["total"]) and preview["currency"] == "CNY"
    # priced as the case page prices it: the page's digest for the same choices
    agent = world.actor(wb, "teammate")
    assert preview["digest"] == service.preview_quote(wb, agent, case, OPTIONS)[1]
    # shown twice, the same quote: nothing moved in between
    assert _preview(client, world, case) == preview
    accepted = _accept(client, world, case, {**CHOICES, "digest": preview["digest"]})
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["total"] == preview["total"]
    assert accepted.json()["lines"] == preview["lines"]
    engagement = service.engagement_of(wb, agent, case)
    assert engagement.total == preview["total"] and engagement.working_days == 2


def test_a_digest_unlike_the_quote_shown_is_refused_and_none_accepts_as_before(
    client: TestClient, wb: Workbench, world: World
) -> None:
    owner = world.actor(wb, "owner")
    case = _case(wb, world)
    digest = _preview(client, world, case)["digest"]
    # another choice than the one shown (no rush: cheaper) with the digest shown
    cheaper = _accept(client, world, case, {**CHOICES, "rush": False, "digest": digest})
    assert cheaper.status_code == 409
    error = cheaper.json()["error"]
    assert error["code"] == "conflict" and error["message"].startswith(NOT_SHOWN)
    assert error["message"].count(".") == 1 and _stored(wb, case)[0] == 0
    forged = _accept(client, world, case, {**CHOICES, "digest": "0" * 64})
    assert forged.status_code == 409 and _stored(wb, case)[0] == 0
    empty = _accept(client, world, case, {**CHOICES, "digest": ""})
    assert empty.status_code == 422
    assert empty.json()["error"]["message"] == "Show the quote first, then accept it."
    # the price list changed since it was shown: the prices are not those shown
    stored = service.price_list(wb, owner).text
    dearer = stored.replace('suspension = "2400.00"', 'suspension = "2500.00"')  # Joom's
    assert dearer != stored
    service.save_price_list(wb, owner, dearer)
    moved = _accept(client, world, case, {**CHOICES, "digest": digest})
    assert moved.status_code == 409 and _stored(wb, case)[0] == 0
    again = _preview(client, world, case)
    assert again["digest"] != digest and Decimal(again["total"]) > 0
    taken = _accept(client, world, case, {**CHOICES, "digest": again["digest"]})
    assert (taken.status_code, taken.json()["total"]) == (201, again["total"])
    # no digest: accepted as priced now, as existing clients did
    other = _case(wb, world)
    blind = _accept(client, world, other, CHOICES)
    assert (blind.status_code, blind.json()["total"]) == (201, again["total"])


@pytest.mark.parametrize(
    ("persona", "body", "status", "says"),
    [
        ("viewer", CHOICES, 403, None),
        ("owner", {"kind": "refund"}, 422, "Kind of case must be one of: metric, suspension"),
        ("owner", {"languages": ["xx"]}, 422, "Languages must be one of: en, zh"),
        ("owner", {"working_days": 0}, 422, "The delivery time must be 1 to"),
        ("owner", {"tier": "gold"}, 422, "Account tier must be one of"),
    ],
)
def test_a_quote_the_api_cannot_show_is_refused_in_one_sentence(
    client: TestClient,
    wb: Workbench,
    world: World,
    persona: str,
    body: dict[str, Any],
    status: int,
    says: str | None,
) -> None:
    case = _case(wb, world)
    before = _stored(wb, case)
    url = f"/api/v1/cases/{case}/engagement/quote"
    refused = client.post(url, headers=bearer(world, persona), json=body)
    assert refused.status_code == status, refused.text
    if says is not None:
        assert refused.json()["error"]["message"].startswith(says)
    unknown = client.post(
        "/api/v1/cases/999999/engagement/quote", headers=bearer(world, "owner"), json={}
    )
    assert unknown.status_code == 404 and _stored(wb, case) == before


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_lines_dry_run_prints_the_apis_quote_and_stores_nothing(
    client: TestClient,
    wb: Workbench,
    world: World,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _cli(monkeypatch, wb, database_url)
    case = _case(wb, world)
    before = _stored(wb, case)
    api = _preview(client, world, case)
    accept = ["engagement", "accept", str(case), "--org", str(world.org_a), *FLAGS]
    code, out, err = _run(capsys, *accept, "--dry-run", "--json")
    assert (code, err) == (0, "") and json.loads(out) == api  # the same fields, lines and total
    code, out, err = _run(capsys, *accept, "--dry-run")
    assert (code, err) == (0, "")
    golden = (GOLDEN / "engagement_dry_run_en.txt").read_text(encoding="utf-8")
    assert out.replace(api["digest"], "{digest}") == golden
    assert out.splitlines()[-2].split() == ["Total", "(CNY)", api["total"]]
    assert _stored(wb, case) == before
    # a choice changed after the dry run: refused in one sentence, nothing stored
    code, out, err = _run(capsys, *accept[:-2], "--digest", api["digest"])
    assert (code, out) == (1, "") and err.startswith(NOT_SHOWN) and err.count("\n") == 1
    assert _stored(wb, case) == before
    code, out, err = _run(capsys, *accept, "--digest", api["digest"], "--json")
    assert code == 0, err
    assert json.loads(out)["total"] == api["total"]
    assert service.engagement_of(wb, world.actor(wb, "owner"), case).total == api["total"]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["999999"], "There is no case 999999.\n"),
        (["{case}", "--kind", "refund"], "Kind of case must be one of: metric, suspension"),
        (["{case}", "--languages", "de,xx"], "Languages must be one of: en, zh"),
        (["{case}", "--metrics", "0"], "The number of metrics must be 1 or more.\n"),
        (["{case}", "--metrics", "21"], "The number of metrics must be 1 to 20.\n"),
        (["{case}", "--working-days", "99"], "The delivery time must be 1 to"),
    ],
)
def test_a_dry_run_on_bad_input_says_one_sentence(
    wb: Workbench,
    world: World,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    says: str,
) -> None:
    _cli(monkeypatch, wb, database_url)
    case = _case(wb, world)
    args = [arg.format(case=case) for arg in args]
    command = ["engagement", "accept", *args[:1], "--org", str(world.org_a), *args[1:]]
    code, out, err = _run(capsys, *command, "--dry-run")
    assert (code, out) == (1, "") and err.startswith(says), err
    assert err.count("\n") == 1 and _stored(wb, case)[0] == 0


def test_the_dry_run_speaks_chinese(
    wb: Workbench,
    world: World,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _cli(monkeypatch, wb, database_url)
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")
    case = _case(wb, world)
    accept = ["engagement", "accept", str(case), "--org", str(world.org_a), *FLAGS]
    code, out, err = _run(capsys, *accept, "--dry-run")
    assert (code, err) == (0, "")
    digest = service.preview_quote(wb, world.actor(wb, "owner"), case, OPTIONS)[1]
    golden = (GOLDEN / "engagement_dry_run_zh_CN.txt").read_text(encoding="utf-8")
    assert out.replace(digest, "{digest}") == golden
    for word in ("Base fee", "Letter in", "Rush", "Total", "Dry run", "nothing"):
        assert word not in out
    code, out, err = _run(capsys, *accept[:-2], "--digest", digest)
    assert (code, out) == (1, "") and err.startswith("这些选项或价格与显示的报价不一致")
    # the file and the organisation both given: which list is meant is not guessed
    quote = ["quote", "--platform", "joom", "--kind", "metric", "--org", str(world.org_a)]
    code, out, err = _run(capsys, *quote, "--price-list", "prices.toml")
    assert (code, out, err) == (1, "", "请给出价格表文件或组织二者之一，不要同时给出。\n")


def test_quote_prices_from_the_organisations_saved_list_or_a_file(
    client: TestClient,
    wb: Workbench,
    world: World,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    _cli(monkeypatch, wb, database_url)
    owner = world.actor(wb, "owner")
    stored = service.price_list(wb, owner).text
    service.save_price_list(
        wb, owner, stored.replace('suspension = "2400.00"', 'suspension = "2500.00"')
    )
    quote = ["quote", "--platform", "joom", "--kind", "suspension", "--json"]
    code, out, err = _run(capsys, *quote, "--org", str(world.org_a))
    assert (code, err) == (0, "")
    assert json.loads(out)["lines"][0]["amount"] == "2500.00"
    # the same choices on a case of the organisation's: the API's quote, line for line
    chosen = [*quote, "--org", str(world.org_a), "--rush", "--languages", "de"]
    code, out, err = _run(capsys, *chosen)
    api = _preview(client, world, _case(wb, world), kind="suspension", rush=True, languages=["de"])
    assert json.loads(out) == {k: v for k, v in api.items() if k in ("currency", "lines", "total")}
    # a file still works, and so does the example list
    (tmp_path / "prices.toml").write_text(stored, encoding="utf-8")
    code, out, err = _run(capsys, *quote, "--price-list", str(tmp_path / "prices.toml"))
    assert (code, json.loads(out)["lines"][0]["amount"]) == (0, "2400.00")
    code, out, err = _run(capsys, *quote)
    assert (code, json.loads(out)["lines"][0]["amount"]) == (0, "2400.00")
    code, out, err = _run(capsys, *quote, "--org", "999999")
    assert (code, out, err) == (1, "", "Organisation 999999 does not exist.\n")
    code, out, err = _run(capsys, *quote, "--org", str(world.org_a), "--price-list", "p.toml")
    assert (code, out) == (1, "")
    assert err == "Give either a price list file or an organisation, not both.\n"


def test_a_case_quote_leaves_out_the_language_the_organisations_packs_give_the_platform(
    wb: Workbench, world: World, tmp_path: Path
) -> None:
    """The case's platform (Joom) has its appeals in Chinese by the workbench's overrides: a
    Chinese letter adds nothing to the quote, an English one is charged."""
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text("joom:\n  appeal:\n    language: zh\n", encoding="utf-8")
    local = Workbench(
        settings=wb.settings.model_copy(update={"policy_overrides": overrides}),
        db=wb.db,
        clock=wb.clock,
    )
    case = _case(local, world)
    actor = world.actor(local, "teammate")

    def total(*languages: str) -> Decimal:
        options = service.QuoteOptions(languages=languages)
        return service.quote_case(local, actor, case, options)[2].total

    assert total("zh") == total()
    assert total("en") > total()
