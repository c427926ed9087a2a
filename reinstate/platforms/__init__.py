"""The seven marketplaces Reinstate knows (SPEC §2). Each will carry a policy pack in its folder."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import N_


@dataclass(frozen=True)
class Platform:
    code: str
    name: str  # an i18n message id


PLATFORMS: tuple[Platform, ...] = (
    Platform("amazon", N_("Amazon")),
    Platform("joom", N_("Joom")),
    Platform("taobao", N_("Taobao")),
    Platform("shopee", N_("Shopee")),
    Platform("temu", N_("Temu")),
    Platform("aliexpress", N_("AliExpress")),
    Platform("tiktok_shop", N_("TikTok Shop")),
)
PLATFORM_CODES: tuple[str, ...] = tuple(p.code for p in PLATFORMS)


def platform_name(code: str) -> str:
    for platform in PLATFORMS:
        if platform.code == code:
            return platform.name
    return code
