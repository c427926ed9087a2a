"""Order files as a seller's own spreadsheet or tool writes them, each made in the test and
counted by hand from SPEC §5's definitions: headers in another case with another separator, a
template's tracking column left blank, and what the numbers then say."""

from __future__ import annotations

from pathlib import Path

import pytest

from reinstate.cli import main


@pytest.fixture(autouse=True)
def _files_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "sqlite:////nonexistent/dir/x.sqlite3")
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")


def computed(
    path: Path, capsys: pytest.CaptureFixture[str], as_of: str = "2026-12-01"
) -> dict[tuple[str, int], tuple[int, int, str]]:
    """(metric, window) -> (numerator, denominator, status) of ``metrics compute``'s CSV."""
    args = ["metrics", "compute", "--profile", "canonical", "--source", str(path)]
    assert main([*args, "--as-of", as_of]) == 0, capsys.readouterr().err
    lines = capsys.readouterr().out.splitlines()[1:]
    found = {}
    for line in lines:
        _, metric, days, numerator, denominator, _, _, status = line.split(",")
        found[(metric, int(days))] = (int(numerator), int(denominator), status)
    return found


@pytest.mark.parametrize(
    ("separator", "names"),
    [
        (";", "Order_ID;Account_ID;Platform;Purchase_TS;Feedback_Rating"),
        ("\t", "ORDER_ID\tACCOUNT_ID\tPLATFORM\tPURCHASE_TS\tFEEDBACK_RATING"),
    ],
)
def test_a_header_in_another_case_is_found_with_a_semicolon_or_a_tab(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], separator: str, names: str
) -> None:
    # a spreadsheet set to German saves ';' and a seller may capitalise the template's names:
    # the columns are matched whatever their case, so the separator must be too
    rows = [
        names,
        separator.join(["111-1", "shop-1", "amazon", "2026-11-20T10:00:00Z", "1"]),
        separator.join(["111-2", "shop-1", "amazon", "2026-11-21T10:00:00Z", "5"]),
    ]
    path = tmp_path / "orders.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    found = computed(path, capsys)
    assert found[("odr", 60)] == (1, 2, "breach")
