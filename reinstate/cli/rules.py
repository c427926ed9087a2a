"""Rule commands, which read only the platform packs: ``policy`` and ``penalty``.

They need no database and no sign-in (SPEC §6).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import typer

from ..errors import N_, InvalidInput
from ..penalties import shopee, taobao, tiktok
from ..policies.loader import PLATFORMS_DIR, Policies, check_policies, load_policies
from ..policies.schema import ShopeePenalties, TaobaoPenalties, TikTokPenalties
from ..policies.views import pack_document, pack_summary
from .common import JsonFlag, cli_settings, emit, parse_date, sub_app

policy_app = sub_app("policy", "Platform rules: list, show and check the policy packs.")
penalty_app = sub_app("penalty", "Penalty simulators driven by the platform packs.")

AsOf = Annotated[str | None, typer.Option("--as-of", help="Day to compute for (YYYY-MM-DD).")]
Region = Annotated[str | None, typer.Option("--region", help="Marketplace region, e.g. PH.")]


def _policies() -> Policies:
    return load_policies(PLATFORMS_DIR, cli_settings().policy_overrides)


def _language() -> str:
    return cli_settings().language


def _as_of(value: str | None) -> Any:
    return parse_date(value, "as_of") if value else datetime.now(UTC).date()


@policy_app.command("list")
def policy_list(as_json: JsonFlag = False) -> None:
    """List the platforms and what their packs cover."""
    packs = _policies()
    rows = [pack_summary(pack) for pack in packs.values()]
    lines = [f"{'PLATFORM':<12} {'NAME':<14} {'PENALTIES':<9} VIOLATIONS"]
    lines += [
        f"{r['platform']:<12} {packs[r['platform']].names.get(_language()):<14} "
        f"{r['penalty_system'] or '-':<9} {len(r['violations'])}"
        for r in rows
    ]
    emit(as_json, rows, "\n".join(lines))


@policy_app.command("show")
def policy_show(platform: str, as_json: JsonFlag = False) -> None:
    """Show one platform's rules."""
    pack = _policies().get_pack(platform)
    document = pack_document(pack)
    emit(as_json, document, _describe(document, _language()))


def _describe(doc: dict[str, Any], language: str) -> str:
    appeal, files = doc["appeal"], doc["files"]
    lines = [
        f"{doc['names']['zh' if language == 'zh_CN' else 'en']} ({doc['platform']})",
        f"  official senders: {', '.join(doc['senders'])}",
        f"  official hosts:   {', '.join(doc['hosts'])}",
        f"  appeal: within {appeal['submission_days'] or '-'} days, "
        f"at most {appeal['max_attempts'] or '-'} attempts, "
        f"{appeal['min_resubmit_hours']} h between a rejection and the next submission, "
        f"review {appeal['review_working_days'] or '-'} working days ({appeal['calendar']}), "
        f"letter in {appeal['language']}",
        f"  files: {', '.join(files['formats'])}, at most {_mb(files['max_mb'])} MB, "
        f"name {files['name_pattern'] or '-'}, "
        f"encrypted {'allowed' if files['encrypted_allowed'] else 'refused'}",
    ]
    lines += [
        f"  metric {m['code']}: {m['comparator']} {m['target']} over {m['windows']} days"
        for m in doc["metrics"]
    ]
    lines += [f"  violation {v['code']}: {v['name']['en']}" for v in doc["violations"]]
    lines += [f"  uncertain {u['path']}: {u['note']}" for u in doc["uncertain"]]
    return "\n".join(lines)


def _mb(value: float | None) -> str:
    return f"{value:g}" if value else "-"


@policy_app.command("check")
def policy_check(as_json: JsonFlag = False) -> None:
    """Validate every platform pack; exit 1 with each problem when one is wrong."""
    problems = check_policies(PLATFORMS_DIR, cli_settings().policy_overrides)
    if problems:
        for problem in problems:
            typer.echo(str(problem), err=True)
        raise typer.Exit(1)
    count = len(_policies())
    emit(as_json, {"ok": True, "packs": count}, f"{count} platform packs are valid.")


def _penalties(platform: str, kind: type) -> Any:
    rules = _policies().get_pack(platform).penalties
    if not isinstance(rules, kind):
        raise InvalidInput(N_("The {platform} pack has no penalty points."), platform=platform)
    return rules


@penalty_app.command("taobao-fake-transaction")
def taobao_fake_transaction(
    orders: Annotated[int, typer.Option(help="Number of offending orders.")],
    offence: Annotated[
        int | None, typer.Option(help="Which offence this year: 1 for the first.")
    ] = None,
    account: Annotated[
        int | None,
        typer.Option("--account", help="A Taobao seller account: its ledger counts the offence."),
    ] = None,
    serious: Annotated[bool, typer.Option("--serious", help="A serious violation.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Taobao's fake-transaction penalty for the n-th offence of the year (given, or the next
    one after those the account's ledger holds this year)."""
    rules: TaobaoPenalties = _penalties("taobao", TaobaoPenalties)
    if offence is None and account is None:
        raise InvalidInput(
            N_("Give --offence, or --account to count the offences from its ledger."),
            field="offence",
        )
    if offence is None:
        from .penalties import next_offence  # needs the database: only when asked

        offence = next_offence(account or 0, rules)
    result = taobao.fake_transaction(
        rules.fake_transactions, offence=offence, orders=orders, serious=serious
    )
    document = {
        "points": result.points,
        "shop_shield_days": result.shop_shield_days,
        "promotion_restricted": result.promotion_restricted,
        "remove_order_credit": result.remove_order_credit,
        "appealable": result.appealable,
        "permanent_freeze_after_days": result.permanent_freeze_after_days,
    }
    if account is not None:  # which offence the ledger made it
        document["offence"] = offence
    emit(as_json, document, "\n".join(f"{k}: {v}" for k, v in document.items()))


@penalty_app.command("taobao-points")
def taobao_points(
    current: Annotated[int, typer.Option(help="Serious-violation points already this year.")],
    add: Annotated[int, typer.Option(help="Points of the new deduction.")],
    as_json: JsonFlag = False,
) -> None:
    """Which point node a new deduction reaches (only the heaviest one applies)."""
    rules: TaobaoPenalties = _penalties("taobao", TaobaoPenalties)
    crossed = taobao.crossed_nodes(rules.point_nodes, before=current, added=add)
    node = taobao.heaviest_node(rules.point_nodes, before=current, added=add)
    language = _language()
    document = {
        "points": current + add,
        "crossed": [n.points for n in crossed],
        "node": node.points if node else None,
        "consequence": node.consequence.get(language) if node else None,
        "shop_shield_days": node.shop_shield_days if node else None,
        "shop_closed_days": node.shop_closed_days if node else None,
        "account_sealed": node.account_sealed if node else False,
    }
    emit(as_json, document, "\n".join(f"{k}: {v}" for k, v in document.items()))


@penalty_app.command("shopee")
def penalty_shopee(
    points: Annotated[int, typer.Option(help="Penalty points this quarter.")],
    region: Region = None,
    as_of: AsOf = None,
    as_json: JsonFlag = False,
) -> None:
    """Shopee's penalty tier for a number of points, and when points next reset."""
    rules: ShopeePenalties = _penalties("shopee", ShopeePenalties)
    status = shopee.shopee_status(rules, points=points, region=region, as_of=_as_of(as_of))
    document = {
        "tier": status.tier,
        "restrictions": status.restrictions,
        "penalty_days": status.penalty_days,
        "next_reset": status.next_reset.isoformat(),
    }
    emit(as_json, document, "\n".join(f"{k}: {v}" for k, v in document.items()))


@penalty_app.command("tiktok")
def penalty_tiktok(
    points: Annotated[
        list[str] | None,
        typer.Option("--points", help="Points received, as POINTS@YYYY-MM-DD; repeat."),
    ] = None,
    violation: Annotated[str | None, typer.Option(help="A violation code, for its range.")] = None,
    region: Region = None,
    as_of: AsOf = None,
    as_json: JsonFlag = False,
) -> None:
    """TikTok Shop: active points, milestone reached, and when each record expires."""
    rules: TikTokPenalties = _penalties("tiktok_shop", TikTokPenalties)
    day = _as_of(as_of)
    status = tiktok.tiktok_status(
        rules, [tiktok.parse_received(p) for p in points or []], region=region, as_of=day
    )
    if violation is not None and violation not in rules.violation_points:
        raise InvalidInput(
            N_("TikTok Shop has no points range for “{code}”: choose one of {choices}."),
            field="violation",
            code=violation,
            choices=", ".join(rules.violation_points),
        )
    document = {
        "active_points": status.active_points,
        "milestone": status.milestone.points if status.milestone else None,
        "next_milestone": status.next_milestone.points if status.next_milestone else None,
        "permanent_deactivation": bool(
            status.milestone and status.milestone.permanent_deactivation
        ),
        "points_range": list(rules.violation_points[violation]) if violation else None,
        "records": [
            {
                "points": r.points,
                "received": r.received.isoformat(),
                "expires_on": end.isoformat(),
                "active": end > day,
            }
            for r, end in status.records
        ],
    }
    emit(as_json, document, "\n".join(f"{k}: {v}" for k, v in document.items()))
