"""A pack as one JSON document (``policy show --json``, ``GET /api/v1/platforms/{platform}``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from .loader import Policies
from .schema import Pack


def uncertain_values(data: Any, path: str = "") -> list[dict[str, str]]:
    """Every value marked uncertain anywhere in a dumped pack, as ``{"path", "note"}``."""
    found: list[dict[str, str]] = []
    if isinstance(data, dict):
        for field, note in (data.get("uncertain") or {}).items():
            found.append({"path": f"{path}{field}", "note": note})
        for key, value in data.items():
            if key != "uncertain":
                found += uncertain_values(value, f"{path}{key}.")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += uncertain_values(value, f"{path}{index}.")
    return found


def _keyed(items: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [{key: name, **value} for name, value in items.items()]


def pack_document(pack: Pack) -> dict[str, Any]:
    data = pack.model_dump(mode="json")
    document = {
        **data,
        "violations": _keyed(data["violations"], "code"),
        "materials": _keyed(data["materials"], "id"),
        "metrics": _keyed(data["metrics"], "code"),
        "uncertain": uncertain_values(data),
    }
    return document


def pack_summary(pack: Pack) -> dict[str, Any]:
    return {
        "platform": pack.platform,
        "names": pack.names.model_dump(),
        "violations": list(pack.violations),
        "penalty_system": pack.penalties.kind if pack.penalties else None,
        "appeal_language": pack.appeal.language,
    }


class PlatformSummary(BaseModel):
    platform: str
    names: dict[str, str]
    violations: list[str]
    penalty_system: str | None
    appeal_language: str


class PlatformList(BaseModel):
    items: list[PlatformSummary]


class PlatformRules(BaseModel):
    """A pack as one document: ``violations``, ``materials`` and ``metrics`` as lists keyed by
    ``code``/``id``, and ``uncertain`` listing every value marked uncertain; the pack's other
    sections (senders, hosts, appeal, files, penalties, ...) as the pack writes them."""

    model_config = ConfigDict(extra="allow")
    platform: str
    violations: list[dict[str, Any]]
    materials: list[dict[str, Any]]
    metrics: list[dict[str, Any]]
    uncertain: list[dict[str, str]]


def platform_list(policies: Policies) -> PlatformList:
    return PlatformList.model_validate({"items": [pack_summary(p) for p in policies.values()]})


def platform_rules(pack: Pack) -> PlatformRules:
    return PlatformRules.model_validate(pack_document(pack))
