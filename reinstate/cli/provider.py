"""The provider's commands that read files only: ``quote``.

``reinstate quote`` prices one case from a price list (TOML); without ``--price-list`` it uses
the example list shipped with the package. It needs no database and no sign-in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import N_, InvalidInput
from .common import JsonFlag, app, cli_gettext, cli_settings, emit, write_file


def _languages(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(part.strip().lower() for part in value.split(",") if part.strip())


def _write(out: Path, data: bytes) -> None:
    if out.suffix.lower() != ".pdf":
        raise InvalidInput(
            N_("Write the quote to a .pdf file, not {name}."), field="out", name=out.name
        )
    write_file(out, data)


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
    metrics: Annotated[int, typer.Option("--metrics", help="Metrics appealed together.")] = 1,
    rush: Annotated[bool, typer.Option("--rush", help="Deliver within 24 hours.")] = False,
    languages: Annotated[
        str | None,
        typer.Option("--languages", help="Extra letter languages, e.g. de,fr."),
    ] = None,
    tier: Annotated[
        str | None,
        typer.Option("--tier", help="Account tier: standard, brand_registered, vendor, top."),
    ] = None,
    reconstruction: Annotated[
        bool, typer.Option("--reconstruction", help="Evidence reconstruction.")
    ] = False,
    history_repair: Annotated[
        bool, typer.Option("--history-repair", help="90-day history repair.")
    ] = False,
    advisory: Annotated[bool, typer.Option("--advisory", help="Quarterly advisory.")] = False,
    declaration: Annotated[
        bool, typer.Option("--declaration", help="Stamped declaration of compliance.")
    ] = False,
    out: Annotated[
        Path | None, typer.Option("--out", help="Also write the quote as a PDF.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Quote a case from a price list (reads files only)."""
    from ..provider.pricing import QuoteRequest, make_quote, read_price_list
    from ..provider.views import QuoteView

    request = QuoteRequest(
        platform=platform.strip().lower(),
        kind=kind.strip().lower(),
        metrics=metrics,
        rush=rush,
        languages=_languages(languages),
        tier=tier.strip().lower() if tier else None,
        reconstruction=reconstruction,
        history_repair=history_repair,
        advisory=advisory,
        declaration=declaration,
    )
    gettext = cli_gettext()
    language = cli_settings().language
    view = QuoteView.of(make_quote(read_price_list(price_list), request), gettext, language)
    if out is not None:
        from ..provider.quote_pdf import quote_pdf

        _write(out, quote_pdf(view, gettext, gettext("Quote")))
    width = max((len(line.item) for line in view.lines), default=0)
    text = "\n".join(
        [f"{line.item:<{width}}  {line.amount:>12}" for line in view.lines]
        + [f"{gettext('Total') + ' (' + view.currency + ')':<{width}}  {view.total:>12}"]
    )
    emit(as_json, view.document(), text)
