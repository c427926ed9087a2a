"""A provider's price list (TOML) and the quote it gives for one case (seed 001: base fee and
surcharges).

The list is validated as strictly as the platform packs: unknown keys are refused, amounts are
strings or integers with at most two decimals (never floats), the rush surcharge lies within the
seed's 30-50%. A bad list is refused with one sentence naming its line and field. The arithmetic
is exact (``Decimal``); the only division, the rush percentage, is rounded half up to the cent.

Example::

    prices = read_price_list(Path("prices.toml"))
    quote = make_quote(prices, QuoteRequest(platform="amazon", kind="metric", rush=True))
    quote.total  # Decimal('3920.00')
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from ..errors import N_, InvalidInput, Phrase
from ..i18n import Gettext
from .price_errors import Refused, not_toml, unreadable, where, why

EXAMPLE_PRICE_LIST = Path(__file__).with_name("example_prices.toml")
PLATFORMS_DIR = Path(__file__).resolve().parents[1] / "platforms"
CENT = Decimal("0.01")
RUSH_RANGE = (Decimal(30), Decimal(50))  # seed 001: 加急处理(≤24h)通常溢价30%–50%
MAX_METRICS = 20  # metrics appealed together in one case, at most
MAX_AMOUNT = Decimal("999999999999.99")  # one line of a price list, in any currency

KINDS: dict[str, str] = {
    "metric": N_("performance metric appeal"),
    "suspension": N_("suspended account appeal"),
    "listing": N_("listing appeal"),
    "claim": N_("buyer claim appeal"),
    "verification": N_("identity verification"),
}
TIERS: dict[str, str] = {
    "standard": N_("standard"),
    "brand_registered": N_("brand registered"),
    "vendor": N_("vendor"),
    "top": N_("top seller"),
}
LANGUAGES: dict[str, str] = {
    "en": N_("English"),
    "zh": N_("Chinese"),
    "de": N_("German"),
    "fr": N_("French"),
    "es": N_("Spanish"),
    "it": N_("Italian"),
    "ja": N_("Japanese"),
    "pt": N_("Portuguese"),
    "nl": N_("Dutch"),
    "pl": N_("Polish"),
    "sv": N_("Swedish"),
    "tr": N_("Turkish"),
    "ko": N_("Korean"),
    "ar": N_("Arabic"),
}


def _money(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise Refused(N_('write the amount as a string such as "2800.00"'))
    try:
        amount = Decimal(value.strip() if isinstance(value, str) else value)
    except ArithmeticError:
        raise Refused(N_("{value} is not an amount"), value=repr(value)) from None
    if not amount.is_finite() or amount < 0:
        raise Refused(N_("{value} is not an amount of zero or more"), value=repr(value))
    if amount > MAX_AMOUNT:  # beyond it the cents no longer fit Decimal's 28 digits
        raise Refused(N_("{value} is more than {limit}"), value=repr(value), limit=MAX_AMOUNT)
    if amount != amount.quantize(CENT):
        raise Refused(N_("{value} has more than two decimals"), value=repr(value))
    return amount.quantize(CENT)


def _percent(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise Refused(N_('write the percentage as a string such as "40"'))
    try:
        percent = Decimal(str(value).strip())
    except ArithmeticError:
        raise Refused(N_("{value} is not a percentage"), value=repr(value)) from None
    low, high = RUSH_RANGE
    if not percent.is_finite() or not low <= percent <= high:
        raise Refused(
            N_("the rush surcharge must lie within {low}% and {high}%, not {value}%"),
            low=low,
            high=high,
            value=value,
        )
    return percent


def _currency(value: Any) -> Any:
    """ "usd", " CNY ": the ISO 4217 code, however it is written; anything else refused."""
    if isinstance(value, str) and re.fullmatch(r"[A-Za-z]{3}", value.strip()):
        return value.strip().upper()
    raise Refused(N_("write the currency as its three-letter code, such as USD or CNY"))


def _keys(value: Any, where: tuple[str, ...], code: Any) -> Any:
    """A table whose keys are written as people write them, by ``code`` (a key unchanged when
    it names nothing, for the list's checks to refuse); two keys for one code refused."""
    if not isinstance(value, dict):
        return value
    coded: dict[Any, Any] = {}
    for key, item in value.items():
        written = code(key) if isinstance(key, str) else key
        if written in coded:
            raise Refused(N_("{value} is written twice"), (*where, key), value=repr(written))
        coded[written] = item
    return coded


def _platform(key: str) -> str:
    """[base.Amazon], [base."TikTok Shop"], [base.亚马逊]: the platform's code."""
    from ..policies.loader import load_policies

    return load_policies().code_of(key) or key


def _base(value: Any) -> Any:
    coded = _keys(value, ("base",), _platform)
    if not isinstance(coded, dict):
        return coded
    return {
        platform: _keys(kinds, ("base", platform), lambda k: k.strip().lower())
        for platform, kinds in coded.items()
    }


Money = Annotated[Decimal, BeforeValidator(_money)]
Percent = Annotated[Decimal, BeforeValidator(_percent)]
Currency = Annotated[str, BeforeValidator(_currency)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Rush(_Strict):
    percent: Percent
    hours: Annotated[int, Field(ge=1, le=24, strict=True)] = 24


class ExtraLanguage(_Strict):
    fee: Money
    # DE, pt-BR: the language's code
    by_language: Annotated[
        dict[str, Money],
        BeforeValidator(
            lambda v: _keys(
                v,
                ("extra_language", "by_language"),
                lambda k: re.split(r"[-_]", k.strip().lower(), maxsplit=1)[0],
            )
        ),
    ] = {}

    def fee_for(self, language: str) -> Decimal:
        return self.by_language.get(language, self.fee)


class Metrics(_Strict):
    each_additional: Money


class Services(_Strict):
    evidence_reconstruction: Money
    history_repair_90_days: Money
    quarterly_advisory: Money
    stamped_declaration: Money
    # a failure review after a rejection beyond the engagement's free one; none: not charged
    failure_review: Money | None = None


class PriceList(_Strict):
    currency: Currency
    base: Annotated[dict[str, dict[str, Money]], BeforeValidator(_base)]
    rush: Rush
    extra_language: ExtraLanguage
    metrics: Metrics
    services: Services
    # "Brand Registered", brand-registered: the tier's code
    tier: Annotated[
        dict[str, Money],
        BeforeValidator(
            lambda v: _keys(v, ("tier",), lambda k: re.sub(r"[\s\-]+", "_", k.strip().lower()))
        ),
    ]

    @model_validator(mode="after")
    def _known_codes(self) -> PriceList:
        known = {p.parent.name for p in PLATFORMS_DIR.glob("*/policy.yaml")}
        for platform, kinds in self.base.items():
            if platform not in known:
                raise Refused(
                    N_("no platform is called {value}"), ("base", platform), value=repr(platform)
                )
            for kind in kinds:
                if kind not in KINDS:
                    raise Refused(
                        N_("kinds are {choices}"),
                        ("base", platform, kind),
                        choices=", ".join(KINDS),
                    )
        for language in self.extra_language.by_language:
            if language not in LANGUAGES:
                raise Refused(
                    N_("not a language code"), ("extra_language", "by_language", language)
                )
        for tier in self.tier:
            if tier not in TIERS:
                raise Refused(N_("tiers are {choices}"), ("tier", tier), choices=", ".join(TIERS))
        return self


@dataclass(frozen=True)
class QuoteRequest:
    platform: str
    kind: str
    metrics: int = 1
    rush: bool = False
    languages: tuple[str, ...] = ()
    tier: str | None = None
    reconstruction: bool = False
    history_repair: bool = False
    advisory: bool = False
    declaration: bool = False
    # the language the platform's appeals are written in (its pack's appeal.language, with the
    # organisation's policy overrides): its letter is in the base fee. None: the built-in pack's
    own_language: str | None = None


@dataclass(frozen=True)
class Line:
    message: str  # an English message id, translated when shown
    params: tuple[tuple[str, str], ...]
    amount: Decimal
    platform: str | None = None  # a platform code, named in the reader's language

    def item(self, gettext: Gettext, language: str) -> str:
        params = {key: gettext(value) for key, value in self.params}
        if self.platform is not None:
            from ..platforms import platform_label

            params["platform"] = platform_label(self.platform, language)
        return gettext(self.message).format(**params)


@dataclass(frozen=True)
class Quote:
    currency: str
    lines: tuple[Line, ...]

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))


def _line_of(text: str, path: tuple[str | int, ...]) -> int | None:
    """The line of ``text`` where the dotted ``path`` is written (its key, else its table)."""
    names = [str(p) for p in path]
    table: list[str] = []
    best: int | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        header = re.fullmatch(r"\[\s*([\w.\s\"-]+?)\s*\]", line)
        if header:
            table = [part.strip().strip('"') for part in header.group(1).split(".")]
            if table == names[: len(table)] and best is None:
                best = number
            continue
        key = re.match(r"([\w\"-]+)\s*=", line)
        if key and table + [key.group(1).strip('"')] == names[: len(table) + 1]:
            if len(table) + 1 == len(names) or "{" in line:
                return number
            best = number
    return best


def parse_price_list(text: str, source: str) -> PriceList:
    text = text.removeprefix("\ufeff")  # Windows' Notepad begins a UTF-8 file with this mark
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise not_toml(source, exc) from None
    try:
        return PriceList.model_validate(data)
    except ValidationError as exc:
        # an unknown key first: a misspelt name also makes the right one missing
        problem = min(exc.errors(), key=lambda error: error["type"] != "extra_forbidden")
        loc = where(problem)
        line = _line_of(text, loc)
        raise InvalidInput(
            N_("The price list {source} is not valid at {where}{path}: {problem}.")
            if source
            else N_("The price list is not valid at {where}{path}: {problem}."),
            field="price_list",
            source=source,
            where=Phrase(N_("line {line}, "), line=line) if line else "",
            path=".".join(loc) or "(top)",
            problem=why(problem),
        ) from None


def read_price_list(path: Path | None = None) -> PriceList:
    """The price list in ``path``, or the example shipped with the package."""
    path = path or EXAMPLE_PRICE_LIST
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:  # saved in GBK or as UTF-16: TOML is UTF-8 only
        raise InvalidInput(
            N_("The price list {source} is not UTF-8 text: save it as UTF-8."),
            field="price_list",
            source=str(path),
        ) from None
    except OSError as exc:
        raise unreadable(str(path), exc) from None
    return parse_price_list(text, str(path))


def _choice(value: str, choices: dict[str, Any], field: str) -> str:
    if value not in choices:
        raise InvalidInput(
            N_("{field} must be one of: {choices}."), field=field, choices=", ".join(choices)
        )
    return value


def _own_language(platform: str) -> str | None:
    """The language the platform's appeals are written in (its built-in pack's
    ``appeal.language``)."""
    from ..policies.loader import load_policies

    policies = load_policies()
    return policies[platform].appeal.language if platform in policies else None


def language_code(written: str) -> str:
    """The code of the language ``written`` names: its code with any region or case ("de-DE",
    "pt_BR", "ZH") or its name in English or Chinese ("German", "德语"); else one sentence
    naming the languages there are.

    >>> [language_code(w) for w in ("de-DE", "pt_BR", "French", "日语", "英语", " Ko ")]
    ['de', 'pt', 'fr', 'ja', 'en', 'ko']
    """
    from ..i18n import gettext_for

    folded = written.strip().casefold()
    code = re.split(r"[-_]", folded, maxsplit=1)[0]
    if code in LANGUAGES:
        return code
    chinese = gettext_for("zh_CN")
    stem = folded.removesuffix("语").removesuffix("文")  # 德语 or 德文, 英语 or 英文
    for code, name in LANGUAGES.items():
        if stem and stem in (name.casefold(), chinese(name).removesuffix("语").removesuffix("文")):
            return code
    raise InvalidInput(
        N_("Languages must be one of: {choices} (not {value})."),
        field="languages",
        choices=", ".join(LANGUAGES),
        value=written.strip(),
    )


def make_quote(prices: PriceList, request: QuoteRequest) -> Quote:
    """One line per item: the base fee, each surcharge, the rush on the case work, the advisory."""
    kinds = prices.base.get(request.platform)
    if not kinds:  # not listed, or listed with no fee (an empty [base.amazon])
        raise InvalidInput(
            N_("This price list has no fees for {platform}; it quotes: {choices}."),
            field="platform",
            platform=request.platform,
            choices=", ".join(p for p, fees in prices.base.items() if fees),
        )
    kind = _choice(request.kind, kinds, "case_kind")
    platform = request.platform
    if request.metrics < 1:
        raise InvalidInput(N_("The number of metrics must be 1 or more."), field="metrics")
    if request.metrics > MAX_METRICS:  # the page's and the API's bound, the command line's too
        raise InvalidInput(
            N_("The number of metrics must be 1 to {limit}."), field="metrics", limit=MAX_METRICS
        )
    base = Line(N_("Base fee: {platform}, {kind}"), (("kind", KINDS[kind]),), kinds[kind], platform)
    lines = [base]
    if request.metrics > 1:
        extra = request.metrics - 1
        lines.append(
            Line(
                N_("Additional metrics: {count}"),
                (("count", str(extra)),),
                prices.metrics.each_additional * extra,
            )
        )
    own = request.own_language or _own_language(platform)
    for language in dict.fromkeys(language_code(written) for written in request.languages):
        if language == own:
            continue  # the base fee includes the letter in the platform's language
        lines.append(
            Line(
                N_("Letter in {language}"),
                (("language", LANGUAGES[language]),),
                prices.extra_language.fee_for(language),
            )
        )
    flags = (
        (
            request.reconstruction,
            N_("Evidence reconstruction"),
            prices.services.evidence_reconstruction,
        ),
        (
            request.history_repair,
            N_("90-day history repair"),
            prices.services.history_repair_90_days,
        ),
        (
            request.declaration,
            N_("Stamped declaration of compliance"),
            prices.services.stamped_declaration,
        ),
    )
    lines += [Line(message, (), amount) for wanted, message, amount in flags if wanted]
    if request.tier is not None:
        # "Brand Registered", brand-registered: the tier the list spells brand_registered
        written = re.sub(r"[\s\-]+", "_", request.tier.strip().lower())
        tier = _choice(written, prices.tier, "tier")
        if prices.tier[tier]:
            lines.append(
                Line(N_("Account tier: {tier}"), (("tier", TIERS[tier]),), prices.tier[tier])
            )
    if request.rush:
        work = sum((line.amount for line in lines), Decimal("0.00"))
        surcharge = (work * prices.rush.percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
        lines.append(
            Line(
                N_("Rush delivery within {hours} hours (+{percent}%)"),
                (
                    ("hours", str(prices.rush.hours)),
                    ("percent", f"{prices.rush.percent.normalize():f}"),
                ),
                surcharge,
            )
        )
    if request.advisory:
        lines.append(Line(N_("Quarterly advisory"), (), prices.services.quarterly_advisory))
    return Quote(prices.currency, tuple(lines))
