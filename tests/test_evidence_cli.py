"""``reinstate evidence add`` and ``evidence check`` as a user meets them: several files are
added all or none, a refusal names its file, and a damaged PDF is one line of ours, never the
PDF library's own warnings, in English or Chinese."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reinstate.cases.service import open_case
from reinstate.cli import main
from reinstate.evidence import service
from reinstate.workbench import Workbench

from .conftest import World
from .test_evidence_checks import text_pdf


@pytest.fixture
def case(wb: Workbench, world: World, database_url: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_DATA_DIR", str(wb.settings.data_dir))
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    return open_case(wb, world.actor(wb, "teammate"), world.account_a, ["counterfeit"]).id


def _add(capsys: pytest.CaptureFixture[str], case: int, *paths: Path) -> tuple[int, str]:
    code = main(["evidence", "add", str(case), *map(str, paths)])
    return code, capsys.readouterr().err


def _kept(wb: Workbench, world: World, case: int) -> list[str]:
    return [d.filename for d in service.documents_of(wb, world.actor(wb, "owner"), case)]


def test_an_empty_file_among_several_keeps_none_and_is_named(
    wb: Workbench,
    world: World,
    case: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    new = tmp_path / "new1.pdf"
    new.write_bytes(text_pdf("Invoice"))
    zero = tmp_path / "zero.pdf"
    zero.write_bytes(b"")
    code, err = _add(capsys, case, new, zero)
    assert code == 1 and err == f"{zero}: The file is empty.\n"
    assert _kept(wb, world, case) == []
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")
    code, err = _add(capsys, case, new, zero)
    assert code == 1 and err.startswith(f"{zero}：") and "The file" not in err
    assert _kept(wb, world, case) == []
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    assert _add(capsys, case, new) == (0, "")
    assert _kept(wb, world, case) == ["new1.pdf"]


def test_a_file_already_on_the_case_or_given_twice_keeps_none(
    wb: Workbench,
    world: World,
    case: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    first, second, copy = (tmp_path / n for n in ("first.pdf", "second.pdf", "copy.pdf"))
    first.write_bytes(text_pdf("Invoice"))
    second.write_bytes(text_pdf("Letter"))
    copy.write_bytes(second.read_bytes())
    assert _add(capsys, case, first)[0] == 0
    code, err = _add(capsys, case, second, first)
    assert code == 1 and err == f"{first}: This file is already on the case as first.pdf.\n"
    code, err = _add(capsys, case, second, copy)
    assert code == 1 and err == f"{copy} is the same file as {second}.\n"
    code, err = _add(capsys, case, second, tmp_path / "absent.pdf")
    assert code == 1 and "absent.pdf" in err
    assert _kept(wb, world, case) == ["first.pdf"]


def _damaged(folder: Path) -> list[Path]:
    """PDFs as they arrive broken: cut off half way, a wrong startxref pointer and no end
    marker, a header and nothing else."""
    whole = text_pdf("Invoice")
    files = {
        "cut.pdf": whole[: len(whole) // 2],
        "pointer.pdf": whole.replace(b"startxref\n", b"startxref\n1").replace(b"%%EOF", b""),
        "header.pdf": b"%PDF-1.4\n" + b"x" * 200,
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return [folder / name for name in files]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_damaged_pdf_is_our_one_line_not_the_pdf_librarys_warnings(
    case: int, tmp_path: Path, language: str
) -> None:
    damaged = _damaged(tmp_path)
    # a process of its own, as a user runs it: no test harness catching the library's logging
    command = [sys.executable, "-c", "from reinstate.cli import run; run()", "evidence"]
    environment = {**os.environ, "REINSTATE_LANGUAGE": language}
    checked = subprocess.run(
        [*command, "check", *map(str, damaged), "--platform", "joom"],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )
    assert checked.returncode == 1 and checked.stderr == ""
    assert checked.stdout.count("[corrupt]") == len(damaged)
    added = subprocess.run(
        [*command, "add", str(case), *map(str, damaged)],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )
    assert added.returncode == 0 and added.stderr == ""
    damaged_file = "文件已损坏" if language == "zh_CN" else "Damaged file"  # words, not the code
    assert added.stdout.count(damaged_file) == len(damaged) and "corrupt" not in added.stdout


def test_a_file_too_large_to_read_is_reported_too_large_beside_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = tmp_path / "scans.pdf"
    with huge.open("wb") as out:  # 51 MB of a PDF's start and zeros: over anything we read
        out.write(text_pdf("Scan"))
        out.truncate(51 * 1024 * 1024)
    small = tmp_path / "letter.pdf"
    small.write_bytes(text_pdf("Letter"))
    for platform, detail in (
        ("amazon", "51.0 MB is over Amazon's limit of 10 MB per file."),
        ("shopee", "51.0 MB is more than the 50 MB a file is checked up to."),
    ):
        command = ["evidence", "check", str(huge), str(small), "--platform", platform, "--json"]
        assert main(command) == 1
        first, second = json.loads(capsys.readouterr().out)["files"]
        assert [(p["code"], p["detail"]) for p in first["problems"]] == [("too_large", detail)]
        assert second["ok"] is True
