"""pydantic's validation errors in a clinical editor's words, at the line and column to fix; and the
one rule every reviewed file shares (the next review after the last)."""

from __future__ import annotations

import difflib

from pydantic import BaseModel, ValidationError

from . import model
from .load import Document
from .problems import Problem

_TYPE_WORDS = {
    "string_type": "text", "bool_type": "true or false", "bool_parsing": "true or false",
    "list_type": "a list (lines starting with '- ')", "dict_type": "a set of fields",
    "model_type": "a set of fields", "date_type": "a date like 2026-11-15",
    "date_from_datetime_parsing": "a date like 2026-11-15", "date_parsing": "a date like 2026-11-15",
    "int_type": "a whole number", "int_parsing": "a whole number",
}


_KIND_CHOICE = ", ".join(list(model.KINDS)[:-1]) + " or " + list(model.KINDS)[-1]  # "question, info or outcome"


def _field_name(loc: tuple) -> str:
    names = [part for part in loc if isinstance(part, str) and part not in model.KINDS]
    return names[-1] if names else "this"


def _plain_error(err: dict, known_fields: set[str]) -> tuple[str, bool]:
    """The message for one pydantic error, and whether it points at a key (not a value)."""
    kind, loc, name = err["type"], err["loc"], _field_name(err["loc"])
    if kind == "missing":
        return f'"{name}" is missing: add it here', False
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(str(loc[-1]), known_fields, n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        return f'"{loc[-1]}" is not a field this can have{hint}', True
    if kind in _TYPE_WORDS:
        return f'"{name}" should be {_TYPE_WORDS[kind]}', False
    if kind in ("enum", "literal_error"):
        return f'"{name}" must be one of: {err["ctx"]["expected"]}', False
    if kind == "union_tag_invalid":
        return f'"kind" must be {_KIND_CHOICE}, not "{err["ctx"]["tag"]}"', False
    if kind == "union_tag_not_found":
        return f'this step needs a "kind": {_KIND_CHOICE}', False
    if kind == "value_error":
        return str(err["ctx"]["error"]), False
    return f'"{name}": {err["msg"]}', False


def _all_fields(model_cls: type[BaseModel]) -> set[str]:
    names = set(model_cls.model_fields)
    for sub in (*model.NODE_KINDS, model.Answer, model.FlowTest, model.OptionSummary):
        names |= set(sub.model_fields)
    return names


def parse_model(doc: Document, model_cls: type[BaseModel], loc: tuple = ()):
    """Validate `doc` (or the part at `loc`) against a model; returns (object or None, problems)."""
    data = doc.data
    for key in loc:
        data = data[key]
    try:
        return model_cls.model_validate(data), []
    except ValidationError as exc:
        known = _all_fields(model_cls)
        problems = []
        for err in exc.errors():
            message, at_key = _plain_error(err, known)
            problems.append(doc.problem(loc + tuple(err["loc"]), message, at_key=at_key))
        return None, problems


def review_dates(doc: Document, item: model.Reviewed) -> list[Problem]:
    if item.next_review <= item.last_reviewed:
        return [doc.problem(("next_review",),
                            f"next_review ({item.next_review}) must be after last_reviewed ({item.last_reviewed})")]
    return []
