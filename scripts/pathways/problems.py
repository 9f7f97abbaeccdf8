"""A problem found in an author's file, reported as `file:line:col: message`."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Control characters (terminal escape sequences among them) from an author's file are shown as
# codes, so that an error message cannot rewrite or hide what the terminal shows.
# A line break becomes a space: one problem, one line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def visible(text: str) -> str:
    return _CONTROL.sub(lambda m: " " if m.group(0) in "\n\r\t" else f"\\x{ord(m.group(0)):02x}", text)


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int  # 1-based; 0 where no line applies (a folder, a link, a file that cannot be read)
    col: int  # 1-based
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        return visible(f"{where}: {self.message}")


class Problems(Exception):
    """Raised when a file cannot be used at all; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems
