"""What the benchmark shares with the tests (tests/support.py imports these for them): the small
fixture project, a copy of the real one, a local web server and Chromium's flags."""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import shutil
import socket
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


def small_project(root: Path, dest: Path) -> Path:
    """A small project in `dest` (also the tests' fixture project): the real mkdocs.yml, theme and
    bibliography, the tests' hand-written pages and the example pathway, which stay the same
    while authors edit content/."""
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy(root / name, dest / name)
    shutil.copytree(root / "theme", dest / "theme")
    shutil.copytree(root / "tests" / "fixtures" / "content", dest / "content")
    shutil.copy(root / "content" / "bibliography.yaml", dest / "content" / "bibliography.yaml")
    (dest / "pathways").mkdir()
    shutil.copy(root / "examples" / "example.yaml", dest / "pathways" / "example.yaml")
    return dest


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the bench's output readable
        pass


COMPRESSED = {"text/html", "text/css", "text/javascript", "application/javascript", "application/json",
              "image/svg+xml", "application/xml", "text/xml"}


class _CompressingHandler(_QuietHandler):
    """Text sent gzip-compressed to a browser that accepts it, as static hosts serve it (GitHub
    Pages, Netlify, Cloudflare, nginx's gzip): what Lighthouse measures, a reader gets."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):  # else the redirect to the folder/
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if not path.is_file() or kind not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(folder: Path, compress: bool = False) -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve `folder` over HTTP on a free loopback port: (base URL, server to shut down); `compress`:
    as a static host does (_CompressingHandler)."""
    handler = functools.partial(_CompressingHandler if compress else _QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


def copy_real_project(root: Path, dest: Path) -> Path:
    """The real project's sources in `dest`, so nothing here touches the real build/ or site/."""
    shutil.copytree(root, dest, dirs_exist_ok=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "site", ".site-*", ".cache", "bench", "bench-results", "__pycache__",
        ".pytest_cache"))
    return dest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
