"""Root-cause suggestions are offered to the letter composer one by one, so each must read
alone: a sentence on where the missed orders concentrate names those orders ("71% of the 38
orders with a defect (27) ...") instead of "71% of them", in English and in Chinese, for the
missed orders of every metric the suggestions have a headline for."""

from __future__ import annotations

import re

import pytest

from reinstate.i18n import gettext_for
from reinstate.metrics.definitions import VIOLATION_METRICS
from reinstate.metrics.rootcause import (
    BY_FULFILMENT,
    DIMENSIONS,
    FULFILMENT_ORDERS,
    HEADLINES,
    MISSED,
    OTHER_DIMENSIONS,
    concentration,
)

# a pronoun standing for orders named in another sentence
DANGLING = {
    "en": re.compile(r"\b(of|among|in) (them|these|those)\b|^(they|these|those|them)\b", re.I),
    "zh_CN": re.compile(r"其中|它们|这些订单|^这些|^他们"),
}


def test_every_metric_with_a_headline_names_its_missed_orders() -> None:
    assert set(MISSED) == set(HEADLINES)
    assert set(DIMENSIONS) <= set(HEADLINES)
    assert set(VIOLATION_METRICS.values()) <= set(HEADLINES)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("metric", sorted(HEADLINES))
def test_each_concentration_sentence_reads_alone(language: str, metric: str) -> None:
    gettext = gettext_for(language)
    named = gettext(MISSED[metric]).format(count="38")
    if language == "zh_CN":  # translated, not the English words
        assert named != MISSED[metric].format(count="38"), named
    values = [
        *[(by, "VALUE-1", "VALUE-1") for by in DIMENSIONS.get(metric, OTHER_DIMENSIONS)],
        # who fulfilled the orders, named in words (an Amazon store's ODR)
        *[
            ("fulfilment", channel, gettext(words))
            for channel, words in FULFILMENT_ORDERS.items()
            if metric in BY_FULFILMENT
        ],
    ]
    for by, value, shown in values:
        if by == "component":
            continue  # the components are one sentence of their own
        sentence = concentration(gettext, metric, by, 38, 27, value)
        assert not DANGLING[language].search(sentence), sentence
        # the orders it is about, their number, the share and the value, all in the sentence
        assert named in sentence and "38" in sentence, sentence
        assert "71%" in sentence and "27" in sentence and shown in sentence, sentence


def test_the_dangling_check_catches_the_old_wording() -> None:
    assert DANGLING["en"].search("71% of them (27) were shipped with YunExpress.")
    assert DANGLING["zh_CN"].search("其中 71%（27 个）由 YunExpress 承运。")
    assert not DANGLING["en"].search("71% of the 38 orders with a defect (27) went to FR.")
