"""Amazon's account health report (SP-API ``GET_V2_SELLER_PERFORMANCE_REPORT``) read into
metric snapshots, tolerating the quirks of real and sample reports: both spellings of
``preFulfillmentCancellationRate``/``prefulfillmentCancelRate``, ``warningStates``/
``warningState`` and ``documentRequests``/``documentRequest``; statuses outside the schema's
enum (``SUSPENDED``); an optional ``ahrScore``; counts that disagree with the rate (the rate
Amazon reports is kept as it is).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import N_, InvalidInput

MAX_REPORT_BYTES = 20 * 1024 * 1024

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
    value: Any = section
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _window(section: dict[str, Any]) -> tuple[int | None, date | None]:
    span = section.get("reportingDateRange") or {}
    start, end = _day(span.get("reportingDateFrom")), _day(span.get("reportingDateTo"))
    if start and end and end >= start:
        return (end - start).days + 1, end
    return None, end


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _snapshot(
    section: dict[str, Any], metric: str, numerator: str, denominator: str, fulfilment: str = ""
) -> Snapshot:
    days, end = _window(section)
    return Snapshot(
        metric=metric,
        fulfilment=fulfilment,
        window_days=days,
        numerator=_int(_dig(section, numerator)),
        denominator=_int(_dig(section, denominator)),
        rate=_float(section.get("rate")),
        platform_status=str(section.get("status") or ""),
        platform_target=_float(section.get("targetValue")),
        reported_to=end,
    )


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


def parse_report(data: bytes, marketplace: str | None = None) -> HealthReport:
    """The report's metrics for one marketplace (``marketplace``: an id such as
    ``ATVPDKIKX0DER`` or a country code such as ``US``; needed when the report has several)."""
    if len(data) > MAX_REPORT_BYTES:
        raise _too_large()
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(N_("The report is not JSON."), field="source") from exc
    metrics = document.get("performanceMetrics") if isinstance(document, dict) else None
    if not isinstance(metrics, list) or not metrics:
        raise InvalidInput(
            N_("The file is not an Amazon account health report: it has no performanceMetrics."),
            field="source",
        )
    entries = [m for m in metrics if isinstance(m, dict)]
    ids = [str(m.get("marketplaceId", "")) for m in entries]
    if marketplace:
        wanted = marketplace.strip().upper()
        chosen = [
            m
            for m, mid in zip(entries, ids, strict=True)
            if mid.upper() == wanted or MARKETPLACES.get(mid) == wanted
        ]
    else:
        chosen = entries if len(entries) == 1 else []
    if len(chosen) != 1:
        shown = ", ".join(f"{mid} ({MARKETPLACES.get(mid, '?')})" for mid in ids)
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
    odr = section.get("orderDefectRate")
    if isinstance(odr, dict):
        for channel in ("mfn", "afn"):
            part = odr.get(channel)
            if isinstance(part, dict):
                # the key names the channel; the sample's afn part says "mfn" inside
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
                str(rating.get("ahrStatus") or ""),
                None,
                end,
            )
        )
    for warning in _first(section, "warningStates", "warningState") or []:
        if isinstance(warning, dict) and warning.get("warningType"):
            report.warnings.append(str(warning["warningType"]))
    for key, value in section.items():
        if isinstance(value, dict) and "defectsCount" in value:
            count = _int(value.get("defectsCount"))
            if count:
                report.policy_defects[key] = count
    return report
