"""The `pathways` command: build, serve, check, lock, new, schema."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import signal
import sys
import threading
import time
import tomllib
import traceback
from pathlib import Path

from . import config, links, mkdocs_config, pipeline, schema
from .build import BuildFailed, build, mkdocs_logging
from .pipeline import docs_dir, generate
from .publish import build_lock
from .problems import Problems
from .render import ENV
from .model import SLUG
from .validate import load_site

SCHEMA_PATH = Path(schema.PATHWAY_SCHEMA)


def project_root() -> Path:
    """The folder with mkdocs.yml: here or above, so the command works from any subfolder."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").exists() and (folder / "pathways").is_dir():
            return folder
    sys.exit("pathways: run this inside the project (no mkdocs.yml and pathways/ folder found here or above)")


def _report(problems) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
    noun = "problem" if len(problems) == 1 else "problems"
    print(f"{len(problems)} {noun} found.", file=sys.stderr)


def cmd_check(args, root: Path) -> int:
    named = [Path(f).resolve() for f in args.files]
    # Only pathway files can be checked on their own; a named page is checked with the whole site.
    # Anything else named (a folder, a file of another kind) is read as a pathway, which says what it is.
    pathway_files = [f for f in named if f.suffix != ".md" and not f.is_relative_to((root / "content").resolve())]
    report = pipeline.run(root, args.today, only=pathway_files if named and pathway_files == named else None,
                          strict=args.strict)
    shown = {_shown(f, root) for f in named}
    if report.site is not None:  # a pathway's translations are part of its results
        shown |= {f"pathways/{language}/{name.rsplit('/', 1)[-1]}" for name in set(shown)
                  for language in report.site.config.translations if name.startswith("pathways/")}

    def mine(file: str) -> bool:
        return not shown or file in shown

    problems = [p for p in report.problems if mine(p.file)]
    if report.site is not None:
        settings = report.site.config
        print(f"Reading level (English: Flesch-Kincaid grade, at most {settings.max_grade}, SMOG for comparison; "
              f"Spanish: Szigriszt-Pazos, at least {settings.min_perspicuity}, Fernández-Huerta for comparison):")
        for source, rel, s in report.scores:
            if mine(source):
                mark = "  <- harder than allowed" if s.too_hard(settings) else ""
                print(f"  {s.figures():44} {s.words:5d} words  {rel}{mark}")
        for pathway in report.site.pathways:
            if mine(report.site.sources[pathway.id]):
                print(_coverage_line(report, pathway))
        if not named:
            _note_unlocked(root, report.all_files())
    for warning in report.warnings:
        if mine(warning.file):
            print(f"{warning.file}:{warning.line}:{warning.col}: warning: {warning.message}", file=sys.stderr)
    others = len(report.problems) - len(problems)
    if problems or others:
        if problems:
            _report(problems)
        if others:
            print(f"{others} more in other files; run `pathways check` to see them all." if problems else
                  f"No problems in the files named, but {others} in other files; run `pathways check` to see them.",
                  file=sys.stderr)
        return 1
    print("All checks passed.")
    return 0


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _coverage_line(report, pathway) -> str:
    results = report.coverage.get(pathway.id, [])
    tested = [f"{node.id} ({node.urgency.value}, test{'s' if len(tests) > 1 else ''} {', '.join(map(str, tests))})" for node, tests in results if tests]
    untested = [f"{node.id} ({node.urgency.value})" for node, tests in results if not tests]
    line = (f"{report.site.sources[pathway.id]}: {len(pathway.nodes)} steps, {len(pathway.tests)} tests passed; "
            f"results tested: {', '.join(tested) or 'none'}")
    return line + (f"; not tested: {', '.join(untested)}" if untested else "")


def _note_unlocked(root: Path, rels) -> None:
    new = links.unlocked_urls(root, rels)
    if new:
        print(f"{len(new)} new addresses are not in {links.LOCK_FILE} yet (for example {new[0]}): "
              "run `pathways lock` to add them, so they are protected from breaking.")


def cmd_build_offline(args, root: Path) -> int:
    from . import offline

    started = time.perf_counter()
    try:
        _, archive = offline.build_offline(root, args.today)
    except Problems as exc:
        _report(exc.problems)
        print(f"The offline edition was not built; {offline.FOLDER}/ is unchanged.", file=sys.stderr)
        return 1
    except BuildFailed as exc:
        print(exc, file=sys.stderr)
        print(f"The offline edition was not built; {offline.FOLDER}/ is unchanged.", file=sys.stderr)
        return 1
    print(f"Built the offline edition into {offline.FOLDER}/ and {archive.name} in "
          f"{time.perf_counter() - started:.1f} s: open {offline.FOLDER}/index.html from the disk or a USB stick.")
    return 0


def cmd_build(args, root: Path) -> int:
    if args.offline:
        return cmd_build_offline(args, root)
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
    warning = config.site_url_warning(root)
    if warning:
        print(warning, file=sys.stderr)
    built = [p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*") if p.is_file()]
    _note_unlocked(root, built)
    pages = sum(1 for _ in (root / "site").rglob("index.html"))
    print(f"Built {pages} pages from {len(site.pathways)} pathways into site/ "
          f"in {time.perf_counter() - started:.1f} s.")
    return 0


def cmd_serve(args, root: Path) -> int:
    import shutil
    import tempfile

    from . import preview

    # mkdocs' own live-reload server, watching the authors' folders rather than the generated
    # docs: one watcher, checked every 0.1 s, then generate and rebuild (mkdocs serve would add
    # a second half-second poll of build/docs before rebuilding).
    site_dir = tempfile.mkdtemp(prefix="pathways-preview-")
    url = f"http://127.0.0.1:{args.port}/"
    rebuild = _preview_rebuild(root, args.today, site_dir, url)
    mkdocs_logging()
    # mkdocs warns on every dirty build that navigation may be stale; authors cannot act on it.
    logging.getLogger("mkdocs.commands.build").addFilter(lambda record: "'dirty' build" not in record.getMessage())
    rebuild()
    server = _preview_server(rebuild, args.port, site_dir)
    for watched in preview.WATCHED:
        if (root / watched).exists():
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


def _preview_rebuild(root: Path, today: dt.date, site_dir: str, url: str):
    """What the preview runs on each save, then a dirty mkdocs build into `site_dir`; problems go
    to the terminal and, as a banner, to the open page. A save of existing pathway files first
    shows just those pathways' pages (pipeline.generate_pathways); once the author pauses, the
    server is asked for a build of the whole site, for what else they change (lists, the
    clinicians' page). See docs/adr/0027."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from . import preview

    seen: dict[str, int] = {}  # the authors' files as the last build read them (nothing: build everything)

    def mkdocs(settings, languages) -> None:
        for language in languages:  # each edition in its folder
            folder = "" if language == settings.original else f"{language}/"
            # The configuration generate wrote (build/mkdocs.yml: the catalogue's words are in it).
            config = load_config(str(mkdocs_config.path(root, language, settings)), site_dir=site_dir + "/" + folder)
            config.site_url = url + folder
            preview.add_banner(config)
            # Dirty: only the pages whose generated file changed are rebuilt (write_files leaves the
            # rest untouched), so an edit shows in about a second instead of after a whole-site build.
            mkdocs_build(config, serve_url=url + folder, dirty=True)

    def rebuild() -> None:
        # Never raises: the server would then wait for ever for a good build (and stop answering).
        now = preview.inputs(root)
        saved = preview.saved_pathways(root, seen, now) if seen else []
        seen.clear()
        seen.update(now)
        try:
            with build_lock(root, wait=True):  # a `pathways build` writes build/docs too
                if saved:
                    settings, languages = pipeline.generate_pathways(root, today, saved)
                    rebuild.again()  # when nothing has changed since: the whole site
                else:
                    settings = generate(root, today).config
                    languages = [settings.original] + settings.translations
                mkdocs(settings, languages)
        except Problems as exc:
            _report(exc.problems)
            print("Fix these to see your change; the preview keeps the last good version.", file=sys.stderr)
            preview.show_problems(site_dir, exc.problems)  # the open page reloads and shows them
            return
        except Exception as exc:  # noqa: BLE001 - the preview must keep serving whatever went wrong
            log = _write_log(root)
            print(f"pathways serve: the preview could not be updated ({type(exc).__name__}: {exc}); "
                  f"it keeps the last good version. Details: {log}", file=sys.stderr)
            return
        preview.show_problems(site_dir, [])
        print("Preview updated." if not saved else "Preview updated: this pathway's pages; the rest of the site follows.",
              file=sys.stderr)

    rebuild.again = lambda: None  # the server's request for another build, once it exists
    return rebuild


PAUSE = 3.0  # seconds without a save before the preview builds the whole site after a quick pass


def _preview_server(rebuild, port: int, site_dir: str):
    """mkdocs' live-reload server on 127.0.0.1, serving `site_dir` and calling `rebuild` on a change."""
    from mkdocs.livereload import LiveReloadServer

    class Preview(LiveReloadServer):
        def _serve_request(self, environ, start_response):
            if "\x00" in environ.get("PATH_INFO", ""):  # /%00: no file has such a name; not found, not a traceback
                return None
            return super()._serve_request(environ, start_response)

        pause: threading.Timer | None = None

        def build_after_a_pause(self) -> None:
            """Another build once no save has come for PAUSE seconds: a save while the whole site
            builds would wait for it, so the whole site waits for the author."""
            if self.pause is not None:
                self.pause.cancel()
            self.pause = threading.Timer(PAUSE, self.build)
            self.pause.daemon = True
            self.pause.start()

        def build(self) -> None:
            # As a watched file's change does (LiveReloadServer.watch).
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

    server = Preview(builder=rebuild, host="127.0.0.1", port=port, root=site_dir, polling_interval=0.1)
    rebuild.again = server.build_after_a_pause
    return server


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
    for language in site.config.translations:
        print(f"The site is also published in {language}: write pathways/{language}/{args.id}.yaml with its text "
              "(see \"Translations\" in the authors' guide); the check reports it missing until then.")
    return 0


def cmd_lock(args, root: Path) -> int:
    """Record every address the site publishes in urls.lock (new ones added, removed ones dropped).
    Only the format and the flow must pass: the other rules, the lock's own among them, are what
    `check` and `build` report."""
    report = pipeline.run(root, args.today)
    if report.site is None:
        _report(report.problems)
        return 1
    path = root / links.LOCK_FILE
    before = {url for _, url in links.read_lock(path)}
    now = links.published_urls(report.all_files())
    path.write_text(links.lock_text(now), encoding="utf-8")
    for url in sorted(now - before):
        print(f"  added    {url}")
    for url in sorted(before - now):
        print(f"  removed  {url}  (links to it will stop working)")
    print(f"Wrote {links.LOCK_FILE}: {len(now)} addresses, {len(now - before)} added, {len(before - now)} removed.")
    return 0


def cmd_rename(args, root: Path) -> int:
    from .rename import RenameRefused, rename_pathway, rename_step

    pathway = Path(args.pathway).stem
    if len(args.ids) > 2:
        print("pathways rename: give the pathway and its new id, or the pathway, a step's id and its new id",
              file=sys.stderr)
        return 1
    try:
        if len(args.ids) == 1:
            done = rename_pathway(root, args.today, pathway, args.ids[0])
        else:
            done = rename_step(root, args.today, pathway, *args.ids)
    except RenameRefused as exc:
        print(f"pathways rename: {exc}", file=sys.stderr)
        return 1
    for line in done:
        print(line)
    return 0


def cmd_translated(args, root: Path) -> int:
    """Record that each translation file is up to date with its English source (translate.py)."""
    from . import translate
    from .validate import load_site

    site, problems = load_site(root)
    if site is None:
        _report(problems)
        return 1
    try:
        for name in args.files:
            path = Path(name).resolve()
            translate.record(path, translate.english_of(root, site, path))
            print(f"{_shown(path, root)}: recorded as translating the English as it is now.")
    except Problems as exc:
        _report(exc.problems)
        return 1
    return 0


def cmd_diff(args, root: Path) -> int:
    from .diff import DiffFailed, report

    try:
        lines = report(root, args.rev)
    except DiffFailed as exc:
        print(f"pathways diff: {exc}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


def schema_text() -> str:
    return schema.text(schema.pathway_schema())


def cmd_schema(args, root: Path) -> int:
    (root / SCHEMA_PATH).parent.mkdir(exist_ok=True)
    (root / SCHEMA_PATH).write_text(schema_text(), encoding="utf-8")
    (root / schema.PAGE_SCHEMA).write_text(schema.text(schema.page_schema()), encoding="utf-8")
    (root / schema.FLOW_SCHEMA).write_text(schema.text(schema.flow_schema()), encoding="utf-8")
    (root / schema.CONNECT_SCHEMA).write_text(schema.text(schema.connect_schema()), encoding="utf-8")
    print(f"Wrote {SCHEMA_PATH}, {schema.PAGE_SCHEMA}, {schema.FLOW_SCHEMA} and {schema.CONNECT_SCHEMA}")
    return 0


def cmd_bench(args, root: Path) -> int:
    from .bench.measure import run  # imported here: no other command loads the benchmark

    results = run(root, [int(size) for size in args.sizes.split(",") if size.strip()], args.today,
                  peers=() if args.no_baseline else tuple(args.peers.split(",")),
                  peer_sizes=tuple(int(size) for size in args.peers_at.split(",") if size.strip()),
                  browser=not args.no_browser, latency=not args.no_serve_latency, serve_pages=args.serve_pages,
                  check_steps=args.check_steps, lighthouse_runs=args.lighthouse_runs, repeats=args.repeats, profile=args.profile,
                  out=root / args.out, work=args.work)
    return 0 if all(b["pass"] for b in results["budgets"]) else 1


def main(argv: list[str] | None = None) -> int:
    """The command, with any unexpected failure said in one plain line (details in a log file)."""
    try:
        return run(argv)
    except KeyboardInterrupt:
        print("pathways: stopped; site/ is unchanged.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last resort: no traceback for an author to decode
        log = _write_log(project_root_or_here())
        print(f"pathways: something unexpected stopped this command ({type(exc).__name__}: {exc}). "
              f"site/ is unchanged. The details were written to {log}; please send that file with a report.",
              file=sys.stderr)
        return 2


def console() -> None:
    """The `pathways` command: `main`, then out at once. Python would otherwise free every object of
    the run one by one, a second after checking a 10,000-step pathway; everything is written and
    closed by then, and the streams are flushed here."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def project_root_or_here() -> Path:
    here = Path.cwd().resolve()
    return next((folder for folder in (here, *here.parents) if (folder / "mkdocs.yml").exists()), here)


def _write_log(root: Path) -> str:
    """Write the current exception's traceback to build/pathways-error.log; returns where it went."""
    path = root / "build" / "pathways-error.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{dt.datetime.now().isoformat(timespec='seconds')} pathways {' '.join(sys.argv[1:])}\n"
                        + traceback.format_exc(), encoding="utf-8")
        return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    except OSError:
        return "nowhere (the build folder cannot be written either)"


COMMANDS = {"build": cmd_build, "serve": cmd_serve, "check": cmd_check, "new": cmd_new, "schema": cmd_schema,
            "bench": cmd_bench, "lock": cmd_lock, "rename": cmd_rename, "diff": cmd_diff, "translated": cmd_translated}


def run(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    return COMMANDS[args.command](args, project_root())


def _parser() -> argparse.ArgumentParser:
    """The command line: each command, its arguments and their help."""
    parser = argparse.ArgumentParser(prog="pathways", description=__doc__)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(),
                        help="the date to check review dates against (YYYY-MM-DD; default: today)")
    sub = parser.add_subparsers(dest="command", required=True)
    build_cmd = sub.add_parser("build", help="check, generate and build the site into site/")
    build_cmd.add_argument("--offline", action="store_true",
                           help="build the offline kiosk edition instead, into offline-site/ and offline-site.zip, "
                                "to open from a disk or USB stick")
    serve = sub.add_parser("serve", help="live preview on 127.0.0.1 that updates when you save")
    serve.add_argument("--port", type=int, default=8000)
    check = sub.add_parser("check", help="check pathways and pages without building")
    check.add_argument("files", nargs="*", help="pathway files to check (default: all)")
    check.add_argument("--strict", action="store_true", help="also fail on pages past their review date")
    sub.add_parser("lock", help=f"record every published address in {links.LOCK_FILE} (run after adding, "
                                "or on purpose removing, pages or steps)")
    new = sub.add_parser("new", help="write a starter pathway")
    new.add_argument("id", help="the new pathway's id (lowercase-with-hyphens)")
    rename = sub.add_parser("rename", help="rename a pathway (PATHWAY NEW_ID) or one of its steps (PATHWAY OLD NEW): "
                                           "its files, every next, test and link, with an alias so its "
                                           "published addresses keep working",
                            usage="pathways rename PATHWAY NEW_ID | pathways rename PATHWAY OLD_STEP NEW_STEP")
    rename.add_argument("pathway", help="the pathway's id or file (pathways/<id>.yaml)")
    rename.add_argument("ids", nargs="+", metavar="ID",
                        help="the pathway's new id; or the step's id now and its new id")
    translated = sub.add_parser("translated", help="record that translation files are up to date with their "
                                                   "English (check names a translation once its English changes)")
    translated.add_argument("files", nargs="+", help="translation files (pathways/es/<id>.yaml, content/es/...)")
    diff = sub.add_parser("diff", help="what changed in each pathway and page since its last review, "
                                       "to re-read before changing last_reviewed")
    diff.add_argument("rev", nargs="?", help="compare with this git commit, branch or tag instead "
                                             "(default: for each file, the last commit that changed its last_reviewed)")
    sub.add_parser("schema", help=f"rewrite {SCHEMA_PATH} from the model")
    _bench_arguments(sub.add_parser("bench", help="measure build speed, page weight and preview latency "
                                                 "against the budgets"))
    return parser


def _bench_arguments(bench: argparse.ArgumentParser) -> None:
    bench.add_argument("--sizes", default="50,500,2000,10000", help="site sizes in pages, comma-separated "
                       "(default: 50,500,2000,10000; \"\": none, only the real site's pages)")
    bench.add_argument("--no-baseline", action="store_true", help="skip the peers' builds (no ratios)")
    bench.add_argument("--peers", default="usual,prune", help="mkdocs-material set-ups to compare with (default: usual,prune)")
    bench.add_argument("--peers-at", default="2000", help="sizes at which the peers are built (default: 2000)")
    bench.add_argument("--check-steps", type=int, default=10000, help="steps of the pathway whose check is timed (0: skip)")
    bench.add_argument("--serve-pages", type=int, default=2000, help="pages of the project the preview is timed on")
    bench.add_argument("--profile", action="store_true", help="also profile our build where the peers are built")
    bench.add_argument("--no-browser", action="store_true", help="skip page weight and Lighthouse in Chromium")
    bench.add_argument("--no-serve-latency", action="store_true", help="skip timing the live preview")
    bench.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page, median reported (0: skip)")
    bench.add_argument("--repeats", type=int, default=2, help="clean builds of our site per size; the fastest counts")
    bench.add_argument("--out", default="bench-results/bench.json", help="where to write the figures as JSON")
    bench.add_argument("--work", help="folder to build in (default: /dev/shm, in memory, if there is room; "
                                      "else the temporary folder)")


if __name__ == "__main__":
    console()
