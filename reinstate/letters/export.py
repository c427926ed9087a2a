"""A letter as a file to send: plain UTF-8 text, or an A4 PDF with the text as written (set in
the font embedded in every PDF the workbench draws)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from ..pdf_fonts import font_for, word_wrap


def letter_text(text: str) -> bytes:
    return text.encode("utf-8")


def letter_pdf(text: str, title: str) -> bytes:
    """One paragraph per line; list lines hang-indented; empty lines become space."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
    )
    flow: list[Flowable] = []
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if not line.strip():
            flow.append(Spacer(1, 4 * mm))
            continue
        bullet = line.startswith("- ")
        style = ParagraphStyle(
            f"line{number}",
            fontName=font_for(line),
            fontSize=14 if number == 0 else 10.5,
            leading=20 if number == 0 else 15,
            leftIndent=5 * mm if bullet else 0,
            firstLineIndent=-3.5 * mm if bullet else 0,
            wordWrap=word_wrap(line),
        )
        flow.append(Paragraph(escape(line), style))
    document.build(flow)
    return buffer.getvalue()
