"""Read models of stored notices: the file's facts and the report kept when it was checked.

Example::

    shown = notice_view(wb, actor, notice_id)  # shown.verdict, shown.violations, shown.text
"""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field, field_validator

from ..auth.actor import Actor
from ..ids import mask_ids_in_text
from ..storage.tables import Notice
from ..views import Moment, View
from ..workbench import Workbench
from . import service


class SignalView(View):
    code: str
    detail: str = ""
    weight: str = ""  # strong, medium or weak against the notice; good for it
    message: str = ""  # the detail as a catalog message (reports checked from version 0.2 on)
    params: dict[str, str] = Field(default_factory=dict)  # its placeholders


class LinkView(View):
    text: str = ""
    href: str = ""
    host: str | None = None


class NoticeSummary(View):
    """A stored notice and its report (SPEC §6 ``notice check`` fields), without its text.
    Fields a later version of the report adds are passed through as they are."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)
    id: int
    account_id: int
    filename: str
    size: int
    sha256: str
    created_at: Moment
    verdict: str
    platform: str | None = None
    signals: list[SignalView] = []
    violations: list[str] = []
    reference_id: str | None = None
    deadline: str | None = Field(None, description="YYYY-MM-DD")
    skus: list[str] = []
    asins: list[str] = []
    order_ids: list[str] = []
    product_ids: list[str] = []  # AliExpress, Shopee, Temu and TikTok Shop listings
    deadline_source: str | None = None
    policy_sections: list[str] = []
    sender: str | None = Field(None, alias="from")
    subject: str | None = None
    date: str | None = None
    links: list[LinkView] = []
    attachments: list[Any] = []
    diagnosis: dict[str, Any] | None = None

    @classmethod
    def of(cls, notice: Notice) -> NoticeSummary:
        report = {k: v for k, v in notice.report.items() if k != "text"}
        return cls.model_validate({**report, **_stored(notice)})

    @field_validator("subject")
    @classmethod
    def _masked_subject(cls, value: str | None) -> str | None:
        # a notice kept before its report masked identity numbers shows them masked too
        return mask_ids_in_text(value, valid_only=True) if value else value


class NoticeView(NoticeSummary):
    text: str = ""

    @field_validator("text")
    @classmethod
    def _masked_text(cls, value: str) -> str:
        return mask_ids_in_text(value, valid_only=True)

    @classmethod
    def of(cls, notice: Notice) -> NoticeView:
        return cls.model_validate({**notice.report, **_stored(notice)})


class NoticeList(View):
    items: list[NoticeSummary]


def _stored(notice: Notice) -> dict[str, Any]:
    return {
        "id": notice.id,
        "account_id": notice.account_id,
        "filename": notice.filename,
        "size": notice.size,
        "sha256": notice.sha256,
        "created_at": notice.created_at,
    }


def notice_view(wb: Workbench, actor: Actor, notice_id: int) -> NoticeView:
    return NoticeView.of(service.get_notice(wb, actor, notice_id))


def notice_list(wb: Workbench, actor: Actor, *, account_id: int | None = None) -> NoticeList:
    found = service.list_notices(wb, actor, account_id=account_id)
    return NoticeList(items=[NoticeSummary.of(n) for n in found])
