"""``client.users``: users and their group and connection memberships."""

from __future__ import annotations

from typing import Final

from .._operation import Resource, endpoint, stream_of
from ..models import Membership, Page, User

__all__ = ["Users"]


class Users(Resource):
    """Users: ``client.users``."""

    @endpoint("GET", "/users", operation_id="list_all_users")
    def list(
        self, *, active: bool | None = None, limit: int | None = None, cursor: str | None = None
    ) -> Page[User]:
        """List one page of the account's users.

        Args:
            active: Only users who may (``True``) or may not (``False``) log in.
            limit: Items per page (1..1000).
            cursor: The ``next_cursor`` of the previous page.
        """
        ...

    stream: Final = stream_of(list)

    @endpoint("GET", "/users/{user_id}", operation_id="user_details")
    def get(self, user_id: str) -> User:
        """Retrieve a user."""
        ...

    @endpoint("POST", "/users", operation_id="create_user")
    def create(
        self,
        *,
        email: str,
        given_name: str,
        family_name: str,
        phone: str | None = None,
        picture: str | None = None,
        role: str | None = None,
    ) -> User:
        """Invite a user to the account (they get an email).

        Args:
            email: The email address.
            given_name: First name.
            family_name: Last name.
            phone: Phone number.
            picture: Avatar URL.
            role: Account role, e.g. ``Account Reviewer`` (none if omitted).
        """
        ...

    @endpoint("PATCH", "/users/{user_id}", operation_id="modify_user")
    def update(
        self,
        user_id: str,
        *,
        given_name: str | None = None,
        family_name: str | None = None,
        phone: str | None = None,
        picture: str | None = None,
        role: str | None = None,
    ) -> User:
        """Update a user (you cannot change your own role)."""
        ...

    @endpoint("DELETE", "/users/{user_id}", operation_id="delete_user")
    def delete(self, user_id: str) -> None:
        """Delete a user (refused for the last account owner)."""
        ...

    @endpoint("DELETE", "/users/{user_id}/role", operation_id="delete_user_membership_in_account")
    def remove_account_role(self, user_id: str) -> None:
        """Remove the user's account-level role (group and connection roles stay)."""
        ...

    # ------------------------------------------------------------------ group memberships

    @endpoint("GET", "/users/{user_id}/groups", operation_id="get_user_memberships_in_groups")
    def list_group_memberships(
        self, user_id: str, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[Membership]:
        """List one page of the user's group memberships."""
        ...

    stream_group_memberships: Final = stream_of(list_group_memberships)

    @endpoint(
        "GET", "/users/{user_id}/groups/{group_id}", operation_id="get_user_membership_in_group"
    )
    def get_group_membership(self, user_id: str, group_id: str) -> Membership:
        """Retrieve the user's role in a group."""
        ...

    @endpoint(
        "POST",
        "/users/{user_id}/groups",
        operation_id="add_user_membership_in_group",
        rename={"group_id": "id"},
    )
    def add_group_membership(self, user_id: str, *, group_id: str, role: str) -> Membership:
        """Give the user a role in a group.

        Args:
            group_id: The group.
            role: e.g. ``Manage Destination``, ``View Destination``.
        """
        ...

    @endpoint(
        "PATCH",
        "/users/{user_id}/groups/{group_id}",
        operation_id="update_user_membership_in_group",
    )
    def update_group_membership(self, user_id: str, group_id: str, *, role: str) -> None:
        """Change the user's role in a group."""
        ...

    @endpoint(
        "DELETE",
        "/users/{user_id}/groups/{group_id}",
        operation_id="delete_user_membership_in_group",
    )
    def remove_group_membership(self, user_id: str, group_id: str) -> None:
        """Remove the user's role in a group."""
        ...

    # ------------------------------------------------------------------ connection memberships

    @endpoint(
        "GET", "/users/{user_id}/connections", operation_id="get_user_memberships_in_connections"
    )
    def list_connection_memberships(
        self, user_id: str, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[Membership]:
        """List one page of the user's connection memberships."""
        ...

    stream_connection_memberships: Final = stream_of(list_connection_memberships)

    @endpoint(
        "GET",
        "/users/{user_id}/connections/{connection_id}",
        operation_id="get_user_membership_in_connections",
    )
    def get_connection_membership(self, user_id: str, connection_id: str) -> Membership:
        """Retrieve the user's role in a connection."""
        ...

    @endpoint(
        "POST",
        "/users/{user_id}/connections",
        operation_id="add_user_membership_in_connection",
        rename={"connection_id": "id"},
    )
    def add_connection_membership(
        self, user_id: str, *, connection_id: str, role: str
    ) -> Membership:
        """Give the user a role in a connection.

        Args:
            connection_id: The connection.
            role: e.g. ``Manage Connection``, ``View Connection``.
        """
        ...

    @endpoint(
        "PATCH",
        "/users/{user_id}/connections/{connection_id}",
        operation_id="update_user_membership_in_connection",
    )
    def update_connection_membership(
        self, user_id: str, connection_id: str, *, role: str
    ) -> Membership:
        """Change the user's role in a connection."""
        ...

    @endpoint(
        "DELETE",
        "/users/{user_id}/connections/{connection_id}",
        operation_id="delete_user_membership_in_connection",
    )
    def remove_connection_membership(self, user_id: str, connection_id: str) -> None:
        """Remove the user's role in a connection."""
        ...
