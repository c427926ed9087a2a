"""Load, validate and index the platform packs.

``load_policies()`` reads every ``platforms/<platform>/policy.yaml``; a pack that does not fit
the schema is refused with its file and the path of the bad value. Values can be changed per
installation by a YAML file of partial packs (``REINSTATE_POLICY_OVERRIDES``), deep-merged before
validation, so an uncertain rule is configured rather than edited in code.

>>> load_policies().get("joom").appeal.min_resubmit_hours
48
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..errors import N_, NotFound, ReinstateError
from .schema import Pack

PLATFORMS_DIR = Path(__file__).resolve().parents[1] / "platforms"
PACK_FILE = "policy.yaml"


@dataclass(frozen=True)
class Problem:
    file: str
    path: str
    message: str

    def __str__(self) -> str:
        return (
            f"{self.file}: {self.path}: {self.message}"
            if self.path
            else (f"{self.file}: {self.message}")
        )


class PolicyInvalid(ReinstateError):
    status = 500
    code = "policy_invalid"

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(N_("A platform pack is not valid: {problem}"), problem=str(problems[0]))
        self.problems = problems


def platform_codes(root: Path = PLATFORMS_DIR) -> tuple[str, ...]:
    """Every platform with a pack folder, alphabetically: adding a platform is adding a folder."""
    return tuple(sorted(p.parent.name for p in root.glob(f"*/{PACK_FILE}")))


# libyaml's parser when PyYAML was built with it: the same documents, read ten times faster
# (the pure-Python one took most of a command's start-up reading the packs).
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise PolicyInvalid([Problem(str(path), where, str(exc.problem))]) from exc
    except (OSError, yaml.YAMLError) as exc:
        raise PolicyInvalid([Problem(str(path), "", str(exc))]) from exc


def _merge(base: Any, override: Any) -> Any:
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = _merge(base.get(key), value)
        return merged
    return override


def _problems(file: str, exc: ValidationError) -> list[Problem]:
    return [
        Problem(file, ".".join(str(part) for part in error["loc"]), error["msg"])
        for error in exc.errors()
    ]


def read_pack(path: Path, override: Mapping[str, Any] | None = None) -> Pack:
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise PolicyInvalid([Problem(str(path), "", "the file must hold a mapping")])
    if override:
        data = _merge(data, dict(override))
    try:
        pack = Pack.model_validate(data)
    except ValidationError as exc:
        raise PolicyInvalid(_problems(str(path), exc)) from exc
    if pack.platform != path.parent.name:
        problem = f"is {pack.platform!r} but the folder is {path.parent.name!r}"
        raise PolicyInvalid([Problem(str(path), "platform", problem)])
    return pack


def _overrides(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    data = _read_yaml(path)
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise PolicyInvalid([Problem(str(path), "", "overrides map a platform to a partial pack")])
    return data


class Policies(Mapping[str, Pack]):
    """The validated packs, by platform code."""

    def __init__(self, packs: dict[str, Pack]) -> None:
        self._packs = packs

    def __getitem__(self, platform: str) -> Pack:
        return self._packs[platform]

    def __iter__(self) -> Iterator[str]:
        return iter(self._packs)

    def __len__(self) -> int:
        return len(self._packs)

    def code_of(self, name: str) -> str | None:
        """The code of the platform a user names by its code or its name in English or Chinese,
        in any case and spacing ("JOOM", "TikTok Shop", "tiktok-shop", "淘宝", "虾皮"); None
        when no platform has that name.

        >>> [load_policies().code_of(n) for n in ("JOOM", "TikTok Shop", "淘宝", "虾皮", "eBay")]
        ['joom', 'tiktok_shop', 'taobao', 'shopee', None]
        """
        wanted = _folded(name)
        for code, pack in self._packs.items():
            names = (code, pack.names.en, pack.names.zh, *pack.names.zh.split())
            if wanted in {_folded(n) for n in names}:
                return code
        return None

    def resolve(self, name: str) -> str:
        """The code of the platform ``name`` names (:meth:`code_of`), or one clear sentence
        naming the platforms there are."""
        code = self.code_of(name)
        if code is None:
            raise NotFound(
                N_("There is no platform “{platform}”: choose one of {choices}."),
                platform=name,
                choices=", ".join(self._packs),
            )
        return code

    def get_pack(self, platform: str) -> Pack:
        """The pack of ``platform`` (its code or its name, :meth:`resolve`), or one clear
        sentence naming the platforms there are."""
        return self._packs[self.resolve(platform)]


def _folded(name: str) -> str:
    """A platform's name as compared: NFKC, casefolded, without spaces, hyphens, underscores."""
    return re.sub(r"[\s_\-]+", "", unicodedata.normalize("NFKC", name)).casefold()


def platform_code(name: object) -> object:
    """The code of the platform ``name`` names (:meth:`Policies.code_of`), else ``name`` as it
    was, for the caller's own refusal."""
    code = load_policies().code_of(name) if isinstance(name, str) else None
    return code or name


def check_policies(root: Path = PLATFORMS_DIR, overrides: Path | None = None) -> list[Problem]:
    """Every problem of every pack (empty when all are valid)."""
    try:
        extra = _overrides(overrides)
    except PolicyInvalid as exc:
        return exc.problems
    problems: list[Problem] = []
    for code in platform_codes(root):
        try:
            read_pack(root / code / PACK_FILE, extra.get(code))
        except PolicyInvalid as exc:
            problems.extend(exc.problems)
    for unknown in sorted(set(extra) - set(platform_codes(root))):
        problems.append(Problem(str(overrides), unknown, "no platform has this name"))
    return problems


@cache
def load_policies(root: Path = PLATFORMS_DIR, overrides: Path | None = None) -> Policies:
    extra = _overrides(overrides)
    packs = {
        code: read_pack(root / code / PACK_FILE, extra.get(code)) for code in platform_codes(root)
    }
    return Policies(packs)
