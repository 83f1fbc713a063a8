"""Raw-HTTP traffic over every access-management operation (for the conformance recorder).

:func:`access_scenario` drives users, teams, roles, memberships, group users, system keys,
certificates and fingerprints (and their error paths) through an authenticated httpx
client; the conformance suite records the traffic and validates every response.
"""

from __future__ import annotations

import base64
from typing import Any

import httpx

from emulator._emu_support import data, make_connection, make_group
from fivetrex.emulator import Emulator

__all__ = ["CERT", "access_scenario"]

CERT = base64.b64encode(b"-----BEGIN CERTIFICATE----- fivetrex test -----END CERTIFICATE-----")
"""A base64 'certificate' the emulator accepts."""


def access_scenario(emu: Emulator, http: httpx.Client) -> dict[str, Any]:
    """Exercise every access-management operation at least once successfully.

    Returns the ids it created (some are deleted again by the end).
    """
    gid = make_group(http, "Access_Scenario")
    cid = make_connection(http, gid)["id"]
    http.get("/roles", params={"limit": 5})
    # users
    http.get("/users")
    uid = data(
        http.post(
            "/users",
            json={"email": "ada@example.com", "given_name": "Ada", "family_name": "L",
                  "role": "Account Reviewer"},
        ),
        201,
    )["id"]  # fmt: skip
    other = data(
        http.post("/users", json={"email": "bo@example.com", "given_name": "Bo",
                                  "family_name": "B"}),
        201,
    )["id"]  # fmt: skip
    http.post("/users", json={"email": "ada@example.com", "given_name": "A", "family_name": "L"})
    http.post("/users", json={"email": "x@example.com", "given_name": "X", "family_name": "Y",
                              "role": "No Such Role"})  # fmt: skip
    http.get("/users", params={"active": "true", "limit": 1})
    http.get(f"/users/{uid}")
    http.get("/users/missing_user")
    http.patch(f"/users/{uid}", json={"phone": "+100", "role": "Account Analyst"})
    # user memberships
    http.post(f"/users/{uid}/groups", json={"id": gid, "role": "Manage Destination"})
    http.post(f"/users/{uid}/groups", json={"id": gid, "role": "Manage Destination"})
    http.post(f"/users/{uid}/groups", json={"id": gid, "role": "Manage Connection"})
    http.get(f"/users/{uid}/groups")
    http.get(f"/users/{uid}/groups/{gid}")
    http.patch(f"/users/{uid}/groups/{gid}", json={"role": "View Destination"})
    http.post(f"/users/{uid}/connections", json={"id": cid, "role": "View Connection"})
    http.get(f"/users/{uid}/connections")
    http.get(f"/users/{uid}/connections/{cid}")
    http.patch(f"/users/{uid}/connections/{cid}", json={"role": "Edit Connection"})
    http.delete(f"/users/{uid}/connections/{cid}")
    http.get(f"/users/{uid}/connections/{cid}")
    http.delete(f"/users/{uid}/groups/{gid}")
    # group users
    http.post(f"/groups/{gid}/users", json={"email": "bo@example.com", "role": "View Destination"})
    http.post(f"/groups/{gid}/users", json={"email": "no@example.com", "role": "View Destination"})
    http.get(f"/groups/{gid}/users", params={"active": "true"})
    http.delete(f"/groups/{gid}/users/{other}")
    # teams
    team = {"name": "Scenario Team", "description": "d", "role": "Account Reviewer"}
    tid = data(http.post("/teams", json=team), 201)["id"]
    http.post("/teams", json={"name": "Scenario Team", "role": "Account Reviewer"})
    http.get("/teams")
    http.get(f"/teams/{tid}")
    http.get("/teams/missing_team")
    http.patch(f"/teams/{tid}", json={"description": "Data analysts"})
    http.post(f"/teams/{tid}/users", json={"user_id": uid, "role": "Team Manager"})
    http.get(f"/teams/{tid}/users", params={"active": "true"})
    http.get(f"/teams/{tid}/users/{uid}")
    http.patch(f"/teams/{tid}/users/{uid}", json={"role": "Team Member"})
    http.delete(f"/teams/{tid}/users/{uid}")
    http.post(f"/teams/{tid}/groups", json={"id": gid, "role": "Manage Destination"})
    http.get(f"/teams/{tid}/groups")
    http.get(f"/teams/{tid}/groups/{gid}")
    http.patch(f"/teams/{tid}/groups/{gid}", json={"role": "View Destination"})
    http.delete(f"/teams/{tid}/groups/{gid}")
    http.post(f"/teams/{tid}/connections", json={"id": cid, "role": "Manage Connection"})
    http.get(f"/teams/{tid}/connections")
    http.get(f"/teams/{tid}/connections/{cid}")
    http.patch(f"/teams/{tid}/connections/{cid}", json={"role": "View Connection"})
    http.delete(f"/teams/{tid}/connections/{cid}")
    http.delete(f"/teams/{tid}/role")
    http.get(f"/teams/{tid}")
    http.delete(f"/teams/{tid}")
    # account role and user deletion
    http.delete(f"/users/{uid}/role")
    http.get(f"/users/{uid}")
    http.delete("/users/missing_user")
    http.delete(f"/users/{other}")
    # system keys
    key = data(
        http.post(
            "/system-keys",
            json={"name": "ci", "expiration_period": "THREE_MONTHS",
                  "permissions": [{"resource_type": "CONNECTOR", "access_level": "MANAGE",
                                   "resource_filter": {"group_ids": [gid]}}]},
        ),
        201,
    )  # fmt: skip
    http.post("/system-keys", json={"name": "bad", "expiration_period": "FOREVER"})
    http.get("/system-keys")
    http.get(f"/system-keys/{key['id']}")
    http.patch(f"/system-keys/{key['id']}", json={"name": "ci_2"})
    rotated = data(http.post(f"/system-keys/{key['id']}/rotate", json={}))
    with httpx.Client(
        transport=http._transport, base_url=http.base_url, auth=(key["key"], rotated["secret"])
    ) as as_key:
        as_key.get("/account/info")
    http.get("/account/info")
    http.delete(f"/system-keys/{key['id']}")
    http.get(f"/system-keys/{key['id']}")
    # certificates and fingerprints
    for base in (f"/connections/{cid}", f"/destinations/{gid}"):
        http.post(f"{base}/certificates", json={"hash": "h1", "encoded_cert": CERT.decode()})
        http.post(f"{base}/certificates", json={"hash": "h2"})
        http.get(f"{base}/certificates")
        http.get(f"{base}/certificates/h1")
        http.delete(f"{base}/certificates/h1")
        http.get(f"{base}/certificates/h1")
        http.post(f"{base}/fingerprints", json={"hash": "f1", "public_key": "ssh-rsa AAAA"})
        http.get(f"{base}/fingerprints")
        http.get(f"{base}/fingerprints/f1")
        http.delete(f"{base}/fingerprints/f1")
        http.delete(f"{base}/fingerprints/f1")
    http.post("/certificates", json={"hash": "h3", "encoded_cert": CERT.decode(),
                                     "connection_id": cid})  # fmt: skip
    http.post("/certificates", json={"hash": "h3", "encoded_cert": CERT.decode()})
    http.get("/connections/missing_conn/certificates")
    return {"group": gid, "connection": cid, "user": uid}
