"""Teams of the account."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fivetrex.emulator._domain._common import Page
from fivetrex.emulator._errors import ConflictError

if TYPE_CHECKING:
    from fivetrex.emulator._state import Doc
from fivetrex.emulator._domain._access import (
    _ACCOUNT,
    _TEAM_FIELDS,
    _object,
    _optional_str,
    _required_str,
    role_for_scope,
)
from fivetrex.emulator._domain._base import BackendBase

__all__ = ["TeamsArea"]


class TeamsArea(BackendBase):
    """Teams: create, update, delete, account role."""

    def _team(self, team_id: str) -> Doc:
        return self.state.require("teams", team_id, "Team")

    @staticmethod
    def render_team(doc: Doc) -> dict[str, Any]:
        """Public form of a team."""
        return {key: doc.get(key) for key in _TEAM_FIELDS}

    def list_teams(self, cursor: str | None, limit: int) -> Page:
        """``GET /v1/teams``."""
        return self.page(self.state.values("teams"), cursor, limit, self.render_team)

    def get_team(self, team_id: str) -> dict[str, Any]:
        """``GET /v1/teams/{teamId}``."""
        return self.render_team(self._team(team_id))

    def _team_name(self, body: dict[str, Any], exclude: str | None = None) -> str:
        name = _required_str(body, "name")
        for other in self.state.values("teams"):
            if other["name"] == name and other["id"] != exclude:
                raise ConflictError(f"Team with name '{name}' already exists")
        return name

    def create_team(self, body: Any) -> dict[str, Any]:
        """``POST /v1/teams`` (``name`` and an account ``role`` are required)."""
        body = _object(body)
        name = self._team_name(body)
        description = _optional_str(body, "description")
        role = role_for_scope(body.get("role"), _ACCOUNT)
        team_id = self.state.new_id()
        doc: Doc = {"id": team_id, "name": name, "description": description, "role": role}
        self.state.put("teams", team_id, doc)
        return self.render_team(doc)

    def update_team(self, team_id: str, body: Any) -> dict[str, Any]:
        """``PATCH /v1/teams/{teamId}``."""
        doc = self._team(team_id)
        body = _object(body)
        staged: dict[str, Any] = {}
        if "name" in body:
            staged["name"] = self._team_name(body, exclude=team_id)
        if "description" in body:
            staged["description"] = _optional_str(body, "description")
        if "role" in body:
            staged["role"] = role_for_scope(body["role"], _ACCOUNT)
        doc.update(staged)
        self.state.touch("teams", team_id)
        return self.render_team(doc)

    def delete_team(self, team_id: str) -> None:
        """``DELETE /v1/teams/{teamId}`` (its memberships go with it)."""
        self._team(team_id)
        for key, membership in list(self.state.tables["memberships"].items()):
            if membership["kind"].startswith("team_") and membership["subject"] == team_id:
                self.state.delete("memberships", key)
        self.state.delete("teams", team_id)

    def remove_team_account_role(self, team_id: str) -> None:
        """``DELETE /v1/teams/{teamId}/role``: the team keeps existing without an account role."""
        doc = self._team(team_id)
        doc["role"] = None
        self.state.touch("teams", team_id)
