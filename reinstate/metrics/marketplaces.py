"""Amazon's marketplaces: their ids, the country each sells in, and the ways sellers write them."""

from __future__ import annotations

from ..countries import countries_named

# Amazon's marketplace ids (the common ones) -> country code
MARKETPLACES = {
    "ATVPDKIKX0DER": "US",
    "A2EUQ1WTGCTBG2": "CA",
    "A1AM78C64UM0Y8": "MX",
    "A2Q3Y263D00KWC": "BR",
    "A1F83G8C2ARO7P": "UK",
    "A1PA6795UKMFR9": "DE",
    "A13V1IB3VIYZZH": "FR",
    "APJ6JRA9NG5V4": "IT",
    "A1RKKUPIHCS9HS": "ES",
    "A1805IZSGTT6HS": "NL",
    "A2NODRKZP88ZB9": "SE",
    "A1C3SOZRARQ6R3": "PL",
    "A33AVAJ2PDY3EV": "TR",
    "A21TJRUUN4KGV": "IN",
    "A1VC38T7YXB528": "JP",
    "A39IBJ37TRP1C6": "AU",
    "A19VAU5U5O7RUS": "SG",
    "A2VIGQ35RCS4UG": "AE",
    "A17E79C6D8DWNP": "SA",
    "AMEN7PMS3EDWL": "BE",
    "ARBP9OOSHTCHU": "EG",
    "AE08WJ6YKNBMC": "ZA",
    "A28R8C7NBKEWEA": "IE",
}


def country(value: str) -> str:
    """A marketplace as written (``gb``, ``英国站``, ``Amazon Germany``) as the table's country
    code or id (the countries' names: :mod:`reinstate.countries`, shared by every platform)."""
    wanted = value.strip().upper().removesuffix("站点").removesuffix("站").strip()
    if wanted not in MARKETPLACES and wanted not in MARKETPLACES.values():
        named = countries_named(value)
        wanted = named.pop() if len(named) == 1 else wanted
    return "UK" if wanted == "GB" else wanted


def named_marketplace(value: str | None) -> str | None:
    """``value`` when it names one of Amazon's marketplaces (an id such as ``ATVPDKIKX0DER``, a
    country code such as ``US``, or its site's Chinese name), else None: a store's marketplace
    written otherwise ("EU", "Europe") chooses nothing in a report.

    >>> named_marketplace("us"), named_marketplace("英国站"), named_marketplace("EU")
    ('us', '英国站', None)
    """
    wanted = country(value or "")
    return value if value and (wanted in MARKETPLACES or wanted in MARKETPLACES.values()) else None
