"""External secrets managers over HTTP: request parsing and the route table.

Domain: :mod:`fivetrex.emulator._domain.secrets_managers`. This area answers invalid
input with code ``BadRequest`` (not ``InvalidInput``), as Fivetran does.
"""

from __future__ import annotations

from typing import Any

from fivetrex.emulator._api._common import paged, param
from fivetrex.emulator._api._fields import body_object, require_enum, required_str
from fivetrex.emulator._domain import Backend
from fivetrex.emulator._domain.secrets_managers import ESM_ENTITY_TYPES, check_esm_config
from fivetrex.emulator._errors import InvalidInputError
from fivetrex.emulator._platform_catalog import ESM_TYPES
from fivetrex.emulator._routes import Call, Route

__all__ = ["SECRETS_MANAGER_ROUTES"]

_BAD = "BadRequest"


def _body(call: Call) -> dict[str, Any]:
    return body_object(call.body, code=_BAD)


def _config(body: dict[str, Any]) -> dict[str, Any]:
    """The required ``config`` object."""
    config = body.get("config")
    if config is None:
        raise InvalidInputError("ESM config is required.", code=_BAD)
    return body_object(config, "field 'config'", code=_BAD)


def _create(b: Backend, c: Call) -> Any:
    body = _body(c)
    esm_type = body.get("type")
    if not isinstance(esm_type, str) or esm_type not in ESM_TYPES:
        raise InvalidInputError(
            f"Unsupported External Secrets Manager type '{esm_type}'. Supported: "
            + ", ".join(sorted(ESM_TYPES)),
            code=_BAD,
        )
    name = required_str(body, "name", code=_BAD)
    config = _config(body)
    check_esm_config(esm_type, config)
    hybrid = body.get("is_hybrid_deployment", False)
    if not isinstance(hybrid, bool):
        raise InvalidInputError("Field 'is_hybrid_deployment' must be a boolean.", code=_BAD)
    return b.create_esm(esm_type, name, config, is_hybrid_deployment=hybrid)


def _update(b: Backend, c: Call) -> Any:
    return b.update_esm(param(c, "esmId"), _config(_body(c)))


def _entity_type(call: Call) -> str:
    """The ``type`` filter of an entity list (any case; absent: ``all``)."""
    kind = (call.query.get("type") or "all").lower()
    return require_enum(kind, "type", ESM_ENTITY_TYPES)


def _all_entities(b: Backend, c: Call, cursor: str | None, limit: int) -> Any:
    return b.list_esm_entities(c.query.get("esm_id") or None, _entity_type(c), cursor, limit)


def _entities(b: Backend, c: Call, cursor: str | None, limit: int) -> Any:
    return b.get_esm_entities(param(c, "esmId"), _entity_type(c), cursor, limit)


_ESM = "/v1/external-secrets-managers"

SECRETS_MANAGER_ROUTES: tuple[Route, ...] = (
    Route("GET", _ESM, paged(lambda b, c, cur, lim: b.list_esms(cur, lim)),
          message="External Secrets Managers retrieved successfully"),
    Route("POST", _ESM, _create, 201, "External Secrets Manager has been created"),
    Route("GET", _ESM + "-entities", paged(_all_entities),
          message="External Secrets Manager entities retrieved successfully"),
    Route("GET", _ESM + "/{esmId}", lambda b, c: b.get_esm(param(c, "esmId")),
          message="External Secrets Manager details retrieved successfully"),
    Route("PATCH", _ESM + "/{esmId}", _update, message="External Secrets Manager has been updated"),
    Route("DELETE", _ESM + "/{esmId}", lambda b, c: b.delete_esm(param(c, "esmId")),
          message="External Secrets Manager '{esmId}' has been deleted."),
    Route("GET", _ESM + "/{esmId}/entities", paged(_entities),
          message="External Secrets Manager entities retrieved successfully"),
)  # fmt: skip
"""The external secrets managers' routes."""
