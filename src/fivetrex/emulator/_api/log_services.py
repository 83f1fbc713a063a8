"""External logging services over HTTP: request parsing and the route table.

Domain: :mod:`fivetrex.emulator._domain.log_services` (the group, one service per group
and per account, an updated ``config`` merged with the stored one).
"""

from __future__ import annotations

from typing import Any

from fivetrex.emulator._api._common import paged, param
from fivetrex.emulator._api._fields import body_object, opt_bool, require_enum, required_str
from fivetrex.emulator._domain import Backend
from fivetrex.emulator._domain.log_services import LogServicePatch, NewLogService, log_config
from fivetrex.emulator._platform_catalog import LOG_SERVICES
from fivetrex.emulator._routes import Call, Route

__all__ = ["LOG_SERVICE_ROUTES", "log_service_patch", "new_log_service"]


def new_log_service(body: dict[str, Any]) -> NewLogService:
    """A new log service's ``service``, ``enabled``, ``config`` and ``run_setup_tests``."""
    service = require_enum(
        body.get("service"),
        "service",
        LOG_SERVICES,
        f"Unsupported log service '{body.get('service')}'",
    )
    enabled = bool(opt_bool(body, "enabled", True))
    config = body.get("config")
    clean = log_config(service, body_object({} if config is None else config, "field 'config'"))
    run_setup_tests = bool(opt_bool(body, "run_setup_tests", False))
    return NewLogService(service, clean, enabled, run_setup_tests)


def log_service_patch(body: dict[str, Any]) -> LogServicePatch:
    """The body of a log service's ``PATCH`` (``enabled`` ``null`` keeps the value)."""
    enabled = opt_bool(body, "enabled")
    config = body.get("config")
    return LogServicePatch(
        enabled=enabled,
        config=None if config is None else body_object(config, "field 'config'"),
        run_setup_tests=bool(opt_bool(body, "run_setup_tests", False)),
    )


def _create(b: Backend, c: Call) -> Any:
    body = body_object(c.body)
    group_id = required_str(body, "group_id")
    return b.create_log_service(group_id, new_log_service(body))


def _update(b: Backend, c: Call) -> Any:
    return b.update_log_service(param(c, "logId"), log_service_patch(body_object(c.body)))


_LOG = "/v1/external-logging"

LOG_SERVICE_ROUTES: tuple[Route, ...] = (
    Route("GET", _LOG, paged(lambda b, c, cur, lim: b.list_log_services(cur, lim)),
          message="External logging services retrieved successfully"),
    Route("POST", _LOG, _create, 201, "External logging service has been added"),
    Route("GET", _LOG + "/account", lambda b, c: b.get_account_log_service(),
          message="Account external logging service details retrieved successfully"),
    Route("POST", _LOG + "/account",
          lambda b, c: b.create_account_log_service(new_log_service(body_object(c.body))), 201,
          "Account external logging service has been added"),
    Route("PATCH", _LOG + "/account",
          lambda b, c: b.update_account_log_service(log_service_patch(body_object(c.body))),
          message="Account external logging service has been updated"),
    Route("DELETE", _LOG + "/account", lambda b, c: b.delete_account_log_service(),
          message="Account external logging service has been deleted"),
    Route("POST", _LOG + "/account/test", lambda b, c: b.test_account_log_service(),
          message="Account external logging service setup tests have been completed"),
    Route("GET", _LOG + "/{logId}", lambda b, c: b.get_log_service(param(c, "logId")),
          message="External logging service details retrieved successfully"),
    Route("PATCH", _LOG + "/{logId}", _update,
          message="External logging service has been updated"),
    Route("DELETE", _LOG + "/{logId}", lambda b, c: b.delete_log_service(param(c, "logId")),
          message="External logging service with id '{logId}' has been deleted"),
    Route("POST", _LOG + "/{logId}/test", lambda b, c: b.test_log_service(param(c, "logId")),
          message="Setup tests have been completed"),
)  # fmt: skip
"""The log services' routes (a group's and the account's)."""
