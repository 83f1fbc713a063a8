"""Account, users, teams, roles, memberships and the new group operations: the request table.

``CASES`` and ``STREAMS``, run on both clients by ``test_api_access.py``; ``test_api_spec.py``
checks that every declared method and stream is in a table.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import httpx

from _api_support import V2, Case, Stream, page
from _support import connection_reply
from fivetrex import (
    AccountInfo,
    Connection,
    Membership,
    Page,
    Role,
    Team,
    TeamUserMembership,
    User,
)

ACCOUNT_INFO = {
    "account_id": "account_id",
    "account_name": "string",
    "user_id": "user_id",
    "system_key_id": None,
}
USER: dict[str, Any] = {
    "id": "nozzle_eat",
    "email": "john@mycompany.com",
    "given_name": "John",
    "family_name": "White",
    "verified": True,
    "invited": True,
    "picture": None,
    "phone": None,
    "role": "Account Administrator",
    "logged_in_at": "2019-01-03T08:44:45.369Z",
    "created_at": "2018-01-15T11:00:27.329220Z",
    "active": True,
}
TEAM = {
    "id": "team_id",
    "name": "Team Title",
    "description": "Team Description",
    "role": "Account Reviewer",
}
ROLE: dict[str, Any] = {
    "name": "Destination Administrator",
    "description": "Role Description",
    "scope": ["DESTINATION"],
    "is_custom": False,
    "is_deprecated": True,
    "replacement_role_name": "Manage Destination",
}
MEMBERSHIP = {
    "id": "group_id_1",
    "role": "Destination Administrator",
    "created_at": "2020-05-25T15:26:47.306509Z",
}
TEAM_USER = {"user_id": "user_id", "role": "Team Member", "created_at": "2024-01-01T00:00:00Z"}


def _message(text: str) -> httpx.Response:
    return httpx.Response(200, json={"code": "Success", "message": text})


def _membership(result: Membership) -> bool:
    return result.id == "group_id_1" and result.created_at == datetime(
        2020, 5, 25, 15, 26, 47, 306509, tzinfo=timezone.utc
    )


CASES = [
    Case(
        "account.get_info",
        lambda c: c.account.get_info(),
        "GET",
        "/v1/account/info",
        ACCOUNT_INFO,
        AccountInfo,
        check=lambda a: a.user_id == "user_id" and not a.is_system_key,
    ),
    # ------------------------------------------------------------------ users
    Case(
        "users.list",
        lambda c: c.users.list(active=True, limit=2),
        "GET",
        "/v1/users",
        page(USER, {**USER, "id": "prophecies_falsely", "role": None}),
        Page[User],
        query={"active": "true", "limit": "2"},
        check=lambda p: [u.id for u in p] == ["nozzle_eat", "prophecies_falsely"],
    ),
    Case(
        "users.list(inactive)",
        lambda c: c.users.list(active=False),
        "GET",
        "/v1/users",
        page(USER),
        Page[User],
        query={"active": "false"},
    ),
    Case(
        "users.get",
        lambda c: c.users.get("nozzle_eat"),
        "GET",
        "/v1/users/nozzle_eat",
        USER,
        User,
        check=lambda u: (
            u.full_name == "John White"
            and u.logged_in_at == datetime(2019, 1, 3, 8, 44, 45, 369000, tzinfo=timezone.utc)
        ),
    ),
    Case(
        "users.create",
        lambda c: c.users.create(
            email="john@mycompany.com",
            given_name="John",
            family_name="White",
            role="Account Reviewer",
        ),
        "POST",
        "/v1/users",
        {**USER, "verified": False, "logged_in_at": None},
        User,
        body={
            "email": "john@mycompany.com",
            "given_name": "John",
            "family_name": "White",
            "role": "Account Reviewer",
        },
        check=lambda u: u.invited and not u.verified and u.logged_in_at is None,
    ),
    Case(
        "users.update",
        lambda c: c.users.update("nozzle_eat", phone="+1234567890", role="Account Analyst"),
        "PATCH",
        "/v1/users/nozzle_eat",
        USER,
        User,
        body={"phone": "+1234567890", "role": "Account Analyst"},
    ),
    Case(
        "users.delete",
        lambda c: c.users.delete("nozzle_eat"),
        "DELETE",
        "/v1/users/nozzle_eat",
        reply=_message("User with id 'nozzle_eat' has been deleted"),
    ),
    Case(
        "users.remove_account_role",
        lambda c: c.users.remove_account_role("nozzle_eat"),
        "DELETE",
        "/v1/users/nozzle_eat/role",
    ),
    Case(
        "users.list_group_memberships",
        lambda c: c.users.list_group_memberships("u", limit=10),
        "GET",
        "/v1/users/u/groups",
        page(MEMBERSHIP, next_cursor=None),
        Page[Membership],
        query={"limit": "10"},
        check=lambda p: _membership(p.items[0]),
    ),
    Case(
        "users.get_group_membership",
        lambda c: c.users.get_group_membership("u", "group_id_1"),
        "GET",
        "/v1/users/u/groups/group_id_1",
        MEMBERSHIP,
        Membership,
        check=_membership,
    ),
    Case(
        "users.add_group_membership",
        lambda c: c.users.add_group_membership(
            "u", group_id="group_id_1", role="Destination Administrator"
        ),
        "POST",
        "/v1/users/u/groups",
        MEMBERSHIP,
        Membership,
        body={"id": "group_id_1", "role": "Destination Administrator"},
        check=_membership,
    ),
    Case(
        "users.update_group_membership",
        lambda c: c.users.update_group_membership("u", "g", role="View Destination"),
        "PATCH",
        "/v1/users/u/groups/g",
        reply=_message("Group membership has been updated"),
        body={"role": "View Destination"},
    ),
    Case(
        "users.remove_group_membership",
        lambda c: c.users.remove_group_membership("u", "g"),
        "DELETE",
        "/v1/users/u/groups/g",
    ),
    Case(
        "users.list_connection_memberships",
        lambda c: c.users.list_connection_memberships("u"),
        "GET",
        "/v1/users/u/connections",
        page({**MEMBERSHIP, "id": "conn", "role": "Connector Administrator"}),
        Page[Membership],
    ),
    Case(
        "users.get_connection_membership",
        lambda c: c.users.get_connection_membership("u", "conn"),
        "GET",
        "/v1/users/u/connections/conn",
        {**MEMBERSHIP, "id": "conn"},
        Membership,
    ),
    Case(
        "users.add_connection_membership",
        lambda c: c.users.add_connection_membership(
            "u", connection_id="conn", role="Manage Connection"
        ),
        "POST",
        "/v1/users/u/connections",
        {**MEMBERSHIP, "id": "conn", "role": "Manage Connection"},
        Membership,
        body={"id": "conn", "role": "Manage Connection"},
        check=lambda m: m.id == "conn" and m.role == "Manage Connection",
    ),
    Case(
        "users.update_connection_membership",
        lambda c: c.users.update_connection_membership("u", "conn", role="View Connection"),
        "PATCH",
        "/v1/users/u/connections/conn",
        {**MEMBERSHIP, "id": "conn", "role": "View Connection"},
        Membership,
        body={"role": "View Connection"},
    ),
    Case(
        "users.remove_connection_membership",
        lambda c: c.users.remove_connection_membership("u", "conn"),
        "DELETE",
        "/v1/users/u/connections/conn",
        # the spec documents a membership in this DELETE's reply; it is ignored
        reply=httpx.Response(200, json={"code": "Success", "data": MEMBERSHIP}),
    ),
    # ------------------------------------------------------------------ teams
    Case(
        "teams.list",
        lambda c: c.teams.list(),
        "GET",
        "/v1/teams",
        page(
            {"id": "abode_abolish", "name": "Head Team", "role": "Account Administrator"},
            next_cursor=None,
        ),
        Page[Team],
        check=lambda p: p.items[0].name == "Head Team" and not p.has_next,
    ),
    Case(
        "teams.get",
        lambda c: c.teams.get("team_id"),
        "GET",
        "/v1/teams/team_id",
        TEAM,
        Team,
        check=lambda t: t.description == "Team Description",
    ),
    Case(
        "teams.create",
        lambda c: c.teams.create(
            name="Team Title", description="Team Description", role="Account Reviewer"
        ),
        "POST",
        "/v1/teams",
        TEAM,
        Team,
        body={"name": "Team Title", "description": "Team Description", "role": "Account Reviewer"},
    ),
    Case(
        "teams.update",
        lambda c: c.teams.update("team_id", name="Renamed"),
        "PATCH",
        "/v1/teams/team_id",
        {**TEAM, "name": "Renamed"},
        Team,
        body={"name": "Renamed"},
        check=lambda t: t.name == "Renamed",
    ),
    Case(
        "teams.delete",
        lambda c: c.teams.delete("team_id"),
        "DELETE",
        "/v1/teams/team_id",
        reply=_message("Team has been deleted"),
    ),
    Case(
        "teams.remove_account_role",
        lambda c: c.teams.remove_account_role("team_id"),
        "DELETE",
        "/v1/teams/team_id/role",
        reply=_message("Team role in account has been removed"),
    ),
    Case(
        "teams.list_users",
        lambda c: c.teams.list_users("t", active=True),
        "GET",
        "/v1/teams/t/users",
        page(TEAM_USER),
        Page[TeamUserMembership],
        query={"active": "true"},
        check=lambda p: p.items[0].user_id == "user_id",
    ),
    Case(
        "teams.get_user",
        lambda c: c.teams.get_user("t", "user_id"),
        "GET",
        "/v1/teams/t/users/user_id",
        TEAM_USER,
        TeamUserMembership,
    ),
    Case(
        "teams.add_user",
        lambda c: c.teams.add_user("t", user_id="user_id", role="Team Member"),
        "POST",
        "/v1/teams/t/users",
        TEAM_USER,
        TeamUserMembership,
        body={"user_id": "user_id", "role": "Team Member"},
        check=lambda m: m.role == "Team Member",
    ),
    Case(
        "teams.update_user",
        lambda c: c.teams.update_user("t", "user_id", role="Team Manager"),
        "PATCH",
        "/v1/teams/t/users/user_id",
        {**TEAM_USER, "role": "Team Manager"},
        TeamUserMembership,
        body={"role": "Team Manager"},
    ),
    Case(
        "teams.remove_user",
        lambda c: c.teams.remove_user("t", "user_id"),
        "DELETE",
        "/v1/teams/t/users/user_id",
    ),
    Case(
        "teams.list_group_memberships",
        lambda c: c.teams.list_group_memberships("t"),
        "GET",
        "/v1/teams/t/groups",
        page(MEMBERSHIP),
        Page[Membership],
    ),
    Case(
        "teams.get_group_membership",
        lambda c: c.teams.get_group_membership("t", "group_id_1"),
        "GET",
        "/v1/teams/t/groups/group_id_1",
        MEMBERSHIP,
        Membership,
        check=_membership,
    ),
    Case(
        "teams.add_group_membership",
        lambda c: c.teams.add_group_membership("t", group_id="g", role="Manage Destination"),
        "POST",
        "/v1/teams/t/groups",
        MEMBERSHIP,
        Membership,
        body={"id": "g", "role": "Manage Destination"},
    ),
    Case(
        "teams.update_group_membership",
        lambda c: c.teams.update_group_membership("t", "g", role="View Destination"),
        "PATCH",
        "/v1/teams/t/groups/g",
        MEMBERSHIP,
        Membership,
        body={"role": "View Destination"},
    ),
    Case(
        "teams.remove_group_membership",
        lambda c: c.teams.remove_group_membership("t", "g"),
        "DELETE",
        "/v1/teams/t/groups/g",
    ),
    Case(
        "teams.list_connection_memberships",
        lambda c: c.teams.list_connection_memberships("t", cursor="x"),
        "GET",
        "/v1/teams/t/connections",
        page(MEMBERSHIP),
        Page[Membership],
        query={"cursor": "x"},
    ),
    Case(
        "teams.get_connection_membership",
        lambda c: c.teams.get_connection_membership("t", "conn"),
        "GET",
        "/v1/teams/t/connections/conn",
        MEMBERSHIP,
        Membership,
    ),
    Case(
        "teams.add_connection_membership",
        lambda c: c.teams.add_connection_membership(
            "t", connection_id="conn", role="Manage Connection"
        ),
        "POST",
        "/v1/teams/t/connections",
        MEMBERSHIP,
        Membership,
        body={"id": "conn", "role": "Manage Connection"},
    ),
    Case(
        "teams.update_connection_membership",
        lambda c: c.teams.update_connection_membership("t", "conn", role="View Connection"),
        "PATCH",
        "/v1/teams/t/connections/conn",
        MEMBERSHIP,
        Membership,
        body={"role": "View Connection"},
    ),
    Case(
        "teams.remove_connection_membership",
        lambda c: c.teams.remove_connection_membership("t", "conn"),
        "DELETE",
        "/v1/teams/t/connections/conn",
    ),
    # ------------------------------------------------------------------ roles
    Case(
        "roles.list",
        lambda c: c.roles.list(limit=1000),
        "GET",
        "/v1/roles",
        page(ROLE),
        Page[Role],
        query={"limit": "1000"},
        check=lambda p: p.items[0].scope == ["DESTINATION"] and p.items[0].is_deprecated,
    ),
    # ------------------------------------------------------------------ groups
    Case(
        "groups.list_connections",
        lambda c: c.groups.list_connections("projected_sickle", limit=1),
        "GET",
        "/v1/groups/projected_sickle/connections",
        page(connection_reply()),
        Page[Connection],
        accept=V2,  # the seed's choice; the spec defaults to v1 here
        query={"limit": "1"},
        check=lambda p: p.items[0].schema_ == "criteo",
    ),
    Case(
        "groups.list_users",
        lambda c: c.groups.list_users("g", active=False, limit=3),
        "GET",
        "/v1/groups/g/users",
        page(USER),
        Page[User],
        query={"active": "false", "limit": "3"},
    ),
    Case(
        "groups.add_user",
        lambda c: c.groups.add_user("g", email="john@mycompany.com", role="Manage Destination"),
        "POST",
        "/v1/groups/g/users",
        reply=_message("User has been added to the group"),
        body={"email": "john@mycompany.com", "role": "Manage Destination"},
    ),
    Case(
        "groups.remove_user",
        lambda c: c.groups.remove_user("g", "nozzle_eat"),
        "DELETE",
        "/v1/groups/g/users/nozzle_eat",
        reply=_message("User with id 'nozzle_eat' has been removed from the group"),
    ),
    Case(
        "groups.get_public_key",
        lambda c: c.groups.get_public_key("g"),
        "GET",
        "/v1/groups/g/public-key",
        {"public_key": "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC6 ... fivetran user key"},
        str,
        check=lambda k: k.startswith("ssh-rsa "),
    ),
    Case(
        "groups.get_service_account",
        lambda c: c.groups.get_service_account("g"),
        "GET",
        "/v1/groups/g/service-account",
        {"service_account": "g-abc@fivetran-production.iam.gserviceaccount.com"},
        str,
        check=lambda s: s.endswith(".iam.gserviceaccount.com"),
    ),
    Case(
        "groups.get_service_account(absent)",
        lambda c: c.groups.get_service_account("g"),
        "GET",
        "/v1/groups/g/service-account",
        {},
        None,
    ),
]

STREAMS = [
    Stream(
        "users.stream",
        lambda c: c.users.stream(active=True),
        "/v1/users",
        USER,
        User,
        query={"active": "true"},
    ),
    Stream(
        "users.stream_group_memberships",
        lambda c: c.users.stream_group_memberships("u"),
        "/v1/users/u/groups",
        MEMBERSHIP,
        Membership,
    ),
    Stream(
        "users.stream_connection_memberships",
        lambda c: c.users.stream_connection_memberships("u"),
        "/v1/users/u/connections",
        MEMBERSHIP,
        Membership,
    ),
    Stream("teams.stream", lambda c: c.teams.stream(), "/v1/teams", TEAM, Team),
    Stream(
        "teams.stream_users",
        lambda c: c.teams.stream_users("t"),
        "/v1/teams/t/users",
        TEAM_USER,
        TeamUserMembership,
    ),
    Stream(
        "teams.stream_group_memberships",
        lambda c: c.teams.stream_group_memberships("t"),
        "/v1/teams/t/groups",
        MEMBERSHIP,
        Membership,
    ),
    Stream(
        "teams.stream_connection_memberships",
        lambda c: c.teams.stream_connection_memberships("t"),
        "/v1/teams/t/connections",
        MEMBERSHIP,
        Membership,
    ),
    Stream("roles.stream", lambda c: c.roles.stream(), "/v1/roles", ROLE, Role),
    Stream(
        "groups.stream_users",
        lambda c: c.groups.stream_users("g", limit=50),
        "/v1/groups/g/users",
        USER,
        User,
        query={"limit": "50"},
    ),
]
