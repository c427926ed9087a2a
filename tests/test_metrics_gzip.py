"""An order export compressed with gzip (orders.csv.gz, all-orders.txt.gz) is read as the file it
holds, giving what the unpacked file gives; one that holds no CSV file, or is cut short, is
refused in one sentence; on the web, the size limit counts what the file unpacks to."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest

from reinstate.cli import main
from reinstate.workbench import Workbench

from .conftest import World, bearer


@pytest.fixture()
def _files_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "sqlite:////nonexistent/dir/x.sqlite3")
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")


def orders_csv(count: int) -> bytes:
    lines = ["order_id,account_id,purchase_ts,ship_by_ts,shipped_ts,feedback_rating"]
    for n in range(count):
        day = 1 + n % 28
        hour = 20 if n % 9 == 0 else 9  # every ninth shipped after its ship-by time
        late = f"2026-11-{day:02d}T{hour:02d}:00:00Z"
        rating = "1" if n % 17 == 0 else "5"
        lines.append(
            f"G-{n},seller-{n % 3},2026-11-{day:02d}T08:00:00Z,2026-11-{day:02d}T18:00:00Z,"
            f"{late},{rating}"
        )
    return ("\n".join(lines) + "\n").encode()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["metrics", "compute", *args, "--as-of", "2026-11-28"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.usefixtures("_files_only")
def test_a_gzipped_csv_gives_what_the_csv_gives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = orders_csv(5000)
    (tmp_path / "orders.csv").write_bytes(data)
    (tmp_path / "orders.csv.gz").write_bytes(gzip.compress(data))
    plain = run(capsys, "--profile", "canonical", "--source", str(tmp_path / "orders.csv"))
    packed = run(capsys, "--profile", "canonical", "--source", str(tmp_path / "orders.csv.gz"))
    assert plain[0] == packed[0] == 0, packed[2]
    assert packed[1] == plain[1]
    assert "seller-1,late_shipment_rate,10," in packed[1]


@pytest.mark.usefixtures("_files_only")
def test_a_gzipped_amazon_report_is_read_by_its_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        "amazon-order-id\tpurchase-date\torder-status\tfulfillment-channel\tsku\tquantity",
        "111-1\t2026-11-26T10:00:00+00:00\tShipped\tMerchant\tCUP\t1",
        "111-2\t2026-11-27T10:00:00+00:00\tCancelled\tMerchant\tCUP\t1",
    ]
    path = tmp_path / "all-orders.txt.gz"
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("cp1252")))
    code, out, err = run(
        capsys, "--profile", "amazon-all-orders", "--source", str(path), "--account-id", "eu-1"
    )
    assert code == 0, err
    assert "eu-1,pre_fulfilment_cancel_rate,7,1,2," in out


@pytest.mark.usefixtures("_files_only")
@pytest.mark.parametrize(
    ("inside", "said"),
    [
        (b"PAR1\x15\x04\x15\x10\x15\x14L\x15\x02\x15\x00\x12\x00\x00", "不是 CSV 文件"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\n", "不是 CSV 文件"),
        (b"\x00\x01\x02\x03binary\x00\x00", "不是 CSV 文件"),
    ],
)
def test_a_gzip_holding_no_csv_file_is_refused_in_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    inside: bytes, said: str,
) -> None:  # fmt: skip
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")
    path = tmp_path / "export.csv.gz"
    path.write_bytes(gzip.compress(inside))
    code, out, err = run(capsys, "--profile", "canonical", "--source", str(path))
    assert code == 1 and out == ""
    assert err.strip() == f"export.csv.gz 是压缩文件（gzip），但其中的内容{said}。"


@pytest.mark.usefixtures("_files_only")
def test_a_gzip_cut_short_is_refused_in_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packed = gzip.compress(orders_csv(400_000), 1)  # about 30 MB unpacked, past a first block
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(packed[: len(packed) * 3 // 4])
    code, out, err = run(capsys, "--profile", "canonical", "--source", str(path))
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cut.csv.gz is compressed (gzip) but damaged")
    small = tmp_path / "small.csv.gz"
    small.write_bytes(gzip.compress(orders_csv(20))[:-12])  # no end, within the first megabyte
    code, out, err = run(capsys, "--profile", "canonical", "--source", str(small))
    assert (code, err.strip()) == (
        1,
        "small.csv.gz is compressed (gzip) but damaged: it cannot be unpacked.",
    )


def _import(user: Any, name: str, data: bytes) -> Any:
    return user.client.post(
        "/metrics/import",
        data={"csrf_token": user.csrf("/metrics"), "profile": "canonical"},
        files={"file": (name, data)},
    )


def test_the_web_imports_a_gzipped_csv_within_the_limit_of_what_it_unpacks_to(
    wb: Workbench, world: World, as_persona: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = as_persona("owner")
    small = gzip.compress(orders_csv(300))
    answer = _import(user, "orders.csv.gz", small)
    assert answer.status_code == 303, answer.text[:500]
    # 1 MB allowed: 40,000 orders are some 3 MB of CSV, 0.3 MB packed
    monkeypatch.setattr(wb, "settings", wb.settings.model_copy(update={"max_import_mb": 1}))
    big = gzip.compress(orders_csv(40_000))
    assert len(big) < 1024 * 1024
    answer = _import(user, "big-orders.csv.gz", big)
    assert answer.status_code == 422
    assert "big-orders.csv.gz unpacks to more than 1 MB." in answer.text


def test_the_api_imports_a_gzipped_csv_and_says_the_cells_it_left_unknown(
    client: Any, world: World
) -> None:
    lines = [
        "order_id,account_id,purchase_ts,shipped_ts,tracking_valid",
        "Z1,shop-5,2026-11-20T08:00:00Z,2026-11-21T08:00:00Z,yes",
        "Z2,shop-5,2026-11-20T09:00:00Z,2026-11-21T09:00:00Z,probably",
    ]
    created = client.post(
        "/api/v1/metrics/imports",
        headers=bearer(world, "teammate"),
        data={"profile": "canonical"},
        files={"file": ("z.csv.gz", gzip.compress("\n".join(lines).encode()), "application/gzip")},
    )
    assert created.status_code == 201, created.text
    found = created.json()
    assert (found["orders"], found["bad_rows"], found["unread_cells"]) == (2, 0, 1)
    assert found["cells"][0]["message"] == "tracking_valid: “probably” is not yes or no."
