"""The schema of a platform pack (``reinstate/platforms/<platform>/policy.yaml``).

Strict: unknown keys are refused and types checked. Where two sources disagree, the section
names the field in its ``uncertain`` map with a note; such values are data, so an installation
can change them (``REINSTATE_POLICY_OVERRIDES``) rather than code.

Rates are fractions (0.01 = 1%). Host patterns ending in ``.*`` stand for any public suffix
(``amazon.*`` matches ``amazon.de`` and ``amazon.co.jp``).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .calendars import CalendarCode, Marketplace, ZoneName
from .taxonomy import ViolationCode

_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:[a-z]{2,}|\*)$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """The same sentence in English and Chinese."""

    en: Annotated[str, Field(min_length=1)]
    zh: Annotated[str, Field(min_length=1)]

    def get(self, language: str) -> str:
        return self.zh if language.startswith("zh") else self.en


class Sourced(Strict):
    """A section whose values may be marked uncertain: ``uncertain: {field: why}``."""

    uncertain: dict[str, str] = {}

    @model_validator(mode="after")
    def _uncertain_names_fields(self) -> Sourced:
        unknown = sorted(set(self.uncertain) - set(type(self).model_fields) - {"uncertain"})
        if unknown:
            raise ValueError(f"uncertain names fields this section does not have: {unknown}")
        return self


class Source(Strict):
    id: str
    title: str
    url: str | None = None
    seed: str | None = None  # a file of shared/seeds this rule was drawn from


class Patterns(Strict):
    """Regular expressions (case-insensitive) that show a notice speaks of a violation. ``ja``:
    Japanese (Amazon Japan's notices), read as notices are, its kanji in the forms Chinese
    text is simplified to (the readers do that)."""

    en: list[str] = []
    zh: list[str] = []
    ja: list[str] = []

    @field_validator("en", "zh", "ja")
    @classmethod
    def _compiles(cls, values: list[str]) -> list[str]:
        for pattern in values:
            try:
                re.compile(pattern, re.I)  # as the readers use it: their search hits re's cache
            except re.error as exc:
                raise ValueError(f"{pattern!r} is not a regular expression: {exc}") from exc
        return values


class Material(Sourced):
    name: Text
    mandatory: bool
    valid_when: Text
    max_age_days: int | None = Field(None, ge=1)
    # how a letter names the document ("business license", "营业执照"): a statement must cite it
    patterns: Patterns = Patterns()
    # The appeal letter itself: a letter version saved on the case fulfils it.
    letter: bool = False


# A Plan of Action answers a violation (root cause, actions taken, prevention); a statement
# answers a suspicion where no rule was broken (facts, identity and business documents cited,
# no admission), e.g. a store linked by mistake to a violating buyer account (seed 002).
LetterType = Literal["plan_of_action", "statement"]
LETTER_TYPES: tuple[str, ...] = ("plan_of_action", "statement")


class Violation(Strict):
    name: Text
    description: Text
    root_causes: list[Text] = Field(min_length=1)
    materials: list[str] = []
    patterns: Patterns = Patterns()
    letter: LetterType = "plan_of_action"  # the kind of letter that answers it


class AppealWindow(Strict):
    code: str
    name: Text
    hours: int = Field(ge=1)
    counted_from: Literal["notice", "claim", "rejection", "decision"]


LetterPart = Literal[
    "acknowledgement",
    "root_cause",
    "actions_taken",
    "prevention",
    "evidence",
    "per_violation",
    "statement_of_compliance",
]


# The kinds of notice a case answers (notices.kinds), as the appeal rules name them.
CaseKind = Literal[
    "suspension", "warning", "verification_invitation", "claim", "metric_alert", "informational"
]


class Appeal(Sourced):
    submission_days: int | None = Field(None, ge=1)
    min_resubmit_hours: int = Field(0, ge=0)
    max_attempts: int | None = Field(None, ge=1)
    # The cases the attempt limit governs, by the kind of notice they answer: the appeal of a
    # suspended (deactivated, restricted) account in seeds 000 and SPEC; a buyer's claim or a
    # metric alert is answered on terms of its own. A case of no known kind counts as one.
    max_attempts_for: list[CaseKind] = Field(["suspension"], min_length=1)
    after_max_attempts: Text | None = None
    review_working_days: tuple[int, int] | None = None
    calendar: CalendarCode
    timezone: ZoneName
    # marketplaces whose notices are on another calendar and clock than the two above
    marketplaces: list[Marketplace] = []
    language: Literal["en", "zh"]
    letter_structure: list[LetterPart] = Field(min_length=1)
    windows: list[AppealWindow] = []
    paid_expedite_exists: bool = False
    recurrence_limits_appeal_days: int | None = Field(None, ge=1)
    max_letter_chars: int | None = Field(None, ge=100)
    # the notice's deadline closes the appeal entrance: nothing is accepted after it (Joom)
    entrance_closes_at_deadline: bool = False

    def attempt_limit(self, kind: str | None) -> int | None:
        """The number of attempts a case of ``kind`` has (None: no limit), ``max_attempts``
        for the kinds it governs and a case of no known kind."""
        governed = kind is None or kind in self.max_attempts_for
        return self.max_attempts if governed else None

    @field_validator("review_working_days")
    @classmethod
    def _ordered(cls, value: tuple[int, int] | None) -> tuple[int, int] | None:
        if value is not None and not 0 < value[0] <= value[1]:
            raise ValueError("review_working_days must be [min, max] with 0 < min <= max")
        return value


FileFormat = Literal["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx"]


class Files(Sourced):
    formats: list[FileFormat] = Field(min_length=1)
    max_mb: float | None = Field(None, gt=0)
    name_pattern: str | None = None
    date_format: str = "%Y%m%d"
    encrypted_allowed: bool = False

    @field_validator("name_pattern")
    @classmethod
    def _known_placeholders(cls, value: str | None) -> str | None:
        allowed = {"store_name", "violation_type", "date"}
        used = set(re.findall(r"\{(\w+)\}", value or ""))
        if used - allowed:
            raise ValueError(f"name_pattern may use only {sorted(allowed)}, not {sorted(used)}")
        return value


class Metric(Sourced):
    name: Text
    target: float
    comparator: Literal["lt", "le", "gt", "ge"]
    unit: Literal["rate", "hours", "score"] = "rate"
    windows: list[int] = Field(min_length=1)
    # ``at_risk`` when the value is this close to the target on the safe side: a share of the
    # target for upper limits, of the allowed shortfall (1 - target) for lower limits on rates.
    at_risk_margin: float = Field(0.2, ge=0, lt=1)


class RatingBand(Strict):
    min_score: int = Field(ge=0)
    status: Literal["healthy", "at_risk", "unhealthy"]


class HealthRating(Sourced):
    name: Text
    max_score: int
    bands: list[RatingBand] = Field(min_length=1)


# -- penalty systems ------------------------------------------------------------------------


class FakeTransactionRow(Strict):
    offence_from: int = Field(ge=1)
    offence_to: int | None = Field(None, ge=1)  # None: and every later offence
    orders: Literal["at_most_threshold", "over_threshold", "any"]
    points: int = Field(ge=0)
    shop_shield_days: int = Field(ge=0)
    promotion_restricted: bool


class SeriousFakeTransaction(Strict):
    points: int
    appealable: bool
    permanent_freeze_after_days: int
    description: Text


class FakeTransactions(Sourced):
    order_threshold: int = Field(ge=1)
    remove_order_credit: bool
    appeal_first: bool
    table: list[FakeTransactionRow] = Field(min_length=1)
    serious: SeriousFakeTransaction
    consequences: Text


class PointNode(Strict):
    points: int = Field(ge=1)
    consequence: Text
    shop_shield_days: int | None = None
    shop_closed_days: int | None = None
    account_sealed: bool = False


class TaobaoPenalties(Sourced):
    kind: Literal["taobao"]
    fake_transactions: FakeTransactions
    point_nodes: list[PointNode] = Field(min_length=1)
    reset: Literal["year_end"]


class ShopeeTier(Strict):
    tier: int = Field(ge=1)
    points: int = Field(ge=1)
    restrictions: list[str] = Field(min_length=1)
    days: int = Field(ge=1)


class ResetChange(Strict):
    region: str
    starts: date
    rule: Literal["first_monday_of_quarter", "last_monday_of_quarter"]


class ShopeePenalties(Sourced):
    kind: Literal["shopee"]
    tiers: list[ShopeeTier] = Field(min_length=1)
    restrictions: dict[str, Text]
    reset: Literal["first_monday_of_quarter", "last_monday_of_quarter"]
    reset_changes: list[ResetChange] = []
    regions: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _restrictions_named(self) -> ShopeePenalties:
        for tier in self.tiers:
            missing = set(tier.restrictions) - set(self.restrictions)
            if missing:
                raise ValueError(f"tier {tier.tier} names unknown restrictions {sorted(missing)}")
        return self


class Milestone(Sourced):
    points: int = Field(ge=1)
    consequence: Text
    permanent_deactivation: bool = False


class ExpiryChange(Strict):
    region: str
    starts: date
    days: int = Field(ge=1)


class TikTokPenalties(Sourced):
    kind: Literal["tiktok"]
    violation_points: dict[ViolationCode, tuple[int, int]]
    milestones: list[Milestone] = Field(min_length=1)
    expiry_days: int = Field(ge=1)
    expiry_changes: list[ExpiryChange] = []
    regions: list[str] = Field(min_length=1)


Penalties = Annotated[
    TaobaoPenalties | ShopeePenalties | TikTokPenalties, Field(discriminator="kind")
]


# -- verification ---------------------------------------------------------------------------


class ReadinessItem(Strict):
    """One item of the readiness checklist that ``bring`` and ``setting`` do not name."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    text: Text


class TriggerMonitor(Strict):
    """When an account's change log says it may be asked for video verification (seed 004:
    "连续3次密码重置、新设备登录频次超阈值、收款银行账户更换≥2次/季度")."""

    password_resets_in_a_row: int = Field(gt=0)
    bank_changes: int = Field(gt=0)  # this many bank or payment account changes ...
    bank_window_days: int = Field(gt=0)  # ... within this many days (a quarter)
    new_device_logins_max: int = Field(ge=0)  # more new-device logins than this ...
    new_device_window_days: int = Field(gt=0)  # ... within this many days


class VideoVerification(Sourced):
    triggers: list[Text] = Field(min_length=1)
    invitation_senders: list[str] = Field(min_length=1)
    invitation_hosts: list[str] = Field(min_length=1)
    booking_hours_ahead: tuple[int, int]
    time_zones: list[str]
    duration_minutes: tuple[int, int]
    language: Literal["en", "zh"]
    bring: list[Text]
    setting: list[Text]
    hold_id_seconds: int
    result_within_hours: int
    rebook_after_failure_hours: int
    max_no_shows: int
    max_network_drops: int
    needed_data: list[Text]
    # checked before the call, with ``bring`` and ``setting``: each ticked by a named member
    readiness: list[ReadinessItem] = []
    monitor: TriggerMonitor | None = None

    @field_validator("readiness")
    @classmethod
    def _unique_ids(cls, items: list[ReadinessItem]) -> list[ReadinessItem]:
        ids = [item.id for item in items]
        if len(set(ids)) != len(ids):
            raise ValueError(f"readiness ids repeat: {ids}")
        return items

    @model_validator(mode="after")
    def _window(self) -> VideoVerification:
        low, high = self.booking_hours_ahead
        if not 0 < low <= high:
            raise ValueError("booking_hours_ahead: two hours, the first not above the second")
        for zone in self.time_zones:
            if not re.fullmatch(r"UTC[+-](?:[0-9]|1[0-4])", zone):
                raise ValueError(f"not a UTC offset like UTC+8: {zone}")
        return self


class Verification(Strict):
    video: VideoVerification | None = None


TriageValue = Literal["yes", "no"]


class TriageAnswer(Strict):
    value: TriageValue
    answer: Text
    meaning: Text
    next_steps: list[Text] = Field(min_length=1)
    # what the answer makes of the case: these violations instead of the question's ``decides``
    violations: list[ViolationCode] = []
    letter_type: LetterType | None = None


class Triage(Strict):
    """A question that tells apart two kinds of the same notice (seed 002). A case records the
    answer (yes, no or unknown); an answer replaces the violations the question ``decides``
    between with its own, and chooses the letter type."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    applies_when: Patterns
    question: Text
    decides: list[ViolationCode] = []
    answers: list[TriageAnswer] = Field(min_length=2)

    @model_validator(mode="after")
    def _answers_decided(self) -> Triage:
        values = [a.value for a in self.answers]
        if len(set(values)) != len(values):
            raise ValueError(f"triage {self.id}: answer values repeat: {values}")
        for answer in self.answers:
            stray = sorted(set(answer.violations) - set(self.decides))
            if stray:
                raise ValueError(f"triage {self.id}: {stray} are not in decides")
        return self

    def answer(self, value: str) -> TriageAnswer | None:
        return next((a for a in self.answers if a.value == value), None)


class NoticeKind(Strict):
    """How a notice of this kind reads, and the window the platform gives to answer it."""

    patterns: Patterns
    # ``appeal.windows`` code of the platform's own window for this kind (A-to-z: 72 h)
    window: str | None = None


class Pack(Strict):
    platform: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    names: Text
    sources: list[Source] = Field(min_length=1)
    brands: list[str] = Field(min_length=1, description="Names a notice uses, lower-case")
    senders: list[str] = Field(min_length=1)
    hosts: list[str] = Field(min_length=1)
    # the public suffixes a host pattern ``name.*`` stands for (the platform's marketplaces);
    # empty: any public suffix
    host_suffixes: list[str] = []
    uncertain: dict[str, str] = {}
    never_asks_by_email: list[Literal["password", "pin", "bank_details", "card_number"]] = []
    violations: dict[ViolationCode, Violation] = Field(min_length=1)
    materials: dict[str, Material] = {}
    appeal: Appeal
    files: Files
    metrics: dict[str, Metric] = {}
    account_health_rating: HealthRating | None = None
    penalties: Penalties | None = None
    verification: Verification = Verification()
    triage: list[Triage] = []
    notice_kinds: dict[CaseKind, NoticeKind] = {}
    # the platform's own image, tracking-redirect and mail hosts: never look-alikes
    asset_hosts: list[str] = []

    @field_validator("senders", "hosts", "asset_hosts")
    @classmethod
    def _domains(cls, values: list[str]) -> list[str]:
        bad = [v for v in values if not _DOMAIN.match(v)]
        if bad:
            raise ValueError(f"not domain names: {bad}")
        return values

    @model_validator(mode="after")
    def _materials_exist(self) -> Pack:
        for code, violation in self.violations.items():
            missing = sorted(set(violation.materials) - set(self.materials))
            if missing:
                raise ValueError(f"violation {code} needs materials not defined: {missing}")
        windows = {w.code for w in self.appeal.windows}
        for kind, notice_kind in self.notice_kinds.items():
            if notice_kind.window is not None and notice_kind.window not in windows:
                raise ValueError(f"notice kind {kind} names an unknown window {notice_kind.window}")
        unknown = sorted(set(self.uncertain) - {"senders", "hosts"})
        if unknown:
            raise ValueError(f"uncertain names fields this section does not have: {unknown}")
        for triage in self.triage:
            foreign = sorted(set(triage.decides) - set(self.violations))
            if foreign:
                raise ValueError(f"triage {triage.id} decides violations not defined: {foreign}")
        return self

    def triage_question(self, question_id: str) -> Triage | None:
        return next((t for t in self.triage if t.id == question_id), None)

    def violation(self, code: str) -> Violation | None:
        """The violation named by a code from outside (a case, a draft), if the pack knows it."""
        return next((v for c, v in self.violations.items() if c == code), None)
