"""Users, teams, roles, memberships, system keys, certificates and fingerprints.

Every test runs twice, through ``emu.client()`` (``Fivetrex``) and ``emu.async_client()``
(``AsyncFivetrex``); every response the emulator sends during a test is recorded and
validated against the official OpenAPI document (with the leniency of
:mod:`emulator._spec`).
"""

from __future__ import annotations

import base64
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from _support import collect, resolve
from emulator._access_scenario import CERT
from emulator._spec import OpenAPIOracle, load_oracle
from fivetrex import AsyncFivetrex, Fivetrex
from fivetrex.emulator import Emulator
from fivetrex.emulator._domain import ROLES
from fivetrex.emulator._transport import EmulatorTransport
from fivetrex.errors import (
    BadRequestError,
    ConflictError,
    NotFoundError,
    UnauthorizedError,
)

pytestmark = pytest.mark.anyio

Client = Fivetrex | AsyncFivetrex
Exchange = tuple[str, str, int, Any]
PG_CONFIG = {"schema_prefix": "pg", "password": "secret-pw"}


class RecordingTransport(EmulatorTransport):
    """The in-process transport, keeping ``(method, path, status, body)`` of each exchange."""

    def __init__(self, emulator: Emulator, log: list[Exchange]) -> None:
        super().__init__(emulator)
        self.log = log

    def _serve(self, request: httpx.Request) -> httpx.Response:
        response = super()._serve(request)
        body = json.loads(response.content) if response.content else None
        self.log.append((request.method, request.url.path, response.status_code, body))
        return response


class Api:
    """One emulator, one client of the test's mode, and the traffic they exchanged."""

    def __init__(self, mode: str, emu: Emulator, log: list[Exchange]) -> None:
        self.mode = mode
        self.emu = emu
        self.log = log
        self.client: Any = emu.client() if mode == "sync" else emu.async_client()

    def client_with(self, key: str, secret: str) -> Any:
        """A client of the same mode authenticating with other credentials."""
        options: dict[str, Any] = {
            "api_key": key,
            "api_secret": secret,
            "base_url": self.emu.base_url,
            "sleep": self.emu.sleep,
            "max_retries": 0,
        }
        transport = self.emu.transport()
        if self.mode == "sync":
            return Fivetrex(http_client=httpx.Client(transport=transport), **options)
        return AsyncFivetrex(http_client=httpx.AsyncClient(transport=transport), **options)

    def validate(self, oracle: OpenAPIOracle | None) -> None:
        """Every recorded response body validates against the spec."""
        assert self.log, "no traffic was recorded"
        if oracle is None:
            return
        problems = [p for m, path, s, b in self.log for p in oracle.errors(m, path, s, b)]
        assert problems == [], "\n".join(problems[:30])

    async def close(self) -> None:
        await resolve(self.client.close())


@pytest.fixture(scope="module")
def oracle() -> OpenAPIOracle | None:
    """The spec oracle (``None`` without the spec: behaviour is still tested)."""
    return load_oracle()


@pytest.fixture
async def api(mode: str, monkeypatch: pytest.MonkeyPatch, oracle: OpenAPIOracle | None) -> Any:
    """An empty emulator whose transport records, and a client of ``mode`` on it.

    After the test, every recorded response is validated against the spec.
    """
    emu = Emulator(deliver=lambda url, body, headers: 200)
    log: list[Exchange] = []
    monkeypatch.setattr(emu, "transport", lambda: RecordingTransport(emu, log))
    wrapper = Api(mode, emu, log)
    yield wrapper
    await wrapper.close()
    emu.close()
    wrapper.validate(oracle)


async def _group_and_connection(client: Client) -> tuple[str, str]:
    group = await resolve(client.groups.create(name="Warehouse"))
    await resolve(
        client.destinations.create(
            group_id=group.id,
            service="postgres_warehouse",
            time_zone_offset="0",
            config={"host": "h"},
        )
    )
    conn = await resolve(
        client.connections.create(group_id=group.id, service="postgres", config=PG_CONFIG)
    )
    return str(group.id), str(conn.id)


async def _invite(client: Client, email: str, role: str | None = None) -> Any:
    return await resolve(
        client.users.create(email=email, given_name="Given", family_name="Family", role=role)
    )


# -- roles ------------------------------------------------------------------------------------


async def test_roles_are_a_fixed_paginated_catalogue(api: Api) -> None:
    first = await resolve(api.client.roles.list(limit=3))
    assert [r.name for r in first.items] == [r.name for r in ROLES[:3]]
    assert first.next_cursor
    everything = await collect(api.client.roles.stream(limit=4))
    by_name = {r.name: r for r in everything}
    assert len(everything) == len(ROLES)
    admin = by_name["Account Administrator"]
    assert admin.scope == ["ACCOUNT"]
    assert admin.is_custom is False
    assert admin.is_deprecated is False
    assert admin.replacement_role_name is None
    old = by_name["Destination Administrator"]
    assert old.is_deprecated is True
    assert old.replacement_role_name == "Manage Destination"
    assert {s for r in everything for s in r.scope} == {
        "ACCOUNT",
        "DESTINATION",
        "CONNECTOR",
        "TEAM",
    }


# -- users ------------------------------------------------------------------------------------


async def test_invite_get_update_delete_a_user(api: Api) -> None:
    client = api.client
    assert (await resolve(client.users.list())).items == []  # an empty account
    user = await _invite(client, "ada@example.com", "Account Reviewer")
    assert (user.invited, user.verified, user.logged_in_at, user.active) == (
        True,
        False,
        None,
        True,
    )
    assert user.created_at is not None
    assert user.role == "Account Reviewer"
    fetched = await resolve(client.users.get(user.id))
    assert fetched.email == "ada@example.com"
    assert fetched.full_name == "Given Family"
    updated = await resolve(
        client.users.update(user.id, phone="+3312345", given_name="Ada", role="Account Analyst")
    )
    assert (updated.phone, updated.given_name, updated.role) == (
        "+3312345",
        "Ada",
        "Account Analyst",
    )
    other = await _invite(client, "bo@example.com")
    assert [u.id for u in await collect(client.users.stream(limit=1))] == [user.id, other.id]
    await resolve(client.users.delete(user.id))
    with pytest.raises(NotFoundError) as missing:
        await resolve(client.users.get(user.id))
    assert missing.value.code == "NotFound_User"
    assert [u.id for u in (await resolve(client.users.list())).items] == [other.id]
    with pytest.raises(NotFoundError):
        await resolve(client.users.delete(user.id))


async def test_user_validation_and_conflicts(api: Api) -> None:
    client = api.client
    await _invite(client, "ada@example.com")
    with pytest.raises(ConflictError):
        await _invite(client, "ADA@example.com")
    with pytest.raises(BadRequestError, match="does not exist"):
        await _invite(client, "bo@example.com", "Supreme Leader")
    with pytest.raises(BadRequestError, match="DESTINATION role"):
        await _invite(client, "bo@example.com", "Manage Destination")  # a group role
    with pytest.raises(BadRequestError, match="email"):
        await _invite(client, "not-an-email")
    with pytest.raises(NotFoundError) as missing:
        await resolve(client.users.update("ghost_user", phone="1"))
    assert missing.value.code == "NotFound_User"
    owner = api.emu.backend.add_account_owner()  # the API user (the demo seed has it)
    assert owner["id"] == api.emu.settings.user_id
    assert (await resolve(client.users.get(owner["id"]))).logged_in_at is not None
    with pytest.raises(BadRequestError, match="your own role"):
        await resolve(client.users.update(owner["id"], role="Account Reviewer"))


async def test_the_last_account_owner_stays(api: Api) -> None:
    client = api.client
    plain = await _invite(client, "plain@example.com")
    assert plain.role is None
    first = await _invite(client, "first@example.com", "Account Administrator")
    second = await _invite(client, "second@example.com", "Account Administrator")
    await resolve(client.users.delete(first.id))  # another administrator remains
    with pytest.raises(ConflictError, match="last account owner"):
        await resolve(client.users.delete(second.id))
    with pytest.raises(ConflictError, match="last account owner"):
        await resolve(client.users.remove_account_role(second.id))
    with pytest.raises(ConflictError, match="last account owner"):
        await resolve(client.users.update(second.id, role="Account Reviewer"))
    promoted = await resolve(client.users.update(plain.id, role="Account Administrator"))
    assert promoted.role == "Account Administrator"
    await resolve(client.users.remove_account_role(second.id))  # now allowed
    assert (await resolve(client.users.get(second.id))).role is None
    await resolve(client.users.remove_account_role(second.id))  # no role left: a no-op
    assert [u.id for u in (await resolve(client.users.list())).items] == [plain.id, second.id]


async def test_active_filter(api: Api) -> None:
    api.emu.seed("demo")
    client = api.client
    everyone = await collect(client.users.stream())
    active = await collect(client.users.stream(active=True))
    inactive = await resolve(client.users.list(active=False))
    assert len(everyone) == len(active) + len(inactive.items)
    assert [u.email for u in inactive.items] == ["sara.kim@acme.example"]
    assert all(u.active for u in active)
    for path in ("/users?active=maybe", "/groups/any/users?active=1", "/teams/any/users?active=x"):
        bad = api.emu.request("GET", path)
        assert (bad.status, bad.json()["code"]) == (400, "InvalidInput"), path


# -- user memberships -------------------------------------------------------------------------


async def test_user_group_and_connection_memberships(api: Api) -> None:
    client = api.client
    gid, cid = await _group_and_connection(client)
    user = await _invite(client, "ada@example.com")
    assert (await resolve(client.users.list_group_memberships(user.id))).items == []
    added = await resolve(
        client.users.add_group_membership(user.id, group_id=gid, role="Manage Destination")
    )
    assert (added.id, added.role) == (gid, "Manage Destination")
    assert added.created_at is not None
    with pytest.raises(ConflictError):
        await resolve(
            client.users.add_group_membership(user.id, group_id=gid, role="View Destination")
        )
    with pytest.raises(BadRequestError):
        await resolve(
            client.users.add_group_membership(user.id, group_id=gid, role="View Connection")
        )
    with pytest.raises(NotFoundError) as no_group:
        await resolve(
            client.users.add_group_membership(
                user.id, group_id="ghost_group", role="View Destination"
            )
        )
    assert no_group.value.code == "NotFound_Group"
    assert (
        await resolve(client.users.update_group_membership(user.id, gid, role="View Destination"))
        is None
    )
    got = await resolve(client.users.get_group_membership(user.id, gid))
    assert got.role == "View Destination"
    # group users and user group memberships are the same relation
    members = await resolve(client.groups.list_users(gid))
    assert [u.id for u in members.items] == [user.id]

    conn = await resolve(
        client.users.add_connection_membership(user.id, connection_id=cid, role="View Connection")
    )
    assert conn.id == cid
    changed = await resolve(
        client.users.update_connection_membership(user.id, cid, role="Edit Connection")
    )
    assert changed.role == "Edit Connection"
    listed = await collect(client.users.stream_connection_memberships(user.id))
    assert [(m.id, m.role) for m in listed] == [(cid, "Edit Connection")]
    await resolve(client.users.remove_connection_membership(user.id, cid))
    with pytest.raises(NotFoundError) as gone:
        await resolve(client.users.get_connection_membership(user.id, cid))
    assert gone.value.code == "NotFound_Membership"
    with pytest.raises(NotFoundError) as no_conn:
        await resolve(client.users.get_connection_membership(user.id, "ghost_conn"))
    assert no_conn.value.code == "NotFound_Connection"
    with pytest.raises(NotFoundError) as no_user:
        await resolve(client.users.list_group_memberships("ghost_user"))
    assert no_user.value.code == "NotFound_User"

    # memberships of a deleted group disappear with it
    await resolve(client.connections.delete(cid))
    await resolve(client.groups.delete(gid))
    assert (await resolve(client.users.list_group_memberships(user.id))).items == []
    with pytest.raises(NotFoundError) as no_group_any_more:
        await resolve(client.users.remove_group_membership(user.id, gid))
    assert no_group_any_more.value.code == "NotFound_Group"


async def test_group_users(api: Api) -> None:
    client = api.client
    gid, _ = await _group_and_connection(client)
    ada = await _invite(client, "ada@example.com")
    bo = await _invite(client, "bo@example.com")
    assert (
        await resolve(client.groups.add_user(gid, email="bo@example.com", role="View Destination"))
        is None
    )
    await resolve(
        client.groups.add_user(gid, email="ADA@example.com", role="Destination Administrator")
    )
    assert [u.id for u in await collect(client.groups.stream_users(gid))] == [bo.id, ada.id]
    assert (
        await resolve(client.users.get_group_membership(ada.id, gid))
    ).role == "Destination Administrator"
    with pytest.raises(ConflictError):
        await resolve(client.groups.add_user(gid, email="bo@example.com", role="View Destination"))
    with pytest.raises(NotFoundError) as nobody:
        await resolve(
            client.groups.add_user(gid, email="nobody@example.com", role="View Destination")
        )
    assert nobody.value.code == "NotFound_User"
    with pytest.raises(BadRequestError):
        await resolve(client.groups.add_user(gid, email="bo@example.com", role="Team Member"))
    assert (await resolve(client.groups.list_users(gid, active=False))).items == []
    await resolve(client.groups.remove_user(gid, bo.id))
    assert [u.id for u in (await resolve(client.groups.list_users(gid))).items] == [ada.id]
    with pytest.raises(NotFoundError):
        await resolve(client.groups.remove_user(gid, bo.id))
    with pytest.raises(NotFoundError) as no_group:
        await resolve(client.groups.list_users("ghost_group"))
    assert no_group.value.code == "NotFound_Group"
    # deleting a user drops their memberships
    await resolve(client.users.delete(ada.id))
    assert (await resolve(client.groups.list_users(gid))).items == []


# -- teams ------------------------------------------------------------------------------------


async def test_team_lifecycle(api: Api) -> None:
    client = api.client
    team = await resolve(
        client.teams.create(name="Analysts", role="Account Reviewer", description="Read only")
    )
    assert (team.name, team.role, team.description) == ("Analysts", "Account Reviewer", "Read only")
    assert (await resolve(client.teams.get(team.id))).name == "Analysts"
    with pytest.raises(ConflictError):
        await resolve(client.teams.create(name="Analysts", role="Account Reviewer"))
    with pytest.raises(BadRequestError):
        await resolve(client.teams.create(name="No role"))
    with pytest.raises(BadRequestError):
        await resolve(client.teams.create(name="Bad role", role="Team Member"))
    updated = await resolve(
        client.teams.update(team.id, description="Analysts of data", role="Account Analyst")
    )
    assert (updated.description, updated.role) == ("Analysts of data", "Account Analyst")
    other = await resolve(client.teams.create(name="Ops", role="Account Reviewer"))
    assert [t.id for t in await collect(client.teams.stream(limit=1))] == [team.id, other.id]
    await resolve(client.teams.remove_account_role(team.id))
    assert (await resolve(client.teams.get(team.id))).role is None
    await resolve(client.teams.delete(team.id))
    with pytest.raises(NotFoundError) as gone:
        await resolve(client.teams.get(team.id))
    assert gone.value.code == "NotFound_Team"
    assert [t.id for t in (await resolve(client.teams.list())).items] == [other.id]


async def test_team_users_and_memberships(api: Api) -> None:
    client = api.client
    gid, cid = await _group_and_connection(client)
    team = await resolve(client.teams.create(name="Engineering", role="Account Analyst"))
    ada = await _invite(client, "ada@example.com")
    bo = await _invite(client, "bo@example.com")
    member = await resolve(client.teams.add_user(team.id, user_id=ada.id))
    assert (member.user_id, member.role) == (ada.id, "Team Member")  # the default team role
    await resolve(client.teams.add_user(team.id, user_id=bo.id, role="Team Manager"))
    with pytest.raises(ConflictError):
        await resolve(client.teams.add_user(team.id, user_id=bo.id))
    with pytest.raises(NotFoundError) as nobody:
        await resolve(client.teams.add_user(team.id, user_id="ghost_user"))
    assert nobody.value.code == "NotFound_User"
    promoted = await resolve(client.teams.update_user(team.id, ada.id, role="Team Manager"))
    assert promoted.role == "Team Manager"
    assert (await resolve(client.teams.get_user(team.id, ada.id))).role == "Team Manager"
    users = await collect(client.teams.stream_users(team.id, active=True))
    assert [u.user_id for u in users] == [ada.id, bo.id]
    await resolve(client.teams.remove_user(team.id, bo.id))
    assert [u.user_id for u in (await resolve(client.teams.list_users(team.id))).items] == [ada.id]

    group = await resolve(
        client.teams.add_group_membership(team.id, group_id=gid, role="Manage Destination")
    )
    assert group.id == gid
    with pytest.raises(ConflictError):
        await resolve(
            client.teams.add_group_membership(team.id, group_id=gid, role="View Destination")
        )
    regrouped = await resolve(
        client.teams.update_group_membership(team.id, gid, role="View Destination")
    )
    assert regrouped.role == "View Destination"
    assert (
        await resolve(client.teams.get_group_membership(team.id, gid))
    ).role == "View Destination"
    assert [m.id for m in await collect(client.teams.stream_group_memberships(team.id))] == [gid]
    await resolve(client.teams.remove_group_membership(team.id, gid))
    assert (await resolve(client.teams.list_group_memberships(team.id))).items == []

    conn = await resolve(
        client.teams.add_connection_membership(team.id, connection_id=cid, role="Manage Connection")
    )
    assert conn.id == cid
    with pytest.raises(BadRequestError):
        await resolve(
            client.teams.update_connection_membership(team.id, cid, role="Manage Destination")
        )
    edited = await resolve(
        client.teams.update_connection_membership(team.id, cid, role="Edit Connection")
    )
    assert edited.role == "Edit Connection"
    assert (
        await resolve(client.teams.get_connection_membership(team.id, cid))
    ).role == "Edit Connection"
    assert [m.id for m in await collect(client.teams.stream_connection_memberships(team.id))] == [
        cid
    ]
    await resolve(client.teams.remove_connection_membership(team.id, cid))
    with pytest.raises(NotFoundError) as gone:
        await resolve(client.teams.get_connection_membership(team.id, cid))
    assert gone.value.code == "NotFound_Membership"

    await resolve(
        client.teams.add_connection_membership(team.id, connection_id=cid, role="View Connection")
    )
    await resolve(client.teams.delete(team.id))
    with pytest.raises(NotFoundError) as no_team:
        await resolve(client.teams.list_users(team.id))
    assert no_team.value.code == "NotFound_Team"
    assert api.emu.state.tables["memberships"] == {}  # the team's memberships went with it


# -- system keys ------------------------------------------------------------------------------

PERMISSIONS = [
    {
        "resource_type": "CONNECTOR",
        "access_level": "MANAGE",
        "resource_filter": {"group_ids": ["g1"]},
    },
    {"resource_type": "USER", "access_level": "READ"},
]


async def test_system_key_crud_and_secret_masking(api: Api) -> None:
    client = api.client
    key = await resolve(
        client.system_keys.create(
            name="ci", permissions=PERMISSIONS, expiration_period="THREE_MONTHS"
        )
    )
    assert key.secret
    assert key.key
    assert key.id
    assert key.created_at is not None
    assert key.created_at.date() == date(2026, 1, 15)
    assert key.expired_at is not None
    assert key.expired_at.date() == date(2026, 4, 15)
    assert [p.resource_type for p in key.permissions] == ["CONNECTOR", "USER"]
    fetched = await resolve(client.system_keys.get(key.id))
    assert fetched.secret is None  # only create and rotate return it
    assert fetched.key == key.key
    listed = await resolve(client.system_keys.list())
    assert [(k.id, k.secret) for k in listed.items] == [(key.id, None)]
    forever = await resolve(client.system_keys.create(name="forever", permissions=[]))
    assert forever.expired_at is None  # INFINITE by default
    renamed = await resolve(
        client.system_keys.update(key.id, name="ci_2", permissions=PERMISSIONS[:1])
    )
    assert (renamed.name, len(renamed.permissions), renamed.secret) == ("ci_2", 1, None)
    assert renamed.updated_at is not None
    assert renamed.updated_at > key.created_at
    with pytest.raises(ConflictError):
        await resolve(client.system_keys.update(forever.id, name="ci_2"))
    # the client refuses unknown periods itself; the emulator does too
    bad = api.emu.request("POST", "/system-keys", {"name": "x", "expiration_period": "FOREVER"})
    assert bad.status == 400
    assert "expiration_period" in bad.json()["message"]
    rotate = api.emu.request("POST", f"/system-keys/{key.id}/rotate", {"expiration_period": "1Y"})
    assert rotate.status == 400
    with pytest.raises(BadRequestError, match="access_level"):
        await resolve(
            client.system_keys.create(
                name="x", permissions=[{"resource_type": "USER", "access_level": "ALL"}]
            )
        )
    with pytest.raises(BadRequestError, match="resource_type"):
        await resolve(
            client.system_keys.create(
                name="x", permissions=[{"resource_type": "PLANET", "access_level": "READ"}]
            )
        )
    await resolve(client.system_keys.delete(key.id))
    with pytest.raises(NotFoundError) as gone:
        await resolve(client.system_keys.get(key.id))
    assert gone.value.code == "NotFound_SystemKey"


async def test_system_key_authenticates_until_rotated_or_deleted(api: Api) -> None:
    client = api.client
    key = await resolve(client.system_keys.create(name="ci", permissions=PERMISSIONS))
    as_key = api.client_with(key.key, key.secret)
    try:
        info = await resolve(as_key.account.get_info())
        assert info.system_key_id == key.id
        assert info.is_system_key
        assert info.user_id is None
        assert info.account_id == api.emu.settings.account_id
        assert (await resolve(as_key.groups.list())).items == []  # the whole API is open to it
        used = await resolve(client.system_keys.get(key.id))
        assert used.last_used_at is not None
        me = await resolve(client.account.get_info())
        assert (me.user_id, me.system_key_id) == (api.emu.settings.user_id, None)

        rotated = await resolve(
            client.system_keys.rotate(key.id, expiration_period="ONE_WEEK", confirm=True)
        )
        assert rotated.secret
        assert rotated.secret != key.secret
        assert rotated.key == key.key
        with pytest.raises(UnauthorizedError):
            await resolve(as_key.account.get_info())  # the old secret stopped working
        as_rotated = api.client_with(key.key, rotated.secret)
        try:
            assert (await resolve(as_rotated.account.get_info())).system_key_id == key.id
            api.emu.advance(timedelta(days=8).total_seconds())  # past ONE_WEEK
            with pytest.raises(UnauthorizedError):
                await resolve(as_rotated.account.get_info())
            again = await resolve(client.system_keys.rotate(key.id, confirm=True))  # same period
            as_again = api.client_with(key.key, again.secret)
            try:
                assert (await resolve(as_again.account.get_info())).system_key_id == key.id
                await resolve(client.system_keys.delete(key.id))
                with pytest.raises(UnauthorizedError):
                    await resolve(as_again.account.get_info())  # deleting revokes
            finally:
                await resolve(as_again.close())
        finally:
            await resolve(as_rotated.close())
    finally:
        await resolve(as_key.close())


# -- certificates and fingerprints ------------------------------------------------------------


@pytest.mark.parametrize("owner", ["connections", "destinations"])
async def test_certificates_and_fingerprints(api: Api, owner: str) -> None:
    client = api.client
    gid, cid = await _group_and_connection(client)
    resource = getattr(client, owner)
    owner_id = cid if owner == "connections" else gid
    cert = await resolve(
        resource.approve_certificate(owner_id, hash="h1", encoded_cert=CERT.decode())
    )
    assert (cert.hash, cert.type) == ("h1", "TLS")
    assert cert.sha256
    assert len(cert.sha256) == 64
    assert cert.sha1
    assert len(cert.sha1) == 40
    assert cert.validated_by == api.emu.settings.user_id
    assert cert.validated_date is not None
    again = await resolve(
        resource.approve_certificate(owner_id, hash="h1", encoded_cert=CERT.decode())
    )
    assert again.id == cert.id  # approving twice is idempotent
    await resolve(resource.approve_certificate(owner_id, hash="h2", encoded_cert=CERT.decode()))
    assert [c.hash for c in await collect(resource.stream_certificates(owner_id, limit=1))] == [
        "h1",
        "h2",
    ]
    assert (await resolve(resource.get_certificate(owner_id, "h2"))).hash == "h2"
    await resolve(resource.revoke_certificate(owner_id, "h1", confirm=True))
    with pytest.raises(NotFoundError) as revoked:
        await resolve(resource.get_certificate(owner_id, "h1"))
    assert revoked.value.code == "NotFound_Certificate"
    with pytest.raises(NotFoundError):
        await resolve(resource.revoke_certificate(owner_id, "h1", confirm=True))
    with pytest.raises(BadRequestError, match="base64"):
        await resolve(resource.approve_certificate(owner_id, hash="h3", encoded_cert="%%%"))

    fp = await resolve(resource.approve_fingerprint(owner_id, hash="f1", public_key="ssh-rsa AAAA"))
    assert (fp.hash, fp.public_key) == ("f1", "ssh-rsa AAAA")
    assert [f.hash for f in (await resolve(resource.list_fingerprints(owner_id))).items] == ["f1"]
    assert (await resolve(resource.get_fingerprint(owner_id, "f1"))).id == fp.id
    await resolve(resource.revoke_fingerprint(owner_id, "f1", confirm=True))
    with pytest.raises(NotFoundError) as no_fp:
        await resolve(resource.get_fingerprint(owner_id, "f1"))
    assert no_fp.value.code == "NotFound_Fingerprint"

    with pytest.raises(NotFoundError) as unknown:
        await resolve(resource.list_certificates("ghost_owner"))
    assert unknown.value.code == (
        "NotFound_Connection" if owner == "connections" else "NotFound_Destination"
    )


async def test_deprecated_account_wide_certificate_approval(api: Api) -> None:
    client = api.client
    gid, cid = await _group_and_connection(client)
    result = await resolve(
        client.certificates.approve(
            hash="hc", encoded_cert=CERT.decode(), connection_id=cid, destination_id=gid
        )
    )
    assert result is None
    assert [c.hash for c in (await resolve(client.connections.list_certificates(cid))).items] == [
        "hc"
    ]
    assert [c.hash for c in (await resolve(client.destinations.list_certificates(gid))).items] == [
        "hc"
    ]
    with pytest.raises(BadRequestError):
        await resolve(client.certificates.approve(hash="hc", encoded_cert=CERT.decode()))
    with pytest.raises(NotFoundError):
        await resolve(
            client.certificates.approve(
                hash="hc", encoded_cert=CERT.decode(), connection_id="ghost_conn"
            )
        )


# -- persistence ------------------------------------------------------------------------------


def _populate(emu: Emulator) -> dict[str, Any]:
    gid = emu.request("POST", "/groups", {"name": "Kept"}).json()["data"]["id"]
    emu.request(
        "POST", "/destinations", {"group_id": gid, "service": "snowflake", "time_zone_offset": "0"}
    )
    cid = emu.request(
        "POST", "/connections", {"group_id": gid, "service": "postgres", "config": PG_CONFIG}
    ).json()["data"]["id"]
    uid = emu.request(
        "POST", "/users", {"email": "a@b.example", "given_name": "A", "family_name": "B"}
    ).json()["data"]["id"]
    emu.request("POST", f"/users/{uid}/groups", {"id": gid, "role": "View Destination"})
    tid = emu.request("POST", "/teams", {"name": "T", "role": "Account Reviewer"}).json()["data"][
        "id"
    ]
    emu.request("POST", f"/teams/{tid}/users", {"user_id": uid})
    emu.request(
        "POST", f"/connections/{cid}/certificates", {"hash": "h", "encoded_cert": CERT.decode()}
    )
    emu.request("POST", f"/destinations/{gid}/fingerprints", {"hash": "f", "public_key": "k"})
    key = emu.request("POST", "/system-keys", {"name": "k"}).json()["data"]
    return {"group": gid, "connection": cid, "user": uid, "team": tid, "key": key}


def _access_view(emu: Emulator, ids: dict[str, Any]) -> list[Any]:
    paths = [
        "/users",
        f"/users/{ids['user']}/groups",
        "/teams",
        f"/teams/{ids['team']}/users",
        "/system-keys",
        f"/connections/{ids['connection']}/certificates",
        f"/destinations/{ids['group']}/fingerprints",
        f"/groups/{ids['group']}/users",
    ]
    return [emu.request("GET", path).json()["data"] for path in paths]


def _key_auth(emu: Emulator, key: dict[str, Any]) -> int:
    token = base64.b64encode(f"{key['key']}:{key['secret']}".encode()).decode()
    return emu.handle("GET", "/v1/account/info", headers={"Authorization": f"Basic {token}"}).status


def test_access_state_round_trips_through_snapshots() -> None:
    emu = Emulator()
    ids = _populate(emu)
    view = _access_view(emu, ids)
    snap = json.loads(json.dumps(emu.snapshot()))
    for kind in ("users", "teams", "memberships", "system_keys", "certificates", "fingerprints"):
        assert snap["tables"][kind], kind
    assert all("secret" not in row for row in snap["tables"]["system_keys"])  # only a hash
    copy = Emulator.from_snapshot(snap)
    assert _access_view(copy, ids) == view
    assert _key_auth(copy, ids["key"]) == 200
    emu.close()
    copy.close()


def test_access_state_persists_in_sqlite(tmp_path: Path) -> None:
    db = tmp_path / "emu.sqlite"
    emu = Emulator(db_path=db)
    ids = _populate(emu)
    view = _access_view(emu, ids)
    emu.close()
    reopened = Emulator(db_path=db)
    assert _access_view(reopened, ids) == view
    assert _key_auth(reopened, ids["key"]) == 200
    reopened.request("DELETE", f"/system-keys/{ids['key']['id']}")
    reopened.close()
    again = Emulator(db_path=db)
    assert _key_auth(again, ids["key"]) == 401
    assert again.request("GET", "/system-keys").json()["data"]["items"] == []
    again.close()


def test_demo_seed_has_access_data() -> None:
    emu = Emulator(seed="demo")
    users = emu.request("GET", "/users").json()["data"]["items"]
    teams = emu.request("GET", "/teams").json()["data"]["items"]
    assert len(users) == 6
    assert len(teams) == 2
    assert sum(not u["active"] for u in users) == 1
    team = teams[0]["id"]
    assert len(emu.request("GET", f"/teams/{team}/users").json()["data"]["items"]) == 2
    assert len(emu.request("GET", "/system-keys").json()["data"]["items"]) == 1
    emu.close()


def test_access_ids_and_secrets_are_deterministic() -> None:
    def run() -> list[Any]:
        emu = Emulator(rng_seed=7)
        ids = _populate(emu)
        emu.close()
        return [ids["user"], ids["team"], ids["key"]["key"], ids["key"]["secret"]]

    assert run() == run()
    emu = Emulator(rng_seed=7)
    _populate(emu)
    emu.reset()
    assert emu.request("GET", "/users").json()["data"]["items"] == []
    assert emu.snapshot()["tables"]["system_keys"] == []
    emu.close()
