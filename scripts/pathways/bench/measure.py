"""`pathways bench` (cli.py imports it only for that command): how fast the site builds and how heavy its pages are, measured as figures.

Builds synthetic sites of several sizes with the real generator and theme, each into its own
temporary folder, and in the same run builds the same generated Markdown the usual way (every
page in the navigation, no theme features) as a baseline: the machine is shared and noisy, so
only a ratio against a baseline measured beside it means anything, and the budgets use each
build's own CPU seconds (wall-clock seconds are printed beside them). Then it loads pages of the
real site in Chromium to weigh what a reader downloads, times the live preview, and asks
Lighthouse for a performance score. Every budget is printed as PASS or FAIL with its figure.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import gzip
import json
import multiprocessing
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from ruamel.yaml import YAML

from .fixtures import CHROMIUM, CHROMIUM_FLAGS, copy_real_project, free_port, serve, small_project

DEFAULT_SIZES = (50, 500, 2000)

# The budgets of issues 6 and 17.
PEER_SIZE = 2000  # the size at which our build is compared with its peers
MAX_RATIO = {"usual": 1 / 10, "prune": 1 / 2}  # our build's CPU seconds / each peer's, back to back
SCALE_FROM = 2000  # the build that the largest is compared with...
MAX_SCALING_PER_PAGES = 1.1  # ...growing at most 1.1 times as fast as the pages (5.5x for 5x the pages)
MAX_PEAK_MB = 1024
MAX_CHECK_CPU_S, CHECK_STEPS = 10.0, 10_000  # `pathways check` of one pathway of that many steps
MAX_SEARCH_KB = 150  # opening search and typing a query, gzipped, at the largest size
MAX_NODE_HTML_KB = 60
MAX_TRANSFER_KB = 150
MAX_FLOW_CODE_KB = 10
FLOW_CODE = ("flow.js", "flow.css")
MAX_SERVE_LATENCY_S = 2.0
# The budgets of issue 17.
GROWS_WITH_SITE = ("sitemap.xml", "search_index.json")  # files whose size grows with the number of pages
ELEMENT_PAGES, MAX_ELEMENTS = ("decide", "clinicians"), 800
MIN_PERFORMANCE, MIN_ACCESSIBILITY = 95, 100

# ------------------------------------------------------------------ synthetic pathways

# Plain-language sentences like the ones authors write, so page and search-index sizes are
# realistic. Some get a citation appended.
SENTENCES = [
    "Many people still have some pain after an injection, and that is common.",
    "An injection that did not help does not mean nothing else will.",
    "Write down how your pain changed in the weeks after the injection.",
    "Your care team will want to know if you could walk, sleep or work better.",
    "Exercise that you build up slowly helps many people with long-lasting back pain.",
    "A physical therapist can show you movements that are safe for your back.",
    "Pain that spreads down the leg often comes from an irritated nerve in the spine.",
    "Steroid injections near the spine usually help only a little, and for a short time.",
    "Scans often show changes that are normal for your age and do not explain the pain.",
    "A second injection is not always the best next step.",
    "Ask what the goal of any new treatment is, and how you will know if it worked.",
    "Some medicines for nerve pain have side effects such as feeling sleepy or dizzy.",
    "Staying active, even a little each day, is better for your back than bed rest.",
    "Talking therapies can help you cope with pain and sleep better.",
    "Heat, gentle stretching and short walks are safe things to try at home.",
    "If your pain is getting worse quickly, do not wait for your next planned visit.",
    "Some people feel better after a program that combines exercise, education and support.",
    "Surgery helps some people with leg pain from a trapped nerve, but not everyone.",
    "Numbers from studies describe groups of people, so your own result may differ.",
    "Out of 100 people who have this treatment, about 20 to 30 feel clearly better.",
    "It is fine to ask for a second opinion before you agree to a procedure.",
    "Bring a list of the treatments you have tried and how each one worked.",
    "Tell your care team about any new weakness, numbness or trouble passing urine.",
    "Radiofrequency treatment heats small nerves so they stop sending pain signals for a while.",
    "The effect of a nerve block shows whether a joint is the source of the pain.",
    "Your pain can change from day to day, so keep notes for a week or two.",
]
ASK = [
    "What else could be causing my pain?",
    "What are the benefits and risks of the next step?",
    "How long should I try this before we decide if it works?",
    "Which exercise program would suit me?",
    "Is there anything I should stop doing?",
    "What should I do if the pain gets worse?",
]
URGENCIES = ["routine", "soon", "urgent"]


def _paragraphs(rng: random.Random, keys: list[str], sentences: int) -> str:
    """A few short paragraphs of realistic text, with about one citation in three sentences."""
    chosen = [rng.choice(SENTENCES) for _ in range(sentences)]
    cited = [s[:-1] + f" [@{rng.choice(keys)}]." if rng.random() < 0.35 else s for s in chosen]
    return "\n\n".join(" ".join(cited[i:i + 4]) for i in range(0, len(cited), 4))


def synthetic_pathway(number: int, keys: list[str], options: list[str], questions: int = 4) -> dict:
    """A valid pathway (as YAML data) of `3 * questions` steps: warning signs, a chain of
    questions each with a side branch through an information step to an outcome."""
    rng = random.Random(number)  # the same pathway every run, so runs compare
    pid = f"bench-{number:04d}"

    def text(sentences: int) -> str:
        return _paragraphs(rng, keys, sentences)

    def outcome(node_id: str, urgency: str) -> dict:
        return {"id": node_id, "kind": "outcome", "urgency": urgency, "title": f"Talk to your care team ({node_id})",
                "text": text(rng.randint(6, 12)), "options": rng.sample(options, min(2, len(options))),
                "ask": rng.sample(ASK, 3)}

    nodes = [
        {"id": "warning-signs", "kind": "question", "title": "Do you have any of these warning signs?",
         "warning_signs": "emergency", "text": text(3),
         "answers": [{"label": "Yes, I have one or more of these", "next": "get-help-now"},
                     {"label": "No, none of these", "next": "question-2"}]},
        {"id": "get-help-now", "kind": "outcome", "urgency": "emergency", "title": "Get medical help now",
         "text": text(4)},
    ]
    for i in range(2, questions + 1):
        after = f"question-{i + 1}" if i < questions else "final-outcome"
        nodes += [
            {"id": f"question-{i}", "kind": "question", "title": f"Question {i}: did the injection change this part of your pain?",
             "text": text(rng.randint(4, 8)),
             "answers": [{"label": "Yes, it changed", "next": after},
                         {"label": "No, it did not", "next": f"about-{i}", "hint": "Pick this if you are not sure."}]},
            {"id": f"about-{i}", "kind": "info", "title": f"What this means for you ({i})",
             "text": text(rng.randint(8, 14)), "next": f"outcome-{i}"},
            outcome(f"outcome-{i}", URGENCIES[i % len(URGENCIES)]),
        ]
    nodes.append(outcome("final-outcome", "routine"))
    return {
        "id": pid, "title": f"Synthetic pathway {number}", "summary": text(3),
        "audience": "Adults in a benchmark.", "reviewed_by": "Benchmark", "last_reviewed": dt.date(2026, 11, 15),
        "next_review": dt.date(2027, 11, 15), "start": "warning-signs", "sources": rng.sample(keys, 2),
        "nodes": nodes,
        "tests": [{"answers": ["Yes, I have one or more of these"], "expect": "get-help-now"},
                  {"answers": ["No, none of these", "No, it did not"], "expect": "outcome-2"}],
    }


def make_project(root: Path, dest: Path, pages: int) -> Path:
    """A bench project in `dest`: the small project, then synthetic pathways until the site has
    about `pages` pages."""
    small_project(root, dest)
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style, yaml.width = False, 100  # laid out as authors write pathways
    keys = [entry["id"] for entry in yaml.load(dest / "content" / "bibliography.yaml")["references"]]
    options = sorted(p.relative_to(dest / "content").with_suffix("").as_posix()
                     for p in (dest / "content").rglob("*.md")
                     if p.name != "index.md" and "type: option" in p.read_text(encoding="utf-8"))
    base = _count_pages(dest)
    per_pathway = 4 * 3 + 2  # 12 steps, the overview and the flow page; the table counts what was built
    for number in range(max(1, round((pages - base) / per_pathway))):
        with open(dest / "pathways" / f"bench-{number:04d}.yaml", "w", encoding="utf-8") as f:
            yaml.dump(synthetic_pathway(number, keys, options), f)
    return dest


def _count_pages(project: Path) -> int:
    """Pages the project has before synthetic pathways: hand-written ones, the example's steps,
    its overview, and the pathway list, glossary, warning signs and references."""
    content = len([p for p in (project / "content").rglob("*.md") if not p.is_relative_to(project / "content" / "includes")])
    example = YAML(typ="safe", pure=True).load(project / "pathways" / "example.yaml")
    return content + len(example["nodes"]) + 1 + 4


# ------------------------------------------------------------------ one very large pathway (scripts/bench_scale.py)

# Runs a command and prints its peak memory, so each figure is that command's alone.
MEASURE = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
           "stderr=subprocess.PIPE, text=True); sys.stderr.write(code.stderr[-2000:] if code.returncode else ''); "
           "usage = resource.getrusage(resource.RUSAGE_CHILDREN); print(code.returncode, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)")


def scale_tree(steps: int, keys: list[str]) -> dict:
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


def scale_chain(steps: int, keys: list[str], options: list[str]) -> dict:
    data = synthetic_pathway(0, keys, options, questions=max(2, steps // 3))
    data["id"] = "scale"
    # An urgent result needs a flow test, and a test of a result far down a chain lists every answer
    # before it: the side results other than those the tests reach are "soon" instead.
    tested = {test["expect"] for test in data["tests"]}
    for node in data["nodes"]:
        if node.get("urgency") == "urgent" and node["id"] not in tested:
            node["urgency"] = "soon"
    return data


def scale_project(root: Path, dest: Path, shape: str, steps: int) -> Path:
    """A copy of the small project with one synthetic pathway of `steps` steps, shaped as a tree or a chain."""
    small_project(root, dest)
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style, yaml.width = False, 100
    keys = [entry["id"] for entry in yaml.load(dest / "content" / "bibliography.yaml")["references"]]
    options = ["options/physical-therapy"]
    data = scale_tree(steps, keys) if shape == "tree" else scale_chain(steps, keys, options)
    with open(dest / "pathways" / "scale.yaml", "w", encoding="utf-8") as f:
        yaml.dump(data, f)
    return dest


def measure_command(folder: Path, command: str, today: str) -> tuple[float, float, float, bool]:
    """`pathways <command>` in `folder`, in a fresh process: (wall seconds, CPU seconds, peak MB, succeeded)."""
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-m", "pathways.cli", "--today", today,
                          command], cwd=folder, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    code, kilobytes, cpu = out.stdout.split()
    if code != "0":
        print(out.stderr, file=sys.stderr)
    return seconds, float(cpu), int(kilobytes) / 1024, code == "0"


# ------------------------------------------------------------------ one build, in its own process

# The peers: the same generated Markdown built by mkdocs-material with every page in the
# navigation (mkdocs lists them, in folders), as a site that did not generate its pages would.
# Search, references and strict validation stay on, as in ours.
PEERS = {
    "usual": [],  # the theme's default features: every page carries the whole navigation
    "prune": ["navigation.prune"],  # the best plain set-up: each page carries only its own part of it
}


def _peer_config(root: Path, out: Path, peer: str):
    from mkdocs.config import load_config

    config = load_config(str(root / "build" / "mkdocs.yml"), site_dir=str(out), strict=True)
    config.nav = None
    config.theme["features"] = PEERS[peer]
    return config


def build_once(root: str, out: str, today: str, peer: str | None) -> dict:
    """Runs in a fresh process (so peak memory is this build's own): generate with the real
    generator and build with mkdocs, or for a peer (PEERS) the already generated docs."""
    import logging

    from mkdocs.commands.build import build as mkdocs_build

    from ..build import run_mkdocs
    from ..pipeline import generate

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    root_path, out_path = Path(root), Path(out)
    gen_s = gen_cpu_s = 0.0
    stages: dict[str, float] = {}
    if not peer:
        started, cpu = time.perf_counter(), time.process_time()
        generate(root_path, dt.date.fromisoformat(today), stages)
        gen_s, gen_cpu_s = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    if peer:
        mkdocs_build(_peer_config(root_path, out_path, peer))
    else:
        run_mkdocs(root_path / "build" / "mkdocs.yml", out_path)
    return {"gen_s": gen_s, "mkdocs_s": time.perf_counter() - started,
            "gen_cpu_s": gen_cpu_s, "mkdocs_cpu_s": time.process_time() - cpu, "gen_stages_cpu_s": stages,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}  # Linux: KiB


def profile_once(root: str, out: str, today: str) -> dict:
    """Our build under cProfile, in a fresh process: CPU seconds by package (own time of the
    functions in each) and the functions with the most time below them."""
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.runcall(build_once, root, out, today, None)
    stats = pstats.Stats(profile)
    by_package: dict[str, float] = {}
    for (file, _, _), (_, _, own, _, _) in stats.stats.items():
        parts = Path(file).parts
        package = (parts[parts.index("site-packages") + 1] if "site-packages" in parts
                   else "pathways" if "pathways" in parts else "python (standard library)")
        by_package[package] = by_package.get(package, 0.0) + own
    top = sorted(stats.stats.items(), key=lambda item: -item[1][3])
    return {"by_package_s": dict(sorted(by_package.items(), key=lambda item: -item[1])),
            "cumulative": [(f"{Path(file).name}:{line} {name}", round(cumulative, 2)) for (file, line, name), (_, _, _, cumulative, _)
                           in top if Path(file).suffix == ".py"][:25]}


def _in_own_process(*args, task=build_once) -> dict:
    context = multiprocessing.get_context("spawn")  # a clean interpreter: nothing shared or cached
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(task, *args).result()


def site_figures(site: Path, pathway_prefix: str = "bench-") -> dict:
    """Pages, HTML weight per page, the heaviest step and flow pages and the search index, of a built site."""
    pages = list(site.rglob("index.html"))
    html_bytes = sum(p.stat().st_size for p in pages)
    in_pathways = [p for p in pages if len(p.relative_to(site).parts) == 3 and p.parts[-3].startswith(pathway_prefix)]
    flows = [p for p in in_pathways if p.parts[-2] == "decide"]
    steps = [p for p in in_pathways if p.parts[-2] != "decide"]
    index = site / "search" / "search_index.json"
    return {
        "pages": len(pages),
        "kb_per_page": html_bytes / 1024 / max(1, len(pages)),
        "node_max_kb": max((p.stat().st_size for p in steps), default=0) / 1024,
        "flow_max_kb": max((p.stat().st_size for p in flows), default=0) / 1024,
        "search_index_kb_gz": len(gzip.compress(index.read_bytes(), 6)) / 1024 if index.exists() else 0.0,
    }


def bench_size(root: Path, size: int, today: dt.date, peers: tuple[str, ...], work: Path, repeats: int = 2,
               search: bool = False, profile: bool = False) -> dict:
    project = make_project(root, Path(tempfile.mkdtemp(prefix=f"size-{size}-", dir=work)), size)

    def clean_build() -> dict:  # nothing left in build/ or site/ from the last one
        shutil.rmtree(project / "build", ignore_errors=True)
        shutil.rmtree(project / "site", ignore_errors=True)
        return _in_own_process(str(project), str(project / "site"), today.isoformat(), None)

    def cpu(run: dict) -> float:
        return run["gen_cpu_s"] + run["mkdocs_cpu_s"]

    # The first build on a machine makes every QR code; later ones, like every build after an
    # author's first, find them in .cache/ (and so does a CI that keeps .cache/ between runs).
    first = clean_build()
    runs = [clean_build() for _ in range(repeats)]
    # The least disturbed run counts, as with timeit: other work on a shared machine only adds time.
    ours = min(runs, key=cpu)
    row = {"size": size, **site_figures(project / "site"), **ours,
           "runs_cpu_s": [cpu(run) for run in runs],
           "first_build": {key: first[key] for key in ("gen_cpu_s", "mkdocs_cpu_s", "gen_stages_cpu_s")}}
    row["total_s"] = row["gen_s"] + row["mkdocs_s"]
    row["total_cpu_s"] = row["gen_cpu_s"] + row["mkdocs_cpu_s"]
    row["pages_per_s"] = row["pages"] / row["total_s"]
    row["generated_files"] = sum(1 for p in (project / "build" / "docs").rglob("*") if p.is_file())
    if search:
        row["search"] = search_weight(project / "site")
        row["search_kb_gz"] = row["search"]["kb_gz"]
    if profile:  # where our build's time goes, when it misses a peer budget
        shutil.rmtree(project / "site")
        row["profile"] = _in_own_process(str(project), str(project / "site"), today.isoformat(), task=profile_once)
    for peer in peers:
        # Back to back: our build again, then the peer's, so that the pair meets the same load
        # on the shared machine. Stricter than comparing mkdocs with mkdocs: our generation time
        # counts against us. CPU seconds: waiting for a core can double the wall-clock time.
        pair = clean_build()
        shutil.rmtree(project / "site")
        theirs = _in_own_process(str(project), str(project / f"site-{peer}"), today.isoformat(), peer)
        row[f"{peer}_s"], row[f"{peer}_cpu_s"], row[f"{peer}_peak_mb"] = theirs["mkdocs_s"], theirs["mkdocs_cpu_s"], theirs["peak_mb"]
        row[f"{peer}_kb_per_page"] = site_figures(project / f"site-{peer}")["kb_per_page"]
        row[f"{peer}_pair_cpu_s"] = cpu(pair)
        row[f"ratio_{peer}"] = cpu(pair) / theirs["mkdocs_cpu_s"]
        row[f"ratio_{peer}_wall"] = (pair["gen_s"] + pair["mkdocs_s"]) / theirs["mkdocs_s"]
        shutil.rmtree(project / f"site-{peer}")
    shutil.rmtree(project, ignore_errors=True)
    return row


def _weighed(responses) -> list[dict]:
    """Each response's address, bytes and gzipped bytes, as a server would send it."""
    files = []
    for response in responses:
        try:
            body = response.body()
        except Exception:  # a redirect or aborted request has no body to count
            continue
        files.append({"url": response.url, "bytes": len(body), "gzip": min(len(body), len(gzip.compress(body, 6)))})
    return files


def search_weight(site: Path, query: str = "injection pain") -> dict:
    """What opening search and typing a query fetches on a fresh visit to the home page of a
    built site, each response gzipped as a server would send it."""
    from playwright.sync_api import sync_playwright

    base, server = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            page = browser.new_page(viewport={"width": 412, "height": 823})  # a phone: search opens from its button
            page.goto(base + "/", wait_until="networkidle")
            responses = []
            page.on("response", lambda response: responses.append(response))
            page.locator("label[for=__search]").first.click()
            page.locator("[data-md-component=search-query]").press_sequentially(query, delay=50)
            page.locator(".md-search-result__item").first.wait_for(timeout=120_000)
            page.wait_for_timeout(500)
            files = [{**f, "url": f["url"].removeprefix(base)} for f in _weighed(responses)]
            browser.close()
    finally:
        server.shutdown()
    return {"query": query, "kb_gz": sum(f["gzip"] for f in files) / 1024, "files": files}


def check_scale(root: Path, today: dt.date, work: Path, steps: int, repeats: int = 1) -> dict:
    """`pathways check` of a project with one pathway of `steps` steps, as a tree and as a chain
    (CPU seconds and peak MB, each in a fresh process), and where the slower one spends its time.
    As for builds, the first check in a new folder (which reads the diagnosis-code table into
    .cache/) is printed, and the fastest of the `repeats` checks after it, as an author meets
    every later one, counts."""
    import cProfile
    import io
    import pstats

    from ..pipeline import run as check  # what `pathways check` runs

    found = {}
    for shape in ("tree", "chain"):
        folder = scale_project(root, Path(tempfile.mkdtemp(prefix=f"check-{shape}-", dir=work)), shape, steps)
        first = measure_command(folder, "check", today.isoformat())
        runs = [measure_command(folder, "check", today.isoformat()) for _ in range(max(1, repeats))]
        seconds, cpu_s, peak_mb, passed = min(runs, key=lambda run: run[1])
        found[shape] = {"steps": steps, "s": seconds, "cpu_s": cpu_s, "peak_mb": peak_mb,
                        "passed": passed and first[3], "runs_cpu_s": [run[1] for run in runs],
                        "first_cpu_s": first[1], "first_s": first[0], "folder": folder}
    slower = max(found.values(), key=lambda shape: shape["cpu_s"])
    profile = cProfile.Profile()
    profile.runcall(check, slower["folder"], today)
    listing = io.StringIO()
    pstats.Stats(profile, stream=listing).sort_stats("cumulative").print_stats(r"pathways", 14)
    for shape in found.values():
        shutil.rmtree(shape.pop("folder"), ignore_errors=True)
    return {"shapes": found, "profile": listing.getvalue()}


# ------------------------------------------------------------------ a real page in a real browser

def pages_to_weigh(site) -> dict[str, str]:
    """One page of each type a reader meets: the home page, the first pathway's first step, its
    first result and its decide page, a treatment, the warning signs and the clinicians' page."""
    from ..model import Outcome, PageType

    pathway = site.pathways[0]
    result = next(node.id for node in pathway.nodes if isinstance(node, Outcome))
    option = next(page.rel for page, meta in site.pages if meta.type == PageType.option)
    return {"home": "/", "step": f"/{pathway.id}/{pathway.start}/", "result": f"/{pathway.id}/{result}/",
            "decide": f"/{pathway.id}/decide/", "option": "/" + option.removesuffix(".md") + "/",
            "warning_signs": "/warning-signs/", "clinicians": "/clinicians/"}


def transfer(browser, url: str) -> dict:
    """Bytes a first visit downloads, each response gzipped as a server would send it (images
    and fonts are already compressed: their smaller size counts), waiting until the network
    is quiet so late requests (search index, sitemap) are counted too."""
    context = browser.new_context()  # empty cache and storage: a fresh visit
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))  # Playwright wants a Python function
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(1000)
    elements = page.evaluate("document.getElementsByTagName('*').length")  # as Lighthouse's DOM size counts
    files = _weighed(responses)
    context.close()
    return {"url": url, "kb_gz": sum(f["gzip"] for f in files) / 1024, "elements": elements, "files": files}


def lighthouse(url: str, root: Path, runs: int) -> dict | None:
    """Lighthouse's mobile performance score (median of `runs`) and accessibility score (the
    same every run), or None if it is not installed."""
    binary = root / "bench" / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        return None
    scores, accessibility = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(runs):
            report = Path(tmp) / f"report-{run}.json"
            subprocess.run([str(binary), url, "--only-categories=performance,accessibility", "--output=json",
                            f"--output-path={report}", "--quiet", f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}"],
                           env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True, capture_output=True, timeout=180)
            data = json.loads(report.read_text(encoding="utf-8"))
            scores.append(round(data["categories"]["performance"]["score"] * 100))
            accessibility.append(round(data["categories"]["accessibility"]["score"] * 100))
    return {"url": url, "score": statistics.median(scores), "runs": scores,
            "accessibility": min(accessibility), "accessibility_runs": accessibility}


def weigh_real_site(root: Path, today: dt.date, work: Path, lighthouse_runs: int) -> dict:
    """Build a copy of the real project and weigh one pathway's pages in Chromium (and Lighthouse)."""
    from playwright.sync_api import sync_playwright

    from ..build import build

    project = copy_real_project(root, Path(tempfile.mkdtemp(prefix="real-", dir=work)))
    site = build(project, today, site_dir=project / "site")
    pages = pages_to_weigh(site)
    result: dict = {"pages": pages, "transfer": {}, "lighthouse": {}}
    base, server = serve(project / "site", compress=True)  # as a host serves it (fixtures._CompressingHandler)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            for kind, path in pages.items():
                result["transfer"][kind] = transfer(browser, base + path)
            browser.close()
        for kind, path in pages.items():
            if lighthouse_runs:
                result["lighthouse"][kind] = lighthouse(base + path, root, lighthouse_runs)
    finally:
        server.shutdown()
    shutil.rmtree(project, ignore_errors=True)
    return result


# ------------------------------------------------------------------ live preview latency

def _wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {seconds:.0f} s")


def serve_latency(root: Path, today: dt.date, work: Path, pages: int, edits: int = 5) -> dict:
    """Seconds from saving a pathway file to the new text showing in an open browser tab, with
    `pathways serve` running on a synthetic project of about `pages` pages."""
    from playwright.sync_api import sync_playwright

    project = make_project(root, Path(tempfile.mkdtemp(prefix="serve-", dir=work)), pages)
    source = sorted((project / "pathways").glob("*.yaml"))[0]
    yaml = YAML(typ="safe", pure=True)
    data = yaml.load(source)
    node = data["nodes"][0]
    port = free_port()
    log = open(project.parent / f"serve-{port}.log", "w", encoding="utf-8")  # read only if it fails
    server = subprocess.Popen([sys.executable, "-m", "pathways.cli", "--today", today.isoformat(), "serve",
                               "--port", str(port)], cwd=project, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/{data['id']}/{node['id']}/"
    seconds = []
    try:
        _wait_for(url, 120)
        original = source.read_text(encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            page = browser.new_page()
            page.goto(url, wait_until="load")
            page.wait_for_timeout(1500)  # let the live-reload script connect
            for edit in range(edits):
                marker = f"Edited title {edit} {time.time_ns()}"
                # A targeted text change, as an author would make: only the step's title.
                changed = original.replace(f"title: {node['title']}", f"title: {marker}", 1)
                assert changed != original, "could not find the step title to edit"
                started = time.perf_counter()
                source.write_text(changed, encoding="utf-8")
                page.get_by_text(marker).first.wait_for(timeout=60_000)
                seconds.append(time.perf_counter() - started)
                page.wait_for_timeout(1000)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        shutil.rmtree(project, ignore_errors=True)
    return {"url_path": url.split(str(port), 1)[1], "file": f"pathways/{source.name}", "pages": pages,
            "seconds": seconds, "median_s": statistics.median(seconds)}


# ------------------------------------------------------------------ budgets and the report

def budgets(rows: list[dict], real: dict | None, latency: dict | None, scale: dict | None = None) -> list[dict]:
    """Each budget with its measured figure; a budget with nothing measured is left out.
    (Generation's share of the build is printed, not budgeted: issue 17.)"""
    checks = []

    def check(name: str, passed: bool, figure: str) -> None:
        checks.append({"budget": name, "pass": bool(passed), "figure": figure})

    largest = max(rows, key=lambda r: r["size"]) if rows else None
    for row in rows:
        for peer, limit in MAX_RATIO.items():
            if f"ratio_{peer}" in row:
                ratio = row[f"ratio_{peer}"]
                check(f"{row['pages']} pages build in <= 1/{1 / limit:.0f} of mkdocs-material's time, {peer} "
                      f"({' '.join(PEERS[peer]) or 'default features'})", ratio <= limit,
                      f"{row[f'{peer}_pair_cpu_s']:.1f} vs {row[f'{peer}_cpu_s']:.1f} CPU s back to back = 1/{1 / ratio:.1f} "
                      f"(wall clock 1/{1 / row[f'ratio_{peer}_wall']:.1f})")
    base = min((r for r in rows if r["size"] >= SCALE_FROM), key=lambda r: r["size"], default=None)
    if largest and base and largest is not base:
        scaling, pages = largest["total_cpu_s"] / base["total_cpu_s"], largest["pages"] / base["pages"]
        check(f"{largest['pages']}-page build <= {MAX_SCALING_PER_PAGES * pages:.1f}x the {base['pages']}-page build "
              f"(a straight line)", scaling <= MAX_SCALING_PER_PAGES * pages,
              f"{largest['total_cpu_s']:.1f} / {base['total_cpu_s']:.1f} CPU s = {scaling:.2f}x for {pages:.1f}x the pages")
    if largest:
        check(f"peak memory < {MAX_PEAK_MB} MB at {largest['pages']} pages", largest["peak_mb"] < MAX_PEAK_MB,
              f"{largest['peak_mb']:.0f} MB")
    if largest and "search" in largest:
        check(f"opening search and typing a query fetch <= {MAX_SEARCH_KB} KB gzipped at {largest['pages']} pages",
              largest["search_kb_gz"] <= MAX_SEARCH_KB,
              f"{largest['search_kb_gz']:.1f} KB (" + ", ".join(
                  f"{f['url'].rsplit('/', 1)[-1] or f['url']} {f['gzip'] / 1024:.1f}" for f in
                  sorted(largest["search"]["files"], key=lambda f: -f["gzip"])[:4]) + ")")
    if scale:
        for shape, measured in scale["shapes"].items():
            check(f"a {measured['steps']:,}-step pathway ({shape}) checks in < {MAX_CHECK_CPU_S:.0f} s",
                  measured["passed"] and measured["cpu_s"] < MAX_CHECK_CPU_S,
                  f"{measured['cpu_s']:.1f} CPU s ({measured['s']:.1f} s wall, {measured['peak_mb']:.0f} MB; "
                  f"the first check in a new folder {measured['first_cpu_s']:.1f} CPU s)"
                  + ("" if measured["passed"] else "; the check failed"))
    if rows:
        heaviest = max(rows, key=lambda r: r["node_max_kb"])
        check(f"node page HTML < {MAX_NODE_HTML_KB} KB at every size", heaviest["node_max_kb"] < MAX_NODE_HTML_KB,
              ", ".join(f"{r['node_max_kb']:.1f} KB at {r['pages']} pages" for r in rows))
    if real:
        for kind, measured in real["transfer"].items():
            grows = [f["url"].rsplit("/", 1)[-1] for f in measured["files"] if f["url"].endswith(GROWS_WITH_SITE)]
            check(f"a first visit to the {kind.replace('_', ' ')} page fetches nothing that grows with the site",
                  not grows, ", ".join(grows) or "none of " + ", ".join(GROWS_WITH_SITE))
        for kind in ELEMENT_PAGES:
            if kind in real["transfer"]:
                elements = real["transfer"][kind]["elements"]
                check(f"the {kind} page has < {MAX_ELEMENTS} elements on first load", elements < MAX_ELEMENTS,
                      f"{elements} elements")
        for kind, score in real.get("lighthouse", {}).items():
            if score:
                check(f"Lighthouse mobile performance >= {MIN_PERFORMANCE} and accessibility {MIN_ACCESSIBILITY}, "
                      f"{kind.replace('_', ' ')} page", score["score"] >= MIN_PERFORMANCE and score["accessibility"] >= MIN_ACCESSIBILITY,
                      f"performance {score['score']} (runs {score['runs']}), accessibility {score['accessibility']}")
        flow = real["transfer"]["decide"]
        check(f"flow page transfers <= {MAX_TRANSFER_KB} KB gzipped, fresh", flow["kb_gz"] <= MAX_TRANSFER_KB,
              f"{flow['kb_gz']:.1f} KB for {flow['url'].split('/', 3)[3]}")
        own = sum(f["gzip"] for f in flow["files"] if f["url"].rsplit("/", 1)[-1] in FLOW_CODE) / 1024
        check(f"the flow's own code (flow.js, flow.css) < {MAX_FLOW_CODE_KB} KB gzipped", own < MAX_FLOW_CODE_KB,
              f"{own:.1f} KB")
    if latency:
        check(f"an edit shows in the preview in < {MAX_SERVE_LATENCY_S:.0f} s ({latency.get('pages', '?')} pages)",
              latency["median_s"] is not None and latency["median_s"] < MAX_SERVE_LATENCY_S,
              latency.get("error") or f"median {latency['median_s']:.2f} s (" + ", ".join(f"{s:.2f}" for s in latency["seconds"]) + ")")
    return checks


COLUMNS = [  # (heading, key, format)
    ("pages", "pages", "{:d}"), ("gen s", "gen_s", "{:.2f}"), ("mkdocs s", "mkdocs_s", "{:.2f}"),
    ("total s", "total_s", "{:.2f}"), ("CPU s", "total_cpu_s", "{:.2f}"), ("pages/s", "pages_per_s", "{:.0f}"),
    ("peak MB", "peak_mb", "{:.0f}"), ("KB/page", "kb_per_page", "{:.1f}"), ("node max KB", "node_max_kb", "{:.1f}"),
    ("flow KB", "flow_max_kb", "{:.1f}"), ("index KB gz", "search_index_kb_gz", "{:.0f}"),
    ("search KB gz", "search_kb_gz", "{:.0f}"),
    ("usual CPU s", "usual_cpu_s", "{:.2f}"), ("ours/usual", "ratio_usual", "{:.3f}"),
    ("prune CPU s", "prune_cpu_s", "{:.2f}"), ("ours/prune", "ratio_prune", "{:.3f}"),
]


def table(rows: list[dict]) -> str:
    cells = [[heading for heading, _, _ in COLUMNS]]
    cells += [[fmt.format(row[key]) if key in row else "-" for _, key, fmt in COLUMNS] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = ["| " + " | ".join(c.rjust(w) for c, w in zip(line, widths)) + " |" for line in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|")
    return "\n".join(lines)


def work_folder() -> str | None:
    """Where the builds go: in memory (/dev/shm) when the machine has room there, else the usual
    temporary folder. On a shared machine's disk, creating the same 4,000 small files took from
    0.2 to 3 CPU s depending on what else had just been written or deleted: that is the disk, not
    the build, and it swamped the figures. `--work` measures on a disk of your choosing."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 4 * 2**30:
        return str(shm)
    return None


def run(root: Path, sizes: list[int], today: dt.date, *, peers: tuple[str, ...] = tuple(PEERS),
        peer_sizes: tuple[int, ...] = (PEER_SIZE,), browser: bool = True, latency: bool = True, serve_pages: int = 2000,
        check_steps: int = CHECK_STEPS, lighthouse_runs: int = 3, repeats: int = 2, profile: bool = False,
        out: Path | None = None, work: str | None = None) -> dict:
    """The whole benchmark; prints as it goes and returns (and writes to `out`) every figure.
    Peers are built at `peer_sizes` only (the usual way grows with the square of the pages);
    what search fetches is measured at the largest size, with a browser; `check_steps` 0 skips
    the large-pathway check, `serve_pages` is the size of the previewed project; `profile` also
    builds ours once under cProfile where the peers are built, and prints where the time goes."""
    results: dict = {"when": dt.datetime.now().isoformat(timespec="seconds"), "cpus": os.cpu_count(),
                     "load_before": os.getloadavg()[0], "rows": []}
    with tempfile.TemporaryDirectory(prefix="pathways-bench-", dir=work or work_folder()) as tmp:
        work = Path(tmp)
        results["work"] = tmp
        print(f"Building in {tmp}", flush=True)
        for size in sizes:
            here = peers if size in peer_sizes else ()
            print(f"Building about {size} pages{' and, back to back, ' + ' and '.join(here) if here else ''} ...", flush=True)
            results["rows"].append(bench_size(root, size, today, here, work, repeats,
                                              search=browser and size == max(sizes), profile=profile and bool(here)))
        print("\n" + table(results["rows"]) + "\n", flush=True)
        for row in results["rows"]:
            for when, run in (("rebuild", row), ("first build", row["first_build"])):
                share = run["gen_cpu_s"] / (run["gen_cpu_s"] + run["mkdocs_cpu_s"])
                print(f"Generation at {row['pages']} pages, {when}: {share:.1%} of the build; CPU s: "
                      + ", ".join(f"{stage} {s:.2f}" for stage, s in run["gen_stages_cpu_s"].items()), flush=True)
        for row in results["rows"]:
            if "profile" in row:
                print(f"Where our {row['pages']}-page build's CPU time goes (cProfile; own time by package, s): "
                      + ", ".join(f"{package} {s:.1f}" for package, s in list(row["profile"]["by_package_s"].items())[:8]))
                print("  most time below them: " + "; ".join(f"{name} {s}" for name, s in row["profile"]["cumulative"][:14]))
        real = latency_result = scale = None
        if check_steps:
            print(f"Checking a pathway of {check_steps:,} steps (a tree and a chain) ...", flush=True)
            scale = results["check_scale"] = check_scale(root, today, work, check_steps, repeats)
            for shape, measured in scale["shapes"].items():
                print(f"  {shape}: {measured['cpu_s']:.1f} CPU s, {measured['s']:.1f} s, {measured['peak_mb']:.0f} MB "
                      f"(the first check in a new folder: {measured['first_cpu_s']:.1f} CPU s)")
            print("  Where the slower one's check spends its time (cProfile, cumulative):\n" + scale["profile"], flush=True)
        if browser:
            print(f"Weighing the real site's pages in Chromium{' and Lighthouse' if lighthouse_runs else ''} ...", flush=True)
            real = results["real_site"] = weigh_real_site(root, today, work, lighthouse_runs)
        if latency:
            print(f"Timing the live preview (pathways serve, about {serve_pages} pages) ...", flush=True)
            try:
                latency_result = serve_latency(root, today, work, serve_pages)
            except (TimeoutError, OSError) as exc:  # a preview that never answers is a figure, not a crash
                latency_result = {"pages": serve_pages, "error": str(exc), "seconds": [], "median_s": None}
            results["serve_latency"] = latency_result
    if real:
        for kind, measured in real["transfer"].items():
            print(f"Fresh {kind} page {real['pages'][kind]}: {measured['kb_gz']:.1f} KB gzipped in {len(measured['files'])} files, "
                  f"{measured['elements']} elements")
            for f in sorted(measured["files"], key=lambda f: -f["gzip"]):
                print(f"    {f['gzip'] / 1024:7.1f} KB  {f['url'].split('/', 3)[3]}")
        for kind, score in real["lighthouse"].items():
            if score is None:
                print("Lighthouse is not installed: run `npm ci --prefix bench` to get mobile performance scores.")
                break
            print(f"Lighthouse mobile, {kind} page {real['pages'][kind]}: performance {score['score']} "
                  f"(runs: {score['runs']}), accessibility {score['accessibility']}")
    if latency_result and "error" in latency_result:
        print(f"Live preview: {latency_result['error']}")
    elif latency_result:
        print(f"Live preview: an edit to {latency_result['file']} showed on {latency_result['url_path']} after "
              + ", ".join(f"{s:.2f} s" for s in latency_result["seconds"]))
    results["load_after"] = os.getloadavg()[0]
    # Other people's work on the same machine slows every figure above: say how busy it was.
    print(f"Machine load (1-minute average, {results['cpus']} CPUs): {results['load_before']:.1f} before, "
          f"{results['load_after']:.1f} after")
    results["budgets"] = budgets(results["rows"], real, latency_result, scale)
    print("\nBudgets:")
    for b in results["budgets"]:
        print(f"  {'PASS' if b['pass'] else 'FAIL'}  {b['budget']}: {b['figure']}")
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"\nWrote {out}")
    return results
