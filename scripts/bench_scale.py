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
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ruamel.yaml import YAML

from pathways.bench.fixtures import small_project
from pathways.bench.measure import synthetic_pathway

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-21"
# Runs a command and prints its peak memory, so each figure is that command's alone.
MEASURE = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
           "stderr=subprocess.PIPE, text=True); sys.stderr.write(code.stderr[-2000:] if code.returncode else ''); "
           "usage = resource.getrusage(resource.RUSAGE_CHILDREN); print(code.returncode, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)")


def tree(steps: int, keys: list[str]) -> dict:
    """Questions that each branch in two, breadth first, until there are `steps` steps; the last
    ones are outcomes."""
    questions = (steps - 1) // 2
    nodes = []
    for i in range(2 * questions + 1):
        if i < questions:
            nodes.append({"id": f"step-{i}", "kind": "question", "title": f"Question {i}: is this part of your pain better?",
                          "text": f"Think about the last week [@{keys[i % len(keys)]}].",
                          "answers": [{"label": "Yes", "next": f"step-{2 * i + 1}"},
                                      {"label": "No", "next": f"step-{2 * i + 2}"}]})
        else:
            nodes.append({"id": f"step-{i}", "kind": "outcome", "urgency": "routine",
                          "title": f"Talk to your care team ({i})", "text": "Bring this page to your next visit."})
    return {"id": "scale", "title": "A very large pathway", "summary": f"Many steps [@{keys[0]}].",
            "audience": "A benchmark.", "reviewed_by": "Benchmark", "last_reviewed": dt.date(2026, 11, 15),
            "next_review": dt.date(2027, 11, 15), "start": "step-0", "nodes": nodes}


def chain(steps: int, keys: list[str], options: list[str]) -> dict:
    data = synthetic_pathway(0, keys, options, questions=max(2, steps // 3))
    data["id"] = "scale"
    # An urgent result needs a flow test, and a test of a result far down a chain lists every answer
    # before it: the side results other than those the tests reach are "soon" instead.
    tested = {test["expect"] for test in data["tests"]}
    for node in data["nodes"]:
        if node.get("urgency") == "urgent" and node["id"] not in tested:
            node["urgency"] = "soon"
    return data


def project(dest: Path, shape: str, steps: int) -> Path:
    small_project(ROOT, dest)
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style, yaml.width = False, 100
    keys = [entry["id"] for entry in yaml.load(dest / "content" / "bibliography.yaml")["references"]]
    options = ["options/physical-therapy"]
    data = tree(steps, keys) if shape == "tree" else chain(steps, keys, options)
    with open(dest / "pathways" / "scale.yaml", "w", encoding="utf-8") as f:
        yaml.dump(data, f)
    return dest


def measure(folder: Path, command: str) -> tuple[float, float, float, bool]:
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-m", "pathways.cli", "--today", TODAY,
                          command], cwd=folder, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    code, kilobytes, cpu = out.stdout.split()
    if code != "0":
        print(out.stderr, file=sys.stderr)
    return seconds, float(cpu), int(kilobytes) / 1024, code == "0"


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
                folder = project(Path(tmp), shape, steps)
                for command in commands:
                    seconds, cpu, megabytes, passed = measure(folder, command)
                    ok &= passed
                    print(f"{shape:6} {steps:6,} {command:8} {seconds:8.1f} {cpu:8.1f} {megabytes:8.0f}  "
                          f"{'ok' if passed else 'FAILED'}", flush=True)
                shutil.rmtree(folder / "site", ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
