"""Teams of the account."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fivetrex.emulator._domain._access import _TEAM_FIELDS
from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._domain._common import UNSET, Page, Unset

if TYPE_CHECKING:
    from fivetrex.emulator._state import Doc

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

    def create_team(self, name: str, role: str, description: str | None = None) -> dict[str, Any]:
        """``POST /v1/teams``: ``name`` (unique, else 409) with an account ``role``."""
        self._check_name_free("teams", name, "Team")
        team_id = self.state.new_id()
        doc: Doc = {"id": team_id, "name": name, "description": description, "role": role}
        self.state.put("teams", team_id, doc)
        return self.render_team(doc)

    def update_team(
        self,
        team_id: str,
        *,
        name: str | None = None,
        description: str | Unset | None = UNSET,
        role: str | None = None,
    ) -> dict[str, Any]:
        """``PATCH /v1/teams/{teamId}``: ``None`` keeps ``name`` and ``role``.

        ``description`` :data:`UNSET` keeps it; ``None`` clears it.
        """
        doc = self._team(team_id)
        staged: dict[str, Any] = {}
        if name is not None:
            self._check_name_free("teams", name, "Team", exclude=team_id)
            staged["name"] = name
        if not isinstance(description, Unset):
            staged["description"] = description
        if role is not None:
            staged["role"] = role
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
