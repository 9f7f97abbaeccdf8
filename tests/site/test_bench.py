"""The benchmark's code path at a tiny size: it builds, and its table and JSON are well formed.

No timing is asserted here: speed is measured by `pathways bench`, which prints figures.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

from pathways.bench.measure import COLUMNS, budgets, make_project, run, table
from pathways.validate import load_site

from support import ROOT, TODAY


def test_synthetic_project_is_valid(tmp_path):
    project = make_project(ROOT, tmp_path, 60)
    site, problems = load_site(project)
    assert problems == []
    assert len([p for p in site.pathways if p.id.startswith("bench-")]) >= 2


def test_tiny_bench_writes_a_well_formed_table_and_json(tmp_path, capsys):
    out = tmp_path / "bench.json"
    results = run(ROOT, [20], TODAY, baseline=True, browser=False, latency=False, out=out)
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(json.dumps(results))
    [row] = results["rows"]
    for _, key, _ in COLUMNS:
        assert isinstance(row[key], (int, float)), key
    assert row["pages"] > 10 and row["node_max_kb"] > 0 and row["peak_mb"] > 0
    assert len(row["runs_cpu_s"]) == 2 and row["total_cpu_s"] == min(row["runs_cpu_s"])  # two clean builds
    # Generation's stages account for all of its time; the first build made the QR codes that
    # the later ones found cached.
    for build in (row, row["first_build"]):
        stages = build["gen_stages_cpu_s"]
        assert list(stages) == ["load", "render", "check", "qr", "write"]
        assert abs(sum(stages.values()) - build["gen_cpu_s"]) < 0.05
    printed = capsys.readouterr().out
    assert table(results["rows"]) in printed
    assert "| pages | gen s | mkdocs s |" in printed
    assert re.search(rf"Generation at {row['pages']} pages, rebuild: [0-9.]+% of the build; CPU s: load ", printed)
    assert re.search(rf"Generation at {row['pages']} pages, first build: [0-9.]+% of the build; CPU s: load ", printed)
    names = [b["budget"] for b in results["budgets"]]
    assert any("baseline" in n for n in names)
    assert any("generation" in n and "rebuild" in n for n in names)
    assert any("generation" in n and "first build" in n for n in names)
    assert all(isinstance(b["pass"], bool) and b["figure"] for b in results["budgets"])


def test_budgets_weigh_the_flow_page_its_own_code_and_the_preview():
    row = {"size": 2000, "pages": 2000, "gen_s": 1.0, "mkdocs_s": 9.0, "total_s": 10.0, "gen_cpu_s": 0.8,
           "mkdocs_cpu_s": 8.1, "total_cpu_s": 8.9, "node_max_kb": 30.0, "baseline_s": 100.0, "baseline_cpu_s": 90.0,
           "ratio": 0.1, "ratio_wall": 0.1, "first_build": {"gen_cpu_s": 1.9, "mkdocs_cpu_s": 8.1}}
    files = [{"url": "http://127.0.0.1:1/p/decide/", "gzip": 80 * 1024},
             {"url": "http://127.0.0.1:1/assets/flow.js", "gzip": 3 * 1024},
             {"url": "http://127.0.0.1:1/assets/flow.css", "gzip": 1024}]
    real = {"transfer": {"flow": {"kb_gz": 84.0, "url": "http://127.0.0.1:1/p/decide/", "files": files}}}
    latency = {"median_s": 2.5, "seconds": [2.4, 2.5, 2.6]}
    checks = {b["budget"]: b for b in budgets([row], real, latency)}
    transfer = next(b for name, b in checks.items() if "transfers" in name)
    assert transfer["pass"] and "84.0 KB for p/decide/" in transfer["figure"]
    assert next(b for name, b in checks.items() if "own code" in name)["figure"] == "4.0 KB"
    assert not next(b for name, b in checks.items() if "preview" in name)["pass"]
    assert next(b for name, b in checks.items() if "baseline" in name)["pass"]
    assert next(b for name, b in checks.items() if "generation" in name and "rebuild" in name)["pass"]
    first = next(b for name, b in checks.items() if "generation" in name and "first build" in name)
    assert not first["pass"] and first["figure"] == "1.90 of 10.00 CPU s = 19.0%"


def test_the_other_commands_do_not_load_the_benchmark():
    # The benchmark is its own subpackage: building, checking and previewing never import it.
    code = ("import sys, pathways.cli, pathways.pipeline, pathways.build, pathways.publish; "
            "print([m for m in sys.modules if m.startswith('pathways.bench')])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
