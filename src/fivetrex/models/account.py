"""Account models."""

from __future__ import annotations

from ._base import FivetrexModel

__all__ = ["AccountInfo"]


class AccountInfo(FivetrexModel):
    """Who is calling: the account and the user (or system key) behind the API key."""

    account_id: str
    """The account id."""
    account_name: str | None = None
    """The account name."""
    user_id: str | None = None
    """The calling user's id (for a user's scoped API key)."""
    system_key_id: str | None = None
    """The system key's id (when calling with a system key)."""

    @property
    def is_system_key(self) -> bool:
        """Whether the caller authenticated with a system key."""
        return bool(self.system_key_id)
