"""The case list and the account list under a bounded open-loop load, on PostgreSQL.

Creates its own database (``reinstate_bench_<pid>`` on 127.0.0.1:5432, user postgres) and drops
it afterwards; seeds one organisation with 5,000 cases and 500 seller accounts (bulk inserts
through the tables, after ``reinstate db upgrade``); starts ``reinstate serve`` as a process
against it; signs in through the sign-in form like a browser; then, for each address in turn,
sends requests at a fixed rate (200/s for 30 s) whatever the answers' speed (open loop: a
request's time runs from when it was due, so a slow server is not hidden by a waiting client),
with at most --inflight requests outstanding (more are counted as dropped, and a phase's
requests are all answered before the next phase starts, so the server's backlog is bounded).
``--workers N`` (default 2, one per core of the machine the numbers are for) starts N servers
on N ports and sends request i to worker i mod N, as the README's reverse proxy would ("Several
workers"). The servers run with ``REINSTATE_ENV=test``: as in production (templates compiled
once), without production's secure-only cookie, which a client on plain http would not send back.
The load itself is sent by a small keep-alive HTTP/1.1 client (``_Raw``), as cheap as it can be:
it shares the machine's cores with the servers.

Baseline, measured in the same run under the same load: ``/api/v1/health`` (no database work
beyond one ping, no template). Targets: case list and account list p95 < 50 ms; the letter page
and the metrics page < 150 ms warm (median of repeated single requests after a first one).

    .venv/bin/python benchmarks/web_load.py [--rate 200] [--seconds 30] [--cases 5000]
        [--accounts 500] [--inflight 100] [--workers 2]

Each phase also prints the servers' CPU time per answered request (from /proc), the figure a
page must keep near 3 ms for 200 requests/s on two cores. ``--cpu`` measures CPU per page in
process instead (no server, no load; ``benchmarks/web_cpu.py``), ``--profile /cases`` prints
where that page's CPU time goes.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx2 as httpx
import psycopg
import web_cpu
from serving import free_port, started
from sqlalchemy import insert, text

from reinstate.auth.actor import Actor
from reinstate.auth.service import add_hashed_user, create_organisation, hash_password
from reinstate.cases.rules import STATES
from reinstate.settings import Settings
from reinstate.storage.tables import Case, SellerAccount
from reinstate.web import create_app
from reinstate.workbench import Workbench

ROOT = Path(__file__).resolve().parents[1]
LIST_TARGET_MS = 50.0
PAGE_TARGET_MS = 150.0
EMAIL = "owner@bench.example.com"
PASSWORD = "load-bench-Passphrase-7"


def _cli(env: dict[str, str], *args: str) -> list[str]:
    return [sys.executable, "-c", "from reinstate.cli import run; run()", *args]


def _seed(settings: Settings, n_cases: int, n_accounts: int) -> int:
    """One organisation, its owner, the accounts and the cases; returns a case id."""
    wb = Workbench.open(settings)
    rng = random.Random(21)
    now = datetime.now(UTC)
    try:
        policies = wb.policies
        platforms = sorted(policies)
        org = create_organisation(wb, "Load Bench Trading", "seller")
        with wb.db.transaction() as session:
            actor = Actor.command_line(org.id)
            owner = add_hashed_user(
                session, wb, actor, EMAIL, "owner", hash_password(PASSWORD, EMAIL)
            )
            owner_id = owner.id
        accounts = [
            {
                "org_id": org.id,
                "platform": platforms[i % len(platforms)],
                "marketplace": "US",
                "store_name": f"Store {i:04d} 深圳贸易",
                "seller_id": f"A{rng.randrange(10**12):012d}",
                "company_name": f"Shenzhen Bench Trading Co. {i}",
                "created_at": now,
                "updated_at": now,
            }
            for i in range(n_accounts)
        ]
        with wb.db.transaction() as session:
            session.execute(insert(SellerAccount), accounts)
        with wb.db.transaction() as session:
            ids = [(a.id, a.platform) for a in session.query(SellerAccount)]
            violations = {p: [*policies.get_pack(p).violations, "other"] for p in platforms}
            cases = []
            for i in range(n_cases):
                account_id, platform = ids[i % len(ids)]
                cases.append(
                    {
                        "org_id": org.id,
                        "account_id": account_id,
                        "platform": platform,
                        "violations": [rng.choice(violations[platform])],
                        "assignee_id": owner_id if i % 3 == 0 else None,
                        "state": rng.choice(STATES),
                        "due_at": now + timedelta(hours=rng.randrange(-200, 900)),
                        "attempts_used": rng.randrange(3),
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            session.execute(insert(Case), cases)
            first = session.query(Case.id).order_by(Case.id).first()
        with wb.db.engine.connect() as connection:  # what autovacuum soon does after a load
            connection.execute(text("ANALYZE"))
            connection.commit()
        assert first is not None
        return int(first[0])
    finally:
        wb.close()


def _server_kind() -> str:
    """What uvicorn will run on: uvloop and httptools when they are installed."""
    from importlib.util import find_spec

    loop = "uvloop" if find_spec("uvloop") else "asyncio"
    http = "httptools" if find_spec("httptools") else "h11"
    return f"{loop} and {http}"


def _start(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    command = _cli(env, "serve", "--host", "127.0.0.1", "--port", str(port))
    return started(command, env, port)


async def _sign_in(client: httpx.AsyncClient, base: str) -> None:
    """One sign-in; its cookie (signed with the shared key) is good on every worker."""
    page = await client.get(base + "/signin")
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    if found is None:
        raise SystemExit("no CSRF token on the sign-in page")
    form = {"csrf_token": found.group(1), "email": EMAIL, "password": PASSWORD, "next": "/today"}
    answer = await client.post(base + "/signin", data=form)
    if answer.status_code != 303:
        raise SystemExit(f"sign-in answered {answer.status_code}")


class _Raw:
    """A small keep-alive HTTP/1.1 GET client (a few hundred lines of httpx per request would
    take the generator's share of the cores the server runs on): idle connections per address
    are reused; the body is read by its Content-Length or its chunks."""

    def __init__(self, headers: dict[str, str]) -> None:
        self.extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        self.idle: dict[str, list[tuple[asyncio.StreamReader, asyncio.StreamWriter]]] = {}

    async def get(self, base: str, path: str) -> int:
        hostport = base.removeprefix("http://")
        pool = self.idle.setdefault(hostport, [])
        request = f"GET {path} HTTP/1.1\r\nHost: {hostport}\r\n{self.extra}\r\n".encode()
        while True:
            reused = bool(pool)
            if reused:
                reader, writer = pool.pop()
            else:
                host, port = hostport.rsplit(":", 1)
                reader, writer = await asyncio.open_connection(host, int(port))
            writer.write(request)
            try:
                head = await reader.readuntil(b"\r\n\r\n")
                break
            except (asyncio.IncompleteReadError, ConnectionError):
                writer.close()
                if not reused:  # a kept-alive one the server closed meanwhile: try a new one
                    raise
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        fields = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])}
        if "content-length" in fields:
            await reader.readexactly(int(fields["content-length"]))
        elif fields.get("transfer-encoding") == "chunked":
            while size := int((await reader.readuntil(b"\r\n")).strip(), 16):
                await reader.readexactly(size + 2)
            await reader.readuntil(b"\r\n")
        if fields.get("connection") == "close":
            writer.close()
        else:
            pool.append((reader, writer))
        return status

    def close(self) -> None:
        for pool in self.idle.values():
            for _, writer in pool:
                writer.close()


def _cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of the server processes so far (Linux /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


async def _load(
    client: _Raw,
    bases: list[str],
    path: str,
    rate: float,
    seconds: float,
    inflight: int,
) -> dict[str, Any]:
    """Open loop: request i is due at start + i/rate; latency counts from when it was due.
    With several workers, request i goes to worker i mod n (what a reverse proxy does)."""
    latencies: list[float] = []
    errors = 0
    kinds: dict[str, int] = {}
    dropped = 0
    outstanding = 0
    total = int(rate * seconds)

    async def one(due: float, base: str) -> None:
        nonlocal errors, outstanding
        try:
            status = await client.get(base, path)
            if status != 200:
                errors += 1
                kinds[f"status {status}"] = kinds.get(f"status {status}", 0) + 1
            else:
                latencies.append(time.perf_counter() - due)
        except (OSError, ValueError, asyncio.IncompleteReadError) as exc:
            errors += 1
            kinds[type(exc).__name__] = kinds.get(type(exc).__name__, 0) + 1
        finally:
            outstanding -= 1

    tasks = []
    start = time.perf_counter()
    for i in range(total):
        due = start + i / rate
        wait = due - time.perf_counter()
        if wait > 0:
            await asyncio.sleep(wait)
        if outstanding >= inflight:
            dropped += 1
            continue
        outstanding += 1
        tasks.append(asyncio.create_task(one(due, bases[i % len(bases)])))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    ms = sorted(x * 1000 for x in latencies) or [float("nan")]

    def pct(q: float) -> float:
        return ms[min(len(ms) - 1, int(q * len(ms)))]

    return {
        "path": path,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "rate": len(latencies) / elapsed,
        "errors": errors,
        "kinds": kinds,
        "dropped": dropped,
    }


async def _warm(client: httpx.AsyncClient, path: str, repeats: int = 15) -> tuple[float, int]:
    answer = await client.get(path)  # the first request: templates and packs loaded
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        answer = await client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), answer.status_code


async def _drive(ports: list[int], pids: list[int], args: argparse.Namespace, case_id: int) -> None:
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    limits = httpx.Limits(max_connections=args.inflight, max_keepalive_connections=args.inflight)
    async with httpx.AsyncClient(base_url=bases[0], limits=limits, timeout=300.0) as client:
        await _sign_in(client, bases[0])
        for path in ("/cases", "/accounts"):  # the session now holds its CSRF token too
            answer = await client.get(path)
            print(f"  {path}: {answer.status_code}, {len(answer.content) / 1024:.0f} KB")
        cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
        raw = _Raw({"Cookie": cookie, "Accept-Language": "en"})
        results = []
        try:
            for path in ("/api/v1/health", "/cases", "/accounts"):
                for base in bases:
                    await raw.get(base, path)
                cpu = _cpu_seconds(pids)
                run = await _load(raw, bases, path, args.rate, args.seconds, args.inflight)
                answered = run["rate"] * args.seconds
                run["cpu"] = (_cpu_seconds(pids) - cpu) * 1000 / answered if answered else 0
                results.append(run)
        finally:
            raw.close()
        base = results[0]
        print(f"\nopen loop, {args.rate:.0f} requests/s for {args.seconds:.0f} s each (ms):")
        print(
            f"  {'address':<16}{'p50':>8}{'p95':>8}{'p99':>8}{'rate/s':>8}{'err':>6}"
            f"{'drop':>6}{'p95/base':>10}{'cpu ms':>8}  target"
        )
        for row in results:
            ratio = row["p95"] / base["p95"] if base["p95"] else float("nan")
            verdict = "(baseline)"
            if row is not base:
                met = row["p95"] < LIST_TARGET_MS and row["rate"] >= 0.95 * args.rate
                verdict = f"p95 < {LIST_TARGET_MS:.0f} ms at {args.rate:.0f}/s: " + (
                    "met" if met else "missed"
                )
            print(
                f"  {row['path']:<16}{row['p50']:8.1f}{row['p95']:8.1f}{row['p99']:8.1f}"
                f"{row['rate']:8.1f}{row['errors']:6d}{row['dropped']:6d}{ratio:10.2f}"
                f"{row['cpu']:8.2f}  {verdict}"
            )
            if row["kinds"]:
                print("    errors: " + ", ".join(f"{n} {k}" for k, n in row["kinds"].items()))
        health, _ = await _warm(client, "/api/v1/health")
        print(f"\nwarm single requests (median of 15; baseline /api/v1/health {health:.1f} ms):")
        for path in (f"/cases/{case_id}/letter", "/metrics"):
            median, status = await _warm(client, path)
            verdict = "met" if median < PAGE_TARGET_MS and status == 200 else "missed"
            print(
                f"  {path:<20} {median:7.1f} ms  ({median / health:.1f}× baseline, "
                f"status {status})  < {PAGE_TARGET_MS:.0f} ms: {verdict}"
            )


def _in_process(settings: Settings, args: argparse.Namespace, case_id: int) -> None:
    app = create_app(settings.model_copy(update={"env": "test"}))
    if args.profile:
        web_cpu.profile(app, args.profile, EMAIL, PASSWORD)
        return
    pages = ["/cases", "/accounts", "/cases?sort=state&page=7", f"/cases/{case_id}/letter"]
    web_cpu.run(app, [*pages, "/metrics", "/today"], EMAIL, PASSWORD)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--accounts", type=int, default=500)
    parser.add_argument("--inflight", type=int, default=100)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--workers", type=int, default=2, help="`reinstate serve` processes, each on its own port"
    )
    parser.add_argument("--cpu", action="store_true", help="CPU per page in process, no load")
    parser.add_argument("--profile", metavar="PATH", help="where PATH's CPU time goes")
    args = parser.parse_args()
    name = f"reinstate_bench_{os.getpid()}"
    admin = f"host={args.host} port=5432 user=postgres dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    servers: list[subprocess.Popen[bytes]] = []
    try:
        with tempfile.TemporaryDirectory(prefix="reinstate-load-") as data_dir:
            env = {
                **os.environ,
                "REINSTATE_DATA_DIR": data_dir,
                "REINSTATE_ENV": "test",
                "REINSTATE_DATABASE_URL": f"postgresql+psycopg://postgres@{args.host}:5432/{name}",
                "REINSTATE_SECRET_KEY": "load-bench-" + "k" * 40,
                "PYTHONPATH": str(ROOT),
            }
            subprocess.run(
                _cli(env, "db", "upgrade"), env=env, check=True, stdout=subprocess.DEVNULL
            )
            settings = Settings(
                data_dir=Path(data_dir),
                database_url=env["REINSTATE_DATABASE_URL"],
                secret_key=env["REINSTATE_SECRET_KEY"],
            )
            started = time.perf_counter()
            case_id = _seed(settings, args.cases, args.accounts)
            print(
                f"seeded {args.cases} cases and {args.accounts} accounts in "
                f"{time.perf_counter() - started:.1f} s ({name})"
            )
            if args.cpu or args.profile:
                _in_process(settings, args, case_id)
                return
            ports = [free_port() for _ in range(args.workers)]
            for port in ports:
                servers.append(_start(env, port))
            print(
                f"{args.workers} worker(s) (`reinstate serve`, uvicorn with {_server_kind()}) "
                f"on ports {', '.join(map(str, ports))}"
            )
            pids = [server.pid for server in servers]
            asyncio.run(_drive(ports, pids, args, case_id))
    finally:
        for server in servers:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
