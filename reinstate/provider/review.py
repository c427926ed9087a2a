"""The failure review after a rejection (issue 19, seed 001: 失败复盘): the rejection's words (the
reason recorded with the ``rejected`` event, and the platform's reply kept on the account after
the submission), what was missing when the case was submitted (the checklist items not
provided, the linter's problems on the letter version that was submitted) and the plan for the
next attempt (attempts left, the pack's rules).

One review per rejection; the first of an engagement is free, each further one is chargeable
at the price list's ``services.failure_review`` line (when it has one), and each is recorded as a
``deliverable.review`` event. Only the team issues a review; a viewer or a client reads the one
issued for the latest rejection.

Example::

    content = review_content(wb, agent, case_id)
    Path("review.pdf").write_bytes(review_pdf(content))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from ..auth.actor import Actor
from ..cases.history import happened_at
from ..cases.service import get_case
from ..errors import N_, Conflict
from ..events import record
from ..storage.tables import Case, Engagement, Event, LetterVersion, Notice
from ..tenancy import scope
from ..workbench import Workbench
from .report import NOTICE_EXCERPT

REVIEW_EVENT = "deliverable.review"
NO_REPLY = "（账户上没有保存平台的回复 / no reply of the platform kept）"


@dataclass
class ReviewContent:
    case_id: int
    store: str
    platform_en: str
    platform_zh: str
    rejected_at: datetime
    attempt: int  # the attempt that was rejected
    note: str = ""  # the platform's reason, recorded with the rejection
    reply_subject: str = ""
    reply_text: str = ""
    missing_en: list[str] = field(default_factory=list)
    missing_zh: list[str] = field(default_factory=list)
    letter_version: int | None = None
    problems_en: list[str] = field(default_factory=list)
    problems_zh: list[str] = field(default_factory=list)
    plan_en: list[str] = field(default_factory=list)
    plan_zh: list[str] = field(default_factory=list)
    number: int = 1  # the review's number in the engagement
    engaged: bool = False  # the case has an accepted quote
    chargeable: bool = False
    amount: str | None = None
    currency: str = ""


def has_rejection(wb: Workbench, actor: Actor, case_id: int) -> bool:
    """The case page offers the review of the latest rejection: to the team once there is one
    (its first download issues it), to a client or a viewer once the team has issued it (the
    link would answer 409 before)."""
    get_case(wb, actor, case_id)
    with wb.db.reading() as session:
        rejected = _last_event(session, case_id, "case.rejected")
        if rejected is None or actor.can_change:
            return rejected is not None
        issued = session.scalars(
            select(Event).where(Event.case_id == case_id, Event.name == REVIEW_EVENT)
        )
        return any((e.after or {}).get("rejection_event") == rejected.id for e in issued)


def _last_event(session: Any, case_id: int, name: str, before: int | None = None) -> Event | None:
    query = select(Event).where(Event.case_id == case_id, Event.name == name)
    if before is not None:
        query = query.where(Event.id < before)
    found: Event | None = session.scalar(query.order_by(Event.id.desc()).limit(1))
    return found


def review_content(wb: Workbench, actor: Actor, case_id: int) -> ReviewContent:
    """The review of the case's latest rejection, issued now (and recorded) if it was not yet."""
    from ..accounts.service import get_account

    case = get_case(wb, actor, case_id)
    account = get_account(wb, actor, case.account_id)
    pack = wb.policies.get_pack(case.platform)
    with wb.db.reading() as session:
        rejected = _last_event(session, case_id, "case.rejected")
        if rejected is None:
            raise Conflict(
                N_("Case {id} has no rejection: a failure review follows a rejection."), id=case_id
            )
        submitted = _last_event(session, case_id, "case.submitted", before=rejected.id)
        since = submitted.created_at if submitted else case.created_at
        attempt = int((rejected.after or {}).get("attempts_used") or case.attempts_used)
        content = ReviewContent(
            case.id,
            account.store_name,
            pack.names.en,
            pack.names.zh,
            # when the platform rejected it (the moment given), not when it was recorded
            happened_at(rejected).astimezone(UTC),
            attempt,
            note=str((rejected.after or {}).get("note") or ""),
        )
        reply = session.scalar(
            scope(select(Notice), actor, Notice)
            .where(Notice.account_id == case.account_id, Notice.created_at >= since)
            .where(Notice.id != (case.notice_id or 0))
            .order_by(Notice.created_at.desc(), Notice.id.desc())
            .limit(1)
        )
        if reply is not None:
            content.reply_subject = reply.subject
            content.reply_text = str(reply.report.get("text") or "")[:NOTICE_EXCERPT]
        _missing(session, case, pack, since, content)
        letter = session.scalar(
            select(LetterVersion)
            .where(LetterVersion.case_id == case_id, LetterVersion.created_at <= since)
            .order_by(LetterVersion.version.desc())
            .limit(1)
        )
    if letter is not None:
        _problems(wb, actor, case_id, letter, content)
    _plan(case, pack, content)
    _charge(wb, actor, case, rejected, content)
    return content


def _missing(session: Any, case: Case, pack: Any, since: datetime, content: ReviewContent) -> None:
    """The materials not provided when the case was submitted (documents added before then)."""
    from ..evidence import service as evidence

    documents = [
        d for d in session.scalars(evidence.live_documents(case.id)) if d.created_at <= since
    ]
    letter = session.scalar(
        select(LetterVersion.version)
        .where(LetterVersion.case_id == case.id, LetterVersion.created_at <= since)
        .limit(1)
    )
    for item in evidence.build_checklist(case, pack, documents, letter):
        if item.status == "provided":
            continue
        mandatory_en = "required" if item.material.mandatory else "optional"
        mandatory_zh = "必需" if item.material.mandatory else "可选"
        content.missing_en.append(
            f"{item.material.name.en} ({mandatory_en}; valid when: {item.material.valid_when.en})"
        )
        content.missing_zh.append(
            f"{item.material.name.zh}（{mandatory_zh}；有效条件：{item.material.valid_when.zh}）"
        )


def _problems(
    wb: Workbench, actor: Actor, case_id: int, letter: LetterVersion, content: ReviewContent
) -> None:
    """The linter's problems on the letter version that was submitted, in both languages."""
    from ..i18n import gettext_for, render
    from ..letters.draft import Draft
    from ..letters.service import preview

    review = preview(wb, actor, case_id, Draft.model_validate(letter.draft), letter.language)
    content.letter_version = letter.version
    for language, lines in (("en", content.problems_en), ("zh_CN", content.problems_zh)):
        gettext = gettext_for(language)
        for finding in review.lint.findings:
            where = f" (line {finding.line})" if finding.line else ""
            if language != "en":
                where = f"（第 {finding.line} 行）" if finding.line else ""
            lines.append(render(gettext, finding.message, finding.params) + where)


def _plan(case: Case, pack: Any, content: ReviewContent) -> None:
    from ..cases.rules import attempts_left

    appeal = pack.appeal
    en, zh = content.plan_en, content.plan_zh
    if content.missing_en:
        en.append(f"Provide the {len(content.missing_en)} missing materials listed above.")
        zh.append(f"补齐上面列出的 {len(content.missing_zh)} 项缺失材料。")
    if content.problems_en:
        en.append(f"Fix the letter's {len(content.problems_en)} problems listed above.")
        zh.append(f"修正上面列出的信函的 {len(content.problems_zh)} 个问题。")
    left = attempts_left(pack, case.attempts_used, case.kind)
    limit = appeal.attempt_limit(case.kind)
    if left is None:
        en.append("The platform sets no limit on the number of attempts.")
        zh.append("平台未限制申诉次数。")
    elif left == 0:
        en.append(f"All {limit} attempts are used: the appeal entrance is closed.")
        zh.append(f"全部 {limit} 次申诉机会已用完，申诉入口已关闭。")
        if appeal.after_max_attempts:
            en.append(appeal.after_max_attempts.en)
            zh.append(appeal.after_max_attempts.zh)
    else:
        en.append(f"Attempts left: {left} of {limit}.")
        zh.append(f"剩余申诉次数：{left} / {limit}。")
        if left == 1:
            en.append("The next submission uses the last attempt: submit only when complete.")
            zh.append("下一次提交将用掉最后一次机会：材料齐全后再提交。")
    if case.resubmit_not_before is not None:
        day = f"{case.resubmit_not_before:%Y-%m-%d %H:%M} UTC"
        en.append(f"Resubmit no earlier than {day}.")
        zh.append(f"最早可再次提交时间：{day}。")
    for window in appeal.windows:
        if window.counted_from == "rejection":
            by = f"{content.rejected_at + timedelta(hours=window.hours):%Y-%m-%d %H:%M} UTC"
            en.append(f"{window.name.en}: within {window.hours} hours of the rejection, by {by}.")
            zh.append(f"{window.name.zh}：驳回后 {window.hours} 小时内，即 {by} 前。")
    if appeal.max_letter_chars:
        en.append(f"Keep the letter within {appeal.max_letter_chars} characters.")
        zh.append(f"信函不超过 {appeal.max_letter_chars} 个字符。")
    if appeal.review_working_days:
        low, high = appeal.review_working_days
        en.append(f"The platform reviews an appeal in {low}-{high} working days.")
        zh.append(f"平台审核通常需要 {low}-{high} 个工作日。")


def _charge(
    wb: Workbench, actor: Actor, case: Case, rejected: Event, content: ReviewContent
) -> None:
    """Number the review in the engagement; the team issues (records) it once per rejection."""
    from .service import price_list

    with wb.db.reading() as session:
        engagement = session.scalar(
            scope(select(Engagement), actor, Engagement).where(Engagement.case_id == case.id)
        )
        issued = list(
            session.scalars(
                select(Event)
                .where(Event.case_id == case.id, Event.name == REVIEW_EVENT)
                .order_by(Event.id)
            )
        )
    mine = [e for e in issued if (e.after or {}).get("rejection_event") == rejected.id]
    content.engaged = engagement is not None
    if mine:
        after = mine[0].after or {}
        content.number = int(after.get("number") or 1)
        content.chargeable = bool(after.get("chargeable"))
        content.amount, content.currency = after.get("amount"), str(after.get("currency") or "")
        return
    if not actor.can_change:
        raise Conflict(
            N_("The failure review of case {id}'s latest rejection is not issued yet."),
            id=case.id,
        )
    content.number = len(issued) + 1
    content.chargeable = engagement is not None and content.number > 1
    if content.chargeable:
        fee = price_list(wb, actor).prices.services.failure_review
        content.amount = None if fee is None else f"{fee:.2f}"
        content.currency = engagement.currency if engagement is not None else ""
    with wb.db.transaction() as session:
        record(
            session,
            actor,
            wb.clock,
            REVIEW_EVENT,
            account_id=case.account_id,
            case_id=case.id,
            subject=f"#{case.id}",
            after={
                "rejection_event": rejected.id,
                "number": content.number,
                "chargeable": content.chargeable,
                "amount": content.amount,
                "currency": content.currency,
            },
        )


def review_pdf(content: ReviewContent) -> bytes:
    """The review as an A4 PDF, each heading in Chinese and English."""
    from .pdf import NONE, Flow

    flow = Flow()
    flow.title("申诉失败复盘 / Failure review")
    flow.para(
        f"案件 / Case #{content.case_id} · {content.store} · "
        f"{content.platform_zh} / {content.platform_en}"
    )
    when = f"{content.rejected_at:%Y-%m-%d %H:%M} UTC"
    flow.para(f"第 {content.attempt} 次申诉于 {when} 被驳回。")
    flow.para(f"Attempt {content.attempt} was rejected on {when}.")
    flow.heading("驳回原文", "The rejection's words")
    if content.note:
        flow.para(f"驳回时记录的理由 / Recorded with the rejection: “{content.note}”")
    if content.reply_subject:
        flow.para(content.reply_subject)
    if content.reply_text or not content.note:
        flow.para(content.reply_text or NO_REPLY, 9)
    flow.heading("提交时缺少的材料", "Materials missing at the submission")
    flow.items(content.missing_zh)
    flow.items(content.missing_en)
    if content.letter_version is None:
        flow.heading("信函问题", "The letter's problems")
        flow.para("提交前没有保存信函版本 / No letter version was saved before the submission.")
    else:
        flow.heading(
            f"信函问题（第 {content.letter_version} 版）",
            f"The letter's problems (version {content.letter_version})",
        )
        flow.items(content.problems_zh)
        flow.items(content.problems_en)
    flow.heading("下一次申诉计划", "Plan for the next attempt")
    flow.items(content.plan_zh)
    flow.items(content.plan_en)
    flow.heading("费用", "Charge")
    if not content.engaged:
        flow.para("本案没有已接受的报价 / The case has no accepted quote.")
    elif not content.chargeable:
        flow.para(
            f"本服务的第 {content.number} 份复盘：免费 / Review {content.number} of the "
            "engagement: free"
        )
    else:
        price = f"{content.amount} {content.currency}" if content.amount else NONE
        flow.para(
            f"本服务的第 {content.number} 份复盘：收费 {price} / Review {content.number} of "
            f"the engagement: chargeable {price}"
        )
    return flow.build(f"Failure review, case {content.case_id}")
