"""``client.teams``: teams, their users, and their group and connection memberships."""

from __future__ import annotations

from typing import Final

from .._operation import Resource, endpoint, stream_of
from ..models import Membership, Page, Team, TeamUserMembership

__all__ = ["Teams"]


class Teams(Resource):
    """Teams: ``client.teams``."""

    @endpoint("GET", "/teams", operation_id="list_all_teams")
    def list(self, *, limit: int | None = None, cursor: str | None = None) -> Page[Team]:
        """List one page of teams.

        Args:
            limit: Items per page (1..1000).
            cursor: The ``next_cursor`` of the previous page.
        """
        ...

    stream: Final = stream_of(list)

    @endpoint("GET", "/teams/{team_id}", operation_id="team_details")
    def get(self, team_id: str) -> Team:
        """Retrieve a team."""
        ...

    @endpoint("POST", "/teams", operation_id="create_team")
    def create(self, *, name: str, role: str | None = None, description: str | None = None) -> Team:
        """Create a team.

        Args:
            name: The team name.
            role: The team's account role, e.g. ``Account Reviewer``.
            description: A description.
        """
        ...

    @endpoint("PATCH", "/teams/{team_id}", operation_id="modify_team")
    def update(
        self,
        team_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
        role: str | None = None,
    ) -> Team:
        """Update a team."""
        ...

    @endpoint("DELETE", "/teams/{team_id}", operation_id="delete_team")
    def delete(self, team_id: str) -> None:
        """Delete a team."""
        ...

    @endpoint("DELETE", "/teams/{team_id}/role", operation_id="delete_team_membership_in_account")
    def remove_account_role(self, team_id: str) -> None:
        """Remove the team's account-level role."""
        ...

    # ------------------------------------------------------------------ users

    @endpoint("GET", "/teams/{team_id}/users", operation_id="list_users_in_team")
    def list_users(
        self,
        team_id: str,
        *,
        active: bool | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[TeamUserMembership]:
        """List one page of the team's users.

        Args:
            active: Only users who may (``True``) or may not (``False``) log in.
        """
        ...

    stream_users: Final = stream_of(list_users)

    @endpoint("GET", "/teams/{team_id}/users/{user_id}", operation_id="get_user_in_team")
    def get_user(self, team_id: str, user_id: str) -> TeamUserMembership:
        """Retrieve a user's membership in the team."""
        ...

    @endpoint("POST", "/teams/{team_id}/users", operation_id="add_user_to_team")
    def add_user(
        self, team_id: str, *, user_id: str, role: str | None = None
    ) -> TeamUserMembership:
        """Add a user to the team.

        Args:
            user_id: The user.
            role: ``Team Member`` or ``Team Manager``.
        """
        ...

    @endpoint("PATCH", "/teams/{team_id}/users/{user_id}", operation_id="update_user_membership")
    def update_user(self, team_id: str, user_id: str, *, role: str) -> TeamUserMembership:
        """Change a user's role in the team."""
        ...

    @endpoint("DELETE", "/teams/{team_id}/users/{user_id}", operation_id="delete_user_from_team")
    def remove_user(self, team_id: str, user_id: str) -> None:
        """Remove a user from the team."""
        ...

    # ------------------------------------------------------------------ group memberships

    @endpoint("GET", "/teams/{team_id}/groups", operation_id="get_team_memberships_in_groups")
    def list_group_memberships(
        self, team_id: str, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[Membership]:
        """List one page of the team's group memberships."""
        ...

    stream_group_memberships: Final = stream_of(list_group_memberships)

    @endpoint(
        "GET", "/teams/{team_id}/groups/{group_id}", operation_id="get_team_membership_in_group"
    )
    def get_group_membership(self, team_id: str, group_id: str) -> Membership:
        """Retrieve the team's role in a group."""
        ...

    @endpoint(
        "POST",
        "/teams/{team_id}/groups",
        operation_id="add_team_membership_in_group",
        rename={"group_id": "id"},
    )
    def add_group_membership(self, team_id: str, *, group_id: str, role: str) -> Membership:
        """Give the team a role in a group."""
        ...

    @endpoint(
        "PATCH",
        "/teams/{team_id}/groups/{group_id}",
        operation_id="update_team_membership_in_group",
    )
    def update_group_membership(self, team_id: str, group_id: str, *, role: str) -> Membership:
        """Change the team's role in a group."""
        ...

    @endpoint(
        "DELETE",
        "/teams/{team_id}/groups/{group_id}",
        operation_id="delete_team_membership_in_group",
    )
    def remove_group_membership(self, team_id: str, group_id: str) -> None:
        """Remove the team's role in a group."""
        ...

    # ------------------------------------------------------------------ connection memberships

    @endpoint(
        "GET", "/teams/{team_id}/connections", operation_id="get_team_memberships_in_connections"
    )
    def list_connection_memberships(
        self, team_id: str, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[Membership]:
        """List one page of the team's connection memberships."""
        ...

    stream_connection_memberships: Final = stream_of(list_connection_memberships)

    @endpoint(
        "GET",
        "/teams/{team_id}/connections/{connection_id}",
        operation_id="get_team_membership_in_connection",
    )
    def get_connection_membership(self, team_id: str, connection_id: str) -> Membership:
        """Retrieve the team's role in a connection."""
        ...

    @endpoint(
        "POST",
        "/teams/{team_id}/connections",
        operation_id="add_team_membership_in_connection",
        rename={"connection_id": "id"},
    )
    def add_connection_membership(
        self, team_id: str, *, connection_id: str, role: str
    ) -> Membership:
        """Give the team a role in a connection."""
        ...

    @endpoint(
        "PATCH",
        "/teams/{team_id}/connections/{connection_id}",
        operation_id="update_team_membership_in_connection",
    )
    def update_connection_membership(
        self, team_id: str, connection_id: str, *, role: str
    ) -> Membership:
        """Change the team's role in a connection."""
        ...

    @endpoint(
        "DELETE",
        "/teams/{team_id}/connections/{connection_id}",
        operation_id="delete_team_membership_in_connection",
    )
    def remove_connection_membership(self, team_id: str, connection_id: str) -> None:
        """Remove the team's role in a connection."""
        ...
