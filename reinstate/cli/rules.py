"""Rule commands, which read only the platform packs: ``policy`` and ``penalty``.

They need no database and no sign-in (SPEC §6).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Annotated, Any

import typer

from ..errors import N_, InvalidInput
from ..evidence.checks.name import pattern_example
from ..i18n import Gettext, pattern_in_words
from ..labels import COMPARATORS
from ..penalties import documents
from ..policies.loader import PLATFORMS_DIR, check_policies
from ..policies.schema import ShopeePenalties, TaobaoPenalties, TikTokPenalties
from ..policies.views import pack_document, pack_summary
from ..timezones import seller_zone
from .common import JsonFlag, cli_gettext, cli_policies, cli_settings, emit, parse_date, sub_app
from .quoting import padded

policy_app = sub_app("policy", "Platform rules: list, show and check the policy packs.")
penalty_app = sub_app("penalty", "Penalty simulators driven by the platform packs.")

AsOf = Annotated[str | None, typer.Option("--as-of", help="Day to compute for (YYYY-MM-DD).")]
Region = Annotated[str | None, typer.Option("--region", help="Marketplace region, e.g. PH.")]


def _language() -> str:
    return cli_settings().language


def _as_of(value: str | None) -> Any:
    """The day given, else today on the seller's calendar (China's: at 07:00 in Shenzhen on a
    reset Monday the points have reset, though UTC still says Sunday)."""
    return parse_date(value, "as_of") if value else datetime.now(seller_zone(None)).date()


@policy_app.command("list")
def policy_list(as_json: JsonFlag = False) -> None:
    """List the platforms and what their packs cover."""
    packs = cli_policies()
    rows = [pack_summary(pack) for pack in packs.values()]
    _ = cli_gettext()
    heads = _("PLATFORM"), _("NAME"), _("PENALTIES"), _("VIOLATIONS")
    cells = [heads] + [
        (
            r["platform"],
            packs[r["platform"]].names.get(_language()),
            _yes(_, bool(r["penalty_system"])),
            str(len(r["violations"])),
        )
        for r in rows
    ]
    # padded by terminal columns: 亚马逊 and 是 take two each
    lines = [f"{padded(a, 12)} {padded(b, 14)} {padded(c, 9)} {d}" for a, b, c, d in cells]
    emit(as_json, rows, "\n".join(lines))


@policy_app.command("show")
def policy_show(platform: str, as_json: JsonFlag = False) -> None:
    """Show one platform's rules."""
    pack = cli_policies().get_pack(platform)
    document = pack_document(pack)
    emit(as_json, document, _describe(document, cli_gettext(), _language()))


def _pattern(files: dict[str, Any], _: Gettext) -> str:
    """The file-name pattern in the reader's words with today's date, not its placeholders."""
    if not files["name_pattern"]:
        return "-"
    today = datetime.now(UTC).date()
    return pattern_in_words(pattern_example(files["name_pattern"], files["date_format"], today), _)


def _describe(doc: dict[str, Any], _: Gettext, language: str) -> str:
    """The pack in the reader's words: metrics and violations by name (a violation keeps its
    code beside, for ``penalty tiktok --violation``)."""
    appeal, files = doc["appeal"], doc["files"]
    lang = "zh" if language == "zh_CN" else "en"
    review = appeal["review_working_days"]
    lines = [
        f"{doc['names'][lang]} ({doc['platform']})",
        _("official senders: {senders}").format(senders=", ".join(doc["senders"])),
        _("official hosts: {hosts}").format(hosts=", ".join(doc["hosts"])),
        _(
            "appeal: within {days} days, at most {attempts} attempts, {hours} h between a "
            "rejection and the next submission, review {review} working days ({calendar}), "
            "letter in {language}"
        ).format(
            days=appeal["submission_days"] or "-",
            attempts=appeal["max_attempts"] or "-",
            hours=appeal["min_resubmit_hours"],
            review=f"{review[0]}–{review[1]}" if review else "-",
            calendar=appeal["calendar"],
            language=_("English") if appeal["language"] == "en" else _("Chinese"),
        ),
        _("files: {formats}, at most {mb} MB, name {pattern}, {encrypted}").format(
            formats=", ".join(files["formats"]),
            mb=_mb(files["max_mb"]),
            pattern=_pattern(files, _),
            encrypted=_("encrypted allowed")
            if files["encrypted_allowed"]
            else _("encrypted refused"),
        ),
    ]
    lines += [
        _("metric {name}: {comparator} {target} over {windows} days").format(
            name=m["name"][lang],
            comparator=COMPARATORS[m["comparator"]],
            target=_target(m),
            windows=" / ".join(str(w) for w in m["windows"]),
        )
        for m in doc["metrics"]
    ]
    lines += [
        _("violation {name} ({code})").format(name=v["name"][lang], code=v["code"])
        for v in doc["violations"]
    ]
    lines += [
        _("uncertain {path}: {note}").format(path=u["path"], note=u["note"])
        for u in doc["uncertain"]
    ]
    return "\n".join([lines[0], *(f"  {line}" for line in lines[1:])])


def _target(metric: dict[str, Any]) -> str:
    target, unit = metric["target"], metric.get("unit")
    if unit == "rate":
        return f"{target * 100:g}%"
    return f"{target:g} h" if unit == "hours" else str(target)


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
    count = len(cli_policies())
    _ = cli_gettext()
    text = _("{count} platform packs are valid.").format(count=count)
    emit(as_json, {"ok": True, "packs": count}, text)


def _penalties(platform: str, kind: type) -> Any:
    rules = cli_policies().get_pack(platform).penalties
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
    if offence is None and account is None and serious:
        offence = 1  # a serious violation costs the same whatever the offence's number
    if offence is None and account is None:
        raise InvalidInput(
            N_("Give --offence, or --account to count the offences from its ledger."),
            field="offence",
        )
    if offence is None:
        from .penalties import next_offence  # needs the database: only when asked

        offence = next_offence(account or 0, rules)
    document = documents.fake_transaction_document(
        rules, offence=offence, orders=orders, serious=serious
    )
    if account is not None:  # which offence the ledger made it
        document["offence"] = offence
    _ = cli_gettext()
    rows: list[tuple[str, object]] = []
    if account is not None:
        rows.append((_("Offence this year"), offence))
    rows += [
        (_("Points"), document["points"]),
        (_("Shop shielded"), _days(_, document["shop_shield_days"])),
        (_("Promotions restricted"), _yes(_, document["promotion_restricted"])),
        (
            _("Sales, credit and reviews of those orders removed"),
            _yes(_, document["remove_order_credit"]),
        ),
        (
            _("Can be appealed"),
            _(
                "yes — appeal first: the penalty applies only if you do not appeal or the "
                "appeal fails"
            )
            if document["appealable"]
            else _("no"),
        ),
    ]
    freeze_days = document["permanent_freeze_after_days"]
    if freeze_days:
        rows.append(
            (
                _("Account frozen"),
                _("permanently, {days} days after the penalty takes effect").format(
                    days=freeze_days
                ),
            )
        )
    emit(as_json, document, _labelled(rows))


@penalty_app.command("taobao-points")
def taobao_points(
    current: Annotated[int, typer.Option(help="Serious-violation points already this year.")],
    add: Annotated[int, typer.Option(help="Points of the new deduction.")],
    as_json: JsonFlag = False,
) -> None:
    """Which point node a new deduction reaches (only the heaviest one applies)."""
    rules: TaobaoPenalties = _penalties("taobao", TaobaoPenalties)
    language = _language()
    document = documents.point_nodes_document(rules, current=current, add=add, language=language)
    nodes = {n.points: n for n in rules.point_nodes}
    node = nodes.get(document["node"])
    sealed = document["account_sealed"]
    _ = cli_gettext()
    rows: list[tuple[str, object]] = [
        (_("Serious-violation points this year"), current + add),
        (_("Nodes crossed"), ", ".join(str(n) for n in document["crossed"]) or "—"),
        (
            _("Node that applies"),
            f"{node.points}: {node.consequence.get(language)}" if node else "—",
        ),
    ]
    if node:
        rows += [
            (_("Shop shielded"), _days(_, node.shop_shield_days)),
            (_("Shop closed"), _days(_, node.shop_closed_days)),
        ]
    if node or sealed:
        rows.append((_("Account sealed"), _yes(_, sealed)))
    emit(as_json, document, _labelled(rows))


@penalty_app.command("shopee")
def penalty_shopee(
    points: Annotated[int, typer.Option(help="Penalty points this quarter.")],
    region: Region = None,
    as_of: AsOf = None,
    as_json: JsonFlag = False,
) -> None:
    """Shopee's penalty tier for a number of points, and when points next reset."""
    rules: ShopeePenalties = _penalties("shopee", ShopeePenalties)
    document = documents.shopee_document(rules, points=points, region=region, as_of=_as_of(as_of))
    _, language = cli_gettext(), _language()
    restrictions = [rules.restrictions[code].get(language) for code in document["restrictions"]]
    rows = [
        (_("Tier"), document["tier"] or "—"),
        (_("Restrictions"), _separator(language).join(restrictions) or "—"),
        (_("Lasts"), _days(_, document["penalty_days"])),
        (_("Points reset on"), document["next_reset"]),
    ]
    emit(as_json, document, _labelled(rows))


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
    document = documents.tiktok_document(
        rules, points or [], violation=violation, region=region, as_of=_as_of(as_of)
    )
    emit(as_json, document, _tiktok_text(document, violation))


def _tiktok_text(document: dict[str, Any], violation: str | None) -> str:
    _, language = cli_gettext(), _language()
    rules: TikTokPenalties = _penalties("tiktok_shop", TikTokPenalties)
    milestones = {m.points: m for m in rules.milestones}
    reached = milestones.get(document["milestone"])
    rows: list[tuple[str, object]] = [
        (_("Active points"), document["active_points"]),
        (
            _("Milestone reached"),
            f"{reached.points}: {reached.consequence.get(language)}" if reached else "—",
        ),
        (_("Next milestone"), document["next_milestone"] or "—"),
        (_("Permanent deactivation"), _yes(_, document["permanent_deactivation"])),
    ]
    if violation is not None:
        violations = cli_policies().get_pack("tiktok_shop").violations
        name = violations[violation].name.get(language) if violation in violations else violation
        low, high = document["points_range"]
        rows.append((_("Points for {violation}").format(violation=name), f"{low}–{high}"))
    for record in document["records"]:
        expiry = _("expires on {date}").format(date=record["expires_on"])
        rows.append(
            (
                f"{record['points']} @ {record['received']}",
                expiry if record["active"] else _("{expiry} (expired)").format(expiry=expiry),
            )
        )
    return _labelled(rows)


def _separator(language: str) -> str:
    """Between the items of a list: Chinese writes a full-width semicolon."""
    return "；" if language.startswith("zh") else "; "


def _labelled(rows: Sequence[tuple[str, object]]) -> str:
    """One ``label: value`` line per row, the colon as the reader's language writes it."""
    _ = cli_gettext()
    return "\n".join(
        _("{label}: {value}").format(label=label, value=value) for label, value in rows
    )


def _days(_: Gettext, days: int | None) -> str:
    return _("{days} days").format(days=days) if days else "—"


def _yes(_: Gettext, flag: bool) -> str:
    return _("yes") if flag else _("no")
