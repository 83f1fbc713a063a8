"""Routes of the emulator's platform areas (see :mod:`fivetrex.emulator._domain`).

Kept apart from the core table (:mod:`._routes_core`) so the areas evolve on their own;
``_app`` appends :data:`PLATFORM_ROUTES`, reads :data:`UPLOAD_OPERATIONS` (operations
whose body is ``multipart/form-data``) and :data:`PUBLIC_PREFIX` (served without auth).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fivetrex.emulator._domain import Page, parse_limit
from fivetrex.emulator._routes import Call, Route

__all__ = ["PLATFORM_ROUTES", "PUBLIC_PREFIX", "UPLOAD_OPERATIONS"]

PUBLIC_PREFIX = "/public/"
"""Paths under this prefix need no credentials (``GET /public/connector-types``)."""

UPLOAD_OPERATIONS = frozenset(
    {
        ("POST", "/v1/connector-sdk/packages"),
        ("PATCH", "/v1/connector-sdk/packages/{package_id}"),
    }
)
"""``(method, template)`` of operations whose body is multipart/form-data."""


def _paged(fn: Callable[[Any, Call, str | None, int], Page]) -> Callable[[Any, Call], Page]:
    def handler(backend: Any, call: Call) -> Page:
        return fn(
            backend, call, call.query.get("cursor") or None, parse_limit(call.query.get("limit"))
        )

    return handler


def _p(call: Call, name: str) -> str:
    return call.params[name]


_PKG = "/v1/connector-sdk/packages"
_TP = "/v1/transformation-projects"
_TF = "/v1/transformations"
_LOG = "/v1/external-logging"
_C = "/v1/connections/{connectionId}"

PLATFORM_ROUTES: tuple[Route, ...] = (
    # connection sync history and errors (newer than the spec)
    Route("GET", _C + "/sync-history", _paged(lambda b, c, cur, lim: b.list_sync_history(
        _p(c, "connectionId"), c.query, cur, lim)), message="Sync history retrieved successfully"),
    Route("GET", _C + "/errors", _paged(lambda b, c, cur, lim: b.list_connection_errors(
        _p(c, "connectionId"), cur, lim)), message="Connection errors retrieved successfully"),
    # connector metadata
    Route("GET", "/v1/metadata/connector-types",
          _paged(lambda b, c, cur, lim: b.list_connector_types(cur, lim)),
          message="Connectors list retrieved successfully"),
    Route("GET", "/v1/metadata/connector-types/{service}",
          lambda b, c: b.get_connector_type(_p(c, "service")),
          message="Connector configuration retrieved successfully"),
    Route("GET", "/public/connector-types", lambda b, c: b.public_connector_types(),
          message="Connector metadata retrieved successfully"),
    # Connector SDK packages
    Route("GET", _PKG, _paged(lambda b, c, cur, lim: b.list_sdk_packages(cur, lim)),
          message="Connector SDK packages retrieved successfully"),
    Route("POST", _PKG, lambda b, c: b.create_sdk_package(c.body), 201,
          "Package created successfully"),
    Route("GET", _PKG + "/{package_id}", lambda b, c: b.get_sdk_package(_p(c, "package_id")),
          message="Connector SDK package details retrieved successfully"),
    Route("PATCH", _PKG + "/{package_id}",
          lambda b, c: b.update_sdk_package(_p(c, "package_id"), c.body),
          message="Package updated successfully"),
    Route("DELETE", _PKG + "/{package_id}",
          lambda b, c: b.delete_sdk_package(_p(c, "package_id")),
          message="Package deleted successfully"),
    Route("GET", _PKG + "/{package_id}/download",
          lambda b, c: b.download_sdk_package(_p(c, "package_id"))),
    # transformation projects
    Route("GET", _TP, _paged(lambda b, c, cur, lim: b.list_projects(cur, lim)),
          message="Transformation projects retrieved successfully"),
    Route("POST", _TP, lambda b, c: b.create_project(c.body), 201,
          "Transformation project created successfully"),
    Route("GET", _TP + "/{projectId}", lambda b, c: b.get_project(_p(c, "projectId")),
          message="Transformation project details retrieved successfully"),
    Route("PATCH", _TP + "/{projectId}",
          lambda b, c: b.update_project(_p(c, "projectId"), c.body),
          message="Transformation project updated successfully"),
    Route("DELETE", _TP + "/{projectId}", lambda b, c: b.delete_project(_p(c, "projectId")),
          message="Transformation project with id '{projectId}' has been deleted"),
    Route("POST", _TP + "/{projectId}/test", lambda b, c: b.test_project(_p(c, "projectId")),
          message="Transformation project test completed successfully"),
    # transformations
    Route("GET", _TF, _paged(lambda b, c, cur, lim: b.list_transformations(c.query, cur, lim)),
          message="Transformations list retrieved successfully"),
    Route("POST", _TF, lambda b, c: b.create_transformation(c.body), 201,
          "Transformation created successfully"),
    Route("GET", _TF + "/package-metadata",
          _paged(lambda b, c, cur, lim: b.list_package_metadata(c.query, cur, lim)),
          message="Transformation package metadata list retrieved successfully"),
    Route("GET", _TF + "/package-metadata/{package_definition_id}",
          lambda b, c: b.get_package_metadata(_p(c, "package_definition_id")),
          message="Transformation package metadata details retrieved successfully"),
    Route("GET", _TF + "/{transformationId}",
          lambda b, c: b.get_transformation(_p(c, "transformationId")),
          message="Transformation details retrieved successfully"),
    Route("PATCH", _TF + "/{transformationId}",
          lambda b, c: b.update_transformation(_p(c, "transformationId"), c.body),
          message="Transformation updated successfully"),
    Route("DELETE", _TF + "/{transformationId}",
          lambda b, c: b.delete_transformation(_p(c, "transformationId")),
          message="Transformation with id '{transformationId}' has been deleted"),
    Route("POST", _TF + "/{transformationId}/run",
          lambda b, c: b.run_transformation(_p(c, "transformationId"), c.body),
          message="Transformation with id '{transformationId}' has been started"),
    Route("POST", _TF + "/{transformationId}/cancel",
          lambda b, c: b.cancel_transformation(_p(c, "transformationId")),
          message="Transformation with id '{transformationId}' has been canceled"),
    Route("POST", _TF + "/{transformationId}/upgrade",
          lambda b, c: b.upgrade_transformation(_p(c, "transformationId")),
          message="Transformation package has been upgraded"),
    # log services
    Route("GET", _LOG, _paged(lambda b, c, cur, lim: b.list_log_services(cur, lim)),
          message="External logging services retrieved successfully"),
    Route("POST", _LOG, lambda b, c: b.create_log_service(c.body), 201,
          "External logging service has been added"),
    Route("GET", _LOG + "/account", lambda b, c: b.get_account_log_service(),
          message="Account external logging service details retrieved successfully"),
    Route("POST", _LOG + "/account", lambda b, c: b.create_account_log_service(c.body), 201,
          "Account external logging service has been added"),
    Route("PATCH", _LOG + "/account", lambda b, c: b.update_account_log_service(c.body),
          message="Account external logging service has been updated"),
    Route("DELETE", _LOG + "/account", lambda b, c: b.delete_account_log_service(),
          message="Account external logging service has been deleted"),
    Route("POST", _LOG + "/account/test", lambda b, c: b.test_account_log_service(),
          message="Account external logging service setup tests have been completed"),
    Route("GET", _LOG + "/{logId}", lambda b, c: b.get_log_service(_p(c, "logId")),
          message="External logging service details retrieved successfully"),
    Route("PATCH", _LOG + "/{logId}",
          lambda b, c: b.update_log_service(_p(c, "logId"), c.body),
          message="External logging service has been updated"),
    Route("DELETE", _LOG + "/{logId}", lambda b, c: b.delete_log_service(_p(c, "logId")),
          message="External logging service with id '{logId}' has been deleted"),
    Route("POST", _LOG + "/{logId}/test", lambda b, c: b.test_log_service(_p(c, "logId")),
          message="Setup tests have been completed"),
)  # fmt: skip
"""Every platform operation the emulator implements (appended to ``_app.ROUTES``)."""
