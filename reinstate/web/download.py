"""The one place a download's ``Content-Disposition`` header is written (RFC 6266).

An HTTP header carries Latin-1 only, so a name such as ``蓝海家居_Counterfeit.pdf`` goes in
``filename*=UTF-8''…`` (RFC 5987 percent-encoding) beside an ASCII ``filename=`` fallback.

>>> attachment("蓝海_x.pdf")
'attachment; filename="___x.pdf"; filename*=UTF-8\\'\\'%E8%93%9D%E6%B5%B7_x.pdf'
"""

from __future__ import annotations

import re
from urllib.parse import quote

_UNSAFE = re.compile(r"[^A-Za-z0-9._\- ()\[\]+,]")


def attachment(name: str) -> str:
    fallback = _UNSAFE.sub("_", name) or "download"
    if fallback == name:
        return f'attachment; filename="{name}"'
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
