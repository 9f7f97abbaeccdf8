"""How check and build grow with the size of one pathway: seconds and peak memory (MB) for a
pathway of N steps shaped as a tree (each question branches in two) and as a chain (questions
one after another, each with a side branch to an outcome).

    .venv/bin/python scripts/bench_scale.py                 # 1,000 and 10,000 steps, check and build
    .venv/bin/python scripts/bench_scale.py --sizes 1000 --no-build

Each command runs in a fresh process on a copy of the small fixture project with the one
synthetic pathway added; figures are wall-clock seconds, that process's CPU seconds (user and
system: on a shared machine the wall clock mostly measures the others) and its peak resident memory.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from pathways.bench.measure import measure_command, scale_project

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-21"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--shapes", default="tree,chain")
    parser.add_argument("--no-build", action="store_true", help="time `check` only")
    args = parser.parse_args()
    commands = ["check"] + ([] if args.no_build else ["build"])
    print(f"{'shape':6} {'steps':>6} {'command':8} {'seconds':>8} {'CPU s':>8} {'peak MB':>8}  result")
    ok = True
    for shape in args.shapes.split(","):
        for steps in map(int, args.sizes.split(",")):
            with tempfile.TemporaryDirectory(prefix="pathways-scale-") as tmp:
                folder = scale_project(ROOT, Path(tmp), shape, steps)
                for command in commands:
                    seconds, cpu, megabytes, passed = measure_command(folder, command, TODAY)
                    ok &= passed
                    print(f"{shape:6} {steps:6,} {command:8} {seconds:8.1f} {cpu:8.1f} {megabytes:8.0f}  "
                          f"{'ok' if passed else 'FAILED'}", flush=True)
                shutil.rmtree(folder / "site", ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
