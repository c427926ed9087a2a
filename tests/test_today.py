"""Today, the home page after sign-in: deadlines in the next 72 hours, accounts at risk,
missing or invalid materials, new notices and overdue reviews, each line with its link, cut to
what each member sees."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from reinstate.accounts.service import create_account
from reinstate.auth.actor import Actor
from reinstate.cases.service import open_case, update_case
from reinstate.evidence.service import add_document
from reinstate.i18n import gettext_for
from reinstate.metrics import service as metrics
from reinstate.notices.check import check_notice
from reinstate.notices.service import store_notice
from reinstate.penalties.ledger import record_penalty
from reinstate.penalties.standing import Entry, standing
from reinstate.today.risk import near_threshold
from reinstate.today.service import today
from reinstate.today.views import Today
from reinstate.verification.service import open_verification
from reinstate.workbench import Workbench

from .conftest import NOW, World, bearer
from .persona_world import NOTICE
from .test_metrics import demo_orders

PHISHING = Path(__file__).resolve().parents[2] / "shared" / "data" / "phishing"


def _phishing_notice(wb: Workbench, owner: Actor, account_id: int) -> int:
    """The first sample of the phishing corpus the check calls phishing."""
    today_ = NOW.date()
    for path in sorted(PHISHING.glob("*.eml")):
        if (
            check_notice(path.read_bytes(), path.name, wb.policies, today=today_).judgement.verdict
            == "phishing"
        ):
            return store_notice(wb, owner, account_id, path.read_bytes(), path.name).id
    raise AssertionError("no sample of the corpus was found to be phishing")


def _busy_day(wb: Workbench, world: World, tmp_path: Path) -> dict[str, int]:
    owner = world.actor(wb, "owner")
    made: dict[str, int] = {}
    # account A (the client's): an appeal due tomorrow, nothing uploaded but an .exe
    soon = open_case(
        wb, owner, world.account_a, ["counterfeit"], deadline=(NOW + timedelta(days=1)).date()
    )
    made["soon"] = soon.id
    exe = b"MZ\x90\x00" + b"\x00" * 200
    add_document(wb, owner, soon.id, "invoices.exe", exe, ["purchase_invoices"])
    made["hidden"] = open_case(
        wb, owner, world.account_a, ["counterfeit"], deadline=(NOW + timedelta(days=2)).date()
    ).id
    update_case(wb, owner, made["hidden"], {"client_visible": False})
    made["notice"] = store_notice(wb, owner, world.account_a, NOTICE.read_bytes(), "n.eml").id
    # account A2 (not the client's): a later appeal, a verification, metrics, a phishing mail
    made["later"] = open_case(
        wb, owner, world.account_a2, ["related_accounts"], deadline=date(2026, 12, 20)
    ).id
    made["video"] = open_verification(wb, owner, world.account_a2, invited_at=NOW).id
    made["phishing"] = _phishing_notice(wb, owner, world.account_a2)
    orders = demo_orders(tmp_path / "orders.csv", f"store-{world.account_a2}")
    metrics.import_orders(wb, owner, profile="canonical", path=orders)
    shop = create_account(
        wb, owner, {"platform": "shopee", "store_name": "Blue Ocean PH", "marketplace": "PH"}
    )
    made["shop"] = shop.id
    for day, points in ((date(2026, 11, 3), 2), (date(2026, 11, 10), 2)):
        values = {"received_on": day.isoformat(), "violation": "late_shipment", "points": points}
        record_penalty(wb, owner, shop.id, values)
    return made


def _links(shown: Today, section: str) -> list[str]:
    return [i.link for s in shown.sections if s.section == section for i in s.items]


def test_it_gathers_what_needs_attention_with_where_it_is_fixed(
    wb: Workbench, world: World, tmp_path: Path
) -> None:
    made = _busy_day(wb, world, tmp_path)
    shown = today(wb, world.actor(wb, "owner"))
    assert _links(shown, "deadlines")[:2] == [f"/cases/{made['soon']}", f"/cases/{made['hidden']}"]
    assert f"/verifications/{made['video']}" in _links(shown, "deadlines")
    assert f"/cases/{made['later']}" not in _links(shown, "deadlines")  # a month away
    # the .exe is checked as a file, and a file with an error never counts as provided
    materials = [i for s in shown.sections if s.section == "materials" for i in s.items]
    [soon] = [i for i in materials if i.link == f"/cases/{made['soon']}#checklist"]
    listed = soon.texts["materials"]  # the letter, the brand's authorisation, the invoices
    assert listed.en.count("(missing)") == 2 and "Purchase invoices (invalid)" in listed.en
    assert soon.severity == "high" and "进货发票（无效）" in listed.zh
    at_risk = _links(shown, "at_risk")
    assert f"/accounts/{world.account_a2}/metrics" in at_risk
    assert f"/accounts/{made['shop']}#penalties" in at_risk
    notices = [i for s in shown.sections if s.section == "notices" for i in s.items]
    assert notices[0].kind == "phishing" and notices[0].link == f"/notices/{made['phishing']}"
    assert {i.link for i in notices} == {f"/notices/{made['notice']}", notices[0].link}
    penalty = next(i for s in shown.sections for i in s.items if i.kind == "penalty")
    zh = penalty.text(gettext_for("zh_CN"), "zh_CN")
    assert "Blue Ocean PH" in zh and "penalty" not in zh


def test_it_shows_a_client_only_the_accounts_and_cases_given_to_them(
    wb: Workbench, world: World, tmp_path: Path
) -> None:
    made = _busy_day(wb, world, tmp_path)
    shown = today(wb, world.actor(wb, "client"))
    links = [i.link for s in shown.sections for i in s.items]
    assert f"/cases/{made['soon']}" in links
    assert all(str(world.account_a2) not in link for link in links if "/accounts/" in link)
    assert not any(f"/cases/{made[k]}" in link for k in ("hidden", "later") for link in links), (
        links
    )
    assert f"/notices/{made['phishing']}" not in links
    assert {i.account_id for s in shown.sections for i in s.items} == {world.account_a}
    assert shown.accounts == 1
    outsider = today(wb, world.actor(wb, "outsider"))
    assert all(not s.items for s in outsider.sections)


def test_it_counts_a_threshold_near_when_one_more_penalty_like_the_largest_crosses_it(
    wb: Workbench,
) -> None:
    pack = wb.policies.get_pack("shopee")
    tiers = sorted(t.points for t in pack.penalties.tiers)  # type: ignore[union-attr]
    first = tiers[0]
    as_of = date(2026, 11, 18)
    below = [Entry(date(2026, 11, 10), first - 1)]
    found = standing(pack, below, as_of=as_of, region="PH")
    assert near_threshold(pack, found, below) == (first - 1, first)  # one point short
    small = [Entry(date(2026, 11, 10), 1)] if first > 2 else []
    if small:  # a ledger of one point is not near a threshold two or more points away
        found = standing(pack, small, as_of=as_of, region="PH")
        assert near_threshold(pack, found, small) is None
    overturned = [Entry(date(2026, 11, 10), first - 1, appeal_result="overturned")]
    found = standing(pack, overturned, as_of=as_of, region="PH")
    assert near_threshold(pack, found, overturned) is None
    joom = wb.policies.get_pack("joom")
    found = standing(joom, below, as_of=as_of, region=None)
    assert near_threshold(joom, found, below) is None  # no point system
    taobao = wb.policies.get_pack("taobao")
    general = [Entry(date(2026, 11, 10), 12, serious=False)]  # a general 12-point penalty
    found = standing(taobao, general, as_of=as_of, region=None)
    assert near_threshold(taobao, found, general) is None  # the nodes count serious points
    serious = [Entry(date(2026, 11, 10), 6, serious=True)]
    found = standing(taobao, serious, as_of=as_of, region=None)
    assert near_threshold(taobao, found, serious) == (6, 12)


def test_it_is_the_home_page_after_sign_in_in_both_languages(
    wb: Workbench, world: World, tmp_path: Path, as_persona: object, client: TestClient
) -> None:
    made = _busy_day(wb, world, tmp_path)
    user = as_persona("owner")  # type: ignore[operator]
    assert user.client.get("/").headers["location"] == "/today"
    page = user.client.get("/today")
    assert page.status_code == 200
    assert f'href="/cases/{made["soon"]}"' in page.text
    assert f'href="/notices/{made["phishing"]}"' in page.text
    assert 'href="/accounts"' in page.text  # the account list stays one click away
    zh = user.client.get("/today", headers={"Accept-Language": "zh-CN"})
    user.post("/language", {"language": "zh_CN", "next": "/today"}, page="/today")
    zh = user.client.get("/today")
    assert "72 小时" in zh.text and "Deadlines in the next" not in zh.text
    api = client.get("/api/v1/today", headers=bearer(world, "client"))
    assert api.status_code == 200
    shown = Today.model_validate(api.json())
    assert {i.account_id for s in shown.sections for i in s.items} == {world.account_a}
    assert api.json()["now"] == NOW.isoformat()


def test_a_busy_day_shows_each_sections_most_urgent_lines_and_the_rest_one_click_away(
    wb: Workbench, world: World, as_persona: object, client: TestClient
) -> None:
    """Thirty appeals due within 72 hours and one overdue: the overdue one is first, under "Act
    now"; the deadlines list their 20 most urgent, say there are 30, and link to the section with
    every one of them; the API keeps every line in its section."""
    from reinstate.web.routes.today import SHOWN

    owner = world.actor(wb, "owner")
    due = [
        open_case(wb, owner, world.account_a, ["counterfeit"], deadline=NOW.date() + timedelta(1))
        for _ in range(SHOWN + 10)
    ]
    late = open_case(
        wb, owner, world.account_a, ["counterfeit"], deadline=NOW.date() - timedelta(1)
    )
    user = as_persona("owner")  # type: ignore[operator]
    for language, said in (("en", "The 20 most urgent of 30."), ("zh_CN", "共 30 项")):
        user.post("/language", {"language": language, "next": "/today"}, page="/today")
        page = user.client.get("/today").text
        act_now, rest = page.split('id="today-act_now"')[1].split("</section>", 1)
        assert act_now.count('class="today-item') == 1 and f'href="/cases/{late.id}"' in act_now
        assert '<span class="count">1</span>' in act_now
        deadlines = rest.split('id="today-deadlines"')[1].split("</section>")[0]
        assert deadlines.count('class="today-item') == SHOWN
        assert '<span class="count">30</span>' in deadlines and said in deadlines
        assert f'href="/cases/{late.id}"' not in deadlines  # listed once, above
        assert 'href="/today?section=deadlines"' in deadlines
    user.post("/language", {"language": "en", "next": "/today"}, page="/today")
    whole = user.client.get("/today?section=deadlines").text
    assert whole.count('class="today-item') == SHOWN + 10
    assert all(f'href="/cases/{case.id}"' in whole for case in due)
    assert 'id="today-notices"' not in whole and "All of today" in whole
    # an unknown section is the whole page, not an error, and is not written back
    odd = user.client.get("/today?section=%3Cscript%3Ealert(1)%3C/script%3E")
    assert odd.status_code == 200 and "<script>alert" not in odd.text
    assert odd.text.count('class="today-item') == page.count('class="today-item')
    # a section with nothing left says so, not that the whole day is clear
    empty = user.client.get("/today?section=reviews").text
    assert "Nothing in this section needs your attention now." in empty
    assert 'id="today-clear"' not in empty
    api = Today.model_validate(client.get("/api/v1/today", headers=bearer(world, "owner")).json())
    assert sum(len(s.items) for s in api.sections if s.section == "deadlines") == SHOWN + 11
