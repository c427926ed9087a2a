"""Read models of the provider's work: a quote (amounts as strings with two decimals, the currency
stated once).

Example::

    QuoteView.of(make_quote(prices, request), gettext, "en").document()
    # {"currency": "CNY", "lines": [{"item": "Base fee: Amazon, ...", "amount": "2800.00"}],
    #  "total": "2800.00"}
"""

from __future__ import annotations

from ..i18n import Gettext
from ..views import View
from .pricing import Quote


class QuoteLine(View):
    item: str
    amount: str


class QuoteView(View):
    currency: str
    lines: list[QuoteLine]
    total: str

    @classmethod
    def of(cls, quote: Quote, gettext: Gettext, language: str) -> QuoteView:
        return cls(
            currency=quote.currency,
            lines=[
                QuoteLine(item=line.item(gettext, language), amount=f"{line.amount:.2f}")
                for line in quote.lines
            ],
            total=f"{quote.total:.2f}",
        )
