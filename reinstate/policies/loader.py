"""Load, validate and index the platform packs.

``load_policies()`` reads every ``platforms/<platform>/policy.yaml``; a pack that does not fit
the schema is refused with its file and the path of the bad value. Values can be changed per
installation by a YAML file of partial packs (``REINSTATE_POLICY_OVERRIDES``), deep-merged before
validation, so an uncertain rule is configured rather than edited in code.

>>> load_policies().get("joom").appeal.min_resubmit_hours
48
"""

from __future__ import annotations

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

    def get_pack(self, platform: str) -> Pack:
        """The pack of ``platform``, or one clear sentence naming the platforms there are."""
        if platform not in self._packs:
            raise NotFound(
                N_("There is no platform “{platform}”: choose one of {choices}."),
                platform=platform,
                choices=", ".join(self._packs),
            )
        return self._packs[platform]


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
