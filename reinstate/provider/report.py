"""The root-cause analysis report of a case (seed 001: 《申诉根因分析报告》), in Chinese and
English: the notice's words, the metric facts and breakdowns from the account's orders, the root
causes, the fixes and the prevention (the seller's answers in the latest letter, or the prefilled
draft), and the exhibits of the latest evidence pack.

Nothing is invented: a section the case has nothing for says so.

Example::

    content = report_content(wb, actor, case_id)
    Path("report.pdf").write_bytes(report_pdf(content))
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from ..auth.actor import Actor
from ..cases.service import get_case
from ..workbench import Workbench

NOTICE_EXCERPT = 1500  # characters of the notice's text quoted in the report


@dataclass
class Section:
    violation_en: str
    violation_zh: str
    facts_en: list[str] = field(default_factory=list)
    facts_zh: list[str] = field(default_factory=list)
    quote: str = ""
    causes: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    prevention: list[str] = field(default_factory=list)


@dataclass
class ReportContent:
    case_id: int
    store: str
    platform_en: str
    platform_zh: str
    notice_subject: str
    notice_reference: str
    notice_text: str
    sections: list[Section]
    exhibits: list[str]


def report_content(wb: Workbench, actor: Actor, case_id: int) -> ReportContent:
    from ..accounts.service import get_account
    from ..evidence.service import latest_pack
    from ..letters.service import draft_for_case
    from ..metrics.rootcause import root_cause_facts
    from ..notices.service import get_notice

    case = get_case(wb, actor, case_id)
    account = get_account(wb, actor, case.account_id)
    pack = wb.policies.get_pack(case.platform)
    subject = reference = text = ""
    if case.notice_id is not None:
        notice = get_notice(wb, actor, case.notice_id)
        subject = notice.subject
        reference = notice.reference_id or ""
        text = str(notice.report.get("text") or "")[:NOTICE_EXCERPT]
    draft = draft_for_case(wb, actor, case_id)
    answers = {answer.violation: answer for answer in draft.answers}
    sections = []
    for code in case.violations:
        violation = pack.violation(code)
        answer = answers.get(code)
        section = Section(
            violation.name.en if violation else code,
            violation.name.zh if violation else code,
            root_cause_facts(wb, actor, case.account_id, code, "en"),
            root_cause_facts(wb, actor, case.account_id, code, "zh"),
        )
        if answer is not None:
            section.quote = answer.quote
            section.causes = list(answer.root_causes)
            section.actions = [
                f"{a.done_on.isoformat()}: {a.text}" if a.done_on else a.text
                for a in answer.actions
            ]
            section.prevention = [
                " · ".join(part for part in (m.text, m.owner, m.frequency) if part)
                for m in answer.prevention
            ]
        sections.append(section)
    built = latest_pack(wb, actor, case_id)
    exhibits = [
        f"{e['exhibit']}: {e.get('file', '')} (p. {e['first_page']}-{e['last_page']})"
        for e in (built or {}).get("exhibits", [])
    ]
    return ReportContent(
        case.id,
        account.store_name,
        pack.names.en,
        pack.names.zh,
        subject,
        reference,
        text,
        sections,
        exhibits,
    )


NONE = "（无 / none）"


def report_pdf(content: ReportContent) -> bytes:
    """The report as an A4 PDF: each heading in Chinese and English, the content as written."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

    from ..evidence.pack import font_for

    def para(text: str, size: float = 10, indent: float = 0) -> Paragraph:
        font = font_for(text)
        style = ParagraphStyle(
            "r",
            fontName=font,
            fontSize=size,
            leading=size * 1.45,
            leftIndent=indent,
            wordWrap=None if font.startswith("Helvetica") else "CJK",
        )
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    flow: list[Flowable] = []

    def heading(zh: str, en: str, size: float = 12.5) -> None:
        flow.append(Spacer(1, 3 * mm))
        flow.append(para(f"{zh} / {en}", size))

    def items(lines: list[str]) -> None:
        for line in lines or [NONE]:
            flow.append(para(f"- {line}" if line != NONE else line, indent=4 * mm))

    flow.append(para("申诉根因分析报告 / Root-cause analysis report", 16))
    flow.append(
        para(
            f"案件 / Case #{content.case_id} · {content.store} · "
            f"{content.platform_zh} / {content.platform_en}"
        )
    )
    heading("平台通知原文", "The notice's words")
    if content.notice_subject or content.notice_reference:
        flow.append(para(f"{content.notice_subject}  {content.notice_reference}".strip()))
    flow.append(para(content.notice_text or NONE, 9))
    for number, section in enumerate(content.sections, 1):
        heading(
            f"违规项 {number}：{section.violation_zh}",
            f"Violation {number}: {section.violation_en}",
            13.5,
        )
        if section.quote:
            flow.append(para(f"“{section.quote}”", 9))
        heading("指标事实与分解", "Metric facts and breakdowns", 11)
        items(section.facts_zh)
        items(section.facts_en)
        heading("根本原因", "Root causes", 11)
        items(section.causes)
        heading("已采取的整改措施", "Fixes made", 11)
        items(section.actions)
        heading("预防措施", "Prevention", 11)
        items(section.prevention)
    heading("证据附件", "Exhibits")
    items(content.exhibits)
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"Root-cause analysis report, case {content.case_id}",
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    ).build(flow)
    return buffer.getvalue()
