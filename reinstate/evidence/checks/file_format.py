"""not_pdf / unsupported_format: the type is read from the content, never from the name."""

from __future__ import annotations

from ...errors import N_
from ..document import TYPE_NAMES, Context, Document, Problem

_ALIASES = {"jpg": "jpeg", "jpeg": "jpeg", "png": "png", "pdf": "pdf"}


def check(doc: Document, ctx: Context) -> list[Problem]:
    accepted = {_ALIASES.get(f, f) for f in ctx.pack.files.formats}
    if doc.kind in accepted:
        return []
    what = TYPE_NAMES[doc.kind]
    if accepted == {"pdf"}:
        return [
            Problem(
                "not_pdf",
                N_("This file is a {what}, not a PDF (whatever its name)."),
                N_("Save or print it as a PDF before submitting."),
                params={"what": what},
            )
        ]
    return [
        Problem(
            "unsupported_format",
            N_("{platform} does not accept a {what}."),
            N_("Convert it to one of: {formats}."),
            params={
                "what": what,
                "platform": ctx.pack.names.en,
                "formats": ", ".join(ctx.pack.files.formats),
            },
        )
    ]
