"""Why pydantic refused a value, in words the reader's language has (pydantic's own are
English), by the kind of error: one table for the API's refusals and the command line's
(Typer reads option values with pydantic too).

>>> from reinstate.i18n import gettext_for
>>> reason({"type": "int_parsing", "msg": "Input should be a valid integer"}, gettext_for("en"))
'a whole number is expected'
>>> reason({"type": "less_than_equal", "ctx": {"le": 20}}, gettext_for("zh_CN")) != "at most 20"
True
"""

from __future__ import annotations

import errno
from collections.abc import Callable

from .errors import N_, Phrase

# why pydantic refused a value, in words the reader's language has (its own are English), by
# the kind of error; the numbers it reports (a length, a bound) are put in
REASONS = {
    **dict.fromkeys(
        ("int_parsing", "int_type", "int_from_float"), N_("a whole number is expected")
    ),
    **dict.fromkeys(
        ("float_parsing", "float_type", "decimal_parsing", "decimal_type", "finite_number"),
        N_("a number is expected"),
    ),
    **dict.fromkeys(("bool_parsing", "bool_type"), N_("true or false is expected")),
    **dict.fromkeys(
        ("datetime_parsing", "datetime_type", "datetime_from_date_parsing"),
        N_("a date and time such as 2026-11-18T08:00:00+08:00 is expected"),
    ),
    "timezone_aware": N_("the time needs its offset from UTC, such as +08:00"),
    **dict.fromkeys(
        ("date_parsing", "date_type", "date_from_datetime_parsing", "date_from_datetime_inexact"),
        N_("a date such as 2026-11-18 is expected"),
    ),
    "string_type": N_("text is expected"),
    "string_too_long": N_("at most {max_length} characters"),
    "string_too_short": N_("at least {min_length} characters"),
    "too_long": N_("at most {max_length} items"),
    "too_short": N_("at least {min_length} items"),
    "greater_than_equal": N_("at least {ge}"),
    "greater_than": N_("more than {gt}"),
    "less_than_equal": N_("at most {le}"),
    "less_than": N_("less than {lt}"),
    **dict.fromkeys(("literal_error", "enum"), N_("one of {expected}")),
    "list_type": N_("a list is expected"),
    **dict.fromkeys(
        ("dict_type", "model_type", "model_attributes_type"), N_("an object is expected")
    ),
}


def reason_phrase(error: dict[str, object]) -> Phrase | None:
    """Why a value was refused, as a phrase to translate, where the kind of error is known."""
    words = REASONS.get(str(error.get("type")))
    context = error.get("ctx")
    params = {k: v for k, v in context.items() if k != "error"} if isinstance(context, dict) else {}
    if words is None:
        return None
    try:
        return Phrase(words, **params)
    except (KeyError, IndexError):
        return None


def reason(error: dict[str, object], _: Callable[[str], str]) -> str:
    """Why a value was refused, in the reader's words where the kind of error is known."""
    found = reason_phrase(error)
    if found is None:
        return str(error.get("msg", "")).rstrip(".")
    try:
        return _(found.message).format(**found.params)
    except (KeyError, IndexError):
        return str(error.get("msg", "")).rstrip(".")


# why the file system refused to read or write a file, in words the reader's language has (the
# system's own, strerror, are English)
OS_REASONS = {
    errno.ENOENT: N_("no such file or folder"),
    errno.ENOTDIR: N_("a part of the path is a file, not a folder"),
    errno.EEXIST: N_("a part of the path is a file, not a folder"),
    errno.EISDIR: N_("it is a folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ENOSPC: N_("the disk is full"),
    errno.ENAMETOOLONG: N_("the name is too long"),
}


def os_reason(exc: OSError) -> Phrase | str:
    """Why the file system refused, as a phrase to translate; the system's words otherwise.

    >>> os_reason(IsADirectoryError(errno.EISDIR, "Is a directory")).message
    'it is a folder'
    """
    words = OS_REASONS.get(exc.errno or 0)
    return Phrase(words) if words else (exc.strerror or str(exc))
