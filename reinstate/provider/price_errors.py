"""Why a price list is refused, in words the reader's language has: the TOML reader's and
pydantic's own words are English, so a refusal names its place (line and dotted field) and its
reason as message ids with parameters, which the command line and the settings page render in
English or Chinese.

>>> refused = Refused(N_("{value} is not an amount"), value="'12,5'")
>>> why({"type": "value_error", "ctx": {"error": refused}}).message
'{value} is not an amount'
>>> why({"type": "extra_forbidden"}).message
'not a key a price list has'
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import N_, InvalidInput, Phrase
from ..reasons import os_reason, reason_phrase

# what pydantic's kinds of error mean for a price list, beyond the shared table
OWN_REASONS = {
    "extra_forbidden": N_("not a key a price list has"),
    "missing": N_("this is missing"),
}


class Refused(ValueError):
    """A value of the list refused by one of its checks: the reason as a message id, and where
    it is when the check sees the whole list rather than the value (``("tier", "gold")``)."""

    def __init__(self, message: str, loc: tuple[str, ...] = (), **params: Any) -> None:
        self.phrase = Phrase(message, **params)
        self.loc = loc
        super().__init__(str(self.phrase))


def why(problem: Any) -> Phrase:
    """The reason pydantic refused a value, as a phrase to translate."""
    error = (problem.get("ctx") or {}).get("error")
    if isinstance(error, Refused):
        return error.phrase
    kind = str(problem["type"])
    if kind in OWN_REASONS:
        return Phrase(OWN_REASONS[kind])
    known = reason_phrase(problem)
    return known or Phrase(N_("{value} is not valid here"), value=repr(problem.get("input")))


def where(problem: Any) -> tuple[str, ...]:
    """The dotted place of the refused value: the check's own when it names one."""
    error = (problem.get("ctx") or {}).get("error")
    if isinstance(error, Refused) and error.loc:
        return error.loc
    return tuple(str(p) for p in problem["loc"] if not str(p).startswith("function-"))


def not_toml(source: str, exc: Exception) -> InvalidInput:
    """The TOML reader's refusal: its line and column said in the reader's words, its
    description (English, from the standard library) kept after them."""
    text = str(exc)
    found = re.fullmatch(r"(.*?)\s*\(at line (\d+), column (\d+)\)", text, re.DOTALL)
    if found is None:
        return InvalidInput(
            N_("The price list {source} is not valid TOML: {problem}.")
            if source
            else N_("The price list is not valid TOML: {problem}."),
            field="price_list",
            source=source,
            problem=text,
        )
    return InvalidInput(
        N_("The price list {source} is not valid TOML at line {line}, column {column}: {problem}.")
        if source
        else N_("The price list is not valid TOML at line {line}, column {column}: {problem}."),
        field="price_list",
        source=source,
        line=int(found.group(2)),
        column=int(found.group(3)),
        problem=found.group(1).rstrip("."),
    )


def unreadable(source: str, exc: OSError) -> InvalidInput:
    """A price list file that cannot be opened: absent, a folder, not allowed."""
    if isinstance(exc, FileNotFoundError):
        return InvalidInput(N_("There is no file {path}."), field="price_list", path=source)
    if isinstance(exc, IsADirectoryError):
        return InvalidInput(N_("{path} is a folder, not a file."), field="price_list", path=source)
    if isinstance(exc, PermissionError):
        return InvalidInput(
            N_("The price list {source} cannot be read: permission denied."),
            field="price_list",
            source=source,
        )
    return InvalidInput(
        N_("The price list {source} cannot be read: {problem}."),
        field="price_list",
        source=source,
        problem=os_reason(exc),
    )
