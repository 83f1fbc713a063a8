"""Groups: the containers of a destination and its connections."""

from __future__ import annotations

import base64
import hashlib
from typing import TYPE_CHECKING, Any

from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._domain._common import Page
from fivetrex.emulator._errors import ConflictError
from fivetrex.emulator._state import Doc

__all__ = ["GroupsArea"]


class GroupsArea(BackendBase):
    """Groups, their connections, public key and service account."""

    if TYPE_CHECKING:

        def list_connections(
            self, group_id: str | None, schema: str | None, cursor: str | None, limit: int
        ) -> Page: ...

    def render_group(self, doc: Doc) -> dict[str, Any]:
        """Public form of a group."""
        return {"id": doc["id"], "name": doc["name"], "created_at": doc["created_at"]}

    def list_groups(self, cursor: str | None, limit: int) -> Page:
        """``GET /v1/groups``."""
        return self.page(self.state.values("groups"), cursor, limit, self.render_group)

    def get_group(self, group_id: str) -> dict[str, Any]:
        """``GET /v1/groups/{groupId}``."""
        return self.render_group(self._group(group_id))

    def create_group(self, name: str) -> dict[str, Any]:
        """``POST /v1/groups``: ``name`` is a valid group name (checked by the route)."""
        self._check_name_free("groups", name, "Group")
        group_id = self.state.new_id()
        doc = {"id": group_id, "name": name, "created_at": self.now_iso()}
        self.state.put("groups", group_id, doc)
        return self.render_group(doc)

    def update_group(self, group_id: str, *, name: str | None = None) -> dict[str, Any]:
        """``PATCH /v1/groups/{groupId}``: ``name`` ``None`` keeps the name."""
        doc = self._group(group_id)
        if name is not None:
            self._check_name_free("groups", name, "Group", exclude=group_id)
            doc["name"] = name
            self.state.touch("groups", group_id)
        return self.render_group(doc)

    def delete_group(self, group_id: str) -> None:
        """``DELETE /v1/groups/{groupId}``.

        Refused with 409 while the group still has connections (Fivetran refuses it; the
        status code is not documented). Deleting a group also deletes its destination and
        its group webhooks.
        """
        self._group(group_id)
        count = len(self._connections_in_group(group_id))
        if count:
            raise ConflictError(
                f"Group with id '{group_id}' cannot be deleted: it still has {count} "
                "connection(s). Delete them first."
            )
        if self.state.get("destinations", group_id) is not None:
            self.state.delete("destinations", group_id)
        for webhook in list(self.state.values("webhooks")):
            if webhook.get("group_id") == group_id:
                self.state.delete("webhooks", webhook["id"])
        self.state.delete("groups", group_id)

    def list_group_connections(
        self, group_id: str, schema: str | None, cursor: str | None, limit: int
    ) -> Page:
        """``GET /v1/groups/{groupId}/connections``."""
        self._group(group_id)
        return self.list_connections(group_id, schema, cursor, limit)

    def group_public_key(self, group_id: str) -> dict[str, Any]:
        """``GET /v1/groups/{groupId}/public-key``."""
        self._group(group_id)
        digest = base64.b64encode(hashlib.sha256(group_id.encode()).digest()).decode()
        return {"public_key": f"ssh-rsa AAAAB3NzaC1yc2E{digest} fivetran user key"}

    def group_service_account(self, group_id: str) -> dict[str, Any]:
        """``GET /v1/groups/{groupId}/service-account``."""
        self._group(group_id)
        slug = group_id.replace("_", "-")
        return {"service_account": f"g-{slug}@fivetran-production.iam.gserviceaccount.com"}
