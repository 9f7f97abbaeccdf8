"""What the tests share: the fixed date, the fixture project, running the command, editing a
project's files and reading a built page. (Fixtures are in conftest.py.)"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import io
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml
import zxingcpp

from pathways import links
# The benchmark builds the same small project and serves sites the same way; test files take these from here.
from pathways.bench.fixtures import CHROMIUM, CHROMIUM_FLAGS, copy_real_project, free_port, serve, small_project  # noqa: F401
from pathways.bench.measure import synthetic_pathway  # noqa: F401
from pathways.cli import main
from pathways.graph import Graph
from pathways.model import Outcome, Pathway
from pathways.validate import load_site

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
TODAY = dt.date(2026, 11, 21)  # tests use a fixed date, never the real one
EXAMPLE = "pathways/example.yaml"
MARKUP = FIXTURES / "markup-pathway.yaml"


def make_project(dest: Path) -> Path:
    """A small project: the real mkdocs.yml, theme and bibliography, fixture pages, the example pathway."""
    return small_project(ROOT, dest)


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def run_cli(project: Path, *args: str) -> Ran:
    """The `pathways` command, run in this process (as from the project folder) to keep the tests
    quick. The date is TODAY unless `args` give their own --today (the last one counts)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(project), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--today", str(TODAY), *args])
    return Ran(code, out.getvalue(), err.getvalue())


def edit(project: Path, old: str, new: str, path: str = EXAMPLE, count: int = 1) -> None:
    file = project / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path}"
    file.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(project: Path, needle: str, path: str = EXAMPLE) -> int:
    lines = (project / path).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def html(site: Path, url: str) -> str:
    """A built page, by its address."""
    return (site / url.strip("/") / "index.html").read_text(encoding="utf-8")


def problems(project: Path) -> list[str]:
    """The check's problems, as printed; the check must fail."""
    site, found = load_site(project)
    assert site is None, "expected the check to fail"
    return [str(p) for p in found]


def locked(project: Path) -> list[str]:
    return [url for _, url in links.read_lock(project / links.LOCK_FILE)]


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


def add_markup_pathway(root: Path) -> None:
    """The pathway full of markup, in the project at `root`."""
    shutil.copy(MARKUP, root / "pathways")
    settings = root / "pyproject.toml"  # markup soup reads as hard text; its reading level is not what is tested
    settings.write_text(settings.read_text().replace("max_grade = 8.0", "max_grade = 20.0"))


# ---------------------------------------------------------------- every path through a pathway

@dataclass
class Walk:
    """One route from the start to an outcome: each step passed and the answer chosen there."""

    steps: list[tuple[object, int | None]] = field(default_factory=list)  # (node, answer index; None for info)
    outcome: Outcome | None = None

    @property
    def answers(self) -> list[tuple[str, int]]:
        return [(node.id, i) for node, i in self.steps if i is not None]

    def address(self, pathway_id: str) -> str:
        """Where the flow must end: the outcome's page, with the answers in the fragment."""
        given = ",".join(f"{q}.{i + 1}" for q, i in self.answers)
        return f"/{pathway_id}/{self.outcome.id}/" + (f"#answers={given}" if given else "")


def walks(pathway: Pathway) -> list[Walk]:
    """Every route from the start to an outcome that passes no step twice."""
    return [Walk([(node, i if node.exits()[i].label is not None else None) for node, i in route.steps], route.end)
            for route in Graph(pathway).routes()]


# ---------------------------------------------------------------- QR codes in a browser

# Draws an SVG (fetched from the site) on a white canvas, as the browser renders it, and returns
# the grey levels as base64, for zxing-cpp to decode.
RASTERISE = """async src => {
    const img = new Image();
    img.src = src;
    await img.decode();
    const size = img.naturalWidth * 2;
    const canvas = Object.assign(document.createElement('canvas'), {width: size, height: size});
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, size, size);
    ctx.drawImage(img, 0, 0, size, size);
    const rgba = ctx.getImageData(0, 0, size, size).data;
    const grey = new Uint8Array(size * size);
    for (let i = 0; i < grey.length; i++) grey[i] = rgba[i * 4];
    let text = '';
    for (let i = 0; i < grey.length; i += 8192) text += String.fromCharCode(...grey.subarray(i, i + 8192));
    return [size, btoa(text)];
}"""


def decode_qr(page, src: str) -> str:
    size, pixels = page.evaluate(RASTERISE, src)
    image = memoryview(base64.b64decode(pixels)).cast("B", (size, size))
    (found,) = zxingcpp.read_barcodes(image)
    return found.text


def add_translation(root: Path, language: str = "es") -> None:
    """A complete translation of the project at `root`, made mechanically: every text as in English
    with "[es] " before it, the required sections under the language's headings, each file recorded
    as up to date (`pathways translated`). Reading level is not what these tests test."""
    from ruamel.yaml import YAML

    from pathways import translate, words

    site, found = load_site(root)
    assert site is not None, found
    yaml = YAML()
    with open(root / "content" / "site.yaml", "a", encoding="utf-8") as f:
        f.write(f"translations:\n  {language}:\n    site_name: Sitio\n    site_description: Un sitio.\n"
                f"    emergency_service: sala de emergencias\n"
                f"    urgent_care: un centro de atención de urgencia\n")
    settings = root / "pyproject.toml"
    settings.write_text(settings.read_text().replace("max_grade = 8.0", "max_grade = 8.0\nmin_perspicuity = 1.0"))

    def marked(data):
        if isinstance(data, dict):
            return {k: marked(v) for k, v in data.items()}
        if isinstance(data, list):
            return [marked(v) for v in data]
        return f"[{language}] {data}"

    def write(rel: str, english: dict, source: str, body: str | None = None, english_body: str = "") -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        out = io.StringIO()
        text = marked(english)
        if "terms" in english:  # a glossary term must stay plain words: only its meaning is marked
            text = {"terms": {k: {"term": k, "meaning": v["meaning"]} for k, v in text["terms"].items()}}
        yaml.dump({"translates": source, "translation_reviewed_by": None, **text}, out)
        path.write_text(out.getvalue() if body is None else f"---\n{out.getvalue()}---\n{body}", encoding="utf-8")
        translate.record(path, english if body is None else {**english, "body": english_body})

    sections = {english: there for kind, names in words.catalogue("en")["sections"].items()
                for english, there in zip(names, words.catalogue(language)["sections"][kind])}
    for pathway in site.pathways:
        write(f"pathways/{language}/{pathway.id}.yaml", translate.pathway_text(pathway), site.sources[pathway.id])
    for page, meta in site.pages:
        if meta.audience == "patients":
            body = page.body
            for english, there in sections.items():
                body = body.replace(f"## {english}\n", f"## {there}\n")
            write(f"content/{language}/{page.rel}", translate.page_text(meta), page.rel, body, page.body)
    if site.warning_signs:
        write(f"content/{language}/warning-signs.yaml", translate.signs_text(site.warning_signs), "warning-signs.yaml")
    if site.glossary:
        write(f"content/{language}/glossary.yaml", translate.glossary_text(site.glossary), "glossary.yaml")


def front_matter(page: str) -> dict:
    """A generated page's front matter, as mkdocs reads it."""
    return yaml.safe_load(page.split("---\n")[1])
