"""The preparation sheet: one printable A4 PDF, in Chinese and English side by side, to lay on
the desk before the call: the slot in the reader's time and UTC (and every zone the platform
offers), what to bring, the readiness checklist with who ticked what and when, and the answers
that must match what the platform holds. The ID number is printed masked: it is read from the
original card on the day, never from paper left on a desk.

All text is set in the font embedded in every PDF the workbench draws (:mod:`reinstate.pdf_fonts`).

Example::

    data = preparation_sheet(wb, actor, verification_id, ZoneInfo("Asia/Shanghai"))
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..accounts.service import get_account
from ..auth.actor import Actor
from ..errors import N_
from ..i18n import gettext_for
from ..ids import mask_id_number
from ..labels import ACCOUNT_CHANGE_LABELS, VERIFICATION_STATE_LABELS
from ..pdf_fonts import font_for, word_wrap
from ..policies.schema import Text, VideoVerification
from ..storage.tables import AccountChange, SellerAccount
from ..workbench import Workbench
from . import service, views
from .practice import payment_changes

# what the reviewer asks, each with the profile field that holds the answer (seed 004)
ANSWERS = (
    ("seller_id", N_("Seller ID")),
    ("registered_email", N_("Registered email")),
    ("company_name", N_("Company name")),
    ("legal_representative", N_("Legal person's name")),
    ("legal_rep_id_number", N_("Legal person's ID number")),
    ("uscc", N_("Unified social credit code")),
    ("registered_address", N_("Registered address")),
    ("phone", N_("Phone")),
)
_ZH = gettext_for("zh_CN")


def both(message: str) -> str:
    """A message in Chinese, then in English."""
    chinese = _ZH(message)
    return message if chinese == message else f"{chinese} / {message}"


def _style(text: str, size: float = 9.5, bold: bool = False) -> ParagraphStyle:
    return ParagraphStyle(
        "p",
        fontName=font_for(text, bold=bold),
        fontSize=size,
        leading=size * 1.4,
        wordWrap=word_wrap(text),
    )


def _p(text: str, size: float = 9.5, bold: bool = False) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), _style(text, size, bold))


def _heading(message: str) -> list[Flowable]:
    return [Spacer(1, 3 * mm), _p(both(message), 12, bold=True), Spacer(1, 1.5 * mm)]


def _table(rows: list[list[str]], widths: list[float], header: bool = True) -> Table:
    table = Table([[_p(cell) for cell in row] for row in rows], colWidths=widths, repeatRows=1)
    style = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    if header:
        style.add("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee"))
    table.setStyle(style)
    return table


def _when(moment: datetime | None, zone: ZoneInfo) -> str:
    if moment is None:
        return "—"
    local = moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    utc = moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
    if zone.key in ("UTC", "Etc/UTC", "Etc/Universal", "Universal", "Zulu"):
        return f"{utc} UTC"  # the member's zone is UTC: said once, not twice
    return f"{local} ({zone.key})\n{utc} UTC"


def _slot(shown: views.VerificationView, zone: ZoneInfo) -> list[Flowable]:
    flow = _heading(N_("The call"))
    rows = [
        [both(N_("State")), both(VERIFICATION_STATE_LABELS[shown.state])],
        [both(N_("Slot")), _when(shown.slot_at, zone)],
    ]
    if shown.bookable:
        rows.append([both(N_("Book from")), _when(shown.book_from, zone)])
        rows.append([both(N_("Book until")), _when(shown.book_until, zone)])
    flow.append(_table(rows, [45 * mm, 121 * mm], header=False))
    if shown.slots:
        flow.append(Spacer(1, 2 * mm))
        flow.append(_p(both(N_("The slot in the platform's time zones"))))
        cells = [[s.zone, s.local[11:16]] for s in shown.slots]
        half = (len(cells) + 1) // 2
        rows = [
            a + (cells[half + i] if half + i < len(cells) else ["", ""])
            for i, a in enumerate(cells[:half])
        ]
        flow.append(_table(rows, [25 * mm, 58 * mm, 25 * mm, 58 * mm], header=False))
    return flow


def _texts(items: list[Text]) -> list[list[str]]:
    return [[str(n), item.zh, item.en] for n, item in enumerate(items, 1)]


def _bring(video: VideoVerification) -> list[Flowable]:
    flow = _heading(N_("What to bring"))
    flow.append(_table(_texts(video.bring), [8 * mm, 70 * mm, 88 * mm], header=False))
    flow += _heading(N_("The room and the call"))
    low, high = video.duration_minutes
    rules = [
        *video.setting,
        Text(
            zh=f"通话约 {low}–{high} 分钟，全程英语；证件对准镜头至少 {video.hold_id_seconds} 秒",
            en=f"The call takes {low}–{high} minutes, in English; hold the ID to the camera "
            f"for at least {video.hold_id_seconds} seconds",
        ),
    ]
    flow.append(_table(_texts(rules), [8 * mm, 70 * mm, 88 * mm], header=False))
    return flow


def _checklist(
    shown: views.VerificationView, zh: views.VerificationView, zone: ZoneInfo
) -> list[Flowable]:
    flow = _heading(N_("Readiness checklist"))
    rows = [["", "中文", "English", both(N_("Ticked by"))]]
    for en_item, zh_item in zip(shown.checklist, zh.checklist, strict=True):
        who = (
            f"{en_item.done_by}\n{_when(en_item.done_at, zone).splitlines()[0]}"
            if en_item.done
            else ""
        )
        rows.append(["[x]" if en_item.done else "[  ]", zh_item.label, en_item.label, who])
    flow.append(_table(rows, [9 * mm, 50 * mm, 59 * mm, 48 * mm]))
    return flow


def _answers(
    account: SellerAccount, changes: list[AccountChange], zone: ZoneInfo
) -> list[Flowable]:
    flow = _heading(N_("Answers that must match"))
    flow.append(
        _p(
            both(
                N_(
                    "Say exactly what the platform holds, character for character; "
                    "read the ID number from the original card."
                )
            )
        )
    )
    flow.append(Spacer(1, 1.5 * mm))
    rows = [[both(N_("Question")), both(N_("Answer"))]]
    for field, label in ANSWERS:
        value = getattr(account, field) or ""
        if field == "legal_rep_id_number":
            value = mask_id_number(value) or ""
        rows.append([both(label), value or both(N_("not in the profile: add it first"))])
    said = [
        f"{_when(c.occurred_at, zone).splitlines()[0]} "
        f"{both(ACCOUNT_CHANGE_LABELS[c.kind])} {c.detail}".strip()
        for c in changes
    ]
    rows.append([both(N_("Payment-account changes in the last 3 months")), "\n".join(said) or "—"])
    flow.append(_table(rows, [60 * mm, 106 * mm]))
    return flow


def render_sheet(
    shown: views.VerificationView,
    zh: views.VerificationView,
    account: SellerAccount,
    video: VideoVerification,
    zone: ZoneInfo,
    printed_at: datetime,
    changes: list[AccountChange],
) -> bytes:
    """The sheet's bytes: ``shown`` in English and ``zh`` in Chinese are the same verification."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"Video verification V{shown.id} preparation sheet",
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    title = f"{_ZH('Video verification preparation sheet')} V{shown.id}"
    flow: list[Flowable] = [
        _p(title, 15, bold=True),
        _p(f"Video verification preparation sheet · V{shown.id}", 13, bold=True),
        Spacer(1, 2 * mm),
        _p(
            " | ".join(
                t for t in (account.store_name, account.company_name, account.marketplace) if t
            )
        ),
        _p(both(N_("Printed at")) + ": " + _when(printed_at, zone).replace("\n", " | ")),
        *_slot(shown, zone),
        *_bring(video),
        *_checklist(shown, zh, zone),
        *_answers(account, changes, zone),
    ]
    document.build(flow)
    return buffer.getvalue()


def preparation_sheet(wb: Workbench, actor: Actor, verification_id: int, zone: ZoneInfo) -> bytes:
    row = service.get_verification(wb, actor, verification_id)
    account = get_account(wb, actor, row.account_id)
    video = service.video_rules(wb, row.platform)
    shown = views.shown(wb, actor, row, "en")
    zh = views.shown(wb, actor, row, "zh_CN")
    with wb.db.reading() as session:
        changes = payment_changes(session, actor, account.id, wb.clock.now())
    return render_sheet(shown, zh, account, video, zone, wb.clock.now(), changes)
