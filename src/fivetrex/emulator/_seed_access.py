"""Access-management part of the ``demo`` data set: users, teams, memberships, a system key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fivetrex.emulator._domain.system_keys import Permission
from fivetrex.emulator._domain.users import NewUser

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
        user_id = backend.create_user(NewUser(email, given, family, role=role))["id"]
        doc = state.tables["users"][user_id]
        if index < 3:  # accepted their invitation and logged in
            doc.update(verified=True, invited=False, logged_in_at=doc["created_at"])
        doc["active"] = active
        state.touch("users", user_id)
        users.append(user_id)
    engineering = backend.create_team(
        "Data Engineering", "Account Analyst", description="Owns the pipelines"
    )["id"]
    analysts = backend.create_team("Analysts", "Account Reviewer", description="Read-only access")[
        "id"
    ]
    backend.add_membership("team_user", engineering, users[2], "Team Manager")
    backend.add_membership("team_user", engineering, users[3], "Team Member")
    backend.add_membership("team_user", analysts, users[1], "Team Member")
    if groups:
        backend.add_membership("team_group", engineering, groups[0], "Manage Destination")
        backend.add_membership("user_group", users[3], groups[0], "View Destination")
    if len(groups) > 1:
        backend.add_membership("team_group", analysts, groups[1], "View Destination")
    if connections:
        backend.add_membership("user_connection", users[1], connections[0], "Edit Connection")
    backend.create_system_key(
        "ci_pipeline",
        [Permission("CONNECTOR", "MANAGE"), Permission("DESTINATION", "READ")],
        expiration_period="SIX_MONTHS",
    )
