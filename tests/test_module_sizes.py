"""The package stays in pieces a reader can hold: no module of ``reinstate/`` is over 500 lines
(issue 14), so a module that grows past it is split by what its parts do."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "reinstate"
LIMIT = 500


def oversized(package: Path, limit: int = LIMIT) -> dict[str, int]:
    """Every ``.py`` file under ``package`` with more than ``limit`` lines, with its count."""
    counts = {
        path.relative_to(package.parent).as_posix(): len(
            path.read_text(encoding="utf-8").splitlines()
        )
        for path in sorted(package.rglob("*.py"))
    }
    return {name: lines for name, lines in counts.items() if lines > limit}


def test_it_keeps_every_module_of_the_package_to_500_lines() -> None:
    assert len(list(PACKAGE.rglob("*.py"))) > 100  # the package itself, every folder of it
    found = oversized(PACKAGE)
    listed = ", ".join(f"{name} ({lines} lines)" for name, lines in sorted(found.items()))
    assert not found, f"split these modules by what their parts do: {listed}"


def test_it_names_a_module_one_line_over_the_limit(tmp_path: Path) -> None:
    package = tmp_path / "reinstate"
    (package / "metrics").mkdir(parents=True)
    (package / "metrics" / "long.py").write_text("x = 1\n" * 501, encoding="utf-8")
    (package / "short.py").write_text("x = 1\n" * 500, encoding="utf-8")
    (package / "notes.txt").write_text("x\n" * 900, encoding="utf-8")
    assert oversized(package) == {"reinstate/metrics/long.py": 501}
