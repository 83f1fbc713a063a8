"""Access-management part of the ``demo`` data set: users, teams, memberships, a system key."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fivetrex.emulator._domain import Backend

__all__ = ["seed_access"]

# (email, given name, family name, account role or None, active)
_USERS: tuple[tuple[str, str, str, str | None, bool], ...] = (
    ("maria.lopez@acme.example", "Maria", "Lopez", "Account Administrator", True),
    ("james.chen@acme.example", "James", "Chen", "Account Reviewer", True),
    ("priya.nair@acme.example", "Priya", "Nair", "Account Analyst", True),
    ("tom.becker@acme.example", "Tom", "Becker", None, True),
    ("sara.kim@acme.example", "Sara", "Kim", "Account Reviewer", False),
)


def seed_access(backend: Backend) -> None:
    """Add the API user (the account owner), 5 more users (one deactivated, two still
    invited), 2 teams, group/connection/team memberships and one system key.

    Uses the first two groups and the first connection already in the state.
    """
    state = backend.state
    groups = [g["id"] for g in state.values("groups")][:2]
    connections = [c["id"] for c in state.values("connections")][:1]
    if state.get("users", backend.settings.user_id) is None:
        backend.add_account_owner()
    users: list[str] = []
    for index, (email, given, family, role, active) in enumerate(_USERS):
        body: dict[str, object] = {"email": email, "given_name": given, "family_name": family}
        if role is not None:
            body["role"] = role
        user_id = backend.create_user(body)["id"]
        doc = state.tables["users"][user_id]
        if index < 3:  # accepted their invitation and logged in
            doc.update(verified=True, invited=False, logged_in_at=doc["created_at"])
        doc["active"] = active
        state.touch("users", user_id)
        users.append(user_id)
    engineering = backend.create_team(
        {"name": "Data Engineering", "description": "Owns the pipelines",
         "role": "Account Analyst"}
    )["id"]  # fmt: skip
    analysts = backend.create_team(
        {"name": "Analysts", "description": "Read-only access", "role": "Account Reviewer"}
    )["id"]
    backend.add_membership("team_user", engineering, {"user_id": users[2], "role": "Team Manager"})
    backend.add_membership("team_user", engineering, {"user_id": users[3]})
    backend.add_membership("team_user", analysts, {"user_id": users[1]})
    if groups:
        backend.add_membership(
            "team_group", engineering, {"id": groups[0], "role": "Manage Destination"}
        )
        backend.add_membership(
            "user_group", users[3], {"id": groups[0], "role": "View Destination"}
        )
    if len(groups) > 1:
        backend.add_membership(
            "team_group", analysts, {"id": groups[1], "role": "View Destination"}
        )
    if connections:
        backend.add_membership(
            "user_connection", users[1], {"id": connections[0], "role": "Edit Connection"}
        )
    backend.create_system_key(
        {
            "name": "ci_pipeline",
            "expiration_period": "SIX_MONTHS",
            "permissions": [
                {"resource_type": "CONNECTOR", "access_level": "MANAGE"},
                {"resource_type": "DESTINATION", "access_level": "READ"},
            ],
        }
    )
