"""``client.account``: the account behind the API key."""

from __future__ import annotations

from typing import TypeVar

from .._operation import Resource, endpoint
from ..models import AccountInfo

__all__ = ["Account"]

M = TypeVar("M")


class Account(Resource[M]):
    """The account: ``client.account``."""

    @endpoint("GET", "/account/info", operation_id="get_account_info")
    def get_info(self) -> AccountInfo:
        """Who is calling: the account and the user (or system key) of the API key."""
        ...
