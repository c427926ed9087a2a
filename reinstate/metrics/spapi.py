"""Amazon's account health report (SP-API ``GET_V2_SELLER_PERFORMANCE_REPORT``) read into
metric snapshots, tolerating the quirks of real and sample reports: both spellings of
``preFulfillmentCancellationRate``/``prefulfillmentCancelRate``, ``warningStates``/
``warningState`` and ``documentRequests``/``documentRequest``; statuses outside the schema's
enum (``SUSPENDED``); an optional ``ahrScore``; the rating's status as ``ahrStatus`` or
``accountHealthRatingStatus``; numbers written as strings; counts that disagree with the rate
(the rate Amazon reports is kept as it is, but a rate over no orders is no rate at all); a
report delivered gzip-compressed (``compressionAlgorithm: GZIP``).
"""

from __future__ import annotations

import gzip
import io
import json
import math
import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from ..errors import N_, InvalidInput
from .marketplaces import MARKETPLACES, country

MAX_REPORT_BYTES = 20 * 1024 * 1024
THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?%?$")  # 1,234 or 1,234.5
MAX_COUNT = 2**31 - 1  # a count past it is no count (the snapshot's columns are 32-bit)
STATUS_CHARS = 30  # the snapshot's platform_status column

# Amazon's statuses (the report schema's Status and accountHealthRatingStatus, and the words
# Seller Central shows for them: Healthy / Fair / At risk / Poor / Critical) in our words
AMAZON_STATUS = {
    "GOOD": "good",
    "GREAT": "good",
    "HEALTHY": "good",
    "FAIR": "at_risk",
    "WARNED": "at_risk",
    "WARNING": "at_risk",
    "AT_RISK": "at_risk",
    "BAD": "breach",
    "POOR": "breach",
    "CRITICAL": "breach",
    "UNHEALTHY": "breach",
}


def amazon_status(said: object) -> str:
    """Amazon's word on a metric (``POOR``, ``At risk`` …) as our status; ``no_data`` for none."""
    return AMAZON_STATUS.get(_word(said), "no_data")


# Amazon's account statuses (the schema's NORMAL, AT_RISK, DEACTIVATED, and SUSPENDED of its
# example) in words
ACCOUNT_STATUS_LABELS = {
    "NORMAL": N_("normal"),
    "AT_RISK": N_("at risk"),
    "DEACTIVATED": N_("deactivated"),
    "SUSPENDED": N_("suspended"),
}


# how far each account status is from normal: a higher one is worse (an alert when it rises)
ACCOUNT_STATUS_RANK = {"NORMAL": 0, "AT_RISK": 1, "DEACTIVATED": 2, "SUSPENDED": 2}


def account_status_rank(said: object) -> int | None:
    """How bad Amazon's account status is (0 normal, 1 at risk, 2 deactivated or suspended);
    None for a status we do not know."""
    return ACCOUNT_STATUS_RANK.get(_word(said))


def _word(said: object) -> str:
    return str(said or "").strip().upper().replace(" ", "_").replace("-", "_")


# the report's policy-compliance sections (each a count of defects) in words
POLICY_LABELS = {
    "listingPolicyViolations": N_("Listing policy violations"),
    "productAuthenticityCustomerComplaints": N_("Product authenticity customer complaints"),
    "productConditionCustomerComplaints": N_("Product condition customer complaints"),
    "productSafetyCustomerComplaints": N_("Product safety customer complaints"),
    "receivedIntellectualPropertyComplaints": N_("Received intellectual property complaints"),
    "restrictedProductPolicyViolations": N_("Restricted product policy violations"),
    "suspectedIntellectualPropertyViolations": N_("Suspected intellectual property violations"),
    "foodAndProductSafetyIssues": N_("Food and product safety issues"),
    "otherPolicyViolations": N_("Other policy violations"),
    "documentRequests": N_("Document requests"),
    "documentRequest": N_("Document requests"),
}
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def policy_label(key: str) -> str:
    """A policy section of the report in words (a message id), or its key made words when we
    do not know it (``counterfeitComplaints`` → "Counterfeit complaints").

    >>> policy_label("listingPolicyViolations"), policy_label("newThingComplaints")
    ('Listing policy violations', 'New thing complaints')
    """
    return POLICY_LABELS.get(key) or amazon_words(_CAMEL.sub(" ", key).lower())


# Amazon's words for "no status given" (the schema's Status NONE)
NO_STATUS = frozenset({"", "NONE", "N/A", "NA", "NULL", "NOT_APPLICABLE"})


def amazon_words(said: object) -> str:
    """A word of Amazon's we have no label for, as words rather than a code (``UNDER_REVIEW`` →
    "Under review"); "" for none given (``NONE``).

    >>> amazon_words("UNDER_REVIEW"), amazon_words("none"), amazon_words("Excellent")
    ('Under review', '', 'Excellent')
    """
    if _word(said) in NO_STATUS:
        return ""
    text = " ".join(str(said).replace("_", " ").split())
    return text.capitalize() if text.isupper() or text.islower() else text


def account_status_label(said: str) -> str:
    """Amazon's account status in words (a message id), or Amazon's own words if unknown."""
    return ACCOUNT_STATUS_LABELS.get(_word(said), amazon_words(said))


# report key(s) -> (metric, numerator key, denominator key)
RATE_METRICS: dict[tuple[str, ...], tuple[str, str, str]] = {
    ("lateShipmentRate",): ("late_shipment_rate", "lateShipmentCount", "orderCount"),
    ("preFulfillmentCancellationRate", "prefulfillmentCancelRate"): (
        "pre_fulfilment_cancel_rate",
        "cancellationCount",
        "orderCount",
    ),
    ("validTrackingRate",): ("valid_tracking_rate", "validTrackingCount", "shipmentCount"),
    ("onTimeDeliveryRate",): (
        "on_time_delivery_rate",
        "onTimeDeliveryCount",
        "shipmentCountWithValidTracking",
    ),
    ("invoiceDefectRate",): ("invoice_defect_rate", "invoiceDefect.count", "orderCount"),
}


@dataclass(frozen=True)
class Snapshot:
    metric: str
    fulfilment: str  # "" | "mfn" | "afn"
    window_days: int | None
    numerator: int | None
    denominator: int | None
    rate: float | None
    platform_status: str
    platform_target: float | None
    reported_to: date | None


@dataclass
class HealthReport:
    marketplace_id: str
    account_status: str  # NORMAL, AT_RISK, DEACTIVATED, SUSPENDED … as Amazon wrote it
    snapshots: list[Snapshot] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    policy_defects: dict[str, int] = field(default_factory=dict)

    @property
    def day(self) -> date | None:
        """The report's own day: the latest end of its reporting ranges."""
        days = [s.reported_to for s in self.snapshots if s.reported_to]
        return max(days) if days else None


def _first(section: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if key in section:
            return section[key]
    return None


def _dig(section: dict[str, Any], path: str) -> Any:
    """The value at ``path`` (``orderWithDefects.count``); a count written straight under its
    name (``"orderWithDefects": 3``) is taken as it is."""
    value: Any = section
    for part in path.split("."):
        if not isinstance(value, dict):
            return value if part == "count" and isinstance(value, int | float | str) else None
        value = value.get(part)
    return value


def _moment(value: Any) -> datetime | None:
    """A range's bound; a day written alone stands for the whole day (its end is the next
    midnight), a time for itself; without an offset it is UTC, as the schema says."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _window(section: dict[str, Any]) -> tuple[int | None, date | None]:
    """The range's length in days and its last day. The length is the span rounded to whole
    days, so ``00:00Z``–``23:59Z`` of 30 days and a range of Pacific days written in UTC
    (``07:00Z``–``06:59Z``) are both 30."""
    span = section.get("reportingDateRange")
    span = span if isinstance(span, dict) else {}
    start_text, end_text = span.get("reportingDateFrom"), span.get("reportingDateTo")
    start, end = _moment(start_text), _moment(end_text)
    if end is None:
        return None, None
    if isinstance(end_text, str) and "T" not in end_text.upper():
        end += timedelta(days=1)  # a day alone: up to its end
        last = (end - timedelta(days=1)).date()
    else:
        last = end.date()
    if start is None or end <= start:
        return None, last
    return round((end - start) / timedelta(days=1)), last


def _number(value: Any) -> float | None:
    """A number as the schema writes it, or as a string (``"0.05"``, ``"5%"``, ``"1,234"``)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    if isinstance(value, str) and "," in value and not THOUSANDS.match(value.strip()):
        return None  # "0,5" is a decimal comma or a list, not a number to guess at
    text = value.strip().replace(",", "") if isinstance(value, str) else value
    percent = isinstance(text, str) and text.endswith("%")
    try:
        number = float(text.rstrip("%").strip() if isinstance(text, str) else text)
    except (ValueError, OverflowError):  # not a number, or an integer past any float
        return None
    if not math.isfinite(number):  # NaN, Infinity, 1e400
        return None
    return number / 100 if percent else number


def _int(value: Any) -> int | None:
    """A count: a whole number from 0 to the largest the database's column holds."""
    number = _number(value) if not (isinstance(value, str) and "%" in value) else None
    if number is None or number != int(number) or not 0 <= number <= MAX_COUNT:
        return None
    return int(number)


def _status(value: Any) -> str:
    """Amazon's word on a metric, as far as the column holds it."""
    return value.strip()[:STATUS_CHARS] if isinstance(value, str) else ""


def _float(value: Any) -> float | None:
    return _number(value)


def _fraction(value: Any, percent: bool = False) -> float | None:
    """A rate or target as a fraction. The schema calls the rate a "percentage" though its
    examples are fractions (0.009); no rate is above 100%, so one above 1 is written in percent
    (3.2 for 0.032), as is every number of a section whose target says so (``percent``)."""
    number = _number(value)
    if number is None or number < 0:  # no rate is below 0%
        return None
    return number / 100 if percent or number > 1 else number


def _snapshot(
    section: dict[str, Any], metric: str, numerator: str, denominator: str, fulfilment: str = ""
) -> Snapshot:
    days, end = _window(section)
    count, total = _int(_dig(section, numerator)), _int(_dig(section, denominator))
    # a target of 1 or more is in percent (no target is 100%: ODR 1 is 1%, tracking 95 is 95%),
    # and so is the rate beside it, 0.5 then being 0.5%
    target = _number(section.get("targetValue"))
    percent = target is not None and target >= 1
    rate = _fraction(section.get("rate"), percent)
    if total == 0:
        rate = None  # SPEC §5: a rate over no orders is no_data, never 0
    elif rate is None and count is not None and total:
        rate = count / total  # the rate left out: the counts say it
    return Snapshot(
        metric=metric,
        fulfilment=fulfilment,
        window_days=days,
        numerator=count,
        denominator=total,
        rate=rate,
        platform_status=_status(section.get("status")),
        platform_target=_fraction(target, percent),
        reported_to=end,
    )


def _odr_parts(odr: Any) -> list[tuple[str, dict[str, Any]]]:
    """The order defect rate's parts by channel: the schema's ``mfn`` and ``afn`` (the key names
    the channel, whatever its case; the sample's afn part says "mfn" inside), or one part
    written flat, named by its ``fulfillmentType``."""
    if not isinstance(odr, dict):
        return []
    parts = {str(key).lower(): part for key, part in odr.items() if isinstance(part, dict)}
    found: list[tuple[str, dict[str, Any]]] = [
        (channel, parts[channel]) for channel in ("mfn", "afn") if channel in parts
    ]
    if not found and ("rate" in odr or "orderCount" in odr):
        kind = odr.get("fulfillmentType")
        channel = kind.strip().lower() if isinstance(kind, str) else ""
        found = [(channel if channel in ("mfn", "afn") else "", odr)]
    return found


def _too_large() -> InvalidInput:
    limit = MAX_REPORT_BYTES // (1024 * 1024)
    return InvalidInput(N_("The report is larger than {limit} MB."), field="source", limit=limit)


def read_report(path: Path) -> bytes:
    """The report file's bytes, refused before reading when it is too large to be one."""
    if not path.is_file():
        raise InvalidInput(N_("There is no file {path}."), field="source", path=str(path))
    if path.stat().st_size > MAX_REPORT_BYTES:
        raise _too_large()
    return path.read_bytes()


def _decompressed(data: bytes) -> bytes:
    """The report itself: Amazon delivers a report document gzip-compressed when its
    ``compressionAlgorithm`` is ``GZIP``, and a saved download may still be so."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as packed:
            plain = packed.read(MAX_REPORT_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise InvalidInput(
            N_("The report is gzip-compressed but cannot be decompressed."), field="source"
        ) from exc
    if len(plain) > MAX_REPORT_BYTES:
        raise _too_large()
    return plain


def parse_report(data: bytes, marketplace: str | None = None) -> HealthReport:
    """The report's metrics for one marketplace (``marketplace``: an id such as
    ``ATVPDKIKX0DER`` or a country code such as ``US``; needed when the report has several)."""
    if len(data) > MAX_REPORT_BYTES:
        raise _too_large()
    data = _decompressed(data)
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        raise InvalidInput(N_("The report is empty."), field="source")
    try:
        # bytes: json finds UTF-8 (with or without its BOM), UTF-16 or UTF-32 itself
        document = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise InvalidInput(N_("The report is not JSON."), field="source") from exc
    if not isinstance(document, dict):
        raise InvalidInput(
            N_("The report is not a JSON object, as Amazon's account health report is."),
            field="source",
        )
    metrics = document.get("performanceMetrics")
    if isinstance(metrics, list):
        metrics = [m for m in metrics if isinstance(m, dict)]
    if not isinstance(metrics, list) or not metrics:
        raise InvalidInput(
            N_("The file is not an Amazon account health report: it has no performanceMetrics."),
            field="source",
        )
    entries: list[dict[str, Any]] = metrics
    ids = [str(m.get("marketplaceId", "")) for m in entries]
    if marketplace:
        wanted = country(marketplace)
        chosen = [
            m
            for m, mid in zip(entries, ids, strict=True)
            if mid.upper() == wanted or MARKETPLACES.get(mid) == wanted
        ]
    else:
        chosen = entries if len(entries) == 1 else []
    shown = ", ".join(f"{mid} ({MARKETPLACES.get(mid, '?')})" for mid in ids)
    if marketplace and not chosen:
        raise InvalidInput(
            N_("The report has no marketplace {marketplace}: it has {marketplaces}."),
            field="marketplace",
            marketplace=marketplace.strip(),
            marketplaces=shown,
        )
    if len(chosen) != 1:
        raise InvalidInput(
            N_("Choose the marketplace: the report has {marketplaces}."),
            field="marketplace",
            marketplaces=shown,
        )
    section = chosen[0]
    marketplace_id = str(section.get("marketplaceId", ""))
    statuses = document.get("accountStatuses") or []
    account_status = next(
        (
            str(s.get("status", ""))
            for s in statuses
            if isinstance(s, dict) and s.get("marketplaceId") == marketplace_id
        ),
        "",
    )
    report = HealthReport(marketplace_id, account_status)
    for channel, part in _odr_parts(section.get("orderDefectRate")):
        report.snapshots.append(
            _snapshot(part, "odr", "orderWithDefects.count", "orderCount", channel)
        )
        negative = _snapshot(
            part, "negative_feedback_rate", "negativeFeedback.count", "orderCount", channel
        )
        report.snapshots.append(
            Snapshot(
                **{
                    **negative.__dict__,
                    "rate": (
                        negative.numerator / negative.denominator
                        if negative.numerator is not None and negative.denominator
                        else None
                    ),
                    "platform_status": "",
                    "platform_target": None,
                }
            )
        )
    for keys, (metric, numerator, denominator) in RATE_METRICS.items():
        part = _first(section, *keys)
        if isinstance(part, dict):
            report.snapshots.append(_snapshot(part, metric, numerator, denominator))
    rating = section.get("accountHealthRating")
    if isinstance(rating, dict):
        days, end = _window(rating)
        report.snapshots.append(
            Snapshot(
                "account_health_rating",
                "",
                days,
                None,
                None,
                _float(_first(rating, "ahrScore", "score")),
                _status(_first(rating, "ahrStatus", "accountHealthRatingStatus")),
                None,
                end,
            )
        )
    for warning in _first(section, "warningStates", "warningState") or []:
        # a warning state Amazon calls GOOD (or NONE) is one the account is not warned of
        if not isinstance(warning, dict) or not warning.get("warningType"):
            continue
        if _status(warning.get("status")).upper() not in ("GOOD", "NONE"):
            report.warnings.append(str(warning["warningType"]))
    for key, value in section.items():
        if isinstance(value, dict) and "defectsCount" in value:
            count = _int(value.get("defectsCount"))
            if count:
                report.policy_defects[key] = count
    if not report.snapshots:
        raise InvalidInput(
            N_("The report holds no metrics for the marketplace {marketplace}."),
            field="source",
            marketplace=marketplace_id or "?",
        )
    return report
