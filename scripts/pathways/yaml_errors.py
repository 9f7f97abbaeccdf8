"""YAML syntax errors in an author's words: what is wrong, where, and how to fix it.

The parser (libyaml, through ruamel.yaml) reports what it expected as a parser would ("while
scanning a simple key could not find expected ':'"), sometimes on the line after the mistake.
`explain` turns the common mistakes into a plain message at the line and column to fix:
tabs, a missing colon, a line indented too far or not far enough, text that needs quotes
(and why), and a quote or bracket that is never closed. Anything else keeps the parser's words.
"""

from __future__ import annotations

import re

from ruamel.yaml.error import MarkedYAMLError

# "  - title: Some text" -> indent "  - ", key "title", value "Some text"
_FIELD = re.compile(r"^(?P<indent>\s*(?:-\s+)*)(?P<key>[^\s:#'\"\[\]{}][^:#]*?):(?:\s+(?P<value>.*?))?\s*$")
# What a character at the start of a value means to YAML, for the characters that need quotes there.
_SPECIAL_START = {
    "[": "the start of a list", "{": "the start of a set of fields", "@": "a reserved character",
    "`": "a reserved character", "*": "a reference to another value (an alias)", "&": "a name for this value (an anchor)",
    "!": "a type tag", "%": "an instruction to the parser", "|": "the start of a block of text",
    ">": "the start of a folded block of text", "-": "a list item", "'": "a quote", '"': "a quote",
}
QUOTE_TIP = 'Inside double quotes, write a " as \\" and a backslash as \\\\.'


def explain(err: MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """(line, column, message), 1-based within `text`, for a YAML syntax error."""
    lines = text.splitlines() or [""]
    problem, context = err.problem or "", err.context or ""
    mark = err.problem_mark or err.context_mark
    line, col = (mark.line, mark.column) if mark else (0, 0)
    start = err.context_mark
    here = lines[line] if line < len(lines) else ""

    if "duplicate key" in f"{context} {problem}":
        return line + 1, col + 1, "a field or key appears twice in the same place; keep only one"
    tab = _first_tab(lines, line)
    if "tab" in problem or tab is not None and "cannot start any token" in problem:
        line = tab if tab is not None else line
        return line + 1, lines[line].index("\t") + 1 if "\t" in lines[line] else col + 1, (
            "this line has a tab: YAML lines are indented with spaces only; replace the tab with spaces")
    if "quoted scalar" in context and "end of stream" in problem and start:
        quote = lines[start.line][start.column]
        return start.line + 1, start.column + 1, (
            f"this {quote} starts a quoted text that is never closed: add a closing {quote} at the end of the text")
    if "quoted scalar" in context and "escape" in problem:
        return line + 1, col + 1, ("a backslash inside double quotes starts a special character: write it as \\\\, "
                                   "or use single quotes around the text")
    opened = _unclosed_quote(lines, line) if not context.startswith("while scanning a quoted") else None
    if opened:
        number, at, quote = opened
        return number + 1, at + 1, (f"this {quote} starts a quoted text that is never closed on its line: add a "
                                    f"closing {quote} at the end of the text")
    if "flow sequence" in context or "flow mapping" in context:
        opener, closer, what = ("[", "]", "list") if "sequence" in context else ("{", "}", "set of fields")
        at = start or mark
        if closer in lines[at.line][at.column:]:  # closed on its line, then more text: text that needs quotes
            return at.line + 1, at.column + 1, _needs_quotes(lines[at.line], at.column)
        return at.line + 1, at.column + 1, (f"this {opener} starts a {what} that is never closed: end it with "
                                            f"{closer} on the same line")
    # A value starting with a character YAML keeps for itself: [@key] ..., *stress*, `code`, @name, |, >
    field = _FIELD.match(here)
    if field and field.group("value") and field.group("value")[0] in _SPECIAL_START and (
            "cannot start any token" in problem or context.startswith(("while scanning an alias", "while scanning an anchor",
                                                                        "while scanning a block scalar"))
            or "constructor for the tag" in problem
            or ("expected key" in problem and field.group("value")[0] in "[{")):
        return line + 1, field.start("value") + 1, _needs_quotes(here, field.start("value"))
    if "block sequence entries are not allowed" in problem and field and field.group("value", ) and \
            field.group("value").startswith("- "):
        return line + 1, field.start("value") + 1, _needs_quotes(here, field.start("value"))
    if "mapping values are not allowed" in problem:
        if field and field.end("key") < col:  # a second ": " on a line that already has a field
            return line + 1, col + 1, _needs_quotes(here, field.start("value"), reason=(
                'this text has ": " (a colon and a space) in it, which YAML reads as the start of another field'))
        above = _line_above(lines, line)
        return line + 1, _indent(here) + 1, (
            "this line is indented more than the line above, so YAML reads it as more of the text above: "
            + _line_up(lines, above))
    if "could not find expected ':'" in problem and start:
        line = start.line
        here = lines[line]
        words = here.strip()
        if re.match(r"^[^\s:]+:\S", words.lstrip("- ")):
            name, rest = words.lstrip("- ").split(":", 1)
            return line + 1, here.index(":") + 1, f'put a space after the colon: "{name}: {rest}"'
        name, _, rest = words.lstrip("- ").partition(" ")
        example = f"{name}: {rest}" if rest else f"{name}: ..."
        return line + 1, start.column + 1, (f'this line has no ":" after its field name: write "{example}" '
                                            "(if it continues the text above, indent it further than that text's field)")
    if "expected '-' indicator" in problem and start:
        if here.lstrip().startswith("- "):
            return line + 1, _indent(here) + 1, (
                f'this "- " is indented {_indent(here)} spaces, but the list it belongs to (line {start.line + 1}) '
                f'uses {start.column}: line the "- " up with the one on line {start.line + 1}')
        if _indent(here) == start.column:
            return line + 1, col + 1, (
                f'this line is in the list that starts on line {start.line + 1} but does not start with "- ": '
                f'start a new item with "- ", or indent this line to line up with the fields of the item above')
        return line + 1, _indent(here) + 1, "this line's indentation does not match the lines above: " + _line_up(
            lines, _line_above(lines, line))
    if "expected key" in problem or "expected <block end>" in problem:
        before = here[:col]
        if before.rstrip().endswith(("'", '"')) and field and field.group("value", ) and \
                field.group("value")[0] in "'\"":
            quote = field.group("value")[0]
            return line + 1, col + 1, (f"there is more text after the closing {quote}: put all of the text inside the "
                                       f"quotes. {QUOTE_TIP}")
        if here.lstrip().startswith("- "):
            return line + 1, _indent(here) + 1, ('this list item ("- ") is not under a field: indent it under '
                                                 "the field it belongs to")
        return line + 1, _indent(here) + 1, "this line's indentation does not match the lines above: " + _line_up(
            lines, _line_above(lines, line))
    if "another document" in problem:
        return line + 1, col + 1, 'a line "---" splits this file in two: a pathway file has one part; remove the line'
    words = " ".join(part for part in (context, problem) if part)
    return line + 1, col + 1, f"this is not valid YAML: {words}"


def _needs_quotes(line: str, value_at: int, reason: str | None = None) -> str:
    """Advice to put a field's text in quotes, with the line as it should be."""
    field = _FIELD.match(line)
    value = line[value_at:].rstrip()
    if reason is None:
        meaning = _SPECIAL_START.get(value[:1], "something other than text")
        reason = f"text that starts with {value[:1]} must be in quotes: YAML reads {value[:1]} there as {meaning}"
    fixed = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    example = f'{field.group("key")}: {fixed}' if field else fixed
    return f"{reason}. Put the whole text in double quotes: {example}"


def _unclosed_quote(lines: list[str], line: int) -> tuple[int, int, str] | None:
    """A field above `line` whose quoted text is not closed on its own line but runs on to `line`
    (the first quote there closes it, and the parser fails just after): (line, column, quote)."""
    for number in range(line - 1, -1, -1):
        field = _FIELD.match(lines[number])
        value = field.group("value") if field else None
        if not value or value[0] not in "'\"" or (len(value) > 1 and value.endswith(value[0])):
            continue
        quote, at = value[0], field.start("value")
        rest = "\n".join([lines[number][at + 1:]] + lines[number + 1: line + 1])
        pattern = r'(?<!\\)"' if quote == '"' else r"'(?!')"
        closing = re.search(pattern, rest)
        if closing and rest[: closing.start()].count("\n") == line - number:
            return number, at, quote
        return None
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _first_tab(lines: list[str], upto: int) -> int | None:
    """The first line, up to `upto`, whose indentation has a tab."""
    for number in range(min(upto, len(lines) - 1) + 1):
        leading = lines[number][: len(lines[number]) - len(lines[number].lstrip(" \t"))]
        if "\t" in leading:
            return number
    return None


def _line_above(lines: list[str], line: int) -> int | None:
    for number in range(line - 1, -1, -1):
        if lines[number].strip() and not lines[number].lstrip().startswith("#"):
            return number
    return None


def _line_up(lines: list[str], above: int | None) -> str:
    if above is None:
        return "remove the spaces at its start"
    field = _FIELD.match(lines[above])
    spaces = len(field.group("indent")) if field else _indent(lines[above])
    name = f'"{field.group("key")}:" ' if field else ""
    return f"line it up with {name}on line {above + 1} ({spaces} spaces), or indent it further if it belongs under it"
