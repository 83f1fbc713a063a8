"""The Dagster resource: both fivetrex clients from Dagster configuration."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

from pydantic import Field

from fivetrex import AsyncFivetrex, Fivetrex

try:
    from dagster import ConfigurableResource, EnvVar
except ImportError as _exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("fivetrex.dagster needs Dagster: pip install 'fivetrex[dagster]'") from _exc

__all__ = ["FivetranResource"]


if TYPE_CHECKING:
    # What ``create_resource`` hands to user code is the resource itself; Dagster's type
    # variable has no default, so the bare base would leave it unknown to type checkers.
    _ResourceBase: TypeAlias = ConfigurableResource["FivetranResource"]
else:
    _ResourceBase = ConfigurableResource


class FivetranResource(_ResourceBase):  # type: ignore[misc, type-arg]
    """Fivetran credentials and client options; gives a ``Fivetrex`` and an ``AsyncFivetrex``.

    Configure it as Dagster resources are configured, secrets from the environment::

        FivetranResource(
            api_key=EnvVar("FIVETRAN_API_KEY"), api_secret=EnvVar("FIVETRAN_API_SECRET")
        )

    Left unset, ``api_key``/``api_secret``/``base_url`` fall back to ``FIVETRAN_API_KEY``,
    ``FIVETRAN_API_SECRET`` and ``FIVETRAN_BASE_URL`` when a client is made, as
    ``Fivetrex()`` does.
    """

    api_key: str | None = Field(
        default=None, description="Fivetran API key (default: env FIVETRAN_API_KEY)."
    )
    api_secret: str | None = Field(
        default=None,
        repr=False,  # never in a repr
        description="Fivetran API secret (default: env FIVETRAN_API_SECRET).",
    )
    base_url: str | None = Field(
        default=None,
        description="API base URL (default: env FIVETRAN_BASE_URL, else Fivetran's).",
    )
    timeout: float | None = Field(
        default=None, description="Seconds per HTTP request (default: fivetrex's)."
    )
    max_retries: int | None = Field(
        default=None, description="Retries of a failed request (default: fivetrex's, 3)."
    )
    rate_limit: str | None = Field(
        default=None,
        description="Client-side throttling: 'standard', 'trial', or requests per hour.",
    )

    def _options(self) -> dict[str, Any]:
        # Outside a run (e.g. load_fivetran_assets when the definitions load) an EnvVar is
        # still unresolved: read it as Dagster would.
        def value(v: str | None) -> str | None:
            return v.get_value() if isinstance(v, EnvVar) else v

        options: dict[str, Any] = {
            "api_key": value(self.api_key),
            "api_secret": value(self.api_secret),
            "base_url": value(self.base_url),
            "max_retries": self.max_retries,
        }
        if self.timeout is not None:
            options["timeout"] = self.timeout
        if self.rate_limit is not None:
            limit = str(value(self.rate_limit))
            options["rate_limit"] = int(limit) if limit.isdigit() else limit
        return options

    def get_client(self) -> Fivetrex:
        """A blocking client (close it, or use it in a ``with`` block)."""
        return Fivetrex(**self._options())

    def get_async_client(self) -> AsyncFivetrex:
        """An asyncio client (close it, or use it in an ``async with`` block)."""
        return AsyncFivetrex(**self._options())
