"""A quote PDF that cannot be written where the agent asked: one sentence in the reader's
language (never the system's English), and nothing half-written left in the folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from reinstate.cli import main

QUOTE = ["quote", "--platform", "amazon", "--kind", "metric", "--out"]


def test_a_quote_written_over_a_folder_says_so_and_leaves_nothing_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "报价.pdf"
    folder.mkdir()
    assert main(["--lang", "zh-CN", *QUOTE, str(folder)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == f"无法写入 {folder}：这是一个文件夹"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报价.pdf"]
    assert list(folder.iterdir()) == []


def test_a_quote_written_under_a_file_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "clients.txt").write_text("Lotus\n", encoding="utf-8")
    out = tmp_path / "clients.txt" / "quote.pdf"
    assert main([*QUOTE, str(out)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"{out} cannot be written: a part of the path is a file, not a folder"
