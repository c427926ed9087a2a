"""A file's size said as it is checked: MB are 1,048,576 bytes both in the check and in the
sentence, and a file just over the limit never reads as the limit itself ("10.0 MB is over
Joom's limit of 10 MB")."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from reinstate.cli import main


def _pdf(path: Path, size: int) -> Path:
    canvas = Canvas(str(path))
    canvas.drawString(72, 720, "Remediation letter")
    canvas.save()
    data = path.read_bytes()
    path.write_bytes(data + b"%" + b"0" * (size - len(data) - 2) + b"\n")  # a comment, padded
    return path


@pytest.mark.parametrize(("size", "over"), [(10 * 2**20 + 1, True), (10 * 2**20, False)])
def test_a_file_over_the_limit_is_said_to_be_over_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], size: int, over: bool
) -> None:
    pdf = _pdf(tmp_path / "GreenLeaf_counterfeit_2026-11-18.pdf", size)
    assert pdf.stat().st_size == size
    main(["evidence", "check", str(pdf), "--platform", "joom", "--json"])
    problems = json.loads(capsys.readouterr().out)["files"][0]["problems"]
    large = [p["detail"] for p in problems if p["code"] == "too_large"]
    assert bool(large) is over
    if over:
        stated, limit = (float(n) for n in re.findall(r"(\d+(?:\.\d+)?) MB", large[0]))
        assert stated > limit == 10
