"""External logging services (group and account).

The route (:mod:`fivetrex.emulator._api.log_services`) checks a request's fields, a new
service's ``config`` included (:func:`log_config`), and passes the typed values below;
this module checks the group, the one-service-per-group (and per account) rule and an
updated ``config`` merged with the stored one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fivetrex.emulator._domain._common import Page
from fivetrex.emulator._errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
)
from fivetrex.emulator._json import clone as _clone
from fivetrex.emulator._json import mask as _mask
from fivetrex.emulator._platform_catalog import LOG_SERVICES

if TYPE_CHECKING:
    from fivetrex.emulator._state import Doc
from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._domain._platform import _clone_obj

__all__ = ["LogServicePatch", "LogServicesArea", "NewLogService", "log_config"]


def log_config(service: str, config: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``config``, or 400 naming the fields ``service`` requires that it lacks
    (or a bad ``port`` for Splunk)."""
    missing = [k for k in LOG_SERVICES[service] if config.get(k) in (None, "")]
    if missing:
        raise InvalidInputError(
            f"Field(s) {', '.join(f'config.{k}' for k in missing)} required for log "
            f"service '{service}'"
        )
    if service == "splunkLog" and config.get("port") is not None:
        port = config["port"]
        if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
            raise InvalidInputError("Field 'config.port' must be a port number")
    return _clone_obj(config)


@dataclass(frozen=True)
class NewLogService:
    """A new log service: ``service`` is one of :data:`LOG_SERVICES` and ``config`` has
    the fields it requires (both checked by the route, with :func:`log_config`)."""

    service: str
    config: dict[str, Any] = field(default_factory=dict)
    enabled: bool = True
    run_setup_tests: bool = False


@dataclass(frozen=True)
class LogServicePatch:
    """``PATCH`` of a log service: ``enabled``/``config`` ``None`` keep the value; ``config``
    is merged into the stored one."""

    enabled: bool | None = None
    config: dict[str, Any] | None = None
    run_setup_tests: bool = False


class LogServicesArea(BackendBase):
    """Log services of groups and the account."""

    def _log_service(self, log_id: str) -> Doc:
        doc = self.state.get("log_services", log_id)
        if doc is None or doc.get("_account"):
            raise NotFoundError(
                "LogService", log_id, message=f"Log service with id '{log_id}' does not exist."
            )
        return doc

    def _account_log(self) -> Doc:
        for doc in self.state.values("log_services"):
            if doc.get("_account"):
                return doc
        raise NotFoundError(
            "LogService", "account", message="The account has no account-level log service"
        )

    @staticmethod
    def render_log_summary(doc: Doc) -> dict[str, Any]:
        """List form of a log service."""
        return {k: _clone(doc[k]) for k in ("id", "service", "enabled", "status")}

    def render_log(self, doc: Doc) -> dict[str, Any]:
        """Detail form of a log service (``config`` masked)."""
        out = self.render_log_summary(doc)
        out["config"] = _mask(doc["config"])
        out["setup_tests"] = _clone(doc["setup_tests"])
        return out

    def _test_log(self, doc: Doc) -> None:
        passed = self.settings.setup_tests_pass
        doc["setup_tests"] = [
            self._setup_test(
                "Validate Connection",
                passed,
                f"Could not connect to the {doc['service']} endpoint with the given credentials",
            ),
            {"title": "Send Test Log", "status": "PASSED" if passed else "SKIPPED", "message": ""},
        ]
        doc["status"]["setup_state"] = "connected" if passed else "broken"
        doc["status"]["tasks"] = (
            []
            if passed
            else [
                {
                    "code": "reconnect_log",
                    "message": "Reconnect Logging Service",
                    "details": "Please provide valid credentials and the required permissions",
                }
            ]
        )

    def _new_log(self, ident: str, new: NewLogService, *, account: bool) -> Doc:
        doc: Doc = {
            "id": ident,
            "service": new.service,
            "enabled": new.enabled,
            "status": {"setup_state": "incomplete", "tasks": []},
            "setup_tests": [],
            "config": _clone_obj(new.config),
        }
        if account:
            doc["_account"] = True
        if new.run_setup_tests:
            self._test_log(doc)
        return doc

    def _update_log(self, doc: Doc, patch: LogServicePatch) -> dict[str, Any]:
        staged = _clone(doc)
        if patch.enabled is not None:
            staged["enabled"] = patch.enabled
        if patch.config is not None:
            staged["config"] = log_config(staged["service"], {**staged["config"], **patch.config})
        if patch.run_setup_tests:
            self._test_log(staged)
        doc.clear()
        doc.update(staged)
        self.state.touch("log_services", doc["id"])
        return self.render_log(doc)

    def list_log_services(self, cursor: str | None, limit: int) -> Page:
        """``GET /v1/external-logging`` (group services and the account one)."""
        return self.page(self.state.values("log_services"), cursor, limit, self.render_log_summary)

    def get_log_service(self, log_id: str) -> dict[str, Any]:
        """``GET /v1/external-logging/{logId}``."""
        return self.render_log(self._log_service(log_id))

    def create_log_service(self, group_id: str, new: NewLogService) -> dict[str, Any]:
        """``POST /v1/external-logging`` (id = group id; one per group: 404 for an unknown
        group, 409 when it has one)."""
        self._group(group_id)
        if self.state.get("log_services", group_id) is not None:
            raise ConflictError(f"Group '{group_id}' already has a log service")
        doc = self._new_log(group_id, new, account=False)
        self.state.put("log_services", group_id, doc)
        return self.render_log(doc)

    def update_log_service(self, log_id: str, patch: LogServicePatch) -> dict[str, Any]:
        """``PATCH /v1/external-logging/{logId}``."""
        return self._update_log(self._log_service(log_id), patch)

    def delete_log_service(self, log_id: str) -> None:
        """``DELETE /v1/external-logging/{logId}``."""
        self._log_service(log_id)
        self.state.delete("log_services", log_id)

    def test_log_service(self, log_id: str) -> dict[str, Any]:
        """``POST /v1/external-logging/{logId}/test``."""
        doc = self._log_service(log_id)
        self._test_log(doc)
        self.state.touch("log_services", log_id)
        return {"setup_tests": _clone(doc["setup_tests"])}

    def get_account_log_service(self) -> dict[str, Any]:
        """``GET /v1/external-logging/account``."""
        return self.render_log(self._account_log())

    def create_account_log_service(self, new: NewLogService) -> dict[str, Any]:
        """``POST /v1/external-logging/account`` (one per account: 409 when it has one)."""
        for other in self.state.values("log_services"):
            if other.get("_account"):
                raise ConflictError("The account already has an account-level log service")
        doc = self._new_log(self.state.new_id(), new, account=True)
        self.state.put("log_services", doc["id"], doc)
        return self.render_log(doc)

    def update_account_log_service(self, patch: LogServicePatch) -> dict[str, Any]:
        """``PATCH /v1/external-logging/account``."""
        return self._update_log(self._account_log(), patch)

    def delete_account_log_service(self) -> None:
        """``DELETE /v1/external-logging/account``."""
        self.state.delete("log_services", self._account_log()["id"])

    def test_account_log_service(self) -> dict[str, Any]:
        """``POST /v1/external-logging/account/test``."""
        doc = self._account_log()
        self._test_log(doc)
        self.state.touch("log_services", doc["id"])
        return {"setup_tests": _clone(doc["setup_tests"])}
