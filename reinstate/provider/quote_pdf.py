"""A quote as an A4 PDF: one row per item, the total, the currency stated (set in the font
embedded in every PDF the workbench draws)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..i18n import Gettext
from ..pdf_fonts import font_for, word_wrap
from .views import QuoteView


def _paragraph(text: str, size: float = 10, bold: bool = False) -> Paragraph:
    style = ParagraphStyle(
        "quote",
        fontName=font_for(text, bold=bold),
        fontSize=size,
        leading=size * 1.4,
        wordWrap=word_wrap(text),
    )
    return Paragraph(escape(text), style)


def quote_pdf(quote: QuoteView, gettext: Gettext, heading: str) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=heading,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
    )
    rows: list[list[Paragraph]] = [
        [_paragraph(gettext("Item"), bold=True), _paragraph(quote.currency, bold=True)]
    ]
    rows += [[_paragraph(line.item), _paragraph(line.amount)] for line in quote.lines]
    rows.append([_paragraph(gettext("Total"), bold=True), _paragraph(quote.total, bold=True)])
    table = Table(rows, colWidths=[130 * mm, 40 * mm])
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    flow: list[Flowable] = [
        _paragraph(heading, size=15, bold=True),
        Spacer(1, 3 * mm),
        _paragraph(gettext("All amounts in {currency}.").format(currency=quote.currency)),
        Spacer(1, 5 * mm),
        table,
    ]
    document.build(flow)
    return buffer.getvalue()
