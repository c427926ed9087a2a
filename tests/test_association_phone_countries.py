"""Phone numbers written without a country code (found in review): the workbench read every one
as Chinese, so a UK store's "07700 900123" became +86 770 0900 123 and was linked to a store
whose number that is. A number is read as +86 only when it is a Chinese number (a mainland mobile,
or a landline's area code and a local number that never begins with 0 or 1); another is kept as
written, matches only itself written so, and the import says so in a sentence. Checked by the
CLI's import and scan of a CSV written here."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from reinstate.association.identifiers import normalise

from .conftest import World
from .test_cli import Cli


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


def _linked_pairs(scan: dict[str, object]) -> set[tuple[str, str]]:
    groups = scan["groups"]
    assert isinstance(groups, list)
    return {
        (g["names"][str(link["a"])], g["names"][str(link["b"])])
        for g in groups
        for link in g["links"]
    }


def test_a_uk_number_without_its_country_code_is_not_read_as_chinese(
    cli: Cli, tmp_path: Path
) -> None:
    org = cli.json("org", "create", "Harbour Agency", "--kind", "provider")["id"]
    names = ("London Lamps", "Guangxi Lights", "Shenzhen Home", "Shenzhen Home 2")
    ids = {
        name: cli.json("account", "create", "--org", str(org), "--platform", "joom",
                       "--store-name", name)["id"]
        for name in names
    }  # fmt: skip
    path = tmp_path / "店铺标识.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["account_id", "kind", "value"])
        writer.writerows(
            [
                (ids["London Lamps"], "手机号", "07700 900123"),
                (ids["Guangxi Lights"], "Phone Number", "+86 770 0900 123"),
                (ids["Shenzhen Home"], "phone", "0755-8601 3388"),
                (ids["Shenzhen Home 2"], "联系电话", "+86 755 8601 3388"),
            ]
        )
    code, out, err = cli("association", "import", "--org", str(org), str(path))
    assert code == 0, err
    assert (
        "1 phone number has no country code and is not a Chinese number: it is kept as "
        "written and matches only the same number written the same way"
    ) in out
    scan = cli.json("association", "scan", "--org", str(org))
    # the Chinese landline, with and without +86, is one number; the UK mobile is no one's
    assert _linked_pairs(scan) == {("Shenzhen Home", "Shenzhen Home 2")}
    report = cli.json("association", "import", "--org", str(org), str(path))
    assert report["phones_as_written"] == 1


@pytest.mark.parametrize(
    ("written", "same_as"),
    [
        ("138 0013 8000", "+86 138 0013 8000"),  # a mainland mobile
        ("010-8888-6666", "+86 10 8888 6666"),  # Beijing: area code 10 and 8 digits
        ("(0775) 212 3456", "+86 775 212 3456"),  # a three-digit area code and 7 digits
        ("07911 123456", "07911-123-456"),  # a UK mobile: the same spelling only
        ("020 7946 0958", "+86 20 7946 0958"),  # well-formed in Guangzhou: read as Chinese
    ],
)
def test_only_a_chinese_number_is_given_plus_86(written: str, same_as: str) -> None:
    assert normalise("phone", written) == normalise("phone", same_as)


@pytest.mark.parametrize("written", ["07911 123456", "01632 960123", "12345678901"])
def test_another_countrys_number_is_never_its_plus_86_form(written: str) -> None:
    digits = "".join(c for c in written if c.isdigit())
    assert normalise("phone", written) != normalise("phone", "+86 " + digits.lstrip("0"))


def test_the_store_page_says_how_a_number_of_no_country_is_kept(
    client: TestClient, web: Any, world: World
) -> None:
    web.sign_in(world.emails["owner"])
    url = f"/accounts/{world.account_a2}/association"
    added = web.post(
        f"/accounts/{world.account_a2}/identifiers",
        {"kind": "phone", "value": "07700 900123"},
        page=url,
    )
    assert added.status_code == 303 and added.headers["location"] == f"{url}?kept=as_written"
    page = client.get(added.headers["location"]).text
    assert "The phone number has no country code and is not a Chinese number" in page
    chinese = web.post(
        f"/accounts/{world.account_a2}/identifiers",
        {"kind": "phone", "value": "0755-8601 3388"},
        page=url,
    )
    assert chinese.status_code == 303 and chinese.headers["location"] == url
