"""Times and numbers as sellers write them in an order file (SPEC §5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reinstate.cli import main


@pytest.fixture(autouse=True)
def _files_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "sqlite:////nonexistent/dir/x.sqlite3")
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")


def compute(path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[str, str]:
    command = ["metrics", "compute", "--profile", "canonical", "--source", str(path), *args]
    assert main(command) == 0, capsys.readouterr().err
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_a_time_written_with_cst_is_refused_unless_the_files_zone_settles_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 07:00 CST on the 16th is 23:00 UTC on the 15th in China (inside a window ending with the
    # 15th) but 13:00 UTC on the 16th in US Central (outside): it was read as US Central
    path = tmp_path / "orders.csv"
    path.write_text(
        "order_id,account_id,platform,purchase_ts,feedback_rating\n"
        "a,s1,amazon,2026-11-16 07:00:00 CST,1\n"
        "b,s1,amazon,2026-11-15 18:00:00 EST,5\n"
        "c,s1,amazon,2026-11-16 07:00:00 +0800 CST,5\n"
        "d,s1,amazon,2026-11-16 07:00 ist,5\n",
        encoding="utf-8",
    )
    out, err = compute(path, capsys, "--as-of", "2026-11-15")
    assert "row 2: purchase_ts: “2026-11-16 07:00:00 CST”" in err
    assert "+08:00" in err and "--timezone" in err
    assert "row 5: purchase_ts" in err  # IST: India, Israel or Ireland
    # the unambiguous EST and the offset written before CST are read
    assert "s1,odr,60,0,2,0.0,0.01,good" in out
    out, err = compute(path, capsys, "--as-of", "2026-11-15", "--timezone", "Asia/Shanghai")
    assert "row 2" not in err and "row 5" in err
    assert "s1,odr,60,1,3," in out
    out, _ = compute(path, capsys, "--as-of", "2026-11-15", "--timezone", "America/Chicago")
    assert "s1,odr,60,0,2,0.0,0.01,good" in out
