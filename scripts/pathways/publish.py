"""One build at a time, and `site/` replaced in one atomic step.

`site` is a symbolic link to a complete build in `.site-versions/` beside it. A new build is
made in a folder of its own there; publishing it is one rename of a new link over `site`
(rename(2) replaces a link atomically), so whenever a build is killed, `site` is the old
complete site or the new one, never half of one and never missing. Each build first removes
what killed builds left in `.site-versions/`. A lock (flock on build/.lock, released by the
system when the process ends, however it ends) keeps a second build from writing the same
build/docs at the same time. See docs/adr/0002-atomic-publish.md.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import shutil
import tempfile
from pathlib import Path

VERSIONS = ".site-versions"
_LINK_PREFIX = ".link-"


class Busy(Exception):
    """Another build holds the lock."""


@contextlib.contextmanager
def build_lock(root: Path, wait: bool = False):
    """Hold build/.lock for the duration; raises Busy if another process has it (unless `wait`)."""
    path = root / "build" / ".lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip()
            raise Busy(f"another build is running in this project{f' (process {holder})' if holder else ''}: "
                       "wait for it to finish, then build again") from None
        lock.seek(0)
        lock.truncate()
        lock.write(f"{os.getpid()}\n")
        lock.flush()
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def new_version(site_dir: Path) -> Path:
    """An empty folder for the next build, beside the published ones."""
    versions = site_dir.parent / VERSIONS
    versions.mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{site_dir.name}-", dir=versions))
    folder.chmod(0o755)  # mkdtemp made it private; a web server must read it
    return folder


def current(site_dir: Path) -> Path | None:
    """The version `site_dir` points at, if it is one of ours."""
    if site_dir.is_symlink():
        return (site_dir.parent / os.readlink(site_dir)).resolve()
    return None


def clean_leftovers(site_dir: Path) -> None:
    """Remove every version but the published one (what killed or finished builds left)."""
    versions = site_dir.parent / VERSIONS
    keep = current(site_dir)
    if versions.is_dir():
        for entry in versions.iterdir():
            if entry.resolve() == keep or not entry.name.startswith((site_dir.name + "-", _LINK_PREFIX)):
                continue
            if entry.is_symlink() or entry.is_file():
                entry.unlink()
            else:
                shutil.rmtree(entry, ignore_errors=True)
    # Folders the swap of earlier versions of this program left when it was killed.
    for entry in site_dir.parent.glob(".site-[no][el][wd]-*"):
        shutil.rmtree(entry, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where unavailable."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def publish(version: Path, site_dir: Path) -> None:
    """Point `site_dir` at the complete build `version`, in one step, and drop the old version."""
    old = current(site_dir)
    link = version.parent / f"{_LINK_PREFIX}{os.getpid()}"
    link.unlink(missing_ok=True)
    link.symlink_to(os.path.relpath(version, site_dir.parent))
    if site_dir.is_dir() and not site_dir.is_symlink():
        # A site/ folder from before builds were versioned: swapped for the link in one step too.
        if not _exchange(link, site_dir):
            site_dir.rename(version.parent / f"{site_dir.name}-old-{os.getpid()}")
            link.rename(site_dir)
        else:
            shutil.rmtree(link)  # after the exchange, `link` names the old folder
    else:
        os.replace(link, site_dir)
    if old and old != version.resolve():
        shutil.rmtree(old, ignore_errors=True)
