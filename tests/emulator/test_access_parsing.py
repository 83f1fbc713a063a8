"""How the emulator's access-management routes read request bodies.

Users, teams, memberships and system keys parse their bodies in the route layer
(:mod:`fivetrex.emulator._api`) and hand the domain typed arguments. These tests pin the
parsing rules the clients cannot exercise on their own: a PATCH field sent as ``null``
versus left out, a default filled in by the route, and the order of errors — a malformed
body answers 400 before the domain looks anything up (so before a 404 or a 409).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from fivetrex.emulator import Emulator


@pytest.fixture
def emu() -> Any:
    emulator = Emulator()
    yield emulator
    emulator.close()


ADA = {"email": "ada@example.com", "given_name": "Ada", "family_name": "L"}


def _ok(emu: Emulator, method: str, path: str, body: Any = None) -> dict[str, Any]:
    response = emu.request(method, path, body)
    assert response.status in (200, 201), response.json()
    data: dict[str, Any] = response.json()["data"]
    return data


def _error(emu: Emulator, method: str, path: str, body: Any = None) -> tuple[int, str, str]:
    response = emu.request(method, path, body)
    payload = response.json()
    return response.status, payload["code"], payload["message"]


def _invalid(emu: Emulator, method: str, path: str, body: Any = None) -> str:
    """The message of a 400 ``InvalidInput`` answer (asserting that it is one)."""
    status, code, message = _error(emu, method, path, body)
    assert (status, code) == (400, "InvalidInput"), message
    return message


def _at(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


# -- PATCH: null clears, absent keeps ---------------------------------------------------------


def test_user_patch_tells_null_from_absent(emu: Emulator) -> None:
    full = {
        **ADA,
        "phone": "+331",
        "picture": "https://p.example/a.png",
        "role": "Account Reviewer",
    }
    user = _ok(emu, "POST", "/users", full)
    path = f"/users/{user['id']}"
    kept = _ok(emu, "PATCH", path, {"given_name": "Augusta"})
    assert (kept["given_name"], kept["phone"], kept["picture"], kept["role"]) == (
        "Augusta",
        "+331",
        "https://p.example/a.png",
        "Account Reviewer",
    )
    cleared = _ok(emu, "PATCH", path, {"phone": None})
    assert (cleared["phone"], cleared["picture"]) == (None, "https://p.example/a.png")
    no_role = _ok(emu, "PATCH", path, {"role": None})
    assert (no_role["role"], no_role["picture"]) == (None, "https://p.example/a.png")
    # a name can be left out but not cleared
    for bad in (None, ""):
        message = _invalid(emu, "PATCH", path, {"family_name": bad})
        assert message == "Field 'family_name' is required"
    assert _ok(emu, "GET", path)["family_name"] == "L"


def test_team_patch_tells_null_from_absent(emu: Emulator) -> None:
    team = _ok(
        emu,
        "POST",
        "/teams",
        {
            "name": "Ops",
            "description": "Runs things",
            "role": "Account Reviewer",
        },
    )
    path = f"/teams/{team['id']}"
    renamed = _ok(emu, "PATCH", path, {"name": "Operations"})
    assert (renamed["name"], renamed["description"], renamed["role"]) == (
        "Operations",
        "Runs things",
        "Account Reviewer",
    )
    cleared = _ok(emu, "PATCH", path, {"description": None})
    assert (cleared["description"], cleared["role"]) == (None, "Account Reviewer")
    # the account role is removed by DELETE .../role, not by a null
    assert _invalid(emu, "PATCH", path, {"role": None}) == "Field 'role' is required"
    assert _ok(emu, "GET", path)["role"] == "Account Reviewer"


def test_system_key_patch_and_rotate_keep_what_is_not_sent(emu: Emulator) -> None:
    permissions = [
        {
            "resource_type": "CONNECTOR",
            "access_level": "MANAGE",
            "resource_filter": {"group_ids": ["g1"], "other": ["dropped"]},
        },
    ]
    key = _ok(
        emu,
        "POST",
        "/system-keys",
        {
            "name": "ci",
            "expiration_period": "ONE_WEEK",
            "permissions": permissions,
        },
    )
    assert key["permissions"] == [
        {
            "resource_type": "CONNECTOR",
            "access_level": "MANAGE",
            "resource_filter": {"group_ids": ["g1"]},
        },
    ]
    path = f"/system-keys/{key['id']}"
    renamed = _ok(emu, "PATCH", path, {"name": "ci_2"})
    assert renamed["permissions"] == key["permissions"]
    assert _ok(emu, "PATCH", path, {"permissions": None})["permissions"] == []
    # rotating without a body, with an empty one or with a null period keeps ONE_WEEK
    for body in (None, {}, {"expiration_period": None}):
        emu.advance(86400)
        rotated = _ok(emu, "POST", path + "/rotate", body)
        assert rotated["secret"]
        assert _at(rotated["expired_at"]) - _at(rotated["updated_at"]) == timedelta(days=7)
    longer = _ok(emu, "POST", path + "/rotate", {"expiration_period": "INFINITE"})
    assert longer["expired_at"] is None


def test_membership_roles_filled_in_or_required(emu: Emulator) -> None:
    team = _ok(emu, "POST", "/teams", {"name": "Ops", "role": "Account Reviewer"})
    user = _ok(emu, "POST", "/users", ADA)
    added = _ok(emu, "POST", f"/teams/{team['id']}/users", {"user_id": user["id"], "role": None})
    assert added == {
        "user_id": user["id"],
        "role": "Team Member",
        "created_at": added["created_at"],
    }
    # an update names its role; only adding a team's user has a default
    team_user = f"/teams/{team['id']}/users/{user['id']}"
    assert _invalid(emu, "PATCH", team_user, {}) == "Field 'role' is required"
    group = _ok(emu, "POST", "/groups", {"name": "warehouse"})
    by_email = {"email": "ada@example.com"}
    assert _invalid(emu, "POST", f"/groups/{group['id']}/users", by_email) == (
        "Field 'role' is required"
    )
    no_id = {"role": "View Destination"}
    assert _invalid(emu, "POST", f"/users/{user['id']}/groups", no_id) == "Field 'id' is required"


# -- the order of errors ----------------------------------------------------------------------

MALFORMED_FOR_UNKNOWN_IDS = [
    ("PATCH", "/users/ghost", {"given_name": ""}, "Field 'given_name' is required"),
    ("PATCH", "/users/ghost", {"role": "Supreme Leader"}, "Role 'Supreme Leader' does not exist"),
    ("PATCH", "/teams/ghost", {"name": 5}, "Field 'name' must be a string"),
    (
        "PATCH",
        "/system-keys/ghost",
        {"permissions": [7]},
        "Field 'permissions[0]' must be an object",
    ),
    (
        "POST",
        "/system-keys/ghost/rotate",
        {"expiration_period": "1Y"},
        "Invalid value '1Y' for field 'expiration_period'. Allowed: "
        "ONE_WEEK, ONE_MONTH, THREE_MONTHS, SIX_MONTHS, INFINITE",
    ),
    (
        "POST",
        "/teams/ghost/users",
        {"user_id": "ghost_user", "role": "View Connection"},
        "Role 'View Connection' cannot be used here: it is a CONNECTOR role. "
        "Use one of: Team Manager, Team Member",
    ),
    (
        "PATCH",
        "/users/ghost/groups/ghost_group",
        {"role": "View Connection"},
        "Role 'View Connection' cannot be used here: it is a CONNECTOR role. Use one of: "
        "Manage Destination, Edit Destination, View Destination, Create Connection",
    ),
]


@pytest.mark.parametrize(("method", "path", "body", "message"), MALFORMED_FOR_UNKNOWN_IDS)
def test_a_malformed_body_is_a_400_before_an_unknown_id_is_a_404(
    emu: Emulator, method: str, path: str, body: dict[str, Any], message: str
) -> None:
    assert _invalid(emu, method, path, body) == message


@pytest.mark.parametrize(
    ("method", "path", "body", "code"),
    [
        ("PATCH", "/users/ghost", {"given_name": "Ada"}, "NotFound_User"),
        ("PATCH", "/teams/ghost", {"name": "Ops"}, "NotFound_Team"),
        ("PATCH", "/system-keys/ghost", {"name": "k"}, "NotFound_SystemKey"),
        ("POST", "/system-keys/ghost/rotate", None, "NotFound_SystemKey"),
    ],
)
def test_a_wellformed_body_for_an_unknown_id_is_a_404(
    emu: Emulator, method: str, path: str, body: dict[str, Any] | None, code: str
) -> None:
    status, got, _ = _error(emu, method, path, body)
    assert (status, got) == (404, code)


def test_a_malformed_body_is_a_400_before_a_taken_name_is_a_409(emu: Emulator) -> None:
    _ok(emu, "POST", "/teams", {"name": "Ops", "role": "Account Reviewer"})
    other = _ok(emu, "POST", "/teams", {"name": "Sales", "role": "Account Reviewer"})
    assert "TEAM role" in _invalid(emu, "POST", "/teams", {"name": "Ops", "role": "Team Member"})
    sales = f"/teams/{other['id']}"
    assert _invalid(emu, "PATCH", sales, {"name": "Ops", "role": "Nope"}) == (
        "Role 'Nope' does not exist"
    )
    assert _error(emu, "PATCH", sales, {"name": "Ops"})[:2] == (409, "Conflict")
    _ok(emu, "POST", "/system-keys", {"name": "ci"})
    key = _ok(emu, "POST", "/system-keys", {"name": "cd"})
    bad_permissions = {"name": "ci", "permissions": [{"resource_type": "USER"}]}
    message = _invalid(emu, "PATCH", f"/system-keys/{key['id']}", bad_permissions)
    assert "permissions[0].access_level" in message


def test_your_own_role_is_checked_as_a_role_first(emu: Emulator) -> None:
    owner = emu.backend.add_account_owner()
    path = f"/users/{owner['id']}"
    unknown = _invalid(emu, "PATCH", path, {"role": "Supreme Leader"})
    assert unknown == "Role 'Supreme Leader' does not exist"
    other = _invalid(emu, "PATCH", path, {"role": "Account Reviewer"})
    assert other == "You cannot change your own role"
    # sending the role you have is no change
    assert _ok(emu, "PATCH", path, {"role": "Account Administrator"})["role"] == (
        "Account Administrator"
    )
