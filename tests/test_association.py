"""Association risk (issue 18): identifiers, the link graph, risk by association, the import,
the CLI, the API and pages, and who may see what."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from reinstate.accounts.service import create_account
from reinstate.association import service, views
from reinstate.association.graph import Row, build, group_labels, partition
from reinstate.association.identifiers import identify, mask, normalise, strengths
from reinstate.association.imports import import_identifiers
from reinstate.auth.actor import Actor
from reinstate.cases.service import apply_event, open_case
from reinstate.clock import FrozenClock
from reinstate.errors import InvalidInput, NotFound, PermissionDenied
from reinstate.notices.service import store_notice
from reinstate.storage.tables import AccountIdentifier
from reinstate.workbench import Workbench

from .conftest import VALID_ID, VALID_USCC, World, bearer
from .test_cli import Cli

BANK = "6222 0212 3456 3021"
NOTICES = Path(__file__).parent / "fixtures" / "notices" / "genuine"


def _store(wb: Workbench, actor: Actor, name: str, **fields: str) -> int:
    return create_account(wb, actor, {"platform": "joom", "store_name": name, **fields}).id


def _csv(path: Path, rows: list[tuple[Any, ...]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["account_id", "kind", "value", "first_seen", "last_seen"])
        writer.writerows(rows)
    return path


# -- identifiers (pure) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("深圳市南山区科技园路1号A座5楼501室", "深圳市 南山区 科技园路１號 Ａ座 5F 501房"),
        ("杭州市西湖区文三路三号楼八层", "杭州市西湖区文三路3号楼8楼"),
        ("Room 501, 5/F, No.1 Keji Road", "room501 5/f no.1 keji road"),
    ],
)
def test_it_treats_spellings_of_one_address_as_one(one: str, other: str) -> None:
    assert normalise("address", one) == normalise("address", other)


def test_it_keeps_different_addresses_apart() -> None:
    assert normalise("address", "科技园路1号501室") != normalise("address", "科技园路1号502室")


@pytest.mark.parametrize(
    ("kind", "one", "other"),
    [
        ("phone", "+86 138-0013-8000", "13800138000"),
        ("phone", "0086 13800138000", "(+86) 138 0013 8000"),
        ("email", "Blue.Ocean+joom@GMAIL.com", "blueocean@googlemail.com"),
        ("email", "ｓａｌｅｓ@example.com", "Sales+uk@example.com"),
        ("ip", "::ffff:203.0.113.7", "203.0.113.7"),
        ("bank_account", BANK, "6222-0212-3456-3021"),
        ("legal_person_id", "11010519491231002x", VALID_ID),
        ("uscc", "91350100m000100y43", VALID_USCC),
        ("company_name", "蓝海贸易（深圳）有限公司", "蓝海贸易(深圳)有限公司"),
    ],
)
def test_it_normalises_what_platforms_would_match(kind: str, one: str, other: str) -> None:
    assert normalise(kind, one) == normalise(kind, other)


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("legal_person_id", "110105194912310021"),  # wrong check character
        ("uscc", "91350100M000100Y44"),
        ("credit_card", "4111 1111 1111 1112"),  # fails the Luhn check
        ("ip", "300.1.1.1"),
        ("phone", "call me"),
        ("email", "no-at-sign"),
        ("fax", "123"),
    ],
)
def test_it_refuses_a_value_that_is_not_one_in_one_sentence(kind: str, value: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        normalise(kind, value)
    assert "\n" not in str(caught.value) and str(caught.value).endswith(".")


def test_it_never_shows_a_private_value_in_full() -> None:
    found = identify("secret", "bank_account", BANK)
    assert found.masked == "••••3021"
    assert "3456" not in found.masked and "3456" not in found.digest
    assert identify("other secret", "bank_account", BANK).digest != found.digest
    assert mask("legal_person_id", VALID_ID) == "110***********002X"
    assert mask("email", "blueocean@gmail.com") == "b••••@gmail.com"
    assert mask("ip", "203.0.113.7") == "203.0.113.•"


# -- the graph (pure) -------------------------------------------------------------------------


def _row(account: int, kind: str, key: str, first: str = "", last: str = "", **kw: Any) -> Row:
    seen = [date.fromisoformat(d) if d else None for d in (first, last)]
    return Row(account, kind, key, kw.get("masked", key), kw.get("network"), *seen)


def test_it_weighs_each_shared_identifier_by_its_kind() -> None:
    graph = build(
        [
            _row(1, "bank_account", "b", "2026-03-02"),
            _row(2, "bank_account", "b", "2026-01-05"),
            _row(2, "device", "d"),
            _row(3, "device", "d"),
            _row(3, "ip", "i1", "2026-01-01", "2026-01-02", network="n"),
            _row(4, "ip", "i1", "2026-06-01", "2026-06-02", network="n"),
            _row(5, "ip", "i2", "2026-06-01", "2026-06-03", network="n"),
            _row(6, "ip", "i2", "2026-06-05", "2026-06-09", network="n"),
            _row(7, "phone", "lonely"),
        ],
        strengths(),
    )
    assert graph.links[(1, 2)].strength == "strong"
    assert graph.links[(1, 2)].shared[0].since == date(2026, 3, 2)
    assert graph.links[(2, 3)].strength == "medium"
    assert graph.links[(3, 4)].strength == "weak"  # one address, five months apart
    assert graph.links[(5, 6)].strength == "strong"  # one address within days
    assert [s.kind for s in graph.links[(3, 5)].shared] == ["ip_network"]  # one /24 only
    assert graph.groups == [[1, 2, 3, 4, 5, 6]]
    assert 7 not in graph.neighbours()


def test_it_groups_arrays_like_the_pairs() -> None:
    owners = np.array([10, 11, 11, 12, 13, 14], dtype=np.int64)
    keys = np.array([b"a", b"a", b"b", b"b", b"c", b"d"], dtype="S1")
    assert partition(group_labels(owners, keys)) == [[10, 11, 12], [13], [14]]


# -- the service ------------------------------------------------------------------------------


@pytest.fixture
def owner(world: World) -> Actor:
    return Actor.command_line(world.org_a)


def test_it_links_a_second_store_with_the_same_credit_code_legal_person_and_phone(
    wb: Workbench, owner: Actor
) -> None:
    """The issue's story: a second Joom store was accepted without a word."""
    details = {"uscc": VALID_USCC, "legal_rep_id_number": VALID_ID, "phone": "+86 13800138000"}
    first = _store(wb, owner, "Joom One", **details)
    values = {"platform": "joom", "store_name": "Joom Two", **details, "phone": "138 0013 8000"}
    matches = service.matches_for_new(wb, owner, values)
    assert {(m.account_id, m.kind) for m in matches} >= {
        (first, "uscc"),
        (first, "legal_person_id"),
        (first, "phone"),
    }
    second = create_account(wb, owner, values).id
    shown = views.explain(service.load_world(wb, owner), second, "en")
    assert shown.group[:2] == sorted([first, second])[:2] or first in shown.group
    kinds = {s.kind for link in shown.links for s in link.shared}
    assert {"uscc", "legal_person_id", "phone"} <= kinds
    assert all(VALID_ID not in s for s in shown.sentences)


def test_it_explains_each_link_in_a_sentence_in_both_languages(wb: Workbench, owner: Actor) -> None:
    uk = _store(wb, owner, "Blue Ocean UK")
    de = _store(wb, owner, "Blue Ocean DE")
    service.add_identifier(wb, owner, uk, "bank_account", BANK, "2026-03-02")
    service.add_identifier(wb, owner, de, "bank_account", "6222021234563021", "2026-01-10")
    world = service.load_world(wb, owner)
    assert views.explain(world, de, "en").sentences == [
        "Shares bank account ••••3021 with Blue Ocean UK since 2026-03-02"
    ]
    assert views.explain(world, de, "zh_CN").sentences == [
        "自 2026-03-02 起与 Blue Ocean UK 共用银行账户 ••••3021"
    ]


def test_it_keeps_no_identifier_value_in_the_database(
    wb: Workbench, owner: Actor, tmp_path: Path
) -> None:
    store = _store(wb, owner, "Quiet Store")
    service.add_identifier(wb, owner, store, "credit_card", "4111 1111 1111 1111")
    path = _csv(tmp_path / "ids.csv", [(store, "bank_account", BANK, "2026-01-01", "")])
    import_identifiers(wb, owner, path)
    with wb.db.reading() as session:
        rows = session.scalars(
            select(AccountIdentifier).where(AccountIdentifier.account_id == store)
        )
        stored = json.dumps([[r.digest, r.masked, r.network] for r in rows], ensure_ascii=False)
        events = session.execute(text("SELECT after FROM events")).scalars().all()
    everything = stored + json.dumps(events, ensure_ascii=False)
    for secret in ("4111111111111111", "4111 1111 1111 1111", "622202123456", BANK):
        assert secret not in everything
    assert "••••1111" in stored and "••••3021" in stored


def test_it_flags_stores_linked_to_a_lost_appeal_with_the_path(
    wb: Workbench, owner: Actor, clock: FrozenClock
) -> None:
    lost, middle, far, alone = (_store(wb, owner, n) for n in ("Lost", "Middle", "Far", "Alone"))
    service.add_identifier(wb, owner, lost, "device", "DEV-1")
    service.add_identifier(wb, owner, middle, "device", "dev-1")
    service.add_identifier(wb, owner, middle, "bank_account", BANK)
    service.add_identifier(wb, owner, far, "bank_account", BANK)
    service.add_identifier(wb, owner, alone, "bank_account", "6222 0000 1111 2222")
    withdrawn = open_case(wb, owner, lost, ["related_accounts"])
    apply_event(wb, owner, withdrawn.id, "withdrawn")  # a withdrawn case is no trouble
    with wb.db.reading() as session:
        assert service.accounts_at_risk(session, owner) == []
    case = open_case(wb, owner, lost, ["related_accounts"])
    with wb.db.reading() as session:
        risks = {r.account_id: r for r in service.accounts_at_risk(session, owner)}
    assert set(risks) == {middle, far}
    assert risks[middle].path == [middle, lost] and risks[middle].strength == "medium"
    assert risks[far].path == [far, middle, lost] and risks[far].trouble == "open_case"
    assert risks[far].names == ["Far", "Middle", "Lost"] and risks[far].strength == "medium"
    for _ in range(3):  # Joom closes the appeal entrance at the third rejection
        apply_event(wb, owner, case.id, "submitted")
        apply_event(wb, owner, case.id, "rejected")
        clock.set(clock.now() + timedelta(hours=49))
    world = service.load_world(wb, owner)
    assert world.trouble == {lost: "closed_lost"}
    scan = views.scan(world, "en")
    group = next(g for g in scan.groups if lost in g.accounts)
    assert group.accounts == sorted([lost, middle, far]) and group.in_trouble == [lost]
    assert group.risk == "medium"
    assert "through Far → Middle → Lost" in group.at_risk[-1].sentence
    assert "an appeal that was lost" in group.at_risk[-1].sentence


def test_a_genuine_suspension_notice_puts_the_linked_stores_at_risk(
    wb: Workbench, owner: Actor
) -> None:
    suspended, sister = _store(wb, owner, "Suspended"), _store(wb, owner, "Sister")
    for store in (suspended, sister):
        service.add_identifier(wb, owner, store, "legal_person_id", VALID_ID)
    notice = (NOTICES / "joom-counterfeit.eml").read_bytes()
    stored = store_notice(wb, owner, suspended, notice, "joom.eml")
    assert stored.verdict == "genuine"
    with wb.db.reading() as session:
        risks = service.accounts_at_risk(session, owner)
    assert [(r.account_id, r.path, r.strength) for r in risks] == [
        (sister, [sister, suspended], "strong")
    ]

    # two stores of one person, both suspended: their group does not say "no store in trouble"
    first, second = _store(wb, owner, "First"), _store(wb, owner, "Second")
    for store in (first, second):
        service.add_identifier(wb, owner, store, "legal_person_id", "440305198506123419")
        store_notice(wb, owner, store, notice + f"\n{store}".encode(), f"{store}.eml")
    world = service.load_world(wb, owner)
    [group] = [g for g in views.scan(world, "en").groups if first in g.accounts]
    assert group.in_trouble == sorted([first, second]) and group.at_risk == []
    assert group.risk == "all"
    assert views.LEVEL_LABELS[group.risk] == "every store of the group is in trouble"


def test_a_client_sees_links_only_between_the_stores_given_to_them(
    wb: Workbench, world: World, owner: Actor
) -> None:
    other = _store(wb, owner, "Another Client's Store")
    mine = world.account_a
    for store in (mine, other):
        service.add_identifier(wb, owner, store, "bank_account", BANK)
    client = world.actor(wb, "client")
    assert views.scan(service.load_world(wb, client), "en").groups == []
    shown = views.explain(service.load_world(wb, client), mine, "en")
    assert shown.links == [] and shown.sentences == []
    assert "bank_account" in {i.kind for i in service.identifiers_of(wb, client, mine)}
    with pytest.raises(NotFound):
        service.identifiers_of(wb, client, other)
    with pytest.raises(NotFound):
        views.explain(service.load_world(wb, client), other, "en")
    # the provider's team sees the link across its clients' stores
    team = views.scan(service.load_world(wb, world.actor(wb, "teammate")), "en")
    assert any({mine, other} <= set(g.accounts) for g in team.groups)
    outsider = world.actor(wb, "outsider")
    assert views.scan(service.load_world(wb, outsider), "en").groups == []


def test_a_client_or_viewer_cannot_add_identifiers(wb: Workbench, world: World) -> None:
    for persona in ("client", "viewer"):
        with pytest.raises(PermissionDenied):
            service.add_identifier(wb, world.actor(wb, persona), world.account_a, "device", "x-1")


# -- the import -------------------------------------------------------------------------------


def test_it_imports_good_rows_and_reports_bad_ones_without_echoing_them(
    wb: Workbench, world: World, owner: Actor, tmp_path: Path
) -> None:
    a, b = _store(wb, owner, "Import A"), _store(wb, owner, "Import B")
    path = _csv(
        tmp_path / "identifiers.csv",
        [
            (a, "ip", "203.0.113.7", "2026-05-01", "2026-05-03"),
            (b, "ip", "203.0.113.7", "2026-05-06", "2026-05-08"),
            (a, "credit_card", "4111 1111 1111 1112", "", ""),
            (world.account_b, "phone", "13800138000", "", ""),  # another organisation's
            (a, "fax", "123", "", ""),
            (a, "device", "D-1", "2026-05-09", "2026-05-01"),
            (b, "email", "", "", ""),
        ],
    )
    report = import_identifiers(wb, owner, path)
    assert (report["rows"], report["added"], report["bad_rows"]) == (7, 2, 5)
    assert {(p["row"], p["column"], p["reason"]) for p in report["problems"]} == {
        (4, "value", "invalid"),
        (5, "account_id", "unknown_account"),
        (6, "kind", "not_a_kind"),
        (7, "last_seen", "bad_date"),
        (8, "value", "missing"),
    }
    assert "4111" not in json.dumps(report)
    link = service.load_world(wb, owner).graph.links[(a, b)]
    assert link.strength == "strong"  # one address, three days apart


def test_an_import_with_a_missing_column_writes_nothing(
    wb: Workbench, owner: Actor, tmp_path: Path
) -> None:
    store = _store(wb, owner, "Nothing Written")
    path = tmp_path / "bad.csv"
    path.write_text(f"account_id,value\n{store},13800138000\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="no kind column"):
        import_identifiers(wb, owner, path)
    assert [i for i in service.identifiers_of(wb, owner, store) if i.source != "profile"] == []


# -- the CLI ----------------------------------------------------------------------------------


@pytest.fixture
def cli(
    empty_database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Cli:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", empty_database_url)
    monkeypatch.setenv("REINSTATE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    return Cli(capsys, monkeypatch)


def test_the_cli_imports_scans_and_explains(cli: Cli, tmp_path: Path) -> None:
    org = cli.json("org", "create", "Provider", "--kind", "provider")["id"]
    ids = [
        cli.json("account", "create", "--org", str(org), "--platform", "joom", "--store-name", n)[
            "id"
        ]
        for n in ("Blue Ocean UK", "Blue Ocean DE", "Red Sun")
    ]
    path = _csv(
        tmp_path / "ids.csv",
        [
            (ids[0], "bank_account", BANK, "2026-03-02", ""),
            (ids[1], "bank_account", "6222021234563021", "2026-01-01", ""),
            (ids[2], "phone", "not a phone", "", ""),
        ],
    )
    report = cli.json("association", "import", "--org", str(org), str(path))
    assert (report["added"], report["bad_rows"]) == (2, 1)
    scan = cli.json("association", "scan", "--org", str(org))
    assert scan["groups"][0]["accounts"] == ids[:2]
    link = scan["groups"][0]["links"][0]
    assert (link["a"], link["b"]) == (ids[0], ids[1])
    shared = link["shared"][0]
    assert (shared["kind"], shared["masked"], shared["strength"]) == (
        "bank_account",
        "••••3021",
        "strong",
    )
    assert scan["groups"][0]["risk"] == "none"
    shown = cli.json("association", "explain", str(ids[1]))
    assert shown["sentences"] == [
        "Shares bank account ••••3021 with Blue Ocean UK since 2026-03-02"
    ]
    code, _, err = cli("association", "explain", "999999", "--json")
    assert code == 1 and err.strip() == "There is no seller account 999999."


# -- API and pages ----------------------------------------------------------------------------


def test_the_api_adds_an_identifier_and_checks_a_new_store(
    client: TestClient, world: World, wb: Workbench, owner: Actor
) -> None:
    other = _store(wb, owner, "Existing Store", phone="13800138000")
    headers = bearer(world, "owner")
    added = client.post(
        f"/api/v1/accounts/{other}/identifiers",
        json={"kind": "bank_account", "value": BANK, "first_seen": "2026-03-02"},
        headers=headers,
    )
    assert added.status_code == 201 and added.json()["masked"] == "••••3021"
    assert BANK not in added.text
    bad = client.post(
        f"/api/v1/accounts/{other}/identifiers",
        json={"kind": "ip", "value": "999.1.1.1"},
        headers=headers,
    )
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "value"
    check = client.post(
        "/api/v1/association/check",
        json={"platform": "joom", "store_name": "New", "phone": "+86 138 0013 8000"},
        headers=headers,
    )
    assert check.json()["matches"] == [
        {
            "account_id": other,
            "name": "Existing Store",
            "kind": "phone",
            "kind_label": "phone number",
            "masked": "••••8000",
        }
    ]


def test_the_account_form_warns_before_saving_a_linked_store(
    client: TestClient, web: Any, world: World, wb: Workbench, owner: Actor
) -> None:
    _store(wb, owner, "First Store", uscc=VALID_USCC)
    assert web.sign_in(world.emails["owner"]).status_code == 303
    form = {"platform": "joom", "store_name": "Second Store", "uscc": VALID_USCC}
    warned = web.post("/accounts/new", form, page="/accounts/new")
    assert warned.status_code == 200
    assert "First Store" in warned.text and VALID_USCC in warned.text
    assert 'name="confirm_links"' in warned.text
    assert "Second Store" not in [
        a.store_name for a in service.load_world(wb, owner).accounts.values()
    ]
    saved = web.post("/accounts/new", {**form, "confirm_links": "1"}, page="/accounts/new")
    assert saved.status_code == 303


def test_the_account_page_lists_links_and_passes_the_picture_as_json(
    client: TestClient, web: Any, world: World, wb: Workbench, owner: Actor
) -> None:
    a, b = _store(wb, owner, "Pic <A>"), _store(wb, owner, "Pic B")
    for store in (a, b):
        service.add_identifier(wb, owner, store, "bank_account", BANK)
    web.sign_in(world.emails["owner"])
    page = client.get(f"/accounts/{a}/association")
    assert page.status_code == 200
    assert "Shares bank account ••••3021 with Pic B" in page.text
    assert '<script type="application/json" id="association-graph">' in page.text
    assert "/vendor/plotly/plotly.min.js" in page.text and "/static/association.js" in page.text
    assert "Pic <A>" not in page.text  # escaped, in the page and in the JSON
    raw = page.text.split('id="association-graph">')[1].split("</script>")[0]
    picture = json.loads(raw)
    assert {n["name"] for n in picture["nodes"]} == {"Pic <A>", "Pic B"}
    assert picture["edges"][0]["strength"] == "strong"
    bad = web.post(
        f"/accounts/{a}/identifiers",
        {"kind": "credit_card", "value": "4111 1111 1111 1112"},
        page=f"/accounts/{a}/association",
    )
    assert bad.status_code == 422 and "4111 1111 1111 1112" not in bad.text


def test_a_related_accounts_case_lists_the_links_and_the_proof_of_independence(
    client: TestClient, web: Any, world: World, wb: Workbench, owner: Actor
) -> None:
    store, sister = _store(wb, owner, "Case Store"), _store(wb, owner, "Sister Store")
    for s in (store, sister):
        service.add_identifier(wb, owner, s, "device", "PC-01")
    case = open_case(wb, owner, store, ["related_accounts"])
    web.sign_in(world.emails["owner"])
    page = client.get(f"/cases/{case.id}")
    assert "Links the platform likely saw" in page.text
    assert "Shares device" in page.text and "Sister Store" in page.text
    for material in ("Office lease", "Social insurance records", "separate bank account"):
        assert material in page.text
    checklist = client.get(f"/api/v1/cases/{case.id}/checklist", headers=bearer(world, "owner"))
    materials = {i["material"] for i in checklist.json()["items"]}
    assert {"office_lease", "social_insurance_records", "separate_bank_account"} <= materials


# -- Spark ------------------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_spark_finds_the_same_groups(tmp_path: Path) -> None:
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    from reinstate.association.spark import spark_group_labels

    rng = np.random.default_rng(18)
    owners = rng.integers(0, 300, 1500, dtype=np.int64)
    codes = np.where(rng.random(1500) < 0.2, rng.integers(0, 40, 1500), np.arange(1500) + 40)
    keys = np.array([f"{c:064d}".encode() for c in codes.tolist()], dtype="S64")
    ours = partition(group_labels(owners, keys))
    session = SparkSession.getActiveSession() or (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    pairs = [(int(a), k.decode()) for a, k in zip(owners.tolist(), keys.tolist(), strict=True)]
    theirs = partition(spark_group_labels(session, pairs))
    assert theirs == ours
    assert any(len(g) > 2 for g in ours)


def test_details_kept_under_an_older_secret_still_link(
    wb: Workbench, world: World, owner: Actor
) -> None:
    """The test world was made under another instance secret, like stores made before a key
    change: their details are compared as they are now."""
    with wb.db.reading() as session:
        stored = session.scalars(
            select(AccountIdentifier).where(AccountIdentifier.account_id == world.account_a)
        ).all()
    assert {r.kind for r in stored} >= {"uscc", "legal_person_id"}
    new = _store(wb, owner, "Same Company", uscc=VALID_USCC)
    shown = views.explain(service.load_world(wb, owner), new, "en")
    assert f"Shares unified social credit code {VALID_USCC} with Blue Ocean Home" in shown.sentences


def test_the_letter_form_is_offered_the_links_as_facts(
    client: TestClient, world: World, wb: Workbench, owner: Actor
) -> None:
    store, sister = _store(wb, owner, "Letter Store"), _store(wb, owner, "Letter Sister")
    for s in (store, sister):
        service.add_identifier(wb, owner, s, "payment_account", "pay-ops@example.com")
    case = open_case(wb, owner, store, ["related_accounts", "counterfeit"])
    draft = client.get(f"/api/v1/cases/{case.id}/letter/draft", headers=bearer(world, "owner"))
    suggestions = draft.json()["suggestions"]
    assert suggestions["related_accounts"]["facts"] == [
        "Shares payment account p••••@example.com with Letter Sister"
    ]
    assert suggestions["counterfeit"]["facts"] == []


def test_no_identifier_value_reaches_the_logs(
    client: TestClient, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    headers = bearer(world, "owner")
    for kind, value in (
        ("credit_card", "4111 1111 1111 1111"),
        ("credit_card", "4111 1111 1111 1112"),
    ):
        client.post(
            f"/api/v1/accounts/{world.account_a}/identifiers",
            json={"kind": kind, "value": value},
            headers=headers,
        )
    assert caplog.records  # the database and the app did log
    assert "4111" not in caplog.text


def test_an_entered_identifier_can_be_removed_but_not_the_accounts_own(
    client: TestClient, web: Any, world: World, wb: Workbench, owner: Actor
) -> None:
    store = _store(wb, owner, "Remove Store", phone="13800138000")
    entered = service.add_identifier(wb, owner, store, "device", "PC-99")
    own = next(i for i in service.identifiers_of(wb, owner, store) if i.source == "profile")
    web.sign_in(world.emails["owner"])
    page = f"/accounts/{store}/association"
    assert web.post(f"/identifiers/{entered.id}/remove", page=page).status_code == 303
    assert web.post(f"/identifiers/{own.id}/remove", page=page).status_code == 422
    kinds = [i.kind for i in service.identifiers_of(wb, owner, store)]
    assert kinds == ["phone"]
