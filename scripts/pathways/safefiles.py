"""Reading only regular files that are really inside the project.

A symbolic link under content/ would publish whatever it points at (`ln -s /proc/self/environ`
would put the build's environment, CI secrets included, on the web), a FIFO would make the
build wait for ever, and a folder named like a page cannot be read. So the project's folders
are listed without following links, and each file is opened without following a link,
without waiting, and checked to be a regular file before a byte is read. Every refusal is
a Problem naming the file.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .problems import Problem, Problems

# Files an author may mean as a page or a pathway; anything else with these names is reported.
PAGE_SUFFIXES = (".md", ".yaml", ".yml")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _not_regular(shown_as: str, mode: int) -> Problem:
    return Problem(shown_as, 0, 0, f"this is {_kind(mode)}, not a file the site can read: "
                                   "remove it, or put a real file with this name here")


def _link(shown_as: str) -> Problem:
    return Problem(shown_as, 0, 0, "this is a symbolic link; the site reads and publishes only files that are "
                                   "really in the project (a link could publish a file from elsewhere on this "
                                   "computer): copy the file here instead")


def read_bytes(path: Path, shown_as: str) -> bytes:
    """The bytes of the regular file `path`. Raises FileNotFoundError, or Problems for a
    symbolic link, a folder, a FIFO or device, or a file that cannot be read."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        if os.path.islink(path):  # a link to nothing, or a link to itself
            raise Problems([_link(shown_as)]) from None
        raise
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise Problems([_link(shown_as)]) from None
        raise Problems([Problem(shown_as, 0, 0, f"this file cannot be read ({err.strerror.lower()}): "
                                                "check that it exists and that you may read it")]) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise Problems([_not_regular(shown_as, mode)])
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as err:
        raise Problems([Problem(shown_as, 0, 0, f"this file cannot be read ({err.strerror.lower()})")]) from None
    finally:
        os.close(fd)


def list_files(folder: Path, shown, recursive: bool = True) -> tuple[list[Path], list[Problem]]:
    """The regular files under `folder` (sorted), and a problem for each symbolic link, FIFO,
    device, or folder named like a page or pathway. `shown(path)` is how a path is shown to authors."""
    files, problems = [], []
    if not folder.is_dir():
        return files, problems
    for here, dirs, names in os.walk(folder, followlinks=False):
        here_path = Path(here)
        for name in list(dirs):
            path = here_path / name
            if path.is_symlink():
                problems.append(_link(shown(path)))
                dirs.remove(name)
            elif name.endswith(PAGE_SUFFIXES):
                problems.append(Problem(shown(path), 0, 0, "this is a folder, but its name ends like a page's or a "
                                                           "pathway's: rename it, or move the file it should be here"))
        if not recursive:
            dirs.clear()
        dirs.sort()
        for name in names:
            path = here_path / name
            try:
                mode = path.lstat().st_mode
            except OSError:
                continue  # gone since the folder was listed
            if stat.S_ISLNK(mode):
                problems.append(_link(shown(path)))
            elif not stat.S_ISREG(mode):
                problems.append(_not_regular(shown(path), mode))
            else:
                files.append(path)
    return sorted(files), problems


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, with every link followed, is inside the folder `root`."""
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError, RuntimeError):
        return False
