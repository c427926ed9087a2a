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

from dataclasses import dataclass, field

from ..auth.actor import Actor
from ..cases.service import get_case
from ..i18n import gettext_for
from ..labels import VIOLATION_LABELS
from ..policies.schema import Pack
from ..workbench import Workbench

NOTICE_EXCERPT = 1500  # characters of the notice's text quoted in the report


def violation_names(pack: Pack, code: str) -> tuple[str, str]:
    """A violation's English and Chinese names: the platform's own, else the taxonomy's (a
    case may hold a code its platform's pack does not list, such as 'other' on Amazon)."""
    violation = pack.violation(code)
    if violation is not None:
        return violation.name.en, violation.name.zh
    label = VIOLATION_LABELS.get(code, code)
    return gettext_for("en")(label), gettext_for("zh_CN")(label)


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
        answer = answers.get(code)
        section = Section(
            *violation_names(pack, code),
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


def report_pdf(content: ReportContent) -> bytes:
    """The report as an A4 PDF: each heading in Chinese and English, the content as written."""
    from .pdf import NONE, Flow

    flow = Flow()
    flow.title("申诉根因分析报告 / Root-cause analysis report")
    flow.para(
        f"案件 / Case #{content.case_id} · {content.store} · "
        f"{content.platform_zh} / {content.platform_en}"
    )
    flow.heading("平台通知原文", "The notice's words")
    if content.notice_subject or content.notice_reference:
        flow.para(f"{content.notice_subject}  {content.notice_reference}".strip())
    flow.para(content.notice_text or NONE, 9)
    for number, section in enumerate(content.sections, 1):
        flow.heading(
            f"违规项 {number}：{section.violation_zh}",
            f"Violation {number}: {section.violation_en}",
            13.5,
        )
        if section.quote:
            flow.para(f"“{section.quote}”", 9)
        flow.heading("指标事实与分解", "Metric facts and breakdowns", 11)
        flow.items(section.facts_zh)
        flow.items(section.facts_en)
        flow.heading("根本原因", "Root causes", 11)
        flow.items(section.causes)
        flow.heading("已采取的整改措施", "Fixes made", 11)
        flow.items(section.actions)
        flow.heading("预防措施", "Prevention", 11)
        flow.items(section.prevention)
    flow.heading("证据附件", "Exhibits")
    flow.items(content.exhibits)
    return flow.build(f"Root-cause analysis report, case {content.case_id}")
