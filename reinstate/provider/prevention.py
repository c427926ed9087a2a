"""The prevention checklist after a reinstatement (issue 19, seed 001: 预防清单): for each of the
case's violations, the recurring checks that keep it from coming back, each with who does it
and how often: the seller's own prevention measures and root causes (the letter's answers),
the metric the platform judges the violation by (its target and window, from the pack), and
the materials the pack asks for on it (kept valid before they expire).

Example::

    content = prevention_content(wb, actor, case_id)
    Path("prevention.pdf").write_bytes(prevention_pdf(content))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from ..auth.actor import Actor
from ..cases.history import happened_at
from ..cases.service import get_case
from ..errors import N_, Conflict
from ..policies.schema import Material, Metric, Pack
from ..storage.tables import Event
from ..workbench import Workbench
from .report import violation_names

COMPARATORS = {"lt": "<", "le": "≤", "gt": ">", "ge": "≥"}


@dataclass
class Check:
    what_en: str
    what_zh: str
    who_en: str
    who_zh: str
    often_en: str
    often_zh: str

    def line(self, language: str) -> str:
        if language == "zh":
            return f"{self.what_zh} —— 负责人：{self.who_zh}；频率：{self.often_zh}"
        return f"{self.what_en} — who: {self.who_en}; how often: {self.often_en}"


@dataclass
class ViolationChecks:
    violation_en: str
    violation_zh: str
    causes: list[str] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)


@dataclass
class PreventionContent:
    case_id: int
    store: str
    platform_en: str
    platform_zh: str
    sections: list[ViolationChecks]
    # seed 001: the same problem coming back within the pack's days of the reinstatement limits
    # further appeals; the checks matter most until then (None: the pack sets no such days)
    recurrence_days: int | None = None
    watch_until: datetime | None = None


def _target(metric: Metric) -> tuple[str, str]:
    target, unit, sign = metric.target, metric.unit, COMPARATORS[metric.comparator]
    if unit == "rate":
        shown = f"{target * 100:.4g}%"
    elif unit == "hours":
        shown = f"{target:g} h"
    else:
        shown = f"{target:g}"
    return sign, shown


def _metric_check(pack: Pack, code: str) -> Check | None:
    from ..metrics.definitions import VIOLATION_METRICS

    metric = (pack.metrics or {}).get(VIOLATION_METRICS.get(code, ""))
    if metric is None:
        return None
    sign, shown = _target(metric)
    days = min(metric.windows)
    often_en, often_zh = ("daily", "每天") if days <= 7 else ("weekly", "每周")
    return Check(
        f"{metric.name.en}: keep it {sign} {shown} over {days} days; act when it nears the target",
        f"{metric.name.zh}：{days} 天内保持 {sign} {shown}，接近目标即处理",
        "store operations",
        "店铺运营",
        often_en,
        often_zh,
    )


def _material_check(material: Material) -> Check:
    name, valid, days = material.name, material.valid_when, material.max_age_days
    if days:
        often_en = f"every {max(1, days // 2)} days (valid {days} days)"
        often_zh = f"每 {max(1, days // 2)} 天（有效期 {days} 天）"
    else:
        often_en, often_zh = "quarterly", "每季度"
    return Check(
        f"{name.en} on file and valid: {valid.en}",
        f"{name.zh} 备齐且有效：{valid.zh}",
        "compliance lead",
        "合规负责人",
        often_en,
        often_zh,
    )


def prevention_content(wb: Workbench, actor: Actor, case_id: int) -> PreventionContent:
    from ..accounts.service import get_account
    from ..letters.service import draft_for_case

    case = get_case(wb, actor, case_id)
    if case.state != "reinstated":
        raise Conflict(
            N_("Case {id} is not reinstated: a prevention checklist follows a reinstatement."),
            id=case_id,
        )
    account = get_account(wb, actor, case.account_id)
    pack = wb.policies.get_pack(case.platform)
    answers = {a.violation: a for a in draft_for_case(wb, actor, case_id).answers}
    sections = []
    for code in case.violations:
        violation = pack.violation(code)
        section = ViolationChecks(*violation_names(pack, code))
        answer = answers.get(code)
        if answer is not None:
            section.causes = list(answer.root_causes)
            for measure in answer.prevention:
                who = measure.owner or "store owner"
                often = measure.frequency or "monthly"
                section.checks.append(
                    Check(
                        measure.text,
                        measure.text,
                        who,
                        measure.owner or "店铺负责人",
                        often,
                        measure.frequency or "每月",
                    )
                )
            for cause in answer.root_causes:
                section.checks.append(
                    Check(
                        f"Check that this cause has not come back: {cause}",
                        f"复查此原因是否再次出现：{cause}",
                        "store owner",
                        "店铺负责人",
                        "monthly",
                        "每月",
                    )
                )
        metric = _metric_check(pack, code)
        if metric is not None:
            section.checks.append(metric)
        for material_id in violation.materials if violation else []:
            material = pack.materials.get(material_id)
            if material is not None and not material.letter:
                section.checks.append(_material_check(material))
        sections.append(section)
    content = PreventionContent(case.id, account.store_name, pack.names.en, pack.names.zh, sections)
    days = pack.appeal.recurrence_limits_appeal_days
    if days:
        with wb.db.reading() as session:
            reinstated = session.scalar(
                select(Event)
                .where(Event.case_id == case.id, Event.name == "case.reinstated")
                .order_by(Event.id.desc())
                .limit(1)
            )
        if reinstated is not None:
            content.recurrence_days = days
            content.watch_until = happened_at(reinstated).astimezone(UTC) + timedelta(days=days)
    return content


def prevention_pdf(content: PreventionContent) -> bytes:
    """The checklist as an A4 PDF, each heading and check in Chinese and English."""
    from .pdf import Flow

    flow = Flow()
    flow.title("账户恢复后的预防清单 / Prevention checklist after the reinstatement")
    flow.para(
        f"案件 / Case #{content.case_id} · {content.store} · "
        f"{content.platform_zh} / {content.platform_en}"
    )
    if content.watch_until is not None:
        until = f"{content.watch_until:%Y-%m-%d %H:%M} UTC"
        days = content.recurrence_days
        flow.para(
            f"同类问题在恢复后 {days} 天内（{until} 前）复发，将限制再次申诉："
            "在此之前每周执行以下检查。"
        )
        flow.para(
            f"The same problem coming back within {days} days of the reinstatement (before "
            f"{until}) limits further appeals: run the checks below weekly until then."
        )
    for number, section in enumerate(content.sections, 1):
        flow.heading(
            f"违规项 {number}：{section.violation_zh}",
            f"Violation {number}: {section.violation_en}",
            13.5,
        )
        flow.heading("根本原因", "Root causes", 11)
        flow.items(section.causes)
        flow.heading("定期检查", "Recurring checks", 11)
        flow.items([f"□ {c.line('zh')}" for c in section.checks])
        flow.items([f"[ ] {c.line('en')}" for c in section.checks])
    return flow.build(f"Prevention checklist, case {content.case_id}")
