"""Check files against a platform's rules before the platform does.

>>> from datetime import date
>>> from reinstate.policies.loader import load_policies
>>> ctx = Context(load_policies()["joom"], date(2026, 11, 18), "Blue Ocean", "counterfeit")
>>> [p.code for p in check_file("licence.pdf", b"\\xff\\xd8\\xff\\xe0 not a pdf", ctx).problems]
['not_pdf', 'corrupt', 'bad_name']
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import N_
from .checks import CHECKS
from .checks.name import suggested_name
from .document import Context, Document, Problem
from .safety import limited


@dataclass
class FileReport:
    path: str
    problems: list[Problem]
    suggested_name: str | None

    @property
    def ok(self) -> bool:
        return all(p.severity != "error" for p in self.problems)


_EMPTY = Problem(
    "empty",
    N_("The file is empty."),
    N_("Export or scan it again from the original."),
)


def check_file(name: str, data: bytes, ctx: Context) -> FileReport:
    if not data:  # nothing to read a type, a page or a date from: that is all there is to say
        return FileReport(name, [_EMPTY], suggested_name(ctx, name))
    doc = Document(name, data)
    with limited():  # every stream the checks decode stays under the limits
        problems = [problem for check in CHECKS for problem in check(doc, ctx)]
    return FileReport(name, problems, suggested_name(ctx, name))


__all__ = ["Context", "FileReport", "check_file"]
