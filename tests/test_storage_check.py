"""``reinstate storage check``: real leftovers of a ``kill -9`` during a large ``evidence add``,
blobs no row points to, rows whose file is gone; repaired, and swept when a command starts."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from reinstate.cases.service import open_case
from reinstate.cli import main
from reinstate.evidence import service
from reinstate.storage.blobs import BlobStore
from reinstate.workbench import Workbench

from .conftest import World
from .test_evidence_checks import text_pdf

ROOT = Path(__file__).resolve().parents[1]
HOUR = 3600


def _large_pdf(path: Path, megabytes: int, salt: bytes) -> Path:
    """A real PDF page followed by incompressible bytes in a comment: a big scan, as far as
    the write is concerned."""
    pdf = text_pdf("Invoice")
    filler = b"%" + os.urandom(megabytes * 1024 * 1024).replace(b"\n", b" ") + b"\n"
    path.write_bytes(pdf[:-6] + filler + salt + b"\n" + pdf[-6:])
    return path


def _age(paths: list[str], seconds: int) -> None:
    for path in paths:
        past = time.time() - seconds
        os.utime(path, (past, past))


def _kill_during_add(
    env: dict[str, str], case: int, big: Path, blobs: Path, before: set[Path]
) -> None:
    """Start ``evidence add`` in a real process and kill -9 it the moment a blob file appears
    (its temporary file, or the blob before its row)."""
    command = [sys.executable, "-c", "from reinstate.cli import run; run()"]
    process = subprocess.Popen(
        [*command, "evidence", "add", str(case), str(big)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and process.poll() is None:
            if blobs.exists() and any(p not in before for p in blobs.rglob("*") if p.is_file()):
                os.kill(process.pid, signal.SIGKILL)
                break
            time.sleep(0.0005)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["storage", "check", "--json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_it_finds_and_repairs_what_a_kill_9_left(
    wb: Workbench,
    world: World,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    agent = world.actor(wb, "teammate")
    case = open_case(wb, agent, world.account_a, ["counterfeit"]).id
    kept = service.add_document(wb, agent, case, "letter.pdf", text_pdf("Letter"), [])
    data_dir = wb.settings.data_dir
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "REINSTATE_DATABASE_URL": database_url,
        "REINSTATE_DATA_DIR": str(data_dir),
        "REINSTATE_MAX_UPLOAD_MB": "200",
    }
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_DATA_DIR", str(data_dir))
    blobs = data_dir / "blobs"
    leftovers: list[dict[str, Any]] = []
    for attempt in range(4):  # the kill may land after the commit: then try again
        big = _large_pdf(tmp_path / f"scan-{attempt}.pdf", 40, str(attempt).encode())
        before = {p for p in blobs.rglob("*") if p.is_file()}
        _kill_during_add(env, case, big, blobs, before)
        _, report = _check(capsys)
        leftovers = [
            e
            for e in report["temp_files"] + report["orphan_blobs"]
            if Path(e["path"]) not in before
        ]
        if leftovers:
            break
    assert leftovers, "no kill landed during a write in four tries"
    assert [d.id for d in service.documents_of(wb, agent, case)] == [kept.id]  # no row for it
    code, report = _check(capsys, "--repair")
    assert code == 1 and report["removed"] == []  # young files may be a write in progress
    _age([e["path"] for e in leftovers], 2 * HOUR)
    code, report = _check(capsys, "--repair")
    assert code == 0 and set(report["removed"]) == {e["path"] for e in leftovers}
    empty = {"temp_files": [], "orphan_blobs": [], "missing_blobs": [], "removed": []}
    assert _check(capsys) == (0, {"ok": True, **empty})
    assert BlobStore(blobs).get(kept.sha256)[:5] == b"%PDF-"  # the real file stays


def test_it_reports_rows_whose_file_is_gone_and_sweeps_at_start(
    wb: Workbench,
    world: World,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    agent = world.actor(wb, "teammate")
    case = open_case(wb, agent, world.account_a, ["counterfeit"]).id
    lost = service.add_document(wb, agent, case, "lost.pdf", text_pdf("Lost"), [])
    store = BlobStore(wb.settings.data_dir / "blobs")
    path = store.root / lost.sha256[:2] / lost.sha256[2:4] / lost.sha256
    path.unlink()
    stray = store.put(b"a blob whose row never came")
    stale = path.parent / ".incoming-crashed"
    stale.write_bytes(b"half a file")
    fresh = path.parent / ".incoming-writing"
    fresh.write_bytes(b"a write in progress")
    _age([str(stale), str(store.root / stray[:2] / stray[2:4] / stray)], 3 * HOUR)
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_DATA_DIR", str(wb.settings.data_dir))
    code, report = _check(capsys, "--repair")
    assert code == 1
    assert report["missing_blobs"] == [{"sha256": lost.sha256, "row": "document", "id": lost.id}]
    assert sorted(Path(p).name for p in report["removed"]) == sorted([".incoming-crashed", stray])
    assert fresh.exists()
    _age([str(fresh)], 2 * HOUR)
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(text_pdf("Another letter"))
    assert main(["evidence", "add", str(case), str(letter), "--json"]) == 0
    capsys.readouterr()
    assert not fresh.exists()  # swept when the command that writes blobs started
    assert main(["storage", "check"]) == 1
    assert "rows whose file is missing: 1" in capsys.readouterr().out
