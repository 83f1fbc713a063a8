"""``client.groups``: groups, the containers of a destination and its connections."""

from __future__ import annotations

from typing import Final

from .._operation import Resource, endpoint, stream_of
from ..models import Connection, Group, Page, User
from ._parsers import data_field

__all__ = ["Groups"]


class Groups(Resource):
    """Groups: ``client.groups``."""

    @endpoint("GET", "/groups", operation_id="list_all_groups")
    def list(self, *, limit: int | None = None, cursor: str | None = None) -> Page[Group]:
        """List one page of groups.

        Args:
            limit: Items per page (1..1000; the API's default is 100).
            cursor: The ``next_cursor`` of the previous page.
        """
        ...

    stream: Final = stream_of(list)

    @endpoint("GET", "/groups/{group_id}", operation_id="group_details")
    def get(self, group_id: str) -> Group:
        """Retrieve a group."""
        ...

    @endpoint("POST", "/groups", operation_id="create_group")
    def create(self, *, name: str) -> Group:
        """Create a group.

        Args:
            name: Letters, digits and underscores, starting with a letter or underscore.
        """
        ...

    @endpoint("PATCH", "/groups/{group_id}", operation_id="modify_group")
    def update(self, group_id: str, *, name: str) -> Group:
        """Rename a group."""
        ...

    @endpoint("DELETE", "/groups/{group_id}", operation_id="delete_group")
    def delete(self, group_id: str) -> None:
        """Delete a group (refused while it still has connections)."""
        ...

    @endpoint(
        "GET",
        "/groups/{group_id}/connections",
        operation_id="list_all_connections_in_group",
        versioned=True,
    )
    def list_connections(
        self, group_id: str, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[Connection]:
        """List one page of the connections of a group."""
        ...

    stream_connections: Final = stream_of(list_connections)

    @endpoint("GET", "/groups/{group_id}/users", operation_id="list_all_users_in_group")
    def list_users(
        self,
        group_id: str,
        *,
        active: bool | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[User]:
        """List one page of the users of a group.

        Args:
            active: Only users who may (``True``) or may not (``False``) log in.
        """
        ...

    stream_users: Final = stream_of(list_users)

    @endpoint("POST", "/groups/{group_id}/users", operation_id="add_user_to_group")
    def add_user(self, group_id: str, *, email: str, role: str) -> None:
        """Add an existing user to a group.

        Args:
            email: The user's email address.
            role: The group role, e.g. ``Manage Destination`` or ``View Destination``.
        """
        ...

    @endpoint("DELETE", "/groups/{group_id}/users/{user_id}", operation_id="delete_user_from_group")
    def remove_user(self, group_id: str, user_id: str) -> None:
        """Remove a user from a group (the user stays in the account)."""
        ...

    @endpoint(
        "GET",
        "/groups/{group_id}/public-key",
        operation_id="group_ssh_public_key",
        parse=data_field("public_key"),
    )
    def get_public_key(self, group_id: str) -> str | None:
        """The public SSH key Fivetran uses for the group's tunnels (add it to your bastion)."""
        ...

    @endpoint(
        "GET",
        "/groups/{group_id}/service-account",
        operation_id="group_service_account",
        parse=data_field("service_account"),
    )
    def get_service_account(self, group_id: str) -> str | None:
        """The Google Cloud service account Fivetran uses for the group."""
        ...
