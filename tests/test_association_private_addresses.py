"""Login addresses a platform never sees (an office network, loopback, link-local, a carrier's
shared 100.64/10, IPv6 unique-local and link-local) link no stores: two stores behind the same
kind of router share 192.168.1.1 without sharing anything a platform could match. They are
reported as not counted, with the reason, in the CLI, the API and the pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from reinstate.accounts.service import create_account
from reinstate.association.imports import import_identifiers
from reinstate.auth.actor import Actor
from reinstate.workbench import Workbench

from .conftest import World, bearer
from .test_association import cli  # noqa: F401  (the fixture)
from .test_cli import Cli

PRIVATE_PAIRS = [
    ("192.168.1.10", "192.168.1.10"),  # the same office address
    ("10.0.0.5", "10.0.0.77"),  # one private /24
    ("172.20.3.4", "172.20.3.4"),
    ("100.64.12.9", "100.64.12.9"),  # a carrier's shared address (CGNAT)
    ("127.0.0.1", "127.0.0.1"),
    ("169.254.10.20", "169.254.10.21"),
    ("fd12:3456:789a:1::5", "fd12:3456:789a:1::5"),  # IPv6 unique-local
    ("fe80::1", "fe80::2"),
    ("::1", "::1"),
    ("::ffff:192.168.0.3", "192.168.0.3"),
]


@pytest.fixture
def owner(world: World) -> Actor:
    return Actor.command_line(world.org_a)


def _store(wb: Workbench, actor: Actor, name: str) -> int:
    return create_account(wb, actor, {"platform": "amazon", "store_name": name}).id


def _log(path: Path, rows: list[tuple[int, str]]) -> Path:
    lines = ["account_id,kind,value,first_seen,last_seen"]
    lines += [f"{store},ip,{value},2026-05-01,2026-05-02" for store, value in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("one", "other"), PRIVATE_PAIRS)
def test_a_private_address_both_stores_used_links_nothing(
    wb: Workbench, owner: Actor, tmp_path: Path, one: str, other: str
) -> None:
    from reinstate.association import service, views

    a, b = _store(wb, owner, "Office A"), _store(wb, owner, "Office B")
    report = import_identifiers(wb, owner, _log(tmp_path / "log.csv", [(a, one), (b, other)]))
    assert report["added"] == 2
    world = service.load_world(wb, owner)
    assert world.graph.links == {} and world.graph.groups == []
    shown = views.explain(world, a, "en")
    assert shown.sentences == [] and shown.at_risk is None and shown.proof == []
    assert [(u.a, u.b) for u in shown.not_counted] == [(a, b)]
    assert "a platform sees only public addresses" in shown.not_counted[0].reason


def test_a_public_address_still_links(wb: Workbench, owner: Actor, tmp_path: Path) -> None:
    from reinstate.association import service

    a, b = _store(wb, owner, "Shop A"), _store(wb, owner, "Shop B")
    import_identifiers(wb, owner, _log(tmp_path / "log.csv", [(a, "8.8.4.4"), (b, "8.8.4.4")]))
    world = service.load_world(wb, owner)
    assert list(world.graph.links) == [(a, b)] and world.graph.uncounted == []


def test_the_cli_scan_and_explain_leave_private_addresses_out_and_say_why(
    cli: Cli,  # noqa: F811
    tmp_path: Path,
) -> None:
    org = cli.json("org", "create", "Provider", "--kind", "provider")["id"]
    ids = [
        cli.json("account", "create", "--org", str(org), "--platform", "amazon", "--store-name", n)[
            "id"
        ]
        for n in ("Lan A", "Lan B", "Wan C", "Wan D")
    ]
    rows = [(ids[0], "192.168.1.10"), (ids[1], "192.168.1.10"), (ids[0], "10.1.1.2")]
    rows += [(ids[1], "10.1.1.3"), (ids[2], "8.8.4.4"), (ids[3], "8.8.4.4")]
    cli.json("association", "import", "--org", str(org), str(_log(tmp_path / "l.csv", rows)))
    scan = cli.json("association", "scan", "--org", str(org))
    assert [g["accounts"] for g in scan["groups"]] == [ids[2:]]
    assert {(u["a"], u["b"], u["kind"], u["masked"]) for u in scan["not_counted"]} == {
        (ids[0], ids[1], "ip", "192.168.1.•")
    }  # the shared /24 adds nothing where the same address is already said
    code, out, _ = cli("association", "scan", "--org", str(org))
    assert code == 0 and "192.168.1.•" in out and "Wan C" in out
    shown = cli.json("association", "explain", str(ids[0]))
    assert shown["sentences"] == [] and shown["group"] == []
    code, out, _ = cli("association", "explain", str(ids[1]))
    assert code == 0 and "192.168.1.•" in out and "Lan A" in out
    cli.monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")
    code, out, _ = cli("association", "explain", str(ids[1]))
    assert code == 0 and "不计入" in out and "公网地址" in out and "Not counted" not in out


def test_the_api_and_page_say_a_private_address_is_not_counted(
    client: TestClient, web: Any, world: World, wb: Workbench, owner: Actor, tmp_path: Path
) -> None:
    a, b = _store(wb, owner, "Router A"), _store(wb, owner, "Router B")
    import_identifiers(
        wb, owner, _log(tmp_path / "log.csv", [(a, "100.64.0.9"), (b, "100.64.0.9")])
    )
    headers = {**bearer(world, "owner"), "Accept-Language": "zh-CN"}
    shown = client.get(f"/api/v1/accounts/{a}/association", headers=headers).json()
    assert shown["links"] == [] and shown["not_counted"][0]["b_name"] == "Router B"
    assert "不计入" in shown["not_counted"][0]["reason"]
    scan = client.get("/api/v1/association", headers=headers).json()
    assert all(a not in g["accounts"] for g in scan["groups"])
    web.sign_in(world.emails["owner"])
    page = client.get(f"/accounts/{b}/association")
    assert page.status_code == 200 and "Router A" in page.text
    assert "Shares login IP address" not in page.text and "100.64.0.•" in page.text
