"""The handle every adapter holds: settings, database and clock, created explicitly.

Example::

    wb = Workbench.open(Settings(data_dir=Path("/tmp/rs")))
    org = create_organisation(wb, "Blue Ocean Trading", "seller")
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import pdf_fonts
from .clock import Clock, SystemClock
from .policies.loader import PLATFORMS_DIR, Policies, load_policies
from .settings import Settings
from .storage.db import Database


@dataclass
class Workbench:
    settings: Settings
    db: Database
    clock: Clock = field(default_factory=SystemClock)

    @classmethod
    def open(cls, settings: Settings, clock: Clock | None = None) -> Workbench:
        pdf_fonts.configure(settings.cjk_font)  # a setting naming no file is refused here
        return cls(settings=settings, db=Database(settings), clock=clock or SystemClock())

    @property
    def policies(self) -> Policies:
        return load_policies(PLATFORMS_DIR, self.settings.policy_overrides)

    def close(self) -> None:
        self.db.dispose()
