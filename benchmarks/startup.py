"""Start-up time of the light commands (target: each under 0.5 s on the reference machine).

Each command runs in a new process, several times; its median wall time and median CPU time
(user + system, which a busy machine inflates less) are printed as ratios to the baseline
measured in the same run: the same interpreter doing nothing (``python -c pass``). The ratio
shows what importing the command costs, whatever the machine's speed.

    .venv/bin/python benchmarks/startup.py [RUNS]
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTICE = ROOT / "tests/fixtures/notices/genuine/joom-counterfeit.eml"
# What the ``reinstate`` script runs, without depending on where it was installed.
ENTRY = "from reinstate.cli import run; run()"
COMMANDS = {
    "reinstate --help": ["--help"],
    "reinstate penalty": ["penalty", "taobao-fake-transaction", "--offence", "2", "--orders", "97"],
    "reinstate ids check": ["ids", "check", "uscc", "91350100M000100Y43"],
    "reinstate notice check FILE": ["notice", "check", str(NOTICE)],
    "reinstate policy show": ["policy", "show", "joom"],
}
TARGET = 0.5
RUNS = 7


def seconds(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv[2:])} failed: {done.stderr.decode(errors='replace')}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median(argv: list[str], runs: int) -> tuple[float, float]:
    seconds(argv)  # warm the page cache and the bytecode cache
    walls, cpus = zip(*(seconds(argv) for _ in range(runs)), strict=True)
    return statistics.median(walls), statistics.median(cpus)


def row(label: str, wall: float, cpu: float, base_wall: float, base_cpu: float) -> str:
    return (
        f"  {label:<28} {wall * 1000:7.0f}  {wall / base_wall:9.1f}  "
        f"{cpu * 1000:7.0f}  {cpu / base_cpu:9.1f}"
    )


def main(runs: int) -> int:
    base = median([sys.executable, "-c", "pass"], runs)
    print(f"median of {runs} runs          wall ms  x baseline   CPU ms  x baseline")
    print(row("python -c pass", *base, *base))
    slowest = 0.0
    for label, args in COMMANDS.items():
        wall, cpu = median([sys.executable, "-c", ENTRY, *args], runs)
        slowest = max(slowest, wall)
        print(row(label, wall, cpu, *base))
    verdict = "met" if slowest < TARGET else "MISSED"
    print(
        f"target: every command under {TARGET} s of wall time: {verdict} (slowest {slowest:.2f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else RUNS))
