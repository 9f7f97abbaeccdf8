"""The `pathways` command: build, serve, check, lock, new, schema."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
import time
import tomllib
from pathlib import Path

from . import links
from .build import BuildFailed, build, docs_dir, generate, mkdocs_logging
from .problems import Problems
from .readability import score
from .render import ENV, SiteRenderer, render_site
from .model import SLUG, Pathway
from .validate import load_site

SCHEMA_PATH = Path("schema/pathway.schema.json")


def project_root() -> Path:
    """The folder with mkdocs.yml: here or above, so the command works from any subfolder."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").exists() and (folder / "pathways").is_dir():
            return folder
    sys.exit("pathways: run this inside the project (no mkdocs.yml and pathways/ folder found here or above)")


def settings(root: Path) -> dict:
    with open(root / "pyproject.toml", "rb") as f:
        return tomllib.load(f).get("tool", {}).get("pathways", {})


def _report(problems) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
    noun = "problem" if len(problems) == 1 else "problems"
    print(f"{len(problems)} {noun} found.", file=sys.stderr)


def cmd_check(args, root: Path) -> int:
    files = [Path(f).resolve() for f in args.files] or None
    site, problems = load_site(root, only=files)
    if site is None:
        _report(problems)
        return 1
    renderer = SiteRenderer(site, args.today)
    renderer.render()
    limit = float(settings(root).get("max_grade", 8.0))
    failures = []
    print(f"Reading level (Flesch-Kincaid grade, limit {limit}; SMOG for comparison):")
    for rel, body in sorted(renderer.readable.items()):
        s = score(body)
        mark = "  <- above the limit" if s.grade > limit else ""
        print(f"  grade {s.grade:4.1f}  SMOG {s.smog:4.1f}  {s.words:5d} words  {rel}{mark}")
        if s.grade > limit:
            failures.append(f"{_source_of(rel, site)}:1:1: reads at grade {s.grade}, above the limit of {limit}: "
                            "use shorter sentences and everyday words")
    if args.strict:
        for rel, next_review in renderer.reviews.items():
            if next_review < args.today:
                failures.append(f"{_source_of(rel, site)}:1:1: review is overdue: next_review was {next_review}")
    for pathway in site.pathways:
        print(f"{site.sources[pathway.id]}: {len(pathway.nodes)} steps, {len(pathway.tests)} tests passed")
    only = [pathway.id for pathway in site.pathways] if files else None
    failures += [str(problem) for problem in links.lock_problems(root, renderer.files, site, only)]
    if not files:
        _note_unlocked(root, renderer.files)
    if failures:
        _report(failures)
        return 1
    print("All checks passed.")
    return 0


def _note_unlocked(root: Path, rels) -> None:
    new = links.unlocked_urls(root, rels)
    if new:
        print(f"{len(new)} new addresses are not in {links.LOCK_FILE} yet (for example {new[0]}): "
              "run `pathways lock` to add them, so they are protected from breaking.")


def _source_of(rel: str, site) -> str:
    """The file an author edits to change the generated page `rel`."""
    pathway_id = rel.split("/")[0]
    if pathway_id in site.sources:
        return site.sources[pathway_id]
    if rel in ("warning-signs.md", "glossary.md"):
        return "content/" + rel.replace(".md", ".yaml")
    return "content/" + rel


def cmd_build(args, root: Path) -> int:
    started = time.perf_counter()
    try:
        site = build(root, args.today)
    except Problems as exc:
        _report(exc.problems)
        print("The site was not built; site/ is unchanged.", file=sys.stderr)
        return 1
    except BuildFailed as exc:
        print(exc, file=sys.stderr)
        print("The site was not built; site/ is unchanged.", file=sys.stderr)
        return 1
    warning = links.site_url_warning(root)
    if warning:
        print(warning, file=sys.stderr)
    docs = docs_dir(root)
    _note_unlocked(root, [p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()])
    pages = sum(1 for _ in (root / "site").rglob("index.html"))
    print(f"Built {pages} pages from {len(site.pathways)} pathways into site/ "
          f"in {time.perf_counter() - started:.1f} s.")
    return 0


def cmd_serve(args, root: Path) -> int:
    import shutil
    import signal
    import tempfile

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    # mkdocs' own live-reload server, watching the authors' folders rather than the generated
    # docs: one watcher, checked every 0.1 s, then generate and rebuild (mkdocs serve would add
    # a second half-second poll of build/docs before rebuilding).
    site_dir = tempfile.mkdtemp(prefix="pathways-preview-")
    url = f"http://127.0.0.1:{args.port}/"

    def rebuild() -> None:
        try:
            generate(root, args.today)
        except Problems as exc:
            _report(exc.problems)
            print("Fix these to see your change; the preview keeps the last good version.", file=sys.stderr)
            return
        config = load_config(str(root / "mkdocs.yml"), site_dir=site_dir)
        config.site_url = url
        # Dirty: only the pages whose generated file changed are rebuilt (write_tree leaves the
        # rest untouched), so an edit shows in about a second instead of after a whole-site build.
        mkdocs_build(config, serve_url=url, dirty=True)
        print("Preview updated.", file=sys.stderr)

    mkdocs_logging()
    # mkdocs warns on every dirty build that navigation may be stale; authors cannot act on it.
    logging.getLogger("mkdocs.commands.build").addFilter(lambda record: "'dirty' build" not in record.getMessage())
    rebuild()
    server = LiveReloadServer(builder=rebuild, host="127.0.0.1", port=args.port, root=site_dir, polling_interval=0.1)
    for watched in ("pathways", "content", "mkdocs.yml"):
        server.watch(str(root / watched))
    print(f"Preview at {url} (changes in pathways/ and content/ show on save; Ctrl+C stops)")
    # Stopped from outside (terminal closed, service manager, kill): still clear up, as on Ctrl+C.
    for name in ("SIGTERM", "SIGHUP"):  # Windows has no SIGHUP
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), lambda *_: sys.exit(0))
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0


def cmd_new(args, root: Path) -> int:
    if not SLUG.match(args.id):
        print(f'"{args.id}" is not a safe id: use only lowercase letters, digits and single hyphens', file=sys.stderr)
        return 1
    path = root / "pathways" / f"{args.id}.yaml"
    if path.exists():
        print(f"{path.relative_to(root)} already exists; choose another id", file=sys.stderr)
        return 1
    today = args.today
    path.write_text(ENV.get_template("starter.yaml.j2").render(
        id=args.id, today=today, next_year=today.replace(year=today.year + 1)), encoding="utf-8")
    print(f"Wrote {path.relative_to(root)}. Edit it, then run: pathways check {path.relative_to(root)}")
    site, problems = load_site(root, only=[path])
    if site is None:  # the starter must always be valid; say so loudly if it is not
        _report(problems)
        return 1
    return 0


def cmd_lock(args, root: Path) -> int:
    """Record every address the site publishes in urls.lock (new ones added, removed ones dropped)."""
    site, problems = load_site(root)
    if site is None:
        _report(problems)
        return 1
    path = root / links.LOCK_FILE
    before = {url for _, url in links.read_lock(path)}
    now = links.published_urls(render_site(site, args.today))
    path.write_text(links.lock_text(now), encoding="utf-8")
    for url in sorted(now - before):
        print(f"  added    {url}")
    for url in sorted(before - now):
        print(f"  removed  {url}  (links to it will stop working)")
    print(f"Wrote {links.LOCK_FILE}: {len(now)} addresses, {len(now - before)} added, {len(before - now)} removed.")
    return 0


def schema_text() -> str:
    return json.dumps(Pathway.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


def cmd_schema(args, root: Path) -> int:
    (root / SCHEMA_PATH).parent.mkdir(exist_ok=True)
    (root / SCHEMA_PATH).write_text(schema_text(), encoding="utf-8")
    print(f"Wrote {SCHEMA_PATH}")
    return 0


def cmd_bench(args, root: Path) -> int:
    from .bench import run  # imported here so the other commands start without it

    results = run(root, [int(size) for size in args.sizes.split(",")], args.today,
                  baseline=not args.no_baseline, browser=not args.no_browser, latency=not args.no_serve_latency,
                  lighthouse_runs=args.lighthouse_runs, repeats=args.repeats, out=root / args.out, work=args.work)
    return 0 if all(b["pass"] for b in results["budgets"]) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pathways", description=__doc__)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(),
                        help="the date to check review dates against (YYYY-MM-DD; default: today)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="check, generate and build the site into site/")
    serve = sub.add_parser("serve", help="live preview on 127.0.0.1 that updates when you save")
    serve.add_argument("--port", type=int, default=8000)
    check = sub.add_parser("check", help="check pathways and pages without building")
    check.add_argument("files", nargs="*", help="pathway files to check (default: all)")
    check.add_argument("--strict", action="store_true", help="also fail on pages past their review date")
    sub.add_parser("lock", help=f"record every published address in {links.LOCK_FILE} (run after adding, "
                                "or on purpose removing, pages or steps)")
    new = sub.add_parser("new", help="write a starter pathway")
    new.add_argument("id", help="the new pathway's id (lowercase-with-hyphens)")
    sub.add_parser("schema", help=f"rewrite {SCHEMA_PATH} from the model")
    bench = sub.add_parser("bench", help="measure build speed, page weight and preview latency against the budgets")
    bench.add_argument("--sizes", default="50,500,2000", help="site sizes in pages, comma-separated (default: 50,500,2000)")
    bench.add_argument("--no-baseline", action="store_true", help="skip the usual-way builds (no ratio)")
    bench.add_argument("--no-browser", action="store_true", help="skip page weight and Lighthouse in Chromium")
    bench.add_argument("--no-serve-latency", action="store_true", help="skip timing the live preview")
    bench.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page, median reported (0: skip)")
    bench.add_argument("--repeats", type=int, default=2, help="clean builds of our site per size; the fastest counts")
    bench.add_argument("--out", default="bench-results/bench.json", help="where to write the figures as JSON")
    bench.add_argument("--work", help="folder to build in (default: /dev/shm, in memory, if there is room; "
                                      "else the temporary folder)")
    args = parser.parse_args(argv)
    root = project_root()
    commands = {"build": cmd_build, "serve": cmd_serve, "check": cmd_check, "new": cmd_new, "schema": cmd_schema,
                "bench": cmd_bench, "lock": cmd_lock}
    return commands[args.command](args, root)


if __name__ == "__main__":
    sys.exit(main())
