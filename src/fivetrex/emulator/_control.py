"""The ``/_emulator`` control plane: test controls over HTTP, behind credentials.

Every control route requires the emulator's own API key and secret as HTTP Basic (the
way the API authenticates), or ``Authorization: Bearer <control_token>`` when the
emulator was given a control token. ``GET /_emulator/state`` masks secrets unless asked
with ``?secrets=true``.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterator
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from fivetrex.emulator._clock import format_us
from fivetrex.emulator._domain.syncs import SyncOutcome
from fivetrex.emulator._errors import InvalidInputError
from fivetrex.emulator._json import mask
from fivetrex.emulator._routes import Call

if TYPE_CHECKING:
    from fivetrex.emulator._emulator import Emulator

__all__ = ["control_authorized", "control_routes", "masked_snapshot"]


def masked_snapshot(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A snapshot with every secret-looking value masked (marked ``secrets_masked``)."""
    out = dict(snapshot)
    out["tables"] = mask(snapshot.get("tables", {}))
    out["secrets_masked"] = True
    return out


def is_account_owner(emu: Emulator, key: str, secret: str) -> bool:
    """Whether ``key``/``secret`` are the emulator's own API credentials (constant time)."""
    ok_key = hmac.compare_digest(key.encode(), emu.api_key.encode())
    ok_secret = hmac.compare_digest(secret.encode(), emu.api_secret.encode())
    return ok_key and ok_secret


def control_authorized(
    emu: Emulator, credentials: tuple[str, str] | None, bearer: str | None
) -> bool:
    """Whether a caller may use the control plane (constant-time comparisons)."""
    if credentials is not None and is_account_owner(emu, *credentials):
        return True
    token = emu.control_token
    return bool(token and bearer and hmac.compare_digest(bearer.encode(), token.encode()))


def control_routes(emu: Emulator) -> Iterator[tuple[str, str, Callable[[Call], Any]]]:
    """The control plane's ``(method, template, handler)`` rows."""

    def body_of(call: Call) -> dict[str, Any]:
        body = call.body if call.body is not None else {}
        if not isinstance(body, dict):
            raise InvalidInputError("The request body must be a JSON object")
        return body

    def health(call: Call) -> Any:
        return {
            "status": "ok",
            "now": format_us(emu.clock.now()),
            "clock": emu.clock.mode,
            "sync_duration_seconds": emu.settings.sync_duration_seconds,
        }

    def reset(call: Call) -> Any:
        emu.reset()
        return emu.counts()

    def seed(call: Call) -> Any:
        return emu.seed(str(body_of(call).get("name", "demo")))

    def state(call: Call) -> Any:
        snapshot = emu.snapshot()
        if call.query.get("secrets", "").lower() in ("1", "true", "yes"):
            return snapshot
        return masked_snapshot(snapshot)

    def restore(call: Call) -> Any:
        body = body_of(call)
        if body.get("secrets_masked"):
            raise InvalidInputError(
                "This snapshot has its secrets masked; restore one read with "
                "GET /_emulator/state?secrets=true"
            )
        emu.restore(body)
        return emu.counts()

    def add_fault(call: Call) -> Any:
        body = dict(body_of(call))
        kind = str(body.pop("kind", "error"))
        return emu.inject(kind, **body).to_dict()

    def delete_fault(call: Call) -> Any:
        return {"removed": emu.faults.remove(int(call.params["faultId"]))}

    def clear_faults(call: Call) -> Any:
        emu.clear_faults()
        return emu.faults.to_dict()

    def chaos(call: Call) -> Any:
        body = dict(body_of(call))
        seed_value = int(body.pop("seed", 0))
        if "statuses" in body:
            body["statuses"] = tuple(int(s) for s in body["statuses"])
        emu.chaos(seed_value, **body)
        return emu.faults.to_dict()

    def advance(call: Call) -> Any:
        seconds = body_of(call).get("seconds")
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
            raise InvalidInputError("Field 'seconds' must be a non-negative number")
        return {"now": format_us(emu.advance(float(seconds)))}

    def clock(call: Call) -> Any:
        return {"now": format_us(emu.clock.now())}

    def sync_outcome(call: Call) -> Any:
        body = body_of(call)
        names = {item.name for item in fields(SyncOutcome)}
        outcome = SyncOutcome(**{key: value for key, value in body.items() if key in names})
        with emu.unit_of_work() as backend:
            return backend.schedule_outcome(call.params["id"], outcome)

    def complete(call: Call) -> Any:
        return {"completed": emu.complete_sync(call.params["id"])}

    def setup_tests(call: Call) -> Any:
        passed = body_of(call).get("passed", True)
        if not isinstance(passed, bool):
            raise InvalidInputError("Field 'passed' must be a boolean")
        emu.set_setup_tests_outcome(call.params["id"], passed)
        return {"passed": passed}

    def source_table(call: Call) -> Any:
        body = body_of(call)
        schema, table = body.get("schema"), body.get("table")
        if not isinstance(schema, str) or not isinstance(table, str):
            raise InvalidInputError("Fields 'schema' and 'table' are required strings")
        with emu.unit_of_work() as backend:
            return backend.add_source_table(call.params["id"], schema, table, body.get("columns"))

    def settings_get(call: Call) -> Any:
        return emu.settings.to_dict()

    def settings_set(call: Call) -> Any:
        return emu.configure(**body_of(call)).to_dict()

    def coverage(call: Call) -> Any:
        return emu.coverage()

    yield "GET", "/_emulator/health", health
    yield "POST", "/_emulator/reset", reset
    yield "POST", "/_emulator/seed", seed
    yield "GET", "/_emulator/state", state
    yield "PUT", "/_emulator/state", restore
    yield "POST", "/_emulator/state", restore
    yield "GET", "/_emulator/faults", lambda call: emu.faults.to_dict()
    yield "POST", "/_emulator/faults", add_fault
    yield "DELETE", "/_emulator/faults", clear_faults
    yield "DELETE", "/_emulator/faults/{faultId}", delete_fault
    yield "POST", "/_emulator/chaos", chaos
    yield "GET", "/_emulator/clock", clock
    yield "POST", "/_emulator/clock/advance", advance
    yield "GET", "/_emulator/webhook-deliveries", lambda call: {"items": emu.deliveries}
    yield "DELETE", "/_emulator/webhook-deliveries", lambda call: emu.clear_deliveries()
    yield "POST", "/_emulator/connections/{id}/sync-outcome", sync_outcome
    yield "POST", "/_emulator/connections/{id}/complete-sync", complete
    yield "POST", "/_emulator/connections/{id}/setup-tests", setup_tests
    yield "POST", "/_emulator/connections/{id}/source-tables", source_table
    yield "GET", "/_emulator/settings", settings_get
    yield "POST", "/_emulator/settings", settings_set
    yield "PATCH", "/_emulator/settings", settings_set
    yield "GET", "/_emulator/coverage", coverage
    yield "GET", "/_emulator", lambda call: {"endpoints": CONTROL_ENDPOINTS}


CONTROL_ENDPOINTS = [
    "GET /_emulator/health",
    "POST /_emulator/reset",
    "POST /_emulator/seed",
    "GET|PUT|POST /_emulator/state",
    "GET|POST|DELETE /_emulator/faults",
    "DELETE /_emulator/faults/{faultId}",
    "POST /_emulator/chaos",
    "GET /_emulator/clock",
    "POST /_emulator/clock/advance",
    "GET|DELETE /_emulator/webhook-deliveries",
    "POST /_emulator/connections/{id}/sync-outcome",
    "POST /_emulator/connections/{id}/complete-sync",
    "POST /_emulator/connections/{id}/setup-tests",
    "POST /_emulator/connections/{id}/source-tables",
    "GET|POST|PATCH /_emulator/settings",
    "GET /_emulator/coverage",
]
"""What ``GET /_emulator/`` (the URL the server's banner prints) lists."""
