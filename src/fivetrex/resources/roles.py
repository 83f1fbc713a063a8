"""``client.roles``: the roles users and teams can be given."""

from __future__ import annotations

from typing import Final

from .._operation import Resource, endpoint, stream_of
from ..models import Page, Role

__all__ = ["Roles"]


class Roles(Resource):
    """Roles: ``client.roles``."""

    @endpoint("GET", "/roles", operation_id="list_all_roles")
    def list(self, *, limit: int | None = None, cursor: str | None = None) -> Page[Role]:
        """List one page of the predefined and custom roles.

        Args:
            limit: Items per page (1..1000).
            cursor: The ``next_cursor`` of the previous page.
        """
        ...

    stream: Final = stream_of(list)
