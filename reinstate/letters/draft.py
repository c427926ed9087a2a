"""What the composer is given: the notice's facts and, per violation, the seller's answers to
"why did it happen / what have you done / what will stop it", with the evidence behind them.

Everything a person types is bounded and checked here, so the composer never sees bad input:

>>> draft = parse_draft({"platform": "joom", "store_name": "Lumen", "answers": [
...     {"violation": "counterfeit", "root_causes": ["Bought from an unverified supplier"]}]})
>>> draft.answers[0].actions
[]
>>> parse_draft({"platform": "joom", "store_name": "Lumen", "answers": [{"violation": ""}]})
Traceback (most recent call last):
...
reinstate.errors.InvalidInput: answers.1.violation must not be empty.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)

from ..errors import N_, InvalidInput

Line = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
ExhibitName = Annotated[
    str,
    BeforeValidator(lambda value: value.strip().upper() if isinstance(value, str) else value),
    StringConstraints(pattern=r"^([A-Z]{1,2})?$"),
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Citation(Model):
    """Exhibit B, page 4 of the case's evidence pack (page optional)."""

    exhibit: ExhibitName = ""
    page: int | None = Field(None, ge=1, le=100_000)

    @property
    def given(self) -> bool:
        return bool(self.exhibit)


class Action(Citation):
    text: Line
    done_on: date | None = None


class Measure(Model):
    """A preventive measure: the mechanism, who owns it and how often it runs."""

    text: Line
    owner: Short = ""
    frequency: Short = ""


class Proof(Citation):
    text: Line


class Answer(Model):
    violation: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    quote: Line = ""  # the notice's own words about this violation (Joom wants them quoted)
    facts: list[Line] = Field(default_factory=list, max_length=20)  # a statement's account of it
    root_causes: list[Line] = Field(default_factory=list, max_length=20)
    actions: list[Action] = Field(default_factory=list, max_length=30)
    prevention: list[Measure] = Field(default_factory=list, max_length=30)
    evidence: list[Proof] = Field(default_factory=list, max_length=30)

    def cleaned(self) -> Answer:
        """The answer without the empty rows a form leaves behind."""
        return self.model_copy(
            update={
                "facts": [f for f in self.facts if f],
                "root_causes": [c for c in self.root_causes if c],
                "actions": [a for a in self.actions if a.text],
                "prevention": [m for m in self.prevention if m.text],
                "evidence": [p for p in self.evidence if p.text or p.given],
            }
        )


class Draft(Model):
    platform: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    store_name: Short
    seller_id: Short = ""
    reference_id: Short = ""
    notice_date: date | None = None
    items: list[Short] = Field(default_factory=list, max_length=200)
    answers: list[Answer] = Field(min_length=1, max_length=20)
    statement: Annotated[str, StringConstraints(strip_whitespace=True, max_length=3000)] = ""
    signatory: Short = ""
    exhibits: list[ExhibitLabel] = Field(default_factory=list, max_length=52)
    variant: Short = ""  # whose wording: one account's letters share it, another's differ
    # None: the type the case's triage or violations call for
    letter_type: Literal["plan_of_action", "statement"] | None = None

    def cleaned(self) -> Draft:
        return self.model_copy(update={"answers": [a.cleaned() for a in self.answers]})


class ExhibitLabel(Model):
    """One exhibit of the case's evidence pack, as the letter's index lists it."""

    exhibit: ExhibitName
    title: Short
    first_page: int = Field(ge=1)
    last_page: int = Field(ge=1)


Draft.model_rebuild()


def parse_draft(document: Any) -> Draft:
    """A Draft from JSON-like data, or one sentence naming the first field that is wrong."""
    try:
        return Draft.model_validate(document).cleaned()
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p + 1) if isinstance(p, int) else str(p) for p in error["loc"])
        message = PROBLEMS.get(error["type"], N_("{field} is not valid."))
        raise InvalidInput(message, field=where or "draft", **(error.get("ctx") or {})) from None


PROBLEMS = {
    "missing": N_("{field} is required."),
    "extra_forbidden": N_("{field} is not a field of a letter draft."),
    "string_too_short": N_("{field} must not be empty."),
    "string_too_long": N_("{field} is too long: at most {max_length} characters."),
    "too_short": N_("{field} must not be empty."),
    "too_long": N_("{field} has too many entries: at most {max_length}."),
    "literal_error": N_("{field} must be one of {expected}."),
    "string_pattern_mismatch": N_("{field} must be an exhibit letter such as B."),
    "string_type": N_("{field} must be text."),
    "list_type": N_("{field} must be a list."),
    "model_type": N_("{field} must be an object."),
    "model_attributes_type": N_("{field} must be an object."),
    "date_from_datetime_parsing": N_("{field} is not a date: write it as YYYY-MM-DD."),
    "date_parsing": N_("{field} is not a date: write it as YYYY-MM-DD."),
    "date_type": N_("{field} is not a date: write it as YYYY-MM-DD."),
    "int_parsing": N_("{field} must be a whole number."),
    "int_type": N_("{field} must be a whole number."),
    "greater_than_equal": N_("{field} must be at least {ge}."),
    "less_than_equal": N_("{field} must be at most {le}."),
}
