"""One folder per marketplace, each holding its ``policy.yaml``: adding a platform is adding a
folder. Codes and display names come from the packs."""

from __future__ import annotations

from ..policies.loader import PLATFORMS_DIR, load_policies, platform_codes

__all__ = ["PLATFORMS_DIR", "platform_choices", "platform_codes", "platform_label"]


def platform_label(code: str, language: str) -> str:
    """The platform's name in ``language`` (its code when no pack has it)."""
    packs = load_policies()
    return packs[code].names.get(language) if code in packs else code


def platform_choices(language: str) -> list[tuple[str, str]]:
    """Every platform's code and name, alphabetically by code: the packs as loaded (once per
    process), not the folders looked up again on each page that offers the choice."""
    return [(code, platform_label(code, language)) for code in load_policies()]
