"""wrong_extension: the name says one type and the content is another (a PDF saved as .jpg).
The platform's upload form goes by the name: it shows such a file as a broken picture, and a
name with no extension at all is not offered for upload."""

from __future__ import annotations

from ...errors import N_
from ..document import TYPE_NAMES, Context, Document, Problem

# The extensions of the types the content is read as; any other extension says nothing.
EXTENSIONS = {
    "pdf": "pdf",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "jpe": "jpeg",
    "jfif": "jpeg",
    "png": "png",
    "webp": "webp",
    "heic": "heic",
    "heif": "heic",
    "gif": "gif",
    "tif": "tiff",
    "tiff": "tiff",
}
_RIGHT = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}


def check(doc: Document, ctx: Context) -> list[Problem]:
    base = doc.name.replace("\\", "/").rsplit("/", 1)[-1]
    extension = base.rsplit(".", 1)[-1].lower() if "." in base else ""
    named = EXTENSIONS.get(extension)
    if doc.kind not in {EXTENSIONS.get(f, f) for f in ctx.pack.files.formats}:
        return []  # a type the platform refuses: the format check says what it is
    right = _RIGHT.get(doc.kind, doc.kind)
    if not extension:  # an upload form's file picker does not even offer it
        return [
            Problem(
                "wrong_extension",
                N_("The name has no extension, and the file is a {what}."),
                N_("Rename it to end in .{right}: the platform goes by the name."),
                params={"what": TYPE_NAMES[doc.kind], "right": right},
            )
        ]
    if named is None or doc.kind == named:
        return []
    return [
        Problem(
            "wrong_extension",
            N_("The name ends in .{extension}, but the file is a {what}."),
            N_("Rename it to end in .{right}: the platform goes by the name."),
            params={"extension": extension, "what": TYPE_NAMES[doc.kind], "right": right},
        )
    ]
