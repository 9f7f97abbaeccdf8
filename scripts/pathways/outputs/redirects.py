"""Former addresses (aliases of pathways, steps and pages) and short links (/go/<name>/) as small static
redirect pages in the docs folder, which mkdocs copies as they are. Relative targets keep the
site working under any host or folder."""

from __future__ import annotations

from dataclasses import dataclass

from ..links import HTML, folder_of, moved_with_pathway, relative_url, url_of
from ..render import Generated


@dataclass(frozen=True)
class Redirect:
    source: str  # the former or short address, e.g. /go/esi/
    target: str  # where it leads now, e.g. /after-epidural-injection/
    title: str  # the target's title, for the visible link
    file: str  # the author's file that asks for it


def redirects(site) -> list[Redirect]:
    """Every former address (pathway, node and page aliases) and short link, with where it leads now."""
    found = []
    for pathway in site.pathways:
        file = site.sources[pathway.id]
        if pathway.short_link:
            found.append(Redirect(f"/go/{pathway.short_link}/", f"/{pathway.id}/", pathway.title, file))
        for node in pathway.nodes:
            target = f"/{pathway.id}/{node.id}/"
            found += [Redirect(f"/{pathway.id}/{alias}/", target, node.title, file) for alias in node.aliases]
            if node.short_link:
                found.append(Redirect(f"/go/{node.short_link}/", target, node.title, file))
        for former in pathway.aliases:  # a renamed pathway: every address under its old id
            found += [Redirect(f"/{former}/{old}", f"/{pathway.id}/{now}", title, file)
                      for old, now, title in moved_with_pathway(pathway)]
    for page, meta in site.pages:
        found += [Redirect(url_of(alias + ".md"), url_of(page.rel), meta.title, page.path) for alias in meta.aliases]
    return found


def emit(site, out):
    template = HTML.get_template("redirect.html.j2")
    for redirect in redirects(site):
        html = template.render(target=relative_url(redirect.target, redirect.source),
                               full=out.config.site_url + redirect.target,
                               title=redirect.title, site_name=out.config.site_name,
                               language=out.config.language, words=out.words)
        yield Generated(folder_of(redirect.source) + "index.html", html, redirect.file)
