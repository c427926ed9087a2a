"""The Rules pages: each platform's pack, written for a seller to read."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Request
from starlette.responses import Response

from ...errors import N_, InvalidInput, ReinstateError
from ...labels import COMPARATORS, LETTER_PART_LABELS, NEVER_ASKS_LABELS
from ...penalties import documents, shopee, taobao, tiktok
from ...penalties.ledger import seller_today
from ...policies.schema import ShopeePenalties, TaobaoPenalties, TikTokPenalties
from ...policies.views import uncertain_values
from ...validation import clean_date
from ..context import language, page_actor, render_error, workbench
from ..routing import Router
from ..templating import render

router = Router(include_in_schema=False)


@router.get("/rules")
def rules_index(request: Request) -> Response:
    page_actor(request)
    return render(
        request, "rules_index.html", {"packs": list(workbench(request).policies.values())}
    )


@router.get("/rules/{platform}")
def rules_page(request: Request, platform: str) -> Response:
    page_actor(request)
    pack = workbench(request).policies.get_pack(platform)
    uncertain = {u["path"]: u["note"] for u in uncertain_values(pack.model_dump(mode="json"))}
    context = {
        "pack": pack,
        "uncertain": uncertain,
        "letter_parts": LETTER_PART_LABELS,
        "comparators": COMPARATORS,
        "never_asks": NEVER_ASKS_LABELS,
    }
    return render(request, "rules.html", context)


def _whole(value: str, field: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise InvalidInput(N_("{field} must be a whole number."), field=field) from None


def _day(value: str, today: date) -> date:
    return clean_date(value, "as_of") if value else today


def _records(text: str) -> list[tiktok.Received]:
    lines = text.replace(",", "\n").splitlines()
    return [tiktok.parse_received(line) for line in lines if line.strip()]


def _simulate(request: Request, form: dict[str, str], today: date) -> dict[str, Any]:
    policies = workbench(request).policies
    kind = form.get("kind", "")
    if kind == "taobao":
        rules = policies.get_pack("taobao").penalties
        assert isinstance(rules, TaobaoPenalties)
        result = taobao.fake_transaction(
            rules.fake_transactions,
            offence=_whole(form.get("offence", ""), "offence"),
            orders=_whole(form.get("orders", ""), "orders"),
            serious=bool(form.get("serious")),
        )
        return {"taobao": result}
    if kind == "taobao_points":
        rules_p = policies.get_pack("taobao").penalties
        assert isinstance(rules_p, TaobaoPenalties)
        nodes = documents.point_nodes_document(
            rules_p,
            current=_whole(form.get("current", ""), "current"),
            add=_whole(form.get("add", ""), "add"),
            language=language(request),
        )
        return {"taobao_points": nodes}
    if kind == "shopee":
        rules_s = policies.get_pack("shopee").penalties
        assert isinstance(rules_s, ShopeePenalties)
        status = shopee.shopee_status(
            rules_s,
            points=_whole(form.get("points", ""), "points"),
            region=form.get("region"),
            as_of=_day(form.get("as_of", ""), today),
        )
        return {"shopee": status, "shopee_rules": rules_s}
    if kind == "tiktok":
        rules_t = policies.get_pack("tiktok_shop").penalties
        assert isinstance(rules_t, TikTokPenalties)
        day = _day(form.get("as_of", ""), today)
        status_t = tiktok.tiktok_status(
            rules_t, _records(form.get("records", "")), region=form.get("region"), as_of=day
        )
        return {"tiktok": status_t, "as_of": day}
    return {}


@router.get("/simulator")
def simulator(request: Request) -> Response:
    actor = page_actor(request)
    form = dict(request.query_params)
    try:  # "today" is the seller's calendar day, as the ledger counts it
        results = _simulate(request, form, seller_today(workbench(request), actor.org_id))
    except ReinstateError as exc:
        if exc.status != 422:
            raise
        context = {"form": form, "results": {}, "error": render_error(request, exc)}
        return render(request, "simulator.html", context, status=422)
    return render(request, "simulator.html", {"form": form, "results": results})
