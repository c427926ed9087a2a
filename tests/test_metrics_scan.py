"""``metrics compute`` over a Parquet file reads it in place, in one pass (reinstate.metrics.scan):
the same numbers and the same import report as the batch path that writes canonical orders
first, whether the file's columns are typed or text, with or without repeated orders and bad
rows."""

from __future__ import annotations

import csv
import random
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from reinstate.errors import InvalidInput
from reinstate.metrics import engine
from reinstate.metrics import scan as scan_module
from reinstate.metrics.compute import compute_source, windows
from reinstate.metrics.engine import ACCOUNTS_SQL, DayCounts, DuckDB, history_of, span
from reinstate.metrics.normalise import normalise
from reinstate.metrics.profiles import open_source
from reinstate.metrics.scan import _repeats, scan
from reinstate.policies.loader import PLATFORMS_DIR, load_policies

PACKS = load_policies(PLATFORMS_DIR)
AS_OF = date(2026, 11, 18)
TIMES = ("purchase_ts", "ship_by_ts", "shipped_ts", "promised_delivery_ts", "delivered_ts")


def orders(count: int, *, repeats: bool, bad: bool, seed: int = 7) -> list[dict[str, Any]]:
    """Orders of a few shops over 120 days: late, cancelled, untracked, rated; some rows
    repeating an order (a later shipment, a second item), some unreadable."""
    pick = random.Random(seed)
    rows: list[dict[str, Any]] = []
    start = datetime(2026, 7, 20, tzinfo=UTC)
    for number in range(count):
        bought = start + timedelta(minutes=pick.randrange(120 * 24 * 60))
        cancelled = pick.random() < 0.05
        shipped = None if cancelled else bought + timedelta(hours=pick.randrange(1, 80))
        row = {
            "order_id": f"o-{number}",
            "account_id": f"shop-{pick.randrange(6)}",
            "platform": pick.choice(["amazon", "amazon", "ebay"]) if number % 97 == 0 else "amazon",
            "fulfilment": pick.choice(["mfn", "afn"]),
            "purchase_ts": bought,
            "ship_by_ts": bought + timedelta(days=2),
            "shipped_ts": shipped,
            "promised_delivery_ts": bought + timedelta(days=9),
            "delivered_ts": (
                shipped + timedelta(days=pick.randrange(2, 12))
                if shipped and pick.random() < 0.9
                else None
            ),
            "status": "cancelled" if cancelled else "shipped",
            "cancelled_by": pick.choice(["seller", "buyer"]) if cancelled else None,
            "tracking_valid": pick.random() < 0.95 if shipped else None,
            "sku": f"SKU-{pick.randrange(20)}",
            "quantity": pick.randrange(1, 4),
            "feedback_rating": pick.randrange(1, 6) if pick.random() < 0.3 else None,
            "a_to_z_claim": pick.random() < 0.01,
            "chargeback": pick.random() < 0.005,
        }
        rows.append(row)
        if repeats and number % 13 == 0:  # the same order again: shipped later, another item
            again = dict(row, sku=f"SKU-{pick.randrange(20)}")
            if shipped:
                again["shipped_ts"] = shipped + timedelta(days=3)
            rows.append(again)
    if bad:
        rows[5] = dict(rows[5], order_id=None)  # missing
        rows[40] = dict(rows[40], feedback_rating=7)  # a rating is 1 to 5
        rows[41] = dict(rows[41], account_id="  ")  # blank
        rows[90] = dict(rows[90], fulfilment="drone")  # not a fulfilment
    return rows


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: as_text(v) for k, v in row.items()})
    return path


def write_parquet(path: Path, rows: list[dict[str, Any]], *, typed: bool, zone: bool) -> Path:
    columns: dict[str, list[Any]] = {name: [row[name] for row in rows] for name in rows[0]}
    if not typed:
        table = pa.table({k: [as_text(v) or None for v in vs] for k, vs in columns.items()})
    else:
        kind = pa.timestamp("us", tz="UTC") if zone else pa.timestamp("ms")
        arrays = {}
        for name, values in columns.items():
            if name in TIMES:
                if not zone:
                    values = [v.replace(tzinfo=None) if v else None for v in values]
                arrays[name] = pa.array(values, kind)
            else:
                arrays[name] = pa.array(values)
        table = pa.table(arrays)
    pq.write_table(table, path, row_group_size=700)
    return path


def report(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    normalised, judged = compute_source(PACKS, "canonical", path, AS_OF, engine=DuckDB())
    found = normalised.report()
    found.pop("columns")
    return found, sorted(
        (j.row() for j in judged), key=lambda r: (r["account_id"], r["metric"], r["window_days"])
    )


@pytest.mark.parametrize("repeats", [False, True])
@pytest.mark.parametrize("bad", [False, True])
def test_a_parquet_file_gives_what_the_same_orders_give_as_csv(
    tmp_path: Path, repeats: bool, bad: bool
) -> None:
    rows = orders(2500, repeats=repeats, bad=bad)
    expected = report(write_csv(tmp_path / "orders.csv", rows))
    assert expected[0]["merged_rows"] == (193 if repeats else 0)
    # two rows refused (no order id, no seller), two cells not read (a rating of 7, a
    # fulfilment "drone"), their orders kept
    assert (expected[0]["bad_rows"], expected[0]["unread_cells"]) == ((2, 2) if bad else (0, 0))
    assert any(r["numerator"] for r in expected[1])
    for problem in (*expected[0]["problems"], *expected[0]["cells"]):
        problem["row"] -= 1  # a CSV file's line (after its header), a Parquet file's row
    for typed, zone in ((True, True), (True, False), (False, False)):
        parquet = write_parquet(tmp_path / f"{typed}-{zone}.parquet", rows, typed=typed, zone=zone)
        assert report(parquet) == expected, (typed, zone)


@pytest.mark.parametrize("repeats", [False, True])
def test_an_order_repeated_far_apart_is_merged_and_none_repeated_counts_plain(
    tmp_path: Path, repeats: bool
) -> None:
    rows = orders(3000, repeats=False, bad=False, seed=3)
    if repeats:  # the first order again as the last row: other row groups between them
        rows.append(dict(rows[0], sku="SKU-far", shipped_ts=rows[0]["shipped_ts"]))
    expected = report(write_csv(tmp_path / "orders.csv", rows))
    assert expected[0]["merged_rows"] == (1 if repeats else 0)
    path = write_parquet(tmp_path / "orders.parquet", rows, typed=True, zone=True)
    found = report(path)
    assert found == expected
    assert found[0]["orders"] == 3000


def test_a_repeat_is_found_among_keys_whose_high_bits_are_shared() -> None:
    # keys sharing their high 32 bits by the thousand (each a candidate), then one true repeat
    high = np.repeat(np.arange(400, dtype=np.uint64) << np.uint64(32), 2500)
    keys = high | np.tile(np.arange(2500, dtype=np.uint64), 400)
    assert not _repeats(np.random.default_rng(1).permutation(keys))
    keys[123_456] = keys[987_654]
    assert _repeats(np.random.default_rng(2).permutation(keys))
    unique = np.random.default_rng(3).integers(0, 2**64 - 1, 300_000, np.uint64, endpoint=True)
    assert _repeats(unique.copy()) == (np.unique(unique).size < unique.size)
    unique[-1] = unique[0]
    assert _repeats(unique)


def test_the_one_pass_counts_what_the_written_orders_count(tmp_path: Path) -> None:
    rows = orders(1500, repeats=False, bad=True, seed=11)
    path = write_parquet(tmp_path / "orders.parquet", rows, typed=True, zone=True)
    spans = windows(PACKS)
    first, lo = span(AS_OF, 1, spans)
    once, counts, kept = scan(
        open_source("canonical", path), DuckDB(), AS_OF, lambda platforms: (spans, tuple(spans))
    )
    assert kept == spans
    written = normalise(open_source("canonical", path), tmp_path / "canonical.parquet")
    assert (once.rows, once.orders, once.accounts, once.bad_rows) == (
        written.rows,
        written.orders,
        written.accounts,
        written.bad_rows,
    )
    assert once.problems == written.problems and once.reasons == written.reasons
    again = DuckDB().day_counts([tmp_path / "canonical.parquet"], lo, AS_OF)
    assert history_of(counts, first, 1, spans).equals(history_of(again, first, 1, spans))


def test_a_count_given_up_between_batches_leaves_the_connection_ready_to_count_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # what scan does when the sorted keys show a repeat while the plain count is under way
    rows = orders(1500, repeats=False, bad=False, seed=5)
    path = write_parquet(tmp_path / "orders.parquet", rows, typed=True, zone=True)
    canonical = tmp_path / "canonical.parquet"
    normalise(open_source("canonical", path), canonical)
    lo = span(AS_OF, 1, windows(PACKS))[1]
    expected = DuckDB().day_counts([canonical], lo, AS_OF)
    monkeypatch.setattr(engine, "BATCH_ROWS", 100)  # batches of 100 orders, not a million
    connection = DuckDB().connect([canonical])
    try:
        accounts = connection.sql(ACCOUNTS_SQL).to_arrow_table()
        asked: list[int] = []

        def second_batch() -> bool:
            asked.append(1)
            return len(asked) == 2

        given_up = DayCounts(accounts, lo, AS_OF)
        assert not DuckDB.counted(connection, given_up, second_batch)
        assert len(asked) == 2  # the first batch counted, then given up at the second
        counts = DayCounts(accounts, lo, AS_OF)
        assert DuckDB.counted(connection, counts)
    finally:
        connection.close()
    assert counts.counts.keys() == expected.counts.keys()
    for key, values in expected.counts.items():
        assert np.array_equal(counts.counts[key], values), key
    assert (
        0
        < sum(int(v.sum()) for v in given_up.counts.values())
        < sum(int(v.sum()) for v in expected.counts.values())
    )


@pytest.mark.parametrize("found", ["before the first batch", "after the last batch"])
def test_a_repeat_found_while_the_orders_are_counted_is_merged_whenever_it_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, found: str
) -> None:
    # the keys are sorted on a thread of their own while the orders are counted as they are:
    # the repeat is known before that count has read a batch, or only once it has finished
    rows = orders(2500, repeats=True, bad=True)
    expected = report(write_csv(tmp_path / "orders.csv", rows))
    for problem in (*expected[0]["problems"], *expected[0]["cells"]):
        problem["row"] -= 1  # a CSV file's line (after its header), a Parquet file's row
    path = write_parquet(tmp_path / "orders.parquet", rows, typed=True, zone=True)
    counting_done = threading.Event()
    plain: list[object] = []
    unmerged, repeats = scan_module._unmerged, scan_module._repeats

    def counted_as_they_are(*args: Any) -> Any:
        if found == "before the first batch":
            args[-1].result()  # the keys sorted first
        try:
            plain.append(unmerged(*args))
            return plain[-1]
        finally:
            counting_done.set()

    def sorted_late(keys: np.ndarray) -> bool:
        if found == "after the last batch":
            assert counting_done.wait(60)
        return repeats(keys)

    monkeypatch.setattr(scan_module, "_unmerged", counted_as_they_are)
    monkeypatch.setattr(scan_module, "_repeats", sorted_late)
    assert report(path) == expected
    # given up at its first batch, or counted to the end and then set aside for the merge
    assert (plain[0] is None) == (found == "before the first batch")


def test_the_memory_duckdb_keeps_to_is_read_however_it_was_set() -> None:
    for limit, expected in (("1GB", 10**9), ("1.5GiB", 1.5 * 2**30), ("300MB", 3 * 10**8)):
        connection = DuckDB(memory_limit=limit).connect()
        try:
            found = scan_module._memory_limit(connection)
        finally:
            connection.close()
        assert found is not None and abs(found - expected) < 2**20, limit  # shown to 0.1 MiB


def test_a_damaged_parquet_file_is_still_refused_in_one_sentence(tmp_path: Path) -> None:
    path = write_parquet(
        tmp_path / "orders.parquet", orders(3000, repeats=False, bad=False), typed=True, zone=True
    )
    data = bytearray(path.read_bytes())
    data[len(data) // 3 : len(data) // 3 + 3000] = b"\xff" * 3000
    damaged = tmp_path / "damaged.parquet"
    damaged.write_bytes(bytes(data))
    with pytest.raises(InvalidInput, match="damaged.parquet is a damaged Parquet file"):
        compute_source(PACKS, "canonical", damaged, AS_OF, engine=DuckDB())


@pytest.mark.parametrize("repeats", [False, True])
def test_an_import_of_a_parquet_file_writes_what_the_same_orders_as_csv_write(
    tmp_path: Path, repeats: bool
) -> None:
    rows = orders(1200, repeats=repeats, bad=True, seed=5)
    csv_source = open_source("canonical", write_csv(tmp_path / "orders.csv", rows))
    expected = normalise(csv_source, tmp_path / "from-csv.parquet")
    for problem in (*expected.problems, *expected.cells):
        problem["row"] -= 1
    parquet = write_parquet(tmp_path / "orders.parquet", rows, typed=True, zone=True)
    found = normalise(open_source("canonical", parquet), tmp_path / "from-parquet.parquet")
    assert found.report() == expected.report()
    assert found.merged_rows == (93 if repeats else 0)
    keys = [("account_id", "ascending"), ("order_id", "ascending")]
    written = pq.read_table(tmp_path / "from-parquet.parquet").sort_by(keys)
    batch = pq.read_table(tmp_path / "from-csv.parquet").sort_by(keys)
    assert [(f.name, f.type) for f in written.schema] == [(f.name, f.type) for f in batch.schema]
    assert written.to_pylist() == batch.to_pylist()


def test_the_orders_with_a_day_computed_are_picked_by_their_utc_day_at_each_edge(
    tmp_path: Path,
) -> None:
    """The filter that keeps only orders with a reference day computed (two timestamps a
    column) keeps exactly the orders whose reference times' UTC days fall inside the span, as
    casting each time to its day does, at a microsecond on either side of each edge."""
    import duckdb

    from reinstate.metrics.engine import DAYS, dated_sql

    lo, hi = date(2026, 9, 20), date(2026, 11, 18)
    edges = [
        datetime(day.year, day.month, day.day) + timedelta(microseconds=step)
        for day in (lo, hi + timedelta(days=1), lo - timedelta(days=30), hi - timedelta(days=29))
        for step in (-1, 0, 1)
    ]
    far = datetime(2025, 1, 1)
    rows = []
    for column in ("purchase_ts", "ship_by_ts", "shipped_ts", "promised_delivery_ts"):
        for edge in [*edges, None]:
            row: dict[str, Any] = dict.fromkeys(TIMES, far)
            row[column] = edge
            rows.append(row)
    path = tmp_path / "edges.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    connection.execute(
        f"CREATE VIEW orders AS SELECT row_number() OVER () AS n, * FROM read_parquet('{path}')"
    )
    cast = " OR ".join(
        f"CAST({column} + INTERVAL {shift} DAY AS DATE) BETWEEN DATE '{lo}' AND DATE '{hi}'"
        for column, shift in DAYS.values()
    )
    picked = {
        query: [
            n
            for (n,) in connection.execute(
                f"SELECT n FROM orders WHERE {query} ORDER BY n"
            ).fetchall()
        ]
        for query in (cast, dated_sql(lo, hi))
    }
    assert picked[cast] == picked[dated_sql(lo, hi)]
    assert 20 < len(picked[cast]) < len(rows) - 10  # edges both in and out


def every_platform(rows: list[dict[str, Any]], *, extras: bool) -> list[dict[str, Any]]:
    """``rows`` spread over every platform with a pack, one without and none, and (``extras``)
    with the columns the other platforms' metrics need: response times, buyers' messages,
    returns and disputes."""
    pick = random.Random(13)
    platforms = [*sorted(p.name for p in PLATFORMS_DIR.iterdir() if (p / "policy.yaml").exists())]
    spread = []
    for number, row in enumerate(rows):
        shop = int(row["account_id"].rsplit("-", 1)[-1]) if row["account_id"].strip() else 0
        choices = [*platforms, "ebay", None]
        row = dict(row, platform=choices[(shop + number // 500) % len(choices)])
        row["account_id"] = f"{row['platform']}-{row['account_id']}"
        if extras:
            bought = row["purchase_ts"]
            row["first_response_minutes"] = pick.choice([None, 30, 600, 1000, 2000])
            row["buyer_message_ts"] = bought + timedelta(hours=2) if pick.random() < 0.3 else None
            returned = pick.random() < 0.05
            row["return_ts"] = bought + timedelta(days=12) if returned else None
            row["return_fault"] = pick.choice(["seller", "buyer", None]) if returned else None
            row["dispute"] = pick.random() < 0.03
        spread.append(row)
    return spread


@pytest.mark.parametrize("extras", [False, True])
def test_only_the_metrics_judged_are_counted_and_the_numbers_stay_the_same(
    tmp_path: Path, extras: bool
) -> None:
    """The one pass counts only the windows judged for the platforms of the file's accounts,
    and only the metrics whose inputs the file carries: every row a seller sees is the same as
    from the path that counts every metric of every pack."""
    rows = every_platform(orders(3000, repeats=False, bad=False, seed=21), extras=extras)
    expected = report(write_csv(tmp_path / "orders.csv", rows))
    computed = {r["metric"] for r in expected[1] if not r["missing_columns"]}
    assert ("first_response_rate" in computed) is extras and "odr" in computed
    assert any(r["numerator"] for r in expected[1] if r["metric"] == "undelivered_30d_rate")
    path = write_parquet(tmp_path / "orders.parquet", rows, typed=True, zone=True)
    assert report(path) == expected


def test_the_plan_keeps_the_windows_judged_and_counts_what_can_be_counted() -> None:
    from reinstate.metrics.compute import planned

    spans = windows(PACKS)
    amazon = {m: v for m, v in PACKS["amazon"].metrics.items() if m in spans}  # computed ones
    kept, counted = planned(PACKS, spans, ["amazon"], frozenset({"purchase_ts", "ship_by_ts"}))
    assert set(kept) == set(amazon) and list(kept) == [m for m in spans if m in amazon]
    assert all(set(kept[m]) == set(amazon[m].windows) for m in kept)
    # a metric without its inputs is still judged (no data), but not counted
    assert "late_shipment_rate" in counted and "odr" not in counted and "odr" in kept
    # an unknown platform and none are judged as Amazon's; Joom adds its own metric
    assert planned(PACKS, spans, ["ebay", None], None)[0] == kept
    assert "undelivered_30d_rate" in planned(PACKS, spans, ["amazon", "joom"], None)[1]


@pytest.mark.parametrize("extras", [False, True])
def test_a_file_with_repeated_orders_is_merged_in_place_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extras: bool
) -> None:
    """Repeated orders are merged by the one pass over the Parquet file itself (with the
    columns the metrics use, the reference times among them): the route that writes canonical
    orders first is not taken, and the numbers are those of the same orders as CSV."""
    from reinstate.metrics import compute

    rows = every_platform(orders(2500, repeats=True, bad=True, seed=17), extras=extras)
    expected = report(write_csv(tmp_path / "orders.csv", rows))
    assert expected[0]["merged_rows"] > 0
    for problem in (*expected[0]["problems"], *expected[0]["cells"]):
        problem["row"] -= 1
    path = write_parquet(tmp_path / "orders.parquet", rows, typed=True, zone=True)

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was written again instead of read in place")

    monkeypatch.setattr(compute, "normalise", refused)
    assert report(path) == expected


@pytest.mark.parametrize(
    "platforms",
    [
        ["amazon"] * 6,  # one platform: its accounts by one column's distinct values
        ["amazon", "shopee", "amazon", "amazon", "temu", "amazon"],
        ["amazon", None, "amazon", None, "amazon", "amazon"],  # an account's NULL is not one
        [None] * 6,
        [" amazon", "amazon ", "amazon", "amazon", "amazon", "amazon"],  # the same, typed
    ],
)
def test_every_account_is_listed_with_its_platform_however_many_platforms_the_file_has(
    tmp_path: Path, platforms: list[str | None]
) -> None:
    """Accounts listed by the distinct values of one column (a file of one platform) are the
    accounts and platforms the pairs of both columns give, on the engine's file and on the
    one-pass scan's raw columns, an account without an order in the days computed included."""
    rows = [
        {
            "order_id": f"o-{n}",
            "account_id": f"shop-{n % 4}" + (" " if n == 5 else ""),
            "platform": platforms[n],
            "purchase_ts": datetime(2026, 11, 10, tzinfo=UTC) - timedelta(days=400 * (n == 3)),
        }
        for n in range(6)
    ]
    path = tmp_path / "orders.parquet"
    pq.write_table(pa.table({k: [r[k] for r in rows] for k in rows[0]}), path)
    connection = DuckDB().connect([path])
    try:
        pairs = connection.sql(ACCOUNTS_SQL).to_arrow_table().sort_by("account_id")
        listed = engine.listed_accounts(connection).sort_by("account_id")
        assert listed.to_pylist() == pairs.to_pylist()
        assert len(listed) == 5  # "shop-1 " is an account of its own in a canonical file
    finally:
        connection.close()
    normalised, judged = compute_source(PACKS, "canonical", path, AS_OF, engine=DuckDB())
    expected: dict[str, str | None] = {}
    for row in rows:  # each account's least platform given, as sql/accounts.sql says
        account, platform = row["account_id"].strip(), (row["platform"] or "").strip() or None
        known = [p for p in (expected.get(account), platform) if p is not None]
        expected[account] = min(known) if known else None
    assert {(j.account_id, j.platform) for j in judged} == set(expected.items())
