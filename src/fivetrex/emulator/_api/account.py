"""Account info over HTTP: the route table (domain: :mod:`.._domain.account`)."""

from __future__ import annotations

from fivetrex.emulator._routes import Route

__all__ = ["ACCOUNT_ROUTES"]

ACCOUNT_ROUTES: tuple[Route, ...] = (
    Route("GET", "/v1/account/info", lambda b, c: b.account_info_for(c.system_key_id),
          message="Account information retrieved successfully"),
)  # fmt: skip
"""The account's routes (the roles are with the access areas)."""
