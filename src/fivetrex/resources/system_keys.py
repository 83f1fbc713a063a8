"""``client.system_keys``: account-level API keys with explicit permissions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, Literal

from .._operation import Resource, endpoint, stream_of
from ..models import Page, SystemKey

__all__ = ["ExpirationPeriod", "SystemKeys"]

ExpirationPeriod = Literal["ONE_WEEK", "ONE_MONTH", "THREE_MONTHS", "SIX_MONTHS", "INFINITE"]


class SystemKeys(Resource):
    """System keys: ``client.system_keys`` (manageable with an account administrator's key)."""

    @endpoint("GET", "/system-keys", operation_id="get_system_keys")
    def list(self, *, limit: int | None = None, cursor: str | None = None) -> Page[SystemKey]:
        """List one page of system keys (without secrets).

        Args:
            limit: Items per page (1..1000).
            cursor: The ``next_cursor`` of the previous page.
        """
        ...

    stream: Final = stream_of(list)

    @endpoint("GET", "/system-keys/{key_id}", operation_id="get_system_key_details")
    def get(self, key_id: str) -> SystemKey:
        """Retrieve a system key (without its secret)."""
        ...

    @endpoint("POST", "/system-keys", operation_id="create_system_key")
    def create(
        self,
        *,
        name: str,
        permissions: Sequence[dict[str, Any]],
        expiration_period: ExpirationPeriod | None = None,
    ) -> SystemKey:
        """Create a system key; the result carries its ``secret`` (shown only now).

        Args:
            name: The name.
            permissions: ``[{"resource_type": "CONNECTOR", "access_level": "MANAGE",
                "resource_filter": {"group_ids": [...]}}, ...]``.
            expiration_period: ``ONE_WEEK``, ``ONE_MONTH``, ``THREE_MONTHS``,
                ``SIX_MONTHS`` or ``INFINITE`` (the default).
        """
        ...

    @endpoint("PATCH", "/system-keys/{key_id}", operation_id="update_system_key")
    def update(
        self,
        key_id: str,
        *,
        name: str | None = None,
        permissions: Sequence[dict[str, Any]] | None = None,
    ) -> SystemKey:
        """Rename a system key or replace its permissions."""
        ...

    @endpoint("DELETE", "/system-keys/{key_id}", operation_id="delete_system_key")
    def delete(self, key_id: str) -> None:
        """Delete a system key (callers using it are locked out)."""
        ...

    @endpoint(
        "POST",
        "/system-keys/{key_id}/rotate",
        operation_id="rotate_system_key",
        confirm=True,
    )
    def rotate(
        self,
        key_id: str,
        *,
        expiration_period: ExpirationPeriod | None = None,
        confirm: bool = False,
    ) -> SystemKey:
        """Issue a new secret (**the old secret stops working at once**).

        Args:
            expiration_period: The new key's lifetime.
            confirm: Must be ``True``; without it ``ConfirmationRequired`` is raised and
                nothing is sent.
        """
        ...
