"""Hostile files: decompression limits, active content found at any depth, and stripped.

Every PDF and image the product opens goes through :func:`limited` (pypdf's own per-stream
decompression limits, lowered) and :func:`open_image` (Pillow's pixel limit, checked from the
header before any pixel is decoded), so a 400 KB file cannot inflate into gigabytes.

Active content is found by visiting every indirect object the file's cross-reference tables
list, each scanned without following references: the cost is linear in the file and no nesting
(a page tree 40 levels deep) hides anything.

>>> import io
>>> from pypdf import PdfReader, PdfWriter
>>> buffer = io.BytesIO()
>>> writer = PdfWriter()
>>> _ = writer.add_blank_page(595, 842)
>>> _ = writer.write(buffer)
>>> has_active_content(PdfReader(io.BytesIO(buffer.getvalue())))
False
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pypdf import PageObject, PdfReader, PdfWriter, apply_configuration
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    StreamObject,
)

# Per stream, decompressed: far above any real evidence page, far below what hurts the server.
MAX_STREAM_BYTES = 40_000_000
MAX_IMAGE_PIXELS = 60_000_000  # a 10,000 x 6,000 scan; Pillow's own default is 89 million

ACTIVE_KEYS = frozenset(
    {"/JS", "/JavaScript", "/Launch", "/EmbeddedFiles", "/EmbeddedFile", "/RichMedia"}
)
# What a pack never carries: the keys above, plus actions that run on opening or on events.
STRIPPED_KEYS = ACTIVE_KEYS | {"/OpenAction", "/AA", "/EF"}
ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute"})


# The most one filter can multiply a stream's size by when decoding it: deflate's 1032:1, LZW's
# longest string for one 9-bit code (under 4096), run-length's 128 bytes from 2, ASCII85's "z" (4
# bytes from 1). Other filters (images' own) get no bound: their streams are always decoded.
_GROWTH = {
    "/FlateDecode": 1032,
    "/Fl": 1032,
    "/LZWDecode": 4096,
    "/LZW": 4096,
    "/RunLengthDecode": 64,
    "/RL": 64,
    "/ASCII85Decode": 4,
    "/A85": 4,
    "/ASCIIHexDecode": 1,
    "/AHx": 1,
}


class ImageTooLarge(ValueError):
    """The image header declares more pixels than :data:`MAX_IMAGE_PIXELS` (``pixels``, when
    known), or a multi-page image has too many pages."""

    def __init__(self, what: str, pixels: int | None = None) -> None:
        super().__init__(what)
        self.pixels = pixels


def quiet_pypdf() -> None:
    """Keep pypdf's own warnings about a damaged file ("EOF marker not found", "incorrect
    startxref pointer") out of what the user sees: the checks say what is wrong, in the user's
    language. Only the ``pypdf`` logger changes: a handler that drops its records, which then
    reach neither the root logger's handlers nor Python's last resort (stderr)."""
    logger = logging.getLogger("pypdf")
    if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
        logger.addHandler(logging.NullHandler())
    logger.propagate = False


@contextmanager
def limited() -> Iterator[None]:
    """pypdf's decompression limits, lowered to :data:`MAX_STREAM_BYTES`, and its warnings
    kept quiet (:func:`quiet_pypdf`), while inside."""
    quiet_pypdf()
    with apply_configuration(
        zlib_maximum_output_length=MAX_STREAM_BYTES,
        lzw_maximum_output_length=MAX_STREAM_BYTES,
        run_length_maximum_output_length=MAX_STREAM_BYTES,
        brotli_maximum_output_length=MAX_STREAM_BYTES,
        jbig2_maximum_output_length=MAX_STREAM_BYTES,
        array_based_stream_maximum_output_length=MAX_STREAM_BYTES,
        image_maximum_buffer_size=MAX_STREAM_BYTES,
        maximum_declared_stream_length=MAX_STREAM_BYTES,
        stream_decoding_work_maximum_length=4 * MAX_STREAM_BYTES,
    ):
        yield


def _growth(stream: StreamObject) -> float:
    filters = stream.get("/Filter")
    filters = filters.get_object() if filters is not None else ArrayObject()
    growth = 1.0
    for name in filters if isinstance(filters, ArrayObject) else [filters]:
        growth *= _GROWTH.get(str(name.get_object()), float("inf"))
    return growth


def _content_streams(page: PageObject) -> list[StreamObject]:
    contents = page.get("/Contents")
    resolved = contents.get_object() if contents is not None else None
    items = resolved if isinstance(resolved, ArrayObject) else [resolved]
    streams = [item.get_object() for item in items if item is not None]
    streams = [s for s in streams if not isinstance(s, NullObject)]
    if not all(isinstance(s, StreamObject) for s in streams):
        raise ValueError("page contents are not streams")
    return streams


def check_contents(page: PageObject) -> None:
    """Raise if the page's drawing is malformed or decodes past the limits (pypdf's
    ``LimitReachedError``). A stream too small to reach the limit whatever its filters do is not
    decoded: the pack copies it as it is, so decoding it would only cost time."""
    streams = _content_streams(page)
    bound = sum(len(s._data) * _growth(s) for s in streams)  # noqa: SLF001 - its raw bytes
    if bound > MAX_STREAM_BYTES:
        page.get_contents()  # decodes every stream, under the limits


def open_image(data: bytes) -> Any:
    """A fully decoded Pillow image; the pixel count is checked from the header first."""
    from PIL import Image

    try:
        # Pillow warns on stderr past 89 million pixels and refuses past twice that, before the
        # size can be asked: a 200-megapixel phone photo is too large here, never "damaged".
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            picture = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        found = re.search(r"\((\d+) pixels\)", str(exc))
        raise ImageTooLarge(str(exc), int(found.group(1)) if found else None) from exc
    width, height = picture.size
    if width * height > MAX_IMAGE_PIXELS:
        raise ImageTooLarge(f"{width} x {height} pixels", width * height)
    picture.load()
    return picture


MAX_IMAGE_FRAMES = 100  # pages of one multi-page TIFF; a scanner's batch, not a flood


def image_frames(data: bytes) -> list[Any]:
    """The pages of an image, each fully decoded under the pixel limit: every frame of a
    multi-page TIFF, the first of any other (an animated GIF or WebP is shown as it opens).

    >>> import io
    >>> from PIL import Image
    >>> out = io.BytesIO()
    >>> frames = [Image.new("L", (8, 8), shade) for shade in (0, 128, 255)]
    >>> frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:])
    >>> len(image_frames(out.getvalue()))
    3
    """
    picture = open_image(data)
    if picture.format != "TIFF" or getattr(picture, "n_frames", 1) == 1:
        return [picture]
    if picture.n_frames > MAX_IMAGE_FRAMES:
        raise ImageTooLarge(f"{picture.n_frames} pages")
    frames = []
    for number in range(picture.n_frames):
        picture.seek(number)
        width, height = picture.size
        if width * height > MAX_IMAGE_PIXELS:
            raise ImageTooLarge(f"{width} x {height} pixels", width * height)
        frames.append(picture.copy())
    return frames


_CONTAINERS = (DictionaryObject, ArrayObject)


def _is_active(node: DictionaryObject) -> bool:
    if not ACTIVE_KEYS.isdisjoint(node):
        return True
    return node.get("/S") in ACTIVE_ACTIONS or node.get("/Type") == "/EmbeddedFile"


def _direct_dicts(root: Any) -> Iterator[DictionaryObject]:
    """``root`` and every dictionary nested in it directly (references are not followed)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, DictionaryObject):
            yield node
            stack.extend(v for v in node.values() if isinstance(v, _CONTAINERS))
        elif isinstance(node, ArrayObject):
            stack.extend(v for v in node if isinstance(v, _CONTAINERS))


def _indirect_objects(reader: PdfReader) -> Iterator[Any]:
    listed = {(0, number) for number in reader.xref_objStm}
    for generation, numbers in reader.xref.items():
        listed.update((generation, number) for number in numbers)
    for generation, number in sorted(listed):
        yield reader.get_object(IndirectObject(number, generation, reader))


def has_active_content(reader: PdfReader) -> bool:
    """Whether any object of the file (reachable or not, at any depth) is active content."""
    return any(_is_active(node) for obj in _indirect_objects(reader) for node in _direct_dicts(obj))


def _neutralise(node: DictionaryObject) -> None:
    for key in STRIPPED_KEYS.intersection(node):
        del node[key]
    for key in ("/A", "/Next"):
        action = node.get(key)
        target = action.get_object() if action is not None else None
        if isinstance(target, DictionaryObject) and target.get("/S") in ACTIVE_ACTIONS:
            del node[key]
    if node.get("/S") in ACTIVE_ACTIONS:
        del node["/S"]
    if node.get("/Type") == "/EmbeddedFile":
        del node["/Type"]
        if isinstance(node, StreamObject):
            node.set_data(b"")


def strip_active_content(writer: PdfWriter) -> None:
    """Remove scripts, launch actions, open actions and attachments from what ``writer`` holds."""
    # Every object the writer will write, whether or not a page reaches it.
    for obj in list(writer._objects):  # noqa: SLF001 - pypdf has no public list of them
        for node in _direct_dicts(obj):
            _neutralise(node)
    names = writer.root_object.get("/Names")
    if isinstance(names, DictionaryObject):
        for key in ("/JavaScript", "/EmbeddedFiles"):
            names.pop(NameObject(key), None)
