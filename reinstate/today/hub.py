"""The account hub: one seller account on one page — what needs attention, its open cases,
its metrics at a glance and its video verifications (the page adds notices and penalties,
which have their own read models).

Example::

    shown = account_hub(wb, actor, account_id, "en")
    shown.status, [c.id for c in shown.open_cases]
"""

from __future__ import annotations

from ..auth.actor import Actor
from ..cases import service as cases
from ..cases.views import CaseSummary
from ..errors import N_
from ..metrics.history import account_metrics
from ..verification.views import VerificationView, verification_list
from ..views import View
from ..workbench import Workbench
from .service import today
from .views import TodayItem

HUB_STATUS_LABELS: dict[str, str] = {
    "action_needed": N_("Action needed"),
    "watch": N_("Keep an eye on it"),
    "clear": N_("Nothing to do now"),
}


class HubMetric(View):
    metric: str
    window_days: int
    rate: float | None
    target: float | None
    status: str  # good | at_risk | breach | no_data
    name: dict[str, str] | None = None  # the platform's own name for it: {"en": …, "zh": …}


class AccountHub(View):
    account_id: int
    status: str  # action_needed | watch | clear
    attention: list[TodayItem]
    open_cases: list[CaseSummary]
    metrics_as_of: str | None
    metrics: list[HubMetric]
    verifications: list[VerificationView]


def _status(items: list[TodayItem]) -> str:
    if any(i.severity == "high" for i in items):
        return "action_needed"
    return "watch" if items else "clear"


def account_hub(wb: Workbench, actor: Actor, account_id: int, language: str) -> AccountHub:
    """Everything about one account that changes from day to day."""
    attention = [i for s in today(wb, actor, account_id=account_id).sections for i in s.items]
    now, policies = wb.clock.now(), wb.policies
    open_cases = [
        CaseSummary.of(c, policies.get_pack(c.platform), now)
        for c in cases.list_cases(wb, actor, account_id=account_id, include_closed=False)
    ]
    found = account_metrics(wb, actor, account_id, days=1)
    return AccountHub(
        account_id=account_id,
        status=_status(attention),
        attention=attention,
        open_cases=open_cases,
        metrics_as_of=found["as_of"],
        metrics=[HubMetric.model_validate(card) for card in found["cards"]],
        verifications=verification_list(wb, actor, account_id, language).items,
    )
