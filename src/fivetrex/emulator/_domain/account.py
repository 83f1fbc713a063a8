"""Account info and the predefined roles."""

from __future__ import annotations

from typing import Any

from fivetrex.emulator._domain._access import ROLES
from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._domain._common import Page

__all__ = ["AccountArea"]


class AccountArea(BackendBase):
    """``/v1/account/info`` and ``/v1/roles``."""

    def account_info(self) -> dict[str, Any]:
        """``GET /v1/account/info``."""
        return {
            "account_id": self.settings.account_id,
            "account_name": self.settings.account_name,
            "user_id": self.settings.user_id,
        }

    def account_info_for(self, system_key_id: str | None) -> dict[str, Any]:
        """``GET /v1/account/info`` for the caller (a system key or the main credentials)."""
        info: dict[str, Any] = {
            "account_id": self.settings.account_id,
            "account_name": self.settings.account_name,
        }
        if system_key_id is None:
            info["user_id"] = self.settings.user_id
        else:
            info["user_id"] = None
            info["system_key_id"] = system_key_id
        return info

    def list_roles(self, cursor: str | None, limit: int) -> Page:
        """``GET /v1/roles`` (the fixed catalogue of :data:`ROLES`)."""
        docs = [{"_seq": index + 1, "_role": role} for index, role in enumerate(ROLES)]
        return self.page(docs, cursor, limit, lambda d: d["_role"].render())
