"""edited (warning): the file was last saved by a picture editor (Photoshop, GIMP, 美图秀秀 …),
as its own metadata says. Seed 001 lists forged or altered material among the pitfalls that
fail an appeal: a licence or invoice that went through a photo editor reads as altered to a
reviewer, whatever was changed. A scanner, a camera or the issuer's own software says nothing."""

from __future__ import annotations

import re
from typing import Any

from ...errors import N_
from ..document import Context, Document, Problem

EDITORS = re.compile(
    r"photoshop|lightroom|\bgimp\b|pixelmator|affinity photo|paint\.net|picsart|snapseed|"
    r"meitu|美图|醒图|photopea|fotor|polarr",
    re.I,
)
_EXIF_SOFTWARE = 0x0131


def _pdf_tools(doc: Document) -> list[str]:
    reader = doc.pdf
    if isinstance(reader, Exception) or reader.is_encrypted:
        return []
    try:
        info = reader.metadata or {}
        return [str(info.get(key, "")) for key in ("/Producer", "/Creator")]
    except Exception:  # noqa: BLE001 - a broken info dictionary: the corrupt check speaks
        return []


def _image_tools(picture: Any) -> list[str]:
    tools = [str(picture.info.get(key, "")) for key in ("Software", "software")]
    try:
        tools.append(str(picture.getexif().get(_EXIF_SOFTWARE, "")))
    except Exception:  # noqa: BLE001 - broken EXIF says nothing
        pass
    xmp = picture.info.get("xmp") or picture.info.get("XML:com.adobe.xmp") or b""
    text = xmp.decode("utf-8", "replace") if isinstance(xmp, bytes) else str(xmp)
    tools += re.findall(r"CreatorTool(?:>|=\")([^<\"]*)", text)
    return tools


def check(doc: Document, ctx: Context) -> list[Problem]:
    if doc.kind == "pdf":
        tools = _pdf_tools(doc)
    elif doc.kind in ("jpeg", "png") and not isinstance(doc.image, Exception):
        tools = _image_tools(doc.image)
    else:
        return []
    editor = next((t.strip() for t in tools if EDITORS.search(t)), None)
    if editor is None:
        return []
    return [
        Problem(
            "edited",
            N_("The file was last saved by {tool}, a picture editor: it may be read as altered."),
            N_("Submit the original scan, photo or the issuer's own PDF instead."),
            severity="warning",
            params={"tool": editor[:80]},
        )
    ]
