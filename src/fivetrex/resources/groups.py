"""``client.groups``: groups, the containers of a destination and its connections."""

from __future__ import annotations

from typing import TypeVar

from .._operation import Resource, endpoint, stream_of
from ..models import Connection, Group, Page

__all__ = ["Groups"]

M = TypeVar("M")


class Groups(Resource[M]):
    """Groups: ``client.groups``."""

    @endpoint("GET", "/groups", operation_id="list_all_groups")
    def list(self, *, limit: int | None = None, cursor: str | None = None) -> Page[Group]:
        """List one page of groups.

        Args:
            limit: Items per page (1..1000; the API's default is 100).
            cursor: The ``next_cursor`` of the previous page.
        """
        ...

    stream = stream_of(list)

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

    stream_connections = stream_of(list_connections)
