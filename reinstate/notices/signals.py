"""What a notice's check found: signals with a weight and a sentence (English for the CLI and
the API, a catalog message with its values for pages in other languages)."""

from __future__ import annotations

from dataclasses import dataclass

STRONG, MEDIUM, WEAK, GOOD = "strong", "medium", "weak", "good"


@dataclass(frozen=True)
class Signal:
    code: str
    detail: str  # in English, as the CLI and the API give it
    weight: str
    message: str = ""  # the detail as a catalog message, for pages in other languages
    params: tuple[tuple[str, str], ...] = ()  # its placeholders; empty: detail is raw text


def said(code: str, weight: str, message: str, **params: str) -> Signal:
    return Signal(code, message.format(**params), weight, message, tuple(params.items()))
