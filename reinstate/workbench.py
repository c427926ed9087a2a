"""The handle every adapter holds: settings, database and clock, created explicitly.

>>> wb = Workbench.open(Settings(data_dir=Path("/tmp/rs")))  # doctest: +SKIP
>>> org = create_organisation(wb, "Blue Ocean Trading", "seller")  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .clock import Clock, SystemClock
from .settings import Settings
from .storage.db import Database


@dataclass
class Workbench:
    settings: Settings
    db: Database
    clock: Clock = field(default_factory=SystemClock)

    @classmethod
    def open(cls, settings: Settings, clock: Clock | None = None) -> Workbench:
        return cls(settings=settings, db=Database(settings), clock=clock or SystemClock())

    def close(self) -> None:
        self.db.dispose()
