"""The deliverables' PDF machinery (issue 19): A4 pages, each heading in Chinese and English,
the content as written, in the font embedded in every PDF the workbench draws
(:mod:`reinstate.pdf_fonts`).

Example::

    flow = Flow()
    flow.title("失败复盘 / Failure review")
    flow.heading("驳回原文", "The rejection's words")
    flow.items(["…"])
    data = flow.build("Failure review, case 7")
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from ..ids import mask_ids_in_text

if TYPE_CHECKING:
    from reportlab.platypus import Paragraph

NONE = "（无 / none）"


class Flow:
    """The paragraphs of one PDF, in order."""

    def __init__(self) -> None:
        self.flowables: list[Any] = []

    def para(self, text: str, size: float = 10, indent: float = 0) -> Paragraph:
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import Paragraph

        from ..pdf_fonts import font_for, word_wrap

        style = ParagraphStyle(
            "r",
            fontName=font_for(text),
            fontSize=size,
            leading=size * 1.45,
            leftIndent=indent,
            wordWrap=word_wrap(text),
        )
        # identity numbers a notice or a letter quotes are masked in what is handed over
        paragraph = Paragraph(
            escape(mask_ids_in_text(text, valid_only=True)).replace("\n", "<br/>"), style
        )
        self.flowables.append(paragraph)
        return paragraph

    def title(self, text: str) -> None:
        self.para(text, 16)

    def heading(self, zh: str, en: str, size: float = 12.5) -> None:
        from reportlab.lib.units import mm
        from reportlab.platypus import Spacer

        self.flowables.append(Spacer(1, 3 * mm))
        self.para(f"{zh} / {en}", size)

    def items(self, lines: list[str]) -> None:
        from reportlab.lib.units import mm

        for line in lines or [NONE]:
            self.para(f"- {line}" if line != NONE else line, indent=4 * mm)

    def build(self, title: str) -> bytes:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm
        from reportlab.platypus import SimpleDocTemplate

        buffer = io.BytesIO()
        SimpleDocTemplate(
            buffer,
            pagesize=A4,
            title=title,
            leftMargin=20 * mm,
            rightMargin=20 * mm,
            topMargin=18 * mm,
            bottomMargin=18 * mm,
        ).build(self.flowables)
        return buffer.getvalue()
