"""The provider's command ``quote``: one case priced from a price list.

``reinstate quote`` prices one case from a price list (TOML) file; without ``--price-list`` it
uses the example list shipped with the package, and then needs no database and no sign-in.
With ``--org`` it prices from that organisation's saved price list (the one the case page, the
API and ``reinstate engagement accept`` price from).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import N_, InvalidInput
from .common import (
    JsonFlag,
    app,
    cli_gettext,
    cli_policies,
    cli_settings,
    emit,
    opened,
    org_actor,
    write_file,
)
from .quoting import (
    AdvisoryOption,
    DeclarationOption,
    HistoryRepairOption,
    LanguagesOption,
    MetricsOption,
    ReconstructionOption,
    RushOption,
    TierOption,
    languages,
    quote_text,
    tier,
)

if TYPE_CHECKING:
    from ..provider.pricing import PriceList


def _write(out: Path, data: bytes) -> None:
    if out.suffix.lower() != ".pdf":
        raise InvalidInput(
            N_("Write the quote to a .pdf file, not {name}."), field="out", name=out.name
        )
    write_file(out, data)


def _own_language(platform: str) -> str | None:
    """The language ``platform``'s appeals are written in (its pack's, overrides included)."""
    packs = cli_policies()
    return packs[platform].appeal.language if platform in packs else None


def _prices(path: Path | None, org: int | None) -> PriceList:
    """The list in the file, the organisation's saved list, or the example list."""
    from ..provider.pricing import read_price_list

    if org is None:
        return read_price_list(path)
    if path is not None:
        raise InvalidInput(
            N_("Give either a price list file or an organisation, not both."), field="price_list"
        )
    from ..provider.service import price_list

    with opened() as wb:
        return price_list(wb, org_actor(wb, org)).prices


@app.command("quote")
def quote(
    platform: Annotated[str, typer.Option("--platform", help="Platform code, e.g. amazon.")],
    kind: Annotated[
        str,
        typer.Option(
            "--kind", help="Kind of case: metric, suspension, listing, claim, verification."
        ),
    ],
    price_list: Annotated[
        Path | None,
        typer.Option("--price-list", help="The price list (TOML); default: the example list."),
    ] = None,
    org: Annotated[
        int | None,
        typer.Option("--org", help="Price from this organisation's saved price list instead."),
    ] = None,
    metrics: MetricsOption = 1,
    rush: RushOption = False,
    languages_: LanguagesOption = None,
    tier_: TierOption = None,
    reconstruction: ReconstructionOption = False,
    history_repair: HistoryRepairOption = False,
    advisory: AdvisoryOption = False,
    declaration: DeclarationOption = False,
    out: Annotated[
        Path | None, typer.Option("--out", help="Also write the quote as a PDF.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Quote a case from a price list: a file, the example list or an organisation's."""
    from ..policies.loader import platform_code
    from ..provider.pricing import QuoteRequest, make_quote
    from ..provider.views import QuoteView

    code = str(platform_code(platform.strip())).lower()
    request = QuoteRequest(
        platform=code,
        kind=kind.strip().lower(),
        metrics=metrics,
        rush=rush,
        languages=languages(languages_),
        tier=tier(tier_),
        reconstruction=reconstruction,
        history_repair=history_repair,
        advisory=advisory,
        declaration=declaration,
        own_language=_own_language(code),
    )
    gettext = cli_gettext()
    language = cli_settings().language
    view = QuoteView.of(make_quote(_prices(price_list, org), request), gettext, language)
    if out is not None:
        from ..provider.quote_pdf import quote_pdf

        _write(out, quote_pdf(view, gettext, gettext("Quote")))
    emit(as_json, view.document(), quote_text(view, gettext))
