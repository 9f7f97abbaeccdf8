"""The hand-written pages in content/, and the files beside them published as they are (images...)."""

from __future__ import annotations

from .. import safefiles
from ..render import Generated, Page


def emit(site, out):
    for page, meta in site.pages:
        # Codes go in the front matter only when listed, so pages without any are as before.
        front = meta.model_dump(mode="python", exclude=set() if meta.codes else {"codes"})
        if meta.audience == "authors":  # search is for readers: "numb" found the authors' guide first
            front["search"] = {"exclude": True}
        yield Page(page.rel, front, page.body, page.path)
    content = site.root / "content"
    for rel in site.assets:  # regular files only, as load_site listed them (safefiles)
        yield Generated(rel, safefiles.read_bytes(content / rel, f"content/{rel}"), f"content/{rel}")
