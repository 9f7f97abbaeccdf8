"""The benchmark's code path at a tiny size: it builds, and its table and JSON are well formed.

No timing is asserted here: speed is measured by `pathways bench`, which prints figures.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

from pathways import cli
from pathways.bench.measure import COLUMNS, budgets, make_project, table
from pathways.validate import load_site

from support import ROOT, TODAY


def test_synthetic_project_is_valid(tmp_path):
    project = make_project(ROOT, tmp_path, 60)
    site, problems = load_site(project)
    assert problems == []
    assert len([p for p in site.pathways if p.id.startswith("bench-")]) >= 2


def test_tiny_bench_writes_a_well_formed_table_and_json(tmp_path, capsys, monkeypatch):
    out = tmp_path / "bench.json"
    monkeypatch.chdir(ROOT)  # as `make bench` runs it: the command line, in the project
    cli.run(["--today", TODAY.isoformat(), "bench", "--sizes", "20", "--peers-at", "20", "--no-browser",
             "--no-serve-latency", "--check-steps", "0", "--out", str(out)])
    results = json.loads(out.read_text(encoding="utf-8"))
    [row] = results["rows"]
    for _, key, _ in COLUMNS:
        if key != "search_kb_gz":  # measured in a browser (browser=False here)
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
    assert any("mkdocs-material's time, usual" in n for n in names)
    assert any("mkdocs-material's time, prune" in n for n in names)
    assert row["usual_cpu_s"] > 0 and row["prune_cpu_s"] > 0 and row["ratio_prune"] == row["prune_pair_cpu_s"] / row["prune_cpu_s"]
    assert all(isinstance(b["pass"], bool) and b["figure"] for b in results["budgets"])


def test_budgets_weigh_peers_scale_search_pages_and_the_preview():
    row = {"size": 2000, "pages": 2000, "gen_s": 1.0, "mkdocs_s": 9.0, "total_s": 10.0, "gen_cpu_s": 0.8,
           "mkdocs_cpu_s": 8.1, "total_cpu_s": 8.9, "node_max_kb": 30.0, "peak_mb": 500,
           "usual_cpu_s": 90.0, "usual_pair_cpu_s": 9.0, "ratio_usual": 0.1, "ratio_usual_wall": 0.1,
           "prune_cpu_s": 16.0, "prune_pair_cpu_s": 9.6, "ratio_prune": 0.6, "ratio_prune_wall": 0.6}
    large = {**row, "size": 10000, "pages": 10000, "total_cpu_s": 50.0, "peak_mb": 1100,
             "search_kb_gz": 400.0, "search": {"files": [{"url": "/search/search_index.json", "gzip": 390 * 1024}]}}
    files = [{"url": "http://127.0.0.1:1/p/decide/", "gzip": 80 * 1024},
             {"url": "http://127.0.0.1:1/assets/flow.js", "gzip": 3 * 1024},
             {"url": "http://127.0.0.1:1/assets/flow.css", "gzip": 1024}]
    real = {"transfer": {"decide": {"kb_gz": 84.0, "url": "http://127.0.0.1:1/p/decide/", "files": files, "elements": 500}}}
    latency = {"median_s": 2.5, "seconds": [2.4, 2.5, 2.6]}
    scale = {"shapes": {"tree": {"steps": 10000, "s": 5.0, "cpu_s": 4.0, "peak_mb": 300, "passed": True,
                                 "first_cpu_s": 11.0}}}
    checks = {b["budget"]: b for b in budgets([row, large], real, latency, scale)}
    transfer = next(b for name, b in checks.items() if "transfers" in name)
    assert transfer["pass"] and "84.0 KB for p/decide/" in transfer["figure"]
    assert next(b for name, b in checks.items() if "own code" in name)["figure"] == "4.0 KB"
    assert not next(b for name, b in checks.items() if "preview" in name)["pass"]
    assert checks["2000 pages build in <= 1/10 of mkdocs-material's time, usual (default features)"]["pass"]
    prune = checks["2000 pages build in <= 1/2 of mkdocs-material's time, prune (navigation.prune)"]
    assert not prune["pass"] and prune["figure"].startswith("9.6 vs 16.0 CPU s back to back = 1/1.7")
    scaling = checks["10000-page build <= 5.5x the 2000-page build (a straight line)"]
    assert not scaling["pass"] and scaling["figure"] == "50.0 / 8.9 CPU s = 5.62x for 5.0x the pages"
    assert not checks["peak memory < 1024 MB at 10000 pages"]["pass"]
    assert not checks["opening search and typing a query fetch <= 150 KB gzipped at 10000 pages"]["pass"]
    # As builds are: the checks after the first in a folder count, the first is said beside them.
    tree = checks["a 10,000-step pathway (tree) checks in < 10 s"]
    assert tree["pass"] and "the first check in a new folder 11.0 CPU s" in tree["figure"]
    assert checks["the decide page has < 800 elements on first load"]["pass"]
    assert checks["a first visit to the decide page fetches nothing that grows with the site"]["pass"]


def test_the_other_commands_do_not_load_the_benchmark():
    # The benchmark is its own subpackage: building, checking and previewing never import it.
    code = ("import sys, pathways.cli, pathways.pipeline, pathways.build, pathways.publish; "
            "print([m for m in sys.modules if m.startswith('pathways.bench')])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
