"""The identifiers import reads a CSV as sellers and agents export it (found by an exploratory
tester): kinds in any case (``IP``, ``Bank Account``), headers as Excel writes them, files saved
in GBK or UTF-16, blank and empty-celled lines, rows with a cell too many, repeated rows; the
row numbers of the report are the file's lines, and no refused cell is echoed when it could be
one of the values."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import pytest

from reinstate.accounts.service import create_account
from reinstate.association import service, views
from reinstate.association.graph import Row, build
from reinstate.association.identifiers import normalise, strengths
from reinstate.association.imports import import_identifiers
from reinstate.auth.actor import Actor
from reinstate.errors import InvalidInput
from reinstate.workbench import Workbench

from .conftest import World


@pytest.fixture
def owner(world: World) -> Actor:
    return Actor.command_line(world.org_a)


def _store(wb: Workbench, actor: Actor, name: str) -> int:
    return create_account(wb, actor, {"platform": "joom", "store_name": name}).id


def _shared(wb: Workbench, actor: Actor, a: int, b: int) -> set[tuple[str, str]]:
    link = service.load_world(wb, actor).graph.links.get((min(a, b), max(a, b)))
    return {(s.kind, s.strength) for s in link.shared} if link else set()


def test_it_reads_kinds_and_headers_in_any_case(
    wb: Workbench, owner: Actor, tmp_path: Path
) -> None:
    a, b, c = (_store(wb, owner, n) for n in ("Case A", "Case B", "Case C"))
    path = tmp_path / "export.csv"
    path.write_text(
        "\ufeffAccount_ID, Kind ,VALUE,First Seen,last-seen\r\n"
        f"{a},IP,203.0.113.9,2026-05-01,2026-05-02\r\n"
        f"{b}, Ip ,２０３．０．１１３．９,2026-05-03,2026-05-04\r\n"
        f"{a},Bank Account,6222 0212 3456 3021,,\r\n"
        f"{c},BANK-ACCOUNT,6222-0212-3456-3021,,\r\n",
        encoding="utf-8",
    )
    report = import_identifiers(wb, owner, path)
    assert (report["rows"], report["added"], report["bad_rows"]) == (4, 4, 0)
    assert _shared(wb, owner, a, b) == {("ip", "strong")}  # one address, days apart
    assert _shared(wb, owner, a, c) == {("bank_account", "strong")}


def test_it_reads_kinds_by_the_names_exports_give_them(
    wb: Workbench, owner: Actor, tmp_path: Path
) -> None:
    """'login_ip', 登录IP, 'Phone Number', 手机号, 银行卡号 and 'bank card' are the kinds a
    seller centre's or a spreadsheet's export names, in English or Chinese."""
    a, b = _store(wb, owner, "Alias A"), _store(wb, owner, "Alias B")
    path = tmp_path / "aliases.csv"
    path.write_text(
        "account_id,kind,value,first_seen\n"
        f"{a},login_ip,203.0.113.50,2026-05-01\n"
        f"{b},登录IP,203.0.113.50,2026-05-02\n"
        f"{a},Phone Number,+86 138 0013 8000,\n"
        f"{b},手机号,13800138000,\n"
        f"{a},银行卡号,6222 0212 3456 7777,\n"
        f"{b},bank card,6222021234567777,\n",
        encoding="utf-8",
    )
    report = import_identifiers(wb, owner, path)
    assert (report["added"], report["bad_rows"]) == (6, 0)
    assert {kind for kind, _ in _shared(wb, owner, a, b)} == {"ip", "phone", "bank_account"}


def test_it_reads_a_file_saved_in_gbk_or_utf16(wb: Workbench, owner: Actor, tmp_path: Path) -> None:
    a, b = _store(wb, owner, "GBK A"), _store(wb, owner, "GBK B")
    text = (
        "account_id,kind,value\n"
        f"{a},address,深圳市南山区科技园路１號A座5F 501房\n"
        f"{b},address,深圳市南山区科技园路1号a座5楼501室\n"
    )
    (tmp_path / "gbk.csv").write_bytes(text.encode("gbk"))
    report = import_identifiers(wb, owner, tmp_path / "gbk.csv")
    assert (report["added"], report["bad_rows"]) == (2, 0)
    assert _shared(wb, owner, a, b) == {("address", "medium")}
    c = _store(wb, owner, "UTF-16 C")
    (tmp_path / "utf16.csv").write_bytes(
        f"account_id\tkind\tvalue\n{c},address,深圳市南山区科技园路1号A座5楼501室\n".replace(
            "\t", ","
        ).encode("utf-16")
    )
    assert import_identifiers(wb, owner, tmp_path / "utf16.csv")["added"] == 1
    assert _shared(wb, owner, a, c) == {("address", "medium")}


def test_a_binary_file_is_refused_in_one_sentence(
    wb: Workbench, owner: Actor, tmp_path: Path
) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")
    with pytest.raises(InvalidInput, match="not text in UTF-8 or GBK"):
        import_identifiers(wb, owner, path)


def test_blank_lines_extra_cells_and_repeats_are_read_as_a_person_means_them(
    wb: Workbench, owner: Actor, tmp_path: Path
) -> None:
    a, b = _store(wb, owner, "Lines A"), _store(wb, owner, "Lines B")
    path = tmp_path / "lines.csv"
    path.write_text(
        "account_id,kind,value,first_seen,last_seen\n"
        f"{a},phone,+86 138-0013-8000,2026-01-01,2026-02-01\n"
        "\n"
        ",,,,\n"
        f"{b},phone,13800138000,,,a note in a sixth cell\n"
        f"{a},phone,+86 138-0013-8000,2026-01-01,2026-03-01\n"
        f"{a},wechat,wxid_1,,\n"
        f"{a},13900139000,2026-01-01,,\n",  # the kind left out: the cells slid left
        encoding="utf-8",
    )
    report = import_identifiers(wb, owner, path)
    assert (report["rows"], report["added"], report["repeated"], report["bad_rows"]) == (
        5,
        2,
        1,
        2,
    )
    assert [(p["row"], p["value"]) for p in report["problems"]] == [(7, "wechat"), (8, "")]
    assert "13900139000" not in json.dumps(report)
    assert _shared(wb, owner, a, b) == {("phone", "medium")}
    kept = [i for i in service.identifiers_of(wb, owner, a) if i.source == "import"]
    assert [(i.kind, i.first_seen, i.last_seen) for i in kept] == [
        ("phone", date(2026, 1, 1), date(2026, 3, 1))  # the repeat widened the dates
    ]
    # the same file again keeps nothing new
    again = import_identifiers(wb, owner, path)
    assert (again["added"], again["repeated"]) == (0, 3)


@pytest.mark.parametrize(
    ("kind", "one", "other"),
    [
        ("phone", "010-8888-6666", "+86 10 8888 6666"),  # a landline and its trunk 0
        ("phone", "(0755) 2345 6789", "+86 (0)755 2345 6789"),
        ("phone", "+86 010 8888 6666", "0086 10 88886666"),
        ("phone", "+44 (0)20 7946 0958", "+44 20 7946 0958"),
        ("phone", "138—0013—8000", "+86 13800138000"),
        ("email", "Zhang Wei <ZW@Example.com>", "mailto:zw@example.com"),
        ("ip", "192.168.001.010", "192.168.1.10"),  # zero-padded, as some logs write it
        ("ip", "192.168.1.10:52311", "192.168.1.10"),  # with the client's port
        ("ip", "[2001:db8::1]:443", "2001:DB8::1"),
        ("bank_account", "6222—0212—3456—3021", "6222 0212 3456 3021"),
    ],
)
def test_it_treats_spellings_of_one_number_or_address_as_one(
    kind: str, one: str, other: str
) -> None:
    assert normalise(kind, one) == normalise(kind, other)


@pytest.mark.parametrize(
    ("kind", "one", "other"),
    [
        ("phone", "860-555-0100", "+86 555 0100"),  # a US area code 860, not China's +86
        ("ip", "192.168.1.10", "192.168.1.100"),
        ("bank_account", "6222 0212 3456 3021", "6222 0212 3456 3012"),
    ],
)
def test_it_keeps_different_numbers_apart(kind: str, one: str, other: str) -> None:
    assert normalise(kind, one) != normalise(kind, other)


def test_a_masked_card_number_is_not_an_account_number() -> None:
    with pytest.raises(InvalidInput):
        normalise("bank_account", "6222********3021")


@pytest.mark.parametrize(
    ("one", "other", "strength"),
    [
        (("2026-01-01", ""), ("2026-01-04", ""), "strong"),  # only the first sighting given
        (("", "2026-01-01"), ("2026-01-08", ""), "strong"),  # seven days apart
        (("2026-01-01", ""), ("2026-01-09", ""), "weak"),  # eight
        (("2026-01-01", ""), ("", ""), "weak"),  # no date: when is not known
    ],
)
def test_one_sighting_date_of_a_shared_ip_is_a_day_it_was_used(
    one: tuple[str, str], other: tuple[str, str], strength: str
) -> None:
    def row(account: int, seen: tuple[str, str]) -> Row:
        first, last = (date.fromisoformat(d) if d else None for d in seen)
        return Row(account, "ip", "digest-1", "203.0.113.•", "net-1", first, last)

    graph = build([row(1, one), row(2, other)], strengths())
    assert graph.links[(1, 2)].strength == strength


def test_sighting_dates_as_excel_or_a_login_log_writes_them_are_read(
    wb: Workbench, owner: Actor, tmp_path: Path
) -> None:
    a, b = _store(wb, owner, "Dates A"), _store(wb, owner, "Dates B")
    path = tmp_path / "logins.csv"
    path.write_text(
        "account_id,kind,value,first_seen,last_seen\n"
        f"{a},ip,198.51.100.4,2026/1/5,2026-01-06 23:10:00\n"  # Excel's day, a log's time
        f"{b},ip,198.51.100.4,2026年1月9日,2026-01-10T02:00:00+08:00\n"
        f"{a},device,D-2,05/01/2026,\n"  # day or month first? Refused, not guessed
        f"{a},device,D-3,2026-02-30,\n",
        encoding="utf-8",
    )
    report = import_identifiers(wb, owner, path)
    assert [(p["row"], p["column"], p["reason"]) for p in report["problems"]] == [
        (4, "first_seen", "bad_date"),
        (5, "first_seen", "bad_date"),
    ]
    kept = {i.kind: i for i in service.identifiers_of(wb, owner, b) if i.source == "import"}
    assert (kept["ip"].first_seen, kept["ip"].last_seen) == (date(2026, 1, 9), date(2026, 1, 10))
    assert _shared(wb, owner, a, b) == {("ip", "strong")}  # three days apart


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Blue Ocean Trading Company Limited", "BLUE OCEAN TRADING CO., LTD."),
        ("Blue Ocean Corporation", "blue ocean corp."),
        ("Ｂｌｕｅ Ｏｃｅａｎ Ｉｎｃｏｒｐｏｒａｔｅｄ", "Blue Ocean, Inc."),
    ],
)
def test_a_company_suffix_spelt_out_or_abbreviated_is_one_name(one: str, other: str) -> None:
    assert normalise("company_name", one) == normalise("company_name", other)
    assert normalise("company_name", "Blue Ocean Co") != normalise("company_name", "Blue Ocean Inc")


@pytest.mark.parametrize("separator", [";", "\t"])
def test_a_file_separated_by_semicolons_or_tabs_is_read(
    separator: str, wb: Workbench, owner: Actor, tmp_path: Path
) -> None:
    a, b = _store(wb, owner, "Semicolon A"), _store(wb, owner, "Semicolon B")
    rows = [
        ["account_id", "kind", "value", "first_seen", "last_seen"],
        [str(a), "address", "Room 501, 5/F, No.1 Keji Road", "", ""],
        [str(b), "address", "room 501 5F no 1 keji road", "", ""],
    ]
    path = tmp_path / "europe.csv"
    path.write_text("\n".join(separator.join(r) for r in rows) + "\n", encoding="utf-8")
    report = import_identifiers(wb, owner, path)
    assert (report["added"], report["bad_rows"]) == (2, 0)
    assert _shared(wb, owner, a, b) == {("address", "medium")}


def test_two_stores_sharing_thousands_of_identifiers_are_linked_in_seconds() -> None:
    """A login log imported for two stores: every address both used is one shared item of
    their one link, found without comparing each with all the others (it took a minute)."""
    rows = [
        Row(store, "ip", f"d{n}", f"44.{n // 256 % 256}.{n % 256}.•", f"n{n}")
        for n in range(20_000)
        for store in (1, 2)
    ]
    started = time.perf_counter()
    graph = build(rows, strengths())
    assert time.perf_counter() - started < 10
    assert list(graph.links) == [(1, 2)] and graph.groups == [[1, 2]]
    assert len(graph.links[(1, 2)].shared) == 20_000


def test_a_number_an_export_marked_as_text_for_excel_is_the_number(
    wb: Workbench, owner: Actor, tmp_path: Path
) -> None:
    a, b, c = (_store(wb, owner, n) for n in ("Excel A", "Excel B", "Excel C"))
    path = tmp_path / "marked.csv"
    path.write_text(
        "account_id,kind,value\n"
        f'{a},bank_account,"=""6222021234563021"""\n'  # ="6222021234563021", a formula
        f"{b},bank_account,'6222 0212 3456 3021\n"  # the apostrophe that keeps it text
        f"{c},bank_account,6.22202E+15\n",  # what Excel made of it: the digits are gone
        encoding="utf-8",
    )
    report = import_identifiers(wb, owner, path)
    assert (report["added"], [p["row"] for p in report["problems"]]) == (2, [4])
    assert _shared(wb, owner, a, b) == {("bank_account", "strong")}


def test_the_explanation_names_the_proof_of_independent_operation_for_what_is_shared(
    wb: Workbench, owner: Actor
) -> None:
    """SPEC §2.10 and seed 000: a linked store is asked for proof of independent operation
    (a lease, social insurance, its own bank account and network); the explanation names the
    proof that answers each kind it shares, the strongest link's first."""
    a, b, c, alone = (_store(wb, owner, n) for n in ("Proof A", "Proof B", "Proof C", "Alone"))
    service.add_identifier(wb, owner, a, "device", "DEV-PROOF-1")
    service.add_identifier(wb, owner, b, "device", "dev proof 1")
    service.add_identifier(wb, owner, b, "bank_account", "6222 0212 3456 3021")
    service.add_identifier(wb, owner, c, "bank_account", "6222021234563021")
    world = service.load_world(wb, owner)
    shown = views.explain(world, b, "en")
    assert [p.material for p in shown.proof] == ["separate_bank_account", "separate_network"]
    assert shown.proof[0].name == "Proof of a separate bank account"
    chinese = views.explain(world, a, "zh_CN")
    assert [(p.material, p.name) for p in chinese.proof] == [
        ("separate_network", "独立网络与设备证明")
    ]
    assert views.explain(world, alone, "en").proof == []


def test_rows_of_a_login_log_with_one_date_each_span_from_the_first_to_the_last(
    wb: Workbench, owner: Actor, tmp_path: Path
) -> None:
    a, b = _store(wb, owner, "Log A"), _store(wb, owner, "Log B")
    path = tmp_path / "log.csv"
    path.write_text(
        "account_id,kind,value,first_seen,last_seen\n"
        f"{a},ip,198.51.100.9,2026-01-01,\n"
        f"{a},ip,198.51.100.9,2026-01-20,\n"
        f"{b},ip,198.51.100.9,2026-01-25,\n",  # five days after A's last login from it
        encoding="utf-8",
    )
    import_identifiers(wb, owner, path)
    kept = [i for i in service.identifiers_of(wb, owner, a) if i.source == "import"]
    assert [(i.first_seen, i.last_seen) for i in kept] == [(date(2026, 1, 1), date(2026, 1, 20))]
    assert _shared(wb, owner, a, b) == {("ip", "strong")}


def test_a_later_import_widens_the_dates_an_earlier_one_kept(
    wb: Workbench, owner: Actor, tmp_path: Path
) -> None:
    store = _store(wb, owner, "Widened")
    first, second = tmp_path / "january.csv", tmp_path / "march.csv"
    header = "account_id,kind,value,first_seen,last_seen\n"
    first.write_text(f"{header}{store},ip,192.0.2.1,2026-02-01,2026-02-02\n", encoding="utf-8")
    second.write_text(f"{header}{store},IP,192.0.2.001,2026-01-15,2026-03-01\n", encoding="utf-8")
    assert import_identifiers(wb, owner, first)["added"] == 1
    report = import_identifiers(wb, owner, second)
    assert (report["added"], report["repeated"]) == (0, 1)
    kept = [i for i in service.identifiers_of(wb, owner, store) if i.source == "import"]
    assert [(i.first_seen, i.last_seen) for i in kept] == [(date(2026, 1, 15), date(2026, 3, 1))]


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\r\n\r\n"])
def test_an_empty_file_is_refused_as_empty(
    content: bytes, wb: Workbench, owner: Actor, tmp_path: Path
) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(InvalidInput, match=r"^The file is empty\.$"):
        import_identifiers(wb, owner, path)


def test_a_refused_row_is_named_by_the_line_it_starts_on(
    wb: Workbench, owner: Actor, tmp_path: Path
) -> None:
    store = _store(wb, owner, "Lines")
    path = tmp_path / "quoted.csv"
    path.write_text(
        "account_id,kind,value\n"
        f'{store},address,"Room 501\n5/F, No.1 Keji Road"\n'  # lines 2 and 3
        "\n"
        f"{store},fax,1234\n"  # line 5
        f'{store},fax,"12\n34"\n',  # lines 6 and 7
        encoding="utf-8",
    )
    report = import_identifiers(wb, owner, path)
    assert report["added"] == 1
    assert [p["row"] for p in report["problems"]] == [5, 6]
