"""A mapping file: a user's description of an export, which column is which and how values
are written, read from TOML; and Amazon's "All Orders" report described the same way.

A mapping file::

    timezone = "Asia/Shanghai"            # for times written without an offset
    timestamp_format = "%Y/%m/%d %H:%M"   # strptime; ISO 8601 when absent
    delimiter = ","                       # csv (default), or "\\t"
    encoding = "gb18030"
    quoting = true                        # false: a " is a character like any other

    [columns]                             # source column = canonical column
    "订单号" = "order_id"
    "下单时间" = "purchase_ts"

    [values.status]                       # source value = canonical value
    "已取消" = "cancelled"

    [constants]                           # a value for every row
    account_id = "shop-1"
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import N_, InvalidInput, Phrase
from ..reasons import REASONS
from .sources import CANONICAL, is_time_format, is_zone


class Mapping(BaseModel):
    """A user's description of an export: which column is which, and how values are written."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["csv", "tsv", "parquet"] = "csv"
    delimiter: str | None = Field(None, min_length=1, max_length=1)
    encoding: str = "utf-8"
    quoting: bool = True  # whether "…" quotes a field (Amazon's flat files never quote one)
    timezone: str = "UTC"
    timestamp_format: str | None = None
    columns: dict[str, str] = Field(min_length=1)
    values: dict[str, dict[str, str]] = {}
    constants: dict[str, str] = {}

    @field_validator("columns")
    @classmethod
    def _known_targets(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value.values()) - set(CANONICAL))
        if unknown:
            raise ValueError(Phrase(N_("{value} is not a canonical column"), value=unknown[0]))
        return value

    @field_validator("values", "constants")
    @classmethod
    def _known_keys(cls, value: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(value) - set(CANONICAL))
        if unknown:
            raise ValueError(Phrase(N_("{value} is not a canonical column"), value=unknown[0]))
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        if not is_zone(value):
            raise ValueError(Phrase(N_("{value} is not a time zone"), value=value))
        return value

    @field_validator("timestamp_format")
    @classmethod
    def _format(cls, value: str | None) -> str | None:
        if value is not None and not is_time_format(value):
            why = N_("{value} is not a time format (write it like %Y/%m/%d %H:%M)")
            raise ValueError(Phrase(why, value=value))
        return value

    @property
    def separator(self) -> str:
        return self.delimiter or ("\t" if self.format == "tsv" else ",")


def read_mapping(path: Path, name: str | None = None) -> Mapping:
    """The mapping file at ``path`` (called ``name`` in messages, for an upload)."""
    if not path.is_file():
        raise InvalidInput(N_("There is no file {path}."), field="mapping", path=str(path))
    name = name or path.name
    try:
        # utf-8-sig: Windows' Notepad begins a file saved as UTF-8 with a byte-order mark
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:  # saved in GBK or another code page: say so, not Python
        raise InvalidInput(
            N_("The mapping file {path} is not UTF-8 text: save it as UTF-8."),
            field="mapping",
            path=name,
        ) from exc
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(
            N_("The mapping file {path} is not valid TOML: {reason}"),
            field="mapping",
            path=name,
            reason=str(exc),
        ) from exc
    try:
        return Mapping.model_validate(document)
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(p) for p in problem["loc"]) or "mapping"
        raise InvalidInput(
            N_("The mapping file {path} is not valid: {where}: {reason}."),
            field="mapping",
            path=name,
            where=where,
            reason=_why(problem),
        ) from exc


def _why(problem: Any) -> str:
    """Why pydantic refused a mapping's value, to be said in the reader's language (its own
    words are English): the checks' own sentences, or its reason by the kind of error."""
    context = dict(problem.get("ctx") or {})
    error = context.pop("error", None)
    if isinstance(error, ValueError) and error.args and isinstance(error.args[0], Phrase):
        return error.args[0]
    if problem["type"] == "extra_forbidden":
        return Phrase(N_("not a key a mapping file has"))
    if problem["type"] in REASONS:
        return Phrase(REASONS[problem["type"]], **context)
    return str(problem["msg"]).removeprefix("Value error, ")


# Amazon's "All Orders" flat file (tab-separated, one row per order item). Its column set varies
# by marketplace; these are the columns it always has, found by header name.
AMAZON_ALL_ORDERS = Mapping(
    format="tsv",
    # not quoted: a product name that begins with a " it never closes is text, not the start
    # of a field running on to the next lines
    quoting=False,
    columns={
        "amazon-order-id": "order_id",
        "purchase-date": "purchase_ts",
        "order-status": "status",
        "fulfillment-channel": "fulfilment",
        "sales-channel": "marketplace",
        "sku": "sku",
        "asin": "asin",
        "quantity": "quantity",
        "ship-country": "destination_country",
    },
    values={
        "fulfilment": {"Amazon": "afn", "Merchant": "mfn", "AFN": "afn", "MFN": "mfn"},
        "status": {"Cancelled": "cancelled", "Canceled": "cancelled"},
    },
    constants={"platform": "amazon"},
)
