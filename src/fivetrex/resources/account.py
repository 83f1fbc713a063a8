"""``client.account``: the account behind the API key."""

from __future__ import annotations

from .._operation import Resource, endpoint
from ..models import AccountInfo

__all__ = ["Account"]


class Account(Resource):
    """The account: ``client.account``."""

    @endpoint("GET", "/account/info", operation_id="get_account_info")
    def get_info(self) -> AccountInfo:
        """Who is calling: the account and the user (or system key) of the API key."""
        ...
