"""Attacks and accidents: nothing an author or a reference manager writes may run as script or
load from another site, no input ends in a traceback or a hang, and no build, killed or run
twice at once, costs the last good site."""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from pathways import safefiles, sanitise
from pathways.build import BuildFailed, build, run_mkdocs
from pathways.load import parse_yaml
from pathways.problems import Problems

from support import EXAMPLE, TODAY, add_translation, edit, line_of, make_project, run_cli, serve, tree_digest

NODE_TEXT = "text: Fever or redness after an injection needs to be checked the same day."
SIGN_TEXT = "- text: Fever or redness where the needle went in"
WARNING_SIGNS = "content/warning-signs.yaml"
PAGE = "content/options/physical-therapy.md"
PAGE_TEXT = "Exercise helps many people with long-lasting back pain [@acp-qaseem-2017]."
BODY_TEXT = "\n" + PAGE_TEXT  # in the body: the front matter's summary says the same, indented
BIBLIOGRAPHY = "content/bibliography.yaml"


def run(project: Path, monkeypatch, capsys, *args: str) -> tuple[int, str]:
    """`pathways ARGS` in the project, in this process; (exit code, everything it printed)."""
    ran = run_cli(project, *args)
    return ran.returncode, ran.stdout + ran.stderr


def refused(project: Path, monkeypatch, capsys, where: str, *needles: str, commands=("check", "build")) -> list[str]:
    """Both check and build fail with plain `file:...: message` lines, never a traceback."""
    lines = []
    for command in commands:
        code, output = run(project, monkeypatch, capsys, command)
        assert code == 1, output
        assert "Traceback" not in output and "unexpected" not in output, output
        lines = [line for line in output.splitlines() if line.startswith(where)]
        assert lines, output
        for needle in needles:
            assert any(needle in line for line in lines), output
    assert not (project / "site").exists(), "nothing was published"
    return lines


# ---------------------------------------------------------------- script and other hosts

SCRIPT_IN_MARKDOWN = {
    "image-onerror": ("![i](data:,z){: onerror=alert(1) }", "onerror"),
    "autofocus-onfocus": ('Hi\n{: tabindex="0" autofocus onfocus="alert(1)" }', "onfocus"),
    "javascript-link": ("[x](javascript:alert(1))", "javascript:alert(1)"),
    "javascript-reference-link": ("[x][a]\n\n[a]: javascript:alert(1)", "javascript:alert(1)"),
    "remote-image": ("![tracker](https://tracker.example/pixel.png)", "another site (tracker.example)"),
}


@pytest.fixture(params=sorted(SCRIPT_IN_MARKDOWN), ids=sorted(SCRIPT_IN_MARKDOWN))
def markdown_payload(request):
    return SCRIPT_IN_MARKDOWN[request.param]


def test_script_or_remote_image_in_a_step_is_refused_at_its_line(project, monkeypatch, capsys, markdown_payload):
    payload, named = markdown_payload
    edit(project, NODE_TEXT, f"text: {json.dumps(payload)}")
    (line,) = {entry for entry in refused(project, monkeypatch, capsys, EXAMPLE, named) if named in entry}
    assert line.startswith(f"{EXAMPLE}:{line_of(project, json.dumps(payload)[:12])}:")


def test_script_in_a_warning_sign_is_refused(project, monkeypatch, capsys, markdown_payload):
    payload, named = markdown_payload
    edit(project, SIGN_TEXT, f"- text: {json.dumps(payload)}", WARNING_SIGNS)
    refused(project, monkeypatch, capsys, f"{WARNING_SIGNS}:{line_of(project, json.dumps(payload)[:12], WARNING_SIGNS)}:",
            named)


@pytest.mark.parametrize("html, named", [
    ('<img src="x" onerror="alert(1)">', "onerror"),
    ('<iframe src="https://video.example/embed"></iframe>', "<iframe>"),
    ('<script src="https://cdn.example/x.js"></script>', "<script>"),
    ('<a href="javascript:alert(1)">x</a>', "javascript:alert(1)"),
    ('<p style="background:url(https://tracker.example/x)">x</p>', "style"),
    ("![tracker](//tracker.example/pixel.png)", "tracker.example"),
], ids=["onerror", "iframe", "script", "javascript", "style", "remote-image"])
def test_html_in_a_page_outside_the_allow_list_is_refused(project, monkeypatch, capsys, html, named):
    edit(project, BODY_TEXT, BODY_TEXT + "\n\n" + html, PAGE)
    refused(project, monkeypatch, capsys, f"{PAGE}:{line_of(project, html[:10], PAGE)}:", named)


def test_the_html_authors_use_in_pages_is_kept(project, monkeypatch, capsys):
    used = ('!!! note "Experts disagree"\n    Some say one thing.\n\n??? info "More"\n    Details.\n\n'
            "| What | How |\n|:--|--:|\n| a | b |\n\n[A button](../index.md){ .md-button }\n\n"
            '<div class="pw-card" markdown>\n*Inside*\n</div>\n\nSee <https://www.nhs.uk/>.\n\n'
            "- [ ] A question to ask\n\n![A drawing](drawing.png)")
    edit(project, BODY_TEXT, BODY_TEXT + "\n\n" + used, PAGE)
    (project / "content" / "options" / "drawing.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    code, output = run(project, monkeypatch, capsys, "build")
    assert code == 0, output
    page = (project / "site" / "options" / "physical-therapy" / "index.html").read_text(encoding="utf-8")
    assert 'class="admonition note"' in page and "<details" in page and 'align="right"' in page
    assert 'class="md-button"' in page and 'href="https://www.nhs.uk/"' in page and 'src="../drawing.png"' in page


@pytest.mark.parametrize("field, value, named", [
    ("id", 'acp-qaseem-2017" onmouseover="alert(1)', "should use only letters"),
    ("URL", "javascript:alert(1)", "does not look like a URL"),
    ("author", 5, '"author" should be a list of names'),
    ("issued", {"date-parts": "soon"}, '"issued" should be date-parts'),
], ids=["id-with-quote", "javascript-url", "author-number", "issued-text"])
def test_a_bad_bibliography_field_is_refused(project, monkeypatch, capsys, field, value, named):
    bib = project / BIBLIOGRAPHY
    data = YAML(typ="safe").load(bib)
    next(entry for entry in data["references"] if entry["id"] == "acp-qaseem-2017")[field] = value
    bib.write_text(json.dumps(data, indent=1), encoding="utf-8")  # JSON is YAML, as a reference manager may write it
    refused(project, monkeypatch, capsys, f"{BIBLIOGRAPHY}:", named)


def test_remote_script_in_the_theme_is_refused(project, monkeypatch, capsys):
    main_html = project / "theme" / "main.html"
    main_html.write_text(main_html.read_text(encoding="utf-8").replace(
        "{% block libs %}", '{% block libs %}\n  <script src="https://cdn.example/analytics.js"></script>'), encoding="utf-8")
    refused(project, monkeypatch, capsys, "theme/main.html:", "cdn.example")


def test_the_sweep_finds_what_slipped_past_the_checks(tmp_path):
    page = tmp_path / "x" / "index.html"
    page.parent.mkdir()
    page.write_text('<article class="md-content__inner md-typeset"><p>Hi <img src="a.png" onerror="alert(1)">'
                    '</p></article>', encoding="utf-8")
    (tmp_path / "index.html").write_text('<head><script src="https://cdn.example/x.js"></script></head>',
                                         encoding="utf-8")
    found = sanitise.sweep_site(tmp_path)
    assert any("x/index.html" in line and "onerror" in line for line in found), found
    assert any(line.startswith("site/index.html") and "cdn.example" in line for line in found), found


# Accepted, but only ever shown as text: each must be inert in the built site.
INERT = {
    "title": "<script>alert(1)</script> Fever?",
    "label": '"><img src=x onerror=alert(1)>',
    "hint": "</script><script>alert(1)</script>",
    "text": "<img src=x onerror=alert(1)> and <svg onload=alert(1)>",
    "bibliography title": "<img src=x onerror=alert(1)>",
    "glossary meaning": "<img src=x onerror=alert(1)> meaning",
}


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory):
    """One site built with every accepted payload in it: (project root, served URL)."""
    project = make_project(tmp_path_factory.mktemp("payloads"))
    edit(project, "title: Since the injection, do you have fever or redness where the needle went in?",
         f"title: {json.dumps(INERT['title'])}")
    edit(project, 'label: "Yes"\n        next: same-day',
         f'label: {json.dumps(INERT["label"])}\n        hint: {json.dumps(INERT["hint"])}\n        next: same-day')
    edit(project, "- answers: [\"No, none of these\", \"Not at all\", \"Yes\"]",
         f"- answers: [\"No, none of these\", \"Not at all\", {json.dumps(INERT['label'])}]")
    edit(project, NODE_TEXT, f"text: {json.dumps(INERT['text'])}")
    edit(project, "title: 'Noninvasive Treatments", "title: '" + INERT["bibliography title"] + " Noninvasive Treatments",
         BIBLIOGRAPHY)
    edit(project, "MRI: A scan", f"MRI: {INERT['glossary meaning']} A scan", "content/glossary.yaml")
    build(project, TODAY)
    url, server = serve(project / "site")
    yield project, url
    server.shutdown()


class _Handlers(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found += [(tag, name) for name, value in attrs if name.startswith("on")
                       or (value or "").strip().lower().startswith("javascript:")]


def test_accepted_payloads_are_inert_in_the_built_html(payload_site):
    project, _ = payload_site
    pages = sorted((project / "site").rglob("*.html"))
    for page in pages:
        parser = _Handlers()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.found == [], f"{page}: {parser.found}"
    step = (project / "site" / "example" / "new-symptoms" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Fever?" in step
    references = (project / "site" / "references" / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt; Noninvasive" in references


def test_no_payload_fires_a_dialog_in_chromium(payload_site, browser):
    _, url = payload_site
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in ("", "example/new-symptoms/", "example/same-day/", "example/decide/#at=new-symptoms", "example/",
                 "references/", "glossary/", "warning-signs/", "clinicians/"):
        page.goto(f"{url}/{path}")
        page.wait_for_load_state("load")
        for element in page.locator("article a, article abbr, article img, article p").all()[:60]:
            for event in ("mouseover", "focus"):  # the handlers these payloads use, had any survived
                element.dispatch_event(event)
        page.keyboard.press("Tab")
        page.wait_for_timeout(200)
    page.close()
    assert dialogs == []


# ---------------------------------------------------------------- no traceback, no hang

@pytest.mark.parametrize("old, new, named", [
    ("last_reviewed: 2026-11-15", "last_reviewed: 2026-13-01", '"last_reviewed" should be a date'),
    ("next_review: 2027-11-15", "next_review: 2027-02-30", '"next_review" should be a date'),
    ("audience: Authors", "audience: " + "9" * 5000 + "\nx: Authors", "far too long"),
    ("nodes:", "deep: " + "[" * 50_000 + "]" * 50_000 + "\nnodes:", "nested more than 100 levels"),
    ("nodes:", "loop: &loop [*loop]\nnodes:", "would never end"),
    ("short_link: example", 'short_link: "example\\n"', "not a safe id"),
    ("  - id: how-much-help\n", "  - id: how-much-help\n    aliases: [decide]\n", "reserved"),
    ("title: Book a visit", 'title: "\\e[2J\\e[31mBook"\n    bad: 1\n    x: a', "not a field"),
], ids=["month-13", "february-30", "5000-digits", "deep-nesting", "recursive-alias", "newline-in-id",
        "alias-decide", "terminal-escapes"])
def test_a_bad_pathway_is_a_plain_problem(project, monkeypatch, capsys, old, new, named):
    edit(project, old, new)
    lines = refused(project, monkeypatch, capsys, f"{EXAMPLE}:", named)
    assert not any("\x1b" in line for line in lines)


def test_an_impossible_date_in_a_page_is_a_plain_problem(project, monkeypatch, capsys):
    edit(project, "last_reviewed: 2026-11-15", "last_reviewed: 2026-13-01", PAGE)
    refused(project, monkeypatch, capsys, f"{PAGE}:5:", '"last_reviewed" should be a date')


@pytest.mark.parametrize("content, line_col, named", [
    (b"id: example\ntitle: a\x00b\n", ":2:9:", "control character"),
    ("id: example\n".encode("utf-16"), ":1:1:", "UTF-16"),
    (b"id: example\ntitle: caf\xe9 ok\n", ":2:11:", "not saved as UTF-8"),
], ids=["nul", "utf-16", "latin-1"])
def test_encoding_problems_point_at_the_place(project, monkeypatch, capsys, content, line_col, named):
    (project / EXAMPLE).write_bytes(content)
    refused(project, monkeypatch, capsys, f"{EXAMPLE}{line_col}", named)


@pytest.mark.parametrize("make, shown, named", [
    (lambda p: (p / "pathways" / "x.yaml").mkdir(), "pathways/x.yaml", "this is a folder"),
    (lambda p: (p / "content" / "x.md").mkdir(), "content/x.md", "this is a folder"),
    (lambda p: (p / "pathways" / "loop.yaml").symlink_to("loop.yaml"), "pathways/loop.yaml", "symbolic link"),
    (lambda p: (p / "content" / "about" / "env.txt").symlink_to("/proc/self/environ"), "content/about/env.txt",
     "symbolic link"),
    (lambda p: (p / "content" / "about" / "linked").symlink_to("/etc", target_is_directory=True),
     "content/about/linked", "symbolic link"),
    (lambda p: os.mkfifo(p / "content" / "pipe.md"), "content/pipe.md", "named pipe"),
    (lambda p: (p / "pathways" / "other.yml").write_text("id: other\n"), "pathways/other.yml", "rename it other.yaml"),
], ids=["folder-yaml", "folder-md", "symlink-loop", "symlink-out", "symlinked-folder", "fifo", "yml"])
def test_only_regular_files_inside_the_project_are_read(project, monkeypatch, capsys, make, shown, named):
    make(project)
    refused(project, monkeypatch, capsys, f"{shown}: ", named)


def test_a_fifo_named_like_a_pathway_does_not_hang(project):
    os.mkfifo(project / "pathways" / "x.yaml")
    for command in (["check"], ["check", "pathways/x.yaml"], ["build"]):
        done = subprocess.run([sys.executable, "-m", "pathways.cli", "--today", TODAY.isoformat(), *command],
                              cwd=project, capture_output=True, text=True, timeout=120)
        assert done.returncode == 1 and "pathways/x.yaml: this is a named pipe" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr


def test_checking_a_folder_is_a_plain_problem(project, monkeypatch, capsys):
    code, output = run(project, monkeypatch, capsys, "check", "pathways/")
    assert code == 1 and "pathways: this is a folder" in output and "Traceback" not in output, output


def test_an_unreadable_file_is_a_plain_problem(project, monkeypatch, capsys):
    real_open = os.open
    target = str(project / EXAMPLE)

    def open_(path, *args, **kwargs):  # the tests run as root, who can read anything: refuse as the system would
        if os.fspath(path) == target:
            raise PermissionError(errno.EACCES, "Permission denied", target)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(safefiles.os, "open", open_)
    refused(project, monkeypatch, capsys, f"{EXAMPLE}: ", "cannot be read (permission denied)")


def test_a_full_disk_is_a_plain_problem_and_keeps_the_site(project, monkeypatch, capsys):
    build(project, TODAY)
    before = tree_digest(project / "site")
    edit(project, "title: Get medical advice today", "title: Get medical advice today, please")

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    code, output = run(project, monkeypatch, capsys, "build")
    assert code == 1 and "no space left on device" in output and "site/ is unchanged" in output, output
    assert "Traceback" not in output
    assert tree_digest(project / "site") == before


def test_an_unexpected_failure_is_one_plain_line_with_a_log(project, monkeypatch, capsys):
    def broken(*_args, **_kwargs):
        raise RuntimeError("something inside broke")

    monkeypatch.setattr("pathways.pipeline.load_site", broken)  # the first stage of every command
    code, output = run(project, monkeypatch, capsys, "check")
    assert code == 2 and "Traceback" not in output
    (line,) = output.strip().splitlines()
    assert "RuntimeError: something inside broke" in line and "site/ is unchanged" in line
    assert "build/pathways-error.log" in line
    assert "Traceback" in (project / "build" / "pathways-error.log").read_text(encoding="utf-8")


def test_a_new_pathway_id_with_a_line_break_is_refused(project, monkeypatch, capsys):
    code, output = run(project, monkeypatch, capsys, "new", "x\n")
    assert code == 1 and "not a safe id" in output
    assert list((project / "pathways").iterdir()) == [project / EXAMPLE]


@pytest.mark.parametrize("term, named", [('""', 'the glossary term ""'), ('"x]: y"', 'the glossary term "x]: y"')],
                         ids=["empty", "bracket"])
def test_a_glossary_term_must_be_plain_words(project, monkeypatch, capsys, term, named):
    edit(project, "MRI: A scan", f"{term}: A scan", "content/glossary.yaml")
    refused(project, monkeypatch, capsys, "content/glossary.yaml:", named)


# ---------------------------------------------------------------- nothing replaces anything else

def test_a_pathway_cannot_replace_a_page(project, monkeypatch, capsys):
    example = project / EXAMPLE
    example.rename(project / "pathways" / "authors-guide.yaml")
    edit(project, "id: example", "id: authors-guide", "pathways/authors-guide.yaml")
    edit(project, "short_link: example\n", "", "pathways/authors-guide.yaml")
    refused(project, monkeypatch, capsys, "pathways/authors-guide.yaml:4:5:", "/authors-guide/",
            "content/authors-guide.md")


def test_a_page_cannot_replace_a_generated_one(project, monkeypatch, capsys):
    (project / "content" / "references.md").write_text((project / PAGE).read_text(encoding="utf-8"), encoding="utf-8")
    refused(project, monkeypatch, capsys, "content/references.md:1:1:", "the References page the generator makes")


def test_a_file_cannot_replace_a_qr_code(project, monkeypatch, capsys):
    (project / "content" / "options" / "physical-therapy.qr.svg").write_text("<svg/>", encoding="utf-8")
    refused(project, monkeypatch, capsys, f"{PAGE}:1:1:", "QR code", "content/options/physical-therapy.qr.svg")


# ---------------------------------------------------------------- scale

def chain_pathway(steps: int) -> str:
    """A pathway of `steps` information steps in a row, then an outcome."""
    nodes = "".join(f"  - {{id: step-{i}, kind: info, title: Step {i}, next: step-{i + 1}}}\n" for i in range(steps))
    return (f"id: example\ntitle: Steps in a row\nsummary: Many steps.\naudience: Tests.\nreviewed_by: Tests\n"
            f"last_reviewed: 2026-11-15\nnext_review: 2027-11-15\nstart: step-0\nnodes:\n{nodes}"
            f"  - {{id: step-{steps}, kind: outcome, urgency: routine, title: The end}}\n")


def test_260_steps_in_a_row_build(project):
    (project / EXAMPLE).write_text(chain_pathway(260), encoding="utf-8")
    build(project, TODAY)
    assert (project / "site" / "example" / "step-259" / "index.html").exists()


def test_a_large_file_without_aliases_is_not_taken_for_an_alias_bomb():
    doc = parse_yaml(chain_pathway(20_000), "pathways/example.yaml")  # about 200,000 YAML nodes
    assert len(doc.data["nodes"]) == 20_001


# ---------------------------------------------------------------- atomic publish, one build at a time

BUILD = [sys.executable, "-m", "pathways.cli", "--today", TODAY.isoformat(), "build"]


def test_a_killed_build_leaves_a_complete_site(project):
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795000000"}  # the same sitemap dates in every build
    subprocess.run(BUILD, cwd=project, env=env, check=True, capture_output=True)
    old = tree_digest(project / "site")
    edit(project, "title: Get medical advice today", "title: Get medical advice today, please")
    seen = set()
    for delay in (0.5, 1.5, 2.5, 3.5, 4.5, 6.0):
        process = subprocess.Popen(BUILD, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        seen.add(tree_digest(project / "site"))
    subprocess.run(BUILD, cwd=project, env=env, check=True, capture_output=True)
    new = tree_digest(project / "site")
    assert new != old and seen <= {old, new}
    # The last build removed what the killed ones left.
    assert [p.resolve() for p in (project / ".site-versions").iterdir()] == [(project / "site").resolve()]


def _spanish_fails(config_file: Path, out: Path) -> None:  # at module level: it runs in another process
    if config_file.name == "mkdocs-es.yml":
        raise BuildFailed("mkdocs could not build the site: the Spanish edition broke")
    run_mkdocs(config_file, out)


def test_a_translation_that_fails_to_build_keeps_the_last_site(project):
    # The Spanish edition builds in a process of its own beside the English one (build.build_editions).
    add_translation(project)
    build(project, TODAY)
    old = tree_digest(project / "site")
    assert (project / "site" / "es" / "index.html").exists()
    with pytest.raises(BuildFailed, match="the Spanish edition broke"):
        build(project, TODAY, mkdocs=_spanish_fails)
    assert tree_digest(project / "site") == old
    assert [p.resolve() for p in (project / ".site-versions").iterdir()] == [(project / "site").resolve()]


def test_two_builds_at_once_leave_one_complete_site(project):
    results = []

    def one() -> None:
        results.append(subprocess.run(BUILD, cwd=project, capture_output=True, text=True))

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert any(r.returncode == 0 for r in results), [r.stderr for r in results]
    for r in results:
        assert "Traceback" not in r.stderr
        assert r.returncode == 0 or "another build is running in this project" in r.stderr, r.stderr
    assert (project / "site" / "example" / "same-day" / "index.html").exists()
    assert [p.resolve() for p in (project / ".site-versions").iterdir()] == [(project / "site").resolve()]
    with pytest.raises(BuildFailed, match="another build is running"):
        from pathways.publish import build_lock
        with build_lock(project):
            build(project, TODAY)


# ---------------------------------------------------------------- random input

PATHWAY_FIELDS = ["id", "title", "summary", "audience", "start", "nodes", "kind", "answers", "next", "label",
                  "last_reviewed", "next_review", "reviewed_by", "aliases", "short_link", "text", "urgency", "tests"]
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
    | st.sampled_from(["example", "2026-13-01", "2027-11-15", "<script>alert(1)</script>", "[x](javascript:y)",
                       "question", "outcome", "info", "[@nhs-back-pain]", "*a", "&a", "x\n"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(PATHWAY_FIELDS), children,
                                                                        max_size=6),
    max_leaves=20)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=st.dictionaries(st.sampled_from(PATHWAY_FIELDS), values, max_size=10))
def test_random_pathway_documents_never_cause_a_traceback(project, monkeypatch, capsys, document):
    (project / EXAMPLE).write_text(json.dumps(document), encoding="utf-8")  # JSON is YAML
    code, output = run(project, monkeypatch, capsys, "check", EXAMPLE)
    assert "Traceback" not in output and "unexpected" not in output, output
    assert code in (0, 1)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300) | st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_random_bytes_never_cause_a_traceback(project, monkeypatch, capsys, raw):
    (project / EXAMPLE).write_bytes(raw)
    code, output = run(project, monkeypatch, capsys, "check", EXAMPLE)
    assert "Traceback" not in output and "unexpected" not in output, output
    assert code == 1


def test_random_problems_are_reported_not_raised():
    # The loader's own promise, under the command: Problems or a Document, nothing else.
    for text in ["a: [", "- - - x", "? [a]\n: b", "a: !!python/object:os.system x", "&a a: *a"]:
        try:
            parse_yaml(text, "f.yaml")
        except Problems:
            pass
