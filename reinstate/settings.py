"""Every setting of the product, declared once.

Values come from ``REINSTATE_*`` environment variables, then from an optional ``reinstate.toml`` in
the working directory, then from the defaults below. Each setting is documented in README.md (a
test fails when one is not). Secrets are never defaulted: for local use a secret key is generated
once and kept in the data directory with mode 0600; in production it must be given.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from .errors import N_, ConfigurationError

Language = Literal["en", "zh_CN"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="REINSTATE_", toml_file="reinstate.toml", extra="forbid", frozen=True
    )

    env: Literal["development", "production", "test"] = Field(
        "development", description="`production` requires a secret key and secure cookies."
    )
    data_dir: Path = Field(Path("./var"), description="Where the SQLite file, keys and blobs live.")
    database_url: str | None = Field(
        None,
        description="SQLAlchemy URL; default a SQLite file in the data directory. "
        "Use `postgresql+psycopg://user@host/db` for PostgreSQL.",
    )
    secret_key: SecretStr | None = Field(
        None, description="Signs session cookies; generated into the data directory when unset."
    )
    language: Language = Field("en", description="Default language: `en` or `zh_CN`.")
    session_days: int = Field(14, ge=1, le=90, description="How long a sign-in lasts.")
    token_days: int = Field(90, ge=1, le=3650, description="Default lifetime of an API token.")
    max_upload_mb: int = Field(25, ge=1, le=200, description="Largest evidence file accepted.")
    max_import_mb: int = Field(
        500, ge=1, le=20000, description="Largest order file accepted for the metrics on the web."
    )
    notify_allow_private: bool = Field(
        False,
        description="Let reminders go to loopback, private and link-local addresses "
        "(on-premises webhooks and mail servers).",
    )
    mail_url: SecretStr | None = Field(
        None,
        description="An apprise URL sign-up links are mailed through, e.g. "
        "`mailto://user:pass@smtp.example.com?from=noreply@example.com`; unset in development "
        "or test, links are written to the log instead.",
    )
    public_url: str | None = Field(
        None,
        description="The address people reach the workbench at, e.g. "
        "`https://reinstate.example.com/`, used in links mailed out; unset in development or "
        "test, the address of the request is used (in production sign-up is then refused, "
        "since a request's Host header can be forged).",
        pattern=r"^https?://[^\s/?#]+(/[^\s?#]*)?$",
    )
    policy_overrides: Path | None = Field(
        None, description="A YAML file of partial platform packs that change uncertain rules."
    )
    cjk_font: Path | None = Field(
        None,
        description="A TrueType font file (`.ttf` or `.ttc`, glyf outlines, not the CFF-based "
        "Noto Sans CJK) with Chinese and Latin letters, embedded in every PDF the workbench "
        "draws; unset, one is looked for where Debian, macOS and Windows install them "
        "(`fonts-wqy-zenhei` first).",
    )

    @field_validator("language", mode="before")
    @classmethod
    def _normalise_language(cls, value: object) -> object:
        if isinstance(value, str) and value.replace("-", "_").lower() in {"zh_cn", "zh"}:
            return "zh_CN"
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'reinstate.sqlite3').resolve()}"

    def resolved_secret_key(self) -> str:
        """The configured secret, or the local one kept in the data directory."""
        if self.secret_key is not None and self.secret_key.get_secret_value():
            return self.secret_key.get_secret_value()
        if self.env == "production":
            raise ConfigurationError(
                N_("REINSTATE_SECRET_KEY must be set when REINSTATE_ENV is production.")
            )
        return _local_secret(self.data_dir / "secret_key")


def _local_secret(path: Path) -> str:
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # O_EXCL: if two processes start at once, one writes and the other reads what it wrote.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
        handle.flush()
        os.fsync(handle.fileno())
    return key
